"""Saving off the window's thread (issue 17, item 7): the state is taken on the UI thread, the text
made and written by a worker, the window's event loop goes on meanwhile (timers, autosave, edits),
edits made during the save keep the document modified, and two saves of one file never overlap.

The worker is held at a gate where the test needs a moment "during the save": the gate opens from
the UI thread (a timer, an edit), so a save that blocked the event loop could never finish."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from editor.core.graph.state import network_to_state
from editor.core.io import files
from editor.core.io.files import load_network, save_network
from editor.model import document as document_module
from editor.model.commands import MoveNodesCommand, RenameNodeCommand

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from scale_network import build_network  # noqa: E402

pytestmark = pytest.mark.usefixtures("recovery_session")

#: a guard against hangs only
GUARD_S = 120.0
NODES = 5000


class Gate:
    """Wraps the worker's write: each write waits until :meth:`open` (UI thread) and counts how
    many writes of one file run at once."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.opened = threading.Event()
        self.entered = threading.Event()
        self.lock = threading.Lock()
        self.running: dict[str, int] = {}
        self.most = 0
        self.writes: list[str] = []
        real = files.write_state

        def gated(state, path, fmt=None, *, backup=False):
            key = str(path)
            with self.lock:
                self.running[key] = self.running.get(key, 0) + 1
                self.most = max(self.most, self.running[key])
            self.entered.set()
            try:
                assert self.opened.wait(GUARD_S), "the gate was never opened"
                result = real(state, path, fmt, backup=backup)
                self.writes.append(key)
                return result
            finally:
                with self.lock:
                    self.running[key] -= 1
        monkeypatch.setattr(document_module, "write_state", gated)

    def open(self) -> None:
        self.opened.set()


@pytest.fixture(scope="module")
def big_state() -> dict:
    return network_to_state(build_network(NODES))


def _tools(window) -> dict:
    """The window's tool library and datatypes, as it gives the networks it opens."""
    return {"library": window.library_service.library, "types": window.library_service.types}


def _big_window(make_window, big_state, tmp_path: Path):
    from editor.core.graph.network import network_from_state
    window = make_window()
    path = tmp_path / "big.yaml"
    window.document.replace(network_from_state(big_state, **_tools(window)), str(path))
    window.document.undo_stack.resetClean()
    return window, path


def _move(window, node_id: str, to: tuple[float, float]) -> None:
    model = window.document.root_model
    old = window.document.root.nodes[node_id].position
    window.document.push(MoveNodesCommand(model, {node_id: (old, to)}))


def test_a_big_save_lets_the_event_loop_run_and_writes_what_a_synchronous_save_writes(
        make_window, big_state, tmp_path: Path, monkeypatch, qtbot) -> None:
    window, path = _big_window(make_window, big_state, tmp_path)
    gate = Gate(monkeypatch)
    ticks = {"during": 0}

    def tick() -> None:                       # the UI thread, while the worker waits at the gate
        if gate.entered.is_set():
            ticks["during"] += 1
            gate.open()
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    timer.start()
    threads: list[threading.Thread] = []
    window.document.save_finished.connect(lambda _job: threads.append(threading.current_thread()))
    assert window.save()                      # waits for the result, the event loop running
    timer.stop()
    assert threads == [threading.main_thread()]         # the result is taken in on the UI thread
    assert ticks["during"] >= 1               # the timer fired while the save was under way
    reference = tmp_path / "reference.yaml"
    save_network(window.document.root, reference)
    assert path.read_bytes() == reference.read_bytes()       # complete, and what a sync save writes
    assert load_network(path).__getstate__() == window.document.root.__getstate__()
    assert not window.document.is_modified and not window.isWindowModified()
    assert not window.document.saving
    assert window.statusBar().currentMessage() == f"Saved {path}"


def test_an_edit_during_the_save_keeps_the_document_modified_and_autosave_runs(
        make_window, big_state, tmp_path: Path, monkeypatch, qtbot) -> None:
    window, path = _big_window(make_window, big_state, tmp_path)
    document = window.document
    autosaver = window.recovery.autosaver
    gate = Gate(monkeypatch)
    before = network_to_state(document.root)
    job = document.save_async()
    qtbot.waitUntil(gate.entered.is_set, timeout=int(GUARD_S * 1000))
    _move(window, "add_b0_0", (12345.0, 678.0))           # edited while the worker writes
    assert document.is_modified
    qtbot.waitUntil(lambda: autosaver.path.exists() and "12345" in autosaver.path.read_text(),
                    timeout=int(GUARD_S * 1000))          # autosave is not held up by the save
    gate.open()
    qtbot.waitUntil(lambda: job.handled, timeout=int(GUARD_S * 1000))
    assert job.error is None
    assert load_network(path).__getstate__() == before   # the state as it was when the save began
    assert document.is_modified and window.isWindowModified()        # the edit is not saved yet
    assert autosaver.path.exists()                       # ...so its recovery file stays
    document.undo_stack.undo()                           # back to what the file holds: still
    assert document.is_modified                          # "modified" (no undo state is the file)
    assert window.save()
    assert not document.is_modified


def test_a_second_save_of_the_file_waits_for_the_first(make_window, big_state, tmp_path: Path,
                                                        monkeypatch, qtbot) -> None:
    window, path = _big_window(make_window, big_state, tmp_path)
    document = window.document
    gate = Gate(monkeypatch)
    first = document.save_async()
    qtbot.waitUntil(gate.entered.is_set, timeout=int(GUARD_S * 1000))
    window.document.push(RenameNodeCommand(document.root_model, "add_b1_0", "renamed_node"))
    second = document.save_async()
    third = document.save_async()                        # the same file, still waiting: one job
    assert third is second and not second.finished.is_set()
    assert document.saving
    gate.open()
    qtbot.waitUntil(lambda: second.handled, timeout=int(GUARD_S * 1000))
    assert first.ok and second.ok and first.handled
    assert gate.most == 1 and gate.writes == [str(path), str(path)]   # one after the other
    assert "renamed_node" in load_network(path).nodes
    assert not document.is_modified


def test_two_windows_saving_one_file_never_write_it_at_once(make_window, big_state, tmp_path: Path,
                                                            monkeypatch, qtbot) -> None:
    one, path = _big_window(make_window, big_state, tmp_path)
    two, _ = _big_window(make_window, big_state, tmp_path)
    gate = Gate(monkeypatch)
    jobs = [one.document.save_async(), two.document.save_async()]
    qtbot.waitUntil(gate.entered.is_set, timeout=int(GUARD_S * 1000))
    gate.open()
    qtbot.waitUntil(lambda: all(j.handled for j in jobs), timeout=int(GUARD_S * 1000))
    assert all(j.ok for j in jobs) and gate.most == 1


def test_a_failed_save_names_the_file_and_keeps_the_document_modified(make_window, dialogs,
                                                                      tmp_path: Path) -> None:
    window = make_window()
    target = tmp_path / "gone" / "net.yaml"
    from tests.app.helpers import add_node
    add_node(window)
    dialogs.save_path = str(target)
    assert not window.save_as()
    kind, title, text = dialogs.shown[-1]
    assert kind == "critical" and title == "Cannot save network"
    assert str(target) in text and "does not exist" in text
    assert window.document.is_modified and not window.document.saving
    assert window.document.file_path is None


def test_document_save_waits_and_raises_as_before(qapp, tmp_path: Path) -> None:
    from editor.core.errors import SaveError
    from editor.model.document import Document
    document = Document(build_network(50))
    with pytest.raises(SaveError, match="does not exist"):
        document.save(str(tmp_path / "gone" / "net.yaml"))
    document.save(str(tmp_path / "net.json"))
    assert document.file_path == str(tmp_path / "net.json") and not document.saving
    assert load_network(tmp_path / "net.json").__getstate__() == document.root.__getstate__()


def test_a_save_started_before_a_new_network_does_not_mark_the_new_one_saved(
        make_window, big_state, tmp_path: Path, monkeypatch, qtbot) -> None:
    window, path = _big_window(make_window, big_state, tmp_path)
    document = window.document
    gate = Gate(monkeypatch)
    job = document.save_async()
    qtbot.waitUntil(gate.entered.is_set, timeout=int(GUARD_S * 1000))
    from editor.core.graph.network import Network
    document.replace(Network("other", **_tools(window)), None)
    document.undo_stack.resetClean()
    gate.open()
    qtbot.waitUntil(lambda: job.handled, timeout=int(GUARD_S * 1000))
    assert job.ok and path.exists()
    assert document.file_path is None and document.is_modified


def test_save_from_the_menu_action_as_ctrl_s_does(make_window, big_state, tmp_path: Path, monkeypatch,
                                                   qtbot) -> None:
    window, path = _big_window(make_window, big_state, tmp_path)
    gate = Gate(monkeypatch)
    QTimer.singleShot(50, gate.open)          # opens only if the event loop runs during the save
    window.menu_actions.save.trigger()
    assert path.exists() and gate.opened.is_set()
    assert not window.document.is_modified


def test_the_edit_just_before_the_save_goes_to_the_recovery_file_when_the_save_starts(
        make_window, big_state, tmp_path: Path, monkeypatch, qtbot) -> None:
    window, path = _big_window(make_window, big_state, tmp_path)
    autosaver = window.recovery.autosaver
    autosaver.flush()
    for timer in (autosaver._timer, autosaver._deadline):
        timer.setInterval(10 * 60 * 1000)     # autosave's own timers would come far too late
    _move(window, "add_b0_1", (4242.0, 4242.0))
    assert autosaver.scheduled
    gate = Gate(monkeypatch)
    job = window.document.save_async()
    qtbot.waitUntil(lambda: autosaver.path.exists() and "4242" in autosaver.path.read_text(),
                    timeout=int(GUARD_S * 1000))
    assert not job.finished.is_set()          # written while the save is still held at the gate
    gate.open()
    qtbot.waitUntil(lambda: job.handled, timeout=int(GUARD_S * 1000))
    qtbot.waitUntil(lambda: not autosaver.path.exists(), timeout=int(GUARD_S * 1000))   # clean: gone


def test_closing_the_window_during_a_save_waits_for_it(make_window, big_state, dialogs, tmp_path: Path,
                                                        monkeypatch, qtbot) -> None:
    window, path = _big_window(make_window, big_state, tmp_path)
    gate = Gate(monkeypatch)
    job = window.document.save_async()
    qtbot.waitUntil(gate.entered.is_set, timeout=int(GUARD_S * 1000))
    threading.Timer(0.2, gate.open).start()   # the UI thread waits in closeEvent
    assert window.close()
    assert job.ok and path.exists() and not dialogs.shown    # saved: no unsaved-changes question


def test_a_queued_save_of_a_network_no_longer_shown_is_not_made(make_window, big_state, tmp_path: Path,
                                                                 monkeypatch, qtbot) -> None:
    window, path = _big_window(make_window, big_state, tmp_path)
    document = window.document
    gate = Gate(monkeypatch)
    first = document.save_async()
    qtbot.waitUntil(gate.entered.is_set, timeout=int(GUARD_S * 1000))
    other = document.save_async(str(tmp_path / "other.yaml"))       # queued behind the first
    from editor.core.graph.network import Network
    document.replace(Network("replacement", **_tools(window)), None)
    gate.open()
    qtbot.waitUntil(lambda: other.handled, timeout=int(GUARD_S * 1000))
    assert first.ok and other.error is not None and "another network" in str(other.error)
    assert not (tmp_path / "other.yaml").exists() and not document.saving
