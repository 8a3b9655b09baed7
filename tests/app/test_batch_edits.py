"""Edits of many nodes at once (delete, its undo and redo) refresh the whole-network views once,
not once per node: the step boxes, the node table's rows, the property page and the selection.
One refresh per node made deleting 1,000 nodes of a 10,000-node network take minutes."""

from __future__ import annotations

import pytest

from editor.canvas.cluster_item import cluster_rect
from editor.core.graph.state import network_to_state
from editor.model.edits import add_special_node, delete_items
from tests.app.helpers import STEPS, stepped_network
from tests.canvas.helpers import assert_mirrors



@pytest.fixture
def opened(make_window, tmp_path):
    from editor.core.io.files import save_network
    path = tmp_path / "batch.yaml"
    save_network(stepped_network(), str(path))
    window = make_window()
    assert window.open_path(str(path), ask=False)
    return window


class Counter:
    def __init__(self, target, name: str) -> None:
        self.calls = 0
        original = getattr(target, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return original(*args, **kwargs)
        setattr(target, name, counted)


def table_ids(window) -> list[str]:
    model = window.docks.get("node_table").table_model
    return [model.node_id(r) for r in range(model.rowCount())]


def test_deleting_many_nodes_refreshes_once_and_undo_gives_back_everything(qtbot, opened) -> None:
    window = opened
    doc, scene = window.document, window.view.network_scene
    table = window.docks.get("node_table").table_model
    network = doc.root
    before = network_to_state(network)
    order = list(network.nodes)
    doomed = [n for i, n in enumerate(order) if i % 4 != 3][:36]          # many of every step
    doc.selection.set(doomed)
    clusters = Counter(scene, "_rebuild_clusters")
    resets, removed = [], []
    table.modelReset.connect(lambda: resets.append(1))
    table.rowsRemoved.connect(lambda *_: removed.append(1))

    doc.push(delete_items(doc, doomed, []))
    assert clusters.calls == 1
    assert (len(resets), len(removed)) == (1, 0)               # 36 rows: one reset, not 36 removals
    assert not set(doomed) & set(network.nodes)
    assert table_ids(window) == list(network.nodes)
    assert doc.selection.nodes == [] and doc.selection.links == []
    assert_mirrors(scene)

    doc.undo_stack.undo()
    assert clusters.calls == 2
    assert network_to_state(network) == before
    assert table_ids(window) == order
    assert_mirrors(scene)
    assert set(scene.cluster_items) == set(STEPS)
    for step, item in scene.cluster_items.items():           # each box around all its members again
        assert item.rect == cluster_rect(scene.node_items[n].scene_box() for n in network.stepids[step])

    doc.undo_stack.redo()
    assert clusters.calls == 3 and table_ids(window) == list(network.nodes)
    assert_mirrors(scene)


def test_deleting_a_few_nodes_keeps_table_rows_in_place(qtbot, opened) -> None:
    """A small batch updates the table row by row (its scroll position and current row stay)."""
    window = opened
    doc = window.document
    table = window.docks.get("node_table").table_model
    resets, removed, inserted = [], [], []
    table.modelReset.connect(lambda: resets.append(1))
    table.rowsRemoved.connect(lambda *_: removed.append(1))
    table.rowsInserted.connect(lambda *_: inserted.append(1))
    doc.push(delete_items(doc, ["add_3_0", "sink_5"], []))
    assert (len(resets), len(removed)) == (0, 2)
    assert table_ids(window) == list(doc.root.nodes)
    doc.undo_stack.undo()
    assert (len(resets), len(inserted)) == (0, 2)
    assert table_ids(window) == list(doc.root.nodes)
    doc.push(add_special_node(doc.current_model, "source", "Int", (0.0, -200.0), "extra"))
    assert (len(resets), len(inserted)) == (0, 3)
    assert table_ids(window)[-1] == "extra"


def test_the_selected_node_page_follows_a_batch_delete(qtbot, opened) -> None:
    window = opened
    doc = window.document
    properties = window.docks.get("properties")
    doc.selection.set(["add_0_0", "add_1_0"])
    assert properties.current_page is properties.node_page
    doc.push(delete_items(doc, ["add_0_0", "add_1_0", "src_2"], []))
    assert properties.current_page is properties.network_page
    doc.undo_stack.undo()
    doc.selection.set(["add_0_0"])
    assert properties.current_page is properties.node_page
    assert properties.node_page.node_ids == ["add_0_0"]
