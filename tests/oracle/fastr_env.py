"""Real fastr 3.4.0 as a test oracle.

fastr 3.4.0 needs Python <= 3.11 and pins old packages, so it lives in its own
virtual environment and is driven through a subprocess:

* :func:`fastr_python` returns the interpreter of that venv, creating it on
  first use (``$FASTR_EDITOR_ORACLE_VENV`` or
  ``~/.cache/fastr-editor/fastr-3.4.0-py311``) under a file lock.
* :func:`run_fastr` runs a script in it.  The script gets :data:`PRELUDE`
  (``fastr`` imported quietly, ``load_payload()``, ``emit(obj)``); the JSON
  given to ``emit`` is written to a result file, because fastr logs to stdout.

``FASTRHOME`` points at a private temporary directory, so ``~/.fastr`` is never
read or written.  Keep the venv outside git work trees: fastr looks for a git repo
above its package to build its version string (and fails in one without commits).
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FASTR_VERSION = "3.4.0"
VENV_ENV_VAR = "FASTR_EDITOR_ORACLE_VENV"
DEFAULT_VENV = Path.home() / ".cache" / "fastr-editor" / f"fastr-{FASTR_VERSION}-py311"
MARKER_NAME = ".fastr-editor-oracle-ok"
RESULT_ENV_VAR = "FASTR_ORACLE_RESULT"

PRELUDE = '''\
import contextlib as _contextlib, json as _json, os as _os, sys as _sys
with _contextlib.redirect_stdout(_sys.stderr):  # fastr logs to stdout; keep it off
    import fastr
    import fastr.api


def load_payload():
    """The JSON payload given to run_fastr (None if there was none)."""
    data = _sys.stdin.read()
    return _json.loads(data) if data.strip() else None


def emit(obj):
    """Write obj as the JSON result of this script."""
    with open(_os.environ["FASTR_ORACLE_RESULT"], "w", encoding="utf-8") as _fh:
        _json.dump(obj, _fh)

'''

_fastr_home: Path | None = None


class OracleError(RuntimeError):
    """Creating the fastr venv or running a script in it failed."""


def venv_dir() -> Path:
    """Directory of the oracle venv."""
    return Path(os.environ.get(VENV_ENV_VAR) or DEFAULT_VENV).expanduser()


def _venv_python(venv: Path) -> Path:
    return venv / "bin" / "python"


def _base_python() -> str:
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    found = shutil.which("python3.11")
    if not found:
        raise OracleError("fastr 3.4.0 needs Python 3.11: no python3.11 on PATH")
    return found


def _run(cmd: list[str], timeout: float, env: dict[str, str] | None = None) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    if proc.returncode != 0:
        raise OracleError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


def fastr_home() -> Path:
    """A private FASTRHOME for this process (removed at exit)."""
    global _fastr_home
    if _fastr_home is None:
        _fastr_home = Path(tempfile.mkdtemp(prefix="fastr-oracle-home-"))
        atexit.register(shutil.rmtree, _fastr_home, True)
    return _fastr_home


def oracle_env(**extra: str) -> dict[str, str]:
    """Environment for processes run with the fastr python."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(FASTRHOME=str(fastr_home()), PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
    env.pop("FASTR_CONFIG_DIRS", None)
    env.update(extra)
    return env


def fastr_python() -> Path:
    """Python of a venv with fastr==3.4.0, created (once, under a lock) if missing."""
    venv = venv_dir()
    python, marker = _venv_python(venv), venv / MARKER_NAME
    if marker.is_file() and python.exists():
        return python
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f".{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if marker.is_file() and python.exists():
            return python
        shutil.rmtree(venv, ignore_errors=True)  # half-made by an interrupted run
        _run([_base_python(), "-m", "venv", str(venv)], timeout=300)
        _run([str(python), "-m", "pip", "install", "-q", f"fastr=={FASTR_VERSION}"], timeout=1200)
        check = f"import fastr, sys; sys.exit(fastr.version.version != {FASTR_VERSION!r})"
        _run([str(python), "-c", check], timeout=300, env=oracle_env())
        marker.write_text(FASTR_VERSION + "\n")
    return python


def run_fastr(script: str, payload: object = None, timeout: float = 600) -> object:
    """Run ``PRELUDE + script`` with the fastr python; return what it ``emit``-ted.

    ``payload`` is sent as JSON on stdin (read it with ``load_payload()``).
    """
    python = fastr_python()
    with tempfile.TemporaryDirectory(prefix="fastr-oracle-run-") as tmp:
        script_path, result_path = Path(tmp) / "script.py", Path(tmp) / "result.json"
        script_path.write_text(PRELUDE + script, encoding="utf-8")
        proc = subprocess.run(
            [str(python), str(script_path)],
            input=json.dumps(payload) if payload is not None else "",
            capture_output=True, text=True, timeout=timeout, cwd=tmp,
            env=oracle_env(**{RESULT_ENV_VAR: str(result_path)}),
        )
        if proc.returncode != 0:
            raise OracleError(f"fastr script failed ({proc.returncode}):\n{proc.stderr}\n{proc.stdout}")
        if not result_path.exists():
            raise OracleError(f"fastr script did not call emit():\n{proc.stderr}\n{proc.stdout}")
        return json.loads(result_path.read_text(encoding="utf-8"))
