"""App layer: start the GUI: QApplication, theme, exception hook, the first MainWindow, event loop.

``launch(file)`` opens ``file`` when given; a file that fails to load shows why and leaves an empty
network to work on.  Networks left unsaved by an editor that did not end cleanly are offered for
restoring (editor.app.recoveryui).  Uncaught exceptions show a dialog instead of a traceback and the
editor keeps running.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from editor.app.dialogs import APP_NAME, app_version, install_excepthook
from editor.app.settings import APPLICATION, ORGANIZATION, AppSettings
from editor.app.thememanager import theme_manager
from editor.resources import icon


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (made once), named for QSettings, with the theme from the settings."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(app_version())
    QGuiApplication.setApplicationDisplayName(APP_NAME)
    QGuiApplication.setDesktopFileName("fastr-editor")
    app.setWindowIcon(icon("fastr-editor"))
    theme_manager(app, AppSettings().theme())
    return app


def launch(file: str | None = None) -> int:
    """Run the editor (opening ``file`` if given) until the last window closes; the exit code."""
    app = make_application()
    install_excepthook()
    from editor.app.mainwindow import MainWindow
    from editor.app.recoveryui import offer_recovery
    from editor.model.clipboard import release_clipboard
    from editor.model.recovery import session
    window = MainWindow()
    window.show()
    if file:
        window.open_path(file, ask=False)
    offer_recovery(window)                 # unsaved networks of an editor that did not end cleanly
    app.aboutToQuit.connect(session().close)
    app.aboutToQuit.connect(release_clipboard)   # Qt frees clipboard data after Python is gone
    return app.exec()
