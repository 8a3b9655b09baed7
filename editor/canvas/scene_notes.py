"""Canvas layer: the scene's notes (``note_item``): one NoteItem per note of the current network,
kept by id in ``note_items``, mirrored from the model's note signals, and the gestures on them
(move, resize, edit the text, delete) turned into undo commands (``model.notecmds``). Mixed into
NetworkScene before SceneInput, so that a press on a note goes to the note, not to a gesture."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene, QGraphicsView

from editor.canvas.interactions import MoveNodes
from editor.canvas.node_item import NodeItem
from editor.canvas.note_item import NoteItem, NoteText
from editor.canvas.theme import Theme
from editor.core.graph.notes import DEFAULT_NOTE_SIZE, MAX_NOTES
from editor.model.notecmds import AddNoteCommand, EditNoteCommand, RemoveNotesCommand
from editor.canvas.scene_state import SceneState


#: Keys with Ctrl that edit the text of a note being typed in, not the window's selection.
_TEXT_KEYS = (QKeySequence.StandardKey.Copy, QKeySequence.StandardKey.Cut, QKeySequence.StandardKey.Paste,
              QKeySequence.StandardKey.SelectAll, QKeySequence.StandardKey.Undo, QKeySequence.StandardKey.Redo,
              QKeySequence.StandardKey.Delete, QKeySequence.StandardKey.Backspace)


def _is_text_key(event: QKeyEvent) -> bool:
    """A key a text editor handles: typing (no Ctrl, Alt or Meta; not a function key or Escape)
    or one of :data:`_TEXT_KEYS`."""
    if any(event.matches(key) for key in _TEXT_KEYS):
        return True
    held = event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                                | Qt.KeyboardModifier.MetaModifier)
    return not held and event.key() != Qt.Key.Key_Escape and not Qt.Key.Key_F1 <= event.key() <= Qt.Key.Key_F35


class _TypingFilter(QObject):
    """On a view of the scene while a note is being edited: every key goes to the note, and the
    window's shortcuts on text keys (Delete, Backspace, Ctrl+C, ...) wait. (The view takes Space
    for panning and Tab for the quick add before the scene sees them.)"""

    def __init__(self, scene: SceneNotes) -> None:
        super().__init__(scene)               # type: ignore[arg-type]
        self._scene = scene

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        view = watched if isinstance(watched, QGraphicsView) else watched.parent()    # or its viewport
        if kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease, QEvent.Type.ShortcutOverride) \
                and isinstance(view, QGraphicsView) \
                and any(item.editing for item in self._scene.note_items.values()):
            if kind == QEvent.Type.ShortcutOverride:
                if isinstance(event, QKeyEvent) and _is_text_key(event):
                    event.accept()            # the key comes as a key press, to the note
                    return True
                return False
            if kind == QEvent.Type.KeyPress:
                QGraphicsView.keyPressEvent(view, event)
            else:
                QGraphicsView.keyReleaseEvent(view, event)
            return True
        return False


class SceneNotes(SceneState):
    """Notes of NetworkScene (the state it shares with the scene: ``SceneState``)."""

    # -- building -----------------------------------------------------------------------------
    def _rebuild_notes(self) -> None:
        """Called by ``rebuild`` after ``clear()``: an item per note of the current network."""
        self.note_items = {}
        for note_id in self.network.notes:
            self._add_note_item(note_id)

    def _add_note_item(self, note_id: str) -> NoteItem:
        item = NoteItem(self.network.notes[note_id], self.theme)
        if not self.interactive:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsMovable, False)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        self.addItem(item)
        self.note_items[note_id] = item
        return item

    def _forget_note_editing(self) -> None:
        """The items are about to go (a rebuild): typing in one ends without an edit."""
        for item in self.note_items.values():
            item.editing = False

    def _commit_note_typing(self) -> None:
        """Another network of the same document is about to be shown (a macro entered or left):
        typing in a note of the one shown so far is an edit of it first."""
        if self._model is not None and self._model in self.document.models():
            self.finish_note_editing()

    def notes_rect(self) -> QRectF:
        rect = QRectF()
        for item in self.note_items.values():
            if item.isVisible():
                rect = rect.united(item.sceneBoundingRect())
        return rect

    def set_theme(self, theme: Theme) -> None:
        super().set_theme(theme)              # type: ignore[misc]
        for item in getattr(self, "note_items", {}).values():
            item.set_theme(theme)

    # -- model signals ------------------------------------------------------------------------
    def _on_note_added(self, note_id: str) -> None:
        if note_id not in self.note_items:
            self._add_note_item(note_id)
        self._refresh("fit", "from_document")

    def _on_note_removed(self, note_id: str) -> None:
        item = self.note_items.pop(note_id, None)
        if item is not None:
            item.editing = False
            with self.selection_sync.guard():
                self.removeItem(item)
            self._refresh("to_document")
            # Kept alive until the event loop runs again: the removal may come from the item's
            # own key or mouse handler (Delete), which Qt is still inside.
            removed = self.__dict__.setdefault("_removed_notes", [])
            if not removed:
                QTimer.singleShot(0, self, removed.clear)
            removed.append(item)

    def _on_note_changed(self, note_id: str) -> None:
        item, note = self.note_items.get(note_id), self.network.notes.get(note_id)
        if item is not None and note is not None:
            item.set_note(note)
        self._refresh("fit")

    # -- edits --------------------------------------------------------------------------------
    def add_note(self, position: QPointF | tuple[float, float], text: str = "", *, edit: bool = True) -> str:
        """A new note centred at ``position`` (one undo step); with ``edit``, the user types in it.
        Returns its id; '' (and a status message) when the canvas holds the most notes already."""
        if len(self.network.notes) >= MAX_NOTES:
            self.status_message.emit(f"No note added: a canvas holds at most {MAX_NOTES:,} notes.")
            return ""
        x, y = (position.x(), position.y()) if isinstance(position, QPointF) else position
        w, h = DEFAULT_NOTE_SIZE
        command = AddNoteCommand(self.model, self._free_spot(x - w / 2, y - h / 2, w, h), text)
        self.document.push(command)
        item = self.note_items[command.note.id]
        with self.selection_sync.guard():
            self.clearSelection()
        self.selection_sync.to_document()
        item.setSelected(True)
        if edit:
            item.start_editing()
        return command.note.id

    def _free_spot(self, x: float, y: float, w: float, h: float) -> tuple[float, float]:
        """(x, y), or the nearest spot below or above it where the note covers no node or note."""
        for step in range(40):
            dy = (step + 1) // 2 * 40.0 * (1 if step % 2 else -1)
            rect = QRectF(x, y + dy, w, h).adjusted(-8, -8, 8, 8)
            if not any(isinstance(i, (NodeItem, NoteItem)) for i in self.items(rect)):
                return (float(round(x)), float(round(y + dy)))
        return (float(round(x)), float(round(y)))

    def selected_note_ids(self) -> list[str]:
        chosen = {i.note_id for i in self.selectedItems() if isinstance(i, NoteItem)}
        return [n for n in self.network.notes if n in chosen]

    def delete_selected_notes(self) -> bool:
        ids = self.selected_note_ids()
        if not ids:
            return False
        for note_id in ids:
            self.note_items[note_id].finish_editing()
        self.document.push(RemoveNotesCommand(self.model, ids))
        self.status_message.emit("Deleted the note." if len(ids) == 1 else f"Deleted {len(ids)} notes.")
        return True

    def note_gesture_finished(self, item: NoteItem, *, resized: bool) -> None:
        """A drag on a note ended: the notes that moved (all selected ones move together) or the
        one that was resized become one undo step."""
        notes = self.network.notes
        if resized:
            note = notes.get(item.note_id)
            if note is not None and item.size != note.size:
                self.document.push(EditNoteCommand(self.model, item.note_id, size=item.size))
            return
        moves = []
        for note_id, other in self.note_items.items():
            note = notes.get(note_id)
            pos = (float(round(other.pos().x())), float(round(other.pos().y())))
            if note is not None and pos != note.position:
                moves.append(EditNoteCommand(self.model, note_id, position=pos))
        if len(moves) == 1:
            self.document.push(moves[0])
        elif moves:
            stack = self.document.undo_stack
            stack.beginMacro(f"Move {len(moves)} notes")
            for command in moves:
                stack.push(command)
            stack.endMacro()

    def note_text_finished(self, item: NoteItem) -> None:
        note = self.network.notes.get(item.note_id)
        if note is not None and item.text() != note.text:
            self.document.push(EditNoteCommand(self.model, item.note_id, text=item.text()))
            if item.text() != self.network.notes[item.note_id].text:     # cut to the bound
                item.set_note(self.network.notes[item.note_id])
                self.status_message.emit("The note's text was cut to its longest length.")

    def typing_started(self) -> None:
        """A note is being edited: keys on the views go to it (see _TypingFilter)."""
        typing = getattr(self, "_typing_filter", None)
        if typing is None:
            typing = self._typing_filter = _TypingFilter(self)
        for view in self.views():
            for widget in (view, view.viewport()):
                widget.removeEventFilter(typing)
                widget.installEventFilter(typing)

    def finish_note_editing(self) -> None:
        for item in self.note_items.values():
            item.finish_editing()

    # -- input: presses on a note go to the note ----------------------------------------------
    def _note_under(self, pos: QPointF) -> NoteItem | None:
        if self.item_at(pos) is not None:            # a port, node or link lies over the note
            return None
        for item in self.items(pos):
            if isinstance(item, NoteText):
                return item.note
            if isinstance(item, NoteItem):
                return item
        return None

    def context_target(self, pos: QPointF) -> tuple[str, str]:
        """('note', id) for a right click on a note (over a step box, under nodes and links)."""
        kind, item_id = super().context_target(pos)        # type: ignore[misc]
        if kind in ("step", "canvas") and self.interactive:
            note = self._note_under(pos)
            if note is not None:
                return "note", note.note_id
        return kind, item_id

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        note = self._note_under(event.scenePos()) if self.interactive else None
        editing = [i for i in self.note_items.values() if i.editing and i is not note]
        for item in editing:                  # a click elsewhere ends the typing
            item.finish_editing()
        if note is not None:
            if self.gesture is not None:
                self.gesture.cancel()
                self.gesture = None
            if self._moves_with_nodes(note, event):
                self.gesture = MoveNodes(self, event, note)      # type: ignore[arg-type]
                event.accept()
                return
            if not note.isSelected() and event.button() == Qt.MouseButton.LeftButton \
                    and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                with self.selection_sync.guard():
                    self.clearSelection()
                self.document.selection.clear()
            QGraphicsScene.mousePressEvent(self, event)      # type: ignore[arg-type]
            return
        super().mousePressEvent(event)        # type: ignore[misc]

    def _moves_with_nodes(self, note: NoteItem, event) -> bool:
        """A plain left press on a selected note while nodes are selected too: they all move."""
        return (event.button() == Qt.MouseButton.LeftButton and note.isSelected() and not note.editing
                and not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
                and not note.in_grip(note.mapFromScene(event.scenePos()))
                and any(isinstance(i, NodeItem) for i in self.selectedItems()))

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.interactive and self._note_under(event.scenePos()) is not None:
            QGraphicsScene.mouseDoubleClickEvent(self, event)  # type: ignore[arg-type]
            return
        super().mouseDoubleClickEvent(event)  # type: ignore[misc]
