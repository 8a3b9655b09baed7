"""Model layer: NetworkModel, the only code that mutates a core Network; it emits signals with ids.

Undo commands call these methods; the canvas and panels listen to the signals. Every method
emits only when a value really changed.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, Callable

from PySide6.QtCore import QObject, Signal

from editor.core.graph import bulk
from editor.core.graph.bulk import RemovedNodes
from editor.core.analysis.dimensions import NetworkDimensions, dimensions
from editor.core.gcpause import collector_paused
from editor.core.graph.coords import clamp_position
from editor.core.graph.link import Link
from editor.core.graph.network import Network
from editor.core.graph.node import Node, check_merge_dimensions
from editor.core.graph.notes import Note, clamp_size, clamp_text, new_note_id
from editor.core.graph.resourcelimit import ResourceLimit
from editor.core.graph.urls import InputRef, OutputRef
from editor.core.tools.datatypes import DataTypeRegistry
from editor.core.tools.library import ToolLibrary
from editor.model.structure import NetworkStructure, restore_all


_log = logging.getLogger(__name__)


class NetworkModel(QObject):
    """Wraps one core Network (the top network or a macro's inner one)."""

    reset = Signal()
    node_added = Signal(str)
    node_removed = Signal(str)
    node_changed = Signal(str)            # properties, ports, resources, data
    node_renamed = Signal(str, str)       # old id, new id
    nodes_moved = Signal(list)            # node ids
    link_added = Signal(str)
    link_removed = Signal(str)
    link_changed = Signal(str)
    network_changed = Signal()            # id, version, description, preferred types
    steps_changed = Signal()
    changed = Signal()                    # after any edit (for autosave, title)
    content_changed = Signal()            # after any edit but moves (for validation: positions are
                                          # not checked, and re-checking 5,000 nodes after a drag
                                          # stalls the next one)
    batch_finished = Signal()             # the end of a batch of edits (see :meth:`batch`)
    library_changed = Signal()            # another tool library or datatypes (see :meth:`set_library`)
    note_added = Signal(str)              # canvas notes (editor-only data: no validation)
    note_removed = Signal(str)
    note_changed = Signal(str)            # text, position or size

    def __init__(self, network: Network, parent: QObject | None = None,
                 outer: NetworkModel | None = None) -> None:
        super().__init__(parent)
        self.network = network
        self.outer = outer            # the model of the network holding this one (macros)
        self._batch_depth = 0
        self._dimensions: NetworkDimensions | None = None
        # Connected first, so the cache is gone before any listener hears of the change.
        for signal in (self.reset, self.node_added, self.node_removed, self.node_changed, self.node_renamed,
                       self.link_added, self.link_removed, self.link_changed, self.network_changed,
                       self.steps_changed, self.content_changed, self.library_changed):
            signal.connect(self.forget_dimensions)
        if outer is not None:         # the library is swapped at the top, for the macros too
            outer.library_changed.connect(self.library_changed)

    # -- batches ------------------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Edits inside come as one batch: the per-item signals are still emitted (each listener
        keeps its items right), but a listener whose refresh looks at the whole network (step
        boxes, the node table's rows, the property page, selection) may wait for
        ``batch_finished``, so that deleting or restoring 1,000 nodes costs one such refresh,
        not 1,000. Batches nest; the outermost one ends the batch. The cyclic garbage collector
        waits meanwhile (see ``gcpause``: a big batch makes thousands of objects that live on)."""
        self._batch_depth += 1
        try:
            with collector_paused():
                yield
        finally:
            self._batch_depth -= 1
            if self._batch_depth == 0:
                with collector_paused():
                    self.batch_finished.emit()

    def emit_content_changed(self) -> None:
        self.content_changed.emit()
        self.changed.emit()

    # -- derived, kept until the next content change ------------------------------------------
    def dimensions(self) -> NetworkDimensions | None:
        """The network's dimensions (``editor.core.analysis.dimensions``), computed once per content change
        and shared by the canvas labels, validation and the property panels (each is 0.2 s at
        10,000 nodes); None, and a warning logged, when the core cannot compute them."""
        if self._dimensions is None:
            try:
                self._dimensions = dimensions(self.network)
            except Exception:  # noqa: BLE001 - a hint for the user; a core bug must not break views
                _log.warning("computing the dimensions of %s failed", self.network.id, exc_info=True)
                return None
        return self._dimensions

    def forget_dimensions(self, *_args: object) -> None:
        """Compute the dimensions again when next asked: after every signal of a change but a move,
        and when the tool library changed (:meth:`set_library`)."""
        self._dimensions = None

    @property
    def in_batch(self) -> bool:
        return self._batch_depth > 0

    # -- nodes --------------------------------------------------------------------------------
    def create_node(self, create: Callable[[Network], Node], position: tuple[float, float] | None = None) -> Node:
        """A new node made by ``create(network)`` (a core ``create_*`` call, which inserts it) at
        ``position``; :meth:`insert_node` puts the same object back after an undo."""
        node = create(self.network)
        node.position = position
        self._node_added(node, self.network.step_of(node.id) is not None)
        return node

    def insert_node(self, node: Node, index: int | None = None, step_id: str | None = None) -> None:
        self.network.insert_node(node, index, step_id)
        self._node_added(node, step_id is not None)

    def _node_added(self, node: Node, in_step: bool) -> None:
        self.node_added.emit(node.id)
        if in_step:
            self.steps_changed.emit()
        self._touch_macro_ports(node)
        self.emit_content_changed()

    def remove_node(self, node_id: str) -> RemovedNodes:
        """Remove a node and its links (see :meth:`remove_nodes`). Removing a macro's inner source
        or sink removes that macro port, so the outer links on it go too: see
        :meth:`outer_links_of_port`."""
        return self.remove_nodes([node_id])

    def remove_nodes(self, node_ids: list[str]) -> RemovedNodes:
        """Remove many nodes and their links in one pass (a big delete); :meth:`restore_nodes`
        puts them back. Signals: every link_removed, then every node_removed."""
        removed = bulk.remove_nodes(self.network, node_ids)
        for _index, link in reversed(removed.links):
            self.link_removed.emit(link.id)
        for _index, node in removed.nodes:
            self.node_removed.emit(node.id)
        if removed.steps:
            self.steps_changed.emit()
        for _index, node in removed.nodes:
            self._touch_macro_ports(node)
        self.emit_content_changed()
        return removed

    def restore_nodes(self, removed: RemovedNodes) -> None:
        """Undo of :meth:`remove_nodes`: every node and link back at its old place."""
        bulk.restore_nodes(self.network, removed)
        for _index, node in removed.nodes:
            self.node_added.emit(node.id)
        for _index, link in removed.links:
            self.link_added.emit(link.id)
        if removed.steps:
            self.steps_changed.emit()
        for _index, node in removed.nodes:
            self._touch_macro_ports(node)
        self.emit_content_changed()

    def outer_links_of_port(self, node: Node) -> list[tuple[int, Link]]:
        """The links of the outer network on the macro port that inner source/sink ``node`` makes."""
        macro = self.network.parent
        if macro is None or self.outer is None or node.cls not in ("SourceNode", "SinkNode"):
            return []
        outer = self.outer.network
        order = {lid: i for i, lid in enumerate(outer.links)}
        found = [l for l in outer.node_links(macro.id)
                 if (node.cls == "SourceNode" and l.target.node == macro.id and l.target.input == node.id)
                 or (node.cls == "SinkNode" and l.source.node == macro.id and l.source.output == node.id)]
        return sorted(((order[l.id], l) for l in found), key=lambda x: x[0])

    def _touch_macro_ports(self, node: Node) -> None:
        """Sources and sinks of a macro's inner network are the macro's ports."""
        if node.cls in ("SourceNode", "SinkNode"):
            self.refresh_macro_ports()

    def refresh_macro_ports(self) -> None:
        """For a macro's inner network: derive the macro's ports again from its sources and sinks
        and tell the outer model (the macro node changed). Nothing for the top network."""
        macro = self.network.parent
        if macro is None:
            return
        macro.network.refresh_macro_ports(macro)
        if self.outer is not None:
            self.outer.node_changed.emit(macro.id)
            self.outer.emit_content_changed()

    def move_nodes(self, positions: dict[str, tuple[float, float] | None]) -> None:
        moved = []
        for node_id, pos in positions.items():
            pos = None if pos is None else clamp_position(pos)
            node = self.network.nodes.get(node_id)
            if node is not None and node.position != pos:
                node.position = pos
                moved.append(node_id)
        if moved:
            self.nodes_moved.emit(moved)
            self.changed.emit()

    def place_positions(self, positions: Mapping[str, tuple[float, float] | None]) -> None:
        """Positions that are part of loading or drawing, not an edit (nodes without a position get
        one as the scene is built; an image export takes them away again): no undo step, no signal,
        the network is not marked changed."""
        for node_id, pos in positions.items():
            node = self.network.nodes.get(node_id)
            if node is not None:
                node.position = pos

    def rename_node(self, old: str, new: str) -> None:
        if old == new:
            return
        node = self.network.nodes[old]
        self.network.rename_node(old, new)
        self.node_renamed.emit(old, new)
        if node.cls in ("SourceNode", "SinkNode"):
            self._touch_macro_ports(node)
        self.emit_content_changed()

    def set_resources(self, node_id: str, value: ResourceLimit | None) -> None:
        node = self.network.nodes[node_id]
        if node.resources == value:
            return
        node.resources = value.copy() if value is not None else None
        self.node_changed.emit(node_id)
        self.emit_content_changed()

    def steps(self) -> dict[str, list[str]]:
        """A copy of the steps and their members, in order (for undo)."""
        return {step: list(members) for step, members in self.network.stepids.items()}

    def restore_steps(self, steps: dict[str, list[str]]) -> None:
        """Put back steps exactly as :meth:`steps` gave them: which, their order and their members'."""
        before = self.network.steps_by_node()
        self.network.stepids = {step: list(members) for step, members in steps.items()}
        after = self.network.steps_by_node()
        self.steps_changed.emit()
        for node_id in self.network.nodes:
            if before.get(node_id) != after.get(node_id):
                self.node_changed.emit(node_id)
        self.emit_content_changed()

    def set_node_property(self, node_id: str, name: str, value: Any) -> None:
        """``nodegroup``, ``merge_dimensions``, ``step_id``, ``datatype``, ``data`` or ``url``."""
        node = self.network.nodes[node_id]
        if self.node_property(node_id, name) == value:
            return
        if name == "nodegroup":
            node.nodegroup = value or None
        elif name == "merge_dimensions":
            node.merge_dimensions = check_merge_dimensions(value)
        elif name == "step_id":
            self.network.set_step(node_id, value or None)
            self.steps_changed.emit()
        elif name == "datatype":
            is_source = node.cls in ("SourceNode", "ConstantNode")
            port = node.outputs.get("output") if is_source else node.inputs.get("input")
            if port is None:
                raise ValueError(f"{node_id} has no datatype to set")
            port.datatype = value
            self._touch_macro_ports(node)
            for link in self.network.node_links(node_id):
                self.link_changed.emit(link.id)
        elif name == "data":
            node.data = value
        elif name == "url":
            node.url = value
        else:
            raise KeyError(name)
        self.node_changed.emit(node_id)
        self.emit_content_changed()

    def node_property(self, node_id: str, name: str) -> Any:
        node = self.network.nodes[node_id]
        if name == "step_id":
            return self.network.step_of(node_id)
        if name == "datatype":
            return node.datatype
        value = getattr(node, name)
        return list(value) if isinstance(value, list) else value

    def set_input_group(self, node_id: str, input_id: str, value: str) -> None:
        port = self.network.nodes[node_id].inputs[input_id]
        if port.input_group == value:
            return
        port.input_group = value
        self.node_changed.emit(node_id)
        self.emit_content_changed()

    # -- links --------------------------------------------------------------------------------
    def create_link(self, source: OutputRef, target: InputRef, collapse: tuple[int | str, ...] = (),
                    expand: bool = False) -> tuple[Link, list[tuple[Link, int]]]:
        """A new link from ``source`` to sub-input ``target``. The links it replaces (see
        ``Network.replaced_by``) are removed first, with signals, and returned with their indexes
        for the undo."""
        replaced = self._remove_replaced(target)
        link = self.network.create_link(source, target, collapse=collapse, expand=expand)
        self.link_added.emit(link.id)
        self.node_changed.emit(link.source.node)   # sub-outputs may have been recorded
        self.emit_content_changed()
        return link, replaced

    def insert_link(self, link: Link, index: int | None = None, *, replace: bool = False) -> list[tuple[Link, int]]:
        """Put a link object (back) at ``index``. With ``replace``, the links it replaces are removed
        first, as in :meth:`create_link`, and returned."""
        replaced = self._remove_replaced(link.target) if replace else []
        self.network.add_link(link, index)
        self.link_added.emit(link.id)
        self.emit_content_changed()
        return replaced

    def _remove_replaced(self, target: InputRef) -> list[tuple[Link, int]]:
        return [self.remove_link(link.id) for link in self.network.replaced_by(target)]

    def remove_link(self, link_id: str) -> tuple[Link, int]:
        index = self.network.link_index(link_id)
        link = self.network.remove_link(link_id)
        self.link_removed.emit(link_id)
        self.emit_content_changed()
        return link, index

    def set_link_property(self, link_id: str, name: str, value: Any) -> None:
        link = self.network.links[link_id]
        if name == "collapse":
            if tuple(value) == link.collapse:
                return
            self.network.set_link_collapse(link_id, tuple(value))
        elif name == "expand":
            if bool(value) == link.expand:
                return
            self.network.set_link_expand(link_id, bool(value))
        else:
            raise KeyError(name)
        self.link_changed.emit(link_id)
        self.emit_content_changed()

    # -- network ------------------------------------------------------------------------------
    def set_library(self, library: ToolLibrary, types: DataTypeRegistry | None = None) -> None:
        """Use another tool library (and datatypes), macros included: the nodes look their tools up
        again, and this model and those of the networks inside it forget their dimensions
        (``library_changed``). Not an edit: the file does not change."""
        self.network.library = library
        if types is not None:
            self.network.types = types
        self.library_changed.emit()

    def counters(self) -> tuple[int, int]:
        """fastr's ``node_number`` and ``link_number`` (the numbers in new default ids)."""
        return self.network.node_number, self.network.link_number

    def set_counters(self, value: tuple[int, int]) -> None:
        """Set both counters (undo puts them back, so that undoing everything gives the first state)."""
        self.network.node_number, self.network.link_number = value

    def set_network_property(self, name: str, value: Any) -> None:
        if getattr(self.network, name) == value:
            return
        setattr(self.network, name, value)
        self.network_changed.emit()
        self.emit_content_changed()

    def restructure(self, change: Callable[[], None]) -> None:
        """A wholesale rewiring of this network (creating or dissolving a macro): ``change()`` edits
        the core, then one reset is emitted and, in a macro's inner network, the macro's ports are
        derived again. Nothing is emitted when ``change`` raises."""
        change()
        self.emit_reset()
        self.refresh_macro_ports()

    def restore_structure(self, structures: list[NetworkStructure]) -> None:
        """Make the networks of ``structures`` (this one first) hold what they held when captured
        (the undo and redo of a rewiring), as one :meth:`restructure`."""
        self.restructure(lambda: restore_all(structures))

    def emit_reset(self) -> None:
        self.reset.emit()
        self.emit_content_changed()

    # -- notes --------------------------------------------------------------------------------
    def new_note_id(self) -> str:
        return new_note_id(self.network.notes)

    def add_note(self, note: Note, index: int | None = None) -> None:
        """Put ``note`` (a copy, its text and geometry bounded) into the network at ``index``."""
        if note.id in self.network.notes:
            raise KeyError(f"there is a note '{note.id}' already")
        kept = Note(note.id, clamp_text(note.text)[0], clamp_position(note.position), clamp_size(note.size))
        items = list(self.network.notes.items())
        items.insert(len(items) if index is None else index, (kept.id, kept))
        self.network.notes = dict(items)
        self.note_added.emit(kept.id)
        self.changed.emit()

    def remove_note(self, note_id: str) -> tuple[Note, int]:
        """Remove a note; returns it and its index, for :meth:`add_note` to put it back."""
        index = list(self.network.notes).index(note_id)
        note = self.network.notes.pop(note_id)
        self.note_removed.emit(note_id)
        self.changed.emit()
        return note, index

    def set_note(self, note_id: str, *, text: str | None = None, position: tuple[float, float] | None = None,
                 size: tuple[float, float] | None = None) -> None:
        """Change a note's text, position or size (bounded); emits only when something changed."""
        note = self.network.notes[note_id]
        new = Note(note_id, note.text if text is None else clamp_text(text)[0],
                   note.position if position is None else clamp_position(position),
                   note.size if size is None else clamp_size(size))
        if new == note:
            return
        note.text, note.position, note.size = new.text, new.position, new.size
        self.note_changed.emit(note_id)
        self.changed.emit()
