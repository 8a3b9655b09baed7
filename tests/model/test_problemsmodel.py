"""ProblemsModel: re-validates the network shown a few ms after edits (once per burst), on undo,
and when the document switches network; counts errors and warnings."""

from __future__ import annotations

from PySide6.QtCore import Qt

from editor.api import create_network
from editor.core.graph.network import Network
from editor.core.graph.urls import InputRef, OutputRef
from editor.core.analysis.validation import Problem, problems
from editor.model.commands import AddLinkCommand, MoveNodesCommand, RenameNodeCommand
from editor.model.document import Document
from editor.model.edits import add_special_node, link_ports
from editor.model.problemsmodel import ProblemRole, ProblemsModel


def make_doc() -> Document:
    net = create_network("checked")
    net.create_source("Int", id="src")
    net.create_sink("Int", id="snk")
    return Document(net)


def test_counts_and_rows(qapp) -> None:
    doc = make_doc()
    model = ProblemsModel(doc)
    errors, warnings = model.counts()
    assert errors >= 2 and errors + warnings == model.rowCount()
    assert model.rowCount() == len(problems(doc.root))
    first = model.data(model.index(0, 0), ProblemRole)
    assert isinstance(first, Problem) and first.severity == "error"
    assert model.data(model.index(0, 1)) in ("src", "snk", "snk.input")
    assert model.data(model.index(0, 0), Qt.ItemDataRole.DecorationRole) is not None
    assert model.headerData(2, Qt.Orientation.Horizontal) == "Message"


def test_revalidates_after_edit_and_undo(qtbot) -> None:
    doc = make_doc()
    model = ProblemsModel(doc)
    assert model.counts()[0] > 0
    with qtbot.waitSignal(model.problems_changed, timeout=1000):
        doc.push(link_ports(doc.current_model, OutputRef("src", "output"), "snk", "input"))
    assert model.counts() == (0, 0)
    with qtbot.waitSignal(model.problems_changed, timeout=1000):
        doc.undo_stack.undo()
    assert model.counts()[0] > 0


def test_a_burst_of_edits_validates_once(qtbot) -> None:
    doc = make_doc()
    calls: list[Network] = []

    def counting(network: Network) -> list[Problem]:
        calls.append(network)
        return problems(network)

    model = ProblemsModel(doc, validator=counting, delay_ms=20)
    calls.clear()
    for n in range(10):
        doc.push(add_special_node(doc.current_model, "source", "Int", (n * 10.0, 0.0)))
    assert model.pending and not calls
    qtbot.waitUntil(lambda: not model.pending, timeout=1000)
    assert len(calls) == 1
    doc.push(AddLinkCommand(doc.current_model, OutputRef("src", "output"), InputRef("snk", "input", 0)))
    qtbot.waitUntil(lambda: len(calls) == 2, timeout=1000)


def test_moves_are_not_validated_again(qtbot) -> None:
    """Positions are not checked: re-validating 5,000 nodes after a drag would stall the next one."""
    doc = make_doc()
    calls: list[Network] = []
    model = ProblemsModel(doc, validator=lambda network: calls.append(network) or problems(network), delay_ms=0)
    calls.clear()
    doc.push(MoveNodesCommand(doc.current_model, {"src": (None, (1.0, 1.0))}))
    doc.undo_stack.undo()
    doc.undo_stack.redo()
    assert not model.pending
    qtbot.wait(50)
    assert calls == []
    doc.push(RenameNodeCommand(doc.current_model, "src", "source"))
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=1000)
    assert all(p.node != "src" for p in model.problems)


def test_follows_the_network_shown(qtbot) -> None:
    net = create_network("outer")
    inner = create_network("inner")
    inner.create_source("Int", id="lonely")
    net.create_macro(inner, id="m")
    doc = Document(net)
    model = ProblemsModel(doc)
    doc.enter_macro("m")
    qtbot.waitUntil(lambda: not model.pending, timeout=1000)
    assert model.problems and all(p.node == "lonely" and not p.network_path for p in model.problems)
    doc.go_up()
    qtbot.waitUntil(lambda: not model.pending, timeout=1000)
    assert any(p.network_path == ("m",) for p in model.problems)


def test_every_edit_but_a_move_is_a_content_change(qapp) -> None:
    from editor.core.graph.resourcelimit import ResourceLimit
    doc = make_doc()
    model = doc.current_model
    counts = {"changed": 0, "content": 0}
    model.changed.connect(lambda: counts.__setitem__("changed", counts["changed"] + 1))
    model.content_changed.connect(lambda: counts.__setitem__("content", counts["content"] + 1))

    def expect(content: bool, edit) -> None:
        before = dict(counts)
        edit()
        assert counts["changed"] > before["changed"]
        assert (counts["content"] > before["content"]) is content

    expect(False, lambda: model.move_nodes({"src": (5.0, 5.0)}))
    expect(True, lambda: doc.push(AddLinkCommand(model, OutputRef("src", "output"), InputRef("snk", "input", 0))))
    expect(True, lambda: model.rename_node("src", "source"))
    expect(True, lambda: model.set_resources("snk", ResourceLimit(cores=2)))
    expect(True, lambda: model.set_node_property("snk", "nodegroup", "g"))
    expect(True, lambda: model.set_network_property("version", "2.0"))
    expect(True, lambda: model.remove_link(next(iter(model.network.links))))
    expect(True, lambda: model.remove_node("snk"))
