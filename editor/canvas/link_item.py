"""Canvas layer: LinkItem, a link as a cubic curve from an output port to an input port, or, with
bend points that keep it clear of the cards in between (the scene's ``LinkRouter``), one smooth
piece per bend.

Colours follow fastr's draw: collapse blue and thicker, expand red, both purple, otherwise
neutral. Small labels show a sub-output index (at the source), a named sub-input or sub-input
number (at the target) and, when asked for, the link's dimensions (in the middle).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPainterPathStroker, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsRectItem, QStyleOptionGraphicsItem, QWidget

from editor.canvas import geometry as geo
from editor.canvas.port_item import BadgeItem
from editor.canvas.theme import LIGHT, Theme

HIT_WIDTH = 10.0
_STYLE_COLOR = {"plain": "link_neutral", "collapse": "link_collapse", "expand": "link_expand",
                "both": "link_both"}
_NO_BRUSH = Qt.BrushStyle.NoBrush
_ANTIALIAS = QPainter.RenderHint.Antialiasing
_PENS: dict[tuple[str, str, float, bool, Qt.PenCapStyle], QPen] = {}
_BRUSHES: dict[str, QBrush] = {}
_FLAGS = (QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
          | QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
_NO_PEN = QPen(Qt.PenStyle.NoPen)
# A new item's line and bounds (empty), shared: nothing changes them in place, and a link is given
# its own when it gets its ends (a rebuild made two empty Qt values per link, then dropped them).
_NO_PATH = QPainterPath()
_NO_RECT = QRectF()


def _pen(theme: Theme, color: str, width: float, cosmetic: bool,
         cap: Qt.PenCapStyle = Qt.PenCapStyle.RoundCap) -> QPen:
    """Pens are made once per colour, width and kind: a paint of thousands of links makes none.
    (A label's text pen is ``QPainter.setPen(QColor)``'s: width 1, square cap, not cosmetic.)"""
    key = (theme.name + getattr(theme, color), color, width, cosmetic, cap)
    pen = _PENS.get(key)
    if pen is None:
        pen = QPen(theme.color(color), width, Qt.PenStyle.SolidLine, cap)
        pen.setCosmetic(cosmetic or width == 0.0)
        _PENS[key] = pen
    return pen


def _touches(label: QRectF, exposed: QRectF) -> bool:
    """Whether a label drawn in ``label`` (its rounded box, its text inside) reaches ``exposed``."""
    return label.adjusted(-1.0, -1.0, 1.0, 1.0).intersects(exposed)


def _label_brush(theme: Theme) -> QBrush:
    key = theme.name + theme.link_label_bg
    brush = _BRUSHES.get(key)
    if brush is None:
        brush = _BRUSHES[key] = QBrush(theme.color("link_label_bg"))
    return brush


def link_style(collapse: bool, expand: bool) -> str:
    """'collapse', 'expand', 'both' or 'plain' (fastr draw's meaning of link colours)."""
    if collapse and expand:
        return "both"
    if collapse:
        return "collapse"
    if expand:
        return "expand"
    return "plain"


class LinkItem(QGraphicsRectItem):
    """One link. The scene gives it its end points, style and labels.

    Its bounding rect is the rect item's (no pen), set by the setters: Qt asks for it hundreds of
    times a paint (a drag at 100 %: some 460 times a mouse move), and a Python ``boundingRect``
    costs a call into Python each. A caller that sets several things at once passes
    ``settle=False`` and calls :meth:`settle` after the last."""

    def __init__(self, link_id: str, theme: Theme = LIGHT) -> None:
        super().__init__()
        self.setPen(_NO_PEN)
        self.link_id = link_id
        self._theme = theme
        self._style = "plain"
        self._controls = ((0.0, 0.0),) * 4
        self._end = (0.0, 0.0)
        self._bends: tuple[geo.Point, ...] = ()
        self._fan = 0.0
        # The drawn line is made when first painted, hit-tested or asked for (``path()``): a link
        # off screen needs none. Its bounds come from the control points without it.
        self._path: QPainterPath | None = _NO_PATH
        self._shape: QPainterPath | None = None
        self._labels: tuple[str, str, str] = ("", "", "")    # source, target, middle
        self._bounds: QRectF | None = _NO_RECT    # None: to be computed (from the new state)
        self._label_at: list[tuple[QRectF, str, bool]] | None = []    # None: to be computed
        self.badge: BadgeItem | None = None
        self.cosmetic = True
        self.setFlags(_FLAGS)                     # selectable; exposedRect in paint
        self.setZValue(-5)

    # -- display setters ----------------------------------------------------------------------
    @property
    def style(self) -> str:
        return self._style

    @property
    def labels(self) -> tuple[str, str, str]:
        return self._labels

    @property
    def end(self) -> geo.Point:
        """The input port's position (the curve's last control point unless the link fans in)."""
        return self._end

    @property
    def controls(self) -> tuple[geo.Point, geo.Point, geo.Point, geo.Point]:
        return self._controls  # type: ignore[return-value]

    @property
    def bends(self) -> tuple[geo.Point, ...]:
        """The bend points the link is drawn through (none: one plain curve)."""
        return self._bends

    def set_ends(self, p0: QPointF, p1: QPointF, fan: float = 0.0,
                 bends: tuple[geo.Point, ...] = (), settle: bool = True) -> None:
        end = (p1.x(), p1.y())
        controls = geo.link_controls((p0.x(), p0.y()), end, fan)
        bends = tuple(bends)
        if controls == self._controls and end == self._end and bends == self._bends:
            return
        self._controls, self._end, self._bends, self._fan = controls, end, bends, fan
        self._path = None
        self._shape = None
        self._bounds = None
        self._label_at = None
        if settle:
            self.settle()
        if self.badge is not None:
            self.badge.setPos(*self.point_at(0.5))

    def start(self, style: str, p0: geo.Point, p1: geo.Point, fan: float, bends: tuple[geo.Point, ...],
              labels: tuple[str, str, str]) -> None:
        """A new item's whole state at once (the scene's rebuild makes thousands): the same as
        ``set_style``, ``set_ends``, ``set_labels`` (each with ``settle=False``), then
        :meth:`settle`, with one bounding rect made and set."""
        changed = False
        if style != self._style:
            self._style = style
            changed = True
        controls = geo.link_controls(p0, p1, fan)
        if controls != self._controls or p1 != self._end or bends != self._bends:
            self._controls, self._end, self._bends, self._fan = controls, p1, bends, fan
            self._path = None
            self._shape = None
            changed = True
            if self.badge is not None:
                self.badge.setPos(*self.point_at(0.5))
        if labels != self._labels:
            self._labels = labels
            changed = True
        if changed:
            self._bounds = None
            self._label_at = None
            rect = self._compute_bounds()
            if rect != self.rect():
                self.setRect(rect)
            else:
                self.update()

    def point_at(self, t: float) -> geo.Point:
        """The point ``t`` (0 to 1) along the drawn line (of the curve's parameter, when plain)."""
        if not self._bends:
            return geo.bezier_point(self._controls, t)
        point = self.path().pointAtPercent(min(max(t, 0.0), 1.0))
        return (point.x(), point.y())

    def set_style(self, style: str, settle: bool = True) -> None:
        if style != self._style:
            self._style = style
            self._bounds = None
            if settle:
                self.settle()
            self.update()

    def set_labels(self, source: str = "", target: str = "", middle: str = "", settle: bool = True) -> None:
        labels = (source, target, middle)
        if labels != self._labels:
            self._labels = labels
            self._bounds = None
            self._label_at = None
            if settle:
                self.settle()
            self.update()

    def settle(self) -> None:
        """The bounding rect from the current ends, style and labels (after setters that were
        told not to settle)."""
        if self._bounds is None:
            rect = self._compute_bounds()
            if rect == self.rect():
                self.update()           # the same box: the line in it moved all the same
            else:
                self.setRect(rect)      # repaints where it was and is

    def set_problem(self, severity: str | None, text: str = "") -> None:
        if severity is None:
            if self.badge is not None:
                if self.scene() is not None:
                    self.scene().removeItem(self.badge)
                self.badge = None
            return
        if self.badge is None:
            self.badge = BadgeItem(self, self._theme)
            self.badge.setPos(*self.point_at(0.5))
        self.badge.set_problem(severity, text)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        if self.badge is not None:
            self.badge.set_theme(theme)
        self.update()

    # -- geometry -----------------------------------------------------------------------------
    def _pen_width(self) -> float:
        return 1.5 if self._style == "plain" else 3.0

    def _label_rects(self) -> list[tuple[QRectF, str, bool]]:
        """(rect, text, is the dimension label) of each label, centred above a point of the curve
        (near the source, near the target, the middle), so fanned-in links keep theirs apart.
        Kept until the ends or the labels change (every paint of the link asks)."""
        out = self._label_at
        if out is None:
            out = self._label_at = self._place_labels()
        return out

    def _place_labels(self) -> list[tuple[QRectF, str, bool]]:
        out = []
        h = 14.0
        for text, t, dims in zip(self._labels, (0.1, 0.86, 0.5), (False, False, True)):
            if not text:
                continue
            w = geo.text_width("label", text) + 6.0
            lane = self._controls[3]
            if t > 0.8 and lane != self._end:       # fanned in: a tag on the wire's own lane
                out.append((QRectF(lane[0] - w - 1.0, lane[1] - h / 2, w, h), text, dims))
                continue
            x, y = self.point_at(t)
            out.append((QRectF(x - w / 2, y - h - 3.0, w, h), text, dims))
        return out

    def _control_rect(self) -> QRectF:
        """The drawn line's ``controlPointRect()``; for a plain curve without making the line (its
        control points and the fan-in stub's end are all its points)."""
        if self._bends or self._path is not None:
            return self.path().controlPointRect()
        (ax, ay), (bx, by), (cx, cy), (dx, dy) = self._controls
        ex, ey = self._end
        left, right = min(ax, bx, cx, dx, ex), max(ax, bx, cx, dx, ex)
        top, bottom = min(ay, by, cy, dy, ey), max(ay, by, cy, dy, ey)
        return QRectF(left, top, right - left, bottom - top)

    def _compute_bounds(self) -> QRectF:
        rect = self._bounds
        if rect is None:
            m = self._pen_width() + HIT_WIDTH / 2 + 2.0
            rect = self._control_rect().adjusted(-m, -m, m, m)
            for label_rect, _text, _dims in self._label_rects():
                rect = rect.united(label_rect.adjusted(-1, -1, 1, 1))
            self._bounds = rect
        return rect

    def shape(self) -> QPainterPath:
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(HIT_WIDTH)
            self._shape = stroker.createStroke(self.path())
        return self._shape

    def path(self) -> QPainterPath:
        path = self._path
        if path is None:
            c = self._controls
            path = self._path = geo.link_path(c[0], self._end, self._fan, self._bends)
        return path

    def _visible_path(self, exposed: QRectF) -> QPainterPath | None:
        """The part of the link inside ``exposed`` (whole when that is most of it); stroking a long
        curve costs in proportion to its length, so a repaint strokes only what is seen."""
        bounds = self._control_rect()
        if bounds.width() <= exposed.width() * 1.5 or not self.cosmetic or self._bends:
            return self.path()
        margin = 8.0
        span = geo.visible_span(self._controls, exposed.left() - margin, exposed.right() + margin)
        stub = self._controls[3] != self._end and self._end[0] >= exposed.left() - geo.FAN_STUB - margin
        if span is None:
            return self._stub_path() if stub else None
        if span == (0.0, 1.0):
            return self.path()
        a, b, c, d = geo.split_cubic(self._controls, *span)
        path = QPainterPath(QPointF(*a))
        path.cubicTo(QPointF(*b), QPointF(*c), QPointF(*d))
        if not path.controlPointRect().adjusted(-margin, -margin, margin, margin).intersects(exposed):
            return self._stub_path() if stub else None
        if stub and span[1] >= 1.0:
            path.lineTo(QPointF(*self._end))
        return path

    def _stub_path(self) -> QPainterPath:
        path = QPainterPath(QPointF(*self._controls[3]))
        path.lineTo(QPointF(*self._end))
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        t = self._theme
        color_name = _STYLE_COLOR[self._style]
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        painter.setBrush(_NO_BRUSH)
        # Cosmetic pens (widths in device pixels) are clipped to the screen per segment, and one
        # pixel wide they take Qt's fast stroker: 3-10x cheaper on big networks. Plain links are one
        # pixel up to 135 % zoom, then grow; styled ones scale a little with the zoom. The export
        # asks for real widths (``cosmetic = False``) so that a 2x picture has 2x lines.
        cosmetic = self.cosmetic
        if not cosmetic:
            width = self._pen_width()
        elif self._style == "plain":
            width = 1.0 if lod <= 1.35 else round(min(3.0, 1.1 * lod), 1)
        else:
            width = round(self._pen_width() * min(max(lod, 0.6), 2.0), 1)
        selected = self.isSelected()
        if lod < geo.LOD_DETAIL:
            painter.setPen(_pen(t, "node_selected" if selected else color_name,
                                0.0 if self._style == "plain" else 2.0, True))
            painter.drawPath(self.path())
            return
        # One-pixel cosmetic strokes are clipped cheaply by Qt; wider ones cost their length.
        path = self._visible_path(option.exposedRect) if width > 1.0 else self.path()
        if path is None:
            return
        painter.setRenderHint(_ANTIALIAS, True)
        if selected:
            painter.setPen(_pen(t, "link_selected_halo", width + 6.0, cosmetic))
            painter.drawPath(path)
        painter.setPen(_pen(t, color_name, width, cosmetic))
        painter.drawPath(path)
        labels = self._label_rects()
        if labels:
            # Only the labels in the repaint: laying out a label's text costs more than stroking
            # the line, and a link crossing a dragged card's repaint mostly has its label elsewhere.
            exposed = option.exposedRect
            brush = None
            for rect, text, dims in labels:
                if not _touches(rect, exposed):
                    continue
                if brush is None:
                    brush = _label_brush(t)
                    painter.setFont(geo.font("label"))
                painter.setPen(_NO_PEN)
                painter.setBrush(brush)
                painter.drawRoundedRect(rect, 3.0, 3.0)
                painter.setPen(_pen(t, "dims_text" if dims else "text_muted", 1.0, False, Qt.PenCapStyle.SquareCap))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
