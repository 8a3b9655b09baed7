"""Deep values under unknown keys (issue 17, item 9): what loads can be saved in every format,
and a file nested deeper than MAX_NESTING is refused naming the file, the line and the place."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from editor.core.errors import LoadError, StateError
from editor.core.export.python import export_python
from editor.core.graph.network import network_from_state
from editor.core.io.files import MAX_NESTING, load_network, save_network

SOURCE = {"id": "s", "class": "SourceNode", "tool": {"id": "fastr/Source:1.0", "version": "1.0"},
          "outputs": [{"id": "output", "datatype": "Int"}]}


def nested(levels: int, kind: str) -> Any:
    """A value of ``levels`` nested lists or mappings (``1`` inside)."""
    value: Any = 1
    for _ in range(levels):
        value = [value] if kind == "list" else {"k": value}
    return value


def json_text(state: dict, deep_key: str, levels: int, kind: str) -> str:
    """JSON text of ``state`` with ``deep_key`` (replacing its placeholder) holding ``levels``
    levels on line 2 (written as text: json.dumps itself gives up before 1,000 levels)."""
    opening, closing = ("[" * levels, "]" * levels) if kind == "list" else ('{"k": ' * levels, "}" * levels)
    inner = opening + ("" if kind == "list" else "1") + closing
    return json.dumps(state).replace(f'"{deep_key}": "DEEP"', f'\n"{deep_key}": {inner}')


def yaml_text(levels: int) -> str:
    return "id: deep\nnodelist: []\nlinklist: []\nextra: " + "[" * levels + "]" * levels + "\n"


def in_deep_stack(frames: int, call: Any) -> Any:
    """``call()`` from ``frames`` Python frames deeper than here (a window's event handler, a
    test runner and a crash handler are all below a save)."""
    return call() if frames == 0 else in_deep_stack(frames - 1, call)


CASES = {   # name -> (state with a "DEEP" placeholder, key, levels of the document above the value)
    "top": ({"id": "deep", "nodelist": [], "linklist": [], "extra": "DEEP"}, "extra", 1),
    "node": ({"id": "deep", "linklist": [], "nodelist": [{**SOURCE, "x_extra": "DEEP"}]}, "x_extra", 3),
    "port": ({"id": "deep", "linklist": [], "nodelist": [
        {**SOURCE, "outputs": [{"id": "output", "datatype": "Int", "x_port": "DEEP"}]}]}, "x_port", 5),
}


@pytest.mark.parametrize("kind", ["list", "dict"])
@pytest.mark.parametrize("where", sorted(CASES))
def test_just_under_the_bound_saves_in_every_format(tmp_path: Path, where: str, kind: str) -> None:
    state, key, above = CASES[where]
    path = tmp_path / "deep.json"
    path.write_text(json_text(state, key, MAX_NESTING - above, kind))
    network = load_network(path)
    for suffix in (".yaml", ".json"):
        out = tmp_path / f"saved{suffix}"
        in_deep_stack(100, lambda out=out: save_network(network, out))     # noqa: B023
        assert load_network(out).__getstate__() == network.__getstate__()
    assert in_deep_stack(100, lambda: export_python(network))
    if where == "top":                                    # a YAML file at the bound loads too
        yaml_path = tmp_path / "deep.yaml"
        yaml_path.write_text(yaml_text(MAX_NESTING - 1))
        from_yaml = load_network(yaml_path)
        in_deep_stack(100, lambda: save_network(from_yaml, tmp_path / "again.yaml"))
        assert load_network(tmp_path / "again.yaml").extra == from_yaml.extra


@pytest.mark.parametrize("levels", [1, 150, 650])
@pytest.mark.parametrize("kind", ["list", "dict"])
@pytest.mark.parametrize("where", sorted(CASES))
def test_over_the_bound_is_refused_naming_file_line_and_place(tmp_path: Path, where: str, kind: str,
                                                               levels: int) -> None:
    state, key, above = CASES[where]
    path = tmp_path / "deep.json"
    path.write_text(json_text(state, key, MAX_NESTING - above + levels, kind))
    with pytest.raises(LoadError) as info:
        load_network(path)
    error = info.value
    assert error.filename == str(path) and error.line == 2, str(error)[:300]
    assert f"nested more than {MAX_NESTING} levels" in error.reason
    assert str(error).startswith(f"{path}:2:")
    if error.path is not None:
        assert error.path.endswith(key)


def test_yaml_over_the_bound_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(yaml_text(MAX_NESTING))
    with pytest.raises(LoadError, match=f"nested more than {MAX_NESTING} levels") as info:
        load_network(path)
    assert info.value.line == 4 and str(info.value).startswith(f"{path}:4:")


def test_states_handed_over_directly_are_bounded_too() -> None:
    """The API and the clipboard build from state dicts: the same bound, the place named."""
    state = {"id": "deep", "nodelist": [{**SOURCE, "x_extra": nested(MAX_NESTING, "list")}], "linklist": []}
    with pytest.raises(StateError, match=f"nested more than {MAX_NESTING} levels") as info:
        network_from_state(state)
    assert info.value.path == "nodelist[0].x_extra"
    state["nodelist"][0]["x_extra"] = nested(MAX_NESTING - 3, "list")       # type: ignore[index]
    network_from_state(state)


def test_a_network_built_deeper_by_a_script_gives_a_save_error(tmp_path: Path) -> None:
    from editor.api import create_network
    from editor.core.errors import SaveError
    network = create_network("built")
    network.extra["x"] = nested(2000, "list")              # a script can build anything
    out = tmp_path / "built.yaml"
    with pytest.raises(SaveError, match="nested too deeply") as info:
        save_network(network, out)
    assert str(info.value).startswith(str(out)) and not out.exists()
