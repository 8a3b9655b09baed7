"""File > Open Script… in the window, with real fastr 3.4.0: the network a script builds opens,
its output streams into the Script Output panel, a failing script is one clear message with its
traceback, several networks are offered to choose from, Cancel stops a script that does not end,
and Reload Script keeps the positions of the nodes that stayed and shows what changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from editor.app.openscript import ScriptDialog, ScriptRequest
from editor.core.compare.diff import ADDED
from tests.oracle.fastr_env import fastr_home

BUILD = '''
import sys
import fastr
network = fastr.create_network(id=sys.argv[1] if len(sys.argv) > 1 else "scripted")
source = network.create_source("Int", id="numbers")
add = network.create_node("fastr/math/AddInt:1.0", tool_version="1.0", id="add")
sink = network.create_sink("Int", id="result")
add.inputs["left_hand"] << source.output
add.inputs["right_hand"] << [1]
sink.input << add.outputs["result"]
EXTRA
print("built the network")
'''


@pytest.fixture
def fastr_home_env(monkeypatch):
    monkeypatch.setenv("FASTRHOME", str(fastr_home()))


def _run(qtbot, window, request: ScriptRequest) -> None:
    window.script.start(request)
    qtbot.waitUntil(lambda: window.script.running is None, timeout=240_000)


def test_a_script_opens_as_its_network_and_reload_shows_what_changed(qtbot, window, fastr_oracle, fastr_home_env,
                                                                     tmp_path: Path) -> None:
    script = tmp_path / "pipeline.py"
    script.write_text(BUILD.replace("EXTRA", ""))
    _run(qtbot, window, ScriptRequest(str(script), ["my_pipeline"], str(fastr_oracle.python), 120.0))
    network = window.document.root
    assert network.id == "my_pipeline"
    assert set(network.nodes) == {"numbers", "add", "result", "const__add__right_hand"}
    assert "built the network" in window.script.output.toPlainText()
    assert window.script.dock.isVisible() and window.script.reload_action.isEnabled()
    assert all(node.position is not None for node in network.nodes.values())
    assert "from pipeline.py" in window.windowTitle()

    moved = (1234.0, 567.0)
    network.nodes["add"].position = moved                # the user arranged it
    script.write_text(BUILD.replace("EXTRA", 'extra = network.create_sink("Int", id="copy")\n'
                                             'extra.input << add.outputs["result"]'))
    window.script.reload_action.trigger()
    qtbot.waitUntil(lambda: window.script.running is None, timeout=240_000)
    again = window.document.root
    assert "copy" in again.nodes
    assert again.nodes["add"].position == moved           # kept for the node that stayed
    kinds = {(c.kind, c.id) for c in window.compare.panel.changes_shown()}
    assert (ADDED, "copy") in kinds
    assert window.compare.overlay.kind_of("copy") == ADDED
    assert "previous run" in window.compare.panel.summary.text()


def test_a_failing_script_is_one_message_with_its_traceback(qtbot, window, fastr_oracle, fastr_home_env,
                                                            tmp_path: Path) -> None:
    script = tmp_path / "broken.py"
    script.write_text("import fastr\nnetwork = fastr.create_network(id='x')\nraise ValueError('no data folder')\n")
    before = window.document.root
    _run(qtbot, window, ScriptRequest(str(script), [], str(fastr_oracle.python), 120.0))
    box = window.script.error_box
    assert "broken.py" in box.text() and "no data folder" in box.text()
    assert "Traceback" in box.detailedText() and "ValueError" in box.detailedText()
    assert window.document.root is before                 # nothing the user had is lost
    box.close()


def test_several_networks_are_offered_and_the_chosen_one_opens(qtbot, window, fastr_oracle, fastr_home_env,
                                                               tmp_path: Path, monkeypatch) -> None:
    script = tmp_path / "two.py"
    script.write_text("import fastr\na = fastr.create_network(id='first')\na.create_source('Int', id='s')\n"
                      "b = fastr.create_network(id='second')\nb.create_sink('Int', id='k')\n")
    offered: list[list[str]] = []
    monkeypatch.setattr(window.script, "pick", lambda labels, name: (offered.append(labels), (labels[1], True))[1])
    _run(qtbot, window, ScriptRequest(str(script), [], str(fastr_oracle.python), 120.0))
    assert offered == [["first", "second"]]
    assert window.document.root.id == "second"


def test_cancel_stops_a_script_that_does_not_end(qtbot, window, fastr_oracle, fastr_home_env, tmp_path: Path) -> None:
    script = tmp_path / "forever.py"
    script.write_text("import time\nprint('looping', flush=True)\nwhile True:\n    time.sleep(0.1)\n")
    window.script.start(ScriptRequest(str(script), [], str(fastr_oracle.python), 600.0))
    qtbot.waitUntil(lambda: "looping" in window.script.output.toPlainText(), timeout=120_000)
    assert window.script.cancel_button.isEnabled()
    window.script.cancel_button.click()
    qtbot.waitUntil(lambda: window.script.running is None, timeout=120_000)
    assert "cancelled" in window.script.status.text()
    window.script.error_box.close()


def test_the_dialog_says_it_runs_the_users_code_and_checks_its_input(qtbot, tmp_path: Path) -> None:
    dialog = ScriptDialog("", "/opt/fastr/bin/python")
    qtbot.addWidget(dialog)
    assert "your own code" in dialog.note.text() and "/opt/fastr/bin/python" in dialog.note.text()
    dialog.accept()
    assert "no such file" in dialog.error.text() and dialog.result() != QDialog.DialogCode.Accepted
    script = tmp_path / "s.py"
    script.write_text("")
    dialog.script_edit.setText(str(script))
    dialog.args_edit.setText("'unclosed")
    dialog.accept()
    assert "Arguments" in dialog.error.text()
    dialog.args_edit.setText("--subject 'a b' 3")
    dialog.accept()
    assert dialog.request().args == ["--subject", "a b", "3"]
    nobody = ScriptDialog(str(script), None)
    qtbot.addWidget(nobody)
    assert not nobody.run_button.isEnabled() and "no fastr Python chosen" in nobody.note.text()


def test_opening_a_py_file_offers_it_to_open_script_and_runs_nothing_unasked(qtbot, window, tmp_path: Path,
                                                                              monkeypatch) -> None:
    """``fastr-editor pipeline.py`` and File > Open on a script: the Open Script dialog, prefilled."""
    script = tmp_path / "pipeline.py"
    script.write_text("raise SystemExit('must not run')\n")
    shown: list[str] = []

    def exec_(dialog) -> int:
        shown.append(dialog.script_edit.text())
        return QDialog.DialogCode.Rejected
    monkeypatch.setattr(ScriptDialog, "exec", exec_)
    before = window.document.root
    assert window.open_path(str(script), ask=False) is False
    assert shown == [str(script)]
    assert window.script.running is None and window.document.root is before
