"""Crash recovery files: debounced autosave after edits, removal when clean, the header, big
networks written off the UI thread, orphans of dead editors (a real killed process included), and
files of a running editor left alone."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from editor.api import create_network
from editor.core.errors import SaveError
from editor.core.io.files import file_state
from editor.core.graph.state import network_to_state
from editor.model import recovery as rec
from editor.model.document import Document
from editor.model.edits import add_special_node
from editor.model.recovery import Autosaver, RecoverySession, read_entry

ROOT = Path(__file__).resolve().parents[2]


def _doc(nodes: int = 2) -> Document:
    net = create_network("rescued")
    for n in range(nodes):
        net.create_source("Int", id=f"src{n}").position = (n * 10.0, 0.0)
    return Document(net)


def _add(doc: Document, x: float = 0.0) -> None:
    doc.push(add_special_node(doc.current_model, "source", "Int", (x, 5.0)))


@pytest.fixture
def session(tmp_path: Path):
    s = RecoverySession(tmp_path / "recovery")
    assert s.start()
    yield s
    s.close()


def test_data_dir_follows_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(rec.DATA_DIR_ENV, str(tmp_path / "d"))
    assert rec.recovery_dir() == tmp_path / "d" / "recovery"
    monkeypatch.delenv(rec.DATA_DIR_ENV)
    assert rec.recovery_dir().name == "recovery"


def test_autosave_is_debounced_and_holds_the_whole_state(qapp, qtbot, session) -> None:
    doc = _doc()
    saver = Autosaver(doc, session, delay_ms=150)
    writes: list[str] = []
    saver.written.connect(writes.append)
    for n in range(5):                       # a burst of edits: one write, after the last
        _add(doc, n * 40.0)
        qtbot.wait(30)
    assert not saver.path.exists() and saver.scheduled
    qtbot.waitUntil(saver.path.exists, timeout=3000)
    assert len(writes) == 1
    data = json.loads(saver.path.read_text())
    assert data["format"] == "fastr-editor-recovery" and data["version"] == 2
    header = data["header"]
    assert header["original_path"] is None
    assert header["network_id"] == "rescued"
    assert header["nodes"] == 7
    assert header["pid"] == os.getpid() and header["session"] == session.session_id
    assert abs(header["edited"] - time.time()) < 10
    assert header["editor_version"]
    assert "state" not in data and isinstance(data["state_yaml"], str)
    state = read_entry(saver.path).state
    assert state == file_state(doc.root)
    assert "positions" in state["__editor__"]
    assert saver.path.parent == session.folder and saver.path.suffix == ".json"


def test_busy_editing_still_saves_after_the_longest_delay(qapp, session) -> None:
    doc = _doc()
    saver = Autosaver(doc, session, delay_ms=60_000, max_delay_s=0.0)
    _add(doc)
    assert saver.path.exists()               # the first pending edit was "too long ago"


def test_the_longest_delay_needs_no_further_edit(qapp, qtbot, session) -> None:
    """One edit, then nothing (or edits the debounce timer keeps waiting for): the file is still
    written max_delay_s after the first unsaved edit, by a timer of its own."""
    doc = _doc()
    saver = Autosaver(doc, session, delay_ms=60_000, max_delay_s=0.2)
    _add(doc)
    assert not saver.path.exists()
    qtbot.waitUntil(saver.path.exists, timeout=30_000)       # a hang guard, not a timing
    assert not saver.scheduled


def test_the_defaults_lose_at_most_about_a_second() -> None:
    assert rec.AUTOSAVE_MAX_DELAY_S <= 1.0 and rec.AUTOSAVE_DELAY_MS <= 1000


def test_clean_again_removes_the_file(qapp, session, tmp_path: Path) -> None:
    doc = _doc()
    saver = Autosaver(doc, session, delay_ms=60_000)
    _add(doc)
    saver.flush()
    assert saver.path.exists()
    doc.undo_stack.undo()                    # back to clean: nothing to recover
    assert not saver.path.exists() and not saver.scheduled
    doc.undo_stack.redo()
    saver.flush()
    assert saver.path.exists()
    doc.save(str(tmp_path / "saved.yaml"))   # saved: nothing to recover
    assert not saver.path.exists()
    _add(doc, 50.0)
    saver.flush()
    header = read_entry(saver.path).header
    assert header["original_path"] == str(tmp_path / "saved.yaml")
    assert header["original_mtime"] == doc.file_mtime
    doc.replace(create_network("other"), None)       # new/open: the old changes are gone
    assert not saver.path.exists()


def test_a_clean_close_removes_the_file_a_crash_leaves_it(qapp, session) -> None:
    doc, crashed = _doc(), _doc()
    saver, left = Autosaver(doc, session, delay_ms=60_000), Autosaver(crashed, session, delay_ms=60_000)
    _add(doc)
    _add(crashed)
    saver.flush()
    left.flush()
    saver.close()
    assert not saver.path.exists()
    _add(doc, 100.0)                         # a closed autosaver writes no more
    saver.flush()
    assert not saver.path.exists()
    assert left.path.exists()                # nobody closed it: it stays for the next start


def test_large_networks_are_written_by_a_worker_thread(qapp, session, monkeypatch) -> None:
    doc = _doc()
    threads: list[str] = []
    real = rec.atomic_write

    def slow_write(path, text, **kwargs):
        threads.append(threading.current_thread().name)
        time.sleep(0.2)
        real(path, text, **kwargs)
    monkeypatch.setattr(rec, "atomic_write", slow_write)
    saver = Autosaver(doc, session, delay_ms=60_000, worker_threshold=1)
    _add(doc)
    saver.write_now()                                # the worker writes; the thread name says so
    doc.undo_stack.undo()                            # clean meanwhile: the removal runs after it
    assert saver.flush()
    assert threads and threads[0].startswith("fastr-editor-recovery")
    assert not saver.path.exists()
    doc.undo_stack.redo()
    saver.flush()
    assert saver.path.exists()


def test_a_failed_write_is_reported_and_nothing_raises(qapp, session, monkeypatch) -> None:
    def full(path, text, **kwargs):
        raise SaveError(str(path), "could not be written: No space left on device")
    monkeypatch.setattr(rec, "atomic_write", full)
    doc = _doc()
    saver = Autosaver(doc, session, delay_ms=60_000)
    reasons: list[str] = []
    saver.failed.connect(reasons.append)
    _add(doc)
    saver.flush()
    assert reasons and "No space left" in reasons[0] and saver.last_error
    assert not saver.path.exists()


# -- sessions and orphans ------------------------------------------------------------------------
def _write_recovery(session: RecoverySession, doc: Document) -> Path:
    saver = Autosaver(doc, session, delay_ms=60_000)
    _add(doc, 77.0)
    saver.flush()
    return saver.path


def test_files_of_a_running_editor_are_left_alone(qapp, tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    first, second = RecoverySession(folder), RecoverySession(folder)
    first.start(), second.start()
    doc = _doc()
    path = _write_recovery(first, doc)
    assert second.orphans() == []            # first still runs
    assert first.orphans() == []             # one's own files are never orphans
    first.close()                            # first ends without removing its file (as if killed)
    found = second.orphans()
    assert [e.path for e in found] == [path]
    entry = found[0]
    assert entry.network_id == "rescued" and entry.original_path is None and entry.nodes == 3
    assert network_to_state(entry.network()) == network_to_state(doc.root)
    third = RecoverySession(folder)          # a third editor starting meanwhile does not offer it too
    assert third.orphans() == []
    second.release_claims()
    assert [e.path for e in third.orphans()] == [path]
    third.discard(entry)
    third.close()
    second.close()
    assert not path.exists()


def test_a_broken_recovery_file_is_listed_with_the_reason(qapp, session) -> None:
    (session.folder / "junk.json").write_text("{not json")
    (session.folder / "other.json").write_text(json.dumps({"format": "something else"}))
    (session.folder / "nostate.json").write_text(json.dumps({"format": rec.RECOVERY_FORMAT, "header": {}}))
    other = RecoverySession(session.folder)
    found = {e.path.name: e for e in other.orphans()}
    assert set(found) == {"junk.json", "other.json", "nostate.json"}
    assert all(e.error for e in found.values())
    with pytest.raises(ValueError):
        found["junk.json"].network()
    other.close()


def test_damaged_state_gives_a_value_error(qapp, session) -> None:
    payload = {"format": rec.RECOVERY_FORMAT, "header": {"network_id": "x"}, "state": {"id": 5}}
    (session.folder / "bad.json").write_text(json.dumps(payload))
    entry = read_entry(session.folder / "bad.json")
    assert entry.error is None
    with pytest.raises(ValueError, match="damaged"):
        entry.network()


def test_stale_temporary_files_are_cleaned(qapp, session) -> None:
    stale = session.folder / ".abc.json.x1.tmp"
    fresh = session.folder / ".def.json.x2.tmp"
    stale.write_text("half")
    fresh.write_text("half")
    old = time.time() - rec.STALE_TEMP_AGE - 60
    os.utime(stale, (old, old))
    RecoverySession(session.folder).orphans()
    assert not stale.exists() and fresh.exists()


_CHILD = """
import os, signal, sys, time
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
from editor.api import create_network
from editor.model.document import Document
from editor.model.edits import add_special_node
from editor.model.recovery import Autosaver, RecoverySession
session = RecoverySession(sys.argv[1])
assert session.start()
net = create_network("from_child")
doc = Document(net)
doc.push(add_special_node(doc.current_model, "source", "Int", (1.0, 2.0), "lost_work"))
saver = Autosaver(doc, session, delay_ms=60_000)
saver.write_now()
saver.flush()
print(saver.path, flush=True)
if sys.argv[2] == "kill":
    os.kill(os.getpid(), signal.SIGKILL)
sys.stdin.readline()          # keep running until told
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_killed_editor_leaves_its_work_for_the_next_start(qapp, tmp_path: Path) -> None:
    folder = tmp_path / "recovery"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    killed = subprocess.run([sys.executable, "-c", _CHILD, str(folder), "kill"], capture_output=True,
                            text=True, env=env, cwd=ROOT, timeout=120, check=False)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    path = Path(killed.stdout.strip())
    assert path.exists() and any(folder.glob("*.lock"))        # a stale lock of a dead process
    alive = subprocess.Popen([sys.executable, "-c", _CHILD, str(folder), "wait"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        alive_path = Path(alive.stdout.readline().strip())
        assert alive_path.exists()
        me = RecoverySession(folder)
        found = me.orphans()
        assert [e.path for e in found] == [path]                # the running one is not an orphan
        assert found[0].header["pid"] != os.getpid()
        assert list(found[0].network().nodes) == ["lost_work"]
        me.close()
    finally:
        alive.stdin.write("\n")
        alive.stdin.close()
        alive.wait(60)
    assert alive_path.exists()          # it ended without a clean close (no window): still there
    later = RecoverySession(folder)
    assert {e.path for e in later.orphans()} == {path, alive_path}
    later.close()



def test_merged_edits_typing_in_a_field_are_saved_too(qapp, session) -> None:
    from editor.core.graph.resourcelimit import ResourceLimit
    from editor.model.commands import SetResourceLimitCommand
    net = create_network("typed")
    node = net.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    node.position = (0.0, 0.0)
    doc = Document(net)
    saver = Autosaver(doc, session, delay_ms=60_000)
    old = node.resources.copy() if node.resources else None
    for memory in ("1G", "12G", "123G"):         # one undo step: the commands merge
        doc.push(SetResourceLimitCommand(doc.current_model, {"add": (old, ResourceLimit(memory=memory))}, "memory"))
        assert saver.scheduled
        saver.write_now()
    assert doc.undo_stack.count() == 1
    saved = read_entry(saver.path).network()
    assert saved.nodes["add"].resources == ResourceLimit(memory="123G")


def test_restore_gives_back_every_state_exactly_key_types_and_order(qapp, qtbot, session, tmp_path: Path) -> None:
    """Keys that JSON writes alike (1 and '1'), or not as themselves (true, 2.5, null), nested too:
    the restored network's state is the document's, key for key, types and order kept."""
    hostile = ROOT / "tests" / "data" / "hostile" / "keys_alike_in_json.yaml"
    text = hostile.read_text() + ("more:\n  '2': two as text\n  2: two\n  true: yes\n  2.5: [x]\n"
                                  "  null: nothing\n  when: 2026-12-04\n  '1': {1: [1, '1'], '1': {}}\n")
    path = tmp_path / "odd_keys.yaml"
    path.write_text(text)
    from editor.core.io.files import load_network
    doc = Document(load_network(path))
    assert list(doc.root.extra["extra_thing"]) == [1, "1"]
    saver = Autosaver(doc, session, delay_ms=10)
    _add(doc)
    qtbot.waitUntil(saver.path.exists, timeout=3000)
    assert saver.last_error is None
    entry = read_entry(saver.path)
    assert entry.error is None
    restored = entry.network()
    want, got = file_state(doc.root), file_state(restored)
    assert repr(got) == repr(want)          # repr: 1 and True and 1.0 are equal keys, not alike
    assert repr(got["more"]) == ("{'2': 'two as text', 2: 'two', True: True, 2.5: ['x'], None: 'nothing', "
                                 "'when': '2026-12-04', '1': {1: [1, '1'], '1': {}}}")
    assert [type(k) for k in restored.extra["extra_thing"]] == [int, str]


def test_a_version_1_file_of_an_older_editor_is_still_read(qapp, session) -> None:
    doc = _doc()
    payload = rec.recovery_payload(doc, time.time(), "older")
    payload["version"] = 1
    (session.folder / "old.json").write_text(json.dumps(payload))
    entry = read_entry(session.folder / "old.json")
    assert entry.error is None and entry.state == json.loads(json.dumps(file_state(doc.root)))
    assert sorted(entry.network().nodes) == ["src0", "src1"]
    # A version 2 file whose YAML is broken says so, and names the file.
    broken = {**payload, "version": 2, "state_yaml": "id: [unclosed"}
    del broken["state"]
    (session.folder / "broken.json").write_text(json.dumps(broken))
    bad = read_entry(session.folder / "broken.json")
    assert bad.state is None and bad.error and "broken.json" in bad.error and "invalid YAML" in bad.error
