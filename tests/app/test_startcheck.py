"""Without a display or without Qt's X11 libraries the editor says why in one line and exits 2.

Qt itself aborts (signal 6, exit 134) with "xcb-cursor0 or libxcb-cursor0 is needed" whatever the
cause. The missing-library case is simulated by a loader that cannot load one library; the
unreachable display is real (``DISPLAY=:987`` with the xcb platform, in a subprocess); and under a
real X server (Xvfb, when installed) the check finds nothing and Qt's xcb plugin starts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from editor.app import cli
from editor.app.startcheck import (GUI_LIBRARIES, XCB_LIBRARIES, display_problem, missing_libraries,
                                   platform_name, start_problem)

ROOT = Path(__file__).resolve().parents[2]


def _all_load(name: str) -> bool:
    return True


@pytest.mark.parametrize("environ, expected", [
    ({}, "xcb"),
    ({"QT_QPA_PLATFORM": "offscreen"}, "offscreen"),
    ({"QT_QPA_PLATFORM": "xcb:nomitshm"}, "xcb"),
    ({"QT_QPA_PLATFORM": "wayland;xcb"}, "wayland"),
    ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "wayland"}, "wayland"),
    ({"WAYLAND_DISPLAY": "wayland-0", "XDG_SESSION_TYPE": "x11"}, "xcb"),
])
def test_the_platform_is_read_as_qt_reads_it(environ: dict[str, str], expected: str) -> None:
    assert platform_name(environ) == expected


def test_every_library_the_xcb_plugin_needs_is_checked() -> None:
    """The table covers what Qt's xcb plugin and GUI libraries link against (read from the ELF files)."""
    objdump = shutil.which("objdump")
    if objdump is None:
        pytest.skip("objdump (binutils) is not installed")
    import PySide6
    qt = Path(PySide6.__file__).parent / "Qt"
    needed: set[str] = set()
    for file in (qt / "plugins" / "platforms" / "libqxcb.so", qt / "lib" / "libQt6XcbQpa.so.6",
                 qt / "lib" / "libQt6Gui.so.6"):
        out = subprocess.run([objdump, "-p", str(file)], capture_output=True, text=True, check=True).stdout
        needed |= {line.split()[1] for line in out.splitlines() if line.strip().startswith("NEEDED")}
    system = {n for n in needed if not n.startswith(("libQt6", "libicu", "libc.", "libm.", "libstdc++",
                                                      "libgcc_s", "ld-linux", "libz.", "libzstd"))}
    assert system <= set(GUI_LIBRARIES) | set(XCB_LIBRARIES), system - set(GUI_LIBRARIES) - set(XCB_LIBRARIES)


def test_a_missing_library_is_named_with_its_package() -> None:
    gone = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    problem = start_problem({"DISPLAY": ":0"}, load=lambda name: name not in gone,
                            connects=lambda display: True)
    assert problem is not None
    assert "libxcb-icccm.so.4" in problem and "libxcb-keysyms.so.1" in problem
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in problem
    assert "cursor" not in problem                  # not Qt's misleading guess
    assert "\n" not in problem


def test_the_libraries_are_checked_before_the_display() -> None:
    problem = start_problem({}, load=lambda name: name != "libxkbcommon-x11.so.0")
    assert problem is not None and "libxkbcommon-x11-0" in problem


def test_headless_platforms_need_no_display_and_no_xcb() -> None:
    env = {"QT_QPA_PLATFORM": "offscreen"}
    assert start_problem(env, load=lambda name: name not in XCB_LIBRARIES,
                         connects=lambda display: False) is None
    problem = start_problem(env, load=lambda name: name != "libEGL.so.1")
    assert problem is not None and "libegl1" in problem


def test_no_display_and_an_unreachable_one_are_told_apart() -> None:
    unset = display_problem({}, connects=_all_load)
    assert unset is not None and "DISPLAY is not set" in unset
    unreachable = display_problem({"DISPLAY": ":987"}, connects=lambda display: False)
    assert unreachable is not None and "':987' cannot be reached" in unreachable
    assert display_problem({"DISPLAY": ":1"}, connects=lambda display: True) is None


def test_every_library_of_the_table_is_there_on_this_machine() -> None:
    """The real loader finds what CI installs (so the window tests below mean something)."""
    assert missing_libraries({**GUI_LIBRARIES, **XCB_LIBRARIES}) == {}


def test_the_command_line_prints_the_problem_and_exits_2(monkeypatch, capsys) -> None:
    monkeypatch.setattr("editor.app.startcheck.start_problem", lambda: "the window cannot start: because")
    monkeypatch.setattr("editor.app.main.launch", lambda file: pytest.fail("Qt was started"))
    assert cli.run([]) == 2
    assert capsys.readouterr().err == "fastr-editor: the window cannot start: because\n"


def _editor(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    full.update(env)
    return subprocess.run([sys.executable, "-m", "editor", *args], cwd=ROOT, env=full,
                          capture_output=True, text=True, timeout=120)


def test_an_unreachable_display_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = _editor({"QT_QPA_PLATFORM": "xcb", "DISPLAY": ":987", "FASTR_EDITOR_SETTINGS_DIR": str(tmp_path)})
    assert done.returncode == 2, done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert "':987' cannot be reached" in done.stderr
    assert "Traceback" not in done.stderr and "xcb-cursor0" not in done.stderr


def test_no_display_at_all_is_one_line_and_exit_2(tmp_path: Path) -> None:
    done = _editor({"FASTR_EDITOR_SETTINGS_DIR": str(tmp_path)})
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().endswith("need no display")
    assert done.stderr.count("\n") == 1


@pytest.fixture(scope="module")
def xvfb_display() -> Iterator[str]:
    """A real X server on a free display number (Xvfb is installed by .ci/run)."""
    xvfb = shutil.which("Xvfb")
    if xvfb is None:
        pytest.skip("Xvfb is not installed (apt-get install xvfb)")
    number = next(n for n in range(140, 400) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    server = subprocess.Popen([xvfb, f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):                          # waits for the socket, not for a time
            if Path(f"/tmp/.X11-unix/X{number}").exists() or server.poll() is not None:
                break
            time.sleep(0.05)
        assert server.poll() is None, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_real_x_server_passes_the_check_and_qt_starts_on_it(xvfb_display: str) -> None:
    assert start_problem({"DISPLAY": xvfb_display, "QT_QPA_PLATFORM": "xcb"}) is None
    env = {k: v for k, v in os.environ.items() if k != "QT_QPA_PLATFORM"}
    env.update(DISPLAY=xvfb_display, QT_QPA_PLATFORM="xcb")
    code = ("from PySide6.QtWidgets import QApplication, QWidget; app = QApplication([]); "
            "print(app.platformName()); w = QWidget(); w.show(); app.processEvents()")
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "xcb"
