"""Core layer: YAML text of a network state, the same bytes as PyYAML's, written ten times faster.

``yaml.dump(state, Dumper=CSafeDumper, sort_keys=False, default_flow_style=False,
allow_unicode=True)`` builds a node per value and walks them twice; at 10,000 nodes that is some
4 s. A state is a small shape: dicts with string keys, lists, strings, numbers, booleans and
``None``. :func:`dump_block` writes that shape directly, following the rules of PyYAML's (and
libyaml's) block emitter:

* a mapping indents its keys by 2 under its parent key; a sequence that is a mapping's value is
  not indented (``key:`` then ``- item`` at the key's column); the first key or item of a
  collection inside a sequence item follows the ``- `` on the same line; empty collections are
  ``[]`` and ``{}``;
* a string is plain when PyYAML's resolver reads it back as a string and the emitter's scalar
  analysis allows a plain block scalar, else single-quoted (``'`` doubled);
* numbers, booleans and ``None`` as PyYAML's SafeRepresenter writes them (``.inf``, ``1.0e+16``).

What it does not cover raises :class:`Uncovered`: strings outside printable ASCII, strings with a
space that could be folded at the 80-column width, keys that are not short strings, other types
and any object met twice (PyYAML would write an anchor). The caller falls back to PyYAML for the
smallest independent piece holding it (a top-level key, or one item of a top-level list).
Equality with PyYAML is tested on random states (hypothesis) and on every golden file.
"""

from __future__ import annotations

import math
from typing import Any

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

__all__ = ["Uncovered", "Shared", "dump_block", "dump_item", "dump_key", "dump_entry"]

WIDTH = 80          # the emitter's best width: a scalar with spaces reaching past it may be folded
MAX_KEY = 120       # a longer key would be written as a complex key (``? key``) by the emitter

_STR_TAG = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()
_LEADING = frozenset("#,[]{}&*!|>'\"%@`")
_INSIDE_FLOW = frozenset(",?[]{}")


class Uncovered(Exception):
    """A value this writer does not cover: let PyYAML write the piece holding it."""


class Shared(Uncovered):
    """An object met twice: PyYAML writes an anchor and an alias, so the whole document is its."""


def _resolves_to_str(text: str) -> bool:
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR_TAG


def _allows_block_plain(text: str) -> bool:
    """PyYAML's ``analyze_scalar(...).allow_block_plain`` for non-empty printable ASCII."""
    if text.startswith(("---", "...")) or text[0] == " " or text[-1] == " ":
        return False
    first = text[0]
    followed = len(text) == 1 or text[1] == " "
    if first in _LEADING or (first in "?:-" and followed):
        return False
    if ": " in text or " #" in text or text.endswith(":"):
        return False
    return True


# string -> (text as written, whether it holds a space); None for a string not covered
_STRINGS: dict[str, tuple[str, bool] | None] = {}


def _string(text: str) -> tuple[str, bool]:
    if text in _STRINGS:
        known = _STRINGS[text]
    else:
        known = _analyse(text)
        if len(_STRINGS) < 200_000:
            _STRINGS[text] = known
    if known is None:
        raise Uncovered(f"string {text[:40]!r}")
    return known


def _analyse(text: str) -> tuple[str, bool] | None:
    if not text:
        return ("''", False)
    if not (text.isascii() and text.isprintable()):
        return None
    if _resolves_to_str(text) and _allows_block_plain(text):
        return (text, " " in text)
    return ("'" + text.replace("'", "''") + "'", " " in text)


def _float(value: float) -> str:
    if value != value:                                  # noqa: PLR0124 - NaN
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


def _scalar(value: Any, column: int) -> str:
    """``value`` written as a block value starting at ``column`` (``None`` for a collection)."""
    kind = type(value)
    if kind is str:
        text, spaced = _string(value)
        if spaced and column + len(text) > WIDTH:
            raise Uncovered("a string that may be folded")
        return text
    if value is None:
        return "null"
    if kind is bool:
        return "true" if value else "false"
    if kind is int:
        return str(value)
    if kind is float:
        return _float(value)
    raise Uncovered(f"a value of type {kind.__name__}")


def _key(key: Any) -> str:
    if type(key) is not str or not key or len(key) >= MAX_KEY:
        raise Uncovered(f"key {key!r:.40}")
    return _string(key)[0]


class _Writer:
    __slots__ = ("parts", "seen")

    def __init__(self, seen: set[int] | None = None) -> None:
        self.parts: list[str] = []
        self.seen: set[int] = set() if seen is None else seen

    def _enter(self, value: Any) -> None:
        ident = id(value)
        if ident in self.seen:
            raise Shared("an object met twice (PyYAML writes an anchor)")
        self.seen.add(ident)

    def mapping(self, value: dict[Any, Any], indent: int, inline: bool) -> None:
        """The entries of a non-empty mapping at ``indent``; the first on the current line when
        ``inline`` (after ``- ``)."""
        self._enter(value)
        parts = self.parts
        pad = "\n" + " " * indent
        first = True
        for key, item in value.items():
            if first and inline:
                first = False
            else:
                parts.append(pad)
            self.mapping_entry(key, item, indent)

    def mapping_entry(self, key: Any, item: Any, indent: int = 0) -> None:
        """``key: item`` with the key at ``indent`` (the current column)."""
        parts = self.parts
        text = _key(key)
        parts.append(text)
        kind = type(item)
        if kind is dict:
            if item:
                parts.append(":")
                self.mapping(item, indent + 2, False)
            else:
                parts.append(": {}")
        elif kind is list:
            if item:
                parts.append(":")
                self.sequence(item, indent, False)
            else:
                parts.append(": []")
        else:
            parts.append(": ")
            parts.append(_scalar(item, indent + len(text) + 2))

    def sequence(self, value: list[Any], indent: int, inline: bool) -> None:
        """The items of a non-empty sequence at ``indent``; the first on the current line when
        ``inline``."""
        self._enter(value)
        parts = self.parts
        pad = "\n" + " " * indent
        first = True
        for item in value:
            if first and inline:
                parts.append("-")
                first = False
            else:
                parts.append(pad + "-")
            self.item(item, indent)

    def item(self, item: Any, indent: int) -> None:
        """One sequence item after its ``-`` at ``indent``."""
        kind = type(item)
        if kind is dict:
            if item:
                self.parts.append(" ")
                self.mapping(item, indent + 2, True)
            else:
                self.parts.append(" {}")
        elif kind is list:
            if item:
                self.parts.append(" ")
                self.sequence(item, indent + 2, True)
            else:
                self.parts.append(" []")
        else:
            self.parts.append(" ")
            self.parts.append(_scalar(item, indent + 2))

    def text(self) -> str:
        text = "".join(self.parts)
        return (text[1:] if text.startswith("\n") else text) + "\n"


def dump_block(value: dict[Any, Any] | list[Any], seen: set[int] | None = None) -> str:
    """``value`` (a mapping or a sequence) as PyYAML's block YAML document, or :class:`Uncovered`.
    ``seen`` collects the ids of the collections written, across calls for pieces of one document."""
    writer = _Writer(seen)
    if type(value) is dict:
        if not value:
            return "{}\n"
        writer.mapping(value, 0, True)
    elif type(value) is list:
        if not value:
            return "[]\n"
        writer.sequence(value, 0, True)
    else:
        raise Uncovered(f"a document of type {type(value).__name__}")
    return writer.text()


def dump_item(item: Any, seen: set[int]) -> str:
    """One item of a top-level sequence (``- ...`` lines), as in :func:`dump_block` of a list."""
    writer = _Writer(seen)
    writer.parts.append("-")
    writer.item(item, 0)
    return writer.text()


def dump_key(key: Any) -> str:
    """``key:`` alone, the line above a top-level sequence written item by item."""
    return _key(key) + ":\n"


def dump_entry(key: Any, value: Any, seen: set[int]) -> str:
    """One entry of a top-level mapping (``key: ...`` lines)."""
    writer = _Writer(seen)
    writer.mapping_entry(key, value)
    return writer.text()
