"""Canvas layer: MapLabelItem, the words of the map the canvas becomes when zoomed far out.

Below the overview zoom (see ``overview_item``) node cards draw nothing: the overview item draws
their boxes and straight links, and this item, above them, draws

* every node's id at a fixed size on screen (``NODE_PX`` pixels or more), left-aligned on its box,
  as long as it is until it would run into the next node or label to its right; only then is it
  shortened in the middle (``featurec…_CT_0``);
* every step's name, larger (``STEP_PX``), above its box;
* problems as one badge per step with their count (instead of a badge per node and link), and one
  per node or link outside any step.

A label depends only on its node's box and the boxes near it (not on the other labels), so it is
made when first painted at a zoom and kept until the zoom changes or a box near it moves: moving
one node recomputes and repaints the few labels around it, whatever the size of the network. The
node boxes are kept in a grid of ``CELL`` scene units for those neighbour queries. When more than
``MAX_LABELS`` nodes are in view no node labels are drawn (they could not be read), only the step
names and badges.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsView, QStyleOptionGraphicsItem, QWidget

from editor.canvas.theme import LIGHT, Theme

NODE_PX = 9.0           # node ids: at least this font size on screen (pixels)
STEP_PX = 14.0          # step names
BADGE_PX = 18.0         # diameter of a problem badge on screen
GAP_PX = 6.0            # between a label and the next thing to its right
PAD_PX = 3.0            # from the box's left edge to its label
MAX_LABELS = 600        # more nodes in view than this: no node labels
CELL = 500.0            # grid cell of the neighbour index (scene units)
KEPT_SCALES = 4         # zooms whose labels are kept besides the current one
REF_PX = 100            # text widths are measured at this size and scaled
PADDING = 16.0          # a step box's padding around its nodes (cluster_item.PADDING)


@lru_cache(maxsize=None)
def _ref_metrics(bold: bool) -> QFontMetricsF:
    return QFontMetricsF(_font(REF_PX, bold))


@lru_cache(maxsize=256)
def _font(px: int, bold: bool) -> QFont:
    f = QFont()
    f.setPixelSize(max(1, px))
    f.setBold(bold)
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)   # widths scale with the size
    return f


@lru_cache(maxsize=65536)
def _ref_width(text: str, bold: bool) -> float:
    return _ref_metrics(bold).horizontalAdvance(text)


def font_px(screen_px: float, scale: float) -> int:
    """The font's pixel size in scene units that is at least ``screen_px`` on screen at ``scale``."""
    return max(1, math.ceil(screen_px / scale - 1e-9))


def text_height(px: int, bold: bool = False) -> float:
    return _ref_metrics(bold).height() * px / REF_PX


def fitted(text: str, px: int, width: float, bold: bool = False) -> tuple[str, float]:
    """``text`` (shortened in the middle when wider than ``width``) and its width, at ``px``;
    never less than its first and last characters, even where those do not fit."""
    full = _ref_width(text, bold) * px / REF_PX
    if full <= width:
        return text, full
    ref_width = max(0.0, width) * REF_PX / px
    short = _ref_metrics(bold).elidedText(text, Qt.TextElideMode.ElideMiddle, ref_width)
    if len(short) < 3:                        # never nothing: the first and last characters
        short = f"{text[:1]}…{text[-1:]}"
    return short, _ref_width(short, bold) * px / REF_PX


def shortened(node_id: str, step: str | None, px: int, width: float) -> tuple[str, float]:
    """A node id as :func:`fitted` gives it, except that an id too long for ``width`` that starts
    with its step's name (``calcfeatures_train_…`` in step ``calcfeatures``, whose name is drawn
    over the box) loses that prefix first, shown as a leading '…': the parts that tell the nodes
    of a step apart stay (``…train_pyr…CT_0``, not ``calcf…CT_0``)."""
    text, used = fitted(node_id, px, width)
    if text == node_id or not step or not node_id.startswith(step + "_") or len(node_id) <= len(step) + 1:
        return text, used
    dots = _ref_width("…", False) * px / REF_PX
    rest, rest_width = fitted(node_id[len(step) + 1:], px, width - dots)
    if rest_width + dots > width or len(rest) < 4:        # no room even so: the plain short form
        return text, used
    return "…" + rest, rest_width + dots


@dataclass(frozen=True, slots=True)
class MapLabel:
    node_id: str
    rect: QRectF          # scene coordinates
    text: str
    full: bool            # the whole id
    px: int               # font pixel size in scene units
    wanted: QRectF        # where the whole id (and its margin) would go: what can limit it


def _cells(rect: QRectF) -> Iterator[tuple[int, int]]:
    x0, x1 = math.floor(rect.left() / CELL), math.floor(rect.right() / CELL)
    y0, y1 = math.floor(rect.top() / CELL), math.floor(rect.bottom() / CELL)
    for cx in range(x0, x1 + 1):
        for cy in range(y0, y1 + 1):
            yield cx, cy


class MapLabelItem(QGraphicsItem):
    """Node ids, step names and problem counts of the map (see the module's text)."""

    def __init__(self, theme: Theme = LIGHT,
                 nodes: Callable[[], Iterable[tuple[str, QRectF, str, bool]]] | None = None,
                 node_box: Callable[[str], Any] | None = None) -> None:
        super().__init__()
        self._theme = theme
        self._nodes = nodes
        self._node_box = node_box
        self._boxes: dict[str, tuple[QRectF, str]] | None = None      # node id -> (box, kind)
        self._grid: dict[tuple[int, int], set[str]] = {}
        self._geo: dict[str, tuple[float, float, float, float]] = {}   # node id -> box (x, y, w, h)
        self._labels: dict[str, MapLabel] = {}
        self._label_scale = 0.0
        self._by_scale: dict[float, dict[str, MapLabel]] = {}      # other zooms' labels, oldest first
        self._problem_groups: tuple[Any, Any] | None = None
        self._step_cache: tuple[Any, list[tuple[str, QRectF, str, int]]] | None = None
        self._longest = 0.0                  # the widest id at REF_PX
        self._readable_at: tuple[Any, bool] | None = None
        self._step_nodes = True              # step names as last painted: made around the nodes
        self._step_rooms: dict[str, float] = {}
        self._rect = QRectF()
        self._min_height = math.inf          # of the node boxes
        self.setZValue(4)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setVisible(False)

    # -- state --------------------------------------------------------------------------------
    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.update()

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def _index(self) -> dict[str, tuple[QRectF, str]]:
        if self._boxes is None:
            self._boxes, self._grid, self._labels, self._by_scale, self._geo = {}, {}, {}, {}, {}
            # What _put does for each node, inlined (a map of 20,000 nodes is indexed on open).
            boxes, grid, geo, floor = self._boxes, self._grid, self._geo, math.floor
            min_height, longest = self._min_height, self._longest
            for node_id, rect, kind, _selected in (self._nodes() if self._nodes is not None else ()):
                rect = QRectF(rect)
                x, y, w, h = rect.x(), rect.y(), rect.width(), rect.height()
                min_height = min(min_height, h)
                longest = max(longest, _ref_width(node_id, False))
                boxes[node_id] = (rect, kind)
                geo[node_id] = (x, y, w, h)
                x0, x1 = floor(x / CELL), floor(rect.right() / CELL)
                y0, y1 = floor(y / CELL), floor(rect.bottom() / CELL)
                for cx in range(x0, x1 + 1):
                    for cy in range(y0, y1 + 1):
                        members = grid.get((cx, cy))
                        if members is None:
                            members = grid[(cx, cy)] = set()
                        members.add(node_id)
            self._min_height, self._longest = min_height, longest
        return self._boxes

    def _put(self, node_id: str, rect: QRectF, kind: str) -> None:
        assert self._boxes is not None
        self._min_height = min(self._min_height, rect.height())    # (kept when it goes)
        self._longest = max(self._longest, _ref_width(node_id, False))
        self._boxes[node_id] = (rect, kind)
        self._geo[node_id] = (rect.x(), rect.y(), rect.width(), rect.height())
        for cell in _cells(rect):
            self._grid.setdefault(cell, set()).add(node_id)

    def _drop(self, node_id: str) -> QRectF | None:
        assert self._boxes is not None
        old = self._boxes.pop(node_id, None)
        self._geo.pop(node_id, None)
        if old is None:
            return None
        for cell in _cells(old[0]):
            members = self._grid.get(cell)
            if members is not None:
                members.discard(node_id)
                if not members:
                    del self._grid[cell]
        return old[0]

    def nodes_changed(self, node_ids: Iterable[str] | None = None) -> None:
        """Boxes moved or changed (``node_ids``), or nodes came or went (None: all anew). A moved
        node's label goes, and so do the labels its old or new box limits or would limit."""
        if node_ids is None or self._boxes is None or self._node_box is None:
            self._boxes = None
            self._labels, self._by_scale = {}, {}
            self._readable_at = None
            self.update()
            return
        self._by_scale = {}                      # (only the current zoom's labels are mended)
        for node_id in node_ids:
            old = self._drop(node_id)
            box = self._node_box(node_id)
            if box is not None:
                self._put(node_id, QRectF(box[0]), box[1])
            if self._label_scale <= 0:
                continue
            label = self._labels.pop(node_id, None)
            if label is not None:
                self._update_label(label)
            for rect in (old, box[0] if box is not None else None):
                if rect is not None:
                    self._forget_where(self._obstacle(rect, self._label_scale))
                    self.update(self._room(rect, self._label_scale))

    def _obstacle(self, box: QRectF, scale: float) -> QRectF:
        """What a node's box and label take from the labels to its left."""
        height = text_height(font_px(NODE_PX, scale))
        top = box.top() + min(1.0 / scale, (box.height() - height) / 2)
        return QRectF(box.left(), min(box.top(), top), box.width(),
                      max(box.bottom(), top + height) - min(box.top(), top))

    def _room(self, box: QRectF, scale: float) -> QRectF:
        """The most a node's label may cover (to repaint before it is known)."""
        return self._obstacle(box, scale).adjusted(-2 / scale, -2 / scale, self._reach(scale), 2 / scale)

    def _reach(self, scale: float) -> float:
        """The widest a label can be at ``scale`` (the longest id, its margins)."""
        return self._longest * font_px(NODE_PX, scale) / REF_PX + (PAD_PX + GAP_PX) / scale

    def _update_label(self, label: MapLabel) -> None:
        m = 2.0 / self._label_scale
        self.update(label.rect.united(label.wanted).adjusted(-m, -m, m, m))

    def _forget_where(self, rect: QRectF) -> None:
        """Drop (and repaint) the labels that ``rect`` limits or would limit."""
        s = self._label_scale
        height = text_height(font_px(NODE_PX, s))
        near = QRectF(rect.left() - self._reach(s), rect.top() - 2 * height,
                      rect.width() + self._reach(s), rect.height() + 4 * height)
        for node_id in self._ids_in(near):
            label = self._labels.get(node_id)
            if label is not None and label.wanted.intersects(rect):
                del self._labels[node_id]
                self._update_label(label)

    def _ids_in(self, rect: QRectF) -> set[str]:
        found: set[str] = set()
        for cell in _cells(rect):
            members = self._grid.get(cell)
            if members:
                found |= members
        return found

    def count_in(self, rect: QRectF) -> int:
        """About how many nodes are in ``rect`` (a node across cells counts more than once)."""
        self._index()
        cells = (math.floor(rect.right() / CELL) - math.floor(rect.left() / CELL) + 1) * \
                (math.floor(rect.bottom() / CELL) - math.floor(rect.top() / CELL) + 1)
        if cells > 4 * len(self._grid):
            found = (m for (cx, cy), m in self._grid.items()
                     if rect.intersects(QRectF(cx * CELL, cy * CELL, CELL, CELL)))
        else:
            found = (m for m in map(self._grid.get, _cells(rect)) if m)
        count = 0
        for members in found:
            count += len(members)
            if count > MAX_LABELS:             # enough to know
                break
        return count

    def extent(self, scale: float) -> QRectF:
        """The box around all node labels and step names at ``scale``."""
        rect = QRectF()
        for _step, name, _text, _px in self.step_labels(scale):
            rect = rect.united(name)
        for label in self.labels(scale, self._rect):
            rect = rect.united(label.rect)
        return rect

    # -- node labels --------------------------------------------------------------------------
    def labels(self, scale: float, rect: QRectF) -> list[MapLabel]:
        """The node labels at ``scale`` of the nodes whose boxes meet ``rect`` (scene), or none
        when more than MAX_LABELS nodes are there."""
        if self.count_in(rect) > MAX_LABELS:
            return []
        return self._labels_in(scale, rect)

    def _labels_in(self, scale: float, rect: QRectF) -> list[MapLabel]:
        boxes = self._index()
        if scale != self._label_scale:
            # Wheeling in and out comes back to the same zooms: keep a few zooms' labels.
            self._by_scale[self._label_scale] = self._labels
            self._labels = self._by_scale.pop(scale, {})
            self._label_scale = scale
            while len(self._by_scale) > KEPT_SCALES:
                del self._by_scale[next(iter(self._by_scale))]
        found = []
        for node_id in self._ids_in(rect):
            box = boxes.get(node_id)
            if box is None or not box[0].intersects(rect):
                continue
            label = self._labels.get(node_id)
            if label is None:
                label = self._labels[node_id] = self._make_label(node_id, box[0], scale)
            found.append(label)
        return found

    def _make_label(self, node_id: str, box: QRectF, scale: float) -> MapLabel:
        assert self._boxes is not None
        px = font_px(NODE_PX, scale)
        height = text_height(px)
        lift = 1.0 / scale
        x0, top = box.left() + PAD_PX / scale, box.top() + min(lift, (box.height() - height) / 2)
        gap = GAP_PX / scale
        full = _ref_width(node_id, False) * px / REF_PX
        limit = full
        room = math.inf                     # from the box's left edge to the nearest thing
        wanted = QRectF(box.left(), top, x0 - box.left() + full + gap, height)
        bottom, left, right = top + height, box.left() + 1e-6, wanted.right()
        boxes = self._geo
        for other in self._ids_in(wanted):
            if other == node_id:
                continue
            oleft, otop, _ow, oheight = boxes[other]
            ltop = otop + min(lift, (oheight - height) / 2)
            # Its box and its label (at its top) both block this label's band.
            if min(otop, ltop) >= bottom or max(otop + oheight, ltop + height) <= top or oleft < left:
                continue                 # (to its left: that label's own concern)
            if oleft > right:
                continue
            limit = min(limit, oleft - gap - x0)
            room = min(room, oleft - 1.0 / scale - box.left())
        for name in self._step_names(scale):        # the step names lie over the nodes' space
            if name.top() < top + height and name.bottom() > top and name.right() > x0:
                if name.left() >= box.left():
                    limit = min(limit, name.left() - gap - x0)
                    room = min(room, name.left() - 1.0 / scale - box.left())
        step = getattr(self.scene(), "_step_of", {}).get(node_id)
        text, width = shortened(node_id, step, px, limit)
        if width > limit and room < math.inf:    # tight: no margins, start at the very edge
            x0 = box.left()
            text, width = shortened(node_id, step, px, room)
        return MapLabel(node_id, QRectF(x0, top, width, height), text, text == node_id, px, wanted)

    # -- steps and problems -------------------------------------------------------------------
    def _steps(self) -> list[tuple[str, QRectF]]:
        scene = self.scene()
        clusters = getattr(scene, "cluster_items", {})
        return [(step, item.scene_box()) for step, item in clusters.items() if item.isVisible()]

    def _step_names(self, scale: float) -> list[QRectF]:
        return [rect for _s, rect, _t, _px in self.step_labels(scale)]

    def _check_step_names(self, scale: float, readable: bool) -> None:
        """Step names move with their boxes: repaint where they were and are; the labels they
        limited or now limit go."""
        cached = self._step_cache
        if cached is None or cached[0][0] != scale or cached[0][1] != readable:
            return
        old = [rect for _s, rect, _t, _px in cached[1]]
        new = [rect for _s, rect, _t, _px in self.step_labels(scale, readable)]
        if old != new:
            for rect in {(r.x(), r.y(), r.width(), r.height()) for r in old} ^ \
                        {(r.x(), r.y(), r.width(), r.height()) for r in new}:
                if readable and self._label_scale == scale:
                    self._forget_where(QRectF(*rect))
                m = 2.0 / scale
                self.update(QRectF(*rect).adjusted(-m, -m, m, m))

    def step_labels(self, scale: float, nodes: bool = True) -> list[tuple[str, QRectF, str, int]]:
        """(step, rect, text, px) of each step's name, above its box, or else below it, or a line
        further up or down: the first of these places where the whole name runs into no name placed
        before it (left to right) and (``nodes``) no node of another step. Where none has room the
        name is shortened to the place with the most."""
        steps = self._steps()
        key = (scale, nodes, tuple((step, box.getRect()) for step, box in steps))
        if self._step_cache is not None and self._step_cache[0] == key:
            return self._step_cache[1]
        px = font_px(STEP_PX, scale)
        height = text_height(px, True)
        gap = GAP_PX / scale
        boxes = self._index()
        node_height = text_height(font_px(NODE_PX, scale))
        # Node labels taller than the smallest box stick out of it, maybe out of the step's box.
        out = max(0.0, (node_height - self._min_height) / 2 - PADDING) + 2.0 / scale
        scene = self.scene()
        step_of: dict[str, str] = getattr(scene, "_step_of", {})
        found = []
        placed: list[QRectF] = []
        rooms: dict[str, float] = {}
        self._step_rooms = rooms                # how long each name may be (for its badge)
        for step, box in sorted(steps, key=lambda sb: (sb[1].left(), sb[1].top(), sb[0])):
            full = _ref_width(step, True) * px / REF_PX
            best: tuple[float, QPointF] | None = None
            spots = (QPointF(box.left(), box.top() - height - out), QPointF(box.left(), box.bottom() + out),
                     QPointF(box.left(), box.top() - 2 * height - out - gap),
                     QPointF(box.left(), box.bottom() + height + out + gap))
            for at in spots:
                limit = full
                band = QRectF(at.x(), at.y(), full + gap, height)
                for other in placed:
                    if other.bottom() > band.top() and other.top() < band.bottom() and other.right() > at.x():
                        limit = min(limit, max(0.0, other.left() - gap - at.x()))
                for node_id in self._ids_in(band.adjusted(0, -node_height, 0, node_height)) if nodes else ():
                    obox = boxes[node_id][0]
                    ltop = obox.top() + min(1.0 / scale, (obox.height() - node_height) / 2)
                    obox = QRectF(obox.left(), min(obox.top(), ltop), obox.width(),
                                  max(obox.bottom(), ltop + node_height) - min(obox.top(), ltop))
                    if step_of.get(node_id) != step and obox.intersects(band):
                        limit = min(limit, max(0.0, obox.left() - gap - at.x()))
                if best is None or limit > best[0] + 1e-6:
                    best = (limit, at)
                if limit >= full:
                    break
            assert best is not None
            text, width = fitted(step, px, best[0], True)
            rooms[step] = best[0]
            rect = QRectF(best[1].x(), best[1].y(), width, height)
            placed.append(rect)
            found.append((step, rect, text, px))
        self._step_cache = (key, found)
        return found

    def problems_changed(self) -> None:
        self._problem_groups = None
        self.update()

    def _grouped_problems(self) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
        """Severities per step, and per node outside any step (links count at their target)."""
        scene = self.scene()
        index = getattr(scene, "_problems", None)
        step_of: dict[str, str] = getattr(scene, "_step_of", {})
        key = (id(index), id(step_of))
        if self._problem_groups is not None and self._problem_groups[0] == key:
            return self._problem_groups[1]
        per_step: dict[str, list[str]] = {}
        loose: dict[str, list[str]] = {}
        if index is not None:
            ends: dict[str, tuple[str, str, str]] = getattr(scene, "_link_ends", {})
            where = [(node_id, entries) for node_id, entries in index.nodes.items()]
            where += [(ends.get(link_id, ("", "", ""))[1], entries) for link_id, entries in index.links.items()]
            for node_id, entries in where:
                step = step_of.get(node_id)
                (per_step.setdefault(step, []) if step is not None else loose.setdefault(node_id, [])).extend(
                    s for s, _m in entries)
        self._problem_groups = (key, (per_step, loose))
        return per_step, loose

    def badges(self, scale: float) -> list[tuple[QRectF, str, int]]:
        """(rect, severity, count) of the problem badges: one per step with problems in it, one
        per node with problems outside any step (a link's count at its target node)."""
        per_step, loose = self._grouped_problems()
        boxes = self._index()
        d = BADGE_PX / scale
        found = []
        names = {step: rect for step, rect, _t, _px in self.step_labels(scale, self._step_nodes)}
        for step, _box in self._steps():
            severities = per_step.get(step)
            name = names.get(step)
            if severities and name is not None:      # after the step's name, or raised at its end
                if name.width() + d + 4.0 / scale <= self._step_rooms.get(step, 0.0):
                    rect = QRectF(name.right() + 2.0 / scale, name.center().y() - d / 2, d, d)
                else:
                    rect = QRectF(name.right() - d * 0.6, name.top() - d * 0.7, d, d)
                found.append((rect, _worst(severities), len(severities)))
        for node_id, severities in loose.items():
            entry = boxes.get(node_id)
            if entry is not None:
                found.append((QRectF(entry[0].right() - d * 0.5, entry[0].top() - d * 0.5, d, d),
                              _worst(severities), len(severities)))
        return found

    # -- painting -----------------------------------------------------------------------------
    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        scale = painter.worldTransform().m11()
        if scale <= 0:
            return
        t = self._theme
        exposed = option.exposedRect
        readable = self._readable(scale, widget)
        self._check_step_names(scale, readable)
        px = font_px(NODE_PX, scale)
        self._index()
        # Labels of nodes left of the exposed area may reach into it.
        reach = exposed.adjusted(-self._reach(scale), -text_height(px), 0, 0)
        labels = [l for l in self._labels_in(scale, reach) if l.rect.intersects(exposed)] if readable else []
        boxes = self._boxes or {}
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        painter.setPen(Qt.PenStyle.NoPen)
        for label in labels:                 # the label's own ground: its box's colour, wider
            box = boxes.get(label.node_id)
            if box is not None and label.rect.right() > box[0].right():
                painter.setBrush(QBrush(_ground(t.fill(box[1]))))
                painter.drawRect(QRectF(box[0].right(), label.rect.top(),
                                        label.rect.right() - box[0].right() + 2.0 / scale, label.rect.height()))
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
        painter.setPen(t.color("text"))
        if labels:
            painter.setFont(_font(labels[0].px, False))
            ascent = _ref_metrics(False).ascent() * labels[0].px / REF_PX
            for label in labels:
                painter.drawText(QPointF(label.rect.left(), label.rect.top() + ascent), label.text)
        self._step_nodes = readable
        steps = self.step_labels(scale, readable)
        if steps:
            spx = steps[0][3]
            painter.setFont(_font(spx, True))
            ascent = _ref_metrics(True).ascent() * spx / REF_PX
            painter.setPen(t.color("cluster_text"))
            for _step, rect, text, _px in steps:
                if rect.intersects(exposed):
                    painter.drawText(QPointF(rect.left(), rect.top() + ascent), text)
        self._paint_badges(painter, scale, exposed)

    def _readable(self, scale: float, widget: QWidget | None) -> bool:
        """Few enough nodes in the view for their labels to be read (decided for the whole view,
        not the part being repainted, so that the labels do not come and go with the repaints)."""
        view = widget.parentWidget() if widget is not None else None
        if not isinstance(view, QGraphicsView):
            return True
        visible = view.mapToScene(view.viewport().rect()).boundingRect()
        key = (scale, visible.getRect())
        if self._readable_at is None or self._readable_at[0] != key:
            self._readable_at = (key, self.count_in(visible) <= MAX_LABELS)
        return self._readable_at[1]

    def _paint_badges(self, painter: QPainter, scale: float, exposed: QRectF) -> None:
        t = self._theme
        badges = [b for b in self.badges(scale) if b[0].intersects(exposed)]
        if not badges:
            return
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        px = font_px(11.0, scale)
        painter.setFont(_font(px, True))
        for rect, severity, count in badges:
            painter.setPen(QPen(t.color("background"), 1.5 / scale))
            painter.setBrush(QBrush(t.color("badge_error" if severity == "error" else "badge_warning")))
            painter.drawEllipse(rect)
            painter.setPen(t.color("badge_text") if severity == "error" else QColor(Qt.GlobalColor.black))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(count) if count < 1000 else "999+")


def _worst(severities: list[str]) -> str:
    return "error" if "error" in severities else "warning"


def _ground(color: QColor) -> QColor:
    ground = QColor(color)
    ground.setAlpha(225)
    return ground
