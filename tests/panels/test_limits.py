"""ResourceLimitEditor: typing merges into one undo step, bad values are refused with the reason
and never stored, 'no limit' boxes, bulk edits of many nodes in one step, mixed values."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from editor.api import create_network
from editor.core.graph.resourcelimit import ResourceLimit
from editor.model.commands import SetResourceLimitCommand
from editor.model.document import Document
from editor.panels.limits import ResourceLimitEditor


@pytest.fixture
def editor(qtbot):
    net = create_network("limits")
    for n in range(50):
        net.create_source("Int", id=f"s{n}")
    doc = Document(net)
    widget = ResourceLimitEditor(doc)
    qtbot.addWidget(widget)
    widget.show()
    widget.set_nodes(["s0"])
    return doc, widget


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def test_shows_the_limits(editor) -> None:
    doc, widget = editor
    assert widget.cores_spin.value() == 1
    assert (widget.memory_edit.text(), widget.memory_unit.currentText()) == ("2", "G")
    assert widget.fields["time"].unlimited.isChecked() and not widget.time_edit.isEnabled()
    assert widget.fields["gpus"].unlimited.isChecked()


def test_typing_memory_is_one_undo_step(qtbot, editor) -> None:
    doc, widget = editor
    retype(qtbot, widget.memory_edit, "128")
    assert doc.root.nodes["s0"].resources.memory == 128 * 1024
    assert doc.undo_stack.count() == 1
    assert widget.memory_edit.text() == "128"          # not rewritten while typing
    doc.undo_stack.undo()
    assert doc.root.nodes["s0"].resources.memory == 2048
    assert widget.memory_edit.text() == "2"


def test_memory_unit(qtbot, editor) -> None:
    doc, widget = editor
    retype(qtbot, widget.memory_edit, "1500")
    widget.memory_unit.setCurrentText("M")
    widget.memory_unit.activated.emit(0)
    assert doc.root.nodes["s0"].resources.memory == 1500
    assert doc.undo_stack.count() == 1


def test_bad_memory_refused_with_reason(qtbot, editor) -> None:
    doc, widget = editor
    retype(qtbot, widget.memory_edit, "1.5")
    assert "1.5G" in widget.error_text("memory") and "fractions" in widget.error_text("memory")
    assert doc.root.nodes["s0"].resources.memory == 2048
    retype(qtbot, widget.memory_edit, "1.5G")
    assert "not allowed" in widget.error_text("memory")
    assert doc.root.nodes["s0"].resources.memory == 2048
    qtbot.keyClick(widget.memory_edit, Qt.Key.Key_Return)
    assert widget.error_text("memory")                   # still says why
    assert doc.undo_stack.count() == 0
    retype(qtbot, widget.memory_edit, "3G")
    assert widget.error_text("memory") == ""
    assert doc.root.nodes["s0"].resources.memory == 3072


def test_time(qtbot, editor) -> None:
    doc, widget = editor
    unlimited = widget.fields["time"].unlimited
    qtbot.mouseClick(unlimited, Qt.MouseButton.LeftButton)
    assert doc.root.nodes["s0"].resources.time == 3600
    retype(qtbot, widget.time_edit, "01:30:00")
    assert doc.root.nodes["s0"].resources.time == 5400
    qtbot.keyClick(widget.time_edit, Qt.Key.Key_Return)
    assert doc.undo_stack.count() == 2                 # the box, then the typing
    retype(qtbot, widget.time_edit, "1:xx")                # '1' is a value, '1:' is not: put back
    assert "HH:MM:SS" in widget.error_text("time")
    assert doc.root.nodes["s0"].resources.time == 5400
    assert doc.undo_stack.count() == 2
    qtbot.mouseClick(unlimited, Qt.MouseButton.LeftButton)
    assert doc.root.nodes["s0"].resources.time is None
    assert doc.undo_stack.count() == 3
    doc.undo_stack.undo()
    assert widget.time_edit.text() == "01:30:00" and not unlimited.isChecked()


def test_spin_typing_merges(qtbot, editor) -> None:
    doc, widget = editor
    spin = widget.cores_spin
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "16")
    assert doc.root.nodes["s0"].resources.cores == 16
    assert doc.undo_stack.count() == 1
    qtbot.keyClick(spin, Qt.Key.Key_Return)             # editing finished: next typing is a new step
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin, "4")
    assert doc.undo_stack.count() == 2
    doc.undo_stack.undo()
    assert spin.value() == 16


def test_gpus(qtbot, editor) -> None:
    doc, widget = editor
    qtbot.mouseClick(widget.fields["gpus"].unlimited, Qt.MouseButton.LeftButton)
    assert doc.root.nodes["s0"].resources.gpus == 0
    widget.gpus_spin.setFocus()
    widget.gpus_spin.lineEdit().selectAll()
    qtbot.keyClicks(widget.gpus_spin, "2")
    assert doc.root.nodes["s0"].resources.gpus == 2


def test_bulk_edit_of_fifty_nodes_is_one_step(qtbot, editor) -> None:
    doc, widget = editor
    ids = list(doc.root.nodes)
    doc.root.nodes["s3"].resources = ResourceLimit(cores=2, memory="4G", time=None)
    widget.set_nodes(ids)
    assert widget.memory_edit.text() == "" and widget.memory_edit.placeholderText() == "mixed"
    assert widget.cores_spin.text() == "mixed"
    retype(qtbot, widget.memory_edit, "8")
    assert all(n.resources.memory == 8192 for n in doc.root.nodes.values())
    assert doc.root.nodes["s3"].resources.cores == 2        # other fields untouched
    assert doc.undo_stack.count() == 1
    assert widget.memory_edit.placeholderText() != "mixed"
    doc.undo_stack.undo()
    assert doc.root.nodes["s3"].resources.memory == 4096
    assert all(n.resources.memory == 2048 for k, n in doc.root.nodes.items() if k != "s3")
    assert widget.memory_edit.placeholderText() == "mixed"


def test_partially_unlimited(qtbot, editor) -> None:
    doc, widget = editor
    doc.root.nodes["s1"].resources = ResourceLimit(time="00:10:00")
    widget.set_nodes(["s0", "s1"])
    box = widget.fields["time"].unlimited
    assert box.checkState() == Qt.CheckState.PartiallyChecked
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert doc.root.nodes["s1"].resources.time is None
    assert box.checkState() == Qt.CheckState.Checked


def test_model_change_refreshes_without_echo(editor) -> None:
    doc, widget = editor
    node = doc.root.nodes["s0"]
    doc.push(SetResourceLimitCommand(doc.current_model, {"s0": (node.resources, ResourceLimit(cores=3, memory="5G"))}))
    assert widget.cores_spin.value() == 3 and widget.memory_edit.text() == "5"
    assert widget.time_edit.text() == "01:00:00"
    doc.undo_stack.undo()
    assert widget.cores_spin.value() == 1 and widget.memory_edit.text() == "2"
    assert doc.undo_stack.count() == 1


def test_null_resources_of_a_macro(qtbot, editor) -> None:
    doc, widget = editor
    doc.root.nodes["s0"].resources = None
    widget.set_nodes(["s0"])
    assert widget.cores_spin.value() == 1
    retype(qtbot, widget.memory_edit, "4")
    assert doc.root.nodes["s0"].resources == ResourceLimit(cores=1, memory="4G", time=None)
    doc.undo_stack.undo()
    assert doc.root.nodes["s0"].resources is None
