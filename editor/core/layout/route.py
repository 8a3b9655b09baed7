"""Core layer (no Qt): routing a link around the node cards it does not connect.

A link runs left to right from an output port to an input port. Drawn as one smooth curve it may
pass under cards in between (a long link across layers, a fan-in from far away); ``route`` then
finds bend points that keep it clear of them, the way a channel router does:

- the x range of the link is cut into vertical slabs at the left and right edges of the cards in
  the way (each grown by ``margin``); within a slab the same cards are present, so its free space is
  a list of y intervals (a slab between two layers is one interval: a free channel);
- a path is one free interval per slab, consecutive ones overlapping in y (so the link crosses the
  slab boundary horizontally); it changes height only inside a slab, within that slab's interval;
- the path with least vertical travel (plus a little per change of height) is found slab by slab
  (the slabs follow each other, so a shortest path over them is a dynamic programme);
- bend points are where it crosses slab boundaries; those that can go (the smooth curve between
  their neighbours clears every card) are dropped.

A link running backwards (its target left of its source, as from one row of a wrapped layout to
the next) goes out right of its source, along a free horizontal corridor (the gap between two
rows) and in from the left of its target, each end piece routed as above.

The result is the list of bend points between the two ends (empty: the plain curve is clear, or no
route was found). Bend points are derived from the drawing and never
saved. Each piece between two points is drawn as a cubic leaving and arriving horizontally
(:func:`piece_controls`), which stays in the box of its two end points.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Sequence

from editor.core.layout.values import Point

Rect = tuple[float, float, float, float]  # x1, y1, x2, y2
Cubic = tuple[Point, Point, Point, Point]

_SAMPLES = 16  # points per cubic when testing it against cards, at least
_CHORD = 48.0  # and one per this much of its control polygon
_BEND_COST = 40.0  # a change of height costs as much as this much vertical travel
_NARROW = 60.0  # a move in a slab this wide costs twice its travel (in a wide channel, about once)
_MAX_SLABS = 400  # a link across more card edges than this is left plain (huge networks)
_REACH = 2000.0  # how far right (left) of its source (target) a backward link may turn
_BANDS = (120.0, 480.0, 1920.0)  # how far above and below its plain curve a link may go round


def plain_controls(p0: Point, p1: Point) -> Cubic:
    """The cubic of a link without bend points (the canvas's ``link_controls``)."""
    dx = p1[0] - p0[0]
    reach = max(abs(dx) * 0.5, 40.0) if dx >= 0 else max(80.0, min(-dx * 0.5, 240.0))
    return p0, (p0[0] + reach, p0[1]), (p1[0] - reach, p1[1]), p1


def piece_controls(a: Point, b: Point) -> Cubic:
    """The cubic of one piece of a routed link: horizontal at both ends, inside the box of a, b."""
    half = (b[0] - a[0]) / 2.0
    return a, (a[0] + half, a[1]), (b[0] - half, b[1]), b


def _cubic_points(c: Cubic) -> list[Point]:
    """Points along the cubic, a chord per ``_CHORD`` of its control polygon (at least
    ``_SAMPLES``): a chord strays from the curve by far less than the margin kept to cards."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = c
    polygon = math.dist(c[0], c[1]) + math.dist(c[1], c[2]) + math.dist(c[2], c[3])
    n = min(max(_SAMPLES, int(polygon / _CHORD)), 96)
    out = []
    for i in range(n + 1):
        t = i / n
        u = 1.0 - t
        a, b, cc, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
        out.append((a * x0 + b * x1 + cc * x2 + d * x3, a * y0 + b * y1 + cc * y2 + d * y3))
    return out


def _segment_hits(ax: float, ay: float, bx: float, by: float, r: Rect) -> bool:
    """Whether segment a-b meets the open rectangle ``r`` (Liang-Barsky clipping)."""
    x1, y1, x2, y2 = r
    t0, t1 = 0.0, 1.0
    dx, dy = bx - ax, by - ay
    for p, q in ((-dx, ax - x1), (dx, x2 - ax), (-dy, ay - y1), (dy, y2 - ay)):
        if p == 0.0:
            if q <= 0.0:
                return False
            continue
        t = q / p
        if p < 0.0:
            if t > t0:
                t0 = t
        elif t < t1:
            t1 = t
        if t0 >= t1:
            return False
    return True


def polyline_hits(points: Sequence[Point], rects: Sequence[Rect]) -> bool:
    """Whether the polyline through ``points`` meets any of ``rects``."""
    for r in rects:
        for (ax, ay), (bx, by) in zip(points, points[1:]):
            if max(ax, bx) <= r[0] or min(ax, bx) >= r[2] or max(ay, by) <= r[1] or min(ay, by) >= r[3]:
                continue
            if _segment_hits(ax, ay, bx, by, r):
                return True
    return False


def cubic_hits(c: Cubic, rects: Sequence[Rect]) -> bool:
    return bool(rects) and polyline_hits(_cubic_points(c), rects)


def _free(slab_rects: list[tuple[float, float]], top: float, bottom: float) -> list[tuple[float, float]]:
    """The free y intervals between ``top`` and ``bottom`` outside the (y1, y2) spans."""
    out: list[tuple[float, float]] = []
    y = top
    for y1, y2 in sorted(slab_rects):
        if y1 > y:
            out.append((y, min(y1, bottom)))
        y = max(y, y2)
        if y >= bottom:
            return out
    out.append((y, bottom))
    return out


def route(
    p0: Point,
    p1: Point,
    obstacles: Callable[[Rect], Sequence[Rect]] | Sequence[Rect],
    margin: float = 8.0,
) -> list[Point]:
    """Bend points for a link from ``p0`` to ``p1`` around ``obstacles`` (see module docstring).

    ``obstacles`` are the cards the link must not pass under (not its own ends'), as rectangles, or
    a function giving those that meet a query rectangle. Cards are kept ``margin`` clear.
    """
    x0, y0 = p0
    x1, y1 = p1

    def query(r: Rect) -> list[Rect]:
        found = obstacles(r) if callable(obstacles) else [
            o for o in obstacles if o[0] < r[2] and r[0] < o[2] and o[1] < r[3] and r[1] < o[3]]
        return [(a - margin, b - margin, c + margin, d + margin) for a, b, c, d in found]

    plain = plain_controls(p0, p1)
    xs = [c[0] for c in plain]
    ys = [c[1] for c in plain]
    near = query((min(xs), min(ys) - margin, max(xs), max(ys) + margin))
    if not cubic_hits(plain, [(a + margin - 0.5, b + margin - 0.5, c - margin + 0.5, d - margin + 0.5)
                              for a, b, c, d in near]):
        return []
    found = _forward(p0, p1, query, margin) if x1 - x0 >= 1.0 else _backward(p0, p1, query, margin)
    return found or []


def _pieces(p0: Point, p1: Point, query: Callable[[Rect], list[Rect]], margin: float) -> list[Point] | None:
    """Bend points from ``p0`` to ``p1`` (left to right) for a line of pieces: none when the one
    piece between them is clear; None when there is no way."""
    lo, hi = min(p0[1], p1[1]), max(p0[1], p1[1])
    near = query((p0[0], lo, p1[0], hi))
    if not cubic_hits(piece_controls(p0, p1), [(a + 0.5, b + 0.5, c - 0.5, d - 0.5) for a, b, c, d in near]):
        return []
    return _forward(p0, p1, query, margin) if p1[0] - p0[0] >= 1.0 else None


def _forward(p0: Point, p1: Point, query: Callable[[Rect], list[Rect]], margin: float) -> list[Point] | None:
    """Bend points of a link running left to right (see the module docstring), None if none found.
    The cards that matter are those in the x range, within a band above and below the ends that is
    widened when no way is found in it; the band's edges are walls."""
    x0, y0 = p0
    x1, y1 = p1
    lo, hi = min(y0, y1), max(y0, y1)
    for band in _BANDS:
        rects = [r for r in query((x0, lo - band, x1, hi + band)) if r[0] < x1 and r[2] > x0]
        if any(r[0] < x0 < r[2] and r[1] < y0 < r[3] for r in rects) or any(
                r[0] < x1 < r[2] and r[1] < y1 < r[3] for r in rects):
            # An end inside a grown card (cards closer than the margin): the margin-less cards.
            rects = [(a + margin, b + margin, c - margin, d - margin) for a, b, c, d in rects]
            if any(r[0] < x0 < r[2] and r[1] < y0 < r[3] or r[0] < x1 < r[2] and r[1] < y1 < r[3]
                   for r in rects):
                return None
        found = _route_in(p0, p1, rects, lo - band, hi + band)
        if found is not None:
            return found
    return None


def _backward(p0: Point, p1: Point, query: Callable[[Rect], list[Rect]], margin: float) -> list[Point] | None:
    """A link running right to left (its target left of its source, e.g. from one row of a wrapped
    layout to the next): out to the right of the source, along a free corridor at the height
    nearest midway between the ends, and in from the left of the target."""
    x0, y0 = p0
    x1, y1 = p1
    mid = (y0 + y1) / 2.0
    lo, hi = min(y0, y1), max(y0, y1)
    for band in _BANDS:
        for step in (40.0, 24.0, 64.0):
            xa, xb = x0 + step, x1 - step
            rects = query((xb, lo - band, xa, hi + band))
            free = [(a, b) for a, b in _free([(r[1], r[3]) for r in rects], lo - band, hi + band) if b - a >= 2.0]
            # The widest corridor between the ends' heights (the gap between two rows), else the
            # nearest to midway.
            free.sort(key=lambda iv: (not (lo < iv[0] and iv[1] < hi), -min(iv[1] - iv[0], 400.0),
                                      abs(min(max(mid, iv[0]), iv[1]) - mid)))
            for a, b in free[:3]:
                if lo < a and b < hi or b - a < 200.0:
                    # Along the middle of a corridor, on a lane of the source's own (links from
                    # different ports do not draw over each other).
                    lane = (int(abs(y0) // 4) % 9 - 4) * 8.0
                    y = min(max((a + b) / 2.0 + lane, a + (b - a) / 4.0), b - (b - a) / 4.0)
                else:
                    y = min(max(mid, a + 20.0), b - 20.0)
                ends = [(xa, xb)]
                # Or past every card between the source and the corridor (a box below the source
                # reaching further right), and before every card between it and the target.
                right = [r[2] for r in query((x0, min(y0, y), x0 + _REACH, max(y0, y))) if r[2] > x0]
                left = [r[0] for r in query((x1 - _REACH, min(y1, y), x1, max(y1, y))) if r[0] < x1]
                far = (max([xa, *(x + step for x in right)]), min([xb, *(x - step for x in left)]))
                if far != (xa, xb) and not any(r[1] < y < r[3] for r in query((far[1], y - 1.0, far[0], y + 1.0))):
                    ends.append(far)
                for fa, fb in ends:
                    first = _pieces(p0, (fa, y), query, margin)
                    if first is None:
                        continue
                    last = _pieces((fb, y), p1, query, margin)
                    if last is None:
                        continue
                    return [*first, (fa, y), (fb, y), *last]
    return None


def _route_in(p0: Point, p1: Point, rects: list[Rect], top: float, bottom: float) -> list[Point] | None:
    """Bend points between ``top`` and ``bottom`` around ``rects``, or None if there is no way."""
    x0, y0 = p0
    x1, y1 = p1
    plain = rects
    rects = _columns(rects, x0, x1)
    if any(r[1] < y0 < r[3] and r[0] < x0 < r[2] or r[1] < y1 < r[3] and r[0] < x1 < r[2] for r in rects):
        rects = plain
    cuts = sorted({x for r in rects for x in (r[0], r[2]) if x0 < x < x1})
    if len(cuts) > _MAX_SLABS:
        return None
    bounds = [x0, *cuts, x1]
    slabs = _slabs(bounds, rects, top, bottom)
    # Dynamic programme over slabs: per free interval the cheapest (cost, y, back pointer).
    first = next((j for j, (a, b) in enumerate(slabs[0]) if a < y0 < b), None)
    if first is None:
        return None
    layer: dict[int, tuple[float, float, int]] = {first: (0.0, y0, -1)}
    back: list[dict[int, tuple[float, float, int]]] = [layer]
    for k in range(1, len(slabs)):
        nxt: dict[int, tuple[float, float, int]] = {}
        ivs = slabs[k]
        prev_ivs = slabs[k - 1]
        width = max(bounds[k] - bounds[k - 1], 1.0)
        for i, (cost, y, _p) in layer.items():
            pa, pb = prev_ivs[i]
            j = bisect_right(ivs, (pa, math.inf)) - 1  # intervals are sorted and disjoint
            j = max(j, 0)
            while j < len(ivs) and ivs[j][0] < pb:
                a, b = ivs[j]
                lo_y, hi_y = max(a, pa), min(b, pb)
                if hi_y - lo_y >= 1.0:
                    # The height at the boundary: where the link is (else the nearest in the
                    # overlap), or as near its target as the overlap allows (a move made early, in
                    # this slab). Moves cost more in narrow slabs: they are made in wide channels.
                    stay = min(max(y, lo_y + 0.5), hi_y - 0.5)
                    go = min(max(y1, lo_y + 0.5), hi_y - 0.5)
                    for want in (stay, go) if abs(go - stay) > 0.5 else (stay,):
                        dy = abs(want - y)
                        c = cost + (dy * (1.0 + _NARROW / width) + _BEND_COST if dy > 0.5 else 0.0)
                        if j not in nxt or c < nxt[j][0]:
                            nxt[j] = (c, want, i)
                j += 1
        if not nxt:
            return None
        layer = nxt
        back.append(layer)
    last = next((j for j, (a, b) in enumerate(slabs[-1]) if a < y1 < b), None)
    if last is None or last not in layer:
        return None
    ys: list[float] = []
    j = last
    for k in range(len(slabs) - 1, 0, -1):
        _c, y, i = back[k][j]
        ys.append(y)
        j = i
    ys.reverse()
    points = [p0, *((bounds[k + 1], ys[k]) for k in range(len(ys))), p1]
    return _simplify(points, [(a + 0.5, b + 0.5, c - 0.5, d - 0.5) for a, b, c, d in rects])


def _columns(rects: list[Rect], x0: float, x1: float) -> list[Rect]:
    """Cards that start at one x (a layer of the layout) made as wide as the widest of them: fewer
    slabs (one per layer instead of one per card width) for a route that is only more careful."""
    right: dict[float, float] = {}
    for r in rects:
        right[r[0]] = max(right.get(r[0], r[2]), r[2])
    return [(a, b, right[a], d) for a, b, _c, d in rects]


def _slabs(bounds: list[float], rects: Sequence[Rect], top: float, bottom: float
           ) -> list[list[tuple[float, float]]]:
    """The free y intervals of each slab between consecutive ``bounds`` (a sweep over x)."""
    by_start = sorted(rects)
    active: list[Rect] = []
    out: list[list[tuple[float, float]]] = []
    nxt = 0
    for xa, xb in zip(bounds, bounds[1:]):
        while nxt < len(by_start) and by_start[nxt][0] < xb:
            active.append(by_start[nxt])
            nxt += 1
        active = [r for r in active if r[2] > xa]
        out.append(_free([(r[1], r[3]) for r in active if r[0] < xb], top, bottom))
    return out


def _simplify(points: list[Point], rects: Sequence[Rect]) -> list[Point]:
    """Drop bend points on straight runs and those the curve can do without; the bend points."""
    pts = [points[0]]
    for k in range(1, len(points) - 1):  # a point in line with its neighbours at one height goes
        if abs(points[k][1] - pts[-1][1]) < 0.5 and abs(points[k + 1][1] - points[k][1]) < 0.5:
            continue
        pts.append(points[k])
    pts.append(points[-1])
    ordered = sorted(rects)
    starts = [r[0] for r in ordered]
    widest = max((r[2] - r[0] for r in ordered), default=0.0)

    def clear(a: Point, b: Point) -> bool:
        lo, hi = min(a[1], b[1]), max(a[1], b[1])
        first = bisect_right(starts, a[0] - widest)
        last = bisect_right(starts, b[0])
        near = [r for r in ordered[first:last] if r[2] > a[0] and r[1] < hi and r[3] > lo]
        return not cubic_hits(piece_controls(a, b), near)

    out = [pts[0]]
    k = 0
    while k < len(pts) - 1:
        far = k + 1  # the farthest point reachable from pts[k] by one clear piece, tried in order
        while far + 1 < len(pts) and clear(pts[k], pts[far + 1]):
            far += 1
        out.append(pts[far])
        k = far
    return out[1:-1]
