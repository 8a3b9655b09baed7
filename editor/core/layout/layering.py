"""Core layer (no Qt): the first half of the layered layout, on one connected component.

Turns a graph of local node indices into a proper layered graph: cycles broken by reversing DFS back
edges, layers by longest path then pulled right towards consumers, long edges split by dummy nodes,
and a first within-layer order from a depth-first walk (so subtrees start out together).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field

# (local node, port fraction) at each end: source output port, target input port.
LocalEdge = tuple[int, int, float, float]
# A neighbour across one layer gap: (neighbour, neighbour's port fraction, own port fraction, weight).
Link = tuple[int, float, float, float]

# Edge weights for straightening (as in Gansner et al.): long edges are pulled straight harder.
_W_REAL = 1.0
_W_HALF = 2.0
_W_DUMMY = 8.0


@dataclass(slots=True)
class LayeredGraph:
    """Nodes ``0..n_real-1`` are real (in input order), the rest are dummies on long edges."""

    n_real: int
    layer: list[int] = field(default_factory=list)
    layers: list[list[int]] = field(default_factory=list)
    up: list[list[Link]] = field(default_factory=list)
    down: list[list[Link]] = field(default_factory=list)
    reversed_edges: int = 0

    @property
    def size(self) -> int:
        return len(self.layer)


def break_cycles(n: int, edges: Sequence[LocalEdge]) -> list[bool]:
    """Which edges to reverse: the back edges of an iterative DFS from sources, in input order."""
    out: list[list[int]] = [[] for _ in range(n)]
    indeg = [0] * n
    for k, (u, v, _uf, _vf) in enumerate(edges):
        out[u].append(k)
        indeg[v] += 1
    state = [0] * n  # 0 unseen, 1 on the DFS stack, 2 done
    reverse = [False] * len(edges)
    roots = [v for v in range(n) if indeg[v] == 0]
    roots.extend(range(n))
    for root in roots:
        if state[root]:
            continue
        state[root] = 1
        stack = [(root, 0)]
        while stack:
            v, i = stack[-1]
            if i < len(out[v]):
                stack[-1] = (v, i + 1)
                k = out[v][i]
                w = edges[k][1]
                if state[w] == 1:
                    reverse[k] = True
                elif state[w] == 0:
                    state[w] = 1
                    stack.append((w, 0))
            else:
                state[v] = 2
                stack.pop()
    return reverse


def assign_layers(n: int, dag: Sequence[tuple[int, int]]) -> list[int]:
    """Longest-path layers, then nodes with more outputs than inputs pulled right to their consumers."""
    succ: list[list[int]] = [[] for _ in range(n)]
    indeg = [0] * n
    for u, v in dag:
        succ[u].append(v)
        indeg[v] += 1
    outdeg = [len(s) for s in succ]
    remaining = indeg[:]
    queue = deque(v for v in range(n) if remaining[v] == 0)
    topo: list[int] = []
    while queue:
        v = queue.popleft()
        topo.append(v)
        for w in succ[v]:
            remaining[w] -= 1
            if remaining[w] == 0:
                queue.append(w)
    layer = [0] * n
    for v in topo:
        lv = layer[v] + 1
        for w in succ[v]:
            if layer[w] < lv:
                layer[w] = lv
    for v in reversed(topo):
        if succ[v] and outdeg[v] > indeg[v]:
            target = min(layer[w] for w in succ[v]) - 1
            if target > layer[v]:
                layer[v] = target
    used = {value: i for i, value in enumerate(sorted(set(layer)))}
    return [used[value] for value in layer]


def build_layered_graph(
    n: int, edges: Sequence[LocalEdge], weights: Sequence[float] | None = None
) -> LayeredGraph:
    """The proper layered graph of ``n`` real nodes and ``edges`` (no self loops).

    ``weights`` (one per edge, default 1) scale how hard an edge is pulled straight: an edge that
    stands for a bundle of links (between two groups) weighs as much as the links.
    """
    reverse = break_cycles(n, edges)
    dag: list[LocalEdge] = []
    for (u, v, uf, vf), rev in zip(edges, reverse, strict=True):
        # A reversed edge leaves from the target's left side and enters the source's right side:
        # neither port order means anything for it, so it attaches at the node middles.
        dag.append((v, u, 0.5, 0.5) if rev else (u, v, uf, vf))
    layer = assign_layers(n, [(u, v) for u, v, _uf, _vf in dag])
    g = LayeredGraph(n_real=n, layer=layer, reversed_edges=sum(reverse))
    g.up = [[] for _ in range(n)]
    g.down = [[] for _ in range(n)]
    g_layer, g_up, g_down = g.layer, g.up, g.down
    for k, (u, v, uf, vf) in enumerate(dag):
        scale = 1.0 if weights is None else weights[k]
        a, b = layer[u], layer[v]
        if b == a + 1:
            w = _W_REAL * scale
            g_down[u].append((v, vf, uf, w))
            g_up[v].append((u, uf, vf, w))
            continue
        # A chain of dummies d0 .. d0 + m, one per layer between, each with its links both ways.
        w = _W_HALF * scale
        d0 = len(g_layer)
        m = b - 2 - a
        g_down[u].append((d0, 0.5, uf, w))
        g_layer.extend(range(a + 1, b))
        g_up.append([(u, uf, 0.5, w)])
        if m:
            w_dummy = _W_DUMMY * scale
            g_up.extend([[(x, 0.5, 0.5, w_dummy)] for x in range(d0, d0 + m)])
            g_down.extend([[(x, 0.5, 0.5, w_dummy)] for x in range(d0 + 1, d0 + m + 1)])
        g_down.append([(v, vf, 0.5, w)])
        g_up[v].append((d0 + m, 0.5, vf, w))
    for links in g_down:
        if len(links) > 1:
            links.sort(key=lambda link: link[2])
    g.layers = _initial_order(g)
    return g


def _initial_order(g: LayeredGraph) -> list[list[int]]:
    """Depth-first preorder from the sources (input order), children in output-port order."""
    layers: list[list[int]] = [[] for _ in range(max(g.layer, default=-1) + 1)]
    seen = [False] * g.size
    layer, down = g.layer, g.down
    roots = [v for v in range(g.n_real) if not g.up[v]]
    roots.extend(range(g.n_real))
    for root in roots:
        if seen[root]:
            continue
        stack = [root]
        while stack:
            v = stack.pop()
            if seen[v]:
                continue
            while True:
                seen[v] = True
                layers[layer[v]].append(v)
                links = down[v]
                if len(links) == 1:  # one child (a long edge's dummies): it would be popped next
                    v = links[0][0]
                    if seen[v]:
                        break
                    continue
                for link in reversed(links):
                    if not seen[link[0]]:
                        stack.append(link[0])
                break
    return layers
