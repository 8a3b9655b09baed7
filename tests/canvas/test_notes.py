"""Notes on the scene: one item per note of the network shown, kept equal through edits, undo,
macro enter/leave, a reset and a theme change."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from editor.canvas.note_item import NOTE_Z, NoteItem, note_colours
from editor.canvas.scene import NetworkScene
from editor.canvas.theme import DARK, LIGHT
from editor.core.graph.notes import Note
from editor.model.document import Document
from editor.model.notecmds import AddNoteCommand, EditNoteCommand, RemoveNotesCommand
from tests.canvas.helpers import load_golden, make_view, small_network, vp


_MADE: list[tuple[Document, NetworkScene]] = []


@pytest.fixture(autouse=True)
def _clear_undo_stacks():
    """The undo stacks are emptied while their commands' Python halves still live: left to the
    garbage collector at exit, QUndoStack::clear met commands being collected (a crash)."""
    yield
    while _MADE:
        document, scene = _MADE.pop()
        document.undo_stack.clear()
        scene.detach()


def _scene(document: Document, **kwargs) -> NetworkScene:
    scene = NetworkScene(document, **kwargs)
    _MADE.append((document, scene))
    return scene


def _mirrors(scene: NetworkScene) -> None:
    notes = scene.network.notes
    assert set(scene.note_items) == set(notes)
    assert sum(isinstance(i, NoteItem) for i in scene.items()) == len(notes)
    for note_id, note in notes.items():
        item = scene.note_items[note_id]
        assert (item.pos().x(), item.pos().y()) == note.position
        assert item.size == note.size and item.text() == note.text
        assert item.zValue() == NOTE_Z


def test_items_follow_the_notes_through_commands_and_undo(qapp) -> None:
    document = Document(small_network())
    scene = _scene(document)
    model = document.current_model
    document.push(AddNoteCommand(model, (10.0, -200.0), "one"))
    document.push(AddNoteCommand(model, (400.0, -200.0), "two"))
    _mirrors(scene)
    document.push(EditNoteCommand(model, "note_1", text="one, edited"))
    document.push(EditNoteCommand(model, "note_2", position=(0.0, 500.0)))
    document.push(EditNoteCommand(model, "note_2", size=(300.0, 200.0)))
    _mirrors(scene)
    assert scene.sceneRect().contains(scene.note_items["note_2"].sceneBoundingRect())
    document.push(RemoveNotesCommand(model, ["note_1"]))
    _mirrors(scene)
    while document.undo_stack.canUndo():
        document.undo_stack.undo()
        _mirrors(scene)
    assert scene.note_items == {}
    while document.undo_stack.canRedo():
        document.undo_stack.redo()
    _mirrors(scene)


def test_each_network_shows_its_own_notes(qapp) -> None:
    network = load_golden("macro_node")
    network.notes = {"outer": Note("outer", "outside", (0.0, -300.0))}
    inner = network.nodes["node_add_ints"].subnetwork
    assert inner is not None
    inner.notes = {"inner": Note("inner", "inside the macro", (50.0, -300.0))}
    document = Document(network)
    scene = _scene(document)
    assert list(scene.note_items) == ["outer"]
    document.enter_macro("node_add_ints")
    assert list(scene.note_items) == ["inner"] and scene.note_items["inner"].text() == "inside the macro"
    document.push(AddNoteCommand(document.current_model, (0.0, 0.0), "added inside"))
    assert set(inner.notes) == {"inner", "note_1"} and set(network.notes) == {"outer"}
    document.go_up()
    _mirrors(scene)
    document.replace(small_network(), None)             # a reset: no notes, no items
    assert scene.note_items == {} and not any(isinstance(i, NoteItem) for i in scene.items())


def test_typing_when_the_macro_is_left_is_an_edit_of_its_note(qtbot) -> None:
    network = load_golden("macro_node")
    inner = network.nodes["node_add_ints"].subnetwork
    assert inner is not None
    inner.notes = {"inner": Note("inner", "", (0.0, -400.0))}
    document = Document(network)
    view = make_view(qtbot, document=document)
    document.setParent(view)
    document.enter_macro("node_add_ints")
    scene = view.network_scene
    item = scene.note_items["inner"]
    view.centerOn(item.sceneBoundingRect().center())
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, item.mapToScene(QPointF(40, 40))))
    assert item.editing
    qtbot.keyClicks(view.viewport(), "kept")
    document.go_up()
    assert inner.notes["inner"].text == "kept"
    assert document.undo_stack.text(document.undo_stack.count() - 1) == "Edit note text"


def test_a_theme_change_recolours_the_notes(qapp) -> None:
    document = Document(small_network())
    document.root.notes = {"n": Note("n", "text", (0.0, -200.0))}
    scene = _scene(document, theme=LIGHT)
    item = scene.note_items["n"]
    assert item.text_item.defaultTextColor() == note_colours(LIGHT)[2]
    scene.set_theme(DARK)
    assert item.text_item.defaultTextColor() == note_colours(DARK)[2]
    assert note_colours(DARK)[0] != note_colours(LIGHT)[0]


def test_no_more_notes_than_the_bound(qapp, monkeypatch) -> None:
    import editor.canvas.scene_notes as scene_notes
    monkeypatch.setattr(scene_notes, "MAX_NOTES", 2)
    document = Document(small_network())
    scene = _scene(document)
    said: list[str] = []
    scene.status_message.connect(said.append)
    assert scene.add_note((0.0, -300.0), "a", edit=False) and scene.add_note((0.0, -600.0), "b", edit=False)
    assert scene.add_note((0.0, -900.0), "c", edit=False) == ""
    assert len(document.root.notes) == 2 and said == ["No note added: a canvas holds at most 2 notes."]


def test_fit_all_shows_a_note_far_from_the_nodes(qtbot) -> None:
    """Fit All brings every note into view too, not only the nodes and steps."""
    view = make_view(qtbot)
    document = view.document
    document.push(AddNoteCommand(document.current_model, (3000.0, 2000.0), "far away"))
    view.fit_all()
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    note = view.network_scene.note_items["note_1"].sceneBoundingRect()
    assert shown.contains(note), (shown, note)
    for item in view.network_scene.node_items.values():
        assert shown.contains(item.sceneBoundingRect())
