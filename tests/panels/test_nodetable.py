"""NodeTablePanel: filter, sort, edit in place with keys; a value typed with many rows selected
goes to all of them in one undo step; table and document selections follow each other."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from editor.api import create_network
from editor.model.document import Document
from editor.model.nodetablemodel import ID, MEMORY, STEP
from editor.panels.nodetable import NodeTablePanel


@pytest.fixture
def panel(qtbot):
    net = create_network("big")
    for n in range(30):
        net.create_node("fastr/math/AddInt:1.0", "1.0", id=f"add_{n:02d}", step_id="adding")
        net.create_node("fastr/math/Sum:1.0", "1.0", id=f"sum_{n:02d}", step_id="summing")
    doc = Document(net)
    widget = NodeTablePanel(doc)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    return doc, widget


def visible_ids(widget: NodeTablePanel) -> list[str]:
    proxy = widget.proxy
    return [proxy.index(r, ID).data() for r in range(proxy.rowCount())]


def type_in_cell(qtbot, widget: NodeTablePanel, row: int, column: int, text: str) -> None:
    """Make (row, column) the current cell without touching the selection, press F2, type, Enter."""
    view = widget.view
    view.selectionModel().setCurrentIndex(widget.proxy.index(row, column),
                                          QItemSelectionModel.SelectionFlag.NoUpdate)
    qtbot.keyClick(view.viewport(), Qt.Key.Key_F2)
    editor = next(e for e in view.findChildren(QLineEdit) if e.isVisible() and e is not widget.filter_edit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()                          # the delegate commits queued


def click_cell(qtbot, widget: NodeTablePanel, row: int, column: int,
               modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    rect = widget.view.visualRect(widget.proxy.index(row, column))
    qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def test_filter_and_sort(qtbot, panel) -> None:
    _doc, widget = panel
    assert len(visible_ids(widget)) == 60
    qtbot.keyClicks(widget.filter_edit, "addint")
    assert len(visible_ids(widget)) == 30 and all(i.startswith("add_") for i in visible_ids(widget))
    widget.filter_edit.clear()
    widget.view.sortByColumn(ID, Qt.SortOrder.DescendingOrder)
    assert visible_ids(widget)[0] == "sum_29"


def test_bulk_edit_with_keys(qtbot, panel) -> None:
    doc, widget = panel
    qtbot.keyClicks(widget.filter_edit, "summing")
    view = widget.view
    view.setFocus()
    view.setCurrentIndex(widget.proxy.index(0, MEMORY))
    qtbot.keyClick(view.viewport(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(widget.selected_node_ids()) == 30
    type_in_cell(qtbot, widget, 3, MEMORY, "8G")
    memory = {n.id: n.resources.memory for n in doc.root.nodes.values()}
    assert all(memory[f"sum_{n:02d}"] == 8192 for n in range(30))
    assert all(memory[f"add_{n:02d}"] == 2048 for n in range(30))
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert all(n.resources.memory == 2048 for n in doc.root.nodes.values())
    assert widget.proxy.index(0, MEMORY).data() == "2G"


def test_bulk_edit_with_mouse_and_typing(qtbot, panel) -> None:
    doc, widget = panel
    click_cell(qtbot, widget, 0, MEMORY)
    click_cell(qtbot, widget, 3, MEMORY, Qt.KeyboardModifier.ShiftModifier)
    assert widget.selected_node_ids() == ["add_00", "sum_00", "add_01", "sum_01"]
    qtbot.keyClicks(widget.view.viewport(), "1")          # typing starts editing the current cell
    editor = next(e for e in widget.view.findChildren(QLineEdit) if e.isVisible() and e is not widget.filter_edit)
    qtbot.keyClicks(editor, "6G")                         # (offscreen, the focus does not move by itself)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()
    changed = sorted(n.id for n in doc.root.nodes.values() if n.resources.memory == 16384)
    assert changed == ["add_00", "add_01", "sum_00", "sum_01"]
    assert doc.undo_stack.count() == 1


def test_edit_one_row_outside_the_selection(qtbot, panel) -> None:
    doc, widget = panel
    doc.selection.set(["add_00", "add_01"])
    assert widget.selected_node_ids() == ["add_00", "add_01"]
    widget.view.selectionModel().clearSelection()
    type_in_cell(qtbot, widget, 5, STEP, "other")
    assert doc.root.step_of(visible_ids(widget)[5]) == "other"
    assert doc.root.step_of("add_00") == "adding"


def test_refused_value_shows_why(qtbot, panel) -> None:
    doc, widget = panel
    type_in_cell(qtbot, widget, 0, MEMORY, "1.5G")
    assert "fractions" in widget.error.message
    assert doc.undo_stack.count() == 0


def test_selection_follows_both_ways(qtbot, panel) -> None:
    doc, widget = panel
    doc.selection.set(["sum_03"])
    assert widget.selected_node_ids() == ["sum_03"]
    widget.view.selectRow(0)
    assert doc.selection.nodes == [visible_ids(widget)[0]]
    with qtbot.waitSignal(widget.locate_requested) as blocker:       # a click shows it
        widget.view.clicked.emit(widget.proxy.index(2, ID + 1))
    assert blocker.args == ["node", visible_ids(widget)[2]]
    with qtbot.waitSignal(widget.zoom_requested) as blocker:         # a double click zooms to it
        widget.view.doubleClicked.emit(widget.proxy.index(2, ID))
    assert blocker.args == ["node", visible_ids(widget)[2]]


def test_columns_leave_the_room_to_the_ids(qtbot) -> None:
    """A WORC-length id is shown whole in a table as wide as the main window's bottom dock, and
    the short columns are wide enough for their usual contents and headers, not stretched."""
    from editor.model.nodetablemodel import COLUMNS, GPUS, TIME, TOOL
    net = create_network("worc")
    long_id = "featureconverter_train_pyradiomics_Pyradiomics_1_0_CT_0"
    net.create_node("fastr/math/Subtract:1.0", "1.0", id=long_id, step_id="featureconverter")
    widget = NodeTablePanel(Document(net))
    qtbot.addWidget(widget)
    widget.resize(1030, 300)                             # the bottom dock of a 1600 px wide window
    widget.show()
    qtbot.waitExposed(widget)
    view, header = widget.view, widget.view.horizontalHeader()
    metrics = view.fontMetrics()
    assert header.sectionSize(ID) > metrics.horizontalAdvance(long_id)
    assert header.sectionSize(TOOL) > metrics.horizontalAdvance("fastr/math/AddInt:1.0")
    assert header.sectionSize(TIME) > metrics.horizontalAdvance("01:00:00")
    assert header.sectionSize(GPUS) < 2 * header.fontMetrics().horizontalAdvance("gpus") + 40
    assert sum(header.sectionSize(c) for c in range(len(COLUMNS))) <= view.viewport().width() + 1
    # the short columns stay resizable by hand
    header.resizeSection(TOOL, 300)
    assert header.sectionSize(TOOL) == 300
