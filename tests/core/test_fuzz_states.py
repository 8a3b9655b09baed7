"""A property-based fuzzer for the state loader.

Valid states (fastr's own examples, ``tests/golden/examples/*.state.json``) are mutated: keys
deleted, values replaced by random JSON of another type, list entries duplicated, ids swapped or
shared between nodes and links, the serialized text truncated. Loading must then either succeed
(and ``__getstate__``, ``problems()`` and a save + reload must work) or raise StateError /
LoadError. Never anything else.

About 200 examples in all, derandomized so that a run is repeatable; set ``FUZZ_RANDOM=1`` to
explore new ones (and ``FUZZ_EXAMPLES=n`` for more).
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.errors import LoadError, StateError
from editor.api import create_network_copy, load_network     # the core's, with the built-in tools and types
from editor.core.io.files import dump_text, file_state, parse_text
from editor.core.analysis.validation import problems

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "examples"
STATES = {p.name[: -len(".state.json")]: json.loads(p.read_text()) for p in sorted(GOLDEN.glob("*.state.json"))}
assert len(STATES) >= 10, "the golden examples are missing"

_RANDOM = os.environ.get("FUZZ_RANDOM") == "1"


def _settings(examples: int) -> settings:
    return settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", examples)), deadline=None,
                    derandomize=not _RANDOM, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- strategies -------------------------------------------------------------------------------
scalars = (st.none() | st.booleans() | st.integers(min_value=-2**70, max_value=2**70)
           | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12)
           | st.sampled_from(["", "Int", "none", "all", "0", "-1", "1:3", "fastr:///networks/x/0.0/nodelist/a",
                              "link_0", "source", "add", "output", "input", "MacroNode", "ConstantNode",
                              "\n", "a b", "ä", "nodelist"]))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3)
                           | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)


def _kind(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return type(value).__name__
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


def _places(doc: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path (a tuple of keys and indexes) into ``doc``, the root excluded."""
    found = []
    if isinstance(doc, dict):
        for key, value in doc.items():
            found.append(prefix + (key,))
            found.extend(_places(value, prefix + (key,)))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            found.append(prefix + (index,))
            found.extend(_places(value, prefix + (index,)))
    return found


def _parent(doc: Any, place: tuple[Any, ...]) -> Any:
    for key in place[:-1]:
        doc = doc[key]
    return doc


def _ids(state: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Paths of every node and link id, in macro networks too."""
    return [p for p in _places(state) if p and p[-1] == "id" and len(p) >= 3
            and p[-3] in ("nodelist", "linklist")]


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _networks(state: dict[str, Any]) -> list[dict[str, Any]]:
    """The state and every macro network in it."""
    found = [state]
    for node in _list(state.get("nodelist")):
        if isinstance(node, dict) and isinstance(node.get("network"), dict):
            found.extend(_networks(node["network"]))
    return found


NAMES = st.sampled_from(["default", "a", "b", "source", "add", "train", "x"])


def _semantic(draw: st.DrawFn, state: dict[str, Any]) -> str | None:
    """A change that keeps the shape valid but makes the network odd: links rewired to other
    ports (cycles, type mismatches, self links, named sub-inputs), collapse/expand, merge
    dimensions, input groups, node groups, node classes."""
    network = draw(st.sampled_from(_networks(state)))
    nodes = [n for n in _list(network.get("nodelist")) if isinstance(n, dict) and isinstance(n.get("id"), str)]
    links = [l for l in _list(network.get("linklist")) if isinstance(l, dict)]
    if not nodes:
        return None
    base = f"fastr:///networks/{network.get('id')}/{network.get('version', '0.0')}/nodelist/"
    what = draw(st.sampled_from(["relink", "relink", "collapse", "expand", "merge", "group", "nodegroup",
                                 "class", "step"]))
    node = draw(st.sampled_from(nodes))
    if what == "relink" and links:
        link = draw(st.sampled_from(links))
        source = draw(st.sampled_from(nodes))
        target = draw(st.sampled_from(nodes))
        outputs = [o.get("id") for o in _list(source.get("outputs")) if isinstance(o, dict)] or ["output"]
        inputs = [i.get("id") for i in _list(target.get("inputs")) if isinstance(i, dict)] or ["input"]
        index = draw(st.sampled_from(["", "/0", "/-1", "/1:3", "/::2"]))
        named = draw(st.sampled_from(["", "", "/sample_a", "/0"]))
        link["source"] = f"{base}{source['id']}/outputs/{draw(st.sampled_from(outputs))}{index}"
        link["target"] = f"{base}{target['id']}/inputs/{draw(st.sampled_from(inputs))}{named}/" \
                         f"{draw(st.integers(-2, 3))}"
    elif what == "collapse" and links:
        draw(st.sampled_from(links))["collapse"] = draw(st.lists(st.integers(-3, 3) | NAMES, max_size=3))
    elif what == "expand" and links:
        draw(st.sampled_from(links))["expand"] = draw(st.booleans())
    elif what == "merge":
        node["merge_dimensions"] = draw(st.sampled_from(["none", "all"]) | st.lists(NAMES, min_size=1, max_size=3))
    elif what == "group":
        for port in _list(node.get("inputs")):
            if isinstance(port, dict):
                port["input_group"] = draw(NAMES)
    elif what == "nodegroup":
        node["nodegroup"] = draw(st.none() | NAMES)
    elif what == "class":
        node["class"] = draw(st.sampled_from(["Node", "SourceNode", "ConstantNode", "SinkNode", "FlowNode",
                                              "AdvancedFlowNode", "MacroNode"]))
        if node["class"] == "ConstantNode" and not isinstance(node.get("data"), list):
            node["data"] = [[["id_0"], [{"id": "Int", "format": None, "value": "1"}]]]
        if node["class"] == "MacroNode" and "network" not in node:
            node["network"] = copy.deepcopy(STATES[draw(st.sampled_from(sorted(STATES)))])
    elif what == "step":
        network["stepids"] = {draw(NAMES): [n["id"] for n in nodes if draw(st.booleans())]}
    else:
        return None
    return f"{what} in {network.get('id')}"


@st.composite
def mutated_states(draw: st.DrawFn) -> tuple[str, dict[str, Any], list[str]]:
    name = draw(st.sampled_from(sorted(STATES)))
    state = copy.deepcopy(STATES[name])
    done: list[str] = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        places = _places(state)
        op = draw(st.sampled_from(["delete", "replace", "duplicate", "swap_ids", "share_id", "replace",
                                   "semantic", "semantic", "semantic"]))
        if op == "semantic":
            change = _semantic(draw, state)
            if change:
                done.append(change)
            continue
        if op in ("swap_ids", "share_id"):
            ids = _ids(state)
            if len(ids) < 2:
                continue
            first, second = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
            a, b = _parent(state, first), _parent(state, second)
            if op == "swap_ids":
                a["id"], b["id"] = b["id"], a["id"]
            else:
                a["id"] = b["id"]
            done.append(f"{op} {first} {second}")
            continue
        if not places:
            continue
        place = draw(st.sampled_from(places))
        parent = _parent(state, place)
        key = place[-1]
        if op == "delete":
            del parent[key]
        elif op == "replace":
            old = parent[key]
            new = draw(json_values.filter(lambda v: _kind(v) != _kind(old)))
            parent[key] = new
        else:  # duplicate a list entry (or a whole list value)
            target = parent[key] if isinstance(parent[key], list) and parent[key] else parent
            if not isinstance(target, list) or not target:
                continue
            index = draw(st.integers(min_value=0, max_value=len(target) - 1))
            target.insert(index, copy.deepcopy(target[index]))
        done.append(f"{op} {place}")
    return name, state, done


# -- the properties ---------------------------------------------------------------------------
def _check_loaded(network: Any) -> None:
    """What the editor does right after opening a file must work on anything that loaded."""
    state = network.__getstate__()
    problems(network)
    for fmt in ("json", "yaml"):
        text = dump_text(file_state(network), fmt)
        again = create_network_copy(parse_text("<saved>", text, fmt))
        assert again.__getstate__() == state


@_settings(120)
@given(mutated_states())
def test_mutated_states_load_or_raise_state_error(case: tuple[str, dict[str, Any], list[str]]) -> None:
    name, state, done = case
    try:
        network = create_network_copy(state)
    except StateError as exc:
        assert exc.reason, (name, done)
        assert len(str(exc)) < 5000
        return
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"{name} after {done}: {type(exc).__name__}: {exc}")
    try:
        _check_loaded(network)
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"{name} after {done} loaded, then {type(exc).__name__}: {exc}")


@_settings(50)
@given(name=st.sampled_from(sorted(STATES)), fmt=st.sampled_from(["json", "yaml"]), cut=st.floats(0.0, 1.0),
       junk=st.sampled_from(["", "\x00", "\ufeff", "]", "}", "&a", "*a", "!!python/name:os.system", "\udcff"]))
def test_truncated_files_raise_load_error(tmp_path_factory: pytest.TempPathFactory, name: str, fmt: str,
                                          cut: float, junk: str) -> None:
    text = dump_text(STATES[name], fmt)
    end = int(len(text) * cut)
    path = tmp_path_factory.mktemp("trunc") / f"{name}.{fmt}"
    path.write_bytes((text[:end] + junk).encode("utf-8", "surrogateescape"))
    before = path.read_bytes()
    try:
        network = load_network(path)
    except LoadError as exc:
        assert exc.filename == str(path) and str(exc).startswith(str(path))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"{name}.{fmt} cut at {end}/{len(text)} + {junk!r}: {type(exc).__name__}: {exc}")
    else:
        _check_loaded(network)
    assert path.read_bytes() == before


@_settings(30)
@given(case=mutated_states(), fmt=st.sampled_from(["json", "yaml"]))
def test_mutated_files_raise_only_load_error(tmp_path_factory: pytest.TempPathFactory,
                                             case: tuple[str, dict[str, Any], list[str]], fmt: str) -> None:
    name, state, done = case
    try:
        text = dump_text(state, fmt)
    except (ValueError, TypeError):      # e.g. NaN keys the JSON writer refuses: not a file to test
        return
    path = tmp_path_factory.mktemp("mut") / f"{name}.{fmt}"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        network = load_network(path)
    except LoadError as exc:
        assert str(exc).startswith(str(path))
    except Exception as exc:  # noqa: BLE001
        pytest.fail(f"{name}.{fmt} after {done}: {type(exc).__name__}: {exc}")
    else:
        _check_loaded(network)
