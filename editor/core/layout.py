"""Core layer (no Qt): automatic layout of workflow networks; the public layout API.

``layered_layout`` is a left-to-right layered (Sugiyama) layout: DFS cycle breaking, longest-path
layers pulled towards consumers, dummy nodes on long edges, port-aware barycenter sweeps plus
transposition for few crossings, and a median/isotonic coordinate pass that straightens chains.
``place_new_nodes`` and ``fixed`` put nodes among others without moving those; ``align`` and
``distribute`` are the selection tools; ``count_crossings`` measures a result.
Own code rather than a library: grandalf is unmaintained since 2023, networkx has no crossing-
minimised layered layout, and graphviz would be an external program for no gain at 1,000 nodes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from editor.core.layout_arrange import AlignMode, Axis, align, distribute
from editor.core.layout_coords import assign_coordinates
from editor.core.layout_layering import LocalEdge, build_layered_graph
from editor.core.layout_metrics import count_crossings
from editor.core.layout_ordering import minimise_crossings
from editor.core.layout_place import place_block
from editor.core.layout_types import LayoutEdge, LayoutNode, Point, Size, port_counts, port_fraction

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


def layered_layout(
    nodes: Sequence[LayoutNode],
    edges: Sequence[LayoutEdge],
    *,
    layer_gap: float = 80,
    node_gap: float = 30,
    fixed: Mapping[str, Point] | None = None,
    origin: Point | None = None,
) -> dict[str, Point]:
    """Top-left positions for ``nodes``, flowing left to right along ``edges``.

    Edges naming unknown nodes and self loops are ignored. Connected components are stacked top to
    bottom in input order; nodes without links follow in rows. Same input, same output.

    Without ``fixed`` the layout's top-left corner is ``origin`` (default (0, 0)). With ``fixed``
    (id -> position), those nodes keep their positions; the others are laid out as one block, put
    at ``origin`` if given, else right of their fixed upstream neighbours (else left of downstream
    ones, else below everything), and pushed the shortest way until they overlap no fixed node.
    """
    _check_unique(nodes)
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


def _layout(
    nodes: Sequence[LayoutNode], edges: Sequence[LayoutEdge], layer_gap: float, node_gap: float
) -> dict[str, Point]:
    """The unconstrained layout with its top-left corner at (0, 0)."""
    index = {n.id: i for i, n in enumerate(nodes)}
    valid = [e for e in edges if e.source != e.target and e.source in index and e.target in index]
    n_in, n_out = port_counts(valid, nodes)
    parent = list(range(len(nodes)))

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for e in valid:
        a, b = find(index[e.source]), find(index[e.target])
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for i in range(len(nodes)):
        members.setdefault(find(i), []).append(i)
    comp_edges: dict[int, list[LayoutEdge]] = {}
    for e in valid:
        comp_edges.setdefault(find(index[e.source]), []).append(e)

    out: dict[str, Point] = {}
    y = 0.0
    total_width = 0.0
    isolated: list[LayoutNode] = []
    for root, idxs in members.items():  # dicts keep insertion order: components by first member
        if root not in comp_edges:
            isolated.extend(nodes[i] for i in idxs)
            continue
        comp = [nodes[i] for i in idxs]
        local = {n.id: k for k, n in enumerate(comp)}
        ledges: list[LocalEdge] = [
            (
                local[e.source],
                local[e.target],
                port_fraction(e.source_port, n_out[e.source]),
                port_fraction(e.target_port, n_in[e.target]),
            )
            for e in comp_edges[root]
        ]
        g = build_layered_graph(len(comp), ledges)
        order, _crossings = minimise_crossings(g)
        widths = [n.width for n in comp]
        heights = [n.height for n in comp]
        xs, ys = assign_coordinates(g, order, widths, heights, layer_gap, node_gap)
        bottom = 0.0
        for k, n in enumerate(comp):
            out[n.id] = (xs[k], ys[k] + y)
            bottom = max(bottom, ys[k] + n.height)
            total_width = max(total_width, xs[k] + n.width)
        y += bottom + 2 * node_gap
    if isolated:
        widest = max(n.width for n in isolated)
        row_limit = max(total_width, math.sqrt(len(isolated)) * (widest + node_gap))
        x = 0.0
        row_height = 0.0
        for n in isolated:
            if x > 0.0 and x + n.width > row_limit:
                y += row_height + node_gap
                x = 0.0
                row_height = 0.0
            out[n.id] = (x, y)
            x += n.width + node_gap
            row_height = max(row_height, n.height)
    return {n.id: out[n.id] for n in nodes}
