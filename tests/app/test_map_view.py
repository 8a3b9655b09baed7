"""Zoomed out to fit a real WORC-like network (78 nodes, 12 steps) in a 1600x1000 window, the
canvas is a map: every node id readable (9 px or more on screen, measured from the scene's own
geometry), shortened only where it would run into a neighbour, step names larger, problems counted
per step. The layout is whatever the editor makes: nothing here assumes its proportions."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem

from editor.canvas.maplabels import GAP_PX, NODE_PX, STEP_PX, MapLabelItem, fitted
from editor.canvas.overview_item import OVERVIEW_SCALE
from editor.core.analysis.validation import Problem
from editor.model.commands import MoveNodesCommand
from tests.worc_networks import worc_like_network


def fitted_window(window, qtbot):
    window.resize(1600, 1000)
    window.document.replace(worc_like_network(("CT", "MR", "PET")), None)
    qtbot.waitUntil(lambda: not window.view._fit_pending)
    window.view.fit_all()
    return window.view


def visible(view) -> QRectF:
    return view.mapToScene(view.viewport().rect()).boundingRect()


def test_at_fit_all_every_node_id_reads_at_nine_pixels_or_more(window, qtbot) -> None:
    view = fitted_window(window, qtbot)
    scene = view.network_scene
    scale = view.scale_factor
    assert window.width() == 1600 and len(scene.node_items) == 78
    assert scale < OVERVIEW_SCALE and scene._overview.map.isVisible()     # the map, not cards
    labels = scene._overview.map.labels(scale, visible(view))
    assert sorted(l.node_id for l in labels) == sorted(scene.node_items)
    boxes = {n: item.scene_box() for n, item in scene.node_items.items()}
    steps = [rect for _s, rect, _t, _px in scene._overview.map.step_labels(scale)]
    for label in labels:
        assert label.text and label.rect.height() * scale >= NODE_PX
        assert label.px * scale >= NODE_PX
        assert label.rect.left() >= boxes[label.node_id].left()
        assert label.rect.intersects(boxes[label.node_id])               # on its own box
        assert label.full == (label.text == label.node_id)
        rest = label.node_id                  # a short form is pieces of the id, in order
        for piece in label.text.split("…"):
            assert piece in rest, (label.text, label.node_id)
            rest = rest[rest.index(piece) + len(piece):]
        if label.text.startswith("…"):        # its step's name (drawn above) went first
            step = next(s for s, members in window.document.root.stepids.items() if label.node_id in members)
            assert label.node_id.startswith(step + "_")
    # No label covers another label, a foreign box or a step name, except where the layout left
    # less room than the shortest form of an id ('s…n') needs: then it starts at its box's edge.
    tight = []
    for a in labels:
        hits = [b.node_id for b in labels if a is not b and a.rect.intersects(b.rect)]
        hits += [n for n, box in boxes.items() if n != a.node_id and a.rect.intersects(box)]
        hits += [s for s in steps if a.rect.intersects(s)]
        if hits:
            shortest = fitted(a.node_id, a.px, 0)
            assert a.text == shortest[0] and a.rect.left() == boxes[a.node_id].left(), (a.text, hits)
            tight.append(a.node_id)
    assert len(tight) <= len(labels) // 10, tight
    for label in labels:                   # shortened only where the whole id would collide
        if label.full:
            continue
        whole = QRectF(label.rect.topLeft(), label.rect.size())
        whole.setWidth(fitted(label.node_id, label.px, 1e9)[1] + GAP_PX / scale)    # and its margin
        hits = [b for b in labels if b is not label and whole.intersects(b.rect)]
        hits += [n for n, box in boxes.items() if n != label.node_id and whole.intersects(box)]
        hits += [s for s in steps if whole.intersects(s)]
        assert hits, f"{label.text} is shortened yet the whole {label.node_id} fits"
    assert any(l.full for l in labels)
    flag = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    assert all(c.label.flags() & flag for c in scene.cluster_items.values())     # no small tabs too
    names = scene._overview.map.step_labels(scale)
    assert {step for step, *_ in names} == set(scene.cluster_items)
    assert all(px * scale >= STEP_PX > NODE_PX and text for _s, _r, text, px in names)
    # Narrow neighbouring steps (preprocessing and segmentix, ensemble and evaluate) take turns
    # above, below or a line further out: every name is whole, and no two names meet.
    assert [text for _s, _r, text, _px in names] == [step for step, *_ in names]
    assert not [(a, b) for a, ra, *_ in names for b, rb, *_ in names if a < b and ra.intersects(rb)]
    # The labels drawn are the same the map computes afresh.
    fresh = MapLabelItem(scene.theme, scene._overview_nodes, scene._overview_node_box)
    scene.addItem(fresh)
    again = {l.node_id: (l.rect, l.text) for l in fresh.labels(scale, visible(view))}
    assert again == {l.node_id: (l.rect, l.text) for l in labels}
    scene.removeItem(fresh)
    assert not window.grab().isNull()


def test_problems_are_counted_per_step_on_the_map(window, qtbot) -> None:
    view = fitted_window(window, qtbot)
    scene = view.network_scene
    network = window.document.root
    stepped = {n: s for s, members in network.stepids.items() for n in members}
    ids = list(network.nodes)
    problems = [Problem("error" if i % 3 == 0 else "warning", "broken", node=n) for i, n in enumerate(ids)]
    problems += [Problem("warning", "again", node=ids[1])]
    view.set_problems(problems)
    badges = scene._overview.map.badges(view.scale_factor)
    counts = {}
    for n in ids:
        counts[stepped.get(n, n)] = counts.get(stepped.get(n, n), 0) + 1 + (n == ids[1])
    assert sorted(count for _r, _s, count in badges) == sorted(counts.values())
    assert len(badges) == len(counts) < len(problems)
    assert sum(count for _r, _s, count in badges) == len(problems)
    assert {sev for _r, sev, _c in badges} == {"error", "warning"} or all(sev == "error" for _r, sev, _c in badges)
    assert all(not item.badge.isVisible() for item in scene.node_items.values())     # none per node
    view.reset_zoom()                                                           # cards again
    assert all(item.badge.isVisible() for item in scene.node_items.values())
    flag = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
    assert not any(c.label.flags() & flag for c in scene.cluster_items.values())   # their tabs too
    view.fit_all()
    assert all(not item.badge.isVisible() for item in scene.node_items.values())
    scene.rebuild()                                       # e.g. back from a macro, still zoomed out
    assert scene._overview_on and all(c.label.flags() & flag for c in scene.cluster_items.values())


def test_a_moved_node_takes_its_label_along_and_frees_its_neighbours(window, qtbot) -> None:
    view = fitted_window(window, qtbot)
    scene, document = view.network_scene, window.document
    scale = view.scale_factor
    before = {l.node_id: l for l in scene._overview.map.labels(scale, visible(view))}
    window.grab()
    shortened = next(l for l in before.values() if not l.full)
    item = scene.node_items[shortened.node_id]
    old = item.pos()
    far = (old.x(), scene.itemsBoundingRect().bottom() + 400.0)
    document.push(MoveNodesCommand(document.current_model, {shortened.node_id: ((old.x(), old.y()), far)}))
    window.grab()
    after = {l.node_id: l for l in scene._overview.map.labels(scale, scene.itemsBoundingRect())}
    assert after[shortened.node_id].full                      # alone down there: the whole id
    assert after[shortened.node_id].rect.top() > before[shortened.node_id].rect.top()
    fresh = MapLabelItem(scene.theme, scene._overview_nodes, scene._overview_node_box)
    scene.addItem(fresh)
    again = {l.node_id: (l.rect, l.text) for l in fresh.labels(scale, scene.itemsBoundingRect())}
    scene.removeItem(fresh)
    assert again == {n: (l.rect, l.text) for n, l in after.items()}        # nothing stale
