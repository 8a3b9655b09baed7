"""Hostile tool folders: broken, unreadable, deeply nested and alias-bomb tool files are per-file
entries in the library report; no secret leaks into a message, nothing blocks the scan."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests import hostile_corpus as corpus
from tests.core.hostile_checks import ROOT, deadline, tree_digest

pytestmark = pytest.mark.usefixtures("no_payload")   # tests/core/conftest.py


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
