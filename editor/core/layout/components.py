"""Core layer (no Qt): the unconstrained layered layout of boxes given by index.

``layout_indexed`` is the engine behind ``layered_layout``: boxes are list indices and edges carry
their port fractions already (``LocalEdge``), so the same code lays out plain nodes, the members of
one group, and the quotient graph of groups (whose "ports" sit wherever the members' ports are).
Connected components are laid out one by one (layering, crossing minimisation, coordinates) and
stacked top to bottom in order of their first box; boxes without edges follow in rows.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from editor.core.layout.coords import assign_coordinates, assign_coordinates_compact
from editor.core.layout.layering import LocalEdge, build_layered_graph
from editor.core.layout.ordering import order_layers
from editor.core.layout.segments import CompactLayers
from editor.core.layout.values import (
    LayoutEdge,
    LayoutNode,
    Point,
    port_counts,
    port_fraction,
)


def layout_nodes(
    nodes: Sequence[LayoutNode], edges: Sequence[LayoutEdge], layer_gap: float, node_gap: float
) -> dict[str, Point]:
    """The unconstrained layout of ``nodes`` with its top-left corner at (0, 0).

    Edges naming unknown nodes and self loops are ignored; port fractions come from the declared
    port counts, else from the highest port index used (``port_counts``).
    """
    index = {n.id: i for i, n in enumerate(nodes)}
    valid = [e for e in edges if e.source != e.target and e.source in index and e.target in index]
    n_in, n_out = port_counts(valid, nodes)
    local: list[LocalEdge] = [
        (
            index[e.source],
            index[e.target],
            port_fraction(e.source_port, n_out[e.source]),
            port_fraction(e.target_port, n_in[e.target]),
        )
        for e in valid
    ]
    pos = layout_indexed([n.width for n in nodes], [n.height for n in nodes], local, layer_gap, node_gap)
    return {n.id: pos[i] for i, n in enumerate(nodes)}


def layout_indexed(
    widths: Sequence[float],
    heights: Sequence[float],
    edges: Sequence[LocalEdge],
    layer_gap: float,
    node_gap: float,
    weights: Sequence[float] | None = None,
) -> list[Point]:
    """Top-left positions of boxes ``0..len(widths)-1``, the layout's top-left corner at (0, 0).

    ``edges`` are (source, target, source port fraction, target port fraction) without self loops;
    ``weights`` (one per edge, default 1) see ``build_layered_graph``. Same input, same output.
    """
    n = len(widths)
    parent = list(range(n))

    def find(v: int) -> int:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for u, v, _uf, _vf in edges:
        a, b = find(u), find(v)
        if a != b:
            parent[max(a, b)] = min(a, b)
    members: dict[int, list[int]] = {}
    for i in range(n):
        members.setdefault(find(i), []).append(i)
    comp_edges: dict[int, list[int]] = {}
    for k, edge in enumerate(edges):
        comp_edges.setdefault(find(edge[0]), []).append(k)

    out: list[Point] = [(0.0, 0.0)] * n
    y = 0.0
    total_width = 0.0
    isolated: list[int] = []
    for root, idxs in members.items():  # dicts keep insertion order: components by first member
        if root not in comp_edges:
            isolated.extend(idxs)
            continue
        local = {v: k for k, v in enumerate(idxs)}
        ledges: list[LocalEdge] = []
        for k in comp_edges[root]:
            u, v, uf, vf = edges[k]
            ledges.append((local[u], local[v], uf, vf))
        comp_weights = None if weights is None else [weights[k] for k in comp_edges[root]]
        g = build_layered_graph(len(idxs), ledges, comp_weights)
        order, _crossings = order_layers(g)
        comp_widths = [widths[i] for i in idxs]
        comp_heights = [heights[i] for i in idxs]
        if isinstance(order, CompactLayers):  # a big graph: segments stay one line each
            xs, ys = assign_coordinates_compact(g, order, comp_widths, comp_heights, layer_gap, node_gap)
        else:
            xs, ys = assign_coordinates(g, order, comp_widths, comp_heights, layer_gap, node_gap)
        bottom = 0.0
        for k, i in enumerate(idxs):
            out[i] = (xs[k], ys[k] + y)
            bottom = max(bottom, ys[k] + heights[i])
            total_width = max(total_width, xs[k] + widths[i])
        y += bottom + 2 * node_gap
    if isolated:
        widest = max(widths[i] for i in isolated)
        row_limit = max(total_width, math.sqrt(len(isolated)) * (widest + node_gap))
        x = 0.0
        row_height = 0.0
        for i in isolated:
            if x > 0.0 and x + widths[i] > row_limit:
                y += row_height + node_gap
                x = 0.0
                row_height = 0.0
            out[i] = (x, y)
            x += widths[i] + node_gap
            row_height = max(row_height, heights[i])
    return out
