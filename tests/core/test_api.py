"""The fastr-style API: creation, linking operators, ids and counters, and the editor's extras."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from editor.api import NetworkError, ResourceLimit, create_network, create_network_copy
from tests.core.networks import ALL, add_ints


def test_create_network_ids_and_version() -> None:
    net = create_network("my_net")
    assert net.version == "0.0" and net.id == "my_net"
    assert create_network("n", version="1.2").version == "1.2"
    for bad in ("", "has space", "a-b", "x.y", "new\nline", "a:b"):
        with pytest.raises(ValueError, match="not valid"):
            create_network(bad)


def test_operators_and_urls() -> None:
    state = add_ints().__getstate__()
    targets = [l["target"].rsplit("/nodelist/", 1)[1] for l in state["linklist"]]
    assert targets == ["add/inputs/left_hand/0", "add/inputs/right_hand/0", "sink/inputs/input/0"]
    const = next(n for n in state["nodelist"] if n["class"] == "ConstantNode")
    assert const["id"] == "const__add__right_hand"
    assert const["data"] == [[["id_0"], [{"id": "String", "format": None, "value": "10"}]],
                             [["id_1"], [{"id": "String", "format": None, "value": "20"}]]]
    assert state["stepids"] == {"compute": ["add", "const__add__right_hand"]}  # constants join the step
    assert state["nodelist"][1]["resources"] == {"cores": 2, "memory": 4096, "time": 600, "gpus": 1}


def test_named_subinputs_and_suboutputs() -> None:
    state = ALL["unreloadable"]().__getstate__()
    urls = [(l["source"].rsplit("/nodelist/", 1)[1], l["target"].rsplit("/nodelist/", 1)[1])
            for l in state["linklist"]]
    assert urls == [("a/outputs/output", "total/inputs/values/first/0"),
                    ("a/outputs/output/1:3", "total/inputs/values/second/0"),
                    ("total/outputs/result", "sink/inputs/input/0")]
    a = state["nodelist"][0]["outputs"][0]
    assert [s["index"] for s in a["suboutputs"]] == ["1:3"]


def test_output_rshift_and_append() -> None:
    net = create_network("n")
    a = net.create_source("Int", id="a")
    total = net.create_node("fastr/math/Sum:1.0", "1.0", id="total")
    a.output >> total.inputs["values"]
    total.inputs["values"].append(a.output[-1])
    total.inputs["values"].append(a.output)
    keys = [l.target.key for l in total.inputs["values"].links]
    assert keys == [0, 1, 2]
    total.inputs["values"] << a.output          # replaces all sub-inputs (fastr would crash here)
    assert [l.target.key for l in total.inputs["values"].links] == [0]


def test_counters_and_default_ids() -> None:
    net = create_network("n")
    node = net.create_node("fastr/math/AddInt:1.0", "1.0")
    assert node.id == "node_AddInt_0"
    assert net.node_number == 1
    src = net.create_source("Int", id="s")
    link = net.create_link(src.output, node.inputs["left_hand"])
    assert link.id == "link_0" and net.link_number == 1
    net.create_link(src.output, node.inputs["right_hand"], id="mine")
    assert net.link_number == 1
    with pytest.raises(NetworkError, match="already in use"):
        net.create_source("Int", id="mine")


def test_unknown_tool_and_wrong_version() -> None:
    net = create_network("n")
    with pytest.raises(NetworkError, match="unknown tool"):
        net.create_node("nope/Tool:1.0", "1.0")
    with pytest.raises(NetworkError, match="version"):
        net.create_node("fastr/math/AddInt:1.0", "9.9")


def test_remove_rename_steps_groups() -> None:
    net = add_ints()
    net.rename_node("add", "adder")
    state = net.__getstate__()
    assert "adder/inputs/left_hand/0" in state["linklist"][0]["target"]
    assert state["stepids"] == {"compute": ["adder", "const__add__right_hand"]}
    with pytest.raises(ValueError):
        net.rename_node("adder", "bad id")
    with pytest.raises(NetworkError):
        net.rename_node("adder", "sink")
    node, links = net.remove_node("adder")
    assert len(links) == 3 and not net.links and "compute" in net.stepids
    net.set_step("sink", "out")
    net.nodes["sink"].nodegroup = "g"
    state = net.__getstate__()
    assert state["stepids"] == {"compute": ["const__add__right_hand"], "out": ["sink"]}
    assert next(n for n in state["nodelist"] if n["id"] == "sink")["nodegroup"] == "g"


def test_merge_dimensions_and_collapse_validation() -> None:
    net = ALL["linking"]()
    assert net.nodes["add"].merge_dimensions == "all"
    net.set_merge_dimensions("add", ("a", "b"))
    assert net.__getstate__()["nodelist"][2]["merge_dimensions"] == ["a", "b"]
    with pytest.raises(ValueError):
        net.set_merge_dimensions("add", "some")
    link = next(iter(net.links.values()))
    with pytest.raises(TypeError):
        link.collapse = [1.5]
    link.collapse = 0
    assert link.collapse == (0,)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["source", "add", "sum", "sink", "const"]),
                          st.integers(0, 50), st.integers(0, 50), st.booleans(), st.booleans()),
                min_size=1, max_size=25))
def test_random_networks_round_trip(ops: list) -> None:
    net = create_network("random")
    outputs = []
    for n, (kind, a, b, flag, flag2) in enumerate(ops):
        nid = f"{kind}_{n}"
        if kind == "source":
            node = net.create_source("Int", id=nid, node_group="g" if flag else None)
        elif kind == "const":
            node = net.create_constant("Int", [a, (b, a)] if flag else {"s": a}, id=nid)
        elif kind == "sink":
            node = net.create_sink("Int", id=nid, step_id="sinks" if flag else None)
        elif kind == "add":
            node = net.create_node("fastr/math/AddInt:1.0", "1.0", id=nid,
                                   resources=ResourceLimit(cores=1 + a % 4, memory=f"{1 + b}G"))
        else:
            node = net.create_node("fastr/math/Sum:1.0", "1.0", id=nid)
        if outputs and node.inputs:
            port = next(iter(node.inputs.values()))
            src = outputs[a % len(outputs)]
            if flag2:
                port.append(src[b % 3 - 1] if flag else src)
            else:
                link = net.create_link(src, port, collapse=(0,) if flag else None, expand=flag2)
                assert link.id in net.links
            if flag and kind == "sum":
                port["named"] << src
        outputs.extend(node.outputs.values())
    state = net.__getstate__()
    assert create_network_copy(state).__getstate__() == state


def test_constants_like_fastr(fastr_oracle) -> None:
    """Auto-constants from lists, dicts (sorted by fastr) and tuples, against real fastr."""
    script = """
net = fastr.api.create_network('c')
s = net.create_source('Int', id='s')
add = net.create_node('fastr/math/AddInt:1.0', tool_version='1.0', id='add')
add.inputs['left_hand'] << {'s1': 3, 's2': (4, 5), 's0': (6, 7, 8)}
add.inputs['right_hand'] << (s.output, [1, 2], [3], s.output, 4, 5)
emit(net.parent.__getstate__())
"""
    theirs = fastr_oracle.run(script)
    net = create_network("c")
    s = net.create_source("Int", id="s")
    add = net.create_node("fastr/math/AddInt:1.0", tool_version="1.0", id="add")
    add.inputs["left_hand"] << {"s1": 3, "s2": (4, 5), "s0": (6, 7, 8)}
    add.inputs["right_hand"] << (s.output, [1, 2], [3], s.output, 4, 5)
    ours = net.__getstate__()
    theirs.pop("filename"), ours.pop("filename")
    import json
    assert json.loads(json.dumps(ours)) == theirs


# -- the tool library and datatypes: given by the caller, the built-in ones from the API ------
def test_the_api_gives_the_built_in_library_and_datatypes(tmp_path) -> None:
    from editor.api import load_network, save_network
    from editor.core.tools.datatypes import builtin_registry
    from editor.core.tools.library import ToolLibrary, builtin_library
    net = create_network("n")
    assert net.library is builtin_library() and net.types is builtin_registry()
    net.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    mine = ToolLibrary()
    assert create_network("m", library=mine).library is mine
    assert create_network_copy(net).library is builtin_library()
    assert create_network_copy(create_network("k", library=mine)).library is mine   # a copy keeps it
    assert create_network_copy(net.__getstate__(), library=mine).library is mine
    save_network(net, tmp_path / "n.yaml")
    again = load_network(tmp_path / "n.yaml")
    assert again.library is builtin_library() and again.nodes["add"].definition is not None
    assert load_network(tmp_path / "n.yaml", library=mine).library is mine


def test_a_core_network_without_a_library_fails_where_one_is_needed(tmp_path) -> None:
    """The core has no default: reading, saving and comparing need none; a tool or datatype
    look-up raises a NetworkError that says what is missing."""
    from editor.core.graph.network import Network, network_from_state
    from editor.core.io.files import load_network, save_network
    net = Network("bare")
    with pytest.raises(NetworkError, match="network 'bare' has no tool library: build it with library="):
        net.create_node("fastr/math/AddInt:1.0", "1.0")
    with pytest.raises(NetworkError, match="network 'bare' has no datatype registry: build it with types="):
        _ = net.types
    state = add_ints().__getstate__()
    read = network_from_state(state)
    assert read.__getstate__() == state                      # a state needs no library to be read
    save_network(read, tmp_path / "a.yaml")
    loaded = load_network(tmp_path / "a.yaml")
    assert loaded.__getstate__()["nodelist"] == state["nodelist"]
    with pytest.raises(NetworkError, match="no tool library"):
        _ = next(n for n in loaded.nodes.values() if n.tool is not None and n.cls == "Node").definition


def test_an_inner_network_uses_its_parents_library_and_datatypes() -> None:
    from editor.core.graph.network import Network
    from editor.core.tools.datatypes import builtin_registry
    from editor.core.tools.library import ToolLibrary
    mine, types = ToolLibrary(), builtin_registry().copy()
    outer = Network("outer", library=mine, types=types)
    inner = create_network("inner")
    inner.create_source("Int", id="x")
    macro = outer.create_macro(inner)
    assert macro.subnetwork is not None
    assert macro.subnetwork.library is mine and macro.subnetwork.types is types
    bare = Network("bare_inner")                             # none of its own: the parent's
    node = outer.create_macro(bare.__getstate__())
    assert node.subnetwork.library is mine
    other = ToolLibrary()
    outer.library = other                                    # a swap reaches the inner networks
    assert node.subnetwork.library is other
