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
