"""The window on the hostile files of issue 17, items 4, 5 and 10: a message naming the file and
the place, never a crash; what opens saves (and what could not be opened again is not written)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QFileDialog

from editor.core.io.files import load_network
from tests import hostile_corpus as corpus

pytestmark = pytest.mark.usefixtures("recovery_session")

CORPUS_DIR = Path(__file__).resolve().parents[1] / "data" / "hostile"


def test_a_sub_output_index_that_is_a_list_is_refused_with_its_place(window, dialogs) -> None:
    path = CORPUS_DIR / "suboutput_index_list.json"
    before = window.document.root
    assert not window.open_path(str(path), ask=False)
    kind, title, text = dialogs.shown[-1]
    assert kind == "critical" and title == "Cannot open network"
    assert str(path) in text and "nodelist[0].outputs[0].suboutputs[0].index" in text
    assert "Traceback" not in text
    assert window.document.root is before


def test_memory_no_machine_has_opens_with_a_warning_and_saves(window, dialogs, qtbot, tmp_path: Path) -> None:
    assert window.open_path(str(CORPUS_DIR / "memory_googol_mb.yaml"), ask=False)
    problems = window.docks.problems.model
    qtbot.waitUntil(lambda: any(p.code == "resources-unrealistic" for p in problems.problems), timeout=20000)
    found = next(p for p in problems.problems if p.code == "resources-unrealistic")
    assert found.severity == "warning" and "10^100 MB" in found.message
    dialogs.save_path = str(tmp_path / "again.json")
    assert window.save_as()
    assert load_network(tmp_path / "again.json").nodes["source"].resources.memory == 10**100


def test_mixed_keys_save_and_export_from_the_window(window, dialogs, monkeypatch, tmp_path: Path) -> None:
    assert window.open_path(str(CORPUS_DIR / "mixed_int_and_string_keys.yaml"), ask=False)
    script = tmp_path / "net.py"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(script), ""))
    window.export_python()
    assert script.exists() and not dialogs.shown, dialogs.shown
    for name in ("again.yaml", "again.json"):
        dialogs.save_path = str(tmp_path / name)
        assert window.save_as(), dialogs.shown
        load_network(tmp_path / name)


def test_keys_json_writes_alike_are_refused_as_json_only(window, dialogs, tmp_path: Path) -> None:
    assert window.open_path(str(CORPUS_DIR / "keys_alike_in_json.yaml"), ask=False)
    target = tmp_path / "alike.json"
    dialogs.save_path = str(target)
    assert not window.save_as()
    kind, title, text = dialogs.shown[-1]
    assert kind == "critical" and title == "Cannot save network"
    assert str(target) in text and "(at extra_thing)" in text and "nothing was written" in text
    assert not target.exists()
    dialogs.save_path = str(tmp_path / "alike.yaml")
    assert window.save_as()


def test_a_network_too_big_to_open_again_is_not_saved(window, dialogs, monkeypatch, tmp_path: Path) -> None:
    assert window.open_path(str(corpus.GOLDEN / "add_ints.fastr.yaml"), ask=False)
    monkeypatch.setattr("editor.core.io.files.MAX_FILE_BYTES", 1000)
    target = tmp_path / "big.yaml"
    dialogs.save_path = str(target)
    assert not window.save_as()
    kind, title, text = dialogs.shown[-1]
    assert kind == "critical" and str(target) in text and "refused when opened" in text
    assert not target.exists() and window.document.file_path != str(target)


def test_20000_links_into_one_input_open_in_the_window(window, dialogs, tmp_path: Path) -> None:
    path = corpus.make_big("fanin_20000_links.json", tmp_path)
    assert window.open_path(str(path), ask=False), dialogs.shown
    assert len(window.document.root.links) == corpus.FANIN_LINKS + 2
    assert len(window.view.network_scene.link_items) == corpus.FANIN_LINKS + 2
    window.new_network()
    assert not dialogs.shown
