"""Context menus on node, link, step box and canvas through real right clicks on the canvas: the
menu holds the actions that apply there (the window's own actions where it has them), and
triggering one does what it says."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from tests.app.helpers import stepped_network

pytestmark = pytest.mark.usefixtures("keep_look")


@pytest.fixture
def stepped(window):
    window.document.replace(stepped_network(2), None)
    view = window.view
    view.reset_zoom()
    view.centerOn(QPointF(450.0, 150.0))
    QApplication.processEvents()
    return window


def _right_click(window, scene_pos: QPointF) -> QMenu:
    view = window.view
    viewport = view.viewport()
    pos = view.mapFromScene(scene_pos)
    # The press and release a right click makes, then the context menu event the window system
    # sends after them (QTest's clicks do not make one).
    QTest.mouseClick(viewport, Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier, pos)
    QApplication.sendEvent(viewport, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos,
                                                       viewport.mapToGlobal(pos)))
    QApplication.processEvents()
    menu = window.context_menus.menu
    assert menu is not None and menu.isVisible()
    return menu


def _texts(menu: QMenu) -> list[str]:
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def _action(menu: QMenu, text: str):
    found = [a for a in menu.actions() if a.text().replace("&", "") == text]
    assert found, (text, _texts(menu))
    return found[0]


def _node_centre(window, node_id: str) -> QPointF:
    item = window.view.network_scene.node_items[node_id]
    return item.mapToScene(QPointF(item.geometry.width / 2, 10.0))


def test_node_menu_selects_the_node_and_offers_the_node_actions(stepped, qtbot, dialogs, monkeypatch) -> None:
    window = stepped
    doc = window.document
    menu = _right_click(window, _node_centre(window, "add_0_0"))
    assert doc.selection.nodes == ["add_0_0"]
    texts = _texts(menu)
    for wanted in ("Rename…", "Properties", "Cut", "Copy", "Duplicate", "Delete", "Lay Out Selection", "Step",
                   "Make Macro from Selection"):
        assert wanted in texts, (wanted, texts)
    actions = window.menu_actions
    assert actions.duplicate in menu.actions() and actions.delete in menu.actions()   # the window's own
    _action(menu, "Duplicate").trigger()
    assert "add_0_2" in doc.root.nodes and doc.selection.nodes == ["add_0_2"]
    menu.close()
    monkeypatch.setattr("editor.app.dialogs.ask_text", lambda *args: "first_adder")
    menu = _right_click(window, _node_centre(window, "add_0_0"))
    _action(menu, "Rename…").trigger()
    assert "first_adder" in doc.root.nodes and "add_0_0" not in doc.root.nodes
    assert doc.selection.nodes == ["first_adder"]
    menu.close()


def test_node_menu_step_submenu_moves_the_selection_to_a_step(stepped, qtbot) -> None:
    window = stepped
    doc = window.document
    doc.selection.set(["add_0_0", "add_1_0"])
    menu = _right_click(window, _node_centre(window, "add_0_0"))
    assert doc.selection.nodes == ["add_0_0", "add_1_0"]           # a selected node keeps the selection
    step = _action(menu, "Step").menu()
    assert _action(step, "compute").isChecked()
    _action(step, "store").trigger()
    assert doc.root.step_of("add_0_0") == "store" and doc.root.step_of("add_1_0") == "store"
    assert doc.undo_stack.count() == 1
    menu.close()


def test_link_menu_deletes_and_inserts_a_node(stepped, qtbot) -> None:
    window = stepped
    doc = window.document
    scene = window.view.network_scene
    link = doc.root.links_into("sink_0", "input")[0]
    middle = scene.link_items[link.id].path().pointAtPercent(0.5)
    menu = _right_click(window, middle)
    assert doc.selection.links == [link.id] and doc.selection.nodes == []
    assert {"Insert Node…", "Properties", "Delete"} <= set(_texts(menu))
    _action(menu, "Insert Node…").trigger()
    popup = window.view.quick_add_popup
    assert popup is not None and popup.isVisible() and popup.entries
    assert all(e.kind == "tool" for e in popup.entries)
    qtbot.keyClicks(popup.search_field, "addint")
    QTest.keyClick(popup.search_field, Qt.Key.Key_Return)
    new = doc.selection.nodes[0]
    assert link.id not in doc.root.links
    assert doc.root.links_into("sink_0", "input")[0].source.node == new
    assert doc.root.links_into(new, "left_hand")[0].source.node == "add_0_1"
    assert doc.undo_stack.count() == 1
    menu = _right_click(window, scene.link_items[doc.root.links_into("sink_0", "input")[0].id]
                        .path().pointAtPercent(0.5))
    _action(menu, "Delete").trigger()
    assert not doc.root.links_into("sink_0", "input")


def test_step_menu_renames_selects_and_lays_out(stepped, qtbot, monkeypatch) -> None:
    window = stepped
    doc = window.document
    scene = window.view.network_scene
    box = scene.cluster_items["compute"].scene_box()
    # a spot inside the box on no node and no link (links are routed round cards, so where they
    # run depends on the layout): the box's own margin, searched along its edges
    inside = [QPointF(box.left() + 6.0, box.top() + f * box.height()) for f in (0.95, 0.5, 0.25, 0.75)]
    inside += [QPointF(box.left() + f * box.width(), box.bottom() - 6.0) for f in (0.05, 0.5, 0.95)]
    spots = [p for p in inside if scene.context_target(p) == ("step", "compute")]
    assert spots, [scene.context_target(p) for p in inside]
    spot = spots[0]
    menu = _right_click(window, spot)
    assert _texts(menu) == ["Rename Step…", "Select Members", "Lay Out Step"]
    _action(menu, "Select Members").trigger()
    assert sorted(doc.selection.nodes) == ["add_0_0", "add_0_1", "add_1_0", "add_1_1"]
    monkeypatch.setattr("editor.app.dialogs.ask_text", lambda *args: "calculate")
    menu = _right_click(window, spot)
    _action(menu, "Rename Step…").trigger()
    assert "compute" not in doc.root.stepids
    assert sorted(doc.root.stepids["calculate"]) == ["add_0_0", "add_0_1", "add_1_0", "add_1_1"]
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert sorted(doc.root.stepids["compute"]) == ["add_0_0", "add_0_1", "add_1_0", "add_1_1"]


def test_canvas_menu_adds_a_note_where_it_was_opened(stepped, qtbot) -> None:
    window = stepped
    doc = window.document
    spot = QPointF(450.0, 1000.0)
    _action(_right_click(window, spot), "Add Note Here").trigger()
    (note,) = doc.root.notes.values()
    item = window.view.network_scene.note_items[note.id]
    assert item.sceneBoundingRect().contains(spot)                  # where the menu was opened
    doc.undo_stack.undo()
    assert not doc.root.notes                                       # one undo step


def test_note_menu_selects_the_note_and_edits_copies_and_deletes_it(stepped, qtbot) -> None:
    window = stepped
    doc, scene = window.document, window.view.network_scene
    note_id = scene.add_note(QPointF(450.0, 1000.0), "right-clicked", edit=False)
    node_id = next(iter(doc.root.nodes))
    doc.selection.set([node_id])
    item = scene.note_items[note_id]
    menu = _right_click(window, item.mapToScene(QPointF(30.0, 30.0)))
    assert menu.objectName() == "note_context_menu"
    assert _texts(menu)[:1] == ["Edit Text"] and {"Cut", "Copy", "Duplicate", "Delete"} <= set(_texts(menu))
    assert doc.selection.nodes == [] and doc.selection.notes == [note_id] and item.isSelected()
    _action(menu, "Duplicate").trigger()
    assert len(doc.root.notes) == 2
    doc.undo_stack.undo()
    _action(_right_click(window, item.mapToScene(QPointF(30.0, 30.0))), "Edit Text").trigger()
    assert item.editing
    item.finish_editing()
    _action(_right_click(window, item.mapToScene(QPointF(30.0, 30.0))), "Delete").trigger()
    assert doc.root.notes == {}


def test_canvas_menu_pastes_adds_selects_all_and_fits(stepped, qtbot) -> None:
    window = stepped
    doc = window.document
    spot = QPointF(450.0, 1000.0)
    doc.selection.set(["src_0"])
    window.menu_actions.copy.trigger()
    menu = _right_click(window, spot)
    assert doc.selection.nodes == ["src_0"]                        # a right click keeps the selection
    assert _texts(menu) == ["Paste", "Add Node…", "Add Note Here", "Select All", "Lay Out Network", "Fit All"]
    assert window.menu_actions.paste in menu.actions()
    _action(menu, "Select All").trigger()
    assert len(doc.selection.nodes) == len(doc.root.nodes)
    menu = _right_click(window, spot)
    _action(menu, "Add Node…").trigger()
    popup = window.view.quick_add_popup
    assert popup.isVisible()
    qtbot.keyClicks(popup.search_field, "sink")
    QTest.keyClick(popup.search_field, Qt.Key.Key_Return)
    new = doc.selection.nodes
    assert len(new) == 1 and doc.root.nodes[new[0]].position == (450.0, 1000.0)
