"""Dimension names against real fastr 3.4.0: networks built to cover every dimension rule.

Each case is built with the same API calls in fastr (through the ``fastr_oracle`` fixture) and in
the editor; every node's, input's, output's and link's dimension names must be equal, and so must
validity (all of these are valid in fastr). Input groups, merge_dimensions 'all' and lists,
collapse by index and name, expand, sub-outputs and slices, named sub-inputs, nodegroups,
FlowNode / CrossValidation and nested macros. Helpers live in ``test_validation_oracle.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.core.oracle_cases import (ADD, CV, FAIL, PREFIX, STDOUT, SUM,  # noqa: F401
                                     build_case, check_against_fastr, run_oracle)

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
        k = net.create_sink('Number', id='k_slice')
        link = k.inputs['input'] << std.outputs['result'][0:2]
        link.expand = True
        slices = net.create_node({PREFIX}, id='slices')
        slices.inputs['left_hand'] << std.outputs['result'][::2]
        slices.inputs['right_hand'] << std.outputs['result'][1:]
        net.create_sink('Int', id='k_slices').inputs['input'] << slices.outputs['added']
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
}


@pytest.fixture(scope="module")
def fastr_results(fastr_oracle: Any) -> dict[str, Any]:
    return run_oracle(fastr_oracle, {}, CASES)


@pytest.mark.parametrize("case", sorted(CASES))
def test_dimensions_match_fastr(case: str, fastr_results: dict[str, Any], flow_tool: Any) -> None:
    assert fastr_results[case].get("valid") is True, fastr_results[case]
    check_against_fastr(case, build_case(CASES[case], flow_tool), fastr_results[case])
