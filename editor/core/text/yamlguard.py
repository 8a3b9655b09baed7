"""Core layer: PyYAML constructors hardened for hostile files (networks and tool files).

PyYAML's own scalar constructors fail in ways that name no place (``!!bool maybe`` raises
``KeyError: 'maybe'``, ``!!int abc`` a bare ``ValueError``, ``!!timestamp notadate`` an
``AttributeError``), and its integer constructor takes numbers that can never be written back
(``0x`` followed by 4,000 ``F``: more decimal digits than Python prints) and spends quadratic time
on YAML 1.1 sexagesimal integers (``1:59:59:...``). :func:`harden_scalars` replaces them on a
loader class so every failure is a ``ConstructorError`` at the scalar's line and column, and
integers are bounded (linear time, at most :data:`MAX_INT_DIGITS` decimal digits).

:func:`refuse_duplicate_keys` makes a loader refuse a key given twice in one mapping (PyYAML keeps
the last value silently: a second ``nodelist: []`` dropped every node), naming both lines.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from typing import Any

import yaml
from yaml.constructor import ConstructorError

#: Decimal digits an integer may have: Python refuses to print longer ones (so they could never
#: be saved again), and nothing in a network or tool needs a tenth of it.
MAX_INT_DIGITS = sys.get_int_max_str_digits() or 4300
#: The largest bit length with at most MAX_INT_DIGITS decimal digits.
MAX_INT_BITS = int(MAX_INT_DIGITS * math.log2(10))

_TAG = "tag:yaml.org,2002:"
_BITS_PER_DIGIT = {2: 1.0, 8: 3.0, 10: math.log2(10), 16: 4.0}
_BITS_PER_SEXAGESIMAL_GROUP = math.log2(60)


def _too_big(node: Any) -> ConstructorError:
    text = node.value if len(node.value) <= 40 else f"{node.value[:20]}...{node.value[-10:]}"
    return ConstructorError(None, None, f"the integer {text} ({len(node.value):,} characters) has more than "
                            f"{MAX_INT_DIGITS:,} digits (written in decimal); such a number could not be written back",
                            node.start_mark)


def construct_int(loader: Any, node: Any) -> int:
    """YAML 1.1 integers as PyYAML's SafeConstructor reads them (binary, octal, hex, sexagesimal,
    decimal, ``_`` separators), in linear time, refusing more than MAX_INT_DIGITS digits."""
    text = loader.construct_scalar(node)
    value = text.replace("_", "")
    sign = -1 if value[:1] == "-" else 1
    if value[:1] in "+-":
        value = value[1:]
    try:
        if value == "0":
            return 0
        if value.startswith(("0b", "0x")):
            base, digits = (2 if value[1] == "b" else 16), value[2:]
        elif value.startswith("0"):
            base, digits = 8, value
        elif ":" in value:
            groups = value.split(":")
            head = groups[0].lstrip("0")
            bits = len(head) * _BITS_PER_DIGIT[10] + (len(groups) - 1) * _BITS_PER_SEXAGESIMAL_GROUP
            if bits > MAX_INT_BITS + 8:
                raise _too_big(node)
            number = 0
            for group in groups:                # Horner's rule: linear, unlike PyYAML's powers of 60
                number = number * 60 + int(group)
            return _checked(sign * number, node)
        else:
            base, digits = 10, value
        if len(digits.lstrip("0")) * _BITS_PER_DIGIT[base] > MAX_INT_BITS + 8:
            raise _too_big(node)
        return _checked(sign * int(digits, base), node)
    except ValueError:
        raise ConstructorError(None, None, f"{_shown(text)} is not an integer", node.start_mark) from None


def _checked(number: int, node: Any) -> int:
    if number.bit_length() > MAX_INT_BITS:
        raise _too_big(node)
    return number


def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _kind(value: Any) -> str:
    kind = {bool: "true/false", int: "an integer", float: "a number", type(None): "null"}.get(type(value))
    return kind or f"a {type(value).__name__}"


def _marked(construct: Callable[[Any, Any], Any], what: str) -> Callable[[Any, Any], Any]:
    """``construct``, with any failure turned into a ConstructorError at the scalar."""
    def guarded(loader: Any, node: Any) -> Any:
        try:
            return construct(loader, node)
        except ConstructorError:
            raise
        except (ValueError, KeyError, TypeError, AttributeError, OverflowError, IndexError):
            value = node.value if isinstance(node.value, str) else "this value"
            raise ConstructorError(None, None, f"{_shown(value)} is not {what}", node.start_mark) from None
    guarded.__name__ = getattr(construct, "__name__", "construct")
    return guarded


_WHAT = {"bool": "true or false (YAML booleans: true/false, yes/no, on/off)", "float": "a number",
         "timestamp": "a date or time (YYYY-MM-DD, or YYYY-MM-DD HH:MM:SS)", "null": "null"}


def harden_scalars(loader: Any) -> Any:
    """Give ``loader`` (a PyYAML loader class, changed in place) the bounded integer constructor
    and positioned errors for booleans, floats, dates and nulls; returns it."""
    loader.add_constructor(f"{_TAG}int", construct_int)
    for name, what in _WHAT.items():
        construct = loader.yaml_constructors.get(f"{_TAG}{name}")
        if construct is not None:
            loader.add_constructor(f"{_TAG}{name}", _marked(construct, what))
    return loader


def refuse_duplicate_keys(loader: Any) -> Any:
    """Make ``loader`` refuse a key given twice in one mapping (naming both lines); returns it
    (changed in place)."""
    base = loader.construct_mapping

    def construct_mapping(self: Any, node: Any, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, Any] = {}
            for key_node, _value_node in node.value:
                if key_node.tag == f"{_TAG}merge":
                    continue
                key = self.construct_object(key_node, deep=False)
                try:
                    first = seen.get(key)
                except TypeError:       # an unhashable key: PyYAML itself reports it
                    break
                if first is not None:
                    raise ConstructorError(
                        "while constructing a mapping", node.start_mark,
                        f"the key {_shown(str(key))} is given twice (first on line {first.start_mark.line + 1}, "
                        f"again on line {key_node.start_mark.line + 1}); the second value would silently "
                        "replace the first", key_node.start_mark)
                seen[key] = key_node
        return base(self, node, deep=deep)

    loader.construct_mapping = construct_mapping
    return loader
