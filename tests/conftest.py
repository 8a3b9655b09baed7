"""Test set-up: Qt runs offscreen; the real-fastr oracle fixture is shared by all tests."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_QUICK_BACKEND", "software")

from tests.oracle.fixtures import fastr_oracle  # noqa: E402,F401  (session fixture: real fastr 3.4.0)
