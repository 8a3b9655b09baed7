"""Canvas notes in the network file: under ``__editor__.notes``, lossless, bounded like positions."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from editor.api import create_network_copy
from editor.core.graph.coords import MAX_COORDINATE, MAX_SIZE
from editor.core.graph.notes import MAX_NOTE_TEXT, MAX_NOTES, MIN_NOTE_SIZE, Note, read_notes
from editor.core.io.files import load_network, save_network

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "examples"


def _state() -> dict:
    return json.loads((GOLDEN / "add_ints.state.json").read_text())


def test_a_state_without_notes_writes_no_notes_key() -> None:
    state = _state()
    assert create_network_copy(copy.deepcopy(state)).__getstate__() == state
    network = create_network_copy(state)
    network.nodes["add"].position = (1.0, 2.0)
    assert set(network.__getstate__()["__editor__"]) == {"positions"}


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_notes_round_trip_through_a_file(tmp_path: Path, suffix: str) -> None:
    network = create_network_copy(_state())
    network.notes = {"note_1": Note("note_1", "Inputs go here.\nTwo lines: ü, 日本", (10.5, -20.0), (300.0, 90.0)),
                     "note_2": Note("note_2", "", (400.0, 0.0))}
    path = tmp_path / f"n{suffix}"
    save_network(network, path)
    again = load_network(path)
    assert again.notes == network.notes
    assert again.load_warnings == []
    assert list(again.notes) == ["note_1", "note_2"]
    state = again.__getstate__()
    assert state["__editor__"]["notes"][0] == {"id": "note_1", "text": "Inputs go here.\nTwo lines: ü, 日本",
                                               "position": [10.5, -20.0], "size": [300.0, 90.0]}
    # Everything fastr reads is as it was: the notes are only under the editor's key.
    plain = {k: v for k, v in state.items() if k != "__editor__"}
    assert plain == _state()


def test_notes_inside_a_macro_network_are_kept() -> None:
    state = json.loads((GOLDEN / "macro_node.state.json").read_text())
    macro = next(n for n in state["nodelist"] if n["class"] == "MacroNode")
    macro["network"]["__editor__"] = {"notes": [{"id": "inner", "text": "inside", "position": [1, 2],
                                                 "size": [50, 60]}]}
    network = create_network_copy(state)
    inner = network.nodes[macro["id"]].subnetwork
    assert inner is not None and inner.notes["inner"].text == "inside"
    out = network.__getstate__()
    assert next(n for n in out["nodelist"] if n["id"] == macro["id"])["network"]["__editor__"] == \
        {"notes": [{"id": "inner", "text": "inside", "position": [1.0, 2.0], "size": [50.0, 60.0]}]}


def test_hostile_notes_are_bounded_with_warnings_naming_the_place() -> None:
    state = _state()
    state["__editor__"] = {"notes": [
        {"id": "long", "text": "x" * (MAX_NOTE_TEXT + 5), "position": [1e308, -10**400], "size": [1e9, 1]},
        {"id": "long", "text": "duplicate id", "position": [float("nan"), 0]},
        {"id": "bad id!", "text": 12},
        "not a mapping",
        {"text": "no id, no position, no size", "size": "big"},
        {"id": "surrogate", "text": "a\ud800b", "position": [0, 0]},
    ]}
    network = create_network_copy(state)
    notes = list(network.notes.values())
    assert [n.id for n in notes] == ["long", "note_1", "note_2", "surrogate"]
    assert len(notes[0].text) == MAX_NOTE_TEXT
    assert notes[0].position == (MAX_COORDINATE, -MAX_COORDINATE)
    assert notes[0].size == (MAX_SIZE, MIN_NOTE_SIZE)
    assert notes[1].text == "duplicate id"
    assert notes[3].text == "a?b"
    warnings = "\n".join(network.load_warnings)
    assert "cut to the first 100,000 (a note holds at most 100,000) (at __editor__.notes[0].text)" in warnings
    assert "(at __editor__.notes[0].position)" in warnings
    assert "(at __editor__.notes[0].size)" in warnings
    assert "the note is now 'note_1' (at __editor__.notes[1].id)" in warnings
    assert "not a string (at __editor__.notes[2].text)" in warnings
    assert "not a mapping (at __editor__.notes[3])" in warnings
    assert "(at __editor__.notes[4].size)" in warnings
    assert "lone surrogates" in warnings
    # Saved again, the bounded notes are what is written.
    again = create_network_copy(network.__getstate__())
    assert again.notes == network.notes and again.load_warnings == []


def test_too_many_notes_and_no_list() -> None:
    notes, warnings = read_notes([{"id": f"n{i}"} for i in range(MAX_NOTES + 3)], "__editor__.notes")
    assert len(notes) == MAX_NOTES and "only the first 1,000 of 1,003 notes" in warnings[0]
    notes, warnings = read_notes({"a": 1}, "__editor__.notes")
    assert notes == {} and warnings == ["the notes a dict of 1 item were dropped: not a list of notes "
                                        "(at __editor__.notes)"]


_FASTR_LOADS = """
import json
out = {}
for path in load_payload():
    try:
        out[path] = fastr.api.Network.load(path).parent.__getstate__()
    except Exception as exc:
        out[path] = type(exc).__name__ + ': ' + str(exc)
emit(out)
"""


def test_real_fastr_loads_a_file_with_notes_and_ignores_them(fastr_oracle, tmp_path: Path) -> None:
    network = create_network_copy(_state())
    network.nodes["add"].position = (300.0, 20.0)
    network.notes = {"note_1": Note("note_1", "a note: with 'quotes', \"more\" and\nlines ü", (1.0, 2.0))}
    paths = []
    for ext in ("yaml", "json"):
        path = tmp_path / f"notes.{ext}"
        save_network(network, path)
        assert "a note: with" in path.read_text(encoding="utf-8")
        paths.append(str(path))
    results = fastr_oracle.run(_FASTR_LOADS, paths)
    for path in paths:
        state = results[path]
        assert isinstance(state, dict), state
        assert "__editor__" not in state
        state.pop("filename")                 # fastr sets the file it loaded from
        assert state == {k: v for k, v in _state().items() if k != "filename"}
