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
LABEL_HEIGHT = 22.0


def cluster_rect(member_rects: Iterable[QRectF]) -> QRectF:
    """The box around the members' rects, with padding and room for the label on top."""
    rect = QRectF()
    for member in member_rects:
        rect = member if rect.isNull() else rect.united(member)
    if rect.isNull():
        return rect
    return rect.adjusted(-PADDING, -PADDING - LABEL_HEIGHT, PADDING, PADDING)


class ClusterItem(QGraphicsItem):
    """One step id; the scene sets its rect from its members."""

    def __init__(self, step_id: str, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.step_id = step_id
        self._theme = theme
        self._rect = QRectF()
        self.setZValue(-20)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setToolTip(f"step {step_id}")

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    @property
    def rect(self) -> QRectF:
        return QRectF(self._rect)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect.adjusted(-2, -2, 2, 2)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = self._theme
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(t.color("cluster_border"), 1.2))
        painter.setBrush(QBrush(t.color("cluster_fill")))
        painter.drawRoundedRect(self._rect, 12.0, 12.0)
        if option.levelOfDetailFromTransform(painter.worldTransform()) < geo.LOD_DETAIL * 0.5:
            return
        painter.setFont(geo.font("cluster"))
        painter.setPen(t.color("cluster_text"))
        m = geo._metrics("cluster")
        baseline = self._rect.top() + (LABEL_HEIGHT + m.ascent() - m.descent()) / 2 + 4.0
        text = geo.elide("cluster", self.step_id, max(self._rect.width() - 24.0, 30.0))
        painter.drawText(QPointF(self._rect.left() + 12.0, baseline), text)
