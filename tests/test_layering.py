"""The core imports no Qt, and imports point down only (app -> panels, canvas -> model -> core)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LAYERS = {"core": 0, "model": 1, "canvas": 2, "panels": 2, "app": 3}


def test_core_imports_no_qt() -> None:
    code = ("import sys, pkgutil, importlib, editor.core, editor.api\n"
            "for m in pkgutil.walk_packages(editor.core.__path__, 'editor.core.'):\n"
            "    importlib.import_module(m.name)\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6')]\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "", f"editor.core pulled in Qt: {out.stdout}"


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_imports_point_down(layer: str) -> None:
    folder = ROOT / "editor" / layer
    for path in folder.rglob("*.py"):
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "editor" and len(parts) > 1 and parts[1] in LAYERS and parts[1] != layer:
                assert LAYERS[parts[1]] < LAYERS[layer], f"{path.relative_to(ROOT)} imports {name}"
            if layer == "core":
                assert parts[0] not in ("PySide6", "shiboken6"), f"{path} imports Qt"


def test_the_model_layer_uses_no_widgets() -> None:
    """Models and commands are QtCore/QtGui only: widgets belong to the canvas, panels and app."""
    for path in (ROOT / "editor" / "model").rglob("*.py"):
        for name in _imports(path):
            assert not name.startswith("PySide6.QtWidgets"), f"{path.relative_to(ROOT)} imports {name}"
