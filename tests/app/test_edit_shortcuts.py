"""Edit shortcuts through real key presses: one action per key sequence (a Linux desktop's
standard Delete keys include Ctrl+D, Duplicate's key), Ctrl+D duplicates, Delete deletes, Ctrl+Y
and Ctrl+Shift+Z redo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from tests.app.helpers import add_node

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
_bindings = QKeySequence.keyBindings


def _linux_desktop_bindings(key):
    """The standard keys of Qt's KDE and GNOME themes, where Delete is also Ctrl+D."""
    if key == QKeySequence.StandardKey.Delete:
        return [QKeySequence("Del"), QKeySequence("Ctrl+D")]
    if key == QKeySequence.StandardKey.Redo:
        return [QKeySequence("Ctrl+Shift+Z")]
    return _bindings(key)


@pytest.fixture
def linux_window(monkeypatch, make_window):
    monkeypatch.setattr(QKeySequence, "keyBindings", staticmethod(_linux_desktop_bindings))
    return make_window()


def test_no_key_sequence_belongs_to_two_actions(linux_window) -> None:
    seen: dict[str, str] = {}
    for action in linux_window.menu_actions.all_actions():
        for key in action.shortcuts():
            text = key.toString()
            assert seen.setdefault(text, action.text()) == action.text(), f"{text}: {seen[text]} and {action.text()}"
    actions = linux_window.menu_actions
    assert [k.toString() for k in actions.duplicate.shortcuts()] == ["Ctrl+D"]
    assert "Del" in [k.toString() for k in actions.delete.shortcuts()]


def test_ctrl_d_duplicates_and_delete_deletes(linux_window, qtbot) -> None:
    window = linux_window
    doc = window.document
    add_node(window)
    doc.selection.set(["addint"])
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_D, CTRL)
    assert sorted(doc.root.nodes) == ["addint", "addint_2"]
    assert doc.selection.nodes == ["addint_2"]
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert sorted(doc.root.nodes) == ["addint"]


@pytest.mark.parametrize("redo", [(Qt.Key.Key_Y, CTRL), (Qt.Key.Key_Z, CTRL | SHIFT)])
def test_ctrl_y_and_ctrl_shift_z_redo(linux_window, qtbot, redo) -> None:
    window = linux_window
    add_node(window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert not window.document.root.nodes
    qtbot.keyClick(window.view, *redo)
    assert list(window.document.root.nodes) == ["addint"]


def test_a_duplicate_of_a_numbered_node_takes_the_next_free_number(window, qtbot) -> None:
    doc = window.document
    add_node(window)
    add_node(window, pos=(0.0, 200.0))
    add_node(window, pos=(0.0, 400.0))
    doc.selection.set(["addint_2"])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_D, CTRL)
    assert sorted(doc.root.nodes) == ["addint", "addint_2", "addint_3", "addint_4"]
    assert doc.selection.nodes == ["addint_4"]
    assert window.view.network_scene.node_items["addint_4"].isSelected()
    doc.selection.set(["addint"])
    window.menu_actions.copy.trigger()
    window.menu_actions.paste.trigger()
    assert doc.selection.nodes == ["addint_5"]        # unnumbered: the next free number too
