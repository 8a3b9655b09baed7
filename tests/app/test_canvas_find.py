"""Ctrl+F on the canvas finds a node (id, tool, step; fuzzy) and Enter zooms to it; Ctrl+F
elsewhere still finds a tool in the palette."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.app.helpers import stepped_network


def _window_with(window, qtbot):
    window.document.replace(stepped_network(12), None)
    qtbot.waitUntil(lambda: len(window.view.network_scene.node_items) == len(window.document.root.nodes))
    window.view.fit_all()
    return window


def test_ctrl_f_on_the_canvas_finds_and_goes_to_a_node(qtbot, window) -> None:
    _window_with(window, qtbot)
    net = window.document.root
    target = sorted(net.nodes)[len(net.nodes) // 2]
    start_scale = window.view.scale_factor
    window.view.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (window.view, window.view.viewport()))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.view.find_bar
    assert bar is not None and bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, target)
    assert bar.current_id() == target
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    assert window.document.selection.nodes == [target]
    assert window.view.scale_factor > start_scale and window.view.scale_factor >= 0.9     # readable
    center = window.view.mapToScene(window.view.viewport().rect().center())
    assert window.view.network_scene.node_items[target].sceneBoundingRect().adjusted(-60, -60, 60, 60).contains(center)
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.view.hasFocus()


def test_the_list_follows_the_arrows_and_says_when_nothing_matches(qtbot, window) -> None:
    _window_with(window, qtbot)
    window.view.open_find()
    bar = window.view.find_bar
    qtbot.keyClicks(bar.edit, "compute")
    assert bar.results.count() >= 2
    first = bar.current_id()
    qtbot.keyClick(bar.edit, Qt.Key.Key_Down)
    assert bar.current_id() != first
    bar.edit.setText("no_such_thing_qq")
    assert bar.results.count() == 0 and bar.count.text() == "no node matches"
    assert bar.go() is False


def test_ctrl_f_elsewhere_finds_a_tool(qtbot, window) -> None:
    palette = window.docks.palette
    history = window.docks.history.widget()
    window.docks.history.show()
    history.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is history)
    window.menu_actions.find_tool.trigger()
    assert window.view.find_bar is None or not window.view.find_bar.isVisible()
    qtbot.waitUntil(lambda: palette.isAncestorOf(QApplication.focusWidget()) if QApplication.focusWidget() else False)


def test_a_double_click_in_the_nodes_panel_zooms_to_the_node(qtbot, window) -> None:
    _window_with(window, qtbot)
    table = window.docks.get("node_table")
    target = "add_7_1"
    row = next(r for r in range(table.proxy.rowCount())
               if table.proxy.index(r, 0).data(Qt.ItemDataRole.DisplayRole) == target)
    start = window.view.scale_factor
    table.view.clicked.emit(table.proxy.index(row, 1))
    assert window.view.scale_factor == start                     # a click shows, keeps the zoom
    table.view.doubleClicked.emit(table.proxy.index(row, 0))
    assert window.view.scale_factor >= 0.9 > start
    center = window.view.mapToScene(window.view.viewport().rect().center())
    assert window.view.network_scene.node_items[target].sceneBoundingRect().adjusted(-60, -60, 60, 60).contains(center)


def test_the_result_list_is_as_tall_as_its_rows(qtbot, window) -> None:
    _window_with(window, qtbot)
    window.view.open_find()
    bar = window.view.find_bar
    bar.edit.setText("src_1")                 # src_1, src_10, src_11
    few = bar.results.height()
    assert bar.results.count() == 3 and few <= 3 * bar.results.sizeHintForRow(0) + 2 * bar.results.frameWidth()
    bar.edit.setText("add")
    assert bar.results.height() > few
    bar.edit.setText("zzzz_none")
    assert not bar.results.isVisible()
