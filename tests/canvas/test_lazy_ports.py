"""Port items are made when first needed (node_item): none on open; links end where the ports
will be; a press, a hover, a tooltip request or a link drag near a node makes its ports, so
linking through real mouse events works on ports never made before."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from editor.canvas.port_item import PortItem
from tests.canvas.helpers import drag, make_view, vp


def _made(scene) -> set[str]:
    return {node_id for node_id, item in scene.node_items.items() if item.ports_made}


def _port_point(view, node_id: str, side: str, port_id: str) -> QPoint:
    """Viewport position of a port, from its node's geometry (the port item is not made)."""
    item = view.network_scene.node_items[node_id]
    anchor = item.port_anchor(side, port_id)
    assert anchor is not None
    return vp(view, item.mapToScene(QPointF(*anchor)))


def test_no_port_items_on_open_and_links_end_where_the_ports_are(qtbot) -> None:
    view = make_view(qtbot)
    scene = view.network_scene
    assert _made(scene) == set()
    assert not any(isinstance(i, PortItem) for i in scene.items())
    link = view.document.root.links_into("add", "left_hand")[0]
    end = scene.link_items[link.id].path().pointAtPercent(1.0).toTuple()
    port = scene.node_items["add"].port_items[("in", "left_hand")]      # made when asked for
    assert end == port.scenePos().toTuple()
    assert _made(scene) == {"add"}
    assert scene.node_items["add"].port_anchor("in", "no_such_port") is None


def test_a_link_drawn_between_ports_never_made(qtbot) -> None:
    view = make_view(qtbot)
    network = view.document.root
    before = set(network.links)
    drag(qtbot, view, _port_point(view, "src", "out", "output"), _port_point(view, "loose", "in", "input"))
    new = set(network.links) - before
    assert len(new) == 1
    link = network.links[new.pop()]
    assert (link.source.node, link.source.output, link.target.node, link.target.input) == \
        ("src", "output", "loose", "input")
    assert {"src", "loose"} <= _made(view.network_scene)


def test_the_pointer_over_a_node_makes_its_ports(qtbot) -> None:
    view = make_view(qtbot)
    scene = view.network_scene
    item = scene.node_items["sink"]
    assert not item.ports_made
    for x in (item.geometry.width / 3, item.geometry.width / 2):       # the pointer comes and moves
        QTest.mouseMove(view.viewport(), vp(view, item.mapToScene(QPointF(x, 10.0))))
        qtbot.wait(20)
    qtbot.waitUntil(lambda: item.ports_made, timeout=2000)
    assert set(item.port_items) == {("in", "input")}
    assert "loose" not in _made(scene)


def test_a_port_tooltip_and_required_mark_of_a_port_made_late(qtbot) -> None:
    view = make_view(qtbot)
    scene = view.network_scene
    assert scene.item_at(QPointF(*_scene_anchor(scene, "loose", "in", "input"))) is \
        scene.node_items["loose"].port_items[("in", "input")]
    port = scene.node_items["loose"].port_items[("in", "input")]
    assert port.required_unlinked                 # set on the node before the port was made
    assert "input" in port.toolTip()              # its tooltip source came from the node


def test_ports_made_after_a_content_change_follow_the_new_geometry(qtbot) -> None:
    view = make_view(qtbot)
    scene = view.network_scene
    view.document.current_model.rename_node("add", "a_much_longer_name_for_the_add_node")
    item = scene.node_items["a_much_longer_name_for_the_add_node"]
    assert not item.ports_made
    out = item.port_items[("out", "result")]
    assert out.pos().toTuple() == (item.geometry.width, item.geometry.output_y[0])
    assert out.node_id == "a_much_longer_name_for_the_add_node"


def _scene_anchor(scene, node_id: str, side: str, port_id: str) -> tuple[float, float]:
    item = scene.node_items[node_id]
    anchor = item.port_anchor(side, port_id)
    assert anchor is not None
    point = item.mapToScene(QPointF(*anchor))
    return point.x(), point.y()


def test_a_press_on_an_unmade_port_at_low_zoom_still_starts_a_link(qtbot) -> None:
    view = make_view(qtbot)
    view.resetTransform()
    view.scale(0.5, 0.5)
    scene = view.network_scene
    viewport = view.viewport()
    start = _port_point(view, "src", "out", "output")
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    assert type(scene.gesture).__name__ == "LinkDrag"
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start)
