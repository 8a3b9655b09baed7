"""Geometry without painting: node sizes from ports, port anchors, link curves; auto layout."""

from __future__ import annotations

from editor.canvas import geometry as geo
from editor.canvas.autolayout import CANVAS_SIZING, assign_missing_positions
from editor.model.document import Document
from editor.model.layoutcmds import layout_all, layout_selection
from editor.model.networkmodel import NetworkModel
from tests.canvas.helpers import small_network


def test_node_size_grows_with_ports_and_names(qapp) -> None:
    network = small_network()
    add = geo.node_geometry(geo.node_spec(network.nodes["add"]))
    src = geo.node_geometry(geo.node_spec(network.nodes["src"]))
    assert add.height > src.height
    assert len(add.input_y) == 2 and len(add.output_y) == 1
    assert add.input_anchor(0) == (0.0, add.input_y[0]) and add.output_anchor(0) == (add.width, add.output_y[0])
    assert add.input_y[1] - add.input_y[0] == geo.ROW
    assert all(y > add.header_height for y in add.input_y)
    assert geo.MIN_WIDTH <= add.width <= geo.MAX_WIDTH
    longer = geo.NodeSpec("a_much_longer_node_identifier_here", "node", ("x",), (), ())
    assert geo.node_geometry(longer).width > geo.node_geometry(geo.NodeSpec("a", "node", ("x",), (), ())).width


def test_spec_reads_the_core(qapp) -> None:
    network = small_network()
    add = geo.node_spec(network.nodes["add"])
    assert [p.id for p in add.inputs] == ["left_hand", "right_hand"] and add.inputs[0].required
    assert add.lines == ("fastr/math/AddInt:1.0  v1.0",)
    const = geo.node_spec(network.nodes["const"])
    assert const.lines[1] == "= 1, 2"
    assert geo.constant_summary([[["id_0"], [{"id": "Int", "format": None, "value": str(n)}]] for n in range(40)
                                 ]).endswith("…")


def test_link_curve_leaves_and_enters_horizontally() -> None:
    p0, c1, c2, p1 = geo.link_controls((0.0, 0.0), (200.0, 100.0))
    assert c1[1] == p0[1] and c2[1] == p1[1] and c1[0] > p0[0] and c2[0] < p1[0]
    back = geo.link_controls((300.0, 0.0), (0.0, 0.0))
    assert back[1][0] - 300.0 >= 80.0                 # backward links loop out
    fanned = geo.link_controls((0.0, 0.0), (200.0, 100.0), fan=16.0)
    assert fanned[3] == (200.0 - geo.FAN_STUB, 116.0)
    path = geo.link_path((0.0, 0.0), (200.0, 100.0), fan=16.0)
    assert path.pointAtPercent(1.0).toTuple() == (200.0, 100.0)
    assert geo.fan_offset(0, 1) == 0.0 and geo.fan_offset(0, 3) == -geo.fan_offset(2, 3)


def test_assign_missing_positions_keeps_placed_nodes(qapp) -> None:
    network = small_network()
    network.nodes["add"].position = None
    network.nodes["sink"].position = None
    model = NetworkModel(network)
    moved: list[list[str]] = []
    model.nodes_moved.connect(moved.append)
    placed = assign_missing_positions(model)
    assert set(placed) == {"add", "sink"}
    assert network.nodes["src"].position == (0.0, 0.0)
    assert all(n.position is not None for n in network.nodes.values())
    assert assign_missing_positions(model) == {}
    assert moved == []                 # part of loading: not an edit


def test_layout_command_is_one_undoable_move(qapp) -> None:
    document = Document(small_network())
    model = document.current_model
    before = {k: n.position for k, n in document.root.nodes.items()}
    command = layout_all(model, CANVAS_SIZING)
    assert command is not None
    document.push(command)
    after = {k: n.position for k, n in document.root.nodes.items()}
    assert after != before and after["src"][0] < after["add"][0] < after["sink"][0]
    assert layout_all(model, CANVAS_SIZING) is None                  # already tidy: nothing to push
    assert all(float(x).is_integer() and float(y).is_integer() for x, y in after.values())
    document.undo_stack.undo()
    assert {k: n.position for k, n in document.root.nodes.items()} == before
    part = layout_selection(model, ["add", "sink"], CANVAS_SIZING)
    if part is not None:
        document.push(part)
        assert document.root.nodes["src"].position == before["src"]


def test_geometry_is_shared_by_shapes_but_follows_the_id_width(qapp) -> None:
    ports = (geo.PortSpec("left_hand", "Int", True), geo.PortSpec("right_hand", "Int", True))
    outs = (geo.PortSpec("result", "Int"),)
    a = geo.node_geometry(geo.NodeSpec("add_1", "node", ("fastr/math/AddInt:1.0  v1.0",), ports, outs))
    b = geo.node_geometry(geo.NodeSpec("add_2", "node", ("fastr/math/AddInt:1.0  v1.0",), ports, outs))
    assert a == b
    long_id = "add_" + "x" * 60
    c = geo.node_geometry(geo.NodeSpec(long_id, "node", ("fastr/math/AddInt:1.0  v1.0",), ports, outs))
    assert c.width > a.width
    spec = geo.NodeSpec(long_id, "node", ("t",), ports, outs)
    assert geo.node_geometry(spec).width >= min(geo.MAX_WIDTH, geo.header_width(spec))
