"""App layer: the Edit menu's operations on the shared selection (nodes, links and canvas notes):
cut, copy, paste, duplicate, delete and select all.

Copy puts a fragment (``model.clipboard``) on the system clipboard (so paste works between two
windows, and into the same window again).  A paste into the network it was copied from is shifted a little more with
every paste; into another network it lands around the centre of the view.  Pasted nodes and notes
become the selection.  A mixed selection is one undo step in each operation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QGuiApplication

from editor.model.clipboard import FragmentError, PasteCommand, copy_fragment, fragment_from_mime, fragment_to_mime
from editor.model.document import Document
from editor.model.edits import delete_items

PASTE_STEP = 30.0

CenterProvider = Callable[[], tuple[float, float] | None]
#: (node ids, link ids, note ids) selected.
SelectionProvider = Callable[[], tuple[list[str], list[str], list[str]]]


class EditOperations:
    """Cut/copy/paste/duplicate/delete/select-all for one document."""

    def __init__(self, document: Document, selected: SelectionProvider, view_center: CenterProvider) -> None:
        self.document = document
        self._selected = selected
        self._view_center = view_center
        self._last_paste: tuple[str, int] | None = None      # (fragment key, network id)
        self._paste_count = 0
        self._paste_base = (0.0, 0.0)
        self.paste_refused: Callable[[str], None] = lambda message: None   # the window shows it

    def selected(self) -> tuple[list[str], list[str], list[str]]:
        return self._selected()

    # -- clipboard ----------------------------------------------------------------------------
    def copy(self) -> bool:
        nodes, _links, notes = self.selected()
        if not nodes and not notes:
            return False
        fragment = copy_fragment(self.document.current_network, nodes, notes)
        QGuiApplication.clipboard().setMimeData(fragment_to_mime(fragment))
        self._last_paste = None
        return True

    def cut(self) -> bool:
        nodes, links, notes = self.selected()
        if not self.copy():
            return False
        command = delete_items(self.document, nodes, links, notes)
        if command is not None:
            command.setText("Cut")
            self.document.push(command)
            self.document.selection.clear()
        return True

    def paste(self) -> list[str]:
        fragment = fragment_from_mime(QGuiApplication.clipboard().mimeData())
        if not fragment or not (fragment.get("nodes") or fragment.get("notes")):
            return []
        return self._paste(fragment, self._paste_offset(fragment), "Paste")

    def duplicate(self) -> list[str]:
        nodes, _links, notes = self.selected()
        if not nodes and not notes:
            return []
        fragment = copy_fragment(self.document.current_network, nodes, notes)
        return self._paste(fragment, (PASTE_STEP, PASTE_STEP), "Duplicate")

    def _paste(self, fragment: dict[str, Any], offset: tuple[float, float], text: str) -> list[str]:
        """The pasted node ids (the pasted notes are selected with them)."""
        try:
            command = PasteCommand(self.document.current_model, fragment, offset, text)
        except FragmentError as exc:
            self.paste_refused(str(exc))
            return []
        self.document.push(command)
        ids = [node.id for node in command.nodes]
        self.document.selection.set(ids, [link.id for link in command.links], [note.id for note in command.notes])
        return ids or [note.id for note in command.notes]

    def _paste_offset(self, fragment: dict[str, Any]) -> tuple[float, float]:
        """One step further with every paste of the same fragment into the same network; the
        first paste into a network without the originals lands around the view centre."""
        network = self.document.current_network
        key = (repr(fragment), id(network))     # (json's sort_keys fails on keys 1 and 'b')
        if key == self._last_paste:
            self._paste_count += 1
        else:
            self._last_paste, self._paste_count = key, 1
            self._paste_base = self._base_offset(fragment)
        step = PASTE_STEP * self._paste_count
        return (self._paste_base[0] + step, self._paste_base[1] + step)

    def _base_offset(self, fragment: dict[str, Any]) -> tuple[float, float]:
        network = self.document.current_network
        placed = {n: p for n, p in fragment.get("positions", {}).items() if p}
        originals_here = any(network.nodes.get(n) is not None
                             and list(network.nodes[n].position or []) == list(p) for n, p in placed.items())
        for n, (note_id, position) in enumerate(_note_positions(fragment)):    # notes: their top-left corners
            here = network.notes.get(note_id)
            originals_here = originals_here or (here is not None and list(here.position) == position)
            placed[f"note {n}"] = position
        center = self._view_center()
        if originals_here or not placed or center is None:
            return (0.0, 0.0)
        xs = [p[0] for p in placed.values()]
        ys = [p[1] for p in placed.values()]
        return (round(center[0] - (min(xs) + max(xs)) / 2) - PASTE_STEP,
                round(center[1] - (min(ys) + max(ys)) / 2) - PASTE_STEP)

    # -- selection ----------------------------------------------------------------------------
    def delete(self) -> bool:
        nodes, links, notes = self.selected()
        command = delete_items(self.document, nodes, links, notes)
        if command is None:
            return False
        self.document.push(command)
        self.document.selection.clear()
        return True

    def select_all(self) -> None:
        network = self.document.current_network
        self.document.selection.set(list(network.nodes), list(network.links), list(network.notes))


def _note_positions(fragment: dict[str, Any]) -> list[tuple[str, list[float]]]:
    """(id, [x, y]) of the fragment's notes that have an id and a position of two numbers."""
    found = []
    notes = fragment.get("notes")
    for note in notes if isinstance(notes, list) else []:
        position = note.get("position") if isinstance(note, dict) else None
        if isinstance(position, list) and len(position) == 2 and isinstance(note.get("id"), str) \
                and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in position):
            found.append((note["id"], position))
    return found
