"""Benchmark helpers (run on demand): ``bench_scale.py --open``, opening a file to a painted view,
every run in a fresh process, this tree and ``--baseline-tree`` alternating, with grabs compared
pixel for pixel (``--grab-dir``)."""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import shutil
import statistics
import sys
import time
from pathlib import Path
from typing import Any, Callable

from scale_gui import PaintWatch, new_window
from scale_network import prepare_files
from scale_proc import Profiler, rss_mb, sandbox


def run_open_child(n: int, workdir: Path, profile: str | None, grab_prefix: str | None) -> dict[str, Any]:
    """Opening as a user does, in this fresh process: a shown ``MainWindow`` opens the WORC-like
    file of ``n`` nodes with positions; CPU (process) and wall seconds from ``open_path`` until the
    viewport has painted the fit-all view. ``grab_prefix``: afterwards the viewport is grabbed at
    fit-all, at 100 % and at 30 % on a middle node (``<prefix>_fit.png`` ...), to compare trees."""
    sandbox()
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    import editor
    from editor.app.mainwindow import MainWindow

    path = str(workdir / f"worc_{n}.yaml")
    window = new_window(app, MainWindow)
    for _ in range(5):                              # the start page, deferred starts
        app.processEvents()
    view = window.view
    from PySide6.QtCore import QEvent, QObject

    class PaintEnd(QObject):
        """The clock when the first paint after the fit has returned: the picture is then done,
        whatever the event loop runs next in the same turn (work left for after the paint)."""
        def __init__(self) -> None:
            super().__init__()
            self.armed = False
            self.end: tuple[float, float] | None = None

        def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt override
            if (self.armed and self.end is None and event.type() == QEvent.Type.Paint
                    and not view._fit_pending):
                view.viewportEvent(event)             # what the view's own viewport filter does
                self.end = (time.process_time(), time.perf_counter())
                return True
            return False
    paint_end = PaintEnd()
    view.viewport().installEventFilter(paint_end)
    watch = PaintWatch(view.viewport())        # installed after: it sees each paint first
    before = watch.count
    gc.collect()
    rss0 = rss_mb()

    def open_and_paint() -> None:
        if not window.open_path(path, ask=False):
            raise RuntimeError(f"could not open {path}")
        paint_end.armed = True
        while paint_end.end is None:
            app.processEvents()
    u0 = resource.getrusage(resource.RUSAGE_SELF)
    c0, t0 = time.process_time(), time.perf_counter()
    Profiler(profile, n).run("open_painted", open_and_paint)
    cpu_loop, wall_loop = time.process_time() - c0, time.perf_counter() - t0
    u1 = resource.getrusage(resource.RUSAGE_SELF)
    view.viewport().removeEventFilter(paint_end)
    assert paint_end.end is not None
    cpu, wall = paint_end.end[0] - c0, paint_end.end[1] - t0
    info: dict[str, Any] = {"cpu": cpu, "wall": wall, "cpu_loop": cpu_loop, "wall_loop": wall_loop,
                            "rss_before_mb": rss0, "rss_painted_mb": rss_mb(),
                            "editor": editor.__file__, "paints": watch.count - before,
                            "sys": u1.ru_stime - u0.ru_stime, "minor_faults": u1.ru_minflt - u0.ru_minflt}
    if grab_prefix:
        view.viewport().grab().save(f"{grab_prefix}_fit.png")
        middle = view.network_scene.node_items[f"add_b{max(0, round(n / 25) // 2)}_3"]
        for scale, name in ((1.0, "100"), (0.3, "30")):
            view._set_scale(scale)
            view.centerOn(middle)
            for _ in range(5):
                app.processEvents()
            view.viewport().grab().save(f"{grab_prefix}_{name}.png")
    window.document.undo_stack.setClean()
    return info



def open_main(args: argparse.Namespace, workdir: Path, root: Path,
              run_self: Callable[..., dict[str, Any]]) -> int:
    """``--open``: open -> painted, every run a fresh process, this tree and ``--baseline-tree``
    alternating (which goes first changes from repeat to repeat)."""
    sizes = sorted(set(args.sizes))
    trees = [("this", root)] + ([("baseline", Path(args.baseline_tree).resolve())] if args.baseline_tree else [])
    for n in sizes:
        if not (workdir / f"worc_{n}.yaml").exists():
            print(f"[{time.strftime('%H:%M:%S')}] writing the {n}-node file ...", file=sys.stderr, flush=True)
            prepare_files(n, workdir)
    runs: dict[tuple[int, str], list[dict[str, Any]]] = {}
    grabs = Path(args.grab_dir) if args.grab_dir else None
    if grabs:
        grabs.mkdir(parents=True, exist_ok=True)
    for r in range(args.repeats):
        for n in sizes:
            for label, tree in (trees if r % 2 == 0 else trees[::-1]):
                child = ["--open-child", str(n), "--workdir", str(workdir)]
                if args.profile and r == 0:
                    child += ["--profile", str(Path(args.profile) / label)]
                if grabs and r == 0:
                    child += ["--grab", str(grabs / f"{label}_{n}")]
                env = dict(os.environ, PYTHONPATH=str(tree), BENCH_SCALE_TREE=str(tree))
                res = run_self(child, timeout=600 + 0.1 * n, env=env)
                if "error" in res:
                    print(f"{label} {n}: {res['error']}", file=sys.stderr)
                    return 1
                if not Path(res["editor"]).resolve().is_relative_to(tree):
                    print(f"{label} {n}: imported {res['editor']}, not from {tree}", file=sys.stderr)
                    return 1
                print(f"[{time.strftime('%H:%M:%S')}] {label:<8} {n:>6} nodes: cpu {res['cpu']:.3f} s, "
                      f"wall {res['wall']:.3f} s (to the loop's turn's end: cpu {res['cpu_loop']:.3f} s; sys {res['sys']:.3f} s, {res['minor_faults']} page faults), "
                      f"RSS {res['rss_painted_mb']:.0f} MB", file=sys.stderr, flush=True)
                runs.setdefault((n, label), []).append(res)
    lines = [f"open file -> painted view, fresh process per run, {args.repeats} run(s) each, "
             f"{time.strftime('%Y-%m-%d %H:%M')}; seconds, median / min"]
    for label, tree in trees:
        lines.append(f"  {label}: {tree}")
    lines.append(f"{'nodes':>7} {'tree':<9} {'CPU median':>11} {'CPU min':>8} {'wall median':>12} {'wall min':>9}"
                 f" {'RSS MB':>7}")
    for n in sizes:
        for label, _tree in trees:
            rs = runs[(n, label)]
            cpu, wall = [x["cpu"] for x in rs], [x["wall"] for x in rs]
            lines.append(f"{n:>7,} {label:<9} {statistics.median(cpu):>11.3f} {min(cpu):>8.3f} "
                         f"{statistics.median(wall):>12.3f} {min(wall):>9.3f} "
                         f"{statistics.median(x['rss_painted_mb'] for x in rs):>7.0f}")
    if len(trees) == 2:
        # Each repeat ran the two trees one right after the other: their ratio is steadier than
        # either time on a shared machine.
        for n in sizes:
            pairs = list(zip(runs[(n, "this")], runs[(n, "baseline")]))
            cpu = sorted(a["cpu"] / b["cpu"] for a, b in pairs)
            wall = sorted(a["wall"] / b["wall"] for a, b in pairs)
            lines.append(f"{n:>7,} this / baseline, per repeat: CPU median {statistics.median(cpu):.3f} "
                         f"(min {cpu[0]:.3f}, max {cpu[-1]:.3f}), wall median {statistics.median(wall):.3f}")
    if grabs and len(trees) == 2:
        lines.append(_compare_grabs(grabs, sizes))
    text = "\n".join(lines)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({f"{n}/{label}": rs for (n, label), rs in runs.items()}, indent=1))
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _compare_grabs(grabs: Path, sizes: list[int]) -> str:
    """Whether this tree's grabs and the baseline's are pixel for pixel the same."""
    from PySide6.QtGui import QImage
    out = []
    for n in sizes:
        for view in ("fit", "100", "30"):
            a, b = QImage(str(grabs / f"this_{n}_{view}.png")), QImage(str(grabs / f"baseline_{n}_{view}.png"))
            same = not a.isNull() and a == b
            out.append(f"{n} {view}: {'identical' if same else 'DIFFERENT'}")
    return "grabs against the baseline: " + ", ".join(out)
