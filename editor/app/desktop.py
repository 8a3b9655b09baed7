"""App layer: put the editor in the desktop's menu, per user (``fastr-editor install-desktop``).

Installs, following the freedesktop.org specifications (no Qt needed, nothing outside the user's
data folder is touched):

* ``<data>/applications/fastr-editor.desktop``: ``resources/desktop/fastr-editor.desktop`` with
  ``Exec`` and ``TryExec`` naming this installation's ``fastr-editor`` by its absolute path (or this
  Python with ``-m editor``), so the entry starts the editor it was installed from;
* ``<data>/icons/hicolor/scalable/apps/fastr-editor.svg``, the icon;
* with ``--default``, the editor as the default application for YAML and JSON files in
  ``<config>/mimeapps.list`` (double click on a network opens it).

``<data>`` is ``--prefix``, else ``$XDG_DATA_HOME``, else ``~/.local/share``; ``<config>`` is
``$XDG_CONFIG_HOME``, else ``~/.config``.  ``--uninstall`` removes all three again.  The desktop's
caches are refreshed with ``update-desktop-database`` and ``gtk-update-icon-cache`` when present.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from editor.core.io.atomic import write_bytes_atomic
from editor.resources import resource_path

__all__ = ["DESKTOP_ID", "MIME_TYPES", "data_home", "config_home", "exec_command", "desktop_entry",
           "install", "uninstall"]

DESKTOP_ID = "fastr-editor.desktop"
ICON_NAME = "fastr-editor"


def _entry_template() -> str:
    return resource_path("desktop", DESKTOP_ID).read_text(encoding="utf-8")


def _mime_types(text: str) -> tuple[str, ...]:
    line = next(line for line in text.splitlines() if line.startswith("MimeType="))
    return tuple(t for t in line.split("=", 1)[1].split(";") if t)


MIME_TYPES = _mime_types(_entry_template())


def data_home(environ: Mapping[str, str], prefix: str | None = None) -> Path:
    if prefix:
        return Path(prefix).expanduser()
    xdg = environ.get("XDG_DATA_HOME", "")
    return Path(xdg) if os.path.isabs(xdg) else Path.home() / ".local" / "share"


def config_home(environ: Mapping[str, str]) -> Path:
    xdg = environ.get("XDG_CONFIG_HOME", "")
    return Path(xdg) if os.path.isabs(xdg) else Path.home() / ".config"


def _quote(argument: str) -> str:
    """One argument of an ``Exec`` key (Desktop Entry Specification, "The Exec key")."""
    argument = argument.replace("%", "%%")
    if not any(c in argument for c in " \t\n\"'\\><~|&;$*?#()`"):
        return argument
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{escaped}"'


def exec_command(python: str | None = None) -> list[str]:
    """The command that starts this installation: ``fastr-editor`` next to the interpreter (a venv's
    ``bin``), else the interpreter with ``-m editor``."""
    python = python or sys.executable
    script = Path(python).parent / "fastr-editor"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    return [python, "-m", "editor"]


def desktop_entry(command: list[str]) -> str:
    """The desktop entry with ``Exec``/``TryExec`` set to ``command``."""
    lines = []
    for line in _entry_template().splitlines():
        if line.startswith("Exec="):
            line = "Exec=" + " ".join(_quote(a) for a in command) + " %f"
        elif line.startswith("TryExec="):
            line = "TryExec=" + command[0].replace("%", "%%")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _refresh(tool: str, *args: str) -> None:
    path = shutil.which(tool)
    if path:
        subprocess.run([path, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False, timeout=60)


def _mimeapps(environ: Mapping[str, str]) -> tuple[Path, configparser.ConfigParser]:
    path = config_home(environ) / "mimeapps.list"
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",), strict=False)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # MIME types keep their case
    if path.is_file():
        parser.read(path, encoding="utf-8")
    return path, parser


def _write_mimeapps(path: Path, parser: configparser.ConfigParser) -> None:
    lines: list[str] = []
    for section in parser.sections():
        lines.append(f"[{section}]")
        lines.extend(f"{key}={value}" for key, value in parser.items(section, raw=True))
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(path, "\n".join(lines).encode())


def _set_default(environ: Mapping[str, str], on: bool) -> None:
    path, parser = _mimeapps(environ)
    section = "Default Applications"
    if on and not parser.has_section(section):
        parser.add_section(section)
    if not parser.has_section(section):
        return
    for mime in MIME_TYPES:
        others = [a for a in parser.get(section, mime, raw=True, fallback="").split(";")
                  if a and a != DESKTOP_ID]
        apps = [DESKTOP_ID, *others] if on else others
        if apps:
            parser.set(section, mime, ";".join(apps) + ";")
        else:
            parser.remove_option(section, mime)
    _write_mimeapps(path, parser)


def install(environ: Mapping[str, str] | None = None, prefix: str | None = None,
            default: bool = False, command: list[str] | None = None) -> list[Path]:
    """Install the entry and icon (and the default for YAML and JSON files); the files written."""
    environ = os.environ if environ is None else environ
    data = data_home(environ, prefix)
    entry = data / "applications" / DESKTOP_ID
    icon = data / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"
    entry.parent.mkdir(parents=True, exist_ok=True)
    icon.parent.mkdir(parents=True, exist_ok=True)
    write_bytes_atomic(entry, desktop_entry(command or exec_command()).encode())
    write_bytes_atomic(icon, resource_path("icons", f"{ICON_NAME}.svg").read_bytes())
    written = [entry, icon]
    if default:
        _set_default(environ, True)
        written.append(config_home(environ) / "mimeapps.list")
    _refresh("update-desktop-database", "-q", str(entry.parent))
    _refresh("gtk-update-icon-cache", "-q", "-t", str(data / "icons" / "hicolor"))
    return written


def uninstall(environ: Mapping[str, str] | None = None, prefix: str | None = None) -> list[Path]:
    """Remove what :func:`install` wrote (and the editor as a default application); the files removed."""
    environ = os.environ if environ is None else environ
    data = data_home(environ, prefix)
    removed = []
    for path in (data / "applications" / DESKTOP_ID,
                 data / "icons" / "hicolor" / "scalable" / "apps" / f"{ICON_NAME}.svg"):
        if path.is_file():
            path.unlink()
            removed.append(path)
    if (config_home(environ) / "mimeapps.list").is_file():
        _set_default(environ, False)
    _refresh("update-desktop-database", "-q", str(data / "applications"))
    return removed
