"""Problem badges (canvas/badges.py) use the scene only through its public members, and follow
the map: hidden on it (problems counted per step there), shown on the cards."""

from __future__ import annotations

import ast
from pathlib import Path

from editor.canvas import badges
from editor.core.analysis.validation import Problem
from editor.model.document import Document
from editor.canvas.scene import NetworkScene
from tests.canvas.helpers import small_network


def test_badges_use_no_private_member_of_the_scene() -> None:
    tree = ast.parse(Path(badges.__file__).read_text(encoding="utf-8"))
    private = sorted({node.attr for node in ast.walk(tree)
                      if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                      and node.value.id == "scene" and node.attr.startswith("_")})
    assert private == []


def test_badges_hide_on_the_map_and_the_map_recounts(qapp, monkeypatch) -> None:
    document = Document(small_network())
    scene = NetworkScene(document)
    document.setParent(scene)
    recounts: list[bool] = []
    real = scene.map_problems_changed
    monkeypatch.setattr(scene, "map_problems_changed", lambda: (recounts.append(True), real()))
    scene.set_overview(True)
    assert scene.overview_on
    scene.set_problems([Problem("error", "broken", node="loose")])
    badge = scene.node_items["loose"].badge
    assert badge is not None and not badge.isVisible() and recounts
    scene.set_overview(False)
    assert not scene.overview_on and badge.isVisible()
    scene.set_problems([Problem("warning", "odd", node="add")])
    assert scene.node_items["add"].badge.isVisible() and len(recounts) == 2
