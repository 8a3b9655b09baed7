"""App layer: the editor's persistent settings (QSettings, organization and app 'fastr-editor').

Recent files (at most ten, missing files pruned), theme, extra tool and datatype folders, and window
geometry/state.  Lists are stored as JSON text so every QSettings back-end reads them back alike.
Set ``FASTR_EDITOR_SETTINGS_DIR`` to keep the settings in ``<dir>/fastr-editor.ini`` instead of
the user's (tests do this).
"""

from __future__ import annotations

import json
import os
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

ORGANIZATION = "fastr-editor"
APPLICATION = "fastr-editor"
SETTINGS_DIR_ENV = "FASTR_EDITOR_SETTINGS_DIR"
MAX_RECENT = 10
THEMES = ("system", "light", "dark")


def make_qsettings() -> QSettings:
    folder = os.environ.get(SETTINGS_DIR_ENV)
    if folder:
        os.makedirs(folder, exist_ok=True)
        return QSettings(os.path.join(folder, f"{APPLICATION}.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANIZATION, APPLICATION)


class AppSettings:
    """Typed access to the editor's settings; every call reads or writes QSettings directly."""

    def __init__(self, qsettings: QSettings | None = None) -> None:
        self.qsettings = qsettings if qsettings is not None else make_qsettings()

    # -- helpers ------------------------------------------------------------------------------
    def _list(self, key: str) -> list[str]:
        raw = self.qsettings.value(key, "")
        if isinstance(raw, list):
            return [str(x) for x in raw]
        try:
            value = json.loads(str(raw)) if raw else []
        except (TypeError, ValueError):
            return []
        return [str(x) for x in value] if isinstance(value, list) else []

    def _set_list(self, key: str, values: list[str]) -> None:
        self.qsettings.setValue(key, json.dumps(list(values)))

    def sync(self) -> None:
        self.qsettings.sync()

    # -- recent files -------------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """Recent files, newest first; files that no longer exist are dropped (and forgotten)."""
        files = self._list("recent_files")
        kept = [f for f in files if os.path.isfile(f)][:MAX_RECENT]
        if kept != files:
            self._set_list("recent_files", kept)
        return kept

    def add_recent_file(self, path: str) -> None:
        path = os.path.abspath(path)
        files = [f for f in self._list("recent_files") if f != path]
        self._set_list("recent_files", ([path] + files)[:MAX_RECENT])

    def remove_recent_file(self, path: str) -> None:
        files = self._list("recent_files")
        if path in files:
            files.remove(path)
            self._set_list("recent_files", files)

    def clear_recent_files(self) -> None:
        self._set_list("recent_files", [])

    # -- theme --------------------------------------------------------------------------------
    def theme(self) -> str:
        value = str(self.qsettings.value("theme", "system"))
        return value if value in THEMES else "system"

    def set_theme(self, value: str) -> None:
        if value not in THEMES:
            raise ValueError(f"theme must be one of {THEMES}, not {value!r}")
        self.qsettings.setValue("theme", value)

    # -- folders ------------------------------------------------------------------------------
    def tool_folders(self) -> list[str]:
        return self._list("tools/folders")

    def set_tool_folders(self, folders: list[str]) -> None:
        self._set_list("tools/folders", folders)

    def type_folders(self) -> list[str]:
        return self._list("types/folders")

    def set_type_folders(self, folders: list[str]) -> None:
        self._set_list("types/folders", folders)

    def use_fastr_config(self) -> bool:
        return _bool(self.qsettings.value("tools/use_fastr_config", True))

    def set_use_fastr_config(self, value: bool) -> None:
        self.qsettings.setValue("tools/use_fastr_config", bool(value))

    def fastr_python(self) -> str:
        """The Python with fastr chosen in the Preferences ('' for none)."""
        return str(self.qsettings.value("fastr/python", "") or "")

    def set_fastr_python(self, value: str) -> None:
        self.qsettings.setValue("fastr/python", value.strip())

    # -- view ---------------------------------------------------------------------------------
    def show_dimensions(self) -> bool:
        return _bool(self.qsettings.value("view/show_dimensions", True))

    def set_show_dimensions(self, value: bool) -> None:
        self.qsettings.setValue("view/show_dimensions", bool(value))

    # -- window -------------------------------------------------------------------------------
    def window_geometry(self) -> QByteArray | None:
        return _bytes(self.qsettings.value("window/geometry"))

    def window_state(self) -> QByteArray | None:
        return _bytes(self.qsettings.value("window/state"))

    def set_window(self, geometry: QByteArray, state: QByteArray) -> None:
        self.qsettings.setValue("window/geometry", geometry)
        self.qsettings.setValue("window/state", state)

    def last_folder(self) -> str:
        return str(self.qsettings.value("files/last_folder", "") or "")

    def set_last_folder(self, folder: str) -> None:
        self.qsettings.setValue("files/last_folder", folder)


def _bool(value: Any) -> bool:
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes", "on")
    return bool(value)


def _bytes(value: Any) -> QByteArray | None:
    if isinstance(value, QByteArray) and not value.isEmpty():
        return value
    if isinstance(value, (bytes, bytearray)) and value:
        return QByteArray(bytes(value))
    return None
