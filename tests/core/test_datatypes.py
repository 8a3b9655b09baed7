"""Datatypes: built-ins, user type files read statically, enums and fastr's match_types rule."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.core.tools.datatypes import (DataTypeConflictError, DataTypeRegistry, builtin_registry)
from editor.core.tools.typescan import read_type_file
from editor.core.tools.library import builtin_library

DATA = Path(__file__).resolve().parents[1] / 'data'
GOLDEN = Path(__file__).resolve().parents[1] / 'golden'


def test_builtin_types() -> None:
    registry = builtin_registry()
    assert registry.get('NiftiImageFileCompressed').extension == 'nii.gz'
    assert registry.get('TifImageFile').extension == ('tiff', 'tif')
    assert registry.get('Directory').kind == 'URLType' and registry.get('Int').kind == 'ValueType'
    assert registry.members('Number') == {'Int', 'Float', 'UnsignedInt'}
    assert registry.members('ITKImageFile') == {
        'AnalyzeImageFile', 'MetaImageFile', 'NiftiImageFileCompressed',
        'NiftiImageFileUncompressed', 'NrrdImageFile', 'TifImageFile'}
    assert 'Missing' in registry.members('AnyType') and 'Number' not in registry.members('AnyType')
    assert registry.members('AnyFile') == {i for i in registry.ids() if registry.get(i).kind == 'URLType'}
    assert registry.members('Int') == {'Int'} and registry.members('Nope') == frozenset()
    assert 'Foo' not in registry and 'Int' in registry and registry.get('Foo') is None


@pytest.mark.parametrize(('a', 'b', 'result'), [
    ('Int', 'Number', 'Int'), ('Int', 'UnsignedInt', None), ('AnyType', 'Int', 'Int'),
    ('AnyFile', 'Int', None), ('String', 'Int', None), ('Directory', 'AnyFile', 'Directory'),
    ('ITKImageFile', 'NiftiImageFile', 'NiftiImageFileCompressed'),
    ('Number', 'Number', 'UnsignedInt'), ('Number', 'Float', 'Float'),
    ('Foo', 'Int', None), ('Int', 'Foo', None), ('Foo', 'Foo', None)])
def test_match_examples(a: str, b: str, result: str | None) -> None:
    assert builtin_registry().match(a, b) == result


def test_preferred_types_break_ties() -> None:
    registry = builtin_registry()
    assert registry.match('Number', 'Number', preferred=['Float']) == 'Float'
    assert registry.match('Number', 'Number', preferred=['String']) == 'UnsignedInt'
    assert registry.match('ITKImageFile', 'NiftiImageFile',
                          ['NiftiImageFileUncompressed']) == 'NiftiImageFileUncompressed'
    configured = DataTypeRegistry(preferred_types=['Int'])
    assert configured.match('Number', 'Number') == 'Int'
    assert configured.match('Number', 'Number', ['Float']) == 'Float'   # the caller's list first


def test_explain() -> None:
    registry = builtin_registry()
    assert registry.explain('Int', 'Number') is None
    assert registry.explain('Int', 'UnsignedInt') == 'Int cannot feed UnsignedInt'
    assert registry.explain('Foo', 'Int') == "unknown datatype 'Foo'"
    assert registry.explain('Int', 'Bar') == "unknown datatype 'Bar'"
    assert registry.explain('String', 'Number') == (
        'String cannot feed Number (Number stands for Float, Int, UnsignedInt)')
    assert 'and 5 more' in registry.explain('AnyFile', 'Int')


def test_enums() -> None:
    registry = builtin_registry().copy()
    name = '__Tool_1.0_interface__mode__Enum__'
    info = registry.register_enum(name, ['fast', 'slow'])
    assert info.is_enum and info.members == ('fast', 'slow')
    assert registry.register_enum(name, ('slow', 'fast')) is info
    with pytest.raises(DataTypeConflictError):
        registry.register_enum(name, ['fast'])
    assert registry.match(name, name) == name and registry.match(name, 'String') is None
    assert registry.match('AnyType', name) == name and name in registry.members('AnyType')
    assert name not in builtin_registry() and registry.ids()[-1] == name
    assert name not in registry.ids(include_enums=False)


def test_tool_enums_register_from_the_library() -> None:
    registry = builtin_registry().copy()
    assert registry.register_tool_enums(builtin_library().get('fastr/flow/CrossValidation:1.0')) == []
    assert registry.get('__CrossValidation_1.0_interface__method__Enum__').members == ('KFold',)


def test_library_enums_and_settings(tmp_path: Path) -> None:
    registry = builtin_registry().copy()
    assert registry.register_enums(builtin_library().enum_types) == []
    assert registry.register_enums({'__CrossValidation_1.0_interface__method__Enum__': ['X']})
    home = tmp_path / 'home'
    home.mkdir()
    (home / 'config.py').write_text(f"types_path = [{str(DATA / 'types')!r}]\n"
                                    "preferred_types = ['Float']\n")
    configured = DataTypeRegistry.from_settings([], fastrhome=home)
    assert 'MedicalImage' in configured and configured.preferred_types == ('Float',)
    assert configured.match('Number', 'Number') == 'Float'


def test_user_types_read_statically() -> None:
    registry = DataTypeRegistry([DATA / 'types'])
    csv, scan = registry.get('CSVFile'), registry.get('ScanImage')
    assert (csv.kind, csv.extension) == ('URLType', ('csv', 'tsv'))
    assert (scan.kind, scan.base, scan.extension) == ('URLType', 'NiftiImageFileCompressed', 'nii.gz')
    assert registry.members('MedicalImage') == {'NiftiImageFileCompressed', 'DicomImageFile',
                                                'NiftiImageFileUncompressed', 'NrrdImageFile'}
    assert registry.members('ImageOrTable') >= registry.members('MedicalImage') | {'CSVFile'}
    assert registry.get('Int').kind == 'ValueType'          # the user int.py is overridden
    assert 'AbstractGroup' not in registry and 'OtherName' not in registry
    problems = {Path(e.path).name: e.message for e in registry.errors}
    assert set(problems) == {'int.py', 'AbstractGroup.py', 'mismatch.py'}
    assert registry.match('SmallNumber', 'SmallNumber') == 'Int'    # its preferred_types
    assert registry.match('ScanImage', 'NiftiImageFileCompressed') is None   # not subclass-based
    assert registry.match('Percentage', 'AnyType') == 'Percentage'


def test_user_type_folders_later_wins(tmp_path: Path) -> None:
    first, second = tmp_path / 'a', tmp_path / 'b'
    for folder, ext in ((first, 'one'), (second, 'two')):
        folder.mkdir()
        (folder / ('MyType.py' if ext == 'one' else 'mytype.py')).write_text(
            f'from fastr.datatypes import URLType\nclass MyType(URLType):\n    extension = {ext!r}\n')
    registry = DataTypeRegistry([first, second, tmp_path / 'missing'])
    assert registry.get('MyType').extension == 'two'
    assert any('overridden by' in e.message for e in registry.errors)
    assert any('does not exist' in e.message for e in registry.errors)


def test_type_file_problems(tmp_path: Path) -> None:
    (tmp_path / 'Broken.py').write_text('class Broken(URLType:\n')
    (tmp_path / 'Orphan.py').write_text('class Orphan(SomethingElse):\n    pass\n')
    (tmp_path / 'Computed.py').write_text('from fastr.datatypes import URLType\n'
                                          'class Computed(URLType):\n    extension = "a" + "b"\n')
    (tmp_path / 'Loop.py').write_text('class Loop(Loop):\n    pass\n')
    registry = DataTypeRegistry([tmp_path])
    problems = {Path(e.path).name: e.message for e in registry.errors}
    assert 'cannot read' in problems['Broken.py'] and 'not a known' in problems['Orphan.py']
    assert 'not a literal' in problems['Computed.py'] and 'Computed' in registry
    assert 'Loop' not in registry
    assert read_type_file(tmp_path / 'Orphan.py').base == 'SomethingElse'


def test_without_builtins_the_special_types_remain() -> None:
    registry = DataTypeRegistry(include_builtin=False)
    assert registry.ids() == ['AnyFile', 'AnyType', 'Deferred', 'Missing']
    assert registry.members('AnyType') == {'Deferred', 'Missing'}


def test_builtin_types_match_golden_facts() -> None:
    golden = json.loads((GOLDEN / 'fastr_types.json').read_text(encoding='utf-8'))
    registry = builtin_registry().copy()
    registry.register_tool_enums(builtin_library().get('fastr/flow/CrossValidation:1.0'))
    facts = {t['id']: t for t in golden['types']}
    assert sorted(facts) == registry.ids(include_enums=False) + [
        '__CrossValidation_1.0_interface__method__Enum__']
    for type_id, fact in facts.items():
        info = registry.get(type_id)
        assert ('TypeGroup' if info.is_group else info.kind) == fact['kind'], type_id
        assert (list(info.extension) if isinstance(info.extension, tuple) else info.extension) == \
            fact['extension'], type_id
        if fact['kind'] == 'TypeGroup':
            assert sorted(registry.members(type_id)) == fact['members'], type_id
            if fact['declared_members'] is not None:
                assert list(info.members) == fact['declared_members'], type_id
        if fact['description'] is not None and fact['kind'] != 'EnumType':
            assert info.description == fact['description'], type_id
    for a, row in golden['match_types'].items():
        for b, expected in row.items():
            result = registry.match(a, b)
            if isinstance(expected, list):      # several candidates: fastr's pick is arbitrary
                assert result in expected, (a, b)
                assert sorted(registry.members(a) & registry.members(b)) == expected
            else:
                assert result == expected, (a, b)
