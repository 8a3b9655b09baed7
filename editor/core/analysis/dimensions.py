"""Core layer: sample dimensions of every node, port and link, as fastr 3.4.0 computes them.

:func:`dimensions` walks a network once, in topological order, and reproduces fastr's
``dimnames`` (``fastr/planning/{node,inputoutput,link,inputgroup,inputgroupcombiner}.py``):

* a source or constant has one dimension, its nodegroup or else its id (size ``N_<name>``);
* a link drops collapsed dimensions (by index, negative too, or by name; an unknown name is
  silently ignored), ``expand`` appends ``<source node>__<source output>``, and collapsing
  everything leaves one dimension named after the target node (size 1);
* an input takes the dimensions of one of its sub-inputs (named sub-inputs first combine their
  own), an input group those of one of its inputs, chosen by fastr's size rules;
* a node combines its input groups as an outer product in group order, or merges dimensions
  (``merge_dimensions`` 'all' or a list: merged ones move to the end, in the first group's order);
* a FlowNode appends its nodegroup or id; an AdvancedFlowNode renames each output's dimensions to
  ``<dim>_<output>`` (not the last); a MacroNode maps its inner sinks' dimensions back through
  the inner sources to the dimensions of its own inputs. A sub-output (``output[0]``) always has
  the node's dimensions, as in fastr.

Sizes are kept as fastr's planning sizes (int, or a symbol's text) because fastr's choices
depend on them. Cycles and dangling links are tolerated: what cannot be known is ``()``.
No Qt.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from editor.core.analysis import cardinality as _card
from editor.core.analysis.cardinality import Card
from editor.core.analysis.dimension_rules import NONE as _NONE
from editor.core.analysis.dimension_rules import (
    Dims,
    collapse_indexes,
    combine,
    concat,
    dimension_letters,
    pick_group,
    pick_subinput,
)

if TYPE_CHECKING:
    from editor.core.graph.link import Link
    from editor.core.graph.network import Network
    from editor.core.graph.node import Node
    from editor.core.tools.definitions import PortDefinition, ToolDefinition

PortMap = dict[str, "PortDefinition"]

__all__ = ["NetworkDimensions", "LinkIndex", "dimensions", "dimension_letters", "collapse_indexes",
           "topological_order", "cycles"]


class LinkIndex:
    """Links per node, computed once: ``into[node][input]`` (network order) and ``out[node]``."""

    __slots__ = ("into", "out")

    def __init__(self, network: Network) -> None:
        self.into: dict[str, dict[str, list[Link]]] = {}
        self.out: dict[str, list[Link]] = {}
        for link in network.links.values():
            target, source = link.target, link.source
            self.into.setdefault(target.node, {}).setdefault(target.input, []).append(link)
            self.out.setdefault(source.node, []).append(link)


def topological_order(network: Network, index: LinkIndex) -> tuple[list[str], list[str]]:
    """(nodes in an upstream-first order, nodes left over because they are in or after a cycle)."""
    nodes = network.nodes
    pending = {node_id: 0 for node_id in nodes}
    for node_id, by_input in index.into.items():
        if node_id in pending:
            pending[node_id] = sum(1 for links in by_input.values() for l in links if l.source.node in nodes)
    queue = deque(node_id for node_id, count in pending.items() if count == 0)
    order: list[str] = []
    while queue:
        node_id = queue.popleft()
        order.append(node_id)
        for link in index.out.get(node_id, ()):
            target = link.target.node
            if target in pending:
                pending[target] -= 1
                if pending[target] == 0:
                    queue.append(target)
    done = set(order)
    return order, [node_id for node_id in nodes if node_id not in done]


def cycles(network: Network, index: LinkIndex, candidates: list[str]) -> list[list[str]]:
    """The cycles among ``candidates`` (Tarjan's strongly connected components of more than one
    node, or a node linked to itself), each in network order; iterative, so deep graphs are fine."""
    allowed = set(candidates)
    succ: dict[str, list[str]] = {
        n: [l.target.node for l in index.out.get(n, ()) if l.target.node in allowed] for n in candidates}
    order = {n: i for i, n in enumerate(network.nodes)}
    number: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    result: list[list[str]] = []
    counter = 0
    for root in candidates:
        if root in number:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                number[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            nexts = succ[node]
            if i < len(nexts):
                work.append((node, i + 1))
                nxt = nexts[i]
                if nxt not in number:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], number[nxt])
                continue
            if low[node] == number[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in succ[node]:
                    result.append(sorted(component, key=order.__getitem__))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return sorted(result, key=lambda c: order[c[0]])


class NetworkDimensions:
    """Dimension names (and fastr's planning sizes and cardinalities) of one network."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.index = LinkIndex(network)
        self.order, self.leftover = topological_order(network, self.index)
        self._node: dict[str, Dims] = {}
        self._inputs: dict[tuple[str, str], Dims] = {}
        self._named: dict[tuple[str, str, str], Dims] = {}
        self._outputs: dict[tuple[str, str], Dims] = {}
        self._links: dict[str, Dims] = {}
        self._input_card: dict[tuple[str, str], Card] = {}
        self._named_card: dict[tuple[str, str, str], Card] = {}
        self._output_card: dict[tuple[str, str], Card] = {}
        self._link_card: dict[str, Card] = {}
        self._groups: dict[str, dict[str, Dims]] = {}
        self._macros: dict[str, NetworkDimensions] = {}
        self._ports: dict[int, tuple[PortMap, PortMap]] = {}
        #: Things on which fastr itself would raise while planning: (node id, code, detail).
        self.issues: list[tuple[str, str, str]] = []
        nodes = network.nodes
        for node_id in self.order + self.leftover:
            self._compute_node(nodes[node_id])
        # Nodes in or after a cycle saw some upstream dimensions before they were known; a
        # second pass gives them what their upstream nodes got in the first.
        for node_id in self.leftover:
            self._compute_node(nodes[node_id])

    def _issue(self, node_id: str, code: str, detail: str) -> None:
        if (node_id, code, detail) not in self.issues:
            self.issues.append((node_id, code, detail))

    # -- public look-ups ----------------------------------------------------------------------
    def node(self, node_id: str) -> tuple[str, ...]:
        return self._node.get(node_id, _NONE)[0]

    def input(self, node_id: str, input_id: str) -> tuple[str, ...]:
        return self._inputs.get((node_id, input_id), _NONE)[0]

    def named_input(self, node_id: str, input_id: str, name: str) -> tuple[str, ...]:
        return self._named.get((node_id, input_id, name), _NONE)[0]

    def output(self, node_id: str, output_id: str) -> tuple[str, ...]:
        return self._outputs.get((node_id, output_id), _NONE)[0]

    def link(self, link_id: str) -> tuple[str, ...]:
        return self._links.get(link_id, _NONE)[0]

    def input_groups(self, node_id: str) -> dict[str, tuple[str, ...]]:
        """``{group: dimension names}`` in fastr's group order."""
        return {g: d[0] for g, d in self._groups.get(node_id, {}).items()}

    def ports(self, definition: ToolDefinition) -> tuple[PortMap, PortMap]:
        """``({input id: port}, {output id: port})`` of a tool, hidden ports included (cached)."""
        found = self._ports.get(id(definition))
        if found is None:
            found = self._ports[id(definition)] = (
                {p.id: p for p in definition.hidden_inputs + definition.inputs},
                {p.id: p for p in definition.hidden_outputs + definition.outputs})
        return found

    def macro(self, node_id: str) -> NetworkDimensions | None:
        """The dimensions inside a macro node's network."""
        return self._macros.get(node_id)

    # sizes and cardinalities as fastr plans them (int, symbol text, or None)
    def node_size(self, node_id: str) -> tuple[Card, ...]:
        return self._node.get(node_id, _NONE)[1]

    def input_size(self, node_id: str, input_id: str) -> tuple[Card, ...]:
        return self._inputs.get((node_id, input_id), _NONE)[1]

    def named_input_size(self, node_id: str, input_id: str, name: str) -> tuple[Card, ...]:
        return self._named.get((node_id, input_id, name), _NONE)[1]

    def link_size(self, link_id: str) -> tuple[Card, ...]:
        return self._links.get(link_id, _NONE)[1]

    def link_source(self, link: Link) -> tuple[str, ...]:
        """The dimension names of what a link reads (a sub-output reads the node's)."""
        return self._source_dims(link)[0]

    def input_cardinality(self, node_id: str, input_id: str) -> Card:
        return self._input_card.get((node_id, input_id), 0)

    def named_input_cardinality(self, node_id: str, input_id: str, name: str) -> Card:
        return self._named_card.get((node_id, input_id, name), 0)

    def output_cardinality(self, node_id: str, output_id: str) -> Card:
        return self._output_card.get((node_id, output_id))

    def link_cardinality(self, link_id: str) -> Card:
        return self._link_card.get(link_id)

    # -- links --------------------------------------------------------------------------------
    def _source_dims(self, link: Link) -> Dims:
        src = link.source
        if src.index is not None:
            return self._node.get(src.node, _NONE)
        return self._outputs.get((src.node, src.output), _NONE)

    def _source_card(self, link: Link) -> Card:
        src = link.source
        parent = self._output_card.get((src.node, src.output))
        if src.index is None or not isinstance(parent, int):
            return parent
        if isinstance(src.index, int):
            return 1 if parent >= 1 else 0
        return _card.slice_length(src.index, parent)

    def _compute_link(self, link: Link) -> None:
        names, sizes = self._source_dims(link)
        n = len(names)
        src_card = self._source_card(link)
        card: Card = 1 if link.expand else src_card
        if card is None:
            card = f"N_link_{link.id.replace(' ', '_')}"
        if link.collapse and n:
            collapse = collapse_indexes(link.collapse, names)
            keep = [i not in collapse and i - n not in collapse for i in range(n)]
            for size, kept in zip(sizes, keep):
                if not kept:
                    card = _card.multiply(card, size)
            names = tuple(x for x, kept in zip(names, keep) if kept)
            sizes = tuple(x for x, kept in zip(sizes, keep) if kept)
        self._link_card[link.id] = card
        if not n:
            self._links[link.id] = _NONE
            return
        if link.expand:
            names += (f"{link.source.node}__{link.source.output}",)
            sizes += (src_card if src_card is not None else f"N_{link.id}_expand",)
        if not names:
            names, sizes = (link.target.node,), (1,)
        self._links[link.id] = (names, sizes)

    # -- nodes --------------------------------------------------------------------------------
    def _compute_node(self, node: Node) -> None:
        node_id = node.id
        by_input = self.index.into.get(node_id, {})
        for links in by_input.values():
            for link in links:
                self._compute_link(link)
        groups: dict[str, list[Dims]] = {}
        for input_id, port in node.inputs.items():
            dims, card = self._compute_input(node_id, input_id, by_input.get(input_id, ()))
            self._inputs[(node_id, input_id)] = dims
            self._input_card[(node_id, input_id)] = card
            groups.setdefault(port.input_group, []).append(dims)
        group_dims = {name: self._group_dims(node_id, name, members) for name, members in groups.items()}
        self._groups[node_id] = group_dims
        own = node.nodegroup or node_id
        cls = node.cls
        if cls in ("SourceNode", "ConstantNode"):
            dims = ((own,), (f"N_{own}",))
        else:
            dims = self._combine(node, list(group_dims.values()))
            if cls in ("FlowNode", "AdvancedFlowNode"):
                dims = (dims[0] + (own,), dims[1] + (f"N_{node_id}",))
        self._node[node_id] = dims
        if cls == "MacroNode" and node.subnetwork is not None:
            self._macro_outputs(node, node.subnetwork)
            return
        for output_id in node.outputs:
            out = dims
            if cls == "AdvancedFlowNode":
                out = (tuple(f"{name}_{output_id}" for name in dims[0][:-1]) + dims[0][-1:], dims[1])
            self._outputs[(node_id, output_id)] = out
            self._output_card[(node_id, output_id)] = self._planned_output_card(node, output_id)

    def _planned_output_card(self, node: Node, output_id: str) -> Card:
        if node.cls in ("SourceNode", "ConstantNode"):
            return f"N_{node.id.replace(' ', '_')}"
        definition = node.definition
        port = self.ports(definition)[1].get(output_id) if definition is not None else None
        spec = _card.spec_or_none(port.cardinality) if port is not None else None
        if spec is None:
            return None
        if spec.kind == "int":
            return spec.low
        if spec.kind == "as":
            target = spec.target.split("[", 1)[0]
            if target not in node.inputs:
                return None
            value = self._input_card.get((node.id, target), 0)
            if spec.target.endswith("]") and not isinstance(value, int):
                return f"{value}{spec.target[len(target):]}"
            return value
        return None

    def _compute_input(self, node_id: str, input_id: str, links: Iterable[Link]) -> tuple[Dims, Card]:
        """An input's dimensions and cardinality from its sub-inputs (named ones nested)."""
        subs: list[Dims] = []
        cards: list[Card] = []
        named: dict[str, tuple[int, list[Link]]] = {}   # name -> (position, links)
        for link in links:
            name = link.target.name
            if name is None:
                subs.append(self._links[link.id])
                cards.append(self._link_card[link.id])
            elif name in named:
                named[name][1].append(link)
            else:
                named[name] = (len(subs), [link])
                subs.append(_NONE)
                cards.append(0)
        for name, (position, members) in named.items():
            dims = self._subinput_dims(node_id, input_id, [self._links[l.id] for l in members])
            card = _card.add([self._link_card[l.id] for l in members])
            self._named[(node_id, input_id, name)] = dims
            self._named_card[(node_id, input_id, name)] = card
            subs[position], cards[position] = dims, card
        return self._subinput_dims(node_id, input_id, subs), _card.add(cards)

    def _subinput_dims(self, node_id: str, input_id: str, subs: list[Dims]) -> Dims:
        dims, issue = pick_subinput(subs)
        if issue:
            self._issue(node_id, "subinput-size-mismatch", f"the sub-inputs of input '{input_id}' {issue}")
        return dims

    def _group_dims(self, node_id: str, group: str, members: list[Dims]) -> Dims:
        dims, issue = pick_group(members)
        if issue:
            self._issue(node_id, "dimension-names-not-unique", f"input group '{group}' {issue}")
        return dims

    def _combine(self, node: Node, groups: list[Dims]) -> Dims:
        dims, issues = combine(node.merge_dimensions, groups)
        for code, detail in issues:
            self._issue(node.id, code, detail)
        return dims

    def _macro_outputs(self, node: Node, inner: Network) -> None:
        """MacroNode outputs: inner sink dimensions with inner source dimensions mapped back."""
        inner_dims = self._macros.get(node.id)
        if inner_dims is None or inner_dims.network is not inner:
            inner_dims = self._macros[node.id] = NetworkDimensions(inner)
        mapping: dict[str, Dims] = {}
        for input_id in node.inputs:
            source_names = inner_dims.node(input_id)
            if source_names and source_names[0] not in mapping:
                mapping[source_names[0]] = self._inputs.get((node.id, input_id), _NONE)
        for output_id in node.outputs:
            sink_names, sink_sizes = inner_dims._node.get(output_id, _NONE)
            parts = [mapping.get(name, ((name,), (size,))) for name, size in zip(sink_names, sink_sizes)]
            self._outputs[(node.id, output_id)] = concat(parts)
            self._output_card[(node.id, output_id)] = None


def dimensions(network: Network) -> NetworkDimensions:
    """The dimensions of everything in ``network`` (and, through :meth:`macro`, in its macros)."""
    return NetworkDimensions(network)
