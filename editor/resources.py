"""Paths to the editor's resources (icons, style sheets, built-in tools, desktop entry).

The repository keeps them in its top-level ``resources/`` folder; the wheel carries that folder as
the package data ``editor/_resources`` (see setup.py).  ``RESOURCES`` is the installed copy when
there is one, else the checkout's folder (source tree, editable install).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

_HERE = Path(__file__).resolve().parent


def _find_resources() -> Path:
    installed = _HERE / "_resources"          # an installed wheel
    if installed.is_dir():
        return installed
    return _HERE.parent / "resources"         # the repository checkout


RESOURCES = _find_resources()
ICONS = RESOURCES / "icons"
STYLES = RESOURCES / "styles"
TOOLS = RESOURCES / "tools"


def resource_path(*parts: str) -> Path:
    return RESOURCES.joinpath(*parts)


@lru_cache(maxsize=None)
def style_sheet(name: str) -> str:
    """``resources/styles/<name>.qss`` (plus ``common.qss``), or '' when absent."""
    texts = []
    for stem in ("common", name):
        path = STYLES / f"{stem}.qss"
        if path.is_file():
            texts.append(path.read_text(encoding="utf-8"))
    return "\n".join(texts)


#: How much of a disabled icon shows (the style's own disabled icons are light grey, which in the
#: dark theme looks like an enabled one).
DISABLED_OPACITY = 0.3
_ICON_SIZES = (16, 20, 24, 32, 48)


def icon(name: str) -> QIcon:
    """``resources/icons/<name>.svg`` as a QIcon (an empty icon when the file is missing), with
    disabled pixmaps of its own: the same picture, faded, so it reads as off in either theme."""
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtGui import QIcon, QPainter, QPixmap
    path = ICONS / f"{name}.svg"
    if not path.is_file():
        return QIcon()
    result = QIcon(str(path))
    for size in _ICON_SIZES:
        normal = result.pixmap(QSize(size, size), QIcon.Mode.Normal)
        faded = QPixmap(normal.size())
        faded.fill(Qt.GlobalColor.transparent)
        painter = QPainter(faded)
        painter.setOpacity(DISABLED_OPACITY)
        painter.drawPixmap(0, 0, normal)
        painter.end()
        result.addPixmap(faded, QIcon.Mode.Disabled)
    return result
