"""Corpus section 2: code execution and expansion (python tags, alias bombs, self-containment, depth, huge numbers)."""

from __future__ import annotations

from tests.hostile_corpus.blocks import _set, billion_laughs, mutated, python_payload
from tests.hostile_corpus.cases import PWNED, case

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
     reason="nested more than 250 levels", line=4,
     note="libyaml's composer recursed in C and crashed the process on this (segfault)")
case("deep_block_sequence.yaml", "id: deep\nnodelist: []\nlinklist: []\ndescription:\n  " + "- " * 50_000 + "x\n",
     reason="nested more than 250 levels", line=5, note="100 kB of '- - - ...': a segfault before")
case("deep_flow_mappings.yaml", "{a: " * 20_000 + "}" * 20_000 + "\n", reason="nested more than 250 levels",
     line=1, note="quadratic in libyaml: 30 s before the check")
case("deep.json", "[" * 5000 + "]" * 5000, reason="nested more than 250 levels", line=1)
case("deep_object.json", '{"a": ' * 5000 + "1" + "}" * 5000, reason="nested more than 250 levels", line=1)
# Deep values under an unknown key: they loaded, then YAML save, convert and export raised
# RecursionError (PyYAML's writer gives up at some 326 levels); now what loads can be saved.
_DEEP_HEAD = '{"id": "deep", "nodelist": [], "linklist": [],\n"extra": '
case("deep_extra_250.yaml", "id: deep\nnodelist: []\nlinklist: []\nextra: " + "[" * 249 + "]" * 249 + "\n",
     expect="loads", note="the deepest a file may be: 250 levels with the top mapping")
case("deep_extra_250.json", _DEEP_HEAD + '{"k": ' * 249 + "1" + "}" * 249 + "}\n", expect="loads")
case("deep_extra_251.yaml", "id: deep\nnodelist: []\nlinklist: []\nextra: " + "[" * 250 + "]" * 250 + "\n",
     reason="nested more than 250 levels", line=4)
case("deep_extra_400.json", _DEEP_HEAD + "[" * 400 + "]" * 400 + "}\n", reason="nested more than 250 levels",
     line=2, path="extra", note="loaded, then saving it as YAML raised RecursionError")
case("deep_extra_900.json", _DEEP_HEAD + '{"k": ' * 900 + "1" + "}" * 900 + "}\n",
     reason="nested more than 250 levels", line=2)
case("deep_extra_in_node.json",
     '{"id": "deep", "linklist": [], "nodelist": [{"id": "s", "class": "SourceNode", '
     '"tool": {"id": "fastr/Source:1.0", "version": "1.0"}, "outputs": [{"id": "output", "datatype": "Int"}],\n'
     '"x_extra": ' + "[" * 300 + "]" * 300 + "}]}\n",
     reason="nested more than 250 levels", line=2, path="nodelist[0].x_extra")
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
case("huge_positions.json",
     mutated(_set(("__editor__",), {"positions": {"add": [0.0, 1e308], "source": [5.0, -1e308],
                                                  "sink": ["INF", 1.0]}})).replace('"INF"', "-Infinity"),
     expect="loads", note="y = +/-1e308 crashed the canvas (Qt's scene rect overflowed) on the next New or "
     "Open: clamped to +/-1e6 with a load warning naming the node")
case("huge_integer_positions.yaml",
     "id: add_ints\nnodelist:\n- {id: source, class: SourceNode, tool: {id: fastr/Source:1.0, version: '1.0'}, "
     "outputs: [{id: output, datatype: Int}]}\nlinklist: []\n__editor__:\n  positions:\n"
     "    source: [" + "9" * 400 + ", -" + "9" * 400 + "]\n",
     expect="loads", note="a 400-digit integer position hung the canvas: clamped to +/-1e6")
