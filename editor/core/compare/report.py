"""Core layer: a :class:`~editor.core.compare.diff.NetworkDiff` as text for people or JSON for scripts.

Text, one change a line (properties indented below it), in the spirit of ``diff -u``::

    --- a.yaml
    +++ b.yaml
    ~ network add_ints: version '0.0' -> '1.0'
    + node sum2 (fastr/Sum:1.0 1.0)
    - node old_sink (SinkNode Int)
    > node add -> add_two
    ~ node sum
        resources.memory: 4096 -> 8192
    ~ link const.output -> sum.values: collapse [] -> [0]

Inside a macro the line starts with the macro's path: ``~ [outer/inner] node x``.
"""

from __future__ import annotations

import json
from typing import Any

from editor.core.compare.diff import ADDED, REMOVED, RENAMED, Change, NetworkDiff

__all__ = ["format_text", "format_json", "format_value", "change_line"]

_MARK = {ADDED: "+", REMOVED: "-", RENAMED: ">", "changed": "~"}
_MAX_VALUE = 200


def format_value(value: Any) -> str:
    """A value as a short, unambiguous text (strings quoted, long values cut)."""
    text = repr(value) if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= _MAX_VALUE else text[:_MAX_VALUE - 3] + "..."


def change_line(change: Change) -> str:
    """The first line of a change without its mark: ``[macro] node x: step 'a' -> 'b'``."""
    where = f"[{'/'.join(change.path)}] " if change.path else ""
    text = where + change.label
    if len(change.fields) == 1:
        (name, (old, new)), = change.fields.items()
        text += f": {name} {format_value(old)} -> {format_value(new)}"
    return text


def format_text(diff: NetworkDiff, a_name: str = "a", b_name: str = "b") -> str:
    """The whole diff as text ('' when the networks are the same)."""
    if diff.same:
        return ""
    lines = [f"--- {a_name}", f"+++ {b_name}"]
    for change in diff.changes:
        lines.append(f"{_MARK[change.kind]} {change_line(change)}")
        if len(change.fields) > 1:
            for name, (old, new) in change.fields.items():
                lines.append(f"    {name}: {format_value(old)} -> {format_value(new)}")
    return "\n".join(lines) + "\n"


def format_json(diff: NetworkDiff, a_name: str = "a", b_name: str = "b") -> str:
    data = {"a": a_name, "b": b_name, **diff.as_dict()}
    return json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n"
