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

from tests.oracle.fixtures import fastr_oracle  # noqa: E402,F401  (session fixture: real fastr 3.4.0)
