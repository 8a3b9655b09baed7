"""Every golden example (made by real fastr 3.4.0) opens, and the scene mirrors it (macros too)."""

from __future__ import annotations


import pytest

from editor.canvas.scene import NetworkScene
from editor.model.document import Document
from tests.canvas.helpers import EXAMPLES, assert_mirrors, load_golden

NAMES = sorted(p.name[: -len(".state.json")] for p in EXAMPLES.glob("*.state.json"))


def test_there_are_golden_examples() -> None:
    assert NAMES


@pytest.mark.parametrize("name", NAMES)
def test_scene_mirrors_golden_example(qapp, name: str) -> None:
    document = Document(load_golden(name))
    scene = NetworkScene(document)
    assert_mirrors(scene)
    for node in list(document.root.nodes.values()):
        if node.kind == "macro":
            document.enter_macro(node.id)
            assert_mirrors(scene)
            document.go_up()
    assert_mirrors(scene)
