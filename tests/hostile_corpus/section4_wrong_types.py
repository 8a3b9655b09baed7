"""Corpus section 4: wrong types and missing keys at every level (network, node, port, constant, link, macro)."""

from __future__ import annotations

from tests.hostile_corpus.blocks import (
    LEAF_NETWORK,
    _drop,
    _set,
    as_json,
    as_yaml,
    golden,
    mutated,
    nested_macros,
)
from tests.hostile_corpus.cases import URL, case

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
case("macro_nested_200.yaml", nested_macros(200), reason="nested more than 250 levels")
case("macro_nested_400.yaml", nested_macros(400), reason="nested more than 250 levels")
