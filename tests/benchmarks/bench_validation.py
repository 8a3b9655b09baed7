"""Benchmark (plain script, not a test): validation and dimensions of a 1,000-node network.

    python3 tests/benchmarks/bench_validation.py [NODES]

Builds a layered network of AddInt nodes (two input groups every few nodes, collapses, a merge,
constants, sinks) with about NODES nodes and times ``dimensions()`` and ``problems()``; the
editor runs ``problems()`` after every edit, so it should stay under 50 ms at 1,000 nodes.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

from editor.api import create_network
from editor.core.analysis.dimensions import dimensions
from editor.core.graph.network import Network
from editor.core.analysis.validation import problems

ADD, SUM = "fastr/math/AddInt:1.0", "fastr/math/Sum:1.0"


def build(total: int) -> Network:
    """About ``total`` nodes in chains of 32 (with constants and sinks), like real pipelines.

    Each chain starts at a source; its nodes add a constant, the chain's source, or (once per
    chain, in a second input group) the next chain's source; a Sum collapses the extra dimension
    and a node with ``merge_dimensions='all'`` joins the chain with the previous one.
    """
    net = create_network("bench")
    chains = max(1, total // 32)
    sources = [net.create_source("Int", id=f"src_{c}") for c in range(chains)]
    previous_end = None
    for c in range(chains):
        out = sources[c].outputs["output"]
        for i in range(20):
            node = net.create_node(ADD, "1.0", id=f"add_{c}_{i}")
            node.inputs["left_hand"] << out
            if i == 5:
                node.inputs["right_hand"] << sources[(c + 1) % chains].outputs["output"]
                node.inputs["right_hand"].input_group = "other"
            elif i % 3 == 0:
                node.inputs["right_hand"] << [i]
            else:
                node.inputs["right_hand"] << sources[c].outputs["output"]
            out = node.outputs["result"]
            if i == 10:
                total_node = net.create_node(SUM, "1.0", id=f"sum_{c}")
                link = total_node.inputs["values"] << out
                link.collapse = (-1,)
                out = total_node.outputs["result"]
        if previous_end is not None:
            join = net.create_node(ADD, "1.0", id=f"join_{c}")
            join.inputs["left_hand"] << out
            join.inputs["right_hand"] << previous_end
            join.inputs["right_hand"].input_group = "other"
            join.merge_dimensions = "all"
            net.create_sink("Number", id=f"sink_join_{c}").inputs["input"] << join.outputs["result"]
        net.create_sink("Number", id=f"sink_{c}").inputs["input"] << out
        previous_end = out
    return net


def timed(func: Callable[[Network], object], network: Network, repeat: int = 21) -> tuple[float, float, float]:
    """(median wall, best wall, median CPU) time in ms; CPU time is steadier on a busy machine."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        func(network)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), min(wall), statistics.median(cpu)


def main() -> None:
    import argparse
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip().splitlines()[0])
    parser.add_argument("nodes", nargs="?", type=int, default=1000, help="network size (default 1000)")
    size = parser.parse_args().nodes
    network = build(size)
    problems(network)  # warm caches (tool look-ups, datatype members)
    found = problems(network)
    print(f"network: {len(network.nodes)} nodes, {len(network.links)} links, {len(found)} problems")
    for name, func in (("dimensions", dimensions), ("problems", problems)):
        median, best, cpu = timed(func, network)
        print(f"{name:>10}: median {median:6.1f} ms, best {best:6.1f} ms, median CPU {cpu:6.1f} ms")


if __name__ == "__main__":
    main()
