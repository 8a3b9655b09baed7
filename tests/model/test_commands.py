"""Commands as algebra: snapshot, push, undo (equal to snapshot), redo (equal to after)."""

from __future__ import annotations

from editor.api import create_network
from editor.core.graph.resourcelimit import ResourceLimit
from editor.core.graph.urls import OutputRef
from editor.model.clipboard import PasteCommand, copy_fragment
from editor.model.commands import (MoveNodesCommand, RenameNodeCommand, SetLinkPropertyCommand,
                                   SetNodePropertyCommand, SetResourceLimitCommand)
from editor.model.document import Document
from editor.model.edits import add_special_node, delete_items, link_ports
from tests.model.undo_check import check_undo_redo


def _doc() -> Document:
    net = create_network("algebra")
    src = net.create_source("Int", id="src")
    snk = net.create_sink("Int", id="snk")
    snk.inputs["input"] << src.outputs["output"]
    src.position, snk.position = (0.0, 0.0), (300.0, 0.0)
    return Document(net)


def test_each_command_undoes_exactly(qapp) -> None:
    doc = _doc()
    model = doc.current_model
    check_undo_redo(doc, add_special_node(model, "source", "Int", (10.0, 20.0), "src2"))
    check_undo_redo(doc, link_ports(model, OutputRef("src2", "output"), "snk", "input", add_subinput=True))
    check_undo_redo(doc, link_ports(model, OutputRef("src2", "output"), "snk", "input"))
    check_undo_redo(doc, MoveNodesCommand(model, {"src": ((0.0, 0.0), (50.0, 60.0))}))
    check_undo_redo(doc, RenameNodeCommand(model, "src", "renamed"))
    check_undo_redo(doc, SetResourceLimitCommand(model, {"snk": (ResourceLimit(time=None), ResourceLimit(memory="8G"))}))
    check_undo_redo(doc, SetNodePropertyCommand(model, ["snk"], "nodegroup", "grp"))
    check_undo_redo(doc, SetNodePropertyCommand(model, ["snk"], "step_id", "step1"))
    link_id = next(iter(doc.root.links))
    check_undo_redo(doc, SetLinkPropertyCommand(model, link_id, "collapse", (0,)))
    check_undo_redo(doc, delete_items(doc, ["snk"], []))
    check_undo_redo(doc, PasteCommand(model, copy_fragment(doc.root, list(doc.root.nodes)), (40.0, 40.0)))


def test_undo_all_gives_first_state(qapp) -> None:
    doc = _doc()
    model = doc.current_model
    first = doc.root.__getstate__()
    for n in range(20):
        doc.push(add_special_node(model, "source", "Int", (n * 10.0, 0.0)))
        doc.push(link_ports(model, OutputRef(doc.root.nodes[list(doc.root.nodes)[-1]].id, "output"),
                            "snk", "input", add_subinput=True))
    doc.push(delete_items(doc, list(doc.root.nodes)[:5], []))
    while doc.undo_stack.canUndo():
        doc.undo_stack.undo()
    assert doc.root.__getstate__() == first


def test_resource_typing_merges(qapp) -> None:
    doc = _doc()
    model = doc.current_model
    old = doc.root.nodes["snk"].resources
    for mem in ("1G", "12G", "128G"):
        doc.push(SetResourceLimitCommand(model, {"snk": (doc.root.nodes["snk"].resources, ResourceLimit(memory=mem, time=None))}, field="memory"))
    assert doc.undo_stack.count() == 1
    doc.undo_stack.undo()
    assert doc.root.nodes["snk"].resources == old


def test_malformed_clipboard_fragment_is_refused_before_anything_changes(qapp) -> None:
    import pytest

    from editor.model.clipboard import FragmentError
    doc = _doc()
    before = doc.root.__getstate__()
    good = copy_fragment(doc.root, ["src", "snk"])
    for bad in ({"nodes": "x"}, {"nodes": [{"id": 3}]}, {**good, "links": [{"id": "l", "source": 5}]},
                {**good, "nodes": good["nodes"] + [{"id": "q", "class": "Nope"}]}):
        with pytest.raises(FragmentError):
            PasteCommand(doc.current_model, bad, (0.0, 0.0))
    assert doc.root.__getstate__() == before
    assert doc.undo_stack.count() == 0


def test_a_link_to_a_taken_sub_input_replaces_it_through_the_model(qapp) -> None:
    doc = _doc()
    model = doc.current_model
    old = next(iter(doc.root.links.values()))
    other = doc.root.create_source("Int", id="other")
    removed: list[str] = []
    model.link_removed.connect(removed.append)
    link, replaced = model.create_link(OutputRef("other", "output"), old.target)
    assert replaced == [(old, 0)] and removed == [old.id]      # the view hears of the replaced link
    assert [l.id for l in doc.root.links_into("snk", "input")] == [link.id]
    model.remove_link(link.id)
    model.insert_link(old, 0)
    assert model.insert_link(link, 1, replace=True) == [(old, 0)]
    assert removed == [old.id, link.id, old.id] and other.id == "other"


def test_notes_go_with_a_paste_and_a_delete_in_one_undo_step(qapp) -> None:
    from editor.core.graph.notes import Note
    doc = _doc()
    model = doc.current_model
    model.add_note(Note("note_1", "read first", (10.0, -100.0), (200.0, 80.0)))
    assert "note_1" in str(doc.root.__getstate__())          # the snapshot holds the notes
    fragment = copy_fragment(doc.root, ["src"], ["note_1"])
    assert fragment["notes"] == [{"id": "note_1", "text": "read first", "position": [10.0, -100.0],
                                  "size": [200.0, 80.0]}]
    assert "notes" not in copy_fragment(doc.root, ["src"])   # as before: no notes, no key
    check_undo_redo(doc, PasteCommand(model, fragment, (40.0, 40.0)))
    assert doc.root.notes["note_2"] == Note("note_2", "read first", (50.0, -60.0), (200.0, 80.0))
    check_undo_redo(doc, PasteCommand(model, {"format": 1, "notes": fragment["notes"]}, (0.0, 30.0)))  # notes only
    assert list(doc.root.notes) == ["note_1", "note_2", "note_3"]
    check_undo_redo(doc, delete_items(doc, ["snk"], [], ["note_1", "note_3"]))
    assert list(doc.root.notes) == ["note_2"] and "snk" not in doc.root.nodes


def test_clipboard_notes_are_bounded_as_a_file_s_are(qapp) -> None:
    import pytest

    from editor.core.graph.notes import MAX_NOTE_TEXT, MAX_NOTES
    from editor.model.clipboard import FragmentError
    doc = _doc()
    model = doc.current_model
    hostile = [{"id": ["not", "an", "id"], "text": "x" * (MAX_NOTE_TEXT + 5), "position": [1e300, 0.0]},
               "no note", {"id": "t", "text": 5}, {"id": "ok", "text": "fine", "position": [0, 0], "size": [1, 1e9]}]
    command = PasteCommand(model, {"format": 1, "nodes": [], "notes": hostile}, (0.0, 0.0))
    assert [len(n.text) for n in command.notes] == [MAX_NOTE_TEXT, 4]
    doc.push(command)
    notes = list(doc.root.notes.values())
    assert [n.id for n in notes] == ["note_1", "ok"] and notes[0].position[0] == 1_000_000.0
    assert notes[1].size[0] == 40.0 and notes[1].size[1] <= 1e6
    many = {"format": 1, "notes": [{"id": f"n{k}", "text": ""} for k in range(MAX_NOTES)]}
    before = doc.root.__getstate__()
    with pytest.raises(FragmentError, match="at most 1,000 notes"):
        PasteCommand(model, many, (0.0, 0.0))
    assert doc.root.__getstate__() == before


def test_a_fragment_goes_through_the_clipboard_format_exactly(qapp) -> None:
    import json

    from editor.model.clipboard import fragment_from_mime, fragment_to_mime
    doc = _doc()
    doc.root.nodes["src"].extra = {"odd": {1: "one", "1": "also one", 2.5: [None, {False: "f"}]}}
    fragment = copy_fragment(doc.root, ["src", "snk"])
    mime = fragment_to_mime(fragment)
    assert repr(fragment_from_mime(mime)) == repr(fragment)
    assert json.loads(mime.text())["nodes"][0]["id"] == "src"          # other programs get JSON
    old = fragment_to_mime({})                                           # an older editor's JSON payload
    old.setData("application/x-fastr-editor-nodes", json.dumps(copy_fragment(doc.root, ["snk"])).encode())
    assert [n["id"] for n in fragment_from_mime(old)["nodes"]] == ["snk"]
    old.setData("application/x-fastr-editor-nodes", b"format: 1\nnodes: [unclosed")
    assert fragment_from_mime(old) is None
