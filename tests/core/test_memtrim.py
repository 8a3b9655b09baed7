"""release_free_memory: glibc's malloc_trim found and called on Linux (a no-op elsewhere); the
window calls it before it reads a file."""

from __future__ import annotations

import sys

from editor.core import memtrim


def test_free_memory_is_given_back_on_linux() -> None:
    assert memtrim.release_free_memory() is sys.platform.startswith("linux")
    assert memtrim.release_free_memory() is sys.platform.startswith("linux")     # found once, kept


def test_nothing_happens_where_there_is_no_malloc_trim(monkeypatch) -> None:
    monkeypatch.setattr(memtrim, "_looked", False)
    monkeypatch.setattr(memtrim, "_find", lambda: None)
    assert memtrim.release_free_memory() is False
