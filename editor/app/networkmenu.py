"""App layer: the Network menu: lay out, align, distribute, and macros (make one of the
selection, dissolve one, open one).  Each entry pushes one undo command built by the model
(``editor.model.layoutcmds``, ``editor.model.macros``); a refusal goes to the status bar.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from editor.canvas.autolayout import CANVAS_SIZING
from editor.core.layout.arrange import AlignMode, Axis
from editor.model import layoutcmds, macros

if TYPE_CHECKING:
    from editor.app.hosts import NetworkMenuHost

ALIGN_MODES: tuple[tuple[str, AlignMode], ...] = (
    ("Left Edges", "left"), ("Right Edges", "right"), ("Top Edges", "top"), ("Bottom Edges", "bottom"),
    ("Horizontal Centres", "hcenter"), ("Vertical Centres", "vcenter"))


class NetworkActions(QObject):
    """The Network menu of one window."""

    def __init__(self, window: NetworkMenuHost, menu: QMenu) -> None:
        super().__init__(window.window())
        self.window = window
        self.actions: list[QAction] = []
        self.needs_selection: list[tuple[QAction, int]] = []     # (action, minimum nodes)
        self.open_macro = self._add(menu, "&Open Macro", self.open_macro_node, "Ctrl+Return", 1)
        menu.addSeparator()
        self.layout_all_action = self._add(menu, "&Lay Out Network", self.layout_all, "Ctrl+L")
        self.layout_selection_action = self._add(menu, "Lay Out &Selection", self.layout_selection,
                                                 "Ctrl+Shift+L", 2)
        align = menu.addMenu("&Align")
        for label, mode in ALIGN_MODES:
            self._add(align, label, partial(self.align, mode), None, 2)
        distribute = menu.addMenu("&Distribute")
        self._add(distribute, "&Horizontally", lambda: self.distribute("horizontal"), None, 3)
        self._add(distribute, "&Vertically", lambda: self.distribute("vertical"), None, 3)
        menu.addSeparator()
        self.make_macro_action = self._add(menu, "&Make Macro from Selection", self.make_macro, "Ctrl+G", 1)
        self.dissolve_macro_action = self._add(menu, "&Dissolve Macro", self.dissolve_macro, "Ctrl+Shift+G", 1)
        window.document.selection.changed.connect(self.update_enabled)
        self.update_enabled()

    def _add(self, menu: QMenu, text: str, slot: Callable[[], None], key: str | None,
             minimum: int = 0) -> QAction:
        action = QAction(text, self.window.window())
        if key:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False: slot())
        menu.addAction(action)
        self.actions.append(action)
        if minimum:
            self.needs_selection.append((action, minimum))
        return action

    def update_enabled(self) -> None:
        count = len(self.window.document.selection.nodes)
        for action, minimum in self.needs_selection:
            action.setEnabled(count >= minimum)

    # -- helpers ------------------------------------------------------------------------------
    def _nodes(self) -> list[str]:
        return list(self.window.document.selection.nodes)

    def _push(self, command: Any, nothing: str) -> None:
        if command is None:
            self.window.statusBar().showMessage(nothing, 4000)
        else:
            self.window.document.push(command)

    def _refused(self, error: Exception) -> None:
        self.window.statusBar().showMessage(str(error), 6000)

    # -- slots --------------------------------------------------------------------------------
    def layout_all(self) -> None:
        command = layoutcmds.layout_all(self.window.document.current_model, CANVAS_SIZING)
        self._push(command, "Lay Out Network: already laid out, nothing moved")
        if command is not None:
            self.window.statusBar().showMessage("Lay Out Network: laid out (Undo puts the nodes back)", 4000)
        self.window.view.fit_all()

    def layout_selection(self) -> None:
        self._push(layoutcmds.layout_selection(self.window.document.current_model, self._nodes(), CANVAS_SIZING),
                   "Nothing to move.")

    def align(self, mode: AlignMode) -> None:
        self._push(layoutcmds.align_nodes(self.window.document.current_model, self._nodes(), mode,
                                            CANVAS_SIZING),
                   "Already aligned.")

    def distribute(self, axis: Axis) -> None:
        self._push(layoutcmds.distribute_nodes(self.window.document.current_model, self._nodes(), axis,
                                                 CANVAS_SIZING),
                   "Already evenly spaced.")

    def make_macro(self) -> None:
        try:
            command = macros.create_macro(self.window.document, self._nodes())
        except ValueError as error:
            self._refused(error)
            return
        self.window.document.push(command)

    def _selected_macro(self) -> str | None:
        network = self.window.document.current_network
        found = [n for n in self._nodes() if network.nodes.get(n) is not None
                 and network.nodes[n].subnetwork is not None]
        if len(found) != 1:
            self.window.statusBar().showMessage("Select one macro node first.", 4000)
            return None
        return found[0]

    def dissolve_macro(self) -> None:
        macro = self._selected_macro()
        if macro is None:
            return
        try:
            command = macros.dissolve_macro(self.window.document, macro)
        except ValueError as error:
            self._refused(error)
            return
        self.window.document.push(command)

    def open_macro_node(self) -> None:
        macro = self._selected_macro()
        if macro is not None:
            self.window.enter_macro(macro)
