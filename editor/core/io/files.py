"""Core layer: reading and writing network files (YAML and JSON), atomically and safely.

Files are written as ``fastr.api.Network.save`` writes them (the state plus ``__class__`` and
``__fastr_version__``), so real fastr loads them; bare state dicts are read too. YAML is read with
PyYAML's safe (C) loader, or through rapidyaml where that gives the very same data faster
(:mod:`editor.core.text.yamlfast`); alias bombs, oversized files, binary junk and bad encodings are
refused with a LoadError naming the file, line, column and the path inside the document.
"""

from __future__ import annotations

import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from editor.core.io.atomic import write_bytes_atomic
from editor.core.text import jsonguard as strict_json
from editor.core.text import yamlemit
from editor.core.errors import LoadError, SaveError, StateError
from editor.core.io.filestamp import FileStamp
from editor.core.gcpause import collector_paused
from editor.core.graph.network import Network, network_from_state
from editor.core.graph.state import NestingError, network_to_state
from editor.core.text.yamlfast import load_fast
from editor.core.text.yamlsafe import MAX_NESTING, check_yaml, needs_yaml_check, nesting_reason
from editor.core.text.yamlsafe import MAX_YAML_NESTING as MAX_YAML_NESTING   # noqa: F401 - for tests
from editor.core.text.yamlsafe import NetworkLoader as _Loader

if TYPE_CHECKING:
    from editor.core.tools.datatypes import DataTypeRegistry
    from editor.core.tools.library import ToolLibrary

NETWORK_CLASS = "fastr.planning.network.Network"
FASTR_VERSION = "3.4.0"
#: Larger files are refused before reading (a 3000-node network is about 4 MB of YAML).
MAX_FILE_BYTES = 32 * 1024 * 1024
_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


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


def _read_text(path: Path, stamps: list[FileStamp] | None = None) -> str:
    """The text of a network file; with ``stamps``, the file's :class:`FileStamp` (of the very
    bytes read) is appended to it."""
    name = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise LoadError(name, "is a folder, not a network file")
        if not stat.S_ISREG(info.st_mode):
            raise LoadError(name, "is not a regular file (a device, pipe or socket), not a network file")
        if info.st_size > MAX_FILE_BYTES:
            raise LoadError(name, _too_big(info.st_size))
        # Non-blocking: a kernel file that stat calls regular (``/proc/kmsg``) or a file swapped
        # for a pipe after the stat must not hang the reader; a real file reads as always.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "rb") as handle:   # never more than the limit, whatever stat said
            opened = os.fstat(handle.fileno())
            if not stat.S_ISREG(opened.st_mode):
                raise LoadError(name, "is not a regular file (a device, pipe or socket), not a network file")
            raw = handle.read(MAX_FILE_BYTES + 1)
            if raw is None:                # nothing there without waiting (a non-blocking read)
                raise BlockingIOError
            if raw and opened.st_size == 0:  # /proc/kmsg with messages waiting: a kernel stream
                raise LoadError(name, "is a kernel file (its size is 0 yet it streams contents), "
                                      "not a network file")
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
    except BlockingIOError:
        raise LoadError(name, "cannot be read without waiting (a kernel or device file), "
                              "not a network file") from None
    except OSError as exc:
        raise LoadError(name, f"cannot be read: {exc.strerror or exc}") from None
    except ValueError as exc:  # e.g. a NUL character in the file name
        raise LoadError(name, f"cannot be read: {exc}") from None
    if stamps is not None:
        stamps.append(FileStamp.of(opened, raw))
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
            try:
                data = strict_json.loads(name, text)
            except RecursionError:
                line, column = _deep_place(name, text)
                raise LoadError(name, nesting_reason(), line=line, column=column) from None
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
            raise LoadError(name, nesting_reason(),
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


def read_state(path: str | os.PathLike[str], *, stamps: list[FileStamp] | None = None) -> dict[str, Any]:
    """The network state in a file, with fastr's file keys (``__class__``...) still in it
    (``stamps``: see :func:`_read_text`)."""
    p = Path(path)
    text = _read_text(p, stamps)
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


def load_network(path: str | os.PathLike[str], *, library: ToolLibrary | None = None,
                 types: DataTypeRegistry | None = None) -> Network:
    """Read a network file (YAML or JSON, with or without fastr's file keys); its tools are looked
    up in ``library`` and its datatypes in ``types`` (the caller's: see ``Network``)."""
    return read_network_file(path, library=library, types=types)[0]


def _deep_place(path: str | os.PathLike[str], text: str | None = None) -> tuple[int | None, int | None]:
    """The line and column where JSON text first nests deeper than MAX_NESTING (a scan of the
    whole text: for an error message only); (None, None) when not found."""
    try:
        text = _read_text(Path(path)) if text is None else text
    except LoadError:
        return None, None
    place = strict_json.deep_place(text, MAX_NESTING) if file_format(path, text) == "json" else None
    return (None, None) if place is None else place


def read_network_file(path: str | os.PathLike[str], *, library: ToolLibrary | None = None,
                      types: DataTypeRegistry | None = None) -> tuple[Network, FileStamp]:
    """:func:`load_network`, and the stamp of the bytes it read (to notice later changes)."""
    stamps: list[FileStamp] = []
    with collector_paused():        # a third less time for a big file (see gcpause)
        state = read_state(path, stamps=stamps)
        try:
            network = network_from_state(state, library=library, types=types)
        except NestingError as exc:     # the line, too (a YAML file is refused before, at its line)
            line, column = _deep_place(path)
            raise LoadError(str(path), exc.reason, path=exc.path or None, line=line, column=column) from None
        except StateError as exc:
            raise LoadError(str(path), exc.reason, path=exc.path or None) from None
        except RecursionError:
            raise LoadError(str(path), "nested too deeply to read") from None
    version = state.get("__fastr_version__")
    network.fastr_version = version if isinstance(version, str) else None
    network.load_warnings = [f"{path}: warning: {warning}" for warning in network.load_warnings]
    return network, stamps[0]


@collector_paused()      # PyYAML's representer makes a node per value: a quarter faster without it
def dump_text(state: dict[str, Any], fmt: str) -> str:
    """The text of a network file; a ValueError when JSON cannot hold the state (two keys of one
    mapping that JSON writes alike, as YAML's ``1`` and ``'1'``: the file would be refused)."""
    if fmt == "json":
        clash = _json_key_clash(state)
        if clash is not None:
            raise ValueError(clash)
        return json.dumps(state, indent=2, ensure_ascii=False) + "\n"
    try:
        return "".join(_yaml_pieces(state))
    except yamlemit.Shared:             # an object met twice: PyYAML's anchors, for the whole state
        return "".join(_yaml_chunks(state))


def _json_key(key: Any) -> str:
    """The text JSON writes for a mapping key (as ``json.dumps``)."""
    if isinstance(key, str):
        return key
    return json.dumps(key) if isinstance(key, (bool, int, float)) or key is None else repr(key)


def _json_key_clash(state: Any) -> str | None:
    """Where two keys of one mapping would be the same JSON key, or None (the common case: one
    walk, no key other than a string met). Iterative: the state may nest deep."""
    stack = [state]
    while stack:
        item = stack.pop()
        if type(item) is dict:
            if any(type(k) is not str for k in item) and len({_json_key(k) for k in item}) < len(item):
                return _clash_place(state)
            stack.extend(v for v in item.values() if type(v) in (dict, list))
        else:
            stack.extend(v for v in item if type(v) in (dict, list))
    return None


def _clash_place(state: Any) -> str:
    stack: list[tuple[Any, str]] = [(state, "")]
    while stack:
        item, where = stack.pop()
        if type(item) is dict:
            seen: dict[str, Any] = {}
            for key in item:
                text = _json_key(key)
                if text in seen:
                    return (f"the keys {seen[text]!r} and {key!r} of one mapping (at {where or 'the top'}) "
                            "would be the same key in JSON, which the editor refuses when opening; "
                            "save it as YAML, or rename one")
                seen[text] = key
            stack.extend((v, f"{where}.{k}" if where else str(k)) for k, v in item.items()
                         if type(v) in (dict, list))
        else:
            stack.extend((v, f"{where}[{n}]") for n, v in enumerate(item) if type(v) in (dict, list))
    return "two keys of one mapping would be the same key in JSON"


def _yaml_pieces(state: dict[str, Any]) -> Iterator[str]:
    """The YAML text of ``state``, the same bytes as one ``yaml.dump`` of it: each top-level entry,
    and each item of a top-level list, written by :mod:`editor.core.text.yamlemit` (some ten times
    faster), or by PyYAML when that does not cover it. The pieces are independent: a top-level
    entry's lines, or a top-level list's items (at column 0 under their key), are the same text
    alone as in the whole document. An object met twice raises ``yamlemit.Shared``."""
    if type(state) is not dict or not state:
        yield _yaml(state)
        return
    seen: set[int] = {id(state)}
    for key, value in state.items():
        if type(value) is list and value:
            head = _piece(yamlemit.dump_key, key)
            if head is None:
                yield _yaml({key: value})
                continue
            yield head
            seen.add(id(value))
            for item in value:
                yield _piece(yamlemit.dump_item, item, seen) or _yaml([item])
        else:
            yield _piece(yamlemit.dump_entry, key, value, seen) or _yaml({key: value})


def _piece(write: Any, *args: Any) -> str | None:
    """``write(*args)``, or None when yamlemit does not cover it (a shared object propagates)."""
    try:
        return write(*args)
    except yamlemit.Shared:
        raise
    except yamlemit.Uncovered:
        return None


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


def atomic_write(path: str | os.PathLike[str], text: str, *, backup: bool = False) -> FileStamp | None:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file, fsync'd and read back, and a
    rename; a symbolic link is followed (the file it names is replaced, the link stays). On
    failure a SaveError says why and the old file is untouched. With ``backup`` the previous
    version is kept as ``<name>~``, written the same way (see :mod:`editor.core.io.atomic`).
    Returns the stamp of the file written (None if it cannot be read back)."""
    return _write_data(path, _encoded(path, text), backup)


def _encoded(path: str | os.PathLike[str], text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise SaveError(str(path), f"holds text that cannot be written as UTF-8 ({exc.reason} at "
                                   f"character {exc.start}); nothing was written") from None


def _write_data(path: str | os.PathLike[str], data: bytes, backup: bool) -> FileStamp | None:
    written = write_bytes_atomic(path, data, backup=backup, name=str(path))
    try:
        return FileStamp.of(os.stat(written), data)
    except OSError:
        return None


def save_network(network: Network, path: str | os.PathLike[str], fmt: str | None = None,
                 *, backup: bool = False) -> None:
    """Save as fastr's ``Network.save`` does (YAML or JSON by extension), atomically."""
    save_network_stamped(network, path, fmt, backup=backup)


def save_network_stamped(network: Network, path: str | os.PathLike[str], fmt: str | None = None,
                         *, backup: bool = False) -> FileStamp | None:
    """:func:`save_network`, returning the stamp of the file written."""
    return write_state(snapshot_state(network, path), path, fmt, backup=backup)


def snapshot_state(network: Network, path: str | os.PathLike[str]) -> dict[str, Any]:
    """The state a save of ``network`` to ``path`` writes (:func:`file_state`): fresh dicts and
    lists that share only values the editor replaces, never changes in place, so the text can be
    made from it in another thread while editing goes on. A SaveError when it cannot be built."""
    try:
        return file_state(network)
    except RecursionError:
        raise SaveError(str(path), _TOO_DEEP) from None


def write_state(state: dict[str, Any], path: str | os.PathLike[str], fmt: str | None = None,
                *, backup: bool = False) -> FileStamp | None:
    """Write a state (from :func:`snapshot_state`) to the network file ``path``, atomically; any
    thread. Refused with a SaveError, nothing written, when the text is over MAX_FILE_BYTES: the
    editor would refuse to open the file (what it writes, it opens)."""
    data = _encoded(path, state_text(state, path, fmt))
    size = len(data)
    if size > MAX_FILE_BYTES:
        raise SaveError(str(path), f"nothing was written: the network would be a {size / 2**20:.0f} MB file, "
                                   f"and network files over {MAX_FILE_BYTES // 2**20} MB are refused when "
                                   "opened (a JSON file is smaller than YAML; or split the network into macros)")
    return _write_data(path, data, backup)


_TOO_DEEP = (f"nothing was written: the network is nested too deeply to be written "
             f"(more than the {MAX_NESTING} levels a network file may have)")


def state_text(state: dict[str, Any], path: str | os.PathLike[str], fmt: str | None = None) -> str:
    """The text of the file ``path`` that holds ``state``; a SaveError when it cannot be written
    (nothing loaded or built here nests so deep, but a script can build anything)."""
    try:
        return dump_text(state, fmt or file_format(path))
    except RecursionError:
        raise SaveError(str(path), _TOO_DEEP) from None
    except ValueError as exc:        # JSON cannot hold it (see dump_text)
        raise SaveError(str(path), f"nothing was written: {exc}") from None


