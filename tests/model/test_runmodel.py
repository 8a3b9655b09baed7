"""RunSession without fastr: a fake process replays a recorded runner stream (in odd-sized pieces,
so lines arrive cut in two), and long-running fakes are cancelled. Plus the small helpers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from editor.core.run.rundir import RunResult, RunJob
from editor.model.runmodel import (RunSession, RunSettings, aggregate_state, counts_from_result, counts_under,
                                   default_tmpdir, format_counts, sink_url, source_data_from_rows, state_of)
from tests.model.fake_runs import LONG, RECORDED, REPLAY

def _replay(qtbot, tmp_path: Path, text: str, piece: int = 37, code: int = 1):
    stream = tmp_path / "stream.txt"
    stream.write_bytes(text.encode("utf-8"))
    session = RunSession()
    changes: list[tuple[str, str, str]] = []
    logs: list[str] = []
    emitted_states: list[dict[str, int]] = []
    session.job_changed.connect(lambda *args: changes.append(args))
    session.log_line.connect(logs.append)
    session.states_changed.connect(lambda: emitted_states.append(session.totals()))
    with qtbot.waitSignal(session.finished, timeout=30_000) as blocker:
        session.start_command(sys.executable, ["-c", REPLAY, str(stream), str(piece), str(code)])
    return session, changes, logs, emitted_states, blocker.args[0]


def test_a_recorded_stream_gives_states_and_counts(qtbot, tmp_path: Path) -> None:
    session, changes, logs, emitted, ok = _replay(qtbot, tmp_path, RECORDED)
    assert ok is False and session.exit_code == 1 and not session.running
    assert session.tmpdir == "/tmp/rh/rundir"
    assert session.node_counts == {"source": {"finished": 2}, "const__add__right_hand": {"finished": 1},
                                   "add": {"finished": 1, "failed": 1},
                                   "sink": {"finished": 1, "cancelled": 2}}
    assert session.totals() == {"queued": 0, "running": 0, "finished": 5, "failed": 1, "cancelled": 2}
    assert session.counts_under("add") == {"finished": 1, "failed": 1}
    # one signal per change of state, never for the same state twice
    add_s1 = [c[2] for c in changes if c[:2] == ("add", "s1")]
    assert add_s1 == ["queued", "running", "finished"]
    assert [c for c in changes if c[0] == "sink" and c[1] == "s2"][-2:] == [("sink", "s2", "cancelled")] * 2
    assert session.jobs[("sink", "s2_1")].status == "cancelled"
    assert session.jobs[("add", "s2")].state == "failed"
    # fastr's own lines (stdout and stderr) went to the log, cut lines were put back together
    assert any("Not running in a production installation" in line for line in logs)
    assert any("Chunk execution finished!" in line for line in logs)
    assert any(line.startswith("Traceback") for line in logs)
    assert not any("FASTR-EDITOR" in line for line in logs)
    assert "Run finished with failures." in logs
    # states were reported while running, not only at the end
    assert any(s["running"] for s in emitted)


def test_tiny_pieces_and_unicode(qtbot, tmp_path: Path) -> None:
    text = ("fastr says: naïve ✓ done\n"
            'FASTR-EDITOR-RUN {"event": "started", "tmpdir": "/t/é", "network": "n"}\n'
            'FASTR-EDITOR-JOB {"node": "m/inner", "sample": "ü", "folder": "ü", "status": "finished"}\n'
            'FASTR-EDITOR-RUN {"event": "finished", "ok": true, "tmpdir": "/t/é"}')    # no final newline
    session, changes, logs, _emitted, ok = _replay(qtbot, tmp_path, text, piece=1, code=0)
    assert ok is True
    assert session.tmpdir == "/t/é"
    assert changes == [("m/inner", "ü", "finished")]
    assert "fastr says: naïve ✓ done" in logs
    assert session.counts_under("m") == {"finished": 1}


def test_a_process_that_ends_early_leaves_no_job_running(qtbot, tmp_path: Path) -> None:
    text = ('FASTR-EDITOR-RUN {"event": "started", "tmpdir": "/t", "network": "n"}\n'
            'FASTR-EDITOR-JOB {"node": "a", "sample": "s", "folder": "s", "status": "running"}\n'
            'FASTR-EDITOR-JOB {"node": "b", "sample": "s", "folder": "s", "status": "queued"}\n')
    session, changes, logs, _emitted, ok = _replay(qtbot, tmp_path, text, code=3)
    assert ok is False and session.exit_code == 3
    assert session.totals()["cancelled"] == 2 and session.totals()["running"] == 0
    assert "fastr stopped (exit code 3)." in logs


def test_invalid_network_messages(qtbot, tmp_path: Path) -> None:
    text = 'FASTR-EDITOR-RUN {"event": "invalid", "messages": ["add: input right_hand is not linked"]}\n'
    session, _changes, logs, _emitted, ok = _replay(qtbot, tmp_path, text, code=1)
    assert ok is False
    assert session.messages == ["add: input right_hand is not linked"]
    assert "fastr: add: input right_hand is not linked" in logs


def test_a_program_that_does_not_exist(qtbot, tmp_path: Path) -> None:
    session = RunSession()
    with qtbot.waitSignal(session.finished, timeout=10_000) as blocker:
        session.start_command(str(tmp_path / "no-python"), ["-c", "pass"])
    assert blocker.args == [False]
    assert not session.running and session.messages and "Cannot start" in session.messages[0]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize("kind", ["polite", "stubborn"])
def test_cancel_stops_the_process_and_its_tools(qtbot, kind: str) -> None:
    if os.name != "posix":
        pytest.skip("process groups are POSIX")
    session = RunSession(grace_ms=500)
    logs: list[str] = []
    session.log_line.connect(logs.append)
    session.start_command(sys.executable, ["-c", LONG, kind])
    qtbot.waitUntil(lambda: session.totals()["running"] == 1, timeout=20_000)
    tool_pid = int(next(line for line in logs if line.startswith("tool pid")).split()[-1])
    assert session.running and _alive(tool_pid)
    with qtbot.waitSignal(session.finished, timeout=15_000) as blocker:
        session.cancel()
    assert blocker.args == [False]
    assert session.cancelled and not session.running
    assert session.totals() == {"queued": 0, "running": 0, "finished": 0, "failed": 0, "cancelled": 1}
    qtbot.waitUntil(lambda: not _alive(tool_pid), timeout=5_000)     # the tool ignored SIGTERM: killed
    assert "Run cancelled." in logs


def test_starting_twice_is_refused(qtbot) -> None:
    session = RunSession()
    session.start_command(sys.executable, ["-c", "import time; time.sleep(30)"])
    try:
        with pytest.raises(RuntimeError):
            session.start_command(sys.executable, ["-c", "pass"])
    finally:
        with qtbot.waitSignal(session.finished, timeout=10_000):
            session.kill()


# -- helpers ----------------------------------------------------------------------------------------
def test_states_and_counts() -> None:
    assert [state_of(s) for s in ("created", "hold", "running", "processing_callback", "execution_failed",
                                  "finished", "failed", "cancelled")] == [
        "queued", "queued", "running", "running", "running", "finished", "failed", "cancelled"]
    assert aggregate_state({}) is None
    assert aggregate_state({"finished": 3}) == "finished"
    assert aggregate_state({"finished": 3, "failed": 1}) == "failed"
    assert aggregate_state({"finished": 1, "queued": 2}) == "running"
    assert aggregate_state({"queued": 2}) == "queued"
    assert aggregate_state({"finished": 1, "cancelled": 1}) == "cancelled"
    assert format_counts({"finished": 3, "failed": 1, "queued": 0}) == "3✓ 1✗"
    assert counts_under({"m/a": {"finished": 1}, "m/b": {"failed": 2}, "mm": {"queued": 1}}, "m") == {
        "finished": 1, "failed": 2}
    result = RunResult("/t", "n", [RunJob("a", "s1", "finished", "/t/a/s1"),
                                   RunJob("a", "s2", "finished", "/t/a/s2", errors=["boom"]),
                                   RunJob("b", "s1", "cancelled", "/t/b/s1")], [], True)
    assert counts_from_result(result) == {"a": {"finished": 1, "failed": 1}, "b": {"cancelled": 1}}


def test_source_rows_and_sink_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [("s1", "1"), ("", "5"), ("pair", "a"), ("pair", "b"), ("skip", "  "), ("", "7")]
    assert source_data_from_rows(rows) == {"s1": "1", "id_1": "5", "pair": ("a", "b"), "id_3": "7"}
    assert source_data_from_rows([("id_0", "x"), ("", "y")]) == {"id_0": "x", "id_1": "y"}
    monkeypatch.chdir(tmp_path)
    assert sink_url("vfs://tmp/{sample_id}{ext}") == "vfs://tmp/{sample_id}{ext}"
    assert sink_url("out/{sample_id}{ext}") == f"file://{tmp_path}/out/{{sample_id}}{{ext}}"


def test_default_run_directory(tmp_path: Path) -> None:
    file = tmp_path / "nets" / "add_ints.yaml"
    assert default_tmpdir(str(file), "add_ints", beside=True) == str(tmp_path / "nets" / "add_ints.fastr-run")
    cached = default_tmpdir(str(file), "add_ints")
    assert Path(cached).name.startswith("add_ints-") and "fastr-editor" in cached
    assert cached == default_tmpdir(str(file), "add_ints")                     # stable: resume works
    assert cached != default_tmpdir(str(tmp_path / "other.yaml"), "add_ints")  # one per network file
    assert default_tmpdir(None, "a b/c", beside=True) != default_tmpdir(None, "other")


def test_run_settings_per_network(tmp_path: Path) -> None:
    qsettings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = RunSettings(qsettings)
    assert settings.load("/a/net.yaml", "net") == {}
    settings.save("/a/net.yaml", "net", {"python": "/py", "sources": {"s": [["x", "1"]]}})
    settings.save(None, "net", {"tmpdir": "/t"})
    again = RunSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again.load("/a/net.yaml", "net") == {"python": "/py", "sources": {"s": [["x", "1"]]}}
    assert again.load(None, "net") == {"tmpdir": "/t"}
    assert again.load("/b/net.yaml", "net") == {}
    assert again.last_python() == "/py"


def test_deleting_a_running_session_kills_its_process_group(qtbot) -> None:
    import shiboken6
    session = RunSession()
    logs: list[str] = []
    session.log_line.connect(logs.append)
    session.start_command(sys.executable, ["-c", LONG, "stubborn"])
    qtbot.waitUntil(lambda: session.totals()["running"] == 1, timeout=20_000)
    tool_pid = int(next(line for line in logs if line.startswith("tool pid")).split()[-1])
    shiboken6.delete(session)                   # as when its window is closed during a run
    qtbot.waitUntil(lambda: not _alive(tool_pid), timeout=5_000)
