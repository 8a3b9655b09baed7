"""Parsing single tool files: formats, fastr's coercions and quirks, warnings and refusals."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from editor.core.tools.definitions import ToolParseError
from editor.core.tools.parse import build_tool, parse_tool_file, read_tool_document
from editor.core.tools.version import Version, normalize_version
from editor.core.tools.xmldict import loads_xml

DATA = Path(__file__).resolve().parents[1] / 'data'


def _doc(**changes: object) -> dict:
    doc = {'id': 'Thing', 'name': 'A thing', 'version': '1.0', 'authors': [{'name': 'T'}],
           'command': {'version': '1.0', 'authors': [],
                       'targets': [{'os': '*', 'arch': '*', 'bin': 'x'}]},
           'interface': {'inputs': [{'id': 'a', 'name': 'a', 'datatype': 'Int'}],
                         'outputs': [{'id': 'o', 'name': 'o', 'datatype': 'Int', 'automatic': True,
                                      'location': 'x'}]}}
    doc.update(changes)
    return doc


def _refused(doc: object) -> str:
    with pytest.raises(ToolParseError) as info:
        build_tool(doc, 'ns', 'file.yaml')
    assert info.value.path == 'file.yaml'
    return info.value.reason


# -- versions ------------------------------------------------------------------------------------
@pytest.mark.parametrize(('text', 'shown'), [
    ('1.0', '1.0'), ('01.00', '1.0'), ('1.0.0', '1.0.0'), ('1.0-rc2', '1.0-rc2'),
    ('4.1.9', '4.1.9'), ('2020-01-05', '2020.1.5'), ('1.0 copy', '1.0'), ('1.1beta3', '1.1beta3')])
def test_versions_print_like_fastr(text: str, shown: str) -> None:
    assert str(Version(text)) == shown


@pytest.mark.parametrize('text', ['1', 'v1.0', 'elastix4.8', '', 'latest'])
def test_invalid_versions(text: str) -> None:
    assert Version.parse(text) is None and normalize_version(text) is None


def test_version_order_without_none_comparisons() -> None:
    ordered = ['0.1', '0.2', '1.0', '1.0.1', '1.1', '2.0']
    assert sorted(reversed(ordered), key=lambda v: Version(v).sort_key()) == ordered
    assert Version('1.00') == Version('1.0') != Version('1.0.0')


# -- XML coercions (fastr's xmltodict) -----------------------------------------------------------
def test_xml_values_are_coerced_like_fastr() -> None:
    doc = loads_xml('<t a="TRUE" b="false" c="1" d="1.10" e="___007" f="x y" g="1e3" h=" 2 ">'
                    '<list><li>1</li><li>two</li></list><items><item k="1"/><item k="2"/></items>'
                    '<text lang="en">hello</text><empty/><blank>  </blank>'
                    '<rep>1</rep><rep>2</rep></t>')
    assert doc == {'a': True, 'b': False, 'c': 1, 'd': 1.1, 'e': '007', 'f': 'x y', 'g': 1000.0,
                   'h': 2, 'list': [1, 'two'], 'items': [{'k': 1}, {'k': 2}], 'text': 'hello',
                   'empty': None, 'blank': None, 'rep': [1, 2]}


def test_xml_tag_escapes_and_prefix() -> None:
    assert loads_xml('<t p_1st="a" a__045__b="c"/>') == {'1st': 'a', 'a-b': 'c'}


def test_xml_entity_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / 'bomb.xml'
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
                    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
                    '<tool id="Bomb" name="&lol2;" version="1.0"/>\n')
    with pytest.raises(ToolParseError, match='unsafe XML'):
        parse_tool_file(bomb)


def test_coercions_tool_file() -> None:
    tool = parse_tool_file(DATA / 'tools_xml' / 'quirks' / '1.0' / 'coercions.xml', 'quirks')
    assert tool.key == ('quirks/Coercions:1.0', '1.1')
    assert tool.help == 'None' and tool.tags == ('xml', 'quirks')   # empty <help> becomes 'None'
    count, ratio, code, flag, numbered, shown, texty = tool.inputs
    assert (count.cardinality, count.default, count.required) == (1, 2, True)
    assert (ratio.cardinality, ratio.default, ratio.required) == ('1-*', 1.5, False)
    assert code.default == '007' and flag.default is True and numbered.default == 1000.0
    assert numbered.name == '123' and shown.cardinality == 'as:count'
    assert texty.description == 'Text wins; the attribute is dropped'
    assert [p.id for p in tool.hidden_inputs] == ['secret']
    out, made, maybe = tool.outputs
    assert (out.automatic, out.required, made.automatic, made.required) == (True, False, False, True)
    assert maybe.required is True and [p.id for p in tool.hidden_outputs] == ['quiet']
    assert any('version="1.10"' in w and '1.1' in w for w in tool.warnings)


def test_single_enum_is_split_into_characters_with_a_warning() -> None:
    tool = parse_tool_file(DATA / 'tools_xml' / 'quirks' / '1.0' / 'enums.xml', 'quirks')
    method, priority, level, both = tool.inputs
    assert method.enum == ('K', 'F', 'o', 'l', 'd')
    assert method.datatype == '__Enums_1.0_interface__method__Enum__'
    assert priority.enum == ('high', 'idle', 'normal') and priority.default == 'high'
    assert level.enum == ('1', '2', '2.5')
    assert both.enum is None and both.datatype == 'String'   # datatype wins over enum
    assert tool.outputs[0].enum == ('yes', 'no')
    warning, = [w for w in tool.warnings if 'method' in w]
    assert "single option 'KFold'" in warning
    assert tool.enum_types['__Enums_1.0_interface__priority__Enum__'] == ('high', 'idle', 'normal')


def test_flow_interface_ports_all_visible() -> None:
    tool = parse_tool_file(DATA / 'tools_xml' / 'quirks' / 'flow.xml', 'quirks')
    assert tool.interface_class == 'FlowInterface' and tool.node_class == 'AdvancedFlowNode'
    assert [p.id for p in tool.inputs] == ['items', 'hidden_one', 'method']
    assert tool.inputs[1].hidden and tool.hidden_inputs == ()
    assert tool.outputs[0].required is True and tool.outputs[0].name == 'train'


# -- YAML and JSON ---------------------------------------------------------------------------------
def test_yaml_and_json_give_the_same_tool(tmp_path: Path) -> None:
    (tmp_path / 'a.json').write_text(json.dumps(_doc()))
    (tmp_path / 'a.yaml').write_text(json.dumps(_doc()))
    from_json, from_yaml = parse_tool_file(tmp_path / 'a.json', 'x'), parse_tool_file(tmp_path / 'a.yaml', 'x')
    assert from_json.source_file != from_yaml.source_file
    assert replace(from_json, source_file=None) == replace(from_yaml, source_file=None)


def test_yaml_number_version_warning(tmp_path: Path) -> None:
    text = json.dumps(_doc()).replace('"version": "1.0", "authors": [{', '"version": 1.10, "authors": [{')
    path = tmp_path / 'v.yaml'
    path.write_text(text)
    tool = parse_tool_file(path)
    assert tool.version == '1.1' and any('"1.10"' in w for w in tool.warnings)
    assert read_tool_document(path)['version'] == 1.1


def test_defaults_and_schema_coercions() -> None:
    tool = build_tool(_doc(tags='solo', help=None, description=None, url=5, name=7), 'n')
    assert tool.tags == ('solo',) and tool.help == 'None' and tool.description == 'None'
    assert tool.name == '7' and tool.url == '5' and tool.node_class == 'Node'
    assert tool.inputs[0].required is True and tool.inputs[0].cardinality == 1
    assert tool.ns_id == 'n/Thing:1.0' and build_tool(_doc(), '').ns_id == '/Thing:1.0'


def test_interface_id_names_enum_types() -> None:
    interface = {'id': 'Custom_interface', 'inputs': [{'id': 'p', 'name': 'p', 'enum': ['a']}],
                 'outputs': []}
    assert build_tool(_doc(interface=interface)).inputs[0].datatype == '__Custom_interface__p__Enum__'


def test_truthy_strings_warn() -> None:
    interface = {'inputs': [{'id': 'p', 'name': 'p', 'datatype': 'Int', 'hidden': 'False'}],
                 'outputs': []}
    tool = build_tool(_doc(interface=interface))
    assert tool.inputs == () and tool.hidden_inputs[0].hidden
    assert any("hidden='False'" in w for w in tool.warnings)


def test_lowercase_tool_id_and_odd_class_only_warn() -> None:
    assert any('UpperCamelCase' in w for w in build_tool(_doc(id='lower')).warnings)
    tool = build_tool(_doc(**{'class': 'Weird'}))
    assert tool.node_class == 'Weird' and any('not a fastr node class' in w for w in tool.warnings)


@pytest.mark.parametrize(('doc', 'reason'), [
    ([1, 2], 'mapping at the top'),
    (None, 'mapping at the top'),
    (_doc(name=None), None),
    ({k: v for k, v in _doc().items() if k != 'name'}, "'name' is a required property"),
    (_doc(version='1'), 'not a valid version'),
    (_doc(version='v1.0'), 'not a valid version for fastr'),
    (_doc(authors=[{'name': 'x'}, {'name': 'x'}]), 'non-unique'),
    (_doc(authors=[{'name': 'x', 'email': 'nope'}]), "is not a 'email'"),
    (_doc(authors={'name': 'x'}), 'expected a mapping'),
    (_doc(tags=5), 'is not of type'),
    (_doc(requirements=5), 'must be empty'),
    (_doc(interface={'class': 'Foo', 'inputs': [], 'outputs': []}), "unknown interface class 'Foo'"),
    (_doc(interface={'class': 'NipypeInterface'}), 'nipype'),
    (_doc(interface={'inputs': []}), "no 'outputs'"),
    (_doc(interface={'inputs': [{'name': 'a', 'datatype': 'Int'}], 'outputs': []}), 'input #1 has no id'),
    (_doc(interface={'inputs': [], 'outputs': [{'id': 'o', 'datatype': 'Int'}]}), "'o' has no name"),
    (_doc(interface={'inputs': [{'id': 'a', 'name': 'a'}], 'outputs': []}), 'No valid datatype'),
    (_doc(interface={'inputs': [{'id': 'a', 'name': 'a', 'enum': 5}], 'outputs': []}), 'enum must be'),
    (_doc(interface={'inputs': [{'id': 'a b', 'name': 'a', 'datatype': 'Int'}], 'outputs': []}),
     'is not valid'),
    (_doc(interface={'inputs': [{'id': 'a', 'name': 'a', 'datatype': 'Int'}] * 2, 'outputs': []}),
     'already in use'),
    (_doc(interface={'inputs': {'id': 'a'}, 'outputs': []}), 'must be a mapping'),
    ({**_doc(), 'interface': None}, 'expected a mapping'),
    ({k: v for k, v in _doc().items() if k != 'interface'}, "no 'interface'"),
])
def test_refused_documents(doc: object, reason: str | None) -> None:
    if reason is None:   # name: null is coerced to the string 'None', as fastr does
        assert build_tool(doc).name == 'None'
        return
    assert reason in _refused(doc)


def test_command_checks() -> None:
    command = _doc()['command']
    assert 'authors' in _refused(_doc(command={k: v for k, v in command.items() if k != 'authors'}))
    assert 'too short' in _refused(_doc(command={**command, 'targets': []}))
    assert "'plan9' is not one of" in _refused(
        _doc(command={**command, 'targets': [{'os': 'plan9', 'arch': '*'}]}))
    assert 'crashes' in _refused(_doc(command={**command, 'description': 5}))


def test_unreadable_and_unknown_files(tmp_path: Path) -> None:
    with pytest.raises(ToolParseError, match='cannot read'):
        parse_tool_file(tmp_path / 'missing.yaml')
    (tmp_path / 'bad.yaml').write_text('id: [')
    with pytest.raises(ToolParseError, match='not valid YAML'):
        parse_tool_file(tmp_path / 'bad.yaml')
    (tmp_path / 'bad.json').write_text('{')
    with pytest.raises(ToolParseError, match='not valid JSON'):
        parse_tool_file(tmp_path / 'bad.json')
    (tmp_path / 'tool.txt').write_text('')
    with pytest.raises(ToolParseError, match='unknown tool file type'):
        parse_tool_file(tmp_path / 'tool.txt')
    (tmp_path / 'clash.xml').write_text('<t a="1"><a>2</a><a>3</a></t>')
    with pytest.raises(ToolParseError, match='XML structure'):
        parse_tool_file(tmp_path / 'clash.xml')
