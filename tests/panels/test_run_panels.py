"""RunPanel (log, counts, Cancel, Run again) and RunInspectPanel (a run directory: tree of nodes and
jobs, details of a failed job, canvas selection) without fastr."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import Qt

from editor.api import create_network
from editor.model.document import Document
from editor.model.runmodel import RunRequest, RunSession
from editor.panels.runinspect import JobRole, RunInspectPanel
from editor.panels.runlog import RunPanel
from tests.model.fake_runs import LONG, RECORDED, REPLAY


def test_run_panel_streams_the_log_and_counts(qtbot, tmp_path: Path) -> None:
    session = RunSession()
    panel = RunPanel(session, max_lines=20)
    qtbot.addWidget(panel)
    stream = tmp_path / "stream.txt"
    stream.write_text("".join(f"fastr log line {i}\n" for i in range(100)) + RECORDED)
    inspected: list[str] = []
    panel.inspect_requested.connect(inspected.append)
    panel.run_starting("add_ints")
    assert not panel.rerun_button.isEnabled()
    with qtbot.waitSignal(session.finished, timeout=30_000):
        session.start_command(sys.executable, ["-c", REPLAY, str(stream), "211", "1"])
    text = panel.log_text()
    assert panel.log.blockCount() <= 20                           # the log keeps the last lines only
    assert "Run finished with failures." in text and "fastr log line 0\n" not in text
    assert panel.counts() == {"queued": 0, "running": 0, "finished": 5, "failed": 1, "cancelled": 2}
    assert "failed 1" in panel.count_labels["failed"].text()
    assert "Finished with failures" in panel.status.text() and "/tmp/rh/rundir" in panel.status.text()
    assert not panel.cancel_button.isEnabled()
    assert not panel.rerun_button.isEnabled()                      # a bare command: nothing to run again
    panel.inspect_button.click()
    assert inspected == ["/tmp/rh/rundir"]


def test_cancel_button_and_run_again(qtbot, tmp_path: Path) -> None:
    session = RunSession(grace_ms=300)
    panel = RunPanel(session)
    qtbot.addWidget(panel)
    session.start_command(sys.executable, ["-c", LONG, "polite"])
    qtbot.waitUntil(lambda: panel.cancel_button.isEnabled() and session.totals()["running"] == 1, timeout=20_000)
    with qtbot.waitSignal(session.finished, timeout=15_000):
        panel.cancel_button.click()
    assert panel.status.text().startswith("Cancelled")
    session.request = RunRequest("python", {}, {}, str(tmp_path))  # as after RunSession.start
    panel._update_buttons()
    assert panel.rerun_button.isEnabled()
    with qtbot.waitSignal(panel.rerun_requested, timeout=1000):
        panel.rerun_button.click()


# -- inspection ----------------------------------------------------------------------------------------
def _job(root: Path, node: str, sample: str, statuses: list[str], command=None, stdout="", stderr="",
         errors=()) -> None:
    folder = root / node / sample
    folder.mkdir(parents=True)
    lines = [f"node_id: {node.rpartition('/')[2]}", "network_id: net", "status_list:"]
    lines += [f"- {{status: {s}}}" for s in statuses]
    if errors:
        lines.append("errors:")
        lines += [f"- !!python/tuple [FastrError, {e}, f.py, 1]" for e in errors]
    (folder / "__fastr_result__.yaml").write_text("\n".join(lines) + "\n")
    if command:
        info = {"process": {"command": command, "stdout": stdout, "stderr": stderr,
                            "return_code": 1 if errors else 0}}
        (folder / "__fastr_extra_job_info__.yaml").write_text(json.dumps(info))
    (folder / "__fastr_stderr__.txt").write_text(f"fastr log of {node} {sample}\n")


def _run_dir(root: Path) -> Path:
    (root / "source" / "s1" / "result").mkdir(parents=True)
    (root / "source" / "s2" / "result").mkdir(parents=True)
    _job(root, "add", "s1", ["created", "running", "execution_done", "finished"],
         ["python", "addint.py", "--in1", "1"], stdout="RESULT=[11]\n")
    _job(root, "add", "s2", ["created", "running", "execution_failed", "failed"],
         ["python", "addint.py", "--in1", "2 3"], stdout="partial\n", stderr="ValueError: two values\n",
         errors=["boom"])
    _job(root, "m/inner", "s1", ["created", "finished"], ["tool"])
    (root / "__fastr_network__.json").write_text(json.dumps({"id": "net"}))
    (root / "__sink_data__.json").write_text(json.dumps({"sink": {
        "s1": {"status": "JobState.finished", "sample_status": "VALID", "errors": []},
        "s2": {"status": "JobState.cancelled", "sample_status": "FAILED", "errors": [["add", "failed", "boom"]]}}}))
    return root


def _document() -> Document:
    net = create_network("net")
    src = net.create_source("Int", id="source")
    add = net.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    add.inputs["left_hand"] << src.output
    inner = create_network("inner_net")
    inner.create_source("Int", id="inner")
    net.create_macro(inner, id="m")
    return Document(net)


def _loaded(qtbot, tmp_path: Path) -> tuple[RunInspectPanel, Document]:
    document = _document()
    panel = RunInspectPanel(document)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    with qtbot.waitSignal(panel.result_loaded, timeout=10_000):
        panel.load(str(_run_dir(tmp_path / "run")))
    return panel, document


def test_inspection_tree_and_failed_job_details(qtbot, tmp_path: Path) -> None:
    panel, _document = _loaded(qtbot, tmp_path)
    tree = panel.tree
    tops = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert tops == ["add", "m/inner", "source"]                    # failed nodes first
    add = tree.topLevelItem(0)
    assert add.text(1) == "failed" and add.text(2) == "1✓ 1✗" and add.isExpanded()
    assert [add.child(i).text(0) for i in range(add.childCount())] == ["s1", "s2"]
    assert "5 jobs — 1 failed — 1 of 2 sink samples valid" in panel.summary.text()

    assert panel.select_job("add", "s2")
    assert panel.views["command"].toPlainText().startswith("python addint.py --in1 '2 3'")
    assert panel.views["stderr"].toPlainText() == "ValueError: two values\n"
    assert panel.views["stdout"].toPlainText() == "partial\n"
    assert "FastrError: boom" in panel.views["errors"].toPlainText()
    assert "fastr log of add s2" in panel.views["log"].toPlainText()
    assert panel.tabs.currentWidget() is panel.views["stderr"]
    for view in panel.views.values():
        assert view.isReadOnly()

    panel.select_node("source")                                     # a source ran inside fastr
    assert "no command" in panel.views["command"].toPlainText()
    panel.select_node("add")                                        # a node shows its failed job
    assert "ValueError" in panel.views["stderr"].toPlainText()

    panel.only_failed.setChecked(True)
    assert tree.topLevelItemCount() == 1 and tree.topLevelItem(0).childCount() == 1
    assert tree.topLevelItem(0).child(0).data(0, JobRole).sample == "s2"


def test_inspection_locates_and_follows_the_canvas(qtbot, tmp_path: Path) -> None:
    panel, document = _loaded(qtbot, tmp_path)
    located: list[str] = []
    panel.locate_requested.connect(located.append)
    item = panel.job_item("add", "s2")
    panel.tree.itemActivated.emit(item, 0)
    assert located == ["add"]
    document.selection.set(["source"])
    assert panel.tree.currentItem().text(0) == "source"
    document.selection.set(["m"])                                   # a macro: the first job inside
    assert panel.tree.currentItem().text(0) == "m/inner"
    document.enter_macro("m")
    document.selection.set(["inner"])
    assert panel.tree.currentItem().text(0) == "m/inner"
    assert document.undo_stack.count() == 0


def test_not_a_run_directory(qtbot, tmp_path: Path) -> None:
    panel = RunInspectPanel()
    qtbot.addWidget(panel)
    (tmp_path / "empty").mkdir()
    with qtbot.waitSignal(panel.load_failed, timeout=10_000):
        panel.load(str(tmp_path / "empty"))
    assert "not a fastr run directory" in panel.summary.text()
    assert panel.result is None and panel.tree.topLevelItemCount() == 0
    assert panel.tree.headerItem().text(0) == "Node / sample"
    assert Qt.ItemDataRole.UserRole < JobRole
