"""App layer: the context menus of the canvas: on a node, a link, a note, a step box and the empty
canvas, each with the actions that apply there (the window's own QActions where there is one, so
the menus show the same names and shortcuts as the menu bar).

A right click on a node, link or note that is not selected selects it first (``NetworkScene``); the
menu is built by :meth:`ContextMenus.build` (tests use it too) and shown with ``popup``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from editor.app import dialogs
from editor.canvas.autolayout import CANVAS_SIZING
from editor.core.graph.ids import check_id
from editor.model.commands import RenameNodeCommand, SetNodePropertyCommand

if TYPE_CHECKING:
    from editor.app.hosts import ContextMenuHost


class ContextMenus:
    """Builds and shows the canvas's context menus for one window."""

    def __init__(self, window: ContextMenuHost) -> None:
        self.window = window
        self.menu: QMenu | None = None           # the menu shown last
        window.view.context_menu_requested.connect(self.show)

    # -- showing ------------------------------------------------------------------------------
    def show(self, kind: str, item_id: str, scene_pos: QPointF, screen_pos: QPoint) -> QMenu:
        if self.menu is not None:
            self.menu.close()
            self.menu.deleteLater()
        self.menu = self.build(kind, item_id, scene_pos)
        self.menu.popup(screen_pos)
        return self.menu

    def build(self, kind: str, item_id: str, scene_pos: QPointF) -> QMenu:
        menu = QMenu(self.window.window())
        menu.setObjectName(f"{kind}_context_menu")
        {"node": self._node_menu, "link": self._link_menu, "note": self._note_menu, "step": self._step_menu}.get(
            kind, lambda m, _i, p: self._canvas_menu(m, p))(menu, item_id, scene_pos)
        return menu

    # -- the five menus -----------------------------------------------------------------------
    def _node_menu(self, menu: QMenu, node_id: str, _pos: QPointF) -> None:
        w, a, net = self.window, self.window.menu_actions, self.window.network_actions
        network = w.document.current_network
        node = network.nodes.get(node_id)
        if node is None:
            return
        self._add(menu, "&Rename…", lambda: self.rename_node(node_id))
        self._add(menu, "P&roperties", self.show_properties)
        menu.addSeparator()
        for action in (a.cut, a.copy, a.duplicate, a.delete):
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction(net.layout_selection_action)
        self._step_submenu(menu)
        menu.addSeparator()
        if node.subnetwork is not None:
            menu.addAction(net.open_macro)
            menu.addAction(net.dissolve_macro_action)
        else:
            menu.addAction(net.make_macro_action)

    def _link_menu(self, menu: QMenu, link_id: str, pos: QPointF) -> None:
        a = self.window.menu_actions
        self._add(menu, "&Insert Node…", lambda: self.window.view.show_quick_insert(pos, link_id))
        self._add(menu, "P&roperties", self.show_properties)
        menu.addSeparator()
        menu.addAction(a.delete)

    def _note_menu(self, menu: QMenu, note_id: str, _pos: QPointF) -> None:
        a = self.window.menu_actions
        item = self.window.view.network_scene.note_items.get(note_id)
        if item is None:
            return
        self._add(menu, "&Edit Text", item.start_editing)
        menu.addSeparator()
        for action in (a.cut, a.copy, a.duplicate, a.delete):
            menu.addAction(action)

    def _step_menu(self, menu: QMenu, step_id: str, _pos: QPointF) -> None:
        self._add(menu, "&Rename Step…", lambda: self.rename_step(step_id))
        self._add(menu, "&Select Members", lambda: self.select_step(step_id))
        self._add(menu, "&Lay Out Step", lambda: self.layout_step(step_id))

    def _canvas_menu(self, menu: QMenu, pos: QPointF) -> None:
        a, net = self.window.menu_actions, self.window.network_actions
        menu.addAction(a.paste)
        self._add(menu, "&Add Node…", lambda: self.window.view.show_quick_add(pos))
        self._add(menu, "Add &Note Here", lambda: self.window.view.network_scene.add_note(pos))
        menu.addAction(a.select_all)
        menu.addSeparator()
        menu.addAction(net.layout_all_action)
        menu.addAction(a.fit_all)

    def _step_submenu(self, menu: QMenu) -> None:
        """Step ▸ no step, each step of the network, a new one: for the selected nodes."""
        document = self.window.document
        network = document.current_network
        nodes = list(document.selection.nodes)
        steps = {network.step_of(n) for n in nodes}
        sub = menu.addMenu("S&tep")
        sub.setObjectName("step_submenu")
        for label, value in [("(no step)", None)] + [(s, s) for s in network.stepids]:
            action = self._add(sub, label, lambda v=value: self.set_step(nodes, v))
            action.setCheckable(True)
            action.setChecked(steps == {value})
        sub.addSeparator()
        self._add(sub, "&New Step…", lambda: self.new_step(nodes))

    def _add(self, menu: QMenu, text: str, slot) -> QAction:
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False: slot())
        return action

    # -- what they do -------------------------------------------------------------------------
    def _status(self, text: str) -> None:
        self.window.statusBar().showMessage(text, 6000)

    def show_properties(self) -> None:
        dock = self.window.docks.properties
        dock.show()
        dock.raise_()

    def rename_node(self, node_id: str) -> None:
        document = self.window.document
        network = document.current_network
        new = dialogs.ask_text(self.window.window(), "Rename Node", "New id:", node_id)
        if new is None or new == node_id or node_id not in network.nodes:
            return
        try:
            check_id(new, "the node id")
        except ValueError as error:
            self._status(str(error))
            return
        if new in network.nodes or new in network.links:
            self._status(f"The id {new} is already in use in this network (nodes and links share ids).")
            return
        document.push(RenameNodeCommand(document.current_model, node_id, new))
        document.selection.set([new])

    def set_step(self, nodes: list[str], step: str | None) -> None:
        document = self.window.document
        network = document.current_network
        nodes = [n for n in nodes if n in network.nodes and network.step_of(n) != step]
        if nodes:
            document.push(SetNodePropertyCommand(document.current_model, nodes, "step_id", step))

    def new_step(self, nodes: list[str]) -> None:
        name = dialogs.ask_text(self.window.window(), "New Step", "Step id:", "")
        if not name:
            return
        try:
            check_id(name, "the step id")
        except ValueError as error:
            self._status(str(error))
            return
        self.set_step(nodes, name)

    def rename_step(self, step_id: str) -> None:
        document = self.window.document
        network = document.current_network
        members = list(network.stepids.get(step_id, []))
        new = dialogs.ask_text(self.window.window(), "Rename Step", "New step id:", step_id)
        if not new or new == step_id or not members:
            return
        try:
            check_id(new, "the step id")
        except ValueError as error:
            self._status(str(error))
            return
        command = SetNodePropertyCommand(document.current_model, members, "step_id", new)
        command.setText(f"Rename step {step_id} to {new}")
        document.push(command)

    def select_step(self, step_id: str) -> None:
        network = self.window.document.current_network
        self.window.document.selection.set(list(network.stepids.get(step_id, [])))

    def layout_step(self, step_id: str) -> None:
        from editor.model.layoutcmds import layout_selection
        document = self.window.document
        members = list(document.current_network.stepids.get(step_id, []))
        command = layout_selection(document.current_model, members, CANVAS_SIZING) if len(members) > 1 else None
        if command is None:
            self._status("Nothing to move.")
        else:
            document.push(command)
