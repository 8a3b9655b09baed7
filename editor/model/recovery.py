"""Model layer: crash recovery files: the autosaver of one document and the session that owns them.

While a document has unsaved changes its whole state (positions and ``__editor__`` included) is
written to ``<data dir>/recovery/<uuid>.json`` a moment after the last edit (:data:`AUTOSAVE_DELAY_MS`,
and at most :data:`AUTOSAVE_MAX_DELAY_S` after the first unsaved edit however busy the user is).
The data dir is ``$FASTR_EDITOR_DATA_DIR`` or Qt's AppDataLocation.  The state dict is built on the
UI thread (a few ms); for networks above :data:`LARGE_NETWORK_NODES` nodes the JSON dump and the
atomic write go to a worker thread.  A clean document (saved, or undone back to clean) and a clean
close remove the file; a crash or kill leaves it.

A file holds ``{"format": "fastr-editor-recovery", "version": 2, "header": {...}, "state_yaml": "..."}``;
the header names the original file, the network id, the last edit time, the editor version and the
process (pid, host, session) that wrote it. The state is the YAML text the editor saves a network
file with (``files.dump_text``), read back as a network file is: every state the editor can hold
comes back exactly, key types and order included (JSON would merge the keys ``1`` and ``'1'`` of a
mapping, make ``1`` a string, and cannot hold a YAML date). Version 1 files, whose ``state`` is
the state as JSON, are still read.

Every editor process is one :class:`RecoverySession` holding ``<session>.lock`` (a QLockFile with
no stale timeout, so a live editor's lock is never taken however old).  A recovery file whose
session lock is absent or left by a dead process is an orphan that the next start offers to
restore; files of another running editor are left alone.
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
import uuid
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import shiboken6
import yaml
from PySide6.QtCore import QLockFile, QObject, QStandardPaths, QTimer, Signal, Slot

from editor.core.errors import LoadError, SaveError, StateError
from editor.core.io.files import MAX_FILE_BYTES, atomic_write, dump_text, file_state, parse_text
from editor.core.io.filestamp import FileStamp
from editor.core.graph.network import Network
from editor.core.graph.network import network_from_state

if TYPE_CHECKING:
    from editor.core.tools.datatypes import DataTypeRegistry
    from editor.core.tools.library import ToolLibrary
    from editor.model.document import Document

DATA_DIR_ENV = "FASTR_EDITOR_DATA_DIR"
RECOVERY_FORMAT = "fastr-editor-recovery"
RECOVERY_VERSION = 2
#: The key of the state's YAML text (version 2); version 1 files hold the state as JSON at "state".
STATE_TEXT_KEY = "state_yaml"
AUTOSAVE_DELAY_MS = 500       # after the last edit...
AUTOSAVE_MAX_DELAY_S = 1.0    # ...and at most this long after the first unsaved one: a kill loses ~1 s
LARGE_NETWORK_NODES = 500
#: temporary files a crash left behind mid-write are removed when this old (seconds)
STALE_TEMP_AGE = 24 * 3600.0


def data_dir() -> Path:
    folder = os.environ.get(DATA_DIR_ENV)
    if folder:
        return Path(folder)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".fastr-editor"


def recovery_dir() -> Path:
    return data_dir() / "recovery"


def editor_version() -> str:
    from editor import __version__
    return __version__


def node_count(network: Network) -> int:
    return sum(len(net.nodes) for net in network.iter_networks())


# -- recovery files -----------------------------------------------------------------------------
@dataclass
class RecoveryEntry:
    """One recovery file on disk (``error`` says why it cannot be read, when it cannot)."""

    path: Path
    header: dict[str, Any] = field(default_factory=dict)
    state: dict[str, Any] | None = None
    error: str | None = None

    @property
    def session(self) -> str | None:
        value = self.header.get("session")
        return value if isinstance(value, str) else None

    @property
    def original_path(self) -> str | None:
        value = self.header.get("original_path")
        return value if isinstance(value, str) and value else None

    @property
    def original_mtime(self) -> float | None:
        value = self.header.get("original_mtime")
        return float(value) if isinstance(value, (int, float)) else None

    @property
    def original_stamp(self) -> FileStamp | None:
        """The original file as the editor last read or wrote it (size, inode, hash...)."""
        stamp = FileStamp.from_dict(self.header.get("original_stamp"))
        if stamp is None and self.original_mtime is not None:
            stamp = FileStamp.from_mtime(self.original_mtime)
        return stamp

    @property
    def network_id(self) -> str:
        value = self.header.get("network_id")
        return value if isinstance(value, str) else self.path.stem

    @property
    def edited(self) -> float:
        value = self.header.get("edited")
        if isinstance(value, (int, float)):
            return float(value)
        try:
            return self.path.stat().st_mtime
        except OSError:
            return 0.0

    @property
    def nodes(self) -> int | None:
        value = self.header.get("nodes")
        return value if isinstance(value, int) else None

    def network(self, *, library: ToolLibrary | None = None, types: DataTypeRegistry | None = None) -> Network:
        """The saved network; raises ValueError when the file cannot give one back."""
        if self.state is None:
            raise ValueError(self.error or "the recovery file holds no network")
        try:
            network = network_from_state(self.state, library=library, types=types)
        except StateError as error:
            raise ValueError(f"the recovered network is damaged: {error}") from None
        except RecursionError:
            raise ValueError("the recovered network is nested too deeply") from None
        version = self.state.get("__fastr_version__")
        network.fastr_version = version if isinstance(version, str) else None
        return network


def read_entry(path: Path) -> RecoveryEntry:
    """Read a recovery file; never raises (a broken file comes back with ``error`` set)."""
    entry = RecoveryEntry(Path(path))
    try:
        if path.stat().st_size > MAX_FILE_BYTES * 2:
            entry.error = "the recovery file is too big"
            return entry
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError) as error:
        entry.error = f"the recovery file cannot be read: {error}"
        return entry
    if not isinstance(data, dict) or data.get("format") != RECOVERY_FORMAT:
        entry.error = "not a fastr editor recovery file"
        return entry
    header, state, text = data.get("header"), data.get("state"), data.get(STATE_TEXT_KEY)
    entry.header = header if isinstance(header, dict) else {}
    if isinstance(text, str):
        try:
            state = parse_text(f"{path} (its network)", text, "yaml")
        except LoadError as error:
            entry.error = f"the recovery file cannot be read: {error}"
            return entry
    if isinstance(state, dict):
        entry.state = state
    else:
        entry.error = "the recovery file holds no network"
    return entry


def recovery_payload(document: Document, edited: float, session_id: str,
                     state: dict[str, Any] | None = None) -> dict[str, Any]:
    """The recovery file's content (a fresh dict: built on the UI thread, made text anywhere by
    :func:`recovery_text`); ``state``: the document's file state when the caller has just built
    it (a save's)."""
    root = document.root
    return {
        "format": RECOVERY_FORMAT,
        "version": RECOVERY_VERSION,
        "header": {
            "original_path": document.file_path,
            "original_mtime": document.file_mtime,
            "original_stamp": document.file_stamp.to_dict() if document.file_stamp is not None else None,
            "network_id": root.id,
            "nodes": node_count(root),
            "edited": edited,
            "editor_version": editor_version(),
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "session": session_id,
        },
        "state": file_state(root) if state is None else state,
    }


def recovery_text(payload: dict[str, Any]) -> str:
    """The text of a recovery file: ``payload`` as JSON, its state as the YAML text of a network
    file (see the module's doc). Raises what the writers raise (ValueError, RecursionError, ...)."""
    envelope = {key: value for key, value in payload.items() if key != "state"}
    envelope[STATE_TEXT_KEY] = dump_text(payload["state"], "yaml")
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":"))


# -- the session: one per editor process ---------------------------------------------------------
class RecoverySession:
    """The recovery folder as one editor process sees it: its own lock, and the orphans."""

    def __init__(self, folder: str | os.PathLike[str] | None = None, session_id: str | None = None) -> None:
        self.folder = Path(folder) if folder is not None else recovery_dir()
        self.session_id = session_id or uuid.uuid4().hex
        self._lock: QLockFile | None = None
        self._claims: dict[str, QLockFile] = {}
        self.locked = False

    def _lock_file(self, session_id: str) -> QLockFile:
        lock = QLockFile(str(self.folder / f"{session_id}.lock"))
        lock.setStaleLockTime(0)          # a lock is stale only when its process is gone
        return lock

    def start(self) -> bool:
        """Create the folder and take this session's lock; False when that is not possible
        (autosave then still writes, but another editor could take the files for orphans)."""
        if self._lock is not None:
            return self.locked
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        self._lock = self._lock_file(self.session_id)
        self.locked = self._lock.tryLock(0)
        return self.locked

    def new_path(self) -> Path:
        return self.folder / f"{uuid.uuid4().hex}.json"

    def owner_alive(self, session_id: str | None) -> bool:
        """True when the editor that wrote a file still runs (then its files are not orphans).
        Taking a dead session's lock keeps it until :meth:`release_claims`, so that two editors
        starting at once do not both offer the same files."""
        if session_id is None:
            return False
        if session_id == self.session_id:
            return True
        if session_id in self._claims:
            return False
        if not _safe_session_id(session_id):
            return False
        lock = self._lock_file(session_id)
        if lock.tryLock(0):
            self._claims[session_id] = lock
            return False
        return True

    def orphans(self) -> list[RecoveryEntry]:
        """Recovery files whose editor is gone, newest first."""
        self.start()
        try:
            paths = sorted(self.folder.glob("*.json"))
        except OSError:
            return []
        self._remove_stale_temps()
        found = []
        for path in paths:
            entry = read_entry(path)
            if entry.session == self.session_id or self.owner_alive(entry.session):
                continue
            found.append(entry)
        found.sort(key=lambda e: e.edited, reverse=True)
        return found

    def _remove_stale_temps(self) -> None:
        now = time.time()
        try:
            temps = list(self.folder.glob(".*.json.*.tmp"))
        except OSError:
            return
        for temp in temps:
            try:
                if now - temp.stat().st_mtime > STALE_TEMP_AGE:
                    temp.unlink()
            except OSError:
                pass

    def discard(self, entry: RecoveryEntry) -> None:
        try:
            entry.path.unlink()
        except FileNotFoundError:
            pass

    def release_claims(self) -> None:
        for lock in self._claims.values():
            lock.unlock()
        self._claims = {}

    def close(self) -> None:
        """The editor ends cleanly: let go of every lock (files still here become orphans)."""
        self.release_claims()
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
        self.locked = False


def _safe_session_id(value: str) -> bool:
    return 0 < len(value) <= 64 and all(c.isalnum() or c in "-_" for c in value)


_session: RecoverySession | None = None


def session() -> RecoverySession:
    """This process's recovery session (started on first use)."""
    global _session
    if _session is None:
        _session = RecoverySession()
        _session.start()
    return _session


def set_session(value: RecoverySession | None) -> None:
    """Replace the process session (tests, or a data dir that changed)."""
    global _session
    _session = value


# -- writing ------------------------------------------------------------------------------------
_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()


def _worker() -> ThreadPoolExecutor:
    """One background thread for every recovery write: jobs run in the order they were given."""
    global _executor
    with _executor_lock:
        if _executor is None:
            _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fastr-editor-recovery")
        return _executor


class Autosaver(QObject):
    """Keeps the recovery file of one document up to date."""

    written = Signal(str)     # the recovery file was written (its path)
    removed = Signal(str)     # the recovery file was removed (its path)
    failed = Signal(str)      # a write failed (why)

    def __init__(self, document: Document, recovery: RecoverySession | None = None, *,
                 delay_ms: int = AUTOSAVE_DELAY_MS, max_delay_s: float = AUTOSAVE_MAX_DELAY_S,
                 worker_threshold: int = LARGE_NETWORK_NODES, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else document)
        self.document = document
        self.recovery = recovery if recovery is not None else session()
        self.recovery.start()
        self.path = self.recovery.new_path()
        self.max_delay_s = max_delay_s
        self.worker_threshold = worker_threshold
        self.last_edit = time.time()
        self.last_error: str | None = None
        self._first_pending: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.write_now)
        # Continuous editing keeps restarting the timer above; this one is not restarted, so the
        # first unsaved edit is written max_delay_s later however busy the user is.
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.setInterval(max(0, int(max_delay_s * 1000)))
        self._deadline.timeout.connect(self.write_now)
        self._io = threading.Lock()
        self._seq = 0             # the newest job given out (UI thread)
        self._done = 0            # the newest job carried out (under _io)
        self._pending: Future[None] | None = None
        self._closed = False
        stack = document.undo_stack
        stack.indexChanged.connect(self._index_changed)
        stack.cleanChanged.connect(self._clean_changed)
        document.save_started.connect(self._save_started)

    # -- scheduling ---------------------------------------------------------------------------
    @property
    def scheduled(self) -> bool:
        return self._timer.isActive()

    @Slot(int)
    def _index_changed(self, _index: int) -> None:
        self._changed()

    @Slot(bool)
    def _clean_changed(self, _clean: bool) -> None:
        self._changed()

    def _changed(self) -> None:
        # While the document is being destroyed its stack still signals, after the Python side
        # of this object is gone (no attributes left): nothing to do then.
        if getattr(self, "_closed", True) or not shiboken6.isValid(self.document.undo_stack):
            return                # (or the stack's C++ side is gone first, at interpreter exit)
        if not self.document.is_modified:
            self.discard()
            return
        now = time.time()
        self.last_edit = now
        if self._first_pending is None:
            self._first_pending = now
            self._deadline.start()
        if now - self._first_pending >= self.max_delay_s:
            self.write_now()
        else:
            self._timer.start()

    @Slot(object)
    def _save_started(self, state: dict[str, Any]) -> None:
        """A save took the document's state: an edit not yet in the recovery file goes there now,
        from that very state (no second one built), so a kill during a long save loses nothing."""
        if self._closed or not (self._timer.isActive() or self._deadline.isActive()):
            return
        self.write_now(state)

    def write_now(self, state: dict[str, Any] | None = None) -> None:
        """Write the recovery file now (or remove it when the document is clean); ``state``: the
        document's file state as it is now, when the caller has it."""
        self._timer.stop()
        self._deadline.stop()
        self._first_pending = None
        if self._closed:
            return
        if not self.document.is_modified:
            self.discard()
            return
        payload = recovery_payload(self.document, self.last_edit, self.recovery.session_id, state)
        large = state is not None or payload["header"]["nodes"] > self.worker_threshold
        self._submit(lambda seq: self._write(seq, payload), background=large)

    def discard(self) -> None:
        """Remove the recovery file (the document is clean, or it was closed cleanly)."""
        self._timer.stop()
        self._deadline.stop()
        self._first_pending = None
        self._submit(self._remove, background=False)

    def close(self) -> None:
        """The document is going away cleanly: remove its file and stop listening."""
        if self._closed:
            return
        self.discard()
        self._closed = True
        stack = self.document.undo_stack
        for signal, slot in ((stack.indexChanged, self._index_changed),
                             (stack.cleanChanged, self._clean_changed)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        try:
            self.document.save_started.disconnect(self._save_started)
        except (RuntimeError, TypeError):
            pass

    def flush(self, timeout: float | None = 30.0) -> bool:
        """Carry out a scheduled write now and wait for background jobs; True when all done."""
        if self._timer.isActive():
            self.write_now()
        pending = self._pending
        if pending is None:
            return True
        try:
            pending.result(timeout)
        except Exception:  # noqa: BLE001 - failures are reported through ``failed``
            return pending.done()
        return True

    def _submit(self, job: Any, background: bool) -> None:
        self._seq += 1
        seq = self._seq
        busy = self._pending is not None and not self._pending.done()
        if background or busy:            # after a queued job, in order, never before it
            self._pending = _worker().submit(job, seq)
        else:
            job(seq)

    # -- jobs (any thread) --------------------------------------------------------------------
    def _write(self, seq: int, payload: dict[str, Any]) -> None:
        try:
            text = recovery_text(payload)
        except (TypeError, ValueError, RuntimeError, RecursionError, yaml.YAMLError) as error:
            self._report("failed", f"the network could not be written for recovery: {error}")
            return
        with self._io:
            if seq < self._done:
                return
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                atomic_write(self.path, text)
            except (OSError, SaveError) as error:
                self._report("failed", f"the recovery file could not be written: {error}")
                return
            self._done = seq
        self.last_error = None
        self._report("written", str(self.path))

    def _remove(self, seq: int) -> None:
        with self._io:
            if seq < self._done:
                return
            self._done = seq
            try:
                self.path.unlink()
            except FileNotFoundError:
                return
            except OSError as error:
                self._report("failed", f"the recovery file could not be removed: {error}")
                return
        self._report("removed", str(self.path))

    def _report(self, kind: str, text: str) -> None:
        if kind == "failed":
            self.last_error = text
        try:
            getattr(self, kind).emit(text)
        except RuntimeError:          # the autosaver is gone (its window closed meanwhile)
            pass
