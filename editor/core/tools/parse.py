"""Core layer: read one fastr tool file (YAML, JSON or XML) into a :class:`ToolDefinition`.

This follows fastr 3.4.0's own loading path (``abc/serializable.load`` -> Tool schema ->
``Tool.__setstate__`` -> ``FastrInterface``/``FlowInterface.__setstate__``), so a file that fastr
refuses raises :class:`ToolParseError` here, and a file it accepts gives the ports a fastr node
would show, with fastr's defaults and quirks (see ``docs``: ``version="1.10"`` is 1.1, a single
``<enum>`` is split into characters, ``help`` read from an empty XML element is ``'None'``).
Quirks that change what a node looks like are also explained in ``ToolDefinition.warnings``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeElementTree
import yaml

from editor.core.errors import LoadError
from editor.core.text.yamlsafe import check_yaml, needs_yaml_check
from editor.core.tools.definitions import (
    NODE_CLASSES,
    PortDefinition,
    ToolDefinition,
    ToolParseError,
)
from editor.core.tools.schema import ToolSchemaError, instantiate_tool_document
from editor.core.tools.version import Version
from editor.core.tools.xmldict import DefusedXmlException, parse_element
from editor.core.text.yamlguard import harden_scalars



class _YAML_LOADER(getattr(yaml, 'CSafeLoader', yaml.SafeLoader)):  # type: ignore[misc]
    """fastr's safe loader, with bounded integers and bad scalars (``!!bool maybe``) reported at
    their line instead of escaping as KeyError or AttributeError."""


harden_scalars(_YAML_LOADER)
MAX_TOOL_BYTES = 8 * 1024 * 1024
_PORT_ID_RE = re.compile(r'^\w[\w\d_]*$')
_TOOL_ID_RE = re.compile(r'^[A-Z][\w\d_]*$')
_TEXT_VERSION_RE = re.compile(r'["\']?\bversion["\']?\s*:\s*(\d+\.\d+)\s*(?=[,}#\r\n]|$)')
#: Interface plugins of fastr 3.4.0; NipypeInterface only loads when nipype is installed.
INTERFACE_CLASSES = ('FastrInterface', 'FlowInterface', 'NipypeInterface')


class _Refused(ValueError):
    """Internal: fastr would refuse the document (becomes a ToolParseError with the path)."""


def read_tool_document(path: str | Path) -> Any:
    """The raw document of a tool file, read the way fastr reads it (chosen by extension)."""
    return _read_document(Path(path))[0]


def _read_document(path: Path) -> tuple[Any, dict[str, str]]:
    """The raw document plus the literal text of numeric versions (``{'version': '1.10'}``)."""
    kind = path.suffix[1:]
    if kind not in ('xml', 'json', 'yaml', 'yml'):
        raise ToolParseError(str(path), f'unknown tool file type {path.suffix!r} (use .yaml, .json or .xml)')
    try:
        size = path.stat().st_size
        if size > MAX_TOOL_BYTES:
            raise ToolParseError(str(path), f'is {size / 2**20:.0f} MB; tool files over '
                                            f'{MAX_TOOL_BYTES // 2**20} MB are refused')
        data = path.read_bytes()
        if kind == 'xml':
            root = SafeElementTree.fromstring(data, forbid_dtd=False, forbid_entities=True,
                                              forbid_external=True)
            return parse_element(root), _xml_version_literals(root)
        literals = _text_version_literals(data)
        if kind == 'json':
            return json.loads(data), literals
        text = data.decode('utf-8-sig')
        if needs_yaml_check(text):
            try:
                check_yaml(str(path), text)     # nesting and alias bombs, before anything is built
            except LoadError as error:
                raise ToolParseError(str(path), error.reason) from None
        return yaml.load(text, Loader=_YAML_LOADER), literals  # noqa: S506 - safe loader
    except OSError as error:
        raise ToolParseError(str(path), f'cannot read the file: {error.strerror or error}') from error
    except DefusedXmlException as error:
        raise ToolParseError(str(path), f'refused unsafe XML ({type(error).__name__}: {error})') from error
    except UnicodeDecodeError as error:
        raise ToolParseError(str(path), f'not UTF-8 text (bad byte at offset {error.start})') from None
    except LookupError as error:  # <?xml encoding="x-evil-7"?>
        raise ToolParseError(str(path), f'not valid {kind.upper()}: the file declares an {_short(error)}') from None
    except (SyntaxError, ValueError, yaml.YAMLError) as error:  # XML ParseError is a SyntaxError
        raise ToolParseError(str(path), f'not valid {kind.upper()}: {_short(error)}') from None
    except RecursionError:
        raise ToolParseError(str(path), 'nested too deeply to read') from None
    except AttributeError as error:  # attribute and child elements clash
        raise ToolParseError(str(path), f'XML structure fastr cannot read: {_short(error)}') from None


def _short(error: BaseException, limit: int = 300) -> str:
    """One line, at most ``limit`` characters, of an error's text."""
    text = ' '.join(str(error).split())
    return text if len(text) <= limit else text[:limit - 3] + '...'



def _xml_version_literals(root: Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for field_name, element in (('version', root), ('command.version', root.find('command'))):
        if element is None:
            continue
        child = element.find('version')
        text = element.attrib.get('version') if child is None else child.text
        if text is not None:
            found[field_name] = text.strip()
    return found


def _text_version_literals(data: bytes) -> dict[str, str]:
    """Unquoted ``version: 1.10`` literals in YAML/JSON text, keyed by the literal itself."""
    text = data.decode('utf-8', 'replace')
    return {match.group(1): match.group(1) for match in _TEXT_VERSION_RE.finditer(text)}


def parse_tool_file(path: str | Path, namespace: Sequence[str] | str = '') -> ToolDefinition:
    """Parse one tool file; ``namespace`` is the folder path fastr gives it (already stripped)."""
    path = Path(path)
    doc, literals = _read_document(path)
    return build_tool(doc, namespace, str(path), literals)


def build_tool(doc: Any, namespace: Sequence[str] | str = '', source_file: str | None = None,
               version_literals: dict[str, str] | None = None) -> ToolDefinition:
    """Turn a raw tool document (as read from any format) into a ToolDefinition, like fastr."""
    try:
        return _build(doc, namespace, source_file, version_literals or {})
    except (_Refused, ToolSchemaError, KeyError, TypeError, ValueError, AttributeError) as error:
        reason = f'missing field {error.args[0]!r}' if isinstance(error, KeyError) else str(error)
        raise ToolParseError(source_file or '<document>', reason) from error


def _build(doc: Any, namespace: Sequence[str] | str, source_file: str | None,
           literals: dict[str, str]) -> ToolDefinition:
    warnings: list[str] = []
    numbers = _float_versions(doc)
    doc = instantiate_tool_document(doc)
    version = str(Version(doc['version']))
    command_version = str(Version(str(doc['command']['version'])))
    for field_name, number in numbers.items():
        literal = literals.get(field_name) or next(
            (text for text in literals if float(text) == number), None)
        warning = _float_warning(field_name, number, literal)
        if warning:
            warnings.append(warning)
    tool_id = doc['id']
    if _TOOL_ID_RE.match(tool_id) is None:
        warnings.append(f'tool id {tool_id!r} is not UpperCamelCase (fastr only logs a warning)')
    if doc['class'] not in NODE_CLASSES:
        warnings.append(f"class {doc['class']!r} is not a fastr node class; fastr loads the tool "
                        'but cannot make a node from it')
    if 'interface' not in doc:
        raise _Refused("the tool has no 'interface'")
    interface = doc['interface']
    interface_class = interface.get('class', 'FastrInterface')
    if interface_class not in INTERFACE_CLASSES:
        raise _Refused(f'unknown interface class {interface_class!r}')
    if interface_class == 'NipypeInterface':
        raise _Refused('NipypeInterface tools take their ports from nipype at run time; '
                       'the editor cannot read them')
    interface_id = interface['id'] if 'id' in interface else f'{tool_id}_{command_version}_interface'
    for kind in ('inputs', 'outputs'):
        if kind not in interface:
            raise _Refused(f"the interface has no {kind!r} (fastr needs the key, even if empty)")
    if interface_class == 'FlowInterface':
        inputs, outputs = _flow_ports(interface, interface_id, warnings)
    else:
        inputs, outputs = _fastr_ports(interface, interface_id, warnings)
    ns = namespace if isinstance(namespace, str) else '/'.join(namespace)
    everything_visible = interface_class == 'FlowInterface'  # it does not hide hidden ports
    return ToolDefinition(
        ns_id=f'{ns}/{tool_id}:{command_version}', version=version, id=tool_id,
        command_version=command_version, name=doc['name'], namespace=ns,
        node_class=doc['class'], description=doc['description'], help=doc['help'],
        authors=tuple(str(a.get('name', '')) for a in doc['authors']),
        tags=tuple(doc['tags']),
        inputs=tuple(p for p in inputs if everything_visible or not p.hidden),
        outputs=tuple(p for p in outputs if everything_visible or not p.hidden),
        hidden_inputs=() if everything_visible else tuple(p for p in inputs if p.hidden),
        hidden_outputs=() if everything_visible else tuple(p for p in outputs if p.hidden),
        source_file=source_file, warnings=tuple(warnings), interface_class=interface_class,
        url=doc['url'], command_url=doc['command']['url'])


def _float_versions(doc: Any) -> dict[str, float]:
    """Versions that arrive as numbers (``1.10`` read as 1.1): fastr uses ``str(number)``."""
    found: dict[str, float] = {}
    if isinstance(doc, dict):
        if isinstance(doc.get('version'), float):
            found['version'] = doc['version']
        command = doc.get('command')
        if isinstance(command, dict) and isinstance(command.get('version'), float):
            found['command.version'] = command['version']
    return found


def _float_warning(field_name: str, number: float, literal: str | None) -> str | None:
    if literal is None:
        return None
    meant, read = Version.parse(literal), Version.parse(str(number))
    if meant is None or read is None or meant == read:
        return None
    return (f'{field_name}="{literal}" is read by fastr as {read} (the number {number}), so the '
            f'{"tool" if field_name == "version" else "command"} version is {read}, not {meant}; '
            'quote the version to keep it')


def _enum_options(raw: Any, port_id: str, warnings: list[str], convert: bool) -> tuple[str, ...]:
    if isinstance(raw, str):
        chars = sorted(set(raw))
        warnings.append(
            f'port {port_id!r}: enum {raw!r} is a single string, so fastr makes one option per '
            f'character ({", ".join(chars)}); it probably meant the single option {raw!r} '
            '(in XML, a lone <enum> element; write a list to fix it)')
    if raw is None or isinstance(raw, (int, float, bool)):
        raise _Refused(f'port {port_id!r}: enum must be a list of options, found {raw!r}'
                       + (' (a single XML <enum> holding a number)' if raw is not None else ''))
    options = [str(x) for x in raw] if convert else list(tuple(raw))
    if not all(isinstance(x, str) for x in options):
        raise _Refused(f'port {port_id!r}: all enum options must be strings, found {options!r}')
    return tuple(dict.fromkeys(options))


def _truthy_string_warning(value: Any, field_name: str, port_id: str, warnings: list[str]) -> None:
    if isinstance(value, str) and value.strip().lower() in ('false', 'no', 'off', '0'):
        warnings.append(f'port {port_id!r}: {field_name}={value!r} is a non-empty string, which fastr '
                        'treats as true')


def _fastr_ports(interface: dict, interface_id: Any, warnings: list[str]
                 ) -> tuple[list[PortDefinition], list[PortDefinition]]:
    results: list[list[PortDefinition]] = []
    for kind in ('inputs', 'outputs'):
        elements = interface[kind] or {}
        ports: list[PortDefinition] = []
        seen: set[str] = set()
        for number, element in enumerate(elements, 1):
            if not isinstance(element, dict):
                raise _Refused(f'{kind}: each port must be a mapping, found {element!r}')
            if 'id' not in element:
                raise _Refused(f'{kind[:-1]} #{number} has no id')
            port_id = element['id']
            if 'name' not in element:
                raise _Refused(f'{kind[:-1]} {port_id!r} has no name (fastr requires one)')
            name = element['name']
            if 'datatype' in element:
                datatype, enum = element['datatype'], None
            elif 'enum' in element:
                enum = _enum_options(element['enum'], port_id, warnings, convert=True)
                datatype = f'__{interface_id}__{port_id}__Enum__'
            else:
                raise _Refused(f'No valid datatype defined for {port_id}')
            if not isinstance(port_id, str) or _PORT_ID_RE.match(port_id) is None:
                raise _Refused(f'{kind[:-1]} id {port_id!r} is not valid (pattern ^\\w[\\w\\d_]*$)')
            if port_id in seen:
                raise _Refused(f'the {kind[:-1]} id {port_id} is already in use')
            seen.add(port_id)
            automatic = bool(element.get('automatic', False)) if kind == 'outputs' else False
            required = element.get('required', False if automatic else True)
            hidden = element.get('hidden', False)
            _truthy_string_warning(required, 'required', port_id, warnings)
            _truthy_string_warning(hidden, 'hidden', port_id, warnings)
            ports.append(_port(port_id, name, datatype, element.get('cardinality', 1), required,
                               element.get('default') if kind == 'inputs' else None, hidden,
                               element.get('description', ''), enum, element.get('prefix'),
                               automatic, warnings))
        results.append(ports)
    return results[0], results[1]


def _flow_ports(interface: dict, interface_id: Any, warnings: list[str]
                ) -> tuple[list[PortDefinition], list[PortDefinition]]:
    results: list[list[PortDefinition]] = []
    for kind in ('inputs', 'outputs'):
        ports: dict[str, PortDefinition] = {}
        for number, element in enumerate(interface[kind], 1):
            if not isinstance(element, dict) or 'id' not in element:
                raise _Refused(f'{kind[:-1]} #{number} is not a mapping with an id')
            port_id = element['id']
            if 'datatype' not in element and 'enum' not in element:
                raise _Refused(f'{kind[:-1]} {port_id!r} has neither a datatype nor an enum')
            if 'datatype' in element:
                datatype, enum = element['datatype'], None
            else:
                enum = _enum_options(element['enum'], port_id, warnings, convert=False)
                datatype = f'__{interface_id}__{port_id}__Enum__'
            automatic = bool(element.get('automatic', False)) if kind == 'outputs' else False
            ports[port_id] = _port(port_id, port_id, datatype, element.get('cardinality', 1),
                                   element.get('required', True),
                                   element.get('default') if kind == 'inputs' else None,
                                   element.get('hidden', False), element.get('description', ''),
                                   enum, element.get('prefix'), automatic, warnings)
        results.append(list(ports.values()))
    return results[0], results[1]


def _port(port_id: Any, name: Any, datatype: Any, cardinality: Any, required: Any, default: Any,
          hidden: Any, description: Any, enum: tuple[str, ...] | None, prefix: Any,
          automatic: bool, warnings: list[str]) -> PortDefinition:
    if not isinstance(datatype, str):
        warnings.append(f'port {port_id!r}: datatype {datatype!r} is not a string')
    return PortDefinition(
        id=str(port_id), name=str(name), datatype=str(datatype), cardinality=cardinality,
        required=bool(required), default=default, hidden=bool(hidden),
        description='' if description is None else str(description), enum=enum,
        prefix=None if prefix is None else str(prefix), automatic=automatic)
