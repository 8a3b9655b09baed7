"""The scene mirrors the model after every operation (one item per node, port and link)."""

from __future__ import annotations

from editor.canvas.scene import NetworkScene
from editor.core.graph.urls import InputRef, OutputRef
from editor.model.clipboard import PasteCommand, copy_fragment
from editor.model.commands import (MoveNodesCommand, RenameNodeCommand, SetLinkPropertyCommand,
                                   SetNodePropertyCommand)
from editor.model.document import Document
from editor.model.edits import add_special_node, delete_items, link_ports
from tests.canvas.helpers import assert_mirrors, small_network


def _scene() -> tuple[Document, NetworkScene]:
    document = Document(small_network())
    return document, NetworkScene(document)


def test_scene_mirrors_after_each_edit_undo_and_redo(qapp) -> None:
    document, scene = _scene()
    model = document.current_model
    assert_mirrors(scene)
    steps = [
        lambda: add_special_node(model, "source", "Int", (10.0, 500.0), "extra"),
        lambda: link_ports(model, OutputRef("extra", "output"), "loose", "input"),
        lambda: link_ports(model, OutputRef("src", "output"), "loose", "input", add_subinput=True),
        lambda: MoveNodesCommand(model, {"add": ((300.0, 40.0), (320.0, 90.0))}),
        lambda: RenameNodeCommand(model, "add", "adder"),
        lambda: SetNodePropertyCommand(model, ["adder"], "step_id", "math"),
        lambda: SetLinkPropertyCommand(model, next(iter(document.root.links)), "collapse", (0,)),
        lambda: delete_items(document, ["src"], []),
        lambda: PasteCommand(model, copy_fragment(document.root, ["adder", "sink"]), (40.0, 40.0)),
        lambda: link_ports(model, OutputRef("extra", "output"), "loose", "input"),   # replaces
    ]
    for make in steps:
        document.push(make())
        assert_mirrors(scene)
    commands = steps
    for _ in commands:
        document.undo_stack.undo()
        assert_mirrors(scene)
    for _ in commands:
        document.undo_stack.redo()
        assert_mirrors(scene)


def test_delete_removes_items_and_undo_readds(qapp) -> None:
    document, scene = _scene()
    links_of_add = {l.id for l in document.root.node_links("add")}
    document.push(delete_items(document, ["add"], []))
    assert "add" not in scene.node_items
    assert not links_of_add & set(scene.link_items)
    assert_mirrors(scene)
    document.undo_stack.undo()
    assert "add" in scene.node_items and links_of_add <= set(scene.link_items)
    assert_mirrors(scene)


def test_single_change_updates_items_without_rebuild(qapp) -> None:
    document, scene = _scene()
    before = {k: id(v) for k, v in scene.node_items.items()}
    document.push(MoveNodesCommand(document.current_model, {"src": ((0.0, 0.0), (50.0, 60.0))}))
    assert {k: id(v) for k, v in scene.node_items.items()} == before
    link = document.root.links_from("src", "output")[0]
    assert scene.link_items[link.id].controls[0] == (50.0 + scene.node_items["src"].geometry.width,
                                                     60.0 + scene.node_items["src"].geometry.output_y[0])


def test_link_styles_follow_collapse_and_expand(qapp) -> None:
    document, scene = _scene()
    link_id = document.root.links_into("add", "left_hand")[0].id
    model = document.current_model
    assert scene.link_items[link_id].style == "plain"
    document.push(SetLinkPropertyCommand(model, link_id, "collapse", (0,)))
    assert scene.link_items[link_id].style == "collapse"
    document.push(SetLinkPropertyCommand(model, link_id, "expand", True))
    assert scene.link_items[link_id].style == "both"
    document.push(SetLinkPropertyCommand(model, link_id, "collapse", ()))
    assert scene.link_items[link_id].style == "expand"


def test_required_unlinked_inputs_are_marked(qapp) -> None:
    document, scene = _scene()
    assert scene.node_items["loose"].port_items[("in", "input")].required_unlinked
    assert not scene.node_items["sink"].port_items[("in", "input")].required_unlinked
    document.push(link_ports(document.current_model, OutputRef("src", "output"), "loose", "input"))
    assert not scene.node_items["loose"].port_items[("in", "input")].required_unlinked
    document.undo_stack.undo()
    assert scene.node_items["loose"].port_items[("in", "input")].required_unlinked


def test_subinputs_fan_in_with_labels(qapp) -> None:
    document, scene = _scene()
    model = document.current_model
    document.push(link_ports(model, OutputRef("src", "output"), "loose", "input"))
    document.push(link_ports(model, OutputRef("add", "result"), "loose", "input", add_subinput=True))
    items = [scene.link_items[l.id] for l in document.root.links_into("loose", "input")]
    lanes = sorted(item.controls[3][1] for item in items)
    assert lanes[0] < lanes[1]                      # two lanes into one port
    assert {item.path().pointAtPercent(1.0).toTuple() for item in items} == {
        scene.node_items["loose"].port_items[("in", "input")].scenePos().toTuple()}
    assert sorted(item.labels[1] for item in items) == ["#0", "#1"]


def test_named_subinput_and_suboutput_labels(qapp) -> None:
    document, scene = _scene()
    network = document.root
    network.create_link(network.nodes["src"].outputs["output"][1], InputRef("loose", "input", 0, "train"))
    document.replace(network, None)
    link_id = network.links_into("loose", "input")[0].id
    assert scene.link_items[link_id].labels[:2] == ("[1]", "train")


def test_selection_follows_document_both_ways(qapp) -> None:
    document, scene = _scene()
    document.selection.set(["add", "sink"], [])
    assert {i.node_id for i in scene.selectedItems()} == {"add", "sink"}
    scene.node_items["src"].setSelected(True)
    assert document.selection.nodes == ["src", "add", "sink"]
    link_id = next(iter(document.root.links))
    document.selection.set([], [link_id])
    assert scene.selected_ids() == ([], [link_id])


def test_steps_are_clusters_that_follow_moves(qapp) -> None:
    document, scene = _scene()
    model = document.current_model
    document.push(SetNodePropertyCommand(model, ["add", "sink"], "step_id", "compute"))
    cluster = scene.cluster_items["compute"]
    for node_id in ("add", "sink"):
        assert cluster.rect.contains(scene.node_items[node_id].sceneBoundingRect())
    document.push(MoveNodesCommand(model, {"sink": ((600.0, 40.0), (900.0, 400.0))}))
    assert cluster.rect.contains(scene.node_items["sink"].sceneBoundingRect())
    document.undo_stack.undo()
    document.undo_stack.undo()
    assert "compute" not in scene.cluster_items


def test_problem_badges(qapp) -> None:
    from editor.core.analysis.validation import Problem
    document, scene = _scene()
    link_id = next(iter(document.root.links))
    scene.set_problems([Problem("error", "input is not linked", node="loose", port="input"),
                        Problem("warning", "odd", node="loose"), Problem("warning", "long", link=link_id)])
    badge = scene.node_items["loose"].badge
    assert badge is not None and badge.severity == "error"
    assert "input is not linked" in badge.toolTip() and "odd" in badge.toolTip()
    assert scene.link_items[link_id].badge.severity == "warning"
    scene.set_problems([])
    assert scene.node_items["loose"].badge is None and scene.link_items[link_id].badge is None


def test_dimension_labels_toggle(qapp) -> None:
    document, scene = _scene()
    scene.set_dimension_mode("letters")
    spec = scene.node_items["add"].spec
    assert spec.inputs[0].dims.startswith("[") and spec.outputs[0].dims.startswith("[")
    link_id = document.root.links_into("add", "left_hand")[0].id
    assert scene.link_items[link_id].labels[2].startswith("[")
    scene.set_dimension_mode("names")
    assert "src" in scene.node_items["src"].spec.outputs[0].dims
    scene.set_dimension_mode(None)
    assert scene.node_items["add"].spec.inputs[0].dims == ""
    assert scene.link_items[link_id].labels[2] == ""


def test_macro_enter_and_leave_rebuild(qapp) -> None:
    from tests.canvas.helpers import load_golden
    document = Document(load_golden("macro_node"))
    scene = NetworkScene(document)
    macro = next(n for n in document.root.nodes.values() if n.kind == "macro")
    assert scene.node_items[macro.id].spec.lines[0].startswith("macro: ")
    document.enter_macro(macro.id)
    assert scene.network is macro.subnetwork
    assert_mirrors(scene)
    document.go_up()
    assert scene.network is document.root
    assert_mirrors(scene)


def test_missing_positions_are_laid_out_before_items(qapp) -> None:
    network = small_network()
    for node in network.nodes.values():
        node.position = None
    document = Document(network)
    scene = NetworkScene(document)
    assert_mirrors(scene)
    xs = {n: network.nodes[n].position[0] for n in network.nodes}
    assert xs["src"] < xs["add"] < xs["sink"]          # left to right
    assert document.undo_stack.count() == 0


def test_problems_inside_a_macro_show_on_the_macro_node_and_inside(qapp) -> None:
    from editor.core.analysis.validation import Problem
    from tests.canvas.helpers import load_golden
    document = Document(load_golden("macro_node"))
    scene = NetworkScene(document)
    macro = next(n for n in document.root.nodes.values() if n.kind == "macro")
    inner_node = next(iter(macro.subnetwork.nodes))
    scene.set_problems([Problem("error", "broken", node=inner_node, network_path=(macro.id,))])
    badge = scene.node_items[macro.id].badge
    assert badge is not None and "broken" in badge.toolTip() and inner_node in badge.toolTip()
    document.enter_macro(macro.id)
    assert scene.node_items[inner_node].badge is not None
    document.go_up()
    assert scene.node_items[macro.id].badge is not None
