"""Canvas layer: NetworkView, the QGraphicsView of a document's current network.

Zoom with the wheel around the pointer (clamped), pan with the middle button, Space+drag or the
scroll bars; fit all / selection; a cheap background grid; the quick-add popup (Tab or
double-click on empty canvas). Signals for the main window: ``status_message(str)``,
``macro_open_requested(node id)`` and ``zoom_changed(scale)``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QEvent, QLineF, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QWidget

from editor.canvas import geometry as geo
from editor.canvas.findbar import FindBar
from editor.canvas.node_item import NodeItem
from editor.canvas.overview_item import OVERVIEW_SCALE
from editor.canvas.quick_add import Entry, PendingInsert, PendingLink, QuickAddPopup
from editor.canvas.scene import NetworkScene
from editor.canvas.theme import Theme, theme_for_palette
from editor.core.graph.coords import clamp_number
from editor.model.document import Document
from editor.model.edits import SINK_KEY, SOURCE_KEY, add_special_node, add_tool_node

MIN_SCALE = 0.03
MAX_SCALE = 4.0
GRID = 25.0
GRID_MAJOR = 5            # every fifth line is darker


AFTER_PAINT_LIMIT_MS = 1000     # call_after_paint: the longest a visible view may take to paint
DEFER_LINK_DIMS_MIN = 2000      # from this many links a rebuild leaves the links' dimension labels for later
ZOOM_REST_MS = 400              # a wheel gesture ends this long after its last event


class NetworkView(QGraphicsView):
    status_message = Signal(str)
    macro_open_requested = Signal(str)
    zoom_changed = Signal(float)
    context_menu_requested = Signal(str, str, QPointF, QPoint)   # see NetworkScene.contextMenuEvent

    def __init__(self, document: Document, parent: QWidget | None = None, *, theme: Theme | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.find_bar: FindBar | None = None
        self._theme_fixed = theme is not None
        self._scene = NetworkScene(document, self, theme=theme or theme_for_palette(self.palette()))
        # A big network opens on the map, which draws no link labels: their dimensions come after the
        # first picture (``_fit_if_pending``; at once when the canvas is drawn in detail).
        self._scene.defer_link_dims = DEFER_LINK_DIMS_MIN
        self.setScene(self._scene)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self._set_update_mode()
        # Items' bounding rects already include their pen and label margins.
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        # No background cache: a zoom made Qt fill a viewport-sized picture of the grid and copy it
        # in at every wheel event; drawn straight, the grid costs less (wheel at 100 %, 30 % and
        # fit-all: 0.7-1.0 ms less CPU an event, pan 0.1-0.4 ms, interleaved in one process).
        self.setCacheMode(QGraphicsView.CacheModeFlag.CacheNone)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setDragMode(QGraphicsView.DragMode.NoDrag)
        self.setMouseTracking(True)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._pan_from: QPointF | None = None
        self._space = False
        self._fit_pending = True
        self._after_paint: list[Callable[[], None]] = []
        self._popup: QuickAddPopup | None = None
        self._uncached: list[QGraphicsItem] = []        # cards drawn straight while the wheel turns
        self._zoom_rest = QTimer(self)
        self._zoom_rest.setSingleShot(True)
        self._zoom_rest.setInterval(ZOOM_REST_MS)
        self._zoom_rest.timeout.connect(self._recache)
        self._scene.status_message.connect(self.status_message)
        self._scene.macro_open_requested.connect(self.macro_open_requested)
        self._scene.quick_add_requested.connect(self.show_quick_add)
        self._scene.quick_link_requested.connect(self.show_quick_link)
        self._scene.context_menu_requested.connect(self.context_menu_requested)
        self._scene.rebuilt.connect(self._on_rebuilt)

    @property
    def network_scene(self) -> NetworkScene:
        return self._scene

    # -- options ------------------------------------------------------------------------------
    def set_show_dimensions(self, show: bool, mode: str = "letters") -> None:
        """Dimension labels on ports and links: 'letters' ([NxM] as fastr draws) or 'names'."""
        self._scene.set_dimension_mode(mode if show else None)

    def set_problems(self, problems) -> None:
        """Badges (red: error, yellow: warning) on the nodes and links the problems name."""
        self._scene.set_problems(problems)

    def set_theme(self, theme: Theme) -> None:
        self._theme_fixed = True
        self._apply_theme(theme)

    def _apply_theme(self, theme: Theme) -> None:
        if theme != self._scene.theme:
            self._scene.set_theme(theme)
            self.resetCachedContent()
            self.viewport().update()

    def changeEvent(self, event) -> None:  # noqa: N802
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange) and not self._theme_fixed:
            self._apply_theme(theme_for_palette(self.palette()))
        super().changeEvent(event)

    # -- zoom and scroll ----------------------------------------------------------------------
    @property
    def scale_factor(self) -> float:
        return self.transform().m11()

    def _set_scale(self, scale: float, at: QPointF | None = None) -> None:
        """Zoom to ``scale`` keeping the scene point under viewport position ``at`` (default: centre)."""
        scale = clamp_number(scale, MIN_SCALE, MAX_SCALE) or 1.0     # nan or inf: back to 100%
        if math.isclose(scale, self.scale_factor):
            return
        at = QPointF(self.viewport().rect().center()) if at is None else QPointF(at)
        fixed = self.mapToScene(at.toPoint())
        old_anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        with self._no_replay():
            self.setTransform(QTransform.fromScale(scale, scale))
            self.setTransformationAnchor(old_anchor)
            self._pan_by(at - QPointF(self.mapFromScene(fixed)))
        self._after_zoom()

    @contextmanager
    def _no_replay(self) -> Iterator[None]:
        """Scrolling and zooming make Qt replay the last mouse event to the scene (a hover pass
        over the items under the pointer, in Python: ~1 ms a wheel or pan event at 10,000 nodes);
        the next real mouse move does that anyway."""
        if not self.isInteractive() or self._scene.gesture is not None:
            yield
            return
        self.setInteractive(False)
        try:
            yield
        finally:
            self.setInteractive(True)

    def _after_zoom(self) -> None:
        self._scene.set_overview(self.scale_factor < OVERVIEW_SCALE)
        self._set_update_mode()
        self.zoom_changed.emit(self.scale_factor)

    def _set_update_mode(self) -> None:
        """Cards drawn: a change repaints the one rect around what changed. Qt's clipping to a
        region of many rects (a dragged card, its links, a step box's moved edge) made every link
        stroke under it slower than painting the whole rect (2,000 nodes, drag at 100 %: 3.2 -> 2.0
        ms CPU a move). On the map a drag changes a few thin, far-apart strips (a step box's
        edges, a line's pieces) whose bounding rect would span the network: there Qt repaints
        the region (Smart), or one bounding rect when it has many rects."""
        mode = (QGraphicsView.ViewportUpdateMode.SmartViewportUpdate if self.scale_factor < OVERVIEW_SCALE
                else QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        if mode != self.viewportUpdateMode():
            self.setViewportUpdateMode(mode)

    def wheelEvent(self, event) -> None:  # noqa: N802
        delta = event.angleDelta()
        if delta.y() == 0 and delta.x() != 0:
            super().wheelEvent(event)        # horizontal wheel scrolls
            return
        self._draw_straight_while_zooming()
        self._set_scale(self.scale_factor * math.pow(1.0015, delta.y()), event.position())
        event.accept()

    def _draw_straight_while_zooming(self) -> None:
        """While the wheel turns, the cards in view paint straight to the screen: each zoom would
        otherwise paint every one into a new cached picture of its own and copy that in (at
        100 %: about 1 ms an event). They cache again once the wheel rests (``ZOOM_REST_MS``),
        for the pans and drags that blit them."""
        self._zoom_rest.start()
        if self._uncached or self.scale_factor < geo.LOD_DETAIL:      # plain boxes: cheap either way
            return
        cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
        seen = self.mapToScene(self.viewport().rect()).boundingRect()
        for item in self._scene.items(seen, Qt.ItemSelectionMode.IntersectsItemBoundingRect):
            if isinstance(item, NodeItem) and item.cacheMode() == cached:
                item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
                self._uncached.append(item)

    def _recache(self) -> None:
        items, self._uncached = self._uncached, []
        for item in items:
            try:
                if item.scene() is self._scene:
                    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            except RuntimeError:                    # deleted with its scene's content
                pass

    def zoom_in(self) -> None:
        self._set_scale(self.scale_factor * 1.25)

    def zoom_out(self) -> None:
        self._set_scale(self.scale_factor / 1.25)

    def reset_zoom(self) -> None:
        self._set_scale(1.0)

    def open_find(self) -> None:
        """Ctrl+F on the canvas: the find bar (made when first asked for)."""
        if self.find_bar is None:
            self.find_bar = FindBar(self)
        self.find_bar.open()

    def zoom_to_rect(self, rect: QRectF) -> None:
        """Show ``rect`` (a node, a selection) as large as fits, at most at 100 %."""
        self._fit_rect(rect)

    def _fit_rect(self, rect: QRectF) -> None:
        if rect.isNull() or rect.isEmpty():
            return
        rect = rect.adjusted(-40, -40, 40, 40)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.scale_factor > 1.0 or self.scale_factor < MIN_SCALE:
            center = rect.center()
            self.setTransform(QTransform.fromScale(*(2 * [max(MIN_SCALE, min(1.0, self.scale_factor))])))
            self.centerOn(center)
        self._after_zoom()

    def fit_all(self) -> None:
        rect = QRectF()
        clusters = self._scene.cluster_items.values()
        for item in [*self._scene.node_items.values(), *(c.label for c in clusters),
                     *self._scene.note_items.values()]:
            rect = rect.united(item.sceneBoundingRect())
        for cluster in clusters:
            rect = rect.united(cluster.scene_box())
        self._fit_rect(rect)
        if not rect.isNull():
            # Zoomed out to the map, whose names stick out of the boxes: make room for them too.
            words = self._scene.map_extent(self.scale_factor)
            if not words.isNull() and not rect.contains(words):
                self._fit_rect(rect.united(words))

    def fit_selection(self) -> None:
        rect = QRectF()
        for item in self._scene.selectedItems():
            rect = rect.united(item.sceneBoundingRect())
        if rect.isNull():
            self.fit_all()
        else:
            self._fit_rect(rect)

    def center_on_node(self, node_id: str) -> None:
        item = self._scene.node_items.get(node_id)
        if item is not None:
            self.centerOn(item.sceneBoundingRect().center())

    def center_on_link(self, link_id: str) -> None:
        item = self._scene.link_items.get(link_id)
        if item is not None:
            x, y = item.point_at(0.5)          # halfway along the line drawn: a routed link's too
            self.centerOn(QPointF(x, y))

    def _on_rebuilt(self) -> None:
        self._fit_pending = True
        if self.isVisible() and self.viewport().width() > 1:
            # No picture of the new network at the old zoom before the fit (it would be thrown
            # away at once, and drawn in detail it would want the links' dimension labels).
            self.viewport().setUpdatesEnabled(False)
            QTimer.singleShot(0, self._fit_if_pending)
        else:
            self._scene.finish_link_dims()       # no picture to wait for

    def _fit_if_pending(self) -> None:
        if self._fit_pending:
            self._fit_pending = False
            self.fit_all()
        if not self.viewport().updatesEnabled():
            self.viewport().setUpdatesEnabled(True)     # (repaints it)
        if self._scene.link_dims_pending:
            if self._scene.overview_on:           # not drawn on the map: after its first paint
                self.call_after_paint(self._scene.finish_link_dims)
            else:
                self._scene.finish_link_dims()

    # -- work that waits for the picture ------------------------------------------------------
    def call_after_paint(self, fn: Callable[[], None]) -> None:
        """Run ``fn`` once the canvas has been painted (after any pending fit), so slow follow-up
        work such as validating a big network does not hold back the first picture. A hidden view
        never paints: then ``fn`` runs from the event loop at once; a visible one gets a second
        to paint before ``fn`` runs anyway."""
        if not self.isVisible():
            QTimer.singleShot(0, self, fn)
            return
        self._after_paint.append(fn)
        self.viewport().update()
        QTimer.singleShot(AFTER_PAINT_LIMIT_MS, self, self._run_after_paint)

    def _run_after_paint(self) -> None:
        waiting, self._after_paint = self._after_paint, []
        for fn in waiting:
            fn()

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self._after_paint and not self._fit_pending:
            QTimer.singleShot(0, self, self._run_after_paint)     # after this paint has returned

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        if self._fit_pending:
            QTimer.singleShot(0, self._fit_if_pending)      # once the window's layout has settled

    # -- panning ------------------------------------------------------------------------------
    def _pan_by(self, delta: QPointF) -> None:
        with self._no_replay():
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))

    def mousePressEvent(self, event) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.MiddleButton or (
                event.button() == Qt.MouseButton.LeftButton and self._space):
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:  # noqa: N802
        if self._pan_from is not None:
            self._pan_by(event.position() - self._pan_from)
            self._pan_from = event.position()
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802
        if self._pan_from is not None and event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._pan_from = None
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor if self._space else Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._scene.gesture is None:
            self._space = True
            self.viewport().setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            if self._pan_from is None:
                self.viewport().setCursor(Qt.CursorShape.ArrowCursor)
            event.accept()
            return
        super().keyReleaseEvent(event)

    def event(self, event) -> bool:
        # Tab would move the focus to the next widget; on the canvas it opens quick add.
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.show_quick_add(self._pointer_scene_pos())
            return True
        return super().event(event)

    def _pointer_scene_pos(self) -> QPointF:
        local = self.viewport().mapFromGlobal(QCursor.pos())
        if not self.viewport().rect().contains(local):
            local = self.viewport().rect().center()
        return self.mapToScene(local)

    # -- quick add ----------------------------------------------------------------------------
    def show_quick_add(self, scene_pos: QPointF) -> QuickAddPopup:
        """Open the quick-add popup; the chosen tool is placed with its top-left at ``scene_pos``."""
        if self._popup is not None:
            self._popup.close()
            self._popup.deleteLater()
        popup = QuickAddPopup(self.document.current_network.library, self)
        where = QPointF(scene_pos)
        popup.chosen.connect(lambda entry: self.add_entry(entry, where))
        self._popup = popup
        popup.popup_at(self.viewport().mapToGlobal(self.mapFromScene(scene_pos)))
        return popup

    def show_quick_link(self, scene_pos: QPointF, node_id: str, port_id: str, is_input: bool) -> QuickAddPopup:
        """The quick-add for a link dropped on empty canvas: only what can take the link; the
        chosen node is added and linked in one undo step (see ``quick_add.PendingLink``)."""
        return self._show_pending(PendingLink(self._scene, scene_pos, node_id, port_id, is_input), scene_pos)

    def show_quick_insert(self, scene_pos: QPointF, link_id: str) -> QuickAddPopup:
        """The quick-add for a node to go into link ``link_id``: only the tools that fit."""
        return self._show_pending(PendingInsert(self._scene, scene_pos, link_id), scene_pos)

    def _show_pending(self, pending: PendingLink | PendingInsert, scene_pos: QPointF) -> QuickAddPopup:
        if self._popup is not None:
            self._popup.close()
            self._popup.deleteLater()
        popup = QuickAddPopup(self.document.current_network.library, self, fits=pending.fits, title=pending.title)
        popup.closed.connect(pending.finish)
        popup.chosen.connect(lambda entry: self._add_linked(pending, entry))
        self._popup = popup
        popup.popup_at(self.viewport().mapToGlobal(self.mapFromScene(scene_pos)))
        return popup

    def _add_linked(self, pending: PendingLink | PendingInsert, entry: Entry) -> None:
        pending.finish()
        command = pending.command(entry, pending.position(entry))
        if command is None:
            return
        self.document.push(command)
        self.document.selection.set([command.node_id])
        self.status_message.emit(f"Added {command.node_id}, {pending.done_message}.")

    @property
    def quick_add_popup(self) -> QuickAddPopup | None:
        return self._popup

    def add_entry(self, entry: Entry, scene_pos: QPointF) -> None:
        model = self.document.current_model
        pos = (float(round(scene_pos.x())), float(round(scene_pos.y())))
        library = self.document.current_network.library
        if entry.kind == "tool" and entry.tool is not None:
            command = add_tool_node(model, entry.tool, pos)
        elif entry.kind in ("source", "sink") and library.get(*(SOURCE_KEY if entry.kind == "source" else SINK_KEY)):
            command = add_tool_node(model, library.get(*(SOURCE_KEY if entry.kind == "source" else SINK_KEY)), pos)
        else:
            command = add_special_node(model, entry.kind, "AnyType" if entry.kind != "constant" else "String", pos)
        self.document.push(command)
        node = getattr(command, "node", None)
        if node is not None:
            self.document.selection.set([node.id])
        self.status_message.emit(f"Added {node.id if node is not None else entry.label}.")

    # -- background ---------------------------------------------------------------------------
    def drawBackground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802
        theme = self._scene.theme
        painter.fillRect(rect, theme.color("background"))
        scale = self.scale_factor
        if scale * GRID * GRID_MAJOR < 10:           # zoomed far out: no grid at all
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        minor = scale * GRID >= 8
        step = GRID if minor else GRID * GRID_MAJOR
        left = math.floor(rect.left() / step)
        top = math.floor(rect.top() / step)
        lines_minor, lines_major = [], []
        for i in range(left, math.ceil(rect.right() / step) + 1):
            x = i * step
            (lines_major if not minor or i % GRID_MAJOR == 0 else lines_minor).append(
                QLineF(x, rect.top(), x, rect.bottom()))
        for j in range(top, math.ceil(rect.bottom() / step) + 1):
            y = j * step
            (lines_major if not minor or j % GRID_MAJOR == 0 else lines_minor).append(
                QLineF(rect.left(), y, rect.right(), y))
        if lines_minor:
            painter.setPen(QPen(theme.color("grid_minor"), 0))
            painter.drawLines(lines_minor)
        painter.setPen(QPen(theme.color("grid_major"), 0))
        painter.drawLines(lines_major)
