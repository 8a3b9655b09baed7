"""Benchmark (run on demand): core network operations, ours against real fastr 3.4.0 in the same run.

    python3 tests/benchmarks/bench_core.py [SIZES...]      (default 100 1000 5000)

Build, __getstate__, create_network_copy, and YAML/JSON save and load; prints seconds and ratios.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from editor.api import create_network_copy  # noqa: E402
from editor.core.io.files import load_network, save_network  # noqa: E402
from tests.oracle.fastr_env import run_fastr  # noqa: E402

BUILD = """
def build(api, n):
    # WORC-like: independent pipelines of 10 nodes (source, 8 AddInt steps, sink); fastr's update
    # cost grows with the number of nodes fed by one output, so this is the shape fastr copes with.
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

FASTR_SIDE = BUILD + """
import time, json, copy, os, tempfile
res = {}
for n in load_payload():
    t = time.perf_counter(); net = build(fastr.api, n); res.setdefault(str(n), {})['build'] = time.perf_counter() - t
    t = time.perf_counter(); state = net.parent.__getstate__(); res[str(n)]['getstate'] = time.perf_counter() - t
    clean = json.loads(json.dumps(state))
    t = time.perf_counter(); fastr.api.create_network_copy(copy.deepcopy(clean)); res[str(n)]['copy'] = time.perf_counter() - t
    d = tempfile.mkdtemp()
    for ext in ('yaml', 'json'):
        p = os.path.join(d, 'net.' + ext)
        t = time.perf_counter(); net.save(p); res[str(n)]['save_' + ext] = time.perf_counter() - t
        t = time.perf_counter(); fastr.api.Network.load(p); res[str(n)]['load_' + ext] = time.perf_counter() - t
emit(res)
"""


def ours(n: int) -> dict[str, float]:
    import editor.api as api
    namespace: dict = {}
    exec(BUILD, namespace)  # noqa: S102 - our own benchmark code
    res = {}
    t = time.perf_counter(); net = namespace["build"](api, n); res["build"] = time.perf_counter() - t
    t = time.perf_counter(); state = net.__getstate__(); res["getstate"] = time.perf_counter() - t
    clean = json.loads(json.dumps(state))
    t = time.perf_counter(); create_network_copy(clean); res["copy"] = time.perf_counter() - t
    with tempfile.TemporaryDirectory() as d:
        for ext in ("yaml", "json"):
            p = Path(d) / f"net.{ext}"
            t = time.perf_counter(); save_network(net, p); res[f"save_{ext}"] = time.perf_counter() - t
            t = time.perf_counter(); load_network(p); res[f"load_{ext}"] = time.perf_counter() - t
    return res


FASTR_MAX = 1000   # fastr 3.4.0 needs over 20 minutes for these steps at 5,000 nodes


def main(sizes: list[int]) -> None:
    theirs = run_fastr(FASTR_SIDE, [n for n in sizes if n <= FASTR_MAX], timeout=3600)
    print(f"{'nodes':>6} {'operation':<11} {'ours (s)':>10} {'fastr (s)':>10} {'fastr/ours':>10}")
    for n in sizes:
        mine = ours(n)
        for op, value in mine.items():
            other = theirs.get(str(n), {}).get(op)
            if other is None:
                print(f"{n:>6} {op:<11} {value:>10.4f} {'(skipped)':>10} {'':>10}", flush=True)
            else:
                print(f"{n:>6} {op:<11} {value:>10.4f} {other:>10.4f} {other / value:>9.1f}x", flush=True)


if __name__ == "__main__":
    import argparse
    cli = argparse.ArgumentParser(description="Time the core (create, save, load, validate) against real fastr 3.4.0.")
    cli.add_argument("sizes", nargs="*", type=int, metavar="NODES", help="network sizes (default: 100 1000 5000)")
    main(cli.parse_args().sizes or [100, 1000, 5000])
