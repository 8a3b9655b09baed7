"""The window's event loop during a save: the longest gap between ticks of a 10 ms QTimer while a
WORC-like network is saved, by the window (text made and written by a worker thread) and by a
synchronous save on the UI thread (what the window did before).

    QT_QPA_PLATFORM=offscreen python3 tests/benchmarks/bench_save_stall.py --sizes 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from scale_network import build_network  # noqa: E402


def main(sizes: list[int], repeat: int) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    folder = tempfile.mkdtemp(prefix="bench-save-stall-")
    os.environ["FASTR_EDITOR_DATA_DIR"] = folder
    os.environ["FASTR_EDITOR_SETTINGS_DIR"] = folder
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from editor.core.io.files import save_network_stamped
    from editor.model.document import Document
    app = QApplication.instance() or QApplication([])
    print(f"{'nodes':>7} {'mode':>6} {'save s':>7} {'max stall ms':>13} {'ticks':>6}")
    for n in sizes:
        network = build_network(n)
        for mode in ("sync", "worker") * repeat:
            document = Document(network)
            path = str(Path(folder) / f"n{n}.yaml")
            gaps: list[float] = []
            clock = QElapsedTimer()
            clock.start()
            last = [clock.nsecsElapsed()]

            def tick() -> None:
                now = clock.nsecsElapsed()
                gaps.append((now - last[0]) / 1e6)
                last[0] = now
            timer = QTimer()
            timer.setInterval(10)
            timer.timeout.connect(tick)
            timer.start()
            for _ in range(5):
                app.processEvents()
                time.sleep(0.01)
            gaps.clear()
            start = time.perf_counter()
            last[0] = clock.nsecsElapsed()
            if mode == "sync":
                save_network_stamped(network, path, backup=True)
                app.processEvents()
            else:
                job = document.save_async(path)
                while not job.handled:
                    app.processEvents()
                    time.sleep(0.001)
            seconds = time.perf_counter() - start
            app.processEvents()
            timer.stop()
            stall = max(gaps) if gaps else seconds * 1000
            print(f"{n:>7} {mode:>6} {seconds:>7.3f} {stall:>13.0f} {len(gaps):>6}")
            document.deleteLater()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10000])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    main(args.sizes, args.repeat)
