"""Model layer: copy and paste of nodes (with the links among them) and canvas notes as a JSON
state fragment, through the system clipboard so that it also works between two windows.

A fragment is ``{format: 1, network, nodes, links, positions, steps, notes}``; ``notes`` is a list
of note states as saved under ``__editor__.notes`` (a fragment without it holds no notes). The
editor's own clipboard format holds it as the YAML text network files are written with, read back
as they are (so a node's keys ``1`` and ``'1'`` stay two keys, of their types); the plain-text
form for other programs is JSON. A JSON fragment (of an older editor) is still read."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QMimeData

from editor.core.errors import LoadError, StateError
from editor.core.graph.coords import clamp_position, read_position
from editor.core.graph.ids import unique_id
from editor.core.graph.link import Link
from editor.core.graph.network import Network
from editor.core.graph.node import Node
from editor.core.graph.notes import MAX_NOTES, Note, read_notes
from editor.core.graph.state import _link_from_state, _node_from_state, _node_to_state, _link_to_state
from editor.core.graph.urls import InputRef, OutputRef
from editor.core.io.files import dump_text, parse_text
from editor.model.commands import _NetworkCommand
from editor.model.networkmodel import NetworkModel

MIME_TYPE = "application/x-fastr-editor-nodes"


def copy_fragment(network: Network, node_ids: list[str], note_ids: Iterable[str] = ()) -> dict[str, Any]:
    """The nodes ``node_ids`` with the links among them, and the notes ``note_ids``."""
    wanted = set(node_ids)
    chosen = [n for n in network.nodes if n in wanted]
    keep = set(chosen)
    base = network.fullid
    links = [l for l in network.links.values() if l.source.node in keep and l.target.node in keep]
    notes = set(note_ids)
    fragment = {
        "format": 1,
        "network": network.id,
        "nodes": [_node_to_state(network.nodes[n], True) for n in chosen],
        "links": [_link_to_state(l, base) for l in links],
        "positions": {n: list(pos) for n in chosen if (pos := network.nodes[n].position)},
        "steps": {n: network.step_of(n) for n in chosen if network.step_of(n)},
    }
    if notes:
        fragment["notes"] = [note.to_state() for n, note in network.notes.items() if n in notes]
    return fragment


def copy_id(node_id: str, taken: Any) -> str:
    """The id of a copy: ``node_id`` if free; a numbered id gets the next free number
    (``addint_2`` -> ``addint_3``, not ``addint_2_2``); others ``node_id_2``, ``node_id_3``, ..."""
    match = re.fullmatch(r"(.+?)_(\d+)", node_id)
    if node_id not in taken or match is None:
        return unique_id(node_id, taken)
    stem, n = match.group(1), int(match.group(2)) + 1
    while f"{stem}_{n}" in taken:
        n += 1
    return f"{stem}_{n}"


def fragment_to_mime(fragment: dict[str, Any]) -> QMimeData:
    mime = QMimeData()
    data = dump_text(fragment, "yaml").encode("utf-8")
    mime.setData(MIME_TYPE, data)
    mime.setText(json.dumps(fragment, indent=1))
    return mime


def release_clipboard() -> None:
    """Before the application quits: hand the clipboard over to data that Qt itself owns.

    Qt deletes the clipboard's QMimeData in its own exit handlers, after Python has finished; a
    QMimeData made in Python would then crash the process. The text form is kept for other
    programs; the editor's own format is dropped."""
    from PySide6.QtGui import QGuiApplication
    if QGuiApplication.instance() is None:
        return
    clipboard = QGuiApplication.clipboard()
    mime = clipboard.mimeData()
    if mime is not None and mime.hasFormat(MIME_TYPE):
        text = mime.text()
        clipboard.clear()
        if text:
            clipboard.setText(text)


def fragment_from_mime(mime: QMimeData | None) -> dict[str, Any] | None:
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    try:
        text = bytes(mime.data(MIME_TYPE).data()).decode("utf-8")
        fragment = json.loads(text) if text.lstrip().startswith("{") else parse_text("the clipboard", text, "yaml")
    except (ValueError, UnicodeDecodeError, LoadError):
        return None
    return fragment if isinstance(fragment, dict) and fragment.get("format") == 1 else None


class FragmentError(ValueError):
    """Clipboard content that is not a fragment of nodes this editor can paste."""


class PasteCommand(_NetworkCommand):
    """Add the nodes, links and notes of a fragment with new, unique ids, shifted by ``offset``.

    The fragment is read completely when the command is made (nothing in the network changes
    then), so malformed clipboard data raises FragmentError before anything is pasted."""

    def __init__(self, model: NetworkModel, fragment: dict[str, Any], offset: tuple[float, float],
                 text: str = "Paste") -> None:
        super().__init__(model, text)
        self.nodes: list[Node] = []
        self.links: list[Link] = []
        self.notes: list[Note] = []
        self._steps: dict[str, str | None] = {}
        try:
            self._read(fragment, offset)
        except FragmentError:
            raise
        except (StateError, TypeError, KeyError, AttributeError, IndexError, ValueError) as exc:
            raise FragmentError(f"the clipboard does not hold nodes that can be pasted: {exc}") from None

    def _read(self, fragment: dict[str, Any], offset: tuple[float, float]) -> None:
        network = self.model.network
        if not isinstance(fragment, dict) or not isinstance(fragment.get("nodes", []), list) \
                or not (fragment.get("nodes") or fragment.get("notes")):
            raise FragmentError("the clipboard does not hold nodes")
        self._read_notes(fragment.get("notes"), offset)
        fragment = {**fragment, "nodes": fragment.get("nodes") or []}
        positions = fragment.get("positions") or {}
        steps = fragment.get("steps") or {}
        taken = network._taken()
        renames: dict[str, str] = {}
        for n, state in enumerate(fragment["nodes"]):
            node = _node_from_state(network, dict(state), f"clipboard.nodes[{n}]", 0)
            new_id = copy_id(node.id, _Union(taken, renames.values()))
            old_id = node.id
            renames[old_id] = new_id
            node.id = new_id
            pos, _note = read_position(positions.get(old_id) if isinstance(positions, dict) else None)
            if pos is not None:
                node.position = clamp_position((pos[0] + offset[0], pos[1] + offset[1]))
            step = steps.get(old_id)
            self._steps[new_id] = step if isinstance(step, str) and step in network.stepids else None
            self.nodes.append(node)
        base = network.fullid
        link_ids: set[str] = set()
        for n, state in enumerate(fragment.get("links") or []):
            state = dict(state)
            src_net = str(state["source"]).split("/nodelist/")[0]
            state["source"] = str(state["source"]).replace(src_net, base, 1)
            state["target"] = str(state["target"]).replace(src_net, base, 1)
            link = _link_from_state(network, state, f"clipboard.links[{n}]")
            if link.source.node not in renames or link.target.node not in renames:
                continue
            link.source = OutputRef(renames[link.source.node], link.source.output, link.source.index)
            link.target = InputRef(renames[link.target.node], link.target.input, link.target.key, link.target.name)
            self.links.append(link)
        for link in self.links:
            link.id = unique_id("link", _Union(taken, link_ids | set(renames.values())))
            link_ids.add(link.id)

    def _read_notes(self, value: Any, offset: tuple[float, float]) -> None:
        """The fragment's notes (bounded as a file's are), with ids free in the network."""
        notes, _warnings = read_notes(value, "clipboard.notes")
        taken = self.model.network.notes
        if len(taken) + len(notes) > MAX_NOTES:
            raise FragmentError(f"nothing was pasted: a canvas holds at most {MAX_NOTES:,} notes "
                                f"(this one has {len(taken):,}, the clipboard {len(notes):,})")
        given: set[str] = set()
        for note in notes.values():
            note.id = copy_id(note.id, _Union(taken, given))
            given.add(note.id)
            note.position = clamp_position((note.position[0] + offset[0], note.position[1] + offset[1]))
            self.notes.append(note)

    def do_first(self) -> None:
        node_number, link_number = self.model.counters()
        taken = self.model.network._taken()
        for n, link in enumerate(self.links):
            fresh = f"link_{link_number + n}"
            if fresh not in taken:
                link.id = fresh
        self.model.set_counters((node_number + len(self.nodes), link_number + len(self.links)))
        self.do_again()

    def do_again(self) -> None:
        for node in self.nodes:
            self.model.insert_node(node, None, self._steps[node.id])
        for link in self.links:
            self.model.insert_link(link)
        for note in self.notes:
            self.model.add_note(note)

    def do_undo(self) -> None:
        for note in reversed(self.notes):
            self.model.remove_note(note.id)
        if self.nodes:
            self.model.remove_nodes([node.id for node in self.nodes])     # their links go with them


class _Union:
    def __init__(self, first: Any, second: Any) -> None:
        self._first, self._second = first, set(second)

    def __contains__(self, item: object) -> bool:
        return item in self._first or item in self._second
