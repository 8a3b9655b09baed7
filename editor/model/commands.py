"""Model layer: undo commands. One QUndoCommand per user action; each holds the model, ids and
old/new values, acts only in ``redo()`` and undoes exactly in ``undo()``.

Structural commands also restore fastr's ``node_number``/``link_number`` counters on undo, so that
undoing everything gives back the first state exactly.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, nullcontext
from typing import Any, Callable

from PySide6.QtGui import QUndoCommand

from editor.core.graph.bulk import RemovedNodes
from editor.core.graph.link import Link
from editor.core.graph.network import Network
from editor.core.graph.node import Node
from editor.core.graph.resourcelimit import ResourceLimit
from editor.core.graph.urls import InputRef, OutputRef
from editor.model.networkmodel import NetworkModel

Position = tuple[float, float]


@contextmanager
def _batch(model: NetworkModel) -> Iterator[None]:
    """The model (and, for a macro's inner network, the outer one) in one batch."""
    outer = model.outer
    with model.batch(), (outer.batch() if outer is not None else nullcontext()):
        yield


def _in_batch(method: Callable[[Any], None]) -> Callable[[Any], None]:
    """A command's redo or undo as one batch of edits: listeners refresh once, when the edit is
    whole (a rename emits several signals; the node page must not compute the network's
    dimensions between them)."""
    @functools.wraps(method)
    def run(self: Any) -> None:
        with _batch(self.model):
            method(self)
    return run


class _NetworkCommand(QUndoCommand):
    """Base: remembers the counters before the first redo and after it."""

    def __init__(self, model: NetworkModel, text: str) -> None:
        super().__init__(text)
        self.model = model
        self._before: tuple[int, int] | None = None
        self._after: tuple[int, int] | None = None

    def _counters(self) -> tuple[int, int]:
        return self.model.counters()

    def _set_counters(self, value: tuple[int, int] | None) -> None:
        if value is not None:
            self.model.set_counters(value)

    def redo(self) -> None:
        with self._batch():
            if self._before is None:
                self._before = self._counters()
                self.do_first()
                self._after = self._counters()
            else:
                self.do_again()
                self._set_counters(self._after)

    def undo(self) -> None:
        with self._batch():
            self.do_undo()
            self._set_counters(self._before)

    def _batch(self) -> contextlib.AbstractContextManager[None]:
        return _batch(self.model)

    def do_first(self) -> None:
        self.do_again()

    def do_again(self) -> None:
        raise NotImplementedError

    def do_undo(self) -> None:
        raise NotImplementedError


class AddNodeCommand(_NetworkCommand):
    """Create a node with ``create(network) -> Node`` (a core create_* call) at ``position``."""

    def __init__(self, model: NetworkModel, create: Callable[[Network], Node],
                 position: Position | None, text: str = "Add node") -> None:
        super().__init__(model, text)
        self._create = create
        self._position = position
        self.node: Node | None = None
        self._index = 0
        self._step: str | None = None

    def do_first(self) -> None:
        node = self.model.create_node(self._create, self._position)
        self.node = node
        self._index = self.model.network.node_index(node.id)
        self._step = self.model.network.step_of(node.id)
        self.setText(f"Add {node.id}")

    def do_again(self) -> None:
        assert self.node is not None
        self.model.insert_node(self.node, self._index, self._step)

    def do_undo(self) -> None:
        assert self.node is not None
        self.model.remove_node(self.node.id)


class RemoveNodesCommand(_NetworkCommand):
    """Remove nodes and, with them, their links."""

    def __init__(self, model: NetworkModel, node_ids: list[str], text: str | None = None) -> None:
        super().__init__(model, text or (f"Delete {node_ids[0]}" if len(node_ids) == 1
                                         else f"Delete {len(node_ids)} nodes"))
        self._ids = list(node_ids)
        self._removed: RemovedNodes | None = None
        self._outer: list[list[tuple[int, Link]]] = []

    def do_again(self) -> None:
        self._outer = []
        for node_id in self._ids:
            node = self.model.network.nodes[node_id]
            outer = self.model.outer_links_of_port(node)       # a macro port goes with its inner node
            for _index, link in reversed(outer):
                assert self.model.outer is not None
                self.model.outer.remove_link(link.id)
            self._outer.append(outer)
        self._removed = self.model.remove_nodes(self._ids)

    def do_undo(self) -> None:
        assert self._removed is not None
        self.model.restore_nodes(self._removed)
        for outer in reversed(self._outer):
            for link_index, link in outer:
                assert self.model.outer is not None
                self.model.outer.insert_link(link, link_index)
        self._removed = None


class AddLinkCommand(_NetworkCommand):
    """Link an output to a sub-input; links already on that sub-input are replaced (and restored)."""

    def __init__(self, model: NetworkModel, source: OutputRef, target: InputRef,
                 collapse: tuple[int | str, ...] = (), expand: bool = False,
                 text: str | None = None) -> None:
        super().__init__(model, text or f"Link {source.node}.{source.output} to {target.node}.{target.input}")
        self._source, self._target = source, target
        self._collapse, self._expand = collapse, expand
        self.link: Link | None = None
        self._index = 0
        self._replaced: list[tuple[Link, int]] = []

    @property
    def replaced(self) -> list[Link]:
        """The links this link took the place of (after redo)."""
        return [link for link, _index in self._replaced]

    def do_first(self) -> None:
        self.link, self._replaced = self.model.create_link(self._source, self._target, self._collapse, self._expand)
        self._index = self.model.network.link_index(self.link.id)

    def do_again(self) -> None:
        assert self.link is not None
        self._replaced = self.model.insert_link(self.link, self._index, replace=True)

    def do_undo(self) -> None:
        assert self.link is not None
        self.model.remove_link(self.link.id)
        for link, index in reversed(self._replaced):
            self.model.insert_link(link, index)
        self._replaced = []


class RemoveLinksCommand(_NetworkCommand):
    def __init__(self, model: NetworkModel, link_ids: list[str]) -> None:
        super().__init__(model, f"Delete {link_ids[0]}" if len(link_ids) == 1 else f"Delete {len(link_ids)} links")
        self._ids = list(link_ids)
        self._removed: list[tuple[Link, int]] = []

    def do_again(self) -> None:
        self._removed = [self.model.remove_link(link_id) for link_id in self._ids]

    def do_undo(self) -> None:
        for link, index in reversed(self._removed):
            self.model.insert_link(link, index)
        self._removed = []


class MoveNodesCommand(QUndoCommand):
    """One drag (or layout, align, distribute): ``{node id: (old, new)}``."""

    def __init__(self, model: NetworkModel, moves: Mapping[str, tuple[Position | None, Position | None]],
                 text: str = "Move") -> None:
        super().__init__(text if text != "Move" else
                         (f"Move {next(iter(moves))}" if len(moves) == 1 else f"Move {len(moves)} nodes"))
        self.model = model
        self._moves = dict(moves)

    def redo(self) -> None:
        self.model.move_nodes({k: new for k, (_old, new) in self._moves.items()})

    def undo(self) -> None:
        self.model.move_nodes({k: old for k, (old, _new) in self._moves.items()})


class RenameNodeCommand(QUndoCommand):
    def __init__(self, model: NetworkModel, old: str, new: str) -> None:
        super().__init__(f"Rename {old} to {new}")
        self.model, self._old, self._new = model, old, new

    @_in_batch
    def redo(self) -> None:
        self.model.rename_node(self._old, self._new)

    @_in_batch
    def undo(self) -> None:
        self.model.rename_node(self._new, self._old)


_MERGE_RESOURCES = 1001
_MERGE_PROPERTY = 1002


class SetResourceLimitCommand(QUndoCommand):
    """Resource limits of one or many nodes in one step. Typing in one field merges into one step."""

    def __init__(self, model: NetworkModel, changes: Mapping[str, tuple[ResourceLimit | None, ResourceLimit | None]],
                 field: str = "") -> None:
        n = len(changes)
        super().__init__(f"Set resources of {next(iter(changes))}" if n == 1 else f"Set resources of {n} nodes")
        self.model = model
        self._changes = {k: (o.copy() if o else None, v.copy() if v else None) for k, (o, v) in changes.items()}
        self._field = field

    def id(self) -> int:
        return _MERGE_RESOURCES

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt override
        if not isinstance(other, SetResourceLimitCommand) or other.model is not self.model:
            return False
        if not self._field or other._field != self._field or set(other._changes) != set(self._changes):
            return False
        self._changes = {k: (self._changes[k][0], other._changes[k][1]) for k in self._changes}
        return True

    @_in_batch
    def redo(self) -> None:
        for node_id, (_old, new) in self._changes.items():
            self.model.set_resources(node_id, new)

    @_in_batch
    def undo(self) -> None:
        for node_id, (old, _new) in self._changes.items():
            self.model.set_resources(node_id, old)


class SetNodePropertyCommand(QUndoCommand):
    """``nodegroup``, ``merge_dimensions``, ``step_id``, ``datatype``, ``data`` or ``url`` of nodes."""

    def __init__(self, model: NetworkModel, node_ids: list[str], name: str, value: Any,
                 merge: bool = False) -> None:
        label = name.replace("_", " ")
        super().__init__(f"Set {label} of {node_ids[0]}" if len(node_ids) == 1
                         else f"Set {label} of {len(node_ids)} nodes")
        self.model, self._name, self._merge = model, name, merge
        self._changes = {n: (model.node_property(n, name), value) for n in node_ids}
        # A step change is undone to the steps exactly as they were (their order, their members'
        # order, a step that became empty): the setter alone would append and drop.
        self._steps: tuple[dict[str, list[str]], dict[str, list[str]]] | None = None

    def id(self) -> int:
        return _MERGE_PROPERTY if self._merge else -1

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802
        if (not isinstance(other, SetNodePropertyCommand) or other.model is not self.model
                or other._name != self._name or set(other._changes) != set(self._changes) or not other._merge):
            return False
        self._changes = {k: (self._changes[k][0], other._changes[k][1]) for k in self._changes}
        if self._steps is not None and other._steps is not None:
            self._steps = (self._steps[0], other._steps[1])
        return True

    @_in_batch
    def redo(self) -> None:
        if self._name == "step_id" and self._steps is not None:
            self.model.restore_steps(self._steps[1])
            return
        before = self.model.steps() if self._name == "step_id" else None
        for node_id, (_old, new) in self._changes.items():
            self.model.set_node_property(node_id, self._name, new)
        if before is not None:
            self._steps = (before, self.model.steps())

    @_in_batch
    def undo(self) -> None:
        if self._steps is not None:
            self.model.restore_steps(self._steps[0])
            return
        for node_id, (old, _new) in self._changes.items():
            self.model.set_node_property(node_id, self._name, old)


class SetInputGroupCommand(QUndoCommand):
    def __init__(self, model: NetworkModel, node_id: str, input_id: str, value: str) -> None:
        super().__init__(f"Set input group of {node_id}.{input_id}")
        self.model, self._node, self._input = model, node_id, input_id
        self._old = model.network.nodes[node_id].inputs[input_id].input_group
        self._new = value

    @_in_batch
    def redo(self) -> None:
        self.model.set_input_group(self._node, self._input, self._new)

    @_in_batch
    def undo(self) -> None:
        self.model.set_input_group(self._node, self._input, self._old)


class SetLinkPropertyCommand(QUndoCommand):
    """``collapse`` or ``expand`` of a link."""

    def __init__(self, model: NetworkModel, link_id: str, name: str, value: Any) -> None:
        super().__init__(f"Set {name} of {link_id}")
        self.model, self._link, self._name = model, link_id, name
        self._old = getattr(model.network.links[link_id], name)
        self._new = tuple(value) if name == "collapse" else bool(value)

    @_in_batch
    def redo(self) -> None:
        self.model.set_link_property(self._link, self._name, self._new)

    @_in_batch
    def undo(self) -> None:
        self.model.set_link_property(self._link, self._name, self._old)


class SetNetworkPropertyCommand(QUndoCommand):
    """``id``, ``version``, ``description`` or ``preferred_types`` of the network."""

    def __init__(self, model: NetworkModel, name: str, value: Any) -> None:
        super().__init__(f"Set network {name.replace('_', ' ')}")
        self.model, self._name = model, name
        self._old, self._new = getattr(model.network, name), value

    @_in_batch
    def redo(self) -> None:
        self.model.set_network_property(self._name, self._new)

    @_in_batch
    def undo(self) -> None:
        self.model.set_network_property(self._name, self._old)
