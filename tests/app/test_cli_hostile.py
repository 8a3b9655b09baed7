"""``fastr-editor validate`` on hostile files: exit code 2, one line on stderr naming the file,
never a traceback (the corpus is ``tests/data/hostile``; see ``tests/hostile_corpus``)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from editor.app.cli import run
from tests import hostile_corpus as corpus

REPO = Path(__file__).resolve().parents[2]
CORPUS_DIR = REPO / "tests" / "data" / "hostile"


#: A sample across the kinds of breakage: syntax, encoding, execution, expansion, depth,
#: structure, identity, legacy, not-a-network.
SAMPLE = [
    "empty.yaml", "truncated.json", "truncated_in_quote.yaml", "binary_junk.yaml", "latin1.json",
    "utf16_no_bom.json", "control_characters.yaml", "lone_surrogate.json", "python_object_apply.yaml",
    "python_tag_in_node.yaml", "billion_laughs.yaml", "self_containing_macro.yaml", "deep_flow.yaml",
    "deep_block_sequence.yaml", "deep.json", "huge_integer.json", "tool_definition.yaml",
    "tool_definition.xml", "legacy_fastr2.json", "json_array.json", "node_duplicate_id.json",
    "link_id_is_node_id.json", "node_unknown_class.json", "resources_memory_negative.json",
    "link_source_huge_index.json", "macro_nested_200.yaml", "nodegroups_member_list.json",
    "suboutput_index_list.json", "suboutput_index_bool.yaml",
]


def validate(*paths: str | Path) -> tuple[int, list[str], list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = run(["validate", *map(str, paths)], out, err)
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


def test_sample_is_in_the_corpus() -> None:
    names = {case.name for case in corpus.CASES}
    assert set(SAMPLE) <= names
    assert all(next(c for c in corpus.CASES if c.name == n).expect == "error" for n in SAMPLE)


@pytest.mark.parametrize("name", SAMPLE)
def test_unreadable_file_one_line_exit_2(name: str) -> None:
    path = CORPUS_DIR / name
    before = path.read_bytes()
    code, out, err = validate(path)
    assert code == 2
    assert out == []
    assert len(err) == 1, err
    assert err[0].startswith(str(path)), err[0][:200]
    assert "Traceback" not in err[0] and len(err[0]) < 2000
    assert path.read_bytes() == before
    assert not os.path.exists(corpus.PWNED)


def test_special_files(tmp_path: Path) -> None:
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    huge = corpus.make_big("huge_sparse_200mb.yaml", tmp_path)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    for path in (folder, huge, fifo, tmp_path / "missing.yaml"):
        code, out, err = validate(path)
        assert (code, out, len(err)) == (2, [], 1), (path, err)
        assert err[0].startswith(str(path))


def test_several_files_one_line_each() -> None:
    """Bad files give a line each on stderr; a good file is still checked; the worst code wins."""
    paths = [CORPUS_DIR / n for n in ("empty.yaml", "deep.json", "link_to_missing_node.json", "python_name.yaml")]
    code, out, err = validate(*paths)
    assert code == 2
    assert [line.split(":")[0] for line in err] == [str(paths[0]), str(paths[1]), str(paths[3])]
    assert out and all(line.startswith(str(paths[2])) for line in out)
    assert any("link-dangling" in line or "broken" in line for line in out)


def test_lenient_file_gives_problems_not_a_crash() -> None:
    path = CORPUS_DIR / "cyclic_links.json"
    code, out, err = validate(path)
    assert code == 1 and err == []
    assert any("cycle" in line for line in out)


def test_as_a_process() -> None:
    """``python3 -m editor validate`` on a file that crashed the process (libyaml segfault)."""
    path = CORPUS_DIR / "deep_block_sequence.yaml"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run([sys.executable, "-m", "editor", "validate", str(path)], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2, result.stderr[-500:]
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(str(path)), lines[:5]
    assert "nested more than" in lines[0] and "Traceback" not in result.stderr


def test_broken_yaml_gives_exactly_one_line_on_stderr_from_a_subprocess(tmp_path) -> None:
    """Nothing below Python (the fast YAML parser's C++ error printer) adds lines to stderr."""
    import subprocess
    import sys
    path = tmp_path / "broken.yaml"
    path.write_text("id: x\nnodelist: [\n  - {id: a\n")
    result = subprocess.run([sys.executable, "-m", "editor", "validate", str(path)], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and str(path) in result.stderr, result.stderr


def test_clamped_positions_are_warnings_naming_file_and_node() -> None:
    path = CORPUS_DIR / "huge_positions.json"
    code, out, err = validate(path)
    assert code == 0, err
    warnings = [line for line in out if line.startswith(f"{path}: warning: the position of node")]
    assert len(warnings) == 3 and any("node 'add'" in w and "clamped" in w for w in warnings), out


def test_broken_tool_folder_is_reported_and_validate_goes_on(tmp_path: Path) -> None:
    """A tool folder with an XML file in an unknown encoding, a ``!!bool maybe``, folders nested
    deeper than the scan goes and a link to ``/``: each is one line, the network is validated."""
    tools = tmp_path / "tools"
    deep = tools.joinpath(*["d"] * 40)
    deep.mkdir(parents=True)
    (tools / "evil.xml").write_text('<?xml version="1.0" encoding="x-evil-7"?>\n<tool id="Evil"/>\n')
    (tools / "maybe.yaml").write_text("id: Maybe\nhidden: !!bool maybe\n")
    os.symlink("/", tools / "root")
    network = REPO / "tests" / "golden" / "examples" / "add_ints.fastr.yaml"
    out, err = io.StringIO(), io.StringIO()
    code = run(["validate", "--no-fastr-config", "--tools", str(tools), str(network)], out, err)
    assert code == 0, err.getvalue()
    assert out.getvalue().splitlines() == [f"{network}: valid"]
    lines = err.getvalue().splitlines()
    assert f"{tools / 'evil.xml'}: tool library error: not valid XML: the file declares an unknown encoding: x-evil-7" in lines
    assert any(line.startswith(f"{tools / 'maybe.yaml'}: tool library error: ") and "maybe" in line for line in lines)
    assert f"{tools / 'root'}: tool library warning: symbolic link to /, outside the tool folder {tools}: not followed" in lines
    assert any("tool library warning: not scanned: folders nested more than 32 levels" in line for line in lines)
    assert "Traceback" not in err.getvalue() and len(lines) == 4, lines


def test_deep_unknown_key_convert_and_export_at_the_bound(tmp_path: Path) -> None:
    """At the nesting bound every command writes; one level over, each says file and line."""
    from editor.core.io.files import MAX_NESTING
    ok = CORPUS_DIR / "deep_extra_250.json"
    for args in (["convert", str(ok), str(tmp_path / "out.yaml")], ["convert", str(ok), str(tmp_path / "out.json")],
                 ["export", str(ok), "--python", str(tmp_path / "out.py")]):
        out, err = io.StringIO(), io.StringIO()
        assert run([*args, "--no-fastr-config"], out, err) == 0, err.getvalue()[-500:]
        assert out.getvalue().endswith(": written\n") and "Traceback" not in err.getvalue()
    assert run(["validate", "--no-fastr-config", str(tmp_path / "out.yaml")], io.StringIO(), io.StringIO()) == 0
    for name, line in (("deep_extra_251.yaml", 4), ("deep_extra_400.json", 2), ("deep_extra_900.json", 2)):
        path = CORPUS_DIR / name
        for args in (["convert", str(path), str(tmp_path / "x.yaml")], ["export", str(path), "--python",
                                                                        str(tmp_path / "x.py")]):
            out, err = io.StringIO(), io.StringIO()
            assert run([*args, "--no-fastr-config"], out, err) == 2
            lines = err.getvalue().splitlines()
            assert len(lines) == 1 and lines[0].startswith(f"{path}:{line}:"), lines
            assert f"nested more than {MAX_NESTING} levels" in lines[0]
    assert not (tmp_path / "x.yaml").exists() and not (tmp_path / "x.py").exists()


def _command(*args: str) -> tuple[int, list[str], list[str]]:
    out, err = io.StringIO(), io.StringIO()
    code = run([*args, "--no-fastr-config"], out, err)
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


def test_what_loads_converts_and_exports(tmp_path: Path) -> None:
    """Issue 17, items 4 and 10: each of these loaded, then a command failed with a bare TypeError
    or an export error naming no file; now each converts both ways and exports."""
    for name in ("memory_googol_mb.yaml", "mixed_int_and_string_keys.yaml", "huge_integer_positions.yaml"):
        path = CORPUS_DIR / name
        for args in (["convert", str(path), str(tmp_path / "out.yaml")], ["convert", str(path), str(tmp_path / "out.json")],
                     ["export", str(path), "--python", str(tmp_path / "out.py")]):
            code, out, err = _command(*args)
            assert code == 0 and out[-1].endswith(": written"), (name, args[0], err)
        code, out, err = _command("validate", str(tmp_path / "out.json"))
        assert code in (0, 1) and err == [], (name, err)
    code, out, err = _command("validate", str(CORPUS_DIR / "memory_googol_mb.yaml"))
    assert code == 0 and any("warning" in line and "10^100 MB of memory" in line for line in out), out


def test_convert_refuses_to_write_what_it_could_not_open(tmp_path: Path, monkeypatch) -> None:
    """One line naming the file written and why, exit 2, nothing written: keys JSON writes alike,
    and a file over the size the editor opens (100,000 nodes made a 37 MB file it refused)."""
    target = tmp_path / "alike.json"
    code, out, err = _command("convert", str(CORPUS_DIR / "keys_alike_in_json.yaml"), str(target))
    assert code == 2 and out == [] and len(err) == 1
    assert err[0].startswith(f"{target}: nothing was written") and "(at extra_thing)" in err[0]
    assert not target.exists()
    assert _command("convert", str(CORPUS_DIR / "keys_alike_in_json.yaml"), str(tmp_path / "ok.yaml"))[0] == 0
    source = REPO / "tests" / "golden" / "examples" / "add_ints.fastr.yaml"
    assert _command("convert", str(source), str(tmp_path / "size.json"))[0] == 0
    assert (tmp_path / "size.json").stat().st_size > source.stat().st_size    # JSON is the bigger
    monkeypatch.setattr("editor.core.io.files.MAX_FILE_BYTES", source.stat().st_size)
    big = tmp_path / "big.json"
    code, out, err = _command("convert", str(source), str(big))
    assert code == 2 and len(err) == 1 and err[0].startswith(f"{big}: nothing was written"), err
    assert "refused when opened" in err[0] and not big.exists()
