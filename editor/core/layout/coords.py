"""Core layer (no Qt): coordinate assignment for the layered layout.

Layers become columns (x = widths of the columns before + gaps, nodes left aligned). Within a column
the order is fixed and each node is pulled to the weighted median of where its neighbours' ports
want it; the column is then solved exactly for least squared displacement without overlap by pool
adjacent violators (an isotonic regression, linear time). Sweeping this down, up and both ways is a
light stand-in for Brandes-Koepf: chains and long edges (weighted up) come out straight.

A big graph ordered on compacted layers (``segments``) is placed the same way on those layers
(``assign_coordinates_compact``), a long edge's inner dummies being one block as in Brandes-Koepf:
one y for the whole line (its first inner dummy's), which its first and last dummy are pulled to,
which starts where its first dummy is (sweeping up: its last) and which each column it passes holds
at its place among the nodes there (moved when they push it). A line costs a lookup and a pool step
where it starts or ends or is pushed, nothing per pass in the columns where it just passes (the
pieces of each column are found once, with set intersections); there is no neighbour median per
dummy. Work per pass follows the vertices, not the dummies.
"""

from __future__ import annotations

from collections.abc import Sequence

from editor.core.layout.layering import LayeredGraph
from editor.core.layout.segments import CompactLayers

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
    push_s, push_w, push_c = sums.append, wsums.append, counts.append
    pop_s, pop_w, pop_c = sums.pop, wsums.pop, counts.pop
    for v, off in zip(layer, offsets, strict=True):
        nb = wants[v]
        k = len(nb)
        if k == 1:
            u, t, wt = nb[0]
            t += ys[u]
        elif k == 2:  # _median's two-neighbour case, inline (a dummy in the both-ways passes)
            (u1, c1, w1), (u2, c2, w2) = nb
            y1 = ys[u1] + c1
            y2 = ys[u2] + c2
            if y2 < y1 or (y2 == y1 and w2 < w1):
                y1, w1, y2, w2 = y2, w2, y1, w1
            wt = w1 + w2
            half = wt / 2.0
            if w1 > half + 1e-9:
                t = y1
            elif abs(w1 - half) <= 1e-9:
                t = (y1 + y2) / 2.0
            else:
                t = y2
        elif not k:
            t = ys[v]
            wt = _LONE_WEIGHT
        else:
            t, wt = _median(nb, ys)
        s = (t - off) * wt
        c = 1
        while sums and sums[-1] * wt >= s * wsums[-1]:
            s += pop_s()
            wt += pop_w()
            c += pop_c()
        push_s(s)
        push_w(wt)
        push_c(c)
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


def assign_coordinates_compact(
    g: LayeredGraph,
    compact: CompactLayers,
    widths: Sequence[float],
    heights: Sequence[float],
    layer_gap: float,
    node_gap: float,
) -> tuple[list[float], list[float]]:
    """As ``assign_coordinates``, on compacted layers: top-left x and y of every vertex (real nodes,
    segments' first and last dummies, the one dummy of an edge over two layer gaps); a segment's
    inner dummies are one line, whose y is given as its first inner dummy's (the others: 0, 0)."""
    n_real = g.n_real
    size = g.size
    verts, conts, q_of = compact.verts, compact.conts, compact.q_of
    w = [float(widths[v]) for v in range(n_real)]
    h = [float(heights[v]) for v in range(n_real)] + [0.0] * (size - n_real)
    xs = [0.0] * size
    x = 0.0
    for vs in verts:
        col = max((w[v] for v in vs if v < n_real), default=0.0)
        for v in vs:
            xs[v] = x
        x += col + layer_gap
    # A segment's line (the y of its first inner dummy, p + 1) is what its p and q are pulled to.
    p_of = {q: p for p, q in q_of.items()}
    g_up, g_down, g_layer = g.up, g.down, g.layer
    empty: list[tuple[int, float, float]] = []
    up: list[list[tuple[int, float, float]]] = [empty] * size
    down: list[list[tuple[int, float, float]]] = [empty] * size
    for vs in verts:
        for v in vs:
            hv = h[v]
            q = q_of.get(v)
            if q is not None:
                down[v] = [(v + 1 if q > v + 1 else q, 0.0, g_down[v][0][3])]
            else:
                down[v] = [(u, uf * h[u] - vf * hv, wt) for u, uf, vf, wt in g_down[v]]
            p = p_of.get(v)
            if p is not None:
                up[v] = [(p + 1 if v > p + 1 else p, 0.0, g_up[v][0][3])]
            else:
                up[v] = [(u, uf * h[u] - vf * hv, wt) for u, uf, vf, wt in g_up[v]]
    gaps = (node_gap, node_gap / 2.0, node_gap / 4.0)  # real-real, real-dummy, dummy-dummy
    dd = gaps[2]
    # The pieces of each column, top to bottom, for each way of sweeping: vertices, and the lines
    # of the segments in each container. A line that was in the column placed just before (one
    # layer back when sweeping down or both ways, one on when sweeping up) comes in a run with the
    # others next to it (see ``_place_pieces``); one starting (ending) here comes alone: the
    # segments whose line starts in a column (p one layer back) and ends in it (q one on).
    starting: list[set[int]] = [set() for _ in verts]
    ending: list[set[int]] = [set() for _ in verts]
    for p, q in q_of.items():
        if q > p + 1:
            starting[g_layer[p] + 1].add(p)
            ending[g_layer[q] - 1].add(p)
    pieces_down: list[list[tuple]] = []
    pieces_up: list[list[tuple]] = []
    vert_offs: list[list[float]] = []
    ys = [0.0] * size
    for lyr, (vs, cs) in enumerate(zip(verts, conts, strict=True)):
        pd: list[tuple] = []
        pu: list[tuple] = []
        voffs: list[float] = []
        y = 0.0
        prev_h = -1.0  # height of the item before (-1: none yet); prev_dummy: whether it is one
        prev_dummy = False
        for j, c in enumerate(cs):
            if c:
                if prev_h >= 0.0:
                    y += prev_h + gaps[prev_dummy + 1]
                base = y
                y += (len(c) - 1) * dd
                hits = starting[lyr].intersection(c) if starting[lyr] else ()
                _runs(pd, c, base, dd, sorted([c.index(s) for s in hits]), None)
                hits = ending[lyr].intersection(c) if ending[lyr] else ()
                alone = sorted([c.index(s) for s in hits])
                for i in alone:  # a first guess for a line: packed as in its last column
                    ys[c[i] + 1] = base + i * dd
                _runs(pu, c, base, dd, alone, q_of)
                prev_h = 0.0
                prev_dummy = True
            if j < len(vs):
                v = vs[j]
                if prev_h >= 0.0:
                    y += prev_h + gaps[prev_dummy + (v >= n_real)]
                piece = (0, v, y)
                pd.append(piece)
                pu.append(piece)
                voffs.append(y)
                ys[v] = y
                prev_h = h[v]
                prev_dummy = v >= n_real
        pieces_down.append(pd)
        pieces_up.append(pu)
        vert_offs.append(voffs)
    if len(verts) > 1:
        both: list[list[tuple[int, float, float]]] | None = None
        for direction in _PASSES:
            if direction == "down":
                for lyr in range(1, len(verts)):
                    _place_pieces(pieces_down[lyr], up, ys, verts[lyr], vert_offs[lyr], dd)
            elif direction == "up":
                for lyr in range(len(verts) - 2, -1, -1):
                    _place_pieces(pieces_up[lyr], down, ys, verts[lyr], vert_offs[lyr], dd)
            else:
                if both is None:
                    both = [empty] * size
                    for vs in verts:
                        for v in vs:
                            both[v] = up[v] + down[v]
                for lyr in range(len(verts)):
                    _place_pieces(pieces_down[lyr], both, ys, verts[lyr], vert_offs[lyr], dd)
    top = min(ys[:n_real]) if n_real else 0.0
    return xs, [y - top for y in ys]


_LINE_WEIGHT = 8.0  # a segment's line holds its place in a column as firmly as a dummy (_W_DUMMY)


def _runs(out: list[tuple], c: list[int], base: float, dd: float, alone: list[int],
          q_of: dict[int, int] | None) -> None:
    """The container ``c`` (line ``i`` at ``base + i * dd``) as pieces: the lines at ``alone`` one
    by one, (1, line, offset, end), pulled to the segment's end next to the column (its p, or its
    q given ``q_of``), the stretches between them as runs, (2, c, start, stop, base)."""
    a = 0
    for i in alone:
        if i > a:
            out.append((2, c, a, i, base))
        s = c[i]
        out.append((1, s + 1, base + i * dd, s if q_of is None else q_of[s]))
        a = i + 1
    if a < len(c):
        out.append((2, c, a, len(c), base))


def _place_pieces(
    pieces: list[tuple],
    wants: list[list[tuple[int, float, float]]],
    ys: list[float],
    vs: list[int],
    voffs: list[float],
    dd: float,
) -> None:
    """``_place`` for a column of vertices and segments' lines, lazily. A line where it starts (or
    ends, sweeping up) is pulled to its first (last) dummy, one column back, as the dummy after
    that one would be; a line passing on from the column placed just before is held where it is,
    as a dummy wanting its neighbour on the same line would be. A run of such lines was in order
    and apart in that column and stays so here unless a block of its neighbours grows into it:
    pool adjacent violators takes its lines one by one only from its ends while they are
    violated, and the rest keep their places without being looked at. Last, each vertex is kept
    clear of the one before (should a run not have been in order after all)."""
    if len(pieces) == 1:
        if pieces[0][0]:  # a lone line: nothing here to keep clear of
            return
        v = pieces[0][1]
        nb = wants[v]
        if len(nb) == 1:
            u, c, _wt = nb[0]
            ys[v] = ys[u] + c
        elif nb:
            ys[v] = _median(nb, ys)[0]
        return
    line_w = _LINE_WEIGHT
    sums: list[float] = []
    wsums: list[float] = []
    items: list[list[tuple[int, float]] | None] = []  # None: a run, its bounds in runs
    runs: list[list | None] = []

    def push(s: float, wt: float, block: list[tuple[int, float]]) -> None:
        """Pool the block with the ones before it while they are violated, then stack it."""
        while sums:
            run = runs[-1]
            if run is not None:  # a run: its last line, alone
                c, a, b, base = run
                k = b - 1
                off = base + k * dd
                z = ys[c[k] + 1] - off
                if z * wt <= s:
                    break
                s += z * line_w
                wt += line_w
                block = [(c[k] + 1, off), *block]
                if k == a:
                    sums.pop()
                    wsums.pop()
                    items.pop()
                    runs.pop()
                else:
                    run[2] = k
                continue
            if sums[-1] * wt <= s * wsums[-1]:
                break
            s += sums.pop()
            wt += wsums.pop()
            block = items.pop() + block  # type: ignore[operator]
            runs.pop()
        sums.append(s)
        wsums.append(wt)
        items.append(block)
        runs.append(None)

    for piece in pieces:
        kind = piece[0]
        if kind == 0:
            _k, v, off = piece
            nb = wants[v]
            n = len(nb)
            if n == 1:
                u, t, wt = nb[0]
                t += ys[u]
            elif not n:
                t = ys[v]
                wt = _LONE_WEIGHT
            else:
                t, wt = _median(nb, ys)
            push((t - off) * wt, wt, [(v, off)])
        elif kind == 1:
            _k, line, off, end = piece
            push((ys[end] - off) * line_w, line_w, [(line, off)])
        else:
            _k, c, a, b, base = piece
            while a < b:  # its first lines one by one while they pool with the block before
                off = base + a * dd
                line = c[a] + 1
                z = ys[line] - off
                if sums:
                    run = runs[-1]
                    if run is not None:
                        rc, _ra, rb, rbase = run
                        pooled = ys[rc[rb - 1] + 1] - (rbase + (rb - 1) * dd) > z
                    else:
                        pooled = sums[-1] > z * wsums[-1]
                    if pooled:
                        push(z * line_w, line_w, [(line, off)])
                        a += 1
                        continue
                sums.append(0.0)
                wsums.append(0.0)
                items.append(None)
                runs.append([c, a, b, base])
                break
    for s, wt, block in zip(sums, wsums, items, strict=True):
        if block is not None:
            z = s / wt
            for i, off in block:
                ys[i] = z + off
    prev = -1
    prev_off = 0.0
    for v, off in zip(vs, voffs, strict=True):
        if prev >= 0:
            least = ys[prev] + off - prev_off
            if ys[v] < least:
                ys[v] = least
        prev, prev_off = v, off
