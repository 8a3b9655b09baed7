"""Core layer: the one rule for canvas numbers (node positions, sizes, zoom): finite and bounded.

Whatever a file, a recovery file, the clipboard or the settings hold, the canvas is only given
numbers this module let through: a huge float (1e308) or a 400-digit integer made Qt's scene
rectangle overflow (a crash), so a finite number beyond :data:`MAX_COORDINATE` is clamped to it,
and a value that is no number (inf, nan, text, a bool) is dropped (the node is placed anew).
"""

from __future__ import annotations

import math
from typing import Any

#: The largest distance from the origin a node may be at, in scene units (a node is ~200 wide:
#: room for 5,000 nodes side by side, far below where Qt's geometry loses precision).
MAX_COORDINATE = 1_000_000.0
#: The largest width or height (of a node, a box, a window), in scene units or pixels.
MAX_SIZE = 100_000.0


def clamp_number(value: Any, low: float, high: float) -> float | None:
    """``value`` as a float within [low, high], or None when it is no finite number.

    Integers too large for a float are clamped by their sign; bools are not numbers here."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, int):
        if value > high:
            return float(high)
        if value < low:
            return float(low)
        return float(value)
    if not math.isfinite(value):
        return None
    return float(min(high, max(low, value)))


def clamp_coordinate(value: Any) -> float | None:
    """A scene coordinate: a finite number clamped to +/- :data:`MAX_COORDINATE`; None if no number."""
    return clamp_number(value, -MAX_COORDINATE, MAX_COORDINATE)


def read_position(value: Any) -> tuple[tuple[float, float] | None, str | None]:
    """A node position read from outside (a list or tuple of two numbers).

    Returns ``(position or None, note)``: the note (None when the value was taken as it is) says
    what was changed, for a load warning: "clamped to ..." or "dropped ...".
    """
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None, None if value is None else f"{describe(value)} dropped: not a list of two numbers"
    x, y = (clamp_coordinate(v) for v in value)
    if x is None or y is None:
        return None, (f"[{describe(value[0])}, {describe(value[1])}] dropped: not two finite numbers "
                      "(the node is placed automatically)")
    if (x, y) != (value[0], value[1]):
        return (x, y), (f"[{describe(value[0])}, {describe(value[1])}] clamped to ({x:g}, {y:g}): "
                        f"a coordinate is beyond +/-{MAX_COORDINATE:,.0f}")
    return (x, y), None


def clamp_position(position: tuple[float, float]) -> tuple[float, float]:
    """A position computed in the editor (a paste offset added, a layout): kept within the bound."""
    x, y = (clamp_coordinate(v) for v in position)
    return (0.0 if x is None else x, 0.0 if y is None else y)


def describe(value: Any, limit: int = 40) -> str:
    """A short text of an outside value for a message: numbers and short text as they are, a
    400-digit integer by its length, a container by its kind (never its whole, maybe deep, text)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**20:
        try:
            return f"an integer of {len(str(abs(value)))} digits"
        except ValueError:         # beyond Python's int -> str limit
            return f"an integer of about {int(abs(value).bit_length() * math.log10(2)) + 1} digits"
    if isinstance(value, (list, tuple, dict)):
        return f"a {type(value).__name__} of {len(value)} item{'s' if len(value) != 1 else ''}"
    text = repr(value)
    return text if len(text) <= limit else text[:limit - 3] + "..."
