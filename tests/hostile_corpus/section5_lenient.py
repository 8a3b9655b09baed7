"""Corpus section 5: lenient: the file loads, and validation says what is wrong."""

from __future__ import annotations

from typing import Any

from tests.hostile_corpus.blocks import (
    GOLDEN_YAML,
    _set,
    add_node,
    as_yaml,
    golden,
    link,
    mutated,
    nested_macros,
)
from tests.hostile_corpus.cases import URL, case

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
    """Add a second AddInt, add2, and link add and add2 into a loop."""
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
