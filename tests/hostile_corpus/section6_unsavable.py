"""Corpus section 6: values that loaded but could never be saved, and scalars whose errors named
no place (issue 17, items 4, 5 and 10): refused at load, at their line."""

from __future__ import annotations

from tests.hostile_corpus.blocks import GOLDEN_JSON, GOLDEN_YAML
from tests.hostile_corpus.cases import case

_MEMORY = "    memory: 2048\n"
case("memory_hex_4000_digits.yaml", GOLDEN_YAML.replace(_MEMORY, "    memory: 0x" + "F" * 4000 + "\n", 1),
     reason="more than 4,300 digits", line=21)
case("memory_binary_huge.yaml", GOLDEN_YAML.replace(_MEMORY, "    memory: 0b1" + "0" * 15000 + "\n", 1),
     reason="more than 4,300 digits", line=21)
case("link_number_sexagesimal_huge.yaml", GOLDEN_YAML.replace("link_number: 3", "link_number: 1" + ":59" * 150_000),
     reason="more than 4,300 digits", line=5, note="YAML 1.1 sexagesimal: was quadratic (12 s)")
case("bool_maybe.yaml", GOLDEN_YAML.replace("description: ''", "description: !!bool maybe"),
     reason="'maybe' is not true or false", line=4)
case("int_abc.yaml", GOLDEN_YAML.replace("link_number: 3", "link_number: !!int abc"),
     reason="'abc' is not an integer", line=5)
case("duplicate_nodelist.yaml", GOLDEN_YAML + "nodelist: []\n",
     reason=r"the key 'nodelist' is given twice \(first on line 7")
case("duplicate_nodelist.json", GOLDEN_JSON.replace('\n "linklist"', '\n "nodelist": [],\n "linklist"', 1),
     reason=r"the key 'nodelist' is given twice in one object \(first at line \d+, column 2; again at line")
case("cr_only_line_endings.json", GOLDEN_JSON.replace("\n", "\r").replace('"link_number": 3', '"link_number": 3,,'),
     reason="invalid JSON", line=6)
case("cr_only_line_endings.yaml", GOLDEN_YAML.replace("\n", "\r").replace("link_number: 3", "link_number: !!int x"),
     reason="is not an integer", line=5)

# issue 17, items 4 and 10 (the rest): loads and saves with a warning, or refused at its place
case("memory_googol_mb.yaml", GOLDEN_YAML.replace(_MEMORY, "    memory: 1" + "0" * 100 + "\n", 1),
     expect="loads", codes=("resources-unrealistic",),
     note="10**100 MB of memory, which no machine has: a warning, and it still loads and saves")
case("mixed_int_and_string_keys.yaml", GOLDEN_YAML + "extra_thing:\n  1: one\n  b: two\n  2.5: [x]\n",
     expect="loads", tags=("json-keys-become-strings",),
     note="unknown keys of mixed kinds: export sorted them (TypeError); JSON writes 1 as '1'")
case("keys_alike_in_json.yaml", GOLDEN_YAML + "extra_thing:\n  1: one\n  '1': also one\n",
     expect="loads", tags=("yaml-only",),
     note="1 and '1' are one key in JSON: saving as JSON is refused (the editor would refuse the file)")
case("suboutput_index_list.json",
     GOLDEN_JSON.replace('"suboutputs": []', '"suboutputs": [{"id": "output", "datatype": "Int", "suboutputs": '
                         '[], "preferred_types": [], "index": [1, 2]}]', 1),
     reason="a sub-output index is a whole number or a slice 'a:b\\[:c\\]', not a list",
     path="nodelist[0].outputs[0].suboutputs[0].index",
     note="validated as 'valid', then the export failed naming no file")
case("suboutput_index_bool.yaml",
     GOLDEN_YAML.replace("    suboutputs: []\n", "    suboutputs:\n    - {id: output, datatype: Int, index: true}\n", 1),
     reason="a sub-output index is a whole number or a slice", path="nodelist[0].outputs[0].suboutputs[0].index")
