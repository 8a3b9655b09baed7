"""The code's own checks, as CI runs them: import contracts (layers, no circles, no Qt in the core),
the linter and the type checker, all configured in pyproject.toml."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=ROOT)


def test_import_contracts_are_kept() -> None:
    """Layers point down, core sub-packages point down, no circle between siblings at any depth."""
    out = _run("-c", "import sys; from importlinter.cli import lint_imports_command; "
                     "sys.exit(lint_imports_command(['--no-cache']))")
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout


def test_ruff_finds_nothing() -> None:
    out = _run("-m", "ruff", "check", "--no-cache", "editor", "tests")
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]


def test_mypy_finds_nothing_outside_the_canvas() -> None:
    out = _run("-m", "mypy", "--no-incremental", "--cache-dir", "/dev/null")
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
