"""Benchmark of the node canvas: open to a painted view, and dragging one node, on big networks.

A plain script, not part of the test run: ``python3 tests/benchmarks/bench_canvas.py [sizes...]``
(default 1000 5000). Prints, per size: the time from a loaded network to a painted view (with
positions saved in the file, and without, which adds the auto layout), repaint times at "fit all"
and at 100 %, and the time per mouse-move event while dragging one node.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QPoint, QPointF, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from editor.api import create_network  # noqa: E402
from editor.core.graph.network import Network  # noqa: E402
from editor.model.document import Document  # noqa: E402


def workflow(n: int, seed: int = 1, positions: bool = True) -> Network:
    """A workflow-like network of ``n`` nodes: sources, AddInt stages fed from earlier stages, sinks."""
    rng = random.Random(seed)
    net = create_network(f"bench_{n}")
    n_sources = max(2, n // 20)
    n_sinks = max(1, n // 20)
    stages = max(3, round(2 * n ** 0.5))
    layers: list[list[str]] = [[net.create_source("Int", id=f"src_{i}").id for i in range(n_sources)]]
    tools = n - n_sources - n_sinks
    per_stage = max(1, tools // stages)
    made = 0
    while made < tools:
        layer = []
        for _ in range(min(per_stage, tools - made)):
            node = net.create_node("fastr/math/AddInt:1.0", "1.0", id=f"add_{made}")
            for port in ("left_hand", "right_hand"):
                back = 1 if rng.random() < 0.75 else rng.randint(1, len(layers))
                source = rng.choice(layers[-back])
                out = "output" if source.startswith("src_") else "result"
                net.create_link(net.nodes[source].outputs[out], node.inputs[port])
            layer.append(node.id)
            made += 1
        layers.append(layer)
    for i in range(n_sinks):
        sink = net.create_sink("Int", id=f"sink_{i}")
        source = rng.choice(layers[-1])
        net.create_link(net.nodes[source].outputs["result"], sink.inputs["input"])
    if positions:
        from editor.canvas.autolayout import assign_missing_positions
        assign_missing_positions(net)
    return net


def open_view(app: QApplication, network: Network):
    """(view, wall seconds, CPU seconds) from a loaded network to a painted "fit all" view."""
    from editor.canvas.view import NetworkView
    c0 = time.process_time()
    t0 = time.perf_counter()
    document = Document(network)
    view = NetworkView(document)
    view.resize(1400, 900)
    view.show()
    app.processEvents()
    view.fit_all()
    view.viewport().repaint()
    app.processEvents()
    return view, time.perf_counter() - t0, time.process_time() - c0


def repaint_time(app: QApplication, view, rounds: int = 5) -> float:
    times = []
    for _ in range(rounds):
        t0 = time.process_time()
        view.viewport().repaint()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def drag_times(app: QApplication, view, node_id: str, moves: int = 120) -> list[float]:
    scene = view.network_scene
    view.reset_zoom()
    item = scene.node_items[node_id]
    view.centerOn(item)
    app.processEvents()
    viewport = view.viewport()
    start = view.mapFromScene(item.mapToScene(QPointF(item.geometry.width / 2, 10.0)))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    app.processEvents()
    times = []
    for i in range(1, moves + 1):
        point = start + QPoint(i * 2, (i % 20) * 2)
        t0, c0 = time.perf_counter(), time.process_time()
        QTest.mouseMove(viewport, point)
        app.processEvents()         # the scene's queued update, then the paint of the frame
        times.append((time.perf_counter() - t0, time.process_time() - c0))
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(moves * 2, 0))
    app.processEvents()
    assert view.document.undo_stack.count() == 1, "one drag, one command"
    return times


def main(sizes: list[int]) -> None:
    app = QApplication.instance() or QApplication([])
    print("Times in ms; CPU time of this process first, wall-clock time in brackets (other processes")
    print("on the machine inflate wall time). Drag: per mouse-move event, including the repaint.")
    print(f"{'nodes':>6} {'links':>6} {'open+paint':>17} {'open+layout+paint':>18} {'paint fit':>9} "
          f"{'paint 100%':>10} {'drag mean':>15} {'drag p95':>15} {'drag max':>15}")
    for n in sizes:
        network = workflow(n)
        view, opened, opened_cpu = open_view(app, network)
        fit_paint = repaint_time(app, view)
        view.reset_zoom()
        app.processEvents()
        full_paint = repaint_time(app, view)
        middle = next(k for k in network.nodes if k.startswith("add_") and int(k[4:]) > n // 2)
        times = drag_times(app, view, middle)
        view.close()
        view.deleteLater()
        app.processEvents()
        unplaced = workflow(n, positions=False)
        view2, opened_layout, opened_layout_cpu = open_view(app, unplaced)
        view2.close()
        view2.deleteLater()
        app.processEvents()
        cpu = sorted(c for _w, c in times)
        wall = sorted(w for w, _c in times)

        def pair(c: float, w: float) -> str:
            return f"{c * 1000:.1f} ({w * 1000:.1f})"
        p95 = int(len(cpu) * 0.95)
        print(f"{n:>6} {len(network.links):>6} {pair(opened_cpu, opened):>17} "
              f"{pair(opened_layout_cpu, opened_layout):>18} {fit_paint * 1000:>9.1f} {full_paint * 1000:>10.1f} "
              f"{pair(statistics.mean(cpu), statistics.mean(wall)):>15} {pair(cpu[p95], wall[p95]):>15} "
              f"{pair(cpu[-1], wall[-1]):>15}")


if __name__ == "__main__":
    import argparse
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip().splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="network sizes in nodes (default: 1000 5000)")
    args = parser.parse_args()
    main(args.sizes or [1000, 5000])
