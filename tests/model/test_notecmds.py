"""Note commands as algebra: push, undo equals the state before, redo the state after; signals."""

from __future__ import annotations

from editor.api import create_network
from editor.core.graph.notes import MAX_NOTE_TEXT
from editor.model.document import Document
from editor.model.notecmds import AddNoteCommand, EditNoteCommand, RemoveNotesCommand
from tests.model.undo_check import check_undo_redo


def _doc() -> Document:
    net = create_network("notes")
    net.create_source("Int", id="src").position = (0.0, 0.0)
    return Document(net)


def test_each_note_command_undoes_exactly(qapp) -> None:
    doc = _doc()
    model = doc.current_model
    first = doc.root.__getstate__()
    check_undo_redo(doc, AddNoteCommand(model, (10.0, 20.0), "first"))
    check_undo_redo(doc, AddNoteCommand(model, (300.0, 20.0)))
    assert list(doc.root.notes) == ["note_1", "note_2"]
    check_undo_redo(doc, EditNoteCommand(model, "note_1", text="first\nsecond line"))
    check_undo_redo(doc, EditNoteCommand(model, "note_1", position=(50.0, 60.0)))
    check_undo_redo(doc, EditNoteCommand(model, "note_2", size=(400.0, 300.0)))
    check_undo_redo(doc, RemoveNotesCommand(model, ["note_2", "note_1"]))
    assert doc.root.notes == {}
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert doc.root.__getstate__() == first
    assert "__editor__" not in first or "notes" not in first["__editor__"]


def test_a_removed_note_comes_back_at_its_place(qapp) -> None:
    doc = _doc()
    model = doc.current_model
    for n in range(3):
        doc.push(AddNoteCommand(model, (n * 10.0, 0.0), f"n{n}"))
    doc.push(RemoveNotesCommand(model, ["note_2"]))
    assert list(doc.root.notes) == ["note_1", "note_3"]
    doc.undo_stack.undo()
    assert list(doc.root.notes) == ["note_1", "note_2", "note_3"]


def test_note_values_are_bounded_and_signals_say_which(qapp) -> None:
    doc = _doc()
    model = doc.current_model
    seen: list[tuple[str, str]] = []
    for name in ("note_added", "note_removed", "note_changed"):
        getattr(model, name).connect(lambda note_id, name=name: seen.append((name, note_id)))
    doc.push(AddNoteCommand(model, (1e308, float("-inf")), "x" * (MAX_NOTE_TEXT + 1), size=(1.0, 1e12)))
    note = doc.root.notes["note_1"]
    assert len(note.text) == MAX_NOTE_TEXT
    assert note.position == (1_000_000.0, 0.0) and note.size == (40.0, 100_000.0)
    doc.push(EditNoteCommand(model, "note_1", text=note.text))        # no change: no signal
    doc.push(EditNoteCommand(model, "note_1", position=(5.0, 5.0)))
    doc.undo_stack.undo()
    assert seen == [("note_added", "note_1"), ("note_changed", "note_1"), ("note_changed", "note_1")]
    assert doc.is_modified


def test_text_edits_in_a_row_merge(qapp) -> None:
    doc = _doc()
    model = doc.current_model
    doc.push(AddNoteCommand(model, (0.0, 0.0)))
    for text in ("a", "ab", "abc"):
        doc.push(EditNoteCommand(model, "note_1", text=text))
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.root.notes["note_1"].text == ""
