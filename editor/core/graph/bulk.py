"""Core layer (no Qt): removing many nodes at once and putting them back exactly.

Removing nodes one by one costs a pass over the network per node (finding each one's index and
links), and putting each back at its index rebuilds the node or link table each time: deleting
1,000 nodes of a 10,000-node network, and undoing it, took minutes. Here both are one pass: the
removal records every item's index in the table it left (nodes, links, each step's members), and
the restore merges them back in at those indexes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from editor.core.errors import NetworkError
from editor.core.graph.link import Link
from editor.core.graph.node import Node

if TYPE_CHECKING:
    from editor.core.graph.network import Network

T = TypeVar("T")


@dataclass
class RemovedNodes:
    """What :func:`remove_nodes` took out, each with its index before the removal (ascending)."""

    nodes: list[tuple[int, Node]] = field(default_factory=list)
    links: list[tuple[int, Link]] = field(default_factory=list)
    steps: dict[str, list[tuple[int, str]]] = field(default_factory=dict)   # step -> (index, node id)

    @property
    def node_ids(self) -> list[str]:
        return [node.id for _i, node in self.nodes]


def remove_nodes(network: Network, node_ids: Iterable[str]) -> RemovedNodes:
    """Remove the nodes and every link on them, in one pass over each table."""
    doomed = set(node_ids)
    missing = doomed - network.nodes.keys()
    if missing:
        raise NetworkError(f"no node {sorted(missing)[0]} in network {network.id}")
    incident = network._incident
    link_ids = {link_id for node_id in doomed for link_id in incident.get(node_id, ())}
    removed = RemovedNodes(
        nodes=[(i, node) for i, (key, node) in enumerate(network.nodes.items()) if key in doomed],
        links=[(i, link) for i, (key, link) in enumerate(network.links.items()) if key in link_ids])
    for _i, link in removed.links:
        for node_id in (link.source.node, link.target.node):
            incident.get(node_id, {}).pop(link.id, None)
    network.links = {k: v for k, v in network.links.items() if k not in link_ids}
    network._links_changed()
    network.nodes = {k: v for k, v in network.nodes.items() if k not in doomed}
    for node_id in doomed:
        incident.pop(node_id, None)
    for step, members in network.stepids.items():
        gone = [(i, m) for i, m in enumerate(members) if m in doomed]
        if gone:
            removed.steps[step] = gone
            members[:] = [m for m in members if m not in doomed]
    return removed


def restore_nodes(network: Network, removed: RemovedNodes) -> None:
    """Put back what :func:`remove_nodes` took out, each item at its old index."""
    for _i, node in removed.nodes:
        if node.id in network.nodes or node.id in network.links:
            raise NetworkError(f"The id {node.id} is already in use in {network.id}!")
    for _i, node in removed.nodes:
        node.network = network
        network._incident.setdefault(node.id, {})
    network.nodes = dict(_merged(network.nodes.items(), [(i, (n.id, n)) for i, n in removed.nodes]))
    network.links = dict(_merged(network.links.items(), [(i, (l.id, l)) for i, l in removed.links]))
    network._links_changed()
    for _i, link in removed.links:
        for node_id in (link.source.node, link.target.node):
            network._incident.setdefault(node_id, {})[link.id] = None
    for step, back in removed.steps.items():
        members = network.stepids.setdefault(step, [])
        members[:] = list(_merged(members, back))


def _merged(current: Iterable[T], back: list[tuple[int, T]]) -> Iterator[T]:
    """``current`` with each ``(index, item)`` of ``back`` (ascending indexes) put in at ``index``."""
    rest = iter(current)
    position = 0
    for index, item in back:
        while position < index:
            try:
                yield next(rest)
            except StopIteration:
                break
            position += 1
        yield item
        position += 1
    yield from rest
