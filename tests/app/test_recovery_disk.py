"""A file changed on disk while it is open (another program, git): the window notices (file
watcher) and asks before reloading; saving over it asks Overwrite / Reload / Cancel first."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.app import filewatch
from editor.core.io.files import load_network, save_network
from editor.core.graph.network import Network
from editor.core.graph.state import network_to_state
from tests.app.helpers import add_node

pytestmark = pytest.mark.usefixtures("recovery_session")

_B = QMessageBox.StandardButton


def change_elsewhere(path: Path, node_id: str = "from_git") -> None:
    """Another program writes the file (atomically, as git and most editors do), later in time."""
    other = Network(path.stem)
    other.create_source("Int", id=node_id)
    old = path.stat().st_mtime_ns
    save_network(other, str(path))
    stat = path.stat()
    if stat.st_mtime_ns <= old:
        os.utime(path, ns=(stat.st_atime_ns, old + 2_000_000_000))


@pytest.fixture
def open_window(make_window, dialogs, tmp_path: Path):
    path = tmp_path / "shared.yaml"
    save_network(Network("shared"), str(path))
    window = make_window()
    assert window.open_path(str(path))
    return window, path


@pytest.fixture
def answer(monkeypatch):
    asked: list[str] = []
    reply = {"value": "cancel"}

    def ask(parent, path, modified):
        asked.append(path)
        return reply["value"]
    monkeypatch.setattr(filewatch, "ask_overwrite", ask)
    return asked, reply


def test_save_over_a_changed_file_cancel_keeps_both(open_window, answer) -> None:
    window, path = open_window
    asked, _reply = answer
    add_node(window)
    change_elsewhere(path)
    theirs = path.read_bytes()
    mine = network_to_state(window.document.root)
    assert not window.save()
    assert asked == [str(path)]
    assert path.read_bytes() == theirs
    assert network_to_state(window.document.root) == mine and window.document.is_modified


def test_save_over_a_changed_file_overwrite(open_window, answer) -> None:
    window, path = open_window
    asked, reply = answer
    add_node(window)
    change_elsewhere(path)
    reply["value"] = "overwrite"
    assert window.save()
    assert list(load_network(str(path)).nodes) == ["addint"]
    assert not window.document.is_modified
    add_node(window, pos=(200.0, 0.0))
    assert window.save() and len(asked) == 1                 # asked once: the file is ours again


def test_save_over_a_changed_file_reload(open_window, answer) -> None:
    window, path = open_window
    _asked, reply = answer
    add_node(window)
    change_elsewhere(path)
    reply["value"] = "reload"
    assert not window.save()
    assert list(window.document.root.nodes) == ["from_git"]
    assert not window.document.is_modified


def test_saving_an_unchanged_or_deleted_file_asks_nothing(open_window, answer) -> None:
    window, path = open_window
    asked, _reply = answer
    add_node(window)
    assert window.save()
    path.unlink()                                            # gone: nothing on disk to lose
    add_node(window, pos=(100.0, 0.0))
    assert window.save() and path.exists()
    assert asked == []


def test_the_watcher_notices_a_change_and_asks_once(open_window, dialogs, qtbot) -> None:
    window, path = open_window
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    watch = window.file_watch
    assert str(path) in watch.watcher.files()
    dialogs.question_answer = _B.No
    change_elsewhere(path)
    qtbot.waitUntil(lambda: dialogs.kinds() == ["question"], timeout=5000)
    assert "changed by another program" in dialogs.shown[-1][2]
    assert str(path) in watch.watcher.files()                # watched again after the replace
    window._check_disk()                                     # activation again: not asked twice
    assert dialogs.kinds() == ["question"]
    dialogs.question_answer = _B.Yes
    change_elsewhere(path, "second_change")                  # a second change is noticed too
    qtbot.waitUntil(lambda: list(window.document.root.nodes) == ["second_change"], timeout=5000)
    assert dialogs.kinds() == ["question", "question"]
    assert not window.document.is_modified


def test_own_saves_do_not_count_as_changes(open_window, dialogs, qtbot) -> None:
    window, _path = open_window
    window.activateWindow()
    add_node(window)
    assert window.save()
    qtbot.wait(filewatch.SETTLE_MS + 300)
    window._check_disk()
    assert dialogs.kinds() == []


def test_a_deleted_file_is_told_in_the_status_bar(open_window, dialogs) -> None:
    window, path = open_window
    path.unlink()
    window._check_disk()
    assert "deleted or moved" in window.statusBar().currentMessage()
    assert dialogs.kinds() == []


@pytest.mark.parametrize("button, expected", [("overwrite", "overwrite"), ("reload", "reload"),
                                              ("cancel", "cancel")])
def test_the_overwrite_question_has_three_answers(qtbot, button: str, expected: str) -> None:
    box = filewatch.overwrite_box(None, "/x/net.yaml", True)
    names = sorted(b.objectName() for b in box.buttons())
    assert names == ["cancel", "overwrite", "reload"]
    assert "unsaved changes are lost" in box.text()
    box.deleteLater()

    def click() -> None:
        modal = QApplication.activeModalWidget()
        assert isinstance(modal, QMessageBox)
        next(b for b in modal.buttons() if b.objectName() == button).click()
    QTimer.singleShot(50, click)
    assert filewatch.ask_overwrite(None, "/x/net.yaml", False) == expected
