"""Canvas layer: LinkRouter, the scene's bend points for links that would pass under a card.

It keeps a grid of the node cards as drawn (built when first asked after a change: the scene
calls :meth:`invalidate` when cards move or change size) and asks ``editor.core.layout.route``
for the bend points of one link, its own two cards left out. Bend points are derived from the
drawing, never saved: the file stays as fastr writes it. While nodes are dragged the scene draws
their links plain (routing each mouse move would cost); they are routed again on release, with the
links that now pass under a moved card and the routed ones that went round where it was. Networks
of more than :data:`MAX_LINKS` links are drawn plain.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from PySide6.QtCore import QRectF

from editor.core.layout.route import Rect, route
from editor.core.layout.values import Point

_CELL = 256.0
MARGIN = 8.0  # how far a routed link keeps clear of a card
#: Networks with more links are drawn with plain curves: routing costs up to 0.5 ms a link (a dense
#: 1,000-node network of 1,810 links, 682 of them routed, opened 0.8 s slower with it).
MAX_LINKS = 1500
#: After a move, routed links passing this close to where a moved card was are routed again (a
#: detour keeps ``MARGIN`` from the card it goes round)...
NEAR_BOX = 3 * MARGIN
#: ...at most this many of them (a card dragged out of a dense bundle: bounded work on release).
MAX_NEAR_REROUTES = 400


class LinkRouter:
    """Bend points around the cards given by ``boxes()`` (node id -> card rect in the scene)."""

    def __init__(self, boxes: Callable[[], Iterable[tuple[str, QRectF]]],
                 link_count: Callable[[], int] = lambda: 0) -> None:
        self._boxes = boxes
        self._link_count = link_count
        self._grid: dict[tuple[int, int], list[tuple[Rect, str]]] | None = None

    @property
    def active(self) -> bool:
        """Whether links are routed at all (not in networks of more than :data:`MAX_LINKS`)."""
        return self._link_count() <= MAX_LINKS

    def invalidate(self) -> None:
        self._grid = None

    def _index(self) -> dict[tuple[int, int], list[tuple[Rect, str]]]:
        if self._grid is None:
            grid: dict[tuple[int, int], list[tuple[Rect, str]]] = {}
            for node_id, box in self._boxes():
                r = (box.left(), box.top(), box.right(), box.bottom())
                for key in _cells(r):
                    grid.setdefault(key, []).append((r, node_id))
            self._grid = grid
        return self._grid

    def route(self, p0: Point, p1: Point, ends: tuple[str, str]) -> tuple[Point, ...]:
        """Bend points for a link from ``p0`` to ``p1`` (its curve's end) between the cards
        ``ends`` (source, target); empty when the plain curve is clear (or the network is too big
        to route, :data:`MAX_LINKS`)."""
        if not self.active:
            return ()
        grid = self._index()

        def cards(r: Rect) -> list[Rect]:
            seen: set[str] = set()
            out = []
            for key in _cells(r):
                for rect, node_id in grid.get(key, ()):
                    if node_id in seen or node_id in ends:
                        continue
                    seen.add(node_id)
                    if rect[0] < r[2] and r[0] < rect[2] and rect[1] < r[3] and r[1] < rect[3]:
                        out.append(rect)
            return out

        return tuple(route(p0, p1, cards, MARGIN))


def _cells(r: Rect) -> list[tuple[int, int]]:
    x1, y1 = math.floor(r[0] / _CELL), math.floor(r[1] / _CELL)
    x2, y2 = math.floor(r[2] / _CELL), math.floor(r[3] / _CELL)
    return [(i, j) for i in range(x1, x2 + 1) for j in range(y1, y2 + 1)]
