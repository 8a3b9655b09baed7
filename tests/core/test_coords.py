"""The one rule for canvas numbers (editor.core.graph.coords): finite and bounded, changes reported."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from editor.core.graph.coords import (MAX_COORDINATE, clamp_coordinate, clamp_number, clamp_position,
                                      read_position)
from editor.core.graph.network import network_from_state
from editor.core.io.files import load_network, save_network

BIG = 10**400


@pytest.mark.parametrize("value, expected", [
    (12.5, 12.5), (-3, -3.0), (1e308, MAX_COORDINATE), (-1e308, -MAX_COORDINATE),
    (BIG, MAX_COORDINATE), (-BIG, -MAX_COORDINATE), (math.inf, None), (-math.inf, None),
    (math.nan, None), (True, None), ("7", None), (None, None), ([1], None),
])
def test_clamp_coordinate(value: object, expected: float | None) -> None:
    assert clamp_coordinate(value) == expected


def test_clamp_number_bounds_and_position_helpers() -> None:
    assert clamp_number(10.0, 0.03, 4.0) == 4.0 and clamp_number(0.0, 0.03, 4.0) == 0.03
    assert clamp_number(math.nan, 0.03, 4.0) is None
    assert clamp_position((1e308, math.nan)) == (MAX_COORDINATE, 0.0)
    assert clamp_position((1.0, 2.0)) == (1.0, 2.0)


def test_read_position_says_what_it_changed() -> None:
    assert read_position([1, 2.5]) == ((1.0, 2.5), None)
    assert read_position(None) == (None, None)
    position, note = read_position([0.0, 1e308])
    assert position == (0.0, MAX_COORDINATE) and note is not None and "clamped" in note and "1e+308" in note
    position, note = read_position([BIG, 0])
    assert position == (MAX_COORDINATE, 0.0) and note is not None and "401 digits" in note
    for bad in ([math.inf, 0], [math.nan, 1], [True, 1], [1, 2, 3], "x", {"x": 1}, [[[[1]]], 2]):
        position, note = read_position(bad)
        assert position is None and note is not None and "dropped" in note and len(note) < 200


def _state(positions: dict) -> dict:
    return {"id": "net", "nodelist": [
        {"id": "a", "class": "SourceNode", "tool": {"id": "fastr/Source:1.0", "version": "1.0"},
         "outputs": [{"id": "output", "datatype": "Int"}]},
        {"id": "m", "class": "MacroNode", "network": {
            "id": "inner", "linklist": [], "__editor__": {"positions": {"b": [0, -1e300]}},
            "nodelist": [{"id": "b", "class": "SourceNode", "tool": {"id": "fastr/Source:1.0", "version": "1.0"},
                          "outputs": [{"id": "output", "datatype": "Int"}]}]}}],
        "linklist": [], "__editor__": {"positions": positions}}


def test_the_reader_clamps_and_reports_every_position_in_macros_too() -> None:
    network = network_from_state(_state({"a": [1e308, 2.0], "m": [3.0, 4.0]}))
    assert network.nodes["a"].position == (MAX_COORDINATE, 2.0)
    assert network.nodes["m"].position == (3.0, 4.0)
    inner = network.nodes["m"].subnetwork
    assert inner is not None and inner.nodes["b"].position == (0.0, -MAX_COORDINATE)
    warnings = network.load_warnings
    assert len(warnings) == 2
    assert "node 'a'" in warnings[0] and "(at __editor__.positions.a)" in warnings[0]
    assert "node 'b'" in warnings[1] and "(at nodelist[1].network.__editor__.positions.b)" in warnings[1]
    assert network_from_state(_state({"a": [1.0, 2.0]})).nodes["m"].position is None


def test_a_file_with_huge_positions_loads_with_warnings_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(_state({"a": [0, "BIG"]})).replace('"BIG"', "9" * 400))
    network = load_network(path)
    assert network.nodes["a"].position == (0.0, MAX_COORDINATE)
    assert network.load_warnings and all(w.startswith(f"{path}: warning: ") for w in network.load_warnings)
    out = tmp_path / "again.yaml"
    save_network(network, out)                       # what is saved is the clamped value
    assert load_network(out).load_warnings == []
