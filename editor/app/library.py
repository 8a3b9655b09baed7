"""App layer: the tool library the windows share, built from the settings and fastr's configuration.

Order: the editor's own tool folders (settings), then the folders of fastr's configuration, then
the built-in tools (:func:`editor.core.setup.library.load_library`, the same for the command line).
fastr's configuration is asked from the user's fastr (the Python set in the Preferences, in
``$FASTR_EDITOR_PYTHON`` or confirmed in the Run dialog) in a background thread: the window starts
at once with the cached answer or the static reading, and :class:`LibraryService` swaps in the new
library when fastr has answered (``library_changed``).  ``fastr`` says where the configuration
in use came from.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Signal

from editor.app.settings import AppSettings
from editor.core.run.find_fastr import PythonChoice, chosen_python
from editor.core.setup.library import (SOURCE_CACHE, FastrSettings, LoadedLibrary, fastr_settings,
                                      load_library)
from editor.core.tools.library import ORIGIN_BUILTIN, ORIGIN_FASTR_CONFIG, ORIGIN_SETTINGS, ToolLibrary

#: seconds fastr may take to answer before the static reading is kept
ASK_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class FolderEntry:
    path: str
    origin: str
    exists: bool


def python_choice(settings: AppSettings) -> PythonChoice | None:
    """The fastr interpreter the user chose, if any (never one only found by looking)."""
    return chosen_python(preferred=settings.fastr_python() or None)


def active_folders(tool_folders: list[str], type_folders: list[str], use_fastr_config: bool,
                   fastr: FastrSettings | None = None) -> tuple[list[FolderEntry], list[FolderEntry], list[str]]:
    """(tool folders, datatype folders, notes).  Tools: the first folder wins; datatypes: as in
    fastr, a later folder overrides an earlier one and the built-in types win over all."""
    if fastr is None or not use_fastr_config:
        fastr = fastr_settings(None, use_fastr_config, ask=False)
    notes = [f"fastr configuration: {fastr.reason}"]
    if fastr.error:
        notes.append(fastr.error)
    tools = [FolderEntry(p, ORIGIN_SETTINGS, os.path.isdir(p)) for p in tool_folders]
    tools += [FolderEntry(p, ORIGIN_FASTR_CONFIG, os.path.isdir(p)) for p in fastr.tools_path]
    types = [FolderEntry(p, ORIGIN_FASTR_CONFIG, os.path.isdir(p)) for p in fastr.types_path]
    notes += list(fastr.notes)
    if fastr.files:
        notes.insert(1, "fastr config read from: " + ", ".join(fastr.files))
    from editor.core.tools.library import builtin_tools_dir
    builtin = str(builtin_tools_dir())
    tools.append(FolderEntry(builtin, ORIGIN_BUILTIN, os.path.isdir(builtin)))
    types += [FolderEntry(p, ORIGIN_SETTINGS, os.path.isdir(p)) for p in type_folders]
    types.append(FolderEntry("fastr's own datatypes", ORIGIN_BUILTIN, True))
    return tools, types, notes


class LibraryService(QObject):
    """Holds the current ToolLibrary, datatype registry and fastr settings; ``reload()`` rebuilds
    them from the settings (at once from the cache or static reading, then from fastr's answer in
    the background) and emits ``library_changed`` each time."""

    library_changed = Signal(object)      # ToolLibrary
    _answered = Signal(int, object)       # generation, LoadedLibrary (from the worker thread)

    def __init__(self, settings: AppSettings, library: ToolLibrary | None = None,
                 parent: QObject | None = None, *, ask: bool = True) -> None:
        super().__init__(parent)
        self.settings = settings
        self.ask_timeout = ASK_TIMEOUT
        self._generation = 0
        self.asking = False
        self._answered.connect(self._on_answered)
        loaded = self._load_now()
        self.fastr: FastrSettings = loaded.settings
        self.library = library if library is not None else loaded.tools
        self.types = loaded.types
        if ask:
            self._ask_in_background()

    def _folders(self) -> tuple[list[str], list[str]]:
        return self.settings.tool_folders(), self.settings.type_folders()

    def _load_now(self) -> LoadedLibrary:
        tools, types = self._folders()
        choice = python_choice(self.settings)
        fastr = fastr_settings(choice, self.settings.use_fastr_config(), ask=False)
        return load_library(tools, types, fastr)

    def _ask_in_background(self) -> None:
        """Ask fastr (unless the cached answer is in use already) without blocking the window."""
        choice = python_choice(self.settings)
        if choice is None or not self.settings.use_fastr_config() or self.fastr.source == SOURCE_CACHE:
            return
        self._generation += 1
        generation, timeout = self._generation, self.ask_timeout
        tools, types = self._folders()
        self.asking = True

        def work() -> None:
            try:
                loaded: Any = load_library(tools, types, fastr_settings(choice, True, timeout=timeout))
            except Exception as error:  # noqa: BLE001 - keep what the window shows
                loaded = error
            try:
                self._answered.emit(generation, loaded)
            except RuntimeError:
                pass                                         # the service is gone
        threading.Thread(target=work, name="ask-fastr-config", daemon=True).start()

    def _on_answered(self, generation: int, loaded: Any) -> None:
        if generation != self._generation:
            return                                           # settings changed since
        self.asking = False
        if isinstance(loaded, LoadedLibrary):
            self._apply(loaded)

    def _apply(self, loaded: LoadedLibrary) -> None:
        self.fastr, self.library, self.types = loaded.settings, loaded.tools, loaded.types
        self.library_changed.emit(self.library)

    def reload(self) -> ToolLibrary:
        """Rebuild from the settings now (cache or static reading), then ask fastr again."""
        self._generation += 1
        self.asking = False
        self._apply(self._load_now())
        self._ask_in_background()
        return self.library
