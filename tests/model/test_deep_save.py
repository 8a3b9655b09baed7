"""The window's save path (Document.save) for a network at the nesting bound: it used to raise
RecursionError out of save() into the crash dialog (issue 17, item 9)."""

from __future__ import annotations

from pathlib import Path

import pytest

from editor.core.errors import SaveError
from editor.core.io.files import load_network
from editor.model.document import Document

CORPUS = Path(__file__).resolve().parents[1] / "data" / "hostile"


def _deep_stack(frames: int, call):
    return call() if frames == 0 else _deep_stack(frames - 1, call)


@pytest.mark.parametrize("name", ["deep_extra_250.yaml", "deep_extra_250.json"])
def test_document_at_the_bound_saves_in_both_formats(qapp, tmp_path: Path, name: str) -> None:
    document = Document(load_network(CORPUS / name))
    for suffix in (".yaml", ".json"):
        target = tmp_path / f"saved{suffix}"
        _deep_stack(150, lambda target=target: document.save(str(target)))
        assert load_network(target).extra == document.root.extra
        assert document.undo_stack.isClean()


def test_a_deeper_network_gives_a_save_error_not_a_crash(qapp, tmp_path: Path) -> None:
    document = Document(load_network(CORPUS / "deep_extra_250.json"))
    inner = document.root.extra["extra"]
    for _ in range(2000):                        # deeper than anything a file may hold
        inner = {"k": inner}
    document.root.extra["extra"] = inner
    with pytest.raises(SaveError, match="nested too deeply"):
        document.save(str(tmp_path / "deep.yaml"))
    assert not (tmp_path / "deep.yaml").exists()
