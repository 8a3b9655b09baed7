"""Core layer: a Link from an output (or sub-output) to a sub-input, with collapse and expand, and
the rule of which links the editor refuses (:func:`link_refusal`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from editor.core.graph.urls import InputRef, OutputRef

if TYPE_CHECKING:
    from editor.core.graph.network import Network


class Link:
    """A link of a network. Edit it through the Network so indexes stay right."""

    __slots__ = ("network", "id", "source", "target", "_collapse", "_expand", "extra", "key_order")

    def __init__(self, network: Network, id: str, source: OutputRef, target: InputRef,
                 collapse: tuple[int | str, ...] = (), expand: bool = False) -> None:
        self.network = network
        self.id = id
        self.source = source
        self.target = target
        self._collapse = tuple(collapse)
        self._expand = bool(expand)
        self.extra: dict[str, Any] = {}
        self.key_order: tuple[str, ...] | None = None

    @property
    def collapse(self) -> tuple[int | str, ...]:
        return self._collapse

    @collapse.setter
    def collapse(self, value: Any) -> None:
        self.network.set_link_collapse(self.id, value)

    @property
    def expand(self) -> bool:
        return self._expand

    @expand.setter
    def expand(self, value: bool) -> None:
        self.network.set_link_expand(self.id, value)

    @property
    def source_node(self) -> str:
        return self.source.node

    @property
    def target_node(self) -> str:
        return self.target.node

    def __repr__(self) -> str:
        return f"<Link {self.id}: {self.source.node}.{self.source.output} -> {self.target.node}.{self.target.input}>"


def link_refusal(network: Network, source: OutputRef, target: InputRef) -> str | None:
    """Why ``source`` cannot feed ``target`` in the domain's words, or None when it can."""
    src_node = network.nodes.get(source.node)
    tgt_node = network.nodes.get(target.node)
    if src_node is None or tgt_node is None:
        return "the node no longer exists"
    if source.node == target.node:
        return "a node cannot feed itself"
    out = src_node.outputs.get(source.output)
    inp = tgt_node.inputs.get(target.input)
    if out is None or inp is None:
        return "no such port"
    if _reaches(network, target.node, source.node):
        return f"linking {source.node} to {target.node} would make a cycle"
    reason = network.types.explain(out.datatype, inp.datatype)
    return reason


def _reaches(network: Network, start: str, goal: str) -> bool:
    seen = {start}
    todo = [start]
    while todo:
        node_id = todo.pop()
        if node_id == goal:
            return True
        for link in network.node_links(node_id):
            if link.source.node == node_id and link.target.node not in seen:
                seen.add(link.target.node)
                todo.append(link.target.node)
    return False
