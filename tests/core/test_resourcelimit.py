"""ResourceLimit: fastr's API, its parsing rules, and agreement with real fastr 3.4.0."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

from editor.api import ResourceLimit
from editor.core.graph.resourcelimit import format_memory, format_time, parse_memory, parse_time

FACTS = json.loads((Path(__file__).resolve().parents[1] / "golden" / "resourcelimit_facts.json").read_text())


def _sane(field: str, value: Any) -> bool:
    """Inputs where we follow fastr exactly; elsewhere we are deliberately stricter."""
    if isinstance(value, bool) or isinstance(value, float):
        return False
    if isinstance(value, int):
        return value >= (0 if field == "gpus" else 1)
    if isinstance(value, str):
        return field in ("memory", "time") and value.strip() != "" and not value.startswith("-")
    return value is None


def _ours(field: str, value: Any, how: str) -> dict[str, Any]:
    try:
        if how == "constructor":
            limit = ResourceLimit(**{"time": None, field: value})
        else:
            limit = ResourceLimit(time=None)
            setattr(limit, field, value)
    except (TypeError, ValueError) as exc:
        return {"error": {"type": type(exc).__name__, "message": str(exc)}}
    return {"state": limit.__getstate__(), "getter": getattr(limit, field)}


def _compare(entries: list[dict[str, Any]]) -> None:
    for fact in entries:
        field, value = fact["field"], fact["input"]
        for how in ("constructor", "setter"):
            theirs, ours = fact[how], _ours(field, value, how)
            label = f"{field}={value!r} via {how}"
            if "error" in theirs:
                assert "error" in ours, f"{label}: fastr refuses, we accept {ours}"
                assert ours["error"]["type"] == theirs["error"]["type"], label
            elif ours != theirs:
                assert not _sane(field, value) or (value == 0 and field != "gpus"), \
                    f"{label}: ours {ours} != fastr {theirs}"
                assert "error" in ours, f"{label}: fastr accepts nonsense ({theirs}); we must refuse"


def test_agrees_with_recorded_fastr_facts() -> None:
    _compare(FACTS["inputs"])


def test_agrees_with_live_fastr(fastr_oracle, tmp_path: Path) -> None:
    """The same facts, recorded now by the real fastr 3.4.0 in its own environment."""
    import subprocess

    from tests.oracle.fastr_env import oracle_env
    script = Path(__file__).resolve().parents[1] / "golden" / "resourcelimit_facts.py"
    out = tmp_path / "facts.json"
    subprocess.run([str(fastr_oracle.python), str(script), str(out)], check=True, env=oracle_env(),
                   capture_output=True, timeout=600)
    live = json.loads(out.read_text())
    assert live["inputs"] == FACTS["inputs"]
    _compare(live["inputs"])


def test_defaults_and_units() -> None:
    limit = ResourceLimit()
    assert (limit.cores, limit.memory, limit.time, limit.gpus) == (1, 2048, 3600, None)
    assert ResourceLimit(memory="1500M").memory == 1500
    assert ResourceLimit(memory="8g").memory == 8192
    assert ResourceLimit(memory="2GB").memory == 2048
    assert ResourceLimit(memory="1T").memory == 1024**2
    assert ResourceLimit(time="01:30:00").time == 5400
    assert ResourceLimit(time="90:00").time == 5400
    assert ResourceLimit(time="59").time == 59
    assert ResourceLimit(time=7200).time == 7200


@pytest.mark.parametrize("bad", ["1.5G", "2K", "G", "", "abc", "-1G"])
def test_bad_memory_strings(bad: str) -> None:
    if bad == "":
        limit = ResourceLimit()
        limit.memory = ""  # the setter clears, as fastr's does
        assert limit.memory is None
    with pytest.raises(ValueError, match="whole number"):
        ResourceLimit(memory=bad)


@pytest.mark.parametrize("field,bad,exc", [
    ("memory", -1, ValueError), ("memory", True, TypeError), ("memory", 2.5, TypeError),
    ("time", -5, ValueError), ("time", "1.5", ValueError), ("time", 3.5, TypeError), ("time", True, TypeError),
    ("cores", 0, ValueError), ("cores", -1, ValueError), ("cores", True, TypeError), ("cores", 2.5, TypeError),
    ("cores", "4", TypeError), ("gpus", -1, ValueError), ("gpus", True, TypeError),
])
def test_clear_errors(field: str, bad: Any, exc: type) -> None:
    with pytest.raises(exc) as info:
        ResourceLimit(**{field: bad})
    assert field in str(info.value) or "memory" in str(info.value) or "time" in str(info.value)
    limit = ResourceLimit()
    with pytest.raises(exc):
        setattr(limit, field, bad)
    assert limit == ResourceLimit(), "a refused value must not be stored"


def test_equality_copy_state_hash() -> None:
    a = ResourceLimit(cores=4, memory="8G", time="02:00:00", gpus=1)
    b = a.copy()
    assert a == b and not (a != b) and b is not a
    b.cores = 2
    assert a != b
    assert (a == "x") is False and a.__eq__("x") is NotImplemented
    with pytest.raises(TypeError):
        hash(a)
    assert a.__getstate__() == {"cores": 4, "memory": 8192, "time": 7200, "gpus": 1}
    c = ResourceLimit.__new__(ResourceLimit)
    c.__setstate__(a.__getstate__())
    assert c == a
    assert copy.deepcopy(a) == a
    assert not hasattr(a, "__dict__")


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from("mMgGtTpP"), st.sampled_from(["", "b", "B"]),
       st.sampled_from(["", " "]))
def test_memory_strings_property(number: int, unit: str, suffix: str, space: str) -> None:
    factor = {"m": 1, "g": 1024, "t": 1024**2, "p": 1024**3}[unit.lower()]
    assert parse_memory(f"{number}{space}{unit}{suffix}") == number * factor


@given(st.integers(min_value=0, max_value=999), st.integers(min_value=0, max_value=59),
       st.integers(min_value=0, max_value=59))
def test_time_strings_property(h: int, m: int, s: int) -> None:
    total = h * 3600 + m * 60 + s
    if total == 0:
        with pytest.raises(ValueError):
            parse_time(f"{h:02d}:{m:02d}:{s:02d}")
        return
    assert parse_time(f"{h:02d}:{m:02d}:{s:02d}") == total
    assert parse_time(format_time(total)) == total


@given(st.integers(min_value=1, max_value=2**40))
def test_memory_format_round_trip(mb: int) -> None:
    assert parse_memory(format_memory(mb)) == mb


@given(st.one_of(st.floats(), st.booleans(), st.text(max_size=12), st.lists(st.integers(), max_size=2)))
def test_garbage_never_stored_silently(value: Any) -> None:
    try:
        limit = ResourceLimit(memory=value)
    except (TypeError, ValueError) as exc:
        assert "memory" in str(exc)
        return
    assert limit.memory is None or (isinstance(limit.memory, int) and limit.memory >= 1)
