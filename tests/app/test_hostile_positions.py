"""Huge node positions (y = +/-1e308, a 400-digit integer) from a file, a recovery file or the
clipboard: the window opens them, then New and Open again, without a crash (issue 17, item 1).

Qt crashed (SIGSEGV, exit 139) in the scene's rectangle code on the rebuild after such a file, so
the window test runs in a child process: a crash is a failed test, not a dead test session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.core.graph.coords import MAX_COORDINATE
from editor.model import recovery as rec
from editor.model.recovery import read_entry

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "hostile"

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import editor.app.main as main
path = sys.argv[1]

def act():
    try:
        window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "edits"))
        assert window.open_path(path, ask=False), "the file did not open"
        QApplication.processEvents()
        print("status:", window.statusBar().currentMessage(), flush=True)
        window.new_network()
        QApplication.processEvents()
        assert window.open_path(path, ask=False), "the file did not open again"
        QApplication.processEvents()
        window.view.fit_all()
        QApplication.processEvents()
        rect = window.view.scene().sceneRect()
        print("scene:", rect.width(), rect.height(), flush=True)
        window.document.undo_stack.setClean()
        window.close()
        QApplication.instance().quit()
    except BaseException:
        import os, traceback
        traceback.print_exc()
        os._exit(5)

main.make_application()
QTimer.singleShot(300, act)
sys.exit(main.launch(None))
"""


@pytest.mark.parametrize("name", ["huge_positions.json", "huge_integer_positions.yaml"])
def test_open_new_open_a_file_with_huge_positions(tmp_path: Path, name: str) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FASTR_EDITOR_SETTINGS_DIR=str(tmp_path / "s"),
               FASTR_EDITOR_DATA_DIR=str(tmp_path / "d"), PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-X", "faulthandler", "-c", SCRIPT, str(CORPUS / name)], env=env,
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"exit code {result.returncode}\n{result.stderr[-3000:]}"
    status = next(line for line in result.stdout.splitlines() if line.startswith("status:"))
    assert name in status and "warning" in status and "clamped" in status, status
    width, height = (float(x) for x in result.stdout.split("scene:")[1].split())
    assert height <= 2 * MAX_COORDINATE + 10_000 and width <= 2 * MAX_COORDINATE + 10_000


def _fragment() -> dict:
    return {"format": 1, "nodes": [{"id": "far", "class": "SourceNode",
                                    "tool": {"id": "fastr/Source:1.0", "version": "1.0"},
                                    "outputs": [{"id": "output", "datatype": "Int"}]},
                                   {"id": "nan", "class": "SourceNode",
                                    "tool": {"id": "fastr/Source:1.0", "version": "1.0"},
                                    "outputs": [{"id": "output", "datatype": "Int"}]}],
            "links": [], "positions": {"far": [10**400, -1e308], "nan": [float("nan"), 1.0]}}


def test_paste_clamps_huge_positions(qapp) -> None:
    from editor.api import create_network
    from editor.model.clipboard import PasteCommand
    from editor.model.document import Document
    doc = Document(create_network("paste"))
    command = PasteCommand(doc.current_model, _fragment(), (40.0, 40.0))
    doc.push(command)
    positions = {n.id: n.position for n in command.nodes}
    assert positions == {"far": (MAX_COORDINATE, -MAX_COORDINATE + 40.0), "nan": None}
    again = PasteCommand(doc.current_model, _fragment(), (0.0, 1e308))       # the offset too
    doc.push(again)
    assert again.nodes[0].position == (MAX_COORDINATE, MAX_COORDINATE)


def test_recovery_file_with_huge_positions(qapp, tmp_path: Path) -> None:
    state = {"id": "rescued", "linklist": [], "nodelist": _fragment()["nodes"][:1],
             "__editor__": {"positions": {"far": [0.0, "BIG"]}}}
    payload = {"format": rec.RECOVERY_FORMAT, "header": {"network_id": "rescued"}, "state": state}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(payload).replace('"BIG"', "-" + "9" * 400))
    network = read_entry(path).network()
    assert network.nodes["far"].position == (0.0, -MAX_COORDINATE)
    assert network.load_warnings and "node 'far'" in network.load_warnings[0]
