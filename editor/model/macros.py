"""Model layer: CreateMacroCommand and DissolveMacroCommand.

Creating a macro moves the chosen nodes (same objects, same ids) into a new MacroNode's network.
Links between chosen nodes move with them. A link coming in becomes: outer output -> macro input
(with the link's collapse and expand, which refer to the outer dimensions), and inside, a new
SourceNode (the macro input) -> the original target over the original link (same id). One
SourceNode serves every link from the same outer (sub-)output with the same collapse/expand; when
what it carries has one dimension, the source gets that name as node group, so that names used
inside (collapse by name, merge_dimensions) still match.
A link going out becomes: inside, chosen output -> a new SinkNode (the macro output), and outside
the original link now starting at the macro output. Dissolving does the reverse for any macro whose
boundary is unambiguous, so dissolving a macro just created gives back the same nodes and links.

Both commands record the network structure before and after their first redo and swap between
the two (``editor.model.structure``), then emit a reset on the model: exact undo, stable ids.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QUndoCommand

from editor.core.analysis.dimensions import dimensions
from editor.core.graph.ids import check_id, unique_id
from editor.core.graph.link import Link
from editor.core.graph.network import Network
from editor.core.graph.node import Node
from editor.core.graph.urls import InputRef, OutputRef
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel
from editor.model.structure import NetworkStructure, TakenIds

_BOUNDARY_GAP = 240.0


def _centre(points: Iterable[tuple[float, float] | None]) -> tuple[float, float] | None:
    known = [p for p in points if p is not None]
    if not known:
        return None
    return (sum(p[0] for p in known) / len(known), sum(p[1] for p in known) / len(known))


def macro_refusal(network: Network, node_ids: Iterable[str], macro_id: str | None = None) -> str | None:
    """Why these nodes cannot become a macro, or None."""
    chosen = [n for n in node_ids if n in network.nodes]
    if not chosen:
        return "select the nodes to put into the macro first"
    if network.parent is not None:
        ports = [n for n in chosen if network.nodes[n].cls in ("SourceNode", "SinkNode")]
        if ports:
            return (f"{', '.join(ports)} {'is' if len(ports) == 1 else 'are'} the inputs and outputs of "
                    f"macro {network.parent.id}; they stay in it (select the nodes between them)")
    if macro_id is not None:
        try:
            check_id(macro_id, "the macro id")
        except ValueError as error:
            return str(error)
        if macro_id in network.links or (macro_id in network.nodes and macro_id not in chosen):
            return f"the id {macro_id} is already in use"
    return None


def dissolve_refusal(network: Network, macro_id: str) -> str | None:
    """Why macro ``macro_id`` cannot be dissolved unambiguously, or None."""
    macro = network.nodes.get(macro_id)
    if macro is None or macro.subnetwork is None:
        return f"{macro_id} is not a macro node"
    inner = macro.subnetwork
    for input_id in macro.inputs:
        outer = network.links_into(macro_id, input_id)
        if len(outer) > 1:
            return f"macro input {input_id} has {len(outer)} links; it can only be dissolved with one"
        inside = inner.links_from(input_id, "output") if input_id in inner.nodes else []
        if outer and any(_conflict(outer[0], l) for l in inside):
            return f"the links through macro input {input_id} both select, collapse or expand"
    for output_id in macro.outputs:
        outer = network.links_from(macro_id, output_id)
        if not outer:
            continue
        feeding = inner.links_into(output_id, "input") if output_id in inner.nodes else []
        if len(feeding) != 1:
            return f"the sink {output_id} inside the macro has {len(feeding)} links; dissolving needs one"
        source = feeding[0]
        through = network.links_into(macro_id, source.source.node) if source.source.node in macro.inputs else []
        for link in outer:
            if _conflict(link, source) or (through and _conflict(through[0], source)) or (
                    through and _conflict(through[0], link)):
                return f"the links through macro output {output_id} both select, collapse or expand"
    return None


def _conflict(first: Link, second: Link) -> bool:
    """Both links carry a sub-output index, or both collapse/expand: they cannot become one."""
    both_index = first.source.index is not None and second.source.index is not None
    both_shape = bool(first.collapse or first.expand) and bool(second.collapse or second.expand)
    return both_index or both_shape


class _StructureCommand(QUndoCommand):
    """Does its work once, then swaps between the recorded before and after structures."""

    def __init__(self, model: NetworkModel, text: str) -> None:
        super().__init__(text)
        self.model = model
        self._before: list[NetworkStructure] = []
        self._after: list[NetworkStructure] = []

    def redo(self) -> None:
        if not self._after:
            self.model.restructure(self._first_redo)
        else:
            self.model.restore_structure(self._after)

    def undo(self) -> None:
        self.model.restore_structure(self._before)

    def _first_redo(self) -> None:
        self._before = self._capture_before()
        self.apply()
        self._after = self._capture_after()

    def _capture_before(self) -> list[NetworkStructure]:
        raise NotImplementedError

    def _capture_after(self) -> list[NetworkStructure]:
        raise NotImplementedError

    def apply(self) -> None:
        raise NotImplementedError


class CreateMacroCommand(_StructureCommand):
    """Move ``node_ids`` of the model's network into a new macro node ``macro_id``."""

    def __init__(self, model: NetworkModel, node_ids: list[str], macro_id: str | None = None,
                 text: str = "Create macro") -> None:
        super().__init__(model, text)
        self._ids = list(node_ids)
        self._wanted_id = macro_id
        self.macro_id: str | None = None
        self.inner: Network | None = None

    def _capture_before(self) -> list[NetworkStructure]:
        return [NetworkStructure.capture(self.model.network)]

    def _capture_after(self) -> list[NetworkStructure]:
        assert self.inner is not None
        return [NetworkStructure.capture(self.model.network), NetworkStructure.capture(self.inner)]

    def apply(self) -> None:
        net = self.model.network
        reason = macro_refusal(net, self._ids, self._wanted_id)
        if reason:
            raise ValueError(reason)
        wanted = set(self._ids)
        chosen = [n for n in net.nodes if n in wanted]
        index = net.node_index(chosen[0])
        taken = TakenIds(net, free=set(chosen) if self._wanted_id in wanted else None)
        macro_id = taken.claim(self._wanted_id or unique_id("macro", taken))
        inner = Network(macro_id)
        taken = TakenIds(net, inner, extra={macro_id})
        steps = {n: net.step_of(n) for n in chosen}
        positions = [net.nodes[n].position for n in chosen]
        dims = dimensions(net)
        inside: list[Link] = []
        incoming: dict[tuple[OutputRef, tuple[int | str, ...], bool], list[Link]] = {}
        outgoing: dict[OutputRef, list[Link]] = {}
        for link in list(net.links.values()):
            src_in, tgt_in = link.source.node in wanted, link.target.node in wanted
            if src_in and tgt_in:
                inside.append(link)
            elif tgt_in:
                incoming.setdefault((link.source, link.collapse, link.expand), []).append(link)
            elif src_in:
                outgoing.setdefault(link.source, []).append(link)
            else:
                continue
            net.remove_link(link.id)
        refs = [key[0] for key in incoming] + list(outgoing)
        datatypes = {ref: net.nodes[ref.node].outputs[ref.output].datatype for ref in refs}
        seen = {key: dims.link(links[0].id) for key, links in incoming.items()}
        for node_id in chosen:
            node, _links = net.remove_node(node_id)
            inner.insert_node(node, None, steps[node_id])
        for step in set(steps.values()):
            if step is not None and not net.stepids.get(step, True):
                del net.stepids[step]
        for link in inside:
            link.network = inner
            inner.add_link(link)

        xs = [p[0] for p in positions if p is not None]
        sources: list[tuple[tuple[OutputRef, tuple[int | str, ...], bool], str]] = []
        for key, links in incoming.items():
            source_id = taken.claim(unique_id(links[0].target.input, taken))
            source = inner.create_source(datatypes[key[0]], id=source_id)
            if len(seen[key]) == 1 and seen[key][0] != source_id:
                source.nodegroup = seen[key][0]       # inside, the samples keep their dimension name
            target_pos = inner.nodes[links[0].target.node].position
            if xs and target_pos is not None:
                source.position = (min(xs) - _BOUNDARY_GAP, target_pos[1])
            for link in links:                        # collapse and expand move to the outer link
                link.network = inner
                link.source = OutputRef(source_id, "output")
                inner.add_link(link)
                inner.set_link_collapse(link.id, ())
                inner.set_link_expand(link.id, False)
            sources.append((key, source_id))
        sinks: list[tuple[str, list[Link]]] = []
        for ref, links in outgoing.items():
            sink_id = taken.claim(unique_id(ref.output, taken))
            sink = inner.create_sink(datatypes[ref], id=sink_id)
            from_pos = inner.nodes[ref.node].position
            if xs and from_pos is not None:
                sink.position = (max(xs) + _BOUNDARY_GAP, from_pos[1])
            inner.create_link(ref, InputRef(sink_id, "input"), id=_link_id(inner, taken))
            sinks.append((sink_id, links))

        macro = Node(net, macro_id, "MacroNode", None)
        macro.resources = None                      # as fastr's api.create_macro
        macro.position = _centre(positions)
        net.node_number += 1
        net.attach_subnetwork(macro, inner)
        net.insert_node(macro, index)
        for (ref, collapse, expand), source_id in sources:
            net.create_link(ref, InputRef(macro_id, source_id), id=_link_id(net, taken),
                            collapse=collapse, expand=expand)
        for sink_id, links in sinks:
            for link in links:
                link.source = OutputRef(macro_id, sink_id)
                net.add_link(link)
        self.macro_id, self.inner = macro_id, inner
        self.setText(f"Create macro {macro_id} from {len(chosen)} node{'s' if len(chosen) != 1 else ''}")


def _link_id(network: Network, taken: TakenIds) -> str:
    """The next ``link_<n>`` of ``network`` that is free in every network involved."""
    while f"link_{network.link_number}" in taken:
        network.link_number += 1
    link_id = taken.claim(f"link_{network.link_number}")
    network.link_number += 1
    return link_id


class DissolveMacroCommand(_StructureCommand):
    """Replace macro ``macro_id`` by the nodes and links inside it."""

    def __init__(self, model: NetworkModel, macro_id: str, text: str | None = None) -> None:
        super().__init__(model, text or f"Dissolve macro {macro_id}")
        self.macro_id = macro_id
        self.node_ids: list[str] = []          # ids of the nodes put in the network (after renames)
        self._inner: Network | None = None

    def _capture_before(self) -> list[NetworkStructure]:
        inner = self.model.network.nodes[self.macro_id].subnetwork
        assert inner is not None
        self._inner = inner
        return [NetworkStructure.capture(self.model.network), NetworkStructure.capture(inner)]

    def _capture_after(self) -> list[NetworkStructure]:
        return [NetworkStructure.capture(self.model.network)]

    def apply(self) -> None:
        net = self.model.network
        reason = dissolve_refusal(net, self.macro_id)
        if reason:
            raise ValueError(reason)
        macro = net.nodes[self.macro_id]
        inner = macro.subnetwork
        assert inner is not None
        feeding = {i: net.links_into(self.macro_id, i) for i in macro.inputs}
        sources = {i: links[0] for i, links in feeding.items() if links and i in inner.nodes}
        leaving = {o: net.links_from(self.macro_id, o) for o in macro.outputs}
        sinks = {o: links for o, links in leaving.items() if links and o in inner.nodes}
        boundary = set(sources) | set(sinks)
        kept = [n for n in inner.nodes if n not in boundary]

        removed_links = {l.id for links in feeding.values() for l in links}
        taken = TakenIds(net, free={self.macro_id, *removed_links},
                         extra={l.id for links in sinks.values() for l in links})
        for node_id in kept:
            if node_id in taken:
                inner.rename_node(node_id, unique_id(node_id, TakenIds(net, inner, extra=taken.extra)))
        kept = [n for n in inner.nodes if n not in boundary]
        for node_id in kept:
            taken.claim(node_id)
        centre = _centre(inner.nodes[n].position for n in kept)
        shift = (0.0, 0.0)
        if centre is not None and macro.position is not None:
            shift = (macro.position[0] - centre[0], macro.position[1] - centre[1])

        sink_sources: dict[str, Link] = {}
        inner_links: list[tuple[Link, tuple[OutputRef, tuple[int | str, ...], bool]]] = []
        for link in inner.links.values():
            if link.target.node in sinks:
                sink_sources[link.target.node] = link
            else:
                inner_links.append((link, _merged(link, sources.get(link.source.node))))
        outer_links = []
        for links in sinks.values():
            for link in links:
                source_link = sink_sources[link.source.output]
                through = sources.get(source_link.source.node)
                outer_links.append((link, _merged(link, source_link, through)))

        index = net.node_index(self.macro_id)
        macro_step = net.step_of(self.macro_id)
        for link in net.node_links(self.macro_id):
            net.remove_link(link.id)
        net.remove_node(self.macro_id)
        for offset, node_id in enumerate(kept):
            node = inner.nodes[node_id]
            if node.position is not None:
                node.position = (node.position[0] + shift[0], node.position[1] + shift[1])
            net.insert_node(node, index + offset, inner.step_of(node_id) or macro_step)
        for link, (source, collapse, expand) in inner_links:
            if link.id in taken:
                link.id = unique_id(link.id, TakenIds(net, inner, extra=taken.extra))
            taken.claim(link.id)
            link.network, link.source = net, source
            net.add_link(link)
            net.set_link_collapse(link.id, collapse)
            net.set_link_expand(link.id, expand)
        for link, (source, collapse, expand) in outer_links:
            link.source = source
            net.add_link(link)
            net.set_link_collapse(link.id, collapse)
            net.set_link_expand(link.id, expand)
        self.node_ids = kept


def _merged(link: Link, *others: Link | None) -> tuple[OutputRef, tuple[int | str, ...], bool]:
    """The source, collapse and expand that ``link`` gets when the links ``others`` leading to it
    through the macro boundary are folded into it: the source of the outermost one, plus any
    sub-output index, collapse or expand ``link`` lacks (``dissolve_refusal`` rules out two)."""
    chain = [o for o in others if o is not None]
    if not chain:
        return link.source, link.collapse, link.expand
    origin = chain[-1].source
    index = link.source.index
    collapse, expand = link.collapse, link.expand
    for other in chain:
        if index is None:
            index = other.source.index
        if not (collapse or expand) and (other.collapse or other.expand):
            collapse, expand = other.collapse, other.expand
    return OutputRef(origin.node, origin.output, index), tuple(collapse), bool(expand)


# -- convenience for menus ---------------------------------------------------------------------
def create_macro(document: Document, node_ids: list[str], macro_id: str | None = None) -> CreateMacroCommand:
    """A command making a macro of ``node_ids`` in the current network; ValueError says why not."""
    reason = macro_refusal(document.current_network, node_ids, macro_id)
    if reason:
        raise ValueError(reason)
    return CreateMacroCommand(document.current_model, node_ids, macro_id)


def dissolve_macro(document: Document, macro_id: str) -> DissolveMacroCommand:
    """A command dissolving macro ``macro_id`` of the current network; ValueError says why not."""
    reason = dissolve_refusal(document.current_network, macro_id)
    if reason:
        raise ValueError(reason)
    return DissolveMacroCommand(document.current_model, macro_id)
