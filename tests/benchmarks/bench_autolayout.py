"""Laying out a file without positions as the canvas does on opening, and routing its links.

For a chain of AddInt nodes (as issue 15 measured) and the benchmark's WORC-like network
(``scale_network.build_network``) at each size, without positions:

- ``dims``: the network's dimensions (the model keeps them; the labels and validation use them too);
- ``sizes``: every card as drawn with its dimension labels (``autolayout.drawn_sizes``);
- ``layout``: the layered layout with steps (``layered_layout``), ``total``: both plus the graph;
- ``cpu``: the CPU time of dims, sizes and layout; ``lay cpu``: of the layout (graph and layout);
- ``scene``: building the scene of the laid-out network (nodes, links, routing, steps), and how
  many links got bend points (networks over ``link_router.MAX_LINKS`` links are drawn plain).

    QT_QPA_PLATFORM=offscreen python3 tests/benchmarks/bench_autolayout.py 1000 5000 20000
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtWidgets import QApplication  # noqa: E402

from editor.api import create_network  # noqa: E402
from editor.canvas.autolayout import CANVAS_SIZING  # noqa: E402
from editor.core.gcpause import collector_paused  # noqa: E402
from editor.core.layout import layered_layout  # noqa: E402
from editor.model import layoutcmds  # noqa: E402
from editor.model.networkmodel import NetworkModel  # noqa: E402
from tests.benchmarks.scale_network import build_network  # noqa: E402


def chain(n: int):
    net = create_network("chain")
    prev = net.create_source("Int", id="src").outputs["output"]
    for i in range(n):
        node = net.create_node("fastr/math/AddInt:1.0", "1.0", id=f"add_{i}")
        node.inputs["left_hand"] << prev
        node.inputs["right_hand"] << prev
        prev = node.outputs["result"]
    net.create_sink("Int", id="sink").inputs["input"] << prev
    return net


def row(label: str, net) -> None:
    for node in net.nodes.values():
        node.position = None
    model = NetworkModel(net)
    with collector_paused():      # as on opening (Document.replace, layout_positions hold it back)
        t0, c0 = time.perf_counter(), time.process_time()
        model.dimensions()
        t1 = time.perf_counter()
        sizes = layoutcmds.node_sizes(net, CANVAS_SIZING, model)
        t2, c2 = time.perf_counter(), time.process_time()
        nodes, edges = layoutcmds.layout_graph(net, sizes)
        positions = layered_layout(nodes, edges, layer_gap=layoutcmds.LAYER_GAP,
                                   node_gap=layoutcmds.NODE_GAP, **CANVAS_SIZING.step_options(net))
        t3, c3 = time.perf_counter(), time.process_time()
    for node_id, (x, y) in positions.items():
        net.nodes[node_id].position = (float(round(x)), float(round(y)))
    from editor.canvas.scene import NetworkScene
    from editor.model.document import Document
    document = Document(net)
    t4 = time.perf_counter()
    scene = NetworkScene(document)
    t5 = time.perf_counter()
    routed = sum(1 for item in scene.link_items.values() if item.bends)
    print(f"{label:<8} {len(net.nodes):>6} {len(net.links):>6} {t1 - t0:>6.2f} {t2 - t1:>6.2f} "
          f"{t3 - t2:>7.2f} {t3 - t1:>6.2f} {c3 - c0:>7.2f} {c3 - c2:>7.2f} {t5 - t4:>6.2f} {routed:>6}")


def main(sizes: list[int]) -> None:
    QApplication.instance() or QApplication([])
    print("seconds; total = sizes + layout; cpu = CPU time of dims + sizes + layout, lay cpu = of the "
          "layout alone (shared machines)")
    print(f"{'graph':<8} {'nodes':>6} {'links':>6} {'dims':>6} {'sizes':>6} {'layout':>7} {'total':>6} "
          f"{'cpu':>7} {'lay cpu':>7} {'scene':>6} {'routed':>6}")
    for n in sizes:
        row("chain", chain(n))
        row("worc", build_network(n))


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip().splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="network sizes in nodes (default: 1000 5000 20000)")
    args = parser.parse_args()
    main(args.sizes or [1000, 5000, 20000])
