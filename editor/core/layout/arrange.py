"""Core layer (no Qt): align and distribute selected nodes (the maths behind those menu actions).

Both return new top-left positions for the given ids only (ids without a position are skipped);
the caller turns them into one move command. Sizes default to zero for ids without one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Literal

from editor.core.layout.values import Point, Size

AlignMode = Literal["left", "right", "top", "bottom", "hcenter", "vcenter"]
Axis = Literal["horizontal", "vertical"]


def _present(positions: Mapping[str, Point], ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for i in ids:
        if i in positions and i not in seen:
            seen.add(i)
            out.append(i)
    return out


def align(
    positions: Mapping[str, Point], sizes: Mapping[str, Size], ids: Iterable[str], mode: AlignMode
) -> dict[str, Point]:
    """Line up edges or centres with the selection's bounding box.

    ``hcenter`` gives every node the same centre x (a vertical line of nodes, like Qt's AlignHCenter);
    ``vcenter`` the same centre y. Other modes move the named edge to the extreme one.
    """
    sel = _present(positions, ids)
    if not sel:
        return {}
    box = {i: (*positions[i], *sizes.get(i, (0.0, 0.0))) for i in sel}
    left = min(x for x, _y, _w, _h in box.values())
    right = max(x + w for x, _y, w, _h in box.values())
    top = min(y for _x, y, _w, _h in box.values())
    bottom = max(y + h for _x, y, _w, h in box.values())
    out: dict[str, Point] = {}
    for i, (x, y, w, h) in box.items():
        if mode == "left":
            out[i] = (left, y)
        elif mode == "right":
            out[i] = (right - w, y)
        elif mode == "top":
            out[i] = (x, top)
        elif mode == "bottom":
            out[i] = (x, bottom - h)
        elif mode == "hcenter":
            out[i] = ((left + right - w) / 2.0, y)
        elif mode == "vcenter":
            out[i] = (x, (top + bottom - h) / 2.0)
        else:
            raise ValueError(f"unknown align mode {mode!r}")
    return out


def distribute(
    positions: Mapping[str, Point], sizes: Mapping[str, Size], ids: Iterable[str], axis: Axis
) -> dict[str, Point]:
    """Equal gaps between neighbours along ``axis``, within the selection's extent on that axis.

    Nodes are taken in order of their left (top) edge, ties in the order given; the first keeps its
    place and the last ends where the selection ended. If they do not fit, they are put edge to edge
    from the first (gap 0) instead. Fewer than three nodes are returned unchanged.
    """
    if axis not in ("horizontal", "vertical"):
        raise ValueError(f"unknown axis {axis!r}")
    sel = _present(positions, ids)
    out = {i: positions[i] for i in sel}
    if len(sel) < 3:
        return out
    k = 0 if axis == "horizontal" else 1
    ordered = sorted(sel, key=lambda i: positions[i][k])  # stable: ties keep the given order
    length = {i: sizes.get(i, (0.0, 0.0))[k] for i in sel}
    start = positions[ordered[0]][k]
    end = max(positions[i][k] + length[i] for i in sel)
    gap = (end - start - sum(length.values())) / (len(sel) - 1)
    gap = max(gap, 0.0)
    cursor = start
    for i in ordered:
        x, y = positions[i]
        out[i] = (cursor, y) if k == 0 else (x, cursor)
        cursor += length[i] + gap
    return out
