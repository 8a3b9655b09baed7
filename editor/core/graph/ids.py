"""Core layer: fastr's id rules (``^\\w[\\w\\d_]*$``) and unique id generation."""

from __future__ import annotations

import re
from collections.abc import Container

_ID_RE = re.compile(r"\w[\w\d_]*")


def is_valid_id(value: object) -> bool:
    """True when ``value`` is a str that fastr's ``check_id`` accepts (no trailing newline)."""
    return isinstance(value, str) and _ID_RE.fullmatch(value) is not None


def check_id(value: object, what: str = "id") -> str:
    """Return ``value`` if it is a valid fastr id, else raise ValueError saying the rule."""
    if not is_valid_id(value):
        raise ValueError(
            f"{what} {value!r} is not valid: an id starts with a letter, digit or underscore "
            "and contains only letters, digits and underscores")
    return value  # type: ignore[return-value]


def sanitize_id(text: str) -> str:
    """Turn any text into a valid id (``AddInt:1.0`` -> ``AddInt_1_0``)."""
    cleaned = re.sub(r"\W", "_", text)
    return cleaned if cleaned else "node"


def unique_id(base: str, taken: Container[str]) -> str:
    """``base`` if free, else ``base_2``, ``base_3``, ..."""
    base = sanitize_id(base)
    if base not in taken:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"
