"""Benchmark (plain script, not a test): validation and dimensions of a 1,000-node network.

    python3 tests/benchmarks/bench_validation.py [NODES]

Builds a layered network of AddInt nodes (two input groups every few nodes, collapses, a merge,
constants, sinks) with about NODES nodes and times ``dimensions()`` and ``problems()``; the
editor runs ``problems()`` after every edit, so it should stay under 50 ms at 1,000 nodes.
"""

from __future__ import annotations

import statistics
import sys
import time

from editor.api import create_network
from editor.core.dimensions import dimensions
from editor.core.network import Network
from editor.core.validation import problems

ADD, SUM = "fastr/math/AddInt:1.0", "fastr/math/Sum:1.0"


def build(total: int) -> Network:
    """About ``total`` nodes: 10 sources, then AddInt nodes each fed by two earlier nodes."""
    net = create_network("bench")
    outputs = [net.create_source("Int", id=f"src_{i}").outputs["output"] for i in range(10)]
    n = 0
    while len(net.nodes) < total - 12:
        node = net.create_node(ADD, "1.0", id=f"add_{n}")
        node.inputs["left_hand"] << outputs[-1 - (n % 7)]
        if n % 5 == 0:
            node.inputs["right_hand"] << [n]
        else:
            node.inputs["right_hand"] << outputs[-2 - (n % 11)]
        if n % 4 == 0:
            node.inputs["right_hand"].input_group = "other"
        if n % 13 == 0:
            node.merge_dimensions = "all"
        outputs.append(node.outputs["result"])
        n += 1
        if n % 50 == 0:
            total_node = net.create_node(SUM, "1.0", id=f"sum_{n}")
            link = total_node.inputs["values"] << outputs[-1]
            link.collapse = (0,)
            outputs.append(total_node.outputs["result"])
    for i, output in enumerate(outputs[-12:]):
        net.create_sink("Number", id=f"sink_{i}").inputs["input"] << output
    return net


def timed(func, network: Network, repeat: int = 15) -> tuple[float, float]:
    """(median, best) wall time in ms."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func(network)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    network = build(size)
    problems(network)  # warm caches (tool look-ups, datatype members)
    found = problems(network)
    print(f"network: {len(network.nodes)} nodes, {len(network.links)} links, {len(found)} problems")
    for name, func in (("dimensions", dimensions), ("problems", problems)):
        median, best = timed(func, network)
        print(f"{name:>10}: median {median:6.1f} ms, best {best:6.1f} ms")


if __name__ == "__main__":
    main()
