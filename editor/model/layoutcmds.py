"""Model layer: layout as undo commands, the one front end for laying out: lay out everything or
the selection, align, distribute, and place new (pasted) nodes near the work without moving what
is there. Laid-out positions are whole numbers (tidy files, crisp drawing).

Each returns one ``MoveNodesCommand`` (or None when nothing would move) built from the core layout
(``editor.core.layout``). Every function is given a :class:`Sizing`: how big the drawing that is laid
out draws each node and how it keeps steps together. The canvas passes its own
(``editor.canvas.autolayout.CANVAS_SIZING``); :data:`ESTIMATED` sizes nodes by id length and port
count, for callers without a drawing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from editor.core.gcpause import collector_paused
from editor.core.layout import (AlignMode, Axis, LayoutEdge, LayoutNode, align, count_crossings, distribute,
                                layered_layout)
from editor.core.layout import place_new_nodes as _place_new_nodes
from editor.core.layout.values import Point, Size
from editor.core.graph.network import Network
from editor.core.graph.node import Node
from editor.model.commands import MoveNodesCommand
from editor.model.networkmodel import NetworkModel

if TYPE_CHECKING:
    from editor.core.analysis.dimensions import NetworkDimensions

SizeOf = Callable[[Node], Size]
DimensionsOf = Callable[[], "NetworkDimensions | None"]

LAYER_GAP = 80.0
NODE_GAP = 30.0


def estimate_size(node: Node) -> Size:
    """A node's box without the canvas: wide enough for its id, tall enough for its ports."""
    ports = max(len(node.inputs), len(node.outputs), 1)
    return (max(140.0, 8.0 * len(node.id) + 40.0), 36.0 + 20.0 * ports)


def step_options(network: Network) -> dict[str, Any]:
    """``layered_layout`` keywords that keep each step's nodes together (node -> step; the core's
    default room around them). The canvas registers its own, sized as it draws step boxes: see
    :func:`set_step_options`."""
    groups: dict[str, str] = {}
    for step, members in network.stepids.items():
        groups.update({n: step for n in members if n in network.nodes and n not in groups})
    return {"groups": groups}


@dataclass(frozen=True, slots=True)
class Sizing:
    """How the drawing that is laid out sizes nodes, and the ``layered_layout`` keywords that keep
    each step's nodes together in it."""

    size_of: SizeOf = estimate_size
    step_options: Callable[[Network], dict[str, Any]] = step_options
    #: Every node's size at once (node id -> size), when the drawing sizes nodes by more than the
    #: node alone (the canvas: the room of the dimension labels, from the whole network's
    #: dimensions); nodes it leaves out are sized by ``size_of``. Its second argument gives the
    #: network's dimensions as its model keeps them (None: compute them if needed).
    sizes: Callable[[Network, DimensionsOf | None], Mapping[str, Size]] | None = None


#: Sizes estimated from id lengths and port counts, steps kept together with the core's room.
ESTIMATED = Sizing()


def node_sizes(network: Network, sizing: Sizing, model: NetworkModel | None = None) -> dict[str, Size]:
    """Every node's size as ``sizing`` draws it (with ``model``, the dimensions it keeps are used)."""
    size_of = sizing.size_of
    dims = model.dimensions if model is not None and model.network is network else None
    known = sizing.sizes(network, dims) if sizing.sizes is not None else {}
    return {node_id: tuple(known[node_id]) if node_id in known else tuple(size_of(node))  # type: ignore[misc]
            for node_id, node in network.nodes.items()}


def layout_graph(network: Network, sizes: Mapping[str, Size],
                 ids: Iterable[str] | None = None) -> tuple[list[LayoutNode], list[LayoutEdge]]:
    """Layout boxes and edges (with port indices) for ``ids`` (default: every node)."""
    chosen = list(network.nodes) if ids is None else [i for i in ids if i in network.nodes]
    keep = set(chosen)
    nodes = []
    for node_id in chosen:
        node = network.nodes[node_id]
        width, height = sizes[node_id]
        nodes.append(LayoutNode(node_id, width, height, len(node.inputs), len(node.outputs)))
    edges = []
    out_index: dict[str, dict[str, int]] = {}  # node -> port -> index, made once per node
    in_index: dict[str, dict[str, int]] = {}
    for link in network.links.values():
        src, tgt = link.source, link.target
        if src.node not in keep or tgt.node not in keep:
            continue
        outputs = out_index.get(src.node)
        if outputs is None:
            outputs = out_index[src.node] = {p: k for k, p in enumerate(network.nodes[src.node].outputs)}
        inputs = in_index.get(tgt.node)
        if inputs is None:
            inputs = in_index[tgt.node] = {p: k for k, p in enumerate(network.nodes[tgt.node].inputs)}
        edges.append(LayoutEdge(src.node, tgt.node, outputs.get(src.output, 0), inputs.get(tgt.input, 0)))
    return nodes, edges


def _command(model: NetworkModel, positions: Mapping[str, Point], text: str) -> MoveNodesCommand | None:
    nodes = model.network.nodes
    moves = {}
    for node_id, new in positions.items():
        old = nodes[node_id].position
        new = (float(new[0]), float(new[1]))
        if old is None or abs(old[0] - new[0]) > 1e-6 or abs(old[1] - new[1]) > 1e-6:
            moves[node_id] = (old, new)
    return MoveNodesCommand(model, moves, text) if moves else None


def _rounded(positions: Mapping[str, Point]) -> dict[str, Point]:
    return {k: (float(round(x)), float(round(y))) for k, (x, y) in positions.items()}


def _top_left(network: Network, ids: Iterable[str]) -> Point | None:
    known = [network.nodes[i].position for i in ids if network.nodes[i].position is not None]
    if not known:
        return None
    return (min(p[0] for p in known), min(p[1] for p in known))  # type: ignore[index]


@collector_paused()  # sizes, graph and layout make hundreds of thousands of objects (see gcpause)
def layout_positions(network: Network, sizing: Sizing, model: NetworkModel | None = None) -> dict[str, Point]:
    """Where :func:`layout_all` puts every node (keeping the drawing's top-left corner); ``model``:
    the network's model, when it has one (its dimensions are used)."""
    sizes = node_sizes(network, sizing, model)
    nodes, edges = layout_graph(network, sizes)
    if not nodes:
        return {}
    return _rounded(layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP,
                                   origin=_top_left(network, network.nodes) or (0.0, 0.0),
                                   **sizing.step_options(network)))


def layout_all(model: NetworkModel, sizing: Sizing) -> MoveNodesCommand | None:
    """Lay out the whole network left to right (one undo step)."""
    return _command(model, layout_positions(model.network, sizing, model), "Lay out network")


def layout_selection(model: NetworkModel, node_ids: Iterable[str],
                     sizing: Sizing) -> MoveNodesCommand | None:
    """Lay out the chosen nodes among themselves, near where they are, around the others."""
    network = model.network
    chosen = [i for i in node_ids if i in network.nodes]
    if not chosen:
        return None
    chosen_set = set(chosen)
    fixed = {i: n.position for i, n in network.nodes.items() if i not in chosen_set and n.position is not None}
    sizes = node_sizes(network, sizing, model)
    nodes, edges = layout_graph(network, sizes, [*chosen, *fixed])
    positions = layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP,
                               fixed=fixed, origin=_top_left(network, chosen))
    return _command(model, _rounded({i: positions[i] for i in chosen}), "Lay out selection")


def _positions(network: Network) -> dict[str, Point]:
    return {i: n.position for i, n in network.nodes.items() if n.position is not None}


def align_nodes(model: NetworkModel, node_ids: Iterable[str], mode: AlignMode,
                sizing: Sizing) -> MoveNodesCommand | None:
    """Align the chosen nodes' edges or centres ('left', 'right', 'top', 'bottom', 'hcenter', 'vcenter')."""
    network = model.network
    ids = [i for i in node_ids if i in network.nodes]
    positions = align(_positions(network), node_sizes(network, sizing, model), ids, mode)
    return _command(model, positions, f"Align {mode}")


def distribute_nodes(model: NetworkModel, node_ids: Iterable[str], axis: Axis,
                     sizing: Sizing) -> MoveNodesCommand | None:
    """Equal gaps between the chosen nodes along 'horizontal' or 'vertical'."""
    network = model.network
    ids = [i for i in node_ids if i in network.nodes]
    positions = distribute(_positions(network), node_sizes(network, sizing, model), ids, axis)
    return _command(model, positions, f"Distribute {axis}ly")


def place_new_nodes(network: Network, new_ids: Iterable[str], near: Point | None,
                    sizing: Sizing, model: NetworkModel | None = None) -> dict[str, Point]:
    """Positions for nodes just added (pasted, dropped in bulk) that overlap none already placed:
    next to their upstream neighbours, or at ``near`` (for example the mouse), laid out among
    themselves."""
    new = [i for i in new_ids if i in network.nodes]
    new_set = set(new)
    sizes = node_sizes(network, sizing, model)
    existing = {i: p for i, p in _positions(network).items() if i not in new_set}
    nodes, _ = layout_graph(network, sizes, new)
    _, edges = layout_graph(network, sizes)
    return _rounded(_place_new_nodes(existing, sizes, nodes, edges, near, layer_gap=LAYER_GAP, node_gap=NODE_GAP))


def place_new_nodes_command(model: NetworkModel, new_ids: Iterable[str], near: Point | None,
                            sizing: Sizing) -> MoveNodesCommand | None:
    """:func:`place_new_nodes` as one undo step (to push in the same macro as the paste)."""
    return _command(model, place_new_nodes(model.network, new_ids, near, sizing, model), "Place new nodes")


def crossings(network: Network, sizing: Sizing) -> int:
    """How many links cross in the current drawing (nodes without a position are left out)."""
    sizes = node_sizes(network, sizing)
    placed = [i for i, n in network.nodes.items() if n.position is not None]
    nodes, edges = layout_graph(network, sizes, placed)
    return count_crossings(_positions(network), nodes, edges)
