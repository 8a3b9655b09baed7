"""Scanning tool folders: namespaces, versions, duplicates, errors, search, built-ins, cache."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from editor.core.tools import library as toollibrary
from editor.core.tools.library import (ToolLibrary, builtin_library, builtin_tools_dir,
                                     tool_namespace)

DATA = Path(__file__).resolve().parents[1] / 'data'


def write_tool(path: Path, tool_id: str = 'Thing', version: str = '1.0', command: str = '1.0',
               enum: list[str] | None = None, **extra: object) -> Path:
    inputs: list[dict] = [{'id': 'a', 'name': 'a', 'datatype': 'Int'}]
    if enum is not None:
        inputs.append({'id': 'mode', 'name': 'mode', 'enum': enum})
    doc = {'id': tool_id, 'name': tool_id, 'version': version, 'authors': [{'name': 'T'}],
           'command': {'version': command, 'authors': [],
                       'targets': [{'os': '*', 'arch': '*', 'bin': 'x'}]},
           'interface': {'inputs': inputs, 'outputs': []}, **extra}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))
    return path


@pytest.mark.parametrize(('folders', 'command', 'namespace'), [
    (('fastr', 'math', '1.0'), '1.0', 'fastr/math'),
    (('itktools', '0.3.2'), '0.3.2', 'itktools'),
    (('itktools', '0.3.2'), '1.0', 'itktools/0.3.2'),
    (('elastix4.8',), '4.8', 'elastix4.8'),
    (('a', '1.00'), '1.0', 'a'),
    (('a', '1.0'), '1.0.0', 'a/1.0'),
    (('1.0',), '1.0', ''),
    ((), '1.0', ''),
])
def test_namespace_rule(folders: tuple[str, ...], command: str, namespace: str) -> None:
    assert tool_namespace(folders, command) == namespace


def test_scan_keys_versions_and_file_filter(tmp_path: Path) -> None:
    write_tool(tmp_path / 'suite' / '1.0' / 'thing.yaml')
    write_tool(tmp_path / 'suite' / '1.0' / 'thing_old.json', version='0.1')
    write_tool(tmp_path / 'suite' / '1.0' / 'thing_10.yaml', version='0.10')
    write_tool(tmp_path / 'suite' / 'skipped.yml', tool_id='Yml')
    write_tool(tmp_path / 'suite' / '__ref__.json', tool_id='Dunder')
    write_tool(tmp_path / 'suite' / 'upper.YAML', tool_id='Upper')
    (tmp_path / 'suite' / 'notes.txt').write_text('not a tool')
    library = ToolLibrary([tmp_path], include_builtin=False)
    assert library.versions('suite/Thing:1.0') == ['0.1', '0.10', '1.0']
    assert library.get('suite/Thing:1.0').version == '1.0'           # highest
    assert library.get('suite/Thing:1.0', '0.1').version == '0.1'
    assert library.get('suite/Thing:1.0', '1.00').version == '1.0'   # compared as versions
    assert library.get('suite/Thing:1.0', '2.0') is None
    assert library.get('suite/Thing:1.0', 'bogus') is None
    assert library.get('Thing:1.0') is None
    assert {t.id for t in library} == {'Thing', 'Source', 'Sink'}
    assert 'suite/Thing:1.0' in library and ('suite/Thing:1.0', '0.1') in library
    assert library.get('suite/Thing:1.0') in library
    assert len(library) == 5 and library.errors == []


def test_first_folder_wins_and_duplicates_are_reported(tmp_path: Path) -> None:
    first = write_tool(tmp_path / 'one' / 'ns' / 'tool.yaml')
    second = write_tool(tmp_path / 'two' / 'ns' / 'tool.yaml')
    library = ToolLibrary([tmp_path / 'one', tmp_path / 'two', tmp_path / 'missing'],
                          include_builtin=False)
    assert library.get('ns/Thing:1.0').source_file == str(first)
    skipped, missing = library.warnings
    assert skipped.path == str(second) and 'first tool folder wins' in skipped.message
    assert missing.path == str(tmp_path / 'missing') and 'does not exist' in missing.message
    assert [(p.origin, p.exists) for p in library.paths] == [
        ('settings', True), ('settings', True), ('settings', False)]


def test_broken_files_do_not_stop_the_scan(tmp_path: Path) -> None:
    write_tool(tmp_path / 'good.yaml')
    (tmp_path / 'bad.yaml').write_text('id: [')
    (tmp_path / 'no_name.json').write_text(json.dumps({'id': 'X'}))
    unreadable = write_tool(tmp_path / 'locked.yaml', tool_id='Locked')
    unreadable.chmod(0)
    try:
        library = ToolLibrary([tmp_path], include_builtin=False)
    finally:
        unreadable.chmod(0o644)
    assert library.get('/Thing:1.0') is not None
    reasons = {Path(e.path).name: e.message for e in library.errors}
    assert 'not valid YAML' in reasons['bad.yaml']
    assert "'authors' is a required property" in reasons['no_name.json']
    if os.geteuid() != 0:   # root can read anything
        assert 'cannot read' in reasons['locked.yaml']


def test_conflicting_enums_refuse_the_later_tool(tmp_path: Path) -> None:
    write_tool(tmp_path / 'a' / 'one.yaml', enum=['x', 'y'])
    write_tool(tmp_path / 'b' / 'two.yaml', enum=['x', 'z'])      # same enum type name
    write_tool(tmp_path / 'c' / 'three.yaml', enum=['y', 'x'])    # same options: fine
    library = ToolLibrary([tmp_path], include_builtin=False)
    assert library.get('a/Thing:1.0') and library.get('c/Thing:1.0')
    error, = library.errors
    assert error.path.endswith('two.yaml') and 'conflicting definition of enum' in error.message
    assert library.enum_types == {'__Thing_1.0_interface__mode__Enum__': frozenset({'x', 'y'})}


def test_symlink_loop_is_not_followed_forever(tmp_path: Path) -> None:
    write_tool(tmp_path / 'ns' / 'tool.yaml')
    os.symlink(tmp_path / 'ns', tmp_path / 'ns' / 'again')
    library = ToolLibrary([tmp_path], include_builtin=False)
    assert library.get('ns/Thing:1.0') is not None
    assert any('loop' in w.message for w in library.warnings)


def test_parse_cache_reuses_unchanged_files(tmp_path: Path, monkeypatch) -> None:
    path = write_tool(tmp_path / 'tool.yaml')
    ToolLibrary([tmp_path], include_builtin=False)
    calls = []
    real = toollibrary.parse_tool_file
    monkeypatch.setattr(toollibrary, 'parse_tool_file', lambda *a: calls.append(a) or real(*a))
    ToolLibrary([tmp_path], include_builtin=False)
    assert calls == []
    write_tool(path, version='2.0')
    os.utime(path, ns=(1, 1))
    assert ToolLibrary([tmp_path], include_builtin=False).get('/Thing:1.0').version == '2.0'
    assert len(calls) == 1


def test_source_and_sink_are_always_there() -> None:
    library = ToolLibrary(include_builtin=False)
    source, sink = library.get('fastr/Source:1.0', '1.0'), library.get('fastr/Sink:1.0', '1.0')
    assert source.node_class == 'SourceNode' and sink.node_class == 'SinkNode'
    assert [(p.id, p.datatype, p.cardinality) for p in source.outputs] == [
        ('output', 'AnyType', 'unknown')]
    assert [p.id for p in source.hidden_inputs] == ['input', 'datatype', 'targetdir', 'sample_id']
    assert [(p.id, p.datatype, p.cardinality) for p in sink.inputs] == [('input', 'AnyType', '1-*')]
    assert [p.id for p in sink.hidden_inputs] == ['output', 'datatype']
    assert source.input('datatype').hidden and sink.input('nope') is None
    assert source.output('output') is source.outputs[0]


def test_builtin_library_has_the_example_tools() -> None:
    library = builtin_library()
    assert builtin_library() is library
    assert builtin_tools_dir() == Path(__file__).resolve().parents[2] / 'resources' / 'tools'
    assert [p.origin for p in library.paths] == ['builtin']
    for ns_id, version in [('fastr/math/AddInt:1.0', '1.0'), ('fastr/math/Sum:1.0', '1.0'),
                           ('fastr/math/Multiply:1.0', '1.0'), ('fastr/math/SumViaFile:1.0', '1.0'),
                           ('fastr/math/Min:1.0', '1.1'), ('fastr/util/Fail:1.0', '0.1'),
                           ('fastr/util/Fail:1.0', '1.0'), ('fastr/util/Range:1.0', '1.0'),
                           ('fastr/util/AutoPrefixTest:1.0', '1.0'),
                           ('fastr/util/AutoPrefixNegateTest:1.0', '1.0'),
                           ('fastr/util/EnvVarTest:1.0', '1.0'),
                           ('fastr/util/PassThroughAuto:1.0', '1.0'),
                           ('fastr/flow/CrossValidation:1.0', '1.0')]:
        assert library.get(ns_id, version) is not None, (ns_id, version)
    addint = library.get('fastr/math/AddInt:1.0')
    assert [(p.id, p.datatype, p.cardinality) for p in addint.inputs] == [
        ('left_hand', 'Int', '1-*'), ('right_hand', 'Int', 'as:left_hand')]
    assert library.get('fastr/util/Fail:1.0').version == '1.0'


def test_builtin_library_with_user_folders_first(tmp_path: Path) -> None:
    mine = write_tool(tmp_path / 'fastr' / 'math' / '1.0' / 'addint.yaml', tool_id='AddInt')
    library = ToolLibrary([tmp_path])
    assert library.get('fastr/math/AddInt:1.0').source_file == str(mine)
    assert any('first tool folder wins' in w.message for w in library.warnings)
    assert [p.origin for p in library.paths] == ['settings', 'builtin']


def test_search() -> None:
    library = builtin_library()
    assert library.search('AddInt')[0].id == 'AddInt'
    assert library.search('addint')[0].ns_id == 'fastr/math/AddInt:1.0'
    assert {t.id for t in library.search('math/')} >= {'Add', 'AddInt', 'Sum', 'Min'}
    assert [t.id for t in library.search('minimum')] == ['Min']       # name
    assert 'CrossValidation' in {t.id for t in library.search('cross-validation')}  # description
    assert [t.id for t in library.search('fmadi')][:1] == ['AddInt']  # fuzzy: f..m..a..d..i
    assert library.search('zzzz') == [] and len(library.search('  ')) == len(library)


def test_from_settings_reads_fastr_config(tmp_path: Path) -> None:
    home = tmp_path / 'fastrhome'
    write_tool(home / 'tools' / 'mine' / 'tool.yaml')
    extra = tmp_path / 'extra'
    write_tool(extra / 'more' / 'tool.yaml', tool_id='More')
    (home / 'config.py').write_text(f'tools_path = [{str(extra)!r}] + tools_path\n'
                                    'tools_path.remove(undefined_thing)\n')
    library = ToolLibrary.from_settings([tmp_path / 'settings'], fastrhome=home)
    assert [(p.origin, p.path) for p in library.paths] == [
        ('settings', str(tmp_path / 'settings')), ('fastr config', str(extra)),
        ('fastr config', str(home / 'tools')), ('builtin', str(builtin_tools_dir()))]
    assert library.get('more/More:1.0') and library.get('mine/Thing:1.0')
    assert any(w.path == 'fastr config' for w in library.warnings)


def test_core_imports_no_qt() -> None:
    code = ('import sys, editor.core.tools.library, editor.core.tools.datatypes, editor.core.tools.fastrconfig;'
            'sys.exit(any(m.startswith("PySide6") for m in sys.modules))')
    subprocess.run([sys.executable, '-c', code], check=True, cwd=Path(__file__).resolve().parents[2])


def _tool_nodes(state: dict) -> list[dict]:
    nodes = []
    for node in state.get('nodelist', []):
        if node.get('tool'):
            nodes.append(node)
        if node.get('network'):
            nodes.extend(_tool_nodes(node['network']))
    return nodes


def test_golden_example_networks_find_their_tools_with_the_same_ports() -> None:
    library = builtin_library()
    golden = Path(__file__).resolve().parents[1] / 'golden'
    checked = 0
    for path in sorted(golden.glob('**/*.state.json')):
        for node in _tool_nodes(json.loads(path.read_text(encoding='utf-8'))):
            tool = library.get(node['tool']['id'], node['tool']['version'])
            assert tool is not None, (path.name, node['tool'])
            if node['class'] in ('Node', 'FlowNode', 'AdvancedFlowNode'):
                assert [(p['id'], p['datatype']) for p in node['inputs']] == [
                    (p.id, p.datatype) for p in tool.inputs], (path.name, node['id'])
                assert [(p['id'], p['datatype']) for p in node['outputs']] == [
                    (p.id, p.datatype) for p in tool.outputs], (path.name, node['id'])
                checked += 1
    assert checked >= 20


# -- hostile tool folders (issue 17, item 2): each problem is one entry, the scan is bounded ----------
def _deep_folder(base: Path, levels: int) -> Path:
    """``base/d/d/.../d`` ``levels`` deep (made relative to an open folder: no long path is built)."""
    base.mkdir(parents=True, exist_ok=True)
    fd = os.open(base, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir('d', dir_fd=fd)
            inner = os.open('d', os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = inner
    finally:
        os.close(fd)
    return base


def _remove_deep(base: Path) -> None:
    """Remove what :func:`_deep_folder` made, level by level (shutil.rmtree recurses, and fails)."""
    fd = os.open(base, os.O_RDONLY)
    try:
        while os.path.isdir(os.path.join(base, 'd')):
            for name in set(os.listdir(os.path.join(base, 'd'))) - {'d'}:
                os.unlink(os.path.join(base, 'd', name))       # the files a test put in
            if os.path.isdir(os.path.join(base, 'd', 'd')):
                os.rename('d/d', 'up', src_dir_fd=fd, dst_dir_fd=fd)
                os.rmdir('d', dir_fd=fd)
                os.rename('up', 'd', src_dir_fd=fd, dst_dir_fd=fd)
            else:
                os.rmdir('d', dir_fd=fd)
    finally:
        os.close(fd)


@pytest.fixture
def deep_folder(tmp_path: Path) -> Iterator[Path]:
    """``tmp_path/deep`` with folders nested 1,100 deep in it, removed afterwards."""
    base = _deep_folder(tmp_path / 'deep', 1100)
    yield base
    _remove_deep(base)


def test_xml_tool_with_an_unknown_encoding_is_one_error(tmp_path: Path) -> None:
    write_tool(tmp_path / 'good.yaml')
    (tmp_path / 'evil.xml').write_text('<?xml version="1.0" encoding="x-evil-7"?>\n<tool id="Evil"/>\n')
    library = ToolLibrary([tmp_path], include_builtin=False)
    assert library.get('/Thing:1.0') is not None
    assert [(Path(e.path).name, e.message) for e in library.errors] == [
        ('evil.xml', 'not valid XML: the file declares an unknown encoding: x-evil-7')]


def test_yaml_tool_with_a_bad_bool_is_one_error(tmp_path: Path) -> None:
    write_tool(tmp_path / 'good.yaml')
    (tmp_path / 'maybe.yaml').write_text('id: Maybe\nhidden: !!bool maybe\n')
    library = ToolLibrary([tmp_path], include_builtin=False)
    assert library.get('/Thing:1.0') is not None
    [error] = library.errors
    assert Path(error.path).name == 'maybe.yaml' and "'maybe' is not true or false" in error.message


def test_any_exception_in_one_file_is_one_error(tmp_path: Path, monkeypatch) -> None:
    write_tool(tmp_path / 'good.yaml')
    write_tool(tmp_path / 'odd.yaml', tool_id='Odd')
    real = toollibrary.parse_tool_file

    def failing(path, namespace=''):
        if str(path).endswith('odd.yaml'):
            raise KeyError('maybe')
        return real(path, namespace)
    monkeypatch.setattr(toollibrary, 'parse_tool_file', failing)
    monkeypatch.setattr(toollibrary, '_PARSE_CACHE', {})
    library = ToolLibrary([tmp_path], include_builtin=False)
    assert library.get('/Thing:1.0') is not None
    assert [(Path(e.path).name, e.message) for e in library.errors] == [
        ('odd.yaml', "cannot be read: KeyError: 'maybe'")]


def test_folders_nested_1100_deep_are_scanned_to_the_bound_only(tmp_path: Path, deep_folder: Path) -> None:
    deep = deep_folder
    write_tool(tmp_path / 'good.yaml')
    inside = tmp_path.joinpath('deep', *['d'] * (toollibrary.MAX_SCAN_DEPTH - 1))     # the deepest scanned
    write_tool(inside / 'within.yaml', tool_id='Within')
    library = ToolLibrary([tmp_path], include_builtin=False)
    assert library.get('/Thing:1.0') is not None
    assert len([t for t in library if t.id == 'Within']) == 1
    [warning] = library.warnings
    assert warning.path == os.path.join(deep, *['d'] * toollibrary.MAX_SCAN_DEPTH)
    assert f'more than {toollibrary.MAX_SCAN_DEPTH} levels' in warning.message
    assert library.errors == []


def test_symlinks_out_of_the_tool_folder_are_not_followed(tmp_path: Path) -> None:
    folder, outside = tmp_path / 'tools', tmp_path / 'elsewhere'
    write_tool(folder / 'ns' / 'tool.yaml')
    write_tool(outside / 'other.yaml', tool_id='Other')
    os.symlink('/', folder / 'root')
    os.symlink(outside, folder / 'out')
    os.symlink(outside / 'other.yaml', folder / 'linked.yaml')
    os.symlink(folder / 'ns', folder / 'alias')               # inside: followed
    library = ToolLibrary([folder], include_builtin=False)
    assert sorted(t.ns_id for t in library if t.source_file) == ['alias/Thing:1.0', 'ns/Thing:1.0']
    reported = {Path(w.path).name: w.message for w in library.warnings}
    assert set(reported) == {'root', 'out', 'linked.yaml'}
    assert reported['root'] == f'symbolic link to /, outside the tool folder {folder}: not followed'
    assert library.errors == []


def test_a_scan_that_would_never_end_ends_in_a_child(tmp_path: Path, deep_folder: Path) -> None:
    """``/`` linked into a tools folder, next to 1,100 nested folders: a child process with a
    deadline, so the old endless scan fails the test instead of hanging the run."""
    os.symlink('/', tmp_path / 'root')
    code = ('import sys; from editor.core.tools.library import ToolLibrary; '
            f'lib = ToolLibrary([{str(tmp_path)!r}], include_builtin=False); '
            'print(len(lib.errors), len(lib.warnings))')
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, '-c', code], cwd=root, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-1000:]
    assert result.stdout.split() == ['0', '2']
