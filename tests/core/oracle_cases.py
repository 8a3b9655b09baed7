"""The real-fastr oracle's side of the validity and dimension tests (shared by
``test_validation_oracle.py`` and ``test_dimensions_oracle.py``): the flow tool, the tool
references cases use, the script fastr runs, building a case with the editor's API, and comparing
the editor's dimensions and problems with fastr's."""

from __future__ import annotations

import textwrap
from typing import Any

import editor.api as editor_api
from editor.core.analysis.dimensions import NetworkDimensions, dimensions
from editor.core.analysis.validation import ERROR, FASTR_CODES, Problem, problems
from editor.core.graph.network import Network

#: A FlowNode tool (fastr ships none): written to a file for the editor, given as a dict to fastr.
FLOW_TOOL = """\
id: SplitFlow
name: Split flow
version: '1.0'
authors: [{name: Test}]
class: FlowNode
command:
  version: '1.0'
  authors: []
  targets: [{os: '*', arch: '*', interpreter: python, paths: ./, bin: splitflow.py}]
interface:
  inputs:
  - {id: items, name: Items, datatype: Int, cardinality: 1-*, required: true}
  - {id: extra, name: Extra, datatype: Int, cardinality: 1, required: false}
  outputs:
  - {id: parts, name: Parts, datatype: Int, cardinality: unknown, automatic: true,
     location: '^P=(.*)$', method: json}
  - {id: count, name: Count, datatype: Int, cardinality: 1, automatic: true,
     location: '^C=(.*)$', method: json}
"""

ADD, SUM = "'fastr/math/AddInt:1.0', '1.0'", "'fastr/math/Sum:1.0', '1.0'"
FAIL = "'fastr/util/Fail:1.0', '1.0'"
STDOUT, PREFIX = "'fastr/util/StdOut:1.0', '1.0'", "'fastr/util/AutoPrefixTest:1.0', '1.0'"
CV = "'fastr/flow/CrossValidation:1.0', '1.0'"

ORACLE_SCRIPT = r'''
import contextlib, sys, textwrap, traceback, yaml
from fastr.core.tool import Tool

def dump(network):
    result = {"nodes": {}, "links": {}}
    for nid, node in network.nodelist.items():
        entry = {
            "dims": list(node.dimnames),
            "inputs": {k: list(v.dimnames) for k, v in node.inputs.items()},
            "outputs": {k: list(v.dimnames) for k, v in node.outputs.items()},
            "valid": bool(node.status["valid"]),
            "messages": [str(m) for m in node.status["messages"]],
        }
        if type(node).__name__ == "MacroNode":
            entry["network"] = dump(node.network)
        result["nodes"][nid] = entry
    for lid, link in network.linklist.items():
        result["links"][lid] = {"dims": list(link.dimnames), "valid": bool(link.status["valid"]),
                                "messages": [str(m) for m in link.status["messages"]]}
    return result

payload = load_payload()
flow_tool = Tool(yaml.safe_load(payload["flow_tool"]))
out = {}
with contextlib.redirect_stdout(sys.stderr):
    for name, state in payload["states"].items():
        try:
            net = fastr.api.create_network_copy(state)
            out[name] = {"valid": bool(net.parent.is_valid()), "network": dump(net.parent)}
        except Exception:
            out[name] = {"error": traceback.format_exc()}
    for name, body in payload["cases"].items():
        try:
            scope = {}
            exec("def build(api, flow_tool):\n" + body, scope)
            net = scope["build"](fastr.api, flow_tool)
            out[name] = {"valid": bool(net.parent.is_valid()), "network": dump(net.parent)}
        except Exception:
            out[name] = {"error": traceback.format_exc()}
import itertools
out["__letters__"] = list(itertools.islice(fastr.planning.network.Network._dim_name_generator(), 800))
emit(out)
'''


def case_body(body: str) -> str:
    """A case's source as the indented body of ``build(api, flow_tool)``."""
    return textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n"


def build_case(body: str, flow_tool: Any) -> Network:
    """Run a case with the editor's API."""
    scope: dict[str, Any] = {}
    exec("def build(api, flow_tool):\n" + case_body(body), scope)  # noqa: S102 - our own test code
    return scope["build"](editor_api, flow_tool)


def run_oracle(fastr_oracle: Any, states: dict[str, Any], cases: dict[str, str]) -> dict[str, Any]:
    """fastr's dimensions and validity for golden states and built cases, in one process."""
    payload = {"states": states, "flow_tool": FLOW_TOOL,
               "cases": {name: case_body(body) for name, body in cases.items()}}
    return fastr_oracle.run(ORACLE_SCRIPT, payload, timeout=300)


# -- comparison ---------------------------------------------------------------------------------
_INPUT_CODES = ("input-unlinked", "input-empty", "input-cardinality")


def _ours(network: Network, dims: NetworkDimensions, found: list[Problem],
          path: tuple[str, ...] = ()) -> dict[str, Any]:
    """The editor's view in the oracle's shape (validity from fastr-coded errors)."""
    errors = [p for p in found if p.network_path == path and p.severity == ERROR and p.code in FASTR_CODES]
    bad_nodes = {p.node for p in errors}
    bad_links = {p.link for p in errors if p.link is not None}
    result: dict[str, Any] = {"nodes": {}, "links": {}}
    for nid, node in network.nodes.items():
        entry: dict[str, Any] = {
            "dims": list(dims.node(nid)),
            "inputs": {k: list(dims.input(nid, k)) for k in node.inputs},
            "outputs": {k: list(dims.output(nid, k)) for k in node.outputs},
            "valid": nid not in bad_nodes,
            "bad_inputs": sorted({p.port for p in errors if p.node == nid and p.code in _INPUT_CODES
                                  and p.port is not None}),
        }
        if node.cls == "MacroNode":
            inner = dims.macro(nid)
            assert node.subnetwork is not None and inner is not None
            entry["network"] = _ours(node.subnetwork, inner, found, path + (nid,))
        result["nodes"][nid] = entry
    for lid in network.links:
        result["links"][lid] = {"dims": list(dims.link(lid)), "valid": lid not in bad_links}
    return result


_LINK_MARKERS = ("SubInput source (", "] source and target have", "] collapse dimension")


def _fastr_bad_inputs(node: dict[str, Any]) -> list[str]:
    """Inputs fastr names in "[node] Input X is not valid: ..." for reasons other than a link."""
    names = set()
    for message in node["messages"]:
        if "] Input " in message and " is not valid: " in message and not any(
                marker in message for marker in _LINK_MARKERS):
            names.add(message.split("] Input ", 1)[1].split(" ", 1)[0])
    return sorted(names)


def _compare(ours: dict[str, Any], theirs: dict[str, Any], where: str) -> list[str]:
    diffs = []
    assert set(ours["nodes"]) == set(theirs["nodes"]), where
    for nid, mine in ours["nodes"].items():
        real = theirs["nodes"][nid]
        for key in ("dims", "inputs", "outputs", "valid"):
            if mine[key] != real[key]:
                diffs.append(f"{where} node {nid} {key}: ours {mine[key]} fastr {real[key]} {real['messages']}")
        if mine["bad_inputs"] != _fastr_bad_inputs(real):
            diffs.append(f"{where} node {nid} invalid inputs: ours {mine['bad_inputs']} fastr {real['messages']}")
        if "network" in real:
            diffs += _compare(mine["network"], real["network"], f"{where}/{nid}")
    assert set(ours["links"]) == set(theirs["links"]), where
    for lid, mine in ours["links"].items():
        real = theirs["links"][lid]
        for key in ("dims", "valid"):
            if mine[key] != real[key]:
                diffs.append(f"{where} link {lid} {key}: ours {mine[key]} fastr {real[key]} {real['messages']}")
    return diffs


def check_against_fastr(name: str, network: Network, result: dict[str, Any]) -> None:
    """Dimension names and validity flags of ``network`` equal fastr's ``result``."""
    assert "error" not in result, result.get("error")
    found = problems(network)
    ours = _ours(network, dimensions(network), found)
    diffs = _compare(ours, result["network"], name)
    assert not diffs, "\n".join(diffs)
    assert (not any(p.severity == ERROR and p.code in FASTR_CODES for p in found)) == result["valid"]
