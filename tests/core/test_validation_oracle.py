"""Dimensions and validity against real fastr 3.4.0 (the ``fastr_oracle`` fixture).

Every golden state fastr can load (``tests/golden/*/*.state.json``) and every network in
:data:`CASES` (built with the same API calls in fastr and in the editor) is analysed by both:
the dimension names of every node, input, output and link must be equal, and the nodes, links
and inputs fastr's ``is_valid()`` flags must be exactly those with a fastr-coded error here.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

import editor.api as editor_api
from editor.api import create_network_copy
from editor.core.dimensions import NetworkDimensions, dimension_letters, dimensions
from editor.core.network import Network
from editor.core.toolparse import parse_tool_file
from editor.core.validation import ERROR, FASTR_CODES, Problem, problems

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

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
  - {id: parts, name: Parts, datatype: Int, cardinality: unknown, automatic: true, location: '^P=(.*)$', method: json}
  - {id: count, name: Count, datatype: Int, cardinality: 1, automatic: true, location: '^C=(.*)$', method: json}
"""

ADD, SUM, FAIL = "'fastr/math/AddInt:1.0', '1.0'", "'fastr/math/Sum:1.0', '1.0'", "'fastr/util/Fail:1.0', '1.0'"
STDOUT, PREFIX = "'fastr/util/StdOut:1.0', '1.0'", "'fastr/util/AutoPrefixTest:1.0', '1.0'"
CV = "'fastr/flow/CrossValidation:1.0', '1.0'"

# Each case is the body of a function of (api, flow_tool) that returns a network; it only uses
# calls that mean the same in fastr.api and editor.api.
CASES: dict[str, str] = {
    "groups_and_merges": f"""
        net = api.create_network('groups_and_merges')
        a, b, c = (net.create_source('Int', id=x) for x in 'abc')
        n1 = net.create_node({ADD}, id='n1')
        n1.inputs['left_hand'] << a.output
        n1.inputs['right_hand'] << b.output
        n1.inputs['right_hand'].input_group = 'r'
        n2 = net.create_node({ADD}, id='n2')
        n2.inputs['left_hand'] << n1.outputs['result']
        n2.inputs['right_hand'] << c.output
        n2.inputs['right_hand'].input_group = 'r'
        n3 = net.create_node({ADD}, id='n3')
        n3.inputs['left_hand'] << n1.outputs['result']
        n3.inputs['right_hand'] << n2.outputs['result']
        n3.inputs['right_hand'].input_group = 'r'
        n3.merge_dimensions = 'all'
        n4 = net.create_node({ADD}, id='n4')
        n4.inputs['left_hand'] << n1.outputs['result']
        n4.inputs['right_hand'] << n2.outputs['result']
        n4.inputs['right_hand'].input_group = 'r'
        n4.merge_dimensions = ['b']
        n5 = net.create_node({ADD}, id='n5')
        n5.inputs['left_hand'] << c.output
        n5.inputs['right_hand'] << n1.outputs['result']
        n5.inputs['right_hand'].input_group = 'r'
        n5.merge_dimensions = ['a']
        n6 = net.create_node({FAIL}, id='n6')
        n6.inputs['in_1'] << a.output
        n6.inputs['in_2'] << n2.outputs['result']
        n6.inputs['in_2'].input_group = 'two'
        n6.inputs['fail_1'] << [True]
        n6.inputs['fail_1'].input_group = 'three'
        n6.inputs['fail_2'] << [False]
        n6.inputs['fail_2'].input_group = 'two'
        n6.merge_dimensions = 'all'
        for i, n in enumerate((n2, n3, n4, n5)):
            net.create_sink('Int', id='sink%d' % i).inputs['input'] << n.outputs['result']
        net.create_sink('Int', id='sink_n6').inputs['input'] << n6.outputs['out_1']
        return net
    """,
    "collapse_expand": f"""
        net = api.create_network('collapse_expand')
        a = net.create_source('Int', id='a', node_group='grp')
        b = net.create_source('Int', id='b')
        n1 = net.create_node({ADD}, id='n1')
        n1.inputs['left_hand'] << a.output
        n1.inputs['right_hand'] << b.output
        n1.inputs['right_hand'].input_group = 'r'
        res = n1.outputs['result']
        for i, collapse in enumerate([0, -1, 'b', 'grp', 'zzz', ('grp', 'b'), (0, 'b'), (1, 'nope')]):
            s = net.create_node({SUM}, id='sum%d' % i)
            link = s.inputs['values'] << res
            link.collapse = collapse
            net.create_sink('Number', id='k%d' % i).inputs['input'] << s.outputs['result']
        k = net.create_sink('Int', id='k_expand')
        link = k.inputs['input'] << a.output
        link.expand = True
        k = net.create_sink('Int', id='k_both')
        link = k.inputs['input'] << res
        link.collapse = 'b'
        link.expand = True
        k = net.create_sink('Int', id='k_all')
        link = k.inputs['input'] << res
        link.collapse = (0, 1)
        link.expand = True
        return net
    """,
    "suboutputs_and_subinputs": f"""
        net = api.create_network('suboutputs_and_subinputs')
        a, b = net.create_source('Int', id='a'), net.create_source('Int', id='b')
        std = net.create_node({STDOUT}, id='std')
        std.inputs['value'] << a.output
        n1 = net.create_node({ADD}, id='n1')
        n1.inputs['left_hand'] << a.output
        n1.inputs['right_hand'] << b.output
        n1.inputs['right_hand'].input_group = 'r'
        k = net.create_sink('Number', id='k_first')
        k.inputs['input'] << std.outputs['result'][0]
        k = net.create_sink('Number', id='k_expand_sub')
        link = k.inputs['input'] << std.outputs['result'][-1]
        link.expand = True
        k = net.create_sink('Number', id='k_expand_out')
        link = k.inputs['input'] << std.outputs['result']
        link.expand = True
        s = net.create_node({SUM}, id='mixed')
        s.inputs['values'].append(a.output)
        s.inputs['values'].append(n1.outputs['result'])
        s.inputs['values'].append(b.output)
        net.create_sink('Number', id='k_mixed').inputs['input'] << s.outputs['result']
        s = net.create_node({SUM}, id='collapsed')
        link = s.inputs['values'].append(n1.outputs['result'])
        link.collapse = (0, 1)
        s.inputs['values'].append(b.output)
        net.create_sink('Number', id='k_collapsed').inputs['input'] << s.outputs['result']
        s = net.create_node({SUM}, id='named')
        s.inputs['values']['x'] << b.output
        s.inputs['values']['y'] << n1.outputs['result']
        s.inputs['values']['y'].append(a.output)
        net.create_sink('Number', id='k_named').inputs['input'] << s.outputs['result']
        return net
    """,
    "nodegroups": f"""
        net = api.create_network('nodegroups')
        a = net.create_source('Int', id='a', node_group='g')
        b = net.create_source('Int', id='b', node_group='g')
        n1 = net.create_node({ADD}, id='same')
        n1.inputs['left_hand'] << a.output
        n1.inputs['right_hand'] << b.output
        n2 = net.create_node({ADD}, id='outer')
        n2.inputs['left_hand'] << a.output
        n2.inputs['right_hand'] << b.output
        n2.inputs['right_hand'].input_group = 'r'
        n3 = net.create_node({ADD}, id='after')
        n3.inputs['left_hand'] << n2.outputs['result']
        n3.inputs['right_hand'] << n1.outputs['result']
        for n in (n1, n3):
            net.create_sink('Int', id='k_' + n.id).inputs['input'] << n.outputs['result']
        return net
    """,
    "flow_nodes": f"""
        net = api.create_network('flow_nodes')
        a = net.create_source('Int', id='a')
        b = net.create_source('Int', id='b')
        f1 = net.create_node(flow_tool, '1.0', id='f1')
        f1.inputs['items'] << a.output
        f2 = net.create_node(flow_tool, '1.0', id='f2', node_group='fg')
        f2.inputs['items'] << f1.outputs['parts']
        f2.inputs['extra'] << b.output
        f2.inputs['extra'].input_group = 'x'
        cv = net.create_node({CV}, id='cv')
        cv.inputs['items'] << f2.outputs['parts']
        cv.inputs['method'] << ['KFold']
        cv.inputs['number_of_folds'] << [3]
        m = net.create_node('fastr/math/Multiply:1.0', '1.0', id='mul')
        m.inputs['left_hand'] << cv.outputs['train']
        m.inputs['right_hand'] << cv.outputs['test']
        m.inputs['right_hand'].input_group = 'r'
        m.merge_dimensions = 'all'
        s = net.create_node({SUM}, id='total')
        link = s.inputs['values'] << m.outputs['result']
        link.collapse = 'a_train'
        net.create_sink('Number', id='k_total').inputs['input'] << s.outputs['result']
        net.create_sink('Int', id='k_count').inputs['input'] << f2.outputs['count']
        net.create_sink('AnyType', id='k_sub').inputs['input'] << cv.outputs['test'][0]
        return net
    """,
    "macros": f"""
        inner = api.create_network('inner')
        x = inner.create_source('Int', id='x')
        y = inner.create_source('Int', id='y', node_group='yy')
        add = inner.create_node({ADD}, id='add')
        add.inputs['left_hand'] << x.output
        add.inputs['right_hand'] << y.output
        add.inputs['right_hand'].input_group = 'other'
        inner.create_sink('Int', id='out_xy').inputs['input'] << add.outputs['result']
        inner.create_sink('Int', id='out_y').inputs['input'] << y.output
        net = api.create_network('macros')
        a, b = net.create_source('Int', id='a'), net.create_source('Int', id='b')
        pre = net.create_node({ADD}, id='pre')
        pre.inputs['left_hand'] << a.output
        pre.inputs['right_hand'] << b.output
        pre.inputs['right_hand'].input_group = 'r'
        m = net.create_macro(inner, id='m')
        m.inputs['x'] << pre.outputs['result']
        m.inputs['y'] << b.output
        net.create_sink('Int', id='k_xy').inputs['input'] << m.outputs['out_xy']
        net.create_sink('Int', id='k_y').inputs['input'] << m.outputs['out_y']
        net.create_sink('Int', id='k_sub').inputs['input'] << m.outputs['out_xy'][0]
        outer = api.create_network('outer')
        c = outer.create_source('Int', id='c', node_group='cg')
        mm = outer.create_macro(net, id='mm')
        mm.inputs['a'] << c.output
        mm.inputs['b'] << c.output
        outer.create_sink('Int', id='k').inputs['input'] << mm.outputs['k_xy']
        return outer
    """,
    "invalid": f"""
        net = api.create_network('invalid')
        a = net.create_source('Int', id='a')
        lonely = net.create_source('Int', id='lonely')
        text = net.create_source('String', id='text')
        half = net.create_node({ADD}, id='half')
        half.inputs['left_hand'] << a.output
        net.create_sink('Int', id='k_half').inputs['input'] << half.outputs['result']
        bad_type = net.create_node({ADD}, id='bad_type')
        bad_type.inputs['left_hand'] << text.output
        bad_type.inputs['right_hand'] << a.output
        net.create_sink('Int', id='k_bad_type').inputs['input'] << bad_type.outputs['result']
        k = net.create_sink('Int', id='k_range')
        link = k.inputs['input'] << a.output
        link.collapse = 2
        std = net.create_node({STDOUT}, id='std')
        std.inputs['value'] << a.output
        pre = net.create_node({PREFIX}, id='too_many')
        pre.inputs['left_hand'] << std.outputs['result']
        pre.inputs['right_hand'] << a.output
        net.create_sink('Int', id='k_many').inputs['input'] << pre.outputs['added']
        pre2 = net.create_node({PREFIX}, id='two_subs')
        pre2.inputs['left_hand'].append(std.outputs['result'][0])
        pre2.inputs['left_hand'].append(std.outputs['result'][1])
        pre2.inputs['right_hand'] << std.outputs['result'][0]
        net.create_sink('Int', id='k_two').inputs['input'] << pre2.outputs['added']
        fail = net.create_node({FAIL}, id='fail')
        fail.inputs['in_1'] << a.output
        fail.inputs['in_2'] << a.output
        fail.inputs['fail_1'].input_group = 'lonely_group'
        net.create_sink('Int', id='k_fail').inputs['input'] << fail.outputs['out_1']
        empty = net.create_node({ADD}, id='empty')
        after = net.create_node({ADD}, id='after_empty')
        after.inputs['left_hand'] << empty.outputs['result']
        after.inputs['right_hand'] << a.output
        net.create_sink('Int', id='k_after').inputs['input'] << after.outputs['result']
        net.create_sink('Int', id='k_nothing')
        net.create_node({SUM}, id='idle')
        return net
    """,
}

# Networks fastr refuses to plan (it raises while building them): the editor reports the code.
RAISING: dict[str, tuple[str, str]] = {
    "merge_unknown": ("merge-dimension-unknown", f"""
        net = api.create_network('merge_unknown')
        s = net.create_source('Int', id='s')
        n = net.create_node({ADD}, id='n')
        n.inputs['left_hand'] << s.output
        n.inputs['right_hand'] << s.output
        n.merge_dimensions = ['zzz']
        net.create_sink('Int', id='k').inputs['input'] << n.outputs['result']
        return net
    """),
    "merge_sizes": ("merge-size-mismatch", f"""
        net = api.create_network('merge_sizes')
        a = net.create_source('Int', id='a', node_group='g')
        b = net.create_source('Int', id='b')
        f = net.create_node(flow_tool, '1.0', id='f', node_group='g')
        f.inputs['items'] << b.output
        n = net.create_node({ADD}, id='n')
        n.inputs['left_hand'] << a.output
        n.inputs['right_hand'] << f.outputs['parts']
        n.inputs['right_hand'].input_group = 'r'
        n.merge_dimensions = 'all'
        net.create_sink('Int', id='k').inputs['input'] << n.outputs['result']
        return net
    """),
    "subinput_sizes": ("subinput-size-mismatch", f"""
        net = api.create_network('subinput_sizes')
        s = net.create_source('Int', id='s')
        std = net.create_node({STDOUT}, id='std')
        std.inputs['value'] << s.output
        four = net.create_node({ADD}, id='four')
        four.inputs['left_hand'].append(std.outputs['result'])
        four.inputs['left_hand'].append(std.outputs['result'])
        four.inputs['right_hand'] << s.output
        total = net.create_node({SUM}, id='total')
        for output in (std.outputs['result'], four.outputs['result']):
            link = total.inputs['values'].append(output)
            link.collapse = 0
            link.expand = True
        net.create_sink('Number', id='k').inputs['input'] << total.outputs['result']
        return net
    """),
    "names_not_unique": ("dimension-names-not-unique", f"""
        net = api.create_network('names_not_unique')
        a = net.create_source('Int', id='a', node_group='g')
        b = net.create_source('Int', id='b', node_group='g')
        outer = net.create_node({ADD}, id='outer')
        outer.inputs['left_hand'] << a.output
        outer.inputs['right_hand'] << b.output
        outer.inputs['right_hand'].input_group = 'r'
        std = net.create_node({STDOUT}, id='std')
        std.inputs['value'] << a.output
        n = net.create_node({ADD}, id='n')
        n.inputs['left_hand'] << outer.outputs['result']
        link = n.inputs['right_hand'] << std.outputs['result']
        link.collapse = 0
        link.expand = True
        net.create_sink('Int', id='k').inputs['input'] << n.outputs['result']
        return net
    """),
}

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


def _golden_states() -> dict[str, dict[str, Any]]:
    """Golden states fastr itself can load again (per the manifest)."""
    manifest = json.loads((GOLDEN / "manifest.json").read_text())
    states = {}
    for kind in ("examples", "extra"):
        for name, info in manifest.get(kind, {}).items():
            if info.get("status") == "ok" and info.get("create_network_copy", {}).get("ok"):
                states[f"{kind}/{name}"] = json.loads((GOLDEN / kind / f"{name}.state.json").read_text())
    return states


def _case_body(name: str) -> str:
    body = CASES[name] if name in CASES else RAISING[name][1]
    return textwrap.indent(textwrap.dedent(body).strip("\n"), "    ") + "\n"


def _build_case(name: str, flow_tool: Any) -> Network:
    scope: dict[str, Any] = {}
    exec("def build(api, flow_tool):\n" + _case_body(name), scope)  # noqa: S102 - our own test code
    return scope["build"](editor_api, flow_tool)


@pytest.fixture(scope="module")
def flow_tool(tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = tmp_path_factory.mktemp("tools") / "splitflow.yaml"
    path.write_text(FLOW_TOOL)
    return parse_tool_file(str(path), "")


@pytest.fixture(scope="module")
def fastr_results(fastr_oracle) -> dict[str, Any]:
    payload = {"states": _golden_states(), "flow_tool": FLOW_TOOL,
               "cases": {name: _case_body(name) for name in CASES}}
    return fastr_oracle.run(ORACLE_SCRIPT, payload, timeout=300)


#: One process per network: after fastr raises mid-update it keeps its global update lock, and
#: the next update in that process waits forever.
RAISING_SCRIPT = r'''
import contextlib, sys, yaml
from fastr.core.tool import Tool

payload = load_payload()
flow_tool = Tool(yaml.safe_load(payload["flow_tool"]))
scope = {}
exec("def build(api, flow_tool):\n" + payload["body"], scope)
try:
    with contextlib.redirect_stdout(sys.stderr):
        scope["build"](fastr.api, flow_tool)
    emit({"raised": None})
except Exception as error:
    emit({"raised": type(error).__name__, "message": str(error)[:300]})
'''


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


def _check(name: str, network: Network, result: dict[str, Any]) -> None:
    assert "error" not in result, result.get("error")
    found = problems(network)
    ours = _ours(network, dimensions(network), found)
    diffs = _compare(ours, result["network"], name)
    assert not diffs, "\n".join(diffs)
    assert (not any(p.severity == ERROR and p.code in FASTR_CODES for p in found)) == result["valid"]


def test_golden_states_match_fastr(fastr_results: dict[str, Any]) -> None:
    states = _golden_states()
    assert len(states) >= 20  # all fastr.examples that build, plus the loadable extras
    for name, state in states.items():
        _check(name, create_network_copy(state), fastr_results[name])


@pytest.mark.parametrize("case", sorted(CASES))
def test_built_networks_match_fastr(case: str, fastr_results: dict[str, Any], flow_tool: Any) -> None:
    _check(case, _build_case(case, flow_tool), fastr_results[case])


def test_invalid_case_is_invalid_in_both(fastr_results: dict[str, Any]) -> None:
    assert fastr_results["invalid"]["valid"] is False
    for name in CASES:
        if name != "invalid":
            assert fastr_results[name]["valid"] is True, name


@pytest.mark.parametrize("case", sorted(RAISING))
def test_what_fastr_refuses_to_plan_is_an_error(case: str, fastr_oracle, flow_tool: Any) -> None:
    result = fastr_oracle.run(RAISING_SCRIPT, {"flow_tool": FLOW_TOOL, "body": _case_body(case)}, timeout=120)
    assert result["raised"], f"fastr built {case}"
    code = RAISING[case][0]
    found = [p for p in problems(_build_case(case, flow_tool)) if p.code == code]
    assert found and all(p.severity == ERROR for p in found)


def test_dimension_letters_are_fastr_draws(fastr_results: dict[str, Any]) -> None:
    names = [f"dim{i}" for i in range(800)]
    assert list(dimension_letters(names).values()) == fastr_results["__letters__"]
