"""Core layer (no Qt): putting a laid-out block of nodes among nodes that must not move.

The block keeps its shape; it is shifted to an anchor (given, or right of its upstream neighbours,
or left of its downstream ones, or below everything) and then pushed the shortest way along the
allowed directions until none of its nodes comes within ``margin`` of a fixed node.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from statistics import median

from editor.core.layout.values import (
    LayoutEdge,
    Point,
    Size,
    port_counts,
    port_fraction,
)

Rect = tuple[float, float, float, float]  # x1, y1, x2, y2

_DOWN, _UP, _RIGHT, _LEFT = (0, 1), (0, -1), (1, 0), (-1, 0)
_MAX_PUSHES = 20_000
_EPS = 1e-6  # overlaps thinner than this are rounding, not overlaps


class _RectIndex:
    """A uniform grid over rectangles, for overlap queries."""

    def __init__(self, rects: Sequence[Rect], margin: float) -> None:
        self._rects = [(x1 - margin, y1 - margin, x2 + margin, y2 + margin) for x1, y1, x2, y2 in rects]
        spans = [max(r[2] - r[0], r[3] - r[1]) for r in self._rects]
        self._cell = max(median(spans) if spans else 1.0, 1.0)
        self._grid: dict[tuple[int, int], list[int]] = {}
        for i, r in enumerate(self._rects):
            for key in self._cells(r):
                self._grid.setdefault(key, []).append(i)

    def _cells(self, r: Rect) -> list[tuple[int, int]]:
        c = self._cell
        x1, y1 = math.floor(r[0] / c), math.floor(r[1] / c)
        x2, y2 = math.floor(r[2] / c), math.floor(r[3] / c)
        return [(i, j) for i in range(x1, x2 + 1) for j in range(y1, y2 + 1)]

    def hits(self, r: Rect) -> list[Rect]:
        """The (margin-inflated) rectangles that overlap ``r`` by more than rounding error."""
        found: dict[int, Rect] = {}
        e = _EPS
        for key in self._cells(r):
            for i in self._grid.get(key, ()):
                o = self._rects[i]
                if r[0] < o[2] - e and o[0] < r[2] - e and r[1] < o[3] - e and o[1] < r[3] - e:
                    found[i] = o
        return list(found.values())


def _push(block: Sequence[Rect], index: _RectIndex, dx: float, dy: float, d: tuple[int, int]) -> Point | None:
    """Move the block along ``d`` from (dx, dy) until it overlaps nothing; None if that takes too long."""
    for _ in range(_MAX_PUSHES):
        step = 0.0
        for x1, y1, x2, y2 in block:
            for o in index.hits((x1 + dx, y1 + dy, x2 + dx, y2 + dy)):
                if d == _DOWN:
                    need = o[3] - (y1 + dy)
                elif d == _UP:
                    need = (y2 + dy) - o[1]
                elif d == _RIGHT:
                    need = o[2] - (x1 + dx)
                else:
                    need = (x2 + dx) - o[0]
                step = max(step, need)
        if step <= 0.0:
            return dx, dy
        dx += d[0] * step
        dy += d[1] * step
    return None


def place_block(
    block: Mapping[str, Point],
    block_sizes: Mapping[str, Size],
    fixed: Mapping[str, Point],
    fixed_sizes: Mapping[str, Size],
    edges: Sequence[LayoutEdge],
    near: Point | None,
    layer_gap: float,
    node_gap: float,
    ports: tuple[Mapping[str, int], Mapping[str, int]] | None = None,
) -> dict[str, Point]:
    """Shift ``block`` (positions relative to its own layout) to sit among ``fixed`` without overlap."""
    if not block:
        return {}
    rel = [(x, y, x + block_sizes[i][0], y + block_sizes[i][1]) for i, (x, y) in block.items()]
    bx = min(r[0] for r in rel)
    by = min(r[1] for r in rel)
    obstacles = [
        (x, y, x + fixed_sizes.get(i, (0.0, 0.0))[0], y + fixed_sizes.get(i, (0.0, 0.0))[1])
        for i, (x, y) in fixed.items()
    ]
    anchor: Point | None
    directions: tuple[tuple[int, int], ...]
    if near is not None:
        anchor = (near[0] - bx, near[1] - by)
        directions = (_DOWN, _RIGHT, _UP, _LEFT)
    else:
        n_in, n_out = ports if ports is not None else port_counts(edges)
        anchor, directions = _neighbour_anchor(
            block, block_sizes, fixed, fixed_sizes, edges, layer_gap, n_in, n_out
        )
        if anchor is None and obstacles:
            anchor = (min(r[0] for r in obstacles) - bx, max(r[3] for r in obstacles) + 2 * node_gap - by)
        elif anchor is None:
            anchor = (-bx, -by)
    if obstacles:
        index = _RectIndex(obstacles, node_gap)
        best: Point | None = None
        best_d = math.inf
        for d in directions:
            found = _push(rel, index, anchor[0], anchor[1], d)
            if found is not None:
                dist = math.hypot(found[0] - anchor[0], found[1] - anchor[1])
                if dist < best_d:
                    best, best_d = found, dist
        if best is None:  # pathological: go below everything
            best = (anchor[0], max(r[3] for r in obstacles) + node_gap - by)
        anchor = best
    dx, dy = anchor
    return {i: (x + dx, y + dy) for i, (x, y) in block.items()}


def _neighbour_anchor(
    block: Mapping[str, Point],
    block_sizes: Mapping[str, Size],
    fixed: Mapping[str, Point],
    fixed_sizes: Mapping[str, Size],
    edges: Sequence[LayoutEdge],
    layer_gap: float,
    n_in: Mapping[str, int],
    n_out: Mapping[str, int],
) -> tuple[Point | None, tuple[tuple[int, int], ...]]:
    """Offset putting the block right of its fixed upstream nodes (else left of downstream ones)."""
    xs_in: list[float] = []
    ys_in: list[float] = []
    xs_out: list[float] = []
    ys_out: list[float] = []
    for e in edges:
        if e.source in fixed and e.target in block:
            (fx, fy), (fw, fh) = fixed[e.source], fixed_sizes.get(e.source, (0.0, 0.0))
            (bx, by), (_bw, bh) = block[e.target], block_sizes[e.target]
            xs_in.append(fx + fw + layer_gap - bx)
            ys_in.append(
                fy
                + fh * port_fraction(e.source_port, n_out.get(e.source, 1))
                - by
                - bh * port_fraction(e.target_port, n_in.get(e.target, 1))
            )
        elif e.source in block and e.target in fixed:
            (fx, fy), (_fw, fh) = fixed[e.target], fixed_sizes.get(e.target, (0.0, 0.0))
            (bx, by), (bw, bh) = block[e.source], block_sizes[e.source]
            xs_out.append(fx - layer_gap - bx - bw)
            ys_out.append(
                fy
                + fh * port_fraction(e.target_port, n_in.get(e.target, 1))
                - by
                - bh * port_fraction(e.source_port, n_out.get(e.source, 1))
            )
    if xs_in:
        return (max(xs_in), median(ys_in)), (_DOWN, _RIGHT, _UP)
    if xs_out:
        return (min(xs_out), median(ys_out)), (_DOWN, _LEFT, _UP)
    return None, (_DOWN, _RIGHT)
