"""Paths to the repository's ``resources/`` folder (icons, style sheets, tools, examples)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
ICONS = RESOURCES / "icons"
STYLES = RESOURCES / "styles"


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


def icon(name: str) -> QIcon:
    """``resources/icons/<name>.svg`` as a QIcon (an empty icon when the file is missing)."""
    from PySide6.QtGui import QIcon
    path = ICONS / f"{name}.svg"
    return QIcon(str(path)) if path.is_file() else QIcon()
