"""Canvas layer: the canvas's part in laying out. Every layout command (Lay Out Network, Lay Out
Selection, align, distribute, placing pasted nodes) is in ``editor.model.layoutcmds``; the canvas
gives it (:data:`CANVAS_SIZING`) the node sizes it draws and :func:`step_layout_options`, the room a step's box
and label tab take, so that laid-out step boxes overlap neither each other nor other nodes.

Node sizes always include the room of the dimension labels (``[NxM]`` next to each port, on by
default, widening the card): a card is laid out as wide as it is drawn with them, so turning them on
or off never makes cards overlap and never moves a node (with them off, the gaps are a little wider).

``assign_missing_positions`` is part of loading (not an undo step): it gives every node without a
position one, without moving the nodes that have one.
"""

from __future__ import annotations

import logging
from typing import Any

from editor.canvas.cluster_item import LABEL_HEIGHT, PADDING, ClusterLabelItem
from editor.canvas.dimlabels import dimension_labels
from editor.canvas.geometry import node_geometry, node_size, node_spec, text_width
from editor.core.analysis.dimensions import dimensions
from editor.core.layout.values import Point, Size
from editor.core.graph.network import Network
from editor.model import layoutcmds
from editor.model.networkmodel import NetworkModel


#: The laid-out picture's width over height that a long pipeline of steps is wrapped towards: a
#: 16:10 window, so that fit-all uses the window's height too.
ASPECT = 1.6


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
            "group_min_widths": widths, "aspect": ASPECT}


_log = logging.getLogger(__name__)


def drawn_sizes(network: Network, dims_of: layoutcmds.DimensionsOf | None = None) -> dict[str, Size]:
    """Every node's card as the canvas draws it with the dimension labels on (letters, the view's
    mode; at least as big as without them, as labels only add width): the sizes every layout of a
    drawn network uses. ``dims_of``: the network's dimensions as its model keeps them (computed
    once for the layout, the labels and validation: 0.3 s at 20,000 nodes)."""
    try:
        dims = dims_of() if dims_of is not None else dimensions(network)
        labels = dimension_labels(network, "letters", dims, links=False)
    except Exception:  # noqa: BLE001 - a core bug must not stop a layout; cards without labels then
        _log.warning("dimension labels of %s for the layout failed", network.id, exc_info=True)
        labels = None
    ports = labels.ports if labels is not None else {}
    out: dict[str, Size] = {}
    for node_id, node in network.nodes.items():
        dims = ports.get(node_id)
        if not dims or not any(dims.values()):
            out[node_id] = node_size(node)
            continue
        geometry = node_geometry(node_spec(node, dims))   # labels only ever widen a card
        out[node_id] = (geometry.width, geometry.height)
    return out


#: Node sizes and step room as the canvas draws them, for every layout of a drawn network.
CANVAS_SIZING = layoutcmds.Sizing(node_size, step_layout_options, drawn_sizes)


def missing_positions(network: Network, model: NetworkModel | None = None) -> dict[str, Point]:
    """Positions for the nodes without one (the network is not changed). All missing: the whole
    network is laid out (steps kept together); some: they are placed next to their neighbours,
    clear of the others."""
    missing = [n.id for n in network.nodes.values() if n.position is None]
    if not missing:
        return {}
    if len(missing) == len(network.nodes):
        positions = layoutcmds.layout_positions(network, CANVAS_SIZING, model)
    else:
        positions = layoutcmds.place_new_nodes(network, missing, None, CANVAS_SIZING, model)
    wanted = set(missing)
    return {k: v for k, v in positions.items() if k in wanted}


def assign_missing_positions(model: NetworkModel) -> dict[str, Point]:
    """Give the model's nodes without a position one (:func:`missing_positions`, set with
    ``NetworkModel.place_positions``: part of loading, not an undo step); returns those."""
    placed = missing_positions(model.network, model)
    model.place_positions(placed)
    return placed
