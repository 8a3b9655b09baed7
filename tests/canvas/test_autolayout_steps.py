"""Auto layout on the canvas keeps fastr steps apart: after loading a network without positions, or
after "Auto layout" of the whole network, no two step boxes (ClusterItems) intersect and no node
lies in the box of a step it is not in."""

from __future__ import annotations

from PySide6.QtCore import QRectF

from editor.api import create_network
from editor.canvas.autolayout import CANVAS_SIZING
from editor.canvas.scene import NetworkScene
from editor.core.graph.network import Network
from editor.model.commands import MoveNodesCommand
from editor.model import layoutcmds
from editor.model.document import Document

STEPS = ("preprocess", "segment", "features", "classify")


def stepped_network() -> Network:
    """Four steps and three nodes in none, created interleaved (input order says nothing about the
    steps), linked across steps both ways: segment -> features -> segment is a cycle of steps."""
    net = create_network("stepped")
    add = "fastr/math/AddInt:1.0"
    const_1 = net.create_constant("Int", [1], id="const_1")
    src_a = net.create_source("Int", id="src_a", step_id="preprocess")
    seg_1 = net.create_node(add, "1.0", id="seg_1", step_id="segment")
    feat_1 = net.create_node(add, "1.0", id="feat_1", step_id="features")
    pre_a = net.create_node(add, "1.0", id="pre_a", step_id="preprocess")
    cls = net.create_node(add, "1.0", id="cls", step_id="classify")
    seg_2 = net.create_node(add, "1.0", id="seg_2", step_id="segment")
    src_b = net.create_source("Int", id="src_b", step_id="preprocess")
    feat_2 = net.create_node(add, "1.0", id="feat_2", step_id="features")
    seg_3 = net.create_node(add, "1.0", id="seg_3", step_id="segment")
    pre_b = net.create_node(add, "1.0", id="pre_b", step_id="preprocess")
    const_2 = net.create_constant("Int", [2], id="const_2")
    sink_out = net.create_sink("Int", id="sink_out", step_id="classify")
    sink_extra = net.create_sink("Int", id="sink_extra")
    pre_a.inputs["left_hand"] << src_a.outputs["output"]
    pre_a.inputs["right_hand"] << const_1.outputs["output"]
    pre_b.inputs["left_hand"] << src_b.outputs["output"]
    pre_b.inputs["right_hand"] << pre_a.outputs["result"]
    seg_1.inputs["left_hand"] << pre_a.outputs["result"]
    seg_1.inputs["right_hand"] << pre_b.outputs["result"]
    seg_2.inputs["left_hand"] << seg_1.outputs["result"]
    seg_2.inputs["right_hand"] << const_1.outputs["output"]
    feat_1.inputs["left_hand"] << seg_1.outputs["result"]
    feat_1.inputs["right_hand"] << seg_2.outputs["result"]
    seg_3.inputs["left_hand"] << pre_b.outputs["result"]
    seg_3.inputs["right_hand"] << feat_1.outputs["result"]   # features -> segment: back between steps
    feat_2.inputs["left_hand"] << seg_3.outputs["result"]
    feat_2.inputs["right_hand"] << const_2.outputs["output"]
    cls.inputs["left_hand"] << feat_1.outputs["result"]
    cls.inputs["right_hand"] << feat_2.outputs["result"]
    sink_out.inputs["input"] << cls.outputs["result"]
    sink_extra.inputs["input"] << seg_2.outputs["result"]
    assert all(node.position is None for node in net.nodes.values())
    return net


def _strictly_intersect(a: QRectF, b: QRectF) -> bool:
    """Overlap with positive area (touching edges do not count)."""
    return a.intersected(b).width() > 1e-6 and a.intersected(b).height() > 1e-6


def step_clashes(scene: NetworkScene) -> list[str]:
    """What is wrong with the step boxes: intersecting boxes, nodes in another step's box."""
    network = scene.network
    problems = []
    boxes = {step: item.rect for step, item in scene.cluster_items.items()}
    names = sorted(boxes)
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            if _strictly_intersect(boxes[a], boxes[b]):
                problems.append(f"boxes {a} and {b} intersect")
    step_of = {n: s for s, members in network.stepids.items() for n in members}
    for node_id, item in scene.node_items.items():
        for step, box in boxes.items():
            if step_of.get(node_id) != step and _strictly_intersect(box, item.scene_box()):
                problems.append(f"{node_id} ({step_of.get(node_id)}) lies in box {step}")
    return problems


def test_loading_without_positions_keeps_steps_apart(qapp) -> None:
    network = stepped_network()
    scene = NetworkScene(Document(network))
    assert set(scene.cluster_items) == set(STEPS)
    assert all(node.position is not None for node in network.nodes.values())
    for step, item in scene.cluster_items.items():
        for node_id in network.stepids[step]:
            assert item.rect.contains(scene.node_items[node_id].scene_box())
    assert step_clashes(scene) == []
    # The flow still goes left to right, also between steps.
    pos = {k: n.position for k, n in network.nodes.items()}
    assert pos["src_a"][0] < pos["pre_a"][0] < pos["seg_1"][0] < pos["feat_1"][0] < pos["cls"][0]
    # Labels tabs (half above the box) stay clear of other steps' boxes.
    for step, item in scene.cluster_items.items():
        tab = item.label.sceneBoundingRect()
        for other, box in scene.cluster_items.items():
            if other != step:
                assert not _strictly_intersect(tab, box.rect), (step, other)


def test_auto_layout_of_the_whole_network_separates_steps(qapp) -> None:
    def make_command(model):                    # Network > Lay Out Network (Ctrl+L)
        return layoutcmds.layout_all(model, CANVAS_SIZING)
    network = stepped_network()
    document = Document(network)
    scene = NetworkScene(document)
    model = document.current_model
    # Scatter the nodes so that the steps' boxes overlap, as after hand edits.
    ids = list(network.nodes)
    scattered = {k: (network.nodes[k].position, (60.0 * (i % 4), 50.0 * (i // 4))) for i, k in enumerate(ids)}
    document.push(MoveNodesCommand(model, scattered))
    assert step_clashes(scene) != []          # the check can fail
    command = make_command(model)
    assert command is not None
    document.push(command)
    assert step_clashes(scene) == []
    assert make_command(model) is None      # laid out again: nothing moves (same top-left corner)
    document.undo_stack.undo()
    assert step_clashes(scene) != []


def test_wide_network_in_four_steps(qapp) -> None:
    """bench_scale's WORC-like network (four steps, a chain per branch cut across the steps)."""
    from tests.benchmarks.scale_network import build_network
    network = build_network(200)
    for node in network.nodes.values():
        node.position = None
    scene = NetworkScene(Document(network))
    assert len(scene.cluster_items) == 4
    assert step_clashes(scene) == []
