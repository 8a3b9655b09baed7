"""App layer: small dialogs: errors, the unsaved-changes question, file choosers, About,
keyboard shortcuts, and the dialog an unexpected exception shows instead of a traceback.

Message boxes go through QMessageBox's static functions (``warning``, ``critical``) so tests can
answer them by monkeypatching QMessageBox.
"""

from __future__ import annotations

import os
import platform
import re
import sys
import traceback
from html import escape
from types import TracebackType

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog,
                               QHeaderView, QMessageBox, QTableWidget, QTableWidgetItem,
                               QVBoxLayout, QWidget)

from editor.core.errors import LoadError

APP_NAME = "fastr editor"
FASTR_COMPATIBILITY = "3.4.0"

OPEN_FILTERS = ("fastr networks (*.yaml *.yml *.json);;YAML (*.yaml *.yml);;JSON (*.json);;"
                "fastr scripts (Open Script) (*.py);;All files (*)")
YAML_FILTER = "fastr network, YAML (*.yaml)"
JSON_FILTER = "fastr network, JSON (*.json)"

_B = QMessageBox.StandardButton


def app_version() -> str:
    from editor import __version__
    return __version__


# -- questions and errors -----------------------------------------------------------------------
def ask_unsaved(parent: QWidget | None, name: str) -> str:
    """'save', 'discard' or 'cancel' for a network with unsaved changes."""
    answer = QMessageBox.warning(
        parent, "Unsaved changes",
        f"“{name}” has unsaved changes.\nSave them before continuing?",
        _B.Save | _B.Discard | _B.Cancel, _B.Save)
    if answer == _B.Save:
        return "save"
    if answer == _B.Discard:
        return "discard"
    return "cancel"


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def load_error_text(error: Exception, path: str) -> str:
    """The message for a file that could not be opened: file, line and place, and the reason."""
    if isinstance(error, LoadError):
        lines = [f"The file could not be opened as a fastr network:\n\n{error.filename}"]
        where = []
        if error.line is not None:
            where.append(f"line {error.line}" + (f", column {error.column}" if error.column is not None else ""))
        if error.path:
            where.append(f"at {error.path}")
        if where:
            lines.append(", ".join(where))
        lines.append(f"\n{error.reason}")
        return "\n".join(lines)
    return f"The file could not be opened:\n\n{path}\n\n{error}"


def show_load_error(parent: QWidget | None, error: Exception, path: str) -> None:
    show_error(parent, "Cannot open network", load_error_text(error, path))


def ask_text(parent: QWidget | None, title: str, label: str, text: str) -> str | None:
    """A line of text from the user (None when cancelled)."""
    from PySide6.QtWidgets import QInputDialog
    value, ok = QInputDialog.getText(parent, title, label, text=text)
    return value.strip() if ok else None


def ask_open_path(parent: QWidget | None, folder: str) -> str | None:
    path, _filter = QFileDialog.getOpenFileName(parent, "Open network", folder, OPEN_FILTERS)
    return path or None


def ask_save_path(parent: QWidget | None, suggested: str) -> str | None:
    """A file name for Save As; YAML by default, the extension follows the chosen filter."""
    chosen_filter = JSON_FILTER if suggested.lower().endswith(".json") else YAML_FILTER
    path, chosen = QFileDialog.getSaveFileName(parent, "Save network as", suggested,
                                               f"{YAML_FILTER};;{JSON_FILTER}", chosen_filter)
    if not path:
        return None
    if os.path.splitext(path)[1].lower() not in (".yaml", ".yml", ".json"):
        path += ".json" if chosen == JSON_FILTER else ".yaml"
    return path


# -- About and shortcuts ------------------------------------------------------------------------
def about_text() -> str:
    return (f"<h3>{APP_NAME} {escape(app_version())}</h3>"
            "<p>A desktop editor for <a href='https://gitlab.com/radiology/infrastructure/fastr'>fastr</a> "
            "workflow networks.</p>"
            f"<p>Reads and writes networks for <b>fastr {FASTR_COMPATIBILITY}</b> "
            "(YAML and JSON, as <code>fastr.api.Network.save</code> writes them); tools are read "
            "from the same folders fastr uses.</p>"
            f"<p><small>Qt {escape(qVersion())}, PySide6 {escape(PYSIDE_VERSION)}, "
            f"Python {escape(platform.python_version())}</small></p>")


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, f"About {APP_NAME}", about_text())


CANVAS_GESTURES = [
    ("Add a tool where the pointer is", "Tab, or double-click empty canvas"),
    ("Link two ports", "Drag from an output to an input"),
    ("Select several", "Drag a rubber band, or Ctrl+click"),
    ("Pan", "Middle mouse button, or Space+drag"),
    ("Zoom", "Ctrl+wheel / wheel"),
    ("Open a macro node", "Double-click it"),
    ("Edit a note", "Double-click it (Escape or a click elsewhere ends); drag its corner to resize"),
]


class ShortcutsDialog(QDialog):
    """A table of every menu action with a shortcut, and the canvas gestures."""

    def __init__(self, actions: list[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(actions) + CANVAS_GESTURES
        self.table = QTableWidget(len(rows), 2)
        self.table.setHorizontalHeaderLabels(["Action", "Shortcut"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        for row, (name, keys) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(keys))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 560)


#: the last key of a sequence worth listing (media keys such as "Save" or "Copy" are left out)
_LISTED_KEY = re.compile(r"^(.|F\d+|Del|Ins|Backspace|Tab|Esc|Space|Return|Enter|Up|Down|Left|Right|"
                         r"PgUp|PgDown|Home|End)$")


def _listed(keys: str) -> bool:
    last = "+" if keys.endswith("++") else keys.split("+")[-1]
    return bool(_LISTED_KEY.match(last))


def shortcut_rows(actions: list[QAction]) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        keys = [k for k in keys if k and _listed(k)]
        name = action.text().replace("&", "").rstrip(".…")
        if keys and name not in seen:
            seen.add(name)
            rows.append((name, ", ".join(keys)))
    return rows


# -- unexpected exceptions ----------------------------------------------------------------------
_showing = [False]


def show_exception(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None,
                   parent: QWidget | None = None) -> None:
    """Show an unexpected error in a dialog (details hold the traceback); never raises."""
    text = "".join(traceback.format_exception(exc_type, exc, tb))
    sys.stderr.write(text)
    if _showing[0]:
        return
    _showing[0] = True
    try:
        box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error",
                          f"Something went wrong: {exc_type.__name__}: {exc}\n\n"
                          "The editor keeps running; saving your work under a new name is wise.",
                          _B.Ok, parent)
        box.setDetailedText(text)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box.exec()
    except Exception:  # noqa: BLE001 - the hook itself must never fail
        pass
    finally:
        _showing[0] = False


def install_excepthook() -> None:
    """Route uncaught exceptions (also those raised in Qt slots) to :func:`show_exception`."""
    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        show_exception(exc_type, exc, tb)
    sys.excepthook = hook
