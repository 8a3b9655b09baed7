"""ConstantEditor: samples and values edited in the table, one undo step per edit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from editor.api import create_network
from editor.core.graph.constants import samples
from editor.model.commands import SetNodePropertyCommand
from editor.model.document import Document
from editor.panels.constant import ConstantEditor


@pytest.fixture
def editor(qtbot):
    net = create_network("consts")
    net.create_constant("Int", {"s1": 3, "s2": (4, 5)}, id="numbers")
    doc = Document(net)
    widget = ConstantEditor(doc)
    qtbot.addWidget(widget)
    widget.show()
    widget.set_node("numbers")
    return doc, widget


def data(doc: Document) -> list[tuple[str, list[str]]]:
    return samples(doc.root.nodes["numbers"].data)


def edit_cell(qtbot, widget: ConstantEditor, row: int, column: int, text: str) -> None:
    table = widget.table
    table.setCurrentCell(row, column)
    table.setFocus()
    qtbot.keyClick(table.viewport(), Qt.Key.Key_F2)
    editor = next(e for e in table.findChildren(QLineEdit) if e.isVisible())
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()                          # the delegate commits queued


def test_shows_samples(editor) -> None:
    _doc, widget = editor
    assert widget.table_rows() == [("s1", ["3"]), ("s2", ["4", "5"])]
    assert widget.table.columnCount() == 4           # sample, 2 values, one empty to add a value


def test_edit_value_and_undo(qtbot, editor) -> None:
    doc, widget = editor
    edit_cell(qtbot, widget, 0, 1, "30")
    assert data(doc) == [("s1", ["30"]), ("s2", ["4", "5"])]
    assert doc.undo_stack.count() == 1
    edit_cell(qtbot, widget, 0, 2, "31")                 # a second value for s1
    assert data(doc)[0] == ("s1", ["30", "31"])
    doc.undo_stack.undo()
    doc.undo_stack.undo()
    assert widget.table_rows() == [("s1", ["3"]), ("s2", ["4", "5"])]
    assert doc.undo_stack.count() == 2


def test_values_keep_their_type(qtbot, editor) -> None:
    doc, widget = editor
    doc.root.nodes["numbers"].data[1][1][0] = {"id": "Int", "format": None, "value": "4"}
    edit_cell(qtbot, widget, 0, 1, "7")
    assert doc.root.nodes["numbers"].data[1][1][0]["id"] == "Int"
    assert doc.root.nodes["numbers"].data[0][1][0] == {"id": "String", "format": None, "value": "7"}


def test_rename_sample_and_refuse_duplicates(qtbot, editor) -> None:
    doc, widget = editor
    edit_cell(qtbot, widget, 1, 0, "subject_2")
    assert [name for name, _v in data(doc)] == ["s1", "subject_2"]
    edit_cell(qtbot, widget, 1, 0, "s1")
    assert "unique" in widget.error.message
    assert [name for name, _v in data(doc)] == ["s1", "subject_2"]
    assert doc.undo_stack.count() == 1


def test_add_and_remove(qtbot, editor) -> None:
    doc, widget = editor
    qtbot.mouseClick(widget.add_sample_button, Qt.MouseButton.LeftButton)
    assert data(doc)[-1] == ("id_2", [])
    edit_cell(qtbot, widget, 2, 1, "9")
    assert data(doc)[-1] == ("id_2", ["9"])
    widget.table.setCurrentCell(1, 1)
    qtbot.mouseClick(widget.remove_value_button, Qt.MouseButton.LeftButton)
    assert data(doc)[1] == ("s2", ["5"])
    widget.table.clearSelection()
    widget.table.setCurrentCell(0, 0)
    qtbot.mouseClick(widget.remove_sample_button, Qt.MouseButton.LeftButton)
    assert [name for name, _v in data(doc)] == ["s2", "id_2"]
    assert doc.undo_stack.count() == 4
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert data(doc) == [("s1", ["3"]), ("s2", ["4", "5"])]


def test_refresh_on_model_change(editor) -> None:
    doc, widget = editor
    new = [[["x"], [{"id": "String", "format": None, "value": "1"}]]]
    doc.push(SetNodePropertyCommand(doc.current_model, ["numbers"], "data", new))
    assert widget.table_rows() == [("x", ["1"])]
    doc.undo_stack.undo()
    assert widget.table_rows() == [("s1", ["3"]), ("s2", ["4", "5"])]
    assert doc.undo_stack.count() == 1
