"""Unit tests of editor.core.analysis.validation: one small network per problem code, and clean networks.

Whether the fastr-coded problems agree with real fastr is checked in ``test_validation_oracle.py``.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from editor.api import create_network
from editor.core.graph.link import Link
from editor.core.graph.network import Network
from editor.core.graph.urls import InputRef, OutputRef
from editor.core.analysis.validation import CODES, ERROR, FASTR_CODES, WARNING, Problem, is_valid, problems

ADD, SUM, STDOUT, PREFIX, FAIL = ("fastr/math/AddInt:1.0", "fastr/math/Sum:1.0", "fastr/util/StdOut:1.0",
                                  "fastr/util/AutoPrefixTest:1.0", "fastr/util/Fail:1.0")


def valid_network(id: str = "ok") -> Network:
    """source -> AddInt (+ constant) -> sink: valid in fastr."""
    net = create_network(id)
    source = net.create_source("Int", id="source")
    add = net.create_node(ADD, "1.0", id="add")
    add.inputs["left_hand"] << source.outputs["output"]
    add.inputs["right_hand"] << [1]
    net.create_sink("Int", id="sink").inputs["input"] << add.outputs["result"]
    return net


def codes(net: Network) -> list[str]:
    return [p.code for p in problems(net)]


def the(net: Network, code: str) -> Problem:
    found = [p for p in problems(net) if p.code == code]
    assert len(found) == 1, problems(net)
    return found[0]


def test_valid_network_has_no_problems() -> None:
    net = valid_network()
    assert problems(net) == []
    assert is_valid(net)


def test_every_code_has_a_known_severity() -> None:
    assert set(CODES.values()) == {ERROR, WARNING}
    assert FASTR_CODES <= {code for code, severity in CODES.items() if severity == ERROR}


# -- one network per code ----------------------------------------------------------------------
def _unlink_left(net: Network) -> None:
    for link in net.links_into("add", "left_hand"):
        net.remove_link(link.id)


def _add_lonely_source(net: Network) -> None:
    net.create_source("Int", id="lonely")


def _unlink_right(net: Network) -> None:
    for link in net.links_into("add", "right_hand"):
        net.remove_link(link.id)


def _input_empty(net: Network) -> None:
    empty = net.create_node(ADD, "1.0", id="empty")
    add = net.nodes["add"]
    for link in net.links_into("add", "right_hand"):
        net.remove_link(link.id)
    add.inputs["right_hand"] << empty.outputs["result"]


def _cardinality(net: Network) -> None:
    std = net.create_node(STDOUT, "1.0", id="std")
    std.inputs["value"] << net.nodes["source"].outputs["output"]
    prefix = net.create_node(PREFIX, "1.0", id="prefix")
    prefix.inputs["left_hand"] << std.outputs["result"]
    prefix.inputs["right_hand"] << [1]
    net.create_sink("Int", id="sink2").inputs["input"] << prefix.outputs["added"]


def _group_empty(net: Network) -> None:
    fail = net.create_node(FAIL, "1.0", id="fail")
    fail.inputs["in_1"] << net.nodes["source"].outputs["output"]
    fail.inputs["in_2"] << [1]
    fail.inputs["fail_1"].input_group = "alone"
    net.create_sink("Int", id="sink2").inputs["input"] << fail.outputs["out_1"]


def _datatype(net: Network) -> None:
    text = net.create_source("String", id="text")
    _unlink_right(net)
    net.nodes["add"].inputs["right_hand"] << text.outputs["output"]


def _collapse_range(net: Network) -> None:
    net.links[net.links_into("add", "left_hand")[0].id].collapse = 3


def _collapse_name(net: Network) -> None:
    net.links[net.links_into("add", "left_hand")[0].id].collapse = "zzz"


def _merge_unknown(net: Network) -> None:
    net.nodes["add"].merge_dimensions = ["zzz"]


def _merge_sizes(net: Network) -> None:
    from tests.core.networks import SPLIT_FLOW
    a = net.create_source("Int", id="a", node_group="g")
    flow = net.create_node(SPLIT_FLOW, "1.0", id="flow", node_group="g")
    flow.inputs["items"] << net.nodes["source"].outputs["output"]
    both = net.create_node(ADD, "1.0", id="both")
    both.inputs["left_hand"] << a.outputs["output"]
    both.inputs["right_hand"] << flow.outputs["parts"]
    both.inputs["right_hand"].input_group = "r"
    both.merge_dimensions = "all"
    net.create_sink("Int", id="sink2").inputs["input"] << both.outputs["result"]


def _expanded_ints(net: Network) -> tuple:
    """Two outputs of int cardinality 2 and 4, expanded after collapsing everything."""
    source = net.nodes["source"].outputs["output"]
    std = net.create_node(STDOUT, "1.0", id="std")
    std.inputs["value"] << source
    four = net.create_node(ADD, "1.0", id="four")
    four.inputs["left_hand"].append(std.outputs["result"])
    four.inputs["left_hand"].append(std.outputs["result"])
    four.inputs["right_hand"] << source
    return std.outputs["result"], four.outputs["result"]


def _subinput_sizes(net: Network) -> None:
    two, four = _expanded_ints(net)
    total = net.create_node(SUM, "1.0", id="total")
    for output in (two, four):
        link = total.inputs["values"].append(output)
        link.collapse, link.expand = (0,), True
    net.create_sink("Number", id="sink2").inputs["input"] << total.outputs["result"]


def _names_not_unique(net: Network) -> None:
    two, _ = _expanded_ints(net)
    source = net.nodes["source"].outputs["output"]
    outer = net.create_node(ADD, "1.0", id="outer")
    outer.inputs["left_hand"] << source
    outer.inputs["right_hand"] << source
    outer.inputs["right_hand"].input_group = "r"
    both = net.create_node(ADD, "1.0", id="both")
    both.inputs["left_hand"] << outer.outputs["result"]
    link = both.inputs["right_hand"] << two
    link.collapse, link.expand = (0,), True
    net.create_sink("Int", id="sink2").inputs["input"] << both.outputs["result"]
    net.create_sink("Int", id="sink3").inputs["input"] << net.nodes["four"].outputs["result"]


def _cycle(net: Network) -> None:
    loop = net.create_node(ADD, "1.0", id="loop")
    loop.inputs["left_hand"] << net.nodes["add"].outputs["result"]
    loop.inputs["right_hand"] << [2]
    net.nodes["add"].inputs["left_hand"].append(loop.outputs["result"])


def _dangling(net: Network) -> None:
    net.add_link(Link(net, "ghost", OutputRef("nowhere", "output"), InputRef("add", "left_hand", 1)))


def _invalid_id(net: Network) -> None:
    net.stepids["not valid"] = ["add"]


def _duplicate_id(net: Network) -> None:
    net.add_link(Link(net, "add", OutputRef("source", "output"), InputRef("add", "left_hand", 1)))


def _unknown_class(net: Network) -> None:
    net.nodes["add"].cls = "Weird"


def _macro_without_network(net: Network) -> None:
    macro = net.create_macro(valid_network("inner"), id="macro")
    macro.subnetwork = None


def _unknown_tool(net: Network) -> None:
    node = net.nodes["add"]
    node.tool = ("nowhere/Unknown:1.0", "1.0")
    node.forget_definition()


def _unknown_port(net: Network) -> None:
    from editor.core.graph.ports import Input
    node = net.nodes["add"]
    node.inputs["extra"] = Input(node, "extra", "Int")


def _unknown_datatype(net: Network) -> None:
    _unlink_right(net)
    mystery = net.create_source("Mystery", id="mystery")
    net.nodes["add"].inputs["right_hand"] << mystery.outputs["output"]


def _step_unknown_node(net: Network) -> None:
    net.stepids["step"] = ["ghost"]


def _named_subinput(net: Network) -> None:
    _unlink_right(net)
    net.nodes["add"].inputs["right_hand"]["named"] << net.nodes["source"].outputs["output"]


def _resources_unrealistic(net: Network) -> None:
    from editor.core.graph.resourcelimit import ResourceLimit
    net.nodes["add"].resources = ResourceLimit(memory=10**100)


CASES: dict[str, tuple[Callable[[Network], object], str | None]] = {
    "no-output-linked": (_add_lonely_source, "lonely"),
    "input-unlinked": (_unlink_right, "add"),
    "input-empty": (_input_empty, "add"),
    "input-cardinality": (_cardinality, "prefix"),
    "input-group-empty": (_group_empty, "fail"),
    "datatype-mismatch": (_datatype, "add"),
    "collapse-out-of-range": (_collapse_range, "add"),
    "collapse-unknown-name": (_collapse_name, "add"),
    "merge-dimension-unknown": (_merge_unknown, "add"),
    "merge-size-mismatch": (_merge_sizes, "both"),
    "subinput-size-mismatch": (_subinput_sizes, "total"),
    "dimension-names-not-unique": (_names_not_unique, "both"),
    "cycle": (_cycle, "add"),
    "link-dangling": (_dangling, "add"),
    "invalid-id": (_invalid_id, None),
    "duplicate-id": (_duplicate_id, "add"),
    "unknown-node-class": (_unknown_class, "add"),
    "macro-without-network": (_macro_without_network, "macro"),
    "unknown-tool": (_unknown_tool, "add"),
    "unknown-port": (_unknown_port, "add"),
    "unknown-datatype": (_unknown_datatype, "mystery"),
    "step-unknown-node": (_step_unknown_node, "ghost"),
    "fastr-cannot-reload": (_named_subinput, "add"),
    "resources-unrealistic": (_resources_unrealistic, "add"),
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_problem_code(code: str) -> None:
    net = valid_network()
    make, node = CASES[code]
    make(net)
    problem = the(net, code)
    assert problem.severity == CODES[code]
    assert problem.node == node
    assert problem.message and "\n" not in problem.message
    if problem.severity == ERROR:
        assert not is_valid(net)


def test_every_code_is_tested() -> None:
    assert set(CASES) | {"no-input-linked"} == set(CODES)


def test_no_input_linked() -> None:
    net = valid_network()
    idle = net.create_node(SUM, "1.0", id="idle")
    net.create_sink("Number", id="sink2").inputs["input"] << idle.outputs["result"]
    found = problems(net)
    assert [(p.code, p.node, p.port) for p in found] == [
        ("no-input-linked", "idle", None), ("input-unlinked", "idle", "values"),
        ("input-empty", "sink2", "input")]   # as in fastr: nothing flows out of 'idle' either
    assert not is_valid(net)


def test_warnings_alone_keep_the_network_valid() -> None:
    net = valid_network()
    _collapse_name(net)
    _step_unknown_node(net)
    assert {p.severity for p in problems(net)} == {WARNING}
    assert is_valid(net)


def test_link_problems_name_link_target_node_and_port() -> None:
    net = valid_network()
    _datatype(net)
    problem = the(net, "datatype-mismatch")
    link = net.links_into("add", "right_hand")[0]
    assert (problem.link, problem.node, problem.port) == (link.id, "add", "right_hand")
    assert "String" in problem.message and "Int" in problem.message and "cannot feed" in problem.message


def test_slice_suboutputs_and_merge_lists_cannot_be_reloaded_by_fastr() -> None:
    net = valid_network()
    std = net.create_node(STDOUT, "1.0", id="std")
    std.inputs["value"] << net.nodes["source"].outputs["output"]
    total = net.create_node(SUM, "1.0", id="total")
    total.inputs["values"] << std.outputs["result"][0:1]
    net.create_sink("Number", id="sink2").inputs["input"] << total.outputs["result"]
    net.nodes["add"].merge_dimensions = ["source"]
    found = [p for p in problems(net) if p.code == "fastr-cannot-reload"]
    assert {(p.node, p.link is not None) for p in found} == {("add", False), ("total", True)}
    assert is_valid(net)


def test_cycle_is_reported_once_without_follow_up_errors() -> None:
    net = valid_network()
    _cycle(net)
    assert codes(net) == ["cycle"]
    assert "'add'" in problems(net)[0].message and "'loop'" in problems(net)[0].message


def test_dangling_link_reported_only_on_the_link() -> None:
    net = valid_network()
    _dangling(net)
    assert codes(net) == ["link-dangling"]


def test_macro_problems_carry_the_network_path() -> None:
    inner = valid_network("inner")
    inner.create_source("Int", id="unused_inner")
    middle = create_network("middle")
    source = middle.create_source("Int", id="s")
    macro = middle.create_macro(inner, id="inner_macro")
    macro.inputs["source"] << source.outputs["output"]
    macro.inputs["unused_inner"] << source.outputs["output"]
    middle.create_sink("Int", id="k").inputs["input"] << macro.outputs["sink"]
    top = create_network("top")
    top_source = top.create_source("Int", id="t")
    outer = top.create_macro(middle, id="middle_macro")
    outer.inputs["s"] << top_source.outputs["output"]
    top.create_sink("Int", id="k").inputs["input"] << outer.outputs["k"]
    found = problems(top)
    assert [(p.code, p.node, p.network_path) for p in found] == [
        ("no-output-linked", "unused_inner", ("middle_macro", "inner_macro"))]
    assert not is_valid(top)


def test_order_is_nodes_then_links_in_network_order() -> None:
    net = valid_network()
    _add_lonely_source(net)
    _collapse_range(net)
    _unlink_right(net)
    found = problems(net)
    assert [(p.code, p.node) for p in found] == [
        ("input-unlinked", "add"), ("no-output-linked", "const__add__right_hand"),
        ("no-output-linked", "lonely"), ("collapse-out-of-range", "add")]
    assert problems(net) == found


def test_tool_enums_are_known_datatypes() -> None:
    net = valid_network()
    cv = net.create_node("fastr/flow/CrossValidation:1.0", "1.0", id="cv")
    cv.inputs["items"] << net.nodes["source"].outputs["output"]
    cv.inputs["method"] << ["KFold"]
    net.create_sink("AnyType", id="k").inputs["input"] << cv.outputs["train"]
    net.create_sink("AnyType", id="k2").inputs["input"] << cv.outputs["test"]
    assert problems(net) == []
