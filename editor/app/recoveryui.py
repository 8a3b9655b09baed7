"""App layer: crash recovery in the windows: each window's autosaver, and the question at start.

:class:`WindowRecovery` gives a window's document an :class:`~editor.model.recovery.Autosaver`
(failures go to the status bar) and removes the recovery file when the window closes cleanly.
:func:`offer_recovery` runs at start: when networks of an editor that did not close normally are
found it shows :class:`RecoveryDialog` (network, original file, last edited; Restore / Discard /
Later).  A restored network opens as a modified document pointing at its original file, so Save
writes there; Later keeps the file for the next start.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from editor.app import dialogs
from editor.model.recovery import Autosaver, RecoveryEntry, RecoverySession, session

if TYPE_CHECKING:
    from editor.app.hosts import RecoveryHost

_B = QMessageBox.StandardButton
Decide = Callable[[list[RecoveryEntry], QWidget | None], dict[str, str]]


class WindowRecovery(QObject):
    """The recovery file of one window's document."""

    def __init__(self, window: RecoveryHost, recovery: RecoverySession | None = None) -> None:
        super().__init__(window.window())
        self.window = window
        self.autosaver = Autosaver(window.document, recovery if recovery is not None else session(),
                                   parent=self)
        self.autosaver.failed.connect(self._failed)
        self.autosaver.written.connect(self._written)
        self._told: str | None = None

    def _failed(self, reason: str) -> None:
        if reason != self._told:                 # once per problem, not after every edit
            self._told = reason
            self.window.statusBar().showMessage(f"Crash recovery: {reason}", 8000)

    def _written(self, _path: str) -> None:
        self._told = None

    def closed(self) -> None:
        """The window closed cleanly (saved, clean or discarded): no recovery file is left."""
        self.autosaver.close()

    def restore(self, entry: RecoveryEntry) -> bool:
        """Open ``entry`` in this window as a modified document; its old file is removed once
        this window has written its own.  Shows why and returns False when it cannot."""
        window = self.window
        service = window.library_service
        try:
            network = entry.network(library=service.library, types=service.types)
        except ValueError as error:
            dialogs.show_error(window.window(), "Cannot restore network",
                               f"The unsaved network “{entry.network_id}” could not be restored:\n\n{error}"
                               f"\n\nIts recovery file is kept:\n{entry.path}")
            return False
        document = window.document
        original = entry.original_path
        document.replace(network, original)
        if original is not None and entry.original_stamp is not None:
            document.set_file_stamp(entry.original_stamp)   # a later change on disk is noticed at save
        document.undo_stack.resetClean()                 # modified until saved
        self.autosaver.write_now()
        if self.autosaver.flush() and self.autosaver.path.exists():
            self.autosaver.recovery.discard(entry)
        window.statusBar().showMessage(f"Restored the unsaved changes of {document.display_name}", 8000)
        return True


def stop_run_before_close(window: RecoveryHost) -> bool:
    """True when the window may close: no run is going, or the user agreed to stop it (then it
    is stopped, fastr and the tools it started with it)."""
    controller = getattr(window, "run_controller", None)
    run = getattr(controller, "session", None)
    if run is None or not getattr(run, "running", False):
        return True
    answer = QMessageBox.question(window.window(), "A run is going",
                                  f"“{window.document.display_name}” is being run by fastr.\n"
                                  "Closing the window stops the run. Stop it and close?",
                                  _B.Yes | _B.No, _B.No)
    if answer != _B.Yes:
        return False
    run.kill()
    return True


# -- the dialog ---------------------------------------------------------------------------------
def when_text(stamp: float, now: float | None = None) -> str:
    now = time.time() if now is None else now
    ago = max(0.0, now - stamp)
    if ago < 90:
        rel = "just now"
    elif ago < 90 * 60:
        rel = f"{round(ago / 60)} minutes ago"
    elif ago < 36 * 3600:
        rel = f"{round(ago / 3600)} hours ago"
    else:
        rel = f"{round(ago / 86400)} days ago"
    return f"{time.strftime('%Y-%m-%d %H:%M', time.localtime(stamp))} ({rel})"


class RecoveryDialog(QDialog):
    """Lists the unsaved networks found; Restore / Discard act on the selected rows, Later
    (or closing) keeps the rest for the next start.  ``choices``: recovery file -> action."""

    def __init__(self, entries: list[RecoveryEntry], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_dialog")
        self.setWindowTitle("Recover unsaved networks")
        self.entries = {str(e.path): e for e in entries}
        self.choices: dict[str, str] = {}
        text = QLabel("The editor did not close normally, and these networks had unsaved changes.\n"
                      "Restore them to keep working on them, or discard them.")
        text.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("recovery_list")
        self.tree.setHeaderLabels(["Network", "Original file", "Last edited"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)     # keep the file's name in view
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for entry in entries:
            self.tree.addTopLevelItem(self._row(entry))
        self.tree.selectAll()
        buttons = QDialogButtonBox()
        self.restore_button = buttons.addButton("Restore", QDialogButtonBox.ButtonRole.AcceptRole)
        self.discard_button = buttons.addButton("Discard…", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.later_button = buttons.addButton("Later", QDialogButtonBox.ButtonRole.RejectRole)
        self.restore_button.setDefault(True)
        for button, slot in ((self.restore_button, self.restore_selected),
                             (self.discard_button, self.discard_selected), (self.later_button, self.later)):
            button.clicked.connect(lambda _=False, s=slot: s())
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(760, 300)
        self._update_buttons()

    def _row(self, entry: RecoveryEntry) -> QTreeWidgetItem:
        name = entry.network_id
        if entry.nodes is not None:
            name += f" ({entry.nodes} node{'s' if entry.nodes != 1 else ''})"
        original = entry.original_path or "(never saved)"
        if entry.original_path and not os.path.exists(entry.original_path):
            original += " (no longer there)"
        item = QTreeWidgetItem([name, original, when_text(entry.edited)])
        item.setData(0, Qt.ItemDataRole.UserRole, str(entry.path))
        if entry.error:
            item.setText(0, f"{entry.path.name}: unreadable")
            item.setToolTip(0, entry.error)
        else:
            item.setToolTip(1, entry.original_path or "")
        return item

    def _selected(self) -> list[str]:
        return [item.data(0, Qt.ItemDataRole.UserRole) for item in self.tree.selectedItems()]

    def _update_buttons(self) -> None:
        chosen = self._selected()
        self.restore_button.setEnabled(any(self.entries[p].error is None for p in chosen))
        self.discard_button.setEnabled(bool(chosen))

    def _decide(self, paths: list[str], action: str) -> None:
        for path in paths:
            self.choices[path] = action
        for row in reversed(range(self.tree.topLevelItemCount())):
            item = self.tree.topLevelItem(row)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole) in paths:
                self.tree.takeTopLevelItem(row)
        if self.tree.topLevelItemCount() == 0:
            self.accept()
        else:
            self.tree.selectAll()

    def restore_selected(self) -> None:
        self._decide([p for p in self._selected() if self.entries[p].error is None], "restore")

    def discard_selected(self) -> None:
        chosen = self._selected()
        if not chosen:
            return
        what = "this network" if len(chosen) == 1 else f"these {len(chosen)} networks"
        answer = QMessageBox.question(self, "Discard unsaved changes",
                                      f"Discard the unsaved changes of {what}? They cannot be recovered.",
                                      _B.Discard | _B.Cancel, _B.Cancel)
        if answer == _B.Discard:
            self._decide(chosen, "discard")

    def later(self) -> None:
        self.reject()

    def reject(self) -> None:  # Escape, the close button, Later: keep the rest
        for path in self.entries:
            self.choices.setdefault(path, "later")
        super().reject()


def ask_recovery(entries: list[RecoveryEntry], parent: QWidget | None) -> dict[str, str]:
    dialog = RecoveryDialog(entries, parent)
    dialog.exec()
    choices = dict(dialog.choices)
    for path in dialog.entries:
        choices.setdefault(path, "later")
    dialog.deleteLater()
    return choices


def _target_window(window: RecoveryHost, entry: RecoveryEntry, used: set[int]) -> RecoveryHost:
    """The start window when it is free (empty and clean, or clean on the same file), else new."""
    doc = window.document
    free = not doc.is_modified and (not doc.root.nodes and doc.file_path is None
                                    or doc.file_path is not None and doc.file_path == entry.original_path)
    if id(window) not in used and free:
        return window
    return window.new_window()


def offer_recovery(window: RecoveryHost, recovery: RecoverySession | None = None,
                   ask: Decide | None = None) -> list[RecoveryHost]:
    """At start: offer the unsaved networks of editors that ended abnormally.  The windows
    restored networks opened in (the start window when it is free, new ones otherwise)."""
    recovery = recovery if recovery is not None else session()
    restored: list[RecoveryHost] = []
    try:
        entries = recovery.orphans()
        if not entries:
            return restored
        choices = (ask or ask_recovery)(entries, window.window())
        used: set[int] = set()
        for entry in entries:
            action = choices.get(str(entry.path), "later")
            if action == "discard":
                recovery.discard(entry)
            elif action == "restore":
                target = _target_window(window, entry, used)
                if target.recovery.restore(entry):
                    used.add(id(target))
                    restored.append(target)
                elif target is not window:
                    target.close()
    finally:
        recovery.release_claims()
    return restored
