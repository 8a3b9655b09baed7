"""The case registry (:class:`Case`, :data:`CASES`, :func:`case`) and the paths and constants cases share."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Where the small corpus files live (``tests/data/hostile``).
HERE = Path(__file__).resolve().parents[1] / "data" / "hostile"
GOLDEN = HERE.parents[1] / "golden" / "examples"

#: Every code-execution payload in the corpus would create this file; it must never exist.
PWNED = "/tmp/fastr-editor-hostile-PWNED"
#: The secret a XXE payload would pull in (a tools folder test looks for its content).
SECRET_FILE = "/etc/passwd"

SOURCE_TOOL = {"id": "fastr/Source:1.0", "version": "1.0"}
URL = "fastr:///networks/add_ints/0.0/nodelist/"


@dataclass(frozen=True)
class Case:
    """One small corpus file and what loading it must do."""

    name: str
    content: bytes
    expect: str = "error"                 # "error" | "loads"
    reason: str = ""                      # regex searched in LoadError.reason
    path: str | None = None               # LoadError.path, exactly
    line: int | None = None               # LoadError.line, exactly
    codes: tuple[str, ...] = ()           # validation codes that must be reported (loads)
    note: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)


#: Every small case, in corpus order: the section modules add theirs when imported.
CASES: list[Case] = []


def case(name: str, content: str | bytes, **kwargs: Any) -> None:
    """Add a case named ``name`` (the file name) with ``content`` (text is written as UTF-8)."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    if "tags" in kwargs:
        kwargs["tags"] = frozenset(kwargs["tags"])
    CASES.append(Case(name, data, **kwargs))
