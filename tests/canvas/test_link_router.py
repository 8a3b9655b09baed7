"""Links routed round cards: a detour goes when the card it went round is dragged away (and only
the links near the moved cards are routed again), and centring on a link centres on its line."""

from __future__ import annotations

import math

from PySide6.QtCore import QPoint, QPointF

from editor.api import create_network
from editor.canvas import geometry as geo
from editor.canvas import link_router
from editor.canvas.link_item import LinkItem
from editor.core.graph.network import Network
from tests.canvas.helpers import drag, make_view, node_header_pos


def _blocked(rows: int = 1) -> Network:
    """Per row: src_k -> snk_k far to the right, with the card block_k in the way."""
    net = create_network("routing")
    for k in range(rows):
        src = net.create_source("Int", id=f"src_{k}")
        snk = net.create_sink("Int", id=f"snk_{k}")
        block = net.create_sink("Int", id=f"block_{k}")
        snk.inputs["input"] << src.outputs["output"]
        y = 400.0 * k
        src.position, block.position, snk.position = (0.0, y), (420.0, y + 20.0), (900.0, y)
    return net


def _link(view, k: int = 0) -> LinkItem:
    scene = view.network_scene
    link = next(l for l in scene.network.links.values() if l.source.node == f"src_{k}")
    return scene.link_items[link.id]


def test_a_detour_goes_when_the_card_it_went_round_is_dragged_away(qtbot) -> None:
    view = make_view(qtbot, _blocked())
    view.centerOn(QPointF(450.0, 100.0))
    item = _link(view)
    assert item.bends                                       # round block_0
    start = node_header_pos(view, "block_0")
    drag(qtbot, view, start, start + QPoint(0, 260))
    assert view.network_scene.network.nodes["block_0"].position[1] > 150.0
    assert item.bends == ()                                 # the plain curve is clear now
    view.document.undo_stack.undo()                         # the card is back in the way
    assert item.bends
    view.document.undo_stack.redo()
    assert item.bends == ()


def test_only_links_near_the_moved_cards_are_routed_again(qtbot, monkeypatch) -> None:
    view = make_view(qtbot, _blocked(rows=3))
    scene = view.network_scene
    view.centerOn(QPointF(450.0, 100.0))
    assert all(_link(view, k).bends for k in range(3))
    routed: list[str] = []
    real = scene._update_link

    def counting(link_id, fan=None):
        routed.append(link_id)
        real(link_id, fan)
    monkeypatch.setattr(scene, "_update_link", counting)
    start = node_header_pos(view, "block_0")
    routed.clear()
    drag(qtbot, view, start, start + QPoint(0, 220))
    far = {_link(view, 2).link_id}
    assert _link(view, 0).link_id in routed and not far & set(routed)
    assert _link(view, 0).bends == () and _link(view, 2).bends


def test_the_work_after_a_move_is_bounded(qtbot, monkeypatch) -> None:
    monkeypatch.setattr("editor.canvas.scene.MAX_NEAR_REROUTES", 0)
    view = make_view(qtbot, _blocked())
    item = _link(view)
    assert item.bends
    scene = view.network_scene
    block = scene.node_items["block_0"]
    old = block.scene_box()
    block.setPos(block.pos() + QPointF(0.0, 300.0))
    scene.update_node_links(["block_0"], [old])
    assert item.bends                                       # over the bound: left as it was
    monkeypatch.setattr("editor.canvas.scene.MAX_NEAR_REROUTES", link_router.MAX_NEAR_REROUTES)
    scene.update_node_links(["block_0"], [old])
    assert item.bends == ()


def test_centring_on_a_routed_link_centres_on_its_line(qtbot) -> None:
    view = make_view(qtbot, _blocked())
    item = _link(view)
    assert item.bends
    view.center_on_link(item.link_id)
    centre = view.mapToScene(view.viewport().rect().center())
    middle = item.path().pointAtPercent(0.5)
    assert abs(centre.x() - middle.x()) <= 2 and abs(centre.y() - middle.y()) <= 2
    plain = geo.bezier_point(item.controls, 0.5)
    assert math.dist(plain, (centre.x(), centre.y())) > 20     # the detour's middle, not the plain curve's



def test_a_card_moved_next_to_a_detour_without_touching_it_reroutes_it(qtbot) -> None:
    """A route keeps ``MARGIN`` from every card: a card moved closer than that to a detour (but
    not under the link's 10-wide hit stroke) makes the link route again."""
    from editor.model.commands import MoveNodesCommand
    net = _blocked()
    other = net.create_sink("Int", id="other")
    other.position = (1400.0, 600.0)
    view = make_view(qtbot, net)
    item = _link(view)
    bends = item.bends
    assert len(bends) == 2 and bends[0][1] == bends[1][1]       # one level run round block_0
    run_y = bends[0][1]
    block = view.network_scene.node_items["block_0"].scene_box()
    height = view.network_scene.node_items["other"].scene_box().height()
    gap = link_router.MARGIN - 2.0
    y = run_y - gap - height if run_y < block.top() else run_y + gap       # on the far side of the run
    view.document.push(MoveNodesCommand(view.document.current_model, {"other": ((1400.0, 600.0), (450.0, y))}))
    box = view.network_scene.node_items["other"].scene_box()
    assert min(abs(box.top() - run_y), abs(box.bottom() - run_y)) == gap        # not under the stroke
    assert item.bends != bends
