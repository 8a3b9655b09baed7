"""Canvas layer: CompareOverlay, the differences with another network drawn on a NetworkScene.

The scene shows this network (side B of :func:`editor.core.compare.diff.diff_networks`); the
overlay marks, at the level of the network the scene shows:

* nodes added (green), changed (amber), renamed (blue) with a ring round their box, and macro
  nodes holding changes as changed;
* nodes only the other network has (removed, red) as dashed ghost boxes with their id, where the
  other network placed them;
* links added or changed by drawing over them in their colour, removed links as dashed red lines
  between the ends that are there (boxes or ghosts).

Its items are its own (rings are children of node items, the rest are scene items) and it follows
the scene: after a rebuild (an edit that rebuilt it, entering a macro) it draws again for the level
shown. :meth:`clear` removes everything.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (QGraphicsItem, QGraphicsPathItem, QGraphicsSimpleTextItem,
                               QStyleOptionGraphicsItem, QWidget)

from editor.canvas import geometry as geo
from editor.canvas.autolayout import missing_positions
from editor.canvas.node_item import NodeItem
from editor.canvas.scene import NetworkScene
from editor.core.compare.diff import ADDED, CHANGED, LINK, NODE, REMOVED, RENAMED, NetworkDiff, changed_ids
from editor.core.graph.network import Network
from editor.core.graph.node import Node

COLORS = {ADDED: "#2e9d4a", CHANGED: "#d08a00", RENAMED: "#2f6fd0", REMOVED: "#d0342c"}
RING = 5.0


class CompareRing(QGraphicsItem):
    """A ring round one node's box in the colour of its change (a child of the NodeItem)."""

    def __init__(self, parent: NodeItem, kind: str) -> None:
        super().__init__(parent)
        self.kind = kind
        self._color = QColor(COLORS[kind])
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)

    def _box(self) -> QRectF:
        parent = self.parentItem()
        assert isinstance(parent, NodeItem)
        g = parent.geometry
        return QRectF(-RING, -RING, g.width + 2 * RING, g.height + 2 * RING)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._box().adjusted(-3.0, -3.0, 3.0, 3.0)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        pen = QPen(self._color, 3.0 if lod >= geo.LOD_DETAIL else 3.0 / max(lod, 0.05))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(self._box(), 8.0, 8.0)


def _dashed(color: str, width: float = 2.0) -> QPen:
    pen = QPen(QColor(color), width, Qt.PenStyle.DashLine)
    pen.setCosmetic(True)
    return pen


class CompareOverlay(QObject):
    """See the module docstring. ``show(diff, other)``: ``other`` is side A of ``diff``."""

    def __init__(self, scene: NetworkScene, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else scene)
        self.scene = scene
        self.diff: NetworkDiff | None = None
        self.other: Network | None = None
        self.rings: dict[str, CompareRing] = {}
        self.ghosts: dict[str, QGraphicsPathItem] = {}
        self.lines: list[QGraphicsItem] = []
        scene.rebuilt.connect(self.refresh)

    # -- what is shown ----------------------------------------------------------------------------
    @property
    def path(self) -> tuple[str, ...]:
        return tuple(getattr(self.scene.document, "path", []) or [])

    def _other_level(self) -> Network | None:
        """The other network's level for the macro path the scene shows (None if it has none)."""
        net = self.other
        renamed = {c.b_id: c.a_id for c in self.diff.changes if c.kind == RENAMED and c.what == NODE} \
            if self.diff is not None else {}
        for node_id in self.path:
            if net is None:
                return None
            node = net.nodes.get(node_id) or net.nodes.get(str(renamed.get(node_id)))
            net = node.subnetwork if node is not None else None
        return net

    def show(self, diff: NetworkDiff, other: Network) -> None:
        self.diff, self.other = diff, other
        self.refresh()

    def clear(self) -> None:
        self.diff = self.other = None
        self.refresh()

    def kind_of(self, node_id: str) -> str | None:
        ring = self.rings.get(node_id)
        return ring.kind if ring is not None and shiboken6.isValid(ring) else None

    # -- drawing ------------------------------------------------------------------------------------
    def _remove_items(self) -> None:
        for item in [*self.rings.values(), *self.ghosts.values(), *self.lines]:
            if shiboken6.isValid(item) and item.scene() is not None:
                item.scene().removeItem(item)
        self.rings, self.ghosts, self.lines = {}, {}, []

    def refresh(self) -> None:
        self._remove_items()
        if self.diff is None or self.other is None:
            return
        path = self.path
        kinds = changed_ids(self.diff, path)
        for kind in (CHANGED, RENAMED, ADDED):
            for node_id in kinds[kind]:
                item = self.scene.node_items.get(node_id)
                if item is not None:
                    self.rings[node_id] = CompareRing(item, kind)
        other = self._other_level()
        if other is not None:
            # Where the editor puts the other network's nodes that have no position: the same
            # layout it gave them when that file was opened (the other network is not changed).
            placed = missing_positions(other) if kinds[REMOVED] else {}
            for node_id in kinds[REMOVED]:
                node = other.nodes.get(node_id)
                if node is not None:
                    self._ghost(node_id, node, node.position or placed.get(node_id) or (0.0, 0.0))
        for change in self.diff.changes:
            if change.what != LINK or change.path != path:
                continue
            if change.kind in (ADDED, CHANGED):
                link = self.scene.link_items.get(str(change.b_id))
                if link is not None:
                    over = QGraphicsPathItem(link.path())
                    over.setPen(QPen(QColor(COLORS[change.kind]), 3.0))
                    over.setPos(link.pos())
                    over.setZValue(link.zValue() + 0.5)
                    over.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
                    self.scene.addItem(over)
                    self.lines.append(over)
            elif change.kind == REMOVED and other is not None:
                self._removed_link(other, str(change.a_id))

    def _ghost(self, node_id: str, node: Node, position: tuple[float, float]) -> None:
        spec = geo.node_spec(node, None)
        g = geo.node_geometry(spec)
        x, y = position
        path = QPainterPath()
        path.addRoundedRect(QRectF(0.0, 0.0, g.width, g.height), 8.0, 8.0)
        ghost = QGraphicsPathItem(path)
        ghost.setPen(_dashed(COLORS[REMOVED]))
        ghost.setBrush(QBrush(QColor(208, 52, 44, 28)))
        ghost.setPos(x, y)
        ghost.setZValue(4)
        ghost.setToolTip(f"{node_id}: only in the other network (removed here)")
        label = QGraphicsSimpleTextItem(node_id, ghost)
        label.setBrush(QBrush(QColor(COLORS[REMOVED])))
        label.setFont(geo.font("id"))
        label.setPos(8.0, 6.0)
        self.scene.addItem(ghost)
        self.ghosts[node_id] = ghost

    def _end(self, node_id: str, side: str, port: str) -> QPointF | None:
        """The port of a node here, else the middle of the ghost's edge on that side."""
        item = self.scene.node_items.get(node_id)
        if item is not None:
            return item.port_scene_pos(side, port)
        ghost = self.ghosts.get(node_id)
        if ghost is None:
            return None
        rect = ghost.sceneBoundingRect()
        return QPointF(rect.right() if side == "out" else rect.left(), rect.center().y())

    def _removed_link(self, other: Network, link_id: str) -> None:
        link = other.links.get(link_id)
        if link is None:
            return
        a = self._end(link.source.node, "out", link.source.output)
        b = self._end(link.target.node, "in", link.target.input)
        if a is None or b is None:
            return
        path = QPainterPath(a)
        dx = max(40.0, abs(b.x() - a.x()) / 2)
        path.cubicTo(QPointF(a.x() + dx, a.y()), QPointF(b.x() - dx, b.y()), b)
        line = QGraphicsPathItem(path)
        line.setPen(_dashed(COLORS[REMOVED]))
        line.setZValue(3.5)
        line.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        line.setToolTip(f"link {link_id}: only in the other network (removed here)")
        self.scene.addItem(line)
        self.lines.append(line)

    def ghost_rect(self, node_id: str) -> QRectF | None:
        ghost = self.ghosts.get(node_id)
        return ghost.sceneBoundingRect() if ghost is not None and shiboken6.isValid(ghost) else None
