"""bench_scale.py's report: one table per side, growth ratios, the comparisons and the targets."""

from __future__ import annotations

import datetime
import os
import platform
import statistics
from typing import Any, Callable

TARGET_PAINT_S = 2.0           # 5,000 nodes painted within 2 s of opening
TARGET_EVENT_MS = 16.0         # each drag event within 16 ms
TARGET_RSS_MB = 600.0          # peak memory under 600 MB at 10,000 nodes


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
              ("drag_fit", "drag a node, fit-all"),
              ("pan_100", "pan, 100 % zoom"), ("pan_30", "pan, 30 % zoom"), ("pan_fit", "pan, fit-all"),
              ("zoom_100", "wheel zoom at 100 %"),
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
    for n in ok:
        if results[n]["info"].get("delete_note"):
            out(f"  {n:,} nodes: {results[n]['info']['delete_note']}")
    out(f"{'undo of delete gives back the state':<40}" + "".join(f"{str(results[n]['info'].get('undo_exact')):>{width}}" for n in ok))
    out(f"{'RSS baseline (Qt + imports), MB':<40}" + "".join(f"{results[n]['info'].get('rss_baseline_mb', 0):>{width}.0f}" for n in ok))
    out(f"{'RSS peak, the editor alone, MB':<40}" + "".join(f"{results[n]['info'].get('rss_editor_mb', 0):>{width}.0f}" for n in ok))
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
        rss = results[big]["info"].get("rss_editor_mb", float("nan"))
        out(f"  peak RSS under {TARGET_RSS_MB:.0f} MB at {big:,} nodes: {rss:.0f} MB for the editor alone "
            "(open, paint, problems, auto layout and undo, drag, pan, zoom, delete 1,000 / undo / redo, "
            f"save, close); {results[big]['info'].get('rss_peak_mb', 0):.0f} MB with the core benchmarks "
            f"run first in the same process -> {'MET' if rss < TARGET_RSS_MB else 'NOT MET'}"
            f"{'' if big >= 10000 else ' (10,000 not measured)'}")
    return "\n".join(lines)
