"""Core layer: what fastr's schema "blueprinter" does to a tool document before using it.

fastr runs ``Tool.schema.json`` through ``helpers/jsonschemaparser.py``, which first *coerces*
values (``str(x)`` for strings, so a missing ``help`` text read from XML becomes ``'None'``;
``[x]`` for a lone string where a list is wanted; ``[]`` for None), then validates, then fills
defaults.  This module reproduces that for the Tool schema (the interface part is not
schema-checked on this path).  Failures raise :class:`ToolSchemaError` with fastr's reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from editor.core.tools.version import Version

_VERSION_PATTERNS = (
    re.compile(r'^v?([0-9]+)\.([0-9]+)((?:\.[0-9]+)+)?([_\-\.])?(a(?=[0-9])|b(?=[0-9])|alpha(?=[0-9])'
               r'|beta(?=[0-9])|rc(?=[0-9])|r(?=[0-9]))?([0-9]+)?([a-zA-Z0-9\-_\.]*)$'),
    re.compile(r'^v?([0-9]+)\-([0-9]+)\-([0-9]+)([_\-\.])?([a-zA-Z0-9\-_\.]*)$'),
)
_TARGET_OS = ('*', 'windows', 'linux', 'darwin', 'java', 'sunos', 'freebsd', 'openbsd')
_TARGET_ARCH = ('*', '32bit', '64bit')
_FAIL = object()


class ToolSchemaError(ValueError):
    """The document does not pass fastr's Tool schema."""


def _is(value: Any, kind: str) -> bool:
    if kind == 'string':
        return isinstance(value, str)
    if kind == 'array':
        return isinstance(value, list)
    if kind == 'object':
        return isinstance(value, dict)
    if kind == 'null':
        return value is None
    raise AssertionError(kind)


def _cast(value: Any, kinds: tuple[str, ...], where: str) -> Any:
    """fastr's ``_match_type``: keep a matching value, else try each type's cast in order."""
    if any(_is(value, kind) for kind in kinds):
        return value
    for kind in kinds:
        if kind == 'string':
            return str(value)
        if kind == 'array':
            if value is None:
                return []
            if isinstance(value, str):
                return [value]
            try:
                return list(value)
            except TypeError:
                continue
        if kind == 'object':
            # collections.Mapping is gone on Python >= 3.10, so fastr crashes here
            raise ToolSchemaError(f'{where}: expected a mapping, found {type(value).__name__} '
                                  '(fastr 3.4.0 crashes on this)')
        if kind == 'null':
            raise ToolSchemaError(f'{where}: must be empty, found {value!r} '
                                  "(fastr crashes with KeyError: 'null')")
    return None  # every cast failed: validation reports the wrong type


def _check_type(value: Any, kinds: tuple[str, ...], where: str) -> None:
    if not any(_is(value, kind) for kind in kinds):
        shown = kinds[0] if len(kinds) == 1 else list(kinds)
        raise ToolSchemaError(f'{where}: {value!r} is not of type {shown!r}')


def _unique(items: list, where: str) -> None:
    for index, item in enumerate(items):
        if item in items[index + 1:]:
            raise ToolSchemaError(f'{where}: {items!r} has non-unique elements')


def _check_version(value: str, where: str) -> None:
    matches = sum(pattern.search(value) is not None for pattern in _VERSION_PATTERNS)
    if matches != 1:
        raise ToolSchemaError(f'{where}: {value!r} is not a valid version')


def _properties(obj: dict, spec: Mapping[str, tuple[tuple[str, ...], Any]], where: str,
                required: tuple[str, ...],
                nested: dict[str, Callable[[Any, str], None]] | None = None) -> None:
    """Coerce present properties, check required ones and types, descend, then fill defaults."""
    for name, (kinds, _default) in spec.items():
        if name in obj:
            obj[name] = _cast(obj[name], kinds, f'{where}{name}')
    for name in required:
        if name not in obj:
            raise ToolSchemaError(f'{where or "tool: "}{name!r} is a required property')
    for name, (kinds, _default) in spec.items():
        if name in obj:
            _check_type(obj[name], kinds, f'{where}{name}')
            if nested and name in nested:
                nested[name](obj[name], f'{where}{name}')
    for name, (_kinds, default) in spec.items():
        if name not in obj and default is not _FAIL:
            obj[name] = list(default) if isinstance(default, list) else default


def _author(value: Any, where: str) -> None:
    spec = {'email': (('string',), _FAIL), 'name': (('string',), _FAIL), 'url': (('string',), '')}
    _properties(value, spec, f'{where}.', ('name',))
    if 'email' in value and '@' not in value['email']:
        raise ToolSchemaError(f"{where}.email: {value['email']!r} is not a 'email'")


def _authors(value: list, where: str) -> None:
    for index, item in enumerate(value):
        value[index] = _cast(item, ('object',), f'{where}[{index}]')
    for index, item in enumerate(value):
        _check_type(item, ('object',), f'{where}[{index}]')
        _author(item, f'{where}[{index}]')
    _unique(value, where)


def _strings(value: list, where: str) -> None:
    for index, item in enumerate(value):
        value[index] = _cast(item, ('string',), f'{where}[{index}]')


def _target(value: dict, where: str) -> None:
    spec = {'arch': (('string',), _FAIL), 'os': (('string',), _FAIL)}
    _properties(value, spec, f'{where}.', ('arch', 'os'))
    if value['arch'] not in _TARGET_ARCH:
        raise ToolSchemaError(f"{where}.arch: {value['arch']!r} is not one of {list(_TARGET_ARCH)}")
    if value['os'] not in _TARGET_OS:
        raise ToolSchemaError(f"{where}.os: {value['os']!r} is not one of {list(_TARGET_OS)}")


def _targets(value: list, where: str) -> None:
    for index, item in enumerate(value):
        value[index] = _cast(item, ('object',), f'{where}[{index}]')
    if len(value) < 1:
        raise ToolSchemaError(f'{where}: [] is too short (a tool needs at least one target)')
    for index, item in enumerate(value):
        _check_type(item, ('object',), f'{where}[{index}]')
        _target(item, f'{where}[{index}]')
    _unique(value, where)


def _command(value: dict, where: str) -> None:
    spec = {
        'authors': (('array',), _FAIL),
        'description': (('null', 'string'), _FAIL),
        'license': (('null', 'string'), _FAIL),
        'targets': (('array',), _FAIL),
        'url': (('string',), ''),
        'version': (('string',), _FAIL),
    }
    _properties(value, spec, f'{where}.', ('authors', 'targets', 'version'),
                {'authors': _authors, 'targets': _targets, 'version': _check_version})


_TOOL_SPEC: dict[str, tuple[tuple[str, ...], Any]] = {
    'authors': (('array',), _FAIL),
    'cite': (('string',), ''),
    'command': (('object',), _FAIL),
    'help': (('string',), ''),
    'filename': (('string',), _FAIL),
    'hash': (('string',), _FAIL),
    'id': (('string',), _FAIL),
    'class': (('string',), 'Node'),
    'name': (('string',), _FAIL),
    'interface': (('object',), _FAIL),
    'tags': (('array',), []),
    'url': (('string', 'null'), None),
    'version': (('string',), _FAIL),
    'requirements': (('null',), None),
    'references': (('array',), []),
    'tests': (('array',), []),
    'description': (('string',), ''),
}


def instantiate_tool_document(doc: Any) -> dict:
    """Coerce, validate and default ``doc`` in place as fastr's Tool schema does; return it."""
    if not isinstance(doc, dict):
        raise ToolSchemaError(f'a tool file must hold a mapping at the top, found {type(doc).__name__}')
    doc.pop('__fastr_version__', None)
    _properties(doc, _TOOL_SPEC, '', ('authors', 'command', 'id', 'name', 'version'), {
        'authors': _authors, 'command': _command, 'tags': _strings, 'tests': _strings,
        'version': _check_version,
    })
    for key in ('version',):
        if Version.parse(doc[key]) is None:
            raise ToolSchemaError(f'version: {doc[key]!r} is not a valid version for fastr')
    if Version.parse(doc['command']['version']) is None:
        raise ToolSchemaError(f"command.version: {doc['command']['version']!r} is not a valid "
                              'version for fastr')
    return doc
