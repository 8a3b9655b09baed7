"""The tool palette: filter, drag data, double-click to add, and the library report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt

from editor.core.graph.network import Network
from editor.core.tools.library import ToolLibrary
from editor.model.document import Document
from editor.model.edits import TOOL_MIME
from editor.model.toolmodel import CONSTANT_TOOL, ToolTreeModel, tool_from_mime
from editor.panels.palette import PalettePanel

ADDINT = "fastr/math/AddInt:1.0"

BROKEN_TOOL = "id: Broken\nname: Broken tool\nversion: 1.0\n  this: is: not yaml\n"
GOOD_TOOL = """\
id: Echo
name: Echo a value
version: '1.0'
description: Prints what it gets
authors:
- name: Someone
class: Node
command:
  version: '1.0'
  authors:
  - name: Someone
  targets:
  - os: '*'
    arch: '*'
    paths: bin/
    bin: echo
interface:
  inputs:
  - id: value
    name: value
    datatype: String
    prefix: --value
  outputs:
  - id: result
    name: result
    datatype: String
    automatic: true
    method: json
    location: ^RESULT=(.*)$
"""


@pytest.fixture
def palette(qtbot, builtin):
    document = Document(Network("network", **builtin))
    panel = PalettePanel(document, ToolLibrary(), lambda: (120.0, 80.0))
    qtbot.addWidget(panel)
    panel.resize(320, 600)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_tree_groups_tools_by_namespace_with_specials_under_fastr(palette) -> None:
    model = palette.model
    fastr = model.index(0, 0)
    assert fastr.data() == "fastr"
    children = [model.index(row, 0, fastr).data() for row in range(model.rowCount(fastr))]
    assert children[:3] == ["Source", "Constant", "Sink"]
    assert {"flow", "math", "util"} <= set(children)
    math = model.index(children.index("math"), 0, fastr)
    tools = [model.index(row, 0, math).data() for row in range(model.rowCount(math))]
    assert "AddInt" in tools
    add_int = model.index(tools.index("AddInt"), 0, math)
    assert "Add two integers" in add_int.data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(tools.index("AddInt"), 1, math).data() == "1.0"


def test_filter_finds_tools_by_partial_name_case_insensitive(palette, qtbot) -> None:
    qtbot.keyClicks(palette.search, "aDdI")
    assert [t.ns_id for t in palette.visible_tools()] == [ADDINT]
    assert palette.count_label.text().startswith("1 of ")
    palette.search.clear()
    qtbot.keyClicks(palette.search, "math sum")          # every word must match
    assert {t.id for t in palette.visible_tools()} == {"Sum", "SumViaFile"}
    palette.search.clear()
    qtbot.keyClicks(palette.search, "two integers")      # the description/name
    assert ADDINT in [t.ns_id for t in palette.visible_tools()]
    palette.search.clear()
    qtbot.keyClicks(palette.search, "util")              # the namespace
    assert {t.namespace for t in palette.visible_tools()} == {"fastr/util"}
    palette.search.clear()
    qtbot.keyClicks(palette.search, "nothing-like-this")
    assert palette.visible_tools() == []
    palette.search.clear()
    assert len(palette.visible_tools()) == len(palette.library) + 1      # + Constant


def test_dragging_a_tool_carries_tool_mime(palette) -> None:
    index = palette.proxy_index_of(ADDINT)
    assert palette.tree.dragEnabled()
    assert TOOL_MIME in palette.proxy.mimeTypes()
    assert palette.proxy.flags(index) & Qt.ItemFlag.ItemIsDragEnabled
    mime = palette.proxy.mimeData([index])
    assert json.loads(bytes(mime.data(TOOL_MIME)).decode()) == {"ns_id": ADDINT, "version": "1.0"}
    assert tool_from_mime(mime, palette.library).ns_id == ADDINT
    folder = palette.proxy.index(0, 0)
    assert not palette.proxy.flags(folder) & Qt.ItemFlag.ItemIsDragEnabled


def test_drag_starts_with_tool_mime(palette, qtbot, monkeypatch) -> None:
    """A real mouse drag on a tool row starts a QDrag carrying TOOL_MIME."""
    from PySide6.QtGui import QDrag
    started: list[QMimeData] = []

    def fake_exec(self, *args, **kwargs):
        started.append(self.mimeData())
        return Qt.DropAction.CopyAction
    monkeypatch.setattr(QDrag, "exec", fake_exec)
    qtbot.keyClicks(palette.search, "addint")
    index = palette.proxy_index_of(ADDINT)
    palette.tree.scrollTo(index)
    center = palette.tree.visualRect(index).center()
    viewport = palette.tree.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=center)
    for step in range(1, 6):
        qtbot.mouseMove(viewport, center + QPoint(step * 10, step * 4))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=center + QPoint(50, 20))
    assert started, "no drag was started"
    assert json.loads(bytes(started[0].data(TOOL_MIME)).decode())["ns_id"] == ADDINT


def test_constant_entry_round_trips_through_mime(palette) -> None:
    index = palette.proxy_index_of(CONSTANT_TOOL.ns_id)
    mime = palette.proxy.mimeData([index])
    assert json.loads(bytes(mime.data(TOOL_MIME)).decode())["kind"] == "constant"
    assert tool_from_mime(mime, palette.library) is CONSTANT_TOOL
    assert tool_from_mime(QMimeData(), palette.library) is None


def test_double_click_adds_a_node_at_the_view_centre(palette, qtbot) -> None:
    qtbot.keyClicks(palette.search, "addint")
    index = palette.proxy_index_of(ADDINT)
    rect = palette.tree.visualRect(index)
    # a real double click: press/release, then the second press arrives as a double click
    qtbot.mouseClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    network = palette.document.root
    assert list(network.nodes) == ["addint"]
    assert network.nodes["addint"].tool == (ADDINT, "1.0")
    assert network.nodes["addint"].position == (120.0, 80.0)
    assert palette.document.selection.nodes == ["addint"]
    assert palette.document.undo_stack.count() == 1
    palette.document.undo_stack.undo()
    assert not network.nodes


def test_enter_in_search_adds_the_first_match_and_specials_work(palette, qtbot) -> None:
    qtbot.keyClicks(palette.search, "constant")
    qtbot.keyClick(palette.search, Qt.Key.Key_Return)
    qtbot.keyClicks(palette.search, "\b" * 8 + "sink")
    qtbot.keyClick(palette.search, Qt.Key.Key_Enter)
    nodes = palette.document.root.nodes
    assert [n.cls for n in nodes.values()] == ["ConstantNode", "SinkNode"]


def test_library_report_lists_broken_files_and_folder_origins(qtbot, tmp_path: Path, builtin) -> None:
    tools = tmp_path / "tools"
    (tools / "mine" / "1.0").mkdir(parents=True)
    (tools / "mine" / "1.0" / "broken.yaml").write_text(BROKEN_TOOL)
    (tools / "mine" / "1.0" / "echo.yaml").write_text(GOOD_TOOL)
    missing = tmp_path / "nowhere"
    library = ToolLibrary([str(tools), str(missing)])
    panel = PalettePanel(Document(Network("network", **builtin)), library)
    qtbot.addWidget(panel)
    text = panel.report.report_text()
    assert "Failed tool files (1)\n  mine/1.0/broken.yaml\n    not valid YAML" in text
    assert f"editor settings: {tools} (1 tool)" in text
    assert f"editor settings: {missing} (missing)" in text
    assert "built-in: " in text
    broken = panel.report.tree.topLevelItem(1).child(0)
    assert str(tools / "mine" / "1.0" / "broken.yaml") in broken.toolTip(0)
    assert panel.tabs.tabText(1) == "Library (1 failed)"
    # the good tool from the same folder is still in the palette
    qtbot.keyClicks(panel.search, "echo")
    assert [t.ns_id for t in panel.visible_tools()] == ["mine/Echo:1.0"]


def test_set_library_refreshes_tree_and_report(palette, tmp_path: Path) -> None:
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "echo.yaml").write_text(GOOD_TOOL)
    before = len(palette.visible_tools())
    palette.set_library(ToolLibrary([str(tools)]))
    assert len(palette.visible_tools()) == before + 1
    assert str(tools) in palette.report.report_text()


def test_tool_model_index_of_and_versions() -> None:
    model = ToolTreeModel(ToolLibrary())
    fail_rows = [model.index_of("fastr/util/Fail:1.0", v) for v in ("0.1", "1.0")]
    assert all(i.isValid() for i in fail_rows)
    assert fail_rows[0] != fail_rows[1]
    assert not model.index_of("nope/Nope:1.0").isValid()
