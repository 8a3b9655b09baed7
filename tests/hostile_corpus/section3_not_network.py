"""Corpus section 3: not a network (a fastr tool definition, a fastr 2 network, a serialised fastr object)."""

from __future__ import annotations

from tests.hostile_corpus.blocks import GOLDEN_YAML, mutated
from tests.hostile_corpus.cases import case

TOOL_YAML = """\
id: AddInt
name: Add two integers
version: '1.0'
authors:
- name: Marcel Koek
class: Node
command:
  version: '1.0'
  targets:
  - os: '*'
    arch: '*'
    bin: addint.py
interface:
  inputs:
  - id: left_hand
    name: left hand value
    datatype: Int
  outputs:
  - id: result
    name: result
    datatype: Int
"""

TOOL_XML = """\
<?xml version="1.0" encoding="utf-8"?>
<tool id="AddInt" name="Add two integers" version="1.0">
  <authors><author name="Marcel Koek"/></authors>
  <command version="1.0"><targets><target os="*" arch="*" bin="addint.py"/></targets></command>
  <interface>
    <inputs><input id="left_hand" name="left hand value" datatype="Int"/></inputs>
    <outputs><output id="result" name="result" datatype="Int"/></outputs>
  </interface>
</tool>
"""

# fastr 3.4.0's own resources/networks/add_ints.json (a fastr 2 network; Apache-2.0, fastr).
LEGACY_FASTR2 = (
    '{"link_number": 3, "nodelist": [{"merge_dimensions": "none", "inputs": [], "required_cores": null, '
    '"outputs": [{"datatype": "Int", "suboutputs": [], "preferred_types": [], "id": "output"}], "tool": '
    '["fastr.Source", "1.0"], "required_time": null, "class": "SourceNode", "required_memory": null, "id": '
    '"source"}, {"merge_dimensions": "none", "inputs": [{"datatype": "Int", "input_group": "default", "id": '
    '"left_hand"}, {"datatype": "Int", "input_group": "default", "id": "right_hand"}], "required_cores": '
    'null, "outputs": [{"datatype": "Int", "suboutputs": [], "preferred_types": [], "id": "result"}], '
    '"tool": ["fastr.math.AddInt", "0.1"], "required_time": null, "class": "Node", "required_memory": null, '
    '"id": "add"}, {"merge_dimensions": "none", "inputs": [{"datatype": "Int", "input_group": "default", '
    '"id": "input"}], "required_cores": null, "outputs": [], "tool": ["fastr.Sink", "1.0"], '
    '"required_time": null, "class": "SinkNode", "required_memory": null, "url": null, "id": "sink"}, '
    '{"merge_dimensions": "none", "inputs": [], "required_cores": null, "outputs": [{"datatype": "Int", '
    '"suboutputs": [], "preferred_types": [], "id": "output"}], "tool": ["fastr.Source", "1.0"], '
    '"required_time": null, "class": "ConstantNode", "required_memory": null, "data": [[["id_0"], '
    '["10"]]], "id": "const_add_right_hand"}], "description": "", "stepids": {}, "id": "add_ints", '
    '"preferred_types": [], "nodegroups": {"source": ["source"], "add": ["add"], "const_add_right_hand": '
    '["const_add_right_hand"]}, "filename": null, "linklist": [{"expand": false, "source": '
    '"fastr:///networks/add_ints/nodelist/add/outputs/result", "id": "link_2", "collapse": [], "target": '
    '"fastr:///networks/add_ints/nodelist/sink/inputs/input/0"}, {"expand": false, "source": '
    '"fastr:///networks/add_ints/nodelist/const_add_right_hand/outputs/output", "id": "link_1", '
    '"collapse": [], "target": "fastr:///networks/add_ints/nodelist/add/inputs/right_hand/0"}, {"expand": '
    'false, "source": "fastr:///networks/add_ints/nodelist/source/outputs/output", "id": "link_0", '
    '"collapse": [], "target": "fastr:///networks/add_ints/nodelist/add/inputs/left_hand/0"}], "version": '
    '"0.0", "node_number": 4}\n')

case("tool_definition.yaml", TOOL_YAML, reason="fastr tool definition, not a network")
case("tool_definition.xml", TOOL_XML, reason="is XML")
case("legacy_fastr2.json", LEGACY_FASTR2, reason="fastr 2", path="nodelist[0].tool")
case("legacy_fastr2_urls.json",
     mutated(lambda s: s["linklist"][0].update(source="fastr:///networks/add_ints/nodelist/source/outputs/output")),
     reason="fastr 2 URL", path="linklist[0].source")
case("wrong_class.yaml", GOLDEN_YAML + "__class__: fastr.core.tool.Tool\n", reason="holds a 'fastr.core.tool.Tool'",
     path="__class__")
