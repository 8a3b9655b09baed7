"""Canvas layer: automatic positions for nodes, using the core's layered layout with the node sizes
the canvas draws.

``assign_missing_positions`` is part of loading (not an undo step): it gives every node without a
position one, left to right, without moving the nodes that have one. ``layout_command`` is the
user's "Auto layout": a MoveNodesCommand for the whole network or a selection. Laying out a whole
network keeps each step's nodes together, in room as big as the step's ClusterItem box and label
tab, so the step boxes overlap neither each other nor other nodes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from editor.canvas.cluster_item import LABEL_HEIGHT, PADDING, ClusterLabelItem
from editor.canvas.geometry import node_size, text_width
from editor.core.network import Network
from editor.model.commands import MoveNodesCommand
from editor.model.networkmodel import NetworkModel

Point = tuple[float, float]
LAYER_GAP = 90.0
NODE_GAP = 30.0


def _graph(network: Network, ids: Iterable[str] | None = None):
    """LayoutNodes (canvas sizes, port counts) and LayoutEdges (port indexes) of the network."""
    from editor.core.layout import LayoutEdge, LayoutNode
    chosen = list(network.nodes) if ids is None else [i for i in ids if i in network.nodes]
    keep = set(chosen)
    nodes = []
    for node_id in chosen:
        node = network.nodes[node_id]
        width, height = node_size(node)
        nodes.append(LayoutNode(node_id, width, height, len(node.inputs), len(node.outputs)))
    in_index = {n: {p: i for i, p in enumerate(network.nodes[n].inputs)} for n in chosen}
    out_index = {n: {p: i for i, p in enumerate(network.nodes[n].outputs)} for n in chosen}
    edges = [LayoutEdge(l.source.node, l.target.node, out_index[l.source.node].get(l.source.output, 0),
                        in_index[l.target.node].get(l.target.input, 0))
             for l in network.links.values() if l.source.node in keep and l.target.node in keep]
    return nodes, edges


def step_layout_options(network: Network) -> dict[str, Any]:
    """``layered_layout`` keywords for the network's steps: node -> step (first step wins), and the
    room a ClusterItem takes around its members: ``cluster_rect``'s padding, its label room plus the
    half of the label tab that sits above the box's top edge, and a width that fits the tab."""
    groups: dict[str, str] = {}
    widths: dict[str, float] = {}
    for step, members in network.stepids.items():
        present = [n for n in members if n in network.nodes and n not in groups]
        if not present:
            continue
        groups.update(dict.fromkeys(present, step))
        # ClusterLabelItem: text + 16 wide, 10 in from the box's left (or right) edge.
        widths[step] = text_width("cluster", step) + 16.0 + 2 * 10.0
    return {"groups": groups, "group_padding": PADDING,
            "group_label_height": LABEL_HEIGHT + ClusterLabelItem.HEIGHT / 2,
            "group_min_widths": widths}


def _rounded(positions: dict[str, Point]) -> dict[str, Point]:
    return {k: (float(round(x)), float(round(y))) for k, (x, y) in positions.items()}


def simple_layout(network: Network, ids: list[str] | None = None) -> dict[str, Point]:
    """Fallback without the core layout: longest-path columns, network order within a column."""
    chosen = list(network.nodes) if ids is None else ids
    keep = set(chosen)
    preds: dict[str, list[str]] = {n: [] for n in chosen}
    for link in network.links.values():
        if link.source.node in keep and link.target.node in keep and link.source.node != link.target.node:
            preds[link.target.node].append(link.source.node)
    column: dict[str, int] = {}

    def col(node_id: str, visiting: set[str]) -> int:
        if node_id in column:
            return column[node_id]
        visiting.add(node_id)
        value = 1 + max((col(p, visiting) for p in preds[node_id] if p not in visiting), default=-1)
        visiting.discard(node_id)
        column[node_id] = value
        return value

    for node_id in chosen:
        col(node_id, set())
    sizes = {n: node_size(network.nodes[n]) for n in chosen}
    widths: dict[int, float] = {}
    for n, c in column.items():
        widths[c] = max(widths.get(c, 0.0), sizes[n][0])
    xs, x = {}, 0.0
    for c in sorted(widths):
        xs[c] = x
        x += widths[c] + LAYER_GAP
    ys: dict[int, float] = {}
    out = {}
    for n in chosen:
        c = column[n]
        out[n] = (xs[c], ys.get(c, 0.0))
        ys[c] = ys.get(c, 0.0) + sizes[n][1] + NODE_GAP
    return out


def assign_missing_positions(network: Network) -> dict[str, Point]:
    """Give nodes without a position one (set directly on the core nodes); returns those."""
    missing = [n.id for n in network.nodes.values() if n.position is None]
    if not missing:
        return {}
    try:
        from editor.core.layout import layered_layout, place_new_nodes
    except ImportError:
        layered_layout = place_new_nodes = None
    if layered_layout is None:
        positions = simple_layout(network)
        if len(missing) < len(network.nodes):
            bottom = max(n.position[1] + node_size(n)[1] for n in network.nodes.values()
                         if n.position is not None) + 2 * NODE_GAP
            sub = simple_layout(network, missing)
            positions = {k: (x, y + bottom) for k, (x, y) in sub.items()}
    elif len(missing) == len(network.nodes):
        nodes, edges = _graph(network)
        positions = layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP,
                                   **step_layout_options(network))
    else:
        nodes, edges = _graph(network)
        existing = {n.id: n.position for n in network.nodes.values() if n.position is not None}
        sizes = {n.id: (n.width, n.height) for n in nodes}
        new = [n for n in nodes if n.id in set(missing)]
        positions = place_new_nodes(existing, sizes, new, edges, None, layer_gap=LAYER_GAP, node_gap=NODE_GAP)
    placed = _rounded({k: v for k, v in positions.items() if k in set(missing)})
    for node_id, pos in placed.items():
        network.nodes[node_id].position = pos
    return placed


def layout_positions(network: Network, node_ids: list[str] | None = None) -> dict[str, Point]:
    """New positions for ``node_ids`` (all nodes when None); other nodes stay where they are."""
    from editor.core.layout import layered_layout
    ids = list(network.nodes) if node_ids is None else [n for n in node_ids if n in network.nodes]
    if not ids:
        return {}
    current = [network.nodes[n].position for n in ids if network.nodes[n].position is not None]
    origin = (min(p[0] for p in current), min(p[1] for p in current)) if current else (0.0, 0.0)
    if node_ids is None or len(ids) == len(network.nodes):
        nodes, edges = _graph(network)
        return _rounded(layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP, origin=origin,
                                       **step_layout_options(network)))
    nodes, edges = _graph(network)
    chosen = set(ids)
    fixed = {n.id: network.nodes[n.id].position for n in nodes
             if n.id not in chosen and network.nodes[n.id].position is not None}
    nodes = [n for n in nodes if n.id in chosen or n.id in fixed]
    placed = layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP, fixed=fixed, origin=origin)
    return _rounded({k: v for k, v in placed.items() if k in chosen})


def layout_command(model: NetworkModel, node_ids: list[str] | None = None) -> MoveNodesCommand | None:
    """"Auto layout" as one undoable move (None when nothing would move)."""
    network = model.network
    positions = layout_positions(network, node_ids)
    moves = {k: (network.nodes[k].position, v) for k, v in positions.items() if network.nodes[k].position != v}
    if not moves:
        return None
    return MoveNodesCommand(model, moves, "Auto layout")
