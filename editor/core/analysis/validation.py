"""Core layer: what is wrong with a network, as problems a person can act on.

:func:`problems` reports everything fastr 3.4.0's ``Network.is_valid()`` reports, with fastr's
severity (what makes fastr's ``is_valid`` False, or makes fastr raise while planning, is an
``'error'``), plus what fastr misses: cycles, links to nodes or ports that do not exist, unknown
tools and datatypes, invalid or shared ids, collapse names that match no dimension, and states
fastr writes but cannot load again (``'fastr-cannot-reload'``). Macro networks are checked too;
``Problem.network_path`` names the macro nodes leading to them.

One pass over the network (links are indexed once), so it can run after every edit.
Problem codes are listed in :data:`CODES`. No Qt.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from editor.core.analysis import cardinality as _card
from editor.core.analysis.dimensions import (
    NetworkDimensions,
    collapse_indexes,
    cycles,
    dimensions,
)
from editor.core.graph.ids import is_valid_id
from editor.core.graph.node import NODE_CLASSES
from editor.core.graph.resourcelimit import unbelievable

if TYPE_CHECKING:
    from editor.core.graph.link import Link
    from editor.core.graph.network import Network
    from editor.core.graph.node import Node
    from editor.core.tools.definitions import ToolDefinition

ERROR, WARNING = "error", "warning"

#: Every code, with its severity. Codes marked "fastr" are ones fastr's is_valid reports.
CODES: dict[str, str] = {
    "no-input-linked": ERROR,          # fastr: no nodes are linked to any input
    "no-output-linked": ERROR,         # fastr: no nodes are linked to any output
    "input-unlinked": ERROR,           # fastr: required input has size 0 (nothing linked)
    "input-empty": ERROR,              # fastr: required input has size 0 (upstream gives no samples)
    "input-cardinality": ERROR,        # fastr: cardinality does not fit the spec
    "input-group-empty": ERROR,        # fastr: InputGroup is empty
    "datatype-mismatch": ERROR,        # fastr: link datatypes do not match
    "collapse-out-of-range": ERROR,    # fastr: collapse index outside the source dimensions
    "merge-dimension-unknown": ERROR,  # fastr raises KeyError while planning
    "merge-size-mismatch": ERROR,      # fastr raises: dimensions to merge differ in size
    "subinput-size-mismatch": ERROR,   # fastr raises: sub-inputs of different sizes
    "dimension-names-not-unique": ERROR,  # fastr raises: repeated dimension names in a group
    "cycle": ERROR,
    "link-dangling": ERROR,
    "invalid-id": ERROR,
    "duplicate-id": ERROR,
    "unknown-node-class": ERROR,
    "macro-without-network": ERROR,
    "unknown-tool": WARNING,
    "unknown-port": WARNING,
    "unknown-datatype": WARNING,
    "collapse-unknown-name": WARNING,
    "step-unknown-node": WARNING,
    "fastr-cannot-reload": WARNING,
    "resources-unrealistic": WARNING,   # more memory, cores, time or GPUs than any machine has
}

#: The codes for conditions real fastr's ``is_valid()`` flags on a node or link.
FASTR_CODES = frozenset({"no-input-linked", "no-output-linked", "input-unlinked", "input-empty",
                         "input-cardinality", "input-group-empty", "datatype-mismatch",
                         "collapse-out-of-range"})

_MACRO_INPUT_SPEC = _card.parse_spec("1-*")
_NO_INPUTS = ("SourceNode", "ConstantNode")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a network, with where it is."""

    severity: str            # 'error' | 'warning'
    message: str
    node: str | None = None
    link: str | None = None
    port: str | None = None  # input or output id
    code: str = ""
    network_path: tuple[str, ...] = ()


def problems(network: Network, dims: NetworkDimensions | None = None) -> list[Problem]:
    """All problems: network-wide first, then per node (a macro's inner network right after it),
    then per link, each in network order. ``dims``: the network's dimensions when the caller
    has them already (computed from the network as it is now)."""
    found: list[Problem] = []
    _Checker(network, dims if dims is not None else dimensions(network), (), found).run()
    return found


def is_valid(network: Network) -> bool:
    """True when there is no error (fastr's meaning: it would plan and run this network)."""
    return not any(p.severity == ERROR for p in problems(network))


class _Checker:
    """Checks one network; macro networks get a checker of their own."""

    def __init__(self, network: Network, dims: NetworkDimensions, path: tuple[str, ...],
                 found: list[Problem]) -> None:
        self.network = network
        self.dims = dims
        self.path = path
        self.found = found
        self.types = network.types
        self.library = network.library
        self._known: dict[str, bool] = {}
        self._matches: dict[tuple[str, str, tuple[str, ...]], bool] = {}
        self._with_enums = False
        self._issues: dict[str, list[tuple[str, str]]] = {}
        for node_id, code, detail in dims.issues:
            self._issues.setdefault(node_id, []).append((code, detail))

    def add(self, code: str, message: str, node: str | None = None, link: str | None = None,
            port: str | None = None) -> None:
        self.found.append(Problem(CODES[code], message, node, link, port, code, self.path))

    def run(self) -> None:
        network = self.network
        if not is_valid_id(network.id):
            self.add("invalid-id", f"Network id '{network.id}' is not a valid id")
        self._check_steps()
        self._check_cycles()
        for node in network.nodes.values():
            self._check_node(node)
        for link in network.links.values():
            self._check_link(link)

    # -- network ------------------------------------------------------------------------------
    def _check_steps(self) -> None:
        for step, members in self.network.stepids.items():
            if not is_valid_id(step):
                self.add("invalid-id", f"Step id '{step}' is not a valid id")
            for node_id in members:
                if node_id not in self.network.nodes:
                    self.add("step-unknown-node", f"Step '{step}' lists '{node_id}', which is not a node",
                             node=node_id)

    def _check_cycles(self) -> None:
        if not self.dims.leftover:
            return
        for cycle in cycles(self.network, self.dims.index, self.dims.leftover):
            shown = ", ".join(f"'{n}'" for n in cycle)
            self.add("cycle", f"Nodes {shown} form a cycle: each needs the output of another",
                     node=cycle[0])

    # -- nodes --------------------------------------------------------------------------------
    def _check_node(self, node: Node) -> None:
        nid = node.id
        if not is_valid_id(nid):
            self.add("invalid-id", f"Node id '{nid}' is not a valid id", node=nid)
        if nid in self.network.links:
            self.add("duplicate-id", f"Node id '{nid}' is also the id of a link", node=nid)
        if node.cls not in NODE_CLASSES:
            self.add("unknown-node-class", f"Node '{nid}' has an unknown class '{node.cls}'", node=nid)
            return
        definition = node.definition
        if node.tool is not None and definition is None:
            self.add("unknown-tool", f"Tool '{node.tool[0]}' version {node.tool[1]} is not in the tool "
                                     "library, so its inputs cannot be checked", node=nid)
        self._check_ports_known(node, definition)
        self._check_datatypes(node)
        self._check_fastr_node(node, definition)
        self._check_merge(node)
        if node.resources is not None:
            asked = unbelievable(node.resources)
            if asked:
                self.add("resources-unrealistic", f"Node '{nid}' asks for {' and '.join(asked)}, more "
                         "than any machine has: a typo? (fastr would ask the cluster for it)", node=nid)
        for code, detail in self._issues.get(nid, ()):
            self.add(code, _ISSUE_TEXT[code].format(node=nid, detail=detail), node=nid)
        if node.cls == "MacroNode":
            inner = self.dims.macro(nid)
            if node.subnetwork is None or inner is None:
                self.add("macro-without-network", f"Macro node '{nid}' has no network", node=nid)
            else:
                _Checker(node.subnetwork, inner, self.path + (nid,), self.found).run()

    def _check_ports_known(self, node: Node, definition: ToolDefinition | None) -> None:
        if definition is None or node.cls == "MacroNode":
            return
        inputs, outputs = self.dims.ports(definition)
        for kind, ports, known in (("input", node.inputs, inputs), ("output", node.outputs, outputs)):
            for port_id in ports:
                if port_id not in known:
                    self.add("unknown-port", f"{kind.capitalize()} '{port_id}' is not an {kind} of tool "
                                             f"'{definition.ns_id}'", node=node.id, port=port_id)

    def _known_type(self, name: str) -> bool:
        known = self._known.get(name)
        if known is None:
            known = name in self.types
            if not known and name in getattr(self.library, "enum_types", {}):
                self._add_enum_types()
                known = name in self.types
            self._known[name] = known
        return known

    def _add_enum_types(self) -> None:
        """fastr makes a datatype of every tool enum; add the library's to a private registry copy."""
        if self._with_enums:
            return
        self._with_enums = True
        types = self.types.copy()
        for name, options in self.library.enum_types.items():
            if name not in types:
                types.register_enum(name, sorted(options))
        self.types = types

    def _check_datatypes(self, node: Node) -> None:
        known = self._known
        for kind, ports in (("Input", node.inputs), ("Output", node.outputs)):
            for port in ports.values():
                if not known.get(port.datatype) and port.datatype and not self._known_type(port.datatype):
                    self.add("unknown-datatype", f"{kind} '{port.id}' has datatype '{port.datatype}', "
                                                 "which is not a known datatype", node=node.id, port=port.id)

    def _check_fastr_node(self, node: Node, definition: ToolDefinition | None) -> None:
        nid, cls = node.id, node.cls
        into = self.dims.index.into.get(nid, {})
        linked = any(into.get(i) for i in node.inputs) if into else False
        if not linked and cls not in _NO_INPUTS:
            self.add("no-input-linked", f"No input of '{nid}' is linked", node=nid)
        if cls != "SinkNode":
            outputs = node.outputs
            for link in self.dims.index.out.get(nid, ()):
                if link.source.output in outputs:
                    break
            else:
                self.add("no-output-linked", f"No output of '{nid}' is linked to anything", node=nid)
        first = len(self.found)
        for input_id in node.inputs:
            spec, required = self._input_spec(node, definition, input_id)
            if spec is not None:
                self._check_input(node, input_id, into.get(input_id, ()), spec, required)
        if linked:
            self._check_groups(node, into, first)

    def _check_groups(self, node: Node, into: dict[str, list[Link]], first: int) -> None:
        """Empty input groups; not again when an empty linked input was already reported."""
        reported = {p.port for p in self.found[first:] if p.code == "input-empty"}
        for group, names in self.dims.input_groups(node.id).items():
            if names:
                continue
            members = [i for i, port in node.inputs.items() if port.input_group == group]
            if not any(into.get(i) for i in members):
                self.add("input-group-empty", f"Input group '{group}' of '{node.id}' has no linked input",
                         node=node.id)
            elif not reported.intersection(members):
                self.add("input-group-empty", f"Input group '{group}' of '{node.id}' gets no samples from "
                                              "its linked inputs", node=node.id)

    def _input_spec(self, node: Node, definition: ToolDefinition | None,
                    input_id: str) -> tuple[_card.CardinalitySpec | None, bool]:
        if node.cls == "MacroNode":
            return _MACRO_INPUT_SPEC, True
        port = self.dims.ports(definition)[0].get(input_id) if definition is not None else None
        if port is None:
            return None, False
        return _card.spec_or_none(port.cardinality), bool(port.required)

    def _check_input(self, node: Node, input_id: str, links: Sequence[Link],
                     spec: _card.CardinalitySpec, required: bool) -> None:
        nid, dims = node.id, self.dims
        if not links:
            if required:
                self.add("input-unlinked", f"Input '{input_id}' is required but not linked", node=nid,
                         port=input_id)
            return
        if not all(self._resolved(link) for link in links):
            return  # a broken link (reported on the link): nothing sensible to count
        names = dict.fromkeys(l.target.name for l in links)
        names.pop(None, None)
        for name in filter(None, names):
            card = dims.named_input_cardinality(nid, input_id, name)
            size = dims.named_input_size(nid, input_id, name)
            self._check_values(nid, f"Input '{input_id}' ['{name}']", input_id, card, size, spec, required)
        card = dims.input_cardinality(nid, input_id)
        size = dims.input_size(nid, input_id)
        self._check_values(nid, f"Input '{input_id}'", input_id, card, size, spec, required)

    def _resolved(self, link: Link) -> bool:
        source = self.network.nodes.get(link.source.node)
        return source is not None and link.source.output in source.outputs

    def _check_values(self, nid: str, what: str, input_id: str, card: _card.Card, size: tuple,
                      spec: _card.CardinalitySpec, required: bool) -> None:
        if isinstance(card, int) and not (card == 0 and not required) and not spec.accepts(card):
            self.add("input-cardinality", f"{what} gets {card} value{'s' if card != 1 else ''} per sample, "
                                          f"but needs {_card.describe(spec)} (cardinality {spec})",
                     node=nid, port=input_id)
        if required and not any(x != 0 for x in size):
            self.add("input-empty", f"{what} is required but gets no samples: what is linked to it "
                                    "has no dimensions", node=nid, port=input_id)

    def _check_merge(self, node: Node) -> None:
        if isinstance(node.merge_dimensions, list):
            self.add("fastr-cannot-reload", f"merge_dimensions of '{node.id}' is a list: fastr 3.4.0 saves "
                                            "it but cannot load the saved network", node=node.id)

    # -- links --------------------------------------------------------------------------------
    def _check_link(self, link: Link) -> None:
        lid, src, tgt = link.id, link.source, link.target
        nodes = self.network.nodes
        source_node, target_node = nodes.get(src.node), nodes.get(tgt.node)
        where = {"link": lid}
        if target_node is not None:
            where.update(node=tgt.node, port=tgt.input)
        if not is_valid_id(lid):
            self.add("invalid-id", f"Link id '{lid}' is not a valid id", **where)
        missing = None
        if source_node is None:
            missing = f"its source node '{src.node}' does not exist"
        elif src.output not in source_node.outputs:
            missing = f"'{src.node}' has no output '{src.output}'"
        elif target_node is None:
            missing = f"its target node '{tgt.node}' does not exist"
        elif tgt.input not in target_node.inputs:
            missing = f"'{tgt.node}' has no input '{tgt.input}'"
        if missing is not None:
            self.add("link-dangling", f"Link '{lid}' is broken: {missing}", **where)
            return
        assert source_node is not None and target_node is not None
        output = source_node.outputs[src.output]
        target = target_node.inputs[tgt.input]
        self._check_link_types(link, output.datatype, target.datatype, output.preferred_types, where)
        self._check_collapse(link, where)
        if tgt.name is not None:
            self.add("fastr-cannot-reload", f"Link '{lid}' goes to the named sub-input '{tgt.name}' of "
                                            f"'{tgt.input}': fastr 3.4.0 cannot load a saved network "
                                            "with named sub-inputs", **where)
        if isinstance(src.index, str):
            self.add("fastr-cannot-reload", f"Link '{lid}' comes from the slice [{src.index}] of "
                                            f"'{src.output}': fastr 3.4.0 cannot load a saved network "
                                            "with slice sub-outputs", **where)

    def _check_link_types(self, link: Link, source: str, target: str, preferred: list[str] | None,
                          where: dict[str, str]) -> None:
        if not (self._known_type(source) and self._known_type(target)):
            return
        prefer = tuple(preferred or self.network.preferred_types or ())
        key = (source, target, prefer)
        ok = self._matches.get(key)
        if ok is None:
            ok = self._matches[key] = self.types.match(source, target, preferred=prefer) is not None
        if not ok:
            reason = self.types.explain(source, target, prefer) or f"{source} cannot feed {target}"
            src, tgt = link.source, link.target
            self.add("datatype-mismatch", f"Link '{link.id}' ({src.node}.{src.output} → {tgt.node}."
                                          f"{tgt.input}) has mismatched datatypes: {reason}", **where)

    def _check_collapse(self, link: Link, where: dict[str, str]) -> None:
        if not link.collapse:
            return
        names = self.dims.link_source(link)
        n = len(names)
        for index in collapse_indexes(link.collapse, names):
            if index < -n or index >= n:
                shown = ", ".join(names) if names else "none"
                self.add("collapse-out-of-range", f"Link '{link.id}' collapses dimension {index}, but its "
                                                  f"source has {n} dimension{'s' if n != 1 else ''} "
                                                  f"({shown})", **where)
        for name in link.collapse:
            if isinstance(name, str) and name not in names:
                self.add("collapse-unknown-name", f"Link '{link.id}' collapses '{name}', which is not a "
                                                  "dimension of its source; fastr ignores it", **where)


_ISSUE_TEXT = {
    "merge-dimension-unknown": "merge_dimensions of '{node}' names {detail}, which no input group of it "
                               "has; fastr fails while planning",
    "merge-size-mismatch": "'{node}' cannot merge its input groups: {detail}; fastr fails while planning",
    "subinput-size-mismatch": "In '{node}', {detail}; fastr fails while planning",
    "dimension-names-not-unique": "In '{node}', {detail}; fastr fails while planning",
}
