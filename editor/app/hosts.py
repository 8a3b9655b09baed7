"""App layer: what the main window's helpers may use of it, as small protocols.

A helper (the file watch, the Network menu, Compare, Open Script, crash recovery, ...) is given the
window it serves, but it types that window by one of these protocols, never by ``MainWindow``: it
says exactly what it reaches for, does not import its owner, and a test can hand it a stand-in.
``MainWindow`` has every member (structurally; nothing here is a base class of it).  Each helper's
protocol is the window *as a widget* (its dialogs' parent and its docks' home: ``window()``, which
is Qt's own ``QWidget.window``, the top-level widget, so the main window itself) plus the members it
uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QDockWidget, QStatusBar, QWidget

    from editor.app.actions import WindowActions
    from editor.app.compare import CompareUI
    from editor.app.docks import Docks
    from editor.app.library import LibraryService
    from editor.app.networkmenu import NetworkActions
    from editor.app.recoveryui import WindowRecovery
    from editor.app.settings import AppSettings
    from editor.canvas.view import NetworkView
    from editor.model.document import Document


class DocumentHost(Protocol):
    """A window showing one document, with a status bar for short messages."""

    document: Document

    def window(self) -> QWidget: ...   # Qt's: the parent of the helper's dialogs, docks and actions

    def statusBar(self) -> QStatusBar: ...   # noqa: N802 - Qt's name


class FileWatchHost(DocumentHost, Protocol):
    """For :class:`editor.app.filewatch.FileWatch`: reopen the file, only when active."""

    def isActiveWindow(self) -> bool: ...   # noqa: N802 - Qt's name

    def open_path(self, path: str, ask: bool = True) -> bool: ...


class NetworkMenuHost(DocumentHost, Protocol):
    """For :class:`editor.app.networkmenu.NetworkActions`: fit the view, open a macro."""

    view: NetworkView

    def enter_macro(self, node_id: str) -> None: ...


class DockHost(DocumentHost, Protocol):
    """A window that takes docks and keeps settings."""

    settings: AppSettings

    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None: ...   # noqa: N802


class CompareHost(DockHost, Protocol):
    """For :class:`editor.app.compare.CompareUI`: marks the view."""

    view: NetworkView


class OpenScriptHost(DockHost, Protocol):
    """For :class:`editor.app.openscript.ScriptCapture`: asks to save, loads tools, compares."""

    library_service: LibraryService

    compare: CompareUI

    def maybe_save(self) -> bool: ...

    def setWindowTitle(self, title: str) -> None: ...   # noqa: N802 - Qt's name


class RecoveryHost(DocumentHost, Protocol):
    """For :mod:`editor.app.recoveryui`: loads tools, restores into itself or into a new window
    (which it then may close); a run going is found as ``run_controller.session``, when there."""

    library_service: LibraryService
    recovery: WindowRecovery

    def new_window(self) -> RecoveryHost: ...

    def close(self) -> bool: ...


class ContextMenuHost(DocumentHost, Protocol):
    """For :mod:`editor.app.contextmenus`: the window's own actions, its docks and its view."""

    view: NetworkView
    docks: Docks
    menu_actions: WindowActions
    network_actions: NetworkActions
