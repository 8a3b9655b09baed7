"""A node dragged onto a link (real mouse events) goes into it when the types allow: the link
lights up while the node hovers it, and move and relink are one undo step."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QGraphicsPathItem

from editor.core.graph.state import network_to_state
from editor.model.document import Document
from tests.canvas.helpers import assert_mirrors, make_view, node_header_pos, small_network, vp


def _network(spare_tool: str = "fastr/math/AddInt:1.0"):
    net = small_network()
    spare = net.create_node(spare_tool, "1.0", id="spare")
    spare.position = (300.0, 420.0)
    return net


def _halos(scene) -> list[QGraphicsPathItem]:
    return [i for i in scene.items() if type(i) is QGraphicsPathItem]


def _hover_link(qtbot, view, node_id: str, link_id: str) -> QPoint:
    """Press on the node's header and move the pointer onto the middle of the link."""
    scene = view.network_scene
    start = node_header_pos(view, node_id)
    target = vp(view, scene.link_items[link_id].path().pointAtPercent(0.5))
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for n in range(1, 7):
        QTest.mouseMove(viewport, start + (target - start) * n / 6)
    return target


def test_a_node_dropped_on_a_link_goes_into_it_in_one_undo_step(qtbot) -> None:
    view = make_view(qtbot, document=Document(_network()))
    document, scene = view.document, view.network_scene
    network = document.root
    before = network_to_state(network)
    old = network.links_into("sink", "input")[0].id
    target = _hover_link(qtbot, view, "spare", old)
    halos = _halos(scene)
    assert len(halos) == 1                                     # the link lights up
    assert halos[0].path() == scene.link_items[old].path()
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert not _halos(scene)
    assert document.undo_stack.count() == 1
    assert old not in network.links
    assert [(l.source.node, l.source.output) for l in network.links_into("spare", "left_hand")] == [("add", "result")]
    assert [(l.source.node, l.source.output) for l in network.links_into("sink", "input")] == [("spare", "result")]
    assert network.nodes["spare"].position != (300.0, 420.0)
    assert_mirrors(scene)
    document.undo_stack.undo()
    assert network_to_state(network) == before
    assert_mirrors(scene)


def test_a_node_whose_types_do_not_fit_is_only_moved(qtbot) -> None:
    net = _network()
    net.create_source("Boolean", id="flag2").position = (0.0, 500.0)
    view = make_view(qtbot, document=Document(net))
    document, scene = view.document, view.network_scene
    old = net.links_into("sink", "input")[0].id
    target = _hover_link(qtbot, view, "flag2", old)            # a source has no input
    assert not _halos(scene)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert document.undo_stack.count() == 1 and document.undo_stack.undoText().startswith("Move")
    assert old in net.links


def test_escape_while_hovering_a_link_changes_nothing(qtbot) -> None:
    view = make_view(qtbot, document=Document(_network()))
    document, scene = view.document, view.network_scene
    before = network_to_state(document.root)
    old = document.root.links_into("sink", "input")[0].id
    target = _hover_link(qtbot, view, "spare", old)
    assert _halos(scene)
    QTest.keyClick(view.viewport(), Qt.Key.Key_Escape)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    assert not _halos(scene) and document.undo_stack.count() == 0
    assert network_to_state(document.root) == before
