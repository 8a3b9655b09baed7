"""Benchmark helpers (run on demand): what every child process of ``bench_scale.py`` shares:
its sandbox (offscreen, settings never the user's), its peak RSS, a cProfile of one phase, and
running a child of the script with JSON on its last line of output."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # KiB on Linux


class Profiler:
    """cProfile of one phase of the first repeat, dumped as DIR/<size>_<phase>.pstats."""

    def __init__(self, folder: str | None, n: int) -> None:
        self.folder, self.n = folder, n
        self.active = folder is not None

    def run(self, phase: str, fn: Callable[[], Any]) -> Any:
        if not self.active:
            return fn()
        import cProfile
        profile = cProfile.Profile()
        result = profile.runcall(fn)
        Path(self.folder).mkdir(parents=True, exist_ok=True)
        profile.dump_stats(str(Path(self.folder) / f"{self.n}_{phase}.pstats"))
        return result


def sandbox() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    box = tempfile.mkdtemp(prefix="fastr-editor-bench-")
    os.environ["FASTR_EDITOR_SETTINGS_DIR"] = os.path.join(box, "settings")   # never the user's
    os.environ["FASTR_EDITOR_DATA_DIR"] = os.path.join(box, "data")



def run_script(script: Path, args: list[str], timeout: float, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``script`` with ``args`` in a fresh Python; its last output line starting with ``{``, as
    JSON (or ``{"error": ...}``)."""
    try:
        proc = subprocess.run([sys.executable, str(script), *args], capture_output=True,
                              text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": f"exit {proc.returncode}: {proc.stderr.strip()[-1500:]}"}
    return json.loads(lines[-1])
