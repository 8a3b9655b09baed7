"""An interpreter planted in the working folder is never run (issue 17, item 3): looking for fastr
executes nothing, and `run` without a chosen Python runs nothing it found."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from editor.core.run.find_fastr import chosen_python, fastr_beside, find_fastr_installs

ROOT = Path(__file__).resolve().parents[2]


def _plant(folder: Path, marker: Path) -> Path:
    """A repository that ships venv/bin/python (and .venv) that would write ``marker`` if run,
    with a fastr package beside it so that it looks like a real fastr environment."""
    for venv in ("venv", ".venv"):
        python = folder / venv / "bin" / "python"
        python.parent.mkdir(parents=True)
        python.write_text(f"#!/bin/sh\necho planted > {marker}\n")
        python.chmod(python.stat().st_mode | stat.S_IEXEC)
        site = folder / venv / "lib" / "python3.11" / "site-packages" / "fastr"
        site.mkdir(parents=True)
        (site / "__init__.py").write_text("")
    return folder / "venv" / "bin" / "python"


def test_looking_for_fastr_runs_no_interpreter(tmp_path: Path, monkeypatch) -> None:
    marker = tmp_path / "marker"
    repo = tmp_path / "cloned-repo"
    planted = _plant(repo, marker)
    monkeypatch.chdir(repo)
    env = {"PATH": f"{repo / 'venv' / 'bin'}{os.pathsep}.{os.pathsep}{os.environ.get('PATH', '')}",
           "HOME": str(tmp_path / "home")}
    find_fastr_installs(env)
    assert fastr_beside(str(planted)) is not None        # it is seen, by looking only
    assert chosen_python(environ=env) is None            # but nobody chose it: it is not used
    assert not marker.exists()


def test_run_without_a_chosen_python_runs_nothing_it_found(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    repo = tmp_path / "cloned-repo"
    _plant(repo, marker)
    network = ROOT / "resources" / "examples"
    example = next(iter(sorted(network.glob("*.yaml"))), None) if network.is_dir() else None
    if example is None:
        example = next(iter(sorted((ROOT / "tests" / "golden").rglob("*.yaml"))))
    env = {k: v for k, v in os.environ.items() if k != "FASTR_EDITOR_PYTHON"}
    env.update(PATH=f"{repo / 'venv' / 'bin'}{os.pathsep}{env.get('PATH', '')}", PYTHONPATH=str(ROOT),
               HOME=str(tmp_path / "home"), QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "editor", "run", str(example), "--sink", "sink=vfs://tmp/x"],
                          cwd=repo, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert not marker.exists()
