"""Canvas layer: ClusterItem, a step id drawn as a labelled, rounded box behind its nodes
(fastr's draw makes each step a ``cluster_<step>`` subgraph, gray60, labelled with the step)."""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from editor.canvas import geometry as geo
from editor.canvas.theme import LIGHT, Theme

PADDING = 16.0
LABEL_HEIGHT = 8.0          # extra room on top: the label tab sits on the top edge
RADIUS = 12.0               # of the box's corners
SLACK = 96.0                # the bounding rect's least room around the box (see ClusterItem.set_rect)


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


def slack(rect: QRectF) -> float:
    """The room a box's bounding rect keeps around it: SLACK, or half the box's larger side, so
    that a member dragged out of a big box moves its edge many times before the bounding rect
    (and with it the whole box) has to change."""
    return max(SLACK, 0.5 * max(rect.width(), rect.height()))


def changed_strips(old: QRectF, new: QRectF) -> list[QRectF]:
    """Where a rounded box drawn at ``old`` and then at ``new`` differs: a strip along each edge
    that moved, wide enough for the move, the rounded corners and the pen."""
    reach = RADIUS + 3.0
    top, bottom = min(old.top(), new.top()) - 2.0, max(old.bottom(), new.bottom()) + 2.0
    left, right = min(old.left(), new.left()) - 2.0, max(old.right(), new.right()) + 2.0
    strips = []
    if old.left() != new.left():
        a, b = sorted((old.left(), new.left()))
        strips.append(QRectF(a - 2.0, top, b - a + reach, bottom - top))
    if old.right() != new.right():
        a, b = sorted((old.right(), new.right()))
        strips.append(QRectF(a - reach, top, b - a + reach + 2.0, bottom - top))
    if old.top() != new.top():
        a, b = sorted((old.top(), new.top()))
        strips.append(QRectF(left, a - 2.0, right - left, b - a + reach))
    if old.bottom() != new.bottom():
        a, b = sorted((old.bottom(), new.bottom()))
        strips.append(QRectF(left, a - reach, right - left, b - a + reach + 2.0))
    return strips


def cropped(box: QRectF, exposed: QRectF, margin: float) -> QRectF:
    """``box`` with each side that lies more than ``margin`` beyond ``exposed`` brought in to that
    distance. Drawn as a rounded box, it looks the same inside ``exposed`` as ``box`` does (the
    sides and corners drawn there are the same; the sides brought in, with their corners, fall
    outside), but a repaint of a small part of a big step box fills and strokes a small path:
    Qt's antialiased fill costs the path's size, not the part of it the clip lets through (a
    drag at 2,000 nodes at 100 %: four step boxes under each repaint, 117 -> 38 us a paint, wall)."""
    if exposed.isEmpty() or box.isEmpty():
        return box
    left = max(box.left(), exposed.left() - margin)
    top = max(box.top(), exposed.top() - margin)
    right = min(box.right(), exposed.right() + margin)
    bottom = min(box.bottom(), exposed.bottom() + margin)
    if left >= right or top >= bottom:
        return box
    return QRectF(QPointF(left, top), QPointF(right, bottom))


class MemberBoxes:
    """The scene boxes of a step's members as they were when its box was last computed, one list
    per side, so that the box of the members that stay put while others are dragged costs the
    moving ones, not the step: a side only a moving member reaches is found again with one
    C-level ``min``/``max`` over that side's list (a drag's start in a step of 3,200 / 6,400
    members: 6 / 12 ms of ``scene_box`` calls before, 0.005-0.07 ms now)."""

    def __init__(self, boxes: dict[str, QRectF], listed: int = -1) -> None:
        self.listed = listed            # the step's member count then (some may have no item)
        self.index = {n: i for i, n in enumerate(boxes)}
        coords = [r.getCoords() for r in boxes.values()]     # cards: never an empty rect
        sides: list[list[float]] = [list(side) for side in zip(*coords)] or [[], [], [], []]
        self._sides = sides             # left, top, right and bottom of each member
        left, top, right, bottom = sides
        self._box = (QRectF(QPointF(min(left), min(top)), QPointF(max(right), max(bottom))) if coords
                     else QRectF())

    @property
    def united(self) -> QRectF:
        """The box around all the members (as :func:`united` of their boxes)."""
        return QRectF(self._box)

    def __len__(self) -> int:
        return len(self.index)

    def box(self, node_id: str) -> QRectF | None:
        i = self.index.get(node_id)
        if i is None:
            return None
        left, top, right, bottom = (side[i] for side in self._sides)
        return QRectF(QPointF(left, top), QPointF(right, bottom))

    def moved(self, boxes: dict[str, QRectF]) -> bool:
        """Members moved or resized to ``boxes``: kept in place, and the box around all the
        members found again with one C-level ``min``/``max`` per side. False (nothing changed)
        when one of them is not a member."""
        if any(n not in self.index for n in boxes):
            return False
        left, top, right, bottom = self._sides
        for node_id, rect in boxes.items():
            i = self.index[node_id]
            left[i], top[i], right[i], bottom[i] = rect.getCoords()
        self._box = (QRectF(QPointF(min(left), min(top)), QPointF(max(right), max(bottom))) if left
                     else QRectF())
        return True

    def without(self, moving: Iterable[str]) -> QRectF:
        """The box around the members not in ``moving`` (a null rect for none)."""
        at = [self.index[n] for n in moving if n in self.index]
        if not at:
            return QRectF(self._box)
        if len(at) >= len(self.index):
            return QRectF()
        full = self._box
        edges = []
        for values, extreme, pick, away in ((self._sides[0], full.left(), min, math.inf),
                                            (self._sides[1], full.top(), min, math.inf),
                                            (self._sides[2], full.right(), max, -math.inf),
                                            (self._sides[3], full.bottom(), max, -math.inf)):
            if any(values[i] == extreme for i in at):     # a moving member makes this side
                saved = [values[i] for i in at]
                for i in at:
                    values[i] = away
                extreme = pick(values)
                for i, value in zip(at, saved):
                    values[i] = value
            edges.append(extreme)
        return QRectF(QPointF(edges[0], edges[1]), QPointF(edges[2], edges[3]))


class ClusterItem(QGraphicsItem):
    """One step id: the box behind its nodes. Its label is a separate item (``label``) above the
    nodes, so that nodes of other steps lying over the box do not hide it; the scene adds both."""

    def __init__(self, step_id: str, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.step_id = step_id
        self._theme = theme
        self._rect = QRectF()
        self._bounds = QRectF()
        self._shape: tuple[QRectF, QPainterPath] | None = None
        self.members: MemberBoxes | None = None     # what the box was last computed from
        self.label = ClusterLabelItem(step_id, theme)
        self.setZValue(-20)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)   # exposedRect
        self.setToolTip(f"step {step_id}")

    def set_rect(self, rect: QRectF) -> None:
        """Move the box. Its bounding rect keeps room around it (SLACK, or half the box's larger
        side for a big box), so that a box growing or shrinking (a member dragged across its edge)
        repaints the strips along the edges that moved, not its whole area: a new bounding rect
        repaints all of the old and the new one (at fit-all a step the height of a 10,000-node
        network: some 6 ms a mouse move; at 30 % zoom a step of 1,250 nodes fills the view)."""
        if rect == self._rect:
            return
        old, self._rect = self._rect, QRectF(rect)
        drawn = rect.adjusted(-2, -2, 2, 2)
        room = slack(rect)
        if (not old.isNull() and not rect.isNull() and self._bounds.contains(drawn)
                and self._bounds.width() <= drawn.width() + 4 * room
                and self._bounds.height() <= drawn.height() + 4 * room):
            for strip in changed_strips(old, rect):
                self.update(strip)
        else:
            self.prepareGeometryChange()
            self._bounds = QRectF() if rect.isNull() else drawn.adjusted(-room, -room, room, room)
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

    def scene_box(self) -> QRectF:
        """The box in scene coordinates (its bounding rect has slack around it)."""
        return self.mapRectToScene(self._rect)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        self.label.set_theme(theme)
        self.update()

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._bounds

    def shape(self) -> QPainterPath:
        if self._shape is None or self._shape[0] != self._rect:      # kept: item queries ask often
            path = QPainterPath()
            path.addRect(self._rect)          # the box, not the slack (tooltips, item queries)
            self._shape = (QRectF(self._rect), path)
        return self._shape[1]

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = self._theme
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        far = lod < geo.LOD_DETAIL * 0.5
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, not far)
        painter.setPen(QPen(t.color("cluster_border"), 1.2))
        painter.setBrush(QBrush(t.color("cluster_fill")))
        rect = cropped(self._rect, option.exposedRect, RADIUS + 4.0 + 2.0 / max(lod, 1e-3))
        if far:                         # a few pixels of radius: a plain box, drawn 4x faster
            painter.drawRect(rect)
        else:
            painter.drawRoundedRect(rect, RADIUS, RADIUS)


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
