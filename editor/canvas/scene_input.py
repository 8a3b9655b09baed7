"""Canvas layer: the scene's mouse, key and drop handlers, which hand presses to gestures
(``interactions``): a left press starts one, moves go to it, the release finishes it, Escape
cancels it. Double-click opens a macro or the quick-add popup. Mixed into NetworkScene."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt

from editor.canvas import interactions
from editor.canvas.cluster_item import ClusterItem, ClusterLabelItem
from editor.canvas.link_item import LinkItem
from editor.canvas.node_item import NodeItem
from editor.canvas.port_item import PortItem
from editor.canvas.scene_state import SceneState


class SceneInput(SceneState):
    """Event handlers of NetworkScene (the state it shares with the scene: ``SceneState``)."""

    # -- input --------------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:  # noqa: N802
        if self.interactive and event.button() == Qt.MouseButton.LeftButton:
            if self.gesture is not None:
                self.gesture.cancel()
            self.gesture = interactions.start(self, self.item_at(event.scenePos()), event)
            event.accept()
            return
        if self.interactive and event.button() == Qt.MouseButton.RightButton:
            event.accept()             # the context menu event follows; the selection is kept
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self.gesture is not None:
            self.gesture.move(event)
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self.gesture is not None and event.button() == Qt.MouseButton.LeftButton:
            gesture, self.gesture = self.gesture, None
            gesture.finish(event)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def helpEvent(self, event) -> None:  # noqa: N802
        """Tooltips are made on demand (see ``lazy_tooltip``): make those under the pointer (and
        the port items there, made when first needed)."""
        pos = event.scenePos()
        self.make_ports_near(QRectF(pos.x() - 0.5, pos.y() - 0.5, 1.0, 1.0))
        for item in self.items(pos):
            ensure = getattr(item, "ensure_tooltip", None)
            if ensure is not None:
                ensure()
        super().helpEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802
        if not self.interactive or event.button() != Qt.MouseButton.LeftButton:
            return
        item = self.item_at(event.scenePos())
        if isinstance(item, NodeItem):
            node = self.network.nodes.get(item.node_id)
            if node is not None and node.kind == "macro":
                self.macro_open_requested.emit(item.node_id)
        elif item is None:
            self.quick_add_requested.emit(event.scenePos())
        event.accept()

    def contextMenuEvent(self, event) -> None:  # noqa: N802
        """A right click asks for the menu of what is under it (``context_menu_requested``):
        ('node', id), ('link', id), ('note', id), ('step', id) or ('canvas', ''). A node, link or
        note that is not selected becomes the selection first, as in file managers."""
        if not self.interactive:
            event.ignore()
            return
        if self.gesture is not None:
            gesture, self.gesture = self.gesture, None
            gesture.cancel()
        kind, item_id = self.context_target(event.scenePos())
        if kind in ("node", "link"):
            nodes, links = self.document.selection.nodes, self.document.selection.links
            if item_id not in (nodes if kind == "node" else links):
                self.document.selection.set([item_id] if kind == "node" else [], [item_id] if kind == "link" else [])
        elif kind == "note" and item_id not in self.document.selection.notes:
            self.document.selection.set([], [], [item_id])
        self.context_menu_requested.emit(kind, item_id, QPointF(event.scenePos()), event.screenPos())
        event.accept()

    def context_target(self, pos: QPointF) -> tuple[str, str]:
        """What a right click at ``pos`` is about (see :meth:`contextMenuEvent`)."""
        item = self.item_at(pos)
        if isinstance(item, PortItem):
            return "node", item.node_id
        if isinstance(item, NodeItem):
            return "node", item.node_id
        if isinstance(item, LinkItem):
            return "link", item.link_id
        for other in self.items(pos):
            if isinstance(other, (ClusterItem, ClusterLabelItem)) and other.isVisible():
                return "step", other.step_id
        return "canvas", ""

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Escape and self.gesture is not None:
            gesture, self.gesture = self.gesture, None
            gesture.cancel()
            event.accept()
            return
        super().keyPressEvent(event)

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        interactions.tool_drag_enter(self, event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        interactions.tool_drag_enter(self, event)

    def dropEvent(self, event) -> None:  # noqa: N802
        interactions.tool_drop(self, event)
