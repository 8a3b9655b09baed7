"""App layer: MainWindow, one window per open network.

The canvas (NetworkView) in the middle with the macro breadcrumb above it, docks around it
(editor.app.docks), menus and shortcuts (editor.app.actions), edit operations on the shared
selection (editor.app.editing).  The window owns the file flow: new, open, save, save as, the
unsaved-changes question, recent files, the title with its modified mark, and the status bar.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QCursor, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from editor.app import dialogs, exports
from editor.app.actions import WindowActions, resolve_shortcut_clashes
from editor.app.breadcrumb import BreadcrumbBar
from editor.app.docks import Docks
from editor.canvas.run_overlay import RunOverlay
from editor.panels.runcontrol import install_run_ui
from editor.app.compare import CompareUI
from editor.app.contextmenus import ContextMenus
from editor.app.openscript import ScriptCapture
from editor.app.editing import EditOperations
from editor.app.examples import build_examples_menu
from editor.app.startpage import install_start_page
from editor.app.filewatch import FileWatch
from editor.app.library import LibraryService
from editor.app.networkmenu import NetworkActions
from editor.app.preferences import PreferencesDialog
from editor.app.recoveryui import WindowRecovery, stop_run_before_close
from editor.app.settings import AppSettings
from editor.app.thememanager import theme_manager
from editor.canvas.view import NetworkView
from editor.core.gcpause import collector_paused, thaw
from editor.core.io.files import read_network_file
from editor.core.memtrim import release_free_memory
from editor.core.graph.network import Network
from editor.core.tools.library import ToolLibrary
from editor.model.document import Document

TITLE_SUFFIX = "fastr editor"
_log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """The editor window for one document."""

    _open_windows: list[MainWindow] = []

    def __init__(self, settings: AppSettings | None = None, library_service: LibraryService | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.settings = settings if settings is not None else AppSettings()
        self.library_service = library_service or LibraryService(self.settings,
                                                                 parent=QApplication.instance())
        self.document = Document(self._new_network(), self)
        self.view = NetworkView(self.document)
        self.breadcrumb = BreadcrumbBar(self.document)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.breadcrumb)
        layout.addWidget(self.view, 1)
        self.setCentralWidget(central)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self.setAcceptDrops(True)

        self.edits = EditOperations(self.document, self.selected_ids, self.view_center)
        self.edits.paste_refused = lambda message: self.statusBar().showMessage(message, 8000)
        self.docks = Docks(self)
        self.menu_actions = WindowActions(self)
        self.menu_actions.build_menus()
        self.examples_menu = build_examples_menu(self, self.menu_actions.help_menu)
        self.network_actions = NetworkActions(self, self.menu_actions.network_menu)
        self.context_menus = ContextMenus(self)
        self.addToolBar(self.menu_actions.build_toolbar())
        for dock in self.docks.all():
            self.menu_actions.docks_menu.addAction(dock.toggleViewAction())
        install_run_ui(self, overlay_factory=RunOverlay)
        self.compare = CompareUI(self)
        self.script = ScriptCapture(self)
        self.menu_actions.add_to_file_menu(self.script.actions())
        self.menu_actions.add_to_file_menu(self.compare.actions())
        for dock in (self.compare.dock, self.script.dock):
            self.menu_actions.docks_menu.addAction(dock.toggleViewAction())
        resolve_shortcut_clashes(self.menu_actions.all_actions() + self.findChildren(QAction))
        self._build_status_bar()
        self._connect()
        self.view.set_show_dimensions(self.settings.show_dimensions())
        self.resize(1400, 900)
        geometry, state = self.settings.window_geometry(), self.settings.window_state()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)                  # the user's docks, their tab in front included
        else:
            QTimer.singleShot(0, self.docks.raise_first_tab)
        self.file_watch = FileWatch(self)             # changes on disk by other programs
        self.recovery = WindowRecovery(self)          # autosave for crash recovery
        self.start_page = install_start_page(self)    # over the empty canvas
        self._update_title()
        MainWindow._open_windows.append(self)

    # -- set-up -------------------------------------------------------------------------------
    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.problems_label = QLabel()
        self.problems_label.setObjectName("status_problems")
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("status_zoom")
        self.zoom_label.setMinimumWidth(56)
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        bar.addPermanentWidget(self.problems_label)
        bar.addPermanentWidget(self.zoom_label)
        self._update_zoom()
        self._update_problems()

    def _connect(self) -> None:
        doc = self.document
        doc.undo_stack.cleanChanged.connect(self._update_title)
        doc.file_changed.connect(self._update_title)
        doc.current_changed.connect(self.menu_actions.update_enabled)
        self.view.status_message.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.view.macro_open_requested.connect(self.enter_macro)
        self.view.zoom_changed.connect(self._update_zoom)
        self.view.viewport().installEventFilter(self)
        for panel in (self.docks.problems, self.docks.node_table):
            panel.locate_requested.connect(self._locate)
            panel.zoom_requested.connect(self._zoom_to)
        problems = self.docks.problems
        problems.model.problems_changed.connect(self._update_problems)
        problems.model.problems_changed.connect(lambda: self.view.set_problems(problems.model.problems))
        self.view.set_problems(problems.model.problems)
        doc.current_changed.connect(self._validate_after_paint)
        palette = self.docks.palette
        palette.reload_requested.connect(self.library_service.reload)
        palette.preferences_requested.connect(self.show_preferences)
        self.library_service.library_changed.connect(self._library_changed)
        theme_manager().theme_changed.connect(self._theme_changed)

    def _new_network(self) -> Network:
        return Network("network", library=self.library_service.library, types=self.library_service.types)

    # -- title and status ---------------------------------------------------------------------
    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.document.display_name}[*] — {TITLE_SUFFIX}")
        self.setWindowModified(self.document.is_modified)
        if self.document.file_path:
            self.setWindowFilePath(self.document.file_path)

    def _update_zoom(self, *_args: Any) -> None:
        self.zoom_label.setText(f"{round(self.view.transform().m11() * 100)}%")

    def _validate_after_paint(self) -> None:
        """A new network on the canvas (opened, or a macro entered; a reset is followed by
        current_changed): paint it first, then validate (seconds count at 5,000 nodes)."""
        problems = self.docks.problems
        problems.model.hold()
        self.view.call_after_paint(problems.model.release)

    def _update_problems(self) -> None:
        errors, warnings = self.docks.problems.model.counts()
        parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
        parts += [f"{warnings} warning{'s' if warnings != 1 else ''}"] if warnings else []
        self.problems_label.setText(", ".join(parts) if parts else "No problems")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Wheel, QEvent.Type.Resize):
            QTimer.singleShot(0, self, self._update_zoom)
        return super().eventFilter(watched, event)

    # -- view helpers -------------------------------------------------------------------------
    def view_center(self) -> tuple[float, float]:
        point = self.view.mapToScene(self.view.viewport().rect().center())
        return (round(point.x()), round(point.y()))

    def new_node_position(self) -> tuple[float, float]:
        """Where a node added from the palette goes: around the view centre, never on another."""
        x, y = self.view_center()
        spot = (float(x - 80), float(y - 30))
        taken = {node.position for node in self.document.current_network.nodes.values()}
        while spot in taken:
            spot = (spot[0] + 30.0, spot[1] + 30.0)
        return spot

    def selected_ids(self) -> tuple[list[str], list[str], list[str]]:
        selection = self.document.selection
        return list(selection.nodes), list(selection.links), list(selection.notes)

    def _locate(self, kind: str, item_id: str) -> None:
        if kind == "node":
            self.view.center_on_node(item_id)
        else:
            self.view.center_on_link(item_id)

    def _zoom_to(self, kind: str, item_id: str) -> None:
        """Show a node or link at a readable zoom (a double click in the Problems or Nodes panel)."""
        scene = self.view.network_scene
        item = scene.node_items.get(item_id) if kind == "node" else scene.link_items.get(item_id)
        if item is not None:
            self.view.zoom_to_rect(item.sceneBoundingRect())

    def enter_macro(self, node_id: str) -> None:
        try:
            self.document.enter_macro(node_id)
        except KeyError:
            return

    def go_up(self) -> None:
        self.document.go_up()

    def set_show_dimensions(self, value: bool) -> None:
        self.settings.set_show_dimensions(value)
        self.view.set_show_dimensions(value)

    def quick_add(self) -> None:
        self.view.setFocus()
        self.view.show_quick_add(self.view.mapToScene(self.view.viewport().rect().center()))

    def add_note(self) -> None:
        """A note at the pointer when it is over the canvas, else at the view centre; type in it."""
        viewport = self.view.viewport()
        local = viewport.mapFromGlobal(QCursor.pos())
        if not viewport.rect().contains(local) or not viewport.underMouse():
            local = viewport.rect().center()
        self.view.setFocus()
        self.view.network_scene.add_note(self.view.mapToScene(local))

    def _commit_typing(self) -> None:
        """Text being typed in a note becomes its undo step (before a save, a close, an export)."""
        self.view.network_scene.finish_note_editing()

    def focus_palette(self) -> None:
        """Ctrl+F: on the canvas, find a node in the network; elsewhere, a tool in the palette."""
        focus = QApplication.focusWidget()
        bar = self.view.find_bar
        if focus is not None and (focus is self.view or focus is self.view.viewport()
                                  or (bar is not None and bar.isAncestorOf(focus))):
            self.view.open_find()
        else:
            self.docks.palette.focus_search()

    # -- files --------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True when the caller may drop the current network (saved, discarded or clean)."""
        self._commit_typing()                      # a note being typed in is part of the network
        self.document.wait_for_save()              # a save under way: its result first
        if not self.document.is_modified:
            return True
        answer = dialogs.ask_unsaved(self, self.document.display_name)
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_network(self) -> None:
        if self.maybe_save():
            self.document.replace(self._new_network(), None)
            self.statusBar().showMessage("New network", 3000)

    def new_window(self) -> MainWindow:
        window = MainWindow(self.settings, self.library_service)
        window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        window.move(self.pos().x() + 40, self.pos().y() + 40)
        window.show()
        return window

    def open_network(self) -> None:
        if not self.maybe_save():
            return
        folder = os.path.dirname(self.document.file_path or "") or self.settings.last_folder()
        path = dialogs.ask_open_path(self, folder)
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str, ask: bool = True) -> bool:
        """Open ``path``; on failure show why and keep the current network. A Python script
        (``.py``) is offered to Open Script (it is run only when the user says so)."""
        if path.lower().endswith(".py"):
            return self.script.ask(path, ask_save=ask)
        if ask and not self.maybe_save():
            return False
        failed: Exception | None = None
        release_free_memory()       # what closed windows and replaced networks left (memtrim)
        # One pause for reading and building the views; what they made is frozen after (gcpause).
        with collector_paused(freeze=True):
            try:
                network, stamp = read_network_file(path, library=self.library_service.library,
                                                   types=self.library_service.types)
            except Exception as error:  # noqa: BLE001 - any failure: tell the user, keep working
                failed = error
            else:
                self.document.replace(network, os.path.abspath(path), stamp=stamp)   # the view fits itself
        if failed is not None:
            dialogs.show_load_error(self, failed, path)
            if not os.path.exists(path):
                self.settings.remove_recent_file(os.path.abspath(path))
            return False
        self._remember(path)
        warnings = network.load_warnings
        if warnings:            # what reading changed (a position clamped): said, and logged
            for warning in warnings:
                _log.warning("%s", warning)
            more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            self.statusBar().showMessage(f"Opened {path}; {warnings[0]}{more}", 15000)
        else:
            self.statusBar().showMessage(f"Opened {path}", 4000)
        return True

    def save(self) -> bool:
        self._commit_typing()
        if self.document.file_path is None:
            return self.save_as()
        return self._save_to(self.document.file_path)

    def save_as(self) -> bool:
        self._commit_typing()
        current = self.document.file_path
        suggested = current or os.path.join(self.settings.last_folder() or os.getcwd(),
                                            f"{self.document.root.id}.yaml")
        path = dialogs.ask_save_path(self, suggested)
        return self._save_to(path) if path else False

    def _save_to(self, path: str) -> bool:
        """Save to ``path``: the text is made and written by a worker thread while this window's
        event loop goes on (edits, autosave, painting); True when the file was written."""
        doc = self.document
        if not doc.saving_to(path) and not self.file_watch.confirm_save(path):   # changed on disk: ask
            return False                 # (while a save of it runs, the change is our own write)
        try:
            job = doc.save_async(path)
        except ValueError as error:
            dialogs.show_error(self, "Cannot save network", f"The network was not saved.\n\n{error}")
            return False
        if not job.handled:
            self.statusBar().showMessage(f"Saving {path}…")
            loop = QEventLoop()
            doc.save_finished.connect(loop.quit)
            while not job.handled:
                loop.exec()
            doc.save_finished.disconnect(loop.quit)
        if job.error is not None:
            dialogs.show_error(self, "Cannot save network", f"The network was not saved.\n\n{job.error}")
            return False
        self._remember(path)
        self.statusBar().showMessage(f"Saved {path}", 4000)
        return True

    def _remember(self, path: str) -> None:
        self.settings.add_recent_file(path)
        self.settings.set_last_folder(os.path.dirname(os.path.abspath(path)))

    def _check_disk(self) -> None:
        self.file_watch.check()

    # -- edit ---------------------------------------------------------------------------------
    def cut(self) -> None:
        self._commit_typing()
        self.edits.cut()

    def copy(self) -> None:
        self._commit_typing()
        self.edits.copy()

    def paste(self) -> None:
        if self.edits.paste():
            self.statusBar().showMessage("Pasted", 2000)

    def duplicate(self) -> None:
        self._commit_typing()
        self.edits.duplicate()

    def delete_selection(self) -> None:
        """The selected nodes, links and notes, in one undo step."""
        self._commit_typing()
        self.edits.delete()

    def select_all(self) -> None:
        self.edits.select_all()

    # -- export -------------------------------------------------------------------------------
    def export_image(self) -> None:
        self._commit_typing()
        exports.export_image(self, self.document, self.settings.last_folder(), self._status)

    def export_python(self) -> None:
        exports.export_python(self, self.document, self.settings.last_folder(), self._status)

    def _status(self, text: str) -> None:
        self.statusBar().showMessage(text, 4000)

    # -- settings, theme, library -------------------------------------------------------------
    def show_preferences(self) -> None:
        dialog = PreferencesDialog(self.settings, self, self.library_service.fastr)
        if dialog.exec():
            self.library_service.reload()
            self.set_theme(self.settings.theme())

    def set_theme(self, key: str) -> None:
        self.settings.set_theme(key)
        theme_manager().apply(key)

    def _theme_changed(self, _dark: bool) -> None:
        action = self.menu_actions.themes.get(theme_manager().mode)
        if action is not None and not action.isChecked():
            action.setChecked(True)

    def _library_changed(self, library: ToolLibrary) -> None:
        self.docks.palette.set_library(library, self.library_service.types, self.library_service.fastr)
        self.document.root_model.set_library(library, self.library_service.types)   # macros too
        self.docks.problems.model.schedule()

    def show_shortcuts(self) -> None:
        dialogs.ShortcutsDialog(self.menu_actions.all_actions(), self).exec()

    def show_about(self) -> None:
        dialogs.show_about(self)

    def quit_application(self) -> None:
        QApplication.closeAllWindows()

    # -- Qt events ----------------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self.maybe_save() or not stop_run_before_close(self):
            event.ignore()
            return
        self.recovery.closed()                         # closed cleanly: no recovery file left
        self.settings.set_window(self.saveGeometry(), self.saveState())
        self.settings.sync()
        if self in MainWindow._open_windows:
            MainWindow._open_windows.remove(self)
        thaw()          # the network and views frozen when opened may go with the window (gcpause)
        event.accept()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt override
        super().changeEvent(event)
        if event.type() == QEvent.Type.ActivationChange and self.isActiveWindow():
            QTimer.singleShot(0, self, self._check_disk)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            self.open_path(files[0])
