"""The wheel works installed, away from the source tree.

The wheel is built from a copy of the checkout, installed without dependencies into a fresh
virtual environment in a folder outside the checkout (its dependencies, PySide6 and the rest, are
taken from this environment's site-packages by a ``.pth`` path line, which does not bring this
checkout's editable install along). There, and only there: the built-in tools equal the source
tree's, icons and style sheets load, ``validate`` passes an example, ``export --png`` writes a
picture, the desktop entry is there, and the main window opens offscreen.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from editor.core.tools.library import builtin_library

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "tests" / "golden" / "examples" / "add_ints.fastr.yaml"


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("wheel")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
        ".mypy_cache", ".ruff_cache", "tests"))
    wheels = base / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
                   check=True, capture_output=True, text=True, timeout=600)
    wheel = next(wheels.glob("fastr_editor-*.whl"))
    env_dir = base / "env"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    str(wheel)], check=True, capture_output=True, text=True, timeout=600)
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               check=True, capture_output=True, text=True).stdout.strip())
    deps = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site / "zz_editor_test_deps.pth").write_text("\n".join(sorted(deps)) + "\n")
    work = base / "work"                  # the current folder of every command: not the checkout
    work.mkdir()
    return {"wheel": wheel, "python": python, "bin": env_dir / "bin", "site": site, "work": work, "base": base}


def _env(installed: dict[str, Path]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "FASTR_EDITOR_"))}
    home = installed["base"] / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(home / "data"),
               XDG_CONFIG_HOME=str(home / "config"), FASTR_EDITOR_SETTINGS_DIR=str(home / "settings"),
               FASTR_EDITOR_DATA_DIR=str(home / "editor-data"), FASTRHOME=str(home / "no-fastr"))
    return env


def _python(installed: dict[str, Path], code: str) -> str:
    done = subprocess.run([str(installed["python"]), "-c", code], cwd=installed["work"], env=_env(installed),
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def _editor(installed: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(installed["bin"] / "fastr-editor"), *args], cwd=installed["work"],
                          env=_env(installed), capture_output=True, text=True, timeout=300)


def test_the_wheel_carries_the_resources_folder(installed: dict[str, Path]) -> None:
    names = zipfile.ZipFile(installed["wheel"]).namelist()
    for path in (ROOT / "resources").rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts:
            assert "editor/_resources/" + path.relative_to(ROOT / "resources").as_posix() in names
    assert not any(n.startswith(("tests/", "resources/")) for n in names)


def test_the_installed_editor_is_the_wheel_not_the_checkout(installed: dict[str, Path]) -> None:
    out = _python(installed, "import editor, editor.resources as r; print(editor.__file__); print(r.RESOURCES)")
    module, resources = out.split()
    assert Path(module).is_relative_to(installed["site"])
    assert Path(resources) == installed["site"] / "editor" / "_resources"


def test_the_built_in_tools_equal_the_source_tree(installed: dict[str, Path]) -> None:
    out = _python(installed, "import json; from editor.core.tools.library import builtin_library; "
                             "lib = builtin_library(); "
                             "print(json.dumps([sorted([t.ns_id, t.version] for t in lib), len(lib.errors)]))")
    tools, errors = json.loads(out)
    here = builtin_library()
    assert tools == sorted([t.ns_id, t.version] for t in here)
    assert errors == 0 and len(tools) >= 20


def test_icons_and_style_sheets_load(installed: dict[str, Path]) -> None:
    code = """
import json
from PySide6.QtWidgets import QApplication
from editor.resources import ICONS, icon, style_sheet
app = QApplication([])
names = sorted(p.stem for p in ICONS.glob('*.svg'))
print(json.dumps({'icons': names, 'null': [n for n in names if icon(n).isNull() or icon(n).pixmap(32).isNull()],
                  'dark': len(style_sheet('dark')), 'light': len(style_sheet('light'))}))
"""
    result = json.loads(_python(installed, code))
    assert result["icons"] == sorted(p.stem for p in (ROOT / "resources" / "icons").glob("*.svg"))
    assert "fastr-editor" in result["icons"] and result["null"] == []
    common = len((ROOT / "resources" / "styles" / "common.qss").read_text(encoding="utf-8"))
    assert result["dark"] > common and result["light"] > common


def test_validate_passes_an_example_and_export_writes_a_png(installed: dict[str, Path]) -> None:
    network = installed["work"] / "add_ints.yaml"
    shutil.copy(EXAMPLE, network)
    done = _editor(installed, "validate", "add_ints.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "not in the tool library" not in done.stdout + done.stderr
    done = _editor(installed, "export", "add_ints.yaml", "--png", "add_ints.png")
    assert done.returncode == 0, done.stderr
    picture = (installed["work"] / "add_ints.png").read_bytes()
    assert picture.startswith(b"\x89PNG\r\n\x1a\n") and len(picture) > 2000


def test_the_desktop_entry_installs_from_the_wheel(installed: dict[str, Path]) -> None:
    done = _editor(installed, "install-desktop")
    assert done.returncode == 0, done.stderr
    entry = installed["base"] / "home" / "data" / "applications" / "fastr-editor.desktop"
    assert f"Exec={installed['bin'] / 'fastr-editor'} %f" in entry.read_text()


def test_the_window_opens_offscreen(installed: dict[str, Path]) -> None:
    shutil.copy(EXAMPLE, installed["work"] / "add_ints.yaml")
    code = """
import time
from editor.app.main import make_application
from editor.app.mainwindow import MainWindow
app = make_application()
window = MainWindow()
window.show()
window.open_path('add_ints.yaml', ask=False)
for _ in range(2400):                  # the file is read on a worker thread: wait for it (a hang guard)
    app.processEvents()
    if window.document.file_path:
        break
    time.sleep(0.05)
app.processEvents()
print(window.isVisible(), window.windowTitle(), len(window.document.root.nodes))
window.close()
"""
    out = _python(installed, code).strip().splitlines()[-1]
    visible, title, count = out.split(" ", 1)[0], out.split(" ", 1)[1].rsplit(" ", 1)[0], out.rsplit(" ", 1)[1]
    assert visible == "True" and title.startswith("add_ints") and int(count) >= 3
