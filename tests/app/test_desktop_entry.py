"""The desktop entry: valid by freedesktop.org's own validator, installed and removed per user by
``fastr-editor install-desktop``, its ``Exec`` starting this installation."""

from __future__ import annotations

import configparser
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from editor.app import desktop
from editor.app.cli import run
from editor.resources import resource_path

ENTRY = resource_path("desktop", "fastr-editor.desktop")


def _validate(path: Path) -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (apt-get install desktop-file-utils)")
    done = subprocess.run([validator, str(path)], capture_output=True, text=True)
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def _read(path: Path) -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return parser["Desktop Entry"]


def test_the_shipped_entry_is_valid_and_opens_yaml_and_json() -> None:
    _validate(ENTRY)
    entry = _read(ENTRY)
    assert {"application/yaml", "application/x-yaml", "application/json"} <= set(desktop.MIME_TYPES)
    assert entry["Icon"] == "fastr-editor" and resource_path("icons", "fastr-editor.svg").is_file()
    assert entry["Exec"].endswith(" %f")


def test_install_writes_a_valid_entry_that_starts_this_editor(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    written = desktop.install(env, command=[sys.executable, "-m", "editor"])
    entry_path = tmp_path / "data" / "applications" / "fastr-editor.desktop"
    icon = tmp_path / "data" / "icons" / "hicolor" / "scalable" / "apps" / "fastr-editor.svg"
    assert written == [entry_path, icon]
    assert icon.read_bytes() == resource_path("icons", "fastr-editor.svg").read_bytes()
    _validate(entry_path)
    exec_line = _read(entry_path)["Exec"]
    command = shlex.split(exec_line)[:-1]
    assert command == [sys.executable, "-m", "editor"]
    done = subprocess.run([*command, "--version"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.startswith("fastr-editor ")
    assert not (tmp_path / "config" / "mimeapps.list").exists()      # defaults only when asked


def test_exec_arguments_are_quoted_as_the_specification_says() -> None:
    text = desktop.desktop_entry(["/opt/my apps/bin/fastr-editor", "--x=100%"])
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line == 'Exec="/opt/my apps/bin/fastr-editor" --x=100%% %f'


def test_default_for_yaml_and_json_and_uninstall_keep_other_applications(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    mimeapps = tmp_path / "config" / "mimeapps.list"
    mimeapps.parent.mkdir()
    mimeapps.write_text("[Default Applications]\napplication/json=firefox.desktop;\ntext/html=firefox.desktop;\n"
                        "[Added Associations]\nimage/png=gimp.desktop;\n")
    desktop.install(env, default=True, command=["fastr-editor"])
    text = mimeapps.read_text()
    assert "application/json=fastr-editor.desktop;firefox.desktop;" in text
    assert "application/x-yaml=fastr-editor.desktop;" in text
    assert "text/html=firefox.desktop;" in text and "image/png=gimp.desktop;" in text
    removed = desktop.uninstall(env)
    assert len(removed) == 2 and not (tmp_path / "data" / "applications" / "fastr-editor.desktop").exists()
    text = mimeapps.read_text()
    assert "fastr-editor" not in text
    assert "application/json=firefox.desktop;" in text and "image/png=gimp.desktop;" in text


def test_the_command_line_installs_and_uninstalls(tmp_path: Path, capsys) -> None:
    prefix = tmp_path / "share"
    assert run(["install-desktop", "--prefix", str(prefix)]) == 0
    out = capsys.readouterr().out
    assert f"wrote {prefix / 'applications' / 'fastr-editor.desktop'}" in out
    assert (prefix / "icons" / "hicolor" / "scalable" / "apps" / "fastr-editor.svg").is_file()
    assert run(["install-desktop", "--prefix", str(prefix), "--uninstall"]) == 0
    assert "removed" in capsys.readouterr().out
    assert not (prefix / "applications" / "fastr-editor.desktop").exists()
    assert run(["install-desktop", "--prefix", str(prefix), "--uninstall"]) == 0
    assert capsys.readouterr().out.strip() == "nothing was installed"


def test_an_unwritable_folder_is_one_line_and_exit_2(tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert run(["install-desktop", "--prefix", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and str(blocker) in err
