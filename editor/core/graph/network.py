"""Core layer: the Network, fastr's planning network with the edits an editor needs.

Creation follows ``fastr.api.Network`` (``create_node``, ``create_source``, ``create_link``, ...);
on top of that come removal, renaming, step ids and node groups as properties, and indexes that
keep look-ups linear in the size of the network. No Qt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from editor.core.errors import NetworkError
from editor.core.graph import constants as _constants
from editor.core.graph.ids import check_id, sanitize_id, unique_id
from editor.core.graph.link import Link
from editor.core.graph.node import SINK_TOOL, SOURCE_TOOL, Node, check_merge_dimensions
from editor.core.graph.notes import Note
from editor.core.graph.ports import (
    Input,
    NamedSubInput,
    Output,
    SubInput,
    SubOutput,
    _Linkable,
)
from editor.core.graph.resourcelimit import ResourceLimit
from editor.core.graph.state import network_to_state, read_network
from editor.core.graph.urls import InputRef, OutputRef, network_url

if TYPE_CHECKING:
    from editor.core.tools.datatypes import DataTypeRegistry
    from editor.core.tools.definitions import ToolDefinition
    from editor.core.tools.library import ToolLibrary


class Network:
    """A fastr network: nodes and links in insertion order, counters, steps and metadata.

    A network looks its tools up in ``library`` and its datatypes in ``types``, both given by
    the caller (:mod:`editor.api` gives the built-in ones); a macro's inner network uses its
    parent's. Without either, the first look-up raises :class:`NetworkError` naming what is missing.
    """

    def __init__(self, id: str, version: str | None = None, *, library: ToolLibrary | None = None,
                 types: DataTypeRegistry | None = None) -> None:
        self._id = check_id(id, "network id")
        self.version = "0.0" if version is None else str(version)
        self.filename: str | None = None
        self.description = ""
        self.link_number = 0
        self.node_number = 0
        self.preferred_types: list[str] = []
        self.stepids: dict[str, list[str]] = {}
        self.namespace: str | None = None
        self.nodes: dict[str, Node] = {}
        self.links: dict[str, Link] = {}
        self.extra: dict[str, Any] = {}            # unknown top-level keys, kept as they came
        self.key_order: tuple[str, ...] | None = None
        self.editor: dict[str, Any] = {}           # editor-only data other than positions and notes
        self.notes: dict[str, Note] = {}           # canvas notes (editor-only: ``__editor__.notes``)
        self.parent: Node | None = None            # the macro node holding this network
        self.fastr_version: str | None = None      # the __fastr_version__ of the file it came from
        self.load_warnings: list[str] = []         # what reading it changed ("place: what"), not saved
        self._library = library
        self._types = types
        self._incident: dict[str, dict[str, None]] = {}   # node id -> ordered set of link ids
        # Every change to the links (added, removed, a node renamed) counts up _link_version; the
        # next free sub-input number of an input (node, input, name) is kept while it stays the
        # same, so that appending 20,000 links to one input is linear, not quadratic.
        self._link_version = 0
        self._free_keys: dict[tuple[str, str, str | None], int] = {}
        self._free_keys_version = 0

    # -- identity -----------------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self._id

    @id.setter
    def id(self, value: str) -> None:
        self._id = check_id(value, "network id")

    @property
    def fullid(self) -> str:
        return network_url(self._id, self.version)

    @property
    def library(self) -> ToolLibrary:
        if self._library is None:
            if self.parent is None:
                raise NetworkError(f"network {self._id!r} has no tool library: build it with library= "
                                   "(editor.api.create_network gives the built-in one)")
            self._library = self.parent.network.library
        return self._library

    @library.setter
    def library(self, value: ToolLibrary) -> None:
        """Use another tool library; nodes look their tools up again (macros included)."""
        for network in self.iter_networks():
            network._library = value
            for node in network.nodes.values():
                node.forget_definition()

    @property
    def types(self) -> DataTypeRegistry:
        if self._types is None:
            if self.parent is None:
                raise NetworkError(f"network {self._id!r} has no datatype registry: build it with types= "
                                   "(editor.api.create_network gives the built-in one)")
            self._types = self.parent.network.types
        return self._types

    @types.setter
    def types(self, value: DataTypeRegistry) -> None:
        """Use another datatype registry (e.g. after the user changed the types folders)."""
        for network in self.iter_networks():
            network._types = value

    # -- look-ups -----------------------------------------------------------------------------
    def node_links(self, node_id: str) -> list[Link]:
        return [self.links[x] for x in self._incident.get(node_id, ())]

    def links_into(self, node_id: str, input_id: str) -> list[Link]:
        return [link for link in self.node_links(node_id)
                if link.target.node == node_id and link.target.input == input_id]

    def links_from(self, node_id: str, output_id: str) -> list[Link]:
        return [link for link in self.node_links(node_id)
                if link.source.node == node_id and link.source.output == output_id]

    def step_of(self, node_id: str) -> str | None:
        for step, members in self.stepids.items():
            if node_id in members:
                return step
        return None

    def steps_by_node(self) -> dict[str, str]:
        """Every node in a step -> its step (the first, as :meth:`step_of` says), in one pass:
        for loops over all nodes, where ``step_of`` per node would be quadratic."""
        out: dict[str, str] = {}
        for step, members in self.stepids.items():
            for node_id in members:
                out.setdefault(node_id, step)
        return out

    def iter_networks(self) -> Iterator[Network]:
        """This network and every macro network inside it, depth first."""
        yield self
        for node in self.nodes.values():
            if node.subnetwork is not None:
                yield from node.subnetwork.iter_networks()

    def _taken(self) -> _Taken:
        return _Taken(self)

    def _claim_id(self, id: str | None, base: str) -> str:
        if id is None:
            return unique_id(base, self._taken())
        check_id(id, "id")
        if id in self.nodes or id in self.links:
            raise NetworkError(f"The id {id} is already in use in {self._id}!")
        return id

    # -- creating nodes (fastr.api) -----------------------------------------------------------
    def _new_node(self, id: str | None, base: str, cls: str, tool: tuple[str, str] | None,
                  step_id: str | None, resources: ResourceLimit | None, node_group: str | None) -> Node:
        number = self.node_number
        node_id = self._claim_id(id, base.format(n=number))
        self.node_number += 1
        node = Node(self, node_id, cls, tool)
        if resources is not None:
            if not isinstance(resources, ResourceLimit):
                raise TypeError(f"resources must be a ResourceLimit, not {type(resources).__name__}")
            node.resources = resources.copy()
        node.nodegroup = node_group
        return node

    def _add(self, node: Node, step_id: str | None, index: int | None = None) -> Node:
        if step_id is not None:
            check_id(step_id, "step id")  # before the node goes in: a refused node leaves no trace
        if index is None or index >= len(self.nodes):
            self.nodes[node.id] = node
        else:
            items = list(self.nodes.items())
            items.insert(index, (node.id, node))
            self.nodes = dict(items)
        self._incident.setdefault(node.id, {})
        if step_id is not None:           # as fastr: appended (a node new here is in no step yet;
            self.stepids.setdefault(step_id, []).append(node.id)   # set_step's search was quadratic)
        return node

    def create_node(self, tool: str | ToolDefinition, tool_version: str | None = None, id: str | None = None,
                    step_id: str | None = None, resources: ResourceLimit | None = None,
                    node_group: str | None = None) -> Node:
        """A node running ``tool`` (``'fastr/math/AddInt:1.0'`` + wrapper version, or a ToolDefinition)."""
        definition = tool if not isinstance(tool, str) else self.library.get(tool, tool_version)
        if definition is None:
            known = self.library.versions(tool) if isinstance(tool, str) else []
            extra = f" (known versions: {', '.join(known)})" if known else ""
            raise NetworkError(f"unknown tool {tool!r} version {tool_version!r}{extra}")
        if tool_version is not None and str(tool_version) != definition.version:
            raise NetworkError(f"tool version incorrect, network needs: {tool_version}, "
                               f"installed: {definition.version}")
        if definition.node_class in ("SourceNode", "ConstantNode", "SinkNode", "MacroNode"):
            raise NetworkError(f"{definition.ns_id} is a {definition.node_class}: use the matching create_* call")
        node = self._new_node(id, f"node_{sanitize_id(definition.id)}_{{n}}", definition.node_class,
                              definition.key, step_id, resources, node_group)
        node._definition = definition
        for port in definition.inputs:
            node.inputs[port.id] = Input(node, port.id, port.datatype)
        for port in definition.outputs:
            node.outputs[port.id] = Output(node, port.id, port.datatype)
        return self._add(node, step_id)

    def create_source(self, datatype: str, id: str | None = None, step_id: str | None = None,
                      resources: ResourceLimit | None = None, node_group: str | None = None) -> Node:
        node = self._new_node(id, "source_{n}", "SourceNode", SOURCE_TOOL, step_id, resources, node_group)
        node.outputs["output"] = Output(node, "output", self._datatype_id(datatype))
        return self._add(node, step_id)

    def create_sink(self, datatype: str, id: str | None = None, step_id: str | None = None,
                    resources: ResourceLimit | None = None, node_group: str | None = None) -> Node:
        node = self._new_node(id, "sink_{n}", "SinkNode", SINK_TOOL, step_id, resources, node_group)
        node.inputs["input"] = Input(node, "input", self._datatype_id(datatype))
        return self._add(node, step_id)

    def create_constant(self, datatype: str, data: Any, id: str | None = None, step_id: str | None = None,
                        resources: ResourceLimit | None = None, node_group: str | None = None) -> Node:
        node = self._new_node(id, "constant_{n}", "ConstantNode", SOURCE_TOOL, step_id, resources, node_group)
        node.outputs["output"] = Output(node, "output", self._datatype_id(datatype))
        node.data = _constants.serialize_data(data)
        return self._add(node, step_id)

    def create_macro(self, network: Network | dict[str, Any], id: str | None = None,
                     resources: ResourceLimit | None = None) -> Node:
        """A macro node around a copy of ``network`` (a Network or its state)."""
        state = network.__getstate__() if isinstance(network, Network) else network
        inner = network_from_state(state, library=self._library, types=self._types)
        node = self._new_node(id, f"node_{inner.id}_{{n}}", "MacroNode", None, None, None, None)
        node.resources = resources.copy() if resources is not None else None
        self.attach_subnetwork(node, inner)
        return self._add(node, None)

    def attach_subnetwork(self, node: Node, inner: Network) -> None:
        """Make ``inner`` the network of macro ``node`` and derive its ports from it."""
        inner.parent = node
        node.subnetwork = inner
        self.refresh_macro_ports(node)

    def refresh_macro_ports(self, node: Node) -> None:
        """Macro ports: inputs are the inner sources, outputs the inner sinks (sorted ids)."""
        inner = node.subnetwork
        assert inner is not None
        old_in, old_out = node.inputs, node.outputs
        node.inputs, node.outputs = {}, {}
        for inner_id, inner_node in sorted(inner.nodes.items()):
            if inner_node.cls == "SourceNode":
                port = old_in.get(inner_id) or Input(node, inner_id, "")
                port.datatype = inner_node.datatype or "AnyType"
                node.inputs[inner_id] = port
            elif inner_node.cls == "SinkNode":
                port_out = old_out.get(inner_id) or Output(node, inner_id, "")
                port_out.datatype = inner_node.datatype or "AnyType"
                node.outputs[inner_id] = port_out

    def _datatype_id(self, datatype: Any) -> str:
        if isinstance(datatype, str) and datatype:
            return datatype
        name = getattr(datatype, "id", None)
        if isinstance(name, str):
            return name
        raise TypeError(f"a datatype is given by its id (a str), not {datatype!r}")

    # -- links --------------------------------------------------------------------------------
    def create_link(self, source: Any, target: Any, id: str | None = None, collapse: Any = None,
                    expand: bool = False) -> Link:
        """Link an output (or sub-output) to an input, named sub-input or sub-input."""
        src = self._source_ref(source)
        if isinstance(target, InputRef):
            tgt = target
        elif isinstance(target, _Linkable):
            port, name, key = target._target()
            if port.node.network is not self:
                raise NetworkError("Cannot create links between members of different networks")
            if key is None:
                self._clear_target(port.node.id, port.id, name)
                key = 0
            tgt = InputRef(port.node.id, port.id, key, name)
        else:
            raise TypeError(f"a link target is an input, not {type(target).__name__}")
        self._check_ports(src, tgt)
        self._clear_target(tgt.node, tgt.input, tgt.name, tgt.key)
        if id is None:
            while f"link_{self.link_number}" in self.links or f"link_{self.link_number}" in self.nodes:
                self.link_number += 1
            id = f"link_{self.link_number}"
            self.link_number += 1
        else:
            self._claim_id(id, "link")
        link = Link(self, id, src, tgt, _collapse_tuple(collapse), bool(expand))
        self.add_link(link)
        return link

    def _source_ref(self, source: Any) -> OutputRef:
        if isinstance(source, OutputRef):
            return source
        if isinstance(source, Output):
            owner = source.node
            ref = source.ref
        elif isinstance(source, SubOutput):
            owner = source.output.node
            ref = source.ref
        else:
            raise TypeError(f"a link source is an output, not {type(source).__name__}")
        if owner.network is not self:
            raise NetworkError("Cannot create links between members of different networks")
        return ref

    def _check_ports(self, src: OutputRef, tgt: InputRef) -> None:
        if src.node not in self.nodes or src.output not in self.nodes[src.node].outputs:
            raise NetworkError(f"no output {src.node}.{src.output} in network {self._id}")
        if tgt.node not in self.nodes or tgt.input not in self.nodes[tgt.node].inputs:
            raise NetworkError(f"no input {tgt.node}.{tgt.input} in network {self._id}")

    def replaced_by(self, target: InputRef) -> list[Link]:
        """The links a new link to sub-input ``target`` replaces: those on the same input, sub-input
        name and key (fastr keeps one link per sub-input)."""
        if target.key >= self._free_key(target.node, target.input, target.name):
            return []                  # beyond every number in use (an append): nothing to look at
        return [link for link in self.links_into(target.node, target.input)
                if link.target.name == target.name and link.target.key == target.key]

    def _clear_target(self, node_id: str, input_id: str, name: str | None, key: int | None = None) -> None:
        """Remove the links on an input (all, one named sub-input, or one sub-input number)."""
        if key is not None:
            doomed = self.replaced_by(InputRef(node_id, input_id, key, name))
        else:
            doomed = [link for link in self.links_into(node_id, input_id) if name is None or link.target.name == name]
        for link in doomed:
            self.remove_link(link.id)

    def add_link(self, link: Link, index: int | None = None) -> None:
        """Insert an existing Link object (used by loading and undo)."""
        if index is None or index >= len(self.links):
            self.links[link.id] = link
        else:
            items = list(self.links.items())
            items.insert(index, (link.id, link))
            self.links = dict(items)
        for node_id in (link.source.node, link.target.node):
            self._incident.setdefault(node_id, {})[link.id] = None
        fresh = self._free_keys_version == self._link_version
        self._links_changed()
        if fresh:                      # one link more: only its own input's free number changes
            slot = (link.target.node, link.target.input, link.target.name)
            if slot in self._free_keys:
                self._free_keys[slot] = max(self._free_keys[slot], link.target.key + 1)
            self._free_keys_version = self._link_version
        self._record_suboutput(link.source)

    def _links_changed(self) -> None:
        """The links changed (the free sub-input numbers kept are no longer known to be right)."""
        self._link_version += 1

    def _free_key(self, node_id: str, input_id: str, name: str | None) -> int:
        """The number after the highest sub-input number in use on ``input_id`` (under ``name``)."""
        if self._free_keys_version != self._link_version:
            self._free_keys.clear()
            self._free_keys_version = self._link_version
        slot = (node_id, input_id, name)
        free = self._free_keys.get(slot)
        if free is None:
            keys = [l.target.key for l in self.links_into(node_id, input_id) if l.target.name == name]
            free = self._free_keys[slot] = max([-1, *keys]) + 1
        return free

    def _record_suboutput(self, ref: OutputRef) -> None:
        if ref.index is None or ref.node not in self.nodes:
            return
        output = self.nodes[ref.node].outputs.get(ref.output)
        if output is None or any(s.get("index") == ref.index for s in output.suboutputs):
            return
        output.suboutputs.append({"id": output.id, "datatype": output.datatype, "suboutputs": [],
                                  "preferred_types": list(output.preferred_types or []), "index": ref.index})

    def next_subinput_key(self, node_id: str, input_id: str, name: str | None) -> int:
        return self._free_key(node_id, input_id, name)

    def link_from(self, other: Any, node_id: str, input_id: str, *, name: str | None = None,
                  key: int | None = None) -> Link | tuple[Link, ...]:
        """What ``input << other`` does: link an output, or make a constant from plain data."""
        node = self.nodes[node_id]
        port = node.inputs[input_id]
        target: _Linkable = port if name is None else NamedSubInput(port, name)
        if key is not None:
            target = SubInput(port, name, key)
        if isinstance(other, (Output, SubOutput)):
            return self.create_link(other, target)
        if isinstance(other, tuple) and any(isinstance(x, (Output, SubOutput)) for x in other):
            if key is not None:
                raise NetworkError("a tuple of outputs can only be linked to a whole input")
            self._clear_target(node_id, input_id, name)
            made: list[Link] = []
            run: list[Any] = []
            holder = port if name is None else NamedSubInput(port, name)
            for element in other:
                if isinstance(element, (Output, SubOutput)):
                    if run:
                        made.append(holder.append(tuple(run)))
                        run = []
                    made.append(holder.append(element))
                else:
                    run.append(element)
            if run:
                made.append(holder.append(tuple(run)))
            return tuple(made)
        data = other if isinstance(other, (list, dict, tuple)) else [(other,)]
        const_id = unique_id(port.constant_id(name, key), self._taken())
        const = self.create_constant(port.datatype, data, id=const_id, step_id=node.step_id)
        return self.create_link(const.outputs["output"], target)

    def remove_link(self, link_id: str) -> Link:
        link = self.links.pop(link_id)
        self._links_changed()
        for node_id in (link.source.node, link.target.node):
            self._incident.get(node_id, {}).pop(link_id, None)
        return link

    def set_link_collapse(self, link_id: str, value: Any) -> None:
        self.links[link_id]._collapse = _collapse_tuple(value)

    def set_link_expand(self, link_id: str, value: Any) -> None:
        if not isinstance(value, bool):
            raise TypeError(f"expand must be True or False, not {value!r}")
        self.links[link_id]._expand = value

    # -- node edits ---------------------------------------------------------------------------
    def remove_node(self, node_id: str) -> tuple[Node, list[Link]]:
        """Remove a node and its links; returns both (the links in network order)."""
        node = self.nodes[node_id]
        links = [l for l in self.links.values() if l.id in self._incident.get(node_id, {})]
        for link in links:
            self.remove_link(link.id)
        del self.nodes[node_id]
        self._incident.pop(node_id, None)
        for members in self.stepids.values():
            if node_id in members:
                members.remove(node_id)
        return node, links

    def insert_node(self, node: Node, index: int | None = None, step_id: str | None = None) -> None:
        """Put back a node object (undo of a removal), at its old position in the list."""
        if node.id in self.nodes or node.id in self.links:
            raise NetworkError(f"The id {node.id} is already in use in {self._id}!")
        node.network = self
        self._add(node, step_id, index)

    def rename_node(self, old: str, new: str) -> None:
        """Rename a node; links, step ids and macro bookkeeping follow."""
        if old == new:
            return
        node = self.nodes[old]
        self._claim_id(new, "node")
        self.nodes = {(new if k == old else k): v for k, v in self.nodes.items()}
        node.id = new
        self._links_changed()
        self._incident[new] = self._incident.pop(old, {})
        for link_id in self._incident[new]:
            link = self.links[link_id]
            if link.source.node == old:
                link.source = OutputRef(new, link.source.output, link.source.index)
            if link.target.node == old:
                link.target = InputRef(new, link.target.input, link.target.key, link.target.name)
        for members in self.stepids.values():
            members[:] = [new if x == old else x for x in members]
        if self.parent is not None and node.cls in ("SourceNode", "SinkNode"):
            macro, outer = self.parent, self.parent.network
            outer._links_changed()
            for link in outer.node_links(macro.id):      # the macro's port is renamed with it
                if node.cls == "SourceNode" and link.target.node == macro.id and link.target.input == old:
                    link.target = InputRef(macro.id, new, link.target.key, link.target.name)
                if node.cls == "SinkNode" and link.source.node == macro.id and link.source.output == old:
                    link.source = OutputRef(macro.id, new, link.source.index)
            outer.refresh_macro_ports(macro)

    def set_step(self, node_id: str, step: str | None) -> None:
        """Put a node in one step (or none); empty steps disappear."""
        if step is not None:
            check_id(step, "step id")
        for name in list(self.stepids):
            if node_id in self.stepids[name] and name != step:
                self.stepids[name].remove(node_id)
                if not self.stepids[name]:
                    del self.stepids[name]
        if step is not None:
            members = self.stepids.setdefault(step, [])
            if node_id not in members:
                members.append(node_id)

    def set_merge_dimensions(self, node_id: str, value: Any) -> None:
        self.nodes[node_id].merge_dimensions = check_merge_dimensions(value)

    def node_index(self, node_id: str) -> int:
        return list(self.nodes).index(node_id)

    def link_index(self, link_id: str) -> int:
        return list(self.links).index(link_id)

    # -- state --------------------------------------------------------------------------------
    def __getstate__(self) -> dict[str, Any]:
        return network_to_state(self)

    def __repr__(self) -> str:
        return f"<Network {self._id} v{self.version}: {len(self.nodes)} nodes, {len(self.links)} links>"


class _Taken:
    """The ids in use (nodes and links share one namespace), without copying them."""

    __slots__ = ("_network",)

    def __init__(self, network: Network) -> None:
        self._network = network

    def __contains__(self, item: object) -> bool:
        return item in self._network.nodes or item in self._network.links


def _collapse_tuple(value: Any) -> tuple[int | str, ...]:
    if value is None:
        return ()
    if isinstance(value, (int, str)) and not isinstance(value, bool):
        return (value,)
    if isinstance(value, (list, tuple)) and all(
            isinstance(x, (int, str)) and not isinstance(x, bool) for x in value):
        return tuple(value)
    raise TypeError(f"collapse is a dimension index (int) or name (str), or a list of them; got {value!r}")


def network_from_state(state: Any, *, library: ToolLibrary | None = None,
                       types: DataTypeRegistry | None = None) -> Network:
    """Build a Network from a fastr state dict (fastr's ``create_network_copy``). ``state`` is never
    mutated; a broken state raises :class:`~editor.core.errors.StateError` naming the place.
    ``library`` and ``types`` are the caller's (see :class:`Network`); inner networks share them."""
    return read_network(state, Network, library=library, types=types)
