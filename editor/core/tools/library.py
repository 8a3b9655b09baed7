"""Core layer: the tool library, scanned from tool folders exactly as fastr's ToolManager does.

* Every folder is scanned recursively for ``*.xml``, ``*.json`` and ``*.yaml`` (not ``.yml``, not
  names starting with ``__``).  The sub-folders form the namespace; the last one is dropped when
  it is a version equal to the tool's command version (``fastr/math/1.0/addint.yaml`` ->
  ``fastr/math/AddInt:1.0``).  A tool right in the folder gets fastr's ``'/AddInt:1.0'``.
* The key is ``(ns_id, wrapper version)``; the first folder wins, later duplicates are reported in
  :attr:`ToolLibrary.warnings`.  Folders are visited in sorted order (fastr's ``os.listdir`` order
  is arbitrary, which only matters for duplicates inside one tools folder).
* Unlike fastr, one broken file never hides the others: it is reported in
  :attr:`ToolLibrary.errors` with the reason.
* Enum datatypes are global in fastr: a tool redefining an enum with other options is refused.
* Scanning is bounded (unlike fastr's): folders nested more than :data:`MAX_SCAN_DEPTH` levels
  below a tool folder are not scanned, and a symbolic link is only followed when it points inside
  the tool folder it is in (never out of it, never round a loop); each is reported in
  :attr:`ToolLibrary.warnings`.
* ``fastr/Source:1.0`` and ``fastr/Sink:1.0`` are always there (fastr builds them in memory).

Parsed files are cached in memory by (path, mtime, size), so rescanning is cheap.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from editor.core.tools.definitions import (
    SINK_TOOL,
    SOURCE_TOOL,
    ToolDefinition,
    ToolParseError,
)
from editor.core.tools.parse import parse_tool_file
from editor.core.tools.version import Version

__all__ = ['ToolLibrary', 'ToolLoadError', 'ToolParseError', 'ToolPath', 'builtin_library',
           'builtin_tools_dir', 'parse_tool_file', 'tool_namespace']

_TOOL_FILE_RE = re.compile(r'^.*\.(xml|json|yaml)$')
_CacheKey = tuple[str, int, int]
_PARSE_CACHE: dict[_CacheKey, ToolDefinition | ToolParseError] = {}

#: Folders deeper than this below a tool folder are not scanned (fastr's own are 3 or 4 deep).
MAX_SCAN_DEPTH = 32

ORIGIN_SETTINGS = 'settings'
ORIGIN_FASTR_CONFIG = 'fastr config'
ORIGIN_BUILTIN = 'builtin'


@dataclass(frozen=True, slots=True)
class ToolLoadError:
    """A problem with one file or folder: ``path`` and a readable ``message``."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class ToolPath:
    """One folder the library scans and where it came from."""

    path: str
    origin: str           # 'settings' | 'fastr config' | 'builtin'
    exists: bool = True


def builtin_tools_dir() -> Path:
    """``resources/tools``, the editor's own copy of fastr's standard tools: in an installed wheel
    ``editor/_resources/tools`` (see setup.py), in a checkout ``<repo>/resources/tools`` (found as
    ``editor.resources`` finds the folder, without its Qt helpers)."""
    editor_dir = Path(__file__).resolve().parents[2]
    installed = editor_dir / '_resources' / 'tools'
    return installed if installed.is_dir() else editor_dir.parent / 'resources' / 'tools'


def tool_namespace(folders: Sequence[str], command_version: str) -> str:
    """fastr's namespace rule: drop the last folder if it is a version equal to the command's."""
    parts = tuple(folders)
    if parts:
        folder_version = Version.parse(parts[-1])
        if folder_version is not None and folder_version == Version.parse(command_version):
            parts = parts[:-1]
    return '/'.join(parts)


def _parse_cached(path: str) -> ToolDefinition:
    """Parse ``path`` without namespace, reusing an earlier parse of the same file version."""
    try:
        stat = os.stat(path)
    except OSError as error:
        raise ToolParseError(path, f'cannot read the file: {error.strerror or error}') from error
    key = (path, stat.st_mtime_ns, stat.st_size)
    cached = _PARSE_CACHE.get(key)
    if cached is None:
        try:
            cached = parse_tool_file(path, '')
        except ToolParseError as error:
            cached = error
        _PARSE_CACHE[key] = cached
    if isinstance(cached, ToolParseError):
        raise cached
    return cached


class ToolLibrary:
    """All tools from the given folders (first wins), then the built-in library."""

    def __init__(self, paths: Sequence[str | Path] = (), include_builtin: bool = True, *,
                 fastr_tools_path: Sequence[str | Path] = ()) -> None:
        self.paths: list[ToolPath] = []
        self.errors: list[ToolLoadError] = []
        self.warnings: list[ToolLoadError] = []
        self.enum_types: dict[str, frozenset[str]] = {}
        self._tools: dict[tuple[str, str], ToolDefinition] = {}
        self._by_ns_id: dict[str, list[str]] = {}
        entries = [ToolPath(str(p), ORIGIN_SETTINGS) for p in paths]
        entries += [ToolPath(str(p), ORIGIN_FASTR_CONFIG) for p in fastr_tools_path]
        if include_builtin:
            entries.append(ToolPath(str(builtin_tools_dir()), ORIGIN_BUILTIN))
        for entry in entries:
            exists = os.path.isdir(entry.path)
            self.paths.append(dataclasses.replace(entry, exists=exists))
            if exists:
                self._scan(entry.path, (), set())
            else:
                reason = 'not a folder' if os.path.exists(entry.path) else 'tool folder does not exist'
                self.warnings.append(ToolLoadError(entry.path, reason))
        for tool in (SOURCE_TOOL, SINK_TOOL):
            if tool.key not in self._tools:
                self._add(tool)

    @classmethod
    def from_settings(cls, paths: Sequence[str | Path] = (), fastrhome: str | Path | None = None,
                      include_builtin: bool = True) -> ToolLibrary:
        """Editor folders, then the folders of fastr's configuration (read statically), then builtin."""
        from editor.core.tools.fastrconfig import read_fastr_config
        config = read_fastr_config(fastrhome)
        library = cls(paths, include_builtin, fastr_tools_path=config.tools_path)
        library.warnings.extend(ToolLoadError('fastr config', note) for note in config.notes)
        return library

    # -- scanning ---------------------------------------------------------------------------
    def _scan(self, folder: str, folders: tuple[str, ...], visiting: set[str], root: str = '') -> None:
        real = os.path.realpath(folder)
        root = root or real
        if real in visiting:
            self.warnings.append(ToolLoadError(folder, 'symbolic link loop, not scanned again'))
            return
        visiting.add(real)
        try:
            names = sorted(os.listdir(folder))
        except (OSError, ValueError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            self.errors.append(ToolLoadError(folder, f'cannot list folder: {reason}'))
            visiting.discard(real)
            return
        for name in names:
            path = os.path.join(folder, name)
            if os.path.islink(path) and not self._link_inside(path, root):
                continue
            if os.path.isdir(path):
                if len(folders) >= MAX_SCAN_DEPTH:
                    self.warnings.append(ToolLoadError(path, (
                        f'not scanned: folders nested more than {MAX_SCAN_DEPTH} levels deep '
                        'in a tool folder are left out')))
                    continue
                self._scan(path, folders + (name,), visiting, root)
            elif _TOOL_FILE_RE.match(name) and not name.startswith('__') and os.path.isfile(path):
                self._load(path, folders)
        visiting.discard(real)

    def _link_inside(self, path: str, root: str) -> bool:
        """Whether the symbolic link ``path`` points inside ``root`` (else it is reported)."""
        target = os.path.realpath(path)
        if target == root or target.startswith(root.rstrip(os.sep) + os.sep):
            return True
        if os.path.isdir(target) or _TOOL_FILE_RE.match(os.path.basename(path)):
            self.warnings.append(ToolLoadError(path, (
                f'symbolic link to {target}, outside the tool folder {root}: not followed')))
        return False

    def _load(self, path: str, folders: tuple[str, ...]) -> None:
        try:
            tool = _parse_cached(path)
        except ToolParseError as error:
            self.errors.append(ToolLoadError(path, error.reason))
            return
        except Exception as error:  # noqa: BLE001 - one file never stops the library (or the editor)
            self.errors.append(ToolLoadError(path, f'cannot be read: {type(error).__name__}: '
                                                   f'{" ".join(str(error).split())[:300]}'))
            return
        namespace = tool_namespace(folders, tool.command_version)
        tool = dataclasses.replace(tool, namespace=namespace,
                                   ns_id=f'{namespace}/{tool.id}:{tool.command_version}')
        conflict = self._register_enums(tool)
        if conflict:
            self.errors.append(ToolLoadError(path, conflict))
            return
        existing = self._tools.get(tool.key)
        if existing is not None:
            self.warnings.append(ToolLoadError(path, (
                f'skipped {tool.ns_id} version {tool.version}: already loaded from '
                f'{existing.source_file} (the first tool folder wins)')))
            return
        self._add(tool)

    def _register_enums(self, tool: ToolDefinition) -> str | None:
        new = {name: frozenset(options) for name, options in tool.enum_types.items()}
        for name, options in new.items():
            known = self.enum_types.get(name)
            if known is not None and known != options:
                return (f'conflicting definition of enum {name}: options {sorted(options)} here, '
                        f'{sorted(known)} in an earlier tool (fastr refuses this tool)')
        self.enum_types.update(new)
        return None

    def _add(self, tool: ToolDefinition) -> None:
        self._tools[tool.key] = tool
        versions = self._by_ns_id.setdefault(tool.ns_id, [])
        versions.append(tool.version)
        versions.sort(key=lambda v: Version(v).sort_key())

    # -- queries ----------------------------------------------------------------------------
    def get(self, ns_id: str, version: str | None = None) -> ToolDefinition | None:
        """The tool ``ns_id`` at ``version`` (compared as fastr does), or its highest version."""
        versions = self._by_ns_id.get(ns_id)
        if not versions:
            return None
        if version is None:
            return self._tools[(ns_id, versions[-1])]
        wanted = Version.parse(str(version))
        if wanted is None:
            return None
        return self._tools.get((ns_id, str(wanted)))

    def versions(self, ns_id: str) -> list[str]:
        """Wrapper versions of ``ns_id``, lowest first."""
        return list(self._by_ns_id.get(ns_id, ()))

    def __contains__(self, item: object) -> bool:
        if isinstance(item, ToolDefinition):
            return self._tools.get(item.key) == item
        if isinstance(item, tuple) and len(item) == 2:
            return self.get(str(item[0]), str(item[1])) is not None
        return isinstance(item, str) and item in self._by_ns_id

    def __iter__(self) -> Iterator[ToolDefinition]:
        return iter(sorted(self._tools.values(),
                           key=lambda t: (t.ns_id, Version(t.version).sort_key())))

    def __len__(self) -> int:
        return len(self._tools)

    def search(self, text: str) -> list[ToolDefinition]:
        """Tools matching ``text`` (case-insensitive), best first; all tools for empty text."""
        needle = text.strip().lower()
        if not needle:
            return list(self)
        scored = []
        for tool in self:
            score = _match_score(tool, needle)
            if score is not None:
                scored.append((score, tool.ns_id.lower(), tool))
        scored.sort(key=lambda item: (item[0], item[1]))
        return [tool for _score, _key, tool in scored]


def _match_score(tool: ToolDefinition, needle: str) -> int | None:
    """Lower is better; None when ``needle`` matches nothing."""
    tool_id, ns_id = tool.id.lower(), tool.ns_id.lower()
    if needle in (tool_id, tool.tool_id.lower(), ns_id):
        return 0
    if tool_id.startswith(needle):
        return 1
    if needle in ns_id:
        return 2
    if needle in tool.name.lower():
        return 3
    if needle in tool.description.lower() or any(needle in tag.lower() for tag in tool.tags):
        return 4
    if _is_subsequence(needle.replace(' ', ''), ns_id):
        return 5
    return None


def _is_subsequence(needle: str, haystack: str) -> bool:
    position = 0
    for char in needle:
        position = haystack.find(char, position) + 1
        if position == 0:
            return False
    return True


@lru_cache(maxsize=1)
def builtin_library() -> ToolLibrary:
    """The built-in library alone (``resources/tools`` plus Source and Sink), built once."""
    return ToolLibrary()
