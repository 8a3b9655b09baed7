"""The view: zoom, pan, fit, quick add, palette drops, theme, level of detail."""

from __future__ import annotations

import json

import pytest

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QPalette, QColor, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QGraphicsItem

from editor.canvas.quick_add import fuzzy_score, search, all_entries
from editor.canvas.theme import DARK, LIGHT, theme_for_palette
from editor.model.edits import TOOL_MIME
from tests.canvas.helpers import assert_mirrors, make_view, vp


def _wheel(view, pos: QPoint, delta: int) -> None:
    event = QWheelEvent(QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)), QPoint(0, 0), QPoint(0, delta),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)


def test_wheel_zooms_around_the_pointer_and_is_clamped(qtbot) -> None:
    view = make_view(qtbot)
    pointer = vp(view, (300.0, 40.0))
    _wheel(view, pointer, 240)
    assert view.scale_factor > 1.3
    assert (view.mapToScene(pointer) - QPointF(300.0, 40.0)).manhattanLength() < 3   # stays under the pointer
    for _ in range(40):
        _wheel(view, pointer, 1200)
    assert view.scale_factor == 4.0
    for _ in range(80):
        _wheel(view, pointer, -1200)
    assert view.scale_factor == 0.03


def test_zoom_buttons_fit_and_center(qtbot) -> None:
    view = make_view(qtbot)
    view.zoom_in()
    assert view.scale_factor == 1.25
    view.zoom_out()
    view.zoom_out()
    assert abs(view.scale_factor - 0.8) < 1e-9
    view.reset_zoom()
    assert view.scale_factor == 1.0
    view.fit_all()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    for item in view.network_scene.node_items.values():
        assert visible.contains(item.sceneBoundingRect())
    view.document.selection.set(["sink"])
    view.fit_selection()
    assert view.scale_factor == 1.0     # never zooms in beyond 100 %
    view.center_on_node("const")
    center = view.mapToScene(view.viewport().rect().center())
    assert view.network_scene.node_items["const"].sceneBoundingRect().adjusted(-2, -2, 2, 2).contains(center)
    link = next(iter(view.document.root.links))
    view.center_on_link(link)


def test_zoomed_far_out_one_overview_item_draws_the_network(qtbot) -> None:
    from editor.canvas.overview_item import OVERVIEW_SCALE
    view = make_view(qtbot)
    scene = view.network_scene
    flag = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    link = next(iter(scene.link_items.values()))
    assert not scene._overview.isVisible() and not link.flags() & flag
    while view.scale_factor >= OVERVIEW_SCALE:
        view.zoom_out()
    assert scene._overview.isVisible() and scene._overview.line_count() == len(scene.link_items)
    assert link.flags() & flag and scene.node_items["add"].flags() & flag
    view.document.selection.set(["add"], [link.link_id])
    view.grab()                        # paints lines and boxes without errors
    assert scene.selected_ids() == (["add"], [link.link_id])      # still selectable
    view.reset_zoom()
    assert not scene._overview.isVisible() and not link.flags() & flag


def test_middle_button_and_space_drag_pan(qtbot) -> None:
    view = make_view(qtbot)
    viewport = view.viewport()
    before = view.mapToScene(QPoint(500, 300))
    qtbot.mousePress(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(500, 300))
    QTest.mouseMove(viewport, QPoint(440, 260))
    qtbot.mouseRelease(viewport, Qt.MouseButton.MiddleButton, pos=QPoint(440, 260))
    after = view.mapToScene(QPoint(500, 300))
    assert (after - before - QPointF(60, 40)).manhattanLength() < 2
    QTest.keyPress(viewport, Qt.Key.Key_Space)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=QPoint(500, 300))
    QTest.mouseMove(viewport, QPoint(520, 300))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=QPoint(520, 300))
    QTest.keyRelease(viewport, Qt.Key.Key_Space)
    assert (view.mapToScene(QPoint(500, 300)) - after - QPointF(-20, 0)).manhattanLength() < 2
    assert view.document.undo_stack.count() == 0 and view.document.selection.nodes == []


def _drop(view, pos: QPoint, payload: dict) -> QDropEvent:
    mime = QMimeData()
    mime.setData(TOOL_MIME, json.dumps(payload).encode("utf-8"))
    actions = Qt.DropAction.CopyAction
    enter = QDragEnterEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(pos, actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), move)
    assert move.isAccepted()
    drop = QDropEvent(QPointF(pos), actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), drop)
    return drop


def test_palette_drop_creates_a_node_at_the_drop_point(qtbot) -> None:
    view = make_view(qtbot)
    network = view.document.root
    before = set(network.nodes)
    drop_at = vp(view, (420.0, 400.0))
    drop = _drop(view, drop_at, {"ns_id": "fastr/math/AddInt:1.0", "version": "1.0"})
    assert drop.isAccepted()
    new = set(network.nodes) - before
    assert len(new) == 1
    node = network.nodes[new.pop()]
    assert node.tool == ("fastr/math/AddInt:1.0", "1.0")
    expected = view.mapToScene(drop_at)
    assert node.position == (float(round(expected.x())), float(round(expected.y())))
    assert view.document.undo_stack.count() == 1
    assert_mirrors(view.network_scene)


def test_drop_of_unknown_tool_says_so(qtbot) -> None:
    view = make_view(qtbot)
    messages = []
    view.status_message.connect(messages.append)
    _drop(view, QPoint(300, 300), {"ns_id": "nope/Nothing:1.0", "version": "1.0"})
    assert view.document.undo_stack.count() == 0 and "not in the tool library" in messages[-1]


def test_double_click_on_empty_canvas_quick_adds_a_tool_at_the_pointer(qtbot) -> None:
    view = make_view(qtbot)
    network = view.document.root
    where = vp(view, (420.0, 420.0))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    popup = view.quick_add_popup
    assert popup is not None and popup.isVisible()
    qtbot.keyClicks(popup.search_field, "addint")
    assert popup.current_entry().label == "AddInt"
    before = set(network.nodes)
    QTest.keyClick(popup.search_field, Qt.Key.Key_Return)
    new = set(network.nodes) - before
    assert len(new) == 1 and not popup.isVisible()
    node = network.nodes[new.pop()]
    scene_pos = view.mapToScene(where)
    assert node.tool[0] == "fastr/math/AddInt:1.0"
    assert node.position == (float(round(scene_pos.x())), float(round(scene_pos.y())))
    assert_mirrors(view.network_scene)


def test_tab_opens_quick_add_and_specials_are_offered(qtbot) -> None:
    view = make_view(qtbot)
    view.setFocus()
    QTest.keyClick(view.viewport(), Qt.Key.Key_Tab)
    popup = view.quick_add_popup
    assert popup is not None and popup.isVisible()
    qtbot.keyClicks(popup.search_field, "sink")
    assert popup.current_entry().kind == "sink"
    QTest.keyClick(popup.search_field, Qt.Key.Key_Return)
    assert any(n.kind == "sink" and n.id not in ("sink", "loose") for n in view.document.root.nodes.values())


def test_fuzzy_search_ranks_sensibly(qapp) -> None:
    from editor.core.tools.library import builtin_library
    entries = all_entries(builtin_library())
    assert search(entries, "addi")[0].label == "AddInt"
    assert search(entries, "crossval")[0].label == "CrossValidation"
    assert search(entries, "const")[0].kind == "constant"
    assert fuzzy_score("xyz", "AddInt") is None
    assert fuzzy_score("ai", "AddInt") < fuzzy_score("ai", "fastr/math/Divide")


def test_theme_follows_the_palette(qtbot) -> None:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    assert theme_for_palette(palette) is DARK
    palette.setColor(QPalette.ColorRole.Window, QColor("#efefef"))
    assert theme_for_palette(palette) is LIGHT
    view = make_view(qtbot)
    dark = QPalette(view.palette())
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    view.setPalette(dark)
    assert view.network_scene.theme is DARK
    assert view.network_scene.node_items["add"]._theme is DARK


def test_grabbed_view_shows_fastr_draw_colours(qtbot) -> None:
    """Paint for real and look at pixels: node fills are fastr draw's colours."""
    view = make_view(qtbot)
    image = view.grab().toImage()
    scene = view.network_scene
    expected = {"src": "#caff70", "add": "#e5e5e5", "sink": "#b0e2ff", "const": "#ffbbff"}
    for node_id, colour in expected.items():
        item = scene.node_items[node_id]
        point = vp(view, item.mapToScene(QPointF(item.geometry.width - 8.0, item.geometry.header_height - 4.0)))
        assert image.pixelColor(point).name() == colour, node_id


def test_cards_in_view_paint_straight_while_the_wheel_turns(qtbot) -> None:
    view = make_view(qtbot)
    view.reset_zoom()
    cached = QGraphicsItem.CacheMode.DeviceCoordinateCache
    items = view.network_scene.node_items.values()
    assert all(item.cacheMode() == cached for item in items)
    _wheel(view, view.viewport().rect().center(), 120)
    straight = [item for item in items if item.cacheMode() == QGraphicsItem.CacheMode.NoCache]
    assert straight and all(item in view.items() for item in straight)     # the cards in view
    _wheel(view, view.viewport().rect().center(), -120)                      # still turning
    assert [item for item in items if item.cacheMode() != cached] == straight
    qtbot.waitUntil(lambda: all(item.cacheMode() == cached for item in items), timeout=3000)
    assert view.scale_factor == pytest.approx(1.0)
