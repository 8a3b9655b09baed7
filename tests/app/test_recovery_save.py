"""Saving never loses work: atomic writes with the previous version kept as ``<name>~``, and a
failed save (disk full, permission denied, folder gone) says why, leaves the file on disk as it
was and keeps the open network intact and modified."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from editor.core.graph.state import network_to_state
from tests.app.helpers import add_node

pytestmark = pytest.mark.usefixtures("recovery_session")

_B = QMessageBox.StandardButton


@pytest.fixture
def saved_window(make_window, dialogs, tmp_path: Path):
    """A window whose network is saved in ``tmp_path/work/net.yaml`` and then edited again."""
    folder = tmp_path / "work"
    folder.mkdir()
    window = make_window()
    add_node(window, pos=(0.0, 0.0))
    dialogs.save_path = str(folder / "net.yaml")
    assert window.save_as()
    add_node(window, pos=(300.0, 0.0))
    assert window.document.is_modified
    return window


def _unchanged_after_failed_save(window, dialogs, path: Path, on_disk: bytes, reason: str) -> None:
    before = network_to_state(window.document.root)
    assert not window.save()
    kind, title, text = dialogs.shown[-1]
    assert kind == "critical" and title == "Cannot save network"
    assert reason in text, text
    if on_disk:
        assert path.read_bytes() == on_disk                  # the file is as it was
    assert network_to_state(window.document.root) == before  # the network is intact...
    assert window.document.is_modified and window.isWindowModified()      # ...and still unsaved
    assert not [p for p in path.parent.glob(".*.tmp")] if path.parent.exists() else True


def test_save_is_atomic_and_keeps_the_previous_version(saved_window) -> None:
    window = saved_window
    path = Path(window.document.file_path)
    first = path.read_text()
    assert window.save()
    backup = path.with_name(path.name + "~")
    assert backup.read_text() == first                   # Document.save passes backup=True
    assert "addint_2" in path.read_text()
    assert not list(path.parent.glob(".*.tmp"))


def test_disk_full_during_save(saved_window, dialogs, monkeypatch) -> None:
    path = Path(saved_window.document.file_path)
    on_disk = path.read_bytes()

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)
    _unchanged_after_failed_save(saved_window, dialogs, path, on_disk, "No space left on device")
    monkeypatch.undo()
    assert saved_window.save()                           # space again: saves fine
    assert not saved_window.document.is_modified


def test_permission_denied(saved_window, dialogs, monkeypatch) -> None:
    path = Path(saved_window.document.file_path)
    on_disk = path.read_bytes()
    if os.name == "posix" and os.geteuid() != 0:
        path.parent.chmod(0o500)                         # a folder we may not write in
        try:
            _unchanged_after_failed_save(saved_window, dialogs, path, on_disk, "permission denied")
        finally:
            path.parent.chmod(0o700)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")
    monkeypatch.setattr(tempfile, "mkstemp", denied)
    _unchanged_after_failed_save(saved_window, dialogs, path, on_disk, "permission denied")


def test_folder_gone(saved_window, dialogs) -> None:
    path = Path(saved_window.document.file_path)
    shutil.rmtree(path.parent)
    _unchanged_after_failed_save(saved_window, dialogs, path, b"", "does not exist")
    assert saved_window.recovery.autosaver.flush()
    assert saved_window.recovery.autosaver.path.exists()        # still recoverable meanwhile
    dialogs.save_path = str(path.parent.parent / "elsewhere.yaml")
    assert saved_window.save_as()                               # Save As somewhere else works
    assert not saved_window.document.is_modified


def test_saving_into_a_file_that_is_a_folder(saved_window, dialogs, tmp_path: Path) -> None:
    (tmp_path / "folder.yaml").mkdir()
    dialogs.save_path = str(tmp_path / "folder.yaml")
    before = network_to_state(saved_window.document.root)
    assert not saved_window.save_as()
    assert "is a folder" in dialogs.shown[-1][2]
    assert network_to_state(saved_window.document.root) == before and saved_window.document.is_modified
