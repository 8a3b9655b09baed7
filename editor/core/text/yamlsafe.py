"""Core layer, text: reading YAML safely, whatever the text holds.

:class:`NetworkLoader` is PyYAML's safe (C) loader limited to what a fastr state holds, and
:func:`check_yaml` refuses, from the event stream and before anything is built, nesting too deep
for libyaml, alias bombs and documents too big for a network. Network files
(:mod:`editor.core.io.files`), tool files and run files all read YAML through these.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from editor.core.errors import LoadError
from editor.core.text.yamlguard import harden_scalars, refuse_duplicate_keys

#: How many values YAML aliases may add on top of the values written out ("billion laughs").
MAX_ALIAS_EXPANSION = 1_000_000
#: How many values (scalars and collections, aliases expanded) a YAML document may hold.
MAX_YAML_VALUES = 5_000_000
#: How deeply the collections of a network (a YAML or JSON file, a state dict) may nest: what
#: loads can be saved again in every format. The writers recurse: PyYAML's representer gives up
#: at some 326 levels (3 Python frames a level, Python's default limit of 1,000 frames), the
#: Python export at some 495 and ``json.dumps(indent=...)`` at some 988, fewer when called from
#: deep in a stack (a window's event handler, a test runner). libyaml's composer recurses in C
#: too and is quadratic in the depth. A network with macros nested 64 deep (fastr's limit here)
#: needs about 200 levels, so 250 leaves room both ways.
MAX_NESTING = 250
MAX_YAML_NESTING = MAX_NESTING

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class NetworkLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, limited to what a network holds: mappings, lists, strings, numbers,
    booleans and null. An unquoted date is kept as the text it is (a state never holds dates);
    ``!!binary``, ``!!set``, ``!!omap`` and ``!!pairs`` are refused (they cannot be saved back)."""


def _refuse_tag(loader: Any, node: Any) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in a "
        "network file (only mappings, lists, strings, numbers, true/false and null)", node.start_mark)


NetworkLoader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)
for _tag in ("binary", "set", "omap", "pairs"):
    NetworkLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)
harden_scalars(NetworkLoader)           # bounded integers; bad !!bool/!!int/!!float values named at their line
refuse_duplicate_keys(NetworkLoader)    # a key given twice, or a key that is not a string


def _at(name: str, mark: Any, message: str) -> LoadError:
    return LoadError(name, message, line=mark.line + 1 if mark else None,
                     column=mark.column + 1 if mark else None)


# Block indicators ("- ", "? ", ": ") written one after another on a line nest without indenting.
# The text is first mapped byte for byte to "x" (an indicator), " " (a space or tab) and "."; the
# pattern is spelt out 16 times because re finds a pattern that starts with a literal 30x faster
# than a repeated group.
_COMPACT_TABLE = bytes(ord("x") if b in b"-?:" else ord(" ") if b in b" \t" else ord(".") for b in range(256))
_COMPACT_RE = re.compile(rb"x +" * 16)


def needs_yaml_check(text: str) -> bool:
    """False when a cheap bound proves the text has no anchors and cannot nest near the limit, so
    the event walk of :func:`check_yaml` can be skipped (fastr's own files never need it). The
    bound: twice the deepest indent, plus 16 for indicators on one line, plus the flow brackets.
    A few ms for a 4 MB file."""
    if "&" in text or "!!" in text:
        return True
    if _COMPACT_RE.search(text.encode("utf-8", "surrogatepass").translate(_COMPACT_TABLE)):
        return True
    # First with at least as many brackets as the bound counts ("{[]}" is one "{" to it, after
    # "[]" goes), without copying the text: when no line is indented that deep, none is as deep as
    # the bound's own (deeper) edge either. Else the bound's own count.
    brackets = text.count("[") - text.count("[]") + text.count("{") - text.count("{}")
    shallow = -(-(MAX_YAML_NESTING - 18 - brackets) // 2)
    if shallow > 0 and not _indented(text, shallow):
        return False
    flow = text.replace("[]", "").replace("{}", "")
    deep = -(-(MAX_YAML_NESTING - 18 - flow.count("[") - flow.count("{")) // 2)   # indent >= deep
    if deep <= 0:
        return True
    return _indented(text, deep)


def _indented(text: str, deep: int) -> bool:
    """Whether a line of ``text`` starts with ``deep`` spaces or tabs."""
    deep_line = re.compile(rf"[ \t]{{{deep}}}")
    return deep_line.match(text) is not None or re.search(rf"\n{deep_line.pattern}", text) is not None


def nesting_reason() -> str:
    """The reason of a LoadError for a network nested deeper than :data:`MAX_NESTING`."""
    return (f"is nested more than {MAX_NESTING} levels deep; a network file never is (and such a file "
            "could not be saved again)")


def check_yaml(name: str, text: str | bytes) -> None:
    """Walk the YAML events (libyaml's parser does not recurse) and refuse, before anything is
    built: nesting deeper than MAX_YAML_NESTING, an alias inside the node it names (a structure
    that contains itself), aliases that expand into a huge document ("billion laughs") and
    documents with more than MAX_YAML_VALUES values."""
    sizes: dict[str, int] = {}      # anchor -> values it stands for
    stack: list[list[Any]] = []     # open collections: [anchor, values so far]
    open_anchors: set[str] = set()
    written = expanded = 0          # values in the text / with aliases expanded
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                written += 1
                expanded += 1
                stack.append([event.anchor, 1])
                if event.anchor:
                    open_anchors.add(event.anchor)
                if len(stack) > MAX_YAML_NESTING:
                    raise _at(name, event.start_mark, nesting_reason())
                continue
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, size = stack.pop()
                if anchor:
                    sizes[anchor] = size
                    open_anchors.discard(anchor)
                if stack:
                    stack[-1][1] += size
                continue
            if isinstance(event, yaml.AliasEvent):
                if event.anchor in open_anchors:
                    raise _at(name, event.start_mark, f"the alias *{event.anchor} is inside the node "
                              f"&{event.anchor} it refers to, so that node would contain itself")
                size = sizes.get(event.anchor or "", 1)
            elif isinstance(event, yaml.ScalarEvent):
                if event.anchor:
                    sizes[event.anchor] = 1
                    open_anchors.discard(event.anchor)
                size = 1
            else:
                continue
            written += 1
            expanded += size
            if stack:
                stack[-1][1] += size
            if expanded - written > MAX_ALIAS_EXPANSION:
                raise _at(name, event.start_mark, "YAML aliases expand to more than "
                          f"{MAX_ALIAS_EXPANSION:,} values (an alias bomb?)")
            if expanded > MAX_YAML_VALUES:
                raise _at(name, event.start_mark, f"holds more than {MAX_YAML_VALUES:,} values; "
                          "too big for a network file")
    except yaml.YAMLError:
        return  # the real parse reports it with its position
