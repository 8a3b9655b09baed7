"""Opening a network: the canvas is painted before the network is validated (validation of a big
network must not hold back its first picture), validation still follows, also in a hidden window,
and the views are built with the cyclic garbage collector paused."""

from __future__ import annotations

import gc
import time

from PySide6.QtCore import QEvent, QObject

from editor.canvas.scene import NetworkScene
from editor.core.io.files import save_network
from tests.app.helpers import stepped_network


class PaintLog(QObject):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint:
            self.log.append("paint")
        return False


def _saved(tmp_path, branches: int = 6) -> str:
    path = tmp_path / "open.yaml"
    save_network(stepped_network(branches), path)
    return str(path)


def test_first_paint_comes_before_validation(make_window, tmp_path, qtbot) -> None:
    window = make_window()
    problems = window.docks.get("problems").model
    qtbot.waitUntil(lambda: not problems.pending)
    log: list[str] = []
    real = problems._validator
    problems._validator = lambda network: (log.append("validate"), real(network))[1]
    painted = PaintLog(log)
    window.view.viewport().installEventFilter(painted)
    problems._timer.setInterval(0)
    fast = window.document.replace

    def replace(*args, **kwargs):     # as for a big file: building its views outlasts the timer
        fast(*args, **kwargs)
        time.sleep(0.05)
    window.document.replace = replace
    assert window.open_path(_saved(tmp_path), ask=False)
    qtbot.waitUntil(lambda: "validate" in log and not problems.pending, timeout=5000)
    assert "paint" in log
    assert log.index("paint") < log.index("validate")
    assert log.count("validate") == 1
    assert [p for p in problems.problems if p.severity == "error"] == []
    window.view.viewport().removeEventFilter(painted)


def test_problems_of_an_opened_file_are_shown(make_window, tmp_path, qtbot) -> None:
    net = stepped_network(2)
    net.create_node("fastr/math/AddInt:1.0", "1.0", id="loose_add")     # unlinked required inputs
    path = tmp_path / "loose.yaml"
    save_network(net, path)
    window = make_window()
    problems = window.docks.get("problems").model
    assert window.open_path(str(path), ask=False)
    qtbot.waitUntil(lambda: not problems.pending and any("loose_add" in p.node for p in problems.problems
                                                          if p.node), timeout=5000)
    assert "error" in window.problems_label.text() or "warning" in window.problems_label.text()


def test_a_hidden_window_validates_too(make_window, tmp_path, qtbot) -> None:
    window = make_window()
    window.hide()
    problems = window.docks.get("problems").model
    calls = []
    real = problems._validator
    problems._validator = lambda network: (calls.append(network.id), real(network))[1]
    assert window.open_path(_saved(tmp_path), ask=False)
    qtbot.waitUntil(lambda: bool(calls) and not problems.pending, timeout=5000)
    assert calls == ["batch"]


def test_edits_while_held_are_validated_once_released(make_window, qtbot) -> None:
    window = make_window()
    problems = window.docks.get("problems").model
    qtbot.waitUntil(lambda: not problems.pending)
    problems.hold()
    problems.schedule()
    assert problems.pending                       # wanted, waiting for release
    qtbot.wait(100)
    assert problems.pending
    problems.release()
    qtbot.waitUntil(lambda: not problems.pending, timeout=2000)


def test_views_are_built_with_the_collector_paused(make_window, tmp_path, monkeypatch) -> None:
    seen = []
    real = NetworkScene.rebuild

    def rebuild(self):
        seen.append(gc.isenabled())
        return real(self)
    monkeypatch.setattr(NetworkScene, "rebuild", rebuild)
    window = make_window()
    seen.clear()
    gc.unfreeze()                           # nothing left frozen by an earlier test's open
    assert window.open_path(_saved(tmp_path), ask=False)
    assert seen == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0        # the network and its views: out of the collector's sight
    window.close()
    assert gc.get_freeze_count() == 0       # given back when the window closes


def test_free_heap_memory_is_given_back_before_a_file_is_read(make_window, tmp_path, monkeypatch) -> None:
    from editor.app import mainwindow
    from editor.core.io import files as fileio

    log: list[str] = []
    monkeypatch.setattr(mainwindow, "release_free_memory", lambda: log.append("trim") or True)
    real = fileio.read_state
    monkeypatch.setattr(fileio, "read_state", lambda *a, **k: (log.append("read"), real(*a, **k))[1])
    window = make_window()
    assert window.open_path(_saved(tmp_path), ask=False)
    assert log == ["trim", "read"]
