"""Core layer (no Qt): the layered layout with groups (fastr steps) kept in boxes of their own.

Done the way graphviz lays out clusters: each group is first laid out on its own, on the edges
between its members, as one block; the block becomes a single box ("unit") of the quotient graph
(the block's bounding box plus padding, and room for a label on top), ungrouped nodes are units of
their own, and the edges between two units become one edge of the quotient graph, weighing as much
as they do. Its ends sit where the links really are: at the mean height of the member ports in the
box, so a box's links to different neighbours leave in the order of their members' y inside the
block, and the quotient layout orders and straightens them as drawn. The quotient graph is laid
out by the same layered layout (cycles between groups are broken there like any other), and a
member ends up at its box's position plus its offset in the block. Boxes are quotient nodes, so
they overlap neither each other nor an ungrouped node. Cost: one layout per group plus one of the
small quotient graph, each on a part of the edges, so at most about that of the plain layout.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from editor.core.layout.components import layout_indexed, layout_nodes
from editor.core.layout.layering import LocalEdge
from editor.core.layout.values import (
    LayoutEdge,
    LayoutNode,
    Point,
    port_counts,
    port_fraction,
)

GROUP_PADDING = 16.0  # room between a group's members and its box (the canvas's cluster padding)
GROUP_LABEL_HEIGHT = 18.0  # more room on top, for the label (the canvas: 8 + half its 20 px tab)


def _fraction(offset: float, height: float) -> float:
    """A point ``offset`` down a box of ``height`` as a fraction of it (the middle of a flat box)."""
    return offset / height if height > 0.0 else 0.5


def grouped_layout(
    nodes: Sequence[LayoutNode],
    edges: Sequence[LayoutEdge],
    groups: Mapping[str, str],
    layer_gap: float,
    node_gap: float,
    padding: float = GROUP_PADDING,
    label_height: float = GROUP_LABEL_HEIGHT,
    min_widths: Mapping[str, float] | None = None,
    aspect: float | None = None,
) -> dict[str, Point]:
    """Top-left positions of ``nodes`` with every group in a box of its own (see module docstring).

    ``groups`` maps node id -> group id; ids of nodes not in ``nodes`` are ignored, and so are groups
    left without members. A group's box is its members' bounding box grown by ``padding`` on every
    side and ``label_height`` more on top, and at least ``min_widths[group]`` wide (a long label);
    boxes are at least ``node_gap`` apart vertically and ``layer_gap`` horizontally. The nodes'
    top-left corner is (0, 0). Without any grouped node this is exactly ``layout_nodes``.

    A group without links among its members is a column (several, side by side, past
    ``_COLUMN_MAX`` members): all of them face the next step. With ``aspect`` (width over height,
    e.g. 1.6), a layout of many layers more than twice as wide as that is wrapped into rows of
    whole layers (boxes stay whole), one below the other, each starting at the left: the links
    from one row to the next run back through the gap between them (``2 * layer_gap`` high).
    """
    n = len(nodes)
    index = {node.id: i for i, node in enumerate(nodes)}
    # Quotient nodes ("units"), in order of their first node: a block (group) or one ungrouped node.
    unit_of = [0] * n
    block_of = [-1] * n
    local_of = [0] * n  # a member's index within its block
    blocks: list[list[int]] = []
    names: list[str] = []
    block_unit: list[int] = []
    block_key: dict[str, int] = {}
    units: list[tuple[int, int]] = []  # (block, -1) or (-1, node)
    for i, node in enumerate(nodes):
        group = groups.get(node.id)
        if group is None:
            unit_of[i] = len(units)
            units.append((-1, i))
            continue
        b = block_key.get(group)
        if b is None:
            b = block_key[group] = len(blocks)
            blocks.append([])
            names.append(group)
            block_unit.append(len(units))
            units.append((b, -1))
        block_of[i] = b
        unit_of[i] = block_unit[b]
        local_of[i] = len(blocks[b])
        blocks[b].append(i)
    if not blocks:
        return layout_nodes(nodes, edges, layer_gap, node_gap)

    valid = [e for e in edges if e.source != e.target and e.source in index and e.target in index]
    n_in, n_out = port_counts(valid, nodes)
    inner: list[list[LocalEdge]] = [[] for _ in blocks]
    outer: list[LocalEdge] = []  # between units, in node indices
    for e in valid:
        u, v = index[e.source], index[e.target]
        uf = port_fraction(e.source_port, n_out[e.source])
        vf = port_fraction(e.target_port, n_in[e.target])
        b = block_of[u]
        if b >= 0 and b == block_of[v]:
            inner[b].append((local_of[u], local_of[v], uf, vf))
        else:
            outer.append((u, v, uf, vf))

    widths = [float(node.width) for node in nodes]
    heights = [float(node.height) for node in nodes]
    offsets: list[Point] = [(0.0, 0.0)] * n  # a member's top-left inside its box
    block_sizes: list[tuple[float, float]] = []
    for b, members in enumerate(blocks):
        if inner[b] or len(members) == 1:
            pos = layout_indexed(
                [widths[i] for i in members], [heights[i] for i in members], inner[b], layer_gap, node_gap
            )
        else:
            pos = _columns([widths[i] for i in members], [heights[i] for i in members], layer_gap, node_gap)
        left = min(x for x, _y in pos)
        top = min(y for _x, y in pos)
        right = max(x + widths[i] for (x, _y), i in zip(pos, members, strict=True))
        bottom = max(y + heights[i] for (_x, y), i in zip(pos, members, strict=True))
        for (x, y), i in zip(pos, members, strict=True):
            offsets[i] = (padding + x - left, padding + label_height + y - top)
        width = right - left + 2.0 * padding
        if min_widths is not None:
            width = max(width, float(min_widths.get(names[b], 0.0)))
        block_sizes.append((width, bottom - top + 2.0 * padding + label_height))

    unit_w = [block_sizes[b][0] if b >= 0 else widths[i] for b, i in units]
    unit_h = [block_sizes[b][1] if b >= 0 else heights[i] for b, i in units]
    # Links with a box at an end are bundled per pair of units: one quotient edge at the mean of
    # their ports, weighing as much as the links. Crossings within a bundle are fixed by the
    # blocks anyway, and thousands of links between a few boxes would otherwise mean thousands of
    # dummy nodes in the quotient graph. Links between ungrouped nodes keep their own ports.
    bundles: dict[tuple[int, int] | LocalEdge, list[float]] = {}  # key -> [sum uf, sum vf, count]
    for u, v, uf, vf in outer:
        su, sv = unit_of[u], unit_of[v]
        key: tuple[int, int] | LocalEdge = (su, sv, uf, vf)
        if block_of[u] >= 0:
            uf = _fraction(offsets[u][1] + heights[u] * uf, unit_h[su])
            key = (su, sv)
        if block_of[v] >= 0:
            vf = _fraction(offsets[v][1] + heights[v] * vf, unit_h[sv])
            key = (su, sv)
        acc = bundles.get(key)
        if acc is None:
            bundles[key] = [uf, vf, 1.0]
        else:
            acc[0] += uf
            acc[1] += vf
            acc[2] += 1.0
    quotient: list[LocalEdge] = [(k[0], k[1], a / c, b / c) for k, (a, b, c) in bundles.items()]
    weights = [c for _a, _b, c in bundles.values()]
    placed = layout_indexed(unit_w, unit_h, quotient, layer_gap, node_gap, weights)
    if aspect is not None and aspect > 0.0:
        placed = _wrap(placed, unit_w, unit_h, aspect, 2.0 * layer_gap)

    out: list[Point] = []
    for i in range(n):
        ux, uy = placed[unit_of[i]]
        if block_of[i] >= 0:
            ox, oy = offsets[i]
            out.append((ux + ox, uy + oy))
        else:
            out.append((ux, uy))
    left = min(x for x, _y in out)
    top = min(y for _x, y in out)
    return {node.id: (out[i][0] - left, out[i][1] - top) for i, node in enumerate(nodes)}


_COLUMN_MAX = 12  # members of a group without inner links per column
_WRAP_MIN_LAYERS = 6  # fewer layers of boxes than this are never wrapped


def _columns(widths: Sequence[float], heights: Sequence[float], layer_gap: float, node_gap: float) -> list[Point]:
    """Boxes stacked top to bottom in input order, in columns of at most ``_COLUMN_MAX``."""
    n = len(widths)
    per = -(-n // -(-n // _COLUMN_MAX))  # as even as possible
    out: list[Point] = []
    x = 0.0
    for start in range(0, n, per):
        chunk = range(start, min(n, start + per))
        y = 0.0
        for i in chunk:
            out.append((x, y))
            y += heights[i] + node_gap
        x += max(widths[i] for i in chunk) + layer_gap / 2.0
    return out


def _wrap(placed: list[Point], widths: Sequence[float], heights: Sequence[float], aspect: float,
          row_gap: float) -> list[Point]:
    """``placed`` cut into rows of whole layers (columns of equal x) when that brings the picture's
    width over height nearer ``aspect``; rows are balanced by width and stacked top to bottom."""
    if not placed:
        return placed
    columns: dict[float, list[int]] = {}
    for i, (x, _y) in enumerate(placed):
        columns.setdefault(x, []).append(i)
    xs = sorted(columns)
    if len(xs) < _WRAP_MIN_LAYERS:
        return placed
    right = max(x + widths[i] for i, (x, _y) in enumerate(placed))
    top = min(y for _x, y in placed)
    bottom = max(y + heights[i] for i, (_x, y) in enumerate(placed))
    width, height = right - xs[0], max(bottom - top, 1.0)
    if width / height < 2.0 * aspect:  # near enough: a short pipeline keeps flowing left to right
        return placed

    def rows_of(count: int) -> list[list[float]]:
        target = width / count
        rows: list[list[float]] = [[]]
        for x in xs:
            if rows[-1] and x - rows[-1][0] >= target * 0.98 and len(rows) < count:
                rows.append([])
            rows[-1].append(x)
        return rows

    def shape(rows: list[list[float]]) -> tuple[float, list[tuple[float, float, float]]]:
        """(aspect, per row: its left x, top y, height)."""
        spans = []
        total_w = 0.0
        for row in rows:
            members = [i for x in row for i in columns[x]]
            r_top = min(placed[i][1] for i in members)
            r_bottom = max(placed[i][1] + heights[i] for i in members)
            r_right = max(placed[i][0] + widths[i] for i in members)
            spans.append((row[0], r_top, r_bottom - r_top))
            total_w = max(total_w, r_right - row[0])
        total_h = sum(h for _x, _t, h in spans) + row_gap * (len(rows) - 1)
        return total_w / max(total_h, 1.0), spans

    best_rows = [xs]
    best_error = abs(math.log((width / height) / aspect))
    for count in range(2, len(xs) + 1):
        rows = rows_of(count)
        ratio, _spans = shape(rows)
        error = abs(math.log(ratio / aspect))
        if error < best_error - 1e-9:
            best_rows, best_error = rows, error
        if ratio < aspect:
            break
    if len(best_rows) == 1:
        return placed
    _ratio, spans = shape(best_rows)
    out = list(placed)
    y = top
    for row, (left, r_top, r_height) in zip(best_rows, spans, strict=True):
        for x in row:
            for i in columns[x]:
                out[i] = (placed[i][0] - left + xs[0], placed[i][1] - r_top + y)
        y += r_height + row_gap
    return out
