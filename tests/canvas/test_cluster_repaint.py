"""A drag that grows a step's box repaints only strips along the edges that moved (and the box's
bounding rect stays put), yet what is on screen after it (the window's backing store) is what a
full repaint of the view draws: a repaint region too small for the box's change leaves a stale
edge or fill behind and fails these tests. Also: the still members' box at a drag's start comes
from the member boxes kept per step, not from every member again."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from editor.canvas.cluster_item import MemberBoxes, cluster_rect, united
from editor.canvas.node_item import NodeItem
from editor.canvas.overview_item import OVERVIEW_SCALE
from tests.canvas.helpers import make_view
from tests.canvas.test_map_repaint import differing, on_screen
from tests.worc_networks import worc_like_network


def _edge_node(scene) -> tuple[str, str]:
    """The biggest step and its member furthest right (dragging it right grows the box)."""
    step = max(scene.cluster_items, key=lambda s: len(scene.network.stepids[s]))
    members = [n for n in scene.network.stepids[step] if n in scene.node_items]
    return step, max(members, key=lambda n: scene.node_items[n].scene_box().right())


def _drag_out(qtbot, view, node_id: str, steps: int, step_px: QPoint, before_release=None) -> None:
    item = view.network_scene.node_items[node_id]
    view.centerOn(item.scene_box().center())
    qtbot.wait(30)
    start = view.mapFromScene(item.mapToScene(QPointF(item.geometry.width / 2, 8.0)))
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, steps + 1):
        QTest.mouseMove(viewport, start + step_px * i)
        qtbot.wait(5)
    if before_release is not None:
        before_release()
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       start + step_px * steps)
    qtbot.wait(50)


@pytest.mark.parametrize("zoom", ["map", "100 %"])
def test_a_drag_growing_a_step_box_leaves_what_a_full_repaint_draws(qtbot, zoom) -> None:
    view = make_view(qtbot, worc_like_network(("CT", "MR", "PET")))
    if zoom == "map":
        view.fit_all()
        assert view.scale_factor < OVERVIEW_SCALE
    else:
        view.reset_zoom()
        assert view.scale_factor == 1.0
    qtbot.wait(50)
    scene = view.network_scene
    step, node_id = _edge_node(scene)
    cluster = scene.cluster_items[step]
    before, bounds = cluster.rect, cluster.boundingRect()
    repainted: list[QRectF] = []
    real_update = cluster.update
    cluster.update = lambda *rect: (repainted.append(rect[0] if rect else QRectF()), real_update(*rect))[1]
    _drag_out(qtbot, view, node_id, 10, QPoint(3, 1) if zoom == "map" else QPoint(4, 1))
    assert view.document.undo_stack.count() == 1
    after = cluster.rect
    assert after.right() > before.right() and after.bottom() >= before.bottom()    # the box grew
    assert cluster.boundingRect() == bounds          # within its room: no repaint of the whole box
    # every repaint was a strip along an edge, not the area between the old and the new edge
    assert repainted and all(not r.isNull() and min(r.width(), r.height()) < before.width() / 2
                             for r in repainted)
    shown = on_screen(view)
    full = view.viewport().grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert differing(shown, full) == 0


def test_a_drag_start_reads_no_still_member_again(qtbot, monkeypatch) -> None:
    view = make_view(qtbot, worc_like_network(("CT", "MR", "PET")))
    scene = view.network_scene
    step, node_id = _edge_node(scene)
    assert len(scene.network.stepids[step]) > 5
    read: list[str] = []
    inside: list[bool] = []
    started: list[bool] = []
    real_box, real_start = NodeItem.scene_box, scene.cluster_drag_start

    def start(steps, moving):
        inside.append(True)
        started.append(True)
        try:
            return real_start(steps, moving)
        finally:
            inside.pop()

    monkeypatch.setattr(scene, "cluster_drag_start", start)
    monkeypatch.setattr(NodeItem, "scene_box",
                        lambda self: (inside and read.append(self.node_id), real_box(self))[1])
    _drag_out(qtbot, view, node_id, 4, QPoint(20, 5))
    assert view.document.undo_stack.count() == 1
    assert started and read == []        # the drag's start read no member's box again
    members = scene.network.stepids[step]
    box = scene.cluster_items[step].rect           # the release computed the box again, in full
    assert box == cluster_rect(real_box(scene.node_items[n]) for n in members)


def test_member_boxes_without_the_moving_ones_equal_the_rest_united() -> None:
    rng = random.Random(15)
    for _ in range(300):
        count = rng.randint(1, 12)
        grid = [float(rng.randint(0, 6) * 10) for _ in range(4 * count)]       # ties on the sides
        boxes = {f"n{i}": QRectF(QPointF(grid[4 * i], grid[4 * i + 1]),
                                 QPointF(grid[4 * i] + 5 + grid[4 * i + 2], grid[4 * i + 1] + 5 + grid[4 * i + 3]))
                 for i in range(count)}
        kept = MemberBoxes(boxes, listed=count)
        moving = {n for n in boxes if rng.random() < 0.4} | ({"other"} if rng.random() < 0.3 else set())
        assert kept.without(moving) == united(r for n, r in boxes.items() if n not in moving)
        assert kept.without(set()) == united(boxes.values())
        assert all(kept.box(n) == r for n, r in boxes.items())
