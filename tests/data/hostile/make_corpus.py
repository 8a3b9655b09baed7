"""The hostile network corpus: broken, hostile and odd network files, and what loading each must do.

Every small file in this folder is written by this script from :data:`CASES` (run
``python3 tests/data/hostile/make_corpus.py`` after changing a case; ``tests/core/test_hostile.py``
checks that the files on disk are what the script makes). Large files (megabyte strings, a 200 MB
file) are never committed: :func:`make_big` writes them at test time.

A case either gives a ``LoadError`` (``expect="error"``; ``reason`` is a regex searched in the
reason, ``path`` the exact place inside the document, ``line`` the line) or loads, because the
editor keeps what it can show (``expect="loads"``; ``codes`` are validation problem codes that
must be reported).
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLDEN = HERE.parents[1] / "golden" / "examples"

#: Every code-execution payload in the corpus would create this file; it must never exist.
PWNED = "/tmp/fastr-editor-hostile-PWNED"
#: The secret a XXE payload would pull in (a tools folder test looks for its content).
SECRET_FILE = "/etc/passwd"

SOURCE_TOOL = {"id": "fastr/Source:1.0", "version": "1.0"}
URL = "fastr:///networks/add_ints/0.0/nodelist/"


@dataclass(frozen=True)
class Case:
    name: str
    content: bytes
    expect: str = "error"                 # "error" | "loads"
    reason: str = ""                      # regex searched in LoadError.reason
    path: str | None = None               # LoadError.path, exactly
    line: int | None = None               # LoadError.line, exactly
    codes: tuple[str, ...] = ()           # validation codes that must be reported (loads)
    note: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)


CASES: list[Case] = []


def case(name: str, content: str | bytes, **kwargs: Any) -> None:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if "tags" in kwargs:
        kwargs["tags"] = frozenset(kwargs["tags"])
    CASES.append(Case(name, data, **kwargs))


# -- building blocks --------------------------------------------------------------------------
def golden() -> dict[str, Any]:
    """fastr's add_ints network: source, add (AddInt), const__add__right_hand, sink; 3 links."""
    return json.loads((GOLDEN / "add_ints.state.json").read_text())


def as_json(state: Any) -> str:
    return json.dumps(state, indent=1) + "\n"


def as_yaml(state: Any) -> str:
    import yaml
    return yaml.safe_dump(state, sort_keys=False, default_flow_style=False)


def mutated(change: Callable[[dict[str, Any]], Any]) -> str:
    state = golden()
    change(state)
    return as_json(state)


def node(state: dict[str, Any], node_id: str) -> dict[str, Any]:
    return next(n for n in state["nodelist"] if n["id"] == node_id)


def link(source: str, target: str, link_id: str) -> dict[str, Any]:
    return {"id": link_id, "source": URL + source, "target": URL + target, "collapse": [], "expand": False}


def add_node(node_id: str) -> dict[str, Any]:
    state = golden()
    clone = copy.deepcopy(node(state, "add"))
    clone["id"] = node_id
    return clone


def _set(path: tuple[Any, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def change(state: dict[str, Any]) -> None:
        target: Any = state
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value
    return change


def _drop(path: tuple[Any, ...]) -> Callable[[dict[str, Any]], None]:
    def change(state: dict[str, Any]) -> None:
        target: Any = state
        for key in path[:-1]:
            target = target[key]
        del target[path[-1]]
    return change


LEAF_NETWORK = {"id": "leaf", "nodelist": [{"id": "value", "class": "SourceNode", "tool": SOURCE_TOOL,
                                            "outputs": [{"id": "output", "datatype": "Int"}]}],
                "linklist": []}


def nested_macros(depth: int) -> str:
    """A network whose macro holds a macro ... ``depth`` deep (JSON text, also valid YAML).
    Written as text: json.dumps and yaml.dump recurse and give up long before 200 levels."""
    head = "".join(f'{{"id": "level{d}", "linklist": [], "nodelist": [{{"id": "macro{d}", '
                   f'"class": "MacroNode", "network": ' for d in range(depth))
    return head + json.dumps(LEAF_NETWORK) + "}]}" * depth + "\n"


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ["id: lol", "nodelist: []", "linklist: []", "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for level in range(1, levels):
        refs = ", ".join([f"*a{level - 1}"] * width)
        lines.append(f"a{level}: &a{level} [{refs}]")
    lines.append(f"description: *a{levels - 1}")
    return "\n".join(lines) + "\n"


def python_payload(module: str, function: str) -> str:
    return f'!!python/object/apply:{module}.{function} ["touch {PWNED}"]'


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


# -- 1. bytes, encodings and syntax ----------------------------------------------------------
GOLDEN_JSON = as_json(golden())
GOLDEN_YAML = as_yaml(golden())

case("empty.yaml", "", reason="empty")
case("empty.json", "", reason="invalid JSON", line=1)
case("whitespace_only.yaml", "\n   \n\n", reason="empty")
case("comment_only.yaml", "# nothing here\n", reason="empty")
case("json_array.json", "[1, 2, 3]\n", reason="is a list, not a fastr network")
case("json_string.json", '"add_ints"\n', reason="is a str, not a fastr network")
case("yaml_scalar.yaml", "just some text\n", reason="is a str, not a fastr network")
case("yaml_number.yaml", "42\n", reason="is a int, not a fastr network")
case("truncated.json", GOLDEN_JSON[: len(GOLDEN_JSON) // 2], reason="invalid JSON")
case("truncated_in_string.json", GOLDEN_JSON[: GOLDEN_JSON.index("fastr:///networks") + 10],
     reason="invalid JSON: Unterminated string", line=GOLDEN_JSON[: GOLDEN_JSON.index("fastr:///networks")].count("\n") + 1)
case("truncated_block.yaml", GOLDEN_YAML[: GOLDEN_YAML.index("linklist:")],
     reason="missing required key 'linklist'", path="network",
     note="YAML cut at a line end is still valid YAML: it is the missing keys that are reported")
case("truncated_in_quote.yaml", "id: add_ints\nnodelist: []\nlinklist: []\ndescription: 'an unfinished\n",
     reason="invalid YAML", line=5)
case("truncated_flow.yaml", "id: add_ints\nnodelist: [{id: source, class: SourceNode\n", reason="invalid YAML")
case("binary_junk.yaml", bytes(range(256)) * 4, reason="binary")
case("binary_no_nul.json", bytes(range(128, 256)) * 8, reason="not UTF-8", line=1)
case("latin1.json", json.dumps({**golden(), "description": "café, ½ Gewürz"}, indent=1,
                                ensure_ascii=False).encode("latin-1"),
     reason="not UTF-8 text .*0xe9", line=5)
case("utf16_no_bom.json", GOLDEN_JSON.encode("utf-16-le"), reason="UTF-16 text without a byte order mark")
case("utf16be_no_bom.yaml", GOLDEN_YAML.encode("utf-16-be"), reason="UTF-16 text without a byte order mark")
case("utf16_bom.yaml", GOLDEN_YAML.encode("utf-16"), expect="loads",
     note="UTF-16 with a BOM is unambiguous; it is read")
case("utf32_bom.json", GOLDEN_JSON.encode("utf-32"), expect="loads")
case("utf8_bom.json", b"\xef\xbb\xbf" + GOLDEN_JSON.encode(), expect="loads")
case("control_characters.yaml", "id: add_ints\nnodelist: []\nlinklist: []\ndescription: bell\x07\n",
     reason="U\\+0007 is not allowed", line=4)
case("lone_surrogate.json", mutated(_set(("description",), "SURROGATE")).replace("SURROGATE", "\\ud800"),
     reason="surrogate", line=5)
case("multi_document.yaml", GOLDEN_YAML + "---\n" + GOLDEN_YAML, reason="single document")
case("tabs_indent.yaml", "id: add_ints\nnodelist:\n\t- id: x\nlinklist: []\n", reason="invalid YAML", line=3)
case("undefined_alias.yaml", "id: add_ints\nnodelist: *nothing\nlinklist: []\n",
     reason="undefined alias", line=2)

# -- 2. code execution and expansion ----------------------------------------------------------
case("python_object_apply.yaml", python_payload("os", "system") + "\n", reason="never executed", line=1,
     tags={"payload"})
case("python_tag_in_node.yaml", "id: add_ints\nlinklist: []\nnodelist:\n- id: evil\n  class: SourceNode\n"
     f"  tool: {python_payload('subprocess', 'check_output')}\n", reason="never executed", line=6,
     tags={"payload"})
case("python_object_new.yaml", "id: add_ints\nnodelist: []\nlinklist: []\n"
     f"description: !!python/object/new:os.system [\"touch {PWNED}\"]\n", reason="never executed", line=4,
     tags={"payload"})
case("python_name.yaml", "id: add_ints\nnodelist: []\nlinklist: []\ndescription: !!python/name:os.system\n",
     reason="never executed", line=4, tags={"payload"})
case("python_verbose_tag.yaml", "id: add_ints\nnodelist: []\nlinklist: []\n"
     f"description: !<tag:yaml.org,2002:python/object/apply:os.system> [\"touch {PWNED}\"]\n",
     reason="never executed", line=4, tags={"payload"})
case("python_module_tag.yaml", "id: add_ints\nnodelist: []\nlinklist: []\n"
     "description: !!python/module:os\n", reason="never executed", line=4, tags={"payload"})
case("yaml_binary_tag.yaml", "id: add_ints\nnodelist: []\nlinklist: []\nurl: !!binary aGVsbG8=\n",
     reason="!!binary is not allowed", line=4)
case("yaml_set_tag.yaml", "id: add_ints\nnodelist: []\nlinklist: []\nextra: !!set {a, b}\n",
     reason="!!set is not allowed", line=4)
case("yaml_omap_tag.yaml", "id: add_ints\nnodelist: []\nlinklist: []\nextra: !!omap [a: 1]\n",
     reason="!!omap is not allowed", line=4)
case("billion_laughs.yaml", billion_laughs(), reason="alias bomb", tags={"bomb"})
case("billion_laughs_merge_keys.yaml",
     "id: lol\nnodelist: []\nlinklist: []\n"
     "a: &a {a0: x, a1: x, a2: x, a3: x, a4: x, a5: x, a6: x, a7: x, a8: x, a9: x}\n"
     + "".join(f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
     + "description: {<<: *a, big: *i}\n", reason="alias bomb", tags={"bomb"})
case("self_containing_macro.yaml",
     "id: add_ints\nlinklist: []\nnodelist:\n- &macro\n  id: inner\n  class: MacroNode\n  network:\n"
     "    id: loop\n    linklist: []\n    nodelist: [*macro]\n",
     reason="alias \\*macro is inside the node &macro", line=10,
     note="a macro that contains itself through a YAML alias: refused before it is built")
case("self_containing_network.yaml",
     "&net\nid: add_ints\nlinklist: []\nnodelist:\n- id: inner\n  class: MacroNode\n  network: *net\n",
     reason="would contain itself", line=7)
case("recursive_constant_data.yaml",
     "id: add_ints\nlinklist: []\nnodelist:\n- id: c\n  class: ConstantNode\n"
     "  tool: {id: fastr/Source:1.0, version: '1.0'}\n  outputs: [{id: output, datatype: Int}]\n"
     "  data: &d [[[id_0], [{id: Int, format: null, value: '1'}]], *d]\n",
     reason="would contain itself", line=8)
case("shared_alias_nodes.yaml",
     "id: add_ints\nlinklist: []\nnodelist:\n- &n {id: twin, class: SourceNode, tool: {id: fastr/Source:1.0, "
     "version: '1.0'}, outputs: [{id: output, datatype: Int}]}\n- *n\n",
     reason="duplicate node id 'twin'", path="nodelist[1].id")
case("deep_flow.yaml", "id: deep\nnodelist: []\nlinklist: []\ndescription: " + "[" * 50_000 + "]" * 50_000 + "\n",
     reason="nested more than 1000 levels", line=4,
     note="libyaml's composer recursed in C and crashed the process on this (segfault)")
case("deep_block_sequence.yaml", "id: deep\nnodelist: []\nlinklist: []\ndescription:\n  " + "- " * 50_000 + "x\n",
     reason="nested more than 1000 levels", line=5, note="100 kB of '- - - ...': a segfault before")
case("deep_flow_mappings.yaml", "{a: " * 20_000 + "}" * 20_000 + "\n", reason="nested more than 1000 levels",
     line=1, note="quadratic in libyaml: 30 s before the check")
case("deep.json", "[" * 5000 + "]" * 5000, reason="nested too deeply")
case("deep_object.json", '{"a": ' * 5000 + "1" + "}" * 5000, reason="nested too deeply")
case("huge_integer.json", mutated(_set(("link_number",), 0)).replace('"link_number": 0', '"link_number": ' + "9" * 5000),
     reason="more than 4,300 digits")
case("huge_integer.yaml", "id: add_ints\nnodelist: []\nlinklist: []\nnode_number: " + "7" * 5000 + "\n",
     reason="more than 4,300 digits")
case("huge_counter.json", mutated(_set(("link_number",), 0)).replace('"link_number": 0', '"link_number": ' + "9" * 4000),
     reason="link_number .* is too large", path="link_number",
     note="a 4,000-digit counter loaded, and the next link id could not be made (int -> str limit)")
case("huge_float.json", mutated(_set(("link_number",), 0)).replace('"link_number": 0', '"link_number": 1e400'),
     reason="whole number, not float inf", path="link_number")
case("nan_memory.json", mutated(_set(("nodelist", 1, "resources", "memory"), 0)).replace('"memory": 0', '"memory": NaN'),
     reason="memory must be a whole non-negative number", path="nodelist[1].resources")
case("infinite_positions.json",
     mutated(_set(("__editor__",), {"positions": {"add": [1.0, 2.0], "source": ["INF", "NAN"]}}))
     .replace('"INF"', "Infinity").replace('"NAN"', "NaN"), expect="loads",
     note="non-finite positions are dropped (the node is placed automatically)")

# -- 3. not a network -------------------------------------------------------------------------
case("tool_definition.yaml", TOOL_YAML, reason="fastr tool definition, not a network")
case("tool_definition.xml", TOOL_XML, reason="is XML")
case("legacy_fastr2.json", LEGACY_FASTR2, reason="fastr 2", path="nodelist[0].tool")
case("legacy_fastr2_urls.json",
     mutated(lambda s: s["linklist"][0].update(source="fastr:///networks/add_ints/nodelist/source/outputs/output")),
     reason="fastr 2 URL", path="linklist[0].source")
case("wrong_class.yaml", GOLDEN_YAML + "__class__: fastr.core.tool.Tool\n", reason="holds a 'fastr.core.tool.Tool'",
     path="__class__")

# -- 4. wrong types and missing keys at every level -------------------------------------------
for key in ("id", "nodelist", "linklist"):
    case(f"network_missing_{key}.json", mutated(_drop((key,))), reason=f"missing required key '{key}'",
         path="network")
case("network_id_int.json", mutated(_set(("id",), 7)), reason="must be a string, not int", path="id")
case("network_id_invalid.json", mutated(_set(("id",), "my network!")), reason="not a valid fastr id", path="id")
case("network_id_newline.yaml", as_yaml({**golden(), "id": "add_ints\n"}), reason="not a valid fastr id", path="id")
case("network_version_list.json", mutated(_set(("version",), [0, 0])), reason="version must be a string",
     path="version")
case("network_description_dict.json", mutated(_set(("description",), {"a": 1})), reason="must be a string",
     path="description")
case("network_link_number_str.json", mutated(_set(("link_number",), "3")), reason="whole number", path="link_number")
case("network_node_number_bool.json", mutated(_set(("node_number",), True)), reason="whole number",
     path="node_number")
case("network_preferred_types_str.json", mutated(_set(("preferred_types",), "Int")), reason="must be a list",
     path="preferred_types")
case("network_nodelist_dict.json", mutated(_set(("nodelist",), {"source": {}})), reason="must be a list",
     path="nodelist")
case("network_linklist_str.json", mutated(_set(("linklist",), "link_0")), reason="must be a list", path="linklist")
case("stepids_list.json", mutated(_set(("stepids",), ["source"])), reason="must be a mapping", path="stepids")
case("stepids_members_str.json", mutated(_set(("stepids",), {"step": "source"})), reason="must be a list",
     path="stepids.step")
case("stepids_member_int.json", mutated(_set(("stepids",), {"step": [1]})), reason="must be a string",
     path="stepids.step")
case("stepids_unknown_node.json", mutated(_set(("stepids",), {"step": ["ghost"]})),
     reason="names a node that does not exist: 'ghost'", path="stepids.step")
case("nodegroups_member_list.json", mutated(_set(("nodegroups",), {"g": [["source"]]})),
     reason="a node id must be a string", path="nodegroups.g",
     note="was a TypeError (unhashable list) escaping the loader")
case("nodegroups_int_name.yaml", as_yaml(golden()) + "nodegroups:\n  7: [source]\n",
     reason="node group name must be a string", path="nodegroups")

case("node_not_mapping.json", mutated(lambda s: s["nodelist"].insert(0, 5)), reason="a node must be a mapping",
     path="nodelist[0]")
case("node_missing_id.json", mutated(_drop(("nodelist", 1, "id"))), reason="missing required key 'id'",
     path="nodelist[1]")
case("node_id_invalid.json", mutated(_set(("nodelist", 1, "id"), "add-ints")), reason="not a valid fastr id",
     path="nodelist[1].id")
case("node_id_empty.json", mutated(_set(("nodelist", 1, "id"), "")), reason="not a valid fastr id",
     path="nodelist[1].id")
case("node_id_null.json", mutated(_set(("nodelist", 1, "id"), None)), reason="must be a string, not null",
     path="nodelist[1].id")
case("node_duplicate_id.json", mutated(_set(("nodelist", 1, "id"), "source")), reason="duplicate node id 'source'",
     path="nodelist[1].id")
case("node_unknown_class.json", mutated(_set(("nodelist", 1, "class"), "FancyNode")), reason="unknown node class",
     path="nodelist[1].class")
case("node_class_list.json", mutated(_set(("nodelist", 1, "class"), ["Node"])), reason="unknown node class",
     path="nodelist[1].class")
case("node_missing_tool.json", mutated(_drop(("nodelist", 1, "tool"))), reason="needs a 'tool' key",
     path="nodelist[1]")
case("node_tool_string.json", mutated(_set(("nodelist", 1, "tool"), "fastr/math/AddInt:1.0")),
     reason="the tool must be a mapping", path="nodelist[1].tool")
case("node_tool_id_missing.json", mutated(_drop(("nodelist", 1, "tool", "id"))), reason="tool id must be a string",
     path="nodelist[1].tool.id")
case("node_tool_version_dict.json", mutated(_set(("nodelist", 1, "tool", "version"), {"v": 1})),
     reason="tool version must be a string", path="nodelist[1].tool.version")
case("node_nodegroup_int.json", mutated(_set(("nodelist", 0, "nodegroup"), 3)), reason="node group must be",
     path="nodelist[0].nodegroup")
case("resources_list.json", mutated(_set(("nodelist", 1, "resources"), [1, 2048])), reason="must be a mapping",
     path="nodelist[1].resources")
case("resources_memory_negative.json", mutated(_set(("nodelist", 1, "resources", "memory"), -5)),
     reason="memory must be a whole non-negative number", path="nodelist[1].resources")
case("resources_memory_string.json", mutated(_set(("nodelist", 1, "resources", "memory"), "8G")),
     reason="memory must be a whole non-negative number", path="nodelist[1].resources")
case("resources_cores_word.json", mutated(_set(("nodelist", 1, "resources", "cores"), "many")),
     reason="cores must be a whole number", path="nodelist[1].resources")
case("resources_time_float.json", mutated(_set(("nodelist", 1, "resources", "time"), 1.5)),
     reason="time must be a whole non-negative number", path="nodelist[1].resources")
case("merge_dimensions_int.json", mutated(_set(("nodelist", 1, "merge_dimensions"), 2)),
     reason="merge_dimensions must be", path="nodelist[1].merge_dimensions")
case("merge_dimensions_mixed_list.json", mutated(_set(("nodelist", 1, "merge_dimensions"), ["a", 1])),
     reason="merge_dimensions must be", path="nodelist[1].merge_dimensions")
case("inputs_mapping.json", mutated(_set(("nodelist", 1, "inputs"), {"left_hand": "Int"})),
     reason="inputs must be a list", path="nodelist[1].inputs")
case("input_not_mapping.json", mutated(_set(("nodelist", 1, "inputs", 0), "left_hand")),
     reason="an input must be a mapping", path="nodelist[1].inputs[0]")
case("input_missing_id.json", mutated(_drop(("nodelist", 1, "inputs", 0, "id"))),
     reason="input id must be a string, not null", path="nodelist[1].inputs[0].id")
case("input_datatype_int.json", mutated(_set(("nodelist", 1, "inputs", 0, "datatype"), 5)),
     reason="datatype must be a string", path="nodelist[1].inputs[0].datatype")
case("input_group_list.json", mutated(_set(("nodelist", 1, "inputs", 0, "input_group"), ["a"])),
     reason="input group must be a string", path="nodelist[1].inputs[0].input_group")
case("input_duplicate.json", mutated(_set(("nodelist", 1, "inputs", 1, "id"), "left_hand")),
     reason="duplicate input id 'left_hand'", path="nodelist[1].inputs[1].id")
case("outputs_string.json", mutated(_set(("nodelist", 1, "outputs"), "result")), reason="outputs must be a list",
     path="nodelist[1].outputs")
case("output_datatype_null.json", mutated(_set(("nodelist", 1, "outputs", 0, "datatype"), None)),
     reason="datatype must be a string, not null", path="nodelist[1].outputs[0].datatype")
case("output_suboutputs_string.json", mutated(_set(("nodelist", 1, "outputs", 0, "suboutputs"), "x")),
     reason="suboutputs must be a list", path="nodelist[1].outputs[0].suboutputs")
case("output_suboutput_int.json", mutated(_set(("nodelist", 1, "outputs", 0, "suboutputs"), [3])),
     reason="a sub-output must be a mapping", path="nodelist[1].outputs[0].suboutputs[0]")
case("output_preferred_types_int.json", mutated(_set(("nodelist", 1, "outputs", 0, "preferred_types"), 4)),
     reason="preferred_types must be a list", path="nodelist[1].outputs[0].preferred_types")
case("output_duplicate.json", mutated(lambda s: s["nodelist"][1]["outputs"].append(s["nodelist"][1]["outputs"][0])),
     reason="duplicate output id 'result'", path="nodelist[1].outputs[1].id")
case("constant_data_mapping.json", mutated(_set(("nodelist", 2, "data"), {"id_0": "10"})),
     reason="constant data must be a list", path="nodelist[2].data")
case("constant_data_missing.json", mutated(_drop(("nodelist", 2, "data"))),
     reason="constant data must be a list, not null", path="nodelist[2].data")
case("constant_sample_short.json", mutated(_set(("nodelist", 2, "data", 0), [["id_0"]])),
     reason="a constant sample must be", path="nodelist[2].data[0]")
case("constant_sample_id_str.json", mutated(_set(("nodelist", 2, "data", 0, 0), "id_0")),
     reason="a sample id must be a list", path="nodelist[2].data[0][0]")
case("constant_value_string.json", mutated(_set(("nodelist", 2, "data", 0, 1, 0), "10")),
     reason="a constant value must be a mapping", path="nodelist[2].data[0][1][0]")

case("link_not_mapping.json", mutated(_set(("linklist", 0), "link_0")), reason="a link must be a mapping",
     path="linklist[0]")
case("link_missing_source.json", mutated(_drop(("linklist", 0, "source"))), reason="missing required key 'source'",
     path="linklist[0]")
case("link_source_int.json", mutated(_set(("linklist", 0, "source"), 12)), reason="must be a fastr URL string",
     path="linklist[0].source")
case("link_source_http.json", mutated(_set(("linklist", 0, "source"), "http://example.org/x")),
     reason="does not start with", path="linklist[0].source")
case("link_source_not_output.json", mutated(_set(("linklist", 0, "source"), URL + "source/inputs/output")),
     reason="is not '<network>/nodelist/<node>/outputs", path="linklist[0].source")
case("link_source_bad_index.json", mutated(_set(("linklist", 0, "source"), URL + "source/outputs/output/x1")),
     reason="neither an integer nor a slice", path="linklist[0].source")
case("link_source_huge_index.json", mutated(_set(("linklist", 0, "source"), URL + "source/outputs/output/" + "9" * 5000)),
     reason="neither an integer nor a slice", path="linklist[0].source",
     note="was a ValueError (int() digit limit) escaping the loader")
case("link_target_no_subinput.json", mutated(_set(("linklist", 0, "target"), URL + "add/inputs/left_hand")),
     reason="is not '<network>/nodelist/<node>/inputs/", path="linklist[0].target")
case("link_target_word_key.json", mutated(_set(("linklist", 0, "target"), URL + "add/inputs/left_hand/first")),
     reason="does not end in a sub-input number", path="linklist[0].target")
case("link_target_underscore_key.json", mutated(_set(("linklist", 0, "target"), URL + "add/inputs/left_hand/1_0")),
     reason="does not end in a sub-input number", path="linklist[0].target",
     note="int('1_0') is 10: it was silently read as sub-input 10")
case("link_other_network.json", mutated(_set(("linklist", 0, "source"),
                                              "fastr:///networks/other/0.0/nodelist/source/outputs/output")),
     reason="names network 'other'", path="linklist[0].source")
case("link_collapse_mapping.json", mutated(_set(("linklist", 0, "collapse"), {"0": 1})),
     reason="collapse must be a list", path="linklist[0].collapse")
case("link_collapse_float.json", mutated(_set(("linklist", 0, "collapse"), [1.5])),
     reason="a collapse entry is a dimension index or name", path="linklist[0].collapse[0]")
case("link_expand_string.json", mutated(_set(("linklist", 0, "expand"), "yes")), reason="expand must be true/false",
     path="linklist[0].expand")
case("link_id_invalid.json", mutated(_set(("linklist", 0, "id"), "link 0")), reason="not a valid fastr id",
     path="linklist[0].id")
case("link_id_is_node_id.json", mutated(_set(("linklist", 0, "id"), "add")),
     reason="duplicate id 'add' \\(links and nodes share ids\\)", path="linklist[0].id")
case("link_id_duplicate.json", mutated(_set(("linklist", 1, "id"), "link_0")), reason="duplicate id 'link_0'",
     path="linklist[1].id")

case("macro_without_network.json", as_json({"id": "top", "linklist": [],
                                            "nodelist": [{"id": "m", "class": "MacroNode"}]}),
     reason="MacroNode needs a 'network' key", path="nodelist[0]")
case("macro_network_list.json", as_json({"id": "top", "linklist": [],
                                         "nodelist": [{"id": "m", "class": "MacroNode", "network": [LEAF_NETWORK]}]}),
     reason="must be a mapping", path="nodelist[0].network")
case("macro_inner_bad_node.json",
     as_json({"id": "top", "linklist": [], "nodelist": [{"id": "m", "class": "MacroNode", "network": {
         **LEAF_NETWORK, "nodelist": [{**LEAF_NETWORK["nodelist"][0], "id": "bad id"}]}}]}),
     reason="not a valid fastr id", path="nodelist[0].network.nodelist[0].id")
case("macro_inner_missing_linklist.yaml",
     as_yaml({"id": "top", "linklist": [], "nodelist": [{"id": "m", "class": "MacroNode", "network": {
         "id": "leaf", "nodelist": []}}]}),
     reason="missing required key 'linklist'", path="nodelist[0].network")
case("macro_nested_200.json", nested_macros(200), reason="macro networks are nested more than 64 deep")
case("macro_nested_200.yaml", nested_macros(200), reason="macro networks are nested more than 64 deep")
case("macro_nested_400.yaml", nested_macros(400), reason="nested more than 1000 levels")

# -- 5. lenient: loads, and validation says what is wrong --------------------------------------
case("macro_nested_50.yaml", nested_macros(50), expect="loads", codes=("no-output-linked",))
case("macro_nested_50.json", nested_macros(50), expect="loads", codes=("no-output-linked",))
case("link_to_missing_node.json",
     mutated(_set(("linklist", 2, "target"), URL + "ghost/inputs/input/0")), expect="loads",
     codes=("link-dangling",))
case("link_from_missing_node.json",
     mutated(_set(("linklist", 0, "source"), URL + "ghost/outputs/output")), expect="loads",
     codes=("link-dangling",))
case("link_to_missing_port.json",
     mutated(_set(("linklist", 0, "target"), URL + "add/inputs/middle_hand/0")), expect="loads",
     codes=("link-dangling",))
case("link_from_missing_port.json",
     mutated(_set(("linklist", 2, "source"), URL + "add/outputs/nothing")), expect="loads",
     codes=("link-dangling",))


def _cycle(state: dict[str, Any]) -> None:
    state["nodelist"].insert(2, add_node("add2"))
    state["linklist"] = [
        link("source/outputs/output", "add/inputs/left_hand/0", "link_0"),
        link("add2/outputs/result", "add/inputs/right_hand/0", "link_1"),
        link("add/outputs/result", "add2/inputs/left_hand/0", "link_2"),
        link("const__add__right_hand/outputs/output", "add2/inputs/right_hand/0", "link_3"),
        link("add/outputs/result", "sink/inputs/input/0", "link_4"),
    ]


case("cyclic_links.json", mutated(_cycle), expect="loads", codes=("cycle",))
case("self_loop.json", mutated(_set(("linklist", 1, "source"), URL + "add/outputs/result")), expect="loads",
     codes=("cycle",))
case("unknown_tool.json", mutated(_set(("nodelist", 1, "tool"), {"id": "nowhere/Nothing:9.9", "version": "1.0"})),
     expect="loads", codes=("unknown-tool",))
case("unknown_datatype.json", mutated(_set(("nodelist", 0, "outputs", 0, "datatype"), "NoSuchType")),
     expect="loads", codes=("unknown-datatype",))
case("collapse_out_of_range.json", mutated(_set(("linklist", 0, "collapse"), [7])), expect="loads",
     codes=("collapse-out-of-range",))
case("unquoted_date.yaml", GOLDEN_YAML.replace("description: ''", "description: 2024-01-31 10:00:00"),
     expect="loads", note="YAML dates stay text (a state never holds dates, and a date cannot be saved as JSON)")
case("network_named_nodelist.json", mutated(lambda s: s.update(id="nodelist")).replace(
    "networks/add_ints/", "networks/nodelist/"), expect="loads",
     note="'nodelist' is a valid network id; its URLs contain /nodelist/ twice")
case("unknown_keys_everywhere.yaml",
     as_yaml({**golden(), "x_network": {"deep": [1, [2, [3]]]}, "nodelist": [
         {**n, "x_node": None, "inputs": [{**i, "x_in": 1} for i in n["inputs"]]} for n in golden()["nodelist"]]}),
     expect="loads")
case("shared_macro_network_alias.yaml",
     "id: top\nlinklist: []\nnodelist:\n"
     "- {id: first, class: MacroNode, network: &inner {id: leaf, linklist: [], nodelist: [{id: value, "
     "class: SourceNode, tool: {id: fastr/Source:1.0, version: '1.0'}, outputs: [{id: output, datatype: Int}]}]}}\n"
     "- {id: second, class: MacroNode, network: *inner}\n", expect="loads",
     note="an alias used twice (not inside itself) is fine: fastr's own YAML writer makes these")
case("sink_url_mapping.json", mutated(_set(("nodelist", 3, "url"), {"weird": ["url"]})), expect="loads")
case("unicode_ids.json", mutated(lambda s: s["nodelist"][1].update(id="Gewürz_节点")).replace(
    "nodelist/add/", "nodelist/Gewürz_节点/"), expect="loads",
     note="fastr's id rule is \\w, which includes letters of every script")
case("many_links_one_input.json",
     mutated(lambda s: s["linklist"].extend(link("source/outputs/output", f"add/inputs/left_hand/{k}", f"extra_{k}")
                                            for k in range(1, 200)))
     , expect="loads")


# -- broken tool definition folders ------------------------------------------------------------
TOOLS_DIR = HERE.parent / "hostile_tools" / "library"

_YAML_TOOL = """\
id: {id}
name: {name}
version: '1.0'
authors:
- name: Test Author
class: Node
command:
  version: '1.0'
  authors:
  - name: Test Author
  targets:
  - os: '*'
    arch: '*'
    bin: tool.py
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

_XML_TOOL = """\
<?xml version="1.0" encoding="utf-8"?>
<tool id="{id}" name="{name}" version="1.0">
  <authors><author name="Test Author"/></authors>
  <command version="1.0">
    <authors><author name="Test Author"/></authors>
    <targets><target os="*" arch="*" bin="tool.py"/></targets>
  </command>
  <interface>
    <inputs><input id="left_hand" name="left hand value" datatype="Int"/></inputs>
    <outputs><output id="result" name="result" datatype="Int"/></outputs>
  </interface>
</tool>
"""


def _xml_body(tool_id: str, name: str) -> str:
    """The tool XML without its ``<?xml?>`` line, to put a DOCTYPE in front."""
    return _XML_TOOL.format(id=tool_id, name=name).split("\n", 1)[1]


_LOL = "".join(f' <!ENTITY lol{k} "{("&lol" + str(k - 1) + ";") * 10}">\n' for k in range(1, 10))
_PWN = f'!!python/object/apply:os.system ["touch {PWNED}"]'

#: path inside TOOLS_DIR -> (content, what the library says: a regex of the error, "loads",
#: "warning: <regex>" or "ignored" for files the scanner never reads).
TOOL_CASES: dict[str, tuple[str | bytes, str]] = {
    "good/1.0/addint.yaml": (_YAML_TOOL.format(id="AddInt", name="Add two integers"), "loads"),
    "good/subtract.xml": (_XML_TOOL.format(id="Subtract", name="Subtract"), "loads"),
    "good/latin1_declared.xml": (_XML_TOOL.format(id="Cafe", name="Caf\xe9")
                                 .replace('encoding="utf-8"', 'encoding="ISO-8859-1"').encode("latin-1"), "loads"),
    "dir_named_tool.xml/inner.yaml": (_YAML_TOOL.format(id="Inner", name="inner"), "loads"),
    "broken_syntax.xml": (_XML_TOOL.format(id="Broken", name="Broken").replace("</inputs>", "</input>"),
                          "not valid XML: mismatched tag: line 9"),
    "entity_bomb.xml": ('<?xml version="1.0"?>\n<!DOCTYPE tool [\n <!ENTITY lol0 "lol">\n' + _LOL + "]>\n"
                        + _xml_body("Bomb", "&lol9;"), "refused unsafe XML"),
    "xxe_file.xml": (f'<?xml version="1.0"?>\n<!DOCTYPE tool [<!ENTITY secret SYSTEM "file://{SECRET_FILE}">]>\n'
                     + _xml_body("Xxe", "&secret;"), "refused unsafe XML"),
    "xxe_parameter.xml": (f'<?xml version="1.0"?>\n<!DOCTYPE tool [<!ENTITY % secret SYSTEM "file://{SECRET_FILE}"> '
                          "%secret;]>\n" + _xml_body("XxeParameter", "x"), "refused unsafe XML"),
    "external_dtd.xml": (f'<?xml version="1.0"?>\n<!DOCTYPE tool SYSTEM "file://{SECRET_FILE}">\n'
                         + _xml_body("ExternalDtd", "x"), "loads"),
    "duplicate/first.yaml": (_YAML_TOOL.format(id="Twin", name="first"), "loads"),
    "duplicate/second.yaml": (_YAML_TOOL.format(id="Twin", name="second"),
                              "warning: skipped duplicate/Twin:1.0 version 1.0: already loaded"),
    "port_without_id.yaml": (_YAML_TOOL.format(id="NoPortId", name="x").replace("  - id: left_hand\n    name: left",
                                                                                "  - name: left"),
                             "input #1 has no id"),
    "port_without_id.xml": (_XML_TOOL.format(id="NoPortIdXml", name="x").replace('<input id="left_hand" ', "<input "),
                            "input #1 has no id"),
    "output_without_name.yaml": (_YAML_TOOL.format(id="NoOutputName", name="x").replace("    name: result\n", ""),
                                 "output 'result' has no name"),
    "duplicate_port.yaml": (_YAML_TOOL.format(id="DuplicatePort", name="x").replace(
        "  outputs:", "  - id: left_hand\n    name: again\n    datatype: Int\n  outputs:"),
        "input id left_hand is already in use"),
    "port_id_invalid.yaml": (_YAML_TOOL.format(id="BadPortId", name="x").replace("id: left_hand", "id: left hand"),
                             "input id 'left hand' is not valid"),
    "latin1.xml": (_XML_TOOL.format(id="Latin", name="Caf\xe9").replace(' encoding="utf-8"', "").encode("latin-1"),
                   "not valid XML: not well-formed"),
    "latin1.yaml": (_YAML_TOOL.format(id="LatinYaml", name="Caf\xe9").encode("latin-1"), "not UTF-8"),
    "latin1.json": ('{"id": "LatinJson", "name": "Caf\xe9"}'.encode("latin-1"), "not UTF-8"),
    "utf16_no_bom.xml": (_XML_TOOL.format(id="Utf16", name="x").replace('encoding="utf-8"', 'encoding="utf-16"')
                         .encode("utf-16-le"), "loads"),  # expat tells UTF-16 from the first '<'

    "empty.yaml": ("", "must hold a mapping"),
    "empty.xml": ("", "not valid XML: no element found"),
    "list.json": ("[1, 2, 3]\n", "must hold a mapping at the top, found list"),
    "binary.xml": (bytes(range(256)), "not valid XML"),
    "python_tag.yaml": (_PWN + "\n", "could not determine a constructor"),
    "python_tag_inside.yaml": (_YAML_TOOL.format(id="PyTag", name="x").replace("bin: tool.py", "bin: " + _PWN),
                               "could not determine a constructor"),
    "network_not_tool.json": ('{"id": "add_ints", "nodelist": [], "linklist": []}\n', "required property"),
    "huge_version.yaml": (_YAML_TOOL.format(id="HugeVersion", name="x").replace(
        "version: '1.0'\nauthors", "version: " + "9" * 5000 + "\nauthors"), "not valid YAML"),
    "__fastr_tool_ref__.json": ("this is not JSON, and it is never read\n", "ignored"),
    "notes.yml": ("{{{ not a tool, and .yml files are never scanned\n", "ignored"),
}


def write_tool_corpus(folder: Path = TOOLS_DIR) -> list[Path]:
    written = []
    for name, (content, _expect) in TOOL_CASES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        written.append(path)
    return written


# -- big and special files, made at test time --------------------------------------------------
BIG_CASES = ("huge_sparse_200mb.yaml", "megabyte_description.json", "megabyte_invalid_id.json",
             "megabyte_url.json", "megabyte_unknown_class.yaml")


def make_big(name: str, folder: Path) -> Path:
    """Write one of :data:`BIG_CASES` into ``folder`` (a tmp_path) and return its path."""
    path = folder / name
    megabyte = 1024 * 1024
    if name == "huge_sparse_200mb.yaml":
        with open(path, "wb") as handle:          # sparse: instant, takes no disk space
            handle.write(b"id: huge\nnodelist: []\nlinklist: []\ndescription: ")
            handle.truncate(200 * megabyte)
    elif name == "megabyte_description.json":
        path.write_text(mutated(_set(("description",), "d" * (2 * megabyte))))
    elif name == "megabyte_invalid_id.json":
        path.write_text(mutated(_set(("nodelist", 1, "id"), "x" * megabyte + "-")))
    elif name == "megabyte_url.json":
        path.write_text(mutated(_set(("linklist", 0, "source"), URL + "source/outputs/" + "o/" * megabyte)))
    elif name == "megabyte_unknown_class.yaml":
        path.write_text(as_yaml({**golden(), "nodelist": [{**golden()["nodelist"][0], "class": "C" * megabyte}]}))
    else:
        raise KeyError(name)
    return path


def write_corpus(folder: Path = HERE) -> list[Path]:
    """(Re)write every small case into ``folder``; returns the paths."""
    written = []
    for item in CASES:
        path = folder / item.name
        path.write_bytes(item.content)
        written.append(path)
    return written


def _check_unique() -> None:
    names = [c.name for c in CASES]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, duplicates
    assert not set(names) & set(BIG_CASES)


_check_unique()

if __name__ == "__main__":
    paths = write_corpus(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
    total = sum(p.stat().st_size for p in paths)
    print(f"wrote {len(paths)} network files ({total / 1024:.0f} kB) to {paths[0].parent}")
    tools = write_tool_corpus(Path(sys.argv[2]) if len(sys.argv) > 2 else TOOLS_DIR)
    print(f"wrote {len(tools)} tool files to {TOOLS_DIR}")
