"""Zoomed far out, the overview item keeps its node boxes and line groups between paints; after
every kind of change the next paint draws exactly what a fresh reading of the items gives."""

from __future__ import annotations

from editor.canvas.overview_item import OVERVIEW_SCALE
from editor.model.commands import MoveNodesCommand, RenameNodeCommand
from editor.model.edits import add_special_node, delete_items
from tests.canvas.helpers import make_view


def fresh(scene):
    boxes, chosen = {}, set()
    for node_id, rect, kind, selected in scene._overview_nodes():
        boxes.setdefault(kind, []).append(rect)
        if selected:
            chosen.add(node_id)
    lines = {}
    overview = scene._overview
    for link_id, (style, line) in overview._lines.items():
        lines.setdefault("selected" if link_id in overview._selected else style, []).append(line)
    return (boxes, chosen), lines


def _key(line) -> tuple[float, ...]:
    return (line.x1(), line.y1(), line.x2(), line.y2())


def _rect_key(rect) -> tuple[float, ...]:
    return (rect.x(), rect.y(), rect.width(), rect.height())


def merged(groups, key):
    """(kind or colour, tile) -> items, as kind or colour -> sorted items."""
    out = {}
    for (name, _tile), items in groups.items():
        out.setdefault(name, []).extend(items)
    return {name: sorted(items, key=key) for name, items in out.items()}


def assert_paints_fresh(view) -> None:
    scene = view.network_scene
    view.grab()
    nodes, lines = fresh(scene)
    assert merged(scene._overview._node_groups, _rect_key) == {k: sorted(v, key=_rect_key) for k, v in nodes[0].items()}
    assert scene._overview._chosen == nodes[1]
    assert merged(scene._overview._line_groups, _key) == {k: sorted(v, key=_key) for k, v in lines.items()}
    for tiles, groups in ((scene._overview._node_tiles, scene._overview._node_groups),
                          (scene._overview._line_tiles, scene._overview._line_groups)):
        for (_name, tile), items in groups.items():       # every tile's box holds its members
            box = tiles[tile].adjusted(-1e-6, -1e-6, 1e-6, 1e-6)
            for item in items:
                assert box.contains(item.p1()) and box.contains(item.p2()) if hasattr(item, "p1") \
                    else box.contains(item), (tile, item)
    assert sum(len(v) for v in nodes[0].values()) == len(scene.node_items)
    assert scene._overview.line_count() == len(scene.link_items)


def test_the_overview_follows_every_change(qtbot) -> None:
    view = make_view(qtbot)
    scene, doc = view.network_scene, view.document
    model = doc.current_model
    while view.scale_factor >= OVERVIEW_SCALE:
        view.zoom_out()
    assert scene._overview.isVisible()
    assert_paints_fresh(view)
    cached = scene._overview._node_groups
    view.grab()
    assert scene._overview._node_groups is cached          # nothing changed: nothing re-read
    doc.push(MoveNodesCommand(model, {"add": ((300.0, 40.0), (900.0, 500.0))}))
    assert_paints_fresh(view)
    doc.undo_stack.undo()
    assert_paints_fresh(view)
    link = next(iter(scene.link_items))
    doc.selection.set(["add"], [link])
    assert_paints_fresh(view)
    assert scene._overview._chosen == {"add"} and "selected" in {c for c, _t in scene._overview._line_groups}
    doc.selection.set([], [])
    assert_paints_fresh(view)
    doc.push(add_special_node(model, "source", "Int", (1500.0, 900.0)))
    assert_paints_fresh(view)
    doc.push(RenameNodeCommand(model, "add", "a_much_longer_name_makes_a_wider_box"))
    assert_paints_fresh(view)
    doc.push(delete_items(doc, ["const"], []))
    assert_paints_fresh(view)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
        assert_paints_fresh(view)


def test_moving_a_node_at_fit_all_reads_only_that_node(qtbot) -> None:
    """A drag's mouse move updates the moved box and its links in place: no pass over the network."""
    view = make_view(qtbot)
    scene, doc = view.network_scene, view.document
    while view.scale_factor >= OVERVIEW_SCALE:
        view.zoom_out()
    view.grab()
    overview = scene._overview
    full: list[int] = []
    boxes: list[str] = []
    real_nodes, real_box = overview._nodes, overview._node_box
    overview._nodes = lambda: (full.append(1), real_nodes())[1]
    overview._node_box = lambda node_id: (boxes.append(node_id), real_box(node_id))[1]
    groups, lines = overview._node_groups, overview._line_groups
    try:
        for step in range(5):
            doc.push(MoveNodesCommand(doc.current_model, {"add": ((300.0 + step, 40.0), (301.0 + step, 41.0))}))
            view.grab()
    finally:
        overview._nodes, overview._node_box = real_nodes, real_box
    assert full == [] and set(boxes) == {"add"}
    assert overview._node_groups is groups and overview._line_groups is lines      # updated in place
    assert_paints_fresh(view)


def test_a_drag_at_fit_all_repaints_what_a_full_paint_draws(qtbot, monkeypatch) -> None:
    """The map draws each rect of a repaint region clipped on its own (a step box's edge strips
    beside the dragged card): after a drag out of a step the screen holds what a paint of the
    whole window gives, pixel for pixel (nothing drawn twice, nothing left out)."""
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    import editor.canvas.overview_item as overview_item
    from tests.worc_networks import worc_like_network
    split: list[int] = []
    real = overview_item._clips
    monkeypatch.setattr(overview_item, "_clips",
                        lambda painter, exposed: (lambda c: (split.append(len(c)), c)[1])(real(painter, exposed)))
    view = make_view(qtbot, worc_like_network())
    view.fit_all()
    while view.scale_factor >= OVERVIEW_SCALE:
        view.zoom_out()
    scene, viewport = view.network_scene, view.viewport()
    node_id = max(scene.cluster_items["train"].members.index, key=lambda n: scene.node_items[n].scene_box().right()) \
        if "train" in scene.cluster_items else next(iter(scene._step_of))
    item = scene.node_items[node_id]
    start = view.mapFromScene(item.mapToScene(QPointF(item.geometry.width / 2, 8.0)))
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 30):
        QTest.mouseMove(viewport, start + QPoint(3 * i, i))
        for _ in range(3):
            QApplication.processEvents()
    assert any(n > 1 for n in split)                  # some repaints were drawn rect by rect
    shot = QApplication.primaryScreen().grabWindow(view.window().winId()).toImage()
    full = view.window().grab().toImage()
    assert shot.size() == full.size() and shot == full
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(87, 29))
