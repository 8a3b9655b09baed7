"""Benchmark (run on demand): the editor on large networks, against real fastr 3.4.0 and NodeGraphQt.

    python3 tests/benchmarks/bench_scale.py [--sizes 100 1000 5000 10000] [--repeats 3]
        [--no-fastr] [--fastr-max 1000] [--no-nodegraphqt] [--no-tracemalloc] [--profile DIR]
        [--json FILE]

For every size a WORC-like network is built with ``editor.api`` (sources, a constant per branch,
chains of ``fastr/math/AddInt:1.0`` with some links across branches, ``fastr/math/Max:1.0`` joining
four branches, sinks, four steps) and saved as YAML with positions. Then, each size in a fresh
subprocess (so the peak RSS is that size's own), ``--repeats`` times:

* core: build, open (load the YAML file), getstate, copy (state -> network), validate
  (``validation.problems``), lay out (``autolayout.layout_positions``, whole network), save (YAML);
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
import datetime
import gc
import json
import math
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

TARGET_PAINT_S = 2.0           # 5,000 nodes painted within 2 s of opening
TARGET_EVENT_MS = 16.0         # each drag event within 16 ms
TARGET_RSS_MB = 600.0          # peak memory under 600 MB at 10,000 nodes
DELETE_COUNT = 1000
NODEGRAPHQT_VENV = Path(os.environ.get("FASTR_EDITOR_NODEGRAPHQT_VENV")
                        or Path.home() / ".cache" / "fastr-editor" / "nodegraphqt-py311")
STEPS = ("preprocessing", "segmentation", "features", "classification")


# -- the network ----------------------------------------------------------------------------------
def build_network(n: int, seed: int = 1):
    """A WORC-like network of exactly ``n`` nodes (n >= 10), valid for fastr 3.4.0 and for us.

    About n/25 branches: a source and a constant, a chain of AddInt nodes (left hand from the
    previous node, right hand from the constant or, one time in five, from the previous branch),
    a sink; a Max node per four branches with its sink. Positions: one row per branch, as a script
    or a person would place them (not the auto layout, so "lay out" really moves every node)."""
    import editor.api as api
    rng = random.Random(seed)
    net = api.create_network(f"worc_like_{n}")
    branches = max(1, round(n / 25))
    groups = math.ceil(branches / 4)
    tools = n - 3 * branches - 2 * groups
    if tools < branches:
        raise ValueError(f"{n} nodes is too small for this network shape")
    chains: list[list[Any]] = []
    for b in range(branches):
        length = tools // branches + (1 if b < tools % branches else 0)
        y = b * 150.0
        src = net.create_source("Int", id=f"source_b{b}", step_id=STEPS[0])
        const = net.create_constant("Int", [b + 1], id=f"const_b{b}", step_id=STEPS[0])
        src.position, const.position = (0.0, y), (0.0, y + 70.0)
        prev, chain = src.outputs["output"], []
        for i in range(length):
            node = net.create_node("fastr/math/AddInt:1.0", "1.0", id=f"add_b{b}_{i}",
                                   step_id=STEPS[min(3, 4 * i // length)])
            node.position = (250.0 + 230.0 * i, y)
            node.inputs["left_hand"] << prev
            other = chains[b - 1] if b and rng.random() < 0.2 else None
            if other is not None and i < len(other):
                node.inputs["right_hand"] << other[i].outputs["result"]
            else:
                node.inputs["right_hand"] << const.outputs["output"]
            prev = node.outputs["result"]
            chain.append(node)
        chains.append(chain)
        sink = net.create_sink("Int", id=f"sink_b{b}", step_id=STEPS[3])
        sink.position = (250.0 + 230.0 * length, y)
        sink.inputs["input"] << prev
    right = 250.0 + 230.0 * (tools // branches + 2)
    for g in range(groups):
        y = (4 * g + 1.5) * 150.0
        mx = net.create_node("fastr/math/Max:1.0", "1.0", id=f"max_g{g}", step_id=STEPS[3])
        mx.position = (right, y)
        for chain in chains[4 * g: 4 * g + 4]:
            mx.inputs["values"].append(chain[-1].outputs["result"])
        sink = net.create_sink("Number", id=f"sink_g{g}", step_id=STEPS[3])
        sink.position = (right + 250.0, y)
        sink.inputs["input"] << mx.outputs["maximum"]
    assert len(net.nodes) == n, (len(net.nodes), n)
    return net


def graph_description(network) -> dict[str, Any]:
    """The same graph for NodeGraphQt: nodes with their port ids and positions, links by port."""
    fan: dict[tuple[str, str], int] = {}
    for link in network.links.values():
        key = (link.target.node, link.target.input)
        fan[key] = fan.get(key, 0) + 1
    nodes = [{"id": node.id, "kind": node.cls, "inputs": list(node.inputs), "outputs": list(node.outputs),
              "multi": [p for p in node.inputs if fan.get((node.id, p), 0) > 1],
              "pos": list(node.position or (0.0, 0.0))} for node in network.nodes.values()]
    links = [[l.source.node, l.source.output, l.target.node, l.target.input] for l in network.links.values()]
    return {"nodes": nodes, "links": links}


# -- measuring helpers ------------------------------------------------------------------------------
def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0   # KiB on Linux


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


class _Profiler:
    """cProfile of one phase of the first repeat, dumped as DIR/<size>_<phase>.pstats."""

    def __init__(self, folder: str | None, n: int) -> None:
        self.folder, self.n = folder, n
        self.active = folder is not None

    def run(self, phase: str, fn: Callable[[], Any]) -> Any:
        if not self.active:
            return fn()
        import cProfile
        profile = cProfile.Profile()
        result = profile.runcall(fn)
        Path(self.folder).mkdir(parents=True, exist_ok=True)
        profile.dump_stats(str(Path(self.folder) / f"{self.n}_{phase}.pstats"))
        return result


# -- the child: one size, in a fresh process --------------------------------------------------------
def _sandbox() -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    box = tempfile.mkdtemp(prefix="fastr-editor-bench-")
    os.environ["FASTR_EDITOR_SETTINGS_DIR"] = os.path.join(box, "settings")   # never the user's
    os.environ["FASTR_EDITOR_DATA_DIR"] = os.path.join(box, "data")


def prepare_files(n: int, workdir: Path) -> dict[str, str]:
    """The files every side reads: YAML with positions, YAML without, fastr state, graph JSON."""
    from editor.core.fileio import save_network
    from editor.core.state import network_to_state
    net = build_network(n)
    files = {"yaml": str(workdir / f"worc_{n}.yaml"), "bare": str(workdir / f"worc_{n}_nopos.yaml"),
             "state": str(workdir / f"worc_{n}_state.json"), "graph": str(workdir / f"worc_{n}_graph.json")}
    save_network(net, files["yaml"])
    positions = {k: node.position for k, node in net.nodes.items()}
    for node in net.nodes.values():
        node.position = None
    save_network(net, files["bare"])
    for k, pos in positions.items():
        net.nodes[k].position = pos
    Path(files["state"]).write_text(json.dumps(network_to_state(net, editor_data=False)))
    Path(files["graph"]).write_text(json.dumps(graph_description(net)))
    return files


class _PaintWatch:
    """Counts paint events of a widget (an event filter)."""

    def __init__(self, widget) -> None:
        from PySide6.QtCore import QEvent, QObject

        class Filter(QObject):
            def __init__(self) -> None:
                super().__init__()
                self.count = 0

            def eventFilter(self, _obj, event) -> bool:  # noqa: N802 - Qt override
                if event.type() == QEvent.Type.Paint:
                    self.count += 1
                return False

        self.filter = Filter()
        self.widget = widget
        widget.installEventFilter(self.filter)

    @property
    def count(self) -> int:
        return self.filter.count

    def remove(self) -> None:
        self.widget.removeEventFilter(self.filter)


def _pump(app, watch: _PaintWatch, before: int, idle_rounds: int = 3, limit_s: float = 120.0) -> None:
    """Process events until the watched widget has painted (or ``idle_rounds`` rounds without)."""
    start = time.perf_counter()
    rounds = 0
    while watch.count == before and rounds < idle_rounds and time.perf_counter() - start < limit_s:
        app.processEvents()
        rounds += 1


def _events(app, view, watch: _PaintWatch, fn: Callable[[int], None], count: int) -> list[float]:
    times = []
    for i in range(1, count + 1):
        before = watch.count
        t0 = time.perf_counter()
        fn(i)
        _pump(app, watch, before)
        times.append(time.perf_counter() - t0)
    return times


def _drag(app, view, watch, node_id: str, scale: float, moves: int) -> list[float]:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtTest import QTest
    view._set_scale(scale)
    item = view.network_scene.node_items[node_id]
    view.centerOn(item)
    app.processEvents()
    viewport = view.viewport()
    start = view.mapFromScene(item.mapToScene(QPointF(item.geometry.width / 2, 8.0)))
    stack = view.document.undo_stack
    before_index = stack.index()
    old = item.pos()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    app.processEvents()
    times = _events(app, view, watch, lambda i: QTest.mouseMove(viewport, start + QPoint(3 * i, (i % 15) * 2)),
                    moves)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       start + QPoint(3 * moves, 0))
    app.processEvents()
    if stack.index() != before_index + 1 or item.pos() == old:
        raise RuntimeError("the drag did not move the node as one command")
    stack.undo()
    app.processEvents()
    return times


def _pan(app, view, watch, scale: float, moves: int) -> list[float]:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest
    view._set_scale(scale)
    view.centerOn(view.network_scene.itemsBoundingRect().center())
    app.processEvents()
    viewport = view.viewport()
    start = viewport.rect().center()
    QTest.mousePress(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier, start)
    app.processEvents()
    times = _events(app, view, watch,
                    lambda i: QTest.mouseMove(viewport, start + QPoint(-6 * i, -3 * i)), moves)
    QTest.mouseRelease(viewport, Qt.MouseButton.MiddleButton, Qt.KeyboardModifier.NoModifier,
                       start + QPoint(-6 * moves, -3 * moves))
    app.processEvents()
    return times


def _zoom(app, view, watch, scale: float | None, events: int) -> list[float]:
    from PySide6.QtCore import QPoint, QPointF, Qt
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    if scale is None:
        view.fit_all()
    else:
        view._set_scale(scale)
    app.processEvents()
    viewport = view.viewport()
    at = QPointF(viewport.rect().center())

    def wheel(i: int) -> None:
        delta = 120 if i % 2 else -120
        event = QWheelEvent(at, QPointF(viewport.mapToGlobal(at.toPoint())), QPoint(), QPoint(0, delta),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                            Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(viewport, event)
    return _events(app, view, watch, wheel, events)


def run_child(n: int, repeats: int, workdir: Path, profile_dir: str | None, moves: int) -> dict[str, Any]:
    _sandbox()
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    import editor.api as api
    from editor.app.mainwindow import MainWindow
    from editor.canvas.autolayout import layout_command, layout_positions
    from editor.core.fileio import load_network, save_network
    from editor.core.state import network_to_state
    from editor.core.validation import problems
    from editor.model.edits import delete_items

    rec = Timings()
    rec.info["rss_baseline_mb"] = _rss_mb()
    files = prepare_files(n, workdir)
    prof = _Profiler(profile_dir, n)
    state_clean = json.loads(Path(files["state"]).read_text())
    out_yaml = str(workdir / f"worc_{n}_saved.yaml")

    # -- core -----------------------------------------------------------------------------------
    for r in range(repeats):
        p = prof if r == 0 else _Profiler(None, n)
        gc.collect()
        rec.time("build", lambda: p.run("build", lambda: build_network(n)))
        net = rec.time("open", lambda: p.run("open", lambda: load_network(files["yaml"])))
        rec.time("getstate", lambda: net.__getstate__())
        rec.time("copy", lambda: api.create_network_copy(json.loads(json.dumps(state_clean))))
        found = rec.time("validate", lambda: p.run("validate", lambda: problems(net)))
        rec.time("layout", lambda: p.run("layout", lambda: layout_positions(net)))
        rec.time("save", lambda: p.run("save", lambda: save_network(net, out_yaml)))
        rec.info["problems"] = len(found)
        rec.info["links"] = len(net.links)
        rec.info["yaml_bytes"] = os.path.getsize(files["yaml"])
        del net
    rec.info["rss_core_mb"] = _rss_mb()

    # -- the window -----------------------------------------------------------------------------
    middle = f"add_b{max(0, round(n / 25) // 2)}_3"
    for r in range(repeats):
        p = prof if r == 0 else _Profiler(None, n)
        gc.collect()
        window = rec.time("window", lambda: _new_window(app, MainWindow))
        view = window.view
        watch = _PaintWatch(view.viewport())
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
        reference = network_to_state(network)

        # Auto layout of the whole network, as one undoable move, and its undo.
        def lay_out() -> None:
            before = watch.count
            command = layout_command(document.current_model)
            if command is None:
                raise RuntimeError("auto layout moved nothing")
            document.push(command)
            _pump(app, watch, before)
        rec.time("layout_apply", lambda: p.run("layout_apply", lay_out))
        rec.time("layout_undo", lambda: _undo_redo(app, watch, document.undo_stack.undo))

        rec.events.setdefault("drag_100", []).extend(p.run("drag", lambda: _drag(app, view, watch, middle, 1.0, moves)))
        rec.events.setdefault("drag_30", []).extend(_drag(app, view, watch, middle, 0.3, moves))
        rec.events.setdefault("pan_100", []).extend(_pan(app, view, watch, 1.0, moves // 2))
        rec.events.setdefault("pan_30", []).extend(_pan(app, view, watch, 0.3, moves // 2))
        rec.events.setdefault("zoom_100", []).extend(_zoom(app, view, watch, 1.0, moves // 3))
        rec.events.setdefault("zoom_fit", []).extend(_zoom(app, view, watch, None, moves // 3))

        # Delete 1,000 nodes (one undo step), undo, redo; undo again must give back the state.
        count = min(DELETE_COUNT, n // 2)
        doomed = sorted(random.Random(2).sample(range(n), count))
        ids = list(network.nodes)
        doomed_ids = [ids[i] for i in doomed]
        document.selection.set(doomed_ids)
        app.processEvents()

        def delete() -> None:
            before = watch.count
            document.push(delete_items(document, doomed_ids, []))
            document.selection.clear()
            _pump(app, watch, before)
        rec.time("delete", lambda: p.run("delete", delete))
        rec.time("delete_undo", lambda: p.run("delete_undo", lambda: _undo_redo(app, watch, document.undo_stack.undo)))
        rec.time("delete_redo", lambda: p.run("delete_redo", lambda: _undo_redo(app, watch, document.undo_stack.redo)))
        _undo_redo(app, watch, document.undo_stack.undo)
        rec.info["deleted"] = count
        rec.info["undo_exact"] = network_to_state(network) == reference and document.undo_stack.isClean()
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
            rec.info["rss_one_pass_mb"] = _rss_mb()
        # A file without positions (as fastr writes it): open -> auto layout -> painted.
        if r == 0:
            window = _new_window(app, MainWindow)
            watch = _PaintWatch(window.view.viewport())
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
    rec.info["rss_peak_mb"] = _rss_mb()
    return rec.as_dict()


def _new_window(app, cls):
    window = cls()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    return window


def _undo_redo(app, watch: _PaintWatch, action: Callable[[], None]) -> None:
    before = watch.count
    action()
    _pump(app, watch, before)


def run_tracemalloc_child(n: int, workdir: Path) -> dict[str, Any]:
    """One pass with tracemalloc on: the peak of Python allocations in each phase (MB)."""
    _sandbox()
    import tracemalloc

    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])
    from editor.app.mainwindow import MainWindow
    from editor.canvas.autolayout import layout_command
    from editor.core.fileio import load_network, save_network
    from editor.core.validation import problems
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
    window = _new_window(app, MainWindow)

    def display() -> None:
        window.open_path(files["yaml"], ask=False)
        for _ in range(5):
            app.processEvents()
    phase("display", display)
    document = window.document

    def lay_out() -> None:
        document.push(layout_command(document.current_model))
        app.processEvents()
    phase("layout_apply", lay_out)
    ids = list(document.root.nodes)
    doomed = [ids[i] for i in sorted(random.Random(2).sample(range(n), min(DELETE_COUNT, n // 2)))]

    def delete_cycle() -> None:
        document.push(delete_items(document, doomed, []))
        app.processEvents()
        document.undo_stack.undo()
        app.processEvents()
        document.undo_stack.redo()
        app.processEvents()
    phase("delete_undo_redo", delete_cycle)
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {"peaks_mb": peaks, "peak_mb": max(peaks.values()), "end_mb": current / 2**20,
            "rss_peak_mb": _rss_mb()}


# -- the other sides --------------------------------------------------------------------------------
FASTR_SCRIPT = """
import time, json, os, tempfile, resource
res = {}
payload = load_payload()
for item in payload["sizes"]:
    n, path = item
    runs = {}
    for r in range(payload["repeats"]):
        state = json.load(open(path))
        t = time.perf_counter(); net = fastr.api.create_network_copy(state); runs.setdefault("copy", []).append(time.perf_counter() - t)
        t = time.perf_counter(); st = net.parent.__getstate__(); runs.setdefault("getstate", []).append(time.perf_counter() - t)
        t = time.perf_counter(); ok = net.is_valid(); runs.setdefault("validate", []).append(time.perf_counter() - t)
        d = tempfile.mkdtemp(); p = os.path.join(d, "net.yaml")
        t = time.perf_counter(); net.save(p); runs.setdefault("save", []).append(time.perf_counter() - t)
        t = time.perf_counter(); again = fastr.api.Network.load(p); runs.setdefault("open", []).append(time.perf_counter() - t)
        runs.setdefault("valid", []).append(bool(ok))
        runs.setdefault("nodes", []).append(len(again.parent.nodelist))
    res[str(n)] = runs
res["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
emit(res)
"""


def run_fastr_side(items: list[tuple[int, str]], repeats: int, timeout: float) -> dict[str, Any]:
    from tests.oracle.fastr_env import run_fastr
    if not items:
        return {}
    try:
        return run_fastr(FASTR_SCRIPT, {"sizes": items, "repeats": repeats}, timeout=timeout)  # type: ignore[return-value]
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    except Exception as error:  # noqa: BLE001 - report, keep the rest of the benchmark
        return {"error": f"{type(error).__name__}: {str(error)[-500:]}"}


def nodegraphqt_python() -> tuple[Path | None, str]:
    """The venv python with NodeGraphQt (made on first use), or None and why not."""
    python = NODEGRAPHQT_VENV / "bin" / "python"
    marker = NODEGRAPHQT_VENV / ".ok"
    if marker.exists() and python.exists():
        return python, ""
    try:
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(NODEGRAPHQT_VENV)], check=True,
                           capture_output=True, timeout=300)
        proc = subprocess.run([str(python), "-m", "pip", "install", "-q", "NodeGraphQt", "Qt.py",
                               "PySide6==6.11.*"], capture_output=True, text=True, timeout=1800)
        if proc.returncode != 0:
            return None, f"pip install NodeGraphQt Qt.py PySide6==6.11.* failed: {proc.stderr.strip()[-400:]}"
        check = subprocess.run([str(python), "-c", "import NodeGraphQt"], capture_output=True, text=True,
                               timeout=300, env={**os.environ, "QT_API": "pyside6", "QT_QPA_PLATFORM": "offscreen"})
        if check.returncode != 0:
            return None, f"import NodeGraphQt failed: {check.stderr.strip()[-400:]}"
        marker.write_text("ok\n")
        return python, ""
    except (OSError, subprocess.SubprocessError) as error:
        return None, f"could not make the NodeGraphQt venv {NODEGRAPHQT_VENV}: {error}"


def run_nodegraphqt(python: Path, graph: str, repeats: int, moves: int, timeout: float) -> dict[str, Any]:
    env = {**os.environ, "QT_API": "pyside6", "QT_QPA_PLATFORM": "offscreen", "QT_PREFERRED_BINDING": "PySide6"}
    env.pop("PYTHONPATH", None)
    try:
        proc = subprocess.run([str(python), str(HERE / "nodegraphqt_peer.py"), graph, "--repeats", str(repeats),
                               "--moves", str(moves)], capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": f"exit {proc.returncode}: {proc.stderr.strip()[-600:]}"}
    return json.loads(lines[-1])


def _run_self(args: list[str], timeout: float) -> dict[str, Any]:
    try:
        proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), *args], capture_output=True,
                              text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    lines = [l for l in proc.stdout.splitlines() if l.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"error": f"exit {proc.returncode}: {proc.stderr.strip()[-1500:]}"}
    return json.loads(lines[-1])


# -- report -----------------------------------------------------------------------------------------
def _best_median(values: list[float]) -> tuple[float, float]:
    return min(values), statistics.median(values)


def _fmt_s(values: list[float] | None) -> str:
    if not values:
        return "-"
    best, median = _best_median(values)
    return f"{best:.3f} / {median:.3f}"


def _fmt_ev(values: list[float] | None) -> str:
    if not values:
        return "-"
    ms = sorted(v * 1000 for v in values)
    return f"{statistics.median(ms):.1f} / {ms[int(0.95 * (len(ms) - 1))]:.1f} / {ms[-1]:.1f}"


ROWS = [("build", "build network (editor.api)"), ("open", "open: load YAML file (core)"),
        ("getstate", "__getstate__"), ("copy", "state -> network (create_network_copy)"),
        ("validate", "validate (problems)"), ("layout", "lay out whole network (compute)"),
        ("save", "save YAML (core)"), ("window", "window start (MainWindow shown)"),
        ("open_painted", "open file -> painted view (window)"), ("grab", "grab viewport"),
        ("open_problems", "open file -> problems shown"), ("open_nopos_painted", "open file w/o positions -> painted"),
        ("layout_apply", "auto layout, applied + painted"), ("layout_undo", "undo auto layout + paint"),
        ("delete", "delete 1,000 nodes + paint"), ("delete_undo", "undo delete + paint"),
        ("delete_redo", "redo delete + paint"), ("save_window", "save (document)"), ("close", "close window")]
EVENT_ROWS = [("drag_100", "drag a node, 100 % zoom"), ("drag_30", "drag a node, 30 % zoom"),
              ("pan_100", "pan, 100 % zoom"), ("pan_30", "pan, 30 % zoom"), ("zoom_100", "wheel zoom at 100 %"),
              ("zoom_fit", "wheel zoom at fit-all")]


def report(results: dict[int, dict[str, Any]], fastr: dict[str, Any], ngq: dict[int, dict[str, Any]],
           tm: dict[int, dict[str, Any]], sizes: list[int], notes: list[str]) -> str:
    lines: list[str] = []
    out = lines.append
    out(f"Scale benchmark, {datetime.date.today().isoformat()}, {platform.node()}: {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform()}")
    try:
        import PySide6
        out(f"PySide6 {PySide6.__version__}; times are wall-clock seconds, best / median of the repeats; "
            "events: median / p95 / max ms")
    except ImportError:
        pass
    for note in notes:
        out(f"note: {note}")
    ok = [n for n in sizes if "error" not in results.get(n, {"error": 1})]
    for n in sizes:
        if "error" in results.get(n, {}):
            out(f"{n} nodes: ERROR {results[n]['error']}")
    width = 19
    header = f"{'operation':<40}" + "".join(f"{f'{n:,} nodes':>{width}}" for n in ok)
    out("")
    out(header)
    out(f"{'links':<40}" + "".join(f"{results[n]['info'].get('links', 0):>{width},}" for n in ok))
    out(f"{'YAML file (KB)':<40}" + "".join(f"{results[n]['info'].get('yaml_bytes', 0) // 1024:>{width},}" for n in ok))
    for key, label in ROWS:
        out(f"{label:<40}" + "".join(f"{_fmt_s(results[n]['runs'].get(key)):>{width}}" for n in ok))
    for key, label in EVENT_ROWS:
        out(f"{label + ' (ms/event)':<40}" + "".join(f"{_fmt_ev(results[n]['events'].get(key)):>{width}}" for n in ok))
    out(f"{'problems found':<40}" + "".join(f"{results[n]['info'].get('problems', '-'):>{width}}" for n in ok))
    out(f"{'nodes deleted':<40}" + "".join(f"{results[n]['info'].get('deleted', '-'):>{width}}" for n in ok))
    out(f"{'undo of delete gives back the state':<40}" + "".join(f"{str(results[n]['info'].get('undo_exact')):>{width}}" for n in ok))
    out(f"{'RSS baseline (Qt + imports), MB':<40}" + "".join(f"{results[n]['info'].get('rss_baseline_mb', 0):>{width}.0f}" for n in ok))
    out(f"{'RSS peak, one full pass, MB':<40}" + "".join(f"{results[n]['info'].get('rss_one_pass_mb', 0):>{width}.0f}" for n in ok))
    out(f"{'RSS peak, all repeats, MB':<40}" + "".join(f"{results[n]['info'].get('rss_peak_mb', 0):>{width}.0f}" for n in ok))
    if tm:
        out(f"{'tracemalloc peak (Python), MB':<40}" + "".join(
            f"{tm.get(n, {}).get('peak_mb', float('nan')):>{width}.1f}" for n in ok))
        phases = sorted({k for v in tm.values() for k in v.get("peaks_mb", {})},
                        key=lambda k: list(next(iter(tm.values())).get("peaks_mb", {})).index(k)
                        if k in next(iter(tm.values())).get("peaks_mb", {}) else 99)
        for ph in phases:
            out(f"{'  tracemalloc peak: ' + ph:<40}" + "".join(
                f"{tm.get(n, {}).get('peaks_mb', {}).get(ph, float('nan')):>{width}.1f}" for n in ok))

    # Per-node cost ratios between consecutive sizes (1.0 = linear).
    if len(ok) > 1:
        out("")
        out("Growth: (seconds per node at the larger size) / (at the smaller), medians; 1.0 = linear")
        pairs = list(zip(ok, ok[1:]))
        out(f"{'operation':<40}" + "".join(f"{f'{a}->{b}':>{width}}" for a, b in pairs))
        for key, label in ROWS:
            cells = []
            for a, b in pairs:
                va, vb = results[a]["runs"].get(key), results[b]["runs"].get(key)
                if va and vb and statistics.median(va) > 0:
                    cells.append(f"{(statistics.median(vb) / b) / (statistics.median(va) / a):>{width}.2f}")
                else:
                    cells.append(f"{'-':>{width}}")
            out(f"{label:<40}" + "".join(cells))

    # Real fastr.
    if fastr:
        out("")
        if "error" in fastr:
            out(f"fastr 3.4.0: {fastr['error']}")
        sizes_f = [n for n in ok if str(n) in fastr]
        if sizes_f:
            out("Against real fastr 3.4.0 (same state; best / median s; ratio = fastr / ours, medians)")
            out(f"{'operation':<40}" + "".join(f"{f'{n:,} ours':>{width}}{f'{n:,} fastr':>{width}}{'ratio':>8}" for n in sizes_f))
            for ours_key, theirs_key, label in (("copy", "copy", "state -> network"), ("getstate", "getstate", "__getstate__"),
                                                ("validate", "validate", "validate (fastr: is_valid)"),
                                                ("save", "save", "save YAML"), ("open", "open", "open YAML file")):
                cells = ""
                for n in sizes_f:
                    mine, theirs = results[n]["runs"].get(ours_key), fastr[str(n)].get(theirs_key)
                    ratio = statistics.median(theirs) / statistics.median(mine) if mine and theirs else float("nan")
                    cells += f"{_fmt_s(mine):>{width}}{_fmt_s(theirs):>{width}}{ratio:>7.1f}x"
                out(f"{label:<40}" + cells)
            valid = ", ".join(f"{n}: {all(fastr[str(n)].get('valid', [False]))}" for n in sizes_f)
            out(f"fastr valid: {valid}; "
                f"fastr process peak RSS {fastr.get('rss_peak_mb', 0):.0f} MB. fastr's is_valid only reads the "
                "status its nodes computed while the network was built (its checks cost is inside copy/open).")

    # NodeGraphQt.
    if ngq:
        out("")
        out("Against NodeGraphQt (same nodes, ports, links and positions; its own venv)")
        sizes_g = [n for n in ok if n in ngq]
        out(f"{'operation':<40}" + "".join(f"{f'{n:,} ours':>{width}}{f'{n:,} NodeGraphQt':>{width}}" for n in sizes_g))

        def row(label: str, mine: str, theirs_fn: Callable[[dict[str, Any]], str]) -> None:
            cells = ""
            for n in sizes_g:
                g = ngq[n]
                theirs = theirs_fn(g) if "error" not in g else "error"
                cells += f"{mine_cell(n, mine):>{width}}{theirs:>{width}}"
            out(f"{label:<40}" + cells)

        def mine_cell(n: int, key: str) -> str:
            if key.startswith("ev:"):
                return _fmt_ev(results[n]["events"].get(key[3:]))
            return _fmt_s(results[n]["runs"].get(key)) if key else "-"
        row("build (API) -> painted", "", lambda g: _fmt_s(g["runs"].get("build_painted")))
        row("  of which build (API calls)", "build", lambda g: _fmt_s(g["runs"].get("build")))
        row("open file -> painted", "open_painted", lambda g: _fmt_s(g["runs"].get("open_painted")))
        row("save file", "save", lambda g: _fmt_s(g["runs"].get("save")))
        row("drag a node, 100 % (ms/event)", "ev:drag_100", lambda g: _fmt_ev(g["events"].get("drag_100")))
        row("pan, 100 % (ms/event)", "ev:pan_100", lambda g: _fmt_ev(g["events"].get("pan_100")))
        row("RSS peak, MB", "", lambda g: f"{g.get('rss_peak_mb', 0):.0f}")
        for n in sizes_g:
            if "error" in ngq[n]:
                out(f"NodeGraphQt {n}: {ngq[n]['error']}")
            elif ngq[n].get("note"):
                out(f"NodeGraphQt {n}: {ngq[n]['note']}")

    # Targets.
    out("")
    out("Targets")
    if 5000 in ok:
        best, median = _best_median(results[5000]["runs"]["open_painted"])
        out(f"  5,000 nodes painted within {TARGET_PAINT_S:.0f} s of opening: best {best:.2f} s, median {median:.2f} s -> "
            f"{'MET' if median <= TARGET_PAINT_S else ('MET at best only' if best <= TARGET_PAINT_S else 'NOT MET')}")
        drag = sorted(results[5000]["events"]["drag_100"])
        med, p95 = statistics.median(drag) * 1000, drag[int(0.95 * (len(drag) - 1))] * 1000
        out(f"  drag events within {TARGET_EVENT_MS:.0f} ms at 5,000 nodes (100 % zoom): median {med:.1f} ms, "
            f"p95 {p95:.1f} ms, max {drag[-1] * 1000:.1f} ms -> "
            f"{'MET' if p95 <= TARGET_EVENT_MS else ('median only' if med <= TARGET_EVENT_MS else 'NOT MET')}")
        drag30 = sorted(results[5000]["events"].get("drag_30", [0]))
        out(f"  (at 30 % zoom: median {statistics.median(drag30) * 1000:.1f} ms, "
            f"p95 {drag30[int(0.95 * (len(drag30) - 1))] * 1000:.1f} ms)")
    big = max(ok) if ok else None
    if big is not None:
        rss = results[big]["info"].get("rss_one_pass_mb", 0)
        out(f"  peak RSS under {TARGET_RSS_MB:.0f} MB at {big:,} nodes: {rss:.0f} MB (one full pass), "
            f"{results[big]['info'].get('rss_peak_mb', 0):.0f} MB (all repeats) -> "
            f"{'MET' if rss < TARGET_RSS_MB else 'NOT MET'}{'' if big >= 10000 else ' (10,000 not measured)'}")
    return "\n".join(lines)


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
    parser.add_argument("--no-tracemalloc", action="store_true")
    parser.add_argument("--profile", metavar="DIR", help="cProfile each phase of the first repeat into DIR")
    parser.add_argument("--json", metavar="FILE", help="also write all raw figures as JSON")
    parser.add_argument("--workdir", help="where the network files go (default: a temporary folder)")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--tracemalloc-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="bench-scale-"))
    workdir.mkdir(parents=True, exist_ok=True)
    if args.child:
        print(json.dumps(run_child(args.child, args.repeats, workdir, args.profile, args.moves)))
        return 0
    if args.tracemalloc_child:
        print(json.dumps(run_tracemalloc_child(args.tracemalloc_child, workdir)))
        return 0

    sizes = sorted(set(args.sizes))
    notes: list[str] = []
    results: dict[int, dict[str, Any]] = {}
    common = ["--workdir", str(workdir), "--repeats", str(args.repeats), "--moves", str(args.moves)]
    if args.profile:
        common += ["--profile", args.profile]
    for n in sizes:
        print(f"[{time.strftime('%H:%M:%S')}] editor, {n} nodes ...", file=sys.stderr, flush=True)
        results[n] = _run_self(["--child", str(n), *common], timeout=600 + 1.2 * n * args.repeats)
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
            for n in sizes:
                print(f"[{time.strftime('%H:%M:%S')}] NodeGraphQt, {n} nodes ...", file=sys.stderr, flush=True)
                ngq[n] = run_nodegraphqt(python, str(workdir / f"worc_{n}_graph.json"),
                                         args.repeats, args.moves, args.nodegraphqt_timeout)
    text = report(results, fastr, ngq, tm, sizes, notes)
    print(text)
    if args.json:
        Path(args.json).write_text(json.dumps({"ours": results, "tracemalloc": tm, "fastr": fastr,
                                               "nodegraphqt": ngq, "text": text}, indent=1))
    if not args.workdir:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
