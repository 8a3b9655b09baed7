"""Core: the semantic network diff against golden networks and edited copies, and its CLI."""

from __future__ import annotations

import copy
import glob
import io
import json
import os

import pytest

from editor.app.cli import run
from editor.core.graph.network import network_from_state
from editor.core.io.files import read_state
from editor.core.compare.diff import diff_networks

GOLDEN = sorted(glob.glob(os.path.join(os.path.dirname(__file__), "..", "golden", "*", "*.fastr.yaml")))


def _net(state):
    return network_from_state(state)


@pytest.mark.parametrize("path", GOLDEN, ids=os.path.basename)
def test_golden_against_itself_is_empty(path):
    state = read_state(path)
    assert diff_networks(_net(state), _net(copy.deepcopy(state))).same


def _add_ints():
    return read_state(GOLDEN[0])


def test_each_kind_of_change():
    a = _add_ints()
    b = copy.deepcopy(a)
    nodes = {n["id"]: n for n in b["nodelist"]}
    nodes["add"]["resources"]["memory"] = 9999
    nodes["add"]["tool"]["version"] = "2.0"
    nodes["source"]["nodegroup"] = "grp"
    b["description"] = "new"
    b["linklist"][0]["collapse"] = [0]
    del b["linklist"][1]
    d = diff_networks(_net(a), _net(b))
    kinds = {(c.kind, c.what) for c in d.changes}
    assert ("changed", "network") in kinds and ("removed", "link") in kinds and ("changed", "link") in kinds
    add = [c for c in d.changes if c.what == "node" and c.a_id == "add"][0]
    assert add.fields["resources.memory"] == (2048, 9999) and add.fields["tool version"][1] == "2.0"
    src = [c for c in d.changes if c.what == "node" and c.a_id == "source"][0]
    assert src.fields["node group"] == (None, "grp")


def test_rename_detected():
    a = _add_ints()
    text = json.dumps(a).replace('/nodelist/add/', '/nodelist/plus/').replace('"id": "add"', '"id": "plus"')
    d = diff_networks(_net(a), _net(json.loads(text)))
    renamed = d.of("renamed", "node")
    assert [(c.a_id, c.b_id) for c in renamed] == [("add", "plus")]
    assert not d.of("added", "link") and not d.of("removed", "link")


def test_positions_ignored_unless_asked():
    a = _add_ints()
    b = copy.deepcopy(a)
    b["__editor__"] = {"positions": {"add": [5, 5]}}
    assert diff_networks(_net(a), _net(b)).same
    assert not diff_networks(_net(a), _net(b), positions=True).same


def test_cli_exit_codes(tmp_path):
    a = _add_ints()
    b = copy.deepcopy(a)
    b["description"] = "changed"
    pa, pb = tmp_path / "a.json", tmp_path / "b.json"
    pa.write_text(json.dumps(a)); pb.write_text(json.dumps(b))
    out, err = io.StringIO(), io.StringIO()
    assert run(["diff", str(pa), str(pa)], out, err) == 0 and out.getvalue() == ""
    assert run(["diff", str(pa), str(pb)], out, err) == 1 and "description" in out.getvalue()
    out = io.StringIO()
    assert run(["diff", str(pa), str(pb), "--json"], out, err) == 1
    assert json.loads(out.getvalue())["same"] is False
    (tmp_path / "bad.json").write_text("{nope")
    err = io.StringIO()
    assert run(["diff", str(pa), str(tmp_path / "bad.json")], io.StringIO(), err) == 2
    assert "bad.json" in err.getvalue()
    # diff looks no tool up: it offers no library options, which would do nothing
    err = io.StringIO()
    assert run(["diff", str(pa), str(pb), "--tools", str(tmp_path)], io.StringIO(), err) == 2
    assert "--tools" in err.getvalue() and "Traceback" not in err.getvalue()
