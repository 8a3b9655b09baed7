"""App layer: the main window's docks: palette (left), properties and the overview minimap
(right), problems, node table and undo history (bottom, as tabs).  Each one can be shown or hidden
from View › Panels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QUndoView

from editor.canvas.minimap import MiniMap
from editor.panels.nodetable import NodeTablePanel
from editor.panels.palette import PalettePanel
from editor.panels.problems import ProblemsPanel
from editor.panels.properties import PropertiesPanel

if TYPE_CHECKING:
    from editor.app.mainwindow import MainWindow

_Area = Qt.DockWidgetArea


class Docks:
    """Creates the docks of ``window`` and keeps them by role."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        document = window.document
        window.setCorner(Qt.Corner.BottomLeftCorner, _Area.LeftDockWidgetArea)
        window.setCorner(Qt.Corner.BottomRightCorner, _Area.RightDockWidgetArea)
        service = window.library_service
        self.palette = PalettePanel(document, service.library, window.new_node_position, window, service.types)
        self.palette.report.set_library(service.library, service.types, service.fastr)
        window.addDockWidget(_Area.LeftDockWidgetArea, self.palette)
        self.properties = PropertiesPanel(document, parent=window)
        self.problems = ProblemsPanel(document, parent=window)
        self.node_table = NodeTablePanel(document, parent=window)
        self.panels: dict[str, QDockWidget] = {"palette": self.palette}
        for key, dock, area in (("properties", self.properties, _Area.RightDockWidgetArea),
                                ("problems", self.problems, _Area.BottomDockWidgetArea),
                                ("node_table", self.node_table, _Area.BottomDockWidgetArea)):
            dock.setObjectName(f"{key}_dock")
            window.addDockWidget(area, dock)
            self.panels[key] = dock
        self.undo_view = QUndoView(document.undo_stack)
        self.undo_view.setEmptyLabel("<original network>")
        self.history = QDockWidget("History", window)
        self.history.setObjectName("history_dock")
        self.history.setWidget(self.undo_view)
        window.addDockWidget(_Area.BottomDockWidgetArea, self.history)
        self.panels["history"] = self.history
        self.minimap = MiniMap(window.view)
        self.overview = QDockWidget("Overview", window)
        self.overview.setObjectName("overview_dock")
        self.overview.setWidget(self.minimap)
        window.addDockWidget(_Area.RightDockWidgetArea, self.overview)
        self.panels["overview"] = self.overview
        self._arrange()

    def _arrange(self) -> None:
        # One tab group only: in Qt 6.11 a second tabifyDockWidget() before the window is shown
        # leaves a stray copy of the first group's tab bar on screen.
        w = self.window
        right = [d for key, d in self.panels.items() if key == "properties"]
        bottom = [d for key, d in self.panels.items() if key in ("problems", "node_table", "history")]
        for other in bottom[1:]:
            w.tabifyDockWidget(bottom[0], other)
        if bottom:
            bottom[0].raise_()
        w.resizeDocks([self.palette], [250], Qt.Orientation.Horizontal)
        if right:
            w.resizeDocks([right[0]], [360], Qt.Orientation.Horizontal)
            w.resizeDocks([self.overview], [200], Qt.Orientation.Vertical)
        if bottom:
            w.resizeDocks([bottom[0]], [240], Qt.Orientation.Vertical)

    def raise_first_tab(self) -> None:
        """The Problems tab in front (Qt shows the last tab added once the window is shown)."""
        problems = self.panels.get("problems")
        if problems is not None:
            problems.raise_()

    def get(self, key: str) -> Any:
        return self.panels.get(key)

    def all(self) -> list[QDockWidget]:
        return list(self.panels.values())
