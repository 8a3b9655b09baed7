"""Canvas layer: tooltip texts of nodes and ports, from the core node and its tool definition."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from editor.core.graph.node import Node

KIND_NAMES = {"node": "tool node", "flow": "flow node", "source": "source", "constant": "constant",
              "sink": "sink", "macro": "macro node"}
REPLACE_HINT = ("Drop a link here to replace the link on sub-input 0;\n"
                "hold Shift while dropping to add a new sub-input instead.")


def node_tooltip(node: Node) -> str:
    lines = [f"{node.id} ({KIND_NAMES.get(node.kind, node.kind)})"]
    if node.kind == "macro" and node.subnetwork is not None:
        lines.append(f"network: {node.subnetwork.id} v{node.subnetwork.version} "
                     f"({len(node.subnetwork.nodes)} nodes) — double-click to open")
    elif node.tool is not None and node.kind not in ("source", "sink", "constant"):
        lines.append(f"tool: {node.tool[0]} version {node.tool[1]}")
        definition = node.definition
        if definition is None:
            lines.append("this tool is not in the tool library")
        elif definition.description:
            lines.append(definition.description.strip()[:300])
    if node.datatype:
        lines.append(f"datatype: {node.datatype}")
    step = node.step_id
    if step:
        lines.append(f"step: {step}")
    if node.nodegroup:
        lines.append(f"node group: {node.nodegroup}")
    return "\n".join(lines)


def port_tooltip(node: Node, side: str, port_id: str) -> str:
    port = (node.inputs if side == "in" else node.outputs).get(port_id)
    definition = None
    if node.definition is not None:
        definition = node.definition.input(port_id) if side == "in" else node.definition.output(port_id)
    name = definition.name if definition is not None and definition.name else port_id
    lines = [f"{port_id}" + (f" — {name}" if name != port_id else ""),
             f"{'input' if side == 'in' else 'output'} of {node.id}",
             f"datatype: {port.datatype if port is not None else '?'}"]
    if definition is not None:
        lines.append(f"cardinality: {definition.cardinality}")
        if side == "in":
            lines.append(f"required: {'yes' if definition.required else 'no'}"
                         + (f" (default {definition.default!r})" if definition.default is not None else ""))
        if definition.description:
            lines.append(definition.description.strip()[:300])
    elif node.kind == "macro":
        lines.append("cardinality: 1-*" if side == "in" else "the inner sink of the same id")
    if side == "in" and port is not None:
        lines.append(f"input group: {port.input_group}")
        lines.append(REPLACE_HINT)
    else:
        lines.append("Drag from here to an input to link.")
    return "\n".join(lines)
