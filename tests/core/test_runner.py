"""Running networks with real fastr 3.4.0 (the oracle's Python) and reading the run directory."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from editor.api import create_network
from editor.core.graph.network import Network
from editor.core.run.rundir import load_plain_yaml, read_run_dir, RunDirError
from editor.core.run.runner import (RunnerEvent, fastr_version, find_fastr_pythons, parse_event, parse_sink_args,
                                parse_source_args, run_script, runner_text, write_runner)
from editor.core.graph.network import network_from_state
from tests.oracle.fastr_env import fastr_home

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _add_ints() -> Network:
    return network_from_state(json.loads((GOLDEN / "examples/add_ints.state.json").read_text()))


def _run(fastr_oracle, network: Network, tmp_path: Path, sources: dict[str, Any], name: str = "run",
         sinks: dict[str, str] | None = None) -> tuple[int, list[RunnerEvent], list[str], Path, Path]:
    out = tmp_path / f"{name}_out"
    rundir = tmp_path / f"{name}_dir"
    sink_ids = [n.id for n in network.nodes.values() if n.cls == "SinkNode"]
    sink_data = sinks or {s: f"file://{out}/{s}_{{sample_id}}_{{cardinality}}{{ext}}" for s in sink_ids}
    script = write_runner(network, tmp_path / f"{name}.py", sources, sink_data, rundir, "LinearExecution")
    events: list[RunnerEvent] = []
    log: list[str] = []
    code = run_script(str(fastr_oracle.python), script, events.append, log.append,
                      env={"FASTRHOME": str(fastr_home())}, cwd=tmp_path)
    return code, events, log, out, rundir


def _final(events: list[RunnerEvent]) -> dict[tuple[str, str], str]:
    states: dict[tuple[str, str], str] = {}
    for event in events:
        if event.kind == "JOB":
            states[(event.get("node"), event.get("sample"))] = event.get("status")
    return states


def test_add_ints_runs_reports_jobs_and_resumes(fastr_oracle, tmp_path: Path) -> None:
    code, events, log, out, rundir = _run(fastr_oracle, _add_ints(), tmp_path, {"source": {"s1": 1, "s2": "4"}})
    assert code == 0, "\n".join(log[-40:])
    assert (out / "sink_s1_0").read_text().strip() == "11"
    assert (out / "sink_s2_0").read_text().strip() == "14"
    runs = [e.data for e in events if e.kind == "RUN"]
    assert runs[0] == {"event": "plugin", "plugin": "LinearExecution"}
    runs = runs[1:]
    assert runs[0] == {"event": "started", "tmpdir": str(rundir), "network": "add_ints"}
    assert runs[-1] == {"event": "finished", "ok": True, "tmpdir": str(rundir)}
    final = _final(events)
    for key in [("source", "s1"), ("const__add__right_hand", "id_0"), ("add", "s1"), ("add", "s2"),
                ("sink", "s1"), ("sink", "s2")]:
        assert final[key] == "finished", (key, final)
    statuses = [e.get("status") for e in events if e.kind == "JOB" and e.get("node") == "add" and e.get("sample") == "s1"]
    assert statuses[:3] == ["created", "queued", "running"]
    assert any(e.get("folder") == "s1_0" for e in events if e.get("node") == "sink")

    result = read_run_dir(rundir)
    assert result.finished and result.ok and result.network_id == "add_ints"
    add = result.job("add", "s1")
    assert add is not None and add.status == "finished" and not add.failed
    assert add.command is not None and add.command[-4:] == ["--in1", "1", "--in2", "10"]
    assert "addint.py" in add.command_line
    assert add.stdout == "RESULT=[11]\n" and add.return_code == 0
    assert add.output_data["result"][0]["value"] == 11
    assert [(s.sink, s.sample, s.status, s.sample_status) for s in result.sinks] == [
        ("sink", "s1", "finished", "VALID"), ("sink", "s2", "finished", "VALID")]
    info = Path(add.path, "__fastr_extra_job_info__.yaml").stat().st_mtime_ns

    code, events, log, out, _ = _run(fastr_oracle, _add_ints(), tmp_path, {"source": {"s1": 1, "s2": "4"}})
    assert code == 0
    again = read_run_dir(rundir).job("add", "s1")
    assert again is not None and again.status == "finished"
    assert "re-using" in (again.log or "")                   # fastr found the old result
    assert Path(again.path, "__fastr_extra_job_info__.yaml").stat().st_mtime_ns == info


def test_a_failing_sample_is_reported_with_its_error(fastr_oracle, tmp_path: Path) -> None:
    code, events, log, out, rundir = _run(fastr_oracle, _add_ints(), tmp_path, {"source": {"ok": 2, "bad": (2, 3)}})
    assert code == 1
    assert [e.data for e in events if e.kind == "RUN"][-1]["ok"] is False
    assert _final(events)[("add", "bad")] == "failed"
    assert (out / "sink_ok_0").read_text().strip() == "12"
    result = read_run_dir(rundir)
    assert not result.ok
    bad = result.job("add", "bad")
    assert bad is not None and bad.failed and bad.status == "failed"
    assert any("cardinality" in e.lower() or "subprocess" in e.lower() for e in bad.errors)
    assert "Traceback" in (bad.log or "")
    sinks = {s.sample: s for s in result.sinks}
    assert sinks["ok"].ok and not sinks["bad"].ok and sinks["bad"].errors


def test_collapse_runs(fastr_oracle, tmp_path: Path) -> None:
    net = create_network("collapsing")
    values = net.create_source("Int", id="values")
    total = net.create_node("fastr/math/Sum:1.0", "1.0", id="total")
    net.create_link(values.output, total.inputs["values"], collapse=(0,))
    net.create_sink("Int", id="out").inputs["input"] << total.outputs["result"]
    code, events, log, out, rundir = _run(fastr_oracle, net, tmp_path, {"values": {"a": 1, "b": 2, "c": 39}})
    assert code == 0, "\n".join(log[-40:])
    files = [p for p in out.iterdir() if not p.name.endswith(".json")]
    assert len(files) == 1 and files[0].read_text().strip() == "42"
    assert read_run_dir(rundir).ok


def test_macro_runs_and_inner_jobs_have_paths(fastr_oracle, tmp_path: Path) -> None:
    inner = create_network("inner")
    value = inner.create_source("Int", id="value")
    add = inner.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    add.inputs["left_hand"] << value.output
    add.inputs["right_hand"] << [100]
    inner.create_sink("Int", id="result").inputs["input"] << add.outputs["result"]
    net = create_network("outer")
    src = net.create_source("Int", id="src")
    macro = net.create_macro(inner, id="macro")
    macro.inputs["value"] << src.output
    net.create_sink("Int", id="out").inputs["input"] << macro.outputs["result"]
    code, events, log, out, rundir = _run(fastr_oracle, net, tmp_path, {"src": [5, 7]})
    assert code == 0, "\n".join(log[-40:])
    assert (out / "out_id_0_0").read_text().strip() == "105"
    assert (out / "out_id_1_0").read_text().strip() == "107"
    assert _final(events)[("macro/add", "id_1")] == "finished"
    job = read_run_dir(rundir).job("macro/add", "id_0")
    assert job is not None and job.status == "finished" and job.node_id == "add"


def test_an_invalid_network_is_reported_not_run(fastr_oracle, tmp_path: Path) -> None:
    net = create_network("broken")
    src = net.create_source("Int", id="src")
    add = net.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    add.inputs["left_hand"] << src.output                  # right_hand is required but unlinked
    net.create_sink("Int", id="out").inputs["input"] << add.outputs["result"]
    code, events, log, out, rundir = _run(fastr_oracle, net, tmp_path, {"src": [1]})
    assert code == 1
    last = [e.data for e in events if e.kind == "RUN"][-1]
    assert last["event"] == "invalid" and any("right_hand" in m for m in last["messages"])


# -- without fastr ------------------------------------------------------------------------
def test_runner_text_is_valid_python_with_safe_literals() -> None:
    tricky = "it's \"x\"\n\\ '''"
    text = runner_text(_add_ints(), {"source": {tricky: (1, tricky)}}, {"sink": f"file:///tmp/{tricky}/{{sample_id}}"},
                       tmpdir=f"/tmp/{tricky}")
    namespace: dict[str, Any] = {}
    settings = text[text.index("SOURCE_DATA ="):text.index("def report")]
    exec(compile(settings, "settings", "exec"), namespace)  # noqa: S102 - literals only
    assert namespace["SOURCE_DATA"] == {"source": {tricky: (1, tricky)}}
    assert namespace["TMPDIR"] == f"/tmp/{tricky}"
    assert namespace["SINK_FOLDERS"] == [f"/tmp/{tricky}"]
    compile(text, "runner", "exec")


def test_event_lines() -> None:
    assert parse_event('FASTR-EDITOR-JOB {"node": "a", "status": "running"}') == \
        RunnerEvent("JOB", {"node": "a", "status": "running"})
    for line in ("[INFO] something", "FASTR-EDITOR-JOB {not json", "FASTR-EDITOR-OTHER {}", "FASTR-EDITOR-RUN []"):
        assert parse_event(line) is None


def test_source_and_sink_arguments(tmp_path: Path) -> None:
    assert parse_source_args(["a=1", "a=2", "b@s=x=y", "b@s=z"]) == {"a": {"id_0": "1", "id_1": "2"},
                                                                    "b": {"s": ("x=y", "z")}}
    with pytest.raises(ValueError):
        parse_source_args(["novalue"])
    os.chdir(tmp_path)
    assert parse_sink_args(["out=res/{sample_id}{ext}"], ["out", "log"]) == {
        "out": f"file://{tmp_path}/res/{{sample_id}}{{ext}}"}
    assert parse_sink_args(["vfs://tmp/{sample_id}"], ["out", "log"]) == {
        "out": "vfs://tmp/{sample_id}", "log": "vfs://tmp/{sample_id}"}


def test_finding_fastr(fastr_oracle, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FASTRHOME", str(fastr_home()))
    assert fastr_version(str(fastr_oracle.python)) == "3.4.0"
    assert fastr_version(str(tmp_path / "missing")) is None
    monkeypatch.setenv("FASTR_EDITOR_PYTHON", str(fastr_oracle.python))
    found = find_fastr_pythons()
    assert found and found[0] == os.path.abspath(fastr_oracle.python)


def test_reading_yaml_with_python_tags_never_runs_them(tmp_path: Path) -> None:
    text = "a: !!python/tuple [1, 2]\nb: !!python/object/apply:os.system ['echo hacked']\nc: !custom {x: 1}\n"
    assert load_plain_yaml(text) == {"a": [1, 2], "b": ["echo hacked"], "c": {"x": 1}}
    job = tmp_path / "run" / "node" / "s1"
    job.mkdir(parents=True)
    (job / "__fastr_result__.yaml").write_text(
        "node_id: node\nnetwork_id: n\nstatus_list:\n- !!python/object:x {status: running}\n"
        "- {status: execution_failed}\nerrors:\n- !!python/tuple [FastrError, boom, f.py, 3]\n")
    result = read_run_dir(tmp_path / "run")
    job_result = result.job("node", "s1")
    assert job_result is not None and job_result.status == "failed" and job_result.errors == ["FastrError: boom"]
    assert not result.finished
    with pytest.raises(RunDirError):
        read_run_dir(tmp_path / "nothing")
