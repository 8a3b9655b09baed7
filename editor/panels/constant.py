"""Panels layer: ConstantEditor, the data of a constant node as a table of samples and values.

One row per sample: its id, then its values (a sample with several values has cardinality > 1).
Typing in a cell, adding or removing a sample or a value is one undo step each
(``SetNodePropertyCommand(..., 'data', new_data)``). The last column is always empty, for adding
a value. Values keep their fastr type id when unchanged; new ones are stored as ``String`` values,
as fastr stores plain Python values given to a constant.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QPushButton, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from editor.core.graph.constants import data_from_samples, samples
from editor.core.graph.ids import unique_id
from editor.model.commands import SetNodePropertyCommand
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel
from editor.panels._common import ErrorLabel, blocked

Rows = list[tuple[str, list[str]]]


class ConstantEditor(QWidget):
    """Edits ``data`` of the constant node given to :meth:`set_node`."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._model: NetworkModel | None = None
        self._node: str | None = None
        self.table = QTableWidget(self)
        self.table.setObjectName("constant_table")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_sample_button = QPushButton("Add sample", self)
        self.remove_sample_button = QPushButton("Remove sample", self)
        self.remove_value_button = QPushButton("Remove value", self)
        self.error = ErrorLabel(self)
        self.error.setObjectName("constant_error")
        buttons = QHBoxLayout()
        for button in (self.add_sample_button, self.remove_sample_button, self.remove_value_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        layout.addWidget(self.error)
        self.table.itemChanged.connect(lambda _item: self._commit(self.table_rows()))
        self.add_sample_button.clicked.connect(self.add_sample)
        self.remove_sample_button.clicked.connect(self.remove_selected_samples)
        self.remove_value_button.clicked.connect(self.remove_current_value)
        document.current_changed.connect(lambda: self.set_node(None))

    # -- what is shown ------------------------------------------------------------------------
    def set_node(self, node_id: str | None) -> None:
        model = self._document.current_model
        if model is not self._model:
            if self._model is not None:
                try:
                    self._model.node_changed.disconnect(self._node_changed)
                    self._model.node_renamed.disconnect(self._node_renamed)
                    self._model.reset.disconnect(self.refresh)
                except (RuntimeError, TypeError):
                    pass
            self._model = model
            model.node_changed.connect(self._node_changed)
            model.node_renamed.connect(self._node_renamed)
            model.reset.connect(self.refresh)
        self._node = node_id
        self.error.clear_error()
        self.refresh()

    def _node_changed(self, node_id: str) -> None:
        if node_id == self._node:
            self.refresh()

    def _node_renamed(self, old: str, new: str) -> None:
        if old == self._node:
            self._node = new

    def model_rows(self) -> Rows:
        if self._model is None or self._node not in self._model.network.nodes:
            return []
        return samples(self._model.network.nodes[self._node].data)

    def refresh(self) -> None:
        rows = self.model_rows()
        present = self._model is not None and self._node in self._model.network.nodes
        self.setEnabled(present)
        width = max((len(values) for _name, values in rows), default=0) + 1
        current = (self.table.currentRow(), self.table.currentColumn())
        with blocked(self.table):
            self.table.clear()
            self.table.setRowCount(len(rows))
            self.table.setColumnCount(width + 1)
            self.table.setHorizontalHeaderLabels(["sample"] + [f"value {n + 1}" for n in range(width)])
            for r, (name, values) in enumerate(rows):
                self.table.setItem(r, 0, QTableWidgetItem(name))
                for c in range(width):
                    self.table.setItem(r, c + 1, QTableWidgetItem(values[c] if c < len(values) else ""))
            if 0 <= current[0] < len(rows):
                self.table.setCurrentCell(current[0], min(current[1], width))

    def table_rows(self) -> Rows:
        """What the table says: (sample id, non-empty values in column order) per row."""
        rows = []
        for r in range(self.table.rowCount()):
            name_item = self.table.item(r, 0)
            name = name_item.text().strip() if name_item else ""
            values = []
            for c in range(1, self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None and item.text() != "":
                    values.append(item.text())
            rows.append((name, values))
        return rows

    # -- edits --------------------------------------------------------------------------------
    def _commit(self, rows: Rows) -> bool:
        """Store ``rows`` as the node's data in one undo step; refuse bad sample ids."""
        if self._model is None or self._node not in self._model.network.nodes:
            return False
        names = [name for name, _values in rows]
        reason = None
        if any(not name for name in names):
            reason = "every sample needs an id"
        elif len(set(names)) != len(names):
            reason = "sample ids must be unique"
        if reason:
            self.error.show_error(reason)
            return False
        self.error.clear_error()
        if rows == self.model_rows():
            self.refresh()
            return True
        old = self._model.network.nodes[self._node].data
        new = data_from_samples(rows, "String", old)
        self._document.push(SetNodePropertyCommand(self._model, [self._node], "data", new))
        return True

    def add_sample(self) -> None:
        rows = self.model_rows()
        name = unique_id(f"id_{len(rows)}", {n for n, _v in rows})
        self._commit([*rows, (name, [])])

    def remove_selected_samples(self) -> None:
        chosen = {i.row() for i in self.table.selectedIndexes()} or {self.table.currentRow()}
        rows = [row for n, row in enumerate(self.model_rows()) if n not in chosen]
        self._commit(rows)

    def remove_current_value(self) -> None:
        row, column = self.table.currentRow(), self.table.currentColumn()
        rows = self.model_rows()
        if not 0 <= row < len(rows) or column < 1 or column > len(rows[row][1]):
            return
        name, values = rows[row]
        rows[row] = (name, values[:column - 1] + values[column:])
        self._commit(rows)
