"""Canvas layer: PortItem, the dot of one input or output on a node's edge, and BadgeItem, the
problem marker on nodes and links. Both are dumb: ids and display setters only."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from editor.canvas.geometry import PORT_RADIUS, font
from editor.canvas.lazy_tooltip import LazyToolTip
from editor.canvas.theme import LIGHT, Theme

HIT_RADIUS = 9.0
_BOUNDS = QRectF(-HIT_RADIUS - 1, -HIT_RADIUS - 1, 2 * HIT_RADIUS + 2, 2 * HIT_RADIUS + 2)
_NO_PEN = QPen(Qt.PenStyle.NoPen)


class PortItem(LazyToolTip, QGraphicsRectItem):
    """One port of a node. Its dot and label are painted by the node (in the node's cached
    picture); this item is the hit area and tooltip, and paints only an overlay while hovered or
    highlighted during a link drag (otherwise it has no contents: nothing to paint per port).
    Its bounding rect is the rect item's, answered without a call into Python."""

    def __init__(self, parent: QGraphicsItem, node_id: str, port_id: str, is_input: bool,
                 theme: Theme = LIGHT) -> None:
        super().__init__(_BOUNDS, parent)
        self.setPen(_NO_PEN)
        self.node_id = node_id
        self.port_id = port_id
        self.is_input = is_input
        self._theme = theme
        self._required_unlinked = False
        self._highlight: str | None = None      # None, 'ok' (can link here) or 'bad'
        self._hover = False
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents)
        self.setAcceptHoverEvents(True)
        self.setZValue(1)

    @property
    def side(self) -> str:
        return "in" if self.is_input else "out"

    # -- display setters ----------------------------------------------------------------------
    def set_required_unlinked(self, value: bool) -> None:
        """Recorded for tests and tooltips; the node paints the dot in the warning colour."""
        self._required_unlinked = value

    @property
    def required_unlinked(self) -> bool:
        return self._required_unlinked

    def set_highlight(self, value: str | None) -> None:
        if value != self._highlight:
            self._highlight = value
            self._overlay_changed()

    @property
    def highlight(self) -> str | None:
        return self._highlight

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def _overlay_changed(self) -> None:
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents,
                     not (self._hover or self._highlight))
        self.update()

    # -- QGraphicsItem ------------------------------------------------------------------------
    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QRectF(-HIT_RADIUS, -HIT_RADIUS, 2 * HIT_RADIUS, 2 * HIT_RADIUS))
        return path

    def hoverEnterEvent(self, event) -> None:  # noqa: N802
        self._hover = True
        self._overlay_changed()

    def hoverLeaveEvent(self, event) -> None:  # noqa: N802
        self._hover = False
        self._overlay_changed()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = self._theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self._highlight == "ok":
            painter.setPen(QPen(t.color("port_ok"), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QRectF(-8.0, -8.0, 16.0, 16.0))
        if self._highlight == "bad":
            fill, border = t.color("port_bad"), t.color("port_bad")
        else:
            fill = t.color("port_required") if self._required_unlinked else t.color("port_fill")
            border = t.color("port_border")
        radius = PORT_RADIUS + (1.0 if self._hover else 0.0)
        painter.setPen(QPen(border, 1.2))
        painter.setBrush(QBrush(fill))
        painter.drawEllipse(QRectF(-radius, -radius, 2 * radius, 2 * radius))


class BadgeItem(QGraphicsItem):
    """A small red (error) or yellow (warning) badge; it keeps its size at every zoom level."""

    SIZE = 16.0

    def __init__(self, parent: QGraphicsItem, theme: Theme = LIGHT) -> None:
        super().__init__(parent)
        self._theme = theme
        self.severity = "error"
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations, True)
        self.setZValue(5)

    def set_problem(self, severity: str, text: str) -> None:
        self.severity = severity
        self.setToolTip(text)
        self.update()

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        s = self.SIZE / 2 + 1
        return QRectF(-s, -s, 2 * s, 2 * s)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = self._theme
        color = t.color("badge_error" if self.severity == "error" else "badge_warning")
        s = self.SIZE / 2
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(t.color("background"), 1.5))
        painter.setBrush(QBrush(color))
        painter.drawEllipse(QRectF(-s, -s, 2 * s, 2 * s))
        painter.setPen(t.color("badge_text") if self.severity == "error" else Qt.GlobalColor.black)
        painter.setFont(font("badge"))
        painter.drawText(QRectF(-s, -s, 2 * s, 2 * s), Qt.AlignmentFlag.AlignCenter, "!")
