"""App layer: before Qt starts, say in one line why the window cannot open (no Qt imported here).

Qt aborts the process (signal 6) when its platform plugin cannot start, and for the X11 plugin
its message is always "xcb-cursor0 or libxcb-cursor0 is needed", whatever the real cause. So the
editor checks first, the way the plugin would fail:

* the system libraries Qt's GUI and its xcb plugin load (``ctypes`` loads each by its soname, as
  the dynamic loader would), named with their Debian/Ubuntu packages;
* an X display that can be reached: ``DISPLAY`` set, and ``xcb_connect`` to it succeeds.

:func:`start_problem` returns that line, or ``None`` when the window can start (or the platform is
one that needs no display: ``offscreen``, ``minimal``, ``vnc``, ... or Wayland, which Qt falls back
from by itself). The command line prints it and exits with code 2.
"""

from __future__ import annotations

import ctypes
import os
import sys
from collections.abc import Callable, Mapping

__all__ = ["GUI_LIBRARIES", "XCB_LIBRARIES", "platform_name", "missing_libraries", "display_problem",
           "start_problem"]

#: soname -> Debian/Ubuntu package: what Qt's GUI libraries need on any platform.
GUI_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libX11.so.6": "libx11-6",
    "libdbus-1.so.3": "libdbus-1-3",
}

#: soname -> Debian/Ubuntu package: what Qt's X11 platform plugin (``libqxcb.so``) needs besides.
XCB_LIBRARIES: dict[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
}

#: Platforms that draw without a display server: nothing to check.
_HEADLESS = {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}

Loader = Callable[[str], object]


def platform_name(environ: Mapping[str, str]) -> str:
    """The Qt platform plugin that will be tried first: ``QT_QPA_PLATFORM`` (``xcb:arg`` and
    ``wayland;xcb`` lists read as Qt does), else Wayland in a Wayland session, else ``xcb``."""
    chosen = environ.get("QT_QPA_PLATFORM", "").strip()
    if chosen:
        return chosen.split(";")[0].split(":")[0].strip().lower()
    if environ.get("WAYLAND_DISPLAY") and environ.get("XDG_SESSION_TYPE", "").lower() == "wayland":
        return "wayland"
    return "xcb"


def _loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(sonames: Mapping[str, str], load: Loader = _loadable) -> dict[str, str]:
    """The libraries of ``sonames`` (soname -> package) that the dynamic loader cannot load."""
    return {name: package for name, package in sonames.items() if not load(name)}


def _library_message(missing: Mapping[str, str]) -> str:
    packages = " ".join(dict.fromkeys(missing.values()))
    return (f"the window cannot start: Qt needs system libraries that are missing: {', '.join(missing)}; "
            f"install them (Debian/Ubuntu: sudo apt-get install {packages}); the sub-commands "
            f"(validate, convert, export, run, diff) work without them")


def _connects(display: str) -> bool:
    """Whether libxcb can open ``display`` (it reads the authority file as Qt's plugin would)."""
    xcb = ctypes.CDLL("libxcb.so.1")
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def display_problem(environ: Mapping[str, str], connects: Callable[[str], bool] = _connects) -> str | None:
    """Why no X display can be used, or ``None``."""
    display = environ.get("DISPLAY", "").strip()
    if not display:
        return ("the window cannot start: no display (DISPLAY is not set); run it in a desktop session, "
                "over 'ssh -X', or under xvfb-run; the sub-commands (validate, convert, export, run, "
                "diff) need no display")
    if not connects(display):
        return (f"the window cannot start: the X display {display!r} cannot be reached (no X server "
                f"there, or no permission to use it: see DISPLAY and XAUTHORITY)")
    return None


def start_problem(environ: Mapping[str, str] | None = None, load: Loader = _loadable,
                  connects: Callable[[str], bool] = _connects) -> str | None:
    """One line saying why the editor's window cannot start here, or ``None`` when it can."""
    environ = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    name = platform_name(environ)
    if name in _HEADLESS or name.startswith("wayland"):
        missing = missing_libraries(GUI_LIBRARIES, load)
        return _library_message(missing) if missing else None
    if name != "xcb":
        return None                       # a plugin of its own: Qt's message will do
    missing = missing_libraries({**GUI_LIBRARIES, **XCB_LIBRARIES}, load)
    if missing:
        return _library_message(missing)
    return display_problem(environ, connects)
