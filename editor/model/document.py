"""Model layer: Document, one open network: the core network, its undo stack, file name, clean
state, and one NetworkModel per (macro) network. Loading is a reset, not a replay.

Saving is done off the window's thread (:meth:`Document.save_async`): the state is taken on the
UI thread (fresh dicts; some 50 ms at 10,000 nodes), the text is made and written atomically by a
worker thread, and the result comes back through a queued signal (:attr:`Document.save_finished`).
Edits made meanwhile keep the document modified; one save of a document runs at a time (more are
queued, one per file), and two saves of one file never run at once, whichever window asks.
:meth:`Document.save` is the same, waiting for the result (without an event loop).
"""

from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QUndoCommand, QUndoStack

from editor.core.errors import SaveError
from editor.core.io.files import read_network_file, snapshot_state, write_state
from editor.core.io.filestamp import FileStamp
from editor.core.gcpause import collector_paused
from editor.core.graph.network import Network
from editor.model.networkmodel import NetworkModel


class Selection(QObject):
    """The shared selection of the current network: node ids, link ids and note ids (not
    undoable). ``set`` replaces all three: what it is not given is no longer selected."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.nodes: list[str] = []
        self.links: list[str] = []
        self.notes: list[str] = []

    def set(self, nodes: list[str], links: list[str] | None = None, notes: list[str] | None = None) -> None:
        links = links or []
        notes = notes or []
        if nodes == self.nodes and links == self.links and notes == self.notes:
            return
        self.nodes, self.links, self.notes = list(nodes), list(links), list(notes)
        self.changed.emit()

    def clear(self) -> None:
        self.set([], [], [])


# -- saving off the UI thread ---------------------------------------------------------------------
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_file_locks: dict[str, threading.Lock] = {}


def _save_pool() -> ThreadPoolExecutor:
    """The threads saves run in (two: saves of different files may overlap)."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="fastr-editor-save")
        return _pool


def _file_lock(path: str) -> threading.Lock:
    """One lock per real file: two documents (windows) saving one file write it one after the other."""
    key = os.path.realpath(path)
    with _pool_lock:
        return _file_locks.setdefault(key, threading.Lock())


class SaveJob:
    """One save: where, the state taken when it started, and (once ``finished`` is set) how it went."""

    def __init__(self, path: str, backup: bool) -> None:
        self.path = path
        self.backup = backup
        self.state: dict | None = None       # taken on the UI thread when the job starts
        self.revision = -1                   # the document's edit count then
        self.generation = -1                 # and which network it was (a replace changes it)
        self.error: SaveError | None = None
        self.stamp: FileStamp | None = None
        self.finished = threading.Event()
        self.handled = False                 # the UI thread has taken the result in

    @property
    def ok(self) -> bool:
        return self.finished.is_set() and self.error is None

    def run(self) -> None:
        """Make the text and write it (in a worker thread)."""
        try:
            assert self.state is not None
            with _file_lock(self.path):
                self.stamp = write_state(self.state, self.path, backup=self.backup)
        except SaveError as error:
            self.error = error
        except Exception as error:  # noqa: BLE001 - whatever it is, the save failed: say so
            self.error = SaveError(self.path, f"could not be written ({type(error).__name__}: {error}); "
                                              "the file on disk is unchanged")
        finally:
            self.state = None
            self.finished.set()


class _Relay(QObject):
    """Brings a finished job back to the UI thread (a signal emitted by the worker is queued)."""

    done = Signal(object)


class Document(QObject):
    """An open network file (or a new, unsaved network). The network comes with its tool library
    and datatype registry (the window's); files opened here get the same ones."""

    file_changed = Signal()          # file name changed (new, open, save as)
    current_changed = Signal()       # the network shown (top or a macro's inside) changed
    reset = Signal()                 # a whole new network (new, open, revert)
    save_started = Signal(object)    # a save took its state (a dict: the autosaver writes it too)
    save_finished = Signal(object)   # a SaveJob is done: ``job.error`` is None or the SaveError

    def __init__(self, network: Network, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.selection = Selection(self)
        self.file_path: str | None = None
        self.file_mtime: float | None = None
        self.file_stamp: FileStamp | None = None   # the file as last read or written (see changed_on_disk)
        self._models: dict[int, NetworkModel] = {}
        self.root: Network = network
        self.path: list[str] = []        # macro node ids from the root to the current network
        self._revision = 0               # counts every change of the undo stack's index
        self._generation = 0             # counts whole new networks (replace)
        self._job: SaveJob | None = None
        self._queue: list[SaveJob] = []
        self._relay = _Relay(self)
        self._relay.done.connect(self._job_done)
        self.undo_stack.indexChanged.connect(self._edited)
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
        with collector_paused(freeze=True):     # the file's network and its views live on
            network, stamp = read_network_file(path, library=self.root.library, types=self.root.types)
            self.replace(network, os.path.abspath(path), stamp=stamp)

    def replace(self, network: Network, file_path: str | None, *, stamp: FileStamp | None = None) -> None:
        """Show ``network``; ``stamp`` is the file as it was read (else it is read again now).
        A save still under way finishes, but no longer marks this document saved."""
        with collector_paused(freeze=True):     # the views build thousands of items that live on
            self._generation += 1
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
        """Save (atomically; raises SaveError and leaves the file untouched on failure), waiting
        for the result; a save already under way finishes first."""
        job = self.save_async(path, backup=backup)
        self.wait_for_save(job)
        if job.error is not None:
            raise job.error

    @Slot(int)
    def _edited(self, _index: int) -> None:
        self._revision += 1

    @property
    def saving(self) -> bool:
        """A save was started and its result is not taken in yet (or one is queued)."""
        return self._job is not None

    def saving_to(self, path: str) -> bool:
        """A save of ``path`` is under way or queued (the file changing on disk is our own write)."""
        target = os.path.abspath(path)
        return any(job.path == target for job in (self._job, *self._queue) if job is not None)

    def save_async(self, path: str | None = None, *, backup: bool = True) -> SaveJob:
        """Start saving the network as it is now to ``path`` (default: its file) in a worker thread;
        returns at once. When a save is under way the request is queued (a second request for the
        same file while it waits is the same job) and takes its state when it starts.
        ``save_finished`` is emitted with the job when it is done."""
        target = path or self.file_path
        if target is None:
            raise ValueError("the network has no file name yet: use save as")
        job = SaveJob(os.path.abspath(target), backup)
        job.generation = self._generation
        if self._job is not None:
            for queued in self._queue:
                if queued.path == job.path:
                    queued.backup = queued.backup or backup
                    return queued
            self._queue.append(job)
            return job
        self._start(job)
        return job

    def _start(self, job: SaveJob) -> None:
        self._job = job
        job.revision = self._revision
        try:
            if job.generation != self._generation:   # queued, then another network was shown
                raise SaveError(job.path, "was not saved: another network was opened in its window "
                                          "before the save could start")
            job.state = snapshot_state(self.root, job.path)
        except SaveError as error:
            job.error = error
            job.finished.set()
            self._relay.done.emit(job)      # taken in at once (the same thread), as any other result
            return
        self.save_started.emit(job.state)

        def work() -> None:
            job.run()
            try:
                self._relay.done.emit(job)
            except RuntimeError:              # the document is gone (its window closed)
                pass
        _save_pool().submit(work)

    def wait_for_save(self, job: SaveJob | None = None, timeout: float | None = None) -> bool:
        """Block (no event loop) until ``job`` (default: every save asked for) is done and taken
        in; False when ``timeout`` seconds passed first."""
        if job is not None and job.handled:
            return True
        while self._job is not None:
            current = self._job
            if not current.finished.wait(timeout):
                return False
            self._take(current)
            if job is not None and job.handled:
                break
        return job is None or job.handled

    @Slot(object)
    def _job_done(self, job: SaveJob) -> None:
        if job is self._job:
            self._take(job)

    def _take(self, job: SaveJob) -> None:
        """A finished job's result, on the UI thread: the file name and stamp, the clean state
        (only when nothing was edited since its state was taken), then the next queued job."""
        if job.handled:
            return
        job.handled = True
        self._job = None
        if job.error is None and job.generation == self._generation:
            changed_name = job.path != self.file_path
            self.file_path = job.path
            self.set_file_stamp(job.stamp)
            if job.revision == self._revision:
                self.undo_stack.setClean()
            else:
                # edited while saving: modified, and no earlier undo state matches the file now
                self.undo_stack.resetClean()
            if changed_name:
                self.file_changed.emit()
        self.save_finished.emit(job)
        if self._queue:
            self._start(self._queue.pop(0))

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
