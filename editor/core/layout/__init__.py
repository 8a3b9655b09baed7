"""Core layer (no Qt): automatic layout of workflow networks; the public layout API.

``layered_layout`` is a left-to-right layered (Sugiyama) layout: DFS cycle breaking, longest-path
layers pulled towards consumers, dummy nodes on long edges, port-aware barycenter sweeps plus
transposition for few crossings (on big graphs with many dummies, long edges as segments in
containers: ``segments``), and a median/isotonic coordinate pass that straightens chains (on those
big graphs a long edge's inner dummies are one line there too).
With ``groups`` (fastr steps), each group is laid out as one block in a box of its own, the way
graphviz lays out clusters (``layout_groups``), so that the boxes drawn around them do not overlap.
``place_new_nodes`` and ``fixed`` put nodes among others without moving those; ``align`` and
``distribute`` are the selection tools; ``count_crossings`` measures a result.
Own code rather than a library: grandalf is unmaintained since 2023, networkx has no crossing-
minimised layered layout, and graphviz would be an external program for no gain at 1,000 nodes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from editor.core.gcpause import collector_paused
from editor.core.layout.arrange import AlignMode, Axis, align, distribute
from editor.core.layout.components import layout_nodes as _layout
from editor.core.layout.groups import GROUP_LABEL_HEIGHT, GROUP_PADDING, grouped_layout
from editor.core.layout.metrics import count_crossings
from editor.core.layout.place import place_block
from editor.core.layout.values import LayoutEdge, LayoutNode, Point, Size, port_counts

__all__ = [
    "AlignMode",
    "Axis",
    "LayoutEdge",
    "LayoutNode",
    "align",
    "count_crossings",
    "distribute",
    "layered_layout",
    "place_new_nodes",
]


@collector_paused()  # ~300,000 short-lived lists at 20,000 nodes: a third of the time (see gcpause)
def layered_layout(
    nodes: Sequence[LayoutNode],
    edges: Sequence[LayoutEdge],
    *,
    layer_gap: float = 80,
    node_gap: float = 30,
    fixed: Mapping[str, Point] | None = None,
    origin: Point | None = None,
    groups: Mapping[str, str] | None = None,
    group_padding: float = GROUP_PADDING,
    group_label_height: float = GROUP_LABEL_HEIGHT,
    group_min_widths: Mapping[str, float] | None = None,
    aspect: float | None = None,
) -> dict[str, Point]:
    """Top-left positions for ``nodes``, flowing left to right along ``edges``.

    Edges naming unknown nodes and self loops are ignored. Connected components are stacked top to
    bottom in input order; nodes without links follow in rows. Same input, same output.

    Without ``fixed`` the layout's top-left corner is ``origin`` (default (0, 0)). With ``fixed``
    (id -> position), those nodes keep their positions; the others are laid out as one block, put
    at ``origin`` if given, else right of their fixed upstream neighbours (else left of downstream
    ones, else below everything), and pushed the shortest way until they overlap no fixed node.

    ``groups`` (node id -> group id, e.g. fastr steps) keeps each group together in a box of its
    own, as graphviz does with clusters (see ``layout_groups``): the box is the members' bounding box
    plus ``group_padding`` on every side and ``group_label_height`` more on top, at least
    ``group_min_widths[group]`` wide; no two boxes overlap and no other node lies in a box. The
    nodes' top-left corner (not the boxes') is then ``origin``. Ids of unknown nodes are ignored;
    without groups (None, empty, or naming no node) the layout is exactly the ungrouped one. With
    ``fixed``, ``groups`` is ignored: the fixed nodes' boxes are wherever those nodes are.
    With groups, ``aspect`` (width over height, e.g. 1.6 for a 16:10 window) wraps a long pipeline
    into rows of whole layers when that brings it nearer (see ``grouped_layout``).
    """
    _check_unique(nodes)
    if groups and not fixed:
        ox, oy = origin if origin is not None else (0.0, 0.0)
        block = grouped_layout(
            nodes, edges, groups, layer_gap, node_gap, group_padding, group_label_height, group_min_widths,
            aspect,
        )
        return {i: (x + ox, y + oy) for i, (x, y) in block.items()}
    if fixed:
        kept = {n.id: (float(fixed[n.id][0]), float(fixed[n.id][1])) for n in nodes if n.id in fixed}
        free = [n for n in nodes if n.id not in fixed]
        block = _layout(free, edges, layer_gap, node_gap)
        sizes = {n.id: (n.width, n.height) for n in nodes}
        placed = place_block(
            block, sizes, kept, sizes, edges, origin, layer_gap, node_gap, port_counts(edges, nodes)
        )
        return {n.id: kept[n.id] if n.id in kept else placed[n.id] for n in nodes}
    ox, oy = origin if origin is not None else (0.0, 0.0)
    return {i: (x + ox, y + oy) for i, (x, y) in _layout(nodes, edges, layer_gap, node_gap).items()}


def place_new_nodes(
    existing: Mapping[str, Point],
    sizes: Mapping[str, Size],
    new: Sequence[LayoutNode],
    edges: Sequence[LayoutEdge],
    near: Point | None,
    *,
    layer_gap: float = 80,
    node_gap: float = 30,
) -> dict[str, Point]:
    """Positions for ``new`` nodes (e.g. pasted), never moving or overlapping ``existing`` ones.

    The new nodes are laid out among themselves (``layered_layout``); the block's top-left goes to
    ``near`` if given, else right of the block's upstream neighbours in ``existing`` (else left of its
    downstream ones, else below everything), lined up with their ports, then pushed the shortest way
    (down, up, sideways) until every new node is at least ``node_gap`` clear of every existing one.
    ``sizes`` gives existing nodes' (width, height); missing ones count as points.
    """
    _check_unique(new)
    new_ids = {n.id for n in new}
    others = {i: p for i, p in existing.items() if i not in new_ids}
    block = _layout(new, edges, layer_gap, node_gap)
    block_sizes = {n.id: (n.width, n.height) for n in new}
    return place_block(
        block, block_sizes, others, sizes, edges, near, layer_gap, node_gap, port_counts(edges, new)
    )


def _check_unique(nodes: Sequence[LayoutNode]) -> None:
    if len({n.id for n in nodes}) != len(nodes):
        raise ValueError("duplicate node ids in layout input")
