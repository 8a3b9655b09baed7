"""Canvas layer: FindBar, Ctrl+F on the canvas: find a node by id, tool or step and go to it.

A small bar over the top right corner of the view: typing lists the best matches
(:func:`editor.core.analysis.find.find_nodes`, fuzzy), Up and Down choose, Enter (or a click)
selects the node and zooms to it at a readable zoom, Escape closes the bar and gives the canvas
its focus back. Searches the network the view shows (inside a macro: that macro's network).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from editor.core.analysis.find import find_nodes

if TYPE_CHECKING:
    from editor.canvas.view import NetworkView

SHOWN = 12
WIDTH = 360


class FindBar(QFrame):
    def __init__(self, view: NetworkView) -> None:
        super().__init__(view)
        self.view = view
        self.setObjectName("canvas_find")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("canvas_find_edit")
        self.edit.setPlaceholderText("Find a node: id, tool or step")
        self.edit.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("canvas_find_results")
        self.count = QLabel(self)
        self.count.setObjectName("canvas_find_count")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(self.edit)
        layout.addWidget(self.results)
        layout.addWidget(self.count)
        self.edit.textChanged.connect(self.search)
        self.edit.installEventFilter(self)
        self.results.itemActivated.connect(self._activated)
        self.results.itemClicked.connect(self._activated)
        self.setFixedWidth(WIDTH)
        self.hide()

    def open(self) -> None:
        self._place()
        self.show()
        self.raise_()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self.search(self.edit.text())

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _place(self) -> None:
        viewport = self.view.viewport().geometry()
        self.adjustSize()
        self.move(viewport.right() - self.width() - 8, viewport.top() + 8)

    def search(self, text: str) -> None:
        network = self.view.document.current_network
        matches = find_nodes(network, text, limit=200)
        self.results.clear()
        for match in matches[:200]:
            label = match.node_id if match.field == "id" else f"{match.node_id}    ({match.field}: {match.text})"
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, match.node_id)
            item.setToolTip(match.node_id)
            self.results.addItem(item)
        if matches:
            self.results.setCurrentRow(0)
        rows = min(self.results.count(), SHOWN)        # as tall as its rows, no empty space
        row_height = self.results.sizeHintForRow(0) if rows else 0
        self.results.setFixedHeight(rows * row_height + 2 * self.results.frameWidth())
        self.results.setVisible(bool(text.strip()) and rows > 0)
        self.count.setText("" if not text.strip() else
                           f"{len(matches)} node{'s' if len(matches) != 1 else ''}" if matches else "no node matches")
        self.adjustSize()
        self._place()

    def current_id(self) -> str | None:
        item = self.results.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def go(self, node_id: str | None = None) -> bool:
        """Select ``node_id`` (the chosen match) and zoom to it; False when there is none."""
        node_id = node_id or self.current_id()
        item = self.view.network_scene.node_items.get(node_id) if node_id else None
        if item is None or node_id is None:
            return False
        self.view.document.selection.set([node_id], [])
        self.view.zoom_to_rect(item.sceneBoundingRect())
        return True

    def _activated(self, item: QListWidgetItem) -> None:
        self.go(str(item.data(Qt.ItemDataRole.UserRole)))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.go()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.results.count() - 1, self.results.currentRow() + step))
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)
