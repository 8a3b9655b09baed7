"""Core layer: JSON network text read strictly: duplicate keys refused (naming both lines), and
line numbers that count every kind of line break (``\\r\\n``, ``\\n`` and a lone ``\\r``).

Python's ``json`` keeps the last value of a key given twice (a second ``"nodelist": []`` silently
dropped every node) and counts only ``\\n`` in its error positions, so a file with old Mac line
endings was always "line 1".
"""

from __future__ import annotations

import json
import re
from typing import Any

from editor.core.errors import LoadError


class DuplicateKey(ValueError):
    """A JSON object with a key given twice (``key`` is the key)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _value in pairs:
            if key in seen:
                raise DuplicateKey(key)
            seen.add(key)
    return result


def line_and_column(text: str, position: int) -> tuple[int, int]:
    """The 1-based line and column of ``position`` in ``text``; ``\\r\\n``, ``\\n`` and ``\\r``
    each end a line."""
    head = text[:position]
    line = head.count("\n") + head.count("\r") - head.count("\r\n") + 1
    start = max(head.rfind("\n"), head.rfind("\r")) + 1
    return line, position - start + 1


_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def deep_place(text: str, limit: int) -> tuple[int, int] | None:
    """The line and column of the first bracket in JSON ``text`` that opens a level deeper than
    ``limit`` (strings skipped), or None. A scan of the whole text: for error messages only."""
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return line_and_column(text, match.start())
        elif token in "]}":
            depth -= 1
    return None


def loads(name: str, text: str) -> Any:
    """``json.loads(text)``, refusing duplicate keys; errors are LoadErrors naming ``name``."""
    try:
        return json.loads(text, object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        line, column = line_and_column(text, exc.pos)
        raise LoadError(name, f"invalid JSON: {exc.msg}", line=line, column=column) from None
    except DuplicateKey as exc:
        raise _duplicate(name, text, exc.key) from None


def _duplicate(name: str, text: str, key: str) -> LoadError:
    """The LoadError for a duplicate ``key``, with both places when they can be found (the text
    is read once more with position tracking: only for a broken file)."""
    reason = f"the key {key!r} is given twice in one object; the second value would silently replace the first"
    places = _key_places(text, key)
    if places is None:
        return LoadError(name, reason)
    (first, first_column), (second, column) = places
    return LoadError(name, f"the key {key!r} is given twice in one object (first at line {first}, column "
                           f"{first_column}; again at line {second}, column {column}); the second value would "
                           "silently replace the first",
                     line=second, column=column)


class _Found(Exception):
    def __init__(self, places: tuple[tuple[int, int], tuple[int, int]]) -> None:
        super().__init__()
        self.places = places


def _key_places(text: str, key: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """(line, column) of the two places of ``key`` in the first object that has it twice, found
    with the pure-Python decoder and an object parser that records where each key starts."""
    from json import decoder, scanner

    skip = decoder.WHITESPACE.match  # type: ignore[attr-defined]

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Any, *_hooks: Any) -> tuple[Any, int]:
        s, end = s_and_end
        pairs: list[tuple[str, Any]] = []
        starts: dict[str, int] = {}
        end = skip(s, end).end()
        if s[end:end + 1] == "}":
            return {}, end + 1
        while True:
            if s[end:end + 1] != '"':
                raise ValueError("not a key")
            name, after = decoder.scanstring(s, end + 1, strict)  # type: ignore[attr-defined]
            if name in starts and name == key:
                raise _Found((line_and_column(s, starts[name]), line_and_column(s, end)))
            starts[name] = end
            end = skip(s, after).end()
            if s[end:end + 1] != ":":
                raise ValueError("no colon")
            value, end = scan_once(s, skip(s, end + 1).end())
            pairs.append((name, value))
            end = skip(s, end).end()
            separator = s[end:end + 1]
            end = skip(s, end + 1).end()
            if separator == "}":
                return dict(pairs), end
            if separator != ",":
                raise ValueError("no comma")

    reader = decoder.JSONDecoder()
    reader.parse_object = parse_object    # type: ignore[attr-defined]
    reader.scan_once = scanner.py_make_scanner(reader)  # type: ignore[attr-defined]
    try:
        reader.decode(text)
    except _Found as found:
        return found.places
    except (ValueError, RecursionError):
        return None
    return None
