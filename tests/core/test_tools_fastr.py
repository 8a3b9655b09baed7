"""The tool library against real fastr 3.4.0 (oracle venv and golden facts).

* fastr's own tool files, read by our parser, give what fastr gives;
* our built-in ``resources/tools`` describe fastr's standard tools exactly;
* the XML tools in ``tests/data/tools_xml`` (coercions, quirks, broken files) read the same;
* folder namespaces and versions give the same keys.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from editor.core.tools.definitions import PortDefinition, ToolDefinition
from editor.core.tools.library import ToolLibrary, builtin_library

DATA = Path(__file__).resolve().parents[1] / 'data'
GOLDEN = Path(__file__).resolve().parents[1] / 'golden'

#: Scan folders like fastr's ToolManager, but load file by file so one broken file does not stop
#: the rest (fastr re-raises); listdir is sorted to match the editor's deterministic order.
SCAN_SCRIPT = r'''
import os
import fastr.abc.serializable as _serializable
_serializable.time.sleep = lambda seconds: None      # fastr retries broken files 3 x 1 s
from fastr import resources
from fastr.datatypes import EnumType
from fastr.plugins.managers.iopluginmanager import IOPluginManager
from fastr.plugins.managers.toolmanager import ToolManager

def typed(value):
    return [type(value).__name__, value if isinstance(value, (str, int, float, bool, type(None))) else repr(value)]

def enum(datatype):
    cls = fastr.types.get(datatype) if isinstance(datatype, str) else None
    return sorted(cls.options) if cls is not None and issubclass(cls, EnumType) else None

def port(spec, desc, is_input):
    fact = {'id': spec.id, 'name': getattr(desc, 'name', None), 'datatype': spec.datatype,
            'cardinality': typed(spec.cardinality), 'required': bool(spec.required),
            'hidden': bool(spec.hidden), 'description': spec.description, 'enum': enum(spec.datatype)}
    if is_input:
        fact['default'] = typed(spec.default)
    else:
        fact['automatic'] = bool(spec.automatic)
    return fact

def facts(tool):
    interface = tool.interface
    inputs, outputs = getattr(interface, 'input_map', {}), getattr(interface, 'output_map', {})
    return {'key': [tool.ns_id, str(tool.version)], 'name': tool.name, 'description': tool.description,
            'help': getattr(tool, 'help', ''), 'node_class': tool.node_class,
            'command_version': str(tool.command_version), 'interface_class': type(interface).__name__,
            'inputs': [port(s, inputs.get(k), True) for k, s in tool.inputs.items()],
            'outputs': [port(s, outputs.get(k), False) for k, s in tool.outputs.items()],
            'hidden_inputs': [k for k, v in inputs.items() if getattr(v, 'hidden', False)],
            'hidden_outputs': [k for k, v in outputs.items() if getattr(v, 'hidden', False)]}

payload = load_payload()
manager = ToolManager(None)
manager._data = {}
errors = {}

def scan(path, namespace):
    for name in sorted(os.listdir(path)):
        filepath = os.path.join(path, name)
        if os.path.isdir(filepath):
            scan(filepath, namespace + (name,))
        elif os.path.isfile(filepath) and manager.match_filename(name) and not name.startswith('__'):
            try:
                manager._load_item(filepath, namespace=namespace)
            except Exception as exception:
                errors[filepath] = type(exception).__name__

for root in payload['roots']:
    scan(root, ())
IOPluginManager.create_ioplugin_tool(manager, interfaces=resources.interfaces)
tools = [facts(manager[key]) for key in sorted(manager.keys(), key=lambda k: (k[0], str(k[1])))]
emit({'tools': tools, 'errors': errors, 'fastr_dir': os.path.dirname(fastr.__file__)})
'''


def _typed(value: Any) -> list:
    return [type(value).__name__, value]


def _port_facts(port: PortDefinition, is_input: bool, flow: bool) -> dict[str, Any]:
    fact: dict[str, Any] = {
        'id': port.id, 'name': None if flow else port.name, 'datatype': port.datatype,
        'cardinality': _typed(port.cardinality), 'required': port.required, 'hidden': port.hidden,
        'description': port.description, 'enum': None if port.enum is None else sorted(port.enum)}
    if is_input:
        fact['default'] = _typed(port.default)
    else:
        fact['automatic'] = port.automatic
    return fact


def our_facts(tool: ToolDefinition) -> dict[str, Any]:
    flow = tool.interface_class == 'FlowInterface'
    return {
        'key': list(tool.key), 'name': tool.name, 'description': tool.description, 'help': tool.help,
        'node_class': tool.node_class, 'command_version': tool.command_version,
        'interface_class': tool.interface_class,
        'inputs': [_port_facts(p, True, flow) for p in tool.inputs],
        'outputs': [_port_facts(p, False, flow) for p in tool.outputs],
        'hidden_inputs': [p.id for p in tool.hidden_inputs],
        'hidden_outputs': [p.id for p in tool.hidden_outputs]}


def _normalise_fastr(fact: dict[str, Any]) -> dict[str, Any]:
    """Source/Sink have no help in fastr; port texts may be None or numbers there (ours are str)."""
    fact = dict(fact)
    fact['help'] = fact['help'] or ''
    for kind in ('inputs', 'outputs'):
        for port in fact[kind]:
            port['description'] = '' if port['description'] is None else port['description']
            port['name'] = None if port['name'] is None else str(port['name'])  # XML name="123"
    return fact


@pytest.fixture(scope='module')
def fastr_scan(fastr_oracle):
    """Scan results of real fastr for its own tools and for our XML test tools."""
    own = fastr_oracle.run(SCAN_SCRIPT, {'roots': []})
    fastr_tools = str(Path(own['fastr_dir']) / 'resources' / 'tools')
    shipped = fastr_oracle.run(SCAN_SCRIPT, {'roots': [fastr_tools]})
    xml = fastr_oracle.run(SCAN_SCRIPT, {'roots': [str(DATA / 'tools_xml')]})
    return {'shipped_root': fastr_tools, 'shipped': shipped, 'xml': xml}


def _compare(library: ToolLibrary, fastr_result: dict[str, Any]) -> None:
    ours = {tuple(t.key): our_facts(t) for t in library}
    theirs = {tuple(f['key']): _normalise_fastr(f) for f in fastr_result['tools']}
    assert sorted(ours) == sorted(theirs)
    for key, fact in theirs.items():
        assert ours[key] == fact, key
    assert sorted(e.path for e in library.errors) == sorted(fastr_result['errors'])


def test_fastr_shipped_tool_files_read_like_fastr(fastr_scan) -> None:
    library = ToolLibrary([fastr_scan['shipped_root']], include_builtin=False)
    assert len(library) >= 22
    _compare(library, fastr_scan['shipped'])


def test_xml_test_tools_read_like_fastr(fastr_scan) -> None:
    library = ToolLibrary([DATA / 'tools_xml'], include_builtin=False)
    assert len(library.errors) == len(list((DATA / 'tools_xml' / 'broken').glob('*.xml')))
    assert ('quirks/Coercions:1.0', '1.1') in {t.key for t in library}
    _compare(library, fastr_scan['xml'])


def test_builtin_library_matches_fastr_standard_tools(fastr_scan) -> None:
    library = builtin_library()
    assert library.errors == [] and library.warnings == []
    theirs = {tuple(f['key']): _normalise_fastr(f) for f in fastr_scan['shipped']['tools']}
    wanted = {k for k in theirs if not k[0].startswith('fastr/test/')}  # docker test tools left out
    ours = {tuple(t.key): our_facts(t) for t in library}
    assert set(ours) == wanted
    for key in wanted:
        mine, real = dict(ours[key]), dict(theirs[key])
        for fact in (mine, real):   # texts are ours; identity, ports and types must match
            fact.pop('description'), fact.pop('help')
            for port in fact['inputs'] + fact['outputs']:
                port.pop('description')
        assert mine == real, key


def test_builtin_library_matches_golden_tool_facts() -> None:
    golden = json.loads((GOLDEN / 'fastr_tools.json').read_text(encoding='utf-8'))
    library = builtin_library()
    for fact in golden:
        if fact['ns_id'].startswith('fastr/test/'):
            continue
        tool = library.get(fact['ns_id'], fact['version'])
        assert tool is not None, fact['key']
        assert (tool.tool_id, tool.namespace, tool.command_version, tool.node_class,
                tool.interface_class, tool.name) == (
            fact['id'], fact['namespace'], fact['command_version'], fact['node_class'],
            fact['interface_class'], fact['name'])
        for kind in ('inputs', 'outputs'):
            ports = getattr(tool, kind)
            assert [p.id for p in ports] == [p['id'] for p in fact[kind]]
            for port, real in zip(ports, fact[kind]):
                assert (port.datatype, port.cardinality, port.required, port.hidden) == (
                    real['datatype'], real['cardinality'], real['required'], real['hidden'])
                assert type(port.cardinality) is type(real['cardinality'])
                assert (None if port.enum is None else sorted(port.enum)) == real['enum']
        assert [p.id for p in tool.hidden_inputs] == fact['hidden_inputs']


NAMESPACE_SCRIPT = r'''
import os
from fastr.plugins.managers.toolmanager import ToolManager
payload = load_payload()
manager = ToolManager(payload['roots'])
emit(sorted([key[0], str(key[1])] for key in manager.keys()))
'''

_NAMESPACE_LAYOUT = {
    # path under the tools folder -> (tool id, tool version, command version)
    'top.yaml': ('Top', '1.0', '1.0'),
    '1.0/versioned_top.yaml': ('VersionedTop', '0.1', '1.0'),
    'suite/1.0/same.yaml': ('Same', '1.0', '1.0'),
    'suite/1.00/padded.yaml': ('Padded', '1.0', '1.0'),
    'suite/1.0 copy/spaced.yaml': ('Spaced', '1.0', '1.0'),
    'suite/v1.0/prefixed.yaml': ('Prefixed', '1.0', '1.0'),
    'suite/2.0/other.yaml': ('Other', '1.0', '1.0'),
    'elastix4.8/elastix.yaml': ('Elastix', '0.2', '4.8'),
    'deep/er/0.3.2/cast.json': ('Cast', '0.1', '0.3.2'),
    'deep/er/0.3.2/cast_new.yaml': ('Cast', '0.2', '0.3.2'),
    'dates/2020-01-05/dated.yaml': ('Dated', '2020-01-05', '2020-01-05'),
    'skipped/__hidden.yaml': ('Hidden', '1.0', '1.0'),
    'skipped/short.yml': ('Short', '1.0', '1.0'),
}


def _tool_text(tool_id: str, version: str, command_version: str, as_json: bool) -> str:
    doc = {'id': tool_id, 'name': tool_id, 'version': version, 'authors': [{'name': 'T'}],
           'command': {'version': command_version, 'authors': [],
                       'targets': [{'os': '*', 'arch': '*', 'bin': 'x'}]},
           'interface': {'inputs': [{'id': 'a', 'name': 'a', 'datatype': 'Int'}], 'outputs': []}}
    return json.dumps(doc, indent=2)  # JSON is valid YAML too


def test_namespaces_and_versions_like_fastr(fastr_oracle, tmp_path) -> None:
    first, second = tmp_path / 'first', tmp_path / 'second'
    for relative, (tool_id, version, command) in _NAMESPACE_LAYOUT.items():
        path = first / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_tool_text(tool_id, version, command, relative.endswith('.json')))
    (second / 'suite' / '1.0').mkdir(parents=True)   # a duplicate: the first folder must win
    (second / 'suite' / '1.0' / 'same.yaml').write_text(_tool_text('Same', '1.0', '1.0', False))
    real = fastr_oracle.run(NAMESPACE_SCRIPT, {'roots': [str(first), str(second)]})
    library = ToolLibrary([first, second], include_builtin=False)
    assert sorted(list(t.key) for t in library) == real
    assert library.get('suite/Same:1.0').source_file == str(first / 'suite' / '1.0' / 'same.yaml')
    assert [w.path for w in library.warnings] == [str(second / 'suite' / '1.0' / 'same.yaml')]
