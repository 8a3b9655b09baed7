"""Networks run on a real Slurm cluster through the editor, with fastr 3.4.0's SlurmExecution.

The node limits set in the editor's resource panel (2 cores, 3000M, 00:07:00) reach Slurm: its own
record of the node's jobs (``scontrol show job``) carries exactly those. A run is cancelled from
the editor and no job of it stays queued. With the controller unreachable the run ends with one
clear message.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLineEdit, QMainWindow

from editor.api import create_network_copy
from editor.app.cli import run
from editor.canvas.view import NetworkView
from editor.core.io.files import load_network
from editor.core.setup.library import static_settings
from editor.model.document import Document
from editor.model.runmodel import RunSettings
from editor.panels.limits import ResourceLimitEditor
from editor.panels.run import RunDialog
from editor.panels.runcontrol import install_run_ui
from tests.slurm.cluster import Cluster

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "examples" / "add_ints.state.json"


def _fastr_home(folder: Path, partition: str = "debug") -> Path:
    """A FASTRHOME whose configuration is the user's cluster set-up: Slurm, a partition, and a
    short job check interval (fastr's default is 30 s)."""
    home = folder / f"fastrhome-{partition}"
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.py").write_text(f"execution_plugin = 'SlurmExecution'\nslurm_partition = '{partition}'\n"
                                    "slurm_job_check_interval = 1\n")
    return home


def _retype(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _limited_document(qtbot) -> Document:
    """add_ints with the limits of node ``add`` set in the resource panel, as a user sets them."""
    document = Document(create_network_copy(json.loads(GOLDEN.read_text())))
    panel = ResourceLimitEditor(document)
    qtbot.addWidget(panel)
    panel.show()
    panel.set_nodes(["add"])
    panel.cores_spin.setFocus()
    panel.cores_spin.selectAll()
    qtbot.keyClicks(panel.cores_spin, "2")
    qtbot.keyClick(panel.cores_spin, Qt.Key.Key_Return)
    _retype(qtbot, panel.memory_edit, "3000")
    panel.memory_unit.setCurrentText("M")
    panel.memory_unit.activated.emit(panel.memory_unit.currentIndex())
    qtbot.mouseClick(panel.fields["time"].unlimited, Qt.MouseButton.LeftButton)
    _retype(qtbot, panel.time_edit, "00:07:00")
    limits = document.root.nodes["add"].resources
    assert (limits.cores, limits.memory, limits.time) == (2, 3000, 420), limits
    return document


def _sink_values(out: Path) -> list[str]:
    """What the sink wrote (fastr writes its provenance next to it, as ``*.prov.json``)."""
    return sorted(p.read_text().strip() for p in out.iterdir() if not p.name.endswith((".json", ".ttl")))


def _jobs_of(cluster: Cluster, run_dir: Path, node: str) -> list[dict[str, str]]:
    """Slurm's records of the jobs fastr submitted for ``node`` of the run in ``run_dir``."""
    return [job for job in cluster.jobs() if job.get("StdOut", "").startswith(f"{run_dir}/{node}/")]


def test_cli_run_on_slurm_carries_the_editors_limits(qtbot, fastr_oracle, slurm_cluster: Cluster,
                                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    document = _limited_document(qtbot)
    network_file = tmp_path / "add_ints.yaml"
    document.save(str(network_file))
    assert load_network(network_file).nodes["add"].resources.time == 420
    monkeypatch.setenv("FASTRHOME", str(_fastr_home(tmp_path)))
    for key, value in slurm_cluster.env.items():
        monkeypatch.setenv(key, value)
    out, run_dir = tmp_path / "out", tmp_path / "rundir"
    code = run(["run", str(network_file), "--fastr", str(fastr_oracle.python), "--tmpdir", str(run_dir),
                "--source", "source=1", "--source", "source@s2=4",
                "--sink", f"sink={out}/sink_{{sample_id}}_{{cardinality}}{{ext}}"])
    printed = capsys.readouterr()
    assert code == 0, printed.out + printed.err
    assert "execution plugin: SlurmExecution" in printed.out and "configuration" in printed.out
    assert _sink_values(out) == ["11", "14"]
    assert "add s2: finished" in printed.out
    jobs = _jobs_of(slurm_cluster, run_dir, "add")
    assert len(jobs) == 2, [j.get("StdOut") for j in slurm_cluster.jobs()]
    for job in jobs:
        assert job["JobState"] == "COMPLETED"
        assert job["NumCPUs"] == "2" and job["CPUs/Task"] == "2"
        assert job["MinMemoryNode"] == "3000M"
        assert job["TimeLimit"] == "00:07:00"
        assert job["Partition"] == "debug"
    others = _jobs_of(slurm_cluster, run_dir, "sink")
    assert others and all(j["TimeLimit"] != "00:07:00" for j in others)     # only that node's limits


class _Window(QMainWindow):
    def __init__(self, document: Document) -> None:
        super().__init__()
        self.document = document
        self.view = NetworkView(document)
        self.setCentralWidget(self.view)


def _dialog(qtbot, window: _Window, python: str, tmp_path: Path, out: Path, run_dir: Path) -> RunDialog:
    settings = RunSettings(QSettings(str(tmp_path / "run.ini"), QSettings.Format.IniFormat))
    dialog = RunDialog(window.document.root, None, settings, window, find_pythons=lambda: [python],
                       confirm=lambda p: True, fastr=static_settings())
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.python == python, timeout=30_000)
    table = dialog.source_tables["source"]
    table.table.item(0, 0).setText("s1")
    table.table.item(0, 1).setText("1")
    table.add_row("s2", "4")
    dialog.sink_edits["sink"].setText(f"{out}/sink_{{sample_id}}_{{cardinality}}{{ext}}")
    dialog.tmpdir_edit.setText(str(run_dir))
    return dialog


def test_run_controller_on_slurm_follows_the_jobs_and_cancels(qtbot, fastr_oracle, slurm_cluster: Cluster,
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's Run: per-node states follow the Slurm run to the end; then a run sent to a
    partition that holds every job is cancelled from the window and nothing stays in squeue."""
    for key, value in slurm_cluster.env.items():
        monkeypatch.setenv(key, value)
    python = str(fastr_oracle.python)
    window = _Window(_limited_document(qtbot))
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    install_run_ui(window)
    controller = window.run_controller

    monkeypatch.setenv("FASTRHOME", str(_fastr_home(tmp_path)))
    out, run_dir = tmp_path / "out", tmp_path / "rundir"
    dialog = _dialog(qtbot, window, python, tmp_path, out, run_dir)
    with qtbot.waitSignal(dialog.accepted, timeout=180_000):
        dialog.accept()
    assert dialog.plugin_source.text() == "from your fastr configuration: SlurmExecution"
    request = dialog.request()
    assert request.execution_plugin == "SlurmExecution"
    session = controller.session
    seen: list[tuple[str, str, str]] = []
    session.job_changed.connect(lambda *args: seen.append(args))
    assert controller.start(request)
    qtbot.waitUntil(lambda: not session.running, timeout=600_000)
    assert session.ok is True, controller.panel.log_text()[-3000:]
    assert _sink_values(out) == ["11", "14"]
    assert ("add", "s1", "finished") in seen and ("add", "s2", "finished") in seen
    assert controller.panel.counts()["finished"] == 7
    jobs = _jobs_of(slurm_cluster, run_dir, "add")
    assert [(j["NumCPUs"], j["MinMemoryNode"], j["TimeLimit"]) for j in jobs] == [("2", "3000M", "00:07:00")] * 2

    monkeypatch.setenv("FASTRHOME", str(_fastr_home(tmp_path, partition="held")))
    held_dir = tmp_path / "held"
    dialog = _dialog(qtbot, window, python, tmp_path, tmp_path / "held-out", held_dir)
    with qtbot.waitSignal(dialog.accepted, timeout=180_000):
        dialog.accept()
    assert controller.start(dialog.request())
    session = controller.session
    qtbot.waitUntil(lambda: len(slurm_cluster.queued("held")) >= 1, timeout=300_000)
    queued = slurm_cluster.queued("held")
    assert controller.actions["cancel"].isEnabled()
    controller.actions["cancel"].trigger()
    qtbot.waitUntil(lambda: not session.running, timeout=300_000)
    assert session.ok is not True
    assert slurm_cluster.queued("held") == []
    states = {j["JobId"]: j["JobState"] for j in slurm_cluster.jobs()}
    assert all(states.get(job) == "CANCELLED" for job in queued), states


def test_cli_cancel_with_sigint_leaves_no_job(fastr_oracle, slurm_cluster: Cluster, tmp_path: Path) -> None:
    """``fastr-editor run`` interrupted (Ctrl+C) cancels its queued jobs."""
    network_file = tmp_path / "add_ints.yaml"
    network_file.write_text(json.dumps(json.loads(GOLDEN.read_text())))
    network_file = network_file.rename(tmp_path / "add_ints.json")
    env = {**os.environ, **slurm_cluster.env, "FASTRHOME": str(_fastr_home(tmp_path, partition="held"))}
    process = subprocess.Popen([sys.executable, "-m", "editor", "run", str(network_file), "--fastr",
                                str(fastr_oracle.python), "--tmpdir", str(tmp_path / "rundir"),
                                "--source", "source=1", "--sink", f"sink={tmp_path}/out/{{sample_id}}{{ext}}"],
                               cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(3000):                       # until fastr's jobs are queued (a hang guard)
            if slurm_cluster.queued("held") or process.poll() is not None:
                break
            subprocess.run(["sleep", "0.1"], check=True)
        queued = slurm_cluster.queued("held")
        assert queued, process.communicate(timeout=60)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode != 0
    assert "Traceback" not in stderr
    assert slurm_cluster.queued("held") == []


def test_an_unreachable_cluster_is_one_clear_message(fastr_oracle, slurm_cluster: Cluster, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    """A slurm.conf whose controller is not running: the run does not start, and says why."""
    dead = tmp_path / "dead"
    dead.mkdir()
    conf = slurm_cluster.conf.read_text()
    port = next(line.split("=")[1] for line in conf.splitlines() if line.startswith("SlurmctldPort="))
    (dead / "slurm.conf").write_text(conf.replace(f"SlurmctldPort={port}", "SlurmctldPort=9"))
    monkeypatch.setenv("SLURM_CONF", str(dead / "slurm.conf"))
    monkeypatch.setenv("FASTRHOME", str(_fastr_home(tmp_path)))
    network_file = tmp_path / "add_ints.json"
    network_file.write_text(GOLDEN.read_text())
    code = run(["run", str(network_file), "--fastr", str(fastr_oracle.python), "--tmpdir", str(tmp_path / "rd"),
                "--source", "source=1", "--sink", f"sink={tmp_path}/out/{{sample_id}}{{ext}}"])
    printed = capsys.readouterr()
    assert code != 0
    lines = [line for line in printed.err.splitlines() if line.strip()]
    assert len(lines) == 1, printed.err
    assert "Slurm is not reachable" in lines[0] and str(network_file) in lines[0]
    assert "Traceback" not in printed.out + printed.err
