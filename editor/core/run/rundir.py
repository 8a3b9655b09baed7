"""Core layer: reading a fastr run directory, as ``fastr trace`` does (no Qt, no fastr needed).

A run directory (the ``tmpdir`` of ``network.execute``) holds ``__fastr_network__.json``,
``__sink_data__.json`` (per sink and sample: status and errors) and one folder per job:
``<node>/<sample>/`` (inside macros ``<macro>/<node>/<sample>/``) with ``__fastr_result__.yaml``
(the job: status history, errors, output data), ``__fastr_extra_job_info__.yaml`` (JSON despite
its name: the command, its stdout and stderr, the return code) and fastr's own log of the job in
``__fastr_stdout__.txt`` / ``__fastr_stderr__.txt``. Sources and constants run inside fastr and
leave only a ``result`` folder.

YAML is read with a safe loader that turns any tag (``!!python/tuple``, ``!foo``) into plain data;
nothing in a run directory is ever executed.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from editor.core.errors import LoadError
from editor.core.text.yamlsafe import check_yaml, needs_yaml_check

__all__ = ["RunJob", "SinkSample", "RunResult", "read_run_dir", "load_plain_yaml", "RunDirError"]

RESULT_FILE = "__fastr_result__.yaml"
COMMAND_FILE = "__fastr_command__.yaml"
INFO_FILE = "__fastr_extra_job_info__.yaml"
SINK_FILE = "__sink_data__.json"
NETWORK_FILE = "__fastr_network__.json"
MAX_FILE_BYTES = 64 * 1024 * 1024
FAILED = ("failed", "execution_failed", "cancelled")
_FINAL = {"execution_done": "finished", "execution_failed": "failed"}   # the last state on disk


class RunDirError(ValueError):
    """A folder that is not a fastr run directory."""


class _PlainLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """A safe loader that reads unknown tags as the plain mapping, list or string they tag."""


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_hashable(x) for x in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _hashable(v)) for k, v in value.items()))
    return value


def _plain(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return {_hashable(k): v for k, v in loader.construct_pairs(node, deep=True)}
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    assert isinstance(node, yaml.ScalarNode)
    return loader.construct_scalar(node)


_PlainLoader.add_multi_constructor("", _plain)


def load_plain_yaml(text: str) -> Any:
    """YAML (or JSON) as plain data; tags are ignored, never executed; bombs are refused."""
    if needs_yaml_check(text):
        try:
            check_yaml("run file", text)
        except LoadError as exc:
            raise yaml.YAMLError(exc.reason) from None
    return yaml.load(text, Loader=_PlainLoader)  # noqa: S506 - a safe loader with plain tags


def _read(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None


def _load(path: Path) -> Any:
    text = _read(path)
    if text is None:
        return None
    try:
        return json.loads(text) if path.suffix == ".json" or text.lstrip().startswith("{") else load_plain_yaml(text)
    except (ValueError, yaml.YAMLError):
        try:
            return load_plain_yaml(text)
        except yaml.YAMLError:
            return None


@dataclass
class RunJob:
    """One job: a node (``a/b`` inside macro ``a``) and sample, with what ``fastr trace`` shows."""
    node: str
    sample: str
    status: str                       # finished, failed, cancelled, running, queued, hold, ...
    path: str                         # the job's folder
    node_id: str = ""
    network_id: str = ""
    statuses: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    command: list[str] | None = None
    return_code: int | None = None
    stdout: str | None = None         # of the tool's command
    stderr: str | None = None
    log: str | None = None            # fastr's own log of the job (__fastr_stdout__/__fastr_stderr__)
    output_data: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.status in FAILED or bool(self.errors)

    @property
    def command_line(self) -> str:
        import shlex
        return " ".join(shlex.quote(str(x)) for x in self.command or [])


@dataclass
class SinkSample:
    """A sink's result for one sample (from ``__sink_data__.json``)."""
    sink: str
    sample: str
    status: str                       # finished, failed, cancelled (fastr's JobState name)
    sample_status: str                # VALID, FAILED, MISSING
    errors: list[list[str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.sample_status == "VALID"


@dataclass
class RunResult:
    """What a run directory says about a run."""
    tmpdir: str
    network_id: str | None
    jobs: list[RunJob]
    sinks: list[SinkSample]
    finished: bool                    # __sink_data__.json exists: the run got to the end

    @property
    def ok(self) -> bool:
        return self.finished and all(s.ok for s in self.sinks)

    def job(self, node: str, sample: str) -> RunJob | None:
        return next((j for j in self.jobs if j.node == node and j.sample == sample), None)

    def jobs_of(self, node: str) -> list[RunJob]:
        return [j for j in self.jobs if j.node == node]


def _status_name(value: Any) -> str:
    text = str(value.get("status") if isinstance(value, dict) else value)
    return text.split(".", 1)[1] if text.startswith("JobState.") else text


def _job(folder: Path, rel: str) -> RunJob:
    node, _, sample = rel.rpartition("/")
    data = _load(folder / RESULT_FILE)
    if not isinstance(data, dict):
        data = _load(folder / COMMAND_FILE)
    data = data if isinstance(data, dict) else {}
    statuses = data.get("status_list") or []
    statuses = [_status_name(x) for x in (statuses if isinstance(statuses, list) else [])]
    status = _FINAL.get(statuses[-1], statuses[-1]) if statuses else "unknown"
    job = RunJob(node=node, sample=sample, status=status, path=str(folder),
                 node_id=str(data.get("node_id", node.rpartition("/")[2])),
                 network_id=str(data.get("network_id", "")), statuses=statuses)
    for error in data.get("errors") or []:
        if isinstance(error, (list, tuple)) and error:
            job.errors.append(": ".join(str(x) for x in error[:2]))
        else:
            job.errors.append(str(error))
    if isinstance(data.get("output_data"), dict):
        job.output_data = data["output_data"]
    info = _load(folder / INFO_FILE)
    process = info.get("process") if isinstance(info, dict) else None
    if isinstance(process, dict):
        command = process.get("command")
        job.command = [str(x) for x in command] if isinstance(command, list) else None
        job.return_code = process.get("return_code") if isinstance(process.get("return_code"), int) else None
        job.stdout = process.get("stdout") if isinstance(process.get("stdout"), str) else None
        job.stderr = process.get("stderr") if isinstance(process.get("stderr"), str) else None
    logs = [t for t in (_read(folder / "__fastr_stdout__.txt"), _read(folder / "__fastr_stderr__.txt")) if t]
    job.log = "\n".join(logs) if logs else None
    return job


def _sinks(data: Any) -> list[SinkSample]:
    result: list[SinkSample] = []
    if not isinstance(data, dict):
        return result
    for sink, samples in data.items():
        for sample, info in (samples.items() if isinstance(samples, dict) else ()):
            info = info if isinstance(info, dict) else {}
            errors = [[str(x) for x in e] for e in info.get("errors") or [] if isinstance(e, list)]
            result.append(SinkSample(str(sink), str(sample), _status_name(info.get("status", "unknown")),
                                     str(info.get("sample_status", "unknown")), errors))
    return sorted(result, key=lambda s: (s.sink, s.sample))


def read_run_dir(tmpdir: str | os.PathLike[str]) -> RunResult:
    """Read a finished (or unfinished) run directory; RunDirError if it is not one."""
    root = Path(tmpdir)
    if not root.is_dir():
        raise RunDirError(f"{root}: no such folder")
    network = _load(root / NETWORK_FILE)
    sink_data = _load(root / SINK_FILE)
    jobs: list[RunJob] = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        here = Path(folder)
        rel = here.relative_to(root).as_posix()
        if RESULT_FILE in files or COMMAND_FILE in files:
            jobs.append(_job(here, rel))
            dirs[:] = []
        elif "result" in dirs and rel.count("/") >= 1 and not files:
            node, _, sample = rel.rpartition("/")      # a source or constant sample
            jobs.append(RunJob(node=node, sample=sample, status="finished", path=str(here),
                               node_id=node.rpartition("/")[2]))
            dirs[:] = []
    if network is None and sink_data is None and not jobs:
        raise RunDirError(f"{root}: not a fastr run directory (no {NETWORK_FILE}, {SINK_FILE} or job folders)")
    network_id = network.get("id") if isinstance(network, dict) else None
    return RunResult(str(root), network_id if isinstance(network_id, str) else None,
                     sorted(jobs, key=lambda j: (j.node, j.sample)), _sinks(sink_data), sink_data is not None)
