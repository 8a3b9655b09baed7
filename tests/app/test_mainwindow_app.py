"""The application around the window: launch(), the exception hook, preferences and the tool
library, a second window, About, and the README screenshot script."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from editor.app.settings import AppSettings
from tests.app.helpers import GOOD_TOOL_TEXT, add_node

pytestmark = pytest.mark.usefixtures("keep_look")

_B = QMessageBox.StandardButton


@pytest.fixture
def launched(monkeypatch, dialogs):
    """Run ``launch(file)`` without entering the event loop; gives the window it opened."""
    from editor.app import main
    from editor.app.mainwindow import MainWindow
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)        # restored after the test
    monkeypatch.setattr(QApplication, "exec", lambda *args: 0)
    opened: list[MainWindow] = []

    def run(file: str | None) -> MainWindow:
        before = list(MainWindow._open_windows)
        assert main.launch(file) == 0
        window = next(w for w in MainWindow._open_windows if w not in before)
        opened.append(window)
        return window
    yield run
    for window in opened:
        window.document.undo_stack.setClean()
        window.close()
        window.deleteLater()


def test_launch_opens_the_file(launched, tmp_path: Path) -> None:
    from editor.core.io.files import save_network
    from editor.core.graph.network import Network
    path = tmp_path / "given.yaml"
    network = Network("given")
    network.create_source("Int", id="numbers")
    save_network(network, path)
    window = launched(str(path))
    assert window.isVisible()
    assert window.document.file_path == str(path)
    assert list(window.document.root.nodes) == ["numbers"]


def test_launch_with_a_broken_file_shows_why_and_opens_an_empty_network(launched, dialogs,
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"id": "x", "nodelist": [')
    window = launched(str(path))
    assert dialogs.kinds() == ["critical"]
    assert str(path) in dialogs.shown[0][2]
    assert window.document.file_path is None and not window.document.root.nodes
    add_node(window)                                   # and it works
    assert window.isWindowModified()


def test_the_exception_hook_shows_a_dialog_and_keeps_running(launched, monkeypatch, capsys) -> None:
    launched(None)
    shown: list[tuple[str, str]] = []

    def fake_exec(box: QMessageBox) -> int:
        shown.append((box.text(), box.detailedText()))
        return 0
    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    assert shown and "RuntimeError: boom in a slot" in shown[0][0]
    assert "Traceback" in shown[0][1]
    assert "boom in a slot" in capsys.readouterr().err


def test_preferences_add_a_tool_folder_and_the_palette_follows(qtbot, dialogs, tmp_path: Path,
                                                               monkeypatch) -> None:
    from editor.app.mainwindow import MainWindow
    from editor.app.preferences import PreferencesDialog
    tools = tmp_path / "tools" / "mine"
    tools.mkdir(parents=True)
    (tools / "echo.yaml").write_text(GOOD_TOOL_TEXT)
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    second = window.new_window()
    qtbot.addWidget(second)

    def accept_with_folder(dialog: PreferencesDialog) -> int:
        dialog.tools.add_folder(str(tmp_path / "tools"))
        assert f"{tmp_path / 'tools'} (editor settings)" in dialog.active_text()
        dialog.accept()
        return QDialog.DialogCode.Accepted
    monkeypatch.setattr(PreferencesDialog, "exec", accept_with_folder)
    window.show_preferences()
    assert AppSettings().tool_folders() == [str(tmp_path / "tools")]
    for win in (window, second):                       # both windows share the library
        win.docks.palette.search.setText("echo")
        assert [t.ns_id for t in win.docks.palette.visible_tools()] == ["mine/Echo:1.0"]
    assert window.document.root.library.get("mine/Echo:1.0") is not None


def test_about_names_the_fastr_version() -> None:
    from editor.app.dialogs import about_text
    assert "fastr 3.4.0" in about_text()


def test_readme_screenshot_script(qtbot, tmp_path: Path, settings_dir: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    try:
        from make_screenshot import make_screenshot
    finally:
        sys.path.pop(0)
    out = make_screenshot(tmp_path / "shot.png", settings_dir=str(settings_dir))
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1600, 1000)


@pytest.mark.parametrize("name", ["drawing.svg", "drawing.png", "rebuild.py"])
def test_export_image_and_python_script(qtbot, dialogs, tmp_path: Path, monkeypatch, name: str) -> None:
    from PySide6.QtWidgets import QFileDialog

    from editor.app.mainwindow import MainWindow
    window = MainWindow(AppSettings())
    qtbot.addWidget(window)
    add_node(window)
    target = tmp_path / name
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *args, **kwargs: (str(target), ""))
    if name.endswith(".py"):
        window.menu_actions.export_python.trigger()
        assert "def create_network" in target.read_text()
    else:
        window.menu_actions.export_image.trigger()
        assert target.stat().st_size > 100
    assert dialogs.kinds() == []
    window.document.undo_stack.setClean()


def _mean_alpha(image: QImage) -> float:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    alphas = [image.pixelColor(x, y).alpha() for x in range(image.width()) for y in range(image.height())]
    return sum(alphas) / len(alphas)


def test_disabled_toolbar_icons_are_faded_in_the_dark_theme_too(qtbot, make_window) -> None:
    """A disabled Undo looked enabled in the dark theme (the style's disabled icons are light
    grey): the editor's icons carry faded disabled pixmaps of their own."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from editor.app.thememanager import theme_manager
    from editor.resources import DISABLED_OPACITY
    theme_manager(QApplication.instance(), "dark")
    try:
        window = make_window()
        undo = window.menu_actions.undo
        assert not undo.isEnabled()
        normal = undo.icon().pixmap(QSize(24, 24), QIcon.Mode.Normal).toImage()
        disabled = undo.icon().pixmap(QSize(24, 24), QIcon.Mode.Disabled).toImage()
        assert _mean_alpha(disabled) == pytest.approx(DISABLED_OPACITY * _mean_alpha(normal), rel=0.15)
    finally:
        theme_manager(QApplication.instance(), "light")
