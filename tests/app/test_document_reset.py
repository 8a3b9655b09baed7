"""What belongs to one document does not carry over to the next: on New and Open the Nodes filter,
the Run inspection and the run colours start empty; run colours of a run read before an edit
show as stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.graph.urls import OutputRef
from editor.core.io.files import save_network
from editor.core.run.rundir import RunJob, RunResult
from editor.model.commands import MoveNodesCommand
from editor.model.edits import link_ports
from tests.app.helpers import add_node


def _result(node: str) -> RunResult:
    return RunResult("/t/run", "network", [RunJob(node, "s1", "finished", f"/t/run/{node}/s1"),
                                           RunJob(node, "s2", "failed", f"/t/run/{node}/s2")], [], True)


def _dirty_window(window):
    add_node(window)
    add_node(window, pos=(300.0, 0.0))
    window.docks.node_table.filter_edit.setText("addint_2")
    controller = window.run_controller
    controller.inspect.show_result(_result("addint"))
    overlay = controller.overlay
    assert overlay is not None and overlay.state_of("addint") == "failed"
    assert controller.inspect.tree.topLevelItemCount() == 1
    return controller, overlay


def _assert_fresh(window, controller) -> None:
    assert window.docks.node_table.filter_edit.text() == ""
    assert window.docks.node_table.proxy.filterRegularExpression().pattern() == ""
    assert controller.inspect.result is None and controller.inspect.tree.topLevelItemCount() == 0
    assert "No run directory" in controller.inspect.summary.text()
    overlay = controller.overlay
    assert overlay is None or not overlay.items


@pytest.mark.parametrize("how", ["new", "open"])
def test_new_and_open_start_without_the_last_documents_filter_and_run(window, dialogs, tmp_path: Path,
                                                                     how: str) -> None:
    controller, _overlay = _dirty_window(window)
    if how == "new":
        window.menu_actions.new.trigger()
    else:
        other = window._new_network()
        other.create_source("Int", id="addint")       # a node of the same id: no colours for it either
        path = tmp_path / "other.yaml"
        save_network(other, str(path))
        assert window.open_path(str(path), ask=True)
    _assert_fresh(window, controller)


def test_run_colours_turn_stale_after_an_edit_and_fresh_on_undo(window) -> None:
    controller, overlay = _dirty_window(window)
    item = overlay.items["addint"]
    assert not item.stale
    doc = window.document
    doc.push(MoveNodesCommand(doc.current_model, {"addint": ((0.0, 0.0), (0.0, 90.0))}))
    assert not overlay.stale and not item.stale        # a move leaves the run's colours right
    doc.push(link_ports(doc.current_model, OutputRef("addint", "result"), "addint_2", "left_hand"))
    overlay.flush()
    item = overlay.items["addint"]
    assert item.stale and "before" in item.toolTip()
    assert overlay.stale
    doc.undo_stack.undo()
    overlay.flush()
    assert not overlay.items["addint"].stale     # back to the network the run was read for
