"""README.md's two commands stay true: CI runs exactly the test command it shows."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Run the tests", 1)[1]
    command = re.search(r"```sh\n(.+?)\n```", section, re.S).group(1).strip()
    assert command in (ROOT / ".ci" / "run").read_text()


def test_readme_run_command_names_the_console_script() -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Run the editor", 1)[1]
    command = re.search(r"```sh\n(.+?)\n```", section, re.S).group(1)
    assert "fastr-editor" in command
    assert 'fastr-editor = "editor.__main__:main"' in (ROOT / "pyproject.toml").read_text()
