"""LinkItem makes its drawn line when first asked (painted, hit-tested, ``path()``) and its bounds
from the control points: both must be what a line made at once would give, for plain, fanned-in
and routed links with labels, after every setter."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF

from editor.canvas import geometry as geo
from editor.canvas.link_item import HIT_WIDTH, LinkItem


def _eager_bounds(item: LinkItem, path) -> QRectF:
    """The bounds as the item computed them before it made its line lazily."""
    m = item._pen_width() + HIT_WIDTH / 2 + 2.0
    rect = path.controlPointRect().adjusted(-m, -m, m, m)
    for label_rect, _text, _dims in item._label_rects():
        rect = rect.united(label_rect.adjusted(-1, -1, 1, 1))
    return rect


CASES = [
    ((10.0, 20.0), (300.0, 80.0), 0.0, ()),                      # plain, forward
    ((400.0, 20.0), (100.0, 200.0), 0.0, ()),                    # backward loop
    ((10.0, 20.0), (300.0, 80.0), 16.0, ()),                     # fanned in: lane and stub
    ((10.0, 20.0), (300.0, 80.0), -8.0, ((120.0, -40.0), (200.0, -40.0))),    # routed
]


def test_lazy_path_and_bounds_match_an_eager_line(qapp) -> None:
    for p0, p1, fan, bends in CASES:
        item = LinkItem("l")
        item.set_style("collapse")
        item.set_ends(QPointF(*p0), QPointF(*p1), fan, bends)
        item.set_labels("[0]", "name/1", "[NxM]")
        assert item._path is None or bends                     # a routed line is made for its bounds
        bounds = item.boundingRect()
        eager = geo.link_path(p0, p1, fan, bends)
        assert item._path is None or bends                     # a plain curve's bounds need no line
        assert bounds == _eager_bounds(item, eager)
        assert item.path() == eager
        assert item.boundingRect() == _eager_bounds(item, eager)
        assert not item.shape().isEmpty()
        # The setters drop the bounds; the next ask gives the new ones.
        item.set_style("plain")
        assert item.boundingRect() == _eager_bounds(item, eager)
        item.set_ends(QPointF(p0[0] + 50, p0[1]), QPointF(*p1), fan, bends)
        moved = geo.link_path((p0[0] + 50, p0[1]), p1, fan, bends)
        assert item.boundingRect() == _eager_bounds(item, moved)
        assert item.path() == moved
        assert item.point_at(0.0) == (p0[0] + 50, p0[1])


def test_a_new_link_has_empty_bounds_and_path(qapp) -> None:
    item = LinkItem("l")
    assert item.boundingRect() == QRectF()
    assert item.path().isEmpty()
