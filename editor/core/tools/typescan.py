"""Core layer: read user datatype files (fastr ``types_path``) statically, without importing them.

fastr scans each ``types_path`` folder (not recursively) for ``*.py`` files not starting with
``__``, imports each, and keeps the class whose name equals the file name (case-insensitively)
if it subclasses ``BaseDataType`` and is not abstract.  Files are keyed by their lower-case name,
so when two folders hold the same file name the **later** folder wins (fastr's own
``resources/datatypes`` comes last, so its types beat user files with the same name).
Here the class is found with :mod:`ast`; ``description``, ``extension``, ``_members`` and
``preferred_types`` are read when they are literals (``frozenset([...])`` too).
"""

from __future__ import annotations

import ast
import os
import re
from dataclasses import dataclass
from pathlib import Path

_TYPE_FILE_RE = re.compile(r'^.*\.py$')
_MISSING = object()


@dataclass(frozen=True, slots=True)
class RawTypeClass:
    """One datatype class as written in a user file (inheritance not resolved yet)."""

    id: str
    base: str                                     # name of the first base class
    source_file: str
    attributes: dict                              # literal class attributes that matter
    members_ordered: bool = True                  # False if _members is a (frozen)set


def scan_type_folders(paths: list[str]) -> tuple[list[RawTypeClass], list[tuple[str, str]]]:
    """Raw classes for the files fastr would load, and ``(path, problem)`` notes."""
    chosen: dict[str, str] = {}       # lower-case file stem -> path (later folders overwrite)
    problems: list[tuple[str, str]] = []
    for folder in paths:
        if not os.path.isdir(folder):
            problems.append((folder, 'datatype folder does not exist'))
            continue
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if os.path.isfile(path) and _TYPE_FILE_RE.match(name) and not name.startswith('__'):
                stem = os.path.splitext(name)[0].lower()
                if stem in chosen:
                    problems.append((chosen[stem], f'overridden by {path} (fastr keeps the file '
                                                   'from the later types_path folder)'))
                chosen[stem] = path
    classes = []
    for path in chosen.values():
        try:
            raw = read_type_file(path)
        except (OSError, SyntaxError, ValueError, UnicodeDecodeError) as error:
            problems.append((path, f'cannot read datatype file: {error}'))
            continue
        if raw is None:
            problems.append((path, 'no class named like the file; fastr ignores it'))
        else:
            classes.append(raw)
    return classes, problems


def read_type_file(path: str | Path) -> RawTypeClass | None:
    """The class fastr would take from ``path`` (name equals the file name), or None."""
    path = Path(path)
    tree = ast.parse(path.read_text(encoding='utf-8'), filename=str(path))
    stem = path.stem.lower()
    aliases: dict[str, str] = {}     # X = types['NiftiImageFile'] at module level
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and \
                isinstance(node.targets[0], ast.Name):
            name = _base_name(node.value)
            if name is not None:
                aliases[node.targets[0].id] = name
        if isinstance(node, ast.ClassDef) and node.name.lower() == stem:
            return _read_class(node, str(path), aliases)
    return None


def _base_name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant):
        return str(node.slice.value)        # fastr.types['NiftiImageFile']
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
        return str(node.args[0].value)      # fastr.types.get('X') / types.get_type('X')
    return None


def _literal(node: ast.expr) -> tuple[object, bool]:
    """(value, ordered) for a literal, a tuple/list/set or ``frozenset([...])``; else _MISSING."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and \
            node.func.id in ('frozenset', 'set', 'tuple', 'list') and len(node.args) <= 1:
        if not node.args:
            return (), True
        inner, _ordered = _literal(node.args[0])
        if inner is _MISSING:
            return _MISSING, True
        return tuple(inner), node.func.id in ('tuple', 'list')  # type: ignore[arg-type]
    if isinstance(node, ast.Set):
        value, _ordered = _literal(ast.Tuple(elts=node.elts, ctx=ast.Load()))
        return value, False
    try:
        return ast.literal_eval(node), True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return _MISSING, True


def _read_class(node: ast.ClassDef, path: str, aliases: dict[str, str]) -> RawTypeClass:
    bases = [aliases.get(b, b) for b in (_base_name(b) for b in node.bases) if b is not None]
    attributes: dict[str, object] = {}
    ordered = True
    for statement in node.body:
        if isinstance(statement, ast.Assign) and len(statement.targets) == 1:
            target, value_node = statement.targets[0], statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            target, value_node = statement.target, statement.value
        else:
            continue
        if not isinstance(target, ast.Name) or target.id not in (
                'description', 'extension', '_members', 'preferred_types', '_options'):
            continue
        value, is_ordered = _literal(value_node)
        if value is _MISSING:
            attributes.setdefault('__unreadable__', []).append(target.id)  # type: ignore[attr-defined]
            continue
        if target.id == '_members':
            ordered = is_ordered
        attributes[target.id] = value
    return RawTypeClass(id=node.name, base=bases[0] if bases else '', source_file=path,
                        attributes=attributes, members_ordered=ordered)
