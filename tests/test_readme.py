"""README.md stays true: CI runs its two commands as written, and its command-line section names
every command, option and environment variable the editor has."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from editor.app.cli import COMMANDS, _command_parser, main_parser

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _command(section: str) -> str:
    body = README.split(f"## {section}", 1)[1]
    match = re.search(r"```sh\n(.+?)\n```", body, re.S)
    assert match, f"no ```sh block in the README's '{section}' section"
    return match.group(1).strip()


def test_ci_runs_the_readme_test_command() -> None:
    command = _command("Run the tests")
    assert "\n" + command + "\n" in CI


def test_the_commands_use_a_virtual_environment() -> None:
    """Debian 12 and Ubuntu 24.04 refuse pip into the system Python (externally managed)."""
    for section in ("Run the editor", "Run the tests"):
        command = _command(section)
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install "), command
        assert "python3 -m pip" not in command


def test_ci_runs_the_readme_run_command_and_sees_the_window() -> None:
    command = _command("Run the editor")
    install, _, start = command.rpartition(" && ")
    assert start == ".venv/bin/fastr-editor"
    assert 'fastr-editor = "editor.__main__:main"' in (ROOT / "pyproject.toml").read_text()
    assert "\n" + install + " " in CI or "\n" + install + "\n" in CI
    assert re.search(r"xvfb-run .*\n\s+\.venv/bin/fastr-editor ", CI)
    assert "rm -rf .venv" in CI.split(command.split(" && ")[0])[0]          # fresh, before the first


def test_ci_installs_the_system_packages_the_readme_lists() -> None:
    body = README.split("## Run the editor", 1)[1].split("\n## ", 1)[0]
    listed = re.search(r"sudo apt-get install (.+?)\n```", body, re.S)
    assert listed
    packages = set(listed.group(1).replace("\\", " ").split())
    assert {"libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1", "libxkbcommon-x11-0", "python3-venv"} <= packages
    for package in packages:
        assert re.search(rf"\s{re.escape(package)}\s", CI), package


def _options(parser: argparse.ArgumentParser) -> set[str]:
    return {o for action in parser._actions for o in action.option_strings
            if o.startswith("--") and o != "--help"}


def test_the_command_line_section_names_every_command_and_option() -> None:
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    missing = [f"fastr-editor {o}" for o in sorted(_options(main_parser())) if o not in section]
    for name in COMMANDS:
        if f"fastr-editor {name}" not in section:
            missing.append(f"fastr-editor {name}")
        missing += [f"{name} {o}" for o in sorted(_options(_command_parser(name)))
                    if not re.search(rf"{re.escape(o)}(?![\w-])", section)]
    assert not missing, f"README.md's command-line section does not mention: {missing}"


def test_every_environment_variable_of_the_editor_is_documented() -> None:
    names = set()
    for path in (ROOT / "editor").rglob("*.py"):
        names |= set(re.findall(r"FASTR_EDITOR_[A-Z_]+", path.read_text(encoding="utf-8")))
    assert {"FASTR_EDITOR_PYTHON", "FASTR_EDITOR_SETTINGS_DIR"} <= names
    section = README.split("## Command line", 1)[1].split("\n## ", 1)[0]
    assert not sorted(n for n in names if n not in section)
