"""Model layer: NetworkStructure, a snapshot of which nodes and links a network holds, by object.

Commands that rewire a network wholesale (create and dissolve macro) record the structure before
and after their first redo and swap between the two. The snapshot keeps the node and link *objects*
(so their ids and everything else about them stay stable) plus what such a command changes on
them: ids, positions, link ends, collapse/expand, sub-outputs, steps and counters. Restoring goes
through the core Network's public insert/remove calls, which keep its indexes right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from editor.core.graph.link import Link
from editor.core.graph.network import Network
from editor.core.graph.node import Node
from editor.core.graph.urls import InputRef, OutputRef


@dataclass(slots=True)
class _NodeEntry:
    id: str
    node: Node
    position: tuple[float, float] | None
    suboutputs: dict[str, list[dict[str, Any]]]


@dataclass(slots=True)
class _LinkEntry:
    id: str
    link: Link
    source: OutputRef
    target: InputRef
    collapse: tuple[int | str, ...]
    expand: bool


@dataclass(slots=True)
class NetworkStructure:
    """The contents of ``network`` at one moment (see module docstring)."""

    network: Network
    nodes: list[_NodeEntry] = field(default_factory=list)
    links: list[_LinkEntry] = field(default_factory=list)
    stepids: dict[str, list[str]] = field(default_factory=dict)
    counters: tuple[int, int] = (0, 0)

    @classmethod
    def capture(cls, network: Network) -> NetworkStructure:
        nodes = [_NodeEntry(n.id, n, n.position,
                            {o.id: [dict(s) for s in o.suboutputs] for o in n.outputs.values()})
                 for n in network.nodes.values()]
        links = [_LinkEntry(l.id, l, l.source, l.target, l.collapse, l.expand) for l in network.links.values()]
        return cls(network, nodes, links, {k: list(v) for k, v in network.stepids.items()},
                   (network.node_number, network.link_number))

    def restore(self) -> None:
        """Make the network hold exactly what it held when captured."""
        net = self.network
        for link_id in list(net.links):
            net.remove_link(link_id)
        for node_id in list(net.nodes):
            net.remove_node(node_id)
        for entry in self.nodes:
            entry.node.id = entry.id
            entry.node.position = entry.position
            net.insert_node(entry.node)
        net.stepids = {k: list(v) for k, v in self.stepids.items()}
        for link_entry in self.links:
            link = link_entry.link
            link.id, link.network = link_entry.id, net
            link.source, link.target = link_entry.source, link_entry.target
            net.add_link(link)
            net.set_link_collapse(link.id, link_entry.collapse)
            net.set_link_expand(link.id, link_entry.expand)
        for entry in self.nodes:
            for output_id, subs in entry.suboutputs.items():
                if output_id in entry.node.outputs:
                    entry.node.outputs[output_id].suboutputs = [dict(s) for s in subs]
        net.node_number, net.link_number = self.counters
        for entry in self.nodes:
            if entry.node.subnetwork is not None:
                net.refresh_macro_ports(entry.node)


def restore_all(structures: list[NetworkStructure]) -> None:
    """Restore outer networks before inner ones (a node ends up in the last network holding it)."""
    for structure in structures:
        structure.restore()
    for structure in structures:
        parent = structure.network.parent
        if parent is not None and parent.subnetwork is structure.network:
            parent.network.refresh_macro_ports(parent)


class TakenIds:
    """Ids in use in several networks at once (nodes and links share one namespace), plus extras."""

    def __init__(self, *networks: Network, extra: set[str] | None = None,
                 free: set[str] | None = None) -> None:
        self._networks = networks
        self.extra: set[str] = set(extra or ())
        self._free = set(free or ())

    def __contains__(self, item: object) -> bool:
        if item in self.extra:
            return True
        if item in self._free:
            return False
        return any(item in n.nodes or item in n.links for n in self._networks)

    def claim(self, name: str) -> str:
        self.extra.add(name)
        return name
