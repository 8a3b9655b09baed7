"""The editor exits cleanly (exit code 0, no crash in Qt's exit handlers) after copying nodes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
import editor.app.main as main

def act():
    try:
        from PySide6.QtGui import QGuiApplication
        from editor.model.clipboard import copy_fragment, fragment_to_mime
        window = next(w for w in QApplication.topLevelWidgets() if hasattr(w, "edits"))
        network = window.document.current_network
        network.create_source("Int", id="copied")
        QGuiApplication.clipboard().setMimeData(fragment_to_mime(copy_fragment(network, ["copied"])))
        window.document.undo_stack.setClean()
        window.close()
        QApplication.instance().quit()
    except BaseException as exc:  # report, never hang on an error dialog
        import os, traceback
        traceback.print_exc()
        os._exit(5)

main.make_application()          # the timer needs the application's event loop
QTimer.singleShot(300, act)
sys.exit(main.launch(None))
"""


def test_exit_after_copy_is_clean(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", FASTR_EDITOR_SETTINGS_DIR=str(tmp_path / "s"),
               FASTR_EDITOR_DATA_DIR=str(tmp_path / "d"))
    result = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, f"exit code {result.returncode}\n{result.stderr[-2000:]}"
