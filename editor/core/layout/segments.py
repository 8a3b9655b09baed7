"""Core layer (no Qt): crossing minimisation on compacted layers, for big layered graphs.

The method of Eiglsperger, Siebenhaller and Kaufmann ("An Efficient Implementation of Sugiyama's
Algorithm for Layered Graph Drawing", JGAA 9(3), 2005): a chain of two or more dummies is one
*segment*; its first dummy (p) and last dummy (q) stay vertices, its inner dummies are one vertical
line kept in *containers*, so a layer is ``C0 v0 C1 v1 ... vk Ck`` (containers: lists of segment
ids, the id being the segment's p). A sweep step from a fixed layer to the next one absorbs the
segments starting there into the containers, sorts the next layer's other vertices by port-aware
barycenter, merges them with the containers by position (splitting a container where a vertex falls
inside it) and takes the segments ending there out of their containers as q vertices. Segments
never cross each other, so the crossings of a layer gap are the inversions among its short edges
plus, per short edge, the difference of the numbers of segments left of its two ends. Work per sweep
grows with vertices and short edges, not with the dummies (containers are split and joined by list
slicing). Adjacent swaps (transpose) are tried between vertices with no container between them.
The result stays compacted for the coordinates (``coords.assign_coordinates_compact``: a segment is
one straight line from its p to its q there); ``CompactLayers.expand`` gives the full layers.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from dataclasses import dataclass

from editor.core.layout.layering import LayeredGraph, Link

_MAX_SWEEPS = 24
_PATIENCE = 3
_FINAL_TRANSPOSE_PASSES = 8


class _Compact:
    """The compacted layers and the segment bookkeeping of one layered graph."""

    def __init__(self, g: LayeredGraph) -> None:
        size, n_real = g.size, g.n_real
        layer, up, down = g.layer, g.up, g.down
        self.g = g
        # Chains: a dummy whose up neighbour is not a dummy starts one; its dummies are consecutive.
        seg_id = [-1] * size  # p and q of a segment: the segment's id (its p)
        is_p = [False] * size
        is_q = [False] * size
        inner = [False] * size
        q_of: dict[int, int] = {}
        for d in range(n_real, size):
            if up[d][0][0] >= n_real:
                continue
            e = d
            while down[e][0][0] >= n_real:
                e += 1
            if e > d:  # two or more dummies: a segment
                seg_id[d] = d
                seg_id[e] = d
                is_p[d] = True
                is_q[e] = True
                q_of[d] = e
                for k in range(d + 1, e):
                    inner[k] = True
        self.seg_id, self.is_p, self.is_q, self.q_of = seg_id, is_p, is_q, q_of
        self.verts: list[list[int]] = [[v for v in lyr if not inner[v]] for lyr in g.layers]
        self.conts: list[list[list[int]]] = [[[] for _ in range(len(vs) + 1)] for vs in self.verts]
        # Initial positions: ranks among the layer's vertices (containers are rebuilt by the sweeps).
        self.pos = [0] * size
        for vs in self.verts:
            for i, v in enumerate(vs):
                self.pos[v] = i
        self.layer = layer

    # -- sweeps -------------------------------------------------------------------------------

    def step(self, src: int, dst: int, downward: bool) -> None:
        """Reorder layer ``dst`` against the fixed layer ``src`` (adjacent)."""
        g = self.g
        pos, seg_id = self.pos, self.seg_id
        start = self.is_p if downward else self.is_q
        end = self.is_q if downward else self.is_p
        links = g.up if downward else g.down
        # 1. The source layer with its starting segments absorbed: containers and their positions.
        cs: list[list[int]] = []
        cpos: list[int] = []
        sv, sc = self.verts[src], self.conts[src]
        cur = list(sc[0])
        counter = 0
        for j, v in enumerate(sv):
            if start[v]:
                cur.append(seg_id[v])
                cur.extend(sc[j + 1])
                continue
            cpos.append(counter)
            cs.append(cur)
            counter += len(cur) + 1
            cur = list(sc[j + 1])
        cpos.append(counter)
        cs.append(cur)
        # 2. Measures of the target's vertices (not the ends of segments, which their segment places).
        keyed: list[tuple[float, int, int]] = []
        ends: list[int] = []
        for i, v in enumerate(self.verts[dst]):
            if end[v]:
                ends.append(seg_id[v])
                continue
            nb = links[v]
            if len(nb) == 1:
                u, uf, vf, _w = nb[0]
                m = pos[u] + uf - vf
            elif nb:
                total = 0.0
                for u, uf, vf, _w in nb:
                    total += pos[u] + uf - vf
                m = total / len(nb)
            else:
                m = float(pos[v])
            keyed.append((m, i, v))
        keyed.sort()
        # 3. Merge vertices and containers by position, splitting a container a vertex falls inside.
        out_v: list[int] = []
        out_c: list[list[int]] = []
        cur = []
        ci = 0
        nc = len(cs)
        for m, _i, v in keyed:
            while ci < nc and cpos[ci] + len(cs[ci]) - 1 < m:
                cur.extend(cs[ci])
                ci += 1
            if ci < nc and cpos[ci] < m:
                k = math.ceil(m - cpos[ci])
                c = cs[ci]
                cur.extend(c[:k])
                cs[ci] = c[k:]
                cpos[ci] += k
            out_c.append(cur)
            cur = []
            out_v.append(v)
        while ci < nc:
            cur.extend(cs[ci])
            ci += 1
        out_c.append(cur)
        # 4. The segments ending in the target come out of their containers as vertices.
        if ends:
            endset = set(ends)
            to_vertex = self.q_of if downward else None
            new_v: list[int] = []
            new_c: list[list[int]] = []
            for j, c in enumerate(out_c):
                if c and not endset.isdisjoint(c):
                    here = sorted(c.index(s) for s in endset.intersection(c))
                    last = 0
                    for k in here:
                        new_c.append(c[last:k])
                        s = c[k]
                        new_v.append(to_vertex[s] if to_vertex is not None else s)
                        last = k + 1
                    new_c.append(c[last:])
                else:
                    new_c.append(c)
                if j < len(out_v):
                    new_v.append(out_v[j])
            out_v, out_c = new_v, new_c
        self.verts[dst] = out_v
        self.conts[dst] = out_c
        self._positions(dst)

    def _positions(self, lyr: int) -> None:
        pos = self.pos
        counter = 0
        conts = self.conts[lyr]
        for j, v in enumerate(self.verts[lyr]):
            counter += len(conts[j])
            pos[v] = counter
            counter += 1

    def sweep(self, downward: bool) -> None:
        n = len(self.verts)
        if downward:
            for lyr in range(1, n):
                self.step(lyr - 1, lyr, True)
        else:
            for lyr in range(n - 2, -1, -1):
                self.step(lyr + 1, lyr, False)

    # -- crossings ----------------------------------------------------------------------------

    def crossings(self) -> int:
        """Crossings of the current order, exactly as counted on the full layered graph."""
        g = self.g
        pos, is_p = self.pos, self.is_p
        down = g.down
        n = len(self.verts)
        self._lefts()
        left_down, left_up = self.left_down, self.left_up
        total = 0
        for lyr in range(n - 1):
            pairs = []
            for v in self.verts[lyr]:
                if is_p[v]:
                    continue
                x = pos[v]
                av = left_down[v]
                for w, wf, vf, _wt in down[v]:
                    pairs.append((x + vf, pos[w] + wf))
                    total += abs(av - left_up[w])
            if len(pairs) < 2:
                continue
            pairs.sort()
            seen: list[float] = []
            insert = seen.insert
            for _a, b2 in pairs:
                i = bisect_right(seen, b2)
                total += len(seen) - i
                insert(i, b2)
        return total

    # -- transpose ----------------------------------------------------------------------------

    def _lefts(self) -> None:
        """Segments left of each vertex: towards the next layer (containers and p's) and towards
        the previous one (containers and q's)."""
        is_p, is_q = self.is_p, self.is_q
        left_down = self.left_down = [0] * self.g.size
        left_up = self.left_up = [0] * self.g.size
        for vs, conts in zip(self.verts, self.conts, strict=True):
            a = b = 0
            for j, v in enumerate(vs):
                c = len(conts[j])
                a += c
                b += c
                left_down[v] = a
                left_up[v] = b
                if is_p[v]:
                    a += 1
                elif is_q[v]:
                    b += 1

    def _keys(self, lyr: int, nbr: int, downward: bool) -> tuple[list[list[float]], list[int], list[int]]:
        """Per vertex of ``lyr``: the sorted positions of its edge ends in layer ``nbr``; a segment
        end (p downwards, q upwards) is put just after the last vertex of ``nbr`` left of it."""
        pos = self.pos
        if downward:
            links, seg, other, mine, theirs = self.g.down, self.is_p, self.is_q, self.left_down, self.left_up
        else:
            links, seg, other, mine, theirs = self.g.up, self.is_q, self.is_p, self.left_up, self.left_down
        lefts: list[int] = []
        places: list[int] = []
        for x in self.verts[nbr]:
            if not other[x]:
                lefts.append(theirs[x])
                places.append(pos[x])
        out: list[list[float]] = []
        for v in self.verts[lyr]:
            if seg[v]:
                i = bisect_right(lefts, mine[v]) - 1
                out.append([places[i] + 0.999999 if i >= 0 else -1.0])
                continue
            nb = links[v]
            out.append([pos[nb[0][0]] + nb[0][1]] if len(nb) == 1 else sorted([pos[u] + uf for u, uf, _v, _w in nb]))
        return out, lefts, places

    def transpose(self, passes: int) -> None:
        """Adjacent swaps of vertices with no container between them (not two p's or two q's)."""
        pos, is_p, is_q = self.pos, self.is_p, self.is_q
        self._lefts()
        left_down, left_up = self.left_down, self.left_up
        n = len(self.verts)
        dirty = [True] * n
        for _ in range(passes):
            changed = False
            for lyr in range(n):
                vs = self.verts[lyr]
                if not dirty[lyr] or len(vs) < 2:
                    continue
                dirty[lyr] = False
                conts = self.conts[lyr]
                none: list[int] = []
                up, ul, upl = self._keys(lyr, lyr - 1, False) if lyr > 0 else ([[] for _ in vs], none, none)
                dn, dl, dpl = self._keys(lyr, lyr + 1, True) if lyr + 1 < n else ([[] for _ in vs], none, none)
                moved = False
                for i in range(len(vs) - 1):
                    if conts[i + 1]:
                        continue
                    a, b = vs[i], vs[i + 1]
                    if (is_p[a] and is_p[b]) or (is_q[a] and is_q[b]):
                        continue
                    ua, ub, da, db = up[i], up[i + 1], dn[i], dn[i + 1]
                    keep = _greater_pairs(ua, ub) + _greater_pairs(da, db)
                    if keep == 0 or _greater_pairs(ub, ua) + _greater_pairs(db, da) >= keep:
                        continue
                    vs[i], vs[i + 1] = b, a
                    up[i], up[i + 1] = ub, ua
                    dn[i], dn[i + 1] = db, da
                    pos[a], pos[b] = pos[b], pos[a]
                    if is_p[b]:
                        left_down[a] += 1
                    elif is_q[b]:
                        left_up[a] += 1
                    if is_p[a]:
                        left_down[b] -= 1
                    elif is_q[a]:
                        left_up[b] -= 1
                    moved = True
                # A vertex (not a segment end) and the segment next to it in a container: swapped
                # where that lowers the crossings of the two.
                for i, w in enumerate(vs):
                    if is_p[w] or is_q[w]:
                        continue
                    uw, dw = up[i], dn[i]
                    for side in (0, 1):
                        c = conts[i + side]
                        steps = 0
                        while c:
                            ru = left_up[w] - 1 + side
                            rd = left_down[w] - 1 + side
                            k = bisect_right(ul, ru) - 1
                            ku = [upl[k] + 0.999999 if k >= 0 else -1.0] if ul else []
                            k = bisect_right(dl, rd) - 1
                            kd = [dpl[k] + 0.999999 if k >= 0 else -1.0] if dl else []
                            if side == 0:  # the segment is left of w
                                now = _greater_pairs(ku, uw) + _greater_pairs(kd, dw)
                                if now == 0 or _greater_pairs(uw, ku) + _greater_pairs(dw, kd) >= now:
                                    break
                            else:
                                now = _greater_pairs(uw, ku) + _greater_pairs(dw, kd)
                                if now == 0 or _greater_pairs(ku, uw) + _greater_pairs(kd, dw) >= now:
                                    break
                            if not steps:  # copy on write (snapshots share containers)
                                conts[i] = list(conts[i])
                                conts[i + 1] = list(conts[i + 1])
                                c = conts[i + side]
                            if side == 0:
                                conts[i + 1].insert(0, c.pop())
                                step = -1
                            else:
                                conts[i].append(c.pop(0))
                                step = 1
                            pos[w] += step
                            left_up[w] += step
                            left_down[w] += step
                            steps += 1
                        if steps:
                            moved = True
                            break
                if moved:
                    changed = True
                    dirty[lyr] = True
                    if lyr > 0:
                        dirty[lyr - 1] = True
                    if lyr + 1 < n:
                        dirty[lyr + 1] = True
            if not changed:
                break

    # -- state --------------------------------------------------------------------------------

    def snapshot(self) -> tuple[list[list[int]], list[list[list[int]]]]:
        # Containers are shared, not copied: the sweeps make new ones and transpose copies a container
        # before it changes one (copy on write).
        return [list(vs) for vs in self.verts], [list(cs) for cs in self.conts]

    def restore(self, snap: tuple[list[list[int]], list[list[list[int]]]]) -> None:
        self.verts = [list(vs) for vs in snap[0]]
        self.conts = [list(cs) for cs in snap[1]]
        for lyr in range(len(self.verts)):
            self._positions(lyr)

    def result(self) -> CompactLayers:
        return CompactLayers(self.verts, self.conts, self.q_of)


@dataclass(slots=True)
class CompactLayers:
    """An order on compacted layers: per layer its vertices ``verts[lyr]`` (real nodes, dummies
    that are no inner part of a segment) and ``conts[lyr]``, one container more than vertices, the
    segments (ids: their p) passing between them, in order. ``q_of``: a segment's last dummy."""

    verts: list[list[int]]
    conts: list[list[list[int]]]
    q_of: dict[int, int]

    def expand(self, g: LayeredGraph) -> list[list[int]]:
        """The full layers: every inner dummy of a segment at its place in its container."""
        layer = g.layer
        out: list[list[int]] = []
        for lyr, (vs, conts) in enumerate(zip(self.verts, self.conts, strict=True)):
            full: list[int] = []
            for j, c in enumerate(conts):
                if c:
                    full.extend([s + lyr - layer[s] for s in c])
                if j < len(vs):
                    full.append(vs[j])
            out.append(full)
        return out


def _side_keys(layer: list[int], links: list[list[Link]], pos: list[int]) -> list[list[float]]:
    return [
        [pos[nb[0][0]] + nb[0][1]] if len(nb) == 1 else sorted([pos[u] + uf for u, uf, _v, _w in nb])
        for nb in [links[v] for v in layer]
    ]


def _greater_pairs(a: list[float], b: list[float]) -> int:
    nb = len(b)
    count = 0
    j = 0
    for x in a:
        while j < nb and b[j] < x:
            j += 1
        count += j
    return count


def minimise_crossings_segments(g: LayeredGraph) -> tuple[list[list[int]], int]:
    """``segment_order`` expanded to full layers (every dummy in its layer), and its crossing count."""
    compact, crossings = segment_order(g)
    return compact.expand(g), crossings


def segment_order(g: LayeredGraph) -> tuple[CompactLayers, int]:
    """Like ``ordering.minimise_crossings`` (down and up sweeps, transposes, the best order kept),
    on compacted layers: the best order found and its crossing count (as on the full layers)."""
    cg = _Compact(g)
    best = cg.snapshot()
    best_c: int | None = None
    stale = 0
    earlier: list[object] = [None, None]
    for sweep in range(_MAX_SWEEPS):
        if best_c == 0 or stale >= _PATIENCE:
            break
        cg.sweep(sweep % 2 == 0)
        cg.transpose(1)
        state = (cg.verts, cg.conts)
        if state == earlier[sweep % 2]:
            break
        snap = cg.snapshot()
        earlier[sweep % 2] = snap
        c = cg.crossings()
        if best_c is None or c < best_c:
            best, best_c = snap, c
            stale = 0
        else:
            stale += 1
    cg.restore(best)
    if best_c:
        cg.transpose(_FINAL_TRANSPOSE_PASSES)
        best_c = cg.crossings()
    return cg.result(), best_c or 0
