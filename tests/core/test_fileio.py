"""Files: fastr's YAML/JSON form, safe reading, clear errors with places, atomic saves."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from editor.core.errors import LoadError, SaveError
from editor.core.io.files import load_network, read_state, save_network
from tests.core.networks import add_ints

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "examples"


def test_bare_state_and_file_keys(tmp_path: Path) -> None:
    bare = tmp_path / "bare.json"
    bare.write_text((GOLDEN / "add_ints.state.json").read_text())
    network = load_network(bare)
    save_network(network, tmp_path / "out.yaml")
    state = read_state(tmp_path / "out.yaml")
    assert state["__class__"] == "fastr.planning.network.Network"
    assert state["__fastr_version__"].startswith("3.4.0")
    assert list(state)[-2:] == ["__class__", "__fastr_version__"]


@pytest.mark.parametrize("text,fmt,line,fragment", [
    ('{"id": "x", "nodelist": [', "json", 1, "invalid JSON"),
    ("id: x\nnodelist: [\n  - {id: a\n", "yaml", 3, "invalid YAML"),
    ("!!python/object/apply:os.system ['echo hacked']\n", "yaml", 1, "never executed"),
])
def test_syntax_errors_name_file_and_line(tmp_path: Path, text: str, fmt: str, line: int, fragment: str) -> None:
    path = tmp_path / f"broken.{fmt}"
    path.write_text(text)
    with pytest.raises(LoadError) as info:
        load_network(path)
    assert info.value.filename == str(path)
    assert info.value.line == line
    assert fragment in str(info.value)
    assert str(path) in str(info.value)


def test_structure_errors_name_the_path(tmp_path: Path) -> None:
    state = json.loads((GOLDEN / "add_ints.state.json").read_text())
    state["nodelist"][1]["inputs"][0]["datatype"] = 5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(state))
    with pytest.raises(LoadError) as info:
        load_network(path)
    assert info.value.path == "nodelist[1].inputs[0].datatype"
    assert "must be a string" in info.value.reason


@pytest.mark.parametrize("content,reason", [
    (b"", "empty"), (b"\x00\x01\x02binary", "binary"), (b"id: \xff\xfe\xfa", "UTF-8"),
    (b"- 1\n- 2\n", "not a fastr network"), (b"a: &a [1,2,3,4,5,6,7,8,9,10]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
     b"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
     b"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n", "alias"),
])
def test_hostile_content(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "net.yaml"
    path.write_bytes(content)
    with pytest.raises(LoadError, match=reason):
        load_network(path)


def test_missing_folder_and_unreadable(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        load_network(tmp_path / "nope.yaml")
    with pytest.raises(LoadError, match="folder"):
        load_network(tmp_path)


def test_legacy_fastr2_is_refused_with_reason(tmp_path: Path) -> None:
    state = json.loads((GOLDEN / "add_ints.state.json").read_text())
    state["nodelist"][0]["tool"] = ["fastr.Source", "1.0"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(state))
    with pytest.raises(LoadError, match="fastr 2"):
        load_network(path)


def test_atomic_save_keeps_old_file_on_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "net.yaml"
    save_network(add_ints(), path)
    before = path.read_bytes()
    real_fsync = os.fsync

    def broken(fd: int) -> None:
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "fsync", broken)
    with pytest.raises(SaveError, match="No space left"):
        save_network(add_ints(), path)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["net.yaml"], "no temporary file left behind"


def test_save_errors(tmp_path: Path) -> None:
    with pytest.raises(SaveError, match="does not exist"):
        save_network(add_ints(), tmp_path / "gone" / "net.yaml")
    with pytest.raises(SaveError, match="folder"):
        save_network(add_ints(), tmp_path)


def test_backup_keeps_previous_version(tmp_path: Path) -> None:
    path = tmp_path / "net.json"
    net = add_ints()
    save_network(net, path)
    first = path.read_text()
    net.description = "changed"
    save_network(net, path, backup=True)
    assert (tmp_path / "net.json~").read_text() == first
    assert json.loads(path.read_text())["description"] == "changed"
