"""Core layer: notes, the text annotations of a network's canvas (editor-only data).

A network's notes are kept in ``Network.notes`` (id -> :class:`Note`, in order) and saved under the
editor's own key as ``__editor__.notes``, a list of ``{id, text, position: [x, y], size: [w, h]}``;
fastr's loader ignores that key, and a network without notes writes no ``notes`` key at all.

What a file holds there is outside input: :func:`read_notes` bounds it as positions are bounded
(``coords``): a position beyond the bound is clamped, a size is kept within
[:data:`MIN_NOTE_SIZE`, ``MAX_SIZE``], a text longer than :data:`MAX_NOTE_TEXT` characters is cut,
an entry that is no note is dropped, at most :data:`MAX_NOTES` are read; each change is a load
warning naming the place (``__editor__.notes[3].text``).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass
from typing import Any

from editor.core.graph.coords import MAX_SIZE, clamp_number, describe, read_position
from editor.core.graph.ids import is_valid_id

#: The longest note text, in characters (a page of prose is ~3,000).
MAX_NOTE_TEXT = 100_000
#: The most notes one network's canvas holds.
MAX_NOTES = 1_000
#: The smallest width and height of a note, in scene units.
MIN_NOTE_SIZE = 40.0
#: A new note's size, in scene units.
DEFAULT_NOTE_SIZE = (220.0, 110.0)
NOTES_KEY = "notes"


@dataclass
class Note:
    """One note: ``position`` is its top-left corner in scene units, ``size`` its (width, height)."""

    id: str
    text: str = ""
    position: tuple[float, float] = (0.0, 0.0)
    size: tuple[float, float] = DEFAULT_NOTE_SIZE

    def to_state(self) -> dict[str, Any]:
        return {"id": self.id, "text": self.text, "position": [self.position[0], self.position[1]],
                "size": [self.size[0], self.size[1]]}

    def copy(self) -> Note:
        return Note(self.id, self.text, self.position, self.size)


def new_note_id(taken: Container[str]) -> str:
    """``note_1``, ``note_2``, ...: the first free one."""
    n = 1
    while f"note_{n}" in taken:
        n += 1
    return f"note_{n}"


def clamp_text(text: str) -> tuple[str, str | None]:
    """``text`` within :data:`MAX_NOTE_TEXT` characters and encodable as UTF-8 (a lone surrogate
    from a JSON file becomes '?'), and a note of what was changed (None when nothing was)."""
    note = None
    if len(text) > MAX_NOTE_TEXT:
        note = (f"has {len(text):,} characters: cut to the first {MAX_NOTE_TEXT:,} "
                f"(a note holds at most {MAX_NOTE_TEXT:,})")
        text = text[:MAX_NOTE_TEXT]
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "replace").decode("utf-8")
        note = note or "held characters that are no text (lone surrogates): replaced by '?'"
    return text, note


def clamp_size(size: tuple[float, float]) -> tuple[float, float]:
    """A size computed in the editor (a resize drag), kept within the bounds."""
    w, h = (clamp_number(v, MIN_NOTE_SIZE, MAX_SIZE) for v in size)
    return (DEFAULT_NOTE_SIZE[0] if w is None else w, DEFAULT_NOTE_SIZE[1] if h is None else h)


def read_notes(value: Any, where: str) -> tuple[dict[str, Note], list[str]]:
    """The notes of ``__editor__.notes`` (``where`` is that place, for the warnings), and the load
    warnings saying what was changed or dropped."""
    warnings: list[str] = []
    notes: dict[str, Note] = {}
    if value is None:
        return notes, warnings
    if not isinstance(value, list):
        return notes, [f"the notes {describe(value)} were dropped: not a list of notes (at {where})"]
    if len(value) > MAX_NOTES:
        warnings.append(f"only the first {MAX_NOTES:,} of {len(value):,} notes were read (at {where})")
    for n, entry in enumerate(value[:MAX_NOTES]):
        place = f"{where}[{n}]"
        if not isinstance(entry, dict):
            warnings.append(f"note {describe(entry)} dropped: not a mapping (at {place})")
            continue
        text = entry.get("text", "")
        if not isinstance(text, str):
            warnings.append(f"note {n + 1} dropped: its text is {describe(text)}, not a string (at {place}.text)")
            continue
        raw_id = entry.get("id")
        note_id = raw_id if isinstance(raw_id, str) and is_valid_id(raw_id) and raw_id not in notes else ""
        if not note_id:
            note_id = new_note_id(notes)
            if raw_id is not None:
                warnings.append(f"note id {describe(raw_id)} is not a valid, unique id: "
                                f"the note is now '{note_id}' (at {place}.id)")
        text, change = clamp_text(text)
        if change is not None:
            warnings.append(f"the text of note '{note_id}' {change} (at {place}.text)")
        position, change = read_position(entry.get("position"))
        if change is not None:
            warnings.append(f"the position of note '{note_id}' {change.replace('the node', 'the note')} "
                            f"(at {place}.position)")
        if position is None:
            position = (0.0, 30.0 * len(notes))
            if change is None:
                warnings.append(f"note '{note_id}' has no position: placed at {position} (at {place}.position)")
        size = _read_size(entry.get("size"), note_id, f"{place}.size", warnings)
        notes[note_id] = Note(note_id, text, position, size)
    return notes, warnings


def _read_size(value: Any, note_id: str, place: str, warnings: list[str]) -> tuple[float, float]:
    if value is None:
        return DEFAULT_NOTE_SIZE
    if isinstance(value, (list, tuple)) and len(value) == 2:
        w, h = (clamp_number(v, MIN_NOTE_SIZE, MAX_SIZE) for v in value)
        if w is not None and h is not None:
            if (w, h) != (value[0], value[1]):
                warnings.append(f"the size of note '{note_id}' [{describe(value[0])}, {describe(value[1])}] "
                                f"was kept within {MIN_NOTE_SIZE:g} to {MAX_SIZE:,.0f}: ({w:g}, {h:g}) (at {place})")
            return (w, h)
    warnings.append(f"the size of note '{note_id}' {describe(value)} dropped: not two finite numbers (at {place})")
    return DEFAULT_NOTE_SIZE


def notes_state(notes: dict[str, Note]) -> list[dict[str, Any]]:
    return [note.to_state() for note in notes.values()]


__all__ = ["DEFAULT_NOTE_SIZE", "MAX_NOTES", "MAX_NOTE_TEXT", "MIN_NOTE_SIZE", "NOTES_KEY", "Note",
           "clamp_size", "clamp_text", "new_note_id", "notes_state", "read_notes"]
