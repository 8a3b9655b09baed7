"""Saving YAML: the state's own writer (editor/core/text/yamlemit.py) against PyYAML's CSafeDumper
(the chunked dump the editor used before), on WORC-like networks, alternating, same bytes checked.

    python3 tests/benchmarks/bench_save.py --sizes 1000 10000 20000 --repeat 5

Prints, per size: state building (network_to_state), text by each writer (wall and CPU, best and
median), and the whole save_network to a file. fastr 3.4.0 itself is not timed here: at 10,000
nodes its own save takes minutes (bench_core.py times it at small sizes).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))

from scale_network import build_network  # noqa: E402

from editor.core.io import files  # noqa: E402


def _timed(fn, *args):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main(sizes: list[int], repeat: int) -> None:
    print(f"{'nodes':>7} {'state':>8} {'ours best':>10} {'ours med':>9} {'ours cpu':>9} "
          f"{'pyyaml best':>12} {'pyyaml med':>11} {'pyyaml cpu':>11} {'x':>5} {'save file':>10}")
    for n in sizes:
        network = build_network(n)
        state_wall, _, state = _timed(files.file_state, network)
        ours, theirs = [], []
        for _ in range(repeat):                       # alternating, so load drifts hit both
            o = _timed(files.dump_text, state, "yaml")
            t = _timed(lambda s: "".join(files._yaml_chunks(s)), state)
            assert o[2] == t[2], "the two writers differ"
            ours.append(o[:2])
            theirs.append(t[:2])
        with tempfile.TemporaryDirectory() as folder:
            save = min(_timed(files.save_network, network, str(Path(folder) / "n.yaml"))[0] for _ in range(repeat))
        ob, om = min(w for w, _ in ours), statistics.median(w for w, _ in ours)
        tb, tm = min(w for w, _ in theirs), statistics.median(w for w, _ in theirs)
        print(f"{n:>7} {state_wall:>8.3f} {ob:>10.3f} {om:>9.3f} {min(c for _, c in ours):>9.3f} "
              f"{tb:>12.3f} {tm:>11.3f} {min(c for _, c in theirs):>11.3f} {tb / ob:>5.1f} {save:>10.3f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if any(n < 10 for n in args.sizes) or args.repeat < 1:
        parser.error("sizes must be at least 10 and --repeat at least 1")
    main(args.sizes, args.repeat)
