"""The main window: file flow (new, open, save, reopen), modified mark, unsaved-changes prompt,
broken files, recent files, copy/paste between two windows, and the palette inside the window."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from editor.app.settings import AppSettings
from editor.core.io.files import save_network
from editor.core.graph.network import Network
from editor.core.graph.state import network_to_state
from tests.app.helpers import ADDINT, GOLDEN, add_node, build_small_network

pytestmark = pytest.mark.usefixtures("keep_look")

_B = QMessageBox.StandardButton


def state(window) -> dict:
    return network_to_state(window.document.root)


# -- title and modified mark ---------------------------------------------------------------------
def test_title_and_modified_mark_follow_edits_undo_and_save(window, dialogs, tmp_path: Path) -> None:
    assert window.windowTitle() == "network (unsaved)[*] — fastr editor"
    assert not window.isWindowModified()
    add_node(window)
    assert window.isWindowModified()
    window.menu_actions.undo.trigger()
    assert not window.isWindowModified()
    assert window.menu_actions.redo.text().startswith("&Redo Add ")      # the command shows
    window.menu_actions.redo.trigger()
    assert window.isWindowModified()
    dialogs.save_path = str(tmp_path / "mine.yaml")
    window.menu_actions.save.trigger()              # no file name yet: Save asks for one
    assert not window.isWindowModified()
    assert window.windowTitle() == "mine.yaml[*] — fastr editor"
    assert (tmp_path / "mine.yaml").is_file()
    assert window.menu_actions.undo.isEnabled()     # undo history survives a save
    window.menu_actions.undo.trigger()
    assert window.isWindowModified()


def test_undo_redo_through_key_presses(window, qtbot) -> None:
    add_node(window)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not window.document.root.nodes
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert list(window.document.root.nodes) == ["addint"]


# -- new, open, save, reopen ---------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_save_new_and_reopen_gives_the_same_network(window, dialogs, tmp_path: Path, suffix: str) -> None:
    build_small_network(window)
    before = state(window)
    path = tmp_path / f"small{suffix}"
    dialogs.save_path = str(path)
    assert window.save_as()
    text = path.read_text()
    assert text.lstrip().startswith("{") == (suffix == ".json")
    window.menu_actions.new.trigger()
    assert not window.document.root.nodes
    assert window.document.file_path is None
    assert window.open_path(str(path))
    assert state(window) == before
    assert window.document.file_path == str(path)
    assert not window.isWindowModified()
    assert dialogs.kinds() == []                      # nothing was unsaved: no questions


def test_open_golden_example_and_save_again_is_lossless(window, dialogs, tmp_path: Path) -> None:
    source = GOLDEN / "macro_node.fastr.yaml"
    if not source.exists():
        pytest.skip("golden examples not present")
    assert window.open_path(str(source))
    before = state(window)
    dialogs.save_path = str(tmp_path / "copy.yaml")
    assert window.save_as()
    assert window.open_path(str(tmp_path / "copy.yaml"))
    assert state(window) == before


# -- the unsaved-changes prompt ------------------------------------------------------------------
def test_unsaved_prompt_on_new(window, dialogs) -> None:
    add_node(window)
    dialogs.unsaved_answer = _B.Cancel
    window.menu_actions.new.trigger()
    assert dialogs.kinds() == ["warning"]
    assert list(window.document.root.nodes) == ["addint"]
    dialogs.unsaved_answer = _B.Discard
    window.menu_actions.new.trigger()
    assert not window.document.root.nodes
    assert not window.isWindowModified()


def test_unsaved_prompt_on_open(window, dialogs, tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    save_network(Network("other"), str(other))
    add_node(window)
    dialogs.unsaved_answer = _B.Cancel
    assert not window.open_path(str(other))
    assert list(window.document.root.nodes) == ["addint"]
    dialogs.unsaved_answer = _B.Save
    dialogs.save_path = None                          # Save, then cancel the file chooser
    assert not window.open_path(str(other))
    assert list(window.document.root.nodes) == ["addint"]
    dialogs.save_path = str(tmp_path / "kept.yaml")   # Save for real, then open
    assert window.open_path(str(other))
    assert (tmp_path / "kept.yaml").is_file()
    assert not window.document.root.nodes


def test_unsaved_prompt_on_close(make_window, dialogs, tmp_path: Path) -> None:
    window = make_window()
    add_node(window)
    dialogs.unsaved_answer = _B.Cancel
    assert not window.close()
    assert window.isVisible()
    dialogs.unsaved_answer = _B.Save
    dialogs.save_path = str(tmp_path / "closing.yaml")
    assert window.close()
    assert (tmp_path / "closing.yaml").is_file()
    assert dialogs.kinds() == ["warning", "warning"]


def test_close_of_a_clean_window_asks_nothing(make_window, dialogs) -> None:
    window = make_window()
    assert window.close()
    assert dialogs.kinds() == []


# -- errors --------------------------------------------------------------------------------------
def test_broken_file_shows_the_error_and_keeps_the_network(window, dialogs, tmp_path: Path) -> None:
    build_small_network(window)
    before = state(window)
    window.document.undo_stack.setClean()
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\nnodelist: [\n  - {id: a\n")
    assert not window.open_path(str(broken))
    kind, title, text = dialogs.shown[-1]
    assert kind == "critical" and title == "Cannot open network"
    assert str(broken) in text and "line" in text
    assert state(window) == before
    assert window.document.file_path is None
    add_node(window, pos=(500.0, 0.0))                 # still usable
    assert len(window.document.root.nodes) == 3


def test_missing_file_is_reported_and_forgotten(window, dialogs, tmp_path: Path) -> None:
    gone = tmp_path / "gone.yaml"
    window.settings.add_recent_file(str(gone))
    assert not window.open_path(str(gone))
    assert "no such file" in dialogs.shown[-1][2]


def test_save_error_is_shown_and_the_document_stays_modified(window, dialogs, tmp_path: Path) -> None:
    add_node(window)
    dialogs.save_path = str(tmp_path / "no" / "such" / "folder" / "x.yaml")
    assert not window.save_as()
    assert dialogs.shown[-1][:2] == ("critical", "Cannot save network")
    assert window.isWindowModified()
    assert window.document.file_path is None


# -- recent files --------------------------------------------------------------------------------
def test_recent_files_newest_first_pruned_and_capped(window, dialogs, tmp_path: Path) -> None:
    paths = []
    for n in range(12):
        path = tmp_path / f"n{n}.yaml"
        window.document.save(str(path))
        paths.append(str(path))
    for path in paths:
        assert window.open_path(path)
    recent = window.settings.recent_files()
    assert recent == list(reversed(paths))[:10]
    os.remove(paths[-2])
    window.menu_actions.fill_recent_menu()
    labels = [a.data() for a in window.menu_actions.recent_menu.actions() if a.data()]
    assert paths[-2] not in labels and labels[0] == paths[-1]
    # the menu opens a file
    target = next(a for a in window.menu_actions.recent_menu.actions() if a.data() == paths[-3])
    target.trigger()
    assert window.document.file_path == paths[-3]
    # another settings object (the next run) sees the same list
    assert AppSettings().recent_files()[0] == paths[-3]


# -- copy and paste ------------------------------------------------------------------------------
def test_copy_paste_between_two_windows(make_window, qtbot) -> None:
    first, second = make_window(), make_window()
    build_small_network(first)
    first.document.selection.set(["addint", "addint_2"])
    first.activateWindow()
    qtbot.waitUntil(first.isActiveWindow, timeout=2000)
    first.view.setFocus()
    qtbot.keyClick(first.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().mimeData().hasFormat("application/x-fastr-editor-nodes")
    second.activateWindow()
    qtbot.waitUntil(second.isActiveWindow, timeout=2000)
    second.view.setFocus()
    qtbot.keyClick(second.view, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    network = second.document.root
    assert sorted(network.nodes) == ["addint", "addint_2"]
    assert len(network.links) == 1
    assert sorted(second.document.selection.nodes) == ["addint", "addint_2"]
    assert second.isWindowModified() and second.document.undo_stack.undoText() == "Paste"
    # pasted again into the same window: new ids, shifted, selected
    second.menu_actions.paste.trigger()
    pasted = second.document.selection.nodes
    assert len(pasted) == 2 and not set(pasted) & {"addint", "addint_2"}
    assert len(network.nodes) == 4
    a, b = network.nodes["addint"].position, network.nodes[pasted[0]].position
    assert a != b and b[0] - a[0] == b[1] - a[1] > 0
    assert len(network.links) == 2


def test_copy_paste_keeps_a_node_s_keys_of_every_type(window, qtbot) -> None:
    """A node keeps keys fastr does not know (``extra``): keys JSON writes alike (1 and '1') stay
    two keys, of their types, through the clipboard; pasting such a node twice works too."""
    from editor.model.clipboard import MIME_TYPE
    node_id = add_node(window)
    odd = {1: "one", "1": "also one", None: [2.5, {True: "t"}]}
    window.document.root.nodes[node_id].extra = {"odd": odd}
    window.document.selection.set([node_id])
    window.menu_actions.copy.trigger()
    assert QGuiApplication.clipboard().mimeData().hasFormat(MIME_TYPE)
    window.menu_actions.paste.trigger()
    window.menu_actions.paste.trigger()
    nodes = window.document.root.nodes
    assert len(nodes) == 3
    for pasted in nodes.values():
        assert repr(pasted.extra["odd"]) == repr(odd)


def test_cut_duplicate_delete_select_all(window, qtbot) -> None:
    build_small_network(window)
    doc = window.document
    window.menu_actions.select_all.trigger()
    assert sorted(doc.selection.nodes) == ["addint", "addint_2"]
    doc.selection.set(["addint"])
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert sorted(doc.root.nodes) == ["addint", "addint_2", "addint_3"]
    assert doc.selection.nodes == ["addint_3"]
    assert doc.undo_stack.undoText() == "Duplicate"
    pos, dup = doc.root.nodes["addint"].position, doc.root.nodes["addint_3"].position
    assert (dup[0] - pos[0], dup[1] - pos[1]) == (30.0, 30.0)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert sorted(doc.root.nodes) == ["addint", "addint_2"]
    doc.selection.set(["addint"])
    window.menu_actions.cut.trigger()
    assert sorted(doc.root.nodes) == ["addint_2"] and not doc.root.links
    window.menu_actions.paste.trigger()
    assert sorted(doc.root.nodes) == ["addint", "addint_2"]
    window.menu_actions.undo.trigger()
    window.menu_actions.undo.trigger()
    assert sorted(doc.root.nodes) == ["addint", "addint_2"] and len(doc.root.links) == 1


def test_selection_actions_follow_the_selection(window) -> None:
    actions = window.menu_actions
    assert not actions.copy.isEnabled() and not actions.delete.isEnabled()
    add_node(window)
    window.document.selection.set(["addint"])
    assert actions.copy.isEnabled() and actions.delete.isEnabled() and actions.duplicate.isEnabled()


# -- palette, docks, view ------------------------------------------------------------------------
def test_palette_double_click_adds_at_the_view_centre(window, qtbot) -> None:
    palette = window.docks.palette
    qtbot.keyClicks(palette.search, "addint")
    index = palette.proxy_index_of(ADDINT)
    rect = palette.tree.visualRect(index)
    qtbot.mouseClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert list(window.document.root.nodes) == ["addint"]
    assert window.isWindowModified()
    qtbot.mouseClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(palette.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    nodes = window.document.root.nodes
    assert nodes["addint"].position != nodes["addint_2"].position      # not stacked


def test_every_dock_can_be_hidden_and_shown_from_the_view_menu(window) -> None:
    toggles = window.menu_actions.docks_menu.actions()
    names = {a.text() for a in toggles}
    assert {"Tools", "History"} <= names
    for action in toggles:
        from PySide6.QtWidgets import QDockWidget
        dock = next(d for d in window.findChildren(QDockWidget) if d.toggleViewAction() is action)
        was_hidden = dock.isHidden()
        action.trigger()
        assert dock.isHidden() != was_hidden
        action.trigger()
        assert dock.isHidden() == was_hidden


def test_shortcuts_dialog_lists_standard_shortcuts(window) -> None:
    from editor.app.dialogs import shortcut_rows
    rows = dict(shortcut_rows(window.menu_actions.all_actions()))
    assert rows["Save"] == "Ctrl+S"
    assert rows["Duplicate"] == "Ctrl+D"
    assert rows["Undo"].startswith("Ctrl+Z")
    assert "Ctrl+Shift+S" in rows["Save As"]


def test_window_state_is_kept_between_runs(make_window, settings_dir: Path) -> None:
    window = make_window()
    window.docks.history.hide()
    assert window.close()
    again = make_window()
    assert again.docks.history.isHidden()
    assert (settings_dir / "fastr-editor.ini").is_file()


def test_macro_breadcrumb_enters_and_leads_back(window) -> None:
    source = GOLDEN / "macro_node.fastr.yaml"
    if not source.exists():
        pytest.skip("golden examples not present")
    assert window.open_path(str(source))
    macro = next(n.id for n in window.document.root.nodes.values() if n.subnetwork is not None)
    assert window.breadcrumb.isHidden()
    window.view.macro_open_requested.emit(macro)
    assert window.document.path == [macro]
    assert window.breadcrumb.labels() == [window.document.root.id, macro]
    assert not window.breadcrumb.isHidden()
    window.breadcrumb.buttons[0].click()
    assert window.document.path == []
    assert window.breadcrumb.isHidden()


def test_status_bar_shows_view_messages_and_zoom(window) -> None:
    window.view.status_message.emit("Int cannot feed UnsignedInt")
    assert window.statusBar().currentMessage() == "Int cannot feed UnsignedInt"
    assert window.zoom_label.text().endswith("%")


def test_theme_choice_is_kept(window) -> None:
    window.menu_actions.themes["dark"].trigger()
    assert AppSettings().theme() == "dark"
    assert QGuiApplication.palette().color(QGuiApplication.palette().ColorRole.Window).lightness() < 128
    window.menu_actions.themes["light"].trigger()
    assert AppSettings().theme() == "light"


def test_a_tool_dragged_from_the_palette_drops_onto_the_canvas(window) -> None:
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
    palette = window.docks.palette
    mime = palette.proxy.mimeData([palette.proxy_index_of(ADDINT)])
    viewport = window.view.viewport()
    spot = viewport.rect().center()
    actions = Qt.DropAction.CopyAction
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(spot, actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(viewport, QDragMoveEvent(spot, actions, mime, buttons, mods))
    drop = QDropEvent(QPointF(spot), actions, mime, buttons, mods)
    QApplication.sendEvent(viewport, drop)
    assert list(window.document.root.nodes) == ["addint"]
    assert window.document.undo_stack.count() == 1


def test_a_file_changed_on_disk_is_offered_for_reload(window, dialogs, tmp_path: Path) -> None:
    path = tmp_path / "shared.yaml"
    save_network(Network("shared"), str(path))
    assert window.open_path(str(path))
    other = Network("shared")
    other.create_source("Int", id="from_elsewhere")
    save_network(other, str(path))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    dialogs.question_answer = _B.Yes
    window._check_disk()
    assert dialogs.kinds() == ["question"]
    assert list(window.document.root.nodes) == ["from_elsewhere"]
    window._check_disk()                                # asked once per change
    assert dialogs.kinds() == ["question"]


def test_the_problems_tab_is_in_front_at_first_start(window, qtbot) -> None:
    """The bottom docks are tabs; at a first start (no saved window state) Problems is in front,
    not the History tab Qt would show (the last one added)."""
    problems, history = window.docks.get("problems"), window.docks.history
    qtbot.waitUntil(lambda: not problems.visibleRegion().isEmpty())
    assert history.visibleRegion().isEmpty()
