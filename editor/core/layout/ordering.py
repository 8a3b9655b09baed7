"""Core layer (no Qt): crossing minimisation for the layered layout.

Port-aware barycenter sweeps, alternately down and up, each followed by one pass of adjacent swaps
(transpose); the best order seen gets a few more transpose passes. An edge end sits at
``rank + port fraction`` of its node, so links from one node's different ports are ordered too.
Deterministic: ties keep the current order, which starts from a depth-first walk in input order.
Huge layered graphs (many dummies) get fewer sweeps, so the time stays about linear in their size.
Big ones with more dummies than twice their real nodes are ordered on compacted layers instead, a
long edge's inner dummies being one segment (``segments``): the sweeps' work then follows the real
nodes and edges rather than the dummies; ``order_layers`` keeps such an order compacted for the
coordinates.
"""

from __future__ import annotations

from bisect import bisect_right

from editor.core.layout.layering import LayeredGraph, Link
from editor.core.layout.segments import CompactLayers, minimise_crossings_segments, segment_order

_MAX_SWEEPS = 24
_PATIENCE = 3  # stop after this many sweeps without a better order
_FINAL_TRANSPOSE_PASSES = 8  # on the best order; each sweep is followed by one cheap pass
# Effort cap: sweeps (and final transpose passes) times layered-graph size stays near this.
_WORK_BUDGET = 400_000
# Segments instead of dummies from this layered-graph size on (where the budget above starts to cut
# the sweeps: 400,000 / 24), if dummies outnumber twice the real nodes. Every graph in the tests'
# recorded bounds (WORC-like networks, a few hundred nodes at most) stays far below it.
SEGMENT_MIN_SIZE = _WORK_BUDGET // _MAX_SWEEPS


def uses_segments(g: LayeredGraph) -> bool:
    """Whether ``minimise_crossings`` orders ``g`` on compacted layers (segments)."""
    return g.size >= SEGMENT_MIN_SIZE and g.size - g.n_real > 2 * g.n_real


def order_layers(g: LayeredGraph) -> tuple[list[list[int]] | CompactLayers, int]:
    """As ``minimise_crossings``, but a big graph's order stays on compacted layers (segments), for
    ``coords.assign_coordinates_compact``: expanding it would cost as much as its dummies."""
    if uses_segments(g):
        return segment_order(g)
    return minimise_crossings(g)


def minimise_crossings(g: LayeredGraph) -> tuple[list[list[int]], int]:
    """The best within-layer order found and its crossing count (between adjacent layers)."""
    if uses_segments(g):
        return minimise_crossings_segments(g)
    order = [list(layer) for layer in g.layers]
    pos = [0] * g.size
    for layer in order:
        for i, v in enumerate(layer):
            pos[v] = i
    best = [list(layer) for layer in order]
    best_c = count_order_crossings(order, pos, g.down)
    stale = 0
    budget = max(1, _WORK_BUDGET // max(g.size, 1))
    max_sweeps = max(4, min(_MAX_SWEEPS, budget))
    final_passes = max(2, min(_FINAL_TRANSPOSE_PASSES, budget))
    # The orders after the last two sweeps: a sweep is a function of the order it starts from, so
    # once an order comes back two sweeps later (same direction), the sweeps only repeat orders
    # already counted and none can be better: stopping then gives the same result, sooner.
    earlier: list[list[list[int]]] = [[], []]
    for sweep in range(max_sweeps):
        if best_c == 0 or stale >= _PATIENCE:
            break
        if sweep % 2 == 0:
            for lyr in range(1, len(order)):
                _reorder(order[lyr], g.up, pos)
        else:
            for lyr in range(len(order) - 2, -1, -1):
                _reorder(order[lyr], g.down, pos)
        transpose(order, pos, g, 1)
        if order == earlier[sweep % 2]:
            break
        earlier[sweep % 2] = [list(layer) for layer in order]
        c = count_order_crossings(order, pos, g.down)
        if c < best_c:
            best = [list(layer) for layer in order]
            best_c = c
            stale = 0
        else:
            stale += 1
    if best_c:
        for layer in best:
            for i, v in enumerate(layer):
                pos[v] = i
        transpose(best, pos, g, final_passes)
        best_c = count_order_crossings(best, pos, g.down)
    return best, best_c


def _reorder(layer: list[int], links: list[list[Link]], pos: list[int]) -> None:
    """Sort ``layer`` by port-aware barycenter; nodes without neighbours keep their slot."""
    if len(layer) < 2:  # nothing to sort (a chain's layers); its one rank is already 0
        return
    keyed: list[tuple[float, int, int]] = []
    keep: list[bool] = []
    for i, v in enumerate(layer):
        nb = links[v]
        if len(nb) == 1:  # a dummy, or a node with one link: no sum to make
            u, uf, vf, _w = nb[0]
            keyed.append((pos[u] + uf - vf, i, v))
            keep.append(False)
        elif nb:
            total = 0.0
            for u, uf, vf, _w in nb:
                total += pos[u] + uf - vf
            keyed.append((total / len(nb), i, v))
            keep.append(False)
        else:
            keep.append(True)
    if not keyed:
        return
    keyed.sort()
    if len(keyed) == len(layer):  # every node has neighbours: the sorted order is the layer
        layer[:] = [t[2] for t in keyed]
    else:
        it = iter(keyed)
        for i, fixed in enumerate(keep):
            if not fixed:
                layer[i] = next(it)[2]
    for i, v in enumerate(layer):
        pos[v] = i


def count_order_crossings(order: list[list[int]], pos: list[int], down: list[list[Link]]) -> int:
    """Crossings between every pair of adjacent layers, edge ends at ``rank + port fraction``."""
    total = 0
    for layer in order[:-1]:
        pairs = [(pos[v] + vf, pos[w] + wf) for v in layer for w, wf, vf, _wt in down[v]]
        if len(pairs) < 2:
            continue
        pairs.sort()
        seen: list[float] = []
        insert = seen.insert
        for _a, b in pairs:
            i = bisect_right(seen, b)
            total += len(seen) - i
            insert(i, b)
    return total


def _side_keys(layer: list[int], links: list[list[Link]], pos: list[int]) -> list[list[float]]:
    """Per node of ``layer``: the sorted positions of its edge ends in the neighbouring layer."""
    return [
        [pos[nb[0][0]] + nb[0][1]] if len(nb) == 1 else sorted([pos[u] + uf for u, uf, _v, _w in nb])
        for nb in [links[v] for v in layer]
    ]


def _greater_pairs(a: list[float], b: list[float]) -> int:
    """Pairs (x in a, y in b) with x > y; both sorted."""
    nb = len(b)
    if nb == 1:
        y = b[0]
        if len(a) == 1:
            return 1 if a[0] > y else 0
        return len(a) - bisect_right(a, y)
    count = 0
    j = 0
    for x in a:
        while j < nb and b[j] < x:
            j += 1
        count += j
    return count


def transpose(order: list[list[int]], pos: list[int], g: LayeredGraph, passes: int) -> None:
    """Swap adjacent nodes where that lowers the crossings with both neighbouring layers.

    Each pass walks every layer whose neighbours changed once, top to bottom, swapping as it goes.
    """
    dirty = [True] * len(order)
    for _ in range(passes):
        changed = False
        for lyr, layer in enumerate(order):
            if not dirty[lyr] or len(layer) < 2:
                continue
            dirty[lyr] = False
            up = _side_keys(layer, g.up, pos)
            down = _side_keys(layer, g.down, pos)
            moved = False
            # A node with one end on each side (a dummy, a chain node) is compared directly.
            single = [len(a) == 1 and len(b) == 1 for a, b in zip(up, down, strict=True)]
            for i in range(len(layer) - 1):
                if single[i] and single[i + 1]:
                    x, y, p, q = up[i][0], up[i + 1][0], down[i][0], down[i + 1][0]
                    # Crossings now (x > y) + (p > q) against (y > x) + (q > p) once swapped.
                    if not ((x > y and p >= q) or (x == y and p > q)):
                        continue
                else:
                    ua, ub, da, db = up[i], up[i + 1], down[i], down[i + 1]
                    if (not ua or not ub or ua[-1] <= ub[0]) and (not da or not db or da[-1] <= db[0]):
                        continue  # no pair in the wrong order on either side: nothing to gain
                    keep = _greater_pairs(ua, ub) + _greater_pairs(da, db)
                    if keep == 0 or _greater_pairs(ub, ua) + _greater_pairs(db, da) >= keep:
                        continue
                layer[i], layer[i + 1] = layer[i + 1], layer[i]
                up[i], up[i + 1] = up[i + 1], up[i]
                down[i], down[i + 1] = down[i + 1], down[i]
                single[i], single[i + 1] = single[i + 1], single[i]
                moved = True
            if moved:
                changed = True
                dirty[lyr] = True
                for i, v in enumerate(layer):
                    pos[v] = i
                if lyr > 0:
                    dirty[lyr - 1] = True
                if lyr + 1 < len(order):
                    dirty[lyr + 1] = True
        if not changed:
            break
