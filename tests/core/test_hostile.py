"""Hostile and broken input: never crash, never hang, never execute, never change the file.

The corpus is ``tests/data/hostile`` (written by its ``make_corpus.py`` from ``tests/hostile_corpus``,
which also says what each file must give) plus big and special files made here at test time. Each
file either gives a LoadError naming the file (and the line/column or the place inside the
document) or loads, and then validation reports what is wrong. Tool folders: ``tests/data/hostile_tools``.
"""

from __future__ import annotations

import copy
import json
import os
import re
import tracemalloc
from pathlib import Path

import pytest

from editor.core.errors import LoadError
from editor.core.io.files import load_network, save_network
from editor.core.analysis.validation import problems
from tests import hostile_corpus as corpus
from tests.core.hostile_checks import CORPUS_DIR, CASES, deadline, digest, outcome, check_error, check_loaded

pytestmark = pytest.mark.usefixtures("no_payload")   # tests/core/conftest.py


# -- the corpus -------------------------------------------------------------------------------
def test_corpus_is_big_enough_and_up_to_date(tmp_path: Path) -> None:
    assert len(corpus.CASES) + len(corpus.BIG_CASES) >= 50
    on_disk = {p.name for p in CORPUS_DIR.iterdir() if p.is_file() and p.suffix != ".py"}
    assert on_disk == set(CASES), "run tests/data/hostile/make_corpus.py: the files differ from the cases"
    for case in corpus.CASES:
        assert (CORPUS_DIR / case.name).read_bytes() == case.content, f"{case.name} is stale: rerun make_corpus.py"
        assert len(case.content) < 1024 * 1024, f"{case.name}: big files are made at test time"
    for name, (content, _expect) in corpus.TOOL_CASES.items():
        data = content if isinstance(content, bytes) else content.encode()
        assert (corpus.TOOLS_DIR / name).read_bytes() == data, f"{name} is stale: rerun make_corpus.py"
    assert {c.expect for c in corpus.CASES} == {"error", "loads"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_file(name: str) -> None:
    case = CASES[name]
    path = CORPUS_DIR / name
    before = digest(path)
    result, seconds = outcome(path)
    assert digest(path) == before, "loading changed the file"
    if case.expect == "error":
        assert isinstance(result, LoadError), f"{name} loaded, but should be refused ({case.reason})"
        check_error(result, path)
        assert re.search(case.reason, result.reason), f"{name}: {result.reason[:300]!r} !~ {case.reason!r}"
        if case.path is not None:
            assert result.path == case.path, f"{name}: at {result.path!r}, expected {case.path!r}"
        if case.line is not None:
            assert result.line == case.line, f"{name}: line {result.line}, expected {case.line}"
    else:
        assert not isinstance(result, LoadError), f"{name} should load: {result}"
        codes = check_loaded(result, name)
        assert set(case.codes) <= codes, f"{name}: expected {case.codes}, got {sorted(codes)}"


def test_errors_in_documents_name_a_place() -> None:
    """Structure errors say where (path inside the document), syntax errors say the line."""
    for case in corpus.CASES:
        if case.expect != "error":
            continue
        result, _ = outcome(CORPUS_DIR / case.name)
        assert isinstance(result, LoadError)
        if case.reason.startswith("invalid JSON") or case.reason.startswith("invalid YAML"):
            assert result.line is not None, f"{case.name}: a syntax error without a line"
        if "must be" in case.reason and case.name.endswith(".json"):
            assert result.path, f"{case.name}: a wrong type without its place"


def test_lenient_files_keep_what_they_hold(builtin: dict[str, object]) -> None:
    """Dangling links are kept (and reported), not dropped; odd but harmless values round-trip."""
    network = load_network(CORPUS_DIR / "link_to_missing_node.json", **builtin)
    assert any(link.target.node == "ghost" for link in network.links.values())
    network = load_network(CORPUS_DIR / "unquoted_date.yaml", **builtin)
    assert network.description == "2024-01-31 10:00:00"
    network = load_network(CORPUS_DIR / "infinite_positions.json", **builtin)
    assert network.nodes["add"].position == (1.0, 2.0)
    assert network.nodes["source"].position is None
    network = load_network(CORPUS_DIR / "network_named_nodelist.json", **builtin)
    assert len(network.links) == 3 and not any(p.code == "link-dangling" for p in problems(network))
    network = load_network(CORPUS_DIR / "macro_nested_50.yaml", **builtin)
    depth = 0
    while any(n.subnetwork for n in network.nodes.values()):
        network = next(n.subnetwork for n in network.nodes.values() if n.subnetwork)
        depth += 1
    assert depth == 50


def test_huge_positions_are_clamped_with_a_warning_naming_file_and_node() -> None:
    from editor.core.graph.coords import MAX_COORDINATE
    path = CORPUS_DIR / "huge_positions.json"
    network = load_network(path)
    assert network.nodes["add"].position == (0.0, MAX_COORDINATE)
    assert network.nodes["source"].position == (5.0, -MAX_COORDINATE)
    assert network.nodes["sink"].position is None
    assert sorted(w.split("'")[1] for w in network.load_warnings) == ["add", "sink", "source"]
    assert all(w.startswith(f"{path}: warning: the position of node") for w in network.load_warnings)
    network = load_network(CORPUS_DIR / "huge_integer_positions.yaml")
    assert network.nodes["source"].position == (MAX_COORDINATE, -MAX_COORDINATE)
    assert "400 digits" in network.load_warnings[0]


def test_lenient_files_can_be_saved_and_reloaded(tmp_path: Path) -> None:
    for case in corpus.CASES:
        if case.expect != "loads":
            continue
        network = load_network(CORPUS_DIR / case.name)
        for suffix in (".json", ".yaml"):
            out = tmp_path / (case.name + suffix)
            if suffix == ".json" and "yaml-only" in case.tags:
                continue                     # JSON cannot hold it: see test_keys_alike_in_json
            with deadline():
                save_network(network, out)
                again = load_network(out)
            expected = network.__getstate__()
            if suffix == ".json" and "json-keys-become-strings" in case.tags:
                expected = json.loads(json.dumps(expected))
            assert again.__getstate__() == expected, case.name


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    payloads = [c for c in corpus.CASES if "payload" in c.tags]
    assert len(payloads) >= 5
    for case in payloads:
        assert corpus.PWNED in case.content.decode() or "python/name" in case.content.decode() \
            or "python/module" in case.content.decode()
        result, _ = outcome(CORPUS_DIR / case.name)
        assert isinstance(result, LoadError)
        assert "never executed" in result.reason
        assert not os.path.exists(corpus.PWNED)


def test_alias_bombs_are_refused_quickly_with_little_memory() -> None:
    for name in ("billion_laughs.yaml", "billion_laughs_merge_keys.yaml"):
        tracemalloc.start()
        try:
            result, seconds = outcome(CORPUS_DIR / name)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert isinstance(result, LoadError) and "alias bomb" in result.reason
        assert peak < 50 * 2**20, f"{name}: {peak / 2**20:.0f} MB"



# -- states handed over directly (the API, the clipboard) --------------------------------------
def test_state_dict_that_contains_itself() -> None:
    from editor.api import create_network_copy
    from editor.core.errors import StateError
    from editor.core.graph.network import network_from_state
    state: dict[str, object] = {"id": "top", "linklist": [], "nodelist": []}
    state["nodelist"].append({"id": "m", "class": "MacroNode", "network": state})  # type: ignore[attr-defined]
    with deadline(), pytest.raises(StateError, match="cannot contain itself") as info:
        network_from_state(state)
    assert info.value.path == "nodelist[0].network"
    with deadline(), pytest.raises(StateError, match="cannot contain itself"):
        create_network_copy(state)


def test_shared_macro_network_is_not_a_loop() -> None:
    """Two macros may use the same network object (YAML aliases do this): that is no cycle."""
    from editor.core.graph.network import network_from_state
    inner = copy.deepcopy(corpus.LEAF_NETWORK)
    state = {"id": "top", "linklist": [], "nodelist": [{"id": "m1", "class": "MacroNode", "network": inner},
                                                       {"id": "m2", "class": "MacroNode", "network": inner}]}
    network = network_from_state(state)
    assert network.nodes["m1"].subnetwork is not network.nodes["m2"].subnetwork
