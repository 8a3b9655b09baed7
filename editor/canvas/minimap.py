"""Canvas layer: MiniMap, the whole network small, with the main view's visible area as a frame.

Press in it to centre the main view there; drag to pan the main view (pressing inside the frame
keeps the grab point under the pointer, so the frame follows the hand). The picture (step boxes,
node boxes in their kind's colour, links as faint lines up to MAX_LINES) is drawn into a pixmap again only a
moment after an edit (or undo) and only while the minimap is shown; the frame is drawn
over it after a scroll or zoom of the main view (within FRAME_MS), which costs nothing per node.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from editor.canvas.view import NetworkView

REFRESH_MS = 250           # after the last scene change, the picture is drawn again
MARGIN = 6                 # pixels around the network's picture
FRAME_MS = 40              # the frame follows the main view at most this late
MAX_LINES = 3000           # more links than this: the picture shows nodes only (links would be noise)


class MiniMap(QWidget):
    def __init__(self, view: NetworkView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self._pixmap: QPixmap | None = None
        self._stale = True
        self._world = QRectF()            # the scene rect the picture shows
        self._grab: QPointF | None = None  # scene offset from the frame's centre while dragging
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._picture_changed)
        self.setMinimumSize(120, 80)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("The whole network: click to go there, drag to pan")
        # Not QGraphicsScene.changed: connecting it makes every view repaint whole scene regions.
        scene = view.network_scene
        scene.rebuilt.connect(self._picture_changed)
        view.document.undo_stack.indexChanged.connect(self._scene_changed)    # every edit
        self._drawn_frame = QRectF()       # where the frame was last painted
        self._frame_timer = QTimer(self)
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(self._move_frame)
        view.horizontalScrollBar().valueChanged.connect(self._frame_moved)
        view.verticalScrollBar().valueChanged.connect(self._frame_moved)
        view.zoom_changed.connect(self._frame_moved)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(240, 160)

    # -- geometry -----------------------------------------------------------------------------
    def _network_rect(self) -> QRectF:
        scene = self.view.network_scene
        rect = scene._overview.boundingRect()         # the nodes' box and room for looping links
        for cluster in scene.cluster_items.values():
            rect = rect.united(cluster.scene_box())
        return rect

    def _scale(self) -> float:
        world = self._world
        if world.isNull() or world.width() <= 0 or world.height() <= 0:
            return 1.0
        return min((self.width() - 2 * MARGIN) / world.width(), (self.height() - 2 * MARGIN) / world.height())

    def _offset(self) -> QPointF:
        s = self._scale()
        return QPointF((self.width() - self._world.width() * s) / 2 - self._world.left() * s,
                       (self.height() - self._world.height() * s) / 2 - self._world.top() * s)

    def to_scene(self, point: QPointF) -> QPointF:
        """Where a point of this widget is on the canvas."""
        return (QPointF(point) - self._offset()) / self._scale()

    def from_scene(self, point: QPointF) -> QPointF:
        return QPointF(point) * self._scale() + self._offset()

    def visible_scene_rect(self) -> QRectF:
        """The main view's visible area, in scene coordinates."""
        view = self.view
        return view.mapToScene(view.viewport().rect()).boundingRect()

    def frame(self) -> QRectF:
        """The visible area's frame, in this widget's coordinates."""
        rect = self.visible_scene_rect()
        return QRectF(self.from_scene(rect.topLeft()), self.from_scene(rect.bottomRight()))

    def _frame_moved(self, *_args: object) -> None:
        """The main view scrolled or zoomed: the frame follows within FRAME_MS (a pan's mouse
        moves come faster; repainting the dock at each made every pan event 1-2 ms slower)."""
        if self.isVisible() and not self._frame_timer.isActive():
            self._frame_timer.start()

    def _move_frame(self) -> None:
        """Repaint where the frame was and is (a few pixels, not the picture)."""
        if not self.isVisible():
            return
        if self._pixmap is None or self._drawn_frame.isNull():
            self.update()
            return
        self.update(self._drawn_frame.united(self._shown_frame()).toAlignedRect().adjusted(-3, -3, 3, 3))

    def _shown_frame(self) -> QRectF:
        return self.frame().intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1))

    # -- the picture --------------------------------------------------------------------------
    def _scene_changed(self, _regions: object = None) -> None:
        self._stale = True
        if self.isVisible() and not self._timer.isActive():
            self._timer.start()

    def _picture_changed(self) -> None:
        self._stale = True
        self._pixmap = None
        self.update()

    def refresh(self) -> None:
        """Draw the picture now (it is otherwise drawn lazily, when shown)."""
        self._pixmap = None
        self._draw_picture()
        self.update()

    def _draw_picture(self) -> None:
        scene = self.view.network_scene
        theme = scene.theme
        self._world = self._network_rect()
        self._stale = False
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(QSize(max(1, int(self.width() * ratio)), max(1, int(self.height() * ratio))))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(theme.color("background"))
        if self._world.isNull():
            self._pixmap = pixmap
            return
        painter = QPainter(pixmap)
        s, o = self._scale(), self._offset()
        painter.translate(o)
        painter.scale(s, s)
        painter.setPen(QPen(theme.color("cluster_border"), 0))
        painter.setBrush(theme.color("cluster_fill"))
        for cluster in scene.cluster_items.values():
            painter.drawRect(cluster.scene_box())
        if len(scene.link_items) <= MAX_LINES:
            lines = []
            for item in scene.link_items.values():
                (x0, y0), _b, _c, _d = item.controls
                x1, y1 = item.end
                lines.append(QLineF(x0, y0, x1, y1))
            faint = QColor(theme.color("text_muted"))
            faint.setAlpha(110)
            painter.setPen(QPen(faint, 0))
            painter.drawLines(lines)
        painter.setPen(Qt.PenStyle.NoPen)
        for (kind, _tile), boxes in scene._overview.node_groups().items():     # kept by the overview
            painter.setBrush(theme.fill(kind))
            painter.drawRects(boxes)
        painter.end()
        self._pixmap = pixmap

    # -- Qt -----------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        if self._pixmap is None or self._pixmap.size() != self.size() * self.devicePixelRatioF():
            self._draw_picture()
        elif self._stale and not self._timer.isActive():
            self._timer.start()
        painter = QPainter(self)
        assert self._pixmap is not None
        painter.drawPixmap(0, 0, self._pixmap)
        theme = self.view.network_scene.theme
        frame = self._shown_frame()
        self._drawn_frame = frame
        if not frame.isEmpty():
            color = theme.color("node_selected")
            fill = QColor(color)
            fill.setAlpha(40)
            painter.setPen(QPen(color, 1.5))
            painter.setBrush(fill)
            painter.drawRect(frame)
        painter.end()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        self._pixmap = None
        super().resizeEvent(event)

    def showEvent(self, event) -> None:  # noqa: N802
        self._pixmap = None
        super().showEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() != Qt.MouseButton.LeftButton:
            super().mousePressEvent(event)
            return
        at = self.to_scene(event.position())
        visible = self.visible_scene_rect()
        self._grab = at - visible.center() if visible.contains(at) else QPointF(0.0, 0.0)
        self.view.centerOn(at - self._grab)
        self.setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._grab is None:
            super().mouseMoveEvent(event)
            return
        self.view.centerOn(self.to_scene(event.position()) - self._grab)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._grab is not None and event.button() == Qt.MouseButton.LeftButton:
            self._grab = None
            self.setCursor(Qt.CursorShape.PointingHandCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)
