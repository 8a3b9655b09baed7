"""One real run of add_ints with fastr 3.4.0 from the GUI pieces: the dialog's request, RunSession
in a QProcess, the run panel and the canvas overlay while it runs, then the inspection view on the
run directory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

from editor.api import create_network_copy
from editor.canvas.run_overlay import RunOverlay
from editor.canvas.view import NetworkView
from editor.model.document import Document
from editor.model.runmodel import RunSettings
from editor.panels.run import RunDialog
from editor.panels.runcontrol import install_run_ui
from tests.oracle.fastr_env import fastr_home

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


class _Window(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        net = create_network_copy(json.loads((GOLDEN / "examples/add_ints.state.json").read_text()))
        self.document = Document(net)
        self.view = NetworkView(self.document)
        self.setCentralWidget(self.view)


def test_add_ints_runs_with_real_fastr(qtbot, fastr_oracle, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FASTRHOME", str(fastr_home()))             # never the user's ~/.fastr
    window = _Window()
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    install_run_ui(window, overlay_factory=RunOverlay)
    controller = window.run_controller
    assert {a.text() for a in window.menuBar().actions()} >= {"&Run"}
    assert set(controller.actions) == {"run", "rerun", "cancel", "open"}

    python = str(fastr_oracle.python)
    settings = RunSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    dialog = RunDialog(window.document.root, None, settings, window, find_pythons=lambda: [python],
                       confirm=lambda p: True)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.python == python, timeout=10_000)
    table = dialog.source_tables["source"]
    table.table.item(0, 0).setText("s1")
    table.table.item(0, 1).setText("1")
    table.add_row("s2", "4")
    out = tmp_path / "out"
    dialog.sink_edits["sink"].setText(f"{out}/sink_{{sample_id}}_{{cardinality}}{{ext}}")   # a plain path
    dialog.tmpdir_edit.setText(str(tmp_path / "rundir"))
    dialog.python_checks.pop(python, None)
    with qtbot.waitSignal(dialog.accepted, timeout=120_000):       # checks `import fastr` first
        dialog.accept()
    assert dialog.python_checks[python] == "3.4.0"

    session = controller.session
    seen: list[tuple[str, str, str]] = []
    session.job_changed.connect(lambda *args: seen.append(args))
    assert controller.start(dialog.request())
    overlay = controller.overlay
    assert isinstance(overlay, RunOverlay) and controller.run_dock.isVisible()
    assert not controller.actions["run"].isEnabled() and controller.actions["cancel"].isEnabled()
    qtbot.waitUntil(lambda: not session.running, timeout=180_000)
    log = controller.panel.log_text()
    assert session.ok is True, log[-3000:]

    assert (out / "sink_s1_0").read_text().strip() == "11"
    assert (out / "sink_s2_0").read_text().strip() == "14"
    assert ("add", "s1", "running") in seen and ("add", "s2", "finished") in seen
    assert controller.panel.counts() == {"queued": 0, "running": 0, "finished": 7, "failed": 0, "cancelled": 0}
    assert controller.panel.status.text().startswith("Finished: every sink sample is valid")
    overlay.flush()
    for node in ("source", "const__add__right_hand", "add", "sink"):
        assert overlay.state_of(node) == "finished", node
    assert overlay.label_of("add") == "2✓" and overlay.label_of("sink") == "2✓"
    assert controller.actions["rerun"].isEnabled() and controller.panel.rerun_button.isEnabled()

    inspect = controller.inspect                                    # opened on the run directory
    qtbot.waitUntil(lambda: inspect.result is not None, timeout=30_000)
    assert controller.inspect_dock.isVisible()
    assert inspect.result.tmpdir == str(tmp_path / "rundir") and inspect.result.ok
    assert {j.node for j in inspect.result.jobs} == {"source", "const__add__right_hand", "add", "sink"}
    assert inspect.select_job("add", "s2")
    assert "addint.py" in inspect.views["command"].toPlainText()
    assert inspect.views["stdout"].toPlainText().strip() == "RESULT=[14]"
    assert inspect.node_item("add").text(1) == "finished"
    assert overlay.state_of("add") == "finished"                    # now from the run directory
    window.grab().save(str(tmp_path / "after_run.png"))
    window.document.selection.set(["sink"])                         # canvas selection follows
    assert inspect.tree.currentItem().text(0) == "sink"
    controller.locate("add")
    assert window.document.selection.nodes == ["add"]
