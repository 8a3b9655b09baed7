"""Canvas layer: LinkOverviewItem draws the whole network when the view is zoomed far out: every
link as a straight line and every node as a filled box, in a few drawLines/drawRects calls,
instead of thousands of item paints (each a Python call).

While it is shown, the node and link items stay in the scene (selectable, hit-testable, their
problem badges shown) but have no contents. The scene keeps the lines up to date link by link and
calls :meth:`LinkOverviewItem.nodes_changed` with the nodes that moved or changed (their boxes are
read again at the next paint) or without, when nodes came or went. Lines and boxes are kept,
grouped by colour and by the tile of the scene they start in (``TILE``), between paints, and a
moved node or re-routed link is replaced in its group in place and repaints only where it was and
is: dragging one node at fit-all redraws the few tiles around it, the same with 200 nodes as with
20,000, and zooming repaints without a Python loop over the network. Selected items use the
selection colour. The words of the map are drawn by ``maplabels.MapLabelItem`` (``map``), which
this item adds to its scene and shows and hides with itself.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QRect, QRectF, Qt
from PySide6.QtGui import QPainter, QPen, QTransform
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from collections.abc import Callable, Iterable
from typing import Any

from editor.canvas import geometry as geo
from editor.canvas.link_item import _STYLE_COLOR, LinkItem
from editor.canvas.maplabels import MapLabelItem
from editor.canvas.theme import LIGHT, Theme

# Below this zoom the overview (a map: boxes, straight links, and the labels of ``maplabels``)
# replaces the node and link items' painting; it is the zoom below which cards draw no text.
OVERVIEW_SCALE = geo.LOD_DETAIL
LINK_OPACITY = 0.55


NodeBox = tuple[QRectF, str, bool]          # scene rect, kind, selected


class LinkOverviewItem(QGraphicsItem):
    def __init__(self, theme: Theme = LIGHT,
                 nodes: Callable[[], Iterable[tuple[str, QRectF, str, bool]]] | None = None,
                 node_box: Callable[[str], NodeBox | None] | None = None) -> None:
        super().__init__()
        self._theme = theme
        self._nodes = nodes          # () -> (node id, scene rect, kind, selected) of every node
        self._node_box = node_box    # node id -> (scene rect, kind, selected), None when gone
        self._lines: dict[str, tuple[str, QLineF]] = {}      # link id -> (style, line)
        self._selected: set[str] = set()
        self._line_groups: dict[Any, list[QLineF]] | None = None     # (colour, tile) -> lines (a cache)
        self._line_where: dict[str, tuple[Any, int]] = {}          # link id -> ((colour, tile), index)
        self._node_groups: dict[Any, list[QRectF]] | None = None     # (kind, tile) -> boxes (a cache)
        self._node_where: dict[str, tuple[Any, int]] = {}          # node id -> ((kind, tile), index)
        self._node_tiles: dict[tuple[int, int], QRectF] = {}         # tile -> box around its members
        self._line_tiles: dict[tuple[int, int], QRectF] = {}
        self._chosen: set[str] = set()                             # selected node ids
        self._rect = QRectF()
        self._margin = 100.0               # a few pixels at the last painted zoom (scene units)
        self._scale = 0.04                 # the last painted zoom
        # Both the boxes here and the map's index read every node after nodes came or went: they
        # share one reading, made by the first and dropped once the second has it.
        self._nodes_read: list[tuple[str, QRectF, str, bool]] | None = None
        self._nodes_readers = 0
        self.map = MapLabelItem(theme, self._all_nodes if nodes is not None else None, node_box)   # the words
        self.setZValue(-5)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setVisible(False)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:  # noqa: N802
        if change == QGraphicsItem.GraphicsItemChange.ItemSceneHasChanged:
            if self.map.scene() is not None and self.map.scene() is not value:
                self.map.scene().removeItem(self.map)
            if value is not None and self.map.scene() is None:
                value.addItem(self.map)
        elif change == QGraphicsItem.GraphicsItemChange.ItemVisibleHasChanged:
            self.map.setVisible(bool(value))
        return super().itemChange(change, value)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.map.set_theme(theme)
        self.update()

    def set_rect(self, rect: QRectF) -> None:
        self.map.set_rect(rect)
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def set_link(self, link_id: str, item: LinkItem) -> None:
        old = self._lines.get(link_id)
        self._put(link_id, item)
        where = self._line_where.get(link_id)
        if self._line_groups is not None and where is not None and where[0][0] == self._colour(link_id):
            line = self._lines[link_id][1]
            self._line_groups[where[0]][where[1]] = line     # in place
            _grow(self._line_tiles, where[0][1], _line_rect(line))
            if old is not None:       # repaint where the line was and is, not the whole network
                self._update_line(old[1])
                self._update_line(line)
                return
        else:
            self._line_groups = None
        self.update()

    def _update_line(self, line: QLineF) -> None:
        """Repaint along a line: a long one as a few pieces, not its whole bounding box."""
        pieces = max(1, min(LINE_PIECES, int(line.length() * self._scale / 60.0)))
        if pieces == 1:
            self._update_near(_line_rect(line))
            return
        for i in range(pieces):
            self._update_near(QRectF(line.pointAt(i / pieces), line.pointAt((i + 1) / pieces)).normalized())

    def _update_near(self, rect: QRectF) -> None:
        """Repaint ``rect`` and the few pixels of pen around it (at the last painted zoom)."""
        m = self._margin
        self.update(rect.adjusted(-m, -m, m, m))

    def _colour(self, link_id: str) -> str:
        return "selected" if link_id in self._selected else self._lines[link_id][0]

    def _put(self, link_id: str, item: LinkItem) -> None:
        (x0, y0), _b, _c, _d = item.controls
        x1, y1 = item.end
        self._lines[link_id] = (item.style, QLineF(x0, y0, x1, y1))

    def remove_link(self, link_id: str) -> None:
        if self._lines.pop(link_id, None) is not None:
            self._line_groups = None
            self.update()

    def reset(self, items: dict[str, LinkItem]) -> None:
        """All lines anew (the overview comes on, or the scene was rebuilt with it on); the step
        labels' small tabs give way to the map's step names."""
        for cluster in getattr(self.scene(), "cluster_items", {}).values():
            cluster.label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self._lines = {}
        for link_id, item in items.items():
            self._put(link_id, item)
        self._line_groups = self._node_groups = None
        self._nodes_read = None
        self.update()

    def set_selected(self, link_ids: set[str]) -> None:
        if link_ids != self._selected:
            self._selected = set(link_ids)
            self._line_groups = None
            self.update()

    def _all_nodes(self) -> list[tuple[str, QRectF, str, bool]]:
        """Every node's (id, scene box, kind, selected), as ``nodes`` gives them: read once for
        two readers (see ``__init__``), read again after any change (``nodes_changed``)."""
        found = self._nodes_read
        if found is None:
            assert self._nodes is not None
            found = self._nodes_read = list(self._nodes())
            self._nodes_readers = 0
        self._nodes_readers += 1
        if self._nodes_readers >= 2:
            self._nodes_read = None
        return found

    def nodes_changed(self, node_ids: Iterable[str] | None = None) -> None:
        """Node boxes moved, resized or were (de)selected (``node_ids``), or nodes came or went
        (None): read those boxes again, or all of them, at the next paint."""
        self._nodes_read = None
        self.map.nodes_changed(node_ids)
        groups = self._node_groups
        if node_ids is None or groups is None or self._node_box is None:
            self._node_groups = None
            self.update()
            return
        for node_id in node_ids:
            where = self._node_where.get(node_id)
            box = self._node_box(node_id)
            if where is None or box is None or box[1] != where[0][0]:
                self._node_groups = None         # came, went or changed kind: all again
                self.update()
                return
            self._update_near(groups[where[0]][where[1]])        # where it was, and is
            self._update_near(box[0])
            groups[where[0]][where[1]] = box[0]
            _grow(self._node_tiles, where[0][1], box[0])
            if box[2]:
                self._chosen.add(node_id)
            else:
                self._chosen.discard(node_id)

    def node_groups(self) -> dict[tuple[str, tuple[int, int]], list[QRectF]]:
        """Every node's scene box, by (kind, tile) (kept between calls, changed in place)."""
        if self._node_groups is None:
            self._node_groups, self._node_where, self._chosen = {}, {}, set()
            bounds: dict[tuple[int, int], list[float]] = {}
            for node_id, rect, kind, selected in (self._all_nodes() if self._nodes is not None else ()):
                x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
                tile = (math.floor(x / TILE), math.floor(y / TILE))
                key = (kind, tile)
                group = self._node_groups.setdefault(key, [])
                self._node_where[node_id] = (key, len(group))
                group.append(rect)
                _bound(bounds, tile, x, y, x + w, y + h)
                if selected:
                    self._chosen.add(node_id)
            self._node_tiles = _boxes(bounds)
        return self._node_groups

    def line_count(self) -> int:
        return len(self._lines)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = self._theme
        scale = painter.worldTransform().m11()
        if scale > 0:
            self._margin, self._scale = 4.0 / scale, scale
        if self._line_groups is None:
            self._line_groups, self._line_where = {}, {}
            bounds: dict[tuple[int, int], list[float]] = {}
            selected = self._selected
            for link_id, (style, line) in self._lines.items():
                x1, y1, x2, y2 = line.x1(), line.y1(), line.x2(), line.y2()
                tile = (math.floor(x1 / TILE), math.floor(y1 / TILE))
                key = ("selected" if link_id in selected else style, tile)
                group = self._line_groups.setdefault(key, [])
                self._line_where[link_id] = (key, len(group))
                group.append(line)
                _bound(bounds, tile, min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
            self._line_tiles = _boxes(bounds)
        # Only the tiles the repaint needs: a drag's small repaint draws a few tiles' lines, not
        # the whole network's (10,000 links: 3.4 -> 0.3 ms a move at fit-all).
        exposed = _exposed(painter, option)
        # Hairlines at a few per cent zoom: without antialiasing they look the same and are drawn
        # in a third of the time (10,000 links: 5.6 ms -> under 2 ms a paint).
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setOpacity(LINK_OPACITY)          # the map: links recede behind boxes and names
        pens: dict[str, QPen] = {}
        tiles = self._line_tiles
        # A repaint of a few far-apart rects (a step box's edge strips, a dragged card) draws each
        # rect's lines and boxes clipped to that rect alone: Qt then clips to one rect, not to the
        # region (2,000 nodes, a card dragged out of its step at fit-all: 3.5 -> 2.6 ms CPU a move).
        clips = _clips(painter, exposed)
        for clip, device in clips:
            if device is not None:
                _clip_to(painter, device)
            for (style, tile), lines in self._line_groups.items():
                box = tiles[tile].adjusted(-self._margin, -self._margin, self._margin, self._margin)
                if not (box.intersects(clip) if clip is not None else any(box.intersects(r) for r in exposed)):
                    continue
                pen = pens.get(style)
                if pen is None:
                    color = t.color("node_selected" if style == "selected" else _STYLE_COLOR[style])
                    pen = pens[style] = QPen(color, 0.0 if style == "plain" else 1.5)
                    pen.setCosmetic(True)
                painter.setPen(pen)
                painter.drawLines(lines)
            if device is not None:
                painter.restore()
        painter.setOpacity(1.0)
        if self._nodes is None:
            return
        boxes = self.node_groups()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        tiles = self._node_tiles
        for clip, device in clips:
            if device is not None:
                _clip_to(painter, device)
            for (kind, tile), rects in boxes.items():
                box = tiles[tile]
                if box.intersects(clip) if clip is not None else any(box.intersects(r) for r in exposed):
                    painter.setBrush(t.fill(kind))
                    painter.drawRects(rects)
            if device is not None:
                painter.restore()
        if self._chosen:
            chosen = [boxes[kind][index] for kind, index in (self._node_where[n] for n in self._chosen)]
            pen = QPen(t.color("node_selected"), 2.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRects(chosen)


def _line_rect(line: QLineF) -> QRectF:
    return QRectF(line.p1(), line.p2()).normalized()


LINE_PIECES = 8   # a long moved line repaints as up to this many pieces along it
REGION_RECTS = 16  # a repaint of more rects than this is tested as its bounding rect
TILE = 2500.0     # scene units: lines and boxes are grouped by the tile they start in


def _tile(x: float, y: float) -> tuple[int, int]:
    return (math.floor(x / TILE), math.floor(y / TILE))


def _exposed(painter: QPainter, option: QStyleOptionGraphicsItem) -> list[QRectF]:
    """The scene rects being repainted: the rects of the paint event's region (a drag repaints a
    few small places, whose bounding rect may span the network), else the exposed rect."""
    region = painter.paintEngine().systemClip() if painter.paintEngine() is not None else None
    if region is None or region.isEmpty() or region.rectCount() > REGION_RECTS:
        return [option.exposedRect]
    inverse, ok = painter.deviceTransform().inverted()
    if not ok:
        return [option.exposedRect]
    return [inverse.mapRect(QRectF(r)).intersected(option.exposedRect) for r in region]  # type: ignore[attr-defined]  # (iterable at run time)


def _clips(painter: QPainter, exposed: list[QRectF]) -> list[tuple[QRectF | None, QRect | None]]:
    """(scene rect, device rect) of each rect of the repaint to be drawn on its own, or one
    (None, None) when the repaint is one rect (or too many to take one by one)."""
    if len(exposed) < 2:
        return [(None, None)]
    region = painter.paintEngine().systemClip() if painter.paintEngine() is not None else None
    if region is None or region.rectCount() != len(exposed):
        return [(None, None)]
    return list(zip(exposed, region))  # type: ignore[call-overload]  # (iterable at run time)


def _clip_to(painter: QPainter, device: QRect) -> None:
    """painter.save(), then clip to ``device`` (whole pixels, so the region's rects, which never
    overlap, stay apart: nothing translucent is drawn twice)."""
    painter.save()
    world = painter.worldTransform()
    inverse, ok = world.inverted()
    back, ok2 = (inverse * painter.deviceTransform()).inverted()    # device pixels -> painter's own
    painter.setWorldTransform(QTransform())
    painter.setClipRect(back.mapRect(QRectF(device)) if ok and ok2 else QRectF(device),
                        Qt.ClipOperation.IntersectClip)
    painter.setWorldTransform(world)


def _bound(bounds: dict[tuple[int, int], list[float]], tile: tuple[int, int],
           left: float, top: float, right: float, bottom: float) -> None:
    b = bounds.get(tile)
    if b is None:
        bounds[tile] = [left, top, right, bottom]
    else:
        if left < b[0]:
            b[0] = left
        if top < b[1]:
            b[1] = top
        if right > b[2]:
            b[2] = right
        if bottom > b[3]:
            b[3] = bottom


def _boxes(bounds: dict[tuple[int, int], list[float]]) -> dict[tuple[int, int], QRectF]:
    return {tile: QRectF(l, t, r - l, b - t) for tile, (l, t, r, b) in bounds.items()}


def _grow(tiles: dict[tuple[int, int], QRectF], tile: tuple[int, int], rect: QRectF) -> None:
    """The tile's box grows to hold ``rect`` (it never shrinks: a moved member may have left)."""
    box = tiles.get(tile)
    tiles[tile] = QRectF(rect) if box is None else box.united(rect)
