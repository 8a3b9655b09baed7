"""Networks built with our API that cover every construct of fastr's state format (shared by tests)."""

from __future__ import annotations

from editor.api import ResourceLimit, create_network
from editor.core.graph.network import Network
from editor.core.tools.definitions import PortDefinition, ToolDefinition

#: A FlowNode tool (fastr ships none) with a new dimension on its output, as a definition.
SPLIT_FLOW = ToolDefinition(
    ns_id="test/SplitFlow:1.0", version="1.0", id="SplitFlow", command_version="1.0", name="Split flow",
    namespace="test", node_class="FlowNode",
    inputs=(PortDefinition("items", "Items", "Int", "1-*"),),
    outputs=(PortDefinition("parts", "Parts", "Int", "unknown", required=False),))


def add_ints() -> Network:
    net = create_network("add_ints")
    source = net.create_source("Int", id="source", node_group="numbers")
    add = net.create_node("fastr/math/AddInt:1.0", tool_version="1.0", id="add",
                          resources=ResourceLimit(cores=2, memory="4G", time="00:10:00", gpus=1),
                          step_id="compute")
    sink = net.create_sink("Int", id="sink")
    add.inputs["left_hand"] << source.output
    add.inputs["right_hand"] << [10, 20]
    sink.input << add.outputs["result"]
    return net


def linking() -> Network:
    """collapse by index and name, expand, input groups, append, int sub-outputs, merge 'all'."""
    net = create_network("linking", version="1.2")
    net.description = 'quotes " and \\ backslashes\nand lines'
    a = net.create_source("Int", id="a", node_group="train")
    b = net.create_source("Int", id="b")
    add = net.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    add.inputs["left_hand"] << a.output
    add.inputs["right_hand"] << b.output
    add.inputs["right_hand"].input_group = "other"
    add.merge_dimensions = "all"
    total = net.create_node("fastr/math/Sum:1.0", "1.0", id="total")
    link = net.create_link(add.outputs["result"], total.inputs["values"], collapse=("train",))
    link.collapse = (0, "other")
    total.inputs["values"].append(a.output[0])
    sink = net.create_sink("Int", id="sink", step_id="out")
    expand = net.create_link(total.outputs["result"], sink.input, expand=True)
    assert expand.expand
    net.preferred_types = ["Int"]
    return net


def macro() -> Network:
    inner = create_network("inner")
    s = inner.create_source("Int", id="inner_in")
    add = inner.create_node("fastr/math/AddInt:1.0", "1.0", id="inner_add")
    add.inputs["left_hand"] << s.output
    add.inputs["right_hand"] << [1]
    k = inner.create_sink("Int", id="inner_out")
    k.input << add.outputs["result"]
    outer = create_network("outer")
    src = outer.create_source("Int", id="src")
    mac = outer.create_macro(inner, id="mac")
    mac.inputs["inner_in"] << src.output
    sink = outer.create_sink("Int", id="sink")
    sink.input << mac.outputs["inner_out"]
    return outer


def unreloadable() -> Network:
    """Named sub-inputs and slice sub-outputs: fastr writes them but cannot load them."""
    net = create_network("unreloadable")
    a = net.create_source("Int", id="a")
    total = net.create_node("fastr/math/Sum:1.0", "1.0", id="total")
    total.inputs["values"]["first"] << a.output
    total.inputs["values"]["second"].append(a.output[1:3])
    sink = net.create_sink("Int", id="sink")
    sink.input << total.outputs["result"]
    return net


def worc_ct_mr() -> Network:
    """A WORC-like network of 57 nodes in 12 steps, with wide fan-ins (tests/worc_networks.py)."""
    from tests.worc_networks import worc_like_network
    return worc_like_network(("CT", "MR"))


RELOADABLE = {"add_ints": add_ints, "linking": linking, "macro": macro, "worc_ct_mr": worc_ct_mr}
ALL = {**RELOADABLE, "unreloadable": unreloadable}
