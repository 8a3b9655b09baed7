"""Model layer: undo commands for canvas notes (add, delete, edit text, move, resize).

As in ``commands``: each holds the model and ids and values (never items), acts in ``redo()`` and
undoes exactly in ``undo()``, through NetworkModel's note methods.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from editor.core.graph.notes import DEFAULT_NOTE_SIZE, Note
from editor.model.networkmodel import NetworkModel

Position = tuple[float, float]
_MERGE_NOTE_TEXT = 1101


class AddNoteCommand(QUndoCommand):
    """A new note with ``text`` whose top-left corner is at ``position``."""

    def __init__(self, model: NetworkModel, position: Position, text: str = "",
                 size: Position = DEFAULT_NOTE_SIZE) -> None:
        super().__init__("Add note")
        self.model = model
        self.note = Note(model.new_note_id(), text, position, size)
        self._index: int | None = None

    def redo(self) -> None:
        self.model.add_note(self.note, self._index)
        self._index = list(self.model.network.notes).index(self.note.id)
        self.note = self.model.network.notes[self.note.id].copy()

    def undo(self) -> None:
        self.model.remove_note(self.note.id)


class RemoveNotesCommand(QUndoCommand):
    def __init__(self, model: NetworkModel, note_ids: list[str]) -> None:
        super().__init__("Delete note" if len(note_ids) == 1 else f"Delete {len(note_ids)} notes")
        self.model = model
        self._ids = [n for n in model.network.notes if n in set(note_ids)]      # in network order
        self._removed: list[tuple[Note, int]] = []

    def redo(self) -> None:
        self._removed = [self.model.remove_note(note_id) for note_id in reversed(self._ids)]

    def undo(self) -> None:
        for note, index in reversed(self._removed):
            self.model.add_note(note, index)
        self._removed = []


class EditNoteCommand(QUndoCommand):
    """A note's text, position or size (any of them) changed in one step: a typing session, a move
    drag or a resize drag."""

    def __init__(self, model: NetworkModel, note_id: str, *, text: str | None = None,
                 position: Position | None = None, size: Position | None = None) -> None:
        note = model.network.notes[note_id]
        what = ("Edit note text" if text is not None else "Resize note" if size is not None else "Move note")
        super().__init__(what)
        self.model, self.note_id = model, note_id
        self._old = (None if text is None else note.text, None if position is None else note.position,
                     None if size is None else note.size)
        self._new = (text, position, size)

    def id(self) -> int:
        return _MERGE_NOTE_TEXT if self._new[0] is not None and self._new[1:] == (None, None) else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        """Text edits of the same note in a row are one step (the editor pushes one per editing
        session already; a script pushing per keystroke gets one too)."""
        if not isinstance(other, EditNoteCommand) or other.model is not self.model \
                or other.note_id != self.note_id or other.id() != self.id():
            return False
        self._new = other._new
        return True

    def redo(self) -> None:
        text, position, size = self._new
        self.model.set_note(self.note_id, text=text, position=position, size=size)

    def undo(self) -> None:
        text, position, size = self._old
        self.model.set_note(self.note_id, text=text, position=position, size=size)
