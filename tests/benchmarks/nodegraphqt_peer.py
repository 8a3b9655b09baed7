"""The NodeGraphQt side of bench_scale.py: the same graph in NodeGraphQt's canvas, timed.

Runs in its own venv (NodeGraphQt, Qt.py and PySide6 6.11; never the project's dependencies):

    QT_API=pyside6 QT_QPA_PLATFORM=offscreen python nodegraphqt_peer.py GRAPH.json [--repeats 3] [--moves 60]

GRAPH.json is written by bench_scale.py: nodes (id, input and output port ids, inputs with more
than one link, position) and links (source node, output, target node, input). Per repeat, with
NodeGraphQt's public API: build every node (``create_node``, undo off, at the same position) and
link (``connect_to``) and show the fitted view until its viewport has painted; save the session
file; drag one node with real mouse events at 100 % zoom (``processEvents`` after each move, so the
repaint counts); pan with the middle button; the drag, the pan and wheel zoom at fit-all; then a second graph opens the saved session file
(``load_session``) until painted. Prints one JSON line: runs (seconds per repeat), events (seconds
per mouse event) and the peak RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time

os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from Qt import QtCore, QtWidgets  # noqa: E402  (NodeGraphQt's own Qt binding shim)
from PySide6.QtTest import QTest  # noqa: E402

import NodeGraphQt  # noqa: E402
from NodeGraphQt import BaseNode, NodeGraph  # noqa: E402

BUDGET_S = 600.0       # no new repeat starts after this many seconds


def node_classes(nodes: list[dict]) -> dict[tuple, type]:
    """One BaseNode subclass per port signature (NodeGraphQt declares ports in __init__)."""
    classes: dict[tuple, type] = {}
    for node in nodes:
        key = (node["kind"], tuple(node["inputs"]), tuple(node["outputs"]), tuple(node["multi"]))
        if key in classes:
            continue
        inputs, outputs, multi = key[1], key[2], set(key[3])

        def __init__(self, _in=inputs, _out=outputs, _multi=multi):  # noqa: N807
            BaseNode.__init__(self)
            for port in _in:
                self.add_input(port, multi_input=port in _multi)
            for port in _out:
                self.add_output(port)
        name = f"N{len(classes)}"
        classes[key] = type(name, (BaseNode,), {"__identifier__": "bench", "NODE_NAME": key[0],
                                                "__init__": __init__})
    return classes


class PaintWatch(QtCore.QObject):
    def __init__(self, widget) -> None:
        super().__init__()
        self.count = 0
        widget.installEventFilter(self)

    def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QtCore.QEvent.Type.Paint:
            self.count += 1
        return False


def pump(app, watch: PaintWatch, before: int, idle_rounds: int = 3) -> None:
    rounds = 0
    while watch.count == before and rounds < idle_rounds:
        app.processEvents()
        rounds += 1


def wait_painted(app, watch: PaintWatch, before: int, limit_s: float = 600.0) -> None:
    start = time.perf_counter()
    while watch.count == before and time.perf_counter() - start < limit_s:
        app.processEvents()


def new_graph(app, classes: dict[tuple, type]):
    graph = NodeGraph()
    for cls in classes.values():
        graph.register_node(cls)
    widget = graph.widget
    widget.resize(1400, 900)
    widget.show()
    app.processEvents()
    viewer = graph.viewer()
    return graph, widget, viewer, PaintWatch(viewer.viewport())


def build(graph, data: dict, classes: dict[tuple, type]) -> dict[str, object]:
    made = {}
    for node in data["nodes"]:
        key = (node["kind"], tuple(node["inputs"]), tuple(node["outputs"]), tuple(node["multi"]))
        cls = classes[key]
        made[node["id"]] = graph.create_node(f"bench.{cls.__name__}", name=node["id"], selected=False,
                                             pos=node["pos"], push_undo=False)
    for src, out, tgt, inp in data["links"]:
        made[tgt].inputs()[inp].connect_to(made[src].outputs()[out], push_undo=False, emit_signal=False)
    return made


CPU_TIMES: list[float] = []     # CPU seconds of every timed event, in order


def events(app, watch: PaintWatch, fn, count: int) -> list[float]:
    times = []
    for i in range(1, count + 1):
        before = watch.count
        c0 = time.process_time()
        t0 = time.perf_counter()
        fn(i)
        pump(app, watch, before)
        times.append(time.perf_counter() - t0)
        CPU_TIMES.append(time.process_time() - c0)
    return times


def fit_all(app, graph) -> None:
    graph.clear_selection()
    graph.fit_to_selection()          # nothing selected: every node
    app.processEvents()


def drag(app, graph, viewer, watch, node, moves: int, fit: bool = False) -> list[float]:
    if fit:
        fit_all(app, graph)
    else:
        graph.reset_zoom()
        viewer.centerOn(node.view)
    app.processEvents()
    viewport = viewer.viewport()
    rect = node.view.sceneBoundingRect()
    start = viewer.mapFromScene(rect.center() if fit else QtCore.QPointF(rect.center().x(), rect.top() + 10.0))
    old = tuple(node.pos())
    QTest.mousePress(viewport, QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier, start)
    app.processEvents()
    times = events(app, watch, lambda i: QTest.mouseMove(viewport, start + QtCore.QPoint(3 * i, (i % 15) * 2)), moves)
    QTest.mouseRelease(viewport, QtCore.Qt.MouseButton.LeftButton, QtCore.Qt.KeyboardModifier.NoModifier,
                       start + QtCore.QPoint(3 * moves, 0))
    app.processEvents()
    if tuple(node.view.xy_pos) == old:
        raise RuntimeError("the drag did not move the node")
    node.set_pos(*old)                  # back, as the editor's side undoes its drag
    app.processEvents()
    return times


def wheel_at_fit(app, graph, viewer, watch, count: int) -> list[float]:
    from PySide6.QtGui import QWheelEvent
    fit_all(app, graph)
    viewport = viewer.viewport()
    at = QtCore.QPointF(viewport.rect().center())

    def wheel(i: int) -> None:
        delta = 120 if i % 2 else -120
        event = QWheelEvent(at, QtCore.QPointF(viewport.mapToGlobal(at.toPoint())), QtCore.QPoint(),
                            QtCore.QPoint(0, delta), QtCore.Qt.MouseButton.NoButton,
                            QtCore.Qt.KeyboardModifier.NoModifier, QtCore.Qt.ScrollPhase.NoScrollPhase, False)
        QtWidgets.QApplication.sendEvent(viewport, event)
    return events(app, watch, wheel, count)


def timed(app, key: str, graph, viewer, watch, node, moves: int) -> list[float]:
    """The per-event seconds of one interaction: drag, pan or zoom (wheel), at 100 % or fit."""
    if key == "drag_100":
        return drag(app, graph, viewer, watch, node, moves)
    if key == "drag_fit":
        return drag(app, graph, viewer, watch, node, moves, fit=True)
    if key == "pan_fit":
        fit_all(app, graph)
    if key.startswith("pan"):
        return pan(app, viewer, watch, moves // 2)
    return wheel_at_fit(app, graph, viewer, watch, moves // 3)


def pan(app, viewer, watch, moves: int) -> list[float]:
    viewport = viewer.viewport()
    start = viewport.rect().center()
    QTest.mousePress(viewport, QtCore.Qt.MouseButton.MiddleButton, QtCore.Qt.KeyboardModifier.NoModifier, start)
    app.processEvents()
    times = events(app, watch, lambda i: QTest.mouseMove(viewport, start + QtCore.QPoint(-6 * i, -3 * i)), moves)
    QTest.mouseRelease(viewport, QtCore.Qt.MouseButton.MiddleButton, QtCore.Qt.KeyboardModifier.NoModifier,
                       start + QtCore.QPoint(-6 * moves, -3 * moves))
    app.processEvents()
    return times


def close(app, widget) -> None:
    widget.close()
    widget.deleteLater()
    app.sendPostedEvents(None, QtCore.QEvent.Type.DeferredDelete)
    app.processEvents()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("graph")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--moves", type=int, default=60)
    args = parser.parse_args()
    data = json.loads(open(args.graph, encoding="utf-8").read())
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([])
    classes = node_classes(data["nodes"])
    runs: dict[str, list[float]] = {}
    evs: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    middle = data["nodes"][len(data["nodes"]) // 2]["id"]
    session = os.path.join(tempfile.mkdtemp(prefix="ngq-bench-"), "session.json")
    started = time.perf_counter()
    note = ""
    for r in range(args.repeats):
        if r and time.perf_counter() - started > BUDGET_S:
            note = f"{r} repeat(s): no new repeat after {BUDGET_S:.0f} s"
            break
        graph, widget, viewer, watch = new_graph(app, classes)
        t0 = time.perf_counter()
        made = build(graph, data, classes)
        runs.setdefault("build", []).append(time.perf_counter() - t0)
        before = watch.count
        graph.fit_to_selection()
        wait_painted(app, watch, before)
        runs.setdefault("build_painted", []).append(time.perf_counter() - t0)
        t1 = time.perf_counter()
        graph.save_session(session)
        runs.setdefault("save", []).append(time.perf_counter() - t1)
        for key in ("drag_100", "pan_100", "drag_fit", "pan_fit", "zoom_fit"):
            del CPU_TIMES[:]
            evs.setdefault(key, []).extend(timed(app, key, graph, viewer, watch, made[middle], args.moves))
            cpu.setdefault(key, []).extend(CPU_TIMES)
        close(app, widget)
        del graph, made
        graph2, widget2, _viewer2, watch2 = new_graph(app, classes)
        before = watch2.count
        t2 = time.perf_counter()
        graph2.load_session(session)
        graph2.fit_to_selection()
        wait_painted(app, watch2, before)
        runs.setdefault("open_painted", []).append(time.perf_counter() - t2)
        if len(graph2.all_nodes()) != len(data["nodes"]):
            raise RuntimeError(f"the session held {len(graph2.all_nodes())} nodes, not {len(data['nodes'])}")
        close(app, widget2)
        del graph2
    print(json.dumps({"runs": runs, "events": evs, "cpu": cpu, "note": note, "version": NodeGraphQt.__version__,
                      "rss_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
