"""Test set-up: Qt runs offscreen; the real-fastr oracle fixture is shared by all tests."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

# Tests never touch the user's settings, recovery files or caches.
import tempfile as _tempfile  # noqa: E402

_SANDBOX = _tempfile.mkdtemp(prefix="fastr-editor-tests-")
os.environ["FASTR_EDITOR_SETTINGS_DIR"] = os.path.join(_SANDBOX, "settings")
os.environ.setdefault("FASTR_EDITOR_DATA_DIR", os.path.join(_SANDBOX, "data"))

import pytest  # noqa: E402

from tests.oracle.fixtures import fastr_oracle  # noqa: E402,F401  (session fixture: real fastr 3.4.0)


@pytest.fixture(scope="session")
def builtin() -> dict[str, object]:
    """``library=`` and ``types=`` for the core's network builders (``Network``, ``network_from_state``,
    ``load_network``, ...): the built-in tool library and datatypes, what ``editor.api`` gives.
    Session-wide (both are built once and shared anyway): pass it as ``**builtin``, never change it."""
    from editor.core.tools.datatypes import builtin_registry
    from editor.core.tools.library import builtin_library
    return {"library": builtin_library(), "types": builtin_registry()}


def pytest_unconfigure(config) -> None:  # noqa: ARG001
    """The sandbox folder goes when the session ends (after every fixture and Qt teardown)."""
    import shutil
    shutil.rmtree(_SANDBOX, ignore_errors=True)


def pytest_sessionfinish(session, exitstatus) -> None:  # noqa: ARG001
    """Close every window and flush Qt's deferred deletions while Python and Qt are both alive,
    so nothing is torn down in the wrong order when the interpreter exits."""
    import gc
    import sys

    if "PySide6.QtWidgets" not in sys.modules:
        return
    from PySide6.QtCore import QCoreApplication, QEvent, QThreadPool
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        return
    QThreadPool.globalInstance().waitForDone(5000)
    from editor.model.clipboard import release_clipboard
    release_clipboard()          # Qt would delete Python-made clipboard data after Python is gone
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    for _ in range(3):
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        gc.collect()
