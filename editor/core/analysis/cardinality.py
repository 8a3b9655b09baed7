"""Core layer: fastr's cardinality specifications and planning-time cardinality arithmetic.

A port's cardinality spec is kept raw (``1``, ``'1-*'``, ``'as:x'``, ``'val:x'``, ``'unknown'``,
``'[1,2]'``), exactly as fastr reads it from a tool file. :func:`parse_spec` turns it into a
:class:`CardinalitySpec` the way ``fastr.core.cardinality.create_cardinality`` does.

While planning, fastr's cardinalities are ints, sympy symbols or expressions (``N_source``), or
None (unknown). Here a cardinality is an ``int``, a ``str`` (symbolic: the text of the
expression) or ``None``; only "is it an int" and the int value ever change an outcome.
No Qt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

#: A planning cardinality or dimension size: an int, a symbolic value (its text), or None.
Card = int | str | None

_CHOICE_RE = re.compile(r"^\[\d+(,\d+)*]")
_RANGE_RE = re.compile(r"^(\d+|\*)-(\d+|\*)$")


@dataclass(frozen=True, slots=True)
class CardinalitySpec:
    """A parsed spec. ``kind`` is 'int', 'any', 'choice', 'min', 'max', 'range', 'as' or 'val'."""

    kind: str
    low: int | None = None          # int value, minimum, or range start
    high: int | None = None         # maximum or range end
    options: tuple[int, ...] = ()   # 'choice'
    target: str = ""                # 'as' / 'val': the other port's id (may end in '[i]')
    raw: object = None              # the spec as written

    def accepts(self, cardinality: int) -> bool:
        """fastr's ``CardinalitySpec._validate`` while planning (no payload)."""
        if self.kind == "int":
            return cardinality == self.low
        if self.kind == "min":
            return cardinality >= (self.low or 0)
        if self.kind == "max":
            return cardinality <= (self.high or 0)
        if self.kind == "range":
            return (self.low or 0) <= cardinality <= (self.high or 0)
        if self.kind == "choice":
            return cardinality in self.options
        return True  # any; as:/val: cannot be checked without data

    def __str__(self) -> str:
        return str(self.raw)


class CardinalitySpecError(ValueError):
    """A cardinality that fastr refuses ("Not a valid cardinality description string")."""


def parse_spec(raw: object) -> CardinalitySpec:
    """``create_cardinality``: the spec for ``raw`` or CardinalitySpecError."""
    if isinstance(raw, bool):
        raise CardinalitySpecError(f"Not a valid cardinality description string ({raw!r})")
    if isinstance(raw, int):
        return CardinalitySpec("int", low=raw, raw=raw)
    if not isinstance(raw, str):
        raise CardinalitySpecError(f"Not a valid cardinality description string ({raw!r})")
    if re.match(r"^\d+$", raw):
        return CardinalitySpec("int", low=int(raw), raw=raw)
    if raw in ("*", "any", "unknown"):
        return CardinalitySpec("any", raw=raw)
    if _CHOICE_RE.match(raw):
        try:
            options = tuple(int(x) for x in raw[1:-1].split(","))
        except ValueError:
            raise CardinalitySpecError(f"Not a valid cardinality description string ({raw})") from None
        return CardinalitySpec("choice", options=options, raw=raw)
    if "-" in raw:
        match = _RANGE_RE.match(raw)
        if match is None:
            raise CardinalitySpecError(f"Not a valid cardinality description string ({raw})")
        lower, upper = match.groups()
        if lower == "*" and upper == "*":
            return CardinalitySpec("any", raw=raw)
        if lower == "*":
            return CardinalitySpec("max", high=int(upper), raw=raw)
        if upper == "*":
            return CardinalitySpec("min", low=int(lower), raw=raw)
        return CardinalitySpec("range", low=int(lower), high=int(upper), raw=raw)
    if raw.startswith("as:"):
        return CardinalitySpec("as", target=raw[3:], raw=raw)
    if raw.startswith("val:"):
        return CardinalitySpec("val", target=raw[4:], raw=raw)
    raise CardinalitySpecError(f"Not a valid cardinality description string ({raw})")


@lru_cache(maxsize=1024)
def spec_or_none(raw: object) -> CardinalitySpec | None:
    """The parsed spec, or None when fastr would refuse it (cached: specs repeat a lot)."""
    try:
        return parse_spec(raw)
    except CardinalitySpecError:
        return None


def describe(spec: CardinalitySpec) -> str:
    """A person's reading of a spec: 'exactly 1', 'at least 1', 'between 1 and 3', ..."""
    if spec.kind == "int":
        return f"exactly {spec.low}"
    if spec.kind == "min":
        return f"at least {spec.low}"
    if spec.kind == "max":
        return f"at most {spec.high}"
    if spec.kind == "range":
        return f"between {spec.low} and {spec.high}"
    if spec.kind == "choice":
        return "one of " + ", ".join(str(x) for x in spec.options)
    if spec.kind == "as":
        return f"as many as input '{spec.target}'"
    if spec.kind == "val":
        return f"the value of '{spec.target}'"
    return "any number"


# -- planning arithmetic ------------------------------------------------------------------------
def add(values: list[Card]) -> Card:
    """Sum of cardinalities (fastr starts from 0): symbolic if any term is."""
    if len(values) == 1:
        return values[0]
    total = 0
    symbolic: list[str] = []
    for value in values:
        if isinstance(value, int):
            total += value
        else:
            symbolic.append(str(value))
    if not symbolic:
        return total
    if total:
        symbolic.append(str(total))
    return " + ".join(symbolic)


def multiply(a: Card, b: Card) -> Card:
    if isinstance(a, int) and isinstance(b, int):
        return a * b
    if a == 1:
        return b
    if b == 1:
        return a
    if a == 0 or b == 0:
        return 0
    return f"({a})*({b})"


def slice_length(index: str, length: int) -> int:
    """fastr's ``SubOutput.cardinality`` for a slice ``'a:b[:c]'`` of an int cardinality.

    fastr computes ``(stop - start) // step`` from ``slice.indices``, which is not always the
    length of the slice (``0:5:2`` gives 2); this keeps fastr's value.
    """
    parts = [int(x) if x else None for x in index.split(":")]
    while len(parts) < 3:
        parts.append(None)
    start, stop, step = parts[:3]
    if step == 0:
        return 0
    begin, end, stride = slice(start, stop, step).indices(length)
    return (end - begin) // stride
