"""Core layer (no Qt): measuring a layout, for tests, benchmarks and a "tidy?" indicator.

``count_crossings`` counts, over all pairs of links, those whose straight segments cross: each link
runs from its source's output port (right side) to its target's input port (left side), ports spread
evenly down the side (see ``layout_types``). Only proper crossings count: links that share an end
point, touch or overlap collinearly do not. It is not limited to adjacent layers, so it also sees
long links and back links as drawn (straight), not as routed through dummy nodes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from editor.core.layout.values import (
    LayoutEdge,
    LayoutNode,
    Point,
    edge_anchors,
    port_counts,
)


def _orient(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)


def count_crossings(
    positions: Mapping[str, Point], nodes: Sequence[LayoutNode], edges: Sequence[LayoutEdge]
) -> int:
    """Pairs of links whose straight port-to-port segments properly cross (see module docstring)."""
    sizes = {n.id: (n.width, n.height) for n in nodes}
    n_in, n_out = port_counts(edges, nodes)
    segments: list[tuple[float, float, float, float, float, float, float, float]] = []
    for e in edges:
        if e.source == e.target or e.source not in sizes or e.target not in sizes:
            continue
        ends = edge_anchors(e, positions, sizes, n_in, n_out)
        if ends is None:
            continue
        (ax, ay), (bx, by) = ends
        segments.append((min(ax, bx), max(ax, bx), min(ay, by), max(ay, by), ax, ay, bx, by))
    segments.sort()
    count = 0
    for i, (_x1, x2, y1, y2, ax, ay, bx, by) in enumerate(segments):
        for j in range(i + 1, len(segments)):
            sx1, _sx2, sy1, sy2, cx, cy, dx, dy = segments[j]
            if sx1 > x2:
                break
            if sy1 > y2 or sy2 < y1:
                continue
            o1 = _orient(ax, ay, bx, by, cx, cy)
            o2 = _orient(ax, ay, bx, by, dx, dy)
            if o1 * o2 >= 0.0:
                continue
            o3 = _orient(cx, cy, dx, dy, ax, ay)
            o4 = _orient(cx, cy, dx, dy, bx, by)
            if o3 * o4 < 0.0:
                count += 1
    return count
