"""Core layer: ask the user's fastr for its own resolved configuration, in a subprocess (no Qt).

fastr's configuration files are Python that fastr runs (WORC's ``config.d`` file finds its tool
folders with ``importlib``), so only fastr itself knows the real ``tools_path``.  Where the user
chose a fastr interpreter (:func:`editor.core.run.find_fastr.chosen_python`), :func:`ask_fastr` runs it
once with a small script that imports fastr and prints ``fastr.config``'s fields as JSON:
``tools_path``, ``types_path``, ``preferred_types``, ``mounts``, ``execution_plugin``,
``slurm_partition`` (and the other Slurm fields), the config files fastr read, its execution
plugins, and the tools and datatypes it lists.  fastr is never imported into the editor.

Answers are cached in ``<data dir>/fastr-config/`` per interpreter, keyed by the interpreter, its
fastr package and site-packages folders (their modification times: installing a package changes
them) and the *contents* of every config file fastr would read or said it read;
:func:`cached_answer` gives the cached answer only while that key still holds.
:func:`ask_fastr` is bounded by ``timeout`` (the whole process group is killed then, and when
this Python exits while fastr is still being asked: :func:`stop_asking`) and raises
:class:`FastrAskError` with fastr's own error text when the interpreter fails.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import IO, Any

from editor.core.run.find_fastr import data_dir, fastr_beside
from editor.core.io.files import atomic_write

__all__ = ["ANSWER_MARK", "ASK_TIMEOUT", "FastrAskError", "ask_fastr", "ask_fastr_cached", "cache_key",
           "cached_answer", "stop_asking"]

ANSWER_MARK = "FASTR-EDITOR-CONFIG "
ASK_TIMEOUT = 60.0
CACHE_FORMAT = 3

_ASK_SCRIPT = r'''
import contextlib, json, sys

def said(error):   # one line: jsonschema's errors go on with the whole schema
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0][:300] if lines else ''}"

with contextlib.redirect_stdout(sys.stderr):
    import fastr
    config = fastr.config
    answer = {"version": str(fastr.version.version)}
    for name in ("tools_path", "types_path", "preferred_types", "mounts", "execution_plugin",
                 "userdir", "systemdir", "extra_config_dirs", "debug", "job_cleanup_level"):
        try:
            answer[name] = getattr(config, name)
        except Exception as error:
            answer.setdefault("errors", []).append(f"{name}: {said(error)}")
    answer["files"] = [str(f) for f in config.read_config_files]
    try:   # set by a config file, or fastr's default?
        answer["execution_plugin_set"] = config._current_config.get("execution_plugin") is not None
    except Exception:
        answer["execution_plugin_set"] = True
    try:
        plugins = list(fastr.plugin_manager.keys())
    except Exception:
        plugins = []
    answer["execution_plugins"] = sorted(p for p in plugins if str(p).endswith("Execution"))
    for name in ("slurm_partition", "slurm_job_check_interval", "slurm_nodelist", "slurm_nodes_exclude"):
        try:
            answer[name] = config.get_field(name)
        except Exception:
            pass
    try:
        answer["tools"] = sorted({f"{key[0]}@{key[1]}" for key in fastr.tools.keys()})
    except Exception as error:
        answer.setdefault("errors", []).append(f"fastr could not load its tools: {said(error)}")
    try:
        answer["types"] = sorted(str(key) for key in fastr.types.keys())
    except Exception as error:
        answer.setdefault("errors", []).append(f"fastr could not load its datatypes: {said(error)}")
print("FASTR-EDITOR-CONFIG " + json.dumps(answer, default=str))
'''


class FastrAskError(RuntimeError):
    """Asking fastr failed: ``message`` says why, with fastr's own error text."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _env(environ: Mapping[str, str] | None) -> dict[str, str]:
    from editor.core.run.runner import runner_env          # the same environment a run gets
    env = runner_env()
    if environ is not None:
        env = {k: v for k, v in environ.items() if k not in ("PYTHONHOME", "VIRTUAL_ENV")}
        env.update(PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
    return env


def _error_text(stderr: str, limit: int = 1200) -> str:
    """The end of fastr's error output: the exception line and the frames just above it."""
    lines = [line.rstrip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return "no output"
    last = next((n for n in range(len(lines) - 1, -1, -1) if lines[n].startswith("Traceback")), None)
    tail = lines[last:] if last is not None else lines[-12:]
    text = "\n".join(tail)
    return text[-limit:]


#: the asking processes still running (their own process groups): stopped when this Python exits,
#: so a fastr that hangs does not outlive the editor that asked it in a background thread
_RUNNING: set[subprocess.Popen[bytes]] = set()
_RUNNING_LOCK = threading.Lock()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except OSError:
        try:
            proc.kill()
        except OSError:
            pass


def stop_asking() -> None:
    """Kill every asking process still running (called at exit)."""
    with _RUNNING_LOCK:
        running = list(_RUNNING)
    for proc in running:
        if proc.poll() is None:
            _kill(proc)


atexit.register(stop_asking)


def _read(file: IO[bytes], limit: int = 20_000_000) -> str:
    """The end of an output file (fastr may log a lot before its answer)."""
    size = file.seek(0, os.SEEK_END)
    file.seek(max(0, size - limit))
    return file.read().decode("utf-8", "replace")


def ask_fastr(python: str, timeout: float = ASK_TIMEOUT, environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Run ``python`` (which the user chose) once and return fastr's resolved configuration.
    ``environ``: the environment to run it in, as given (``PYTHONPATH`` kept); by default a run's
    environment (:func:`editor.core.run.runner.runner_env`). It runs in the home folder (never in
    the current one, whose files Python would import first)."""
    home = os.path.expanduser("~")
    # files, not pipes: a process the config starts in the background may keep its output open
    # long after fastr has answered; waiting for fastr itself is what counts
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        try:
            proc = subprocess.Popen([python, "-c", _ASK_SCRIPT], stdout=out, stderr=err,
                                    stdin=subprocess.DEVNULL, env=_env(environ), start_new_session=True,
                                    cwd=home if os.path.isdir(home) else os.sep)
        except OSError as error:
            raise FastrAskError(f"cannot run {python}: {error.strerror or error}") from None
        with _RUNNING_LOCK:
            _RUNNING.add(proc)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _kill(proc)
            proc.wait()
            raise FastrAskError(f"{python} timed out: no answer within {timeout:g} s (fastr or its "
                                "configuration hangs); the configuration was read without running it") from None
        finally:
            with _RUNNING_LOCK:
                _RUNNING.discard(proc)
        stdout, stderr = _read(out), _read(err)
    for line in stdout.splitlines():
        if line.startswith(ANSWER_MARK):
            try:
                answer = json.loads(line[len(ANSWER_MARK):])
            except ValueError:
                break
            if isinstance(answer, dict):
                return answer
    if proc.returncode != 0:
        raise FastrAskError(f"{python} could not import fastr (exit code {proc.returncode}):\n"
                            f"{_error_text(stderr)}")
    raise FastrAskError(f"{python} gave no answer:\n{_error_text(stderr + stdout)}")


# -- the cache ------------------------------------------------------------------------------------
def _config_files(environ: Mapping[str, str]) -> list[str]:
    home = environ.get("FASTRHOME") or os.path.join(environ.get("HOME") or os.path.expanduser("~"), ".fastr")
    extra = environ.get("FASTR_CONFIG_DIRS", "").split(os.pathsep)
    folders = [os.path.join(home, "config.d")] + [d for d in extra if d]
    files = [os.path.join(home, "config.py")]
    for folder in folders:
        try:
            files += [os.path.join(folder, n) for n in sorted(os.listdir(folder)) if n.endswith(".py")]
        except OSError:
            pass
    return files


def _stamp(path: str) -> str:
    try:
        stat = os.stat(path)
    except OSError:
        return "-"
    return f"{stat.st_mtime_ns}:{stat.st_size}:{stat.st_ino}"


def cache_key(python: str, environ: Mapping[str, str] | None = None, read: Iterable[str] = ()) -> str:
    """What the answer depends on: the interpreter, its fastr and site-packages folders, the
    config files' contents and the environment variables fastr reads.  ``read``: the files fastr
    said it read (a config file's ``extra_config_dirs`` or a package's ``fastr.config`` entry
    point can add folders no environment variable names)."""
    env = os.environ if environ is None else environ
    digest = hashlib.sha256()
    python = os.path.abspath(python)
    parts = [python, os.path.realpath(python), _stamp(os.path.realpath(python))]
    beside = fastr_beside(python)
    if beside is not None:
        package = beside[0]
        parts += [package, _stamp(package), _stamp(os.path.dirname(package))]
    parts += [f"{k}={env.get(k, '')}" for k in ("FASTRHOME", "FASTR_CONFIG_DIRS", "HOME", "PYTHONPATH")]
    for part in parts:
        digest.update(part.encode("utf-8", "replace") + b"\0")
    files = _config_files(env)
    files += sorted({str(f) for f in read} - set(files))
    for path in files:
        digest.update(path.encode("utf-8", "replace") + b"\0")
        try:
            digest.update(hashlib.sha256(Path(path).read_bytes()[:10_000_000]).digest())
        except OSError:
            digest.update(b"missing")
    return digest.hexdigest()


def _cache_file(python: str, environ: Mapping[str, str] | None) -> Path:
    name = hashlib.sha1(os.path.abspath(python).encode("utf-8", "replace")).hexdigest()[:16]
    return data_dir(environ) / "fastr-config" / f"{name}.json"


def cached_answer(python: str, environ: Mapping[str, str] | None = None) -> tuple[dict[str, Any], float] | None:
    """``(answer, when asked)`` from the cache while it is still valid, else None."""
    try:
        data = json.loads(_cache_file(python, environ).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (not isinstance(data, dict) or data.get("format") != CACHE_FORMAT
            or data.get("python") != os.path.abspath(python)
            or not isinstance(data.get("answer"), dict)
            or data.get("key") != cache_key(python, environ, _read_files(data["answer"]))):
        return None
    return data["answer"], float(data.get("asked") or 0)


def _read_files(answer: Mapping[str, Any]) -> list[str]:
    """The files fastr read, and the ``.py`` files now in its ``extra_config_dirs`` (a new one
    there is read next time)."""
    files = answer.get("files")
    result = [str(f) for f in files] if isinstance(files, list) else []
    folders = answer.get("extra_config_dirs")
    for folder in folders if isinstance(folders, list) else []:
        try:
            names = sorted(os.listdir(str(folder))) if folder else []
        except OSError:
            continue
        result += [os.path.join(str(folder), n) for n in names if n.endswith(".py")]
    return result


def store_answer(python: str, answer: Mapping[str, Any], environ: Mapping[str, str] | None = None) -> None:
    path = _cache_file(python, environ)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(path, json.dumps({"format": CACHE_FORMAT, "python": os.path.abspath(python),
                                       "key": cache_key(python, environ, _read_files(answer)), "asked": time.time(),
                                       "answer": dict(answer)}, default=str))
    except OSError:
        pass                                   # a cache that cannot be written is only slower


def ask_fastr_cached(python: str, timeout: float = ASK_TIMEOUT,
                     environ: Mapping[str, str] | None = None) -> tuple[dict[str, Any], bool]:
    """``(answer, from the cache)``: the cached answer while valid, else fastr is asked (and the
    answer cached). Raises :class:`FastrAskError`."""
    cached = cached_answer(python, environ)
    if cached is not None:
        return cached[0], True
    answer = ask_fastr(python, timeout, environ)
    store_answer(python, answer, environ)
    return answer, False
