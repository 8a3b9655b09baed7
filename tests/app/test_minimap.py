"""The Overview dock: the whole network small with the main view's visible area framed; a click
centres the main view there, a drag pans it (real mouse events on the minimap)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt

from editor.model.commands import MoveNodesCommand
from tests.worc_networks import worc_like_network


def centre(view) -> QPointF:
    return view.mapToScene(view.viewport().rect().center())


def opened(window, qtbot):
    window.resize(1600, 1000)
    window.document.replace(worc_like_network(("CT", "MR", "PET")), None)
    qtbot.waitUntil(lambda: not window.view._fit_pending)
    view = window.view
    view.reset_zoom()                              # 100 %: the view shows a small part
    dock = window.docks.get("overview")
    assert dock is not None and dock.isVisible()
    minimap = window.docks.minimap
    qtbot.waitUntil(lambda: minimap.width() > 100 and minimap.height() > 60)
    minimap.refresh()
    return view, minimap


def test_a_click_in_the_minimap_centres_the_main_view_there(window, qtbot) -> None:
    view, minimap = opened(window, qtbot)
    frame = minimap.frame()
    assert minimap.rect().contains(frame.center().toPoint())
    # a point away from the frame, on the network's picture
    target = view.network_scene.node_items["sink_barchart"].scene_box().center()
    spot = minimap.from_scene(target).toPoint()
    assert minimap.rect().contains(spot) and not frame.contains(QPointF(spot))
    qtbot.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=spot)
    moved = centre(view)
    tolerance = 2 / minimap._scale()                         # a pixel or two of the minimap
    assert abs(moved.x() - target.x()) < tolerance and abs(moved.y() - target.y()) < tolerance
    assert minimap.frame().contains(QPointF(spot))            # the frame followed
    qtbot.waitUntil(lambda: minimap._drawn_frame.contains(QPointF(spot)), timeout=2000)   # on screen too


def test_dragging_in_the_minimap_pans_the_main_view(window, qtbot) -> None:
    view, minimap = opened(window, qtbot)
    start_centre = centre(view)
    grab = minimap.frame().center().toPoint() + QPoint(3, 2)      # inside the frame, off-centre
    qtbot.mousePress(minimap, Qt.MouseButton.LeftButton, pos=grab)
    assert abs(centre(view).x() - start_centre.x()) < 2 / minimap._scale()    # a press in the frame: no jump
    path = [grab + QPoint(8 * i, 3 * i) for i in range(1, 8)]
    xs = []
    for point in path:
        qtbot.mouseMove(minimap, pos=point)
        xs.append(centre(view).x())
    qtbot.mouseRelease(minimap, Qt.MouseButton.LeftButton, pos=path[-1])
    assert xs == sorted(xs) and xs[-1] > start_centre.x() + 40 / minimap._scale()
    delta = centre(view) - start_centre
    assert abs(delta.x() - 56 / minimap._scale()) < 3 / minimap._scale()      # follows the hand
    assert abs(delta.y() - 21 / minimap._scale()) < 3 / minimap._scale()
    qtbot.mouseMove(minimap, pos=path[-1] + QPoint(30, 0))                  # released: no more pan
    assert centre(view) == start_centre + delta


def test_the_minimap_follows_edits_and_the_view(window, qtbot) -> None:
    view, minimap = opened(window, qtbot)
    before = minimap.frame()
    view.zoom_out()
    assert minimap.frame().width() > before.width()
    document = window.document
    item = view.network_scene.node_items["sink_barchart"]
    old = (item.pos().x(), item.pos().y())
    document.push(MoveNodesCommand(document.current_model, {"sink_barchart": (old, (old[0] + 3000, old[1]))}))
    qtbot.waitUntil(lambda: minimap._pixmap is not None and not minimap._stale, timeout=3000)
    minimap.grab()
    assert minimap._world.right() >= old[0] + 3000                     # the picture grew
    window.docks.get("overview").toggleViewAction().trigger()          # View › Panels › Overview
    assert not window.docks.get("overview").isVisible()
