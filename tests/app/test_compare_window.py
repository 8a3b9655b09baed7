"""Compare with… in the window: this network against its saved version or another file, marked on
the canvas and listed in the Compare panel, whose rows select, show and zoom to the change."""

from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import Qt

from editor.core.compare.diff import ADDED, CHANGED, REMOVED
from editor.core.graph.resourcelimit import ResourceLimit
from editor.model.commands import RemoveNodesCommand, SetResourceLimitCommand
from editor.model.edits import add_special_node
from tests.app.helpers import GOLDEN


def _opened(qtbot, window, tmp_path: Path) -> Path:
    path = tmp_path / "add_ints.yaml"
    shutil.copy(GOLDEN / "add_ints.fastr.yaml", path)
    window.open_path(str(path), ask=False)
    qtbot.waitUntil(lambda: window.document.file_path == str(path), timeout=30_000)
    return path


def _edit(window) -> None:
    document = window.document
    model = document.root_model
    add = document.root.nodes["add"]
    document.push(SetResourceLimitCommand(model, {"add": (add.resources, ResourceLimit(cores=4, memory="8G"))}))
    document.push(RemoveNodesCommand(model, ["const__add__right_hand"]))
    document.push(add_special_node(model, "source", "Int", (600.0, 300.0)))


def test_compare_with_the_saved_version_marks_lists_and_goes_to_changes(qtbot, window, tmp_path: Path) -> None:
    _opened(qtbot, window, tmp_path)
    _edit(window)
    added = next(n for n in window.document.root.nodes if n not in ("source", "add", "sink"))
    assert {a.text() for a in window.menu_actions.file_menu.actions()} >= {
        "Compare with &File…", "Compare with &Saved Version"}
    window.compare.with_saved.trigger()
    ui, panel, overlay = window.compare, window.compare.panel, window.compare.overlay
    assert ui.dock.isVisible()
    assert "the saved version" in panel.summary.text()
    kinds = {(c.kind, c.what, c.id) for c in panel.changes_shown()}
    assert (ADDED, "node", added) in kinds
    assert (REMOVED, "node", "const__add__right_hand") in kinds
    assert (CHANGED, "node", "add") in kinds
    # on the canvas: rings on the nodes here, a ghost where the removed node was, its link dashed
    assert overlay.kind_of("add") == CHANGED and overlay.kind_of(added) == ADDED
    assert overlay.kind_of("source") is None
    ghost = overlay.ghost_rect("const__add__right_hand")
    assert ghost is not None and ghost.width() > 50
    assert overlay.lines, "the removed link is drawn"

    changed = next(c for c in panel.changes_shown() if c.kind == CHANGED and c.id == "add")
    panel.select_change(changed)
    assert window.document.selection.nodes == ["add"]
    rows = {panel.details.topLevelItem(i).text(0): (panel.details.topLevelItem(i).text(1),
                                                     panel.details.topLevelItem(i).text(2))
            for i in range(panel.details.topLevelItemCount())}
    assert rows["resources.memory"] == ("8192", "2048")          # this network's value, the other's
    assert rows["resources.cores"] == ("4", "1")

    window.view.fit_all()
    removed = next(c for c in panel.changes_shown() if c.kind == REMOVED and c.what == "node")
    item = next(panel.tree.topLevelItem(i).child(j) for i in range(panel.tree.topLevelItemCount())
                for j in range(panel.tree.topLevelItem(i).childCount())
                if panel.tree.topLevelItem(i).child(j).data(0, Qt.ItemDataRole.UserRole) is removed)
    panel.tree.itemDoubleClicked.emit(item, 0)                    # zoom to the ghost
    assert window.view.scale_factor >= 0.9
    center = window.view.mapToScene(window.view.viewport().rect().center())
    assert ghost.adjusted(-5, -5, 5, 5).contains(center)

    window.grab().save(str(tmp_path / "compare.png"))
    panel.close_button.click()
    assert not ui.dock.isVisible() and overlay.ghost_rect("const__add__right_hand") is None
    assert overlay.kind_of("add") is None and not overlay.lines


def test_the_marks_survive_a_rebuild_and_compare_again_sees_new_edits(qtbot, window, tmp_path: Path) -> None:
    _opened(qtbot, window, tmp_path)
    window.compare.with_saved.trigger()
    assert window.compare.panel.summary.text().endswith("are the same network")
    _edit(window)
    window.compare.again.trigger()
    assert window.compare.overlay.kind_of("add") == CHANGED
    window.view.network_scene.rebuild()
    assert window.compare.overlay.kind_of("add") == CHANGED        # drawn again on the new items


def test_an_unreadable_file_is_one_clear_message(qtbot, window, dialogs, tmp_path: Path) -> None:
    _opened(qtbot, window, tmp_path)
    broken = tmp_path / "broken.yaml"
    broken.write_text("nodelist: [\n")
    assert window.compare.compare_with(str(broken)) is None
    assert any(str(broken) in text or "broken.yaml" in text for _kind, _title, text in dialogs.shown)
    assert not window.compare.dock.isVisible()
