"""The window's and the command line's library from the user's fastr (real fastr 3.4.0).

A WORC-like package (:mod:`tests.oracle.worclike`) whose ``config.d`` file finds its tool folders
with ``importlib`` when fastr runs it: only fastr's answer knows them.  The window asks in a
background thread (``LibraryService``) and stays usable; the command line asks once (``--fastr``
or ``$FASTR_EDITOR_PYTHON``).  Without a fastr, or when asking fails, the static reading is used and
the Library tab says so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from editor.app import library as library_module
from editor.app.cli import run
from editor.app.library import LibraryService
from editor.app.settings import SETTINGS_DIR_ENV, AppSettings
from editor.core.run.find_fastr import DATA_DIR_ENV, ENV_VAR
from editor.core.setup.library import SOURCE_CACHE, SOURCE_FASTR, SOURCE_STATIC
from editor.model.edits import add_tool_node
from tests.oracle.worclike import CONFIG_D, NETWORK, TOOL_IDS, TYPES, Worclike, fastrhome, make_worclike

REPO = Path(__file__).resolve().parents[2]
ADDINT = "fastr/math/AddInt:1.0"


@pytest.fixture(scope="module")
def worclike(tmp_path_factory: pytest.TempPathFactory) -> Worclike:
    return make_worclike(tmp_path_factory.mktemp("worclike"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A FASTRHOME with the worclike config.d; no fastr chosen yet, a private data folder."""
    folder = fastrhome(tmp_path / "fastrhome")
    monkeypatch.setenv("FASTRHOME", str(folder))
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "data"))
    monkeypatch.setenv(SETTINGS_DIR_ENV, str(tmp_path / "settings"))
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.delenv("FASTR_CONFIG_DIRS", raising=False)
    return folder


@pytest.fixture
def network(tmp_path: Path) -> Path:
    path = tmp_path / "radiomics.yaml"
    path.write_text(NETWORK)
    return path


def static_config(home: Path, worclike: Worclike) -> None:
    """config.py naming the folders outright (a static reading follows it), no config.d."""
    (home / "config.d" / "worclike.py").unlink()
    (home / "config.py").write_text(f"tools_path = [{str(worclike.tools_dir)!r}] + tools_path\n"
                                    f"types_path = [{str(worclike.types_dir)!r}] + types_path\n")


def library_problems(text: str) -> list[str]:
    return [line for line in text.splitlines()
            if "not in the tool library" in line or "not a known datatype" in line]


# -- the command line -----------------------------------------------------------------------------
def test_validate_and_export_know_the_tools_fastr_resolves(worclike: Worclike, home: Path, network: Path,
                                                           tmp_path: Path, capsys) -> None:
    assert run(["validate", str(network)]) == 0                      # no fastr: the tools are unknown
    out = capsys.readouterr().out
    assert len(library_problems(out)) >= len(TOOL_IDS) + len(TYPES)

    assert run(["validate", str(network), "--fastr", str(worclike.python)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == f"{network}: valid", captured
    assert captured.err == ""

    svg = tmp_path / "radiomics.svg"
    assert run(["export", str(network), "--svg", str(svg), "--fastr", str(worclike.python)]) == 0
    text = svg.read_text()
    for label in ("CalcFeatures:1.0", "Classify:1.0", "PlotROC:3.0", "v2.1"):
        assert label in text, label
    assert "unknown tool" not in text.lower()


def test_validate_in_a_process_with_the_python_in_the_environment(worclike: Worclike, home: Path,
                                                                  network: Path, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update({ENV_VAR: str(worclike.python), "FASTR_EDITOR_SETTINGS_DIR": str(tmp_path / "settings"),
                "QT_QPA_PLATFORM": "offscreen"})
    proc = subprocess.run([sys.executable, "-m", "editor", "validate", str(network)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=600)
    assert (proc.returncode, proc.stdout.strip(), proc.stderr) == (0, f"{network}: valid", "")
    assert list((tmp_path / "data" / "fastr-config").glob("*.json"))   # the answer was cached


def test_validate_says_once_why_asking_failed(worclike: Worclike, home: Path, network: Path, capsys) -> None:
    (home / "config.d" / "worclike.py").write_text('raise RuntimeError("boom")\n')
    assert run(["validate", str(network), "--fastr", str(worclike.python)]) == 0
    captured = capsys.readouterr()
    err = captured.err.strip().splitlines()
    assert len(err) == 1 and "asking fastr at" in err[0] and "RuntimeError: boom" in err[0], err
    assert library_problems(captured.out)                             # the static reading knows none


def test_no_fastr_config_leaves_the_answer_out(worclike: Worclike, home: Path, network: Path, capsys) -> None:
    assert run(["validate", str(network), "--fastr", str(worclike.python), "--no-fastr-config"]) == 0
    assert library_problems(capsys.readouterr().out)


def test_validate_with_a_fastr_that_cannot_be_run(home: Path, network: Path, tmp_path: Path, capsys) -> None:
    assert run(["validate", str(network), "--fastr", str(tmp_path / "nope" / "python")]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"cannot run {tmp_path / 'nope' / 'python'}" in err[0], err
    assert "Traceback" not in err[0]


def test_validate_says_when_the_environment_names_a_python_without_fastr(home: Path, network: Path, capsys,
                                                                         monkeypatch) -> None:
    monkeypatch.setenv(ENV_VAR, sys.executable)          # the editor's own Python: no fastr there
    assert run(["validate", str(network)]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"$FASTR_EDITOR_PYTHON={sys.executable}: no fastr package" in err[0], err


def test_tools_and_types_options_come_before_and_after_fastrs_folders(worclike: Worclike, home: Path,
                                                                      tmp_path: Path) -> None:
    """``--tools`` is searched before fastr's tools_path (first wins); a ``--types`` folder comes
    after fastr's types_path (a later folder wins, as in fastr)."""
    from editor.app.cli import _command_parser
    from editor.app.clilibrary import cli_library
    mine = tmp_path / "mine" / "worclike"
    mine.mkdir(parents=True)
    source = (worclike.tools_dir / "worclike" / "calcfeatures.xml").read_text()
    (mine / "calcfeatures.xml").write_text(source.replace('name="Calculate features"', 'name="Mine"'))
    types = tmp_path / "types"
    types.mkdir()
    (types / "WorclikeModel.py").write_text(TYPES["WorclikeModel"].replace("trained model", "my model"))
    args = _command_parser("validate").parse_args(["x.yaml", "--tools", str(tmp_path / "mine"),
                                     "--types", str(types), "--fastr", str(worclike.python)])
    loaded = cli_library(args)
    assert loaded.settings.source == SOURCE_FASTR
    tool = loaded.tools.get(TOOL_IDS[0])
    assert tool is not None and tool.name == "Mine"
    assert any("already loaded from" in w.message and str(mine) in w.message for w in loaded.tools.warnings)
    assert loaded.tools.get(TOOL_IDS[1]) is not None                 # the rest from fastr's folder
    model = loaded.types.get("WorclikeModel")
    assert model is not None and model.description == "worclike my model"
    assert model.source_file == str(types / "WorclikeModel.py")


def test_static_config_without_fastr(worclike: Worclike, home: Path, network: Path, capsys) -> None:
    static_config(home, worclike)
    assert run(["validate", str(network)]) == 0
    assert capsys.readouterr().out.strip() == f"{network}: valid"


# -- the window -----------------------------------------------------------------------------------
def make_window(qtbot, service: LibraryService):
    from editor.app.mainwindow import MainWindow
    window = MainWindow(service.settings, service)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def library_tab(window) -> str:
    return window.docks.palette.report.report_text()


def window_problems(window) -> list[str]:
    return [p.message for p in window.docks.get("problems").model.problems]


def gated(home: Path, gate: Path) -> None:
    """A config.d file that waits until ``gate`` exists: fastr answers when the test says so."""
    (home / "config.d" / "aa_wait.py").write_text(
        f"import os, time\nfor _ in range(6000):\n    if os.path.exists({str(gate)!r}):\n        break\n"
        "    time.sleep(0.05)\n")


def test_window_swaps_in_fastrs_answer(qtbot, worclike: Worclike, home: Path, network: Path, tmp_path: Path,
                                       monkeypatch) -> None:
    gate = tmp_path / "gate"
    gated(home, gate)
    monkeypatch.setenv(ENV_VAR, str(worclike.python))
    service = LibraryService(AppSettings())
    assert service.fastr.source == SOURCE_STATIC and "until fastr at" in service.fastr.reason
    window = make_window(qtbot, service)
    assert "until fastr at" in library_tab(window)
    assert window.open_path(str(network), ask=False)
    unknown = f"Tool '{TOOL_IDS[0]}' version 1.0 is not in the tool library"
    qtbot.waitUntil(lambda: any(unknown in m for m in window_problems(window)), timeout=30_000)
    with qtbot.waitSignal(service.library_changed, timeout=300_000):
        gate.write_text("")
    assert service.fastr.source == SOURCE_FASTR and not service.asking
    for ns_id in TOOL_IDS:
        assert service.library.get(ns_id) is not None, ns_id
    for name in TYPES:
        assert service.types.get(name) is not None, name
    text = library_tab(window)
    assert f"fastr configuration: asked fastr 3.4.0 at {worclike.python}" in text
    assert f"{worclike.tools_dir} (3 tools)" in text
    qtbot.waitUntil(lambda: not library_problems("\n".join(window_problems(window))), timeout=30_000)
    assert window.document.root.library is service.library              # the open network's nodes too
    assert not window.document.is_modified

    again = LibraryService(AppSettings())              # the next window: the cached answer, no asking
    assert again.fastr.source == SOURCE_CACHE and not again.asking
    assert again.library.get(TOOL_IDS[0]) is not None


def test_window_is_usable_while_fastr_is_asked(qtbot, worclike: Worclike, home: Path, tmp_path: Path,
                                               monkeypatch) -> None:
    gate = tmp_path / "gate"
    gated(home, gate)
    monkeypatch.setenv(ENV_VAR, str(worclike.python))
    service = LibraryService(AppSettings())
    window = make_window(qtbot, service)
    changed: list[object] = []
    service.library_changed.connect(changed.append)
    model = window.document.current_model
    tool = service.library.get(ADDINT)
    for position in ((0.0, 0.0), (200.0, 0.0)):           # edits while fastr has not answered
        window.document.push(add_tool_node(model, tool, position))
    window.document.undo_stack.undo()
    qtbot.wait(200)
    assert len(model.network.nodes) == 1
    assert service.asking and not changed
    assert "until fastr at" in library_tab(window)
    assert service.library.get(TOOL_IDS[0]) is None
    with qtbot.waitSignal(service.library_changed, timeout=300_000):
        gate.write_text("")
    assert service.fastr.source == SOURCE_FASTR
    assert "asked fastr 3.4.0" in library_tab(window) and service.library.get(TOOL_IDS[0]) is not None
    assert len(model.network.nodes) == 1
    window.document.undo_stack.undo()                      # clean again: closing asks nothing
    assert not model.network.nodes and not window.document.is_modified


def test_reload_while_asking_keeps_only_the_newest_answer(qtbot, worclike: Worclike, home: Path, tmp_path: Path,
                                                          monkeypatch) -> None:
    gate = tmp_path / "gate"
    gated(home, gate)
    monkeypatch.setenv(ENV_VAR, str(worclike.python))
    service = LibraryService(AppSettings())
    assert service.asking
    changed: list[object] = []
    service.library_changed.connect(changed.append)
    service.reload()                                     # e.g. the Reload button while fastr is asked
    assert len(changed) == 1 and service.asking and service.fastr.source == SOURCE_STATIC
    gate.write_text("")
    qtbot.waitUntil(lambda: not any(t.name == "ask-fastr-config" for t in threading.enumerate()), timeout=300_000)
    qtbot.waitUntil(lambda: not service.asking, timeout=10_000)
    qtbot.wait(100)                                      # the older answer's signal, if any, is delivered
    assert len(changed) == 2 and service.fastr.source == SOURCE_FASTR
    assert service.library.get(TOOL_IDS[0]) is not None


def test_python_chosen_in_the_preferences_then_fastr_config_turned_off(qtbot, worclike: Worclike,
                                                                      home: Path) -> None:
    settings = AppSettings()
    service = LibraryService(settings)
    assert not service.asking and "no fastr Python chosen" in service.fastr.reason
    settings.set_fastr_python(str(worclike.python))               # what the Preferences dialog stores
    with qtbot.waitSignal(service.library_changed, timeout=300_000,
                          check_params_cb=lambda _library: service.fastr.source == SOURCE_FASTR):
        service.reload()
    assert service.fastr.python == str(worclike.python) and service.library.get(TOOL_IDS[1]) is not None
    window = make_window(qtbot, service)
    assert f"asked fastr 3.4.0 at {worclike.python}" in library_tab(window)

    settings.set_use_fastr_config(False)
    window.library_service.reload()
    assert not service.asking and service.fastr.source == "off"
    assert service.library.get(TOOL_IDS[1]) is None
    assert "fastr configuration: fastr's configuration is not used (turned off)" in library_tab(window)


@pytest.mark.parametrize("config_d, expected, timeout", [
    ('raise RuntimeError("boom")\n', "RuntimeError: boom", 300.0),
    ("import time\ntime.sleep(600)\n", "timed out", 5.0),
], ids=["raises", "hangs"])
def test_window_shows_why_asking_failed(qtbot, worclike: Worclike, home: Path, monkeypatch,
                                        config_d: str, expected: str, timeout: float) -> None:
    static_config(home, worclike)
    (home / "config.d" / "zz_user.py").write_text(config_d)
    monkeypatch.setattr(library_module, "ASK_TIMEOUT", timeout)
    monkeypatch.setenv(ENV_VAR, str(worclike.python))
    service = LibraryService(AppSettings())
    assert service.ask_timeout == timeout
    with qtbot.waitSignal(service.library_changed, timeout=300_000):
        window = make_window(qtbot, service)
    assert service.fastr.source == SOURCE_STATIC and expected in service.fastr.error
    text = library_tab(window)
    assert f"asking fastr at {worclike.python} failed" in text and expected in text
    source = window.docks.palette.report.source
    assert len(source.text().splitlines()) <= 3 and "Traceback" not in source.text()   # fits the dock
    assert service.fastr.error in source.toolTip()                    # the whole text on hover
    if "boom" in expected:
        assert f"RuntimeError: boom ({home / 'config.d' / 'zz_user.py'}, line 1)" in source.text()
    assert service.library.get(TOOL_IDS[0]) is not None              # config.py, read statically
    assert not list((home.parent / "data" / "fastr-config").glob("*.json"))


def test_library_tab_names_the_static_source_without_fastr(qtbot, worclike: Worclike, home: Path) -> None:
    static_config(home, worclike)
    service = LibraryService(AppSettings())
    assert not service.asking
    window = make_window(qtbot, service)
    text = library_tab(window)
    assert "fastr configuration: read without running fastr: no fastr Python chosen" in text
    assert f"{worclike.tools_dir} (3 tools)" in text
    assert service.library.get(TOOL_IDS[2]) is not None and service.types.get("WorclikeModel") is not None


def test_library_tab_shows_what_the_static_reading_cannot_follow(qtbot, worclike: Worclike, home: Path) -> None:
    assert (home / "config.d" / "worclike.py").read_text() == CONFIG_D
    window = make_window(qtbot, LibraryService(AppSettings()))
    text = library_tab(window)
    assert "no fastr Python chosen" in text
    assert text.count("could not follow `tools_path") == 1 and text.count("could not follow `types_path") == 1
    assert "Datatype files with problems" not in text
