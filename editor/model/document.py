"""Model layer: Document, one open network: the core network, its undo stack, file name, clean
state, and one NetworkModel per (macro) network. Loading is a reset, not a replay.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from editor.core.io.files import read_network_file, save_network_stamped
from editor.core.io.filestamp import FileStamp
from editor.core.gcpause import collector_paused
from editor.core.graph.network import Network
from editor.model.networkmodel import NetworkModel


class Selection(QObject):
    """The shared selection of the current network: node ids and link ids (not undoable)."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.nodes: list[str] = []
        self.links: list[str] = []

    def set(self, nodes: list[str], links: list[str] | None = None) -> None:
        links = links or []
        if nodes == self.nodes and links == self.links:
            return
        self.nodes, self.links = list(nodes), list(links)
        self.changed.emit()

    def clear(self) -> None:
        self.set([], [])


class Document(QObject):
    """An open network file (or a new, unsaved network)."""

    file_changed = Signal()          # file name changed (new, open, save as)
    current_changed = Signal()       # the network shown (top or a macro's inside) changed
    reset = Signal()                 # a whole new network (new, open, revert)

    def __init__(self, network: Network | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.selection = Selection(self)
        self.file_path: str | None = None
        self.file_mtime: float | None = None
        self.file_stamp: FileStamp | None = None   # the file as last read or written (see changed_on_disk)
        self._models: dict[int, NetworkModel] = {}
        self.root: Network = network or Network("network")
        self.path: list[str] = []        # macro node ids from the root to the current network
        self._install(self.root)

    # -- networks and models ------------------------------------------------------------------
    def _install(self, network: Network) -> None:
        for model in self._models.values():
            model.deleteLater()
        self._models = {}
        self.root = network
        self.path = []

    def models(self) -> list[NetworkModel]:
        """The models of the top network and of every macro network opened so far."""
        return list(self._models.values())

    def model_for(self, network: Network) -> NetworkModel:
        model = self._models.get(id(network))
        if model is None or model.network is not network:
            outer = self.model_for(network.parent.network) if network.parent is not None else None
            model = NetworkModel(network, self, outer)
            self._models[id(network)] = model
            model.node_removed.connect(self._check_path)
            model.reset.connect(self._check_path)
        return model

    def _check_path(self, *_args: object) -> None:
        """If the macro being shown (or one around it) was removed, e.g. by an undo, go up to the
        deepest network that still exists."""
        network = self.root
        valid = 0
        for node_id in self.path:
            node = network.nodes.get(node_id)
            if node is None or node.subnetwork is None:
                break
            network = node.subnetwork
            valid += 1
        if valid < len(self.path):
            del self.path[valid:]
            self.selection.clear()
            self.current_changed.emit()

    @property
    def root_model(self) -> NetworkModel:
        return self.model_for(self.root)

    @property
    def current_network(self) -> Network:
        network = self.root
        for node_id in self.path:
            node = network.nodes.get(node_id)
            if node is None or node.subnetwork is None:
                break
            network = node.subnetwork
        return network

    @property
    def current_model(self) -> NetworkModel:
        return self.model_for(self.current_network)

    def enter_macro(self, node_id: str) -> None:
        node = self.current_network.nodes.get(node_id)
        if node is None or node.subnetwork is None:
            raise KeyError(f"{node_id} is not a macro node")
        self.path.append(node_id)
        self.selection.clear()
        self.current_changed.emit()

    def go_up(self, levels: int = 1) -> None:
        if not self.path:
            return
        del self.path[max(0, len(self.path) - levels):]
        self.selection.clear()
        self.current_changed.emit()

    def set_path(self, path: list[str]) -> None:
        if path != self.path:
            self.path = list(path)
            self.selection.clear()
            self.current_changed.emit()

    # -- editing ------------------------------------------------------------------------------
    def push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)

    @property
    def is_modified(self) -> bool:
        return not self.undo_stack.isClean()

    # -- files --------------------------------------------------------------------------------
    def load(self, path: str) -> None:
        """Open a file: build the network, swap it in, one reset, undo cleared, marked clean.
        Raises LoadError (the document is unchanged then)."""
        network, stamp = read_network_file(path)
        self.replace(network, os.path.abspath(path), stamp=stamp)

    def replace(self, network: Network, file_path: str | None, *, stamp: FileStamp | None = None) -> None:
        """Show ``network``; ``stamp`` is the file as it was read (else it is read again now)."""
        with collector_paused():     # the views build thousands of items for a big network
            self._install(network)
            self.file_path = file_path
            self.set_file_stamp(stamp if stamp is not None or file_path is None else FileStamp.read(file_path))
            self.selection.clear()
            self.undo_stack.clear()
            self.undo_stack.setClean()
            self.reset.emit()
            self.current_changed.emit()
            self.file_changed.emit()

    def save(self, path: str | None = None, *, backup: bool = True) -> None:
        """Save (atomically; raises SaveError and leaves the file untouched on failure)."""
        target = path or self.file_path
        if target is None:
            raise ValueError("the network has no file name yet: use save as")
        stamp = save_network_stamped(self.root, target, backup=backup)
        changed_name = os.path.abspath(target) != self.file_path
        self.file_path = os.path.abspath(target)
        self.set_file_stamp(stamp)
        self.undo_stack.setClean()
        if changed_name:
            self.file_changed.emit()

    def set_file_stamp(self, stamp: FileStamp | None) -> None:
        self.file_stamp = stamp
        self.file_mtime = stamp.mtime if stamp is not None else None

    def changed_on_disk(self, *, verify: bool = False) -> bool:
        """True when the file was changed by another program since it was opened or saved:
        another modification time, size, inode or change time, or (with ``verify``, and
        whenever those differ) other content, or no file there any more."""
        if self.file_path is None or self.file_stamp is None:
            return False
        return self.file_stamp.changed(self.file_path, verify=verify)

    @property
    def display_name(self) -> str:
        return Path(self.file_path).name if self.file_path else f"{self.root.id} (unsaved)"
