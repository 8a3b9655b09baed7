"""Guard against PySide6 6.12.0 on CPython 3.11, which drops a reference to None on every Qt call
that returns nothing and aborts Python after ~5,000 such calls (none_dealloc)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QPointF
from PySide6.QtGui import QPen
from PySide6.QtWidgets import QGraphicsRectItem


def test_void_qt_calls_keep_none_refcount(qapp) -> None:
    before = sys.getrefcount(None)
    pen = QPen()
    item = QGraphicsRectItem()
    obj = QObject()
    for n in range(6000):
        pen.setWidth(n % 7)
        item.setPos(QPointF(n, n))
        obj.setObjectName("x")
    after = sys.getrefcount(None)
    assert after >= before - 50, f"None lost {before - after} references over 18,000 void Qt calls"


def test_dependency_marker_excludes_the_broken_pair() -> None:
    import PySide6
    version = tuple(int(x) for x in PySide6.__version__.split(".")[:2])
    if sys.version_info[:2] == (3, 11):
        assert version < (6, 12), f"PySide6 {PySide6.__version__} on Python 3.11 is the broken pair"
