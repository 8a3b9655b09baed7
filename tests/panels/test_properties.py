"""PropertiesPanel: every property edited through real widgets and key events; the model, the
undo stack and undo checked; model changes refresh the widgets without echo commands."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from editor.api import create_network
from editor.core.graph.network import Network
from editor.model.commands import SetLinkPropertyCommand, SetNodePropertyCommand
from editor.model.document import Document
from editor.panels.properties import PropertiesPanel


def make_network() -> Network:
    net = create_network("props")
    src = net.create_source("Int", id="numbers", node_group="subjects")
    add = net.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    const = net.create_constant("Int", [1, 2], id="one")
    snk = net.create_sink("Int", id="out")
    add.inputs["left_hand"] << src.outputs["output"]
    add.inputs["right_hand"] << const.outputs["output"]
    snk.inputs["input"] << add.outputs["result"]
    return net


@pytest.fixture
def panel(qtbot):
    doc = Document(make_network())
    widget = PropertiesPanel(doc)
    qtbot.addWidget(widget)
    widget.show()
    return doc, widget


def type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def test_pages_follow_selection(panel) -> None:
    doc, widget = panel
    assert widget.current_page is widget.network_page
    doc.selection.set(["add"])
    assert widget.current_page is widget.node_page
    assert widget.node_page.id_edit.text() == "add"
    assert "AddInt" in widget.node_page.tool_label.text()
    assert widget.node_page.version_label.text() == "1.0"
    assert "Add two integers" in widget.node_page.tool_info.toPlainText()
    # the tool's name and description are the same text for fastr's Subtract: shown once
    subtract = doc.root.create_node("fastr/math/Subtract:1.0", "1.0", id="subtract")
    assert subtract.definition.name.strip() == subtract.definition.description.strip()
    doc.selection.set(["subtract"])
    assert widget.node_page.tool_info.toPlainText().count("Subtract two numbers") == 1
    doc.selection.set([], [next(iter(doc.root.links))])
    assert widget.current_page is widget.link_page
    doc.selection.clear()
    assert widget.current_page is widget.network_page


def test_rename_node_links_follow_and_undo(qtbot, panel) -> None:
    doc, widget = panel
    doc.selection.set(["add"])
    type_into(qtbot, widget.node_page.id_edit, "adder")
    net = doc.root
    assert "adder" in net.nodes and "add" not in net.nodes
    assert {l.target.node for l in net.links.values()} >= {"adder"}
    assert doc.selection.nodes == ["adder"]
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert "add" in net.nodes
    assert doc.selection.nodes == ["add"]
    assert widget.node_page.id_edit.text() == "add"
    assert doc.undo_stack.count() == 1 and doc.undo_stack.index() == 0   # no echo command


def test_rename_refused_with_reason(qtbot, panel) -> None:
    doc, widget = panel
    doc.selection.set(["add"])
    type_into(qtbot, widget.node_page.id_edit, "bad id")
    assert "not valid" in widget.node_page.id_error.message
    type_into(qtbot, widget.node_page.id_edit, "numbers")
    assert "already in use" in widget.node_page.id_error.message
    assert "add" in doc.root.nodes and doc.undo_stack.count() == 0


def test_step_and_group(qtbot, panel) -> None:
    doc, widget = panel
    doc.selection.set(["add"])
    type_into(qtbot, widget.node_page.step_combo.lineEdit(), "math")
    assert doc.root.step_of("add") == "math"
    type_into(qtbot, widget.node_page.group_edit, "grp")
    assert doc.root.nodes["add"].nodegroup == "grp"
    assert doc.undo_stack.count() == 2
    type_into(qtbot, widget.node_page.group_edit, "not ok")
    assert "not valid" in widget.node_page.field_error.message
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.root.nodes["add"].nodegroup is None
    assert widget.node_page.group_edit.text() == ""
    doc.undo_stack.undo()
    assert doc.root.step_of("add") is None


def test_several_nodes_edited_in_one_step(qtbot, panel) -> None:
    doc, widget = panel
    doc.selection.set(["add", "numbers", "out"])
    assert widget.node_page.group_edit.placeholderText() == "mixed"
    type_into(qtbot, widget.node_page.step_combo.lineEdit(), "all_of_them")
    assert doc.root.stepids == {"all_of_them": ["add", "numbers", "out"]}
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.root.stepids == {}


def test_merge_dimensions(qtbot, panel) -> None:
    doc, widget = panel
    page = widget.node_page
    doc.selection.set(["add"])
    assert page.dimension_choices() == ["subjects", "one"]
    page.merge_combo.setFocus()
    qtbot.keyClick(page.merge_combo, Qt.Key.Key_Down)       # none -> all
    page.merge_combo.activated.emit(page.merge_combo.currentIndex())
    assert doc.root.nodes["add"].merge_dimensions == "all"
    page.merge_combo.setCurrentIndex(2)
    page.merge_combo.activated.emit(2)
    page.merge_list.item(0).setCheckState(Qt.CheckState.Checked)
    assert doc.root.nodes["add"].merge_dimensions == ["subjects"]
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert doc.root.nodes["add"].merge_dimensions == "all"
    assert page.merge_combo.currentText() == "all"
    doc.undo_stack.undo()
    assert page.merge_combo.currentText() == "none"


def test_input_group(qtbot, panel) -> None:
    doc, widget = panel
    doc.selection.set(["add"])
    edit = widget.node_page.input_edits["right_hand"]
    type_into(qtbot, edit, "other")
    assert doc.root.nodes["add"].inputs["right_hand"].input_group == "other"
    doc.undo_stack.undo()
    assert edit.text() == "default"


def test_datatype(qtbot, panel) -> None:
    doc, widget = panel
    doc.selection.set(["numbers"])
    combo = widget.node_page.datatype_combo
    assert combo.findText("Float") >= 0
    type_into(qtbot, combo.lineEdit(), "Float")
    assert doc.root.nodes["numbers"].datatype == "Float"
    type_into(qtbot, combo.lineEdit(), "NoSuchType")
    assert "not a known datatype" in widget.node_page.field_error.message
    assert doc.root.nodes["numbers"].datatype == "Float"
    doc.undo_stack.undo()
    assert combo.currentText() == "Int"


def test_link_collapse_and_expand(qtbot, panel) -> None:
    doc, widget = panel
    link = doc.root.links_into("add", "left_hand")[0]
    doc.selection.set([], [link.id])
    page = widget.link_page
    assert page.collapse_list.count() == 1
    assert page.collapse_list.item(0).text() == "0: subjects"
    page.collapse_list.item(0).setCheckState(Qt.CheckState.Checked)
    assert link.collapse == ("subjects",)
    qtbot.mouseClick(page.expand_check, Qt.MouseButton.LeftButton)
    assert link.expand is True
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert not page.expand_check.isChecked()
    doc.undo_stack.undo()
    assert page.collapse_list.item(0).checkState() == Qt.CheckState.Unchecked
    doc.push(SetLinkPropertyCommand(doc.current_model, link.id, "collapse", (5,)))
    texts = [page.collapse_list.item(r).text() for r in range(page.collapse_list.count())]
    assert texts == ["0: subjects", "5 (not a dimension of the source)"]


def test_network_properties(qtbot, panel) -> None:
    doc, widget = panel
    page = widget.network_page
    type_into(qtbot, page.id_edit, "renamed")
    type_into(qtbot, page.version_edit, "1.2")
    page.description_edit.setFocus()
    qtbot.keyClicks(page.description_edit, "Adds numbers")
    page.description_edit.editing_finished.emit()
    type_into(qtbot, page.types_edit, "Int, Float")
    net = doc.root
    assert (net.id, net.version, net.description, net.preferred_types) == (
        "renamed", "1.2", "Adds numbers", ["Int", "Float"])
    type_into(qtbot, page.id_edit, "no good")
    assert "not valid" in page.error.message and net.id == "renamed"
    assert doc.undo_stack.count() == 4
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert page.id_edit.text() == "props" and page.version_edit.text() == "0.0"


def test_refresh_on_model_change_pushes_no_echo(panel) -> None:
    doc, widget = panel
    doc.selection.set(["add"])
    doc.push(SetNodePropertyCommand(doc.current_model, ["add"], "nodegroup", "g1"))
    assert widget.node_page.group_edit.text() == "g1"
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    doc.undo_stack.undo()
    assert widget.node_page.group_edit.text() == ""
    assert doc.undo_stack.count() == 1


def test_long_node_id_shows_from_its_start_with_the_page_margins(panel) -> None:
    doc, widget = panel
    long_id = "calcfeatures_test_pyradiomics_Pyradiomics_1_0_CT_0_with_a_long_tail"
    doc.root.create_node("fastr/math/Subtract:1.0", "1.0", id=long_id)
    widget.resize(300, 500)
    doc.selection.set([long_id])
    edit = widget.node_page.id_edit
    assert edit.text() == long_id
    assert edit.cursorPosition() == 0            # the start of the id is what shows
    margins = widget.node_page.layout().contentsMargins()
    assert margins.left() > 0 and margins.right() > 0    # not flush with the dock's edges
