"""Lossless round trips of states and files that real fastr 3.4.0 wrote (golden files)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import yaml

from editor.api import create_network_copy
from editor.core.io.files import dump_text, file_state, load_network, save_network

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
STATES = sorted(GOLDEN.glob("*/*.state.json"))


def _ids(paths: list[Path]) -> list[str]:
    return [f"{p.parent.name}/{p.name.split('.')[0]}" for p in paths]


def test_golden_states_exist() -> None:
    assert len(STATES) >= 25


@pytest.mark.parametrize("path", STATES, ids=_ids(STATES))
def test_state_round_trip_is_identical(path: Path) -> None:
    state = json.loads(path.read_text())
    pristine = copy.deepcopy(state)
    result = create_network_copy(state).__getstate__()
    assert state == pristine, "create_network_copy mutated its argument"
    assert result == state
    assert list(result) == list(state)
    for ours, theirs in zip(result["nodelist"], state["nodelist"]):
        assert list(ours) == list(theirs)


@pytest.mark.parametrize("path", STATES, ids=_ids(STATES))
@pytest.mark.parametrize("ext", ["yaml", "json"])
def test_fastr_file_round_trip(path: Path, ext: str, tmp_path: Path) -> None:
    source = path.with_name(path.name.replace(".state.json", f".fastr.{ext}"))
    original = source.read_text()
    raw = json.loads(original) if ext == "json" else yaml.safe_load(original)
    network = load_network(source)
    assert file_state(network) == raw
    if ext == "yaml":  # our YAML is byte-identical to fastr's own
        assert dump_text(file_state(network), "yaml") == original
    out = tmp_path / f"again.{ext}"
    save_network(network, out)
    assert load_network(out).__getstate__() == network.__getstate__()


def test_copy_of_a_network_object() -> None:
    state = json.loads((GOLDEN / "examples" / "macro_node.state.json").read_text())
    first = create_network_copy(state)
    second = create_network_copy(first)
    assert second is not first
    assert second.__getstate__() == state


def test_unknown_keys_are_kept() -> None:
    state = json.loads((GOLDEN / "examples" / "add_ints.state.json").read_text())
    state["future_key"] = {"a": [1, 2]}
    state["nodelist"][0]["colour"] = "red"
    state["nodelist"][1]["inputs"][0]["hint"] = 3
    state["linklist"][0]["weight"] = 0.5
    assert create_network_copy(state).__getstate__() == state


def test_editor_positions_live_under_one_key() -> None:
    state = json.loads((GOLDEN / "examples" / "add_ints.state.json").read_text())
    network = create_network_copy(state)
    network.nodes["add"].position = (120.0, 40.5)
    out = network.__getstate__()
    assert set(out) - set(state) == {"__editor__"}
    assert out["__editor__"]["positions"] == {"add": [120.0, 40.5]}
    assert create_network_copy(out).nodes["add"].position == (120.0, 40.5)
