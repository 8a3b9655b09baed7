"""Core layer: running a network with real fastr, in another Python (no Qt).

fastr 3.4.0 needs Python <= 3.11 and its own packages, so the editor never imports it. Instead:

* :func:`find_fastr_pythons` lists interpreters with fastr next to them, found by *looking*
  (:mod:`editor.core.run.find_fastr`): none is run. :func:`fastr_version` runs one, so call it only
  for an interpreter the user chose (:func:`editor.core.run.find_fastr.is_confirmed`).
* :func:`write_runner` writes the exported script (see :mod:`editor.core.export.python`) with a
  runner entry: it builds the network, listens to fastr's ``job_updated`` events
  (``fastr.helpers.events``: every job status change of every execution plugin goes through
  ``Job.status``, which emits one) and prints one line per change on stdout,
  ``FASTR-EDITOR-JOB {"node": "macro/inner", "sample": "s1", "folder": "s1", "status": "running",
  "job": ...}`` (``node`` is the path of node ids through macros; ``folder`` the job's folder in
  the run directory, ``s1_0`` for a sink's first value),
  and ``FASTR-EDITOR-RUN {...}`` lines when the run starts, finishes or cannot start.
* :func:`run_script` starts it and hands each line to callbacks (events parsed, fastr's own log
  lines as they are); :mod:`editor.core.run.rundir` reads the run directory afterwards.

Source data: ``{source_id: [values]}`` or ``{source_id: {sample_id: value or tuple}}`` (a tuple is
one sample with several values); sink data: ``{sink_id: template}`` with ``{sample_id}``,
``{cardinality}``, ``{ext}``. Re-running with the same ``tmpdir`` resumes: fastr reuses finished jobs.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from editor.core.export.python import export_python
from editor.core.export.python_parts import py_literal
from editor.core.io.files import atomic_write

if TYPE_CHECKING:
    from editor.core.graph.network import Network

__all__ = ["find_fastr_pythons", "fastr_version", "write_runner", "runner_text", "run_script",
           "RunnerEvent", "parse_event", "parse_source_args", "parse_sink_args", "EVENT_PREFIX"]

ENV_VAR = "FASTR_EDITOR_PYTHON"
EVENT_PREFIX = "FASTR-EDITOR-"
_VERSION_MARK = "FASTR-EDITOR-VERSION "


def fastr_version(python: str, timeout: float = 60) -> str | None:
    """The fastr version that ``python`` imports, or None (no fastr, not runnable, too slow).
    This *runs* ``python``: only for an interpreter the user chose."""
    code = ("import contextlib, sys\nwith contextlib.redirect_stdout(sys.stderr):\n    import fastr\n"
            f"print({_VERSION_MARK!r} + fastr.version.version)\n")
    try:
        proc = subprocess.run([python, "-c", code], capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL, env=runner_env())
    except (OSError, subprocess.SubprocessError):
        return None
    for line in proc.stdout.splitlines():
        if proc.returncode == 0 and line.startswith(_VERSION_MARK):
            return line[len(_VERSION_MARK):].strip()
    return None


def find_fastr_pythons(timeout: float = 60) -> list[str]:  # noqa: ARG001 - kept for callers
    """Interpreters with fastr next to them: ``$FASTR_EDITOR_PYTHON`` first, then ``python3.11``
    and ``python3`` on PATH, then virtual environments in the home folder. None of them is run."""
    from editor.core.run.find_fastr import find_fastr_installs
    return [install.python for install in find_fastr_installs()]


# -- writing a runner ---------------------------------------------------------------------
_RUNNER_ENTRY = '''\
def report(kind, **fields):
    """One machine-readable line for fastr-editor: FASTR-EDITOR-<KIND> <json>."""
    with _REPORT_LOCK:
        sys.stdout.write(f'FASTR-EDITOR-{kind} ' + json.dumps(fields) + '\\n')
        sys.stdout.flush()


_CANCEL = {}


def _on_term(signum, frame):
    """SIGTERM (the editor's Cancel) as fastr's own SIGINT: the run stops and the execution
    plugin's cleanup cancels the jobs still queued (scancel for SlurmExecution)."""
    _CANCEL['asked'] = True
    handler = signal.getsignal(signal.SIGINT)
    if callable(handler) and handler is not signal.default_int_handler:
        handler(signal.SIGINT, frame)
    else:
        raise KeyboardInterrupt


def check_cluster(plugin):
    """Refuse to start when the cluster behind ``plugin`` does not answer (one clear message)."""
    if plugin != 'SlurmExecution':
        return None
    import shutil
    import subprocess
    if shutil.which('sbatch') is None or shutil.which('scontrol') is None:
        return 'Slurm is not installed here: sbatch and scontrol are not on PATH'
    try:
        proc = subprocess.run(['scontrol', 'ping'], capture_output=True, text=True, timeout=60,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return 'Slurm is not reachable: scontrol ping did not answer within 60 s'
    text = ' '.join((proc.stdout + ' ' + proc.stderr).split())
    if proc.returncode != 0 or ' is UP' not in text:
        return f'Slurm is not reachable: scontrol ping says: {text or "nothing"}'
    return None


_SLURM_ALIVE = ('PENDING', 'RUNNING', 'CONFIGURING', 'SUSPENDED', 'REQUEUED', 'REQUEUE_HOLD',
                'REQUEUE_FED', 'RESIZING', 'SIGNALING', 'STAGE_OUT')


def _slurm_jobs_under(folder):
    """Ids of this user's live Slurm jobs whose output file lies under ``folder``."""
    import subprocess
    try:
        proc = subprocess.run(['scontrol', 'show', 'job', '--oneliner'], capture_output=True, text=True,
                              timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return []
    prefix, uid, found = folder.rstrip('/') + '/', f'({os.getuid()})', []
    for line in proc.stdout.splitlines():
        fields = dict(part.partition('=')[::2] for part in line.split() if '=' in part)
        if (fields.get('JobState') in _SLURM_ALIVE and fields.get('UserId', '').endswith(uid)
                and fields.get('StdOut', '').startswith(prefix) and fields.get('JobId')):
            found.append(fields['JobId'])
    return found


def cancel_lost_slurm_jobs(folder):
    """After a cancelled Slurm run: the jobs Slurm still holds for it. fastr's cleanup cancels the
    jobs in its tables, but a job whose sbatch was under way while it cleaned up (a thread of the
    plugin, or an sbatch stopped by the signal after the controller took the job) is in none of
    them and would wait in the queue for ever. They are found by their output file, which fastr
    puts in the run's folder, once fastr's threads have ended, and cancelled."""
    import subprocess
    import time
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and thread is not threading.main_thread():
            thread.join(timeout=10)
    cancelled = []
    for attempt in range(3):
        jobs = [job for job in _slurm_jobs_under(folder) if job not in cancelled]
        if jobs:
            subprocess.run(['scancel', *jobs], capture_output=True, timeout=60, stdin=subprocess.DEVNULL)
            cancelled.extend(jobs)
        elif attempt:
            break
        time.sleep(1)
    if cancelled:
        print('fastr-editor: cancelled Slurm jobs of this run that fastr had lost track of: '
              + ', '.join(cancelled), flush=True)
    return cancelled


def run_for_editor():
    """Build the network, report every job status change, run it; exit 0 when all went well."""
    import fastr
    from fastr.helpers.events import EventType, register_listener

    signal.signal(signal.SIGTERM, _on_term)
    plugin = EXECUTION_PLUGIN or fastr.config.execution_plugin
    problem = check_cluster(plugin)
    if problem:
        report('RUN', event='error', message=problem)
        return 2

    top = {}

    def on_run(run):
        if 'url' not in top:
            top['url'] = str(run.tmpurl).rstrip('/')
            top['tmpdir'] = str(run.tmpdir)
            report('RUN', event='started', tmpdir=str(run.tmpdir), network=run.network_id)

    def on_job(job):
        url, node = str(job.tmpurl).rstrip('/'), str(job.node_id)
        if top.get('url') and url.startswith(top['url'] + '/'):
            node = url[len(top['url']) + 1:].rpartition('/')[0] or node
        report('JOB', node=node, sample=str(job.sample_id), folder=url.rpartition('/')[2],
               status=job.status.name, job=str(job.id))

    register_listener(EventType.run_started, on_run)
    register_listener(EventType.job_updated, on_job)
    for path in SINK_FOLDERS:
        os.makedirs(path, exist_ok=True)
    try:
        report('RUN', event='plugin', plugin=plugin)
        network = create_network()
        run = network.execute(SOURCE_DATA, SINK_DATA, tmpdir=TMPDIR, execution_plugin=EXECUTION_PLUGIN)
    except KeyboardInterrupt:
        _CANCEL['asked'] = True
        report('RUN', event='error', message='cancelled before fastr started the run')
        return 2
    except Exception as error:
        report('RUN', event='error', message=f'{type(error).__name__}: {error}')
        return 2
    finally:
        if _CANCEL.get('asked') and plugin == 'SlurmExecution' and top.get('tmpdir'):
            cancel_lost_slurm_jobs(top['tmpdir'])
    if run is None:
        parent = network.parent
        messages = [m for x in [*parent.nodelist.values(), *parent.linklist.values()]
                    for m in x.status.get('messages', [])]
        report('RUN', event='invalid', messages=messages)
        return 1
    report('RUN', event='finished', ok=bool(run), tmpdir=str(run.tmpdir))
    return 0 if run else 1


if __name__ == '__main__':
    sys.exit(run_for_editor())
'''


def _sink_folders(sink_data: Any) -> list[str]:
    """Folders to create for ``file://`` sink templates (fastr's file plugin does not)."""
    templates = [sink_data] if isinstance(sink_data, str) else list(dict(sink_data).values())
    folders = []
    for template in templates:
        if isinstance(template, str) and template.startswith("file://"):
            static = template[len("file://"):].split("{", 1)[0]
            folder = static if static.endswith("/") else os.path.dirname(static)
            folder = os.path.normpath(folder) if folder else ""
            if folder and folder not in folders:
                folders.append(folder)
    return folders


def runner_text(network: Network, source_data: Mapping[str, Any], sink_data: Mapping[str, str] | str,
                tmpdir: str | None = None, execution_plugin: str | None = None) -> str:
    """The runner script: the exported network plus an entry that runs it and reports jobs.
    ``execution_plugin`` None: the one of fastr's configuration."""
    settings = "\n".join([
        "import os",
        "import signal",
        "import threading",
        "",
        "_REPORT_LOCK = threading.Lock()",
        f"SOURCE_DATA = {py_literal(_plain_data(source_data))}",
        f"SINK_DATA = {py_literal(sink_data if isinstance(sink_data, str) else dict(sink_data))}",
        f"SINK_FOLDERS = {py_literal(_sink_folders(sink_data))}",
        f"TMPDIR = {py_literal(None if tmpdir is None else os.fspath(tmpdir))}",
        f"EXECUTION_PLUGIN = {py_literal(execution_plugin)}",
        "",
        "",
    ])
    return export_python(network, entry=settings + _RUNNER_ENTRY)


def _plain_data(source_data: Mapping[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in source_data.items():
        if isinstance(value, Mapping):
            value = dict(value)
        result[str(key)] = value
    return result


def write_runner(network: Network, path: str | os.PathLike[str], source_data: Mapping[str, Any],
                 sink_data: Mapping[str, str] | str, tmpdir: str | os.PathLike[str] | None = None,
                 execution_plugin: str | None = None) -> Path:
    """Write the runner script to ``path`` (atomically) and return its path."""
    text = runner_text(network, source_data, sink_data, None if tmpdir is None else os.fspath(tmpdir),
                       execution_plugin)
    atomic_write(path, text)
    return Path(path)


# -- running and listening ----------------------------------------------------------------
@dataclass(frozen=True)
class RunnerEvent:
    """A ``FASTR-EDITOR-JOB`` or ``FASTR-EDITOR-RUN`` line: ``kind`` is 'JOB' or 'RUN'."""
    kind: str
    data: dict[str, Any] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


def parse_event(line: str) -> RunnerEvent | None:
    """The event on a runner's output line, or None for any other line."""
    if not line.startswith(EVENT_PREFIX):
        return None
    kind, _, payload = line[len(EVENT_PREFIX):].partition(" ")
    try:
        data = json.loads(payload)
    except ValueError:
        return None
    return RunnerEvent(kind, data) if isinstance(data, dict) and kind in ("JOB", "RUN") else None


def runner_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for the fastr Python: ours without this Python's own settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env.update(PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
    env.update(extra or {})
    return env


def run_script(python: str, script: str | os.PathLike[str], on_event: Callable[[RunnerEvent], None] | None = None,
               on_output: Callable[[str], None] | None = None, env: Mapping[str, str] | None = None,
               cwd: str | os.PathLike[str] | None = None) -> int:
    """Run a runner script with ``python`` until it ends; returns its exit code."""
    with subprocess.Popen([python, "-u", os.fspath(script)], stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                          encoding="utf-8", errors="replace", env=runner_env(env),
                          cwd=cwd) as proc:
        assert proc.stdout is not None
        try:
            for raw in proc.stdout:
                line = raw.rstrip("\n")
                event = parse_event(line)
                if event is not None:
                    if on_event is not None:
                        on_event(event)
                elif on_output is not None:
                    on_output(line)
        except BaseException:             # Ctrl+C (or an error here): fastr must not run on alone
            _cancel(proc)
            raise
        return proc.wait()


CANCEL_GRACE = 120.0   # seconds fastr gets to cancel its queued jobs (scancel) before it is killed


def _cancel(proc: subprocess.Popen[str]) -> None:
    """Stop a runner as the window's Cancel does: SIGTERM, which the runner turns into fastr's own
    interrupt, so the execution plugin cancels the jobs it queued (a cluster keeps them otherwise);
    killed when it does not end within :data:`CANCEL_GRACE` or on a second Ctrl+C."""
    if proc.poll() is not None:
        return
    try:
        proc.terminate()
        proc.communicate(timeout=CANCEL_GRACE)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        proc.kill()
        proc.wait()


# -- data from the command line -------------------------------------------------------------
def parse_source_args(items: Iterable[str]) -> dict[str, dict[str, Any]]:
    """``ID=VALUE`` (a new sample id_0, id_1, ...) or ``ID@SAMPLE=VALUE`` (the same ``ID@SAMPLE``
    twice: one sample with two values) into fastr source data. ValueError on a bad item."""
    samples: dict[str, dict[str, list[str]]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        source_id, _, sample = key.partition("@")
        if not sep or not source_id:
            raise ValueError(f"--source {item!r}: write ID=VALUE or ID@SAMPLE=VALUE")
        per_source = samples.setdefault(source_id, {})
        per_source.setdefault(sample or f"id_{len(per_source)}", []).append(value)
    return {source: {k: v[0] if len(v) == 1 else tuple(v) for k, v in per.items()}
            for source, per in samples.items()}


def parse_sink_args(items: Iterable[str], sink_ids: Iterable[str]) -> dict[str, str]:
    """``ID=TEMPLATE`` for one sink, or a TEMPLATE alone for every sink. Plain paths become
    ``file://`` URLs (absolute)."""
    sinks = list(sink_ids)
    result: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if sep and key in sinks:
            result[key] = _as_url(value)
        else:
            result.update((k, _as_url(item)) for k in sinks)
    return result


def _as_url(template: str) -> str:
    if "://" in template:
        return template
    return "file://" + os.path.abspath(os.path.expanduser(template))
