"""Core layer (no Qt): coordinate assignment for the layered layout.

Layers become columns (x = widths of the columns before + gaps, nodes left aligned). Within a column
the order is fixed and each node is pulled to the weighted median of where its neighbours' ports
want it; the column is then solved exactly for least squared displacement without overlap by pool
adjacent violators (an isotonic regression, linear time). Sweeping this down, up and both ways is a
light stand-in for Brandes-Koepf: chains and long edges (weighted up) come out straight.
"""

from __future__ import annotations

from collections.abc import Sequence

from editor.core.layout_layering import LayeredGraph, Link

_PASSES = ("down", "up", "down", "up", "both", "both")
_LONE_WEIGHT = 1e-3  # a node with no neighbours on the swept side keeps its place, weakly


def assign_coordinates(
    g: LayeredGraph,
    order: list[list[int]],
    widths: Sequence[float],
    heights: Sequence[float],
    layer_gap: float,
    node_gap: float,
) -> tuple[list[float], list[float]]:
    """Top-left x and y of every node (dummies included: zero size, on their edge's line)."""
    n_real = g.n_real
    w = [float(widths[v]) if v < n_real else 0.0 for v in range(g.size)]
    h = [float(heights[v]) if v < n_real else 0.0 for v in range(g.size)]
    xs = [0.0] * g.size
    x = 0.0
    for layer in order:
        col = max((w[v] for v in layer), default=0.0)
        for v in layer:
            xs[v] = x
        x += col + layer_gap
    ys = [0.0] * g.size
    gaps = (node_gap, node_gap / 2.0, node_gap / 4.0)  # real-real, real-dummy, dummy-dummy
    for layer in order:
        y = 0.0
        for i, v in enumerate(layer):
            if i:
                y += h[layer[i - 1]] + _gap(layer[i - 1], v, n_real, gaps)
            ys[v] = y
    if len(order) > 1:
        for direction in _PASSES:
            if direction == "down":
                for lyr in range(1, len(order)):
                    _place(order[lyr], (g.up,), ys, h, n_real, gaps)
            elif direction == "up":
                for lyr in range(len(order) - 2, -1, -1):
                    _place(order[lyr], (g.down,), ys, h, n_real, gaps)
            else:
                for lyr in range(len(order)):
                    _place(order[lyr], (g.up, g.down), ys, h, n_real, gaps)
    top = min(ys[v] for v in range(n_real)) if n_real else 0.0
    return xs, [y - top for y in ys]


def _gap(a: int, b: int, n_real: int, gaps: tuple[float, float, float]) -> float:
    return gaps[(a >= n_real) + (b >= n_real)]


def _place(
    layer: list[int],
    sides: tuple[list[list[Link]], ...],
    ys: list[float],
    h: list[float],
    n_real: int,
    gaps: tuple[float, float, float],
) -> None:
    """Move the nodes of one column towards their neighbours, keeping order and spacing."""
    targets: list[float] = []
    weights: list[float] = []
    offsets: list[float] = []
    off = 0.0
    for i, v in enumerate(layer):
        if i:
            prev = layer[i - 1]
            off += h[prev] + _gap(prev, v, n_real, gaps)
        offsets.append(off)
        hv = h[v]
        wanted: list[tuple[float, float]] = []
        for links in sides:
            for u, uf, vf, wt in links[v]:
                wanted.append((ys[u] + uf * h[u] - vf * hv, wt))
        if not wanted:
            targets.append(ys[v])
            weights.append(_LONE_WEIGHT)
        elif len(wanted) == 1:
            targets.append(wanted[0][0])
            weights.append(wanted[0][1])
        else:
            t, wsum = _weighted_median(wanted)
            targets.append(t)
            weights.append(wsum)
    for v, y in zip(layer, _pava(targets, weights, offsets)):
        ys[v] = y


def _weighted_median(values: list[tuple[float, float]]) -> tuple[float, float]:
    values.sort()
    total = sum(wt for _y, wt in values)
    half = total / 2.0
    acc = 0.0
    for i, (y, wt) in enumerate(values):
        acc += wt
        if acc > half + 1e-9:
            return y, total
        if abs(acc - half) <= 1e-9:
            return (y + values[i + 1][0]) / 2.0, total
    return values[-1][0], total


def _pava(targets: list[float], weights: list[float], offsets: list[float]) -> list[float]:
    """Least weighted squares y with y[i+1] - y[i] >= offsets[i+1] - offsets[i]."""
    # Blocks of [weighted sum, weight, count] over z = y - offset, which must not decrease.
    blocks: list[list[float]] = []
    for t, wt, off in zip(targets, weights, offsets):
        blocks.append([(t - off) * wt, wt, 1])
        while len(blocks) > 1 and blocks[-2][0] * blocks[-1][1] >= blocks[-1][0] * blocks[-2][1]:
            s, wsum, c = blocks.pop()
            blocks[-1][0] += s
            blocks[-1][1] += wsum
            blocks[-1][2] += c
    out: list[float] = []
    i = 0
    for s, wsum, c in blocks:
        z = s / wsum
        for _ in range(int(c)):
            out.append(z + offsets[i])
            i += 1
    return out
