"""Core layer: reading and writing network files (YAML and JSON), atomically and safely.

Files are written as ``fastr.api.Network.save`` writes them (the state plus ``__class__`` and
``__fastr_version__``), so real fastr loads them; bare state dicts are read too. YAML is read with
PyYAML's safe (C) loader, or through rapidyaml where that gives the very same data faster
(:mod:`editor.core.yamlfast`); alias bombs, oversized files, binary junk and bad encodings are
refused with a LoadError naming the file, line, column and the path inside the document.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from editor.core import jsonguard as strict_json
from editor.core.errors import LoadError, SaveError, StateError
from editor.core.gcpause import collector_paused
from editor.core.network import Network
from editor.core.state import FILE_KEYS, network_from_state, network_to_state
from editor.core.yamlfast import load_fast
from editor.core.yamlguard import harden_scalars, refuse_duplicate_keys

NETWORK_CLASS = "fastr.planning.network.Network"
FASTR_VERSION = "3.4.0"
#: Larger files are refused before reading (a 3000-node network is about 4 MB of YAML).
MAX_FILE_BYTES = 32 * 1024 * 1024
#: How many values YAML aliases may add on top of the values written out ("billion laughs").
MAX_ALIAS_EXPANSION = 1_000_000
#: How many values (scalars and collections, aliases expanded) a YAML document may hold.
MAX_YAML_VALUES = 5_000_000
#: How deeply YAML collections may nest. libyaml's composer recurses in C (it crashes the
#: process at some 30,000 levels) and is quadratic in the depth, so deeper files are refused
#: before it sees them. A network with macros nested 64 deep needs about 200 levels.
MAX_YAML_NESTING = 1000

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Loader(_BaseLoader):  # type: ignore[misc, valid-type]
    """The safe loader, limited to what a network holds: mappings, lists, strings, numbers,
    booleans and null. An unquoted date is kept as the text it is (a state never holds dates);
    ``!!binary``, ``!!set``, ``!!omap`` and ``!!pairs`` are refused (they cannot be saved back)."""


def _refuse_tag(loader: Any, node: Any) -> Any:
    raise yaml.constructor.ConstructorError(
        None, None, f"the YAML tag {node.tag.replace('tag:yaml.org,2002:', '!!')} is not allowed in a "
        "network file (only mappings, lists, strings, numbers, true/false and null)", node.start_mark)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _BaseLoader.construct_yaml_str)
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _refuse_tag)
harden_scalars(_Loader)           # bounded integers; bad !!bool/!!int/!!float values named at their line
refuse_duplicate_keys(_Loader)    # a key given twice, or a key that is not a string


def file_format(path: str | os.PathLike[str], text: str | None = None) -> str:
    """'json' or 'yaml', from the extension (or the first character when it says nothing)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if text is not None and text.lstrip()[:1] in ("{", "["):
        return "json"
    return "yaml"


def _read_text(path: Path) -> str:
    name = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise LoadError(name, "is a folder, not a network file")
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(name, "is not a regular file (a device, pipe or socket), not a network file")
        if info.st_size > MAX_FILE_BYTES:
            raise LoadError(name, _too_big(info.st_size))
        with open(path, "rb") as handle:   # never more than the limit, whatever stat said
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise LoadError(name, _too_big(len(raw)))
    except LoadError:
        raise
    except FileNotFoundError:
        raise LoadError(name, "no such file") from None
    except PermissionError:
        raise LoadError(name, "permission denied: the file cannot be read") from None
    except IsADirectoryError:
        raise LoadError(name, "is a folder, not a network file") from None
    except OSError as exc:
        raise LoadError(name, f"cannot be read: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. a NUL character in the file name
        raise LoadError(name, f"cannot be read: {exc}") from None
    return decode_bytes(name, raw)


def _too_big(size: int) -> str:
    return (f"is {size / 2**20:.0f} MB; network files over {MAX_FILE_BYTES // 2**20} MB "
            "are refused")


def decode_bytes(name: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        try:
            return raw.decode("utf-32")
        except UnicodeDecodeError as exc:
            raise LoadError(name, f"is not valid UTF-32 text (byte {exc.start})") from None
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(name, f"is not valid UTF-16 text (byte {exc.start})") from None
    if b"\x00" in raw:
        head = raw[:4096]
        if len(head) >= 4 and (head[1::2].count(0) > len(head) * 0.4 or head[0::2].count(0) > len(head) * 0.4):
            raise LoadError(name, "looks like UTF-16 text without a byte order mark; "
                                  "save it as UTF-8 (or UTF-16 with a BOM)")
        raise LoadError(name, f"is binary, not a YAML or JSON text (NUL byte at offset {raw.index(0)})")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise LoadError(name, f"is not UTF-8 text (bad byte 0x{raw[exc.start]:02x} at offset {exc.start}); "
                              "save it as UTF-8", line=line, column=column) from None


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
    flow = text.replace("[]", "").replace("{}", "")
    deep = -(-(MAX_YAML_NESTING - 18 - flow.count("[") - flow.count("{")) // 2)   # indent >= deep
    if deep <= 0:
        return True
    deep_line = re.compile(rf"[ \t]{{{deep}}}")
    return deep_line.match(text) is not None or re.search(rf"\n{deep_line.pattern}", text) is not None


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
                    raise _at(name, event.start_mark, f"is nested more than {MAX_YAML_NESTING} levels "
                                                      "deep; a network file never is")
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
                size = sizes.get(event.anchor, 1)
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


_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
                             r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def _check_json_text(name: str, text: str, data: Any) -> None:
    """Refuse JSON strings with an unpaired surrogate escape (valid JSON, but not Unicode:
    such a string could never be written to a file again)."""
    match = _LONE_SURROGATE.search(text)
    if match is None:
        return
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        line, column = strict_json.line_and_column(text, match.start())
        raise LoadError(name, f"invalid JSON: {match.group()} is half of a UTF-16 surrogate pair, "
                              "not a character", line=line, column=column) from None
    except (ValueError, RecursionError):
        return


def parse_text(name: str, text: str, fmt: str) -> Any:
    """Parse YAML or JSON text into plain Python data, with positions in errors."""
    try:
        if fmt == "json":
            data = strict_json.loads(name, text)
            _check_json_text(name, text, data)
            return data
        if needs_yaml_check(text):
            check_yaml(name, text)
        # rapidyaml reads a 5,000-node file some 10x faster; it returns None (use PyYAML) whenever
        # its result could differ from PyYAML's, and for every broken file (PyYAML reports it)
        data = load_fast(text, _Loader)
        if data is not None:
            return data
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except json.JSONDecodeError as exc:
        raise LoadError(name, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        if "maximum nesting depth" in reason:    # libyaml's own limit (PyYAML >= 6.0.4), as ours
            raise LoadError(name, f"is nested more than {MAX_YAML_NESTING} levels deep; a network file never is",
                            line=mark.line + 1 if mark else None,
                            column=mark.column + 1 if mark else None) from None
        if "could not determine a constructor" in reason:
            reason = f"{reason} (Python object tags are never executed)"
        raise LoadError(name, f"invalid YAML: {reason}", line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow (control characters...)
        at = exc.position if isinstance(exc.position, int) and 0 <= exc.position <= len(text) else None
        line, column = (None, None) if at is None else strict_json.line_and_column(text, at)
        character = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
        raise LoadError(name, f"invalid YAML: the character U+{character:04X} is not allowed in YAML",
                        line=line, column=column) from None
    except yaml.YAMLError as exc:
        raise LoadError(name, f"invalid YAML: {' '.join(str(exc).split())}") from None
    except RecursionError:
        raise LoadError(name, "nested too deeply to read") from None
    except ValueError as exc:  # e.g. integers with too many digits
        if "integer string conversion" in str(exc):
            raise LoadError(name, f"holds a number with more than {sys.get_int_max_str_digits():,} digits") from None
        raise LoadError(name, f"cannot be read: {exc}") from None


def read_state(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The network state in a file, with fastr's file keys (``__class__``...) still in it."""
    p = Path(path)
    text = _read_text(p)
    fmt = file_format(p, text)
    if fmt == "yaml" and re.match(r"\s*<", text):
        raise LoadError(str(p), "is XML (a fastr tool definition?), not a YAML or JSON network")
    data = parse_text(str(p), text, fmt)
    if not isinstance(data, dict):
        kind = "empty" if data is None else f"a {type(data).__name__}"
        raise LoadError(str(p), f"is {kind}, not a fastr network (a mapping with id, nodelist and linklist)")
    cls = data.get("__class__")
    if cls is not None and cls != NETWORK_CLASS:
        raise LoadError(str(p), f"holds a {cls!r}, not a fastr network ({NETWORK_CLASS})", path="__class__")
    if "nodelist" not in data and ("inputs" in data or "interface" in data) and "command" in data:
        raise LoadError(str(p), "is a fastr tool definition, not a network")
    return data


def load_network(path: str | os.PathLike[str], **kwargs: Any) -> Network:
    """Read a network file (YAML or JSON, with or without fastr's file keys)."""
    with collector_paused():        # a third less time for a big file (see gcpause)
        state = read_state(path)
        try:
            network = network_from_state(state, **kwargs)
        except StateError as exc:
            raise LoadError(str(path), exc.reason, path=exc.path or None) from None
        except RecursionError:
            raise LoadError(str(path), "nested too deeply to read") from None
    version = state.get("__fastr_version__")
    network.fastr_version = version if isinstance(version, str) else None
    return network


@collector_paused()      # PyYAML's representer makes a node per value: a quarter faster without it
def dump_text(state: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(state, indent=2, ensure_ascii=False) + "\n"
    return "".join(_yaml_chunks(state))


#: Items of a long top-level list represented at a time when saving YAML (see _yaml_chunks).
YAML_CHUNK = 256


def _yaml(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, sort_keys=False, default_flow_style=False, allow_unicode=True)


def _yaml_chunks(state: dict[str, Any]) -> Iterator[str]:
    """The YAML text of ``state``, the same bytes as one ``yaml.dump`` of it, made a few hundred
    list items at a time: PyYAML represents a whole document as nodes before writing any of it,
    which at 10,000 nodes took some 270 MB. A block sequence under a top-level key is written
    at column 0, exactly as a top-level sequence is, so a long list (nodelist, linklist) can be
    written as its first items under the key, then the rest as plain sequences. (A state shares
    no objects, so no anchor could span two pieces.)"""
    plain: dict[str, Any] = {}
    for key, value in state.items():
        if isinstance(value, list) and len(value) > YAML_CHUNK:
            if plain:
                yield _yaml(plain)
                plain = {}
            yield _yaml({key: value[:YAML_CHUNK]})
            for start in range(YAML_CHUNK, len(value), YAML_CHUNK):
                yield _yaml(value[start:start + YAML_CHUNK])
        else:
            plain[key] = value
    if plain or not state:
        yield _yaml(plain)


def file_state(network: Network) -> dict[str, Any]:
    """The state as a file holds it: fastr's two file keys appended."""
    state = network_to_state(network)
    state["__class__"] = NETWORK_CLASS
    state["__fastr_version__"] = network.fastr_version or FASTR_VERSION
    return state


def atomic_write(path: str | os.PathLike[str], text: str, *, backup: bool = False) -> None:
    """Write ``text`` to ``path`` through a temporary file and a rename. On failure the old file
    is untouched. With ``backup`` the previous version is kept as ``<name>~``."""
    target = Path(path)
    name = str(target)
    directory = target.parent if str(target.parent) else Path(".")
    if target.is_dir():
        raise SaveError(name, "is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except FileNotFoundError:
        raise SaveError(name, f"the folder {directory} does not exist") from None
    except PermissionError:
        raise SaveError(name, f"permission denied: cannot write in {directory}") from None
    except OSError as exc:
        raise SaveError(name, f"cannot write in {directory}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if target.exists():
            try:
                os.chmod(tmp, target.stat().st_mode & 0o7777)
            except OSError:
                pass
            if backup:
                backup_path = target.with_name(target.name + "~")
                try:
                    _copy(target, backup_path)
                except OSError:
                    pass
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, target)
    except OSError as exc:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise SaveError(name, f"could not be written: {exc.strerror or exc}; the file on disk is unchanged") from None
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _copy(src: Path, dst: Path) -> None:
    import shutil
    shutil.copy2(src, dst)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def save_network(network: Network, path: str | os.PathLike[str], fmt: str | None = None,
                 *, backup: bool = False) -> None:
    """Save as fastr's ``Network.save`` does (YAML or JSON by extension), atomically."""
    fmt = fmt or file_format(path)
    text = dump_text(file_state(network), fmt)
    atomic_write(path, text, backup=backup)
