"""fastr-editor as git's diff driver for network files, set up as the README says, in a real
temporary repository."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from editor.api import create_network
from editor.core.io.files import save_network

ROOT = Path(__file__).resolve().parents[2]


def _git(repo: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_git_diff_shows_a_semantic_diff_of_a_network_file(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    env = {**os.environ, "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    _git(repo, "init", "-q", env=env)
    _git(repo, "config", "user.email", "t@example.org", env=env)
    _git(repo, "config", "user.name", "t", env=env)
    # As in the README, with this Python standing in for the installed fastr-editor command.
    command = f"{shlex.quote(sys.executable)} -m editor diff --git"
    _git(repo, "config", "diff.fastr.command", command, env=env)
    (repo / ".gitattributes").write_text("*.yaml diff=fastr\n")
    net = create_network("pipeline")
    net.create_source("Int", id="numbers")
    net.create_sink("Int", id="result")
    save_network(net, repo / "pipeline.yaml")
    _git(repo, "add", ".", env=env)
    _git(repo, "commit", "-qm", "first", env=env)
    net.create_sink("Int", id="extra_result")
    net.nodes["numbers"].nodegroup = "inputs"
    save_network(net, repo / "pipeline.yaml")
    out = _git(repo, "diff", env=env).stdout
    assert "extra_result" in out
    assert "numbers" in out
    assert "nodelist:" not in out          # the semantic diff, not the YAML lines
