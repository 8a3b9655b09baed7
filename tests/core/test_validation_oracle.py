"""Validity and dimensions against real fastr 3.4.0 (the ``fastr_oracle`` fixture).

Every golden state fastr can load (``tests/golden/*/*.state.json``) and every invalid network in
:data:`CASES` (built with the same API calls in fastr and in the editor) is analysed by both:
the dimension names of every node, input, output and link must be equal, and the nodes, links
and inputs fastr's ``is_valid()`` flags must be exactly those with a fastr-coded error here.
:data:`RAISING` networks make fastr raise while planning; the editor reports an error for them.
The oracle's side (``tests/core/oracle_cases.py``) is shared with ``test_dimensions_oracle.py``
(valid networks built to cover every dimension rule).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from editor.api import create_network_copy
from editor.core.analysis.dimensions import dimension_letters
from editor.core.analysis.validation import ERROR, problems
from tests.core.oracle_cases import (ADD, FAIL, FLOW_TOOL, PREFIX, STDOUT, SUM, build_case, case_body,
                                     check_against_fastr, run_oracle)

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

# Each case is the body of a function of (api, flow_tool) that returns a network; it only uses
# calls that mean the same in fastr.api and editor.api.
CASES: dict[str, str] = {
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
        pre3 = net.create_node({PREFIX}, id='sliced')
        pre3.inputs['left_hand'] << std.outputs['result'][0:2]
        pre3.inputs['right_hand'] << std.outputs['result'][0:5:2]
        net.create_sink('Int', id='k_sliced').inputs['input'] << pre3.outputs['added']
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

def _golden_states() -> dict[str, dict[str, Any]]:
    """Golden states fastr itself can load again (per the manifest)."""
    manifest = json.loads((GOLDEN / "manifest.json").read_text())
    states = {}
    for kind in ("examples", "extra"):
        for name, info in manifest.get(kind, {}).items():
            if info.get("status") == "ok" and info.get("create_network_copy", {}).get("ok"):
                states[f"{kind}/{name}"] = json.loads((GOLDEN / kind / f"{name}.state.json").read_text())
    return states


@pytest.fixture(scope="module")
def fastr_results(fastr_oracle: Any) -> dict[str, Any]:
    return run_oracle(fastr_oracle, _golden_states(), CASES)


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


def test_golden_states_match_fastr(fastr_results: dict[str, Any]) -> None:
    states = _golden_states()
    assert len(states) >= 20  # all fastr.examples that build, plus the loadable extras
    for name, state in states.items():
        check_against_fastr(name, create_network_copy(state), fastr_results[name])


@pytest.mark.parametrize("case", sorted(CASES))
def test_invalid_networks_match_fastr(case: str, fastr_results: dict[str, Any], flow_tool: Any) -> None:
    assert fastr_results[case]["valid"] is False
    check_against_fastr(case, build_case(CASES[case], flow_tool), fastr_results[case])


@pytest.mark.parametrize("case", sorted(RAISING))
def test_what_fastr_refuses_to_plan_is_an_error(case: str, fastr_oracle: Any, flow_tool: Any) -> None:
    code, body = RAISING[case]
    result = fastr_oracle.run(RAISING_SCRIPT, {"flow_tool": FLOW_TOOL, "body": case_body(body)}, timeout=120)
    assert result["raised"], f"fastr built {case}"
    found = [p for p in problems(build_case(body, flow_tool)) if p.code == code]
    assert found and all(p.severity == ERROR for p in found)


def test_dimension_letters_are_fastr_draws(fastr_results: dict[str, Any]) -> None:
    names = [f"dim{i}" for i in range(800)]
    assert list(dimension_letters(names).values()) == fastr_results["__letters__"]
