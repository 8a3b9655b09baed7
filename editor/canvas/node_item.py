"""Canvas layer: NodeItem, one node of the network as a box: coloured by kind, a header with the
id and smaller tool (or values, or macro network) lines, inputs on the left, outputs on the right.

The item is dumb: it holds its node id, a NodeSpec and NodeGeometry and paints them. The scene
creates its PortItems and calls the setters when the model changes.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from editor.canvas import geometry as geo
from editor.canvas.geometry import NodeGeometry, NodeSpec
from editor.canvas.lazy_tooltip import LazyToolTip
from editor.canvas.port_item import BadgeItem, PortItem
from editor.canvas.theme import LIGHT, Theme

MARGIN = 7.0      # room around the box for the selection outline and the port dots
_NO_PEN = QPen(Qt.PenStyle.NoPen)


class NodeItem(LazyToolTip, QGraphicsRectItem):
    """The box of one node; ``port_items`` maps ('in'|'out', port id) to its PortItem.

    Its bounding rect is the rect item's (the box and the selection margin, no pen): Qt asks for
    it hundreds of times a paint, and a Python ``boundingRect`` costs a call into Python each."""

    def __init__(self, node_id: str, spec: NodeSpec, geometry: NodeGeometry, theme: Theme = LIGHT) -> None:
        super().__init__(_bounds(geometry))
        self.setPen(_NO_PEN)
        self.node_id = node_id
        self._theme = theme
        self._spec = spec
        self._geometry = geometry
        self._unlinked: frozenset[str] = frozenset()
        self.port_items: dict[tuple[str, str], PortItem] = {}
        self.badge: BadgeItem | None = None
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        # One cached picture per node in device pixels: panning and dragging blit it instead of
        # laying out text again; zooming repaints it (text stays crisp, unlike ItemCoordinateCache).
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._sync_ports()

    # -- display setters ----------------------------------------------------------------------
    @property
    def spec(self) -> NodeSpec:
        return self._spec

    @property
    def geometry(self) -> NodeGeometry:
        return self._geometry

    def set_content(self, spec: NodeSpec, geometry: NodeGeometry) -> None:
        if spec == self._spec and geometry == self._geometry:
            return
        self._spec, self._geometry = spec, geometry
        self.setRect(_bounds(geometry))
        self._sync_ports()
        if self.badge is not None:
            self.badge.setPos(geometry.width - 2.0, 2.0)
        self.update()

    def set_node_id(self, node_id: str) -> None:
        self.node_id = node_id
        for port in self.port_items.values():
            port.node_id = node_id

    def set_unlinked(self, input_ids: frozenset[str]) -> None:
        """The required inputs that have no link (drawn in the warning colour)."""
        if input_ids == self._unlinked:
            return
        self._unlinked = input_ids
        for (side, port_id), port in self.port_items.items():
            port.set_required_unlinked(side == "in" and port_id in input_ids)
        self.update()

    def set_problem(self, severity: str | None, text: str = "") -> None:
        if severity is None:
            if self.badge is not None:
                self.badge.setParentItem(None)
                if self.scene() is not None:
                    self.scene().removeItem(self.badge)
                self.badge = None
            return
        if self.badge is None:
            self.badge = BadgeItem(self, self._theme)
            self.badge.setPos(self._geometry.width - 2.0, 2.0)
        self.badge.set_problem(severity, text)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for port in self.port_items.values():
            port.set_theme(theme)
        if self.badge is not None:
            self.badge.set_theme(theme)
        self.update()

    def scene_box(self) -> QRectF:
        """The node's box in scene coordinates (without the selection margin)."""
        pos = self.pos()
        return QRectF(pos.x(), pos.y(), self._geometry.width, self._geometry.height)

    def port_scene_pos(self, side: str, port_id: str) -> QPointF:
        port = self.port_items.get((side, port_id))
        return self.mapToScene(port.pos()) if port is not None else self.mapToScene(self._center_left(side))

    def _center_left(self, side: str) -> QPointF:
        g = self._geometry
        return QPointF(0.0 if side == "in" else g.width, g.header_height / 2)

    def _sync_ports(self) -> None:
        spec, g = self._spec, self._geometry
        if not self.port_items:         # a new item: no old ports to move or drop
            theme, node_id, items = self._theme, self.node_id, self.port_items
            for port, y in zip(spec.inputs, g.input_y):
                item = items[("in", port.id)] = PortItem(self, node_id, port.id, True, theme)
                item.setPos(0.0, y)
                if port.id in self._unlinked:
                    item.set_required_unlinked(True)
            x = g.width
            for port, y in zip(spec.outputs, g.output_y):
                item = items[("out", port.id)] = PortItem(self, node_id, port.id, False, theme)
                item.setPos(x, y)
            return
        wanted: dict[tuple[str, str], tuple[float, float]] = {}
        for i, port in enumerate(spec.inputs):
            wanted[("in", port.id)] = g.input_anchor(i)
        for i, port in enumerate(spec.outputs):
            wanted[("out", port.id)] = g.output_anchor(i)
        for key in [k for k in self.port_items if k not in wanted]:
            item = self.port_items.pop(key)
            if item.scene() is not None:
                item.scene().removeItem(item)
            else:
                item.setParentItem(None)
        for key, (x, y) in wanted.items():
            item = self.port_items.get(key)
            if item is None:
                item = PortItem(self, self.node_id, key[1], key[0] == "in", self._theme)
                item.set_required_unlinked(key[0] == "in" and key[1] in self._unlinked)
                self.port_items[key] = item
            item.setPos(x, y)

    # -- QGraphicsItem ------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t, g, spec = self._theme, self._geometry, self._spec
        rect = QRectF(0.0, 0.0, g.width, g.height)
        selected = self.isSelected()
        border = QPen(t.color("node_selected"), 2.5) if selected else QPen(t.color("node_border"), 1.0)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < geo.LOD_DETAIL:
            painter.setPen(border if selected else Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(t.fill(spec.kind)))
            painter.drawRect(rect)
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(border)
        painter.setBrush(QBrush(t.fill(spec.kind)))
        painter.drawRoundedRect(rect, geo.CORNER, geo.CORNER)
        if spec.inputs or spec.outputs:
            painter.setPen(QPen(t.color("header_line"), 1.0))
            painter.drawLine(QPointF(1.0, g.header_height), QPointF(g.width - 1.0, g.header_height))
        self._paint_header(painter, t, g, spec)
        self._paint_ports(painter, t, g, spec)

    def _paint_header(self, painter: QPainter, t: Theme, g: NodeGeometry, spec: NodeSpec) -> None:
        width = g.width - 2 * geo.PAD - 8.0
        painter.setFont(geo.font("id"))
        painter.setPen(t.color("text"))
        painter.drawText(QPointF(geo.PAD, _baseline("id", geo.HEADER_TOP, geo.ID_LINE)),
                         geo.elide("id", spec.id, width))
        painter.setFont(geo.font("sub"))
        top = geo.HEADER_TOP + geo.ID_LINE
        for n, line in enumerate(spec.lines):
            error = spec.unknown_tool and n == 0
            painter.setPen(t.color("text_error" if error else "text_muted"))
            painter.drawText(QPointF(geo.PAD, _baseline("sub", top, geo.SUB_LINE)),
                             geo.elide("sub", line, width + 8.0))
            top += geo.SUB_LINE

    def _paint_ports(self, painter: QPainter, t: Theme, g: NodeGeometry, spec: NodeSpec) -> None:
        text, muted, dims = t.color("text"), t.color("text_muted"), t.color("dims_text")
        warn = t.color("text_error")
        r = geo.PORT_RADIUS
        painter.setPen(QPen(t.color("port_border"), 1.2))
        for port, y in zip(spec.inputs, g.input_y):
            painter.setBrush(t.color("port_required") if port.id in self._unlinked else t.color("port_fill"))
            painter.drawEllipse(QRectF(-r, y - r, 2 * r, 2 * r))
        painter.setBrush(t.color("port_fill"))
        for y in g.output_y:
            painter.drawEllipse(QRectF(g.width - r, y - r, 2 * r, 2 * r))
        for port, y in zip(spec.inputs, g.input_y):
            x = geo.PAD
            if port.dims:
                x = _draw(painter, "dims", port.dims, x, y, dims) + 5.0
            unlinked = port.id in self._unlinked
            x = _draw(painter, "port", port.id, x, y, warn if unlinked else text)
            if port.required:
                x = _draw(painter, "port", "*", x, y, warn if unlinked else muted)
            _draw(painter, "type", port.datatype, x + 6.0, y, muted)
        for port, y in zip(spec.outputs, g.output_y):
            x = g.width - geo.PAD
            if port.dims:
                x -= geo.text_width("dims", port.dims)
                _draw(painter, "dims", port.dims, x, y, dims)
                x -= 5.0
            x -= geo.text_width("port", port.id)
            _draw(painter, "port", port.id, x, y, text)
            x -= 6.0 + geo.text_width("type", port.datatype)
            _draw(painter, "type", port.datatype, x, y, muted)


def _bounds(g: NodeGeometry) -> QRectF:
    return QRectF(-MARGIN, -MARGIN, g.width + 2 * MARGIN, g.height + 2 * MARGIN)


def _baseline(role: str, top: float, height: float) -> float:
    m = geo._metrics(role)
    return top + (height + m.ascent() - m.descent()) / 2.0


def _draw(painter: QPainter, role: str, text: str, x: float, center_y: float, color: QColor) -> float:
    """Draw ``text`` vertically centred on ``center_y`` from ``x``; returns the x after it."""
    m = geo._metrics(role)
    painter.setFont(geo.font(role))
    painter.setPen(color)
    painter.drawText(QPointF(x, center_y + (m.ascent() - m.descent()) / 2.0), text)
    return x + geo.text_width(role, text)
