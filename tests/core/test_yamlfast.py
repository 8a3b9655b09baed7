"""The rapidyaml fast path for YAML (editor/core/text/yamlfast.py) gives exactly what PyYAML gives.

``load_fast`` either returns the very data fileio's PyYAML loader returns (same types, key order and
values, NaN compared as NaN) or None (meaning: use PyYAML). Never a different value, never data for
a text PyYAML refuses, never an exception. Checked on every YAML file of the test data (the hostile
corpus too), on PyYAML's own dumps of random data (hypothesis), on hand-written cases (every place
where rapidyaml is known to read YAML differently from libyaml must fall back) and on randomly
damaged network files.
"""

from __future__ import annotations

import importlib.util
import math
import os
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editor.core.text import yamlfast
from editor.core.errors import LoadError
from editor.core.io.files import _Loader, decode_bytes, parse_text
from editor.core.text.yamlfast import fallback_reason, load_fast

ROOT = Path(__file__).resolve().parents[2]
GOLDEN_FILES = sorted((ROOT / "tests" / "golden").rglob("*.yaml"))
DATA_FILES = sorted(p for p in (ROOT / "tests" / "data").rglob("*") if p.suffix in (".yaml", ".yml"))
_RANDOM = os.environ.get("FUZZ_RANDOM") == "1"

# (installed but unusable, e.g. an untested version: the tests run, and fail where they must)
pytestmark = pytest.mark.skipif(importlib.util.find_spec("ryml") is None, reason="rapidyaml is not installed")


def _settings(examples: int) -> settings:
    return settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", examples)), deadline=None,
                    derandomize=not _RANDOM, database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


# -- helpers ----------------------------------------------------------------------------------
def same(a: Any, b: Any) -> bool:
    """Equal, with the same types everywhere (1, 1.0 and True differ), dict keys in the same
    order, NaN equal to NaN and -0.0 different from 0.0. Iterative: the corpus nests deeply."""
    stack = [(a, b)]
    while stack:
        a, b = stack.pop()
        if type(a) is not type(b):
            return False
        if isinstance(a, dict):
            if len(a) != len(b):
                return False
            for (k1, v1), (k2, v2) in zip(a.items(), b.items()):
                stack += [(k1, k2), (v1, v2)]
        elif isinstance(a, list):
            if len(a) != len(b):
                return False
            stack += zip(a, b)
        elif isinstance(a, float):
            if math.isnan(a) or math.isnan(b):
                if not (math.isnan(a) and math.isnan(b)):
                    return False
            elif a != b or math.copysign(1, a) != math.copysign(1, b):
                return False
        elif a != b:
            return False
    return True


def pyyaml(text: str) -> tuple[bool, Any]:
    """(True, data) as fileio's PyYAML loader reads ``text``, or (False, the error)."""
    try:
        return True, yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except Exception as exc:  # noqa: BLE001 - any refusal counts as one
        return False, exc


def agrees(text: str) -> bool:
    """Assert the fast path gives PyYAML's data or None; True when it gave data."""
    fast = load_fast(text)
    if fast is None:
        return False
    ok, expected = pyyaml(text)
    assert ok, f"the fast path read {text[:300]!r} but PyYAML refuses it: {expected}"
    assert same(fast, expected), f"fast path {fast!r:.500} != PyYAML {expected!r:.500}"
    return True


# -- the test data ----------------------------------------------------------------------------
def _text(path: Path) -> str | None:
    try:
        return decode_bytes(str(path), path.read_bytes())   # as fileio reads it (BOMs, UTF-16)
    except LoadError:
        return None


@pytest.mark.parametrize("path", GOLDEN_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_golden_files_take_the_fast_path(path: Path) -> None:
    text = _text(path)
    assert text is not None
    assert fallback_reason(text) is None
    assert agrees(text)


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_data_and_hostile_files_agree_or_fall_back(path: Path) -> None:
    text = _text(path)
    if text is None:
        return
    agrees(text)


def test_the_installed_rapidyaml_is_used() -> None:
    """An untested rapidyaml version is not used (everything would silently go to PyYAML)."""
    assert yamlfast.available(), yamlfast.UNAVAILABLE


def test_the_test_data_is_there() -> None:
    assert len(GOLDEN_FILES) >= 10
    assert any("hostile" in p.parts for p in DATA_FILES)


# -- PyYAML's dumps of random data --------------------------------------------------------------
_TRICKY = ["yes", "no", "on", "off", "y", "n", "Yes", "NO", "True", "1_000", "0x1F", "0o17", "017",
           "0b101", "1:30", "1:30:00", "190:20:30.15", ".inf", "-.inf", ".nan", ".NaN", "~", "null",
           "Null", "", " leading", "trailing ", "a: b", "- x", "#x", "x #y", "2001-12-14",
           "2001-12-14t21:59:43.10-05:00", "=", "<<", "1e3", "1.0e+3", "+1", "-0", "0.", "._",
           "\\x00", "\x00", "a\nb", "a\n\nb", "a\n", "\n", "  \n  ", "x" * 200, ("word " * 60).strip(),
           "a\\nb", '"q"', "'s'", "it's", "é", "\u00a0", "\u2028", "\x85", "\ufeff", "\t", "\r\n",
           "[a]", "{a: b}", "*a", "&a", "!a", "%a", "@a", "`a", "|", ">", "? x", ": x", "a:", "-"]
_ALPHABET = list(" \n\t'\":#-?,[]{}!&*|>%@`\\abcxyz.0123456789_+eE~\u00e9\u00a0\u2028\x85\ufeff\x00")
texts = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.sampled_from(_ALPHABET), max_size=40),
    st.sampled_from(_TRICKY),
    st.lists(st.sampled_from(["word", " ", "  ", "\n", "\n\n", "x" * 30, "#", ": ", " #", "\\",
                              '"', "'", "é", "-", "?"]), max_size=25).map("".join),
)
scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-2**200, max_value=2**200)
           | st.floats() | texts)
data = st.recursive(scalars, lambda inner: st.lists(inner, max_size=5) | st.dictionaries(texts, inner, max_size=5),
                    max_leaves=30)
DUMPS = {
    "safe_dump": {"sort_keys": False},
    "unicode": {"sort_keys": False, "allow_unicode": True},
    "width20": {"sort_keys": False, "width": 20},
    "width20_unicode": {"sort_keys": False, "width": 20, "allow_unicode": True},
    "flow": {"sort_keys": False, "default_flow_style": True, "width": 30},
    "double_quoted": {"sort_keys": False, "default_style": '"', "width": 25},
    "single_quoted": {"sort_keys": False, "default_style": "'", "width": 25, "allow_unicode": True},
    "literal": {"sort_keys": False, "default_style": "|", "allow_unicode": True},
    "folded": {"sort_keys": False, "default_style": ">", "width": 20},
    "explicit": {"sort_keys": False, "explicit_start": True, "explicit_end": True},
}


@_settings(300)
@given(data, st.sampled_from(sorted(DUMPS)))
def test_pyyaml_dumps_agree(value: Any, style: str) -> None:
    try:
        text = yaml.safe_dump(value, **DUMPS[style])
    except yaml.YAMLError:
        return
    agrees(text)


@_settings(150)
@given(data, st.sampled_from([{}, {"width": 20}]))
def test_fileio_dumps_agree(value: Any, options: dict[str, Any]) -> None:
    """As fileio.dump_text writes (libyaml's emitter)."""
    text = yaml.dump(value, Dumper=yaml.CSafeDumper, sort_keys=False, default_flow_style=False,
                     allow_unicode=True, **options)
    agrees(text)


_tame_text = st.text(alphabet=st.sampled_from(list("abcXYZ019 -_./\n")), max_size=30)
_tame = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _tame_text,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.from_regex(r"[a-zA-Z][a-zA-Z0-9 _./-]{0,19}", fullmatch=True), inner, max_size=4),
    max_leaves=25)


@_settings(150)
@given(st.lists(_tame, min_size=1, max_size=3) | st.dictionaries(st.sampled_from(["id", "a b", "1"]), _tame, min_size=1))
def test_network_like_dumps_take_the_fast_path(value: Any) -> None:
    """What fastr files hold (identifiers, numbers, text with line breaks) is read by rapidyaml."""
    for text in (yaml.safe_dump(value, sort_keys=False), yaml.safe_dump(value, sort_keys=False, width=20)):
        assert fallback_reason(text) is None, text
        assert agrees(text)


# -- hand-written cases -----------------------------------------------------------------------
@pytest.mark.parametrize("value", _TRICKY + ["multi\nline\n\n  text  \n", "x " * 100 + "\n" + "y" * 100,
                                             "trailing backslash \\", "\\\n\n", "a\u2028b"])
def test_tricky_strings_round_trip(value: str) -> None:
    for options in ({}, {"allow_unicode": True}, {"width": 20}, {"default_flow_style": True}):
        for doc in ({"k": value}, [value], {value: 1}, {"a": [{"b": value, "c": [value]}]}):
            agrees(yaml.safe_dump(doc, sort_keys=False, **options))


@pytest.mark.parametrize("value", ["yes", "no", "on", "1_000", "0x1F", "1:30", ".inf", "~", "null", "",
                                   " leading", "a: b", "- x", "#x", "\\x00", "\x00", "it's", '"q"',
                                   "multi\nline\n\n  text  \n", "x " * 100 + "\n" + "y" * 100, "é\u00a0"])
def test_strings_in_network_files_take_the_fast_path(value: str) -> None:
    key = value if len(value) < 50 else "key"   # (longer keys fall back: see FALLS_BACK)
    for options in ({}, {"allow_unicode": True}, {"width": 20}):
        for doc in ({"k": value}, [value], {"a": [{"b": value, key: [value]}]}):
            text = yaml.safe_dump(doc, sort_keys=False, **options)
            assert fallback_reason(text) is None, text
            assert agrees(text)


# Plain scalars as PyYAML's YAML 1.1 resolver types them.
PLAIN = {
    "yes": True, "No": False, "on": True, "OFF": False, "y": "y", "true": True, "True": True,
    "1_000": 1000, "0x1F": 31, "0o17": "0o17", "017": 15, "0b101": 5, "-0x_1f": -31, "1:30": 90,
    "-1:30:00": -5400, "190:20:30.15": 685230.15, "1.5e3": "1.5e3", "1.5e+3": 1500.0, "1e3": "1e3",
    "1.0e-3": 0.001, ".5": 0.5, "1_2.3": 12.3, "0.": 0.0, "-.inf": -math.inf, ".Inf": math.inf,
    "~": None, "null": None, "Null": None, "NULL": None, "": None, "+12": 12, "-0": 0, "08": "08",
    "2001-12-14": "2001-12-14", "2001-12-14 21:59:43.10 -5": "2001-12-14 21:59:43.10 -5",
    "a b": "a b",
}


@pytest.mark.parametrize("text,expected", sorted(PLAIN.items()))
def test_plain_scalars_typed_as_pyyaml(text: str, expected: Any) -> None:
    doc = f"{text or 'x'}: v\nk: {text}\nl:\n- {text}\n"
    assert agrees(doc)
    assert same(load_fast(doc), {(expected if text else "x"): "v", "k": expected, "l": [expected]})


def test_nan_and_keys_typed_as_pyyaml() -> None:
    value = load_fast("a: .nan\n1: int\n0x10: hex\nno: bool\n~: none\n1.5: float\n'1': str\n")
    assert value is not None
    assert math.isnan(value["a"])
    assert list(value)[1:] == [1, 16, False, None, 1.5, "1"]
    assert agrees("a: .nan\n1: int\n0x10: hex\nno: bool\n~: none\n1.5: float\n'1': str\n")


# Valid documents the fast path reads, with what they hold.
READ = {
    "double-quoted escapes": ('k: "\\x00\\x41\\u00e9\\U0001F600\\N\\_\\e\\a\\0\\/\\ \\"\\\\"\n',
                              "\x00Aé\U0001F600\x85\xa0\x1b\x07\x00/ \"\\"),
    "double-quoted folding": ('k: "one\n  two\n\n  three\\\n  four \\\n  five\\\n  \\ six"\n',
                              "one two\nthreefour five six"),
    "single-quoted folding": ("k: 'it''s\n  folded\n\n  para   '\n", "it's folded\npara   "),
    "plain folding": ("k: plain text\n  continued here\n\n  after blank\n",
                      "plain text continued here\nafter blank"),
    "literal": ("k: |\n  a\n   b\n\n", "a\n b\n"),
    "literal strip": ("k: |-\n  a\n\n", "a"),
    "literal keep": ("k: |+\n  a\n\nz: 1\n", "a\n\n"),
    "folded": ("k: >\n  a\n  b\n\n  c\n   d\n  e\n", "a b\nc\n d\ne\n"),
    "crlf": ("k: 'a\r\n  b'\r\nz: 1\r\n", "a b"),
    "comments": ("# head\nk: v # tail\n# end\n", "v"),
    "flow": ("k: [a, 'b', \"c\", {x: y}, [1, 2]]\n", ["a", "b", "c", {"x": "y"}, [1, 2]]),
    "explicit key": ("? k\n: v\n", None),
    "document start marker": ("# c\n---\nk: v\n", "v"),
}


@pytest.mark.parametrize("name", sorted(READ))
def test_valid_documents_read(name: str) -> None:
    text, expected = READ[name]
    assert agrees(text), fallback_reason(text)
    if expected is not None:
        assert same(load_fast(text)["k"], expected)


# Documents where rapidyaml 0.15.2 reads something else than libyaml, or reads what libyaml
# refuses, or that PyYAML must read itself: the fast path must fall back for each.
FALLS_BACK = {
    "anchor": "a: &x 1\nb: *x\n",
    "alias alone": "a: *x\n",
    "tag": "a: !!str 1\n",
    "local tag": "a: !t 1\n",
    "python tag": "!!python/object/apply:os.system [ls]\n",
    "merge key": "<<: {a: 1}\nb: 2\n",
    "value key": "=: a\n",
    "duplicate key": "a: 1\na: 2\n",
    "duplicate typed key": "1: a\n0x1: b\n",
    "bool/int same key": "yes: a\n1: b\n",
    "nan keys": ".nan: a\n.NaN: b\n",
    "complex key": "? [a]\n: b\n",
    "flow complex key": "{[a]: b}\n",
    "empty key": ": a\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "empty document": "# nothing\n",
    "directive": "%YAML 1.1\n---\na: 1\n",
    "document end marker before the document": "...\na: 1\n",
    "document end marker": "a: 1\n...\n",
    "tab": "a:\tb\n",
    "lone CR": "a: b\rc: d\n",
    "control character": "a: b\x07\n",
    "NEL": "a: b\x85c\n",
    "line separator": "a: b\u2028c\n",
    "BOM inside": "a: b\ufeff\n",
    "escaped break then empty line": '- "a\\\n\n  b"\n',
    "\\L escapes": '- "\\n\\L\\L"\n',
    "colon before flow indicator": "k: [x:]\n",
    "@ starts a plain scalar": "k: @a\n",
    "` starts a plain scalar": "k: `a\n",
    "] starts a plain scalar": "top:\n  k: ]x\n",
    "? in flow": "k: [?x]\n",
    "multi-line quoted key": "- 'a\n  b': c\n",
    "multi-line quoted key, other quote inside": "- 'a\n  \"b': c\n",
    "multi-line double-quoted key": '- "a\\\n  b": c\n',
    "multi-line flow": "k: {'a\n  b': c}\n",
    "key over 1024 characters": "a" * 1100 + ": b\n",
    "badly indented key after a quoted item": "a:\n  s:\n  - 'q'\n   k: 1\n",
    "badly indented quoted key": "a:\n  s:\n  - 'q'\n   'k': 1\n",
    "block scalar without final line break": "- >\n  x\n    y",
    "indentation indicator": "k: |2\n   \n  x\n",
    "comment on block header": "- > #-\n x\n",
    "junk on block header": "- | + 0\n",
    "block scalar document": "|\n  x\n",
    "huge integer": "a: " + "7" * 5000 + "\n",
    "bad escape": '- "\\q"\n',
    "surrogate escape": '- "\\ud800"\n',
    "unclosed flow": "a: [b\n",
    "deep": "[" * 2000 + "]" * 2000 + "\n",
}


@pytest.mark.parametrize("name", sorted(FALLS_BACK))
def test_known_differences_fall_back(name: str) -> None:
    text = FALLS_BACK[name]
    assert load_fast(text) is None, f"{name}: {fallback_reason(text)}"
    assert fallback_reason(text) is not None


def test_other_loaders() -> None:
    """With PyYAML's plain safe loader a date is a date: not a str/number/bool/None, so fall back."""
    assert load_fast("a: 2001-12-14\n", yaml.CSafeLoader) is None
    assert load_fast("a: 2001-12-14\n") == {"a": "2001-12-14"}   # fileio's loader keeps the text
    assert load_fast("a: 1\n", yaml.CSafeLoader) == {"a": 1}


def test_deep_nesting_is_iterative() -> None:
    depth = yamlfast.MAX_DEPTH - 10
    text = "[" * depth + "x" + "]" * depth + "\n"
    value = load_fast(text)
    for _ in range(depth):
        assert isinstance(value, list) and len(value) == 1
        value = value[0]
    assert value == "x"


def test_never_raises() -> None:
    for text in ("", "\x00", "a: [", "'", "- \"\\", "{" * 100000, "- " * 50000 + "x\n", "\ud800"):
        load_fast(text)
    assert load_fast(b"a: 1\n") is None  # type: ignore[arg-type]


# -- damaged network files ----------------------------------------------------------------------
_PIECES = list(" \n-:?#'\"[]{},&*!|>%@`\\abc.01") + ["  ", "- ", ": ", "\n  ", "\n- ", "---\n", "...\n"]


def _damage(rnd: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rnd.randint(1, 3)):
        i = rnd.randrange(len(lines))
        op = rnd.random()
        if op < 0.25:
            lines[i] = " " * rnd.choice([1, 2, 3]) + lines[i]
        elif op < 0.45:
            lines[i] = lines[i][rnd.randint(1, 3):]
        elif op < 0.6:
            j = rnd.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:j] + rnd.choice(_PIECES) + lines[i][j:]
        elif op < 0.7 and lines[i]:
            j = rnd.randrange(len(lines[i]))
            lines[i] = lines[i][:j] + lines[i][j + 1:]
        elif op < 0.8:
            lines.insert(i, lines[rnd.randrange(len(lines))])
        elif op < 0.9 and len(lines) > 1:
            del lines[i]
        else:
            j = rnd.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def test_damaged_network_files_agree_or_fall_back() -> None:
    rnd = random.Random(None if _RANDOM else 20240601)
    sample = {"id": "net", "version": "0.0", "description": "a long description " * 10 + "\nwith lines\n\nend",
              "nodelist": [{"id": "n1", "inputs": [], "outputs": [{"id": "o", "x": None, "y": 1.5}],
                            "data": {"s1": ["a", "b: c", "#d", "it's", '"q"', "yes", "1:30"]}}]}
    bases = [p.read_text(encoding="utf-8") for p in GOLDEN_FILES[:12]]
    bases += [yaml.safe_dump(sample, sort_keys=False, **o) for o in ({}, {"width": 20}, {"indent": 4})]
    fast = 0
    for _ in range(int(os.environ.get("FUZZ_EXAMPLES", "1500"))):
        lines = rnd.choice(bases).split("\n")
        start = rnd.randrange(max(1, len(lines) - 60))
        fast += agrees(_damage(rnd, "\n".join(lines[start:start + 60]) + "\n"))
    assert fast > 0


# -- fileio uses it -------------------------------------------------------------------------------
def test_parse_text_uses_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    text = GOLDEN_FILES[0].read_text(encoding="utf-8")
    expected = parse_text("x.yaml", text, "yaml")

    def no_pyyaml(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("PyYAML was used")

    monkeypatch.setattr(yaml, "load", no_pyyaml)
    assert same(parse_text("x.yaml", text, "yaml"), expected)


def test_parse_text_falls_back_to_pyyaml() -> None:
    assert parse_text("x.yaml", "a: &x [1]\nb: *x\n", "yaml") == {"a": [1], "b": [1]}
    with pytest.raises(LoadError) as info:
        parse_text("x.yaml", "a: b\n  c: [\n", "yaml")
    assert info.value.line == 2   # PyYAML's positioned message, not rapidyaml's


def test_works_without_rapidyaml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamlfast, "_ryml", None)
    assert not yamlfast.available()
    assert load_fast("a: 1\n") is None
    assert parse_text("x.yaml", "a: 1\n", "yaml") == {"a": 1}


class _CountingPattern:
    """Stands in for a compiled pattern and adds up how much text its ``match`` is given."""

    def __init__(self, pattern: Any) -> None:
        self.pattern, self.scanned, self.calls = pattern, 0, 0

    def match(self, text: str, pos: int = 0, endpos: int = 2**63) -> Any:
        self.calls += 1
        self.scanned += min(endpos, len(text)) - pos
        return self.pattern.match(text, pos, endpos)


@pytest.mark.parametrize("depth", [50, 400])
def test_quoted_key_check_is_linear_on_one_line_files(depth: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nested macros written as one line of JSON have thousands of ``":`` on one line; the check for
    quoted keys over several lines once re-read the line from its start for each of them (400 levels:
    ~4 s of CPU). Each line is now read once: the text scanned is bounded by the text's length."""
    counting = _CountingPattern(yamlfast._MULTILINE_KEY)
    monkeypatch.setattr(yamlfast, "_MULTILINE_KEY", counting)
    text = "".join(f'{{"id": "level{d}", "nodelist": [{{"id": "macro{d}", "network": ' for d in range(depth))
    text += '{"id": "leaf"}' + "}]}" * depth + "\n"
    assert text.count('":') >= 4 * depth
    yamlfast._check_text(text)
    assert counting.calls == 1
    assert counting.scanned <= len(text)


def test_quoted_key_check_still_finds_a_key_over_several_lines() -> None:
    with pytest.raises(yamlfast._Fallback):
        yamlfast._check_text('a: 1\n"two\n  lines": 2\nb: "x": 3\n')
    yamlfast._check_text('"one": 1\n"two": 2\n')


def test_the_ascii_character_check_refuses_what_the_pattern_refuses() -> None:
    """ASCII text is checked by a byte table, other text by the pattern: both refuse the same
    characters, and name the first one."""
    for code in range(128):
        text = f"a: b{chr(code)}c\n"
        by_pattern = yamlfast._UNSAFE_CHARS.search(text)
        reason = None
        try:
            yamlfast._check_text(text, text.encode("utf-8"))
        except yamlfast._Fallback as exc:
            reason = str(exc)
        assert (reason is not None) == (by_pattern is not None), code
        if by_pattern is not None:
            assert reason == f"character U+{code:04X}"
    assert fallback_reason("a: \x07\x01\n") == "character U+0007"


def test_the_tree_reserved_ahead_is_bounded_by_the_text(monkeypatch) -> None:
    """The tree is reserved from the lines and colons of the text, but a text of many such lines
    and few nodes (a long block scalar) reserves no more than one node per RESERVE_BYTES bytes."""
    reserved: list[int] = []
    real = yamlfast._ryml_mod.Tree

    class Tree(real):  # type: ignore[misc, valid-type]
        def reserve(self, count: int) -> None:
            reserved.append(count)
            super().reserve(count)
    monkeypatch.setattr(yamlfast._ryml_mod, "Tree", Tree)
    text = "description: |\n" + "  a: b\n" * 20000 + "id: x\n"
    assert load_fast(text) == yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    assert reserved and reserved[-1] <= len(text) // yamlfast.RESERVE_BYTES + 16
    many = "".join(f"key_number_{i}: value_{i}\n" for i in range(5000))
    assert load_fast(many) == yaml.load(many, Loader=_Loader)  # noqa: S506
    assert reserved[-1] >= 5000                                    # a node a line, reserved
