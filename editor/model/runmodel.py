"""Model layer: RunSession, one run of a network with real fastr, in another process.

fastr never runs inside the editor: the session writes the runner script
(:func:`editor.core.run.runner.write_runner`) into the run directory and starts it with the chosen
fastr Python in a :class:`QProcess` (a new session, so :meth:`RunSession.cancel` can stop the whole
process group: fastr and the tools it started). It reads the runner's ``FASTR-EDITOR-JOB`` and
``FASTR-EDITOR-RUN`` lines as they come (partial lines are kept until their end arrives), keeps one
state per job and per-node counts by state, and tells listeners:

* ``job_changed(node_path, sample, state)`` when a job's state (``queued``, ``running``,
  ``finished``, ``failed``, ``cancelled``) changed,
* ``states_changed()`` once per chunk of output that changed anything (listeners redraw then),
* ``log_line(str)`` for fastr's own output and a few lines of ours, ``started(tmpdir)``,
  ``finished(ok)``.

Also here: what a run needs (:class:`RunRequest`), where runs are kept (:func:`default_tmpdir`:
one folder per network, so running again resumes), and the per-network memory of the run dialog
(:class:`RunSettings`).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QProcess, QProcessEnvironment, QSettings, QStandardPaths, QTimer, Signal

from editor.core.run.runner import parse_event, runner_env, write_runner

if TYPE_CHECKING:
    from editor.core.graph.network import Network
    from editor.core.run.rundir import RunResult

__all__ = ["STATES", "STATE_COLORS", "STATE_SYMBOLS", "state_of", "aggregate_state", "format_counts",
           "counts_from_result", "RunRequest", "RunSession", "RunSettings", "default_tmpdir",
           "source_data_from_rows", "sink_url", "RUNNER_NAME"]

STATES = ("queued", "running", "finished", "failed", "cancelled")
STATE_COLORS = {"queued": "#9aa0a6", "running": "#1e88e5", "finished": "#2e9d48", "failed": "#d93025",
                "cancelled": "#e8870e"}
STATE_SYMBOLS = {"queued": "…", "running": "▶", "finished": "✓", "failed": "✗", "cancelled": "⊘"}
_STATE_OF = {"nonexistent": "queued", "created": "queued", "queued": "queued", "hold": "queued",
             "running": "running", "execution_done": "running", "execution_failed": "running",
             "execution_skipped": "running", "processing_callback": "running", "finished": "finished",
             "failed": "failed", "cancelled": "cancelled", "unknown": "queued"}
RUNNER_NAME = "__fastr_editor_runner__.py"
SETTINGS_DIR_ENV = "FASTR_EDITOR_SETTINGS_DIR"     # the same sandbox as editor.app.settings


def state_of(status: str) -> str:
    """The editor's state (one of STATES) for a fastr job status name (``JobState``)."""
    return _STATE_OF.get(status, "failed" if "fail" in status else "queued")


def aggregate_state(counts: Mapping[str, int]) -> str | None:
    """One state for a node from its jobs' counts: failed beats running beats queued beats
    cancelled; ``finished`` only when every job finished; None without jobs."""
    for state in ("failed", "running", "queued", "cancelled", "finished"):
        if counts.get(state):
            if state == "queued" and counts.get("finished"):
                return "running"                 # some done, others waiting: in progress
            return state
    return None


def format_counts(counts: Mapping[str, int]) -> str:
    """``"3✓ 1✗"``: the non-zero counts with their state symbols, in STATES order."""
    return " ".join(f"{counts[s]}{STATE_SYMBOLS[s]}" for s in ("finished", "failed", "cancelled", "running", "queued")
                    if counts.get(s))


def counts_from_result(result: RunResult) -> dict[str, dict[str, int]]:
    """Per node path, the jobs of a read run directory counted by state."""
    counts: dict[str, dict[str, int]] = {}
    for job in result.jobs:
        state = "failed" if job.failed and job.status != "cancelled" else state_of(job.status)
        per_node = counts.setdefault(job.node, {})
        per_node[state] = per_node.get(state, 0) + 1
    return counts


def counts_under(counts: Mapping[str, Mapping[str, int]], node_path: str) -> dict[str, int]:
    """The counts of ``node_path`` plus those of every node inside it (a macro's inner jobs)."""
    total: dict[str, int] = {}
    prefix = node_path + "/"
    for path, per_node in counts.items():
        if path == node_path or path.startswith(prefix):
            for state, n in per_node.items():
                total[state] = total.get(state, 0) + n
    return total


# -- what a run needs -----------------------------------------------------------------------------
@dataclass
class RunRequest:
    """Everything needed to start a run (the network aside)."""
    python: str
    source_data: dict[str, Any]
    sink_data: dict[str, str]
    tmpdir: str
    execution_plugin: str | None = None        # None: the one of fastr's configuration
    env: dict[str, str] = field(default_factory=dict)


def source_data_from_rows(rows: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """Table rows ``(sample id, value)`` as fastr source data ``{sample_id: value or tuple}``:
    rows with the same sample id make one sample with several values (cardinality > 1); an empty
    sample id gets the next free ``id_N``; rows without a value are skipped."""
    samples: dict[str, list[str]] = {}
    for sample, value in rows:
        sample, value = (sample or "").strip(), (value or "").strip()
        if not value:
            continue
        if not sample:
            n = len(samples)
            while f"id_{n}" in samples:
                n += 1
            sample = f"id_{n}"
        samples.setdefault(sample, []).append(value)
    return {k: v[0] if len(v) == 1 else tuple(v) for k, v in samples.items()}


def sink_url(template: str) -> str:
    """A sink template as a URL: ``vfs://``, ``file://`` and other URLs as they are, a plain path as
    an absolute ``file://`` URL."""
    template = template.strip()
    if "://" in template:
        return template
    return "file://" + os.path.abspath(os.path.expanduser(template))


def _network_hash(file_path: str | None, network_id: str) -> str:
    text = os.path.abspath(file_path) if file_path else f"unsaved:{network_id}"
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


def default_tmpdir(file_path: str | None, network_id: str, beside: bool = False) -> str:
    """The run directory kept for a network: ``<file>.fastr-run`` next to the network file
    (``beside``) or ``~/.cache/fastr-editor/runs/<id>-<hash of the file path>``. Running again in
    the same folder resumes: fastr reuses the jobs that finished."""
    if beside and file_path:
        path = Path(os.path.abspath(file_path))
        return str(path.with_name(path.stem + ".fastr-run"))
    cache = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericCacheLocation)
    cache = cache or os.path.join(os.path.expanduser("~"), ".cache")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", network_id) or "network"
    return os.path.join(cache, "fastr-editor", "runs", f"{safe}-{_network_hash(file_path, network_id)}")


class RunSettings:
    """The run dialog's values remembered per network (keyed by its file path, or its id while
    unsaved), as JSON text in QSettings, plus the last fastr Python used for any network."""

    GROUP = "run"

    def __init__(self, qsettings: QSettings | None = None) -> None:
        if qsettings is None:
            folder = os.environ.get(SETTINGS_DIR_ENV)
            if folder:
                os.makedirs(folder, exist_ok=True)
                qsettings = QSettings(os.path.join(folder, "fastr-editor.ini"), QSettings.Format.IniFormat)
            else:
                qsettings = QSettings("fastr-editor", "fastr-editor")
        self.qsettings = qsettings

    def _key(self, file_path: str | None, network_id: str) -> str:
        return f"{self.GROUP}/network_{_network_hash(file_path, network_id)}"

    def load(self, file_path: str | None, network_id: str) -> dict[str, Any]:
        raw = self.qsettings.value(self._key(file_path, network_id), "")
        try:
            data = json.loads(raw) if isinstance(raw, str) and raw else {}
        except ValueError:
            data = {}
        return data if isinstance(data, dict) else {}

    def save(self, file_path: str | None, network_id: str, data: Mapping[str, Any]) -> None:
        self.qsettings.setValue(self._key(file_path, network_id), json.dumps(dict(data), sort_keys=True))
        if data.get("python"):
            self.qsettings.setValue(f"{self.GROUP}/last_python", str(data["python"]))
        self.qsettings.sync()

    def last_python(self) -> str:
        value = self.qsettings.value(f"{self.GROUP}/last_python", "")
        return value if isinstance(value, str) else ""


# -- the session ----------------------------------------------------------------------------------
def _kill_leftover_group(group: dict[str, int], *_args: object) -> None:
    if os.name == "posix" and group.get("pid", 0) > 0:
        try:
            os.killpg(group["pid"], signal.SIGKILL)
        except OSError:
            pass
        group["pid"] = 0


@dataclass
class JobInfo:
    """The last known state of one job (a node's sample; a sink has one job per value)."""
    node: str
    sample: str
    folder: str
    status: str          # fastr's JobState name
    state: str           # one of STATES


class RunSession(QObject):
    """One fastr run at a time, in a QProcess; see the module docstring."""

    job_changed = Signal(str, str, str)        # node path, sample, state
    log_line = Signal(str)
    states_changed = Signal()
    started = Signal(str)                      # the run directory
    finished = Signal(bool)                    # ok: every sink sample valid, exit code 0

    def __init__(self, parent: QObject | None = None, *, grace_ms: int = 10000) -> None:
        super().__init__(parent)
        self.grace_ms = grace_ms
        self.request: RunRequest | None = None
        self.tmpdir: str | None = None
        self.jobs: dict[tuple[str, str], JobInfo] = {}
        self.node_counts: dict[str, dict[str, int]] = {}
        self.messages: list[str] = []          # why fastr refused or failed to start
        self.exit_code: int | None = None
        self.ok: bool | None = None            # None while running or before the first run
        self.cancelled = False
        self.plugin = ""                       # the execution plugin fastr used
        self._run_event: dict[str, Any] = {}
        self._process: QProcess | None = None
        self._pid = 0
        self._buffers = {"out": b"", "err": b""}
        self._changed = False
        self._kill_timer = QTimer(self)
        self._kill_timer.setSingleShot(True)
        self._kill_timer.timeout.connect(self._kill_group)
        # Deleted while running (its window closed): kill the whole group, not only fastr.
        self._group = {"pid": 0}
        self.destroyed.connect(partial(_kill_leftover_group, self._group))

    # -- state ----------------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._process is not None

    def totals(self) -> dict[str, int]:
        total = {s: 0 for s in STATES}
        for job in self.jobs.values():
            total[job.state] += 1
        return total

    def counts_under(self, node_path: str) -> dict[str, int]:
        return counts_under(self.node_counts, node_path)

    def jobs_of(self, node_path: str) -> list[JobInfo]:
        return [j for j in self.jobs.values() if j.node == node_path]

    # -- starting -------------------------------------------------------------------------------
    def start(self, network: Network, request: RunRequest) -> Path:
        """Write the runner into ``request.tmpdir`` and start it; returns the script's path.
        Starting again with the same run directory resumes the run."""
        if self.running:
            raise RuntimeError("a run is still going: cancel it first")
        os.makedirs(request.tmpdir, exist_ok=True)
        script = write_runner(network, Path(request.tmpdir) / RUNNER_NAME, request.source_data,
                              request.sink_data, request.tmpdir, request.execution_plugin)
        self.request = request
        self.start_command(request.python, ["-u", str(script)], env=runner_env(request.env), cwd=request.tmpdir)
        self.tmpdir = request.tmpdir
        return script

    def start_command(self, program: str, arguments: list[str], env: Mapping[str, str] | None = None,
                      cwd: str | None = None) -> None:
        """Start any command whose stdout carries FASTR-EDITOR lines (the runner, or a test's fake)."""
        if self.running:
            raise RuntimeError("a run is still going: cancel it first")
        self._reset()
        process = QProcess(self)
        process.setProgram(program)
        process.setArguments(list(arguments))
        if env is not None:
            environment = QProcessEnvironment()
            for key, value in env.items():
                environment.insert(key, value)
            process.setProcessEnvironment(environment)
        if cwd:
            process.setWorkingDirectory(cwd)
        process.setStandardInputFile(QProcess.nullDevice())
        if hasattr(QProcess, "UnixProcessFlag") and os.name == "posix":
            process.setUnixProcessParameters(QProcess.UnixProcessFlag.CreateNewSession)
        process.readyReadStandardOutput.connect(self._read_stdout)
        process.readyReadStandardError.connect(self._read_stderr)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        process.started.connect(self._on_started)
        self._process = process
        self.states_changed.emit()
        self.log_line.emit(f"$ {program} {' '.join(arguments)}")
        process.start()

    def _reset(self) -> None:
        self.jobs, self.node_counts, self.messages = {}, {}, []
        self.exit_code, self.ok, self.cancelled, self.tmpdir = None, None, False, None
        self._run_event = {}
        self._buffers = {"out": b"", "err": b""}

    def _on_started(self) -> None:
        if self._process is not None:
            self._pid = self._group["pid"] = int(self._process.processId())

    # -- stopping -------------------------------------------------------------------------------
    def cancel(self) -> None:
        """Stop the run: SIGTERM to its process group, SIGKILL after ``grace_ms`` if still there."""
        if not self.running:
            return
        self.cancelled = True
        self.log_line.emit("Cancelling the run…")
        if not self._signal_group(signal.SIGTERM) and self._process is not None:
            self._process.terminate()
        self._kill_timer.start(self.grace_ms)

    def kill(self, wait_ms: int = 2000) -> None:
        """Stop the run now (the editor is closing)."""
        if not self.running:
            return
        self.cancelled = True
        process = self._process
        if not self._signal_group(signal.SIGKILL) and process is not None:
            process.kill()
        if process is not None:
            process.waitForFinished(wait_ms)

    def _signal_group(self, sig: int) -> bool:
        if os.name != "posix" or self._pid <= 0:
            return False
        try:
            os.killpg(self._pid, sig)
        except ProcessLookupError:
            return True                        # nothing left in the group
        except OSError:
            return False
        return True

    def _kill_group(self) -> None:
        if self._signal_group(signal.SIGKILL):
            return
        if self._process is not None:
            self._process.kill()

    # -- reading --------------------------------------------------------------------------------
    def _read_stdout(self) -> None:
        if self._process is not None:
            self._feed("out", bytes(self._process.readAllStandardOutput().data()))

    def _read_stderr(self) -> None:
        if self._process is not None:
            self._feed("err", bytes(self._process.readAllStandardError().data()))

    def _feed(self, channel: str, data: bytes, final: bool = False) -> None:
        lines = (self._buffers[channel] + data).split(b"\n")
        self._buffers[channel] = b"" if final else lines.pop()
        for raw in lines:
            if raw or not final:
                self._handle_line(raw.decode("utf-8", "replace").rstrip("\r"), channel)
        if self._changed:
            self._changed = False
            self.states_changed.emit()

    def _handle_line(self, line: str, channel: str) -> None:
        event = parse_event(line) if channel == "out" else None
        if event is None:
            self.log_line.emit(line)
        elif event.kind == "JOB":
            self._on_job(event.data)
        else:
            self._on_run(event.data)

    def _on_job(self, data: Mapping[str, Any]) -> None:
        node, sample = str(data.get("node", "")), str(data.get("sample", ""))
        folder, status = str(data.get("folder") or sample), str(data.get("status", "unknown"))
        self._set_job(node, sample, folder, status, state_of(status))

    def _set_job(self, node: str, sample: str, folder: str, status: str, state: str) -> None:
        job = self.jobs.get((node, folder))
        old = job.state if job is not None else None
        if job is None:
            job = self.jobs[(node, folder)] = JobInfo(node, sample, folder, status, state)
        job.status, job.state = status, state
        if old == state:
            return
        counts = self.node_counts.setdefault(node, {})
        if old is not None:
            counts[old] -= 1
            if not counts[old]:
                del counts[old]
        counts[state] = counts.get(state, 0) + 1
        self._changed = True
        if state != "queued":
            self.log_line.emit(f"[{state}] {node} {sample}" + (f" ({folder})" if folder != sample else ""))
        self.job_changed.emit(node, sample, state)

    def _on_run(self, data: Mapping[str, Any]) -> None:
        kind = data.get("event")
        if kind == "plugin":
            self.plugin = str(data.get("plugin") or "")
            self.log_line.emit(f"Execution plugin: {self.plugin}")
            return
        self._run_event = dict(data)
        if kind == "started":
            self.tmpdir = str(data.get("tmpdir") or self.tmpdir or "")
            self.log_line.emit(f"Run started in {self.tmpdir}")
            self.started.emit(self.tmpdir)
        elif kind in ("invalid", "error"):
            messages = data.get("messages") or [data.get("message", "")]
            self.messages.extend(str(m) for m in messages)
            for message in messages:
                self.log_line.emit(f"fastr: {message}")
        elif kind == "finished":
            self.tmpdir = str(data.get("tmpdir") or self.tmpdir or "")

    def _on_finished(self, exit_code: int, exit_status: QProcess.ExitStatus) -> None:
        process = self._process
        if process is None:
            return
        self._feed("out", bytes(process.readAllStandardOutput().data()), final=True)
        self._feed("err", bytes(process.readAllStandardError().data()), final=True)
        crashed = exit_status != QProcess.ExitStatus.NormalExit
        self.exit_code = None if crashed else int(exit_code)
        self._end(crashed)

    def _on_error(self, error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart and self._process is not None:
            message = f"Cannot start {self._process.program()}: {self._process.errorString()}"
            self.messages.append(message)
            self.log_line.emit(message)
            self._end(True)

    def _end(self, crashed: bool) -> None:
        process, self._process = self._process, None
        if self.cancelled:
            self._signal_group(signal.SIGKILL)              # tools that ignored SIGTERM
        self._kill_timer.stop()
        self._pid = self._group["pid"] = 0
        for job in list(self.jobs.values()):                 # never reached an end: stopped
            if job.state in ("queued", "running"):
                self._set_job(job.node, job.sample, job.folder, "cancelled", "cancelled")
        finished = self._run_event.get("event") == "finished"
        self.ok = bool(finished and self._run_event.get("ok") and self.exit_code == 0 and not self.cancelled)
        if self.cancelled:
            self.log_line.emit("Run cancelled.")
        elif self.ok:
            self.log_line.emit("Run finished: every sink sample is valid.")
        elif finished:
            self.log_line.emit("Run finished with failures.")
        elif not crashed or self.exit_code is not None:
            self.log_line.emit(f"fastr stopped (exit code {self.exit_code}).")
        else:
            self.log_line.emit("fastr stopped.")
        self._changed = False
        self.states_changed.emit()
        if process is not None:
            process.deleteLater()
        self.finished.emit(self.ok)
