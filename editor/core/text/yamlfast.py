"""Core layer: a fast path for reading YAML network files, through rapidyaml (``ryml``).

PyYAML, even with libyaml, builds a 5,000-node network file (3.5 MB) in 3-4 s: most of the time
goes into Python node objects and PyYAML's Python resolver. rapidyaml parses the same text into a
C++ tree in some 0.06 s; :func:`load_fast` walks that tree (iteratively, with an explicit stack)
into plain dicts, lists and scalars in some 0.3 s.

The result is exactly what the PyYAML loader of :mod:`editor.core.io.files` gives (same types, key
order and values), because plain scalars are typed by that loader's own resolver and constructors
(memoized per distinct text). Whenever that cannot be guaranteed, :func:`load_fast` returns None
and the caller uses PyYAML (which also gives the positioned error message for a broken file):

* rapidyaml is not installed (or fails to import), or it cannot parse the text (it then also
  prints its own error message to stderr; there is no way to silence it from Python);
* a character YAML 1.1 reads differently from YAML 1.2 or refuses (control characters, tabs, a
  lone carriage return, NEL, the Unicode line and paragraph separators, a byte order mark inside
  the text), a directive line (``%YAML``, ``%TAG``) or a document end marker (``...``);
* an anchor, alias, tag, merge key ``<<``, duplicate key (after typing: ``1`` and ``0x1`` are one
  key), empty key, key over MAX_KEY_BYTES, several documents or an empty document;
* a plain scalar the loader would not make a str, int, float, bool or None (``=``, or a date with
  a loader that makes dates), or one it cannot make (an integer with too many digits);
* the places, found by differential fuzzing of rapidyaml 0.15.2 against libyaml, where rapidyaml
  reads a text differently or takes one libyaml refuses (see the patterns below and
  tests/core/test_yamlfast.py): plain scalars starting with an indicator, multi-line implicit
  keys, multi-line flow collections, ``[a:]``, the escapes ``\\L`` and ``\\P``, an escaped line
  break followed by an empty line, and block scalars (``|``, ``>``) with an indentation
  indicator, a comment on the header, or at the very end of a text without a final line break;
* nesting deeper than MAX_DEPTH (fileio refuses such files before this is called anyway).

fastr's own files (PyYAML's ``safe_dump``) and the editor's (libyaml's emitter) meet none of these
in practice, so they take the fast path.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Iterator
from typing import Any

from editor.core.text.yamlsafe import NetworkLoader

#: The rapidyaml versions (major, minor) whose differences from libyaml were fuzzed and are guarded
#: against below; another version is not used (widen this only after tests/core/test_yamlfast.py
#: and a long fuzz pass with it).
TESTED_VERSIONS = ((0, 15),)

try:  # pragma: no cover - depends on the environment
    import ryml as _ryml_mod
    from ryml import _ryml
    UNAVAILABLE: str | None = None
    if tuple(_ryml_mod.version_tuple[:2]) not in TESTED_VERSIONS:
        UNAVAILABLE = f"rapidyaml {_ryml_mod.__version__} is not a tested version"
        _ryml_mod = _ryml = None
except Exception as _exc:  # noqa: BLE001 - ImportError, or a broken binary (OSError...)
    UNAVAILABLE = f"rapidyaml cannot be imported: {_exc}"
    _ryml_mod = _ryml = None

__all__ = ["available", "fallback_reason", "load_fast"]

#: Deeper documents are left to PyYAML (and fileio's nesting check).
MAX_DEPTH = 1000
#: The fewest bytes of text per tree node reserved ahead of parsing (see _load).
RESERVE_BYTES = 12

#: Characters that libyaml (YAML 1.1) refuses or reads differently from rapidyaml (YAML 1.2), and
#: tabs (where the two parsers' rules on tabs in indentation and separation differ).
_UNSAFE_CHARS = re.compile("[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd"
                           "\U00010000-\U0010ffff]")
#: The ASCII characters _UNSAFE_CHARS allows.
_SAFE_ASCII = bytes([0x0A, *range(0x20, 0x7F)])
#: A directive ("%YAML", "%TAG") or a document end marker ("..."; libyaml refuses one before the
#: document, rapidyaml skips it).
_DIRECTIVE = re.compile(r"^(?:%|\.\.\.(?:[ \n]|$))", re.M)
#: A block scalar header (or text that looks like one) other than "|", "|-", "|+" (">"...):
#: libyaml and rapidyaml differ with an indentation indicator ("|2"), on junk after the header, and
#: on a comment there (rapidyaml takes a "-" or "+" inside the comment as the chomping indicator).
_ODD_BLOCK_HEADER = re.compile(r"[|>](?![-+]?[ ]*$)", re.M)
#: The end of a quoted key (a quote, then ": "), and a line up to there whose first quote closes
#: a quoted key begun on an earlier line: libyaml refuses such a multi-line implicit key,
#: rapidyaml takes it as the first key of a block mapping.
_QUOTED_KEY_END = re.compile(r"""['"]:(?: |$)""", re.M)
_MULTILINE_KEY = re.compile(r"""(?:(?:[^'\n]|'')*'|(?:[^"\\\n]|\\.)*"):(?: |$)""")
#: Text that the two parsers read differently: ":" followed by a flow indicator (libyaml refuses
#: "[a:]", rapidyaml reads {a: null}), a line break escaped in a double-quoted scalar followed by
#: an empty line (rapidyaml drops that line break), and the escapes \L and \P (rapidyaml turns
#: "\n\L\L" into " \u2028\u2028").
_COLON_FLOW = re.compile(r":[,?\[\]{}]")
_BACKSLASH = re.compile(r"\\(?:\n *\n|[LP])")
#: The longest key taken (in UTF-8 bytes): libyaml refuses implicit keys over 1024 characters,
#: and one character of a key can take up to 10 in the text (an escape like \U0001F600).
MAX_KEY_BYTES = 100
#: What a plain scalar may not start with: YAML indicators (libyaml refuses them there, rapidyaml
#: takes some of them as text). "-", "?" and ":" may start one when a non-space follows (and "?"
#: and ":" only outside flow collections: see _walk).
_PLAIN_START = frozenset("[]{},#&*!|>'\"%@`")
#: Inside a plain scalar: ": " / ":" at the end, " #" (libyaml ends the scalar there). Nor may
#: one start or end with a space or line break (rapidyaml reads the badly indented line
#: "   k: v" after "- 'x'" as the key " k").
_PLAIN_INSIDE = re.compile(r":(?:\s|$)|\s#")


class _Fallback(Exception):
    """Raised inside the walk: leave this document to PyYAML."""


def available() -> bool:
    """Whether rapidyaml could be imported."""
    return _ryml is not None


if _ryml is not None:
    _NONE = _ryml_mod.NONE
    _MAP, _SEQ, _VAL, _STREAM = _ryml.MAP, _ryml.SEQ, _ryml.VAL, _ryml.STREAM
    _CONTAINER = _MAP | _SEQ
    _FLOW = _ryml.FLOW_SL | _ryml.FLOW_ML
    #: anchors, aliases (references), tags, not-yet-filtered scalars and flow collections spread
    #: over several lines (rapidyaml takes multi-line keys in them that libyaml refuses)
    _REFUSED = (_ryml.KEYREF | _ryml.VALREF | _ryml.KEYANCH | _ryml.VALANCH | _ryml.KEYTAG
                | _ryml.VALTAG | _ryml.KEY_UNFILT | _ryml.VAL_UNFILT | _ryml.FLOW_ML)
    _KEY_PLAIN, _KEY_QUOTED = _ryml.KEY_PLAIN, _ryml.KEY_SQUO | _ryml.KEY_DQUO
    _KEY_STYLE = _ryml.KEY_STYLE
    _VAL_PLAIN, _VAL_QUOTED = _ryml.VAL_PLAIN, _ryml.VAL_SQUO | _ryml.VAL_DQUO
    _VAL_BLOCK = _ryml.VAL_LITERAL | _ryml.VAL_FOLDED
    _VAL_STYLE = _ryml.VAL_STYLE


_SCALAR_TYPES = (str, int, float, bool, type(None))
_loader_cache: dict[type, tuple[Any, Any, dict[Any, Any]]] = {}


def _loader_parts(loader: Any) -> tuple[Any, Any, dict[Any, Any]]:
    """(an instance to call constructors on, its implicit resolvers, its constructors)."""
    parts = _loader_cache.get(loader)
    if parts is None:
        if getattr(loader, "yaml_path_resolvers", None):
            raise _Fallback("the loader has path resolvers")
        instance = loader("")
        dispose = getattr(instance, "dispose", None)
        if dispose is not None:
            dispose()
        parts = (instance, loader.yaml_implicit_resolvers, loader.yaml_constructors)
        _loader_cache[loader] = parts
    return parts


def _make_plain(loader: Any) -> tuple[Any, dict[bytes, Any]]:
    """A function typing the bytes of a plain scalar as ``loader`` does, and its memo (bytes ->
    value; the caller looks there first)."""
    import yaml

    instance, resolvers, constructors = _loader_parts(loader)
    wildcard = resolvers.get(None, [])
    default_tag = loader.DEFAULT_SCALAR_TAG
    scalar_node = yaml.ScalarNode
    memo: dict[bytes, Any] = {}
    by_first: dict[str, list[Any]] = {}     # first character -> the resolvers to try, in order
    # A str scalar is its own text when the loader constructs strings as PyYAML's safe loader
    # does (node.value): then no ScalarNode is made per id (most plain scalars of a network).
    str_tag = "tag:yaml.org,2002:str"
    str_is_text = (constructors.get(str_tag) is yaml.constructor.SafeConstructor.construct_yaml_str
                   and getattr(type(instance), "construct_scalar", None)
                   in (yaml.constructor.BaseConstructor.construct_scalar,
                       yaml.constructor.SafeConstructor.construct_scalar))

    def plain(raw: bytes) -> Any:
        try:
            return memo[raw]
        except KeyError:
            pass
        text = raw.decode("utf-8")
        if text and (text[0] in _PLAIN_START or (text[0] in "-?:" and text[1:2] in ("", " ", "\n"))
                     or text[0] in " \n" or text[-1] in " \n"
                     or ((":" in text or "#" in text) and _PLAIN_INSIDE.search(text))):
            raise _Fallback(f"plain scalar {text[:40]!r} that libyaml may refuse")
        tag = default_tag
        first = text[:1]
        candidates = by_first.get(first)
        if candidates is None:
            candidates = by_first[first] = resolvers.get(first, []) + wildcard
        for candidate, regexp in candidates:
            if regexp.match(text):
                tag = candidate
                break
        if tag == str_tag and str_is_text:
            memo[raw] = text
            return text
        construct = constructors.get(tag)
        if construct is None:
            raise _Fallback(f"plain scalar {text[:40]!r} resolves to {tag}")
        try:
            value = construct(instance, scalar_node(tag, text))
        except Exception as exc:  # noqa: BLE001 - whatever it is, PyYAML reports it properly
            raise _Fallback(f"plain scalar {text[:40]!r} cannot be made: {exc}") from None
        if type(value) not in _SCALAR_TYPES:
            raise _Fallback(f"plain scalar {text[:40]!r} is a {type(value).__name__}")
        memo[raw] = value
        return value

    return plain, memo


def _default_loader() -> type:
    return NetworkLoader


def load_fast(text: str, loader: type | None = None) -> Any | None:
    """The data ``yaml.load(text, Loader=loader)`` gives (``loader``: fileio's safe loader by
    default), or None when this fast path cannot guarantee the same result (see the module doc):
    then use PyYAML."""
    try:
        return _load(text, loader)
    except _Fallback:
        return None
    except Exception:  # noqa: BLE001 - never let the fast path fail a load
        return None


def fallback_reason(text: str, loader: type | None = None) -> str | None:
    """Why :func:`load_fast` leaves ``text`` to PyYAML (None when it does not): for tests."""
    try:
        _load(text, loader)
    except _Fallback as exc:
        return str(exc) or "unknown"
    except Exception as exc:  # noqa: BLE001
        return f"error: {exc!r}"
    return None


def _load(text: str, loader: type | None) -> Any:
    if _ryml is None:
        raise _Fallback(UNAVAILABLE or "rapidyaml is not installed")
    if not isinstance(text, str):
        raise _Fallback("not a str")
    if "\r" in text:
        text = text.replace("\r\n", "\n")  # libyaml reads CR LF as one line break everywhere
    ascii_raw = text.encode("ascii") if text.isascii() else None     # (other text: after the check)
    _check_text(text, ascii_raw)
    plain, memo = _make_plain(loader or _default_loader())
    raw = ascii_raw if ascii_raw is not None else text.encode("utf-8")
    tree = _ryml_mod.Tree()
    # The tree's node array grows by doubling, each time into fresh pages (copied, the old ones
    # given back): reserved once, from about one node a line (a key or an item; the fewer of lines
    # and colons, and a quarter more for flow items), it is faulted in once. A 20,000-node file:
    # 78,000 -> 34,000 page faults, 0.23 -> 0.15 s CPU to parse. Too few only means it grows; at
    # most one node per RESERVE_BYTES bytes (a network file has some 20 a node), so that a text
    # of many lines and few nodes (a long block scalar) reserves no more than a network's worth.
    tree.reserve(min(min(raw.count(b"\n"), raw.count(b":")) * 5 // 4, len(raw) // RESERVE_BYTES) + 16)
    try:
        with _stderr_silenced():   # rapidyaml prints parse errors to fd 2; PyYAML reports them
            _ryml.parse_csubstr(raw, tree)
    except Exception:  # noqa: BLE001 - a parse error: PyYAML reports it with its position
        raise _Fallback("rapidyaml cannot parse it") from None
    # the SWIG object itself: passing it skips a ``this`` look-up on every call (3x faster)
    return _walk(tree.this, plain, memo, text)


@contextlib.contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at the null device for a moment (rapidyaml's C++ error handler
    writes there directly, which Python cannot switch off)."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        sys.stderr.flush()
        os.dup2(null, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(null)


def _check_text(text: str, raw: bytes | None = None) -> None:
    """Refuse, from the text alone, what the two parsers read differently (a few ms for 3.5 MB:
    cheap substring tests first). ``raw``: the text in UTF-8, when the caller has it."""
    if raw is not None and text.isascii():
        # The same test on ASCII text, a few times faster than the pattern: drop every byte
        # allowed; what is left (in order) are the characters refused.
        left = raw.translate(None, _SAFE_ASCII)
        if left:
            raise _Fallback(f"character U+{left[0]:04X}")
    else:
        bad = _UNSAFE_CHARS.search(text)
        if bad:
            raise _Fallback(f"character U+{ord(bad.group()):04X}")
    if ((text.startswith(("%", "...")) or "\n%" in text or "\n..." in text)
            and _DIRECTIVE.search(text)):
        raise _Fallback("a directive or a document end marker")
    if _COLON_FLOW.search(text) or ("\\" in text and _BACKSLASH.search(text)):
        raise _Fallback("text the two parsers read differently")
    if "':" in text or '":' in text:
        line_end = -1     # each line is matched once, up to its end: linear on one-line files
        for match in _QUOTED_KEY_END.finditer(text):
            if match.start() < line_end:
                continue
            line_start = text.rfind("\n", max(line_end, 0), match.start()) + 1
            line_end = text.find("\n", match.start())
            if line_end < 0:
                line_end = len(text)
            if _MULTILINE_KEY.match(text, line_start, line_end):
                raise _Fallback("maybe a quoted key over several lines")


_SCALAR, _MAPPING, _SEQUENCE = 0, 1, 2   # what a node is
_PLAIN, _QUOTED, _BLOCK = 0, 1, 2         # how its key or value is written


def _classify(t: int) -> tuple[int, int, int]:
    """(what the node is, how its value is written, how its key is written) from ryml's type bits;
    raises _Fallback for what PyYAML must read itself."""
    if t & _REFUSED:
        raise _Fallback("an anchor, alias or tag")
    if t & _CONTAINER:
        what, how = (_MAPPING if t & _MAP else _SEQUENCE), _PLAIN
    else:
        style = t & _VAL_STYLE
        if style == _VAL_PLAIN:
            how = _PLAIN
        elif style & _VAL_QUOTED and not style & ~_VAL_QUOTED:
            how = _QUOTED
        elif style & _VAL_BLOCK and not style & ~_VAL_BLOCK:
            how = _BLOCK
        else:
            raise _Fallback(f"scalar style {style:#x}")
        what = _SCALAR
    key_style = t & _KEY_STYLE
    if key_style == _KEY_PLAIN or not key_style:
        key_how = _PLAIN  # (no key at all: a sequence item or the root)
    elif key_style & _KEY_QUOTED and not key_style & ~_KEY_QUOTED:
        key_how = _QUOTED
    else:
        raise _Fallback(f"key style {key_style:#x}")
    return what, how, key_how


def _walk(tree: Any, plain: Any, memo: dict[bytes, Any], text: str) -> Any:
    """The tree as Python data, walked depth-first with an explicit stack."""
    ntype, first_child, next_sibling = _ryml.Tree_type, _ryml.Tree_first_child, _ryml.Tree_next_sibling
    key_of, val_of = _ryml.Tree_key, _ryml.Tree_val
    NONE, SCALAR, MAPPING, PLAIN, QUOTED = _NONE, _SCALAR, _MAPPING, _PLAIN, _QUOTED
    memo_get = memo.get
    miss = memo  # a sentinel no scalar can be
    kinds: dict[int, tuple[int, int, int]] = {}
    blocks_checked = False

    root = _ryml.Tree_root_id(tree)
    t = ntype(tree, root)
    if t & _STREAM == _STREAM:  # a stream of documents (STREAM includes the SEQ bit): exactly one
        root = first_child(tree, root)
        if root == NONE or next_sibling(tree, root) != NONE:
            raise _Fallback("several documents (or none)")
        t = ntype(tree, root)
    if not t & (_CONTAINER | _VAL):
        raise _Fallback("an empty document")  # PyYAML: None
    what, how, _ = _classify(t)
    if what == SCALAR:
        if how == _BLOCK:
            raise _Fallback("a block scalar as the whole document")
        raw = val_of(tree, root)
        if how == QUOTED:
            return "" if raw is None else str(raw, "utf-8")
        return None if raw is None else plain(bytes(raw))

    result: Any = {} if what == MAPPING else []
    stack: list[tuple[Any, bool, bool, int]] = []
    current, is_map, node = result, what == MAPPING, first_child(tree, root)
    in_flow = bool(t & _FLOW)  # in a flow collection ("[...]", "{...}")
    while True:
        while node != NONE:
            t = ntype(tree, node)
            try:
                what, how, key_how = kinds[t]
            except KeyError:
                what, how, key_how = kinds[t] = _classify(t)
            if what != SCALAR:
                value: Any = {} if what == MAPPING else []
            elif how == PLAIN:
                raw = val_of(tree, node)
                if raw is None:
                    value = None
                else:
                    if in_flow and raw[:1] in (b"?", b":"):
                        raise _Fallback("a plain scalar in a flow collection starts with ? or :")
                    value = memo_get(raw, miss)   # a read-only memoryview hashes as its bytes
                    if value is miss:
                        value = plain(bytes(raw))
            elif how == QUOTED:
                raw = val_of(tree, node)
                value = "" if raw is None else str(raw, "utf-8")
            else:  # a block scalar
                if not blocks_checked:
                    _blocks_ok(text)
                    blocks_checked = True
                raw = val_of(tree, node)
                value = "" if raw is None else str(raw, "utf-8")
            if is_map:
                raw = key_of(tree, node)
                if raw is None:
                    raise _Fallback("an empty key")
                if len(raw) > MAX_KEY_BYTES:
                    raise _Fallback("a long key")
                if key_how == PLAIN:
                    if in_flow and raw[:1] in (b"?", b":"):
                        raise _Fallback("a plain scalar in a flow collection starts with ? or :")
                    key = memo_get(raw, miss)
                    if key is miss:
                        key = plain(bytes(raw))
                else:
                    key = str(raw, "utf-8")
                if key in current:
                    raise _Fallback(f"duplicate key {key!r}")  # PyYAML keeps the last value
                current[key] = value
            else:
                current.append(value)
            if what == SCALAR:
                node = next_sibling(tree, node)
            else:
                if len(stack) >= MAX_DEPTH:
                    raise _Fallback(f"nested more than {MAX_DEPTH} deep")
                stack.append((current, is_map, in_flow, next_sibling(tree, node)))
                current, is_map, node = value, what == MAPPING, first_child(tree, node)
                in_flow = bool(t & _FLOW)
        if not stack:
            return result
        current, is_map, in_flow, node = stack.pop()


def _blocks_ok(text: str) -> None:
    """Refuse block scalars (``|``, ``>``) where libyaml and rapidyaml are known to differ: an
    indentation indicator (``|2``: libyaml keeps the spaces of all-space lines past the
    indentation, rapidyaml drops them), a comment or junk after the header, or a last line without
    a line break (libyaml then adds no final line break, rapidyaml does). Without these, the two
    agreed on every fuzzed document."""
    if not text.endswith("\n"):
        raise _Fallback("a block scalar, and no line break at the end of the text")
    if _ODD_BLOCK_HEADER.search(text):
        raise _Fallback("a block scalar, and maybe a header with an indentation indicator")
