"""Unit tests of editor.core.analysis.dimensions and dimension_rules (fastr's dimnames, no oracle needed).

The oracle comparisons are in ``test_validation_oracle.py``; these pin each rule on a small
network so a failure says which rule broke.
"""

from __future__ import annotations

import pytest

from editor.api import create_network
from editor.core.analysis.dimension_rules import (collapse_indexes, combine, dimension_letters, pick_group,
                                         pick_subinput)
from editor.core.analysis.dimensions import LinkIndex, dimensions, topological_order
from editor.core.graph.link import Link
from editor.core.graph.network import Network
from editor.core.graph.urls import InputRef, OutputRef
from tests.core.networks import SPLIT_FLOW

ADD, SUM, STDOUT, CV = ("fastr/math/AddInt:1.0", "fastr/math/Sum:1.0", "fastr/util/StdOut:1.0",
                        "fastr/flow/CrossValidation:1.0")


def two_sources() -> tuple[Network, object, object]:
    net = create_network("dims")
    return net, net.create_source("Int", id="a"), net.create_source("Int", id="b")


def add(net: Network, id: str, left: object, right: object, group: str | None = None):
    node = net.create_node(ADD, "1.0", id=id)
    node.inputs["left_hand"] << left
    node.inputs["right_hand"] << right
    if group:
        node.inputs["right_hand"].input_group = group
    return node


def test_sources_use_nodegroup_or_id() -> None:
    net = create_network("n")
    net.create_source("Int", id="plain")
    net.create_source("Int", id="grouped", node_group="train")
    net.create_constant("Int", [1, 2], id="const")
    d = dimensions(net)
    assert d.node("plain") == ("plain",)
    assert d.output("grouped", "output") == ("train",)
    assert d.node("const") == ("const",)
    assert d.node_size("grouped") == ("N_train",)


def test_same_group_matches_and_other_group_is_outer_product() -> None:
    net, a, b = two_sources()
    add(net, "same", a.output, b.output)
    add(net, "outer", a.output, b.output, group="r")
    d = dimensions(net)
    assert d.node("same") == ("a",)                     # first input wins a tie of symbolic sizes
    assert d.node("outer") == ("a", "b")
    assert d.input("outer", "right_hand") == ("b",)
    assert d.input_groups("outer") == {"default": ("a",), "r": ("b",)}


def test_merge_all_moves_merged_dimensions_last() -> None:
    net, a, b = two_sources()
    c = net.create_source("Int", id="c")
    n1 = add(net, "n1", a.output, b.output, "r")
    n2 = add(net, "n2", n1.outputs["result"], c.output, "r")
    n3 = add(net, "n3", n1.outputs["result"], n2.outputs["result"], "r")
    n3.merge_dimensions = "all"
    assert dimensions(net).node("n3") == ("c", "a", "b")


def test_merge_list_keeps_first_group_order_and_drops_names_it_lacks() -> None:
    net, a, b = two_sources()
    c = net.create_source("Int", id="c")
    n1 = add(net, "n1", a.output, b.output, "r")
    n2 = add(net, "n2", n1.outputs["result"], c.output, "r")
    n4 = add(net, "n4", n1.outputs["result"], n2.outputs["result"], "r")
    n4.merge_dimensions = ["b"]
    n5 = add(net, "n5", c.output, n1.outputs["result"], "r")
    n5.merge_dimensions = ["a"]
    d = dimensions(net)
    assert d.node("n4") == ("a", "a", "c", "b")
    assert d.node("n5") == ("c", "b")                   # 'a' is merged away: group 0 has no 'a'


@pytest.mark.parametrize(("collapse", "expected"), [
    ((0,), ("b",)), ((-1,), ("a",)), (("b",), ("a",)), (("zzz",), ("a", "b")),
    ((0, 1), ("total",)), ((1, "nope"), ("a",)),
])
def test_collapse(collapse: tuple, expected: tuple) -> None:
    net, a, b = two_sources()
    n1 = add(net, "n1", a.output, b.output, "r")
    total = net.create_node(SUM, "1.0", id="total")
    link = total.inputs["values"] << n1.outputs["result"]
    link.collapse = collapse
    d = dimensions(net)
    assert d.link(link.id) == expected
    assert d.node("total") == expected


def test_expand_adds_source_node_and_output() -> None:
    net, a, _ = two_sources()
    sink = net.create_sink("Int", id="sink")
    link = sink.inputs["input"] << a.output
    link.expand = True
    assert dimensions(net).link(link.id) == ("a", "a__output")
    link.collapse = (0,)
    assert dimensions(net).link(link.id) == ("a__output",)


def test_suboutput_has_node_dimensions_and_int_cardinality() -> None:
    net, a, _ = two_sources()
    std = net.create_node(STDOUT, "1.0", id="std")
    std.inputs["value"] << a.output
    sink = net.create_sink("Number", id="sink")
    link = sink.inputs["input"] << std.outputs["result"][0]
    d = dimensions(net)
    assert d.link(link.id) == ("a",)
    assert d.output_cardinality("std", "result") == 2
    assert d.link_cardinality(link.id) == 1


def test_subinputs_pick_the_longest_symbolic_size() -> None:
    net, a, b = two_sources()
    n1 = add(net, "n1", a.output, b.output, "r")
    total = net.create_node(SUM, "1.0", id="total")
    total.inputs["values"].append(a.output)
    total.inputs["values"].append(n1.outputs["result"])
    assert dimensions(net).input("total", "values") == ("a", "b")


def test_named_subinputs_combine_first() -> None:
    net, a, b = two_sources()
    n1 = add(net, "n1", a.output, b.output, "r")
    total = net.create_node(SUM, "1.0", id="total")
    total.inputs["values"]["x"] << b.output
    total.inputs["values"]["y"] << n1.outputs["result"]
    d = dimensions(net)
    assert d.named_input("total", "values", "x") == ("b",)
    assert d.input("total", "values") == ("a", "b")


def test_flow_and_advanced_flow_nodes() -> None:
    net, a, _ = two_sources()
    flow = net.create_node(SPLIT_FLOW, "1.0", id="flow", node_group="fg")
    flow.inputs["items"] << a.output
    cv = net.create_node(CV, "1.0", id="cv")
    cv.inputs["items"] << flow.outputs["parts"]
    cv.inputs["method"] << ["KFold"]
    sink = net.create_sink("AnyType", id="sink")
    link = sink.inputs["input"] << cv.outputs["test"][0]
    d = dimensions(net)
    assert d.node("flow") == ("a", "fg")
    assert d.node_size("flow") == ("N_a", "N_flow")
    assert d.output("cv", "train") == ("a_train", "fg_train", "cv")
    assert d.link(link.id) == ("a", "fg", "cv")         # a sub-output is not renamed (as in fastr)


def test_macro_outputs_map_inner_sources_to_macro_inputs() -> None:
    inner = create_network("inner")
    x, y = inner.create_source("Int", id="x"), inner.create_source("Int", id="y")
    add(inner, "add", x.output, y.output, "other")
    inner.create_sink("Int", id="out").inputs["input"] << inner.nodes["add"].outputs["result"]
    net, a, b = two_sources()
    pre = add(net, "pre", a.output, b.output, "r")
    macro = net.create_macro(inner, id="m")
    macro.inputs["x"] << pre.outputs["result"]
    macro.inputs["y"] << b.output
    d = dimensions(net)
    assert d.node("m") == ("a", "b")
    assert d.output("m", "out") == ("a", "b", "b")
    assert d.macro("m").node("add") == ("x", "y")


def test_cycles_and_dangling_links_are_tolerated() -> None:
    net, a, _ = two_sources()
    n1 = net.create_node(ADD, "1.0", id="n1")
    n2 = add(net, "n2", n1.outputs["result"], a.output)
    n1.inputs["left_hand"] << a.output
    n1.inputs["right_hand"] << n2.outputs["result"]
    net.add_link(Link(net, "ghost", OutputRef("nowhere", "output"), InputRef("n2", "right_hand", 1)))
    d = dimensions(net)
    assert set(d.leftover) == {"n1", "n2"}
    assert d.node("n1") == ("a",) and d.node("n2") == ("a",)
    assert d.link("ghost") == ()


def test_topological_order_is_upstream_first() -> None:
    net, a, b = two_sources()
    late = net.create_node(ADD, "1.0", id="late")
    early = add(net, "early", a.output, b.output)
    late.inputs["left_hand"] << early.outputs["result"]
    order, leftover = topological_order(net, LinkIndex(net))
    assert order.index("early") < order.index("late") and leftover == []


def test_rules_directly() -> None:
    sym = ((("a",), ("N_a",)), (("a", "b"), ("N_a", "N_b")), (("x",), (1,)))
    assert pick_subinput(sym)[0] == (("a", "b"), ("N_a", "N_b"))
    assert pick_subinput(((("p",), (2,)), (("q",), (3,))))[1] is not None      # fastr raises
    assert pick_group(((("x",), (1,)), ((), ())))[0] == (("x",), (1,))
    dup = ((("g", "g"), ("N_g", "N_g")), (("e",), (2,)))
    assert pick_group(dup)[1] is not None
    dims, issues = combine(["zzz"], [(("a",), ("N_a",))])
    assert dims == (("a",), ("N_a",)) and issues[0][0] == "merge-dimension-unknown"
    assert collapse_indexes((0, "b", "nope", -1), ("a", "b")) == (0, 1, -1)


def test_dimension_letters_follow_fastr_draw() -> None:
    names = [f"d{i}" for i in range(30)]
    letters = dimension_letters(names + ["d0"])
    assert [letters[f"d{i}"] for i in range(3)] == ["N", "M", "O"]
    assert letters["d13"] == "Z" and letters["d14"] == "A" and letters["d25"] == "L"
    assert letters["d26"] == "NN" and letters["d27"] == "NM"
    assert len(letters) == 30
