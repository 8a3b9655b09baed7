"""Record how fastr 3.4.0's ResourceLimit treats many inputs (run with the fastr python).

    <fastr python> tests/golden/resourcelimit_facts.py [OUT.json]

For every (field, value) it records the outcome of the constructor
``ResourceLimit(field=value)`` and of the setter ``rl.field = value``: either
``{"state": __getstate__(), "getter": rl.field}`` or ``{"error": {"type", "message"}}``.
It also records equality, hashing and copying behaviour.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import pickle
import sys
import tempfile
import warnings
from pathlib import Path
from typing import Any

if "FASTRHOME" not in os.environ:  # keep ~/.fastr out of it
    _HOME = tempfile.TemporaryDirectory(prefix="fastr-home-")
    os.environ["FASTRHOME"] = _HOME.name
with contextlib.redirect_stdout(sys.stderr):
    from fastr.api import ResourceLimit

VALUES: dict[str, list[Any]] = {
    "memory": [2048, "2G", "1500M", "1500m", "2GB", "2gb", "2 G", "1.5G", -1, 0, True, False,
               2.5, "", None, "2K", "1T", "1P", "2048", "4g ", " 4G"],
    "time": [3600, "01:00:00", "1:0:0", "90:00", "59", "00:90:00", -5, 0, "1.5", None, True,
             3.5, "", "1:00:00:00", "-5"],
    "cores": [1, 4, -1, 0, True, 2.5, "4", None],
    "gpus": [1, 0, -1, True, 2.5, "2", None],
}


def _outcome(func) -> dict[str, Any]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return func()
    except Exception as exc:  # noqa: BLE001 - recording the behaviour is the point
        return {"error": {"type": type(exc).__name__, "message": str(exc)}}


def _record(field: str, value: Any) -> dict[str, Any]:
    def construct() -> dict[str, Any]:
        rl = ResourceLimit(**{field: value})
        return {"state": rl.__getstate__(), "getter": getattr(rl, field)}

    def assign() -> dict[str, Any]:
        rl = ResourceLimit()
        setattr(rl, field, value)
        return {"state": rl.__getstate__(), "getter": getattr(rl, field)}

    return {"field": field, "input": value, "input_type": type(value).__name__,
            "constructor": _outcome(construct), "setter": _outcome(assign)}


def _other_facts() -> dict[str, Any]:
    a, b = ResourceLimit(), ResourceLimit(cores=1, memory=2048)
    full = ResourceLimit(cores=4, memory="8G", time="02:00:00", gpus=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # `not NotImplemented` warns in 3.11
        ne_dict = a != a.__getstate__()
    return {
        "default_state": a.__getstate__(),
        "full_state": full.__getstate__(),
        "eq_same_values('2G' vs 2048)": a == b,
        "eq_different": a == full,
        "eq_state_dict": a == a.__getstate__(),
        "ne_state_dict": ne_dict,
        "eq_none": a == None,  # noqa: E711
        "hash": _outcome(lambda: {"value": hash(a)}),
        "copy_method_equal": full.copy() == full,
        "copy_method_state": full.copy().__getstate__(),
        "copy.copy_state": _outcome(lambda: {"state": copy.copy(full).__getstate__()}),
        "copy.deepcopy_state": _outcome(lambda: {"state": copy.deepcopy(full).__getstate__()}),
        "pickle_state": _outcome(lambda: {"state": pickle.loads(pickle.dumps(full)).__getstate__()}),
        "setstate_partial {'cores': 3}": _outcome(lambda: _setstate({"cores": 3})),
        "setstate_raw_strings": _outcome(lambda: _setstate({"cores": 1, "memory": "4G", "time": "1:00"})),
        "memory_multiplier": ResourceLimit._memory_multiplier,
    }


def _setstate(state: dict[str, Any]) -> dict[str, Any]:
    rl = ResourceLimit()
    rl.__setstate__(state)
    return {"state": rl.__getstate__(), "memory_getter": rl.memory, "time_getter": rl.time}


def main(out: Path) -> None:
    facts = {"inputs": [_record(f, v) for f, values in VALUES.items() for v in values],
             "other": _other_facts()}
    out.write_text(json.dumps(facts, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("resourcelimit_facts.json"))
