"""bench_scale.py's window side: paint counting, real mouse and wheel events timed per event
(processing events until the viewport has painted), and the delete / undo / redo cycle."""

from __future__ import annotations

import random
import time
from typing import Any, Callable

DELETE_COUNT = 1000


class PaintWatch:
    """Counts paint events of a widget (an event filter)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def __init__(self) -> None:
                super().__init__()
                self.count = 0

            def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt override
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self.filter = Filter()
        self.widget = widget
        widget.installEventFilter(self.filter)

    @property
    def count(self) -> int:
        return self.filter.count

    def remove(self) -> None:
        self.widget.removeEventFilter(self.filter)


def pump(app, watch: PaintWatch, before: int, idle_rounds: int = 3, limit_s: float = 120.0) -> None:
    """Process events until the watched widget has painted (or ``idle_rounds`` rounds without)."""
    start = time.perf_counter()
    rounds = 0
    while watch.count == before and rounds < idle_rounds and time.perf_counter() - start < limit_s:
        app.processEvents()
        rounds += 1


CPU_TIMES: list[float] = []     # the process's CPU seconds of every event timed, in order


def _events(app, view, watch: PaintWatch, fn: Callable[[int], None], count: int) -> list[float]:
    """Wall seconds of each event (its CPU seconds go to CPU_TIMES)."""
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


def drag(app, view, watch, node_id: str, scale: float, moves: int) -> list[float]:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest
    view._set_scale(scale)
    item = view.network_scene.node_items[node_id]
    view.centerOn(item)
    app.processEvents()
    viewport = view.viewport()
    start = view.mapFromScene(item.mapToScene(QPointF(item.geometry.width / 2, 8.0)))
    stack = view.document.undo_stack
    before_index = stack.index()
    old = item.pos()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    app.processEvents()
    times = _events(app, view, watch, lambda i: QTest.mouseMove(viewport, start + QPoint(3 * i, (i % 15) * 2)),
                    moves)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       start + QPoint(3 * moves, 0))
    app.processEvents()
    if stack.index() != before_index + 1 or item.pos() == old:
        raise RuntimeError("the drag did not move the node as one command")
    stack.undo()
    app.processEvents()
    return times


def pan(app, view, watch, scale: float, moves: int) -> list[float]:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    view._set_scale(scale)
    view.centerOn(view.network_scene.itemsBoundingRect().center())
    app.processEvents()
    viewport = view.viewport()
    start = viewport.rect().center()
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, start)
    app.processEvents()
    times = _events(app, view, watch,
                    lambda i: QTest.mouseMove(viewport, start + QPoint(-6 * i, -3 * i)), moves)
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier,
                       start + QPoint(-6 * moves, -3 * moves))
    app.processEvents()
    return times


def zoom(app, view, watch, scale: float | None, events: int) -> list[float]:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    if scale is None:
        view.fit_all()
    else:
        view._set_scale(scale)
    app.processEvents()
    viewport = view.viewport()
    at = QPointF(viewport.rect().center())

    def wheel(i: int) -> None:
        delta = 120 if i % 2 else -120
        event = QWheelEvent(at, QPointF(viewport.mapToGlobal(at.toPoint())), QPoint(), QPoint(0, delta),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, event)
    return _events(app, view, watch, wheel, events)


def new_window(app, cls):
    window = cls()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    return window


def undo_redo(app, watch: PaintWatch, action: Callable[[], None]) -> None:
    before = watch.count
    action()
    pump(app, watch, before)


def delete_cycle(rec: Any, p: Any, app, document, network, watch: PaintWatch, n: int) -> None:
    """Select 1,000 nodes (half of a smaller network), delete them as the Delete key does, undo,
    redo, and undo again, which must give back the state as it was."""
    from editor.core.graph.state import network_to_state
    from editor.model.edits import delete_items
    count = min(DELETE_COUNT, n // 2)
    doomed = sorted(random.Random(2).sample(range(n), count))
    ids = list(network.nodes)
    doomed_ids = [ids[i] for i in doomed]
    document.selection.set(doomed_ids)
    app.processEvents()
    reference, index = network_to_state(network), document.undo_stack.index()

    def delete() -> None:
        before = watch.count
        document.push(delete_items(document, doomed_ids, []))
        document.selection.clear()
        pump(app, watch, before)
    rec.time("delete", lambda: p.run("delete", delete))
    rec.time("delete_undo", lambda: p.run("delete_undo", lambda: undo_redo(app, watch, document.undo_stack.undo)))
    rec.time("delete_redo", lambda: p.run("delete_redo", lambda: undo_redo(app, watch, document.undo_stack.redo)))
    undo_redo(app, watch, document.undo_stack.undo)
    rec.info["deleted"] = count
    rec.info["undo_exact"] = network_to_state(network) == reference and document.undo_stack.index() == index
