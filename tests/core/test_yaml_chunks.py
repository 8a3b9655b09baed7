"""Saving YAML a few hundred list items at a time gives the same bytes as one ``yaml.dump``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from editor.core.io import files as fileio
from editor.core.io.files import dump_text, file_state
from editor.core.graph.state import network_to_state

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "examples"


def whole(state: dict) -> str:
    return yaml.dump(state, Dumper=fileio._Dumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True)


@pytest.mark.parametrize("chunk", [1, 2, 3, 256])
@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.state.json")))
def test_golden_states(monkeypatch: pytest.MonkeyPatch, name: str, chunk: int) -> None:
    monkeypatch.setattr(fileio, "YAML_CHUNK", chunk)
    state = json.loads((GOLDEN / name).read_text())
    assert dump_text(state, "yaml") == whole(state)


def test_awkward_values_and_a_big_network(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.benchmarks.scale_network import build_network
    monkeypatch.setattr(fileio, "YAML_CHUNK", 7)
    net = build_network(300)
    node = next(iter(net.nodes.values()))
    node.nodegroup = "é " * 60 + "\nline two: 'quoted' # not a comment"   # wraps past 80 columns
    state = file_state(net)
    state["description"] = "x" * 200 + "\n\ttab"
    state["empty"] = []
    text = dump_text(state, "yaml")
    assert text == whole(state)
    assert text.count("\n- id: ") > 300                       # the lists really were cut in pieces
    assert yaml.safe_load(text) == json.loads(json.dumps(state))
    assert network_to_state(net) == {k: v for k, v in state.items()
                                     if k not in ("__class__", "__fastr_version__", "empty", "description")
                                     } | {"description": net.description}


def test_empty_state() -> None:
    assert dump_text({}, "yaml") == whole({}) == "{}\n"
