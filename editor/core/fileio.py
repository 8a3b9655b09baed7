"""Core layer: reading and writing network files (YAML and JSON), atomically and safely.

Files are written as ``fastr.api.Network.save`` writes them (the state plus ``__class__`` and
``__fastr_version__``), so real fastr loads them; bare state dicts are read too. YAML is read with
PyYAML's safe (C) loader; alias bombs, oversized files, binary junk and bad encodings are refused
with a LoadError naming the file, line, column and the path inside the document.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from editor.core.errors import LoadError, SaveError, StateError
from editor.core.network import Network
from editor.core.state import FILE_KEYS, network_from_state, network_to_state

NETWORK_CLASS = "fastr.planning.network.Network"
FASTR_VERSION = "3.4.0"
MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_ALIAS_EXPANSION = 1_000_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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


def _read_text(path: Path) -> str:
    name = str(path)
    try:
        if path.is_dir():
            raise LoadError(name, "is a folder, not a network file")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise LoadError(name, f"is {size / 2**20:.0f} MB; network files over "
                                  f"{MAX_FILE_BYTES // 2**20} MB are refused")
        raw = path.read_bytes()
    except LoadError:
        raise
    except FileNotFoundError:
        raise LoadError(name, "no such file") from None
    except PermissionError:
        raise LoadError(name, "permission denied: the file cannot be read") from None
    except OSError as exc:
        raise LoadError(name, f"cannot be read: {exc.strerror or exc}") from None
    return decode_bytes(name, raw)


def decode_bytes(name: str, raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    elif raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise LoadError(name, f"is not valid UTF-16 text (byte {exc.start})") from None
    if b"\x00" in raw:
        raise LoadError(name, f"is binary, not a YAML or JSON text (NUL byte at offset {raw.index(0)})")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise LoadError(name, f"is not UTF-8 text (bad byte 0x{raw[exc.start]:02x} at offset {exc.start})",
                        line=line) from None


def _check_aliases(name: str, text: str) -> None:
    """Refuse YAML whose aliases would expand into a huge document ("billion laughs")."""
    if "&" not in text or "*" not in text:
        return
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = []     # [anchor, size]
    total = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                stack.append([event.anchor, 1])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                anchor, size = stack.pop()
                if anchor:
                    sizes[anchor] = size
                if stack:
                    stack[-1][1] += size
                else:
                    total += size
            elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
                size = sizes.get(event.anchor, 1) if isinstance(event, yaml.AliasEvent) else 1
                if isinstance(event, yaml.ScalarEvent) and event.anchor:
                    sizes[event.anchor] = 1
                if stack:
                    stack[-1][1] += size
                else:
                    total += size
            if (stack and stack[-1][1] > MAX_ALIAS_EXPANSION) or total > MAX_ALIAS_EXPANSION:
                mark = getattr(event, "start_mark", None)
                raise LoadError(name, "YAML aliases expand to more than "
                                f"{MAX_ALIAS_EXPANSION:,} values (an alias bomb?)",
                                line=mark.line + 1 if mark else None,
                                column=mark.column + 1 if mark else None)
    except yaml.YAMLError:
        return  # the real parse reports it with its position


def parse_text(name: str, text: str, fmt: str) -> Any:
    """Parse YAML or JSON text into plain Python data, with positions in errors."""
    try:
        if fmt == "json":
            return json.loads(text)
        _check_aliases(name, text)
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except json.JSONDecodeError as exc:
        raise LoadError(name, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = " ".join(x for x in (exc.context, exc.problem) if x) or "invalid YAML"
        if "could not determine a constructor" in reason:
            reason = f"{reason} (Python object tags are never executed)"
        raise LoadError(name, f"invalid YAML: {reason}", line=mark.line + 1 if mark else None,
                        column=mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise LoadError(name, f"invalid YAML: {exc}") from None
    except RecursionError:
        raise LoadError(name, "nested too deeply to read") from None
    except ValueError as exc:  # e.g. integers with too many digits
        raise LoadError(name, f"cannot be read: {exc}") from None


def read_state(path: str | os.PathLike[str]) -> dict[str, Any]:
    """The network state in a file, with fastr's file keys (``__class__``...) still in it."""
    p = Path(path)
    text = _read_text(p)
    data = parse_text(str(p), text, file_format(p, text))
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


def dump_text(state: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(state, indent=2, ensure_ascii=False) + "\n"
    return yaml.dump(state, Dumper=_Dumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True)


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
