"""Panels layer: ComparePanel, the list of differences with another network.

One row per change (``node x: step 'a' -> 'b'``), grouped by kind and coloured like the canvas
marks; the selected change's properties below it, this network's value beside the other's. A
click asks to show the change (``change_selected``), a double click to zoom to it
(``change_activated``); the app layer does both (panels do not import the canvas). ``closed``
asks to end the comparison.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout,
                               QWidget)

from editor.core.compare.diff import ADDED, CHANGED, REMOVED, RENAMED, Change, NetworkDiff
from editor.core.compare.report import change_line, format_value

COLORS = {ADDED: "#2e9d4a", CHANGED: "#d08a00", RENAMED: "#2f6fd0", REMOVED: "#d0342c"}
TITLES = {ADDED: "Added here", REMOVED: "Only in the other (removed here)", RENAMED: "Renamed",
          CHANGED: "Changed"}
_ROLE = Qt.ItemDataRole.UserRole


class ComparePanel(QWidget):
    change_selected = Signal(object)      # Change
    change_activated = Signal(object)     # Change (double click: zoom to it)
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("compare_panel")
        self.diff: NetworkDiff | None = None
        self.summary = QLabel("No comparison")
        self.summary.setObjectName("compare_summary")
        self.summary.setWordWrap(True)
        self.close_button = QPushButton("Close Comparison")
        self.close_button.clicked.connect(self.closed)
        self.close_button.setEnabled(False)
        self.tree = QTreeWidget()
        self.tree.setObjectName("compare_changes")
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(self._current_changed)
        self.tree.itemDoubleClicked.connect(self._double_clicked)
        self.details = QTreeWidget()
        self.details.setObjectName("compare_details")
        self.details.setColumnCount(3)
        self.details.setHeaderLabels(["Property", "Here", "Other"])
        self.details.setRootIsDecorated(False)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.tree, 3)
        layout.addWidget(self.details, 2)

    def show_diff(self, diff: NetworkDiff | None, here: str = "this network", other: str = "the other") -> None:
        """List ``diff`` (this network is its side B, ``other`` names side A); None clears."""
        self.diff = diff
        self.tree.clear()
        self.details.clear()
        self.close_button.setEnabled(diff is not None)
        if diff is None:
            self.summary.setText("No comparison")
            return
        if diff.same:
            self.summary.setText(f"{here} and {other} are the same network")
            return
        counts = {kind: len(diff.of(kind)) for kind in (ADDED, REMOVED, RENAMED, CHANGED)}
        self.summary.setText(f"{here} against {other}: " + ", ".join(
            f"{n} {kind}" for kind, n in counts.items() if n))
        for kind in (ADDED, REMOVED, RENAMED, CHANGED):
            changes = diff.of(kind)
            if not changes:
                continue
            group = QTreeWidgetItem(self.tree, [f"{TITLES[kind]} ({len(changes)})"])
            group.setForeground(0, QBrush(QColor(COLORS[kind])))
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for change in changes:
                item = QTreeWidgetItem(group, [change_line(change)])
                item.setData(0, _ROLE, change)
                item.setToolTip(0, change_line(change))
            group.setExpanded(True)

    def _rows(self) -> list[QTreeWidgetItem]:
        rows = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group is not None:
                rows += [child for j in range(group.childCount()) if (child := group.child(j)) is not None]
        return rows

    def changes_shown(self) -> list[Change]:
        return [row.data(0, _ROLE) for row in self._rows()]

    def select_change(self, change: Change) -> None:
        for row in self._rows():
            if row.data(0, _ROLE) is change:
                self.tree.setCurrentItem(row)
                return

    def _current_changed(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self.details.clear()
        change = item.data(0, _ROLE) if item is not None else None
        if not isinstance(change, Change):
            return
        for name, (other_value, here_value) in change.fields.items():   # fields are (A, B)
            row = QTreeWidgetItem(self.details, [name, format_value(here_value), format_value(other_value)])
            row.setToolTip(1, format_value(here_value))
            row.setToolTip(2, format_value(other_value))
        self.change_selected.emit(change)

    def _double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        change = item.data(0, _ROLE)
        if isinstance(change, Change):
            self.change_activated.emit(change)
