"""Zoomed far out, the overview item keeps its node boxes and line groups between paints; after
every kind of change the next paint draws exactly what a fresh reading of the items gives."""

from __future__ import annotations

from editor.canvas.overview_item import OVERVIEW_SCALE
from editor.model.commands import MoveNodesCommand, RenameNodeCommand
from editor.model.edits import add_special_node, delete_items
from tests.canvas.helpers import make_view


def fresh(scene):
    boxes, chosen = {}, []
    for rect, kind, selected in scene._overview_nodes():
        boxes.setdefault(kind, []).append(rect)
        if selected:
            chosen.append(rect)
    lines = {}
    overview = scene._overview
    for link_id, (style, line) in overview._lines.items():
        lines.setdefault("selected" if link_id in overview._selected else style, []).append(line)
    return (boxes, chosen), lines


def assert_paints_fresh(view) -> None:
    scene = view.network_scene
    view.grab()
    nodes, lines = fresh(scene)
    assert scene._overview._node_groups == nodes
    assert scene._overview._line_groups == lines
    assert sum(len(v) for v in nodes[0].values()) == len(scene.node_items)
    assert scene._overview.line_count() == len(scene.link_items)


def test_the_overview_follows_every_change(qtbot) -> None:
    view = make_view(qtbot)
    scene, doc = view.network_scene, view.document
    model = doc.current_model
    while view.scale_factor >= OVERVIEW_SCALE:
        view.zoom_out()
    assert scene._overview.isVisible()
    assert_paints_fresh(view)
    cached = scene._overview._node_groups
    view.grab()
    assert scene._overview._node_groups is cached          # nothing changed: nothing re-read
    doc.push(MoveNodesCommand(model, {"add": ((300.0, 40.0), (900.0, 500.0))}))
    assert_paints_fresh(view)
    doc.undo_stack.undo()
    assert_paints_fresh(view)
    link = next(iter(scene.link_items))
    doc.selection.set(["add"], [link])
    assert_paints_fresh(view)
    assert len(scene._overview._node_groups[1]) == 1 and "selected" in scene._overview._line_groups
    doc.selection.set([], [])
    assert_paints_fresh(view)
    doc.push(add_special_node(model, "source", "Int", (1500.0, 900.0)))
    assert_paints_fresh(view)
    doc.push(RenameNodeCommand(model, "add", "a_much_longer_name_makes_a_wider_box"))
    assert_paints_fresh(view)
    doc.push(delete_items(doc, ["const"], []))
    assert_paints_fresh(view)
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
        assert_paints_fresh(view)
