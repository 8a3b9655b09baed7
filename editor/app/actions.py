"""App layer: the main window's actions, menus and tool bar.

:class:`WindowActions` makes every QAction with its standard shortcut and connects it to a slot of
the window; it enables the selection actions as the shared selection changes and builds the
Open Recent menu from the settings each time it opens.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import QObject, QSize
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar

from editor.app.preferences import THEME_LABELS
from editor.model.clipboard import MIME_TYPE as NODES_MIME
from editor.resources import icon

if TYPE_CHECKING:
    from editor.app.mainwindow import MainWindow

SK = QKeySequence.StandardKey


def _keys(*keys: Any) -> list[QKeySequence]:
    """Shortcuts from standard keys and strings; an empty standard key (e.g. Preferences on
    Linux) falls back to the next one given."""
    result: list[QKeySequence] = []
    for key in keys:
        if isinstance(key, SK):
            result += [k for k in QKeySequence.keyBindings(key) if not k.isEmpty()]
        elif key:
            result.append(QKeySequence(key))
    seen: list[QKeySequence] = []
    for k in result:
        if k not in seen:
            seen.append(k)
    return seen


class WindowActions(QObject):
    """All actions of one MainWindow, as attributes (``actions.save``, ``actions.copy``, ...).

    A QObject child of the window, so its connections to the application-wide clipboard end
    with the window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        w = window
        stack = w.document.undo_stack
        self.new = self._make("&New", w.new_network, _keys(SK.New), "document-new", "A new, empty network")
        self.new_window = self._make("New &Window", w.new_window, _keys("Ctrl+Shift+N"), None,
                                     "Another window, for a second network")
        self.open = self._make("&Open…", w.open_network, _keys(SK.Open), "document-open")
        self.save = self._make("&Save", w.save, _keys(SK.Save), "document-save")
        self.save_as = self._make("Save &As…", w.save_as, _keys(SK.SaveAs, "Ctrl+Shift+S"))
        self.export_image = self._make("Export &Image…", w.export_image, _keys("Ctrl+E"), None,
                                       "Save the network as SVG or PNG")
        self.export_python = self._make("Export &Python Script…", w.export_python, [], None,
                                        "A fastr script that builds this network")
        self.close = self._make("&Close", w.close, _keys(SK.Close, "Ctrl+W"))
        self.quit = self._make("&Quit", w.quit_application, _keys(SK.Quit, "Ctrl+Q"))

        self.undo = stack.createUndoAction(w, "&Undo")
        self.undo.setShortcuts(_keys(SK.Undo))
        self.undo.setIcon(icon("edit-undo"))
        self.redo = stack.createRedoAction(w, "&Redo")
        self.redo.setShortcuts(_keys(SK.Redo, "Ctrl+Shift+Z", "Ctrl+Y"))
        self.redo.setIcon(icon("edit-redo"))
        self.cut = self._make("Cu&t", w.cut, _keys(SK.Cut))
        self.copy = self._make("&Copy", w.copy, _keys(SK.Copy))
        self.paste = self._make("&Paste", w.paste, _keys(SK.Paste))
        self.duplicate = self._make("D&uplicate", w.duplicate, _keys("Ctrl+D"))
        self.delete = self._make("&Delete", w.delete_selection, _keys(SK.Delete, "Backspace"),
                                 "edit-delete")
        self.select_all = self._make("Select &All", w.select_all, _keys(SK.SelectAll))
        self.add_tool = self._make("Add &Tool…", w.quick_add, [], None,
                                   "Search a tool and place it (Tab on the canvas)")
        self.add_note = self._make("Add &Note", w.add_note, _keys("Ctrl+Alt+N"), None,
                                   "A text note on the canvas, at the pointer (or the view centre)")
        self.find_tool = self._make("&Find Tool", w.focus_palette, _keys(SK.Find))
        self.preferences = self._make("Pre&ferences…", w.show_preferences, _keys(SK.Preferences, "Ctrl+,"))

        self.go_up = self._make("Go &Up", w.go_up, _keys("Alt+Up"), "go-up",
                                "Leave the macro and show the network holding it")
        self.zoom_in = self._make("Zoom &In", lambda: w.view.zoom_in(), _keys(SK.ZoomIn, "Ctrl+="),
                                  "zoom-in")
        self.zoom_out = self._make("Zoom &Out", lambda: w.view.zoom_out(), _keys(SK.ZoomOut),
                                   "zoom-out")
        self.reset_zoom = self._make("&Reset Zoom", lambda: w.view.reset_zoom(), _keys("Ctrl+0"))
        self.fit_all = self._make("&Fit All", lambda: w.view.fit_all(), _keys("Ctrl+1"), "zoom-fit")
        self.fit_selection = self._make("Fit &Selection", lambda: w.view.fit_selection(),
                                        _keys("Ctrl+2"))
        self.show_dimensions = QAction("Show &Dimensions", w)
        self.show_dimensions.setStatusTip("Sample dimensions on links, as fastr draws them")
        self.show_dimensions.setCheckable(True)
        self.show_dimensions.setChecked(w.settings.show_dimensions())
        self.show_dimensions.toggled.connect(w.set_show_dimensions)

        self.theme_group = QActionGroup(w)
        self.themes: dict[str, QAction] = {}
        for key, label in THEME_LABELS.items():
            action = QAction(label, w)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, k=key: w.set_theme(k))
            self.theme_group.addAction(action)
            self.themes[key] = action
        self.themes[w.settings.theme()].setChecked(True)

        self.shortcuts = self._make("&Keyboard Shortcuts", w.show_shortcuts, _keys(SK.HelpContents, "F1"))
        self.about = self._make("&About fastr editor", w.show_about, [])

        self.recent_menu = QMenu("Open &Recent", w)
        self.recent_menu.aboutToShow.connect(self.fill_recent_menu)
        w.document.selection.changed.connect(self.update_enabled)
        clipboard = QGuiApplication.clipboard()
        clipboard.dataChanged.connect(self.update_enabled)
        self.update_enabled()

    def _make(self, text: str, slot: Callable[..., Any], keys: list[QKeySequence],
              icon_name: str | None = None, tip: str | None = None) -> QAction:
        action = QAction(text, self.window)
        if keys:
            action.setShortcuts(keys)
        if icon_name:
            action.setIcon(icon(icon_name))
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(f"{text.replace('&', '').rstrip('…')}: {tip}")
        action.triggered.connect(lambda _checked=False: slot())
        return action

    # -- menus --------------------------------------------------------------------------------
    def add_to_file_menu(self, actions: list[QAction]) -> None:
        """Actions of other parts (Compare with…), in the File menu before Export."""
        for action in actions:
            self.file_menu.insertAction(self.export_image, action)
        self.file_menu.insertSeparator(self.export_image)

    def build_menus(self) -> None:
        w = self.window
        bar = w.menuBar()
        file_menu = bar.addMenu("&File")
        for item in (self.new, self.new_window, self.open, self.recent_menu, None, self.save, self.save_as,
                     None, self.export_image, self.export_python, None, self.close, self.quit):
            _add(file_menu, item)
        self.file_menu = file_menu
        edit = bar.addMenu("&Edit")
        for item in (self.undo, self.redo, None, self.cut, self.copy, self.paste, self.duplicate,
                     self.delete, None, self.select_all, None, self.add_tool, self.add_note, self.find_tool, None,
                     self.preferences):
            _add(edit, item)
        self.network_menu = bar.addMenu("&Network")
        _add(self.network_menu, self.go_up)
        view = bar.addMenu("&View")
        for item in (self.zoom_in, self.zoom_out, self.reset_zoom, None, self.fit_all, self.fit_selection,
                     None, self.show_dimensions, None):
            _add(view, item)
        self.docks_menu = view.addMenu("&Panels")
        theme = view.addMenu("&Theme")
        for action in self.themes.values():
            theme.addAction(action)
        help_menu = bar.addMenu("&Help")
        self.help_menu = help_menu
        _add(help_menu, self.shortcuts)
        _add(help_menu, self.about)

    def build_toolbar(self) -> QToolBar:
        bar = QToolBar("Main tool bar", self.window)
        bar.setObjectName("main_toolbar")
        bar.setIconSize(QSize(18, 18))
        bar.setMovable(False)
        for item in (self.new, self.open, self.save, None, self.undo, self.redo, None, self.delete,
                     None, self.zoom_in, self.zoom_out, self.fit_all, None, self.go_up):
            if item is None:
                bar.addSeparator()
            else:
                bar.addAction(item)
        return bar

    def all_actions(self) -> list[QAction]:
        """Every action of the window with a shortcut-worthy name (menus included)."""
        own = [a for a in vars(self).values() if isinstance(a, QAction)]
        network = getattr(self.window, "network_actions", None)
        return own + (list(network.actions) if network is not None else [])

    # -- state --------------------------------------------------------------------------------
    def update_enabled(self) -> None:
        selection = self.window.document.selection
        has_nodes = bool(selection.nodes or selection.notes)
        self.cut.setEnabled(has_nodes)
        self.copy.setEnabled(has_nodes)
        self.duplicate.setEnabled(has_nodes)
        self.delete.setEnabled(has_nodes or bool(selection.links))
        mime = QGuiApplication.clipboard().mimeData()
        self.paste.setEnabled(mime is not None and mime.hasFormat(NODES_MIME))
        self.go_up.setEnabled(bool(self.window.document.path))

    def fill_recent_menu(self) -> None:
        menu = self.recent_menu
        menu.clear()
        files = self.window.settings.recent_files()
        for n, path in enumerate(files, 1):
            label = f"&{n % 10} {os.path.basename(path)}"
            action = menu.addAction(label)
            action.setToolTip(path)
            action.setStatusTip(path)
            action.setData(path)
            action.triggered.connect(lambda _=False, p=path: self.window.open_path(p, ask=True))
        if not files:
            menu.addAction("No recent files").setEnabled(False)
        menu.addSeparator()
        clear = menu.addAction("Clear List")
        clear.setEnabled(bool(files))
        clear.triggered.connect(self.window.settings.clear_recent_files)


def resolve_shortcut_clashes(actions: list[QAction]) -> None:
    """One action per key sequence. A platform's standard keys may clash with another action's
    own key (on Linux desktops Delete is also Ctrl+D, Duplicate's key: Qt then fires neither and
    warns "Ambiguous shortcut overload"). A sequence stays with the action whose first shortcut it
    is, else with the first action having it, and is taken off the others."""
    owners: dict[str, QAction] = {}
    for action in actions:
        keys = action.shortcuts()
        if keys and keys[0].toString() not in owners:
            owners[keys[0].toString()] = action
    for action in actions:
        kept: list[QKeySequence] = []
        for key in action.shortcuts():
            text = key.toString()
            owner = owners.setdefault(text, action)
            if owner is action:
                kept.append(key)
        if len(kept) != len(action.shortcuts()):
            action.setShortcuts(kept)


def _add(menu: QMenu, item: QAction | QMenu | None) -> None:
    if item is None:
        menu.addSeparator()
    elif isinstance(item, QMenu):
        menu.addMenu(item)
    else:
        menu.addAction(item)
