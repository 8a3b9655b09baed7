"""Core layer: capture the networks a fastr script builds, without running them (no Qt).

:func:`capture_script` runs the user's script in the user's fastr Python (the interpreter the Run
dialog finds, :func:`editor.core.run.runner.find_fastr_pythons`), in a subprocess with a new temporary
working directory, with the given arguments and environment. The runner it injects
(:mod:`editor.core.run.capture_runner`) patches fastr so that ``execute`` runs nothing and hands back
fastr's own ``__getstate__()`` of every network the script made (at exit when it never executes).
fastr is never imported here. Output lines go to ``on_output`` as they come; a timeout or a
``cancel`` event ends the script's whole process group.

:func:`choose_network` builds the editor network of the one to open: the only one, the one asked
for, or (several) a :class:`CaptureError` listing them.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from editor.core.graph.network import Network
    from editor.core.tools.datatypes import DataTypeRegistry
    from editor.core.tools.library import ToolLibrary

__all__ = ["CaptureError", "CapturedNetwork", "CaptureResult", "capture_script", "choose_network",
           "RUNNER_PATH", "network_from_capture"]

RUNNER_PATH = Path(__file__).with_name("capture_runner.py")
DEFAULT_TIMEOUT = 300.0


class CaptureError(Exception):
    """The script could not be captured. ``exit_code`` 1: the script failed, timed out, or built no
    (such) network; 2: it could not be started. ``traceback``: the script's own, when it raised."""

    def __init__(self, message: str, *, exit_code: int = 1, traceback: str | None = None,
                 result: CaptureResult | None = None) -> None:
        super().__init__(message)
        self.exit_code = exit_code
        self.traceback = traceback
        self.result = result


@dataclass(slots=True)
class CapturedNetwork:
    id: str
    state: dict[str, Any]
    macro: bool = False           # handed to create_macro: it lives inside another network
    executed: bool = False        # the one the script called execute on


@dataclass(slots=True)
class CaptureResult:
    script: str
    args: list[str]
    moment: str                   # 'execute' or 'exit'
    networks: list[CapturedNetwork] = field(default_factory=list)
    output: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def candidates(self) -> list[CapturedNetwork]:
        """The networks to offer: those not used as a macro of another (all, if that is none)."""
        top = [n for n in self.networks if not n.macro]
        return top or list(self.networks)


def _find_python(python: str | None) -> str:
    if python:
        if not (os.path.isfile(python) and os.access(python, os.X_OK)):
            raise CaptureError(f"{python}: not an executable Python (give the Python that has fastr)",
                               exit_code=2)
        return python
    from editor.core.run.find_fastr import chosen_python
    choice = chosen_python()          # one the user chose: a Python found by looking is never run
    if choice is None:
        raise CaptureError("no Python with fastr chosen: give it with --fastr PYTHON (or set "
                           "FASTR_EDITOR_PYTHON, or choose it in Preferences)", exit_code=2)
    return choice.python


def _stop(proc: subprocess.Popen[str]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, OSError):
        proc.kill()


def capture_script(script: str | os.PathLike[str], args: Sequence[str] = (), *, python: str | None = None,
                   env: Mapping[str, str] | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                   cancel: threading.Event | None = None,
                   on_output: Callable[[str], None] | None = None,
                   on_started: Callable[[str], None] | None = None) -> CaptureResult:
    """Run ``script`` with ``args`` and return the networks it built (nothing is executed).

    Raises :class:`CaptureError` when the script cannot be read or started, raises, exits with an
    error, times out, is cancelled, or builds no network."""
    path = Path(script).expanduser().resolve()
    if not path.is_file():
        raise CaptureError(f"{script}: no such script", exit_code=2)
    python = _find_python(python)
    from editor.core.run.runner import runner_env
    with tempfile.TemporaryDirectory(prefix="fastr-editor-capture-") as folder:
        result_file = os.path.join(folder, "capture-result.json")
        workdir = os.path.join(folder, "work")
        os.mkdir(workdir)
        command = [python, "-u", str(RUNNER_PATH), result_file, str(path), *args]
        if on_started is not None:
            on_started(workdir)
        output: list[str] = []
        try:
            proc = subprocess.Popen(command, cwd=workdir, env=runner_env(env), stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True,
                                    encoding="utf-8", errors="replace", start_new_session=True)
        except OSError as exc:
            raise CaptureError(f"{python}: cannot be started ({exc.strerror or exc})", exit_code=2) from None

        def read() -> None:
            assert proc.stdout is not None
            for raw in proc.stdout:
                line = raw.rstrip("\n")
                output.append(line)
                if on_output is not None:
                    on_output(line)

        reader = threading.Thread(target=read, name="capture-output", daemon=True)
        reader.start()
        deadline = None if timeout is None else time.monotonic() + timeout
        why = None
        while proc.poll() is None:
            if cancel is not None and cancel.is_set():
                why = "cancelled"
            elif deadline is not None and time.monotonic() > deadline:
                why = "timeout"
            if why:
                _stop(proc)
                break
            if cancel is not None:
                cancel.wait(0.05)
            else:
                time.sleep(0.05)
        code = proc.wait()
        reader.join(timeout=5)
        if proc.stdout is not None:
            proc.stdout.close()
        name = path.name
        if why == "cancelled":
            raise CaptureError(f"{name}: cancelled")
        if why == "timeout":
            raise CaptureError(f"{name}: still running after {timeout:g} s, stopped (a loop that does not "
                               "end, or give it more time)")
        data = _read_result(result_file)
    if data is None:
        tail = "; ".join(line for line in output[-3:] if line.strip())
        raise CaptureError(f"{name}: the fastr Python stopped (exit code {code}) before handing back a "
                           f"network" + (f": {tail}" if tail else ""))
    result = CaptureResult(str(path), list(args), str(data.get("moment")), output=output,
                           problems=[str(p) for p in data.get("problems") or []])
    for item in data.get("networks") or []:
        if isinstance(item, dict) and isinstance(item.get("state"), dict):
            result.networks.append(CapturedNetwork(str(item.get("id")), item["state"], bool(item.get("macro")),
                                                   bool(item.get("executed"))))
    error = data.get("error")
    if error:
        last = str(error).strip().splitlines()[-1] if str(error).strip() else "failed"
        raise CaptureError(f"{name}: the script failed: {last}", traceback=str(error), result=result)
    if not result.networks:
        raise CaptureError(f"{name}: the script built no fastr network (fastr.create_network was never "
                           "called)" + ("; " + "; ".join(result.problems) if result.problems else ""),
                           result=result)
    return result


def _read_result(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def network_from_capture(captured: CapturedNetwork, *, library: ToolLibrary | None = None,
                         types: DataTypeRegistry | None = None, script: str = "script") -> Network:
    """The editor network of one captured state (lossless, as from a file), with the caller's
    ``library`` and ``types``."""
    from editor.core.errors import StateError
    from editor.core.graph.network import network_from_state
    try:
        return network_from_state(captured.state, library=library, types=types)
    except StateError as exc:
        raise CaptureError(f"{script}: network {captured.id}: fastr's state cannot be read: "
                           f"{exc.path + ': ' if exc.path else ''}{exc.reason}") from None


def choose_network(result: CaptureResult, network_id: str | None = None, *,
                   library: ToolLibrary | None = None, types: DataTypeRegistry | None = None) -> Network:
    """The network ``network_id`` of ``result``, or its only candidate; several: CaptureError."""
    name = Path(result.script).name
    if network_id is not None:
        match = [n for n in result.networks if n.id == network_id]
        if not match:
            raise CaptureError(f"{name}: no network {network_id!r} (built: "
                               f"{', '.join(n.id for n in result.networks)})", exit_code=2)
        return network_from_capture(match[0], library=library, types=types, script=name)
    candidates = result.candidates
    if len(candidates) > 1:
        listed = ", ".join(n.id + (" (executed)" if n.executed else "") for n in candidates)
        raise CaptureError(f"{name}: the script built {len(candidates)} networks: {listed}; choose one with "
                           "--network ID", exit_code=2, result=result)
    return network_from_capture(candidates[0], library=library, types=types, script=name)
