"""Core layer: fastr's object URLs (``fastr:///networks/<id>/<version>/nodelist/...``).

Only the forms that appear in link states are parsed: an output with an optional sub-output
index, and an input with a sub-input key, optionally behind a named sub-input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PREFIX = "fastr:///networks/"
_INDEX_RE = re.compile(r"-?[0-9]+|-?[0-9]*:-?[0-9]*(?::-?[0-9]*)?")
_KEY_RE = re.compile(r"-?[0-9]+")
_MAX_DIGITS = 100   # an index or key longer than this is not a position in anything

Index = int | str  # int or a slice written as 'a:b' / 'a:b:c'


class UrlError(ValueError):
    """A URL that does not have the shape fastr writes."""


@dataclass(frozen=True, slots=True)
class OutputRef:
    """An output of a node, optionally narrowed to a sub-output (``index``)."""
    node: str
    output: str
    index: Index | None = None


@dataclass(frozen=True, slots=True)
class InputRef:
    """A sub-input of a node's input: ``key`` under ``name`` (a named sub-input) or directly."""
    node: str
    input: str
    key: int = 0
    name: str | None = None


def network_url(network_id: str, version: str) -> str:
    return f"{PREFIX}{network_id}/{version}"


def output_url(base: str, ref: OutputRef) -> str:
    url = f"{base}/nodelist/{ref.node}/outputs/{ref.output}"
    if ref.index is not None:
        url += f"/{ref.index}"
    return url


def input_url(base: str, ref: InputRef) -> str:
    url = f"{base}/nodelist/{ref.node}/inputs/{ref.input}"
    if ref.name is not None:
        url += f"/{ref.name}"
    return f"{url}/{ref.key}"


def _shown(url: object) -> str:
    """The URL for a message, cut short when it is very long."""
    url = str(url)
    return repr(url) if len(url) <= 200 else repr(url[:200]) + f"... ({len(url):,} characters)"


def _split(url: object, kind: str) -> tuple[str, str, list[str]]:
    """(network id, version, parts after nodelist)."""
    if not isinstance(url, str):
        raise UrlError(f"the {kind} must be a fastr URL string, not {type(url).__name__}")
    if not url.startswith(PREFIX):
        raise UrlError(f"{_shown(url)} does not start with {PREFIX!r}")
    parts = url[len(PREFIX):].split("/")
    if len(parts) > 2 and parts[2] == "nodelist":
        at = 2                      # <id>/<version>/nodelist/...: the id itself may be 'nodelist'
    else:
        try:
            at = parts.index("nodelist")
        except ValueError:
            raise UrlError(f"{_shown(url)} has no '/nodelist/' part") from None
    head = parts[:at]
    if len(head) == 1:
        raise UrlError(f"{_shown(url)} has no network version: a fastr 2 URL, which fastr 3.4.0 cannot load")
    if len(head) != 2 or not all(head):
        raise UrlError(f"{_shown(url)} does not name a network as <id>/<version>")
    return head[0], head[1], parts[at + 1:]


_SLICE_RE = re.compile(r"-?[0-9]*:-?[0-9]*(?::-?[0-9]*)?")


def index_problem(value: object) -> str | None:
    """Why ``value`` cannot be the ``index`` of a sub-output in a state (a whole number, or a slice
    written 'a:b' or 'a:b:c'), or None when it can."""
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) < 10**_MAX_DIGITS:        # as an index in a link's URL
            return None
        return "a sub-output index of that many digits is not a position in anything"
    if isinstance(value, str) and len(value) <= 3 * _MAX_DIGITS and _SLICE_RE.fullmatch(value):
        return None
    if isinstance(value, (list, dict)):
        kind = "a list" if isinstance(value, list) else "a mapping"
    else:
        kind = _shown(value) if isinstance(value, str) else f"{type(value).__name__} {repr(value)[:60]}"
    return f"a sub-output index is a whole number or a slice 'a:b[:c]', not {kind}"


def parse_index(text: str) -> Index:
    if len(text) > _MAX_DIGITS or not _INDEX_RE.fullmatch(text):
        raise UrlError(f"sub-output index {_shown(text)} is neither an integer nor a slice 'a:b[:c]'")
    return text if ":" in text else int(text)


def parse_output_url(url: object) -> tuple[str, str, OutputRef]:
    """(network id, version, OutputRef)."""
    net, version, rest = _split(url, "link source")
    if len(rest) not in (3, 4) or rest[1] != "outputs" or not rest[0] or not rest[2]:
        raise UrlError(f"{_shown(url)} is not '<network>/nodelist/<node>/outputs/<output>[/<index>]'")
    index = parse_index(rest[3]) if len(rest) == 4 else None
    return net, version, OutputRef(rest[0], rest[2], index)


def parse_input_url(url: object) -> tuple[str, str, InputRef]:
    """(network id, version, InputRef)."""
    net, version, rest = _split(url, "link target")
    if len(rest) not in (4, 5) or rest[1] != "inputs" or not rest[0] or not rest[2]:
        raise UrlError(
            f"{_shown(url)} is not '<network>/nodelist/<node>/inputs/<input>[/<name>]/<sub-input number>'")
    if len(rest[-1]) > _MAX_DIGITS or not _KEY_RE.fullmatch(rest[-1]):
        raise UrlError(f"{_shown(url)} does not end in a sub-input number")
    key = int(rest[-1])
    name = rest[3] if len(rest) == 5 else None
    if name is not None and not name:
        raise UrlError(f"{_shown(url)} has an empty named sub-input")
    return net, version, InputRef(rest[0], rest[2], key, name)
