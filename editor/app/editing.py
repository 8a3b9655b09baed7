"""App layer: the Edit menu's operations on the shared selection: cut, copy, paste, duplicate,
delete and select all.

Copy puts a JSON fragment on the system clipboard (so paste works between two windows, and into
the same window again).  A paste into the network it was copied from is shifted a little more with
every paste; into another network it lands around the centre of the view.  Pasted nodes become the
selection.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QGuiApplication

from editor.model.clipboard import FragmentError, PasteCommand, copy_fragment, fragment_from_mime, fragment_to_mime
from editor.model.document import Document
from editor.model.edits import delete_items

PASTE_STEP = 30.0

CenterProvider = Callable[[], tuple[float, float] | None]


class EditOperations:
    """Cut/copy/paste/duplicate/delete/select-all for one document."""

    def __init__(self, document: Document, selected: Callable[[], tuple[list[str], list[str]]],
                 view_center: CenterProvider) -> None:
        self.document = document
        self._selected = selected
        self._view_center = view_center
        self._last_paste: tuple[str, int] | None = None      # (fragment key, network id)
        self._paste_count = 0
        self._paste_base = (0.0, 0.0)
        self.paste_refused: Callable[[str], None] = lambda message: None   # the window shows it

    def selected(self) -> tuple[list[str], list[str]]:
        return self._selected()

    # -- clipboard ----------------------------------------------------------------------------
    def copy(self) -> bool:
        nodes, _links = self.selected()
        if not nodes:
            return False
        fragment = copy_fragment(self.document.current_network, nodes)
        QGuiApplication.clipboard().setMimeData(fragment_to_mime(fragment))
        self._last_paste = None
        return True

    def cut(self) -> bool:
        nodes, links = self.selected()
        if not self.copy():
            return False
        command = delete_items(self.document, nodes, links)
        if command is not None:
            command.setText("Cut")
            self.document.push(command)
            self.document.selection.clear()
        return True

    def paste(self) -> list[str]:
        fragment = fragment_from_mime(QGuiApplication.clipboard().mimeData())
        if not fragment or not fragment.get("nodes"):
            return []
        return self._paste(fragment, self._paste_offset(fragment), "Paste")

    def duplicate(self) -> list[str]:
        nodes, _links = self.selected()
        if not nodes:
            return []
        fragment = copy_fragment(self.document.current_network, nodes)
        return self._paste(fragment, (PASTE_STEP, PASTE_STEP), "Duplicate")

    def _paste(self, fragment: dict[str, Any], offset: tuple[float, float], text: str) -> list[str]:
        try:
            command = PasteCommand(self.document.current_model, fragment, offset, text)
        except FragmentError as exc:
            self.paste_refused(str(exc))
            return []
        self.document.push(command)
        ids = [node.id for node in command.nodes]
        self.document.selection.set(ids, [link.id for link in command.links])
        return ids

    def _paste_offset(self, fragment: dict[str, Any]) -> tuple[float, float]:
        """One step further with every paste of the same fragment into the same network; the
        first paste into a network without the originals lands around the view centre."""
        network = self.document.current_network
        key = (json.dumps(fragment, sort_keys=True), id(network))
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
        center = self._view_center()
        if originals_here or not placed or center is None:
            return (0.0, 0.0)
        xs = [p[0] for p in placed.values()]
        ys = [p[1] for p in placed.values()]
        return (round(center[0] - (min(xs) + max(xs)) / 2) - PASTE_STEP,
                round(center[1] - (min(ys) + max(ys)) / 2) - PASTE_STEP)

    # -- selection ----------------------------------------------------------------------------
    def delete(self) -> bool:
        nodes, links = self.selected()
        command = delete_items(self.document, nodes, links)
        if command is None:
            return False
        self.document.push(command)
        self.document.selection.clear()
        return True

    def select_all(self) -> None:
        network = self.document.current_network
        self.document.selection.set(list(network.nodes), list(network.links))
