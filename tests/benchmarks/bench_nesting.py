"""Benchmark (run on demand): loading macro networks nested N deep, ours against real fastr 3.4.0.

    python3 tests/benchmarks/bench_nesting.py [DEPTHS...]   (default 8 16 32 64 100 200 400 800)
    python3 tests/benchmarks/bench_nesting.py --repeat 5

Each depth is one line of JSON text in a ``.yaml`` file: a macro node whose network holds a macro
node ... ``N`` deep, around the innermost network of the golden ``nested_macros`` state (a state
fastr 3.4.0 wrote), with every key fastr needs, so both loaders read the same valid file.  Ours: the editor's loader (which refuses macros nested more than 64 deep and
files nested more than MAX_NESTING = 250 levels, so deeper files measure the time to the refusal).  fastr:
``yaml.safe_load`` then ``create_network_copy`` (at depths it can load).  Runs alternate, ours
and fastr's; the median of each is printed, CPU time beside wall time, and the cost per level,
which stays flat when loading is linear in the depth.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import json  # noqa: E402

from editor.core.io.files import LoadError, load_network  # noqa: E402
from tests.oracle.fastr_env import run_fastr  # noqa: E402

FASTR_SIDE = """
import time, yaml
res = {}
for path in load_payload():
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        with open(path) as f:
            fastr.api.create_network_copy(yaml.safe_load(f))
        outcome = 'loads'
    except BaseException as exc:  # RecursionError and fastr's own errors
        outcome = type(exc).__name__ + ': ' + str(exc)[:40]
    res[path] = [time.perf_counter() - wall, time.process_time() - cpu, outcome]
emit(res)
"""

GOLDEN = ROOT / "tests" / "golden" / "extra" / "nested_macros.state.json"


def nested_macros(depth: int) -> str:
    """The golden innermost network wrapped in ``depth`` macro levels, as one line of JSON text
    (written as text: json.dumps recurses and gives up long before 1000 levels)."""
    leaf = json.loads(GOLDEN.read_text(encoding="utf-8"))
    while any(n["class"] == "MacroNode" for n in leaf["nodelist"]):
        leaf = next(n["network"] for n in leaf["nodelist"] if n["class"] == "MacroNode")
    head = "".join(
        f'{{"id": "level{d}", "version": "0.0", "filename": "bench", "description": "", '
        f'"link_number": 0, "node_number": 1, "linklist": [], "preferred_types": [], "stepids": {{}}, '
        f'"namespace": null, "nodelist": [{{"id": "macro{d}", "class": "MacroNode", "inputs": [], '
        f'"outputs": [], "resources": null, "merge_dimensions": "none", "network": '
        for d in range(depth))
    return head + json.dumps(leaf) + "}]}" * depth + "\n"


FASTR_MAX_DEPTH = 200   # beyond this fastr's recursive loader gives up (RecursionError)


def ours(path: Path) -> tuple[float, float, str]:
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        load_network(path)
        outcome = "loads"
    except LoadError:
        outcome = "refused"
    return time.perf_counter() - wall, time.process_time() - cpu, outcome


def main(depths: list[int], repeat: int) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-nesting-") as folder:
        files = {}
        for depth in depths:
            files[depth] = Path(folder) / f"macro_nested_{depth}.yaml"
            files[depth].write_text(nested_macros(depth), encoding="utf-8")
        mine: dict[int, list[tuple[float, float, str]]] = {d: [] for d in depths}
        theirs: dict[int, list[list]] = {d: [] for d in depths}
        for _ in range(repeat):                    # alternate: ours, then fastr, each round
            for depth in depths:
                mine[depth].append(ours(files[depth]))
            answer = run_fastr(FASTR_SIDE, [str(files[d]) for d in depths if d <= FASTR_MAX_DEPTH],
                               timeout=1800)
            for depth in depths:
                if str(files[depth]) in answer:
                    theirs[depth].append(answer[str(files[depth])])
    print(f"{'depth':>6} {'KB':>6} {'ours wall':>10} {'ours cpu':>9} {'ms/level':>9} {'ours':>8}"
          f" {'fastr wall':>11} {'fastr cpu':>10} {'fastr':>14}")
    for depth in depths:
        size = len(nested_macros(depth)) / 1024
        wall = statistics.median(r[0] for r in mine[depth])
        cpu = statistics.median(r[1] for r in mine[depth])
        line = (f"{depth:>6} {size:>6.0f} {wall:>10.4f} {cpu:>9.4f} {1000 * cpu / depth:>9.3f}"
                f" {mine[depth][0][2]:>8}")
        if theirs[depth]:
            fwall = statistics.median(r[0] for r in theirs[depth])
            fcpu = statistics.median(r[1] for r in theirs[depth])
            line += f" {fwall:>11.4f} {fcpu:>10.4f} {theirs[depth][0][2]:>14}"
        else:
            line += f" {'(too deep)':>11}"
        print(line, flush=True)


if __name__ == "__main__":
    cli = argparse.ArgumentParser(description="Time loading nested macro networks, ours and fastr's.")
    cli.add_argument("depths", nargs="*", type=int, metavar="DEPTH",
                     help="nesting depths (default: 8 16 32 64 100 200 400 800)")
    cli.add_argument("--repeat", type=int, default=3, help="rounds, alternating ours and fastr (default 3)")
    args = cli.parse_args()
    if any(d < 1 for d in args.depths) or args.repeat < 1:
        cli.error("depths and --repeat must be positive")
    main(args.depths or [8, 16, 32, 64, 100, 200, 400, 800], args.repeat)
