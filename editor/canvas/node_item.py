"""Canvas layer: NodeItem, one node of the network as a box: coloured by kind, a header with the
id and smaller tool (or values, or macro network) lines, inputs on the left, outputs on the right.

The item is dumb: it holds its node id, a NodeSpec and NodeGeometry and paints them. The scene
calls the setters when the model changes.

The node paints its port dots and labels itself; its PortItems (the hit areas, tooltips and
hover overlays) are made when first needed: asked for (``port_items``), when the pointer comes
over the node, or when the scene hit-tests near it (``NetworkScene.item_at``). A network of
10,000 nodes has 27,000 ports, of which a user touches a few; making them all on open cost some
34 MB and a tenth of the time to the first picture.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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
_SELECTABLE = QGraphicsItem.GraphicsItemFlag.ItemIsSelectable          # (enum members are dear to
_DEVICE_CACHE = QGraphicsItem.CacheMode.DeviceCoordinateCache          # look up per new item)


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
        self._ports: dict[tuple[str, str], PortItem] | None = None      # None: not made yet
        self._port_tooltip: Callable[[Any], str] | None = None
        self.badge: BadgeItem | None = None
        self.setFlags(_SELECTABLE)
        # One cached picture per node in device pixels: panning and dragging blit it instead of
        # laying out text again; zooming repaints it (text stays crisp, unlike ItemCoordinateCache).
        self.setCacheMode(_DEVICE_CACHE)
        self.setAcceptHoverEvents(True)          # the pointer comes: its ports are made

    @property
    def port_items(self) -> dict[tuple[str, str], PortItem]:
        """('in'|'out', port id) -> its PortItem, made on the first call (see the module doc)."""
        return self.make_ports()

    def make_ports(self) -> dict[tuple[str, str], PortItem]:
        if self._ports is None:
            self._ports = {}
            self._sync_ports()
        return self._ports

    @property
    def ports_made(self) -> bool:
        return self._ports is not None

    def set_port_tooltip_source(self, source: Callable[[Any], str]) -> None:
        """The ports' tooltip source (:class:`LazyToolTip`), given to ports made later too."""
        self._port_tooltip = source
        for port in (self._ports or {}).values():
            port.set_tooltip_source(source)

    def port_anchor(self, side: str, port_id: str) -> tuple[float, float] | None:
        """Where the port's dot is, in item coordinates (None: no such port), without making it."""
        g = self._geometry
        if side == "in":
            found = [y for port, y in zip(self._spec.inputs, g.input_y) if port.id == port_id]
            return (0.0, found[-1]) if found else None
        found = [y for port, y in zip(self._spec.outputs, g.output_y) if port.id == port_id]
        return (g.width, found[-1]) if found else None

    def hoverEnterEvent(self, event) -> None:  # noqa: N802 - no repaint (Qt's default updates)
        self.make_ports()

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        pass

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
        if self._ports is not None:
            self._sync_ports()
        if self.badge is not None:
            self.badge.setPos(geometry.width - 2.0, 2.0)
        self.update()

    def set_node_id(self, node_id: str) -> None:
        self.node_id = node_id
        for port in (self._ports or {}).values():
            port.node_id = node_id

    def set_unlinked(self, input_ids: frozenset[str]) -> None:
        """The required inputs that have no link (drawn in the warning colour)."""
        if input_ids == self._unlinked:
            return
        self._unlinked = input_ids
        for (side, port_id), port in (self._ports or {}).items():
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
        for port in (self._ports or {}).values():
            port.set_theme(theme)
        if self.badge is not None:
            self.badge.set_theme(theme)
        self.update()

    def scene_box(self) -> QRectF:
        """The node's box in scene coordinates (without the selection margin)."""
        pos = self.pos()
        return QRectF(pos.x(), pos.y(), self._geometry.width, self._geometry.height)

    def port_scene_pos(self, side: str, port_id: str) -> QPointF:
        anchor = self.port_anchor(side, port_id)
        return self.mapToScene(QPointF(*anchor) if anchor is not None else self._center_left(side))

    def _center_left(self, side: str) -> QPointF:
        g = self._geometry
        return QPointF(0.0 if side == "in" else g.width, g.header_height / 2)

    def _sync_ports(self) -> None:
        spec, g, items = self._spec, self._geometry, self._ports
        assert items is not None
        tooltip = self._port_tooltip
        if not items:         # no old ports to move or drop
            theme, node_id = self._theme, self.node_id
            for port, y in zip(spec.inputs, g.input_y):
                item = items[("in", port.id)] = PortItem(self, node_id, port.id, True, theme)
                item.setPos(0.0, y)
                if port.id in self._unlinked:
                    item.set_required_unlinked(True)
            x = g.width
            for port, y in zip(spec.outputs, g.output_y):
                item = items[("out", port.id)] = PortItem(self, node_id, port.id, False, theme)
                item.setPos(x, y)
            if tooltip is not None:
                for item in items.values():
                    item.set_tooltip_source(tooltip)
            return
        wanted: dict[tuple[str, str], tuple[float, float]] = {}
        for i, port in enumerate(spec.inputs):
            wanted[("in", port.id)] = g.input_anchor(i)
        for i, port in enumerate(spec.outputs):
            wanted[("out", port.id)] = g.output_anchor(i)
        for key in [k for k in items if k not in wanted]:
            item = items.pop(key)
            if item.scene() is not None:
                item.scene().removeItem(item)
            else:
                item.setParentItem(None)
        for key, (x, y) in wanted.items():
            item = items.get(key)
            if item is None:
                item = PortItem(self, self.node_id, key[1], key[0] == "in", self._theme)
                item.set_required_unlinked(key[0] == "in" and key[1] in self._unlinked)
                if tooltip is not None:
                    item.set_tooltip_source(tooltip)
                items[key] = item
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
