"""Step boxes while a node is dragged: each mouse move grows or shrinks the box from the still
members' box (computed once per drag), and ends up exactly where a full recomputation puts it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from editor.canvas.cluster_item import MemberBoxes, cluster_rect
from tests.canvas.helpers import make_view, node_header_pos, small_network


def stepped():
    net = small_network()
    net.stepids["compute"] = ["src", "const", "add"]
    net.stepids["store"] = ["sink", "loose"]
    return net


def full_rect(scene, step: str):
    return cluster_rect(scene.node_items[n].scene_box() for n in scene.network.stepids[step])


def test_boxes_follow_each_mouse_move_of_a_drag(qtbot) -> None:
    view = make_view(qtbot, stepped())
    scene = view.network_scene
    viewport = view.viewport()
    start = node_header_pos(view, "add")
    before = scene.cluster_items["compute"].rect
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    calls = []
    real = scene.update_clusters
    moved_given = []
    scene.update_clusters = lambda steps, **kw: (calls.append(set(steps)), moved_given.append(kw.get("moved")),
                                                 real(steps, **kw))[1]
    for dx, dy in ((40, 10), (120, 60), (200, 180), (-60, -40)):       # out, further, and back in
        QTest.mouseMove(viewport, QPoint(start.x() + dx, start.y() + dy))
        assert scene.cluster_items["compute"].rect == full_rect(scene, "compute")
        assert scene.cluster_items["store"].rect == full_rect(scene, "store")      # not touched
    assert calls == []                     # no full recomputation while dragging
    assert scene.cluster_items["compute"].rect != before
    end = QPoint(start.x() + 200, start.y() + 180)
    QTest.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert calls and "compute" in set().union(*calls)          # labels placed again at the end
    assert any(m is not None and "add" in m for m in moved_given)     # told what moved: no full pass
    assert scene.cluster_items["compute"].rect == full_rect(scene, "compute")
    assert _kept_is_fresh(scene, "compute")
    view.document.undo_stack.undo()
    assert scene.cluster_items["compute"].rect == before
    assert _kept_is_fresh(scene, "compute")


def _kept_is_fresh(scene, step: str) -> bool:
    """The member boxes the step keeps are those a full recomputation reads."""
    kept = scene.cluster_items[step].members
    return kept is not None and kept.united == MemberBoxes(
        {n: scene.node_items[n].scene_box() for n in scene.network.stepids[step]}).united and all(
        kept.box(n) == scene.node_items[n].scene_box() for n in scene.network.stepids[step])


def test_escape_puts_the_box_back(qtbot) -> None:
    view = make_view(qtbot, stepped())
    scene = view.network_scene
    viewport = view.viewport()
    start = node_header_pos(view, "add")
    before = scene.cluster_items["compute"].rect
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, QPoint(start.x() + 150, start.y() + 150))
    assert scene.cluster_items["compute"].rect != before
    QTest.keyClick(viewport, Qt.Key.Key_Escape)
    assert scene.cluster_items["compute"].rect == before
    assert scene.node_items["add"].pos() == QPointF(300.0, 40.0)


def test_a_drag_back_to_the_start_leaves_box_and_label_as_they_were(qtbot) -> None:
    view = make_view(qtbot, stepped())
    scene = view.network_scene
    viewport = view.viewport()
    start = node_header_pos(view, "add")
    cluster = scene.cluster_items["compute"]
    before, label = cluster.rect, cluster.label.pos()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(viewport, QPoint(start.x() + 150, start.y() - 150))
    QTest.mouseMove(viewport, start)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    assert view.document.undo_stack.count() == 0
    assert cluster.rect == before and cluster.label.pos() == label


def test_a_small_change_repaints_strips_not_the_whole_box(qtbot) -> None:
    from PySide6.QtCore import QRectF

    from editor.canvas.cluster_item import SLACK, changed_strips
    view = make_view(qtbot, stepped())
    cluster = view.network_scene.cluster_items["compute"]
    box = cluster.rect
    bounds = cluster.boundingRect()
    assert bounds.contains(box) and cluster.scene_box() == box
    grown = box.adjusted(0, 0, 6, 0)
    repainted = []
    real_update = cluster.update
    cluster.update = lambda *rect: (repainted.append(rect), real_update(*rect))[1]
    cluster.set_rect(grown)
    assert cluster.boundingRect() == bounds                  # no geometry change: no full repaint
    assert repainted and all(r and r[0].width() < 30 for r in repainted)
    assert changed_strips(box, grown) == [r[0] for r in repainted]
    cluster.set_rect(box.adjusted(0, 0, 4 * SLACK, 0))       # beyond the slack: new bounds
    assert cluster.boundingRect().contains(cluster.rect) and cluster.boundingRect() != bounds
    cluster.set_rect(QRectF())
    assert cluster.boundingRect().isNull() and not cluster.label.isVisible()


def test_strips_cover_the_difference_of_two_boxes() -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QRegion

    from editor.canvas.cluster_item import changed_strips
    for old, new in ((QRectF(0, 0, 100, 80), QRectF(0, 0, 130, 80)),
                     (QRectF(0, 0, 100, 80), QRectF(-20, 10, 100, 60)),
                     (QRectF(10, 10, 100, 80), QRectF(0, 0, 200, 200))):
        covered = QRegion()
        for strip in changed_strips(old, new):
            covered = covered.united(QRegion(strip.toAlignedRect()))
        diff = QRegion(old.toAlignedRect()).xored(QRegion(new.toAlignedRect()))
        assert covered.united(diff) == covered          # every pixel that changed is repainted


def test_member_boxes_take_moved_members_in_place() -> None:
    from PySide6.QtCore import QRectF
    kept = MemberBoxes({"a": QRectF(0, 0, 10, 10), "b": QRectF(50, 0, 10, 10)})
    assert kept.moved({"b": QRectF(100, 20, 10, 10)})
    assert kept.united == QRectF(0, 0, 110, 30)
    assert kept.box("b") == QRectF(100, 20, 10, 10)
    assert kept.moved({"a": QRectF(90, 5, 5, 5)}) and kept.united == QRectF(90, 5, 20, 25)   # shrinks too
    assert not kept.moved({"c": QRectF(0, 0, 1, 1)})             # not a member: nothing changed
    assert kept.united == QRectF(90, 5, 20, 25)
