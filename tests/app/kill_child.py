"""The child process of tests/app/test_kill_recovery.py: a real editor window (offscreen) on a
network file, editing until it is killed with SIGKILL. Every event goes to a side file, one line
each, written with os.write (the kernel keeps it whatever happens to this process):

    ready <t>            the window shows the network
    edit <n> <t>         edit n was applied (node NODE moved to x = n)
    saving <t>           Save was triggered (the File menu's action, as Ctrl+S does)
    saved <ok> <t>       the save came back
    recovery <t>         the autosaver wrote its recovery file

    python3 tests/app/kill_child.py NETWORK SIDE_FILE edit|save [SLOW_SAVE_S]

``edit``: one edit every 100 ms (a move, every fifth one a rename back and forth too).
``save``: one edit, Save 0.2 s later, then edits every 100 ms again; the worker's write first
sleeps SLOW_SAVE_S (a slow disk: the save of a big network on the window's thread took 4.5 s).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

NODE = "add_b0_0"
INTERVAL_MS = 100
GUARD_S = 120.0          # the child ends by itself if nobody kills it


def main(network: str, side: str, mode: str, slow: float) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from editor.model import document as document_module
    from editor.model.commands import MoveNodesCommand, RenameNodeCommand

    fd = os.open(side, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)

    def log(text: str) -> None:
        os.write(fd, f"{text} {time.time():.6f}\n".encode())

    if slow > 0:
        real = document_module.write_state

        def slow_write(*args, **kwargs):
            time.sleep(slow)
            return real(*args, **kwargs)
        document_module.write_state = slow_write

    app = QApplication([])
    from editor.app.mainwindow import MainWindow
    window = MainWindow()
    window.show()
    assert window.open_path(network, ask=False)
    window.recovery.autosaver.written.connect(lambda _path: log("recovery"))
    app.processEvents()
    count = [0]
    model = window.document.root_model

    def edit() -> None:
        count[0] += 1
        n = count[0]
        node = window.document.root.nodes[NODE]
        window.document.push(MoveNodesCommand(model, {NODE: (node.position, (float(n), 0.0))}))
        if n % 5 == 0:                    # a rename and its way back: two more undo steps
            window.document.push(RenameNodeCommand(model, "sink_b1", "sink_b1_renamed"))
            window.document.push(RenameNodeCommand(model, "sink_b1_renamed", "sink_b1"))
        log(f"edit {n}")

    timer = QTimer()
    timer.setInterval(INTERVAL_MS)
    timer.timeout.connect(edit)

    def save() -> None:
        log("saving")
        window.menu_actions.save.trigger()       # what Ctrl+S does; returns when the save is done
        log(f"saved {int(not window.document.saving)}")

    log("ready")
    if mode == "edit":
        timer.start()
    else:
        edit()
        QTimer.singleShot(200, save)
        QTimer.singleShot(250, timer.start)
    QTimer.singleShot(int(GUARD_S * 1000), app.quit)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 0.0)
