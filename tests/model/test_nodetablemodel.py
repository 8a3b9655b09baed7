"""NodeTableModel: rows follow the network through edits, undo and redo; bulk edits are one step."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from editor.api import create_network
from editor.core.graph.resourcelimit import ResourceLimit
from editor.model.commands import RenameNodeCommand, SetResourceLimitCommand
from editor.model.document import Document
from editor.model.edits import add_special_node, delete_items
from editor.model.nodetablemodel import CORES, GPUS, GROUP, ID, KIND, MEMORY, STEP, TIME, TOOL, NodeTableModel, SortRole


@pytest.fixture
def table(qapp):
    net = create_network("table")
    net.create_source("Int", id="a", step_id="load")
    net.create_node("fastr/math/AddInt:1.0", "1.0", id="b", node_group="g",
                    resources=ResourceLimit(time="01:00:00"))
    net.create_sink("Int", id="c")
    doc = Document(net)
    return doc, NodeTableModel(doc)


def column(model: NodeTableModel, col: int) -> list[str]:
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


def test_rows(table) -> None:
    _doc, model = table
    assert column(model, ID) == ["a", "b", "c"]
    assert column(model, KIND) == ["source", "node", "sink"]
    assert column(model, TOOL) == ["fastr/Source:1.0", "fastr/math/AddInt:1.0", "fastr/Sink:1.0"]
    assert column(model, STEP) == ["load", "", ""]
    assert column(model, GROUP) == ["", "g", ""]
    assert column(model, CORES) == ["1"] * 3
    assert column(model, MEMORY) == ["2G", "2G", "2G"]
    assert column(model, TIME) == ["", "01:00:00", ""]
    assert column(model, GPUS) == ["", "", ""]
    assert model.data(model.index(0, TIME), SortRole) > model.data(model.index(1, TIME), SortRole)
    assert model.flags(model.index(0, MEMORY)) & Qt.ItemFlag.ItemIsEditable
    assert not model.flags(model.index(0, ID)) & Qt.ItemFlag.ItemIsEditable


def test_rows_follow_edits_and_undo(qtbot, table) -> None:
    doc, model = table
    with qtbot.waitSignal(model.rowsInserted):
        doc.push(add_special_node(doc.current_model, "source", "Int", None, "d"))
    assert column(model, ID) == ["a", "b", "c", "d"]
    with qtbot.waitSignal(model.dataChanged):
        doc.push(RenameNodeCommand(doc.current_model, "b", "adder"))
    assert column(model, ID) == ["a", "adder", "c", "d"]
    doc.push(delete_items(doc, ["a"], []))
    assert column(model, ID) == ["adder", "c", "d"]
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert column(model, ID) == ["a", "b", "c"]


def test_set_data_pushes_one_command(table) -> None:
    doc, model = table
    assert model.setData(model.index(0, MEMORY), "8G")
    assert doc.root.nodes["a"].resources.memory == 8192
    assert model.setData(model.index(1, STEP), "math")
    assert doc.root.step_of("b") == "math"
    assert model.setData(model.index(1, GROUP), "")
    assert doc.root.nodes["b"].nodegroup is None
    assert model.setData(model.index(2, CORES), "")          # no limit
    assert doc.root.nodes["c"].resources.cores is None
    assert model.setData(model.index(2, TIME), "90")
    assert doc.root.nodes["c"].resources.time == 90
    assert doc.undo_stack.count() == 5
    assert model.setData(model.index(0, MEMORY), "8G")       # unchanged: no command
    assert doc.undo_stack.count() == 5


def test_bad_values_refused(qtbot, table) -> None:
    doc, model = table
    for col, text in ((MEMORY, "1.5G"), (CORES, "0"), (CORES, "two"), (TIME, "1:2:3:4"), (STEP, "a b"), (GPUS, "-1")):
        with qtbot.waitSignal(model.edit_refused) as blocker:
            assert not model.setData(model.index(0, col), text)
        assert blocker.args[0]
    assert doc.undo_stack.count() == 0


def test_bulk_edit_of_fifty_nodes(qapp) -> None:
    net = create_network("bulk")
    for n in range(50):
        net.create_node("fastr/math/AddInt:1.0", "1.0", id=f"add{n}")
    net.nodes["add7"].resources = None
    doc = Document(net)
    model = NodeTableModel(doc)
    before = net.__getstate__()
    assert model.set_values(list(net.nodes), MEMORY, "8G")
    assert all(n.resources.memory == 8192 for n in net.nodes.values())
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert net.__getstate__() == before
    assert column(model, MEMORY)[0] == "2G"


def test_follows_current_network(qapp) -> None:
    net = create_network("outer")
    inner = create_network("inner")
    inner.create_source("Int", id="x")
    net.create_macro(inner, id="m")
    doc = Document(net)
    model = NodeTableModel(doc)
    assert column(model, ID) == ["m"]
    doc.enter_macro("m")
    assert column(model, ID) == ["x"]
    assert model.rowCount(model.index(0, 0)) == 0 and model.rowCount(QModelIndex()) == 1


def test_model_changes_show(table) -> None:
    doc, model = table
    old = doc.root.nodes["a"].resources
    doc.push(SetResourceLimitCommand(doc.current_model, {"a": (old, ResourceLimit(cores=4, memory="1T"))}))
    assert model.data(model.index(0, MEMORY)) == "1T" and model.data(model.index(0, CORES)) == "4"
