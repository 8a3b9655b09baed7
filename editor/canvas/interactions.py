"""Canvas layer: mouse gestures as small objects with ``move``/``finish``/``cancel`` (after Orange's
``document/interactions.py``): moving nodes, drawing a link, rubber-band selection, and drops of
tools from the palette.

A gesture changes only items while it runs; it is committed as one command on release.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPen
from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsPathItem, QGraphicsRectItem

from editor.canvas import geometry as geo
from editor.canvas.link_item import LinkItem
from editor.canvas.node_item import NodeItem
from editor.canvas.note_item import NoteItem
from editor.canvas.port_item import PortItem
from editor.core.graph.link import link_refusal
from editor.core.graph.urls import InputRef, OutputRef
from editor.model.commands import MoveNodesCommand
from editor.model.notecmds import EditNoteCommand
from editor.model.edits import TOOL_MIME, add_tool_node, insert_node_into_link, insertion_ports, link_ports
from editor.model.toolmodel import tool_from_mime

if TYPE_CHECKING:
    from editor.canvas.scene import NetworkScene

MAX_HIGHLIGHTED_PORTS = 3000


class Gesture:
    """One press-move-release. The scene forwards events until release (or Escape)."""

    def __init__(self, scene: NetworkScene, event) -> None:
        self.scene = scene
        self.press_pos = QPointF(event.scenePos())
        self.press_screen = QPointF(event.screenPos())

    def dragged_far_enough(self, event) -> bool:
        return QLineF(self.press_screen, QPointF(event.screenPos())).length() >= QApplication.startDragDistance()

    def move(self, event) -> None:
        pass

    def finish(self, event) -> None:
        pass

    def cancel(self) -> None:
        pass


def start(scene: NetworkScene, item: QGraphicsItem | None, event) -> Gesture:
    """The gesture a left press on ``item`` (None: empty canvas) begins; selection clicks happen here."""
    ctrl = bool(event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.MetaModifier))
    if isinstance(item, PortItem):
        return LinkDrag(scene, event, item)
    if isinstance(item, (NodeItem, LinkItem)):
        if ctrl:
            with scene.selection_sync.batch():
                item.setSelected(not item.isSelected())
            return Gesture(scene, event)
        if not item.isSelected():
            with scene.selection_sync.batch():
                scene.clearSelection()
                item.setSelected(True)
        if isinstance(item, NodeItem):
            return MoveNodes(scene, event, item)
        return Gesture(scene, event)
    return RubberBand(scene, event, add=ctrl)


class MoveNodes(Gesture):
    """Drag the selected nodes and notes (pressed on one of them); one undo step on release (none
    if nothing moved): a MoveNodesCommand, with the notes' moves when notes went along.

    One node dragged over a link it can sit in (a free input the link's source may feed, an
    output that may feed its target) lights the link up; released there, the node goes into the
    link: move and relink in one undo step."""

    def __init__(self, scene: NetworkScene, event, pressed: NodeItem | NoteItem) -> None:
        super().__init__(scene, event)
        self.pressed = pressed
        self.items = [i for i in scene.selectedItems() if isinstance(i, NodeItem)]
        self.notes = [i for i in scene.selectedItems() if isinstance(i, NoteItem) and not i.editing]
        self.note_start = {i.note_id: QPointF(i.pos()) for i in self.notes}
        self.start = {i.node_id: QPointF(i.pos()) for i in self.items}
        self.ids = [i.node_id for i in self.items]
        self.steps = scene.clusters_of(self.ids)
        self.still: dict | None = None        # the steps' boxes without the moving nodes
        self.active = False
        self.target_link: str | None = None    # the link the node would go into
        self._fits: dict[str, bool] = {}
        self._halo: QGraphicsPathItem | None = None
        self._own_links = {l.id for l in scene.network.node_links(pressed.node_id)} \
            if isinstance(pressed, NodeItem) and len(self.items) == 1 and not self.notes \
            and pressed.node_id in scene.network.nodes else None

    def _link_under(self, pos: QPointF) -> str | None:
        if self._own_links is None:
            return None
        # Bounding rects first (answered in C++), the shape only of the links among them: the
        # ports, cards and step boxes under the pointer need no Python shape at every move.
        for item in self.scene.items(pos, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, LinkItem) and item.link_id not in self._own_links \
                    and item.shape().contains(item.mapFromScene(pos)):
                fits = self._fits.get(item.link_id)
                if fits is None:
                    fits = insertion_ports(self.scene.network, self.pressed.node_id, item.link_id) is not None
                    self._fits[item.link_id] = fits
                if fits:
                    return item.link_id
        return None

    def _set_target(self, link_id: str | None) -> None:
        if link_id == self.target_link:
            return
        self.target_link = link_id
        if self._halo is not None:
            self.scene.removeItem(self._halo)
            self._halo = None
        item = self.scene.link_items.get(link_id) if link_id is not None else None
        if item is not None:
            color = QColor(self.scene.theme.color("port_ok"))
            color.setAlpha(150)
            self._halo = QGraphicsPathItem(item.path())
            self._halo.setPen(QPen(color, 7.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            self._halo.setZValue(99)              # over the dragged node, which hides the link
            self._halo.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
            self.scene.addItem(self._halo)
            self.scene.status_message.emit(f"Release to insert {self.pressed.node_id} into this link.")

    def move(self, event) -> None:
        if not self.active and not self.dragged_far_enough(event):
            return
        self.active = True
        delta = event.scenePos() - self.press_pos
        for item in self.items:
            item.setPos(self.start[item.node_id] + delta)
        for note in self.notes:
            note.setPos(self.note_start[note.note_id] + delta)
        self.scene.update_node_links(self.ids)       # only the moved nodes' links
        if self.steps:
            if self.still is None:
                self.still = self.scene.cluster_drag_start(self.steps, set(self.ids))
            self.scene.cluster_drag_move(self.still, self.items)
        self._set_target(self._link_under(event.scenePos()))

    def finish(self, event) -> None:
        if not self.active:
            if len(self.scene.selectedItems()) > 1:      # a click in a selection selects just that node
                with self.scene.selection_sync.batch():
                    self.scene.clearSelection()
                    self.pressed.setSelected(True)
            return
        self.move(event)
        network = self.scene.network
        moves = {}
        for item in self.items:
            new = (item.pos().x(), item.pos().y())
            old = network.nodes[item.node_id].position if item.node_id in network.nodes else None
            if old != new:
                moves[item.node_id] = (old, new)
        link_id = self.target_link
        self._set_target(None)
        move = MoveNodesCommand(self.scene.model, moves) if moves else None
        note_moves = self._note_moves()
        if note_moves:
            self._push_with_notes(move, note_moves)
            return
        if link_id is not None and isinstance(self.pressed, NodeItem):
            command = insert_node_into_link(self.scene.model, self.pressed.node_id, link_id, move)
            if command is not None:
                self.scene.drag_origins = dict(self.start)
                try:
                    self.scene.document.push(command)
                finally:
                    self.scene.drag_origins = {}
                self.scene.status_message.emit(f"Inserted {self.pressed.node_id} into the link.")
                return
        if move is not None:
            self.scene.drag_origins = dict(self.start)   # the links round where they were: routed again
            try:
                self.scene.document.push(move)              # boxes follow
            finally:
                self.scene.drag_origins = {}
        else:
            self.scene.update_clusters(self.steps)       # back where it started: labels too

    def _note_moves(self) -> list[EditNoteCommand]:
        notes = self.scene.network.notes
        moves = []
        for item in self.notes:
            note = notes.get(item.note_id)
            position = (float(round(item.pos().x())), float(round(item.pos().y())))
            if note is not None and position != note.position:
                moves.append(EditNoteCommand(self.scene.model, item.note_id, position=position))
        return moves

    def _push_with_notes(self, move: MoveNodesCommand | None, note_moves: list[EditNoteCommand]) -> None:
        """The nodes' move and the notes' moves, one undo step."""
        stack = self.scene.document.undo_stack
        stack.beginMacro("Move" if move is not None else
                         "Move note" if len(note_moves) == 1 else f"Move {len(note_moves)} notes")
        try:
            if move is not None:
                self.scene.drag_origins = dict(self.start)
                try:
                    stack.push(move)
                finally:
                    self.scene.drag_origins = {}
            for command in note_moves:
                stack.push(command)
        finally:
            stack.endMacro()
        if move is None:
            self.scene.update_clusters(self.steps)

    def cancel(self) -> None:
        self._set_target(None)
        for note in self.notes:
            note.setPos(self.note_start[note.note_id])
        for item in self.items:
            item.setPos(self.start[item.node_id])
        self.scene.update_node_links(self.ids)
        self.scene.update_clusters(self.steps)


class RubberBand(Gesture):
    """Select the nodes and links a dragged rectangle touches and the notes it holds whole (a note
    is often a big box behind nodes: a band round some of those nodes leaves it out). Ctrl adds to
    the selection."""

    def __init__(self, scene: NetworkScene, event, add: bool) -> None:
        super().__init__(scene, event)
        self.initial = set(scene.selectedItems()) if add else set()
        if not add:
            with scene.selection_sync.batch():
                scene.clearSelection()
        color = scene.theme.color("rubber_band")
        fill = QColor(color)
        fill.setAlpha(40)
        self.rect_item = QGraphicsRectItem()
        self.rect_item.setPen(QPen(color, 0, Qt.PenStyle.DashLine))
        self.rect_item.setBrush(QBrush(fill))
        self.rect_item.setZValue(100)
        self.rect_item.setVisible(False)
        scene.addItem(self.rect_item)

    def move(self, event) -> None:
        if not self.rect_item.isVisible() and not self.dragged_far_enough(event):
            return
        rect = QRectF(self.press_pos, event.scenePos()).normalized()
        self.rect_item.setRect(rect)
        self.rect_item.setVisible(True)
        inside = {i for i in self.scene.items(rect, Qt.ItemSelectionMode.IntersectsItemShape)
                  if isinstance(i, (NodeItem, LinkItem))}
        inside |= {i for i in self.scene.items(rect, Qt.ItemSelectionMode.ContainsItemShape)
                   if isinstance(i, NoteItem) and i.flags() & QGraphicsItem.GraphicsItemFlag.ItemIsSelectable}
        wanted = inside | self.initial
        with self.scene.selection_sync.guard():
            for item in self.scene.selectedItems():
                if item not in wanted:
                    item.setSelected(False)
            for item in wanted:
                if not item.isSelected():
                    item.setSelected(True)

    def finish(self, event) -> None:
        if self.rect_item.isVisible():
            self.move(event)
        self.scene.removeItem(self.rect_item)
        self.scene.selection_sync.to_document()

    def cancel(self) -> None:
        self.scene.removeItem(self.rect_item)
        self.scene.selection_sync.to_document()


class LinkDrag(Gesture):
    """Draw a link from a port; compatible ports light up; release on a port to link.

    Dropping on an input that has a link replaces it; with Shift held it adds a sub-input.
    Dropped on empty canvas, it asks for a new node to link to (``quick_link_requested``)."""

    def __init__(self, scene: NetworkScene, event, port: PortItem) -> None:
        super().__init__(scene, event)
        self.port = port
        self.rubber = QGraphicsPathItem()
        self.rubber.setPen(QPen(scene.theme.color("link_neutral"), 1.5, Qt.PenStyle.DashLine))
        self.rubber.setZValue(100)
        scene.addItem(self.rubber)
        self.highlighted: list[PortItem] = []
        self._refusals: dict[tuple[str, str], str | None] = {}
        self._highlight_visible_ports()
        self._draw_to(event.scenePos())

    def refs(self, other: PortItem) -> tuple[OutputRef, InputRef] | None:
        """(source, target) of a link between the dragged port and ``other``, None if same side."""
        if other.is_input == self.port.is_input:
            return None
        out, inp = (other, self.port) if self.port.is_input else (self.port, other)
        return OutputRef(out.node_id, out.port_id), InputRef(inp.node_id, inp.port_id)

    def refusal(self, other: PortItem) -> str | None:
        key = (other.node_id, other.port_id)
        if key not in self._refusals:
            refs = self.refs(other)
            self._refusals[key] = ("both ports are inputs" if self.port.is_input else "both ports are outputs") \
                if refs is None else link_refusal(self.scene.network, *refs)
        return self._refusals[key]

    def _port_on(self, node: NodeItem) -> PortItem | None:
        """The port of ``node`` a link dropped on its body goes to: the first that accepts it
        (inputs: a free one first)."""
        side = "out" if self.port.is_input else "in"
        ports = [p for (s, _pid), p in node.port_items.items() if s == side and p.isVisible()]
        if side == "in":
            linked = {l.target.input for l in self.scene.network.node_links(node.node_id)
                      if l.target.node == node.node_id}
            ports.sort(key=lambda p: p.port_id in linked)
        return next((p for p in ports if not self.refusal(p)), None)

    def _highlight_visible_ports(self) -> None:
        """Mark the ports in view (only those: cheap on big networks) as linkable or not."""
        views = self.scene.views()
        if not views or views[0].transform().m11() < geo.LOD_DETAIL:
            return                 # ports are not drawn when zoomed out that far
        view = views[0]
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        self.scene.make_ports_near(visible)          # ports are made when first needed
        for item in self.scene.items(visible):
            if isinstance(item, PortItem) and item.is_input != self.port.is_input and item.isVisible():
                item.set_highlight("bad" if self.refusal(item) else "ok")
                self.highlighted.append(item)
                if len(self.highlighted) >= MAX_HIGHLIGHTED_PORTS:
                    break

    def _draw_to(self, pos: QPointF) -> None:
        start = self.port.scenePos()
        target = self.scene.item_at(pos)
        if isinstance(target, PortItem) and target.is_input != self.port.is_input and not self.refusal(target):
            pos = target.scenePos()          # snap to a port that accepts the link
        a, b = (pos, start) if self.port.is_input else (start, pos)
        self.rubber.setPath(geo.link_path((a.x(), a.y()), (b.x(), b.y())))

    def move(self, event) -> None:
        self._draw_to(event.scenePos())

    def _clean_up(self) -> None:
        for item in self.highlighted:
            item.set_highlight(None)
        self.highlighted = []
        self.scene.removeItem(self.rubber)

    def cancel(self) -> None:
        self._clean_up()

    def finish(self, event) -> None:
        self._clean_up()
        target = self.scene.item_at(event.scenePos())
        if target is None and self.dragged_far_enough(event):
            # On empty canvas: a new node to link to (the quick-add, filtered to what fits).
            self.scene.quick_link_requested.emit(QPointF(event.scenePos()), self.port.node_id,
                                                 self.port.port_id, self.port.is_input)
            return
        if isinstance(target, NodeItem) and target.node_id != self.port.node_id:
            node, target = target.node_id, self._port_on(target)    # on a node's body: its first port that fits
            if target is None:
                side = "output" if self.port.is_input else "input"
                self.scene.status_message.emit(f"No link made: no {side} of {node} fits "
                                               f"{self.port.node_id}.{self.port.port_id}.")
                return
        if not isinstance(target, PortItem) or target is self.port:
            if self.dragged_far_enough(event):
                self.scene.status_message.emit("No link made: drop the link on a port.")
            return
        refs = self.refs(target)
        reason = self.refusal(target)
        if refs is None or reason:
            what = f"{self.port.node_id}.{self.port.port_id} and {target.node_id}.{target.port_id}"
            if refs is not None:
                what = f"{refs[0].node}.{refs[0].output} to {refs[1].node}.{refs[1].input}"
            self.scene.status_message.emit(f"Cannot link {what}: {reason}")
            return
        source, tgt = refs
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        command = link_ports(self.scene.model, source, tgt.node, tgt.input, add_subinput=shift)
        self.scene.document.push(command)
        self.scene.status_message.emit(_link_message(self.scene, source, tgt, shift, bool(command.replaced)))


def _link_message(scene: NetworkScene, source: OutputRef, target: InputRef, shift: bool, replaced: bool) -> str:
    where = f"{target.node}.{target.input}"
    links = scene.network.links_into(target.node, target.input)
    if shift:
        key = max((l.target.key for l in links if l.target.name is None), default=0)
        return f"Linked {source.node}.{source.output} to {where} as a new sub-input ({key})."
    if len(links) > 1 or any(l.target.key != 0 for l in links):
        return f"Linked {source.node}.{source.output} to {where} (sub-input 0)."
    if not replaced:
        return f"Linked {source.node}.{source.output} to {where}."
    return (f"Linked {source.node}.{source.output} to {where}; an existing link there is replaced "
            f"(hold Shift while dropping to add a sub-input instead).")


# -- drops from the palette -------------------------------------------------------------------
def tool_drag_enter(scene: NetworkScene, event) -> None:
    if scene.interactive and event.mimeData().hasFormat(TOOL_MIME):
        event.setDropAction(Qt.DropAction.CopyAction)
        event.accept()
    else:
        event.ignore()


def tool_drop(scene: NetworkScene, event) -> None:
    """Create a node for the dropped tool ({"ns_id", "version"}) with its top-left at the drop point."""
    mime = event.mimeData()
    if not scene.interactive or not mime.hasFormat(TOOL_MIME):
        event.ignore()
        return
    try:
        payload = json.loads(bytes(mime.data(TOOL_MIME)).decode("utf-8"))
        ns_id, version = payload["ns_id"], payload.get("version")
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        scene.status_message.emit("The dropped item is not a tool.")
        event.ignore()
        return
    tool = tool_from_mime(mime, scene.network.library)     # the Constant pseudo-tool included
    if tool is None:
        scene.status_message.emit(f"Tool {ns_id} version {version} is not in the tool library.")
        event.ignore()
        return
    pos = event.scenePos()
    command = add_tool_node(scene.model, tool, (float(round(pos.x())), float(round(pos.y()))))
    scene.document.push(command)
    if command.node is not None:
        scene.document.selection.set([command.node.id])
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()
