"""App layer: the tool library of the command line, the same as the window's.

``validate``, ``convert``, ``export`` and ``run`` load the library the window loads
(:func:`editor.core.setup.library.load_library`): ``--tools DIR`` folders and the editor's tool
folders (Preferences) first, then fastr's configuration, then the built-in tools.  fastr's
configuration is asked from the fastr the user chose (``--fastr``, ``$FASTR_EDITOR_PYTHON``, the
Preferences or one confirmed in the Run dialog; the answer is cached) and read statically
otherwise; ``--no-fastr-config`` leaves it out.  Only a Python that was chosen is ever run.
"""

from __future__ import annotations

import argparse
import os

from editor.core.run.find_fastr import PythonChoice, chosen_python
from editor.core.setup.library import FastrSettings, LoadedLibrary, fastr_settings, load_library

__all__ = ["add_library_options", "cli_choice", "cli_library"]

ASK_TIMEOUT = 60.0


def add_library_options(parser: argparse.ArgumentParser, with_fastr: bool = True) -> None:
    group = parser.add_argument_group("tool library")
    group.add_argument("--tools", action="append", default=[], metavar="DIR",
                       help="a tool folder, searched before all others (repeatable)")
    group.add_argument("--types", action="append", default=[], metavar="DIR",
                       help="a datatype folder (repeatable; a later folder wins, as in fastr)")
    group.add_argument("--no-fastr-config", action="store_true",
                       help="leave fastr's configuration (~/.fastr) out of the library")
    if with_fastr:
        group.add_argument("--fastr", metavar="PYTHON",
                           help="the Python with fastr whose configuration is used (default: the one "
                                "chosen in the editor or $FASTR_EDITOR_PYTHON)")


def _app_settings():  # the window's settings, when they can be read
    try:
        from editor.app.settings import AppSettings
        return AppSettings()
    except Exception:  # noqa: BLE001 - no Qt: the command line still works
        return None


def cli_choice(args: argparse.Namespace, settings: object = None) -> PythonChoice | None:
    preferred = getattr(settings, "fastr_python", lambda: "")() if settings is not None else ""
    return chosen_python(getattr(args, "fastr", None) or None, preferred or None)


def cli_library(args: argparse.Namespace) -> LoadedLibrary:
    """The library for a command: see the module docstring."""
    settings = _app_settings()
    tools = [os.path.abspath(os.path.expanduser(d)) for d in getattr(args, "tools", [])]
    types = [os.path.abspath(os.path.expanduser(d)) for d in getattr(args, "types", [])]
    use_fastr = not getattr(args, "no_fastr_config", False)
    if settings is not None:
        tools += settings.tool_folders()
        types = settings.type_folders() + types
        use_fastr = use_fastr and settings.use_fastr_config()
    fastr: FastrSettings = fastr_settings(cli_choice(args, settings), use_fastr, timeout=ASK_TIMEOUT)
    return load_library(tools, types, fastr)
