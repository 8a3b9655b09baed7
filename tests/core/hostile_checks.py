"""Shared checks of the hostile-input tests (tests/core/test_hostile*.py): the corpus cases, a
deadline against hangs (not a timing), and what a refusal or a load must look like."""

from __future__ import annotations

import contextlib
import hashlib
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from editor.core.errors import LoadError
from editor.api import load_network       # the core loader with the built-in library and datatypes
from editor.core.analysis.validation import problems
from tests import hostile_corpus as corpus

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "tests" / "data" / "hostile"
#: A guard against hangs, not a timing (timings belong in tests/benchmarks): generous, for busy machines.
SECONDS = 120.0
MAX_MESSAGE = 2000


CASES = {case.name: case for case in corpus.CASES}


# -- guards -----------------------------------------------------------------------------------
class Timeout(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds: float = SECONDS) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM interrupts Python code that runs too long."""
    def expired(signum: int, frame: object) -> None:
        raise Timeout(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def digest(path: Path) -> str:
    if not path.is_file():
        return "-"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}



def outcome(path: Path) -> tuple[object, float]:
    """Load ``path`` under a deadline: (LoadError or loaded Network, seconds). Anything else fails."""
    start = time.perf_counter()
    try:
        with deadline():
            result: object = load_network(path)
    except LoadError as exc:
        result = exc
    except Timeout:
        pytest.fail(f"{path.name}: loading did not finish in {SECONDS} s")
    except BaseException as exc:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{path.name}: {type(exc).__name__} escaped the loader: {str(exc)[:300]}")
    return result, time.perf_counter() - start


def check_error(exc: LoadError, path: Path) -> None:
    message = str(exc)
    assert exc.filename == str(path)
    assert message.startswith(str(path)), message[:300]
    assert len(message) < MAX_MESSAGE, f"message of {len(message)} characters"
    assert exc.reason and "Traceback" not in message
    if exc.line is not None:
        assert f"{path}:{exc.line}" in message
    if exc.path:
        assert f"(at {exc.path})" in message or "(at ..." in message


def check_loaded(network: object, name: str) -> set[str]:
    with deadline():
        found = problems(network)              # type: ignore[arg-type]
        network.__getstate__()                 # type: ignore[attr-defined]
    return {p.code for p in found}
