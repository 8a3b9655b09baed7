"""A link dropped on empty canvas (real mouse events): the quick-add opens with only the entries
that can take the link, the chosen one is placed at the drop point and linked, in one undo step;
Escape leaves everything as it was."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsPathItem

from editor.core.graph.state import network_to_state
from editor.model.edits import linkable_port
from tests.canvas.helpers import assert_mirrors, drag, make_view, port_pos, vp


def _pending_paths(scene) -> list[QGraphicsPathItem]:
    return [i for i in scene.items() if type(i) is QGraphicsPathItem]


def test_a_link_from_an_output_dropped_on_empty_canvas_adds_a_linked_node(qtbot) -> None:
    view = make_view(qtbot)
    document, scene = view.document, view.network_scene
    network = document.root
    before = network_to_state(network)
    drop = vp(view, (500.0, 380.0))
    drag(qtbot, view, port_pos(view, "add", "out", "result"), drop)
    popup = view.quick_add_popup
    assert popup is not None and popup.isVisible()
    assert "add.result" in popup.title.text()
    labels = {e.label for e in popup.entries}
    kinds = {e.kind for e in popup.entries}
    assert "AddInt" in labels and "sink" in kinds
    assert not kinds & {"source", "constant"}           # they have no input
    for entry in popup.entries:                         # each has an input an Int fits
        assert linkable_port(network, entry.kind, entry.tool, "add", "result", False)
    assert len(_pending_paths(scene)) == 1              # the dropped link stays drawn
    assert document.undo_stack.count() == 0
    qtbot.keyClicks(popup.search_field, "addint")
    QTest.keyClick(popup.search_field, Qt.Key.Key_Return)
    assert not popup.isVisible() and not _pending_paths(scene)
    assert document.undo_stack.count() == 1
    new = document.selection.nodes
    assert len(new) == 1 and network.nodes[new[0]].tool[0] == "fastr/math/AddInt:1.0"
    links = network.links_into(new[0], "left_hand")
    assert [(l.source.node, l.source.output) for l in links] == [("add", "result")]
    item = scene.node_items[new[0]]
    port = item.port_items[("in", "left_hand")].scenePos()
    spot = view.mapToScene(drop)
    assert abs(port.x() - spot.x()) < 12 and abs(port.y() - spot.y()) < 12    # its input at the drop point
    assert item.isSelected()
    assert_mirrors(scene)
    document.undo_stack.undo()                          # one step takes node and link
    assert network_to_state(network) == before
    assert_mirrors(scene)
    document.undo_stack.redo()
    assert len(network.links_into(new[0], "left_hand")) == 1


def test_a_link_from_an_input_offers_sources_and_constants_and_links_them(qtbot) -> None:
    view = make_view(qtbot)
    document = view.document
    network = document.root
    drag(qtbot, view, port_pos(view, "loose", "in", "input"), vp(view, (400.0, 420.0)))
    popup = view.quick_add_popup
    kinds = {e.kind for e in popup.entries}
    assert {"source", "constant"} <= kinds and "sink" not in kinds
    qtbot.keyClicks(popup.search_field, "constant")
    QTest.keyClick(popup.search_field, Qt.Key.Key_Return)
    new = document.selection.nodes[0]
    node = network.nodes[new]
    assert node.kind == "constant" and node.outputs["output"].datatype == "Int"
    assert [l.source.node for l in network.links_into("loose", "input")] == [new]
    assert node.position[0] < view.mapToScene(vp(view, (400.0, 420.0))).x()     # left of the input
    assert document.undo_stack.count() == 1


def test_escape_closes_the_popup_and_changes_nothing(qtbot) -> None:
    view = make_view(qtbot)
    document, scene = view.document, view.network_scene
    before = network_to_state(document.root)
    drag(qtbot, view, port_pos(view, "add", "out", "result"), vp(view, (500.0, 380.0)))
    popup = view.quick_add_popup
    assert popup.isVisible()
    qtbot.keyClicks(popup.search_field, "zzzz")
    assert popup.list.count() == 1 and popup.list.item(0).text() == "No tool matches."
    QTest.keyClick(popup.search_field, Qt.Key.Key_Return)          # picks nothing
    assert popup.isVisible() and document.undo_stack.count() == 0
    QTest.keyClick(popup.search_field, Qt.Key.Key_Escape)
    assert not popup.isVisible()
    assert not _pending_paths(scene)
    assert document.undo_stack.count() == 0
    assert network_to_state(document.root) == before
    assert_mirrors(scene)


def test_a_datatype_no_tool_takes_offers_only_what_fits(qtbot) -> None:
    view = make_view(qtbot)
    drag(qtbot, view, port_pos(view, "flag", "out", "output"), vp(view, (300.0, 480.0)))
    popup = view.quick_add_popup
    labels = {e.label for e in popup.entries}
    assert "AddInt" not in labels                    # Boolean cannot feed Int
    assert "Sink" in labels
    QTest.keyClick(popup.search_field, Qt.Key.Key_Escape)
