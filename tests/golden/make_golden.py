"""Build golden network files with real fastr 3.4.0 (run with the fastr python).

    <fastr python> tests/golden/make_golden.py OUTDIR      # normally OUTDIR = tests/golden

For every network (each ``fastr.examples`` module's ``create_network()`` and the
extra networks below) it writes into ``OUTDIR/examples/`` or ``OUTDIR/extra/``:

* ``<name>.state.json``  the bare ``network.parent.__getstate__()`` (``indent=2``)
* ``<name>.fastr.yaml`` / ``<name>.fastr.json``  what ``network.save(path)`` writes

``filename`` (fastr stores the absolute path of the .py file that called
``create_network``) is replaced by a stable relative path in every network,
nested macro networks included.  ``OUTDIR/manifest.json`` lists every network,
why a build failed, and whether fastr itself can reload the result
(``create_network_copy`` and ``Network.load`` of both files), with the differences.
"""

from __future__ import annotations

import contextlib
import copy
import importlib
import json
import os
import pkgutil
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

if "FASTRHOME" not in os.environ:  # keep ~/.fastr out of it
    _HOME = tempfile.TemporaryDirectory(prefix="fastr-home-")
    os.environ["FASTRHOME"] = _HOME.name
with contextlib.redirect_stdout(sys.stderr):
    import fastr
    import fastr.api
    import fastr.examples
    from fastr.api import ResourceLimit

EXTRA_FILENAME = "tests/golden/make_golden.py"
ADD, SUM, RANGE, MAX = "fastr/math/AddInt:1.0", "fastr/math/Sum:1.0", "fastr/util/Range:1.0", "fastr/math/Max:1.0"


# ----------------------------------------------------------------------------- extra networks
def named_subinputs() -> fastr.api.Network:
    net = fastr.create_network("named_subinputs")
    a, b = net.create_source("Int", id="a"), net.create_source("Int", id="b")
    total = net.create_node(SUM, "1.0", id="total")
    total.inputs["values"]["first"] << a.output
    total.inputs["values"]["second"] << b.output
    total.inputs["values"]["second"].append(a.output)
    total.inputs["values"]["consts"] << [1, 2]
    net.create_sink("Number", id="out").inputs["input"] << total.outputs["result"]
    return net


def suboutputs_append() -> fastr.api.Network:
    net = fastr.create_network("suboutputs_append")
    count = net.create_source("Int", id="count")
    rng = net.create_node(RANGE, "1.0", id="range")
    rng.inputs["value"] << count.output
    total = net.create_node(SUM, "1.0", id="total")
    result = rng.outputs["result"]
    total.inputs["values"].append(result[1:3])
    total.inputs["values"].append(result[-1])
    total.inputs["values"].append(result[0])
    total.inputs["values"].append(result[::2])
    total.inputs["values"].append([7, 8])
    maximum = net.create_node(MAX, "1.0", id="maximum")
    maximum.inputs["values"] << result[:2]
    net.create_sink("Number", id="out_total").inputs["input"] << total.outputs["result"]
    net.create_sink("Number", id="out_max").inputs["input"] << maximum.outputs["maximum"]
    return net


def int_suboutputs() -> fastr.api.Network:
    net = fastr.create_network("int_suboutputs")
    count = net.create_source("Int", id="count")
    rng = net.create_node(RANGE, "1.0", id="range")
    rng.inputs["value"] << count.output
    total = net.create_node(SUM, "1.0", id="total")
    total.inputs["values"] << rng.outputs["result"][0]
    total.inputs["values"].append(rng.outputs["result"][-1])
    total.inputs["values"].append(rng.outputs["result"])
    net.create_sink("Number", id="out").inputs["input"] << total.outputs["result"]
    return net


def collapse_expand_groups() -> fastr.api.Network:
    net = fastr.create_network("collapse_expand_groups", version="1.2")
    train = net.create_source("Int", id="train_values", node_group="train")
    other = net.create_source("Int", id="other_values", node_group="train")
    test = net.create_source("Int", id="test_values")
    by_index = net.create_node(SUM, "1.0", id="sum_by_index")
    net.create_link(train.output, by_index.inputs["values"], id="collapse_index", collapse=(0,))
    by_name = net.create_node(SUM, "1.0", id="sum_by_name")
    link = by_name.inputs["values"] << other.output
    link.collapse = "train"
    rng = net.create_node(RANGE, "1.0", id="range")
    rng.inputs["value"] << test.output
    expanded = net.create_node(ADD, "1.0", id="expanded")
    link = expanded.inputs["left_hand"] << rng.outputs["result"]
    link.expand = True
    expanded.inputs["right_hand"] << [10]
    grid = net.create_node(ADD, "1.0", id="grid")
    grid.inputs["left_hand"] << train.output
    grid.inputs["right_hand"] << test.output
    grid.inputs["right_hand"].input_group = "right"
    merged_all = net.create_node(ADD, "1.0", id="merged_all")
    merged_all.inputs["left_hand"] << train.output
    merged_all.inputs["right_hand"] << test.output
    merged_all.inputs["right_hand"].input_group = "other"
    merged_all.merge_dimensions = "all"
    for node in (by_index, by_name, expanded, grid, merged_all):
        net.create_sink("Number", id=f"out_{node.id}").inputs["input"] << node.outputs["result"]
    return net


def merge_dimensions_list() -> fastr.api.Network:
    net = fastr.create_network("merge_dimensions_list")
    a = net.create_source("Int", id="a", node_group="subjects")
    b = net.create_source("Int", id="b", node_group="subjects")
    add = net.create_node(ADD, "1.0", id="add")
    add.inputs["left_hand"] << a.output
    add.inputs["right_hand"] << b.output
    add.inputs["right_hand"].input_group = "right"
    add.merge_dimensions = ["subjects"]
    net.create_sink("Int", id="out").inputs["input"] << add.outputs["result"]
    return net


def resources_steps() -> fastr.api.Network:
    net = fastr.create_network("resources_steps")
    full = ResourceLimit(cores=4, memory="8G", time="01:30:00", gpus=2)
    src = net.create_source("Int", id="values", step_id="inputs", node_group="group_a",
                            resources=ResourceLimit(cores=2, memory=1500, time=60))
    add = net.create_node(ADD, "1.0", id="add", step_id="compute", resources=full, node_group="group_a")
    add.inputs["left_hand"] << src.output
    add.inputs["right_hand"] << [1]
    later = net.create_node(ADD, "1.0", id="later", step_id="compute",
                            resources=ResourceLimit(cores=None, memory=None, time=None, gpus=0))
    later.inputs["left_hand"] << add.outputs["result"]
    later.inputs["right_hand"] << src.output
    net.create_sink("Int", id="out", step_id="outputs").inputs["input"] << later.outputs["result"]
    return net


def constants() -> fastr.api.Network:
    net = fastr.create_network("constants")
    multi = net.create_constant("Int", {"s1": 3, "s2": (4, 5), "s0": (6, 7, 8)}, id="multi")
    listed = net.create_constant("Int", [1, 2, 3], id="listed")
    single = net.create_constant("String", "hello", id="single")
    total = net.create_node(SUM, "1.0", id="total")
    total.inputs["values"] << multi.output
    add = net.create_node(ADD, "1.0", id="add")
    add.inputs["left_hand"] << listed.output
    add.inputs["right_hand"] << [(10, 20)]
    add2 = net.create_node(ADD, "1.0", id="add2")
    add2.inputs["left_hand"] << (listed.output, 5, 6, multi.output)
    add2.inputs["right_hand"] << (1,)
    net.create_sink("Number", id="out_total").inputs["input"] << total.outputs["result"]
    net.create_sink("Int", id="out_add").inputs["input"] << add.outputs["result"]
    net.create_sink("Int", id="out_add2").inputs["input"] << add2.outputs["result"]
    net.create_sink("String", id="out_single").inputs["input"] << single.output
    return net


def _inner_macro() -> fastr.api.Network:
    net = fastr.create_network("inner_add")
    value = net.create_source("Int", id="value")
    add = net.create_node(ADD, "1.0", id="add", step_id="work")
    add.inputs["left_hand"] << value.output
    add.inputs["right_hand"] << [1]
    net.create_sink("Int", id="result").inputs["input"] << add.outputs["result"]
    return net


def _middle_macro() -> fastr.api.Network:
    net = fastr.create_network("middle", version="2.0")
    start = net.create_source("Int", id="start")
    first = net.create_macro(_inner_macro(), id="first")
    second = net.create_macro(_inner_macro().parent.__getstate__(), id="second")
    first.inputs["value"] << start.output
    second.inputs["value"] << first.outputs["result"]
    net.create_sink("Int", id="end").inputs["input"] << second.outputs["result"]
    return net


def nested_macros() -> fastr.api.Network:
    net = fastr.create_network("nested_macros")
    src = net.create_source("Int", id="src")
    outer = net.create_macro(_middle_macro(), id="outer")
    outer.inputs["start"] << src.output
    net.create_sink("Int", id="out").inputs["input"] << outer.outputs["end"]
    return net


EXTRAS: dict[str, Callable[[], fastr.api.Network]] = {
    f.__name__: f for f in (named_subinputs, suboutputs_append, int_suboutputs, collapse_expand_groups,
                            merge_dimensions_list, resources_steps, constants, nested_macros)
}


# ----------------------------------------------------------------------------- helpers
def _set_filename(network: Any, filename: str) -> None:
    """Set ``filename`` on a core network and on every nested macro network."""
    network.filename = filename
    for node in network.nodelist.values():
        if hasattr(node, "network") and type(node).__name__ == "MacroNode":
            _set_filename(node.network, filename)


def _jsonable(obj: Any) -> Any:
    return json.loads(json.dumps(obj))


def _diff(a: Any, b: Any, path: str = "") -> list[str]:
    if isinstance(a, dict) and isinstance(b, dict):
        keys = list(a) + [k for k in b if k not in a]
        out = [f"{path}/{k}: missing in {'reloaded' if k in a else 'original'}"
               for k in keys if (k in a) != (k in b)]
        if list(a) != list(b) and set(a) == set(b):
            out.append(f"{path}: key order {list(a)} != {list(b)}")
        for k in keys:
            if k in a and k in b:
                out += _diff(a[k], b[k], f"{path}/{k}")
        return out
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in _diff(x, y, f"{path}/{i}")]
    return [] if a == b else [f"{path}: {json.dumps(a)} != {json.dumps(b)}"]


def _reload_check(load: Callable[[], Any], state: dict[str, Any], ignore_filename: bool) -> dict[str, Any]:
    try:
        with contextlib.redirect_stdout(sys.stderr):
            reloaded = _jsonable(load().parent.__getstate__())
    except Exception as exc:  # noqa: BLE001 - recording fastr's behaviour
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"}
    if ignore_filename:
        reloaded["filename"] = state["filename"]
    diffs = _diff(state, reloaded)
    return {"ok": True, "equal": not diffs, "diffs": diffs}


def write_network(net: fastr.api.Network, outdir: Path, name: str, filename: str) -> dict[str, Any]:
    """Write the three golden files for one network; return its manifest entry."""
    _set_filename(net.parent, filename)
    state = _jsonable(net.parent.__getstate__())
    outdir.mkdir(parents=True, exist_ok=True)
    (outdir / f"{name}.state.json").write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    yaml_path, json_path = outdir / f"{name}.fastr.yaml", outdir / f"{name}.fastr.json"
    net.save(str(yaml_path))
    net.save(str(json_path))
    return {
        "status": "ok",
        "id": state["id"],
        "create_network_copy": _reload_check(
            lambda: fastr.api.create_network_copy(copy.deepcopy(state)), state, False),
        "load_yaml": _reload_check(lambda: fastr.api.Network.load(str(yaml_path)), state, True),
        "load_json": _reload_check(lambda: fastr.api.Network.load(str(json_path)), state, True),
    }


def _build(factory: Callable[[], Any]) -> tuple[Any, str | None]:
    try:
        with contextlib.redirect_stdout(sys.stderr):
            return factory(), None
    except Exception as exc:  # noqa: BLE001 - recording which examples fail
        return None, f"{type(exc).__name__}: {exc}"


def example_factories() -> dict[str, Callable[[], Any] | str]:
    """Example name -> create_network, or a reason why it is not an example."""
    # Examples are meant to run from their own directory (failing_macro imports failing_network).
    sys.path.insert(0, fastr.examples.__path__[0])
    found: dict[str, Callable[[], Any] | str] = {}
    for info in sorted(pkgutil.iter_modules(fastr.examples.__path__), key=lambda m: m.name):
        if info.ispkg or info.name.startswith("__"):
            continue
        try:
            with contextlib.redirect_stdout(sys.stderr):
                module = importlib.import_module(f"fastr.examples.{info.name}")
        except Exception as exc:  # noqa: BLE001
            found[info.name] = f"import failed: {type(exc).__name__}: {exc}"
            continue
        found[info.name] = getattr(module, "create_network", "module has no create_network()")
    return found


def main(outdir: Path) -> None:
    manifest: dict[str, Any] = {"fastr_version": fastr.version.full_version, "examples": {}, "extra": {}}
    for name, factory in example_factories().items():
        net, error = _build(factory) if callable(factory) else (None, factory)
        manifest["examples"][name] = (
            {"status": "failed", "error": error} if net is None
            else write_network(net, outdir / "examples", name, f"fastr/examples/{name}.py"))
    for name, factory in EXTRAS.items():
        net, error = _build(factory)
        manifest["extra"][name] = (
            {"status": "failed", "error": error} if net is None
            else write_network(net, outdir / "extra", name, EXTRA_FILENAME))
    text = json.dumps(manifest, indent=2) + "\n"
    for path, alias in ((str(outdir.resolve()), "<OUTDIR>"), (os.path.dirname(fastr.__file__), "<fastr>")):
        text = text.replace(path, alias)
    (outdir / "manifest.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(Path(sys.argv[1]))
