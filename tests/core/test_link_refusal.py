"""The link rules: why an output cannot feed an input, in the domain's words, before any link is
made (``editor.core.graph.link.link_refusal``), and which links a new one replaces
(``Network.replaced_by``)."""

from __future__ import annotations

from editor.api import create_network
from editor.core.graph.link import link_refusal
from editor.core.graph.urls import InputRef, OutputRef


def _chain():
    net = create_network("rules")
    src = net.create_source("Int", id="src")
    add = net.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    net.create_sink("Int", id="snk")
    net.create_source("Boolean", id="flag")
    add.inputs["left_hand"] << src.outputs["output"]
    net.create_link(add.outputs["result"], InputRef("snk", "input", 0))
    return net


def test_a_compatible_pair_is_allowed() -> None:
    net = _chain()
    assert link_refusal(net, OutputRef("src", "output"), InputRef("add", "right_hand")) is None
    assert link_refusal(net, OutputRef("add", "result"), InputRef("snk", "input", 1)) is None


def test_each_refusal_names_its_reason() -> None:
    net = _chain()
    before = net.__getstate__()
    assert link_refusal(net, OutputRef("gone", "output"), InputRef("add", "right_hand")) == \
        "the node no longer exists"
    assert link_refusal(net, OutputRef("add", "result"), InputRef("add", "left_hand")) == \
        "a node cannot feed itself"
    assert link_refusal(net, OutputRef("src", "nope"), InputRef("add", "right_hand")) == "no such port"
    assert link_refusal(net, OutputRef("flag", "output"), InputRef("add", "right_hand")) == \
        "Boolean cannot feed Int"
    assert net.__getstate__() == before              # asking changes nothing


def test_a_cycle_is_refused_through_any_path() -> None:
    net = _chain()
    second = net.create_node("fastr/math/AddInt:1.0", "1.0", id="second")
    second.inputs["left_hand"] << net.nodes["add"].outputs["result"]
    assert link_refusal(net, OutputRef("second", "result"), InputRef("add", "right_hand")) == \
        "linking second to add would make a cycle"
    assert link_refusal(net, OutputRef("add", "result"), InputRef("second", "right_hand")) is None


def test_a_link_replaces_only_what_is_on_its_own_sub_input() -> None:
    net = _chain()
    first = net.links_into("add", "left_hand")[0]
    named = net.create_link(OutputRef("src", "output"), InputRef("add", "right_hand", 0, "n"))
    assert net.replaced_by(InputRef("add", "left_hand", 0)) == [first]
    assert net.replaced_by(InputRef("add", "left_hand", 1)) == []
    assert net.replaced_by(InputRef("add", "right_hand", 0)) == []            # another name
    assert net.replaced_by(InputRef("add", "right_hand", 0, "n")) == [named]
