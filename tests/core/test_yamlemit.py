"""The state's own YAML writer gives exactly PyYAML's bytes (CSafeDumper, block style), on every
golden file and on random states; what it does not cover it says so, and dump_text falls back to
PyYAML for that piece only."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.io import files
from editor.core.io.files import dump_text
from editor.core.text.yamlemit import Shared, Uncovered, dump_block

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _pyyaml(value: Any) -> str:
    return yaml.dump(value, Dumper=_DUMPER, sort_keys=False, default_flow_style=False, allow_unicode=True)


def _golden() -> list[Path]:
    return sorted(p for p in GOLDEN.rglob("*.json") if p.name not in ("manifest.json",))


@pytest.mark.parametrize("path", _golden(), ids=lambda p: str(p.relative_to(GOLDEN)))
def test_golden_states_are_written_as_pyyaml_writes_them(path: Path) -> None:
    value = json.loads(path.read_text(encoding="utf-8"))
    assert dump_text(value, "yaml") == _pyyaml(value) if isinstance(value, dict) else True
    if isinstance(value, (dict, list)):
        try:
            assert dump_block(value) == _pyyaml(value)
        except Uncovered:
            pass


def test_most_golden_files_take_the_fast_path() -> None:
    covered = 0
    for path in _golden():
        value = json.loads(path.read_text(encoding="utf-8"))
        try:
            dump_block(value)
            covered += 1
        except Uncovered:
            pass
    assert covered >= len(_golden()) - 3


# Strings from the characters that matter to YAML's scalar analysis and resolver.
_TRICKY = st.text(alphabet=st.sampled_from(list("aZ09 _-.:/#,[]{}&*!|>'\"%@`?=~+<eE\\\t\n") + ["é", "\u2028"]),
                  max_size=12)
_WORDS = st.sampled_from(["", "null", "Null", "~", "true", "yes", "No", "on", "off", "1", "0x1F", "0o17", "017",
                          "1_000", "1:30", "1:30:00", "01:00:00", "1.0", ".5", "1e3", "1.0e+3", ".inf", "-.Inf",
                          ".nan", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "=", "<<", "---", "...", "- a",
                          "a: b", "a #b", "a#b", "a:", ":a", "?", "-", "-a", "fastr/math/AddInt:1.0",
                          "vfs://tmp/{sample_id}", "x" * 70 + " y", "long words " * 9, "'quoted'", "it's"])
_STRINGS = st.one_of(_TRICKY, _WORDS, st.text(max_size=20))
_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**30, max_value=10**30),
                     st.floats(allow_nan=True, allow_infinity=True), _STRINGS)
_KEYS = st.one_of(_STRINGS, st.sampled_from(["id", "class", "inputs", "x" * 130]), st.integers(0, 3))
_VALUES = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                          st.dictionaries(_KEYS, inner, max_size=4)),
                       max_leaves=30)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.lists(_VALUES, max_size=5), st.dictionaries(_KEYS, _VALUES, max_size=6)))
def test_random_documents_are_written_as_pyyaml_writes_them_or_refused(value: Any) -> None:
    try:
        text = dump_block(value)
    except Uncovered:
        return
    assert text == _pyyaml(value)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from(["id", "nodelist", "linklist", "__editor__", "stepids", "x y"]),
                       _VALUES, max_size=6),
       st.lists(_VALUES, min_size=0, max_size=600))
def test_dump_text_equals_one_pyyaml_dump(head: dict[str, Any], nodes: list[Any]) -> None:
    """Covered pieces fast, uncovered ones by PyYAML: together still one yaml.dump of the state."""
    state = {**head, "nodelist": nodes, "tail": None}
    assert dump_text(state, "yaml") == _pyyaml(state)


def test_a_shared_object_makes_the_whole_document_pyyamls() -> None:
    shared = ["Int", "Float"]
    state = {"id": "n", "nodelist": [{"id": "a", "types": shared}, {"id": "b", "types": shared}]}
    with pytest.raises(Shared):
        dump_block(state)
    assert dump_text(state, "yaml") == _pyyaml(state)
    assert "&id001" in dump_text(state, "yaml")


def test_uncovered_values_are_named() -> None:
    for value, reason in [({"a": "tab\there"}, "string"), ({"a": ("t",)}, "tuple"), ({1.5: 1}, "key"),
                          ({"a": "word " * 20}, "folded")]:
        with pytest.raises(Uncovered, match=reason):
            dump_block(value)


def test_a_big_network_takes_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """No piece of a WORC-like state goes to PyYAML (else the speed-up would be lost unseen)."""
    import sys
    sys.path.insert(0, str(GOLDEN.parent / "benchmarks"))
    try:
        from scale_network import build_network  # type: ignore[import-not-found]
    finally:
        sys.path.pop(0)
    state = files.file_state(build_network(300))
    calls: list[object] = []
    real = files._yaml
    monkeypatch.setattr(files, "_yaml", lambda value: calls.append(value) or real(value))
    text = dump_text(state, "yaml")
    assert calls == []
    assert text == _pyyaml(state)
