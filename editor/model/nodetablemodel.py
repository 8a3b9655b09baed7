"""Model layer: NodeTableModel, every node of the network shown as one table row.

Columns: id, kind, tool, step, group, cores, memory, time, gpus. Step, group and the four resource
limits are editable; an edit (of one row, or of many rows at once through :meth:`set_values`)
pushes one undo command. Rows follow the NetworkModel's signals, so undo and redo show at once.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QUndoCommand

from editor.core.graph.ids import check_id
from editor.core.graph.node import Node
from editor.core.graph.resourcelimit import ResourceLimit, format_memory, format_time, parse_memory, parse_time
from editor.model.commands import SetNodePropertyCommand, SetResourceLimitCommand
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel

COLUMNS = ("id", "kind", "tool", "step", "group", "cores", "memory", "time", "gpus")
ID, KIND, TOOL, STEP, GROUP, CORES, MEMORY, TIME, GPUS = range(len(COLUMNS))
EDITABLE = frozenset({STEP, GROUP, CORES, MEMORY, TIME, GPUS})
RESOURCE_COLUMNS = {CORES: "cores", MEMORY: "memory", TIME: "time", GPUS: "gpus"}
SortRole = Qt.ItemDataRole.UserRole + 1
NodeIdRole = Qt.ItemDataRole.UserRole + 2
_NO_LIMIT = 10**18          # sorts "no limit" after every number
ROW_BY_ROW_LIMIT = 32        # more rows than this added or removed in one batch: a reset

#: A fresh limit for nodes saved with ``resources: null`` (fastr reloads them as this).
DEFAULT_LIMIT = ResourceLimit(cores=1, memory=2048, time=None, gpus=None)


def _count(text: str, name: str, minimum: int) -> int | None:
    if not text:
        return None
    if not text.isdigit() or int(text) < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum}, or empty for no limit; got {text!r}")
    return int(text)


def parse_limit(field: str, text: str) -> int | None:
    """The value of resource ``field`` typed as ``text`` ('' is no limit); ValueError says why not."""
    text = text.strip()
    if field == "cores":
        return _count(text, "cores", 1)
    if field == "gpus":
        return _count(text, "gpus", 0)
    if field == "memory":
        return parse_memory(int(text) if text.isdigit() else text)
    if field == "time":
        return parse_time(text)
    raise KeyError(field)


def format_limit(field: str, value: int | None) -> str:
    if value is None:
        return ""
    if field == "memory":
        return format_memory(value)
    if field == "time":
        return format_time(value)
    return str(value)


def with_limit(limit: ResourceLimit | None, field: str, value: int | None) -> ResourceLimit:
    """A copy of ``limit`` (or the default) with one field replaced (value already checked)."""
    new = (limit or DEFAULT_LIMIT).copy()
    state = new.__getstate__()
    state[field] = value
    new.__setstate__(state)
    return new


def tool_text(node: Node) -> str:
    if node.tool is None:
        return "(macro)" if node.cls == "MacroNode" else ""
    return node.tool[0]


class NodeTableModel(QAbstractTableModel):
    """Rows are the nodes of ``document.current_network``, in network order."""

    edit_refused = Signal(str)       # why an edit was not applied

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._document = document
        self._model: NetworkModel | None = None
        self._ids: list[str] = []
        self._rows: dict[str, int] = {}
        self._stale = False          # nodes came or went in a batch: rows follow at its end
        document.current_changed.connect(self._follow_current)
        document.reset.connect(self._follow_current)
        self._follow_current()

    # -- following the network ----------------------------------------------------------------
    def _follow_current(self) -> None:
        model = self._document.current_model
        if model is not self._model:
            if self._model is not None:
                for signal, slot in self._connections(self._model):
                    try:
                        signal.disconnect(slot)
                    except (RuntimeError, TypeError):
                        pass
            self._model = model
            for signal, slot in self._connections(model):
                signal.connect(slot)
        self._reset()

    def _connections(self, model: NetworkModel) -> list[tuple[Any, Any]]:
        return [(model.reset, self._reset), (model.node_added, self._node_added),
                (model.node_removed, self._node_removed), (model.node_renamed, self._node_renamed),
                (model.node_changed, self._node_changed), (model.steps_changed, self._steps_changed),
                (model.batch_finished, self._batch_finished)]

    @property
    def network_model(self) -> NetworkModel:
        assert self._model is not None
        return self._model

    def _reindex(self) -> None:
        self._rows = {node_id: row for row, node_id in enumerate(self._ids)}

    def _reset(self) -> None:
        self.beginResetModel()
        self._stale = False
        self._ids = list(self.network_model.network.nodes)
        self._reindex()
        self.endResetModel()

    def _batch_finished(self) -> None:
        """Rows for the nodes a batch added or removed: row by row for a few (the view keeps its
        place), a reset for many (one row at a time is quadratic in a big table)."""
        if not self._stale:
            return
        self._stale = False
        new = list(self.network_model.network.nodes)
        old_ids, new_ids = set(self._ids), set(new)
        removed = [row for row, node_id in enumerate(self._ids) if node_id not in new_ids]
        added = [row for row, node_id in enumerate(new) if node_id not in old_ids]
        if len(removed) + len(added) > ROW_BY_ROW_LIMIT:
            self._reset()
            return
        for row in reversed(removed):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._ids[row]
            self.endRemoveRows()
        for row in added:
            self.beginInsertRows(QModelIndex(), row, row)
            self._ids.insert(row, new[row])
            self.endInsertRows()
        if self._ids != new:             # the order changed too
            self._reset()
        else:
            self._reindex()

    def _node_added(self, node_id: str) -> None:
        if self.network_model.in_batch or self._stale:
            self._stale = True
            return
        row = min(self.network_model.network.node_index(node_id), len(self._ids))
        self.beginInsertRows(QModelIndex(), row, row)
        self._ids.insert(row, node_id)
        self._reindex()
        self.endInsertRows()

    def _node_removed(self, node_id: str) -> None:
        if self.network_model.in_batch or self._stale:
            self._stale = True
            return
        row = self._rows.get(node_id)
        if row is None:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._ids[row]
        self._reindex()
        self.endRemoveRows()

    def _node_renamed(self, old: str, new: str) -> None:
        row = self._rows.pop(old, None)
        if row is None:
            return
        self._ids[row] = new
        self._rows[new] = row
        self._row_changed(row)

    def _node_changed(self, node_id: str) -> None:
        row = self._rows.get(node_id)
        if row is not None:
            self._row_changed(row)

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))

    def _steps_changed(self) -> None:
        if self._ids:
            self.dataChanged.emit(self.index(0, STEP), self.index(len(self._ids) - 1, STEP))

    # -- queries ------------------------------------------------------------------------------
    def node_id(self, row: int) -> str:
        return self._ids[row]

    def row_of(self, node_id: str) -> int | None:
        return self._rows.get(node_id)

    def value(self, node_id: str, column: int) -> Any:
        """The raw value shown in ``column`` (ints or None for limits)."""
        network = self.network_model.network
        node = network.nodes[node_id]
        if column == ID:
            return node.id
        if column == KIND:
            return node.kind
        if column == TOOL:
            return tool_text(node)
        if column == STEP:
            return network.step_of(node_id)
        if column == GROUP:
            return node.nodegroup
        field = RESOURCE_COLUMNS[column]
        return getattr(node.resources, field) if node.resources is not None else None

    def text(self, node_id: str, column: int) -> str:
        value = self.value(node_id, column)
        if column in RESOURCE_COLUMNS:
            return format_limit(RESOURCE_COLUMNS[column], value)
        return "" if value is None else str(value)

    # -- editing ------------------------------------------------------------------------------
    def build_command(self, node_ids: list[str], column: int, text: str) -> QUndoCommand | None:
        """One command setting ``column`` of ``node_ids`` from ``text`` (None if nothing changes).
        Raises ValueError with the reason for a value that is not allowed."""
        model = self.network_model
        network = model.network
        ids = [n for n in node_ids if n in network.nodes]
        text = text.strip()
        if column in (STEP, GROUP):
            value = check_id(text, "a step id" if column == STEP else "a node group") if text else None
            name = "step_id" if column == STEP else "nodegroup"
            ids = [n for n in ids if model.node_property(n, name) != value]
            return SetNodePropertyCommand(model, ids, name, value) if ids else None
        if column not in RESOURCE_COLUMNS:
            raise ValueError(f"the {COLUMNS[column]} column cannot be edited here")
        field = RESOURCE_COLUMNS[column]
        number = parse_limit(field, text)
        changes = {}
        for node_id in ids:
            old = network.nodes[node_id].resources
            new = with_limit(old, field, number)
            if new != old:
                changes[node_id] = (old, new)
        return SetResourceLimitCommand(model, changes) if changes else None

    def set_values(self, node_ids: list[str], column: int, text: str) -> bool:
        """Set one column of many nodes in one undo step; False (and ``edit_refused``) if refused."""
        try:
            command = self.build_command(node_ids, column, text)
        except (ValueError, TypeError) as error:
            self.edit_refused.emit(str(error))
            return False
        if command is not None:
            self._document.push(command)
        return True

    # -- Qt item model ------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() in EDITABLE:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        node_id = self._ids[index.row()]
        if node_id not in self.network_model.network.nodes:
            return None                  # removed in a batch that has not ended yet
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self.text(node_id, column)
        if role == SortRole:
            value = self.value(node_id, column)
            if column in RESOURCE_COLUMNS:
                return _NO_LIMIT if value is None else value
            return "" if value is None else str(value).lower()
        if role == NodeIdRole:
            return node_id
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in RESOURCE_COLUMNS:
                return "no limit" if self.value(node_id, column) is None else None
            tool = self.network_model.network.nodes[node_id].tool
            return f"{tool[0]}, wrapper version {tool[1]}" if column == TOOL and tool else None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in RESOURCE_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in EDITABLE:
            return False
        return self.set_values([self._ids[index.row()]], index.column(), "" if value is None else str(value))
