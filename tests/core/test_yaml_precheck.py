"""fileio.needs_yaml_check: the cheap test that lets a plain file skip the slow YAML event walk.
Its fast form must decide exactly as the plain definition of its bound does."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.io.files import MAX_YAML_NESTING, needs_yaml_check


def reference(text: str) -> bool:
    """The bound written plainly: anchors or tags, 16 block indicators in a row on one line, or
    twice the deepest indent plus 16 plus the flow brackets reaching the nesting limit."""
    if "&" in text or "!!" in text:
        return True
    if re.search(r"(?:[-?:][ \t]+){16,}", text):
        return True
    indent = max((len(m) for m in re.findall(r"^[ \t]*", text, re.M)), default=0)
    flow = text.replace("[]", "").replace("{}", "")
    return 2 * indent + 16 + flow.count("[") + flow.count("{") + 2 >= MAX_YAML_NESTING


pieces = st.sampled_from(["-", "?", ":", " ", "\t", "\n", "a", "é", "[", "]", "{", "}", "[]", "{}",
                          "- ", "-\t", "  ", " " * 40, " " * 200, "[" * 50, "&", "!", "\r\n"])


@settings(max_examples=600, deadline=None)
@given(st.lists(pieces, max_size=120))
def test_fast_form_decides_as_the_bound(parts: list[str]) -> None:
    text = "".join(parts)
    assert needs_yaml_check(text) == reference(text)


def test_edges_of_the_bound() -> None:
    for run in (15, 16, 17):
        for gap in (" ", "\t", "  \t"):
            line = f"{('-' + gap) * run}1\n"
            assert needs_yaml_check(line) == reference(line) == (run >= 16)
    edge = -(-(MAX_YAML_NESTING - 18) // 2)  # 2 * indent + 18 >= MAX_YAML_NESTING from indent edge on
    for indent in range(edge - 3, edge + 3):
        for start in ("", "a:\n"):
            text = f"{start}{' ' * indent}b: 1\n"
            assert needs_yaml_check(text) == reference(text) == (indent >= edge)
    brackets = "[" * 500
    assert needs_yaml_check(f"{' ' * 245}{brackets}") == reference(f"{' ' * 245}{brackets}") is True
    assert needs_yaml_check("a: 1\n") is False
