"""Core layer (no Qt): coordinate assignment for the layered layout.

Layers become columns (x = widths of the columns before + gaps, nodes left aligned). Within a column
the order is fixed and each node is pulled to the weighted median of where its neighbours' ports
want it; the column is then solved exactly for least squared displacement without overlap by pool
adjacent violators (an isotonic regression, linear time). Sweeping this down, up and both ways is a
light stand-in for Brandes-Koepf: chains and long edges (weighted up) come out straight.
"""

from __future__ import annotations

from collections.abc import Sequence

from editor.core.layout.layering import LayeredGraph

_PASSES = ("down", "up", "both", "both")
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
    size = g.size
    w = [float(widths[v]) for v in range(n_real)] + [0.0] * (size - n_real)
    h = [float(heights[v]) for v in range(n_real)] + [0.0] * (size - n_real)
    xs = [0.0] * size
    x = 0.0
    for layer in order:
        col = max((w[v] for v in layer), default=0.0)
        for v in layer:
            xs[v] = x
        x += col + layer_gap
    # Where each neighbour wants a node's top: neighbour's top + (neighbour's port - own port).
    up = [[(u, uf * h[u] - vf * h[v], wt) for u, uf, vf, wt in g.up[v]] for v in range(size)]
    down = [[(u, uf * h[u] - vf * h[v], wt) for u, uf, vf, wt in g.down[v]] for v in range(size)]
    gaps = (node_gap, node_gap / 2.0, node_gap / 4.0)  # real-real, real-dummy, dummy-dummy
    offsets: list[list[float]] = []
    ys = [0.0] * size
    for layer in order:
        offs = []
        y = 0.0
        prev = -1
        for v in layer:
            if prev >= 0:
                y += h[prev] + gaps[(prev >= n_real) + (v >= n_real)]
            offs.append(y)
            ys[v] = y
            prev = v
        offsets.append(offs)
    if len(order) > 1:
        both: list[list[tuple[int, float, float]]] | None = None
        for direction in _PASSES:
            if direction == "down":
                for lyr in range(1, len(order)):
                    _place(order[lyr], offsets[lyr], up, ys)
            elif direction == "up":
                for lyr in range(len(order) - 2, -1, -1):
                    _place(order[lyr], offsets[lyr], down, ys)
            else:
                if both is None:
                    both = [a + b for a, b in zip(up, down, strict=True)]
                for lyr in range(len(order)):
                    _place(order[lyr], offsets[lyr], both, ys)
    top = min(ys[:n_real]) if n_real else 0.0
    return xs, [y - top for y in ys]


def _place(
    layer: list[int],
    offsets: list[float],
    wants: list[list[tuple[int, float, float]]],
    ys: list[float],
) -> None:
    """Move the nodes of one column towards their neighbours, keeping order and spacing."""
    if len(layer) == 1:  # a lone node (a chain's layers): straight to where its neighbours want it
        v = layer[0]
        nb = wants[v]
        if len(nb) == 1:
            u, c, _wt = nb[0]
            ys[v] = ys[u] + c
        elif nb:
            ys[v] = _median(nb, ys)[0]
        return
    # Least weighted squares y with y[i+1] - y[i] >= offsets[i+1] - offsets[i], by pool adjacent
    # violators over z = y - offset, which must not decrease: blocks of (weighted sum, weight,
    # count), merged while a block's mean is not above the one before. Fed with each node's target
    # as it is worked out (this runs for every node four times).
    sums: list[float] = []
    wsums: list[float] = []
    counts: list[int] = []
    for v, off in zip(layer, offsets, strict=True):
        nb = wants[v]
        k = len(nb)
        if k == 1:
            u, t, wt = nb[0]
            t += ys[u]
        elif not k:
            t = ys[v]
            wt = _LONE_WEIGHT
        else:
            t, wt = _median(nb, ys)
        s = (t - off) * wt
        c = 1
        while sums and sums[-1] * wt >= s * wsums[-1]:
            s += sums.pop()
            wt += wsums.pop()
            c += counts.pop()
        sums.append(s)
        wsums.append(wt)
        counts.append(c)
    i = 0
    for s, wt, c in zip(sums, wsums, counts, strict=True):
        z = s / wt
        if c == 1:
            ys[layer[i]] = z + offsets[i]
            i += 1
            continue
        for j in range(i, i + c):
            ys[layer[j]] = z + offsets[j]
        i += c


def _median(nb: list[tuple[int, float, float]], ys: list[float]) -> tuple[float, float]:
    """The weighted median of where ``nb`` want a node, and their total weight."""
    if len(nb) == 2:  # a dummy in the both-ways passes: the heavier side, or halfway if equal
        (u1, c1, w1), (u2, c2, w2) = nb
        y1 = ys[u1] + c1
        y2 = ys[u2] + c2
        if y2 < y1 or (y2 == y1 and w2 < w1):
            y1, w1, y2, w2 = y2, w2, y1, w1
        total = w1 + w2
        half = total / 2.0
        if w1 > half + 1e-9:
            return y1, total
        if abs(w1 - half) <= 1e-9:
            return (y1 + y2) / 2.0, total
        return y2, total
    return _weighted_median([(ys[u] + c, wt) for u, c, wt in nb])


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
