"""Fixtures shared by the app tests: a settings folder of the test's own (every test here), the
application's look kept, message boxes answered, windows made, a recovery session of the test's own.
Modules that want the look kept or their own recovery session say so with ``pytestmark``."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from editor.app.settings import SETTINGS_DIR_ENV, AppSettings
from tests.app.helpers import Dialogs


@pytest.fixture(autouse=True)
def settings_dir(tmp_path: Path, monkeypatch) -> Path:
    """The editor's settings in the test's folder, and no user fastr configuration."""
    folder = tmp_path / "settings"
    monkeypatch.setenv(SETTINGS_DIR_ENV, str(folder))
    monkeypatch.setenv("FASTRHOME", str(tmp_path / "fastrhome"))
    return folder


@pytest.fixture
def keep_look(qapp):
    """The test may switch the theme; later tests get the application's look back."""
    style, palette, sheet = qapp.style().name(), qapp.palette(), qapp.styleSheet()
    yield
    qapp.setStyleSheet(sheet)
    qapp.setStyle(style)
    qapp.setPalette(palette)


@pytest.fixture
def recovery_session(tmp_path: Path):
    """This process's recovery session, in a folder of the test's own."""
    from editor.model import recovery as rec
    previous = rec._session
    current = rec.RecoverySession(tmp_path / "recovery")
    current.start()
    rec.set_session(current)
    yield current
    current.close()
    rec.set_session(previous)


@pytest.fixture
def dialogs(monkeypatch) -> Dialogs:
    """Message boxes answered (and recorded) by a Dialogs; the save dialog gives its save_path."""
    answers = Dialogs()
    monkeypatch.setattr(QMessageBox, "warning", answers.warning)
    monkeypatch.setattr(QMessageBox, "critical", answers.critical)
    monkeypatch.setattr(QMessageBox, "question", answers.question)
    monkeypatch.setattr("editor.app.dialogs.ask_save_path", lambda parent, suggested: answers.save_path)
    return answers


@pytest.fixture
def make_window(qtbot, dialogs):
    """Make shown main windows sharing one settings object and tool library."""
    from editor.app.library import LibraryService
    from editor.app.mainwindow import MainWindow
    settings = AppSettings()
    service = LibraryService(settings)

    def make():
        window = MainWindow(settings, service)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window
    return make


@pytest.fixture
def window(make_window):
    return make_window()
