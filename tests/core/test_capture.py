"""Capture: the networks a fastr script builds, from real fastr 3.4.0, with nothing executed."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from editor.core.run.capture import CaptureError, capture_script, choose_network
from tests.oracle.fastr_env import fastr_home

BUILD = '''
import fastr
network = fastr.create_network(id="captured")
source = network.create_source("Int", id="numbers")
add = network.create_node("fastr/math/AddInt:1.0", tool_version="1.0", id="add")
sink = network.create_sink("Int", id="result")
add.inputs["left_hand"] << source.output
add.inputs["right_hand"] << [1]
sink.input << add.outputs["result"]
print("built the network")
'''

EXECUTE = BUILD + '''
network.execute({"numbers": [1, 2]}, {"result": "vfs://tmp/result_{sample_id}{ext}"},
                tmpdir=r"TMPDIR")
open(r"MARKER", "w").write("the script went on after execute")
'''

MACRO = '''
import fastr
inner = fastr.create_network(id="inner")
src = inner.create_source("Int", id="value")
snk = inner.create_sink("Int", id="out")
snk.input << src.output
outer = fastr.create_network(id="outer")
macro = outer.create_macro(inner, id="wrapped")
source = outer.create_source("Int", id="numbers")
macro.inputs["value"] << source.output
'''


def _capture(fastr_oracle, tmp_path: Path, text: str, **kwargs):
    script = tmp_path / "build_network.py"
    script.write_text(text)
    env = {**os.environ, "FASTRHOME": str(fastr_home())}
    return capture_script(script, python=str(fastr_oracle.python), env=env, **kwargs)


def test_the_network_a_script_builds_is_captured(fastr_oracle, tmp_path: Path) -> None:
    lines: list[str] = []
    result = _capture(fastr_oracle, tmp_path, BUILD, on_output=lines.append)
    assert result.moment == "exit"
    [captured] = result.candidates
    assert captured.id == "captured"
    net = choose_network(result)
    assert net.id == "captured"
    assert set(net.nodes) == {"numbers", "add", "result", "const__add__right_hand"}
    assert len(net.links) == 3
    assert captured.state["filename"] == str(tmp_path / "build_network.py")
    assert any("built the network" in line for line in lines)       # the script's output streamed


def test_execute_runs_nothing(fastr_oracle, tmp_path: Path) -> None:
    marker, run_dir = tmp_path / "marker", tmp_path / "run"
    text = EXECUTE.replace("MARKER", str(marker)).replace("TMPDIR", str(run_dir))
    result = _capture(fastr_oracle, tmp_path, text)
    assert result.moment == "execute"
    assert [n.executed for n in result.candidates] == [True]
    assert not marker.exists()                   # stopped at execute
    assert not run_dir.exists()                  # no job, no run directory, no sink file
    assert not list(Path("/tmp").glob("result_*"))


def test_a_macro_network_is_offered_inside_its_outer_network(fastr_oracle, tmp_path: Path) -> None:
    result = _capture(fastr_oracle, tmp_path, MACRO)
    assert [n.id for n in result.candidates] == ["outer"]
    outer = choose_network(result)
    assert outer.nodes["wrapped"].subnetwork is not None
    assert set(outer.nodes["wrapped"].subnetwork.nodes) == {"value", "out"}


def test_a_script_that_raises_gives_its_traceback(fastr_oracle, tmp_path: Path) -> None:
    with pytest.raises(CaptureError) as caught:
        _capture(fastr_oracle, tmp_path, BUILD + "\nraise ValueError('no such subject')\n")
    assert "ValueError: no such subject" in (caught.value.traceback or str(caught.value))
    assert "build_network.py" in (caught.value.traceback or str(caught.value))


def test_a_script_that_never_ends_is_stopped_at_the_timeout(fastr_oracle, tmp_path: Path) -> None:
    with pytest.raises(CaptureError) as caught:
        _capture(fastr_oracle, tmp_path, BUILD + "\nwhile True:\n    pass\n", timeout=8)
    assert "timeout" in str(caught.value).lower() or "time" in str(caught.value).lower()
