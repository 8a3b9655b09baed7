"""Core layer: fastr datatypes and fastr's link compatibility rule (``types.match_types``).

Compatibility is *not* subclass-based.  Every type stands for a set of concrete types: itself, or
for a TypeGroup its flattened ``_members`` (unknown members silently dropped), ``AnyType`` every
non-group DataType (value, file, enum, Deferred, Missing) and ``AnyFile`` every URLType.  Two ports
match when the sets intersect; one shared type is the answer; with several, the first of the
preferred types (the caller's, else fastr's ``config.preferred_types``) wins, then the preference
order of the first TypeGroup argument, then of the second.

Where fastr's tie order comes from a set (``AnyType``/``AnyFile`` members, a user group written
as ``frozenset([...])``, or a group nested in a group, which contributes its ``members``
frozenset of classes) fastr's pick depends on hashing and changes from run to run
(``ITKImageFile`` -> ``NiftiImageFile`` gives either NIfTI type); this registry uses a fixed order
there (sorted ids, or the order written in the file).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from editor.core.tools.builtin_types import BASE_KINDS, BUILTIN_TYPES
from editor.core.tools.typescan import RawTypeClass, scan_type_folders

__all__ = ['DataTypeConflictError', 'DataTypeInfo', 'DataTypeLoadError', 'DataTypeRegistry',
           'builtin_registry']

GROUP_KINDS = frozenset({'TypeGroup', 'AnyType', 'AnyFile'})
#: Kinds that are fastr ``DataType`` subclasses (members of AnyType).
DATATYPE_KINDS = frozenset({'ValueType', 'URLType', 'EnumType', 'DataType'})
_SPECIAL = ('AnyType', 'AnyFile', 'Deferred', 'Missing')


@dataclass(frozen=True, slots=True)
class DataTypeInfo:
    """One datatype as the editor knows it."""

    id: str
    kind: str                      # ValueType | URLType | TypeGroup | EnumType | AnyType | AnyFile | DataType
    base: str = ''                 # the class it derives from
    extension: str | tuple[str, ...] | None = None
    members: tuple[str, ...] = ()  # TypeGroup: declared _members; EnumType: its options
    description: str = ''
    source_file: str | None = None  # None for built-in and enum types
    preferred_types: tuple[str, ...] | None = None   # a TypeGroup's own preference, if set
    members_ordered: bool = True   # False when fastr keeps _members in a set (tie order varies)

    @property
    def is_group(self) -> bool:
        return self.kind in GROUP_KINDS

    @property
    def is_enum(self) -> bool:
        return self.kind == 'EnumType'


@dataclass(frozen=True, slots=True)
class DataTypeLoadError:
    """A problem with one datatype file or folder."""

    path: str
    message: str


class DataTypeConflictError(ValueError):
    """An enum type is registered again with other options (fastr's FastrDataTypeMismatchError)."""


def _builtin_infos(include_builtin: bool) -> list[DataTypeInfo]:
    infos = []
    for type_id, (kind, extension, members, description) in BUILTIN_TYPES.items():
        if include_builtin or type_id in _SPECIAL:
            base = kind if kind in BASE_KINDS else 'TypeGroup'
            infos.append(DataTypeInfo(type_id, kind, base, extension, members, description,
                                      members_ordered=kind not in ('AnyType', 'AnyFile')))
    return infos


class DataTypeRegistry:
    """Datatypes from user ``types_path`` folders plus fastr's built-ins, and enum types."""

    def __init__(self, types_paths: Sequence[str | Path] = (), include_builtin: bool = True,
                 preferred_types: Sequence[str] = ()) -> None:
        self.errors: list[DataTypeLoadError] = []
        self.preferred_types: tuple[str, ...] = tuple(preferred_types)
        self._types: dict[str, DataTypeInfo] = {}
        self._members: dict[str, frozenset[str]] = {}
        self._preference: dict[str, tuple[str, ...]] = {}
        builtins = _builtin_infos(include_builtin)
        raw, problems = scan_type_folders([str(p) for p in types_paths])
        self.errors.extend(DataTypeLoadError(path, message) for path, message in problems)
        builtin_files = {info.id.lower() for info in builtins if info.id not in _SPECIAL}
        pending = {}
        for item in raw:
            if Path(item.source_file).stem.lower() in builtin_files or item.id in _SPECIAL:
                self.errors.append(DataTypeLoadError(item.source_file, (
                    f'{item.id} is overridden by the built-in type of the same name '
                    "(fastr's own datatypes folder comes last and wins)")))
            else:
                pending[item.id] = item
        for info in builtins:
            self._types[info.id] = info
        for item in pending.values():
            self._resolve(item, pending, ())

    @classmethod
    def from_settings(cls, types_paths: Sequence[str | Path] = (),
                      fastrhome: str | Path | None = None) -> DataTypeRegistry:
        """fastr's configured ``types_path`` (read statically), then the editor's folders (a later
        folder wins for types, so the editor's own settings override the config), then built-ins;
        ``preferred_types`` from the config."""
        from editor.core.tools.fastrconfig import read_fastr_config
        config = read_fastr_config(fastrhome)
        registry = cls([*config.types_path, *types_paths], preferred_types=config.preferred_types)
        registry.errors.extend(DataTypeLoadError('fastr config', note) for note in config.notes)
        return registry

    def _resolve(self, item: RawTypeClass, pending: dict[str, RawTypeClass],
                 chain: tuple[str, ...]) -> DataTypeInfo | None:
        if item.id in self._types:
            return self._types[item.id]
        if item.id in chain:
            self.errors.append(DataTypeLoadError(item.source_file, f'{item.id}: circular base classes'))
            return None
        attrs = dict(item.attributes)
        if item.base in BASE_KINDS:
            kind, inherited = BASE_KINDS[item.base], None
        else:
            parent_raw = pending.get(item.base)
            inherited = (self._resolve(parent_raw, pending, chain + (item.id,)) if parent_raw
                         else self._types.get(item.base))
            if inherited is None:
                self.errors.append(DataTypeLoadError(item.source_file, (
                    f'{item.id}: base class {item.base or "(none)"!r} is not a known fastr '
                    'datatype; skipped')))
                return None
            kind = 'TypeGroup' if inherited.kind in GROUP_KINDS else inherited.kind
        for name in attrs.pop('__unreadable__', []):
            self.errors.append(DataTypeLoadError(item.source_file, (
                f'{item.id}: {name} is not a literal; the editor cannot read it')))
        members = attrs.get('_members', attrs.get('_options'))
        if members is None and inherited is not None:
            members = inherited.members
        if kind == 'TypeGroup' and not members and '_members' not in attrs:
            self.errors.append(DataTypeLoadError(item.source_file, (
                f'{item.id}: a TypeGroup without _members is abstract; fastr skips it')))
            return None
        extension = attrs['extension'] if 'extension' in attrs else (
            inherited.extension if inherited else None)
        preferred = attrs.get('preferred_types', inherited.preferred_types if inherited else None)
        description = attrs.get('description', inherited.description if inherited else '')
        info = DataTypeInfo(
            item.id, kind, item.base,
            tuple(extension) if isinstance(extension, list) else extension,
            tuple(str(m) for m in members or ()), str(description or ''), item.source_file,
            None if preferred is None else tuple(str(p) for p in preferred),
            item.members_ordered if '_members' in attrs else
            (inherited.members_ordered if inherited else True))
        self._types[info.id] = info
        return info

    # -- lookups ----------------------------------------------------------------------------
    def __contains__(self, name: object) -> bool:
        return name in self._types

    def get(self, name: str) -> DataTypeInfo | None:
        return self._types.get(name)

    def ids(self, include_enums: bool = True) -> list[str]:
        """All type ids, sorted (fastr's generated enum types last when included)."""
        ids = sorted(i for i, t in self._types.items() if not t.is_enum)
        if include_enums:
            ids += sorted(i for i, t in self._types.items() if t.is_enum)
        return ids

    def copy(self) -> DataTypeRegistry:
        """An independent registry with the same types (for per-document enum registration)."""
        clone = DataTypeRegistry.__new__(DataTypeRegistry)
        clone.errors = list(self.errors)
        clone.preferred_types = self.preferred_types
        clone._types = dict(self._types)
        clone._members, clone._preference = {}, {}
        return clone

    def register_enum(self, name: str, options: Iterable[str]) -> DataTypeInfo:
        """Add fastr's enum type ``name``; same options again is fine, other options raise."""
        options = tuple(dict.fromkeys(str(o) for o in options))
        known = self._types.get(name)
        if known is not None:
            if not known.is_enum or set(known.members) != set(options):
                raise DataTypeConflictError(
                    f'conflicting definition of enum {name}: options {sorted(options)} vs '
                    f'{sorted(known.members)}')
            return known
        info = DataTypeInfo(name, 'EnumType', 'EnumType', None, options,
                            'One of: ' + ', '.join(options))
        self._types[name] = info
        self._members.clear()
        self._preference.clear()
        return info

    def register_tool_enums(self, tool: object) -> list[str]:
        """Register the enum types of a ToolDefinition; returns conflict messages."""
        return self.register_enums(getattr(tool, 'enum_types', {}))

    def register_enums(self, enums: Mapping[str, Iterable[str]]) -> list[str]:
        """Register ``{type id: options}`` (e.g. ``ToolLibrary.enum_types``); returns conflicts."""
        problems = []
        for name, options in enums.items():
            try:
                self.register_enum(name, options)
            except DataTypeConflictError as error:
                problems.append(str(error))
        return problems

    # -- fastr's matching -------------------------------------------------------------------
    def members(self, name: str) -> frozenset[str]:
        """The concrete types ``name`` stands for (empty for an unknown name)."""
        if name not in self._members:
            self._members[name] = frozenset(self._flatten(name, ()))
        return self._members[name]

    def _flatten(self, name: str, chain: tuple[str, ...]) -> list[str]:
        info = self._types.get(name)
        if info is None or name in chain:
            return []
        if info.kind == 'AnyType':
            return sorted(i for i, t in self._types.items() if t.kind in DATATYPE_KINDS)
        if info.kind == 'AnyFile':
            return sorted(i for i, t in self._types.items() if t.kind == 'URLType')
        if info.kind != 'TypeGroup':
            return [name]
        result: list[str] = []
        for member in info.members:
            for flat in self._flatten(member, chain + (name,)):
                if flat not in result:
                    result.append(flat)
        return result

    def preference(self, name: str) -> tuple[str, ...]:
        """A group's tie-break order: its ``preferred_types``, else its flattened members."""
        if name not in self._preference:
            info = self._types.get(name)
            if info is not None and info.preferred_types is not None:
                order = tuple(p for p in info.preferred_types if p in self._types)
            else:
                order = tuple(self._flatten(name, ()))
            self._preference[name] = order
        return self._preference[name]

    def match(self, a: str, b: str, preferred: Sequence[str] = ()) -> str | None:
        """fastr's ``match_types(a, b, preferred=...)``: the resolved type, or None."""
        if a not in self._types or b not in self._types:
            return None
        options = self.members(a) & self.members(b)
        if not options:
            return None
        if len(options) == 1:
            return next(iter(options))
        for type_id in preferred or self.preferred_types:
            if type_id in options:
                return type_id
        for arg in (a, b):
            if self._types[arg].is_group:
                for type_id in self.preference(arg):
                    if type_id in options:
                        return type_id
        return None

    def explain(self, a: str, b: str, preferred: Sequence[str] = ()) -> str | None:
        """None when ``a`` can feed ``b``; otherwise why not, in fastr's terms."""
        for name in (a, b):
            if name not in self._types:
                return f'unknown datatype {name!r}'
        if self.match(a, b, preferred) is not None:
            return None
        options = self.members(a) & self.members(b)
        if options:
            return (f'{a} and {b} share several types ({", ".join(sorted(options))}) and no '
                    'preferred type decides between them')
        detail = [f'{n} stands for {self._describe_members(n)}' for n in (a, b)
                  if self._types[n].is_group]
        return f'{a} cannot feed {b}' + (f' ({"; ".join(detail)})' if detail else '')

    def _describe_members(self, name: str) -> str:
        members = sorted(self.members(name))
        if not members:
            return 'no known types'
        shown = ', '.join(members[:6])
        return shown + (f' and {len(members) - 6} more' if len(members) > 6 else '')


@lru_cache(maxsize=1)
def builtin_registry() -> DataTypeRegistry:
    """fastr's built-in types only (shared; use ``.copy()`` before registering enums)."""
    return DataTypeRegistry()
