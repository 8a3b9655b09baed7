"""ProblemsPanel: the table lists the problems; clicking one selects its node or link and asks
the view to centre it; problems inside a macro open the macro first."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from editor.api import create_network
from editor.core.graph.urls import OutputRef
from editor.model.document import Document
from editor.model.edits import link_ports
from editor.panels.problems import ProblemsPanel


@pytest.fixture
def panel(qtbot):
    net = create_network("checked")
    net.create_source("Int", id="src")
    net.create_sink("Int", id="snk")
    inner = create_network("inner")
    inner.create_source("Int", id="lonely")
    net.create_macro(inner, id="m")
    doc = Document(net)
    widget = ProblemsPanel(doc)
    qtbot.addWidget(widget)
    widget.resize(700, 300)
    widget.show()
    return doc, widget


def row_of(widget: ProblemsPanel, node: str) -> int:
    return next(r for r, p in enumerate(widget.model.problems) if p.node == node and not p.link)


def test_summary(panel) -> None:
    _doc, widget = panel
    errors, warnings = widget.model.counts()
    assert errors > 0
    assert widget.summary.text().startswith(f"{errors} error")


def test_click_selects_node_and_asks_to_centre_it(qtbot, panel) -> None:
    doc, widget = panel
    row = row_of(widget, "snk")
    rect = widget.view.visualRect(widget.model.index(row, 2))
    with qtbot.waitSignal(widget.locate_requested) as blocker:
        qtbot.mouseClick(widget.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["node", "snk"]
    assert doc.selection.nodes == ["snk"] and doc.selection.links == []
    assert doc.undo_stack.count() == 0


def test_double_click_asks_to_zoom_to_it(qtbot, panel) -> None:
    doc, widget = panel
    row = row_of(widget, "snk")
    with qtbot.waitSignal(widget.zoom_requested) as blocker:
        widget.view.doubleClicked.emit(widget.model.index(row, 2))
    assert blocker.args == ["node", "snk"] and doc.selection.nodes == ["snk"]


def test_problem_inside_a_macro_opens_it(qtbot, panel) -> None:
    doc, widget = panel
    row = next(r for r, p in enumerate(widget.model.problems) if p.network_path == ("m",))
    with qtbot.waitSignal(widget.locate_requested) as blocker:
        widget.locate_row(row)
    assert doc.path == ["m"]
    assert blocker.args == ["node", "lonely"] and doc.selection.nodes == ["lonely"]


def test_updates_after_edits(qtbot, panel) -> None:
    doc, widget = panel
    before = widget.model.counts()
    with qtbot.waitSignal(widget.model.problems_changed, timeout=1000):
        doc.push(link_ports(doc.current_model, OutputRef("src", "output"), "snk", "input"))
    assert widget.model.counts()[0] < before[0]
    with qtbot.waitSignal(widget.model.problems_changed, timeout=1000):
        doc.undo_stack.undo()
    assert widget.model.counts() == before


def test_rows_fit_the_panel_at_its_smallest_and_tooltips_hold_the_whole_text(qtbot, panel) -> None:
    from editor.panels.problems import MIN_ROWS
    _doc, widget = panel
    widget.resize(700, widget.minimumSizeHint().height())
    qtbot.wait(10)
    view = widget.view
    assert widget.model.rowCount() >= MIN_ROWS
    viewport = view.viewport().rect()
    for row in range(MIN_ROWS):                # whole rows, not cut
        rect = view.visualRect(widget.model.index(row, 2))
        assert viewport.contains(rect), (row, rect, viewport)
        assert rect.height() >= view.fontMetrics().height()
    problem = widget.model.problems[0]
    for column in range(3):
        tip = widget.model.index(0, column).data(Qt.ItemDataRole.ToolTipRole)
        assert problem.message in tip and problem.node in tip
