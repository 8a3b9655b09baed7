"""App layer: the tool library the windows share, built from the settings.

Order: the editor's own tool folders (settings), then the folders of fastr's configuration (read
statically, never executed), then the built-in tools.  :class:`LibraryService` rebuilds it when the
preferences change and tells every window.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from editor.app.settings import AppSettings
from editor.core.tools.library import (ORIGIN_BUILTIN, ORIGIN_FASTR_CONFIG, ORIGIN_SETTINGS,
                                     ToolLibrary, ToolLoadError)


@dataclass(frozen=True, slots=True)
class FolderEntry:
    path: str
    origin: str
    exists: bool


def _fastr_config():
    try:
        from editor.core.tools.fastrconfig import read_fastr_config
        return read_fastr_config(), None
    except Exception as error:  # noqa: BLE001 - a config we cannot read must not stop the editor
        return None, f"fastr's configuration could not be read: {error}"


def build_library(settings: AppSettings) -> ToolLibrary:
    folders = settings.tool_folders()
    if not settings.use_fastr_config():
        return ToolLibrary(folders)
    config, problem = _fastr_config()
    if config is None:
        library = ToolLibrary(folders)
        library.warnings.append(ToolLoadError("fastr config", problem or "unreadable"))
        return library
    library = ToolLibrary(folders, fastr_tools_path=config.tools_path)
    library.warnings.extend(ToolLoadError("fastr config", note) for note in config.notes)
    return library


def build_types(settings: AppSettings) -> Any:
    """The datatype registry: fastr's configured ``types_path``, then the editor's folders (for
    types a later folder wins, as in fastr), then fastr's built-in types."""
    from editor.core.tools.datatypes import DataTypeLoadError, DataTypeRegistry
    folders = settings.type_folders()
    if settings.use_fastr_config():
        try:
            return DataTypeRegistry.from_settings(folders)
        except Exception as error:  # noqa: BLE001 - an unreadable config must not stop the editor
            registry = DataTypeRegistry(folders)
            registry.errors.append(DataTypeLoadError("fastr config", f"could not be read: {error}"))
            return registry
    return DataTypeRegistry(folders)


def active_folders(tool_folders: list[str], type_folders: list[str],
                   use_fastr_config: bool) -> tuple[list[FolderEntry], list[FolderEntry], list[str]]:
    """(tool folders, datatype folders, notes).  Tools: the first folder wins; datatypes: as in
    fastr, a later folder overrides an earlier one and the built-in types win over all."""
    config, problem = _fastr_config() if use_fastr_config else (None, None)
    notes = [problem] if problem else []
    tools = [FolderEntry(p, ORIGIN_SETTINGS, os.path.isdir(p)) for p in tool_folders]
    types = []
    if config is not None:
        tools += [FolderEntry(p, ORIGIN_FASTR_CONFIG, os.path.isdir(p)) for p in config.tools_path]
        types += [FolderEntry(p, ORIGIN_FASTR_CONFIG, os.path.isdir(p)) for p in config.types_path]
        notes += list(config.notes)
        if config.sources:
            notes.insert(0, "fastr config read from: " + ", ".join(config.sources))
    from editor.core.tools.library import builtin_tools_dir
    builtin = str(builtin_tools_dir())
    tools.append(FolderEntry(builtin, ORIGIN_BUILTIN, os.path.isdir(builtin)))
    types += [FolderEntry(p, ORIGIN_SETTINGS, os.path.isdir(p)) for p in type_folders]
    types.append(FolderEntry("fastr's own datatypes", ORIGIN_BUILTIN, True))
    return tools, types, notes


class LibraryService(QObject):
    """Holds the current ToolLibrary and datatype registry; ``reload()`` rebuilds both from the
    settings and emits ``library_changed``."""

    library_changed = Signal(object)      # ToolLibrary

    def __init__(self, settings: AppSettings, library: ToolLibrary | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.library = library if library is not None else build_library(settings)
        self.types = build_types(settings)

    def reload(self) -> ToolLibrary:
        self.library = build_library(self.settings)
        self.types = build_types(self.settings)
        self.library_changed.emit(self.library)
        return self.library
