"""Panels layer: the tool palette dock.

A search field over a tree of the tool library (namespace folders > tools).  Tools are dragged onto
the canvas (the drag carries TOOL_MIME) or double-clicked to add them at the centre of the view.
A second tab, *Library*, lists the active tool folders with their origin (editor settings, fastr
config, built-in), the files that failed to load with the reason, and other warnings, so a broken
tool file or a wrong path is visible instead of silently missing tools.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QDrag, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QDockWidget, QHBoxLayout, QHeaderView, QLabel,
                               QLineEdit, QPushButton, QTabWidget, QTreeView, QTreeWidget,
                               QTreeWidgetItem, QVBoxLayout, QWidget)

from editor.core.tools.definitions import ToolDefinition
from editor.core.tools.library import ORIGIN_BUILTIN, ORIGIN_FASTR_CONFIG, ORIGIN_SETTINGS, ToolLibrary
from editor.model.document import Document
from editor.model.edits import add_tool_node
from editor.model.toolmodel import KIND_ROLE, ToolFilterProxy, ToolTreeModel

ORIGIN_LABELS = {ORIGIN_SETTINGS: "editor settings", ORIGIN_FASTR_CONFIG: "fastr config",
                 ORIGIN_BUILTIN: "built-in"}

PositionProvider = Callable[[], tuple[float, float] | None]


class PalettePanel(QDockWidget):
    """The tool palette: search, tree, drag and double-click; plus the library report."""

    tool_activated = Signal(object)          # ToolDefinition, after a double-click or Enter
    node_added = Signal(str)                 # id of the node a double-click added
    reload_requested = Signal()
    preferences_requested = Signal()

    def __init__(self, document: Document | None, library: ToolLibrary,
                 position_provider: PositionProvider | None = None,
                 parent: QWidget | None = None, types: Any = None) -> None:
        super().__init__("Tools", parent)
        self.setObjectName("palette_dock")
        self.document = document
        self.position_provider = position_provider
        self.model = ToolTreeModel(parent=self)
        self.proxy = ToolFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setObjectName("palette_search")
        self.search.setPlaceholderText("Search tools…")
        self.search.setClearButtonEnabled(True)
        self.search.setToolTip("Filter by name, id, namespace or description; every word must match")
        self.search.textChanged.connect(self._filter)
        self.search.installEventFilter(self)

        self.tree = ToolTree()
        self.tree.setObjectName("palette_tree")
        self.tree.setModel(self.proxy)
        self.tree.setUniformRowHeights(True)
        self.tree.setDragEnabled(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.tree.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setExpandsOnDoubleClick(True)
        self.tree.setAnimated(False)
        self.tree.setSortingEnabled(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.doubleClicked.connect(self._double_clicked)
        self.tree.installEventFilter(self)

        self.count_label = QLabel()
        self.count_label.setObjectName("palette_count")
        self.count_label.setProperty("role", "hint")

        tools_page = QWidget()
        tools_layout = QVBoxLayout(tools_page)
        tools_layout.setContentsMargins(4, 4, 4, 4)
        tools_layout.setSpacing(4)
        tools_layout.addWidget(self.search)
        tools_layout.addWidget(self.tree, 1)
        tools_layout.addWidget(self.count_label)

        self.report = LibraryReport()
        self.report.reload_button.clicked.connect(self.reload_requested)
        self.report.folders_button.clicked.connect(self.preferences_requested)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(tools_page, "Tools")
        self.tabs.addTab(self.report, "Library")
        self.setWidget(self.tabs)
        self.set_library(library, types)

    # -- library ------------------------------------------------------------------------------
    @property
    def library(self) -> ToolLibrary:
        assert self.model.library is not None
        return self.model.library

    def set_library(self, library: ToolLibrary, types: Any = None, fastr: Any = None) -> None:
        """Show ``library``; ``types`` (a DataTypeRegistry) adds its failed files to the report;
        ``fastr`` (FastrSettings) says where fastr's configuration came from."""
        self.model.set_library(library)
        self.report.set_library(library, types, fastr)
        self._filter(self.search.text())
        failed = len(library.errors)
        self.tabs.setTabText(1, f"Library ({failed} failed)" if failed else "Library")

    def set_document(self, document: Document | None) -> None:
        self.document = document

    # -- search -------------------------------------------------------------------------------
    def _filter(self, text: str) -> None:
        self.proxy.set_filter_text(text)
        if text.strip():
            self.tree.expandAll()
        else:
            self.tree.collapseAll()
            self.tree.expandToDepth(1)
        shown = self._count_tools(QModelIndex())
        total = self._count_tools(QModelIndex(), source=True)
        self.count_label.setText(f"{shown} of {total} tools" if text.strip() else f"{total} tools")

    def _count_tools(self, parent: QModelIndex, source: bool = False) -> int:
        model = self.model if source else self.proxy
        count = 0
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(KIND_ROLE) == "tool":
                count += 1
            else:
                count += self._count_tools(index, source)
        return count

    def tool_at(self, proxy_index: QModelIndex) -> ToolDefinition | None:
        return self.model.tool_at(self.proxy.mapToSource(proxy_index)) if proxy_index.isValid() else None

    def visible_tools(self) -> list[ToolDefinition]:
        """The tools the filter leaves, in display order."""
        found: list[ToolDefinition] = []

        def walk(parent: QModelIndex) -> None:
            for row in range(self.proxy.rowCount(parent)):
                index = self.proxy.index(row, 0, parent)
                tool = self.tool_at(index)
                if tool is not None:
                    found.append(tool)
                else:
                    walk(index)
        walk(QModelIndex())
        return found

    def proxy_index_of(self, ns_id: str, version: str | None = None) -> QModelIndex:
        return self.proxy.mapFromSource(self.model.index_of(ns_id, version))

    # -- activation ---------------------------------------------------------------------------
    def _double_clicked(self, index: QModelIndex) -> None:
        tool = self.tool_at(index)
        if tool is not None:
            self.activate(tool)

    def activate(self, tool: ToolDefinition) -> str | None:
        """Add a node for ``tool`` at the centre of the view; returns the new node id."""
        self.tool_activated.emit(tool)
        if self.document is None:
            return None
        position = self.position_provider() if self.position_provider is not None else None
        command = add_tool_node(self.document.current_model, tool, position or (0.0, 0.0))
        self.document.push(command)
        node = command.node
        if node is None:
            return None
        self.document.selection.set([node.id])
        self.node_added.emit(node.id)
        return node.id

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search:
                if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    current = self.tree.currentIndex()
                    index = current if self.tool_at(current) is not None else self.proxy.first_tool()
                    tool = self.tool_at(index)
                    if tool is not None:
                        self.activate(tool)
                    return True
                if key == Qt.Key.Key_Down:
                    first = self.proxy.first_tool()
                    if first.isValid():
                        self.tree.setCurrentIndex(first)
                    self.tree.setFocus()
                    return True
                if key == Qt.Key.Key_Escape and self.search.text():
                    self.search.clear()
                    return True
            elif watched is self.tree and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                tool = self.tool_at(self.tree.currentIndex())
                if tool is not None:
                    self.activate(tool)
                    return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.show()
        self.raise_()
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()


class ToolTree(QTreeView):
    """The palette's tree; a drag carries the tool's MIME data and shows its name as a chip."""

    def startDrag(self, supported: Qt.DropAction) -> None:  # noqa: N802 - Qt override
        index = self.currentIndex()
        model = self.model()
        mime = model.mimeData([index]) if index.isValid() else None
        if mime is None:
            return
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.setPixmap(_drag_chip(str(model.index(index.row(), 0, index.parent()).data()), self))
        drag.exec(Qt.DropAction.CopyAction, Qt.DropAction.CopyAction)


def _drag_chip(text: str, widget: QWidget) -> QPixmap:
    """A small rounded label with the tool name, under the pointer while dragging."""
    metrics = widget.fontMetrics()
    ratio = widget.devicePixelRatioF()
    width, height = metrics.horizontalAdvance(text) + 20, metrics.height() + 10
    pixmap = QPixmap(int(width * ratio), int(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    palette = widget.palette()
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(palette.highlight().color())
    painter.setBrush(palette.base())
    painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 6, 6)
    painter.setPen(palette.text().color())
    painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, text)
    painter.end()
    return pixmap


class LibraryReport(QWidget):
    """Active tool folders (origin, tool count), the files that failed with the reason under each,
    and other warnings; one column so that it reads well in a narrow dock."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setObjectName("library_report")
        self.tree.setColumnCount(1)
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.details = QLabel()
        self.details.setObjectName("library_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setProperty("role", "hint")
        self.details.setVisible(False)
        self.source = QLabel()
        self.source.setObjectName("library_source")
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.source.setVisible(False)
        self.tree.currentItemChanged.connect(self._show_details)
        self.reload_button = QPushButton("Reload")
        self.reload_button.setToolTip("Scan the tool folders again")
        self.folders_button = QPushButton("Tool folders…")
        self.folders_button.setToolTip("Add or remove tool and datatype folders")
        buttons = QHBoxLayout()
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.folders_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.source)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)

    def _show_details(self, item: QTreeWidgetItem | None, _previous: object = None) -> None:
        """The full text of the chosen row (paths and reasons do not fit a narrow dock)."""
        text = item.toolTip(0) if item is not None else ""
        self.details.setText(text)
        self.details.setVisible(bool(text))

    def set_library(self, library: ToolLibrary, types: Any = None, fastr: Any = None) -> None:
        self.tree.clear()
        self._show_details(None)
        self._show_source(fastr)
        counts = _tools_per_folder(library)
        folders = self._group(f"Tool folders, first wins ({len(library.paths)})")
        for entry in library.paths:
            origin = ORIGIN_LABELS.get(entry.origin, entry.origin)
            count = counts.get(entry.path, 0)
            state = f"{count} tool{'s' if count != 1 else ''}" if entry.exists else "missing"
            item = self._row(folders, f"{origin}: {entry.path} ({state})", entry.path)
            if not entry.exists:
                item.setForeground(0, self.palette().placeholderText())
        roots = [entry.path for entry in library.paths]
        failed = self._group(f"Failed tool files ({len(library.errors)})")
        for error in library.errors:
            self._problem(failed, _relative(error.path, roots), error.path, error.message)
        if (first := failed.child(0)) is not None:
            self.tree.setCurrentItem(first)     # its full reason shows below
        type_errors = list(getattr(types, "errors", []) or [])
        if type_errors:
            group = self._group(f"Datatype files with problems ({len(type_errors)})")
            for error in type_errors:
                path, message = str(getattr(error, "path", "")), str(getattr(error, "message", error))
                self._problem(group, path, path, message)
        if library.warnings:
            warnings = self._group(f"Warnings ({len(library.warnings)})")
            for warning in library.warnings:
                self._problem(warnings, _relative(warning.path, roots), warning.path, warning.message)
        self.tree.expandAll()

    def _show_source(self, fastr: Any) -> None:
        """Which source fastr's configuration came from and why (fastr's error text when asking
        it failed)."""
        if fastr is None:
            self.source.setVisible(False)
            return
        text = tip = f"fastr configuration: {fastr.reason}"
        if getattr(fastr, "error", ""):
            text += f"\n{_error_summary(fastr.error)}"
            tip += f"\n{fastr.error}"
        if getattr(fastr, "execution_plugin", None):
            text += f"\nexecution plugin: {fastr.execution_plugin}"
            tip += f"\nexecution plugin: {fastr.execution_plugin}"
        self.source.setText(text)
        self.source.setToolTip(tip)
        self.source.setVisible(True)

    def _group(self, title: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self.tree, [title])
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    @staticmethod
    def _row(parent: QTreeWidgetItem, text: str, tip: str) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setToolTip(0, tip)
        return item

    def _problem(self, group: QTreeWidgetItem, label: str, path: str, message: str) -> None:
        item = self._row(group, label, f"{path}\n{message}")
        reason = self._row(item, _one_line(message), f"{path}\n{message}")
        reason.setForeground(0, self.palette().placeholderText())

    def report_text(self) -> str:
        """The report as plain text, indented by depth (for tests and copying)."""
        lines: list[str] = self.source.text().splitlines() if self.source.isVisibleTo(self) else []

        def walk(item: QTreeWidgetItem | None, depth: int) -> None:
            if item is None:
                return
            lines.append("  " * depth + item.text(0))
            for n in range(item.childCount()):
                walk(item.child(n), depth + 1)
        for n in range(self.tree.topLevelItemCount()):
            walk(self.tree.topLevelItem(n), 0)
        return "\n".join(lines)


def _relative(path: str, roots: list[str]) -> str:
    """``path`` inside the first tool folder holding it (``mine/1.0/bad.yaml``), else as given."""
    for root in roots:
        prefix = os.path.join(os.path.abspath(root), "")
        if os.path.abspath(path).startswith(prefix):
            return os.path.relpath(os.path.abspath(path), os.path.abspath(root))
    return path


def _error_summary(error: str) -> str:
    """fastr's error in a line or two: the first line, and for a traceback its last line and the
    innermost file and line (the whole text is the tooltip and a warning below)."""
    lines = [line.strip() for line in error.splitlines() if line.strip()]
    if len(lines) <= 2:
        return "\n".join(lines)
    places = [m for m in (re.match(r'File "(.+)", line (\d+)', line) for line in lines) if m]
    where = f" ({places[-1].group(1)}, line {places[-1].group(2)})" if places else ""
    return f"{lines[0]}\n{lines[-1]}{where}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _tools_per_folder(library: ToolLibrary) -> dict[str, int]:
    counts: dict[str, int] = {}
    roots = [(entry.path, os.path.join(os.path.abspath(entry.path), "")) for entry in library.paths]
    for tool in library:
        if not tool.source_file:
            continue
        source = os.path.abspath(tool.source_file)
        for path, prefix in roots:
            if source.startswith(prefix):
                counts[path] = counts.get(path, 0) + 1
                break
    return counts
