"""Fixtures shared by the core tests."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from typing import Any

import pytest

from editor.core.tools.parse import parse_tool_file
from tests import hostile_corpus as corpus
from tests.core.oracle_cases import FLOW_TOOL


@pytest.fixture(scope="module")
def flow_tool(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """fastr's flow tool (a split with a new dimension), parsed from a tool file."""
    path = tmp_path_factory.mktemp("tools") / "splitflow.yaml"
    path.write_text(FLOW_TOOL)
    return parse_tool_file(str(path), "")


@pytest.fixture
def no_payload() -> Iterator[None]:
    """No hostile-input test may leave the file a code-execution payload would create."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(corpus.PWNED)
    yield
    assert not os.path.exists(corpus.PWNED), "a payload in a hostile file was EXECUTED"
