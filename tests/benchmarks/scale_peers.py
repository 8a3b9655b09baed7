"""bench_scale.py's peers: real fastr 3.4.0 (its own venv, through tests.oracle) and NodeGraphQt
(its own venv, running nodegraphqt_peer.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
NODEGRAPHQT_VENV = Path(os.environ.get("FASTR_EDITOR_NODEGRAPHQT_VENV")
                        or Path.home() / ".cache" / "fastr-editor" / "nodegraphqt-py311")

FASTR_SCRIPT = """
import time, json, os, tempfile, resource
res = {}
payload = load_payload()
for item in payload["sizes"]:
    n, path = item
    runs = {}
    for r in range(payload["repeats"]):
        state = json.load(open(path))
        t = time.perf_counter(); net = fastr.api.create_network_copy(state); runs.setdefault("copy", []).append(time.perf_counter() - t)
        t = time.perf_counter(); st = net.parent.__getstate__(); runs.setdefault("getstate", []).append(time.perf_counter() - t)
        t = time.perf_counter(); ok = net.is_valid(); runs.setdefault("validate", []).append(time.perf_counter() - t)
        d = tempfile.mkdtemp(); p = os.path.join(d, "net.yaml")
        t = time.perf_counter(); net.save(p); runs.setdefault("save", []).append(time.perf_counter() - t)
        t = time.perf_counter(); again = fastr.api.Network.load(p); runs.setdefault("open", []).append(time.perf_counter() - t)
        runs.setdefault("valid", []).append(bool(ok))
        runs.setdefault("nodes", []).append(len(again.parent.nodelist))
    res[str(n)] = runs
res["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
emit(res)
"""


def run_fastr_side(items: list[tuple[int, str]], repeats: int, timeout: float) -> dict[str, Any]:
    from tests.oracle.fastr_env import run_fastr
    if not items:
        return {}
    try:
        return run_fastr(FASTR_SCRIPT, {"sizes": items, "repeats": repeats}, timeout=timeout)  # type: ignore[return-value]
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    except Exception as error:  # noqa: BLE001 - report, keep the rest of the benchmark
        return {"error": f"{type(error).__name__}: {str(error)[-500:]}"}


def nodegraphqt_python() -> tuple[Path | None, str]:
    """The venv python with NodeGraphQt (made on first use), or None and why not."""
    python = NODEGRAPHQT_VENV / "bin" / "python"
    marker = NODEGRAPHQT_VENV / ".ok"
    if marker.exists() and python.exists():
        return python, ""
    try:
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(NODEGRAPHQT_VENV)], check=True,
                           capture_output=True, timeout=300)
        proc = subprocess.run([str(python), "-m", "pip", "install", "-q", "NodeGraphQt", "Qt.py",
                               "PySide6==6.11.*"], capture_output=True, text=True, timeout=1800)
        if proc.returncode != 0:
            return None, f"pip install NodeGraphQt Qt.py PySide6==6.11.* failed: {proc.stderr.strip()[-400:]}"
        check = subprocess.run([str(python), "-c", "import NodeGraphQt"], capture_output=True, text=True,
                               timeout=300, env={**os.environ, "QT_API": "pyside6", "QT_QPA_PLATFORM": "offscreen"})
        if check.returncode != 0:
            return None, f"import NodeGraphQt failed: {check.stderr.strip()[-400:]}"
        marker.write_text("ok\n")
        return python, ""
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"could not make the NodeGraphQt venv {NODEGRAPHQT_VENV}: {error}"


def run_nodegraphqt(python: Path, graph: str, repeats: int, moves: int, timeout: float) -> dict[str, Any]:
    env = {**os.environ, "QT_API": "pyside6", "QT_QPA_PLATFORM": "offscreen", "QT_PREFERRED_BINDING": "PySide6"}
    env.pop("PYTHONPATH", None)
    try:
        proc = subprocess.run([str(python), str(HERE / "nodegraphqt_peer.py"), graph, "--repeats", str(repeats),
                               "--moves", str(moves)], capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": f"exit {proc.returncode}: {proc.stderr.strip()[-600:]}"}
    return json.loads(lines[-1])
