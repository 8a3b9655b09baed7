"""Gestures through real mouse events on the viewport: move, link, refuse, replace, sub-input,
rubber band, Ctrl-click, double-click on a macro, a link dropped on a node body."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from editor.model.document import Document
from tests.canvas.helpers import assert_mirrors, drag, make_view, node_header_pos, port_pos, vp


def test_drag_pushes_one_command_and_undo_restores(qtbot) -> None:
    view = make_view(qtbot)
    document, scene = view.document, view.network_scene
    start = node_header_pos(view, "add")
    drag(qtbot, view, start, start + QPoint(80, 50))
    assert document.undo_stack.count() == 1
    assert document.root.nodes["add"].position == (380.0, 90.0)
    assert scene.node_items["add"].pos().toTuple() == (380.0, 90.0)
    link = document.root.links_into("add", "left_hand")[0]
    assert scene.link_items[link.id].path().pointAtPercent(1.0).toTuple() == \
        scene.node_items["add"].port_items[("in", "left_hand")].scenePos().toTuple()
    document.undo_stack.undo()
    assert document.root.nodes["add"].position == (300.0, 40.0)
    assert scene.node_items["add"].pos().toTuple() == (300.0, 40.0)
    assert_mirrors(scene)


def test_drag_moves_all_selected_nodes_in_one_command(qtbot) -> None:
    view = make_view(qtbot)
    document = view.document
    document.selection.set(["add", "sink"])
    start = node_header_pos(view, "sink")
    drag(qtbot, view, start, start + QPoint(-40, 30))
    assert document.undo_stack.count() == 1
    assert document.root.nodes["add"].position == (260.0, 70.0)
    assert document.root.nodes["sink"].position == (560.0, 70.0)
    document.undo_stack.undo()
    assert document.root.nodes["sink"].position == (600.0, 40.0)


def test_click_without_move_pushes_nothing_and_selects(qtbot) -> None:
    view = make_view(qtbot)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=node_header_pos(view, "add"))
    assert view.document.undo_stack.count() == 0
    assert view.document.selection.nodes == ["add"]


def test_ctrl_click_toggles_selection(qtbot) -> None:
    view = make_view(qtbot)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=node_header_pos(view, "add"))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, ctrl, node_header_pos(view, "sink"))
    assert view.document.selection.nodes == ["add", "sink"]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, ctrl, node_header_pos(view, "add"))
    assert view.document.selection.nodes == ["sink"]


def test_rubber_band_selects_nodes_and_links(qtbot) -> None:
    view = make_view(qtbot)
    drag(qtbot, view, vp(view, (-30.0, -30.0)), vp(view, (560.0, 260.0)))
    nodes, links = view.network_scene.selected_ids()
    assert {"src", "const", "add"} <= set(nodes) and "sink" not in nodes
    assert view.document.selection.nodes == nodes
    assert links and view.document.selection.links == links
    # a click on empty canvas clears it
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, (450.0, 500.0)))
    assert view.document.selection.nodes == []


def test_link_drag_output_to_input_creates_one_link(qtbot) -> None:
    view = make_view(qtbot)
    document = view.document
    messages = []
    view.status_message.connect(messages.append)
    before = set(document.root.links)
    drag(qtbot, view, port_pos(view, "add", "out", "result"), port_pos(view, "loose", "in", "input"))
    new = set(document.root.links) - before
    assert len(new) == 1 and document.undo_stack.count() == 1
    link = document.root.links[new.pop()]
    assert (link.source.node, link.source.output, link.target.node, link.target.input) == \
        ("add", "result", "loose", "input")
    assert link.id in view.network_scene.link_items
    assert messages and "Linked add.result to loose.input" in messages[-1]
    assert "replaced" not in messages[-1]          # the input was empty
    assert_mirrors(view.network_scene)


def test_link_drag_input_to_output_creates_one_link(qtbot) -> None:
    view = make_view(qtbot)
    before = set(view.document.root.links)
    drag(qtbot, view, port_pos(view, "loose", "in", "input"), port_pos(view, "src", "out", "output"))
    new = set(view.document.root.links) - before
    assert len(new) == 1
    assert view.document.root.links[new.pop()].source.node == "src"


def test_incompatible_drag_is_refused_with_the_reason(qtbot) -> None:
    view = make_view(qtbot)
    messages = []
    view.status_message.connect(messages.append)
    before = dict(view.document.root.links)
    drag(qtbot, view, port_pos(view, "flag", "out", "output"), port_pos(view, "loose", "in", "input"))
    assert dict(view.document.root.links) == before
    assert view.document.undo_stack.count() == 0
    assert messages and "Cannot link flag.output to loose.input" in messages[-1]
    assert "Boolean cannot feed Int" in messages[-1]


def test_cycle_is_refused(qtbot) -> None:
    view = make_view(qtbot)
    messages = []
    view.status_message.connect(messages.append)
    drag(qtbot, view, port_pos(view, "add", "out", "result"), port_pos(view, "add", "in", "left_hand"))
    assert view.document.undo_stack.count() == 0 and "cannot" in messages[-1].lower()


def test_compatible_ports_light_up_during_a_link_drag(qtbot) -> None:
    view = make_view(qtbot)
    scene = view.network_scene
    viewport = view.viewport()
    start = port_pos(view, "flag", "out", "output")
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(viewport, start + QPoint(30, 10))
    loose = scene.node_items["loose"].port_items[("in", "input")]
    assert loose.highlight == "bad"                     # Boolean cannot feed Int
    assert scene.node_items["src"].port_items[("out", "output")].highlight is None   # same side
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(30, 10))
    assert loose.highlight is None
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=port_pos(view, "src", "out", "output"))
    QTest.mouseMove(viewport, start + QPoint(30, 10))
    assert loose.highlight == "ok"
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(30, 10))


def test_drop_on_linked_input_replaces_the_link(qtbot) -> None:
    view = make_view(qtbot)
    network = view.document.root
    messages = []
    view.status_message.connect(messages.append)
    old = network.links_into("sink", "input")[0].id
    drag(qtbot, view, port_pos(view, "src", "out", "output"), port_pos(view, "sink", "in", "input"))
    links = network.links_into("sink", "input")
    assert len(links) == 1 and links[0].id != old and links[0].source.node == "src"
    assert old not in view.network_scene.link_items
    assert "replaced" in messages[-1] and "Shift" in messages[-1]
    view.document.undo_stack.undo()
    assert [l.id for l in network.links_into("sink", "input")] == [old]
    assert_mirrors(view.network_scene)


def test_shift_drop_adds_a_subinput(qtbot) -> None:
    view = make_view(qtbot)
    network = view.document.root
    messages = []
    view.status_message.connect(messages.append)
    drag(qtbot, view, port_pos(view, "src", "out", "output"), port_pos(view, "sink", "in", "input"),
         Qt.KeyboardModifier.ShiftModifier)
    links = network.links_into("sink", "input")
    assert sorted(l.target.key for l in links) == [0, 1]
    assert view.document.undo_stack.count() == 1
    assert "sub-input" in messages[-1]
    assert_mirrors(view.network_scene)
    tooltip = view.network_scene.node_items["sink"].port_items[("in", "input")].toolTip()
    assert "Shift" in tooltip and "replace" in tooltip


def test_escape_cancels_a_move(qtbot) -> None:
    view = make_view(qtbot)
    viewport = view.viewport()
    start = node_header_pos(view, "add")
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    QTest.mouseMove(viewport, start + QPoint(40, 40))
    QTest.mouseMove(viewport, start + QPoint(60, 40))
    assert view.network_scene.node_items["add"].pos().x() == 360.0
    QTest.keyClick(viewport, Qt.Key.Key_Escape)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 40))
    assert view.network_scene.node_items["add"].pos().x() == 300.0
    assert view.document.undo_stack.count() == 0


def test_double_click_on_macro_requests_opening_it(qtbot) -> None:
    from tests.canvas.helpers import load_golden
    view = make_view(qtbot, document=Document(load_golden("macro_node")))
    macro = next(n for n in view.document.root.nodes.values() if n.kind == "macro")
    view.centerOn(view.network_scene.node_items[macro.id])
    with qtbot.waitSignal(view.macro_open_requested, timeout=1000) as blocker:
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=node_header_pos(view, macro.id))
    assert blocker.args == [macro.id]
    assert view.document.undo_stack.count() == 0


def test_a_link_dropped_on_a_node_body_goes_to_its_first_free_port_that_fits(qtbot) -> None:
    view = make_view(qtbot)
    network = view.document.root
    document = view.document
    # loose (a sink of Int) has one input: a link from add.result dropped on its header links there
    drag(qtbot, view, port_pos(view, "add", "out", "result"), node_header_pos(view, "loose"))
    assert [l.source.node for l in network.links_into("loose", "input")] == ["add"]
    assert document.undo_stack.count() == 1
    # flag (Boolean) fits no input of add: nothing is linked, and it says why not
    messages = []
    view.status_message.connect(messages.append)
    drag(qtbot, view, port_pos(view, "flag", "out", "output"), node_header_pos(view, "add"))
    assert document.undo_stack.count() == 1 and "no input of add fits flag.output" in messages[-1]
    assert_mirrors(view.network_scene)
