"""Benchmark (run on demand): the editor on large networks, against real fastr 3.4.0 and NodeGraphQt.

    python3 tests/benchmarks/bench_scale.py [--sizes 100 1000 5000 10000] [--repeats 3]
        [--no-fastr] [--fastr-max 1000] [--no-nodegraphqt] [--no-tracemalloc] [--profile DIR]
        [--json FILE]
    python3 tests/benchmarks/bench_scale.py --interactions --sizes 2000 10000 20000 [--repeats 2]
    python3 tests/benchmarks/bench_scale.py --open --sizes 10000 20000 [--repeats 5]
        [--baseline-tree DIR] [--grab-dir DIR] [--profile DIR]

``--interactions`` times only drag, pan and wheel events at 100 %, 30 % and fit-all, each size in
its own process, with the process's CPU time beside the wall time (the machine may be shared).
``--open`` times only open file -> painted view, every run in a fresh process, CPU and wall, median
and minimum; ``--baseline-tree`` runs another checkout's editor (its folder first on the path) in
turn with this one, and ``--grab-dir`` compares their viewport grabs pixel for pixel.

For every size a WORC-like network is built with ``editor.api`` (sources, a constant per branch,
chains of ``fastr/math/AddInt:1.0`` with some links across branches, ``fastr/math/Max:1.0`` joining
four branches, sinks, four steps) and saved as YAML with positions. Then, each size in a fresh
subprocess (so the peak RSS is that size's own), ``--repeats`` times:

* core: build, open (load the YAML file), getstate, copy (state -> network), validate
  (``validation.problems``), lay out (``layoutcmds.layout_positions``, whole network), save (YAML);
* window: a ``MainWindow`` shown offscreen opens the file: open -> painted (until the canvas
  viewport has painted the "fit all" view), grab of the viewport, open -> problems shown; a fresh
  open of a file without positions (as fastr writes them: adds the auto layout); "Auto layout"
  applied as an undoable command and its undo; drag of one node (real mouse events on the
  viewport, ``processEvents`` after each, so the repaint counts) at 100 % and at 30 % zoom; pan
  (middle button) and wheel zoom per event; delete of 1,000 nodes (half the network when smaller)
  with its undo and redo, checking that undo gives back the state exactly; save; close.

A second subprocess per size repeats one pass under ``tracemalloc`` (Python allocations only).
Real fastr 3.4.0 (``tests.oracle.fastr_env.run_fastr``) loads the same state with
``create_network_copy`` and does ``__getstate__``, ``is_valid``, YAML save and load, up to
``--fastr-max`` nodes (default 1,000: fastr needs over 20 minutes at 5,000). NodeGraphQt runs in
its own venv (``nodegraphqt_peer.py``), building the same graph (same port counts, links and
positions) and timing build -> paint, save/load of its session file, and a node drag per event.

Times are wall-clock (the machine is shared: best and median of the repeats are shown); drag, pan
and zoom are per event (median / 95th percentile / max over all events of all repeats).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
# ``--open --baseline-tree DIR`` runs its children with the editor of another source tree: that
# tree goes first on the path (the benchmark's own helpers still come from this folder).
TREE = Path(os.environ.get("BENCH_SCALE_TREE") or ROOT).resolve()
for _path in (TREE, HERE):
    if str(_path) in sys.path:
        sys.path.remove(str(_path))
    sys.path.insert(0, str(_path))

from scale_gui import (PaintWatch, delete_cycle, drag, new_window, pan, pump,  # noqa: E402
                       undo_redo, zoom)
from scale_network import build_network, prepare_files  # noqa: E402
from scale_open import open_main, run_open_child  # noqa: E402
from scale_peers import nodegraphqt_python, run_fastr_side, run_nodegraphqt  # noqa: E402
from scale_proc import Profiler, rss_mb, run_script, sandbox  # noqa: E402
from scale_report import report  # noqa: E402

SLOW_S = 60.0              # a phase slower than this is not repeated
TRACEMALLOC_DELETE = 100   # nodes deleted in the tracemalloc pass (tracing makes it slow)


# -- measuring helpers ------------------------------------------------------------------------------
class Timings:
    """Named lists of seconds (repeats) and of per-event seconds (drag, pan, zoom)."""

    def __init__(self) -> None:
        self.runs: dict[str, list[float]] = {}
        self.events: dict[str, list[float]] = {}
        self.info: dict[str, Any] = {}

    def time(self, name: str, fn: Callable[[], Any]) -> Any:
        t0 = time.perf_counter()
        result = fn()
        self.runs.setdefault(name, []).append(time.perf_counter() - t0)
        return result

    def add(self, name: str, seconds: float) -> None:
        self.runs.setdefault(name, []).append(seconds)

    def as_dict(self) -> dict[str, Any]:
        return {"runs": self.runs, "events": self.events, "info": self.info}


# -- the child: one size, in a fresh process --------------------------------------------------------
def run_child(n: int, repeats: int, workdir: Path, profile_dir: str | None, moves: int,
              window_only: bool = False) -> dict[str, Any]:
    """One size: the core phases, then the window's (``window_only``: the window's alone, as a user
    runs the editor, for its peak memory)."""
    sandbox()
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    import editor.api as api
    from editor.app.mainwindow import MainWindow
    from editor.canvas.autolayout import CANVAS_SIZING
    from editor.model.layoutcmds import layout_all, layout_positions
    from editor.api import load_network        # the core's, with the built-in tools (validate needs them)
    from editor.core.io.files import save_network
    from editor.core.analysis.validation import problems

    rec = Timings()
    rec.info["rss_baseline_mb"] = rss_mb()
    files = prepare_files(n, workdir)
    prof = Profiler(profile_dir, n)
    state_clean = json.loads(Path(files["state"]).read_text())
    out_yaml = str(workdir / f"worc_{n}_saved.yaml")

    # -- core -----------------------------------------------------------------------------------
    for r in range(0 if window_only else repeats):
        p = prof if r == 0 else Profiler(None, n)
        gc.collect()
        rec.time("build", lambda: p.run("build", lambda: build_network(n)))
        net = rec.time("open", lambda: p.run("open", lambda: load_network(files["yaml"])))
        rec.time("getstate", lambda: net.__getstate__())
        rec.time("copy", lambda: api.create_network_copy(json.loads(json.dumps(state_clean))))
        found = rec.time("validate", lambda: p.run("validate", lambda: problems(net)))
        rec.time("layout", lambda: p.run("layout", lambda: layout_positions(net, CANVAS_SIZING)))
        rec.time("save", lambda: p.run("save", lambda: save_network(net, out_yaml)))
        rec.info["problems"] = len(found)
        rec.info["links"] = len(net.links)
        rec.info["yaml_bytes"] = os.path.getsize(files["yaml"])
        del net
    rec.info["rss_core_mb"] = rss_mb()

    # -- the window -----------------------------------------------------------------------------
    middle = f"add_b{max(0, round(n / 25) // 2)}_3"
    for r in range(repeats):
        p = prof if r == 0 else Profiler(None, n)
        gc.collect()
        window = rec.time("window", lambda: new_window(app, MainWindow))
        view = window.view
        watch = PaintWatch(view.viewport())
        before = watch.count
        t0 = time.perf_counter()

        def open_and_paint() -> None:
            if not window.open_path(files["yaml"], ask=False):
                raise RuntimeError(f"could not open {files['yaml']}")
            while watch.count == before or view._fit_pending:
                app.processEvents()
        p.run("display", open_and_paint)
        rec.add("open_painted", time.perf_counter() - t0)
        image = rec.time("grab", lambda: view.viewport().grab())
        if r == 0:
            image.save(str(workdir / f"grab_{n}.png"))
            rec.info["fit_scale"] = view.scale_factor
        problems_model = window.docks.get("problems").model if window.docks.get("problems") else None
        while problems_model is not None and problems_model.pending:
            app.processEvents()
        rec.add("open_problems", time.perf_counter() - t0)
        document = view.document
        network = document.root

        # Auto layout of the whole network, as one undoable move, and its undo.
        def lay_out() -> None:
            before = watch.count
            command = layout_all(document.current_model, CANVAS_SIZING)
            if command is None:
                raise RuntimeError("auto layout moved nothing")
            document.push(command)
            pump(app, watch, before)
        rec.time("layout_apply", lambda: p.run("layout_apply", lay_out))
        rec.time("layout_undo", lambda: undo_redo(app, watch, document.undo_stack.undo))

        rec.events.setdefault("drag_100", []).extend(p.run("drag", lambda: drag(app, view, watch, middle, 1.0, moves)))
        rec.events.setdefault("drag_30", []).extend(drag(app, view, watch, middle, 0.3, moves))
        rec.events.setdefault("drag_fit", []).extend(drag(app, view, watch, middle, rec.info["fit_scale"], moves))
        rec.events.setdefault("pan_100", []).extend(pan(app, view, watch, 1.0, moves // 2))
        rec.events.setdefault("pan_30", []).extend(pan(app, view, watch, 0.3, moves // 2))
        rec.events.setdefault("pan_fit", []).extend(pan(app, view, watch, rec.info["fit_scale"], moves // 2))
        rec.events.setdefault("zoom_100", []).extend(zoom(app, view, watch, 1.0, moves // 3))
        rec.events.setdefault("zoom_fit", []).extend(zoom(app, view, watch, None, moves // 3))

        # Delete 1,000 nodes (one undo step), undo, redo; undo again must give back the state.
        # Not repeated when one run took over SLOW_S (it can take minutes; noise does not matter).
        if r and sum(rec.runs["delete"][0:1] + rec.runs["delete_undo"][0:1]) > SLOW_S:
            rec.info["delete_note"] = f"delete/undo/redo run once: over {SLOW_S:.0f} s"
        else:
            delete_cycle(rec, p, app, document, network, watch, n)
        rec.time("save_window", lambda: document.save(out_yaml, backup=False))
        watch.remove()

        def close() -> None:
            done = []
            window.destroyed.connect(lambda *_: done.append(True))
            if not window.close():
                raise RuntimeError("the window refused to close")
            window.deleteLater()
            while not done:
                app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
                app.processEvents()
        rec.time("close", lambda: p.run("close", close))
        del window, view, document, network
        gc.collect()
        if r == 0:
            rec.info["rss_one_pass_mb"] = rss_mb()
        # A file without positions (as fastr writes it): open -> auto layout -> painted.
        if r == 0:
            window = new_window(app, MainWindow)
            watch = PaintWatch(window.view.viewport())
            before = watch.count
            t0 = time.perf_counter()
            window.open_path(files["bare"], ask=False)
            while watch.count == before or window.view._fit_pending:
                app.processEvents()
            rec.add("open_nopos_painted", time.perf_counter() - t0)
            window.document.undo_stack.setClean()
            window.close()
            window.deleteLater()
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            del window, watch
            gc.collect()
    rec.info["rss_peak_mb"] = rss_mb()
    return rec.as_dict()


INTERACTIONS = [("drag", 1.0), ("drag", 0.3), ("drag", None), ("pan", 1.0), ("pan", 0.3), ("pan", None),
                ("zoom", 1.0), ("zoom", 0.3), ("zoom", None)]      # None: fit all


def run_interactions_child(n: int, repeats: int, workdir: Path, profile_dir: str | None,
                           moves: int) -> dict[str, Any]:
    """One size: open the file in a shown MainWindow and time drag, pan and wheel events at 100 %,
    30 % and fit-all (wall and CPU seconds per event, until the viewport has painted)."""
    sandbox()
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    import scale_gui
    app = QApplication.instance() or QApplication([])
    from editor.app.mainwindow import MainWindow

    files = prepare_files(n, workdir)
    prof = Profiler(profile_dir, n)
    middle = f"add_b{max(0, round(n / 25) // 2)}_3"
    events: dict[str, list[float]] = {}
    cpu: dict[str, list[float]] = {}
    info: dict[str, Any] = {}
    for r in range(repeats):
        window = new_window(app, MainWindow)
        view = window.view
        watch = PaintWatch(view.viewport())
        before = watch.count
        if not window.open_path(files["yaml"], ask=False):
            raise RuntimeError(f"could not open {files['yaml']}")
        while watch.count == before or view._fit_pending:
            app.processEvents()
        problems = window.docks.get("problems")
        while problems is not None and problems.model.pending:      # validation, after the first paint
            app.processEvents()
        for _ in range(20):                                           # the minimap's first picture, etc.
            app.processEvents()
        fit = view.scale_factor
        info["fit_scale"] = fit
        info["viewport"] = [view.viewport().width(), view.viewport().height()]
        for kind, scale in INTERACTIONS:
            key = f"{kind}_{'fit' if scale is None else round(scale * 100)}"
            p = prof if r == 0 else Profiler(None, n)
            del scale_gui.CPU_TIMES[:]
            if kind == "drag":
                times = p.run(key, lambda: drag(app, view, watch, middle, fit if scale is None else scale, moves))
            elif kind == "pan":
                times = p.run(key, lambda: pan(app, view, watch, fit if scale is None else scale, moves // 2))
            else:
                times = p.run(key, lambda: zoom(app, view, watch, scale, moves // 3))
            events.setdefault(key, []).extend(times)
            cpu.setdefault(key, []).extend(scale_gui.CPU_TIMES)
        watch.remove()
        window.document.undo_stack.setClean()
        done: list[bool] = []
        window.destroyed.connect(lambda *_: done.append(True))
        window.close()
        window.deleteLater()
        while not done:                    # gone before the next repeat's window (peak RSS)
            app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()
        del window, view, watch
        gc.collect()
    info["rss_peak_mb"] = rss_mb()
    return {"events": events, "cpu": cpu, "info": info}


def _stats(values: list[float]) -> str:
    if not values:
        return "-"
    ms = sorted(v * 1000 for v in values)
    return f"{ms[len(ms) // 2]:.1f} / {ms[int(0.95 * (len(ms) - 1))]:.1f} / {ms[-1]:.1f}"


def interactions_report(results: dict[int, dict[str, Any]], ngq: dict[int, dict[str, Any]]) -> str:
    lines = ["ms per event, p50 / p95 / max (wall; CPU of the process beside it)"]
    for n, res in results.items():
        if "error" in res:
            lines.append(f"{n:,} nodes: {res['error']}")
            continue
        lines.append(f"{n:,} nodes (fit-all at {res['info']['fit_scale'] * 100:.1f} %, viewport "
                     f"{res['info']['viewport'][0]}x{res['info']['viewport'][1]}, peak RSS "
                     f"{res['info']['rss_peak_mb']:.0f} MB)")
        for key in res["events"]:
            lines.append(f"  {key:<10} wall {_stats(res['events'][key]):<22} cpu {_stats(res['cpu'].get(key, [])):<22}")
        peer = ngq.get(n)
        if peer is not None:
            if "error" in peer:
                lines.append(f"  NodeGraphQt: {peer['error']}")
            for key, values in (peer.get("events") or {}).items():
                lines.append(f"  {key:<10} wall {_stats(values):<22} cpu {_stats((peer.get('cpu') or {}).get(key, [])):<22}"
                             f" NodeGraphQt {peer.get('version', '')}")
    return "\n".join(lines)


def run_tracemalloc_child(n: int, workdir: Path) -> dict[str, Any]:
    """One pass with tracemalloc on: the peak of Python allocations in each phase (MB)."""
    sandbox()
    import tracemalloc

    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])
    from editor.app.mainwindow import MainWindow
    from editor.canvas.autolayout import CANVAS_SIZING
    from editor.model.layoutcmds import layout_all
    from editor.api import load_network        # the core's, with the built-in tools (validate needs them)
    from editor.core.io.files import save_network
    from editor.core.analysis.validation import problems
    from editor.model.edits import delete_items

    files = prepare_files(n, workdir)
    peaks: dict[str, float] = {}
    tracemalloc.start()

    def phase(name: str, fn: Callable[[], Any]) -> Any:
        tracemalloc.reset_peak()
        result = fn()
        peaks[name] = tracemalloc.get_traced_memory()[1] / 2**20
        return result
    net = phase("build", lambda: build_network(n))
    phase("save", lambda: save_network(net, str(workdir / f"worc_{n}_tm.yaml")))
    del net
    gc.collect()
    net = phase("open", lambda: load_network(files["yaml"]))
    phase("validate", lambda: problems(net))
    del net
    gc.collect()
    window = new_window(app, MainWindow)

    def display() -> None:
        window.open_path(files["yaml"], ask=False)
        for _ in range(5):
            app.processEvents()
    phase("display", display)
    document = window.document

    def lay_out() -> None:
        document.push(layout_all(document.current_model, CANVAS_SIZING))
        app.processEvents()
    phase("layout_apply", lay_out)
    ids = list(document.root.nodes)
    doomed = [ids[i] for i in sorted(random.Random(2).sample(range(n), min(TRACEMALLOC_DELETE, n // 2)))]

    def delete_cycle() -> None:
        document.push(delete_items(document, doomed, []))
        app.processEvents()
        document.undo_stack.undo()
        app.processEvents()
        document.undo_stack.redo()
        app.processEvents()
    phase(f"delete_{TRACEMALLOC_DELETE}_undo_redo", delete_cycle)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"peaks_mb": peaks, "peak_mb": max(peaks.values()), "end_mb": current / 2**20,
            "rss_peak_mb": rss_mb()}


# -- the other sides --------------------------------------------------------------------------------
def _run_self(args: list[str], timeout: float, env: dict[str, str] | None = None) -> dict[str, Any]:
    return run_script(Path(__file__).resolve(), args, timeout, env)


# -- report -----------------------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000, 10000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--moves", type=int, default=60, help="mouse moves per drag (pan: half, zoom: a third)")
    parser.add_argument("--no-fastr", action="store_true")
    parser.add_argument("--fastr-max", type=int, default=1000, help="largest size given to real fastr")
    parser.add_argument("--fastr-timeout", type=float, default=1800.0)
    parser.add_argument("--no-nodegraphqt", action="store_true")
    parser.add_argument("--nodegraphqt-timeout", type=float, default=1800.0)
    parser.add_argument("--nodegraphqt-max", type=int, default=5000,
                        help="largest size given to NodeGraphQt (it needs minutes per repeat at 5,000)")
    parser.add_argument("--nodegraphqt-big-repeats", type=int, default=1,
                        help="NodeGraphQt's repeats above 1,000 nodes")
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--profile", metavar="DIR", help="cProfile each phase of the first repeat into DIR")
    parser.add_argument("--json", metavar="FILE", help="also write all raw figures as JSON")
    parser.add_argument("--workdir", help="where the network files go (default: a temporary folder)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--interactions", action="store_true",
                        help="only drag, pan and wheel at 100 %%, 30 %% and fit-all (each size in its own "
                             "process, wall and CPU time; NodeGraphQt beside it up to --nodegraphqt-max)")
    parser.add_argument("--interactions-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--open", action="store_true",
                        help="only open file -> painted view, a fresh process per run (CPU and wall, median "
                             "and min of --repeats)")
    parser.add_argument("--baseline-tree", metavar="DIR",
                        help="with --open: also run another source tree's editor, alternating with this one")
    parser.add_argument("--grab-dir", metavar="DIR",
                        help="with --open: grab the viewport (fit-all, 100 %%, 30 %%) after the first run of "
                             "each tree into DIR and compare this tree's grabs with the baseline's")
    parser.add_argument("--open-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--grab", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bench-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(run_child(args.child, args.repeats, workdir, args.profile, args.moves)))
        return 0
    if args.memory_child:
        print(json.dumps(run_child(args.memory_child, 1, workdir, None, args.moves, window_only=True)))
        return 0
    if args.tracemalloc_child:
        print(json.dumps(run_tracemalloc_child(args.tracemalloc_child, workdir)))
        return 0
    if args.interactions_child:
        print(json.dumps(run_interactions_child(args.interactions_child, args.repeats, workdir, args.profile,
                                                args.moves)))
        return 0
    if args.open_child:
        print(json.dumps(run_open_child(args.open_child, workdir, args.profile, args.grab)))
        return 0
    if args.interactions:
        return _interactions_main(args, workdir)
    if args.open:
        return open_main(args, workdir, ROOT, _run_self)

    sizes = sorted(set(args.sizes))
    notes: list[str] = []
    results: dict[int, dict[str, Any]] = {}
    common = ["--workdir", str(workdir), "--repeats", str(args.repeats), "--moves", str(args.moves)]
    if args.profile:
        common += ["--profile", args.profile]
    for n in sizes:
        print(f"[{time.strftime('%H:%M:%S')}] editor, {n} nodes ...", file=sys.stderr, flush=True)
        results[n] = _run_self(["--child", str(n), *common], timeout=600 + 1.2 * n * args.repeats)
        if "error" not in results[n]:
            alone = _run_self(["--memory-child", str(n), "--workdir", str(workdir), "--moves", str(args.moves)],
                              timeout=600 + 1.2 * n)
            results[n]["info"]["rss_editor_mb"] = alone.get("info", {}).get("rss_peak_mb", float("nan"))
    tm: dict[int, dict[str, Any]] = {}
    if not args.no_tracemalloc:
        for n in sizes:
            print(f"[{time.strftime('%H:%M:%S')}] tracemalloc, {n} nodes ...", file=sys.stderr, flush=True)
            tm[n] = _run_self(["--tracemalloc-child", str(n), "--workdir", str(workdir)], timeout=600 + 0.5 * n)
    fastr: dict[str, Any] = {}
    if not args.no_fastr:
        items = [(n, str(workdir / f"worc_{n}_state.json")) for n in sizes if n <= args.fastr_max]
        skipped = [n for n in sizes if n > args.fastr_max]
        if skipped:
            notes.append(f"real fastr is capped at {args.fastr_max:,} nodes (--fastr-max): it needs over 20 "
                         f"minutes at 5,000; not run for {', '.join(f'{n:,}' for n in skipped)}")
        print(f"[{time.strftime('%H:%M:%S')}] fastr 3.4.0, {[n for n, _ in items]} ...", file=sys.stderr, flush=True)
        fastr = run_fastr_side(items, args.repeats, args.fastr_timeout)
    ngq: dict[int, dict[str, Any]] = {}
    if not args.no_nodegraphqt:
        python, why = nodegraphqt_python()
        if python is None:
            notes.append(f"NodeGraphQt not run: {why}")
        else:
            skipped = [n for n in sizes if n > args.nodegraphqt_max]
            if skipped:
                notes.append(f"NodeGraphQt is capped at {args.nodegraphqt_max:,} nodes (--nodegraphqt-max): one "
                             f"repeat at 5,000 takes some 8 minutes; not run for {', '.join(f'{n:,}' for n in skipped)}")
            if any(1000 < n <= args.nodegraphqt_max for n in sizes) and args.nodegraphqt_big_repeats < args.repeats:
                notes.append(f"NodeGraphQt ran {args.nodegraphqt_big_repeats} repeat(s) above 1,000 nodes "
                             "(--nodegraphqt-big-repeats)")
            for n in [n for n in sizes if n <= args.nodegraphqt_max]:
                print(f"[{time.strftime('%H:%M:%S')}] NodeGraphQt, {n} nodes ...", file=sys.stderr, flush=True)
                repeats = args.repeats if n <= 1000 else min(args.repeats, args.nodegraphqt_big_repeats)
                ngq[n] = run_nodegraphqt(python, str(workdir / f"worc_{n}_graph.json"),
                                         repeats, args.moves, args.nodegraphqt_timeout)
    text = report(results, fastr, ngq, tm, sizes, notes)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"ours": results, "tracemalloc": tm, "fastr": fastr,
                                               "nodegraphqt": ngq, "text": text}, indent=1))
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def _interactions_main(args: argparse.Namespace, workdir: Path) -> int:
    sizes = sorted(set(args.sizes))
    common = ["--workdir", str(workdir), "--repeats", str(args.repeats), "--moves", str(args.moves)]
    if args.profile:
        common += ["--profile", args.profile]
    results: dict[int, dict[str, Any]] = {}
    for n in sizes:
        print(f"[{time.strftime('%H:%M:%S')}] editor interactions, {n} nodes ...", file=sys.stderr, flush=True)
        results[n] = _run_self(["--interactions-child", str(n), *common], timeout=600 + 0.2 * n * args.repeats)
    ngq: dict[int, dict[str, Any]] = {}
    if not args.no_nodegraphqt:
        python, why = nodegraphqt_python()
        for n in [n for n in sizes if n <= args.nodegraphqt_max]:
            if python is None:
                ngq[n] = {"error": f"not run: {why}"}
                continue
            print(f"[{time.strftime('%H:%M:%S')}] NodeGraphQt, {n} nodes ...", file=sys.stderr, flush=True)
            ngq[n] = run_nodegraphqt(python, str(workdir / f"worc_{n}_graph.json"), args.repeats, args.moves,
                                     args.nodegraphqt_timeout)
    text = interactions_report(results, ngq)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"ours": results, "nodegraphqt": ngq, "text": text}, indent=1))
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
