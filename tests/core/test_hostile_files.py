"""Hostile files made at test time: big files refused by size, special files (folders, pipes,
devices, symlink loops, kernel files, unreadable files) refused without blocking, with the file named."""

from __future__ import annotations

import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from editor.core.errors import LoadError
from editor.core.io.files import MAX_FILE_BYTES, read_state
from tests import hostile_corpus as corpus
from tests.core.hostile_checks import CORPUS_DIR, deadline, digest, outcome, check_error, check_loaded

pytestmark = pytest.mark.usefixtures("no_payload")   # tests/core/conftest.py


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


def test_a_kernel_file_that_blocks_is_refused_not_waited_for(tmp_path) -> None:
    """``/proc/kmsg`` says it is a regular file and blocks on read: refused at once with the reason
    (as root, with no message waiting), refused as a kernel stream (as root, with messages waiting:
    seen in CI, where it read as "XML"), or refused as unreadable (as another user); never a hang."""
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
