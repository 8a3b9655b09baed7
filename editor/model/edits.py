"""Model layer: the edits that gestures and menus ask for, built as undo commands.

Canvas, panels and the main window call these instead of assembling commands themselves.
"""

from __future__ import annotations

from contextlib import ExitStack

from PySide6.QtGui import QUndoCommand

from editor.core.graph.ids import sanitize_id, unique_id
from editor.core.graph.link import link_refusal
from editor.core.graph.network import Network
from editor.core.tools.definitions import ToolDefinition
from editor.core.graph.urls import InputRef, OutputRef
from editor.model.commands import AddLinkCommand, AddNodeCommand, RemoveLinksCommand, RemoveNodesCommand
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel
from editor.model.notecmds import RemoveNotesCommand

TOOL_MIME = "application/x-fastr-tool"    # payload: JSON {"ns_id": ..., "version": ...}

SOURCE_KEY = ("fastr/Source:1.0", "1.0")
SINK_KEY = ("fastr/Sink:1.0", "1.0")


def default_node_id(network: Network, tool: ToolDefinition) -> str:
    """A readable unique id for a new node: ``addint``, ``addint_2``, ..."""
    base = sanitize_id(tool.id).lower() if tool.id else "node"
    return unique_id(base, network._taken())


def add_tool_node(model: NetworkModel, tool: ToolDefinition, position: tuple[float, float] | None,
                  node_id: str | None = None, datatype: str | None = None) -> AddNodeCommand:
    """A command that adds a node for ``tool`` (sources, sinks and constants included)."""
    def create(network: Network):
        nid = node_id or default_node_id(network, tool)
        if tool.key == SOURCE_KEY or tool.node_class == "SourceNode":
            return network.create_source(datatype or "AnyType", id=nid)
        if tool.key == SINK_KEY or tool.node_class == "SinkNode":
            return network.create_sink(datatype or "AnyType", id=nid)
        if tool.node_class == "ConstantNode":
            return network.create_constant(datatype or "String", [], id=nid)
        return network.create_node(tool, tool.version, id=nid)
    return AddNodeCommand(model, create, position, f"Add {tool.name or tool.id}")


def add_special_node(model: NetworkModel, kind: str, datatype: str, position: tuple[float, float] | None,
                     node_id: str | None = None) -> AddNodeCommand:
    """A source, sink or constant (``kind``) of ``datatype``."""
    def create(network: Network):
        nid = node_id or unique_id(kind, network._taken())
        if kind == "source":
            return network.create_source(datatype, id=nid)
        if kind == "sink":
            return network.create_sink(datatype, id=nid)
        return network.create_constant(datatype, [], id=nid)
    return AddNodeCommand(model, create, position, f"Add {kind}")


def link_ports(model: NetworkModel, source: OutputRef, node_id: str, input_id: str, *,
               add_subinput: bool = False, name: str | None = None) -> AddLinkCommand:
    """Link to an input: replace what is on sub-input 0 (default) or add a new sub-input."""
    network = model.network
    key = network.next_subinput_key(node_id, input_id, name) if add_subinput else 0
    target = InputRef(node_id, input_id, key, name)
    return AddLinkCommand(model, source, target)


# -- a new node linked to a port (a link dropped on empty canvas) ------------------------------
SPECIAL_PORTS = {"source": "output", "constant": "output", "sink": "input"}


def port_datatype(network: Network, node_id: str, port_id: str, is_input: bool) -> str | None:
    node = network.nodes.get(node_id)
    port = (node.inputs if is_input else node.outputs).get(port_id) if node is not None else None
    return port.datatype if port is not None else None


def linkable_port(network: Network, kind: str, tool: ToolDefinition | None, node_id: str, port_id: str,
                  is_input: bool) -> str | None:
    """The port of a new node (a tool, or 'source', 'sink', 'constant') that a link to the
    existing port ``node_id.port_id`` would use, by the link rule's datatype check
    (``link_refusal``); None when it has none. A dragged output wants an input (required ones
    first), a dragged input an output. Sources, sinks and constants take the port's datatype."""
    datatype = port_datatype(network, node_id, port_id, is_input)
    if datatype is None:
        return None
    if kind in SPECIAL_PORTS:
        return SPECIAL_PORTS[kind] if (SPECIAL_PORTS[kind] == "output") == is_input else None
    if tool is None:
        return None
    ports = sorted(tool.outputs if is_input else tool.inputs, key=lambda p: not p.required)
    types = network.types
    for port in ports:
        source, target = (port.datatype, datatype) if is_input else (datatype, port.datatype)
        if types.explain(source, target) is None:
            return port.id
    return None


def add_linked_node(model: NetworkModel, kind: str, tool: ToolDefinition | None, position: tuple[float, float],
                    node_id: str, port_id: str, is_input: bool) -> QUndoCommand | None:
    """One undo step: a new node (``kind`` as in :func:`linkable_port`) at ``position``, linked
    to the existing port (into an input: replacing what is on its sub-input 0). None when the
    new node would have no port to link."""
    network = model.network
    new_port = linkable_port(network, kind, tool, node_id, port_id, is_input)
    datatype = port_datatype(network, node_id, port_id, is_input)
    if new_port is None or datatype is None:
        return None
    taken = network._taken()
    if kind in SPECIAL_PORTS:
        new_id = unique_id(kind, taken)
        add: AddNodeCommand = add_special_node(model, kind, datatype, position, node_id=new_id)
    else:
        assert tool is not None
        new_id = default_node_id(network, tool)
        add = add_tool_node(model, tool, position, node_id=new_id)
    if is_input:
        link = link_ports(model, OutputRef(new_id, new_port), node_id, port_id)
    else:
        link = AddLinkCommand(model, OutputRef(node_id, port_id), InputRef(new_id, new_port))
    return LinkedNodeCommand(f"Add {new_id} linked to {node_id}.{port_id}", [add, link], new_id)


# -- a node dropped on a link -----------------------------------------------------------------
def insertion_ports(network: Network, node_id: str, link_id: str) -> tuple[str, str] | None:
    """(input, output) of node ``node_id`` through which link ``link_id`` (A -> B) can run as
    A -> node -> B: a free input that A's output may feed and an output that may feed B's input,
    by the link rule (``link_refusal``: datatypes, no cycle); None when there are none."""
    link = network.links.get(link_id)
    node = network.nodes.get(node_id)
    if link is None or node is None or node_id in (link.source.node, link.target.node):
        return None
    linked = {l.target.input for l in network.node_links(node_id) if l.target.node == node_id}
    into = next((i for i in node.inputs if i not in linked
                 and link_refusal(network, link.source, InputRef(node_id, i)) is None), None)
    if into is None:
        return None
    out = next((o for o in node.outputs
                if link_refusal(network, OutputRef(node_id, o), link.target) is None), None)
    return None if out is None else (into, out)


def tool_insertion_ports(network: Network, tool: ToolDefinition, link_id: str) -> tuple[str, str] | None:
    """(input, output) of a new node of ``tool`` that could sit in link ``link_id``, by the
    datatype check of the link rule; None when it has none."""
    link = network.links.get(link_id)
    if link is None:
        return None
    source = port_datatype(network, link.source.node, link.source.output, False)
    target = port_datatype(network, link.target.node, link.target.input, True)
    if source is None or target is None:
        return None
    types = network.types
    into = next((p.id for p in sorted(tool.inputs, key=lambda p: not p.required)
                 if types.explain(source, p.datatype) is None), None)
    out = next((p.id for p in tool.outputs if types.explain(p.datatype, target) is None), None)
    return (into, out) if into is not None and out is not None else None


def add_node_into_link(model: NetworkModel, tool: ToolDefinition, position: tuple[float, float],
                       link_id: str) -> LinkedNodeCommand | None:
    """One undo step: a new node of ``tool`` at ``position`` put into link ``link_id``."""
    network = model.network
    ports = tool_insertion_ports(network, tool, link_id)
    if ports is None:
        return None
    link = network.links[link_id]
    into, out = ports
    new_id = default_node_id(network, tool)
    children: list[QUndoCommand] = [add_tool_node(model, tool, position, node_id=new_id),
                                    AddLinkCommand(model, link.source, InputRef(new_id, into)),
                                    AddLinkCommand(model, OutputRef(new_id, out), link.target)]
    return LinkedNodeCommand(f"Insert {new_id} into the link {link.source.node} -> {link.target.node}",
                             children, new_id)


def insert_node_into_link(model: NetworkModel, node_id: str, link_id: str,
                          move: QUndoCommand | None = None) -> QUndoCommand | None:
    """One undo step: (the move that brought the node there, then) link A -> node -> B in place
    of link A -> B; the new link into B takes the old one's sub-input. None if it cannot."""
    network = model.network
    ports = insertion_ports(network, node_id, link_id)
    if ports is None:
        return None
    link = network.links[link_id]
    into, out = ports
    children: list[QUndoCommand] = [move] if move is not None else []
    children += [AddLinkCommand(model, link.source, InputRef(node_id, into)),
                 AddLinkCommand(model, OutputRef(node_id, out), link.target)]      # replaces A -> B
    return _Compound(f"Insert {node_id} into the link {link.source.node} -> {link.target.node}", children)


def delete_items(document: Document, node_ids: list[str], link_ids: list[str],
                 note_ids: list[str] | None = None) -> QUndoCommand | None:
    """One undo step that deletes notes, links and nodes (links of deleted nodes go with them)."""
    model = document.current_model
    node_set = set(node_ids)
    network = model.network
    loose = [l for l in link_ids if l in network.links
             and network.links[l].source.node not in node_set and network.links[l].target.node not in node_set]
    nodes = [n for n in node_ids if n in network.nodes]
    notes = [n for n in note_ids or [] if n in network.notes]
    if not loose and not nodes and not notes:
        return None
    commands: list[QUndoCommand] = []
    if notes:
        commands.append(RemoveNotesCommand(model, notes))
    if loose:
        commands.append(RemoveLinksCommand(model, loose))
    if nodes:
        commands.append(RemoveNodesCommand(model, nodes))
    return compound("Delete selection", commands)


class _Compound(QUndoCommand):
    """Several commands as one undo step (children redo in order, undo in reverse)."""

    def __init__(self, text: str, children: list[QUndoCommand]) -> None:
        super().__init__(text)
        self._children = children

    def redo(self) -> None:
        with self._batch():
            for child in self._children:
                child.redo()

    def undo(self) -> None:
        with self._batch():
            for child in reversed(self._children):
                child.undo()

    def _batch(self) -> ExitStack:
        """All the children's models in one batch (see ``NetworkModel.batch``)."""
        stack = ExitStack()
        models = {id(m): m for m in (getattr(c, "model", None) for c in self._children)
                  if isinstance(m, NetworkModel)}
        for model in models.values():
            stack.enter_context(model.batch())
        return stack


class LinkedNodeCommand(_Compound):
    """A node added and linked (see :func:`add_linked_node`); ``node_id`` is the new node's."""

    def __init__(self, text: str, children: list[QUndoCommand], node_id: str) -> None:
        super().__init__(text, children)
        self.node_id = node_id


def compound(text: str, children: list[QUndoCommand]) -> QUndoCommand:
    return children[0] if len(children) == 1 else _Compound(text, children)
