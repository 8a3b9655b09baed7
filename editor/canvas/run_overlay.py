"""Canvas layer: RunOverlay, the state of a run drawn on the nodes of a NetworkScene.

Each node with jobs gets one child item of its NodeItem (a RunStatusItem, the only items this
module adds or removes): a ring round the box in the colour of the node's aggregate state (red as
soon as one job failed, blue while running, green when all finished), a bar under the box with one
segment per state, and the counts (``3✓ 1✗``). A macro node shows the jobs inside it. The counts
come from a live :class:`~editor.model.runmodel.RunSession` (:meth:`RunOverlay.attach`) or from a
run directory that was read (:meth:`RunOverlay.show_counts`). Updates are coalesced: a burst of job
events redraws only the nodes they concern, once.
"""

from __future__ import annotations

from collections.abc import Mapping

import shiboken6
from PySide6.QtCore import QObject, QRectF, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QUndoStack
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from editor.canvas import geometry as geo
from editor.canvas.node_item import NodeItem
from editor.canvas.scene import NetworkScene
from editor.model.commands import MoveNodesCommand
from editor.model.runmodel import (STATE_COLORS, STATES, RunSession, aggregate_state, counts_under,
                                   format_counts)

RING = 4.0          # gap between the box and the ring
BAR_GAP = 4.0
BAR_HEIGHT = 5.0
LABEL_HEIGHT = 14.0
UPDATE_MS = 80
STALE_ALPHA = 110           # run colours of a network edited since: faded, and hatched
STALE_NOTE = "from a run before the last edits"


class RunStatusItem(QGraphicsItem):
    """Ring, state bar and counts of one node's jobs (a child of its NodeItem)."""

    def __init__(self, parent: NodeItem, text_color: QColor) -> None:
        super().__init__(parent)
        self.counts: dict[str, int] = {}
        self.state: str | None = None
        self.stale = False                    # the network was edited since the run
        self._text_color = QColor(text_color)
        self._size = (0.0, 0.0)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent, True)   # ports stay on top
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self._fit_parent()

    def _fit_parent(self) -> bool:
        parent = self.parentItem()
        g = getattr(parent, "geometry", None)
        size = (float(g.width), float(g.height)) if g is not None else (0.0, 0.0)
        if size == self._size:
            return False
        self.prepareGeometryChange()
        self._size = size
        return True

    def set_counts(self, counts: Mapping[str, int]) -> None:
        counts = {s: int(counts[s]) for s in STATES if counts.get(s)}
        resized = self._fit_parent()
        if counts == self.counts and not resized:
            return
        self.counts = counts
        self.state = aggregate_state(counts)
        self._update_tooltip()
        self.update()

    def set_stale(self, stale: bool) -> None:
        if stale != self.stale:
            self.stale = stale
            self._update_tooltip()
            self.update()

    def _update_tooltip(self) -> None:
        node = getattr(self.parentItem(), "node_id", "")
        lines = [f"{n} {s}" for s, n in self.counts.items()]
        text = f"{node}: {', '.join(lines)}" if lines else ""
        if text and self.stale:
            text += f" — {STALE_NOTE}"
        self.setToolTip(text)

    def set_text_color(self, color: QColor) -> None:
        if QColor(color) != self._text_color:
            self._text_color = QColor(color)
            self.update()

    @property
    def label(self) -> str:
        return format_counts(self.counts)

    def _bar_rect(self) -> QRectF:
        w, h = self._size
        return QRectF(0.0, h + BAR_GAP, w, BAR_HEIGHT)

    def boundingRect(self) -> QRectF:  # noqa: N802 - Qt override
        w, h = self._size
        pad = RING + 4.0
        return QRectF(-pad, -pad, w + 2 * pad, h + pad + BAR_GAP + BAR_HEIGHT + LABEL_HEIGHT)

    def shape(self) -> QPainterPath:
        """Only the bar and the label: the node underneath keeps its clicks and hovers."""
        path = QPainterPath()
        bar = self._bar_rect()
        path.addRect(bar.adjusted(0, 0, 0, LABEL_HEIGHT))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if not self.counts or self.state is None:
            return
        w, h = self._size
        color = QColor(STATE_COLORS[self.state])
        if self.stale:
            color.setAlpha(STALE_ALPHA)
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(color, 3.0 if lod >= geo.LOD_DETAIL else 3.0 / max(lod, 0.05))
        if self.state == "running" or self.stale:
            pen.setStyle(Qt.PenStyle.DotLine if self.stale else Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(QRectF(-RING, -RING, w + 2 * RING, h + 2 * RING), geo.CORNER + RING,
                                geo.CORNER + RING)
        if lod < geo.LOD_DETAIL:
            return
        bar = self._bar_rect()
        total = sum(self.counts.values())
        x = bar.left()
        painter.setPen(Qt.PenStyle.NoPen)
        for state in ("finished", "failed", "cancelled", "running", "queued"):
            n = self.counts.get(state, 0)
            if n:
                width = bar.width() * n / total
                fill = QColor(STATE_COLORS[state])
                if self.stale:
                    fill.setAlpha(STALE_ALPHA)
                painter.setBrush(QBrush(fill))
                painter.drawRect(QRectF(x, bar.top(), width, bar.height()))
                if self.stale:
                    painter.setBrush(QBrush(QColor(self._text_color), Qt.BrushStyle.BDiagPattern))
                    painter.drawRect(QRectF(x, bar.top(), width, bar.height()))
                x += width
        painter.setFont(geo.font("sub"))
        text = QColor(self._text_color)
        if self.stale:
            text.setAlpha(160)
        painter.setPen(text)
        label = f"{self.label} (stale)" if self.stale else self.label
        painter.drawText(QRectF(0.0, bar.bottom() + 1.0, w, LABEL_HEIGHT - 1.0),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), label)


class RunOverlay(QObject):
    """Colours the nodes of ``scene`` by their jobs' states; see the module docstring."""

    def __init__(self, scene: NetworkScene, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else scene)
        self.scene = scene
        self.items: dict[str, RunStatusItem] = {}
        self._counts: Mapping[str, Mapping[str, int]] = {}
        self._session: RunSession | None = None
        self._dirty: set[str] = set()
        self._all_dirty = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(UPDATE_MS)
        self._timer.timeout.connect(self.flush)
        scene.rebuilt.connect(self._on_rebuilt)
        self._model = None
        self._connect_model()
        self.stale = False
        self._fresh_index: int | None = None       # the undo index of the network the run was of
        stack = getattr(scene.document, "undo_stack", None)
        if stack is not None:
            stack.indexChanged.connect(self._check_stale)

    # -- sources of counts ----------------------------------------------------------------------
    def attach(self, session: RunSession) -> None:
        """Follow a live run."""
        self.detach()
        self._session = session
        self._mark_fresh()
        session.job_changed.connect(self._on_job_changed)
        session.states_changed.connect(self._on_states_changed)
        self._schedule_all()

    def detach(self) -> None:
        """Stop following the run; what it showed last stays."""
        if self._session is not None:
            self._counts = {k: dict(v) for k, v in self._session.node_counts.items()}
            for signal, slot in ((self._session.job_changed, self._on_job_changed),
                                 (self._session.states_changed, self._on_states_changed)):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
        self._session = None

    def show_counts(self, counts: Mapping[str, Mapping[str, int]]) -> None:
        """Show fixed counts (``{node path: {state: n}}``, e.g. from a run directory)."""
        self.detach()
        self._counts = counts
        self._mark_fresh()
        self.refresh()

    def clear(self) -> None:
        self.detach()
        self._counts = {}
        self._fresh_index = None
        self.stale = False
        self.refresh()

    # -- staleness --------------------------------------------------------------------------------
    def _mark_fresh(self) -> None:
        stack = getattr(self.scene.document, "undo_stack", None)
        self._fresh_index = stack.index() if stack is not None else None
        self.stale = False

    def _check_stale(self, index: int) -> None:
        """Stale when the network differs from the one the run was of: any command between the
        two undo indexes but moves (a layout or a drag leaves the colours right)."""
        stack = self.sender()
        if self._fresh_index is None or not isinstance(stack, QUndoStack) or not shiboken6.isValid(stack):
            return                                     # (or the stack is going: a window closing)
        low, high = sorted((self._fresh_index, index))
        stale = any(not isinstance(stack.command(i), MoveNodesCommand) for i in range(low, high))
        if stale != self.stale:
            self.stale = stale
            for item in list(self.items.values()):
                if shiboken6.isValid(item):
                    item.set_stale(stale)

    # -- queries ----------------------------------------------------------------------------------
    def node_path(self, node_id: str) -> str:
        path = list(getattr(self.scene.document, "path", []) or [])
        return "/".join([*path, node_id])

    def state_of(self, node_id: str) -> str | None:
        item = self._item(node_id)
        return item.state if item is not None else None

    def label_of(self, node_id: str) -> str:
        item = self._item(node_id)
        return item.label if item is not None else ""

    # -- updating -------------------------------------------------------------------------------
    def _on_job_changed(self, node_path: str, _sample: str, _state: str) -> None:
        prefix = "/".join(getattr(self.scene.document, "path", []) or [])
        if prefix:
            if not node_path.startswith(prefix + "/"):
                return
            node_path = node_path[len(prefix) + 1:]
        self._dirty.add(node_path.split("/", 1)[0])

    def _on_states_changed(self) -> None:
        if self._session is not None and not self._session.jobs:
            self._all_dirty = True                    # a new run: clear what the last one drew
        if self._dirty or self._all_dirty:
            self._timer.start()

    def _schedule_all(self) -> None:
        self._all_dirty = True
        self._timer.start()

    def flush(self) -> None:
        """Apply the pending changes now (tests call it instead of waiting for the timer)."""
        self._timer.stop()
        if self._all_dirty:
            self.refresh()
            return
        dirty, self._dirty = self._dirty, set()
        for node_id in dirty:
            self._refresh_node(node_id)

    def refresh(self) -> None:
        """Redraw every node's state."""
        self._timer.stop()
        self._all_dirty, self._dirty = False, set()
        for node_id in [n for n in self.items if n not in self.scene.node_items]:
            self._remove(node_id)
        for node_id in self.scene.node_items:
            self._refresh_node(node_id)

    def _refresh_node(self, node_id: str) -> None:
        node_item = self.scene.node_items.get(node_id)
        if node_item is None:
            self._remove(node_id)
            return
        source = self._session.node_counts if self._session is not None else self._counts
        counts = counts_under(source, self.node_path(node_id))
        item = self._item(node_id)
        if not counts:
            if item is not None:
                self._remove(node_id)
            return
        if item is None or item.parentItem() is not node_item:
            self._remove(node_id)
            item = RunStatusItem(node_item, self.scene.theme.color("text"))
            self.items[node_id] = item
        item.set_text_color(self.scene.theme.color("text"))      # follows a theme change
        item.set_stale(self.stale)
        item.set_counts(counts)

    def _item(self, node_id: str) -> RunStatusItem | None:
        item = self.items.get(node_id)
        if item is not None and not shiboken6.isValid(item):
            del self.items[node_id]
            return None
        return item

    def _remove(self, node_id: str) -> None:
        item = self.items.pop(node_id, None)
        if item is None or not shiboken6.isValid(item):
            return
        scene = item.scene()
        item.setParentItem(None)
        if scene is not None:
            scene.removeItem(item)

    def _on_rebuilt(self) -> None:
        self.items = {}                     # the scene was cleared: our items went with it
        self._connect_model()
        self.refresh()

    def _connect_model(self) -> None:
        """Follow node changes of the network shown (a node that changes size, a new node)."""
        try:
            model = self.scene.model
        except (AssertionError, AttributeError):
            model = None
        if model is self._model:
            return
        if self._model is not None:
            for name in ("node_changed", "node_added"):
                try:
                    getattr(self._model, name).disconnect(self._on_node_changed)
                except (RuntimeError, TypeError, AttributeError):
                    pass
        self._model = model
        if model is not None:
            for name in ("node_changed", "node_added"):
                signal = getattr(model, name, None)
                if signal is not None:
                    signal.connect(self._on_node_changed)

    def _on_node_changed(self, node_id: str) -> None:
        self._dirty.add(node_id)
        self._timer.start()
