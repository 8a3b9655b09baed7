"""App layer: notice when the open file changes on disk (another program, git) and ask first.

A QFileSystemWatcher on the file and its folder (an atomic save or a git checkout replaces the
file, which drops it from the watch list) triggers a check a moment later; the check runs at once
when the window is active, else when it next becomes active.  The question (Reload? Yes/No) is
asked once per change.  Before saving over the file it is checked again, its content included
(a change that kept the modification time, as ``cp -p`` or ``rsync -t`` make, counts): when it
changed, :func:`ask_overwrite` offers Overwrite / Reload / Cancel.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer
from PySide6.QtWidgets import QMessageBox, QWidget

from editor.core.io.filestamp import FileStamp

if TYPE_CHECKING:
    from editor.app.hosts import FileWatchHost

_B = QMessageBox.StandardButton
SETTLE_MS = 300          # a checkout writes in bursts: wait for it to settle


def overwrite_box(parent: QWidget | None, path: str, modified: bool) -> QMessageBox:
    box = QMessageBox(QMessageBox.Icon.Warning, "File changed on disk",
                      f"{path}\nwas changed by another program since you opened or saved it.\n\n"
                      "Overwrite it with this network, reload it from disk"
                      + (" (your unsaved changes are lost)" if modified else "") + ", or cancel?",
                      _B.NoButton, parent)
    box.addButton("Overwrite", QMessageBox.ButtonRole.AcceptRole).setObjectName("overwrite")
    box.addButton("Reload", QMessageBox.ButtonRole.DestructiveRole).setObjectName("reload")
    cancel = box.addButton(_B.Cancel)
    cancel.setObjectName("cancel")
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box


def ask_overwrite(parent: QWidget | None, path: str, modified: bool) -> str:
    """'overwrite', 'reload' or 'cancel'."""
    box = overwrite_box(parent, path, modified)
    box.exec()
    clicked = box.clickedButton()
    name = clicked.objectName() if clicked is not None else "cancel"
    return name if name in ("overwrite", "reload") else "cancel"


def _exists(path: str) -> bool:
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


class FileWatch(QObject):
    """Watches the file of one window's document."""

    def __init__(self, window: FileWatchHost) -> None:
        super().__init__(window.window())
        self.window = window
        self.document = window.document
        self.asked: str | None = None            # the content (hash) the user was last asked about
        self._deleted_told = False
        self.watcher = QFileSystemWatcher(self)
        self.watcher.fileChanged.connect(self._noticed)
        self.watcher.directoryChanged.connect(self._noticed)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self._settled)
        self.document.file_changed.connect(self.rewatch)
        self.document.reset.connect(self.rewatch)
        self.rewatch()

    def rewatch(self) -> None:
        """Watch the document's (new) file; forget earlier answers."""
        self.asked = None
        self._deleted_told = False
        paths = self.watcher.files() + self.watcher.directories()
        if paths:
            self.watcher.removePaths(paths)
        self._watch()

    def _watch(self) -> None:
        path = self.document.file_path
        if not path:
            return
        wanted = [p for p in (path, os.path.dirname(path)) if os.path.exists(p)]
        missing = [p for p in wanted if p not in self.watcher.files() + self.watcher.directories()]
        if missing:
            self.watcher.addPaths(missing)

    def _noticed(self, _path: str) -> None:
        self._watch()                 # a replaced file drops out of the watch list
        self._settle.start()

    def _settled(self) -> None:
        if self.window.isActiveWindow():
            self.check(verify=True)      # something happened to the file: compare the content too

    def check(self, *, verify: bool = False) -> None:
        """Ask once per change whether to reload a file another program changed."""
        doc = self.document
        if doc.saving:                # the file is being written by this window: its stamp follows
            return
        if doc.file_path is None or not doc.changed_on_disk(verify=verify):
            return
        if not _exists(doc.file_path):
            if not self._deleted_told:
                self._deleted_told = True
                self.window.statusBar().showMessage(
                    f"{doc.file_path} was deleted or moved on disk; Save writes it again.", 10000)
            return
        now = FileStamp.read(doc.file_path)
        if now is None or now.sha256 == self.asked:
            return
        self.asked = now.sha256
        note = "\n\nYour unsaved changes would be lost." if doc.is_modified else ""
        answer = QMessageBox.question(self.window.window(), "File changed on disk",
                                      f"{doc.file_path} was changed by another program.\nReload it?{note}")
        if answer == _B.Yes:
            self.window.open_path(doc.file_path, ask=False)

    def confirm_save(self, path: str) -> bool:
        """Before saving to ``path``: True to go on.  When it is the open file and another
        program changed it, ask (Overwrite / Reload / Cancel); Reload reopens it from disk."""
        doc = self.document
        if doc.file_path is None or os.path.abspath(path) != doc.file_path:
            return True
        if not _exists(doc.file_path) or not doc.changed_on_disk(verify=True):
            return True
        answer = ask_overwrite(self.window.window(), doc.file_path, doc.is_modified)
        if answer == "overwrite":
            return True
        if answer == "reload":
            self.window.open_path(doc.file_path, ask=False)
        return False
