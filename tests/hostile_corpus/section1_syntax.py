"""Corpus section 1: bytes, encodings and syntax (empty, truncated, binary, wrong encodings, bad YAML)."""

from __future__ import annotations

import json

from tests.hostile_corpus.blocks import GOLDEN_JSON, GOLDEN_YAML, _set, golden, mutated
from tests.hostile_corpus.cases import case

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
