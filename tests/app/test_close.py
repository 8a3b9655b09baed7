"""Closing never crashes: with unsaved edits (discarded), an autosave pending or being written,
docks floating, a drag or a link drawing in progress, or a run in progress; the window is really
deleted afterwards and nothing of it fires later."""

from __future__ import annotations

import gc
import importlib.util
import os
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDockWidget, QMessageBox
from shiboken6 import isValid

from editor.app.mainwindow import MainWindow
from editor.app.settings import AppSettings
from editor.model import recovery as rec
from tests.app.helpers import add_node, build_small_network

pytestmark = pytest.mark.usefixtures("recovery_session")

_B = QMessageBox.StandardButton


@pytest.fixture
def window(qtbot, dialogs):
    """A shown window that deletes itself on close (as New Window makes them)."""
    from editor.app.library import LibraryService
    settings = AppSettings()
    win = MainWindow(settings, LibraryService(settings))
    win.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    win.show()
    qtbot.waitExposed(win)
    yield win
    if isValid(win):
        win.document.undo_stack.setClean()
        win.close()


def close_and_delete(qtbot, window) -> None:
    """Close, let deferred deletes and timers run, and check the window is gone."""
    assert window.close()
    for _ in range(3):
        QApplication.sendPostedEvents(None, 0)       # DeferredDelete included
        QApplication.processEvents()
        qtbot.wait(20)
    gc.collect()
    assert not isValid(window)


def test_close_with_unsaved_edits_discarded(qtbot, window, dialogs) -> None:
    build_small_network(window)
    saver = window.recovery.autosaver
    saver.flush()
    path = saver.path
    assert path.exists()
    add_node(window, pos=(600.0, 0.0))               # one more: an autosave is pending at close
    assert saver.scheduled
    dialogs.unsaved_answer = _B.Discard
    close_and_delete(qtbot, window)
    assert dialogs.kinds() == ["warning"]
    qtbot.wait(100)
    assert not path.exists()                         # discarded: no recovery file comes back


def test_close_while_a_large_autosave_is_being_written(qtbot, window, dialogs, monkeypatch) -> None:
    real = rec.atomic_write

    def slow(path, text, **kwargs):
        time.sleep(0.3)
        real(path, text, **kwargs)
    monkeypatch.setattr(rec, "atomic_write", slow)
    saver = window.recovery.autosaver
    saver.worker_threshold = 0                       # every network counts as large here
    build_small_network(window)
    saver.write_now()                                # being written in the worker thread...
    pending = saver._pending
    dialogs.unsaved_answer = _B.Discard
    close_and_delete(qtbot, window)                  # ...while the window goes away
    pending.result(10)
    rec._worker().submit(lambda: None).result(10)    # every queued job has run
    assert not saver.path.exists()


def test_close_with_docks_floating(qtbot, window) -> None:
    docks = window.findChildren(QDockWidget)
    assert docks
    for n, dock in enumerate(docks):
        dock.setFloating(True)
        dock.move(50 + 30 * n, 50 + 30 * n)
        dock.show()
    qtbot.wait(20)
    assert all(d.isFloating() and d.isVisible() for d in docks)
    build_small_network(window)
    window.document.undo_stack.setClean()
    close_and_delete(qtbot, window)
    assert not any(isValid(d) for d in docks)
    visible = [w for w in QApplication.topLevelWidgets() if w.isVisible() and isinstance(w, QDockWidget)]
    assert visible == []


def _node_header(window, node_id: str) -> QPoint:
    item = window.view.network_scene.node_items[node_id]
    return window.view.mapFromScene(item.mapToScene(QPointF(item.geometry.width / 2, 12.0)))


def test_close_while_dragging_a_node(qtbot, window, dialogs) -> None:
    build_small_network(window)
    window.view.reset_zoom()
    window.view.centerOn(QPointF(150, 40))
    scene = window.view.network_scene
    node_id = next(iter(window.document.root.nodes))
    viewport = window.view.viewport()
    start = _node_header(window, node_id)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for step in range(1, 5):
        QTest.mouseMove(viewport, start + QPoint(15 * step, 10 * step))
    assert scene.gesture is not None                 # the drag is in progress
    count = window.document.undo_stack.count()
    dialogs.unsaved_answer = _B.Discard
    close_and_delete(qtbot, window)
    assert not isValid(viewport)
    assert window not in MainWindow._open_windows
    assert count == 3                                # the unfinished drag was never pushed


def test_close_while_drawing_a_link(qtbot, window, dialogs) -> None:
    first = add_node(window, pos=(0.0, 0.0))
    add_node(window, pos=(300.0, 0.0))
    window.view.reset_zoom()
    window.view.centerOn(QPointF(150, 40))
    scene = window.view.network_scene
    port = scene.node_items[first].port_items[("out", "result")]
    viewport = window.view.viewport()
    start = window.view.mapFromScene(port.scenePos())
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(viewport, start + QPoint(40, 20))
    QTest.mouseMove(viewport, start + QPoint(120, 20))
    assert scene.gesture is not None
    dialogs.unsaved_answer = _B.Discard
    close_and_delete(qtbot, window)


def test_cancelled_close_during_a_drag_keeps_the_drag_working(qtbot, window, dialogs) -> None:
    build_small_network(window)
    window.view.reset_zoom()
    window.view.centerOn(QPointF(150, 40))
    node_id = next(iter(window.document.root.nodes))
    viewport = window.view.viewport()
    start = _node_header(window, node_id)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(viewport, start + QPoint(20, 10))
    QTest.mouseMove(viewport, start + QPoint(60, 30))
    dialogs.unsaved_answer = _B.Cancel
    assert not window.close()
    assert isValid(window) and window.isVisible()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 30))
    scene = window.view.network_scene
    assert set(scene.node_items) == set(window.document.root.nodes)
    item = scene.node_items[node_id]
    assert (item.pos().x(), item.pos().y()) == tuple(window.document.root.nodes[node_id].position)


def test_quit_closes_every_window(qtbot, window, dialogs) -> None:
    second = window.new_window()
    add_node(second)
    dialogs.unsaved_answer = _B.Discard
    window.quit_application()
    for _ in range(3):
        QApplication.sendPostedEvents(None, 0)
        QApplication.processEvents()
    assert not isValid(window) and not isValid(second)


def _pid_alive(pid: int) -> bool:
    """Running (a zombie nobody reaped yet counts as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


@pytest.mark.skipif(importlib.util.find_spec("editor.panels.run") is None, reason="no run UI yet")
@pytest.mark.skipif(sys.platform == "win32", reason="process groups")
def test_close_with_a_run_in_progress(qtbot, window, dialogs, tmp_path: Path) -> None:
    if getattr(window, "run_controller", None) is None:
        from editor.panels.runcontrol import install_run_ui
        install_run_ui(window)
    session = window.run_controller.session
    marker = tmp_path / "child.pid"
    # a long "run" that also starts a tool of its own (in the run's process group)
    script = ("import subprocess, sys, time\n"
              "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)'])\n"
              f"open({str(marker)!r}, 'w').write(str(child.pid))\n"
              "print('FASTR-EDITOR-RUN {\"event\": \"started\", \"tmpdir\": \"/tmp\"}', flush=True)\n"
              "time.sleep(120)\n")
    session.start_command(sys.executable, ["-c", script])
    qtbot.waitUntil(lambda: marker.exists() and marker.read_text().strip() != "", timeout=20000)
    pid, tool = session._pid, int(marker.read_text())
    assert session.running and _pid_alive(pid) and _pid_alive(tool)
    dialogs.question_answer = _B.No                    # "stop the run and close?" No: stays open
    assert not window.close()
    assert session.running and dialogs.kinds() == ["question"]
    dialogs.question_answer = _B.Yes
    close_and_delete(qtbot, window)
    deadline = time.time() + 10
    while (_pid_alive(pid) or _pid_alive(tool)) and time.time() < deadline:
        time.sleep(0.05)
    assert not _pid_alive(pid) and not _pid_alive(tool)     # the run and its tools are stopped
