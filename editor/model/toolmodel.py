"""Model layer: item models over the tool library for the palette.

:class:`ToolTreeModel` is a tree by namespace (``fastr`` > ``math`` > ``AddInt``) with a name and a
version column; Source, Sink and Constant sit under ``fastr``.  Dragging a tool row carries
:data:`~editor.model.edits.TOOL_MIME` with ``{"ns_id", "version"}`` (plus ``"kind"`` for the
constant, which is not a fastr tool).  :class:`ToolFilterProxy` filters recursively and
case-insensitively over id, name, namespace and description; every word must match.

Whoever receives the MIME data turns it back into a tool with :func:`tool_from_mime`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel

from editor.core.tools.definitions import ToolDefinition
from editor.core.tools.library import ToolLibrary
from editor.model.edits import TOOL_MIME

#: A constant is a ConstantNode on fastr's Source tool; the palette shows it as its own entry.
CONSTANT_TOOL = ToolDefinition(
    ns_id="fastr/Constant:1.0", version="1.0", id="Constant", command_version="1.0",
    name="Constant", namespace="fastr", node_class="ConstantNode",
    description="A constant value fed into the network (a ConstantNode on fastr's Source tool)")

TOOL_ROLE = Qt.ItemDataRole.UserRole + 1         # the ToolDefinition of a tool row
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2       # lower-case text the filter searches
KIND_ROLE = Qt.ItemDataRole.UserRole + 3         # 'folder' or 'tool'

_SPECIAL_ORDER = {"fastr/Source:1.0": 0, "fastr/Constant:1.0": 1, "fastr/Sink:1.0": 2}

_IndexLike = QModelIndex | QPersistentModelIndex


def tool_for_key(library: ToolLibrary, ns_id: str, version: str | None = None) -> ToolDefinition | None:
    """The tool for ``(ns_id, version)`` in ``library``, the Constant pseudo-tool included."""
    if ns_id == CONSTANT_TOOL.ns_id:
        return CONSTANT_TOOL
    return library.get(ns_id, version)


def tool_mime_payload(tool: ToolDefinition) -> bytes:
    payload: dict[str, str] = {"ns_id": tool.ns_id, "version": tool.version}
    if tool is CONSTANT_TOOL or tool.node_class == "ConstantNode":
        payload["kind"] = "constant"
    return json.dumps(payload).encode("utf-8")


def tool_to_mime(tool: ToolDefinition) -> QMimeData:
    mime = QMimeData()
    mime.setData(TOOL_MIME, tool_mime_payload(tool))
    mime.setText(tool.ns_id)
    return mime


def tool_from_mime(mime: QMimeData | None, library: ToolLibrary) -> ToolDefinition | None:
    """The tool a drag carries, or None for foreign or stale data."""
    if mime is None or not mime.hasFormat(TOOL_MIME):
        return None
    try:
        payload = json.loads(bytes(mime.data(TOOL_MIME).data()).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("ns_id"), str):
        return None
    if payload.get("kind") == "constant":
        return CONSTANT_TOOL
    version = payload.get("version")
    return tool_for_key(library, payload["ns_id"], version if isinstance(version, str) else None)


def tool_tooltip(tool: ToolDefinition) -> str:
    """Rich text: name, key, description and ports."""
    lines = [f"<b>{escape(tool.id)}</b>: {escape(tool.name)}" if tool.name and tool.name != tool.id
             else f"<b>{escape(tool.id)}</b>",
             f"<i>{escape(tool.ns_id)}</i>, version {escape(tool.version)}"]
    if tool.description:
        lines.append(escape(tool.description))
    if tool.inputs:
        lines.append("<b>in:</b> " + ", ".join(f"{escape(p.id)} <i>{escape(p.datatype)}</i>"
                                               for p in tool.inputs))
    if tool.outputs:
        lines.append("<b>out:</b> " + ", ".join(f"{escape(p.id)} <i>{escape(p.datatype)}</i>"
                                                for p in tool.outputs))
    if tool.source_file:
        lines.append(f"<small>{escape(tool.source_file)}</small>")
    return "<br>".join(lines)


def _search_text(tool: ToolDefinition) -> str:
    return " ".join((tool.id, tool.name, tool.namespace, tool.ns_id, tool.description,
                     " ".join(tool.tags))).lower()


class ToolTreeModel(QStandardItemModel):
    """Namespace folders holding tool rows; columns: tool id (name in the tooltip), version."""

    COLUMNS = ("Tool", "Version")

    def __init__(self, library: ToolLibrary | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self.library: ToolLibrary | None = None
        self.setHorizontalHeaderLabels(list(self.COLUMNS))
        if library is not None:
            self.set_library(library)

    # -- building -----------------------------------------------------------------------------
    def set_library(self, library: ToolLibrary) -> None:
        self.beginResetModel()
        self.blockSignals(True)
        try:
            self.library = library
            self.removeRows(0, self.rowCount())
            folders: dict[str, QStandardItem] = {}
            for tool in self._tools(library):
                parent = self._folder(tool.namespace, folders)
                parent.appendRow(self._tool_row(tool))
        finally:
            self.blockSignals(False)
            self.endResetModel()

    @staticmethod
    def _tools(library: ToolLibrary) -> Iterable[ToolDefinition]:
        tools = list(library)
        if CONSTANT_TOOL.key not in {t.key for t in tools}:
            tools.append(CONSTANT_TOOL)

        def order(tool: ToolDefinition) -> tuple[str, int, str, str]:
            return (tool.namespace.lower(), _SPECIAL_ORDER.get(tool.ns_id, 9),
                    tool.id.lower(), tool.version)
        return sorted(tools, key=order)

    def _folder(self, namespace: str, folders: dict[str, QStandardItem]) -> QStandardItem:
        root = self.invisibleRootItem()
        if not namespace:
            return root
        parent, path = root, ""
        for part in namespace.split("/"):
            path = f"{path}/{part}" if path else part
            item = folders.get(path)
            if item is None:
                item = QStandardItem(part)
                item.setData("folder", KIND_ROLE)
                item.setData(path.lower(), SEARCH_ROLE)
                item.setToolTip(path)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                blank = QStandardItem("")
                blank.setFlags(Qt.ItemFlag.ItemIsEnabled)
                parent.appendRow([item, blank])
                folders[path] = item
            parent = item
        return parent

    @staticmethod
    def _tool_row(tool: ToolDefinition) -> list[QStandardItem]:
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled
        tip = tool_tooltip(tool)
        name = QStandardItem(tool.id)
        version = QStandardItem(tool.version)
        for item in (name, version):
            item.setFlags(flags)
            item.setToolTip(tip)
            item.setData(tool, TOOL_ROLE)
            item.setData("tool", KIND_ROLE)
            item.setData(_search_text(tool), SEARCH_ROLE)
        return [name, version]

    # -- look-ups -----------------------------------------------------------------------------
    def tool_at(self, index: _IndexLike) -> ToolDefinition | None:
        tool = index.data(TOOL_ROLE) if index.isValid() else None
        return tool if isinstance(tool, ToolDefinition) else None

    def index_of(self, ns_id: str, version: str | None = None) -> QModelIndex:
        """The name-column index of a tool row (invalid when absent)."""
        todo = [QModelIndex()]
        while todo:
            parent = todo.pop()
            for row in range(self.rowCount(parent)):
                index = self.index(row, 0, parent)
                tool = self.tool_at(index)
                if tool is None:
                    todo.append(index)
                elif tool.ns_id == ns_id and (version is None or tool.version == version):
                    return index
        return QModelIndex()

    # -- drag ---------------------------------------------------------------------------------
    def mimeTypes(self) -> list[str]:  # noqa: N802 - Qt override
        return [TOOL_MIME]

    # Qt takes a null pointer (None) for "nothing to drag"; the stubs say QMimeData.
    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:  # type: ignore[override]  # noqa: N802
        for index in indexes:
            tool = self.tool_at(index)
            if tool is not None:
                return tool_to_mime(tool)
        return None

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802 - Qt override
        return Qt.DropAction.CopyAction


class ToolFilterProxy(QSortFilterProxyModel):
    """Recursive, case-insensitive filter; a folder shows when one of its tools matches."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_filter_text(self, text: str) -> None:
        words = text.lower().split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):          # Qt 6.9+
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = words
            self.invalidateFilter()

    @property
    def filter_text(self) -> str:
        return " ".join(self._words)

    def filterAcceptsRow(self, source_row: int, source_parent: _IndexLike) -> bool:  # noqa: N802
        if not self._words:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        if index.data(KIND_ROLE) != "tool":
            return False            # folders show through their matching tools
        text = index.data(SEARCH_ROLE) or ""
        return all(word in text for word in self._words)

    def first_tool(self, parent: QModelIndex | None = None) -> QModelIndex:
        """The first visible tool row in display order (proxy index), for Enter in the search."""
        parent = parent if parent is not None else QModelIndex()
        for row in range(self.rowCount(parent)):
            index = self.index(row, 0, parent)
            if index.data(KIND_ROLE) == "tool":
                return index
            found = self.first_tool(index)
            if found.isValid():
                return found
        return QModelIndex()
