"""Panels layer: small helpers shared by the docks: signal blocking, error labels, a text field
that reports when editing finished, and look-ups of computed dimensions and datatype ids.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject, QSignalBlocker, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from editor.core.analysis.dimensions import NetworkDimensions
from editor.core.graph.network import Network

_log = logging.getLogger(__name__)

MIXED = "mixed"


@contextmanager
def blocked(*objects: QObject) -> Iterator[None]:
    """Block the signals of ``objects`` while updating them from the model (no echo commands)."""
    blockers = [QSignalBlocker(o) for o in objects]
    try:
        yield
    finally:
        for blocker in blockers:
            blocker.unblock()


class ErrorLabel(QLabel):
    """A red message next to a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setStyleSheet("color: #c0392b;")
        self.setVisible(False)

    def show_error(self, message: str) -> None:
        self.setText(message)
        self.setToolTip(message)
        self.setVisible(bool(message))

    def clear_error(self) -> None:
        self.show_error("")

    @property
    def message(self) -> str:
        return self.text()


class CommitTextEdit(QPlainTextEdit):
    """A multi-line text field that reports ``editing_finished`` when it loses focus."""

    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt override
        super().focusOutEvent(event)
        self.editing_finished.emit()


def dimension_names(dims: NetworkDimensions | None, what: str, *args: str) -> list[str] | None:
    """Names from ``dims.<what>(*args)`` ('output', 'input', 'link' or 'node'), None if unknown."""
    if dims is None:
        return None
    try:
        return [str(x) for x in getattr(dims, what)(*args)]
    except Exception:  # noqa: BLE001 - as above
        _log.warning("dimensions: %s%s failed", what, args, exc_info=True)
        return None


def type_ids(network: Network) -> list[str]:
    """The datatype ids of the network's registry (fastr's generated enum types last)."""
    return network.types.ids()
