"""Model layer: the edits that gestures and menus ask for, built as undo commands.

Canvas, panels and the main window call these instead of assembling commands themselves.
"""

from __future__ import annotations

from contextlib import ExitStack

from PySide6.QtGui import QUndoCommand

from editor.core.graph.ids import sanitize_id, unique_id
from editor.core.graph.network import Network
from editor.core.tools.definitions import ToolDefinition
from editor.core.graph.urls import InputRef, OutputRef
from editor.model.commands import AddLinkCommand, AddNodeCommand, RemoveLinksCommand, RemoveNodesCommand
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel

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


def delete_items(document: Document, node_ids: list[str], link_ids: list[str]) -> QUndoCommand | None:
    """One undo step that deletes links and nodes (links of deleted nodes go with them)."""
    model = document.current_model
    node_set = set(node_ids)
    network = model.network
    loose = [l for l in link_ids if l in network.links
             and network.links[l].source.node not in node_set and network.links[l].target.node not in node_set]
    nodes = [n for n in node_ids if n in network.nodes]
    if not loose and not nodes:
        return None
    commands: list[QUndoCommand] = []
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


def compound(text: str, children: list[QUndoCommand]) -> QUndoCommand:
    return children[0] if len(children) == 1 else _Compound(text, children)
