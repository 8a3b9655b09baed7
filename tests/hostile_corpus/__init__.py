"""The hostile network corpus: broken, hostile and odd network files, and what loading each must do.

Every small file in ``tests/data/hostile`` is written from :data:`CASES` (run
``python3 tests/data/hostile/make_corpus.py`` after changing a case; ``tests/core/test_hostile*.py``
checks that the files on disk are what the script makes). Large files (megabyte strings, a 200 MB
file) are never committed: :func:`make_big` writes them at test time.

A case either gives a ``LoadError`` (``expect="error"``; ``reason`` is a regex searched in the
reason, ``path`` the exact place inside the document, ``line`` the line) or loads, because the
editor keeps what it can show (``expect="loads"``; ``codes`` are validation problem codes that
must be reported).

Modules: ``cases`` (the registry), ``blocks`` (building blocks), ``section1_syntax`` ...
``section6_unsavable`` (the sections of the corpus, imported in order), ``tools`` (the broken tool
definition folders) and ``big`` (the files made at test time).
"""

from __future__ import annotations

from pathlib import Path

# Each section adds its cases when imported; the order of the sections is the order of CASES.
from tests.hostile_corpus import (
    section1_syntax,  # noqa: F401
    section2_execution,  # noqa: F401
    section3_not_network,  # noqa: F401
    section4_wrong_types,  # noqa: F401
    section5_lenient,  # noqa: F401
    section6_unsavable,  # noqa: F401
)
from tests.hostile_corpus.big import BIG_CASES, FANIN_LINKS, make_big
from tests.hostile_corpus.blocks import LEAF_NETWORK, billion_laughs
from tests.hostile_corpus.cases import (
    CASES,
    GOLDEN,
    HERE,
    PWNED,
    SECRET_FILE,
    Case,
    case,
)
from tests.hostile_corpus.tools import TOOL_CASES, TOOLS_DIR, write_tool_corpus

__all__ = ["BIG_CASES", "FANIN_LINKS", "CASES", "GOLDEN", "HERE", "LEAF_NETWORK", "PWNED", "SECRET_FILE", "TOOLS_DIR",
           "TOOL_CASES", "Case", "billion_laughs", "case", "make_big", "write_corpus", "write_tool_corpus"]


def write_corpus(folder: Path = HERE) -> list[Path]:
    """(Re)write every small case into ``folder``; returns the paths."""
    written = []
    for item in CASES:
        path = folder / item.name
        path.write_bytes(item.content)
        written.append(path)
    return written


def _check_unique() -> None:
    """Case names are unique, and no small case has the name of a big one."""
    names = [c.name for c in CASES]
    duplicates = {n for n in names if names.count(n) > 1}
    assert not duplicates, duplicates
    assert not set(names) & set(BIG_CASES)


_check_unique()
