"""Core layer: the one tool library and datatype registry every entry point loads (no Qt).

The window, ``validate``, ``export``, ``convert`` and ``run`` all call :func:`load_library`:
the editor's own tool folders first, then the folders of fastr's configuration, then the built-in
tools.  fastr's configuration comes, best first, from

* ``fastr``: the user's fastr interpreter was asked (:mod:`editor.core.run.ask_fastr`), or
  ``cache``: its cached answer, still valid for the same interpreter and config files;
* ``static``: the config files read without running them (:mod:`editor.core.tools.fastrconfig`), when
  no fastr interpreter was chosen or asking it failed (the reason is kept, with fastr's text);
* ``off``: the user turned fastr's configuration off (``--no-fastr-config``, Preferences).

:class:`FastrSettings` is what the editor takes from it: folders, ``preferred_types``,
``mounts`` (only known when fastr was asked), ``execution_plugin`` and ``slurm_partition``.
fastr's own ``resources/tools`` and ``resources/datatypes`` are left out: the editor's built-ins
stand in for them.
"""

from __future__ import annotations

import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from editor.core.tools.datatypes import DataTypeRegistry
from editor.core.run.ask_fastr import ASK_TIMEOUT, FastrAskError, ask_fastr_cached, cached_answer
from editor.core.run.find_fastr import ENV_VAR, PythonChoice
from editor.core.tools.library import ToolLibrary, ToolLoadError

__all__ = ["DEFAULT_PLUGIN", "FastrSettings", "LoadedLibrary", "run_plugin", "fastr_settings", "load_library",
           "settings_from_answer",
           "static_settings", "unknown_mounts"]

SOURCE_FASTR, SOURCE_CACHE, SOURCE_STATIC, SOURCE_OFF = "fastr", "cache", "static", "off"


@dataclass(slots=True)
class FastrSettings:
    """What the editor uses of fastr's configuration, and where it came from."""

    source: str                                   # fastr | cache | static | off
    reason: str                                   # one line: which source and why
    tools_path: list[str] = field(default_factory=list)
    types_path: list[str] = field(default_factory=list)
    preferred_types: list[str] = field(default_factory=list)
    mounts: dict[str, str] | None = None          # None: not known (not asked)
    execution_plugin: str | None = None           # only when the configuration sets it
    slurm_partition: str | None = None
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    error: str = ""                               # fastr's own text when asking failed
    python: str | None = None
    version: str | None = None
    fastr_tools: list[str] | None = None          # 'ns_id@version' fastr lists (when asked)
    fastr_types: list[str] | None = None
    execution_plugins: list[str] = field(default_factory=list)

    @property
    def asked(self) -> bool:
        return self.source in (SOURCE_FASTR, SOURCE_CACHE)


@dataclass(slots=True)
class LoadedLibrary:
    tools: ToolLibrary
    types: DataTypeRegistry
    settings: FastrSettings


def static_settings(reason: str = "", error: str = "", python: str | None = None,
                    environ: Mapping[str, str] | None = None) -> FastrSettings:
    """fastr's configuration read without running it (``reason`` says why this source)."""
    from editor.core.tools.fastrconfig import read_fastr_config
    try:
        config = read_fastr_config(environ=environ)
    except Exception as exc:  # noqa: BLE001 - an unreadable config must not stop the editor
        return FastrSettings(SOURCE_STATIC, reason or "read without running fastr", error=error, python=python,
                             notes=[f"fastr's configuration could not be read: {type(exc).__name__}: {exc}"])
    return FastrSettings(SOURCE_STATIC, reason or "read without running fastr", list(config.tools_path),
                         list(config.types_path), list(config.preferred_types), None,
                         config.strings.get("execution_plugin"), config.strings.get("slurm_partition"),
                         list(config.sources), list(config.notes), error, python)


def _own_resources(answer: Mapping[str, Any], kind: str) -> str:
    systemdir = str(answer.get("systemdir") or "")
    return os.path.join(os.path.abspath(systemdir), "resources", kind) if systemdir else ""


def _strings(value: Any) -> list[str]:
    return [str(v) for v in value] if isinstance(value, (list, tuple)) else []


def settings_from_answer(answer: Mapping[str, Any], python: str, cached: bool,
                         asked_at: float | None = None) -> FastrSettings:
    """fastr's answer as the editor's settings (fastr's own resources folders left out)."""
    own_tools, own_types = _own_resources(answer, "tools"), _own_resources(answer, "datatypes")
    tools = [p for p in _strings(answer.get("tools_path")) if os.path.abspath(p) != own_tools]
    types = [p for p in _strings(answer.get("types_path")) if os.path.abspath(p) != own_types]
    mounts = answer.get("mounts")
    version = str(answer.get("version") or "?")
    stamp = time.strftime('%Y-%m-%d %H:%M', time.localtime(asked_at)) if asked_at else ""
    when = f", cached answer of {stamp}" if cached and asked_at else (
        ", cached answer" if cached else "")
    reason = f"asked fastr {version} at {python}{when}"
    slurm = answer.get("slurm_partition")
    return FastrSettings(SOURCE_CACHE if cached else SOURCE_FASTR, reason, tools, types,
                         _strings(answer.get("preferred_types")),
                         {str(k): str(v) for k, v in mounts.items()} if isinstance(mounts, dict) else None,
                         str(answer["execution_plugin"]) if answer.get("execution_plugin")
                         and answer.get("execution_plugin_set", True) else None,
                         str(slurm) if isinstance(slurm, str) else None, _strings(answer.get("files")),
                         _strings(answer.get("errors")), "", python, version,
                         _strings(answer["tools"]) if "tools" in answer else None,
                         _strings(answer["types"]) if "types" in answer else None,
                         _strings(answer.get("execution_plugins")))


def fastr_settings(choice: PythonChoice | None, use_fastr_config: bool = True, *, ask: bool = True,
                   timeout: float = ASK_TIMEOUT, environ: Mapping[str, str] | None = None) -> FastrSettings:
    """fastr's configuration from the best source there is (see the module docstring). With
    ``ask`` False only the cache is looked at (the window's first, instant reading)."""
    if not use_fastr_config:
        return FastrSettings(SOURCE_OFF, "fastr's configuration is not used (turned off)")
    if choice is None:
        named = (os.environ if environ is None else environ).get(ENV_VAR, "")
        if named.strip():                  # the user named one, but it has no fastr: say so
            return static_settings(f"read without running fastr: ${ENV_VAR} names no Python with fastr",
                                   error=f"${ENV_VAR}={named}: no fastr package next to it (no "
                                         "site-packages/fastr in its environment)", environ=environ)
        return static_settings("read without running fastr: no fastr Python chosen (Preferences, "
                               "--fastr or $FASTR_EDITOR_PYTHON)", environ=environ)
    if not ask:
        cached = cached_answer(choice.python, environ)
        if cached is not None:
            return settings_from_answer(cached[0], choice.python, True, cached[1])
        return static_settings(f"read without running fastr, until fastr at {choice.python} answers",
                               python=choice.python, environ=environ)
    try:
        answer, from_cache = ask_fastr_cached(choice.python, timeout, environ)
    except FastrAskError as error:
        return static_settings(f"read without running fastr: asking fastr at {choice.python} failed",
                               error=error.message, python=choice.python, environ=environ)
    cached = cached_answer(choice.python, environ) if from_cache else None
    return settings_from_answer(answer, choice.python, from_cache, cached[1] if cached else None)


#: The "path" of the tool-library warnings that are fastr's configuration notes, not a tool file's.
CONFIG_NOTE = "fastr config"


def load_library(tool_folders: Sequence[str], type_folders: Sequence[str], settings: FastrSettings) -> LoadedLibrary:
    """Tools: ``tool_folders``, then fastr's ``tools_path``, then the built-ins (first wins).
    Types: fastr's ``types_path``, then ``type_folders`` (a later folder wins, as in fastr), then
    fastr's built-in types.  The configuration's notes are the tools' warnings (once: the
    datatype errors are the datatype files' own)."""
    tools = ToolLibrary(list(tool_folders), fastr_tools_path=settings.tools_path)
    tools.warnings.extend(ToolLoadError(CONFIG_NOTE, note) for note in settings.notes)
    if settings.error:
        tools.warnings.append(ToolLoadError(CONFIG_NOTE, settings.error))
    types = DataTypeRegistry([*settings.types_path, *type_folders], preferred_types=settings.preferred_types)
    return LoadedLibrary(tools, types, settings)


DEFAULT_PLUGIN = "LinearExecution"


def run_plugin(chosen: str | None, settings: FastrSettings | None) -> tuple[str, str]:
    """``(execution plugin, where it came from)``: the user's choice, else the one fastr's
    configuration sets, else LinearExecution (its job states reach the editor as they change)."""
    if chosen:
        return chosen, "chosen"
    if settings is not None and settings.execution_plugin:
        return settings.execution_plugin, "from your fastr configuration"
    return DEFAULT_PLUGIN, "the editor's default (your fastr configuration sets none)"


def unknown_mounts(values: Mapping[str, Any], mounts: Mapping[str, str] | None) -> list[str]:
    """Messages for ``vfs://`` values whose mount fastr does not have (``values``: label ->
    value, a list of values, or a mapping of samples to values). Empty when mounts are unknown."""
    if mounts is None:
        return []
    known = ", ".join(sorted(mounts)) or "none"
    problems: list[str] = []

    def walk(label: str, value: Any) -> None:
        if isinstance(value, Mapping):
            for item in value.values():
                walk(label, item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                walk(label, item)
        elif isinstance(value, str) and value.startswith("vfs://"):
            mount = value[len("vfs://"):].split("/", 1)[0]
            if mount not in mounts:
                message = (f"{label}: {value}: fastr has no mount '{mount}' (its mounts: {known}; "
                           "add it to 'mounts' in fastr's configuration)")
                if message not in problems:
                    problems.append(message)
    for label, value in values.items():
        walk(label, value)
    return problems
