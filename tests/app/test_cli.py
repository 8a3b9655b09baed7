"""The command line: ``fastr-editor`` / ``python -m editor`` (in-process, and once as a process)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from editor.app import cli
from editor.app.cli import run
from editor.core.io.files import read_state
from tests.oracle.fastr_env import fastr_home

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
REPO = Path(__file__).resolve().parents[2]

BROKEN = """\
id: broken
version: '0.0'
nodelist:
- {id: src, class: SourceNode, tool: {id: fastr/Source:1.0, version: '1.0'},
   outputs: [{id: output, datatype: Int}]}
- {id: add, class: Node, tool: {id: fastr/math/AddInt:1.0, version: '1.0'},
   inputs: [{id: left_hand, datatype: Int}, {id: right_hand, datatype: Int}],
   outputs: [{id: result, datatype: Int}]}
- {id: out, class: SinkNode, tool: {id: fastr/Sink:1.0, version: '1.0'}, inputs: [{id: input, datatype: Int}]}
linklist:
- {id: l0, source: 'fastr:///networks/broken/0.0/nodelist/src/outputs/output',
   target: 'fastr:///networks/broken/0.0/nodelist/add/inputs/left_hand/0'}
- {id: l1, source: 'fastr:///networks/broken/0.0/nodelist/add/outputs/result',
   target: 'fastr:///networks/broken/0.0/nodelist/out/inputs/input/0'}
"""


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    good = tmp_path / "add_ints.yaml"
    good.write_text((GOLDEN / "examples/add_ints.fastr.yaml").read_text())
    broken = tmp_path / "broken.yaml"
    broken.write_text(BROKEN)
    junk = tmp_path / "junk.yaml"
    junk.write_text("id: [unclosed\n  - : :\n")
    return {"good": good, "broken": broken, "junk": junk, "missing": tmp_path / "missing.yaml"}


def _no_traceback(text: str) -> None:
    assert "Traceback" not in text


def test_validate_good_file(files, capsys) -> None:
    assert run(["validate", str(files["good"])]) == 0
    assert capsys.readouterr().out.strip() == f"{files['good']}: valid"


def test_validate_reports_each_problem_on_one_line(files, capsys) -> None:
    assert run(["validate", str(files["broken"])]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert f"{files['broken']}: error: node add: Input 'right_hand' is required but not linked" in out
    assert all(line.startswith(f"{files['broken']}: ") for line in out)


@pytest.mark.parametrize("name", ["junk", "missing"])
def test_validate_unreadable_file_is_exit_2_with_one_line(files, capsys, name: str) -> None:
    assert run(["validate", str(files[name])]) == 2
    captured = capsys.readouterr()
    assert captured.err.count("\n") == 1 and str(files[name]) in captured.err
    _no_traceback(captured.err)


def test_validate_several_files_gives_the_worst_code(files, capsys) -> None:
    assert run(["validate", str(files["good"]), str(files["broken"])]) == 1
    assert run(["validate", str(files["broken"]), str(files["missing"]), str(files["good"])]) == 2
    assert "valid" in capsys.readouterr().out


def test_convert_yaml_to_json_and_back(files, tmp_path: Path, capsys) -> None:
    as_json, back = tmp_path / "a.json", tmp_path / "b.yml"
    assert run(["convert", str(files["good"]), str(as_json)]) == 0
    assert json.loads(as_json.read_text())["id"] == "add_ints"
    assert run(["convert", str(as_json), str(back)]) == 0
    assert read_state(back) == read_state(files["good"])
    assert run(["convert", str(files["good"]), str(tmp_path / "x.txt")]) == 2
    assert run(["convert", str(files["missing"]), str(tmp_path / "y.json")]) == 2
    assert not (tmp_path / "y.json").exists()
    _no_traceback(capsys.readouterr().err)


def test_export_python(files, tmp_path: Path, capsys) -> None:
    target = tmp_path / "add_ints.py"
    assert run(["export", str(files["good"]), "--python", str(target)]) == 0
    text = target.read_text()
    compile(text, str(target), "exec")
    assert "def create_network():" in text and "add.inputs['left_hand'] << source.output" in text
    assert run(["export", str(files["good"])]) == 2                       # no format chosen
    assert run(["export", str(files["good"]), "--python", "a.py", "--svg", "b.svg"]) == 2
    err = capsys.readouterr().err
    assert "one of the arguments --python --svg --png is required" in err
    _no_traceback(err)


def test_export_svg(files, tmp_path: Path) -> None:
    pytest.importorskip("editor.canvas.export")
    target = tmp_path / "add_ints.svg"
    assert run(["export", str(files["good"]), "--svg", str(target)]) == 0
    assert "<svg" in target.read_text()


def test_run_with_real_fastr(files, tmp_path: Path, fastr_oracle, monkeypatch, capsys) -> None:
    monkeypatch.setenv("FASTRHOME", str(fastr_home()))
    out, rundir = tmp_path / "results", tmp_path / "rundir"
    args = ["run", str(files["good"]), "--source", "source=1", "--source", "source@x=30",
            "--sink", f"sink={out}/r_{{sample_id}}_{{cardinality}}{{ext}}",
            "--fastr", str(fastr_oracle.python), "--tmpdir", str(rundir)]
    assert run(args) == 0, capsys.readouterr()
    assert (out / "r_id_0_0").read_text().strip() == "11"
    assert (out / "r_x_0").read_text().strip() == "40"
    captured = capsys.readouterr().out
    assert f"run directory: {rundir}" in captured
    assert "add x: finished" in captured and "sink x: VALID" in captured


def test_run_argument_errors(files, capsys) -> None:
    assert run(["run", str(files["good"]), "--source", "nope=1", "--sink", "x"]) == 2
    assert "no source nope" in capsys.readouterr().err
    assert run(["run", str(files["good"]), "--source", "source=1"]) == 2
    assert "no data for sink" in capsys.readouterr().err
    assert run(["run", str(files["good"]), "--source", "nonsense"]) == 2
    assert run(["run", str(files["missing"]), "--source", "source=1"]) == 2
    _no_traceback(capsys.readouterr().err)


def test_help_has_examples(capsys) -> None:
    assert run(["--help"]) == 0
    text = capsys.readouterr().out
    assert "examples:" in text and "fastr-editor validate" in text and "-- validate" in text
    for command in cli.COMMANDS:
        assert run([command, "--help"]) == 0
        assert "example" in capsys.readouterr().out


def test_files_named_like_commands_open_in_the_editor(monkeypatch) -> None:
    opened: list[str | None] = []
    monkeypatch.setattr(cli, "_gui", lambda file, err: opened.append(file) or 0)
    assert run(["--", "validate"]) == 0
    assert run(["./validate"]) == 0
    assert run([]) == 0
    assert run(["net.yaml"]) == 0
    assert opened == ["validate", "./validate", None, "net.yaml"]


def test_unexpected_errors_are_one_line_unless_debug(files, monkeypatch, capsys) -> None:
    import editor.core.analysis.validation as validation

    def boom(network):
        raise RuntimeError("boom\nsecond line")
    monkeypatch.setattr(validation, "problems", boom)
    assert run(["validate", str(files["good"])]) == 2
    err = capsys.readouterr().err
    assert err == "fastr-editor: RuntimeError: boom second line\n"
    with pytest.raises(RuntimeError):
        run(["--debug", "validate", str(files["good"])])


def test_as_a_process(files) -> None:
    proc = subprocess.run([sys.executable, "-m", "editor", "validate", str(files["good"]), str(files["broken"])],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 1
    assert f"{files['good']}: valid" in proc.stdout and f"{files['broken']}: error: node add:" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "editor", "validate", str(files["missing"])],
                          capture_output=True, text=True, timeout=120, cwd=REPO)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == f"{files['missing']}: no such file"
