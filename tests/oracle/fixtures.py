"""Pytest fixture giving tests access to real fastr 3.4.0.

Import it in ``tests/conftest.py``::

    from tests.oracle.fixtures import fastr_oracle  # noqa: F401

The first use creates the fastr venv (needs PyPI); tests never skip for lack of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.oracle.fastr_env import fastr_python, run_fastr


@dataclass(frozen=True)
class FastrOracle:
    """Handle on the fastr venv: ``.python`` and ``.run(script, payload)``."""

    python: Path

    def run(self, script: str, payload: object = None, timeout: float = 600) -> object:
        """Run a script (with the oracle prelude) and return what it emitted."""
        return run_fastr(script, payload, timeout)


@pytest.fixture(scope="session")
def fastr_oracle() -> FastrOracle:
    """Session-wide real-fastr oracle (creates the venv on first use)."""
    return FastrOracle(python=fastr_python())
