"""Core layer: finding fastr without running anything, and which Pythons the user chose (no Qt).

Looking for fastr used to mean running every candidate interpreter with ``import fastr``, and the
candidates included ``./venv/bin/python`` and ``./.venv/bin/python``: opening the editor inside a
cloned repository ran whatever that repository ships as ``venv/bin/python``.  Now:

* :func:`fastr_beside` tells whether an interpreter has fastr by *looking*: a
  ``site-packages/fastr/__init__.py`` (or ``dist-packages``) in the interpreter's environment, also
  through the plain folder lines of its ``.pth`` files; the version comes from fastr's
  ``.dist-info`` folder.  Nothing is executed.
* :func:`find_fastr_installs` looks at ``$FASTR_EDITOR_PYTHON``, ``python3.11``/``python3`` on the
  absolute entries of ``PATH``, this Python, and common virtual environment folders in the home
  folder.  The current folder is never searched.
* An interpreter is only *run* (to check it, to read fastr's configuration, or to run a network)
  when the user chose it: given with ``--fastr``, set in ``$FASTR_EDITOR_PYTHON`` or in the
  Preferences, or confirmed once (the Run dialog asks before the first run of a new one).
  Confirmed interpreters are kept in ``<data dir>/fastr-pythons.json``; :func:`chosen_python`
  gives the one to use, in that order.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from editor.core.io.files import atomic_write

__all__ = ["ENV_VAR", "FastrInstall", "PythonChoice", "chosen_python", "confirm_python",
           "confirmed_pythons", "data_dir", "fastr_beside", "find_fastr_installs", "forget_python",
           "is_confirmed"]

ENV_VAR = "FASTR_EDITOR_PYTHON"
DATA_DIR_ENV = "FASTR_EDITOR_DATA_DIR"
TRUST_FILE = "fastr-pythons.json"

#: Where virtual environments usually are (home folder and the editor's cache only: never the
#: current folder, never /opt, where anyone who can write there could plant an interpreter).
_VENV_GLOBS = ("~/.cache/fastr-editor/*/bin/python", "~/.virtualenvs/*/bin/python", "~/.venv*/bin/python",
               "~/venv*/bin/python", "~/miniconda3/envs/*/bin/python", "~/anaconda3/envs/*/bin/python",
               "~/mambaforge/envs/*/bin/python", "~/miniforge3/envs/*/bin/python")

_ORIGIN_TEXT = {"--fastr": "given with --fastr", "environment": f"set in ${ENV_VAR}",
                "preferences": "set in the Preferences", "confirmed": "confirmed before"}


@dataclass(frozen=True, slots=True)
class FastrInstall:
    """An interpreter with fastr next to it (found by looking, not by running it)."""

    python: str
    package: str            # the fastr package folder
    version: str | None     # from fastr's .dist-info, when there is one
    origin: str             # 'environment', 'path', 'this python', 'search'


@dataclass(frozen=True, slots=True)
class PythonChoice:
    """The interpreter the user chose and how (``origin``: '--fastr', 'environment',
    'preferences', 'confirmed')."""

    python: str
    origin: str

    @property
    def how(self) -> str:
        return _ORIGIN_TEXT.get(self.origin, self.origin)


# -- looking for fastr ----------------------------------------------------------------------------
def _prefixes(python: str) -> list[Path]:
    """The environment folders of ``python``: ``<prefix>`` of ``<prefix>/bin/python`` (a venv's
    python is a symbolic link: its own folder first, then where the link points)."""
    result: list[Path] = []
    for path in (os.path.abspath(python), os.path.realpath(python)):
        prefix = Path(path).parent.parent
        if prefix not in result:
            result.append(prefix)
    return result


def _site_folders(prefix: Path) -> list[Path]:
    folders: list[Path] = []
    for pattern in ("lib/python3*/site-packages", "lib64/python3*/site-packages", "lib/python3*/dist-packages",
                    "lib/python3/dist-packages", "local/lib/python3*/dist-packages",
                    "local/lib/python3*/site-packages", "Lib/site-packages"):
        folders += [Path(p) for p in sorted(glob.glob(str(prefix / pattern)))]
    return folders


def _pth_folders(site: Path) -> list[Path]:
    """Folders named by plain lines of ``*.pth`` files (lines starting with ``import`` run code in
    Python; they are skipped, not followed)."""
    folders: list[Path] = []
    try:
        names = sorted(os.listdir(site))
    except OSError:
        return folders
    for name in names:
        if not name.endswith(".pth"):
            continue
        try:
            text = (site / name).read_text(encoding="utf-8", errors="replace")[:100_000]
        except OSError:
            continue
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith(("#", "import ", "import\t")):
                folder = Path(line) if os.path.isabs(line) else site / line
                if folder.is_dir() and folder not in folders:
                    folders.append(folder)
    return folders


def _version(site: Path) -> str | None:
    for info in sorted(site.glob("fastr-*.dist-info")) + sorted(site.glob("fastr-*.egg-info")):
        match = re.match(r"fastr-([^-]+?)(?:\.dist-info|\.egg-info|-py)", info.name)
        if match:
            return match.group(1)
    return None


def fastr_beside(python: str) -> tuple[str, str | None] | None:
    """``(fastr package folder, version or None)`` when ``python``'s environment holds fastr, else
    None.  Only files are read: ``python`` is not run."""
    if not (os.path.isfile(python) and os.access(python, os.X_OK)):
        return None
    for prefix in _prefixes(python):
        for site in _site_folders(prefix):
            for folder in [site, *_pth_folders(site)]:
                package = folder / "fastr"
                if (package / "__init__.py").is_file():
                    return str(package), _version(folder)
    return None


def _path_pythons(environ: Mapping[str, str]) -> list[str]:
    """``python3.11`` and ``python3`` on the absolute entries of PATH (``.``, empty and relative
    entries are the current folder: skipped)."""
    entries = [e for e in environ.get("PATH", "").split(os.pathsep) if e and os.path.isabs(e)]
    found = []
    for name in ("python3.11", "python3"):
        path = shutil.which(name, path=os.pathsep.join(entries))
        if path:
            found.append(path)
    return found


def _env_pythons(environ: Mapping[str, str]) -> list[str]:
    return [os.path.expanduser(e) for e in environ.get(ENV_VAR, "").split(os.pathsep) if e]


def find_fastr_installs(environ: Mapping[str, str] | None = None) -> list[FastrInstall]:
    """Interpreters with fastr next to them, without running any: ``$FASTR_EDITOR_PYTHON`` first,
    then ``python3.11``/``python3`` on PATH, this Python, then virtual environments in the home
    folder and the editor's cache."""
    env = os.environ if environ is None else environ
    candidates: list[tuple[str, str]] = [(p, "environment") for p in _env_pythons(env)]
    candidates += [(p, "path") for p in _path_pythons(env)]
    candidates.append((sys.executable, "this python"))
    home = env.get("HOME") or os.path.expanduser("~")
    for pattern in _VENV_GLOBS:
        pattern = home + pattern[1:] if pattern.startswith("~") else pattern
        candidates += [(p, "search") for p in sorted(glob.glob(pattern))]
    seen: set[str] = set()
    found: list[FastrInstall] = []
    for python, origin in candidates:
        path = os.path.abspath(python)          # not realpath: a venv's python is a symlink
        if path in seen:
            continue
        seen.add(path)
        beside = fastr_beside(path)
        if beside is not None:
            found.append(FastrInstall(path, beside[0], beside[1], origin))
    return found


# -- which interpreters the user chose ------------------------------------------------------------
def data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The editor's data folder: ``$FASTR_EDITOR_DATA_DIR``, else where Qt's AppDataLocation is
    on Linux (``$XDG_DATA_HOME/fastr-editor/fastr-editor``, default under ``~/.local/share``)."""
    env = os.environ if environ is None else environ
    if env.get(DATA_DIR_ENV):
        return Path(env[DATA_DIR_ENV])
    base = env.get("XDG_DATA_HOME") or os.path.join(env.get("HOME") or os.path.expanduser("~"), ".local", "share")
    return Path(base) / "fastr-editor" / "fastr-editor"


def _trust_path(environ: Mapping[str, str] | None = None) -> Path:
    return data_dir(environ) / TRUST_FILE


def confirmed_pythons(environ: Mapping[str, str] | None = None) -> list[str]:
    """Interpreters the user confirmed, most recent first."""
    try:
        data = json.loads(_trust_path(environ).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    items = data.get("confirmed") if isinstance(data, dict) else None
    return [str(p) for p in items if isinstance(p, str)] if isinstance(items, list) else []


def _write_confirmed(pythons: Iterable[str], environ: Mapping[str, str] | None = None) -> None:
    path = _trust_path(environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps({"confirmed": list(pythons)}, indent=2) + "\n")


def confirm_python(python: str, environ: Mapping[str, str] | None = None) -> None:
    """Remember that the user chose to run ``python``."""
    path = os.path.abspath(python)
    _write_confirmed([path, *(p for p in confirmed_pythons(environ) if p != path)][:20], environ)


def forget_python(python: str, environ: Mapping[str, str] | None = None) -> None:
    path = os.path.abspath(python)
    _write_confirmed([p for p in confirmed_pythons(environ) if p != path], environ)


def is_confirmed(python: str, environ: Mapping[str, str] | None = None, preferred: str | None = None) -> bool:
    """Whether ``python`` may be run: set in ``$FASTR_EDITOR_PYTHON`` or the Preferences
    (``preferred``), or confirmed before."""
    path = os.path.abspath(os.path.expanduser(python))
    env = os.environ if environ is None else environ
    chosen = [os.path.abspath(p) for p in _env_pythons(env)]
    if preferred:
        chosen.append(os.path.abspath(os.path.expanduser(preferred)))
    return path in chosen or path in confirmed_pythons(environ)


def chosen_python(explicit: str | None = None, preferred: str | None = None,
                  environ: Mapping[str, str] | None = None) -> PythonChoice | None:
    """The interpreter to run: ``explicit`` (``--fastr``), else the first of
    ``$FASTR_EDITOR_PYTHON`` with fastr beside it, else ``preferred`` (the Preferences), else the
    most recently confirmed one that still has fastr.  None when the user chose none."""
    env = os.environ if environ is None else environ
    if explicit:
        return PythonChoice(os.path.abspath(os.path.expanduser(explicit)), "--fastr")
    for python in _env_pythons(env):
        if fastr_beside(python) is not None:
            return PythonChoice(os.path.abspath(python), "environment")
    if preferred:
        return PythonChoice(os.path.abspath(os.path.expanduser(preferred)), "preferences")
    for python in confirmed_pythons(environ):
        if fastr_beside(python) is not None:
            return PythonChoice(python, "confirmed")
    return None
