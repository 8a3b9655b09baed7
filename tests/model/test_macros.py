"""CreateMacroCommand / DissolveMacroCommand: exact undo and redo; creating a macro from a
selection and dissolving it gives back an equal network (ids, links, steps; positions)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from editor.api import create_network, create_network_copy
from editor.core.graph.network import Network
from editor.core.analysis.validation import problems
from editor.model.document import Document
from editor.model.macros import (CreateMacroCommand, DissolveMacroCommand, create_macro, dissolve_macro,
                                 dissolve_refusal, macro_refusal)

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
STATES = sorted(GOLDEN.glob("examples/*.state.json")) + sorted(GOLDEN.glob("extra/*.state.json"))


def load(path: Path) -> Network:
    net = create_network_copy(json.loads(path.read_text()))
    for n, node in enumerate(net.nodes.values()):
        node.position = (n * 200.0, (n % 3) * 90.0)
    return net


def comparable(net: Network) -> tuple[Any, ...]:
    """Nodes, links, steps and positions, without list order and counters."""
    state = net.__getstate__()
    nodes = {n["id"]: n for n in state["nodelist"]}
    links = {l["id"]: l for l in state["linklist"]}
    steps = {k: sorted(v) for k, v in state["stepids"].items() if v}
    positions = {i: n.position for i, n in net.nodes.items()}
    return nodes, links, steps, positions


def selections(net: Network) -> list[list[str]]:
    ids = list(net.nodes)
    found = [ids[:1], ids[1:3], ids[-2:], ids[::2], ids]
    return [s for s in found if s]


@pytest.mark.parametrize("path", STATES, ids=lambda p: p.name.split(".")[0])
def test_create_then_dissolve_gives_back_the_network(qapp, path: Path) -> None:
    net = load(path)
    doc = Document(net)
    for chosen in selections(net):
        first = comparable(net)
        exact = net.__getstate__()
        create = create_macro(doc, chosen)
        doc.push(create)
        macro = net.nodes[create.macro_id]
        assert macro.cls == "MacroNode" and not set(chosen) & set(net.nodes)
        assert set(chosen) <= set(macro.subnetwork.nodes)
        made = net.__getstate__()
        assert dissolve_refusal(net, create.macro_id) is None
        doc.push(dissolve_macro(doc, create.macro_id))
        assert comparable(net) == first
        doc.undo_stack.undo()
        assert net.__getstate__() == made
        doc.undo_stack.undo()
        assert net.__getstate__() == exact
        doc.undo_stack.redo()
        doc.undo_stack.redo()
        assert comparable(net) == first
        doc.undo_stack.undo()
        doc.undo_stack.undo()
        assert net.__getstate__() == exact


def make_chain() -> Network:
    net = create_network("chain")
    src = net.create_source("Int", id="numbers", node_group="subjects", step_id="input")
    a = net.create_node("fastr/math/AddInt:1.0", "1.0", id="a", step_id="work")
    b = net.create_node("fastr/math/AddInt:1.0", "1.0", id="b", step_id="work")
    total = net.create_node("fastr/math/Sum:1.0", "1.0", id="total")
    snk = net.create_sink("Int", id="out")
    a.inputs["left_hand"] << src.outputs["output"]
    a.inputs["right_hand"] << src.outputs["output"]
    b.inputs["left_hand"] << a.outputs["result"]
    b.inputs["right_hand"] << [1]
    net.create_link(b.outputs["result"], total.inputs["values"], collapse=("subjects",))
    snk.inputs["input"] << total.outputs["result"]
    for n, node in enumerate(net.nodes.values()):
        node.position = (n * 150.0, 0.0)
    return net


def test_macro_boundary(qapp) -> None:
    net = make_chain()
    doc = Document(net)
    before = problems(net)
    command = CreateMacroCommand(doc.current_model, ["a", "b", "const__b__right_hand"], "work")
    doc.push(command)
    macro = net.nodes["work"]
    inner = macro.subnetwork
    # one macro input for the one outer output feeding both inputs of a; one output for b.result
    assert list(macro.inputs) == ["left_hand"] and list(macro.outputs) == ["result"]
    assert inner.nodes["left_hand"].cls == "SourceNode" and inner.nodes["left_hand"].nodegroup == "subjects"
    assert inner.nodes["result"].cls == "SinkNode"
    assert {l.target.input for l in inner.links_from("left_hand", "output")} == {"left_hand", "right_hand"}
    outgoing = net.links_from("work", "result")
    assert len(outgoing) == 1 and outgoing[0].collapse == ("subjects",) and outgoing[0].target.node == "total"
    assert inner.stepids == {"work": ["a", "b", "const__b__right_hand"]} and "work" not in net.stepids
    assert macro.position == pytest.approx(((150.0 + 300.0 + 750.0) / 3, 0.0))   # centre of a, b, const
    assert [(p.severity, p.code) for p in problems(net)] == [(p.severity, p.code) for p in before]
    command_text = doc.undo_stack.text(0)
    assert "work" in command_text


def test_collapse_moves_to_the_outer_link(qapp) -> None:
    net = make_chain()
    doc = Document(net)
    doc.push(create_macro(doc, ["total"]))
    inner = net.nodes["macro"].subnetwork
    into_macro = net.links_into("macro", "values")
    assert into_macro[0].collapse == ("subjects",)
    assert all(not l.collapse for l in inner.links.values())
    doc.push(dissolve_macro(doc, "macro"))
    assert net.links_into("total", "values")[0].collapse == ("subjects",)


def test_dissolve_a_macro_fastr_made(qapp) -> None:
    net = create_network_copy(json.loads((GOLDEN / "examples" / "macro_node.state.json").read_text()))
    doc = Document(net)
    assert problems(net) == []
    command = dissolve_macro(doc, "node_add_ints")
    doc.push(command)
    assert command.node_ids == ["node_add_multiple_ints_1", "node_add_multiple_ints_2"]
    assert "node_add_ints" not in net.nodes
    assert problems(net) == []
    assert len(net.links) == 3 and len(set(net.links)) == 3
    doc.undo_stack.undo()
    assert net.__getstate__()["nodelist"][1]["id"] == "node_add_ints"
    assert problems(net) == []


def test_refusals(qapp) -> None:
    net = make_chain()
    assert "select" in macro_refusal(net, [])
    assert "in use" in macro_refusal(net, ["a"], "total")
    assert "not valid" in macro_refusal(net, ["a"], "bad id")
    assert "not a macro" in dissolve_refusal(net, "a")
    doc = Document(net)
    with pytest.raises(ValueError):
        create_macro(doc, ["nope"])
    doc.push(create_macro(doc, ["total"]))
    net.create_link(net.nodes["numbers"].outputs["output"], net.nodes["macro"].inputs["values"][1])
    assert "one" in dissolve_refusal(net, "macro")
    with pytest.raises(ValueError):
        dissolve_macro(doc, "macro")


def test_model_emits_reset(qtbot) -> None:
    net = make_chain()
    doc = Document(net)
    with qtbot.waitSignal(doc.current_model.reset):
        doc.push(create_macro(doc, ["a"]))
    with qtbot.waitSignal(doc.current_model.reset):
        doc.undo_stack.undo()


def test_macro_inside_a_macro(qapp) -> None:
    net = make_chain()
    doc = Document(net)
    doc.push(create_macro(doc, ["a", "b", "const__b__right_hand"], "outer"))
    doc.enter_macro("outer")
    inner = doc.current_network
    state = net.__getstate__()
    doc.push(create_macro(doc, ["b", "const__b__right_hand"], "deeper"))
    assert "deeper" in inner.nodes and list(net.nodes["outer"].outputs) == ["result"]
    doc.push(DissolveMacroCommand(doc.current_model, "deeper"))
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert net.__getstate__() == state


def test_a_new_macro_looks_its_tools_and_datatypes_up_where_its_network_does(qapp) -> None:
    """The inner network has no library of its own: it uses the outer one's (the window's), not
    the built-in ones."""
    from editor.core.tools.datatypes import builtin_registry
    from editor.core.tools.library import ToolLibrary, builtin_library
    mine, types = ToolLibrary(), builtin_registry().copy()
    net = create_network_copy(load(STATES[0]).__getstate__(), library=mine, types=types)
    assert mine is not builtin_library()
    doc = Document(net)
    for chosen in selections(net):
        create = create_macro(doc, chosen)
        doc.push(create)
        inner = net.nodes[create.macro_id].subnetwork
        assert inner.library is mine and inner.types is types
        doc.undo_stack.undo()
