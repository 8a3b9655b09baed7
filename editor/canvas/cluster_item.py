"""Canvas layer: ClusterItem, a step id drawn as a labelled, rounded box behind its nodes
(fastr's draw makes each step a ``cluster_<step>`` subgraph, gray60, labelled with the step)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from editor.canvas import geometry as geo
from editor.canvas.theme import LIGHT, Theme

PADDING = 16.0
LABEL_HEIGHT = 8.0          # extra room on top: the label tab sits on the top edge


def united(rects: Iterable[QRectF], rect: QRectF | None = None) -> QRectF:
    """The box around ``rects`` (and ``rect``); a null rect for none."""
    rect = QRectF() if rect is None else rect
    for member in rects:
        rect = member if rect.isNull() else rect.united(member)
    return rect


def padded(rect: QRectF) -> QRectF:
    """A step's box around its members' box: padding, and room for the label on top."""
    if rect.isNull():
        return rect
    return rect.adjusted(-PADDING, -PADDING - LABEL_HEIGHT, PADDING, PADDING)


def cluster_rect(member_rects: Iterable[QRectF]) -> QRectF:
    """The box around the members' rects, with padding and room for the label on top."""
    return padded(united(member_rects))


class ClusterItem(QGraphicsItem):
    """One step id: the box behind its nodes. Its label is a separate item (``label``) above the
    nodes, so that nodes of other steps lying over the box do not hide it; the scene adds both."""

    def __init__(self, step_id: str, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.step_id = step_id
        self._theme = theme
        self._rect = QRectF()
        self.label = ClusterLabelItem(step_id, theme)
        self.setZValue(-20)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(f"step {step_id}")

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)
            self.label.setPos(self.label_spots()[0])
            self.label.setVisible(not rect.isNull())

    def label_spots(self) -> list[QPointF]:
        """Where the label tab may go, best first: on the top edge (left, right), then the bottom."""
        r, w, h = self._rect, self.label.width, ClusterLabelItem.HEIGHT
        return [QPointF(r.left() + 10.0, r.top() - h / 2), QPointF(r.right() - w - 10.0, r.top() - h / 2),
                QPointF(r.left() + 10.0, r.bottom() - h / 2), QPointF(r.right() - w - 10.0, r.bottom() - h / 2)]

    @property
    def rect(self) -> QRectF:
        return QRectF(self._rect)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.label.set_theme(theme)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = self._theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(t.color("cluster_border"), 1.2))
        painter.setBrush(QBrush(t.color("cluster_fill")))
        painter.drawRoundedRect(self._rect, 12.0, 12.0)


class ClusterLabelItem(QGraphicsItem):
    """The step id as a small tab on the top edge of its box, drawn above the nodes."""

    HEIGHT = 20.0

    def __init__(self, step_id: str, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.step_id = step_id
        self._theme = theme
        self.width = geo.text_width("cluster", step_id) + 16.0
        self.setZValue(3)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(f"step {step_id}")

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return QRectF(-1.0, -1.0, self.width + 2.0, self.HEIGHT + 2.0)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if option.levelOfDetailFromTransform(painter.worldTransform()) < geo.LOD_DETAIL * 0.5:
            return
        t = self._theme
        rect = QRectF(0.0, 0.0, self.width, self.HEIGHT)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(t.color("cluster_border"), 1.0))
        painter.setBrush(QBrush(t.color("background")))
        painter.drawRoundedRect(rect, 6.0, 6.0)
        painter.setFont(geo.font("cluster"))
        painter.setPen(t.color("cluster_text"))
        m = geo._metrics("cluster")
        painter.drawText(QPointF(8.0, (self.HEIGHT + m.ascent() - m.descent()) / 2), self.step_id)
