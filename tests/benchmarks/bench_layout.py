"""Benchmark for editor.core.layout: timings and crossings on random workflow-like DAGs.

A plain script, not part of the test run: ``python3 tests/benchmarks/bench_layout.py [sizes...]``
(``--crossings-up-to 20000`` counts crossings of the big ones too; each size in its own process,
alternating with another version, for comparisons on a shared machine).
"""

from __future__ import annotations

import math
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from editor.core.layout import (
    LayoutEdge,
    LayoutNode,
    count_crossings,
    layered_layout,
    place_new_nodes,
)


def random_workflow(n: int, seed: int = 1) -> tuple[list[LayoutNode], list[LayoutEdge]]:
    """A workflow-like DAG: ~2*sqrt(n) stages, ~1.5 links per node; seven in ten links come from the
    previous stage, two from 2-5 stages back, one from anywhere upstream (long links). Ports vary and
    the node list is shuffled, so the input order says nothing about the flow."""
    rng = random.Random(seed)
    depth = max(3, round(2 * n**0.5))
    stage = sorted(rng.randrange(depth) for _ in range(n))
    stage[0] = 0
    by_stage: dict[int, list[int]] = {}
    for i, s in enumerate(stage):
        by_stage.setdefault(s, []).append(i)
    nodes = [
        LayoutNode(f"n{i}", rng.choice((120.0, 160.0, 200.0)), rng.choice((40.0, 60.0, 90.0)))
        for i in range(n)
    ]
    edges: list[LayoutEdge] = []
    for i in range(n):
        if stage[i] == 0:
            continue
        for port in range(1 if rng.random() < 0.5 else 2):
            r = rng.random()
            if r < 0.7:
                back = 1
            elif r < 0.9:
                back = rng.randint(2, 5)
            else:
                back = rng.randint(1, stage[i])
            s = max(0, stage[i] - back)
            while s not in by_stage:
                s -= 1
            j = rng.choice(by_stage[s])
            edges.append(LayoutEdge(f"n{j}", f"n{i}", rng.randrange(3), port))
    rng.shuffle(nodes)
    return nodes, edges


def deep_chainy(n: int, seed: int = 1) -> tuple[list[LayoutNode], list[LayoutEdge]]:
    """A stress case: depth ~n/3 and one link in ten from anywhere upstream (many huge spans)."""
    rng = random.Random(seed)
    nodes = [LayoutNode(f"n{i}", 150.0, 60.0) for i in range(n)]
    edges: list[LayoutEdge] = []
    for i in range(1, n):
        for port in range(1 if rng.random() < 0.5 else 2):
            far = rng.random() < 0.1
            j = rng.randrange(i) if far else max(0, i - 1 - int(rng.expovariate(0.3)))
            edges.append(LayoutEdge(f"n{j}", f"n{i}", rng.randrange(3), port))
    rng.shuffle(nodes)
    return nodes, edges


def naive_layout(nodes: list[LayoutNode], edges: list[LayoutEdge]) -> dict[str, tuple[float, float]]:
    """Longest-path columns, input order within a column, stacked from the top (no optimisation)."""
    preds: dict[str, list[str]] = {n.id: [] for n in nodes}
    for e in edges:
        preds[e.target].append(e.source)
    layer: dict[str, int] = {}

    def depth(v: str) -> int:
        stack = [v]
        while stack:
            u = stack[-1]
            todo = [p for p in preds[u] if p not in layer]
            if todo:
                stack.extend(todo)
                continue
            stack.pop()
            layer[u] = 1 + max((layer[p] for p in preds[u]), default=-1)
        return layer[v]

    for n in nodes:
        depth(n.id)
    heights: dict[int, float] = {}
    out: dict[str, tuple[float, float]] = {}
    for n in nodes:
        y = heights.get(layer[n.id], 0.0)
        out[n.id] = (layer[n.id] * 280.0, y)
        heights[layer[n.id]] = y + n.height + 30.0
    return out


def _row(label: str, nodes: list[LayoutNode], edges: list[LayoutEdge], crossings: bool) -> float:
    best = best_cpu = float("inf")
    pos: dict[str, tuple[float, float]] = {}
    for _ in range(3 if len(nodes) <= 1000 else 1):
        t0, c0 = time.perf_counter(), time.process_time()
        pos = layered_layout(nodes, edges)
        best = min(best, time.perf_counter() - t0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    new = [LayoutNode(f"new{i}", 150.0, 60.0) for i in range(50)]
    new_edges = [LayoutEdge(f"new{i}", f"new{i + 1}") for i in range(49)]
    new_edges.append(LayoutEdge(nodes[0].id, "new0"))
    sizes = {nd.id: (nd.width, nd.height) for nd in nodes}
    t0 = time.perf_counter()
    place_new_nodes(pos, sizes, new, new_edges, None)
    t_place = time.perf_counter() - t0
    naive_x = layout_x = "-"
    if crossings:
        naive_x = str(count_crossings(naive_layout(nodes, edges), nodes, edges))
        layout_x = str(count_crossings(pos, nodes, edges))
    print(
        f"{label:<10} {len(nodes):>6} {len(edges):>6} {best:>9.3f} {best_cpu:>7.3f} {t_place:>9.3f} "
        f"{naive_x:>8} {layout_x:>8}"
    )
    return best_cpu


def _growth(label: str, sizes: list[int], cpu: list[float]) -> None:
    """The exponent k in time ~ n^k between successive sizes (1.0: linear; N log N: a little over)."""
    steps = [
        f"{a}->{b}: n^{math.log(tb / ta) / math.log(b / a):.2f}"
        for a, b, ta, tb in zip(sizes, sizes[1:], cpu, cpu[1:], strict=False)
        if b > a and ta > 0 and tb > 0
    ]
    if steps:
        print(f"{label:<10} growth of CPU time: " + ", ".join(steps))


def main(sizes: list[int], crossings_up_to: int) -> None:
    print("workflow: ~2*sqrt(n) stages, 10% links from anywhere upstream; deep: depth ~n/3 (stress)")
    print("X = crossings of straight port-to-port links (count_crossings); naive = input order")
    print("CPU time beside wall time: the machines are shared")
    header = f"{'graph':<10} {'nodes':>6} {'edges':>6} {'layout s':>9} {'cpu s':>7} {'place50 s':>9}"
    print(header + f" {'naive X':>8} {'layout X':>8}")
    for label, make in (("workflow", random_workflow), ("deep", deep_chainy)):
        cpu = [_row(label, *make(n), crossings=n <= crossings_up_to) for n in sizes]
        _growth(label, sizes, cpu)


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip().splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="network sizes in nodes (default: 100 1000 5000)")
    parser.add_argument("--crossings-up-to", type=int, default=1000, metavar="N",
                        help="count crossings for networks of at most N nodes (default 1000; slow)")
    args = parser.parse_args()
    main(args.sizes or [100, 1000, 5000], args.crossings_up_to)
