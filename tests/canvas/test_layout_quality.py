"""The laid-out canvas reads: measured from the real scene items (NodeItem cards, LinkItem paths,
ClusterItem boxes) of fastr's examples and the WORC-like networks, opened without positions (the
editor lays them out) with the dimension labels on and off.

- no two node cards overlap, no step box overlaps another or a node not in it: none at all;
- links drawn under the card of a node they do not connect: at most the recorded bound per
  network (:data:`UNDER_BOUNDS`; lower it when the layout gets better, never raise it);
- turning the dimension labels on or off moves no node and keeps all that.
"""

from __future__ import annotations

import pytest

from editor.canvas.autolayout import CANVAS_SIZING
from editor.model import layoutcmds
from tests.canvas.layout_quality import (aspect_ratio, example_networks, links_under_nodes, make_scene,
                                         node_overlaps, step_clashes)
from tests.worc_networks import worc_like_network, worc_like_networks

EXAMPLES = example_networks()
WORC = {**worc_like_networks(), "worc_ct_mr_pet_pyradiomics": worc_like_network(("CT", "MR", "PET"),
                                                                                  ("pyradiomics",))}


def _fresh(name: str):
    if name.startswith("worc"):
        if name == "worc_ct_mr_pet_pyradiomics":
            return worc_like_network(("CT", "MR", "PET"), ("pyradiomics",))
        return worc_like_networks()[name]
    return example_networks()[name]


NAMES = [*EXAMPLES, *WORC]

#: Most (link, foreign node) pairs where a link is drawn under a card, per network, dimension labels
#: on or off. Only ever lower these. Before links were routed (plain curves): advanced_linking,
#: chunk_test, cross_validation, shift_links 1 each; worc_ct 47, worc_ct_mr 169, worc_ct_mr_pet 287.
UNDER_BOUNDS: dict[str, int] = {name: 0 for name in NAMES}


@pytest.mark.parametrize("dims", [True, False], ids=["dims", "nodims"])
@pytest.mark.parametrize("name", NAMES)
def test_no_overlaps_after_layout(qapp, name, dims):
    scene = make_scene(_fresh(name), dims)
    assert node_overlaps(scene) == []
    assert step_clashes(scene) == []


@pytest.mark.parametrize("dims", [True, False], ids=["dims", "nodims"])
@pytest.mark.parametrize("name", NAMES)
def test_links_do_not_run_under_foreign_cards(qapp, name, dims):
    scene = make_scene(_fresh(name), dims)
    under = links_under_nodes(scene)
    assert len(under) <= UNDER_BOUNDS[name], under


def test_bend_points_are_not_saved(qapp, tmp_path):
    """Routed links change the drawing only: the file is the same as without routing."""
    from editor.core.io.files import save_network
    scene = make_scene(worc_like_network(("CT",)), True)
    assert sum(1 for item in scene.link_items.values() if item.bends) > 10    # routing did something
    save_network(scene.network, tmp_path / "routed.yaml")
    plain = worc_like_network(("CT",))
    for node_id, node in plain.nodes.items():
        node.position = scene.network.nodes[node_id].position
    save_network(plain, tmp_path / "plain.yaml")
    assert (tmp_path / "routed.yaml").read_bytes() == (tmp_path / "plain.yaml").read_bytes()


@pytest.mark.parametrize("name", ["cross_validation", "macro_node2", "worc_ct_mr"])
def test_toggling_dimension_labels_moves_nothing_and_overlaps_nothing(qapp, name):
    scene = make_scene(_fresh(name), dims=False)
    before = {i: n.position for i, n in scene.network.nodes.items()}
    widths = {i: item.geometry.width for i, item in scene.node_items.items()}
    scene.set_dimension_mode("letters")
    assert any(item.geometry.width > widths[i] for i, item in scene.node_items.items())   # labels shown
    assert node_overlaps(scene) == [] and step_clashes(scene) == []
    assert {i: n.position for i, n in scene.network.nodes.items()} == before
    # ... and a Lay Out Network then has nothing to do: the layout counted the labels already.
    assert layoutcmds.layout_all(scene.model, CANVAS_SIZING) is None
    scene.set_dimension_mode(None)
    assert node_overlaps(scene) == [] and step_clashes(scene) == []


def test_a_card_moved_onto_a_link_is_routed_around(qapp):
    """After a move (one undo step, as a drag's release pushes) no link runs under the moved card:
    neither its own links nor the others it now lies on."""
    from editor.model.commands import MoveNodesCommand
    scene = make_scene(worc_like_network(("CT",)), True)
    network = scene.network
    ends = {link.id: (link.source.node, link.target.node) for link in network.links.values()}
    link_id, item = max(scene.link_items.items(), key=lambda kv: kv[1].path().length())
    x, y = item.point_at(0.5)
    mover = next(n for n in network.nodes if n not in ends[link_id])
    card = scene.node_items[mover].scene_box()
    old = network.nodes[mover].position
    new = (round(x - card.width() / 2), round(y - card.height() / 2))
    scene.document.push(MoveNodesCommand(scene.model, {mover: (old, new)}))
    assert [pair for pair in links_under_nodes(scene) if pair[1] == mover] == []
    scene.document.undo_stack.undo()
    assert links_under_nodes(scene) == []


@pytest.mark.parametrize("modalities", [("CT",), ("CT", "MR", "PET")])
def test_a_long_pipeline_of_steps_is_wrapped_to_the_window_s_proportions(qapp, modalities):
    """12 steps in a row were 7.8 to 9.6 times wider than high (nodes and step boxes); wrapped into
    rows of whole steps they come near 16:10, every step still in one box of its own."""
    scene = make_scene(worc_like_network(modalities), True)
    assert 1.2 <= aspect_ratio(scene) <= 2.2
    assert step_clashes(scene) == [] and node_overlaps(scene) == []
    for step, item in scene.cluster_items.items():
        for node_id in scene.network.stepids[step]:
            assert item.rect.contains(scene.node_items[node_id].scene_box())


def test_dragging_a_card_onto_a_link_draws_it_plain_then_routes_it_on_release(qtbot):
    """While a card is dragged its links (and the others) are not routed, each mouse move stays
    cheap; on release the link it was dropped on goes round it."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest
    from tests.canvas.helpers import make_view, node_header_pos, vp
    view = make_view(qtbot)
    scene = view.network_scene
    link_id = scene.network.links_into("add", "left_hand")[0].id       # src -> add: 170 long
    assert scene.link_items[link_id].bends == ()
    x, y = scene.link_items[link_id].point_at(0.5)
    card = scene.node_items["loose"].scene_box()
    start = node_header_pos(view, "loose")
    header = scene.node_items["loose"].mapToScene(QPointF(card.width() / 2, 12.0))
    end = vp(view, (header.x() + x - card.center().x(), header.y() + y - card.center().y()))
    viewport = view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for n in range(1, 7):
        QTest.mouseMove(viewport, QPoint(start.x() + (end.x() - start.x()) * n // 6,
                                         start.y() + (end.y() - start.y()) * n // 6))
    assert scene.node_items["loose"].scene_box().contains(QPointF(x, y))    # on the link, mid-drag
    assert scene.link_items[link_id].bends == ()
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert scene.link_items[link_id].bends != ()
    assert links_under_nodes(scene) == []
