"""Canvas layer: LinkOverviewItem draws the whole network when the view is zoomed far out: every
link as a straight line and every node as a filled box, in a few drawLines/drawRects calls,
instead of thousands of item paints (each a Python call).

While it is shown, the node and link items stay in the scene (selectable, hit-testable, their
problem badges shown) but have no contents. The scene keeps the lines up to date link by link and
calls :meth:`LinkOverviewItem.nodes_changed` when a node moves, changes size, comes or goes or is
(de)selected; node boxes are read from the node items at the next paint. Both are kept, grouped
by colour, between paints: zooming a 5,000-node network repaints without a Python loop over it.
Selected items use the selection colour.
"""

from __future__ import annotations

from PySide6.QtCore import QLineF, QRectF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from collections.abc import Callable, Iterable

from editor.canvas.link_item import _STYLE_COLOR, LinkItem
from editor.canvas.theme import LIGHT, Theme

OVERVIEW_SCALE = 0.25      # below this zoom the overview replaces the link items' painting


class LinkOverviewItem(QGraphicsItem):
    def __init__(self, theme: Theme = LIGHT,
                 nodes: Callable[[], Iterable[tuple[QRectF, str, bool]]] | None = None) -> None:
        super().__init__()
        self._theme = theme
        self._nodes = nodes          # () -> (scene rect, kind, selected) of every node
        self._lines: dict[str, tuple[str, QLineF]] = {}      # link id -> (style, line)
        self._selected: set[str] = set()
        self._line_groups: dict[str, list[QLineF]] | None = None     # colour -> lines (a cache)
        self._node_groups: tuple[dict[str, list[QRectF]], list[QRectF]] | None = None
        self._rect = QRectF()
        self.setZValue(-5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setVisible(False)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def set_link(self, link_id: str, item: LinkItem) -> None:
        self._put(link_id, item)
        self._line_groups = None
        self.update()

    def _put(self, link_id: str, item: LinkItem) -> None:
        (x0, y0), _b, _c, _d = item.controls
        x1, y1 = item.end
        self._lines[link_id] = (item.style, QLineF(x0, y0, x1, y1))

    def remove_link(self, link_id: str) -> None:
        if self._lines.pop(link_id, None) is not None:
            self._line_groups = None
            self.update()

    def reset(self, items: dict[str, LinkItem]) -> None:
        self._lines = {}
        for link_id, item in items.items():
            self._put(link_id, item)
        self._line_groups = self._node_groups = None
        self.update()

    def set_selected(self, link_ids: set[str]) -> None:
        if link_ids != self._selected:
            self._selected = set(link_ids)
            self._line_groups = None
            self.update()

    def nodes_changed(self) -> None:
        """A node box moved, resized, came, went or was (de)selected: read them all at next paint."""
        self._node_groups = None
        self.update()

    def line_count(self) -> int:
        return len(self._lines)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = self._theme
        if self._line_groups is None:
            self._line_groups = {}
            for link_id, (style, line) in self._lines.items():
                self._line_groups.setdefault("selected" if link_id in self._selected else style, []).append(line)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        for style, lines in self._line_groups.items():
            color = t.color("node_selected" if style == "selected" else _STYLE_COLOR[style])
            pen = QPen(color, 0.0 if style == "plain" else 1.5)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawLines(lines)
        if self._nodes is None:
            return
        if self._node_groups is None:
            boxes: dict[str, list[QRectF]] = {}
            chosen: list[QRectF] = []
            for rect, kind, selected in self._nodes():
                boxes.setdefault(kind, []).append(rect)
                if selected:
                    chosen.append(rect)
            self._node_groups = boxes, chosen
        boxes, chosen = self._node_groups
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for kind, rects in boxes.items():
            painter.setBrush(t.fill(kind))
            painter.drawRects(rects)
        if chosen:
            pen = QPen(t.color("node_selected"), 2.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(chosen)
