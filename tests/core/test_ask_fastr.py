"""Asking the user's fastr for its resolved configuration (``editor.core.run.ask_fastr``) and the
library built from it (``editor.core.setup.library``), against real fastr 3.4.0.

The "user's fastr" is an overlay venv over the oracle venv (:mod:`tests.oracle.worclike`), with a
WORC-like package whose ``config.d`` file finds its tool folders with ``importlib`` at run time.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from editor.core.run import ask_fastr as ask_module
from editor.core.run.ask_fastr import FastrAskError, ask_fastr, ask_fastr_cached, cache_key, cached_answer
from editor.core.run.find_fastr import PythonChoice
from editor.core.setup.library import (SOURCE_CACHE, SOURCE_FASTR, SOURCE_STATIC, fastr_settings, load_library,
                                      settings_from_answer, unknown_mounts)
from editor.core.tools.library import ORIGIN_FASTR_CONFIG
from tests.oracle.fastr_env import fastr_python
from tests.oracle.worclike import (MOUNT, PREFERRED, TOOL_IDS, TYPES, Worclike, fastr_environ, fastrhome,
                                   make_worclike, write_package)

#: what fastr itself lists, run with the same interpreter and FASTRHOME (not the editor's script)
LIST_SCRIPT = r'''
import contextlib, json, sys
with contextlib.redirect_stdout(sys.stderr):
    import fastr
    tools = {}
    for (ns_id, version), tool in fastr.tools.items():
        tools[f"{ns_id}@{version}"] = {
            "inputs": {k: [v.datatype, str(v.cardinality)] for k, v in tool.inputs.items()},
            "outputs": {k: [v.datatype, str(v.cardinality)] for k, v in tool.outputs.items()}}
    types = sorted(str(k) for k in fastr.types.keys())
print("LISTED " + json.dumps({"tools": tools, "types": types}))
'''


@pytest.fixture(scope="module")
def worclike(tmp_path_factory: pytest.TempPathFactory) -> Worclike:
    return make_worclike(tmp_path_factory.mktemp("worclike"))


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return fastr_environ(fastrhome(tmp_path / "fastrhome"), tmp_path / "data")


def fastr_lists(python: Path, env: dict[str, str]) -> dict:
    proc = subprocess.run([str(python), "-c", LIST_SCRIPT], capture_output=True, text=True, env=env,
                          timeout=300, check=True)
    line = next(line for line in proc.stdout.splitlines() if line.startswith("LISTED "))
    return json.loads(line[len("LISTED "):])


def count_popen(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The commands ask_fastr starts (the real Popen still runs them)."""
    started: list[list[str]] = []
    real = subprocess.Popen

    def popen(args, *rest, **kwargs):
        started.append(list(args))
        return real(args, *rest, **kwargs)
    monkeypatch.setattr(ask_module.subprocess, "Popen", popen)
    return started


# -- the answer -----------------------------------------------------------------------------------
def test_answer_has_the_folders_mount_and_types_config_d_resolves(worclike: Worclike, env) -> None:
    answer = ask_fastr(str(worclike.python), timeout=300, environ=env)
    assert answer["version"] == "3.4.0"
    assert "errors" not in answer, answer.get("errors")
    assert answer["tools_path"][0] == str(worclike.tools_dir)
    assert answer["types_path"][0] == str(worclike.types_dir)
    assert answer["mounts"][MOUNT] == str(worclike.package / "exampledata")
    assert answer["preferred_types"] == [PREFERRED]
    assert answer["files"] == [str(Path(env["FASTRHOME"]) / "config.d" / "worclike.py")]
    assert {f"{ns_id}@{v}" for ns_id, v in [("worclike/CalcFeatures:1.0", "1.0"), ("worclike/Classify:1.0", "2.1"),
                                            ("worclike/plot/PlotROC:3.0", "0.5")]} <= set(answer["tools"])
    assert set(TYPES) <= set(answer["types"])

    settings = settings_from_answer(answer, str(worclike.python), cached=False)
    assert settings.source == SOURCE_FASTR and settings.asked
    assert settings.tools_path == [str(worclike.tools_dir)]          # fastr's own resources left out
    assert settings.types_path == [str(worclike.types_dir)]
    assert settings.mounts is not None and settings.mounts[MOUNT] == str(worclike.package / "exampledata")
    assert settings.execution_plugin is None                         # fastr's default, not set by a file
    assert "LinearExecution" in settings.execution_plugins
    assert f"asked fastr 3.4.0 at {worclike.python}" in settings.reason


def test_mounts_from_the_answer_check_vfs_values(worclike: Worclike, env) -> None:
    settings = fastr_settings(PythonChoice(str(worclike.python), "--fastr"), timeout=300, environ=env)
    values = {"images": [f"vfs://{MOUNT}/patient1/image.nii.gz", "vfs://home/x.nii.gz"],
              "configs": {"s1": "vfs://nowhere/config.ini"}}
    problems = unknown_mounts(values, settings.mounts)
    assert len(problems) == 1 and "configs: vfs://nowhere/config.ini: fastr has no mount 'nowhere'" in problems[0]
    assert MOUNT in problems[0]                                       # the known mounts are listed
    assert unknown_mounts(values, fastr_settings(None, environ=env).mounts) == []   # unknown: not checked


def test_library_from_the_answer_equals_what_fastr_lists(worclike: Worclike, env) -> None:
    settings = fastr_settings(PythonChoice(str(worclike.python), "--fastr"), timeout=300, environ=env)
    assert settings.source == SOURCE_FASTR and not settings.error
    loaded = load_library([], [], settings)
    assert not loaded.tools.errors and not loaded.tools.warnings and not loaded.types.errors
    listed = fastr_lists(worclike.python, env)
    ours = {f"{tool.ns_id}@{tool.version}": tool for tool in loaded.tools
            if tool.source_file and tool.source_file.startswith(str(worclike.tools_dir))}
    theirs = {key: value for key, value in listed["tools"].items() if key.startswith("worclike/")}
    assert sorted(ours) == sorted(theirs)
    assert sorted({key.split("@")[0] for key in ours}) == TOOL_IDS
    assert {key for key in settings.fastr_tools or [] if key.startswith("worclike/")} == set(theirs)
    for key, tool in ours.items():
        assert {p.id: p.datatype for p in tool.inputs} == {k: v[0] for k, v in theirs[key]["inputs"].items()}
        assert {p.id: p.datatype for p in tool.outputs} == {k: v[0] for k, v in theirs[key]["outputs"].items()}
    for name in TYPES:
        assert name in listed["types"] and loaded.types.get(name) is not None, name
    known = set(loaded.types.ids()) | set(loaded.tools.enum_types)        # tools' enums, as in fastr
    assert set(listed["types"]) <= known, set(listed["types"]) - known
    assert loaded.types.preferred_types == (PREFERRED,)
    assert [e.origin for e in loaded.tools.paths][:1] == [ORIGIN_FASTR_CONFIG]


def test_pythonpath_in_the_given_environment_reaches_fastr(tmp_path: Path) -> None:
    """``environ`` is passed as given (PYTHONPATH kept): the oracle venv itself, with the package
    on PYTHONPATH, resolves the same folders."""
    package = write_package(tmp_path / "site")
    env = fastr_environ(fastrhome(tmp_path / "home"), tmp_path / "data", PYTHONPATH=str(tmp_path / "site"))
    answer = ask_fastr(str(fastr_python()), timeout=300, environ=env)
    assert answer["tools_path"][0] == str(package / "resources" / "fastr_tools")


def test_static_reading_cannot_follow_importlib(worclike: Worclike, env) -> None:
    """The same config.d read without running it: no folders, and a note saying why."""
    settings = fastr_settings(None, environ=env)
    assert settings.source == SOURCE_STATIC and settings.tools_path == []
    assert "no fastr Python chosen" in settings.reason
    assert any("worclike.py:10" in note and "could not follow" in note for note in settings.notes), settings.notes
    loaded = load_library([], [], settings)
    assert all(not tool.ns_id.startswith("worclike/") for tool in loaded.tools)
    assert [w.message for w in loaded.tools.warnings] == settings.notes
    assert not loaded.types.errors                         # the notes are not datatype files


def test_a_tool_file_fastr_refuses_is_one_line_in_the_answer(tmp_path: Path) -> None:
    """fastr cannot list any tool when one file is broken (jsonschema's message goes on with the
    whole schema): the answer says it in one line, and the editor names the file itself."""
    broken = make_worclike(tmp_path / "broken")
    calc = broken.tools_dir / "worclike" / "calcfeatures.xml"
    calc.write_text(calc.read_text().replace('<authors><author name="Worclike"/></authors>\n', "", 1))
    env = fastr_environ(fastrhome(tmp_path / "home"), tmp_path / "data")
    settings = fastr_settings(PythonChoice(str(broken.python), "--fastr"), timeout=300, environ=env)
    assert settings.source == SOURCE_FASTR and settings.fastr_tools is None
    assert len(settings.notes) == 1, settings.notes
    note = settings.notes[0]
    assert note.startswith("fastr could not load its tools: ValidationError: ") and "authors" in note
    assert "\n" not in note and len(note) < 400
    loaded = load_library([], [], settings)
    assert [Path(e.path).name for e in loaded.tools.errors] == ["calcfeatures.xml"]
    assert [w.message for w in loaded.tools.warnings] == [note]
    assert not loaded.types.errors                         # said once, with the tools
    assert loaded.tools.get("worclike/Classify:1.0") is not None


def test_static_reading_agrees_with_fastr_where_it_can_follow(worclike: Worclike, tmp_path: Path) -> None:
    home = fastrhome(tmp_path / "home", b_more=(
        "import os\n"
        f"types_path.append(os.path.join({str(worclike.package)!r}, 'resources', 'fastr_types'))\n"
        "preferred_types += ['WorclikeModel']\nexecution_plugin = 'LinearExecution'\n"))
    (home / "config.py").write_text(f"tools_path = [{str(worclike.tools_dir)!r}] + tools_path\n"
                                    "preferred_types = ['WorclikeFeatures']\n")
    env = fastr_environ(home, tmp_path / "data")
    static = fastr_settings(None, environ=env)
    asked = fastr_settings(PythonChoice(str(worclike.python), "--fastr"), timeout=300, environ=env)
    assert (static.source, asked.source) == (SOURCE_STATIC, SOURCE_FASTR)
    assert static.notes == [] and asked.notes == []
    for name in ("tools_path", "types_path", "preferred_types", "execution_plugin", "files"):
        assert getattr(static, name) == getattr(asked, name), name
    assert asked.tools_path == [str(worclike.tools_dir)] and asked.execution_plugin == "LinearExecution"


# -- failures -------------------------------------------------------------------------------------
def test_config_d_that_raises_gives_fastrs_error_and_the_static_reading(worclike: Worclike, tmp_path: Path) -> None:
    home = fastrhome(tmp_path / "home", broken='raise RuntimeError("boom")\n')
    (home / "config.py").write_text(f"tools_path = [{str(worclike.tools_dir)!r}] + tools_path\n")
    env = fastr_environ(home, tmp_path / "data")
    with pytest.raises(FastrAskError) as raised:
        ask_fastr(str(worclike.python), timeout=300, environ=env)
    assert "RuntimeError: boom" in raised.value.message
    assert str(home / "config.d" / "broken.py") in raised.value.message     # fastr's own traceback
    assert "Traceback" in raised.value.message and len(raised.value.message) < 2000

    settings = fastr_settings(PythonChoice(str(worclike.python), "--fastr"), timeout=300, environ=env)
    assert settings.source == SOURCE_STATIC and "asking fastr at" in settings.reason and "failed" in settings.reason
    assert "RuntimeError: boom" in settings.error
    assert settings.tools_path == [str(worclike.tools_dir)]                # config.py, read statically
    loaded = load_library([], [], settings)
    assert loaded.tools.get("worclike/CalcFeatures:1.0") is not None
    assert any("RuntimeError: boom" in w.message for w in loaded.tools.warnings)
    assert cached_answer(str(worclike.python), env) is None                # a failure is not cached


def test_config_d_that_hangs_is_killed_with_its_children(worclike: Worclike, tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    home = fastrhome(tmp_path / "home", hang=(
        "import os, subprocess, time\n"
        "child = subprocess.Popen(['sleep', '600'])\n"
        f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{child.pid}}')\n"
        "time.sleep(600)\n"))
    env = fastr_environ(home, tmp_path / "data")
    # On a loaded machine fastr may not reach its config.d within 15 s; then ask once more with
    # more time, so that the hang (and its child) really started before the timeout.
    for timeout in (15, 90):
        with pytest.raises(FastrAskError) as raised:
            ask_fastr(str(worclike.python), timeout=timeout, environ=env)
        assert "timed out" in raised.value.message and f"{timeout} s" in raised.value.message
        if pids.exists():
            break
    for pid in map(int, pids.read_text().split()):           # the whole process group is gone
        assert not _running(pid), f"process {pid} still running"

    settings = fastr_settings(PythonChoice(str(worclike.python), "--fastr"), timeout=5, environ=env)
    assert settings.source == SOURCE_STATIC and "timed out" in settings.error


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_hang_whose_child_left_the_process_group_still_returns(worclike: Worclike, tmp_path: Path) -> None:
    """A child in its own session keeps fastr's output pipes open after the group is killed:
    ask_fastr still gives up (it used to wait for the pipes forever)."""
    pid_file = tmp_path / "pid"
    home = fastrhome(tmp_path / "home", hang=(
        "import subprocess, time\n"
        "child = subprocess.Popen(['sleep', '600'], start_new_session=True)\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "time.sleep(600)\n"))
    env = fastr_environ(home, tmp_path / "data")
    outcome: list[BaseException] = []

    def ask(timeout: int) -> None:
        try:
            ask_fastr(str(worclike.python), timeout=timeout, environ=env)
        except BaseException as error:  # noqa: BLE001 - handed to the test
            outcome.append(error)
    # As above: ask again with more time when a loaded machine kept fastr from its config.d.
    for timeout in (15, 90):
        outcome.clear()
        thread = threading.Thread(target=ask, args=(timeout,), daemon=True)
        thread.start()
        thread.join(timeout + 105)
        if thread.is_alive() or pid_file.exists():
            break
    try:
        assert not thread.is_alive(), "ask_fastr still waits for the escaped child's pipes"
        assert isinstance(outcome[0], FastrAskError) and "timed out" in outcome[0].message
    finally:
        if pid_file.exists():
            os.kill(int(pid_file.read_text()), 9)
    assert pid_file.exists(), "the config.d file never ran: nothing escaped the group"


def test_an_answer_is_not_held_up_by_a_background_process_of_the_config(worclike: Worclike, tmp_path: Path) -> None:
    """A config.d file that starts a process of its own (in its own session, inheriting fastr's
    output): fastr's answer counts when fastr ends, not when that process closes its output."""
    pid_file = tmp_path / "pid"
    home = fastrhome(tmp_path / "home", daemon=(
        "import subprocess\n"
        "child = subprocess.Popen(['sleep', '600'], start_new_session=True)\n"
        f"open({str(pid_file)!r}, 'w').write(str(child.pid))\n"
        "mounts['daemon'] = '/data/daemon'\n"))
    env = fastr_environ(home, tmp_path / "data")
    outcome: list[object] = []
    thread = threading.Thread(target=lambda: outcome.append(_outcome(worclike, env, 60)), daemon=True)
    thread.start()
    thread.join(120)
    try:
        assert not thread.is_alive() and isinstance(outcome[0], dict), outcome
        assert outcome[0]["mounts"]["daemon"] == "/data/daemon"
    finally:
        os.kill(int(pid_file.read_text()), 9)


def _outcome(worclike: Worclike, env: dict[str, str], timeout: float) -> object:
    try:
        return ask_fastr(str(worclike.python), timeout=timeout, environ=env)
    except FastrAskError as error:
        return error


def test_a_fastr_still_asked_when_the_editor_exits_is_stopped(worclike: Worclike, tmp_path: Path) -> None:
    """The window asks in a daemon thread: at exit the hanging fastr goes too (not orphaned)."""
    pid_file = tmp_path / "pid"
    home = fastrhome(tmp_path / "home", hang=(
        f"import os, time\nopen({str(pid_file)!r}, 'w').write(str(os.getpid()))\ntime.sleep(600)\n"))
    env = fastr_environ(home, tmp_path / "data")
    script = (
        "import os, sys, threading, time\n"
        "from editor.core.run.ask_fastr import ask_fastr\n"
        f"env = {env!r}\n"
        f"threading.Thread(target=ask_fastr, args=({str(worclike.python)!r}, 600, env), daemon=True).start()\n"
        f"while not os.path.exists({str(pid_file)!r}):\n    time.sleep(0.05)\n")
    subprocess.run([sys.executable, "-c", script], cwd=Path(__file__).resolve().parents[2], timeout=300,
                   check=True)
    pid = int(pid_file.read_text())
    for _ in range(200):                         # SIGKILL was sent at exit; let it land
        if not _running(pid):
            break
        time.sleep(0.05)
    else:
        os.kill(pid, 9)
        pytest.fail(f"the asked fastr (process {pid}) outlived the Python that asked it")


def test_asked_without_a_home_folder(worclike: Worclike, env, tmp_path: Path, monkeypatch) -> None:
    """It runs in the home folder; a missing one is not "cannot run python"."""
    monkeypatch.setenv("HOME", str(tmp_path / "gone"))
    answer = ask_fastr(str(worclike.python), timeout=300, environ=env)
    assert answer["tools_path"][0] == str(worclike.tools_dir)


def test_a_python_named_in_the_environment_without_fastr_is_reported(tmp_path: Path, env) -> None:
    settings = fastr_settings(None, environ={**env, "FASTR_EDITOR_PYTHON": sys.executable})
    assert settings.source == SOURCE_STATIC and "names no Python with fastr" in settings.reason
    assert f"$FASTR_EDITOR_PYTHON={sys.executable}: no fastr package next to it" in settings.error
    assert fastr_settings(None, environ=env).error == ""


def test_a_python_that_cannot_be_run(tmp_path: Path, env) -> None:
    with pytest.raises(FastrAskError, match="cannot run"):
        ask_fastr(str(tmp_path / "no-such-python"), environ=env)
    settings = fastr_settings(PythonChoice(str(tmp_path / "no-such-python"), "--fastr"), environ=env)
    assert settings.source == SOURCE_STATIC and "cannot run" in settings.error


# -- the cache ------------------------------------------------------------------------------------
def test_second_ask_uses_the_cache_until_a_config_file_changes(worclike: Worclike, env,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    started = count_popen(monkeypatch)
    python = str(worclike.python)
    first, cached = ask_fastr_cached(python, 300, env)
    assert not cached and len(started) == 1
    again, cached = ask_fastr_cached(python, 300, env)
    assert cached and again == first and len(started) == 1              # no subprocess
    settings = fastr_settings(PythonChoice(python, "--fastr"), environ=env)
    assert settings.source == SOURCE_CACHE and "cached answer of" in settings.reason and len(started) == 1
    assert fastr_settings(PythonChoice(python, "--fastr"), ask=False, environ=env).source == SOURCE_CACHE

    config = Path(env["FASTRHOME"]) / "config.d" / "worclike.py"
    stat = config.stat()
    os.utime(config, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))   # same contents
    assert ask_fastr_cached(python, 300, env)[1] and len(started) == 1

    config.write_text(config.read_text() + "mounts['more'] = '/data/more'\n")
    changed, cached = ask_fastr_cached(python, 300, env)
    assert not cached and len(started) == 2
    assert changed["mounts"]["more"] == "/data/more" and "more" not in first["mounts"]
    assert ask_fastr_cached(python, 300, env) == (changed, True) and len(started) == 2


def test_cache_key_follows_new_files_and_the_environment(worclike: Worclike, env) -> None:
    python = str(worclike.python)
    key = cache_key(python, env)
    assert cache_key(python, dict(env)) == key
    home = Path(env["FASTRHOME"])
    (home / "config.py").write_text("preferred_types += ['TxtFile']\n")
    with_config = cache_key(python, env)
    assert with_config != key
    (home / "config.d" / "extra.txt").write_text("not read by fastr\n")
    assert cache_key(python, env) == with_config
    (home / "config.d" / "extra.py").write_text("\n")
    assert cache_key(python, env) != with_config
    assert cache_key(python, {**env, "FASTRHOME": str(home / "elsewhere")}) != cache_key(python, env)


def test_a_stale_or_broken_cache_file_is_asked_again(worclike: Worclike, env, monkeypatch) -> None:
    python = str(worclike.python)
    ask_fastr_cached(python, 300, env)
    cache = next((Path(env["FASTR_EDITOR_DATA_DIR"]) / "fastr-config").glob("*.json"))
    cache.write_text("{not json")
    started = count_popen(monkeypatch)
    assert cached_answer(python, env) is None
    answer, cached = ask_fastr_cached(python, 300, env)
    assert not cached and len(started) == 1 and answer["version"] == "3.4.0"
    assert json.loads(cache.read_text())["answer"] == answer


def test_cache_follows_the_files_fastr_read_from_extra_config_dirs(worclike: Worclike, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A config.py may add ``extra_config_dirs`` (no environment variable names them): a change
    of a file fastr read there refreshes the answer too."""
    extra = tmp_path / "site-config"
    extra.mkdir()
    (extra / "more.py").write_text("mounts['extra'] = '/data/extra'\n")
    home = fastrhome(tmp_path / "home")
    (home / "config.py").write_text(f"extra_config_dirs += [{str(extra)!r}]\n")
    env = fastr_environ(home, tmp_path / "data")
    started = count_popen(monkeypatch)
    python = str(worclike.python)
    answer, cached = ask_fastr_cached(python, 300, env)
    assert str(extra / "more.py") in answer["files"] and answer["mounts"]["extra"] == "/data/extra"
    assert ask_fastr_cached(python, 300, env)[1] and len(started) == 1
    (extra / "more.py").write_text("mounts['extra'] = '/data/moved'\n")
    assert cached_answer(python, env) is None
    answer, cached = ask_fastr_cached(python, 300, env)
    assert not cached and answer["mounts"]["extra"] == "/data/moved" and len(started) == 2
    (extra / "zz_new.py").write_text("mounts['new'] = '/data/new'\n")     # a new file there
    answer, cached = ask_fastr_cached(python, 300, env)
    assert not cached and answer["mounts"]["new"] == "/data/new" and len(started) == 3
    assert ask_fastr_cached(python, 300, env)[1] and len(started) == 3
