"""RunDialog: validates before starting, checks the fastr Python, and remembers values per network."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from editor.api import create_network_copy
from editor.model.runmodel import RunSettings
from editor.panels.run import RunDialog

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _add_ints():
    return create_network_copy(json.loads((GOLDEN / "examples/add_ints.state.json").read_text()))


@pytest.fixture
def fake_python(tmp_path: Path) -> str:
    path = tmp_path / "bin" / "python"
    path.parent.mkdir()
    path.write_text("#!/bin/sh\nexit 0\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


@pytest.fixture
def settings(tmp_path: Path) -> RunSettings:
    return RunSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


def _dialog(qtbot, settings, fake_python, file_path=None, checks=None, network=None):
    checks = checks if checks is not None else {}
    dialog = RunDialog(network or _add_ints(), file_path, settings, find_pythons=lambda: [fake_python],
                       check_python=lambda p: checks.setdefault(p, "3.4.0") or None, confirm=lambda p: True)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.python == fake_python, timeout=5000)
    return dialog


def test_sources_and_sinks_of_the_network(qtbot, settings, fake_python) -> None:
    dialog = _dialog(qtbot, settings, fake_python)
    assert dialog.sources == ["source"] and dialog.sinks == ["sink"]      # the constant needs no data
    assert list(dialog.source_tables) == ["source"]
    template = dialog.sink_edits["sink"].text()
    assert template.startswith("vfs://tmp/results/add_ints/") and "{sample_id}" in template
    assert "{cardinality}" in template and template.endswith("{ext}")
    assert "(no data)" in dialog.source_list.item(0).text()


def test_validation_blocks_until_everything_is_there(qtbot, settings, fake_python, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, settings, fake_python)
    dialog.sink_edits["sink"].setText("")
    dialog.python_combo.setEditText(str(tmp_path / "missing-python"))
    dialog.tmpdir_edit.setText("")
    problems = dialog.validate()
    assert any("Source source has no data" in p for p in problems)
    assert any("Sink sink has no template" in p for p in problems)
    assert any("not an executable Python" in p for p in problems)
    assert any("run directory" in p for p in problems)
    dialog.accept()
    assert dialog.result() == 0 and "Source source has no data" in dialog.errors.text()

    table = dialog.source_tables["source"]
    table.table.item(0, 0).setText("a/b")
    table.table.item(0, 1).setText("1")
    assert any("cannot contain a slash" in p for p in dialog.validate())
    table.table.item(0, 0).setText("s1")
    assert dialog.source_list.item(0).text() == "source"
    dialog.sink_edits["sink"].setText(str(tmp_path / "out" / "{sample_id}{ext}"))
    dialog.python_combo.setEditText(fake_python)
    dialog.tmpdir_edit.setText(str(tmp_path / "run"))
    assert dialog.validate() == []


def test_a_python_without_fastr_is_refused(qtbot, settings, fake_python) -> None:
    dialog = _dialog(qtbot, settings, fake_python, checks={fake_python: ""})
    dialog.source_tables["source"].table.item(0, 1).setText("1")
    dialog.python_checks.pop(fake_python, None)         # forget what the finder said
    dialog.accept()                                     # checks first
    qtbot.waitUntil(lambda: fake_python in dialog.python_checks, timeout=5000)
    assert dialog.python_checks[fake_python] is None
    assert "cannot import fastr" in dialog.python_status.text()
    assert dialog.result() == 0
    assert any("cannot import fastr" in p for p in dialog.validate())


def test_accept_checks_the_python_then_remembers_everything(qtbot, settings, fake_python, tmp_path: Path) -> None:
    file_path = str(tmp_path / "nets" / "add_ints.yaml")
    dialog = _dialog(qtbot, settings, fake_python, file_path=file_path)
    assert dialog.sink_edits["sink"].text().startswith(f"file://{tmp_path}/nets/add_ints_results/sink_")
    table = dialog.source_tables["source"]
    table.table.item(0, 0).setText("s1")
    table.table.item(0, 1).setText("1")
    table.add_row("pair", "2")
    table.add_row("pair", "3")
    table.add_row("", "4")
    dialog.sink_edits["sink"].setText("vfs://tmp/results/{sample_id}_{cardinality}{ext}")
    dialog.tmpdir_edit.setText(str(tmp_path / "rundir"))
    dialog.plugin_combo.setEditText("ProcessPoolExecution")
    dialog.python_checks.pop(fake_python, None)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        dialog.accept()
    assert dialog.python_checks[fake_python] == "3.4.0"
    request = dialog.request({"FASTRHOME": "/x"})
    assert request.source_data == {"source": {"s1": "1", "pair": ("2", "3"), "id_2": "4"}}
    assert request.sink_data == {"sink": "vfs://tmp/results/{sample_id}_{cardinality}{ext}"}
    assert request.python == fake_python and request.tmpdir == str(tmp_path / "rundir")
    assert request.execution_plugin == "ProcessPoolExecution" and request.env == {"FASTRHOME": "/x"}

    again = _dialog(qtbot, settings, fake_python, file_path=file_path)
    assert again.source_tables["source"].rows() == [("s1", "1"), ("pair", "2"), ("pair", "3"), ("", "4")]
    assert again.sink_edits["sink"].text() == "vfs://tmp/results/{sample_id}_{cardinality}{ext}"
    assert again.tmpdir_edit.text() == str(tmp_path / "rundir")
    assert again.plugin_combo.currentText() == "ProcessPoolExecution"
    assert again.python == fake_python
    other = _dialog(qtbot, settings, fake_python, file_path=str(tmp_path / "other.yaml"))
    assert other.source_tables["source"].rows() == [("", "")]          # another network: its own values
    assert other.python == fake_python                                 # the last Python is a good guess


def test_files_become_samples(qtbot, settings, fake_python, tmp_path: Path) -> None:
    dialog = _dialog(qtbot, settings, fake_python)
    table = dialog.source_tables["source"]
    files = [tmp_path / "subj1.nii.gz", tmp_path / "subj2.nii.gz", tmp_path / "x" / "subj1.nii.gz"]
    table.add_files([str(f) for f in files])
    assert table.rows() == [("subj1", f"file://{files[0]}"), ("subj2", f"file://{files[1]}"),
                            ("subj1_1", f"file://{files[2]}")]
    table.table.selectRow(1)
    table.remove_selected()
    assert [r[0] for r in table.rows()] == ["subj1", "subj1_1"]
    assert dialog.source_list.item(0).text() == "source"


def test_tmpdir_buttons(qtbot, settings, fake_python, tmp_path: Path) -> None:
    file_path = str(tmp_path / "add_ints.yaml")
    dialog = _dialog(qtbot, settings, fake_python, file_path=file_path)
    assert "fastr-editor" in dialog.tmpdir_edit.text() and os.path.isabs(dialog.tmpdir_edit.text())
    from PySide6.QtWidgets import QPushButton
    beside = next(b for b in dialog.findChildren(QPushButton) if b.text() == "Next to the file")
    beside.click()
    assert dialog.tmpdir_edit.text() == str(tmp_path / "add_ints.fastr-run")
