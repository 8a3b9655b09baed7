"""Core layer: read fastr's configuration files *statically* (they are Python; never executed).

fastr (``helpers/configmanager.py``) ``exec``s ``$FASTRHOME/config.py`` (default ``~/.fastr``), then
every ``*.py`` in ``config.d`` (sorted), then those in ``extra_config_dirs`` / ``$FASTR_CONFIG_DIRS``,
all in one namespace.  A list field that was never assigned stands for its default, so
``tools_path = ['/x'] + tools_path`` puts ``/x`` in front of the defaults, and a plain
``tools_path = ['/x']`` replaces them.  This module interprets the common forms with :mod:`ast`
(assignments, ``+``, ``+=``, ``append``/``extend``/``insert``/``prepend``, string literals,
f-strings, ``os.path.*``, ``os.environ``, ``pathlib.Path``, simple ``if``) and lists in ``notes``
whatever it could not follow.  fastr's own ``resources/tools`` default is left out: the editor's
built-in library stands in for it.
"""

from __future__ import annotations

import ast
import io
import operator
import os
import re
import tokenize
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ['FastrConfigPaths', 'default_fastrhome', 'read_fastr_config']

_LIST_FIELDS = ('tools_path', 'types_path', 'preferred_types', 'extra_config_dirs')
_STRING_FIELDS = ('execution_plugin', 'slurm_partition')


@dataclass(slots=True)
class FastrConfigPaths:
    """The tool and type folders fastr's configuration gives, plus what was read and noticed."""

    tools_path: list[str]
    types_path: list[str]
    sources: list[str]                 # config files read, in order
    notes: list[str]                   # lines not understood, and fastr quirks they hit
    preferred_types: list[str] = field(default_factory=list)
    userdir: str = ''
    strings: dict[str, str] = field(default_factory=dict)   # plain string fields (execution_plugin, ...)


def default_fastrhome(environ: Mapping[str, str] | None = None) -> str:
    """``$FASTRHOME``, else ``~/.fastr`` (fastr's ``USER_DIR``)."""
    env = os.environ if environ is None else environ
    return env.get('FASTRHOME') or os.path.expanduser(os.path.join('~', '.fastr'))


def _python_files(folder: str) -> list[str]:
    if not os.path.isdir(folder):
        return []
    return [os.path.join(folder, name) for name in sorted(os.listdir(folder))
            if name.endswith('.py') and os.path.isfile(os.path.join(folder, name))]


class _EncodingError(SyntaxError):
    """A config file whose ``# -*- coding: ... -*-`` line Python refuses."""


def _python_text(path: str) -> str:
    """The text of a Python file decoded as Python decodes it (its coding line, else UTF-8)."""
    data = Path(path).read_bytes()
    try:
        encoding, _lines = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as error:        # "unknown encoding: x-evil-7", a bad BOM
        raise _EncodingError(' '.join(str(error.msg or error).split())[:200]) from None
    return data.decode(encoding)


def read_fastr_config(fastrhome: str | Path | None = None, *,
                      environ: Mapping[str, str] | None = None) -> FastrConfigPaths:
    """Read fastr's config files under ``fastrhome`` without running them."""
    env = dict(os.environ if environ is None else environ)
    user_dir = str(fastrhome) if fastrhome is not None else default_fastrhome(env)
    evaluator = ConfigEvaluator(user_dir, env, _LIST_FIELDS)
    sources: list[str] = []

    def read(path: str) -> None:
        sources.append(path)
        try:
            text = _python_text(path)
            tree = ast.parse(text, filename=path)
        except (OSError, UnicodeDecodeError, LookupError) as error:
            evaluator.notes.append(f'{path}: cannot read: {error}')
            return
        except _EncodingError as error:
            evaluator.notes.append(f'{path}: cannot read: {error}; fastr fails to import with this file')
            return
        except SyntaxError as error:
            evaluator.notes.append(f'{path}:{error.lineno}: syntax error ({error.msg}); fastr fails '
                                   'to import with this file')
            return
        evaluator.run_file(tree, path, text)

    main = os.path.join(user_dir, 'config.py')
    if os.path.exists(main):
        read(main)
    userdir = evaluator.string_value('userdir') or user_dir
    for candidate in _python_files(os.path.join(userdir, 'config.d')):
        read(candidate)
    extra = evaluator.final_list('extra_config_dirs',
                                 env.get('FASTR_CONFIG_DIRS', '').split(os.pathsep))
    for folder in extra:
        if isinstance(folder, str):
            for candidate in _python_files(folder):
                read(candidate)

    def field_value(name: str, default: list) -> list[str]:
        values = evaluator.final_list(name, default)
        for value in values:
            if not isinstance(value, (str, Unknown)):
                evaluator.notes.append(f'{name}: ignored {value!r}, which is not a string')
        return [value for value in values if isinstance(value, str)]

    def existing(kind: str) -> list[str]:   # fastr's defaults, minus its own resources folder
        return [p for p in (os.path.join(user_dir, kind), os.path.join(user_dir, 'fastrpi', kind))
                if os.path.exists(p)]

    return FastrConfigPaths(
        tools_path=field_value('tools_path', existing('tools')),
        types_path=field_value('types_path', existing('datatypes')), sources=sources,
        notes=evaluator.notes, preferred_types=field_value('preferred_types', []), userdir=userdir,
        strings={name: value for name in _STRING_FIELDS
                 if (value := evaluator.string_value(name)) is not None})


# -- the static interpreter -----------------------------------------------------------------
class _Fail(Exception):
    """An expression or statement the reader does not follow (the message says why)."""


class Unknown:
    """A value the reader could not work out."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


class _Default:
    def __repr__(self) -> str:
        return '<defaults>'


#: Stands for the field's default list inside a list (fastr uses ``NotImplemented``).
DEFAULT = _Default()


class EmptyDefault:
    """fastr's list placeholder: ``items`` may hold :data:`DEFAULT` where the defaults go."""

    def __init__(self, items: list) -> None:
        self.items = list(items)


class _PathValue(str):
    """A ``pathlib.Path`` made from known parts (so ``/`` joins)."""


_STR_METHODS = {'format', 'replace', 'strip', 'rstrip', 'lstrip', 'lower', 'upper'}
_PATH_FUNCS = ('os.path.join', 'os.path.abspath', 'os.path.normpath', 'os.path.dirname',
               'os.path.basename', 'os.path.realpath', 'os.path.exists', 'os.path.isdir',
               'os.path.isfile')
_COMPARE: dict[type, Callable[[object, object], bool]] = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.In: lambda a, b: a in b,  # type: ignore[operator]
    ast.NotIn: lambda a, b: a not in b}  # type: ignore[operator]


class ConfigEvaluator:
    """Follows config statements in one shared namespace, as fastr's ``exec`` does."""

    def __init__(self, user_dir: str, environ: Mapping[str, str], fields: tuple[str, ...]) -> None:
        self.names: dict[str, object] = {
            'USER_DIR': user_dir, 'SYSTEM_DIR': Unknown("SYSTEM_DIR is fastr's install folder")}
        self.modules: dict[str, str] = {}
        self.environ = dict(environ)
        self.fields = fields
        self.notes: list[str] = []
        self._where = ''

    # statements
    def run_file(self, tree: ast.Module, path: str, text: str) -> None:
        self._text = text
        for statement in tree.body:
            self._where = f'{path}:{statement.lineno}'
            self._statement(statement)
        for name, value in list(self.names.items()):   # fastr wraps every list after a file
            if isinstance(value, list):
                self.names[name] = EmptyDefault(value)

    def _note(self, statement: ast.AST, reason: str, followed: bool = False) -> None:
        source = ast.get_source_segment(self._text, statement) or ast.dump(statement)
        source = ' '.join(source.split())[:120]
        self.notes.append(f'{self._where}: `{source}`: {reason}' if followed else
                          f'{self._where}: could not follow `{source}` ({reason})')

    def _touches_fields(self, node: ast.AST) -> bool:
        return any(isinstance(n, ast.Name) and n.id in self.fields for n in ast.walk(node))

    def _statement(self, stmt: ast.stmt) -> None:
        try:
            if isinstance(stmt, (ast.Import, ast.ImportFrom)):
                self._import(stmt)
            elif isinstance(stmt, ast.Assign):
                self._assign(stmt)
            elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.target, ast.Name):
                self._augassign(stmt.target.id, stmt.op, self._eval(stmt.value), stmt)
            elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
                self._method_call(stmt.value, stmt)
            elif isinstance(stmt, ast.If):
                for inner in stmt.body if self._eval(stmt.test) else stmt.orelse:
                    self._statement(inner)
            elif self._touches_fields(stmt):
                raise _Fail(f'{type(stmt).__name__} statements are not followed')
        except _Fail as failure:
            if isinstance(stmt, ast.Assign):
                for target in stmt.targets:
                    if isinstance(target, ast.Name):
                        self.names[target.id] = Unknown(str(failure))
            if self._touches_fields(stmt):
                self._note(stmt, str(failure))

    def _import(self, stmt: ast.Import | ast.ImportFrom) -> None:
        for alias in stmt.names:
            if isinstance(stmt, ast.Import):
                local = alias.asname or alias.name.split('.')[0]
                self.modules[local] = alias.name if alias.asname else local
            else:
                self.modules[alias.asname or alias.name] = f'{stmt.module}.{alias.name}'

    def _assign(self, stmt: ast.Assign) -> None:
        value = self._eval(stmt.value)
        for target in stmt.targets:
            if isinstance(target, ast.Name):
                self.names[target.id] = value
            elif self._touches_fields(target):
                raise _Fail('only plain names can be assigned')

    def _augassign(self, name: str, op: ast.operator, value: object, stmt: ast.stmt) -> None:
        current = self._lookup(name)
        if not isinstance(op, ast.Add):
            raise _Fail('only += is understood')
        if isinstance(current, EmptyDefault):
            if isinstance(value, str):
                self._note(stmt, 'fastr adds each character of the string as a separate entry', True)
            current.items += list(value)  # type: ignore[call-overload]
        elif isinstance(current, list):
            current += value  # type: ignore[arg-type]
        else:
            self.names[name] = self._add(current, value)

    def _method_call(self, call: ast.Call, stmt: ast.stmt) -> None:
        func = call.func
        if not (isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name)
                and func.attr in ('append', 'extend', 'insert', 'prepend', 'remove', 'clear')):
            if self._touches_fields(stmt):
                raise _Fail('only append, extend, insert, prepend, remove and clear are followed')
            return
        target = self._lookup(func.value.id)
        args = [self._eval(arg) for arg in call.args]
        items = target.items if isinstance(target, EmptyDefault) else target
        if not isinstance(items, list):
            raise _Fail(f'{func.value.id} is not a list')
        if func.attr == 'prepend' and not isinstance(target, EmptyDefault):
            self._note(stmt, 'a plain list has no prepend(): fastr fails to import here', True)
        elif func.attr in ('insert', 'remove', 'clear') and isinstance(target, EmptyDefault):
            self._note(stmt, f"fastr 3.4.0's list placeholder has no {func.attr}(): fastr fails to "
                       'import here (the editor applies it anyway)', True)
        try:
            if func.attr == 'prepend':
                items.insert(0, *args)
            else:
                getattr(items, func.attr)(*args)
        except (TypeError, ValueError, IndexError) as error:
            raise _Fail(f'{error} (fastr fails to import here)') from error

    # expressions
    def _lookup(self, name: str) -> object:
        if name not in self.names:
            if name in self.modules:
                raise _Fail(f'module {name} used as a value')
            self.names[name] = EmptyDefault([DEFAULT])   # fastr's namespace is a defaultdict
        value = self.names[name]
        if isinstance(value, Unknown):
            raise _Fail(value.reason)
        return value

    def _add(self, left: object, right: object) -> object:
        if isinstance(left, EmptyDefault) and isinstance(right, (list, EmptyDefault)):
            return EmptyDefault(left.items + (right.items if isinstance(right, EmptyDefault) else right))
        if isinstance(right, EmptyDefault) and isinstance(left, list):
            return EmptyDefault(left + right.items)
        if isinstance(left, (str, list, tuple, int, float)) and type(left) is type(right):
            return left + right  # type: ignore[operator]
        if isinstance(left, str) and isinstance(right, str):
            return str(left) + str(right)
        raise _Fail(f'cannot add {type(left).__name__} and {type(right).__name__}')

    def _dotted(self, node: ast.expr) -> str | None:
        if isinstance(node, ast.Name):
            return self.modules.get(node.id) if node.id in self.modules else None
        if isinstance(node, ast.Attribute):
            base = self._dotted(node.value)
            return None if base is None else f'{base}.{node.attr}'
        return None

    def _eval(self, node: ast.expr) -> object:  # noqa: C901 - one dispatch table
        if isinstance(node, ast.Constant):
            return node.value
        if isinstance(node, (ast.List, ast.Tuple)):
            if any(isinstance(e, ast.Starred) for e in node.elts):
                raise _Fail('* unpacking is not followed')
            items = [self._eval(e) for e in node.elts]
            return items if isinstance(node, ast.List) else tuple(items)
        if isinstance(node, ast.Name):
            return self._lookup(node.id)
        if isinstance(node, ast.BinOp):
            left, right = self._eval(node.left), self._eval(node.right)
            if isinstance(node.op, ast.Add):
                return self._add(left, right)
            if isinstance(node.op, ast.Div) and isinstance(left, _PathValue):
                return _PathValue(os.path.join(left, str(right)))
            if isinstance(node.op, ast.Mod) and isinstance(left, str):
                return left % right
            raise _Fail(f'operator {type(node.op).__name__} is not followed')
        if isinstance(node, ast.JoinedStr):
            return ''.join(str(self._eval(v.value)) if isinstance(v, ast.FormattedValue)
                           else str(self._eval(v)) for v in node.values)
        if isinstance(node, ast.Call):
            return self._call(node)
        if isinstance(node, ast.Subscript):
            if self._dotted(node.value) == 'os.environ':
                key = self._eval(node.slice)
                if key not in self.environ:
                    raise _Fail(f'environment variable {key} is not set (fastr fails with KeyError)')
                return self.environ[key]
            raise _Fail('indexing is not followed')
        if isinstance(node, ast.Attribute):
            dotted = self._dotted(node)
            constants = {'os.sep': os.sep, 'os.pathsep': os.pathsep, 'os.environ': self.environ}
            if dotted in constants:
                return constants[dotted]
            raise _Fail(f'attribute {dotted or node.attr} is not followed')
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            return not self._eval(node.operand)
        if isinstance(node, ast.BoolOp):
            values = (self._eval(v) for v in node.values)
            return all(values) if isinstance(node.op, ast.And) else any(values)
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
            return _COMPARE[type(node.ops[0])](self._eval(node.left), self._eval(node.comparators[0]))
        raise _Fail(f'{type(node).__name__} expressions are not followed')

    def _call(self, node: ast.Call) -> object:
        if node.keywords:
            raise _Fail('keyword arguments are not followed')
        func = node.func
        if isinstance(func, ast.Attribute) and self._dotted(func) is None:
            owner = self._eval(func.value)
            args = [self._eval(a) for a in node.args]
            if isinstance(owner, _PathValue) and func.attr in ('expanduser', 'resolve', 'absolute'):
                return _PathValue(self._expanduser(owner) if func.attr == 'expanduser'
                                  else os.path.abspath(owner))
            if isinstance(owner, _PathValue) and func.attr == 'joinpath':
                return _PathValue(os.path.join(owner, *map(str, args)))
            if isinstance(owner, str) and func.attr in _STR_METHODS:
                return str(getattr(str(owner), func.attr)(*args))
            raise _Fail(f'method {func.attr} is not followed')
        name = self._dotted(func) if not isinstance(func, ast.Name) else (
            self.modules.get(func.id, func.id))
        args = [self._eval(a) for a in node.args]
        if name in _PATH_FUNCS:
            result = getattr(os.path, name.rsplit('.', 1)[1])(*args)
            return _PathValue(result) if isinstance(result, str) and any(
                isinstance(a, _PathValue) for a in args) else result
        if name == 'os.path.expanduser':
            return self._expanduser(str(args[0]))
        if name == 'os.path.expandvars':
            return re.sub(r'\$(\w+|\{[^}]*\})', self._var, str(args[0]))
        if name in ('os.environ.get', 'os.getenv'):
            return self.environ.get(str(args[0]), args[1] if len(args) > 1 else None)
        if name in ('str', 'os.fspath'):
            return str(args[0]) if args else ''
        if name == 'pathlib.Path':
            return _PathValue(os.path.join(*map(str, args)) if args else '.')
        if name == 'pathlib.Path.home':
            return _PathValue(self._expanduser('~'))
        raise _Fail(f'call to {name or "?"} is not followed')

    def _var(self, match: re.Match) -> str:
        key = match.group(1).strip('{}')
        return self.environ.get(key, match.group(0))

    def _expanduser(self, path: str) -> str:
        if path == '~' or path.startswith('~/'):
            home = self.environ.get('HOME') or os.path.expanduser('~')
            return home + path[1:]
        return os.path.expanduser(path)

    # results
    def string_value(self, name: str) -> str | None:
        value = self.names.get(name)
        return value if isinstance(value, str) else None

    def final_list(self, name: str, default: list) -> list:
        """The field as fastr's ``get_field`` gives it (defaults spliced where referenced)."""
        value = self.names.get(name)
        if value is None:
            return list(default)
        if isinstance(value, Unknown):
            return []
        if isinstance(value, EmptyDefault):
            result: list = []
            for item in value.items:
                result.extend(default if item is DEFAULT else [item])
            return result
        self.notes.append(f'{name} is a {type(value).__name__}, not a list: fastr fails to read it')
        return []
