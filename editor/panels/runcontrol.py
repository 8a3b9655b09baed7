"""Panels layer: the Run menu and its controller.

:class:`RunController` starts runs in a :class:`~editor.model.runmodel.RunSession` (never in the
editor's process) and feeds the run panel, the canvas overlay and the inspection view;
:func:`install_run_ui` adds the Run menu and docks to a main window. The app layer passes the
canvas overlay class (panels do not import the canvas).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QDialog, QDockWidget, QMenu, QMessageBox, QWidget)

from editor.model.runmodel import (RunRequest, RunSession, RunSettings, counts_from_result)
from editor.panels.run import RunDialog
from editor.panels.runinspect import RunInspectPanel
from editor.panels.runlog import RunPanel

__all__ = ["RunController", "install_run_ui"]


# -- wiring: the controller and the Run menu -----------------------------------------------------
class RunController(QObject):
    """Starts runs (from the dialog, or again to resume) in a RunSession and ties it to the run
    panel, the canvas overlay (made by ``overlay_factory(scene)``) and the inspection view."""

    def __init__(self, window: QWidget, document: Any, view: Any = None, settings: RunSettings | None = None,
                 overlay_factory: Callable[[Any], Any] | None = None, env: dict[str, str] | None = None) -> None:
        super().__init__(window)
        self.window, self.document, self.view = window, document, view
        self.settings = settings if settings is not None else RunSettings()
        self.env = dict(env or {})
        self.dialog_options: dict[str, Any] = {}       # find_pythons / check_python / confirm for RunDialog
        self.fastr_settings: Callable[[], Any] = lambda: None     # fastr's configuration in use
        self.preferred_python: Callable[[], str] = lambda: ""      # set in the Preferences
        self.session = RunSession(self)
        self.panel = RunPanel(self.session)
        self.inspect = RunInspectPanel(document)
        self.overlay: Any = None
        self._overlay_factory = overlay_factory
        self.run_dock: QDockWidget | None = None
        self.inspect_dock: QDockWidget | None = None
        self.session.finished.connect(self._on_finished)
        self.session.states_changed.connect(self._update_actions)
        self.panel.rerun_requested.connect(self.rerun)
        self.panel.inspect_requested.connect(self.inspect_run)
        self.inspect.result_loaded.connect(self._on_result)
        self.inspect.locate_requested.connect(self.locate)
        reset = getattr(document, "reset", None)
        if reset is not None:
            reset.connect(self._on_document_reset)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.session.kill)
        self.actions: dict[str, QAction] = {}

    # -- running ----------------------------------------------------------------------------------
    def show_run_dialog(self) -> None:
        if self.session.running:
            QMessageBox.information(self.window, "A run is going", "Cancel the current run first.")
            return
        options = {"fastr": self.fastr_settings(), "preferred_python": self.preferred_python() or None,
                   **self.dialog_options}
        dialog = RunDialog(self.document.root, self.document.file_path, self.settings, self.window, **options)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.start(dialog.request(self.env))

    def start(self, request: RunRequest) -> bool:
        network = self.document.root
        overlay = self._ensure_overlay()
        if overlay is not None:
            overlay.attach(self.session)
        self.panel.run_starting(network.id)
        self._show(self.run_dock)
        try:
            self.session.start(network, request)
        except (OSError, ValueError, RuntimeError) as error:
            self.panel.status.setText(f"Cannot start the run: {error}")
            self.panel._update_buttons()
            QMessageBox.warning(self.window, "Cannot start the run", str(error))
            return False
        self._update_actions()
        return True

    def rerun(self) -> None:
        """Run again in the same run directory: fastr reuses the jobs that finished."""
        if self.session.request is not None and not self.session.running:
            self.start(self.session.request)

    def cancel(self) -> None:
        self.session.cancel()

    # -- inspecting -------------------------------------------------------------------------------
    def open_run_directory(self) -> None:
        self._show(self.inspect_dock)
        self.inspect.choose_directory()

    def inspect_run(self, tmpdir: str) -> None:
        self.inspect.load(tmpdir)
        self._show(self.inspect_dock)

    def _on_finished(self, _ok: bool) -> None:
        self._update_actions()
        if self.session.tmpdir and os.path.isdir(self.session.tmpdir):
            self.inspect_run(self.session.tmpdir)

    def _on_result(self, result: Any) -> None:
        overlay = self._ensure_overlay()
        if overlay is not None and not self.session.running and result.network_id in (None, self.document.root.id):
            overlay.show_counts(counts_from_result(result))

    def locate(self, node_path: str) -> None:
        """Show a node of the run on the canvas (entering the macros it is in)."""
        *macros, node_id = node_path.split("/")
        network = self.document.root
        for macro in macros:
            node = network.nodes.get(macro)
            if node is None or node.subnetwork is None:
                return
            network = node.subnetwork
        if node_id not in network.nodes:
            return
        if list(self.document.path) != macros:
            self.document.set_path(macros)
        self.document.selection.set([node_id])
        center = getattr(self.view, "center_on_node", None)
        if center is not None:
            center(node_id)

    # -- helpers ----------------------------------------------------------------------------------
    def _ensure_overlay(self) -> Any:
        scene = self.view.scene() if self.view is not None and hasattr(self.view, "scene") else None
        if scene is None or self._overlay_factory is None or not hasattr(scene, "node_items"):
            return None
        if self.overlay is None or getattr(self.overlay, "scene", None) is not scene:
            self.overlay = self._overlay_factory(scene)
        return self.overlay

    def _on_document_reset(self) -> None:
        """Another network (New, Open, Revert): the last run's colours are not about it (a run
        still going goes on in the Run panel)."""
        if self.overlay is not None:
            self.overlay.clear()

    def _show(self, dock: QDockWidget | None) -> None:
        if dock is not None:
            dock.show()
            dock.raise_()

    def _update_actions(self, *_args: Any) -> None:
        running = self.session.running
        for key, enabled in (("run", not running), ("cancel", running),
                             ("rerun", not running and self.session.request is not None)):
            if key in self.actions:
                self.actions[key].setEnabled(enabled)


def install_run_ui(main_window: Any, overlay_factory: Callable[[Any], Any] | None = None) -> None:
    """Add the Run menu (Run…, Run again, Cancel, Open run directory…) and the Run and Run
    inspection docks to ``main_window`` (a QMainWindow with ``.document`` and ``.view``). The
    controller is kept as ``main_window.run_controller``."""
    document = getattr(main_window, "document", None)
    if document is None or getattr(main_window, "run_controller", None) is not None:
        return
    qsettings = getattr(getattr(main_window, "settings", None), "qsettings", None)
    controller = RunController(main_window, document, getattr(main_window, "view", None),
                               RunSettings(qsettings if isinstance(qsettings, QSettings) else None),
                               overlay_factory)
    main_window.run_controller = controller
    service = getattr(main_window, "library_service", None)
    if service is not None:
        controller.fastr_settings = lambda: getattr(service, "fastr", None)
    app_settings = getattr(main_window, "settings", None)
    if hasattr(app_settings, "fastr_python"):
        controller.preferred_python = app_settings.fastr_python  # type: ignore[union-attr]

    bottom = Qt.DockWidgetArea.BottomDockWidgetArea
    neighbours = [d for d in main_window.findChildren(QDockWidget)
                  if main_window.dockWidgetArea(d) == bottom and not d.isFloating()]
    docks: list[QDockWidget] = []
    for name, title, widget in (("run_dock", "Run", controller.panel),
                                ("run_inspect_dock", "Run inspection", controller.inspect)):
        dock = QDockWidget(title, main_window)
        dock.setObjectName(name)
        dock.setWidget(widget)
        main_window.addDockWidget(bottom, dock)
        if neighbours:                          # full width, as a tab next to Problems & co.
            main_window.tabifyDockWidget(neighbours[-1], dock)
        elif docks:
            main_window.tabifyDockWidget(docks[0], dock)
        dock.hide()
        docks.append(dock)
    controller.run_dock, controller.inspect_dock = docks

    menu = QMenu("&Run", main_window)
    menu.setObjectName("run_menu")
    for key, text, slot, keys, tip in (
            ("run", "&Run…", controller.show_run_dialog, "F5", "Run the network with real fastr"),
            ("rerun", "Run &Again (Resume)", controller.rerun, "Ctrl+F5",
             "Run again in the same run directory: finished jobs are reused"),
            ("cancel", "&Cancel Run", controller.cancel, "Shift+F5", "Stop fastr and the tools it started"),
            ("open", "&Open Run Directory…", controller.open_run_directory, "",
             "Inspect a folder made by a fastr run: jobs, commands, stdout and stderr")):
        action = QAction(text, main_window)
        action.setObjectName(f"action_run_{key}")
        if keys:
            action.setShortcut(QKeySequence(keys))
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        menu.addAction(action)
        controller.actions[key] = action
    menu.addSeparator()
    for dock in docks:
        menu.addAction(dock.toggleViewAction())
    bar = main_window.menuBar()
    help_menu = next((a for a in bar.actions() if a.text().replace("&", "").lower() == "help"), None)
    if help_menu is not None:
        bar.insertMenu(help_menu, menu)
    else:
        bar.addMenu(menu)
    docks_menu = getattr(getattr(main_window, "menu_actions", None), "docks_menu", None)
    if docks_menu is not None:
        for dock in docks:
            docks_menu.addAction(dock.toggleViewAction())
    controller._update_actions()
