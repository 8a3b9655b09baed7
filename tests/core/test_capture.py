"""Capture: the networks a fastr script builds, from real fastr 3.4.0, with nothing executed."""

from __future__ import annotations

import json
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


GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "examples"
EXAMPLES = sorted(p.name.removesuffix(".state.json") for p in GOLDEN.glob("*.state.json"))


@pytest.mark.parametrize("example", EXAMPLES)
def test_fastrs_own_example_scripts_are_captured_as_fastr_states_them(fastr_oracle, tmp_path: Path,
                                                                       example: str) -> None:
    """Each of fastr's example scripts, run as a user runs it (``python add_ints.py``: it builds its
    network and calls execute), is captured at execute with fastr's own state, the same as the
    golden state real fastr wrote for it (only the file name differs: the script's path)."""
    import subprocess
    folder = subprocess.run([str(fastr_oracle.python), "-c", "import fastr.examples, os; "
                             "print(os.path.dirname(fastr.examples.__file__))"], capture_output=True,
                            text=True, env={**os.environ, "FASTRHOME": str(fastr_home())}, check=True)
    script = Path(folder.stdout.strip().splitlines()[-1]) / f"{example}.py"
    if not script.exists():
        pytest.skip(f"fastr 3.4.0 has no examples/{example}.py")
    env = {**os.environ, "FASTRHOME": str(fastr_home())}
    result = capture_script(script, python=str(fastr_oracle.python), env=env, timeout=240)
    golden = json.loads((GOLDEN / f"{example}.state.json").read_text())
    captured = next(n for n in result.networks if n.id == golden["id"])
    names: list[str] = []

    def relative(value):          # the golden files name the script as fastr/examples/<name>.py
        if isinstance(value, dict):
            out = {k: relative(v) for k, v in value.items()}
            if "filename" in out and isinstance(value.get("nodelist"), list):
                names.append(out["filename"])
                out["filename"] = f"fastr/examples/{example}.py"
            return out
        if isinstance(value, list):
            return [relative(v) for v in value]
        return value
    assert relative(captured.state) == golden
    assert set(names) == {str(script)}            # fastr named the script itself, macros too


WORC_LIKE = '''
import fastr
network = fastr.create_network(id="worc_like")
images = network.create_source("Int", id="images_train", step_id="input")
masks = network.create_source("Int", id="masks_train", step_id="input")
config = network.create_constant("Int", [1, 2], id="config", step_id="input")
features = []
for modality in ("CT", "MR"):
    node = network.create_node("fastr/math/AddInt:1.0", tool_version="1.0",
                               id=f"features_{modality}", step_id="features")
    node.inputs["left_hand"]["image"] << images.output
    node.inputs["left_hand"]["mask"] << masks.output
    node.inputs["right_hand"] << config.output
    features.append(node)
sink = network.create_sink("Int", id="features_out", step_id="output")
link = sink.input << features[0].outputs["result"]
link.collapse = 0
other = network.create_sink("Int", id="features_mr_out", step_id="output")
other.input << features[1].outputs["result"]
network.execute({}, {})
'''


def test_a_worc_like_script_with_named_sub_inputs_is_captured_losslessly(fastr_oracle, tmp_path: Path) -> None:
    """Named sub-inputs, steps, a collapse: fastr's state comes back out of the editor key for key
    (a construct fastr 3.4.0 itself cannot reload)."""
    from editor.core.graph.state import network_to_state
    result = _capture(fastr_oracle, tmp_path, WORC_LIKE)
    assert result.moment == "execute"
    network = choose_network(result)
    [captured] = [n for n in result.networks if n.id == "worc_like"]
    assert network_to_state(network, editor_data=False) == captured.state
    targets = {(link.target.node, link.target.name) for link in network.links.values()}
    assert ("features_CT", "image") in targets and ("features_MR", "mask") in targets
    assert set(network.stepids) == {"input", "features", "output"}
