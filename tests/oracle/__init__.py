"""Real fastr 3.4.0, run in its own venv, as an oracle for tests."""

from __future__ import annotations

from tests.oracle.fastr_env import OracleError, fastr_python, run_fastr

__all__ = ["OracleError", "fastr_python", "run_fastr"]
