"""App layer: the macro breadcrumb above the canvas: ``network › macro1 › inner``.

Every part but the last is a flat button that goes back up to that level (``Document.set_path``).
The bar hides itself while the top network is shown, unless ``always_visible`` is set.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from editor.model.document import Document

SEPARATOR = "›"


class BreadcrumbBar(QWidget):
    """Shows the macro path of a document and leads back up."""

    def __init__(self, document: Document, parent: QWidget | None = None,
                 always_visible: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("breadcrumb")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.document = document
        self.always_visible = always_visible
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(8, 3, 8, 3)
        self._layout.setSpacing(2)
        self.buttons: list[QToolButton] = []
        document.current_changed.connect(self.refresh)
        document.reset.connect(self.refresh)
        self.refresh()

    def labels(self) -> list[str]:
        """The parts shown, top network first."""
        names = [self.document.root.id]
        network = self.document.root
        for node_id in self.document.path:
            node = network.nodes.get(node_id)
            if node is None or node.subnetwork is None:
                break
            names.append(node_id)
            network = node.subnetwork
        return names

    def refresh(self) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = []
        labels = self.labels()
        for depth, label in enumerate(labels):
            if depth:
                sep = QLabel(SEPARATOR)
                sep.setProperty("role", "hint")
                self._layout.addWidget(sep)
            button = QToolButton()
            button.setText(label)
            button.setAutoRaise(True)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            last = depth == len(labels) - 1
            if last:
                font = button.font()
                font.setBold(True)
                button.setFont(font)
                button.setEnabled(len(labels) == 1)
                button.setToolTip("The network shown")
            else:
                button.setToolTip(f"Back to {label}")
                button.clicked.connect(lambda _=False, d=depth: self.go_to(d))
            self.buttons.append(button)
            self._layout.addWidget(button)
        self._layout.addStretch(1)
        self.setVisible(self.always_visible or len(labels) > 1)

    def go_to(self, depth: int) -> None:
        """Show the network ``depth`` levels below the top (0 is the top network)."""
        self.document.set_path(self.document.path[:depth])
