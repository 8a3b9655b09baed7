"""Hostile and broken input: never crash, never hang, never execute, never change the file.

The corpus is ``tests/data/hostile`` (written by its ``make_corpus.py`` from ``tests/hostile_corpus``,
which also says what each file must give) plus big and special files made here at test time. Each
file either gives a LoadError naming the file (and the line/column or the place inside the
document) or loads, and then validation reports what is wrong. Tool folders: ``tests/data/hostile_tools``.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest

from editor.core.errors import LoadError
from editor.core.io.files import MAX_FILE_BYTES, load_network, read_state, save_network
from editor.core.analysis.validation import problems
from tests import hostile_corpus as corpus

ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = ROOT / "tests" / "data" / "hostile"
#: A guard against hangs, not a timing (timings belong in tests/benchmarks): generous, for busy machines.
SECONDS = 120.0
MAX_MESSAGE = 2000


CASES = {case.name: case for case in corpus.CASES}


# -- guards -----------------------------------------------------------------------------------
class Timeout(Exception):
    pass


@contextlib.contextmanager
def deadline(seconds: float = SECONDS) -> Iterator[None]:
    """Fail instead of hanging: SIGALRM interrupts Python code that runs too long."""
    def expired(signum: int, frame: object) -> None:
        raise Timeout(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def digest(path: Path) -> str:
    if not path.is_file():
        return "-"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): digest(p) for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def _no_payload() -> Iterator[None]:
    """No test here may leave the file a code-execution payload would create."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(corpus.PWNED)
    yield
    assert not os.path.exists(corpus.PWNED), "a payload in a hostile file was EXECUTED"


def outcome(path: Path) -> tuple[object, float]:
    """Load ``path`` under a deadline: (LoadError or loaded Network, seconds). Anything else fails."""
    start = time.perf_counter()
    try:
        with deadline():
            result: object = load_network(path)
    except LoadError as exc:
        result = exc
    except Timeout:
        pytest.fail(f"{path.name}: loading did not finish in {SECONDS} s")
    except BaseException as exc:  # noqa: BLE001 - the point of the test
        pytest.fail(f"{path.name}: {type(exc).__name__} escaped the loader: {str(exc)[:300]}")
    return result, time.perf_counter() - start


def check_error(exc: LoadError, path: Path) -> None:
    message = str(exc)
    assert exc.filename == str(path)
    assert message.startswith(str(path)), message[:300]
    assert len(message) < MAX_MESSAGE, f"message of {len(message)} characters"
    assert exc.reason and "Traceback" not in message
    if exc.line is not None:
        assert f"{path}:{exc.line}" in message
    if exc.path:
        assert f"(at {exc.path})" in message or "(at ..." in message


def check_loaded(network: object, name: str) -> set[str]:
    with deadline():
        found = problems(network)              # type: ignore[arg-type]
        network.__getstate__()                 # type: ignore[attr-defined]
    return {p.code for p in found}


# -- the corpus -------------------------------------------------------------------------------
def test_corpus_is_big_enough_and_up_to_date(tmp_path: Path) -> None:
    assert len(corpus.CASES) + len(corpus.BIG_CASES) >= 50
    on_disk = {p.name for p in CORPUS_DIR.iterdir() if p.is_file() and p.suffix != ".py"}
    assert on_disk == set(CASES), "run tests/data/hostile/make_corpus.py: the files differ from the cases"
    for case in corpus.CASES:
        assert (CORPUS_DIR / case.name).read_bytes() == case.content, f"{case.name} is stale: rerun make_corpus.py"
        assert len(case.content) < 1024 * 1024, f"{case.name}: big files are made at test time"
    for name, (content, _expect) in corpus.TOOL_CASES.items():
        data = content if isinstance(content, bytes) else content.encode()
        assert (corpus.TOOLS_DIR / name).read_bytes() == data, f"{name} is stale: rerun make_corpus.py"
    assert {c.expect for c in corpus.CASES} == {"error", "loads"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_corpus_file(name: str) -> None:
    case = CASES[name]
    path = CORPUS_DIR / name
    before = digest(path)
    result, seconds = outcome(path)
    assert digest(path) == before, "loading changed the file"
    if case.expect == "error":
        assert isinstance(result, LoadError), f"{name} loaded, but should be refused ({case.reason})"
        check_error(result, path)
        assert re.search(case.reason, result.reason), f"{name}: {result.reason[:300]!r} !~ {case.reason!r}"
        if case.path is not None:
            assert result.path == case.path, f"{name}: at {result.path!r}, expected {case.path!r}"
        if case.line is not None:
            assert result.line == case.line, f"{name}: line {result.line}, expected {case.line}"
    else:
        assert not isinstance(result, LoadError), f"{name} should load: {result}"
        codes = check_loaded(result, name)
        assert set(case.codes) <= codes, f"{name}: expected {case.codes}, got {sorted(codes)}"


def test_errors_in_documents_name_a_place() -> None:
    """Structure errors say where (path inside the document), syntax errors say the line."""
    for case in corpus.CASES:
        if case.expect != "error":
            continue
        result, _ = outcome(CORPUS_DIR / case.name)
        assert isinstance(result, LoadError)
        if case.reason.startswith("invalid JSON") or case.reason.startswith("invalid YAML"):
            assert result.line is not None, f"{case.name}: a syntax error without a line"
        if "must be" in case.reason and case.name.endswith(".json"):
            assert result.path, f"{case.name}: a wrong type without its place"


def test_lenient_files_keep_what_they_hold() -> None:
    """Dangling links are kept (and reported), not dropped; odd but harmless values round-trip."""
    network = load_network(CORPUS_DIR / "link_to_missing_node.json")
    assert any(link.target.node == "ghost" for link in network.links.values())
    network = load_network(CORPUS_DIR / "unquoted_date.yaml")
    assert network.description == "2024-01-31 10:00:00"
    network = load_network(CORPUS_DIR / "infinite_positions.json")
    assert network.nodes["add"].position == (1.0, 2.0)
    assert network.nodes["source"].position is None
    network = load_network(CORPUS_DIR / "network_named_nodelist.json")
    assert len(network.links) == 3 and not any(p.code == "link-dangling" for p in problems(network))
    network = load_network(CORPUS_DIR / "macro_nested_50.yaml")
    depth = 0
    while any(n.subnetwork for n in network.nodes.values()):
        network = next(n.subnetwork for n in network.nodes.values() if n.subnetwork)
        depth += 1
    assert depth == 50


def test_huge_positions_are_clamped_with_a_warning_naming_file_and_node() -> None:
    from editor.core.graph.coords import MAX_COORDINATE
    path = CORPUS_DIR / "huge_positions.json"
    network = load_network(path)
    assert network.nodes["add"].position == (0.0, MAX_COORDINATE)
    assert network.nodes["source"].position == (5.0, -MAX_COORDINATE)
    assert network.nodes["sink"].position is None
    assert sorted(w.split("'")[1] for w in network.load_warnings) == ["add", "sink", "source"]
    assert all(w.startswith(f"{path}: warning: the position of node") for w in network.load_warnings)
    network = load_network(CORPUS_DIR / "huge_integer_positions.yaml")
    assert network.nodes["source"].position == (MAX_COORDINATE, -MAX_COORDINATE)
    assert "400 digits" in network.load_warnings[0]


def test_lenient_files_can_be_saved_and_reloaded(tmp_path: Path) -> None:
    for case in corpus.CASES:
        if case.expect != "loads":
            continue
        network = load_network(CORPUS_DIR / case.name)
        for suffix in (".json", ".yaml"):
            out = tmp_path / (case.name + suffix)
            if suffix == ".json" and "yaml-only" in case.tags:
                continue                     # JSON cannot hold it: see test_keys_alike_in_json
            with deadline():
                save_network(network, out)
                again = load_network(out)
            expected = network.__getstate__()
            if suffix == ".json" and "json-keys-become-strings" in case.tags:
                expected = json.loads(json.dumps(expected))
            assert again.__getstate__() == expected, case.name


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    payloads = [c for c in corpus.CASES if "payload" in c.tags]
    assert len(payloads) >= 5
    for case in payloads:
        assert corpus.PWNED in case.content.decode() or "python/name" in case.content.decode() \
            or "python/module" in case.content.decode()
        result, _ = outcome(CORPUS_DIR / case.name)
        assert isinstance(result, LoadError)
        assert "never executed" in result.reason
        assert not os.path.exists(corpus.PWNED)


def test_alias_bombs_are_refused_quickly_with_little_memory() -> None:
    for name in ("billion_laughs.yaml", "billion_laughs_merge_keys.yaml"):
        tracemalloc.start()
        try:
            result, seconds = outcome(CORPUS_DIR / name)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert isinstance(result, LoadError) and "alias bomb" in result.reason
        assert peak < 50 * 2**20, f"{name}: {peak / 2**20:.0f} MB"


# -- big files, made at test time -------------------------------------------------------------
def test_200_mb_file_is_refused_by_size_without_reading_it(tmp_path: Path) -> None:
    path = corpus.make_big("huge_sparse_200mb.yaml", tmp_path)
    assert path.stat().st_size == 200 * 2**20 > MAX_FILE_BYTES
    tracemalloc.start()
    try:
        result, seconds = outcome(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(result, LoadError)
    check_error(result, path)
    assert "200 MB" in result.reason and "refused" in result.reason
    assert peak < 5 * 2**20, f"{peak / 2**20:.1f} MB allocated to refuse a file by its size"


def test_file_that_grows_past_the_limit_is_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """stat() may lie (files in /proc, a file still being written): the read itself is bounded."""
    path = tmp_path / "liar.yaml"
    path.write_bytes(b"id: x\n" + b"#" * 2000)
    monkeypatch.setattr("editor.core.io.files.MAX_FILE_BYTES", 1000)
    real_stat = Path.stat

    def small_stat(self: Path, *args: object, **kwargs: object) -> os.stat_result:
        info = real_stat(self, *args, **kwargs)
        if self == path:
            values = list(info)
            values[6] = 10            # st_size
            return os.stat_result(values)
        return info
    monkeypatch.setattr(Path, "stat", small_stat)
    result, _ = outcome(path)
    assert isinstance(result, LoadError) and "refused" in result.reason


@pytest.mark.parametrize("name", [n for n in corpus.BIG_CASES if n.startswith("megabyte_")])
def test_megabyte_strings(name: str, tmp_path: Path) -> None:
    path = corpus.make_big(name, tmp_path)
    assert path.stat().st_size > 1024 * 1024
    before = digest(path)
    tracemalloc.start()
    try:
        result, seconds = outcome(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert digest(path) == before
    assert peak < 100 * 2**20, f"{peak / 2**20:.0f} MB to read a {path.stat().st_size / 2**20:.0f} MB file"
    if name == "megabyte_description.json":
        assert not isinstance(result, LoadError)
        assert len(result.description) == 2 * 1024 * 1024      # type: ignore[attr-defined]
        check_loaded(result, name)
    else:
        assert isinstance(result, LoadError), name
        check_error(result, path)          # the message stays short, whatever the value's length
        assert result.path


# -- special files ----------------------------------------------------------------------------
def test_a_folder_is_not_a_network(tmp_path: Path) -> None:
    folder = tmp_path / "looks_like.yaml"
    folder.mkdir()
    result, _ = outcome(folder)
    assert isinstance(result, LoadError) and "folder" in result.reason


def test_missing_file(tmp_path: Path) -> None:
    result, _ = outcome(tmp_path / "nothing.yaml")
    assert isinstance(result, LoadError) and "no such file" in result.reason


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("id: x\nnodelist: []\nlinklist: []\n")
    path.chmod(0)
    if os.access(path, os.R_OK):             # root reads anything: simulate the refusal
        import builtins
        real_open = builtins.open

        def refusing_open(file: object, *args: object, **kwargs: object) -> object:
            if isinstance(file, (str, os.PathLike)) and os.fspath(file) == str(path):
                raise PermissionError(13, "Permission denied", str(path))
            return real_open(file, *args, **kwargs)  # type: ignore[call-overload]
        monkeypatch.setattr(builtins, "open", refusing_open)
        real_os_open = os.open

        def refusing_os_open(file: object, *args: object, **kwargs: object) -> int:
            if isinstance(file, (str, os.PathLike)) and os.fspath(file) == str(path):
                raise PermissionError(13, "Permission denied", str(path))
            return real_os_open(file, *args, **kwargs)  # type: ignore[arg-type]
        monkeypatch.setattr(os, "open", refusing_os_open)
    try:
        result, _ = outcome(path)
    finally:
        monkeypatch.undo()
        path.chmod(0o644)
    assert isinstance(result, LoadError) and "permission denied" in result.reason
    check_error(result, path)


def test_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    result, seconds = outcome(fifo)          # opening a FIFO for reading would wait for a writer
    assert isinstance(result, LoadError) and "not a regular file" in result.reason


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero")
def test_endless_device_is_refused() -> None:
    result, seconds = outcome(Path("/dev/zero"))      # stat size 0, but reading never ends
    assert isinstance(result, LoadError) and "not a regular file" in result.reason


def test_symlink_loop_and_dangling_symlink(tmp_path: Path) -> None:
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(loop)
    result, _ = outcome(loop)
    assert isinstance(result, LoadError) and "cannot be read" in result.reason
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "gone.yaml")
    result, _ = outcome(dangling)
    assert isinstance(result, LoadError) and "no such file" in result.reason


def test_file_name_with_nul_byte() -> None:
    result, _ = outcome(Path("net\0work.yaml"))
    assert isinstance(result, LoadError)


def test_read_state_refuses_the_same_way(tmp_path: Path) -> None:
    """read_state (used to peek at a file) has the same guards as load_network."""
    for name in ("billion_laughs.yaml", "deep_flow.yaml", "self_containing_macro.yaml", "json_array.json",
                 "python_object_apply.yaml", "binary_junk.yaml"):
        with deadline(), pytest.raises(LoadError):
            read_state(CORPUS_DIR / name)


# -- tool definition folders ------------------------------------------------------------------
def _secret_markers() -> list[str]:
    try:
        first = Path(corpus.SECRET_FILE).read_text().splitlines()[0]
    except (OSError, IndexError):
        return []
    return [first, first.split(":")[0] + ":x:"] if ":" in first else [first]


def test_tool_folder_with_broken_files(tmp_path: Path) -> None:
    from editor.core.tools.library import ToolLibrary
    folder = corpus.TOOLS_DIR
    before = tree_digest(folder)
    with deadline(30):
        library = ToolLibrary([folder], include_builtin=False)
    assert tree_digest(folder) == before
    errors = {str(Path(e.path).relative_to(folder)): e.message for e in library.errors}
    warnings = {str(Path(e.path).relative_to(folder)): e.message for e in library.warnings}
    loaded = {Path(t.source_file).relative_to(folder).as_posix() for t in library if t.source_file}
    for name, (_content, expect) in corpus.TOOL_CASES.items():
        if expect == "loads":
            assert name in loaded, f"{name} should load; error: {errors.get(name)}"
        elif expect == "ignored":
            assert name not in errors and name not in warnings and name not in loaded
        elif expect.startswith("warning: "):
            assert re.search(expect[len("warning: "):], warnings.get(name, "")), (name, warnings.get(name))
        else:
            assert name in errors, f"{name} was not reported (loaded: {name in loaded})"
            assert re.search(expect, errors[name]), f"{name}: {errors[name][:300]!r} !~ {expect!r}"
    unexpected = set(errors) - {n for n, (_c, e) in corpus.TOOL_CASES.items() if e not in ("loads", "ignored")}
    assert not unexpected, unexpected
    secrets = _secret_markers()
    everything = " ".join([*errors.values(), *warnings.values()] + [
        f"{t.name} {t.description} {t.help}" for t in library])
    for secret in secrets:
        assert secret not in everything, "an external entity was read"
    assert not os.path.exists(corpus.PWNED)


def test_unreadable_tool_file_and_tool_file_that_is_a_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from editor.core.tools.library import ToolLibrary
    good = corpus.TOOL_CASES["good/1.0/addint.yaml"][0]
    (tmp_path / "ok.yaml").write_text(good)
    (tmp_path / "locked.yaml").write_text(good.replace("AddInt", "Locked"))
    (tmp_path / "folder.xml").mkdir()
    real_open = io.open

    def refusing_open(file: object, *args: object, **kwargs: object) -> object:
        if isinstance(file, (str, os.PathLike)) and os.fspath(file).endswith("locked.yaml"):
            raise PermissionError(13, "Permission denied", os.fspath(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]
    monkeypatch.setattr(io, "open", refusing_open)
    with deadline(30):
        library = ToolLibrary([tmp_path], include_builtin=False)
    monkeypatch.undo()
    assert [t.id for t in library if t.source_file] == ["AddInt"]
    assert [(Path(e.path).name, "Permission denied" in e.message) for e in library.errors] == [("locked.yaml", True)]


def _tool_library_in_subprocess(folder: Path, timeout: float = 60,
                                memory: int = 2 * 2**30) -> subprocess.CompletedProcess[str]:
    """A tool library scan in a child with a memory cap, so a crash or a hang cannot take the
    test run with it."""
    code = textwrap.dedent(f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
        sys.path.insert(0, {str(ROOT)!r})
        from editor.core.tools.library import ToolLibrary
        library = ToolLibrary([{str(folder)!r}], include_builtin=False)
        for error in library.errors:
            print(error.path, len(error.message), error.message[:200].replace(chr(10), ' '))
    """)
    try:
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        return subprocess.CompletedProcess(exc.cmd, -1, "", f"timed out after {timeout} s")


def test_tool_file_nested_very_deep(tmp_path: Path) -> None:
    (tmp_path / "deep.yaml").write_text("description:\n  " + "- " * 50_000 + "x\n")
    result = _tool_library_in_subprocess(tmp_path)
    assert result.returncode == 0, f"exit code {result.returncode}: {result.stderr[-300:]}"
    assert "deep.yaml" in result.stdout


def test_tool_file_alias_bomb(tmp_path: Path) -> None:
    # 10**7 values: the current code survives it (the error message alone is 33 MB); 10**9 kills it
    bomb = corpus.billion_laughs(levels=7).replace("id: lol\nnodelist: []\nlinklist: []\n", "")
    tool = corpus.TOOL_CASES["good/1.0/addint.yaml"][0].replace("  version: '1.0'\n", "  version: '1.0'\n"
                                                                "  description: *a6\n", 1)
    (tmp_path / "bomb.yaml").write_text(bomb.replace("description: *a6\n", "") + tool)
    result = _tool_library_in_subprocess(tmp_path, timeout=120, memory=1024 * 2**20)
    assert result.returncode == 0, f"exit code {result.returncode}: {result.stderr[-300:]}"
    assert "bomb.yaml" in result.stdout
    assert int(result.stdout.split()[1]) < 10_000, "the error message repeats the whole expansion"


# -- states handed over directly (the API, the clipboard) --------------------------------------
def test_state_dict_that_contains_itself() -> None:
    from editor.api import create_network_copy
    from editor.core.errors import StateError
    from editor.core.graph.network import network_from_state
    state: dict[str, object] = {"id": "top", "linklist": [], "nodelist": []}
    state["nodelist"].append({"id": "m", "class": "MacroNode", "network": state})  # type: ignore[attr-defined]
    with deadline(), pytest.raises(StateError, match="cannot contain itself") as info:
        network_from_state(state)
    assert info.value.path == "nodelist[0].network"
    with deadline(), pytest.raises(StateError, match="cannot contain itself"):
        create_network_copy(state)


def test_shared_macro_network_is_not_a_loop() -> None:
    """Two macros may use the same network object (YAML aliases do this): that is no cycle."""
    from editor.core.graph.network import network_from_state
    inner = copy.deepcopy(corpus.LEAF_NETWORK)
    state = {"id": "top", "linklist": [], "nodelist": [{"id": "m1", "class": "MacroNode", "network": inner},
                                                       {"id": "m2", "class": "MacroNode", "network": inner}]}
    network = network_from_state(state)
    assert network.nodes["m1"].subnetwork is not network.nodes["m2"].subnetwork


def test_a_kernel_file_that_blocks_is_refused_not_waited_for(tmp_path) -> None:
    """``/proc/kmsg`` says it is a regular file and blocks on read: refused at once with the reason
    (as root, with no message waiting), refused as a kernel stream (as root, with messages waiting:
    seen in CI, where it read as "XML"), or refused as unreadable (as another user); never a hang."""
    import subprocess
    import sys
    from pathlib import Path
    if not Path("/proc/kmsg").exists():
        pytest.skip("no /proc/kmsg on this system")
    done = subprocess.run([sys.executable, "-m", "editor", "validate", "/proc/kmsg"], capture_output=True,
                          text=True, timeout=120, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 2
    assert done.stderr.startswith("/proc/kmsg: ") and done.stderr.count("\n") == 1
    assert any(reason in done.stderr for reason in ("without waiting", "kernel file", "permission denied"))


def test_a_kernel_file_with_contents_is_refused_as_such() -> None:
    """A kernel file that streams text (size 0 in ``stat``; ``/proc/kmsg`` with messages waiting,
    as in CI, where its ``<6>`` lines read as "XML") is named for what it is."""
    from pathlib import Path
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("no /proc on this system")
    with pytest.raises(LoadError) as caught:
        read_state(status)
    assert "kernel file" in str(caught.value) and "/proc/self/status" in str(caught.value)


# -- issue 17, items 4, 5 and 10: what loads must save, export and open again; linear costs -----
def test_memory_no_machine_has_is_a_warning_and_still_saves(tmp_path: Path) -> None:
    network = load_network(CORPUS_DIR / "memory_googol_mb.yaml")
    found = [p for p in problems(network) if p.code == "resources-unrealistic"]
    assert len(found) == 1 and found[0].severity == "warning" and found[0].node == "source"
    assert "10^100 MB of memory" in found[0].message
    from editor.core.export.python import export_python
    assert "memory=" in export_python(network)
    save_network(network, tmp_path / "again.yaml")
    assert load_network(tmp_path / "again.yaml").nodes["source"].resources.memory == 10**100


def test_mixed_keys_export_and_save(tmp_path: Path) -> None:
    from editor.core.export.python import export_python
    network = load_network(CORPUS_DIR / "mixed_int_and_string_keys.yaml")
    assert network.extra["extra_thing"] == {1: "one", "b": "two", 2.5: ["x"]}
    with deadline():
        script = export_python(network)              # sorted the keys: TypeError
    compile(script, "exported.py", "exec")
    for suffix in (".yaml", ".json"):
        save_network(network, tmp_path / f"n{suffix}")
        load_network(tmp_path / f"n{suffix}")


def test_keys_alike_in_json_are_refused_when_writing_json_only(tmp_path: Path) -> None:
    from editor.core.errors import SaveError
    network = load_network(CORPUS_DIR / "keys_alike_in_json.yaml")
    save_network(network, tmp_path / "n.yaml")
    assert load_network(tmp_path / "n.yaml").extra == network.extra
    target = tmp_path / "n.json"
    with pytest.raises(SaveError) as caught:
        save_network(network, target)
    message = str(caught.value)
    assert message.startswith(str(target)) and "nothing was written" in message
    assert "1 and '1'" in message and "(at extra_thing)" in message
    assert not target.exists()


def test_a_file_over_the_read_limit_is_not_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What the editor writes it must open: a network whose file would be over MAX_FILE_BYTES
    (100,000 nodes made a 37 MB file the editor then refused) is refused when written."""
    from editor.core.errors import SaveError
    network = load_network(corpus.GOLDEN / "add_ints.fastr.yaml")
    target = tmp_path / "n.yaml"
    target.write_text("old\n")
    monkeypatch.setattr("editor.core.io.files.MAX_FILE_BYTES", 1000)
    with pytest.raises(SaveError, match=r"would be a 0 MB file.*over 0 MB are refused when opened") as caught:
        save_network(network, target)
    assert str(caught.value).startswith(str(target))
    assert target.read_text() == "old\n"


def test_20000_links_into_one_input_open_and_append_in_linear_time(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Counted, not timed: the links looked at by every scan of an input's links. Appending one by
    one looked at all the links already there each time (20,000: 200 million looks, 25 s)."""
    from editor.core.graph.network import Network
    looked = [0]
    real = Network.links_into

    def counting(self, node_id, input_id):
        found = real(self, node_id, input_id)
        looked[0] += len(found)
        return found
    monkeypatch.setattr(Network, "links_into", counting)
    n = corpus.FANIN_LINKS
    path = corpus.make_big("fanin_20000_links.json", tmp_path)
    with deadline():
        network = load_network(path)
        codes = {p.code for p in problems(network)}
    assert len(network.links) == n + 2 and "input-cardinality" not in codes
    assert looked[0] <= 4 * n, f"{looked[0]:,} links looked at to open {n:,}"
    import editor.api as api
    looked[0] = 0
    net = api.create_network("fanin")
    source = net.create_source("Int", id="source")
    sink = net.create_sink("Int", id="sink")
    with deadline():
        for _ in range(n):
            sink.inputs["input"].append(source.outputs["output"])
    assert looked[0] <= 4 * n, f"{looked[0]:,} links looked at to append {n:,}"
    keys = sorted(link.target.key for link in net.links.values())
    assert keys == list(range(n))


def test_the_next_sub_input_number_follows_every_change() -> None:
    """The kept next free number is right after removals, renames and undo of a removal."""
    import editor.api as api
    from editor.core.graph.bulk import remove_nodes, restore_nodes
    net = api.create_network("keys")
    source = net.create_source("Int", id="source")
    other = net.create_source("Int", id="other")
    sink = net.create_sink("Int", id="sink")
    made = [sink.inputs["input"].append(source.outputs["output"]) for _ in range(3)]
    assert [l.target.key for l in made] == [0, 1, 2]
    net.remove_link(made[2].id)
    assert sink.inputs["input"].append(source.outputs["output"]).target.key == 2
    sink.inputs["input"][7] << other.outputs["output"]
    assert sink.inputs["input"].append(source.outputs["output"]).target.key == 8
    net.rename_node("sink", "drain")
    drain = net.nodes["drain"]
    assert drain.inputs["input"].append(source.outputs["output"]).target.key == 9
    removed = remove_nodes(net, ["other"])
    assert drain.inputs["input"].append(source.outputs["output"]).target.key == 10
    net.remove_link(next(l.id for l in net.links.values() if l.target.key == 10))
    restore_nodes(net, removed)
    assert drain.inputs["input"].append(source.outputs["output"]).target.key == 10
    assert drain.inputs["input"]["named"].append(source.outputs["output"]).target.key == 0
    drain.inputs["input"][3] << other.outputs["output"]          # replaces the link on key 3
    assert len([l for l in net.links.values() if l.target.key == 3 and l.target.name is None]) == 1
