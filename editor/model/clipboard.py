"""Model layer: copy and paste of nodes (with the links among them) as a JSON state fragment,
through the system clipboard so that it also works between two windows."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QMimeData

from editor.core.ids import unique_id
from editor.core.link import Link
from editor.core.network import Network
from editor.core.node import Node
from editor.core.state import _link_from_state, _node_from_state, _node_to_state, _link_to_state
from editor.core.urls import InputRef, OutputRef
from editor.model.commands import _NetworkCommand
from editor.model.networkmodel import NetworkModel

MIME_TYPE = "application/x-fastr-editor-nodes"


def copy_fragment(network: Network, node_ids: list[str]) -> dict[str, Any]:
    chosen = [n for n in network.nodes if n in set(node_ids)]
    keep = set(chosen)
    base = network.fullid
    links = [l for l in network.links.values() if l.source.node in keep and l.target.node in keep]
    return {
        "format": 1,
        "network": network.id,
        "nodes": [_node_to_state(network.nodes[n], True) for n in chosen],
        "links": [_link_to_state(l, base) for l in links],
        "positions": {n: list(network.nodes[n].position) for n in chosen if network.nodes[n].position},
        "steps": {n: network.step_of(n) for n in chosen if network.step_of(n)},
    }


def fragment_to_mime(fragment: dict[str, Any]) -> QMimeData:
    mime = QMimeData()
    data = json.dumps(fragment).encode("utf-8")
    mime.setData(MIME_TYPE, data)
    mime.setText(json.dumps(fragment, indent=1))
    return mime


def fragment_from_mime(mime: QMimeData | None) -> dict[str, Any] | None:
    if mime is None or not mime.hasFormat(MIME_TYPE):
        return None
    try:
        fragment = json.loads(bytes(mime.data(MIME_TYPE)).decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return None
    return fragment if isinstance(fragment, dict) and fragment.get("format") == 1 else None


class PasteCommand(_NetworkCommand):
    """Add the nodes and links of a fragment with new, unique ids, shifted by ``offset``."""

    def __init__(self, model: NetworkModel, fragment: dict[str, Any], offset: tuple[float, float],
                 text: str = "Paste") -> None:
        super().__init__(model, text)
        self._fragment = fragment
        self._offset = offset
        self.nodes: list[Node] = []
        self.links: list[Link] = []
        self._steps: dict[str, str | None] = {}

    def do_first(self) -> None:
        network = self.model.network
        taken = network._taken()
        renames: dict[str, str] = {}
        for n, state in enumerate(self._fragment.get("nodes", [])):
            node = _node_from_state(network, dict(state), f"clipboard.nodes[{n}]", 0)
            new_id = unique_id(node.id, _Union(taken, renames.values()))
            renames[node.id] = new_id
            old_pos = self._fragment.get("positions", {}).get(node.id)
            node.id = new_id
            if old_pos:
                node.position = (old_pos[0] + self._offset[0], old_pos[1] + self._offset[1])
            step = self._fragment.get("steps", {}).get(state.get("id"))
            self._steps[new_id] = step if step and step in network.stepids else None
            network.node_number += 1
            self.nodes.append(node)
        for node in self.nodes:
            network.insert_node(node, None, self._steps[node.id])
            self.model.node_added.emit(node.id)
            self.model._touch_macro_ports(node)
        base = network.fullid
        for n, state in enumerate(self._fragment.get("links", [])):
            state = dict(state)
            src_net = state["source"].split("/nodelist/")[0]
            state["source"] = state["source"].replace(src_net, base, 1)
            state["target"] = state["target"].replace(src_net, base, 1)
            link = _link_from_state(network, state, f"clipboard.links[{n}]")
            link.source = OutputRef(renames.get(link.source.node, link.source.node), link.source.output, link.source.index)
            link.target = InputRef(renames.get(link.target.node, link.target.node), link.target.input,
                                   link.target.key, link.target.name)
            link.id = unique_id(f"link_{network.link_number}", taken)
            network.link_number += 1
            network.add_link(link)
            self.links.append(link)
            self.model.link_added.emit(link.id)
        if any(self._steps.values()):
            self.model.steps_changed.emit()
        self.model.changed.emit()

    def do_again(self) -> None:
        for node in self.nodes:
            self.model.insert_node(node, None, self._steps[node.id])
        for link in self.links:
            self.model.insert_link(link)

    def do_undo(self) -> None:
        for link in reversed(self.links):
            if link.id in self.model.network.links:
                self.model.remove_link(link.id)
        for node in reversed(self.nodes):
            self.model.remove_node(node.id)


class _Union:
    def __init__(self, first: Any, second: Any) -> None:
        self._first, self._second = first, set(second)

    def __contains__(self, item: object) -> bool:
        return item in self._first or item in self._second
