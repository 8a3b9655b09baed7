"""Shared helpers of the canvas tests: networks, a shown view, real mouse events, mirror checks."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from editor.api import create_network, create_network_copy
from editor.canvas.link_item import LinkItem
from editor.canvas.node_item import NodeItem
from editor.canvas.port_item import PortItem
from editor.canvas.scene import NetworkScene
from editor.canvas.view import NetworkView
from editor.core.graph.network import Network
from editor.model.document import Document

EXAMPLES = Path(__file__).resolve().parents[1] / "golden" / "examples"


def load_golden(name: str) -> Network:
    """A golden example (made by real fastr 3.4.0) from its state file."""
    return create_network_copy(json.loads((EXAMPLES / f"{name}.state.json").read_text(encoding="utf-8")))


def small_network() -> Network:
    """src -> add.left_hand; const -> add.right_hand; add.result -> sink; plus a loose sink."""
    net = create_network("canvas_test")
    src = net.create_source("Int", id="src")
    const = net.create_constant("Int", [1, 2], id="const")
    add = net.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    sink = net.create_sink("Int", id="sink")
    loose = net.create_sink("Int", id="loose")
    flag = net.create_source("Boolean", id="flag")
    add.inputs["left_hand"] << src.outputs["output"]
    add.inputs["right_hand"] << const.outputs["output"]
    sink.inputs["input"] << add.outputs["result"]
    src.position, const.position, flag.position = (0.0, 0.0), (0.0, 150.0), (0.0, 300.0)
    add.position, sink.position, loose.position = (300.0, 40.0), (600.0, 40.0), (600.0, 220.0)
    return net


def make_view(qtbot, network: Network | None = None, document: Document | None = None) -> NetworkView:
    made = document is None
    document = document or Document(network or small_network())
    view = NetworkView(document)
    if made:
        # Owned by the view, as the main window owns its document: Qt deletes the document (and
        # its undo stack's commands) with the view. Left to Python's garbage collector, the stack
        # deleted commands whose Python halves were being collected with it (a segfault in
        # QUndoStack::clear at the end of the session).
        document.setParent(view)
    qtbot.addWidget(view)
    view.resize(1100, 700)
    view.show()
    qtbot.waitExposed(view)
    view.reset_zoom()
    view.centerOn(QPointF(350, 180))
    return view


def vp(view: NetworkView, scene_pos: QPointF | tuple[float, float]) -> QPoint:
    """Viewport coordinates of a scene position."""
    if isinstance(scene_pos, tuple):
        scene_pos = QPointF(*scene_pos)
    return view.mapFromScene(scene_pos)


def port_pos(view: NetworkView, node_id: str, side: str, port_id: str) -> QPoint:
    item = view.network_scene.node_items[node_id].port_items[(side, port_id)]
    return vp(view, item.scenePos())


def node_header_pos(view: NetworkView, node_id: str) -> QPoint:
    item = view.network_scene.node_items[node_id]
    return vp(view, item.mapToScene(QPointF(item.geometry.width / 2, 12.0)))


def drag(qtbot, view: NetworkView, start: QPoint, end: QPoint,
         modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, steps: int = 6) -> None:
    """A real press, a few moves and a release on the viewport."""
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, modifier, start)
    for n in range(1, steps + 1):
        point = QPoint(start.x() + (end.x() - start.x()) * n // steps, start.y() + (end.y() - start.y()) * n // steps)
        QTest.mouseMove(viewport, point)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, modifier, end)


def assert_mirrors(scene: NetworkScene) -> None:
    """One item per node, port and link, with equal ids and positions; no leftovers."""
    network = scene.network
    assert set(scene.node_items) == set(network.nodes)
    assert set(scene.link_items) == set(network.links)
    for node_id, node in network.nodes.items():
        item = scene.node_items[node_id]
        assert item.node_id == node_id
        assert item.scene() is scene
        assert node.position is not None
        assert (item.pos().x(), item.pos().y()) == tuple(node.position)
        wanted = {("in", p) for p in node.inputs} | {("out", p) for p in node.outputs}
        assert set(item.port_items) == wanted
        for (side, port_id), port in item.port_items.items():
            assert port.node_id == node_id and port.port_id == port_id and port.is_input == (side == "in")
    for link_id, item in scene.link_items.items():
        assert item.link_id == link_id and item.scene() is scene
    items = scene.items()
    assert sum(isinstance(i, NodeItem) for i in items) == len(network.nodes)
    assert sum(isinstance(i, LinkItem) for i in items) == len(network.links)
    assert sum(isinstance(i, PortItem) for i in items) == sum(
        len(n.inputs) + len(n.outputs) for n in network.nodes.values())
    assert set(scene.cluster_items) == {s for s, members in network.stepids.items() if members}
