"""Benchmark (run on demand): reading a big YAML network file, rapidyaml fast path against PyYAML.

    python3 tests/benchmarks/bench_yaml.py [NODES] [--file PATH]      (default 5000 nodes)

Builds a network of NODES nodes with editor.api (bench_core.py's WORC-like chains), writes it as
fastr writes it (PyYAML ``safe_dump(sort_keys=False)``) and as the editor saves it, then times:
parsing with ``yamlfast.load_fast``, parsing with PyYAML (fileio's loader), and the whole
``load_network`` with and without the fast path. ``--file`` times an existing YAML file instead.
Prints the best of REPEAT runs (and the median), and why the fast path fell back if it did.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

import editor.core.io.files as fileio  # noqa: E402
from editor.core.text import yamlfast, yamlsafe  # noqa: E402

REPEAT = 3
BUDGET = 1.0   # seconds: a 5,000-node file must load in under this

BUILD = """
def build(api, n):
    net = api.create_network('bench')
    made = 0
    chain = 0
    while made < n:
        src = net.create_source('Int', id='src_%d' % chain)
        out = src.outputs['output']
        made += 1
        for i in range(8):
            node = net.create_node('fastr/math/AddInt:1.0', tool_version='1.0', id='add_%d_%d' % (chain, i))
            node.inputs['left_hand'] << out
            node.inputs['right_hand'] << src.outputs['output']
            out = node.outputs['result']
            made += 1
        sink = net.create_sink('Int', id='sink_%d' % chain)
        sink.inputs['input'] << out
        made += 1
        chain += 1
    return net
"""


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    runs = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return min(runs), statistics.median(runs)


def files(n: int, folder: Path) -> dict[str, Path]:
    import editor.api as api
    namespace: dict[str, Any] = {}
    exec(BUILD, namespace)  # noqa: S102 - our own benchmark code
    net = namespace["build"](api, n)
    fastr_style = folder / f"n{n}.fastr.yaml"
    fastr_style.write_text(yaml.safe_dump(fileio.file_state(net), sort_keys=False), encoding="utf-8")
    editor_style = folder / f"n{n}.editor.yaml"
    fileio.save_network(net, editor_style)
    return {"fastr safe_dump": fastr_style, "editor save": editor_style}


def bench(label: str, path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    reason = yamlfast.fallback_reason(text)
    fast = yamlfast.load_fast(text)
    slow = yaml.load(text, Loader=yamlsafe.NetworkLoader)  # noqa: S506 - a safe loader
    assert reason is not None or fast == slow, "the fast path gave different data"
    print(f"\n{label}: {path.name}, {len(text) / 2**20:.1f} MB"
          + (f"  (FAST PATH FALLS BACK: {reason})" if reason else ""))
    rows = [
        ("parse, rapidyaml fast path", lambda: yamlfast.load_fast(text)),
        ("parse, PyYAML (CSafeLoader)", lambda: yaml.load(text, Loader=yamlsafe.NetworkLoader)),  # noqa: S506
        ("load_network, fast path", lambda: fileio.load_network(path)),
    ]
    results = {}
    for name, fn in rows:
        results[name] = timed(fn)
    real = fileio.load_fast
    fileio.load_fast = lambda text, loader=None: None   # type: ignore[assignment]
    try:
        results["load_network, PyYAML only"] = timed(lambda: fileio.load_network(path))
    finally:
        fileio.load_fast = real
    for name, (best, median) in results.items():
        print(f"  {name:<30} {best:8.3f} s  (median {median:.3f} s)")
    fast_parse = results["parse, rapidyaml fast path"][0]
    slow_parse = results["parse, PyYAML (CSafeLoader)"][0]
    print(f"  parse speed-up {slow_parse / fast_parse:.1f}x; "
          f"load_network {results['load_network, PyYAML only'][0] / results['load_network, fast path'][0]:.1f}x")
    return results["load_network, fast path"][0] < BUDGET


def main(argv: list[str]) -> None:
    import argparse
    parser = argparse.ArgumentParser(description=(__doc__ or "").strip().splitlines()[0])
    parser.add_argument("nodes", nargs="?", type=int, default=5000, help="network size (default 5000)")
    parser.add_argument("--file", type=Path, help="time this network file instead")
    args = parser.parse_args(argv)
    if not yamlfast.available():
        print("rapidyaml is not installed: only the PyYAML path exists")
    if args.file is not None:
        bench("file", args.file)
        return
    n = args.nodes
    with tempfile.TemporaryDirectory() as d:
        ok = True
        for label, path in files(n, Path(d)).items():
            ok &= bench(label, path)
    print(f"\nload_network under {BUDGET:.0f} s: {'yes' if ok else 'NO'}")


if __name__ == "__main__":
    main(sys.argv[1:])
