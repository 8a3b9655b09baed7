"""Crash recovery in the application: a window autosaves its unsaved network, a clean close
removes the file, and the next start offers what an editor that died left behind (Restore /
Discard / Later); a restored network is modified and saves to its original file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.api import create_network
from editor.app.recoveryui import (
    RecoveryDialog,
    WindowRecovery,
    offer_recovery,
    when_text,
)
from editor.core.io.files import load_network, save_network
from editor.core.graph.state import network_to_state
from editor.model import recovery as rec
from editor.model.document import Document
from editor.model.edits import add_special_node
from editor.model.recovery import Autosaver, RecoverySession, read_entry
from tests.app.helpers import add_node

pytestmark = pytest.mark.usefixtures("recovery_session")

_B = QMessageBox.StandardButton


def dead_editor_left(folder: Path, network_id: str = "lost", original: str | None = None,
                     nodes: int = 2) -> tuple[Path, dict]:
    """A recovery file of an editor that is gone: written by a session that then let go."""
    other = RecoverySession(folder)
    other.start()
    doc = Document(create_network(network_id))
    if original:
        doc.load(original)
    saver = Autosaver(doc, other, delay_ms=60_000)
    for n in range(nodes):
        doc.push(add_special_node(doc.current_model, "source", "Int", (n * 100.0, 10.0)))
    saver.flush()
    state = network_to_state(doc.root)
    other.close()                     # ends without a clean close of the document: as if killed
    return saver.path, state


# -- autosave from a window ------------------------------------------------------------------------
def test_a_window_autosaves_and_a_clean_close_removes_the_file(make_window, dialogs, qtbot,
                                                              recovery_session) -> None:
    window = make_window()
    assert isinstance(window.recovery, WindowRecovery)
    saver = window.recovery.autosaver
    assert saver.recovery is recovery_session
    saver._timer.setInterval(50)
    add_node(window)
    qtbot.waitUntil(saver.path.exists, timeout=3000)
    saved = read_entry(saver.path).state
    assert [n["id"] for n in saved["nodelist"]] == ["addint"]
    dialogs.unsaved_answer = _B.Cancel               # cancelled close: the file stays
    assert not window.close()
    assert saver.path.exists()
    dialogs.unsaved_answer = _B.Discard              # discarded: nothing to recover
    assert window.close()
    assert not saver.path.exists()


def test_a_window_that_saves_has_no_recovery_file(make_window, dialogs, tmp_path: Path) -> None:
    window = make_window()
    saver = window.recovery.autosaver
    add_node(window)
    saver.flush()
    assert saver.path.exists()
    dialogs.save_path = str(tmp_path / "kept.yaml")
    assert window.save()
    assert not saver.path.exists()
    assert window.close() and dialogs.kinds() == []


def test_recovery_write_failures_go_to_the_status_bar(make_window, monkeypatch) -> None:
    from editor.core.errors import SaveError

    def full(path, text, **kwargs):
        raise SaveError(str(path), "could not be written: No space left on device")
    monkeypatch.setattr(rec, "atomic_write", full)
    window = make_window()
    add_node(window)
    window.recovery.autosaver.flush()
    assert "No space left on device" in window.statusBar().currentMessage()
    assert list(window.document.root.nodes) == ["addint"]


# -- the offer at start ----------------------------------------------------------------------------
def test_restore_opens_the_network_modified_and_saving_writes_the_original(
        make_window, dialogs, recovery_session, tmp_path: Path) -> None:
    original = tmp_path / "work.yaml"
    save_network(create_network("work"), str(original))
    path, state = dead_editor_left(recovery_session.folder, original=str(original))
    window = make_window()
    seen: list = []

    def ask(entries, parent):
        seen.extend(entries)
        return {str(e.path): "restore" for e in entries}
    restored = offer_recovery(window, ask=ask)
    assert restored == [window]                      # the empty start window takes it
    assert [e.original_path for e in seen] == [str(original)]
    doc = window.document
    assert network_to_state(doc.root) == state
    assert doc.is_modified and window.isWindowModified()
    assert doc.file_path == str(original)
    assert not path.exists()                         # handed over to this window's own file
    assert window.recovery.autosaver.path.exists()
    assert window.save()                             # Save writes to the original file
    assert network_to_state(load_network(str(original))) == state
    assert not doc.is_modified and not window.recovery.autosaver.path.exists()
    assert dialogs.kinds() == []


def test_several_networks_open_in_several_windows(make_window, dialogs, recovery_session,
                                                  tmp_path: Path, qtbot) -> None:
    first, first_state = dead_editor_left(recovery_session.folder, "first")
    second, second_state = dead_editor_left(recovery_session.folder, "second", nodes=3)
    window = make_window()
    restored = offer_recovery(window, ask=lambda entries, parent: {str(e.path): "restore" for e in entries})
    for extra in restored:
        if extra is not window:
            qtbot.addWidget(extra)
    assert len(restored) == 2 and restored[0] is window
    assert sorted(network_to_state(w.document.root)["id"] for w in restored) == ["first", "second"]
    assert all(w.document.is_modified and w.document.file_path is None for w in restored)
    assert not first.exists() and not second.exists()
    states = {network_to_state(w.document.root)["id"]: network_to_state(w.document.root) for w in restored}
    assert states == {"first": first_state, "second": second_state}


def test_discard_removes_and_later_keeps_for_the_next_start(make_window, dialogs, recovery_session) -> None:
    kept, _ = dead_editor_left(recovery_session.folder, "kept")
    dropped, _ = dead_editor_left(recovery_session.folder, "dropped")
    window = make_window()
    answers = {str(kept): "later", str(dropped): "discard"}
    assert offer_recovery(window, ask=lambda entries, parent: answers) == []
    assert kept.exists() and not dropped.exists()
    assert not window.document.is_modified
    again: list = []
    offer_recovery(window, ask=lambda entries, parent: again.extend(entries) or {})
    assert [e.path for e in again] == [kept]         # offered again; no answer means later
    assert kept.exists()


def test_nothing_is_asked_without_orphans(make_window, dialogs) -> None:
    window = make_window()
    add_node(window)
    window.recovery.autosaver.flush()                # this editor's own file is not an orphan

    def never(entries, parent):
        raise AssertionError("asked")
    assert offer_recovery(window, ask=never) == []


def test_an_unreadable_file_cannot_be_restored_but_can_be_discarded(make_window, dialogs,
                                                                    recovery_session) -> None:
    broken = recovery_session.folder / "broken.json"
    broken.write_text(json.dumps({"format": rec.RECOVERY_FORMAT, "header": {"network_id": "bad"},
                                  "state": {"id": "bad", "nodelist": "not a list"}}))
    window = make_window()
    offer_recovery(window, ask=lambda entries, parent: {str(e.path): "restore" for e in entries})
    kind, title, text = dialogs.shown[-1]
    assert kind == "critical" and title == "Cannot restore network" and str(broken) in text
    assert broken.exists() and not window.document.is_modified
    offer_recovery(window, ask=lambda entries, parent: {str(e.path): "discard" for e in entries})
    assert not broken.exists()


def test_the_file_given_on_the_command_line_is_replaced_by_its_unsaved_version(
        make_window, dialogs, recovery_session, tmp_path: Path) -> None:
    original = tmp_path / "given.yaml"
    save_network(create_network("given"), str(original))
    _path, state = dead_editor_left(recovery_session.folder, original=str(original))
    window = make_window()
    assert window.open_path(str(original))
    restored = offer_recovery(window, ask=lambda entries, parent: {str(e.path): "restore" for e in entries})
    assert restored == [window]
    assert network_to_state(window.document.root) == state and window.document.is_modified


def test_launch_offers_recovery(monkeypatch, dialogs, recovery_session, qtbot) -> None:
    from editor.app import main
    from editor.app.mainwindow import MainWindow
    path, state = dead_editor_left(recovery_session.folder, "from_last_time")
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    asked: list = []

    def ask(entries, parent):
        asked.extend(entries)
        return {str(e.path): "restore" for e in entries}
    monkeypatch.setattr("editor.app.recoveryui.ask_recovery", ask)
    before = list(MainWindow._open_windows)
    assert main.launch(None) == 0
    window = next(w for w in MainWindow._open_windows if w not in before)
    qtbot.addWidget(window)
    assert [e.path for e in asked] == [path]
    assert network_to_state(window.document.root) == state and window.document.is_modified
    window.document.undo_stack.setClean()


# -- the dialog ------------------------------------------------------------------------------------
def test_the_dialog_lists_network_file_and_time(qtbot, dialogs, recovery_session, tmp_path: Path) -> None:
    original = tmp_path / "named.yaml"
    save_network(create_network("named"), str(original))
    one, _ = dead_editor_left(recovery_session.folder, "named", original=str(original))
    two, _ = dead_editor_left(recovery_session.folder, "fresh")
    entries = RecoverySession(recovery_session.folder).orphans()
    dialog = RecoveryDialog(entries)
    qtbot.addWidget(dialog)
    tree = dialog.tree
    rows = {tree.topLevelItem(r).data(0, Qt.ItemDataRole.UserRole): tree.topLevelItem(r)
            for r in range(tree.topLevelItemCount())}
    assert set(rows) == {str(one), str(two)}
    assert rows[str(one)].text(0) == "named (2 nodes)"
    assert rows[str(one)].text(1) == str(original)
    assert rows[str(two)].text(1) == "(never saved)"
    assert "just now" in rows[str(one)].text(2)
    assert [b.text() for b in (dialog.restore_button, dialog.discard_button, dialog.later_button)] == \
        ["Restore", "Discard…", "Later"]
    dialog.show()
    dialog.grab().save(str(tmp_path / "recovery_dialog.png"))
    tree.clearSelection()
    rows[str(two)].setSelected(True)
    dialogs.question_answer = _B.Cancel               # Discard asks first
    dialog.discard_selected()
    assert dialog.choices == {} and tree.topLevelItemCount() == 2
    dialogs.question_answer = _B.Discard
    dialog.discard_selected()
    assert dialog.choices == {str(two): "discard"} and tree.topLevelItemCount() == 1
    dialog.later_button.click()
    assert dialog.choices == {str(two): "discard", str(one): "later"}
    assert not dialog.isVisible()


def test_the_dialog_restore_button_finishes_when_all_are_chosen(qtbot, recovery_session) -> None:
    dead_editor_left(recovery_session.folder, "a")
    dead_editor_left(recovery_session.folder, "b")
    dialog = RecoveryDialog(RecoverySession(recovery_session.folder).orphans())
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert sorted(dialog.choices.values()) == ["restore", "restore"]


def test_when_text_is_readable() -> None:
    assert "just now" in when_text(1000.0, 1010.0)
    assert "5 minutes ago" in when_text(1000.0, 1300.0)
    assert "3 hours ago" in when_text(0.0, 3 * 3600.0)
    assert "2 days ago" in when_text(0.0, 2 * 86400.0)
