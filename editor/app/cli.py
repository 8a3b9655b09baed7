"""App layer: the command line, ``fastr-editor`` and ``python -m editor``.

``fastr-editor [FILE]`` opens the editor; the sub-commands work without a window:
``validate``, ``convert``, ``export`` and ``run``. A file whose name is a sub-command is opened
with ``fastr-editor -- validate`` or ``fastr-editor ./validate``. Errors are one line on stderr
(a traceback only with ``--debug``). Exit codes: 0 fine, 1 problems found or the run failed,
2 the command could not be carried out (unreadable file, bad arguments, ...).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from typing import TYPE_CHECKING, TextIO

from editor import __version__

if TYPE_CHECKING:
    from editor.core.graph.network import Network

__all__ = ["run", "main_parser"]

COMMANDS = ("validate", "convert", "export", "run", "diff", "capture", "install-desktop")

DESCRIPTION = """\
fastr-editor: draw, check and run fastr (3.4.0) workflow networks.

  fastr-editor [FILE]                 open the editor (with a network file)
  fastr-editor validate FILE...       list the problems of networks
  fastr-editor convert IN OUT         YAML <-> JSON (chosen by the extensions)
  fastr-editor export FILE --python OUT.py | --svg OUT.svg | --png OUT.png
  fastr-editor run FILE --source ID=VALUE ... --sink ID=TEMPLATE ...
  fastr-editor diff A B [--json] [--positions]   compare two networks
  fastr-editor capture SCRIPT.py [-- ARGS] -o OUT.yaml   the network a fastr script builds
  fastr-editor install-desktop [--default] [--uninstall]  put the editor in the desktop's menu

'fastr-editor COMMAND --help' explains a command.
"""

EPILOG = """\
examples:
  fastr-editor                                   an empty editor
  fastr-editor add_ints.yaml                     open a network
  fastr-editor validate networks/*.yaml          exit 0: valid, 1: problems, 2: unreadable
  fastr-editor convert add_ints.yaml add_ints.json
  fastr-editor export add_ints.yaml --python add_ints.py
  fastr-editor run add_ints.yaml --source source=1 --source source=2 \\
      --sink 'sink=vfs://tmp/results/{sample_id}_{cardinality}{ext}'
  fastr-editor -- validate                       open a file that is called 'validate'
"""


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors as one line and exit code 2 (never exits the process)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise _Usage(f"{self.prog}: {message} (see {self.prog} --help)")


class _Usage(Exception):
    """Bad command line arguments."""


class _Failed(Exception):
    """The command could not be carried out (exit code 2)."""


def _line(text: object) -> str:
    return " ".join(str(text).split()) or type(text).__name__


def main_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="fastr-editor", description=DESCRIPTION, epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", nargs="?", metavar="FILE", help="a network file (.yaml, .yml or .json) to open")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    parser.add_argument("--version", action="version", version=f"fastr-editor {__version__} (fastr 3.4.0 networks)")
    return parser


def _command_parser(name: str) -> argparse.ArgumentParser:
    fmt = argparse.RawDescriptionHelpFormatter
    prog = f"fastr-editor {name}"
    if name == "validate":
        parser = _Parser(prog=prog, formatter_class=fmt,
                         description="Check networks; one line per problem: FILE: severity: node X: message.",
                         epilog="exit code: 0 valid (warnings allowed), 1 errors found, 2 a file cannot be read\n\n"
                                "example:\n  fastr-editor validate add_ints.yaml macros/*.json")
        parser.add_argument("files", nargs="+", metavar="FILE")
    elif name == "convert":
        parser = _Parser(prog=prog, formatter_class=fmt,
                         description="Rewrite a network as YAML or JSON; the extension of OUT chooses.",
                         epilog="example:\n  fastr-editor convert add_ints.yaml add_ints.json")
        parser.add_argument("input", metavar="IN")
        parser.add_argument("output", metavar="OUT", help="ends in .json, .yaml or .yml")
    elif name == "export":
        parser = _Parser(prog=prog, formatter_class=fmt,
                         description="Write a network as a fastr Python script or as an image.",
                         epilog="examples:\n  fastr-editor export add_ints.yaml --python add_ints.py\n"
                                "  fastr-editor export add_ints.yaml --svg add_ints.svg")
        parser.add_argument("file", metavar="FILE")
        what = parser.add_mutually_exclusive_group(required=True)
        what.add_argument("--python", metavar="OUT.py", help="a script that builds the network with fastr")
        what.add_argument("--svg", metavar="OUT.svg", help="a drawing of the network (SVG)")
        what.add_argument("--png", metavar="OUT.png", help="a drawing of the network (PNG)")
    elif name == "install-desktop":
        parser = _Parser(prog=prog, formatter_class=fmt,
                         description="Install (for this user) the desktop entry and icon, so that the editor "
                                     "is in the desktop's menu and offered for YAML and JSON files.",
                         epilog="files: <data>/applications/fastr-editor.desktop and\n"
                                "  <data>/icons/hicolor/scalable/apps/fastr-editor.svg, <data> being --prefix,\n"
                                "  else $XDG_DATA_HOME, else ~/.local/share; with --default also\n"
                                "  $XDG_CONFIG_HOME/mimeapps.list (default ~/.config/mimeapps.list)\n\n"
                                "example:\n  fastr-editor install-desktop --default")
        parser.add_argument("--prefix", metavar="DIR", help="the data folder to install into")
        parser.add_argument("--default", action="store_true",
                            help="open YAML and JSON files with the editor by default (double click)")
        parser.add_argument("--uninstall", action="store_true", help="remove what was installed")
    elif name in ("diff", "capture"):
        from editor.app import cli_compare
        parser = _Parser(prog=prog, formatter_class=fmt)
        (cli_compare.add_diff_arguments if name == "diff" else cli_compare.add_capture_arguments)(parser)
    else:
        parser = _Parser(prog=prog, formatter_class=fmt,
                         description="Run a network with real fastr (a Python 3.11 with fastr 3.4.0 installed).",
                         epilog="Source values are values, paths or URLs (vfs://, file://, ...). A sink template\n"
                                "may use {sample_id}, {cardinality} and {ext}; a plain path becomes a file:// URL.\n"
                                "Use the same --tmpdir again to resume a run.\n\nexample:\n"
                                "  fastr-editor run add_ints.yaml --source source=1 --source source@s2=5 \\\n"
                                "      --sink 'sink=vfs://tmp/results/{sample_id}_{cardinality}{ext}'")
        parser.add_argument("file", metavar="FILE")
        parser.add_argument("--source", action="append", default=[], metavar="ID[@SAMPLE]=VALUE",
                            help="data for a source; repeat for more samples (ID@SAMPLE names the sample)")
        parser.add_argument("--sink", action="append", default=[], metavar="ID=TEMPLATE",
                            help="where a sink writes; TEMPLATE alone sets every sink")
        parser.add_argument("--fastr", metavar="PYTHON", help="the Python with fastr (default: the first found)")
        parser.add_argument("--tmpdir", metavar="DIR", help="the run directory (default: a new one)")
        parser.add_argument("--execution-plugin", default=None, metavar="NAME",
                            help="fastr execution plugin (default: the execution_plugin of your fastr "
                                 "configuration, else LinearExecution)")
        parser.add_argument("--verbose", "-v", action="store_true", help="show fastr's log")
    # The others read networks and look tools up. diff compares states and capture writes the one
    # the script built, looking nothing up: they take no library options (they would do nothing).
    if name not in ("install-desktop", "diff", "capture"):
        from editor.app.clilibrary import add_library_options
        add_library_options(parser, with_fastr=name not in ("run", "capture"))
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    return parser


def _load(path: str, loaded: object) -> Network:
    """The network in ``path``, with the command's library (``loaded``: see :func:`_library`)."""
    from editor.core.io.files import load_network
    return load_network(path, library=loaded.tools, types=loaded.types)  # type: ignore[attr-defined]


def _library(args: argparse.Namespace, err: TextIO) -> object:
    from editor.app.clilibrary import cli_library
    from editor.core.setup.library import CONFIG_NOTE
    loaded = cli_library(args)
    fastr = loaded.settings
    if fastr.error:                      # asking fastr failed: said once, then the static reading
        print(f"fastr-editor: fastr configuration {fastr.reason}: {_line(fastr.error)}", file=err)
    tools = loaded.tools
    for kind, found in (("error", tools.errors), ("warning", tools.warnings)):
        for problem in found:            # a broken tool file is said, and the command goes on
            if problem.path == CONFIG_NOTE:        # the configuration's notes: the Library tab's
                continue
            print(f"{_line(problem.path)}: tool library {kind}: {_line(problem.message)}", file=err)
    return loaded


# -- commands -------------------------------------------------------------------------------
def _validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from editor.core.errors import LoadError
    from editor.core.analysis.validation import problems
    code = 0
    loaded = _library(args, err)
    for path in args.files:
        try:
            network = _load(path, loaded)
        except LoadError as exc:
            print(_line(exc), file=err)
            code = 2
            continue
        for warning in network.load_warnings:         # what reading changed (a position clamped)
            print(_line(warning), file=out)
        found = problems(network)
        for problem in found:
            where = ""
            if problem.node is not None:
                where = f"node {'/'.join((*problem.network_path, problem.node))}: "
            elif problem.link is not None:
                where = f"link {'/'.join((*problem.network_path, problem.link))}: "
            print(f"{path}: {problem.severity}: {where}{_line(problem.message)}", file=out)
        if any(p.severity == "error" for p in found):
            code = max(code, 1)
        elif not found:
            print(f"{path}: valid", file=out)
    return code


def _convert(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from editor.core.io.files import save_network
    suffix = os.path.splitext(args.output)[1].lower()
    if suffix not in (".json", ".yaml", ".yml"):
        raise _Failed(f"{args.output}: the output must end in .json, .yaml or .yml")
    save_network(_load(args.input, _library(args, err)), args.output)
    print(f"{args.output}: written", file=out)
    return 0


def _export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    network = _load(args.file, _library(args, err))
    if args.python:
        from editor.core.export.python import export_python
        from editor.core.io.files import atomic_write
        atomic_write(args.python, export_python(network))
        mode = os.stat(args.python).st_mode
        os.chmod(args.python, mode | ((mode & 0o444) >> 2))    # executable where readable
        target = args.python
    else:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from editor.canvas.export import export_image
        target = args.svg or args.png
        export_image(network, target)
    print(f"{target}: written", file=out)
    return 0


def _run(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from editor.core.run.rundir import read_run_dir
    from editor.app.clilibrary import cli_choice
    from editor.core.setup.library import run_plugin, unknown_mounts
    from editor.core.run.runner import parse_sink_args, parse_source_args, run_script, write_runner
    loaded = _library(args, err)
    network = _load(args.file, loaded)
    try:
        source_data = parse_source_args(args.source)
    except ValueError as exc:
        raise _Usage(str(exc)) from None
    sources = [n.id for n in network.nodes.values() if n.cls == "SourceNode"]
    sinks = [n.id for n in network.nodes.values() if n.cls == "SinkNode"]
    unknown = sorted(set(source_data) - set(sources))
    if unknown:
        raise _Usage(f"no source {', '.join(unknown)} in {network.id} (sources: {', '.join(sources) or 'none'})")
    sink_data = parse_sink_args(args.sink, sinks)
    missing = [s for s in sources if s not in source_data] + [s for s in sinks if s not in sink_data]
    if missing:
        raise _Usage(f"no data for {', '.join(missing)}: give --source ID=VALUE and --sink ID=TEMPLATE")
    if args.fastr and not (os.path.isfile(args.fastr) and os.access(args.fastr, os.X_OK)):
        raise _Failed(f"{args.fastr}: not an executable Python (give --fastr the Python with fastr)")
    fastr = loaded.settings  # type: ignore[attr-defined]
    mounts = unknown_mounts({f"--source {k}": v for k, v in source_data.items()}
                            | {f"--sink {k}": v for k, v in sink_data.items()}, fastr.mounts)
    if mounts:
        raise _Usage("; ".join(mounts))
    choice = cli_choice(args, _settings())
    if choice is None:
        raise _Failed(_no_python_message())
    python = choice.python
    plugin, why = run_plugin(args.execution_plugin, fastr)
    print(f"execution plugin: {plugin} ({why})", file=out)
    tmpdir = os.path.abspath(args.tmpdir) if args.tmpdir else None
    state: dict[str, object] = {}
    shown: dict[tuple[object, object], object] = {}
    with tempfile.TemporaryDirectory(prefix="fastr-editor-run-") as folder:
        script = write_runner(network, os.path.join(folder, f"run_{network.id}.py"), source_data, sink_data,
                              tmpdir, plugin)

        def on_event(event: object) -> None:
            kind, data = event.kind, event.data  # type: ignore[attr-defined]
            if kind == "RUN":
                state.update(data)
                if data.get("event") == "started":
                    print(f"run directory: {data.get('tmpdir')}", file=out)
                elif data.get("event") in ("invalid", "error"):
                    messages = data.get("messages") or [data.get("message", "")]
                    for message in messages:
                        print(f"{args.file}: fastr: {_line(message)}", file=err)
            elif data.get("status") in ("running", "finished", "failed", "cancelled"):
                key = (data.get("node"), data.get("folder"))
                if shown.get(key) != data.get("status"):
                    shown[key] = data.get("status")
                    print(f"  {data.get('node')} {data.get('sample')}: {data.get('status')}", file=out)

        code = run_script(python, script, on_event=on_event,
                          on_output=(lambda line: print(line, file=err)) if args.verbose else None)
    if state.get("event") != "finished":
        if state.get("event") not in ("invalid", "error"):
            print(f"{args.file}: fastr stopped (exit code {code}); run again with --verbose", file=err)
        return 1 if state.get("event") == "invalid" else 2
    result = read_run_dir(str(state["tmpdir"]))
    for sample in result.sinks:
        print(f"{sample.sink} {sample.sample}: {sample.sample_status}", file=out)
        for error in sample.errors:
            print(f"  {_line(error[2] if len(error) > 2 else error)}", file=out)
    return 0 if result.ok and code == 0 else 1


def _settings() -> object:
    from editor.app.clilibrary import _app_settings
    return _app_settings()


def _no_python_message() -> str:
    """No fastr chosen: what was found by looking (never run), and how to choose one."""
    from editor.core.run.find_fastr import find_fastr_installs
    found = find_fastr_installs()
    text = "no Python with fastr chosen: give it with --fastr PYTHON (or set FASTR_EDITOR_PYTHON, or " \
           "choose it in the editor's Preferences or Run dialog)"
    if found:
        listed = ", ".join(f"{i.python} (fastr {i.version or '?'})" for i in found[:5])
        text += f"; fastr was found next to {listed}, not run because nobody chose it"
    else:
        text += "; install fastr 3.4.0 in a Python 3.11"
    return text


def _gui(file: str | None, err: TextIO) -> int:
    from editor.app.startcheck import start_problem
    problem = start_problem()
    if problem:                       # Qt would abort (signal 6) with a misleading message
        print(f"fastr-editor: {problem}", file=err)
        return 2
    from editor.app.main import launch
    return launch(file)


def _diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from editor.app.cli_compare import run_diff
    return run_diff(args, out, err)


def _capture(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from editor.app.cli_compare import run_capture
    return run_capture(args, out, err)


def _install_desktop(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from editor.app import desktop
    if args.uninstall:
        removed = desktop.uninstall(prefix=args.prefix)
        print("removed " + ", ".join(map(str, removed)) if removed else "nothing was installed", file=out)
        return 0
    for path in desktop.install(prefix=args.prefix, default=args.default):
        print(f"wrote {path}", file=out)
    return 0


_HANDLERS = {"validate": _validate, "convert": _convert, "export": _export, "run": _run,
             "diff": _diff, "capture": _capture, "install-desktop": _install_desktop}


def run(argv: list[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line with ``argv`` (without the program name); returns the exit code."""
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    err = err or sys.stderr
    debug = "--debug" in argv[:argv.index("--")] if "--" in argv else "--debug" in argv
    try:
        first = next((a for a in argv if a != "--debug"), None)
        if first in COMMANDS:
            rest = list(argv)
            rest.remove(first)
            return _HANDLERS[first](_command_parser(first).parse_args(rest), out, err)
        args = main_parser().parse_args(argv)
        return _gui(args.file, err)
    except SystemExit as exc:             # --help, --version
        return exc.code if isinstance(exc.code, int) else 0
    except _Usage as exc:
        print(_line(exc), file=err)
        return 2
    except KeyboardInterrupt:
        print("fastr-editor: interrupted", file=err)
        return 130
    except Exception as exc:  # noqa: BLE001 - one line, never a traceback (unless --debug)
        if debug:
            raise
        from editor.core.errors import LoadError, SaveError
        if isinstance(exc, (LoadError, SaveError, _Failed)):
            print(_line(exc), file=err)
        else:
            print(f"fastr-editor: {type(exc).__name__}: {_line(exc)}", file=err)
        return 2
