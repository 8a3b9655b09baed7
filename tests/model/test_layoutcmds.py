"""Layout commands: fastr's examples laid out with few crossings (recorded bounds) and no
overlaps, as one undo step; selection layout, align, distribute and placing new nodes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from editor.api import create_network, create_network_copy
from editor.core.graph.network import Network
from editor.model.document import Document
from editor.model.layoutcmds import (ESTIMATED, Sizing, align_nodes, crossings, distribute_nodes, estimate_size,
                                     layout_all, layout_selection, node_sizes, place_new_nodes,
                                     place_new_nodes_command)

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

#: Crossings after ``layout_all`` (recorded with estimated and with canvas node sizes; lower is fine).
CROSSING_BOUNDS = {
    "add_ints": 0, "add_ints_missing": 0, "advanced_linking": 3, "auto_prefix": 6, "chunk_test": 0,
    "collapse": 0, "collapse_expand": 0, "cross_validation": 0, "envvar": 0, "expand": 0,
    "failing_macro": 0, "failing_missing_macro": 0, "failing_network": 3, "failing_network_missing": 3,
    "filecopy": 0, "input_groups": 0, "macro_node": 0, "macro_node2": 0, "shift_links": 0,
    "source_sink": 0, "via_file_argument": 0,
    "collapse_expand_groups": 1, "constants": 3, "int_suboutputs": 0, "merge_dimensions_list": 0,
    "named_subinputs": 0, "nested_macros": 0, "resources_steps": 1, "suboutputs_append": 0,
}


def load(name: str) -> Network:
    path = next(GOLDEN.glob(f"*/{name}.state.json"))
    return create_network_copy(json.loads(path.read_text()))


def overlaps(net: Network, sizing: Sizing = ESTIMATED) -> list[tuple[str, str]]:
    sizes = node_sizes(net, sizing)
    boxes = [(i, *n.position, *sizes[i]) for i, n in net.nodes.items() if n.position is not None]
    found = []
    for k, (a, ax, ay, aw, ah) in enumerate(boxes):
        for b, bx, by, bw, bh in boxes[k + 1:]:
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                found.append((a, b))
    return found


def test_every_golden_example_has_a_bound() -> None:
    names = {p.name.split(".")[0] for p in GOLDEN.glob("*/*.state.json")}
    assert names <= set(CROSSING_BOUNDS)


@pytest.mark.parametrize("sizes", ["estimated", "canvas"])
@pytest.mark.parametrize("name", sorted(CROSSING_BOUNDS))
def test_layout_fastr_examples(qapp, name: str, sizes: str) -> None:
    size_of = ESTIMATED
    if sizes == "canvas":
        from editor.canvas.autolayout import CANVAS_SIZING
        size_of = CANVAS_SIZING
    net = load(name)
    doc = Document(net)
    command = layout_all(doc.current_model, size_of)
    assert command is not None
    doc.push(command)
    assert doc.undo_stack.count() == 1
    assert all(n.position is not None for n in net.nodes.values())
    assert crossings(net, size_of) <= CROSSING_BOUNDS[name]
    assert overlaps(net, size_of) == []
    assert layout_all(doc.current_model, size_of) is None              # laid out already
    doc.undo_stack.undo()
    assert all(n.position is None for n in net.nodes.values())


def grid_network() -> Network:
    net = create_network("grid")
    previous = None
    for n in range(6):
        node = net.create_node("fastr/math/AddInt:1.0", "1.0", id=f"n{n}")
        node.position = (n * 50.0, (n % 2) * 37.0)
        if previous is not None:
            node.inputs["left_hand"] << previous.outputs["result"]
        previous = node
    return net


def test_layout_selection_keeps_the_others(qapp) -> None:
    net = grid_network()
    doc = Document(net)
    others = {i: net.nodes[i].position for i in ("n0", "n1", "n5")}
    doc.push(layout_selection(doc.current_model, ["n2", "n3", "n4"], ESTIMATED))
    assert {i: net.nodes[i].position for i in others} == others
    moved = [net.nodes[i].position for i in ("n2", "n3", "n4")]
    assert moved[0][0] < moved[1][0] < moved[2][0]                    # left to right along the chain
    assert not [pair for pair in overlaps(net) if set(pair) & {"n2", "n3", "n4"}]
    doc.undo_stack.undo()
    assert net.nodes["n2"].position == (100.0, 0.0)


def test_align_and_distribute(qapp) -> None:
    net = grid_network()
    doc = Document(net)
    doc.push(align_nodes(doc.current_model, ["n1", "n2", "n3"], "top", ESTIMATED))
    assert {net.nodes[i].position[1] for i in ("n1", "n2", "n3")} == {0.0}
    assert align_nodes(doc.current_model, ["n1", "n2", "n3"], "top", ESTIMATED) is None
    for n, node in enumerate(net.nodes.values()):
        node.position = (n * n * 300.0, 0.0)
    doc.push(distribute_nodes(doc.current_model, ["n0", "n1", "n2", "n3"], "horizontal", ESTIMATED))
    xs = [net.nodes[i].position[0] for i in ("n0", "n1", "n2", "n3")]
    width = estimate_size(net.nodes["n0"])[0]
    gaps = [b - a - width for a, b in zip(xs, xs[1:])]
    assert gaps == pytest.approx([gaps[0]] * 3)
    assert doc.undo_stack.count() == 2


def test_place_new_nodes_next_to_the_work(qapp) -> None:
    net = grid_network()
    doc = Document(net)
    extra = [net.create_node("fastr/math/AddInt:1.0", "1.0", id=f"new{n}") for n in range(3)]
    extra[0].inputs["left_hand"] << net.nodes["n5"].outputs["result"]
    positions = place_new_nodes(net, [n.id for n in extra], None, ESTIMATED)
    assert set(positions) == {"new0", "new1", "new2"}
    assert positions["new0"][0] > net.nodes["n5"].position[0]         # downstream of what feeds it
    doc.push(place_new_nodes_command(doc.current_model, [n.id for n in extra], None, ESTIMATED))
    assert not [pair for pair in overlaps(net) if {"new0", "new1", "new2"} & set(pair)]
    near = place_new_nodes(net, ["new1"], near=(5000.0, 5000.0), sizing=ESTIMATED)
    assert near["new1"][0] >= 5000.0 - 1e-6


def test_given_sizes_are_used(qapp) -> None:
    net = grid_network()
    wide = Sizing(lambda node: (500.0, 100.0))
    assert node_sizes(net, wide)["n0"] == (500.0, 100.0)
    assert node_sizes(net, ESTIMATED)["n0"] == estimate_size(net.nodes["n0"])
    doc = Document(net)
    doc.push(layout_all(doc.current_model, wide))
    xs = sorted(n.position[0] for n in net.nodes.values())
    assert all(b - a >= 500.0 for a, b in zip(xs, xs[1:]))
