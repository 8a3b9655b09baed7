"""App layer: the ``diff`` and ``capture`` sub-commands of :mod:`editor.app.cli`.

``fastr-editor diff A B [--json] [--positions]`` prints a semantic diff (exit 0 same, 1 different,
2 a file cannot be read). ``fastr-editor capture SCRIPT.py [-- ARGS...] -o OUT.yaml`` runs a fastr
script without executing its network and saves the network it builds.
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

__all__ = ["add_diff_arguments", "add_capture_arguments", "run_diff", "run_capture"]


def add_diff_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Compare two networks: nodes added, removed, renamed and changed, links "
                          "added, removed and changed, network properties. Positions are ignored "
                          "unless --positions is given.")
    parser.epilog = ("exit code: 0 the same, 1 different, 2 a file cannot be read\n\n"
                     "examples:\n  fastr-editor diff old.yaml new.yaml\n"
                     "  fastr-editor diff old.yaml new.json --json\n\n"
                     "as a git diff driver (see README):\n"
                     "  git config diff.fastr.command 'fastr-editor diff --git'\n")
    parser.add_argument("files", nargs="+", metavar="FILE",
                        help="A and B (with --git: the 7 arguments git gives a diff driver)")
    parser.add_argument("--json", action="store_true", help="print the changes as JSON")
    parser.add_argument("--positions", action="store_true", help="also compare node positions")
    parser.add_argument("--no-renames", action="store_true", help="report renamed nodes as removed and added")
    parser.add_argument("--git", action="store_true",
                        help="called by git as GIT_EXTERNAL_DIFF: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE ...")


def _read(path: str, shown: str):  # noqa: ANN202 - a Network
    from editor.core.errors import LoadError
    from editor.core.io.files import load_network
    from editor.core.graph.network import Network
    if path == os.devnull or (os.path.isfile(path) and os.path.getsize(path) == 0 and shown != path):
        return Network("empty")          # git: the file does not exist on this side
    try:                                 # a diff compares states: it looks up no tool or datatype
        return load_network(path)
    except LoadError as exc:
        if shown != path:
            raise LoadError(shown, str(exc).split(": ", 1)[-1]) from None
        raise


def run_diff(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from editor.core.errors import LoadError
    from editor.core.compare.diff import diff_networks
    from editor.core.compare.report import format_json, format_text
    if args.git:
        if len(args.files) not in (7, 9):
            print("fastr-editor diff --git: expected the 7 arguments git gives a diff driver "
                  "(PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE NEW-HEX NEW-MODE)", file=err)
            return 2
        shown = args.files[0]
        pairs = [(args.files[1], f"a/{shown}"), (args.files[4], f"b/{shown}")]
    elif len(args.files) != 2:
        print("fastr-editor diff: give two files, A and B (see fastr-editor diff --help)", file=err)
        return 2
    else:
        pairs = [(args.files[0], args.files[0]), (args.files[1], args.files[1])]
    networks = []
    for path, shown in pairs:
        try:
            networks.append(_read(path, shown))
        except LoadError as exc:
            print(" ".join(str(exc).split()), file=err)
            return 2
    diff = diff_networks(networks[0], networks[1], positions=args.positions, renames=not args.no_renames)
    names = (pairs[0][1], pairs[1][1])
    if args.json:
        out.write(format_json(diff, *names))
    else:
        out.write(format_text(diff, *names))
    if args.git:
        return 0                        # git stops at a driver that exits non-zero
    return 1 if diff else 0


def add_capture_arguments(parser: argparse.ArgumentParser) -> None:
    parser.description = ("Run a fastr script in a fastr Python without executing anything, and save "
                          "the network it builds (at its first execute(), or when it ends).")
    parser.epilog = ("It runs your own code: only capture scripts you trust.\n"
                     "exit code: 0 written, 1 the script failed or built no network, 2 bad arguments\n\n"
                     "examples:\n  fastr-editor capture build.py -o net.yaml\n"
                     "  fastr-editor capture build.py -o net.yaml --network sub -- --subjects 3\n")
    parser.add_argument("script", metavar="SCRIPT.py")
    parser.add_argument("args", nargs="*", metavar="ARGS", help="arguments for the script (after --)")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.yaml", help="ends in .yaml, .yml or .json")
    parser.add_argument("--network", metavar="ID", help="which network, when the script builds several")
    parser.add_argument("--fastr", metavar="PYTHON", help="the Python with fastr (default: the first found)")
    parser.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                        help="stop the script after this long (default 300)")
    parser.add_argument("--env", action="append", default=[], metavar="NAME=VALUE",
                        help="an environment variable for the script (repeatable)")
    parser.add_argument("--verbose", "-v", action="store_true", help="show the script's output")


def run_capture(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from editor.core.run.capture import CaptureError, capture_script, choose_network
    from editor.core.tools.datatypes import builtin_registry
    from editor.core.tools.library import builtin_library
    from editor.core.io.files import save_network
    suffix = os.path.splitext(args.output)[1].lower()
    if suffix not in (".json", ".yaml", ".yml"):
        print(f"{args.output}: the output must end in .json, .yaml or .yml", file=err)
        return 2
    env = {}
    for item in args.env:
        name, sep, value = item.partition("=")
        if not sep or not name:
            print(f"fastr-editor capture: --env {item!r}: give NAME=VALUE", file=err)
            return 2
        env[name] = value
    try:
        result = capture_script(args.script, args.args, python=args.fastr, env=env, timeout=args.timeout,
                                on_output=(lambda line: print(line, file=err)) if args.verbose else None)
        network = choose_network(result, args.network, library=builtin_library(), types=builtin_registry())
    except CaptureError as exc:
        print(str(exc), file=err)
        return exc.exit_code
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from editor.canvas.autolayout import assign_missing_positions
    from editor.canvas.export import ensure_application
    from editor.model.networkmodel import NetworkModel
    ensure_application()
    assign_missing_positions(NetworkModel(network))
    save_network(network, args.output)
    print(f"{args.output}: written (network {network.id}, {len(network.nodes)} nodes, "
          f"{len(network.links)} links)", file=out)
    return 0
