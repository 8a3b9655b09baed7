"""Notes in the window, with real events: Add Note, typing, moving and resizing with the mouse,
Delete, undo/redo of each, save and reload, SVG export with the text."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest

from editor.canvas.export import export_image
from editor.canvas.note_item import GRIP, NoteItem
from editor.core.io.files import load_network
from tests.app.helpers import add_node
from tests.canvas.helpers import drag, vp


def _add_note_by_action(qtbot, window) -> NoteItem:
    window.view.setFocus()
    window.menu_actions.add_note.trigger()
    scene = window.view.network_scene
    assert len(scene.note_items) == 1
    return next(iter(scene.note_items.values()))


def _stack_texts(window) -> list[str]:
    stack = window.document.undo_stack
    return [stack.text(n) for n in range(stack.count())]


def test_add_type_move_resize_delete_each_undoable(qtbot, window) -> None:
    add_node(window, pos=(-900.0, -700.0))
    doc = window.document
    view = window.view
    item = _add_note_by_action(qtbot, window)
    note_id = item.note_id
    assert item.editing and item.isSelected()
    assert view.viewport().rect().contains(vp(view, item.sceneBoundingRect().center()))

    # Typing goes into the note; Escape ends it: one undo step with the text.
    QTest.keyClicks(view.viewport(), "Inputs here")
    QTest.keyClick(view.viewport(), Qt.Key.Key_Return)
    QTest.keyClicks(view.viewport(), "second line")
    assert doc.root.notes[note_id].text == ""              # not an edit until the typing ends
    QTest.keyClick(view.viewport(), Qt.Key.Key_Escape)
    assert not item.editing
    assert doc.root.notes[note_id].text == "Inputs here\nsecond line"
    assert _stack_texts(window)[-2:] == ["Add note", "Edit note text"]

    # A drag moves it.
    start_pos = doc.root.notes[note_id].position
    grab = vp(view, item.mapToScene(QPointF(40.0, 40.0)))
    drag(qtbot, view, grab, grab + QPoint(120, 60))
    moved = doc.root.notes[note_id].position
    scale = view.transform().m11()
    assert abs(moved[0] - start_pos[0] - 120 / scale) <= 2 and abs(moved[1] - start_pos[1] - 60 / scale) <= 2
    assert (item.pos().x(), item.pos().y()) == moved
    assert _stack_texts(window)[-1] == "Move note"

    # A drag on the corner resizes it.
    size = doc.root.notes[note_id].size
    rect = item.rect()
    corner = vp(view, item.mapToScene(QPointF(rect.right() - GRIP / 3, rect.bottom() - GRIP / 3)))
    drag(qtbot, view, corner, corner + QPoint(80, 40))
    resized = doc.root.notes[note_id].size
    assert resized[0] > size[0] + 40 and resized[1] > size[1] + 20
    assert doc.root.notes[note_id].position == moved
    assert _stack_texts(window)[-1] == "Resize note"

    # Undo walks back through each, redo forward again.
    stack = doc.undo_stack
    stack.undo()
    assert doc.root.notes[note_id].size == size and item.size == size
    stack.undo()
    assert doc.root.notes[note_id].position == start_pos and (item.pos().x(), item.pos().y()) == start_pos
    stack.undo()
    assert doc.root.notes[note_id].text == "" and item.text() == ""
    stack.undo()
    assert doc.root.notes == {} and view.network_scene.note_items == {}
    for _ in range(4):
        stack.redo()
    note = doc.root.notes[note_id]
    assert (note.text, note.position, note.size) == ("Inputs here\nsecond line", moved, resized)
    item = view.network_scene.note_items[note_id]
    assert item.text() == note.text and item.size == resized

    # Click it, press Delete: gone in one step, back with undo.
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, item.mapToScene(QPointF(30, 30))))
    assert item.isSelected() and not item.editing
    QTest.keyClick(view.viewport(), Qt.Key.Key_Delete)
    assert doc.root.notes == {}
    assert _stack_texts(window)[-1] == "Delete note"
    stack.undo()
    assert doc.root.notes[note_id].text == "Inputs here\nsecond line"
    assert len(doc.root.nodes) == 1


def test_double_click_edits_and_a_click_elsewhere_commits(qtbot, window) -> None:
    view = window.view
    scene = view.network_scene
    note_id = scene.add_note(view.mapToScene(view.viewport().rect().center()), "old", edit=False)
    item = scene.note_items[note_id]
    inside = vp(view, item.mapToScene(QPointF(60, 50)))
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=inside)
    assert item.editing
    assert view.quick_add_popup is None or not view.quick_add_popup.isVisible()   # not the quick add
    QTest.keyClick(view.viewport(), Qt.Key.Key_End)
    QTest.keyClicks(view.viewport(), " and newx")
    QTest.keyClick(view.viewport(), Qt.Key.Key_Backspace)      # edits the text, not the canvas
    QTest.keyClick(view.viewport(), Qt.Key.Key_Tab)            # a tab in the text, not the quick add
    assert view.quick_add_popup is None or not view.quick_add_popup.isVisible()
    QTest.keyClick(view.viewport(), Qt.Key.Key_Backspace)
    assert item.text() == "old and new" and note_id in window.document.root.notes
    outside = vp(view, item.mapToScene(QPointF(-150, -150)))
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=outside)
    assert not item.editing
    assert window.document.root.notes[note_id].text == "old and new"


def test_notes_survive_save_and_reload(qtbot, window, make_window, dialogs, tmp_path: Path) -> None:
    add_node(window, pos=(0.0, 0.0))
    scene = window.view.network_scene
    first = scene.add_note((100.0, -200.0), "Read the inputs\nfrom XNAT", edit=False)
    second = scene.add_note((600.0, 300.0), "Σ results ✓", edit=False)
    path = tmp_path / "with_notes.yaml"
    dialogs.save_path = str(path)
    assert window.save()
    saved = load_network(path)
    assert saved.notes == window.document.root.notes
    assert "with_notes.yaml" in window.document.display_name

    other = make_window()
    assert other.open_path(str(path), ask=False)
    notes = other.document.root.notes
    assert list(notes) == [first, second]
    assert notes[first].text == "Read the inputs\nfrom XNAT" and notes[first].position == (-10.0, -255.0)
    items = other.view.network_scene.note_items
    assert items[second].text() == "Σ results ✓"
    assert (items[first].pos().x(), items[first].pos().y()) == (-10.0, -255.0)
    assert not other.start_page.isVisible()


def test_save_while_typing_keeps_the_typed_text(qtbot, window, dialogs, tmp_path: Path) -> None:
    view = window.view
    item = _add_note_by_action(qtbot, window)
    QTest.keyClicks(view.viewport(), "typed, then Ctrl+S")
    dialogs.save_path = str(tmp_path / "typed.json")
    window.menu_actions.save.trigger()
    assert load_network(tmp_path / "typed.json").notes[item.note_id].text == "typed, then Ctrl+S"
    assert not window.document.is_modified


def test_export_svg_keeps_the_note_text(qtbot, window, tmp_path: Path) -> None:
    add_node(window, pos=(0.0, 0.0))
    scene = window.view.network_scene
    scene.add_note((0.0, -200.0), "Pipeline notes & <caveats>\nline two", edit=False)
    target = export_image(window.document, tmp_path / "n.svg")
    text = target.read_text(encoding="utf-8")
    assert ">Pipeline notes &amp; &lt;caveats&gt;</text>" in text       # drawn as text
    assert ">line two</text>" in text
    assert "<desc>Pipeline notes &amp; &lt;caveats&gt;\nline two</desc>" in text
    png = export_image(window.document, tmp_path / "n.png")
    assert png.stat().st_size > 1000
    # A selection export leaves the notes out.
    only = export_image(window.document, tmp_path / "sel.svg", selection=list(window.document.root.nodes))
    assert "caveats" not in only.read_text(encoding="utf-8")


def test_a_network_without_notes_saves_as_before(qtbot, window, dialogs, tmp_path: Path) -> None:
    golden = Path(__file__).resolve().parents[1] / "golden" / "examples" / "add_ints.fastr.yaml"
    assert window.open_path(str(golden), ask=False)
    scene = window.view.network_scene
    note_id = scene.add_note((0.0, 0.0), "temporary", edit=False)
    window.document.undo_stack.undo()
    assert window.document.root.notes == {} and note_id not in scene.note_items
    path = tmp_path / "again.yaml"
    dialogs.save_path = str(path)
    assert window.save_as()
    assert "notes" not in path.read_text(encoding="utf-8")


def test_note_gestures_write_the_core_through_the_model(qtbot, window, monkeypatch) -> None:
    from editor.core.graph.notes import Note
    from tests.app.test_single_writer import Guard

    guard = Guard(monkeypatch, [window])

    def holder(note):
        return next((n for n in window.document.root.iter_networks()
                     if any(note is x for x in n.notes.values())), None)     # identity: a half-built Note has no __eq__
    monkeypatch.setattr(Note, "__setattr__", guard._setattr(Note, holder))
    view = window.view
    item = _add_note_by_action(qtbot, window)
    QTest.keyClicks(view.viewport(), "guarded")
    QTest.keyClick(view.viewport(), Qt.Key.Key_Escape)
    grab = vp(view, item.mapToScene(QPointF(40.0, 40.0)))
    drag(qtbot, view, grab, grab + QPoint(50, 30))
    window.document.undo_stack.undo()
    window.document.undo_stack.redo()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, item.mapToScene(QPointF(30, 30))))
    QTest.keyClick(view.viewport(), Qt.Key.Key_Delete)
    assert window.document.root.notes == {}
    assert {"notes", "text", "position"} <= guard.seen
    assert not guard.violations, guard.report()


def test_delete_takes_selected_notes_and_nodes_in_one_step(qtbot, window) -> None:
    node_id = add_node(window, pos=(-600.0, 0.0))
    scene = window.view.network_scene
    note_id = scene.add_note((300.0, 0.0), "goes too", edit=False)
    window.document.selection.set([node_id])
    scene.note_items[note_id].setSelected(True)
    assert window.document.selection.nodes == [node_id] and scene.selected_note_ids() == [note_id]
    assert window.menu_actions.delete.isEnabled()
    window.menu_actions.delete.trigger()
    assert window.document.root.nodes == {} and window.document.root.notes == {}
    window.document.undo_stack.undo()
    assert list(window.document.root.nodes) == [node_id] and list(window.document.root.notes) == [note_id]


def test_a_hostile_note_is_cut_with_a_message_naming_file_and_place(qtbot, window, tmp_path: Path) -> None:
    import json
    state = json.loads((Path(__file__).resolve().parents[1] / "golden" / "examples" / "add_ints.state.json")
                       .read_text())
    state["__editor__"] = {"notes": [{"id": "huge", "text": "y" * 250_000, "position": [1e300, 5],
                                      "size": [float("inf"), 80]}]}
    path = tmp_path / "hostile_note.json"
    path.write_text(json.dumps(state).replace("Infinity", "1e999"))
    assert window.open_path(str(path), ask=False)
    message = window.statusBar().currentMessage()
    assert str(path) in message and "(at __editor__.notes[0].text)" in message and "cut to the first 100,000" in message
    note = window.document.root.notes["huge"]
    assert len(note.text) == 100_000 and note.position == (1_000_000.0, 5.0)
    item = window.view.network_scene.note_items["huge"]
    assert item.size == note.size and item.pos().x() == 1_000_000.0


def test_a_click_on_empty_canvas_deselects_the_note(qtbot, window) -> None:
    view = window.view
    scene = view.network_scene
    nid = scene.add_note(view.mapToScene(view.viewport().rect().center()), "x", edit=False)
    item = scene.note_items[nid]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, item.mapToScene(QPointF(30, 30))))
    assert item.isSelected()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, item.mapToScene(QPointF(-100, -100))))
    assert not item.isSelected()


def test_the_add_note_shortcut_is_its_own(qtbot, window) -> None:
    from PySide6.QtGui import QAction, QKeySequence
    mine = window.menu_actions.add_note.shortcut()
    assert mine == QKeySequence("Ctrl+Alt+N")
    others = [a for a in window.findChildren(QAction) if a is not window.menu_actions.add_note]
    assert not [a.text() for a in others if mine in a.shortcuts()]
    assert window.menu_actions.add_note in window.menu_actions.all_actions()


def test_ctrl_alt_n_on_the_canvas_adds_a_note(qtbot, window) -> None:
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: window.view.hasFocus())
    QTest.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert len(window.document.root.notes) == 1
    item = next(iter(window.view.network_scene.note_items.values()))
    assert item.editing


# -- notes in the selection and the clipboard -------------------------------------------------------
def _note_at(scene, position: tuple[float, float], text: str) -> str:
    """A note whose top-left corner is at ``position`` (add_note centres it and may shift it)."""
    note_id = scene.add_note(position, text, edit=False)
    scene.note_items[note_id].setSelected(False)
    note = scene.network.notes[note_id]
    return note_id if note.text == text else ""


def test_a_rubber_band_takes_the_notes_it_holds_whole(qtbot, window) -> None:
    node_id = add_node(window, pos=(0.0, 0.0))
    view, scene = window.view, window.view.network_scene
    held = _note_at(scene, (0.0, 300.0), "inside the band")
    cut = _note_at(scene, (700.0, 0.0), "only touched by the band")
    view.fit_all()
    inner, touched = scene.note_items[held].sceneBoundingRect(), scene.note_items[cut].sceneBoundingRect()
    top_left = QPointF(-150.0, min(inner.top(), -60.0) - 40.0)
    bottom_right = QPointF(touched.left() + 30.0, inner.bottom() + 20.0)
    drag(qtbot, view, vp(view, top_left), vp(view, bottom_right))
    selection = window.document.selection
    assert selection.nodes == [node_id]
    assert selection.notes == [held]
    assert scene.note_items[held].isSelected() and not scene.note_items[cut].isSelected()
    assert window.menu_actions.copy.isEnabled() and window.menu_actions.delete.isEnabled()
    # The document's selection drives the items too (a panel selecting something else).
    selection.set([node_id])
    assert not scene.note_items[held].isSelected()
    selection.set([], [], [cut])
    assert scene.note_items[cut].isSelected()


def test_select_all_then_delete_takes_notes_and_nodes_in_one_step(qtbot, window) -> None:
    node_id = add_node(window, pos=(0.0, 0.0))
    scene = window.view.network_scene
    first = _note_at(scene, (0.0, 300.0), "first")
    second = _note_at(scene, (500.0, 300.0), "second")
    window.menu_actions.select_all.trigger()
    assert window.document.selection.notes == [first, second]
    assert all(item.isSelected() for item in scene.note_items.values())
    count = window.document.undo_stack.count()
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.document.root.nodes == {} and window.document.root.notes == {}
    assert window.document.undo_stack.count() == count + 1
    assert window.document.selection.notes == [] and scene.note_items == {}
    window.document.undo_stack.undo()
    assert list(window.document.root.nodes) == [node_id] and list(window.document.root.notes) == [first, second]
    assert list(scene.note_items) == [first, second]


def test_copy_paste_and_duplicate_carry_the_notes_offset_like_the_nodes(qtbot, window) -> None:
    from PySide6.QtGui import QGuiApplication
    from editor.model.clipboard import MIME_TYPE, fragment_from_mime

    node_id = add_node(window, pos=(0.0, 0.0))
    scene = window.view.network_scene
    note_id = _note_at(scene, (40.0, 200.0), "goes with the node")
    doc = window.document
    doc.selection.set([node_id], [], [note_id])
    window.menu_actions.copy.trigger()
    fragment = fragment_from_mime(QGuiApplication.clipboard().mimeData())
    assert fragment is not None and [n["text"] for n in fragment["notes"]] == ["goes with the node"]
    assert QGuiApplication.clipboard().mimeData().hasFormat(MIME_TYPE)

    window.menu_actions.paste.trigger()
    nodes, notes = doc.root.nodes, doc.root.notes
    assert len(nodes) == 2 and len(notes) == 2
    new_node = next(n for n in nodes if n != node_id)
    new_note = next(n for n in notes if n != note_id)
    assert doc.selection.nodes == [new_node] and doc.selection.notes == [new_note]
    assert scene.note_items[new_note].isSelected() and not scene.note_items[note_id].isSelected()
    node_shift = tuple(b - a for a, b in zip(nodes[node_id].position, nodes[new_node].position))
    note_shift = tuple(b - a for a, b in zip(notes[note_id].position, notes[new_note].position))
    assert node_shift == note_shift and node_shift[0] > 0
    assert notes[new_note].text == "goes with the node" and notes[new_note].size == notes[note_id].size
    assert doc.undo_stack.undoText() == "Paste"
    doc.undo_stack.undo()                                   # one step takes both away
    assert list(doc.root.nodes) == [node_id] and list(doc.root.notes) == [note_id]
    doc.undo_stack.redo()
    assert set(doc.root.notes) == {note_id, new_note} and new_note in scene.note_items

    # Duplicate: a note alone is enough.
    doc.selection.set([], [], [note_id])
    window.menu_actions.duplicate.trigger()
    assert len(doc.root.notes) == 3 and doc.undo_stack.undoText() == "Duplicate"
    third = doc.selection.notes[0]
    assert third not in (note_id, new_note)
    original = doc.root.notes[note_id].position
    assert doc.root.notes[third].position == (original[0] + 30.0, original[1] + 30.0)


def test_cut_of_a_mixed_selection_is_one_step_and_pastes_back(qtbot, window) -> None:
    node_id = add_node(window, pos=(0.0, 0.0))
    scene = window.view.network_scene
    note_id = _note_at(scene, (40.0, 200.0), "cut me")
    doc = window.document
    doc.selection.set([node_id], [], [note_id])
    count = doc.undo_stack.count()
    window.menu_actions.cut.trigger()
    assert doc.root.nodes == {} and doc.root.notes == {} and doc.undo_stack.count() == count + 1
    assert doc.undo_stack.undoText() == "Cut"
    window.menu_actions.paste.trigger()
    assert list(doc.root.nodes) == [node_id] and [n.text for n in doc.root.notes.values()] == ["cut me"]
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert list(doc.root.nodes) == [node_id] and list(doc.root.notes) == [note_id]


def test_keys_while_typing_in_a_note_edit_its_text_not_the_selection(qtbot, window) -> None:
    node_id = add_node(window, pos=(0.0, 0.0))
    view = window.view
    scene = view.network_scene
    note_id = scene.add_note(view.mapToScene(view.viewport().rect().center()), "abc", edit=True)
    window.document.selection.set([node_id], [], [note_id])   # copy and delete are enabled now
    item = scene.note_items[note_id]
    if not item.editing:
        item.start_editing()
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Backspace)
    QTest.keyClick(view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(view, Qt.Key.Key_Delete)
    assert item.editing and item.text() == ""
    assert list(window.document.root.nodes) == [node_id] and note_id in window.document.root.notes
    from PySide6.QtGui import QGuiApplication
    assert QGuiApplication.clipboard().text() == "ab"


def test_selected_notes_and_nodes_move_together_in_one_step(qtbot, window) -> None:
    from tests.canvas.helpers import node_header_pos
    node_id = add_node(window, pos=(0.0, 0.0))
    view, scene, doc = window.view, window.view.network_scene, window.document
    note_id = _note_at(scene, (0.0, 200.0), "travels along")
    view.centerOn(QPointF(100.0, 150.0))
    node_at, note_at = doc.root.nodes[node_id].position, doc.root.notes[note_id].position
    scale = view.transform().m11()
    for grab, step in ((lambda: node_header_pos(view, node_id), QPoint(80, 40)),       # by the node
                       (lambda: vp(view, scene.note_items[note_id].mapToScene(QPointF(40, 40))), QPoint(-30, 50))):
        doc.selection.set([node_id], [], [note_id])
        count = doc.undo_stack.index()
        start = grab()
        drag(qtbot, view, start, start + step)
        assert doc.undo_stack.index() == count + 1 and doc.undo_stack.undoText() == "Move"
        node_now, note_now = doc.root.nodes[node_id].position, doc.root.notes[note_id].position
        node_shift = (node_now[0] - node_at[0], node_now[1] - node_at[1])
        note_shift = (note_now[0] - note_at[0], note_now[1] - note_at[1])
        assert abs(node_shift[0] - step.x() / scale) <= 2 and abs(node_shift[1] - step.y() / scale) <= 2
        assert abs(note_shift[0] - node_shift[0]) <= 1 and abs(note_shift[1] - node_shift[1]) <= 1
        item = scene.note_items[note_id]
        assert (item.pos().x(), item.pos().y()) == note_now
        doc.undo_stack.undo()
        assert doc.root.nodes[node_id].position == node_at and doc.root.notes[note_id].position == note_at
        assert (item.pos().x(), item.pos().y()) == note_at
