"""The Python export: scripts that rebuild the editor's network with real fastr 3.4.0.

The oracle runs every exported script's ``create_network()`` and compares
``network.parent.__getstate__()`` with the editor's state (``filename`` aside).
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest

from editor.api import ResourceLimit, create_network
from editor.core.export.python import ExportError, export_python
from editor.core.export.python_parts import MAIN, py_literal, py_text
from editor.core.graph.network import Network
from editor.core.graph.state import network_to_state
from editor.core.graph.network import network_from_state

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
NASTY = ["it's", 'say "hi"', 'back\\slash', "new\nline", '"""', "'''", "tab\there", "\\x00 is text",
         "ünïcødé ☃ 𝄞", "\r\n", "end\\", "{sample_id}", "#comment", "\u2028sep", "a\x7fb"]
ADD, SUM, RANGE = "fastr/math/AddInt:1.0", "fastr/math/Sum:1.0", "fastr/util/Range:1.0"

BUILD_ALL = r'''
import importlib.util, json, os, sys, tempfile, traceback, contextlib
results = {}
folder = tempfile.mkdtemp()
for name, text in load_payload().items():
    path = os.path.join(folder, name + ".py")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    try:
        with contextlib.redirect_stdout(sys.stderr):
            spec = importlib.util.spec_from_file_location("exported_" + name, path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            network = module.create_network()
        results[name] = {"state": json.loads(json.dumps(network.parent.__getstate__()))}
    except Exception:
        results[name] = {"error": traceback.format_exc()}
emit(results)
'''


def _strip(state: Any) -> Any:
    if isinstance(state, dict):
        return {k: _strip(v) for k, v in state.items() if k != "filename"}
    if isinstance(state, list):
        return [_strip(x) for x in state]
    return state


def _ours(network: Network) -> dict[str, Any]:
    return json.loads(json.dumps(_strip(network_to_state(network, editor_data=False))))


def _check_with_fastr(fastr_oracle, networks: dict[str, Network]) -> None:
    scripts = {name: export_python(net) for name, net in networks.items()}
    for name, text in scripts.items():
        compile(text, name, "exec")
    results = fastr_oracle.run(BUILD_ALL, scripts)
    failures = []
    for name, network in networks.items():
        result = results[name]
        if "error" in result:
            failures.append(f"{name}: the script failed in fastr:\n{result['error']}")
        elif _strip(result["state"]) != _ours(network):
            failures.append(f"{name}: fastr built another state:\nfastr: {json.dumps(_strip(result['state']))}\n"
                            f"ours:  {json.dumps(_ours(network))}")
    assert not failures, "\n\n".join(failures)


# -- built with our API ---------------------------------------------------------------------
def linking_network() -> Network:
    """Named sub-inputs, sub-outputs, append, collapse, expand, input groups, explicit ids."""
    net = create_network("linking", version="1.2")
    a = net.create_source("Int", id="a", node_group="train")
    b = net.create_source("Int", id="b", node_group="train", step_id="inputs")
    count = net.create_source("Int", id="count", resources=ResourceLimit(cores=3, memory="3G", time="00:10:00"))
    rng = net.create_node(RANGE, "1.0", id="range", step_id="inputs")
    rng.inputs["value"] << count.output
    total = net.create_node(SUM, "1.0", id="total")
    total.inputs["values"][1] << rng.outputs["result"][1:3]          # key 1 before key 0
    total.inputs["values"][0] << rng.outputs["result"][-1]
    total.inputs["values"].append(rng.outputs["result"][::2])
    total.inputs["values"]["named"] << a.output
    total.inputs["values"]["named"].append(b.output)
    total.inputs["values"]["other"][3] << rng.outputs["result"]
    by_name = net.create_node(SUM, "1.0", id="by_name")
    link = by_name.inputs["values"] << b.output
    link.collapse = "train"
    net.create_link(a.output, by_name.inputs["values"][1], id="my_link", collapse=(0, "train"))
    add = net.create_node(ADD, "1.0", id="class")                    # a keyword as node id
    net.create_link(rng.outputs["result"], add.inputs["left_hand"], expand=True)
    add.inputs["right_hand"] << a.output
    add.inputs["right_hand"].input_group = "right"
    add.merge_dimensions = ["train"]
    weird = net.create_node(ADD, "1.0", id="1st_ñode")               # not a Python identifier
    weird.inputs["left_hand"] << (a.output, 5, 6, b.output)
    weird.inputs["right_hand"] << [7]
    weird.merge_dimensions = "all"
    for node in (total, by_name, add, weird):
        net.create_sink("Number", id=f"out_{node.id}" if node.id.isascii() else "out_weird").inputs["input"] \
            << node.outputs["result"]
    net.node_number += 5
    net.link_number += 2
    return net


def inner_network(name: str) -> Network:
    net = create_network(name)
    value = net.create_source("Int", id="value")
    total = net.create_node(SUM, "1.0", id="total", step_id="work")
    total.inputs["values"]["first"] << value.output                  # fastr cannot copy this
    total.inputs["values"]["second"] << [1, 2]
    net.create_sink("Int", id="result").inputs["input"] << total.outputs["result"]
    return net


def macro_network() -> Network:
    net = create_network("macros")
    src = net.create_source("Int", id="src", step_id="step_b")
    middle = create_network("middle", version="2.0")
    start = middle.create_source("Int", id="start")
    first = middle.create_macro(inner_network("inner"), id="first")
    second = middle.create_macro(inner_network("inner"), id="second", resources=ResourceLimit(cores=2))
    first.inputs["value"] << start.output
    second.inputs["value"] << first.outputs["result"]
    middle.create_sink("Int", id="end").inputs["input"] << second.outputs["result"]
    outer = net.create_macro(middle, id="outer")
    outer.inputs["start"] << src.output
    outer.nodegroup = "group"
    net.set_step("outer", "step_a")
    net.create_sink("Int", id="out", step_id="step_b").inputs["input"] << outer.outputs["end"]
    return net


def nasty_network() -> Network:
    """User strings full of quotes, backslashes, newlines and triple quotes."""
    net = create_network("nasty")
    net.description = "\n".join(NASTY) + "\n\"\"\" + ''' \\ \" ' \n"
    net.preferred_types = ["Int"]
    values = {f"s{n}": text for n, text in enumerate(NASTY)}
    const = net.create_constant("String", values, id="texts")
    unordered = net.create_constant("String", {"z": "1", "a": 'x"y'}, id="unordered")
    unordered.data = [[["z"], [{"id": "String", "format": None, "value": "1"}]],
                      [["b", "a'\""], [{"id": "String", "format": None, "value": 'x"y'}]]]
    typed = net.create_constant("Int", [1], id="typed")
    typed.data = [[["id_0"], [{"id": "Int", "format": "%d\"'\\", "value": "3"}]],
                  [["s'1"], [{"id": "String", "format": None, "value": None},
                             {"id": "Float", "format": None, "value": 1.5}]]]
    sink = net.create_sink("String", id="sink")
    sink.inputs["input"] << const.output
    sink.url = "vfs://tmp/'q'/\"dq\"/\\/{sample_id}\n\"\"\""
    other = net.create_sink("String", id="other")
    other.inputs["input"] << unordered.output
    net.create_sink("Int", id="typed_out").inputs["input"] << typed.output
    net.stepids = {"it's \"odd\"\n\\": ["texts", "sink"], '"""': ["typed"]}
    net.nodes["other"].resources = None
    net.nodes["texts"].outputs["output"].preferred_types = ["String"]
    net.nodes["typed"].outputs["output"].preferred_types = None
    return net


def test_golden_examples_rebuild_exactly_in_fastr(fastr_oracle) -> None:
    files = sorted(GOLDEN.glob("*/*.state.json"))
    assert len(files) >= 20
    networks = {f"{p.parent.name}_{p.name[:-len('.state.json')]}": network_from_state(json.loads(p.read_text()))
                for p in files}
    _check_with_fastr(fastr_oracle, networks)


def test_built_networks_rebuild_exactly_in_fastr(fastr_oracle) -> None:
    _check_with_fastr(fastr_oracle, {"linking": linking_network(), "macros": macro_network(),
                                     "nasty": nasty_network()})


# -- without fastr --------------------------------------------------------------------------
@pytest.mark.parametrize("text", NASTY + ["\n".join(NASTY), ""])
def test_literals_round_trip(text: str) -> None:
    assert ast.literal_eval(py_literal(text)) == text
    assert ast.literal_eval(py_text(text, "    ")) == text
    value = {text: [(text, 1, None, True, 1.5)], "k": [text]}
    assert ast.literal_eval(py_literal(value)) == value


def test_user_text_only_appears_inside_string_literals() -> None:
    text = export_python(nasty_network())
    tree = ast.parse(text)
    strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    for nasty in NASTY:
        assert any(nasty in s for s in strings)
    names = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    assert all(name.isascii() and name.isidentifier() for name in names)


def test_readable_output_for_plain_networks() -> None:
    text = export_python(network_from_state(json.loads((GOLDEN / "examples/add_ints.state.json").read_text())))
    assert "add.inputs['left_hand'] << source.output" in text
    assert "network.create_constant('Int', ['10'], id='const__add__right_hand')" in text
    assert "subinput" not in text and "set_constant_data" not in text and "add_macro" not in text
    assert "SOURCES = {'source': 'Int'}" in text and "SINKS = {'sink': 'Int'}" in text


def test_identifier_clashes_get_other_variable_names() -> None:
    net = create_network("names")
    for node_id in ("network", "fastr", "sum", "node_0", "ñ", "_subs", "create_network"):
        net.create_source("Int", id=node_id)
    text = export_python(net)
    for wanted in ("network_ = network.create_source", "fastr_ =", "sum_ =", "node_0 =", "node_4 =",
                   "_subs_ =", "create_network_ ="):
        assert wanted in text
    compile(text, "names", "exec")


def test_a_link_to_a_missing_node_is_an_export_error() -> None:
    net = create_network("broken")
    net.create_source("Int", id="a")
    net.create_sink("Int", id="b").inputs["input"] << net.nodes["a"].outputs["output"]
    net.remove_node("a")
    net.nodes["b"].inputs["input"]  # still there
    from editor.core.graph.link import Link
    from editor.core.graph.urls import InputRef, OutputRef
    net.add_link(Link(net, "dangling", OutputRef("gone", "output"), InputRef("b", "input")))
    with pytest.raises(ExportError, match="dangling"):
        export_python(net)


def test_command_line_parsing_of_an_exported_script() -> None:
    namespace: dict[str, Any] = {"SINKS": {"out": "Int", "log": "String"}, "SOURCES": {"a": "Int"},
                                 "json": json, "argparse": __import__("argparse")}
    exec(compile(MAIN, "main", "exec"), namespace)  # noqa: S102 - our own fixed text
    parse_sources, parse_sinks = namespace["parse_sources"], namespace["parse_sinks"]
    assert parse_sources(["a=1", "a=vfs://x/y=z"]) == {"a": {"id_0": "1", "id_1": "vfs://x/y=z"}}
    assert parse_sources(["a@s1=1", "a@s1=2", "a@s2=3"]) == {"a": {"s1": ("1", "2"), "s2": "3"}}
    with pytest.raises(SystemExit):
        parse_sources(["nothing"])
    assert parse_sinks(["out=vfs://tmp/{sample_id}{ext}"]) == {"out": "vfs://tmp/{sample_id}{ext}"}
    assert parse_sinks(["vfs://tmp/a=b/{sample_id}"]) == {"out": "vfs://tmp/a=b/{sample_id}",
                                                          "log": "vfs://tmp/a=b/{sample_id}"}


def test_exported_script_runs_from_its_command_line(fastr_oracle, tmp_path: Path) -> None:
    import subprocess

    from tests.oracle.fastr_env import oracle_env
    script = tmp_path / "add_ints.py"
    script.write_text(export_python(network_from_state(json.loads((GOLDEN / "examples/add_ints.state.json").read_text()))))
    out = tmp_path / "out"
    out.mkdir()
    data = tmp_path / "data.json"
    data.write_text(json.dumps({"source_data": {"source": {"s1": 1}},
                                "sink_data": {"sink": f"file://{out}/{{sample_id}}_{{cardinality}}{{ext}}"}}))
    proc = subprocess.run([str(fastr_oracle.python), str(script), "--data", str(data), "--source", "source@s2=4",
                           "--tmpdir", str(tmp_path / "run"), "--execution-plugin", "LinearExecution"],
                          capture_output=True, text=True, timeout=600, env=oracle_env(), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (out / "s2_0").read_text().strip() == "14"
    assert not (out / "s1_0").exists()          # --source replaced the file's data for that source
    proc = subprocess.run([str(fastr_oracle.python), str(script), "--help"], capture_output=True, text=True,
                          timeout=600, env=oracle_env(), cwd=tmp_path)
    assert proc.returncode == 0 and "source (Int)" in proc.stdout and "sink (Int)" in proc.stdout
