"""Panels layer: NodeTablePanel, a dock with every node in a sortable, filterable table.

Step, group and resource limits are edited in place. With several rows selected, the value typed in
one cell goes to that column of every selected row in one undo step: filter on a tool or step,
select all, type ``8G`` in the memory column, Enter. The table's row selection and the document's
node selection follow each other; double-clicking a row asks the view to centre that node.
"""

from __future__ import annotations

from PySide6.QtCore import (QAbstractItemModel, QItemSelection, QItemSelectionModel, QModelIndex,
                            QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal)
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHeaderView, QLineEdit, QStyledItemDelegate,
                               QStyleOptionViewItem, QTableView, QVBoxLayout, QWidget)

from editor.model.document import Document
from editor.model.nodetablemodel import COLUMNS, ID, NodeIdRole, NodeTableModel, SortRole
from editor.panels._common import ErrorLabel


# What a column usually holds, for its starting width (the id column stretches instead).
_COLUMN_SAMPLES = {"kind": "constant", "tool": "fastr/math/AddInt:1.0", "step": "featureconverter",
                   "group": "group", "cores": "cores", "memory": "memory", "time": "01:00:00",
                   "gpus": "gpus"}


class _BulkEditDelegate(QStyledItemDelegate):
    """Writes an edited value to every selected row when the edited cell is part of the selection."""

    def __init__(self, panel: NodeTablePanel) -> None:
        super().__init__(panel)
        self._panel = panel

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,  # noqa: N802 - Qt override
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        editor = QLineEdit(parent)
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QLineEdit)
        editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: QModelIndex | QPersistentModelIndex) -> None:
        assert isinstance(editor, QLineEdit)
        ids = self._panel.edit_targets(QModelIndex(index))  # type: ignore[arg-type]  # Qt takes a persistent index too
        self._panel.table_model.set_values(ids, index.column(), editor.text())


class NodeTablePanel(QDockWidget):
    """The node table dock. ``locate_requested('node', id)`` on double-click of an id."""

    locate_requested = Signal(str, str)
    zoom_requested = Signal(str, str)        # a double click: show it at a readable zoom

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__("Nodes", parent)
        self.setObjectName("NodeTablePanel")
        self._document = document
        self._syncing = False
        self.table_model = NodeTableModel(document, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.table_model)
        self.proxy.setSortRole(SortRole)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setDynamicSortFilter(True)

        body = QWidget(self)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        self.filter_edit = QLineEdit(body)
        self.filter_edit.setObjectName("node_filter")
        self.filter_edit.setPlaceholderText("Filter nodes (id, tool, step, group, ...)")
        self.filter_edit.setClearButtonEnabled(True)
        self.view = QTableView(body)
        self.view.setObjectName("node_table")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)     # network order until a header is clicked
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setItemDelegate(_BulkEditDelegate(self))
        self.view.verticalHeader().setVisible(False)
        self.view.setWordWrap(False)
        self._size_columns()
        self.error = ErrorLabel(body)
        self.error.setObjectName("node_table_error")
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view)
        layout.addWidget(self.error)
        self.setWidget(body)

        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)
        document.reset.connect(self.filter_edit.clear)       # a filter is for one network only
        self.table_model.edit_refused.connect(self.error.show_error)
        self.table_model.dataChanged.connect(self.error.clear_error)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.clicked.connect(self._clicked)
        self.view.selectionModel().selectionChanged.connect(self._table_selection_changed)
        document.selection.changed.connect(self._document_selection_changed)
        self.table_model.modelReset.connect(self._document_selection_changed)
        self._document_selection_changed()

    def _size_columns(self) -> None:
        """The id column takes the width the others leave (ids are what a row is read by; WORC's
        are 50-60 characters); every other column starts as wide as its usual contents and its
        header, and can be dragged wider."""
        header = self.view.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ID, QHeaderView.ResizeMode.Stretch)
        metrics = self.view.fontMetrics()
        header_metrics = header.fontMetrics()
        padding = 14                                  # the cell's margins and the sort arrow's room
        for column, name in enumerate(COLUMNS):
            if column == ID:
                continue
            sample = _COLUMN_SAMPLES.get(name, name)
            width = max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(name)) + padding
            header.resizeSection(column, width)

    # -- editing ------------------------------------------------------------------------------
    def edit_targets(self, index: QModelIndex) -> list[str]:
        """The node ids an edit of ``index`` (a proxy index) applies to: every selected row if
        the edited row is one of them, else only its own."""
        own = str(index.data(NodeIdRole))
        selected = self.selected_node_ids()
        return selected if own in selected else [own]

    def selected_node_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        return [str(self.proxy.index(r, ID).data(NodeIdRole)) for r in rows]

    def _clicked(self, index: QModelIndex) -> None:
        """A click selects the row's node (the selection follows) and shows it on the canvas."""
        if index.isValid():
            self.locate_requested.emit("node", str(self.proxy.index(index.row(), ID).data(NodeIdRole)))

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() == ID:
            self.zoom_requested.emit("node", str(index.data(NodeIdRole)))

    # -- selection both ways ------------------------------------------------------------------
    def _table_selection_changed(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            self._document.selection.set(self.selected_node_ids(), [])
        finally:
            self._syncing = False

    def _document_selection_changed(self) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            selection = QItemSelection()
            for node_id in self._document.selection.nodes:
                row = self.table_model.row_of(node_id)
                if row is None:
                    continue
                index = self.proxy.mapFromSource(self.table_model.index(row, 0))
                if index.isValid():
                    selection.select(index, index.siblingAtColumn(self.proxy.columnCount() - 1))
            self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._syncing = False
