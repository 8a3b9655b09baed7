"""NetworkModel.dimensions: computed once per change of content and shared by the canvas labels,
validation and the property panels; never stale, whatever signal the change came with."""

from __future__ import annotations

import pytest

from editor.api import create_network
from editor.core.analysis.dimensions import dimensions
from editor.core.graph.resourcelimit import ResourceLimit
from editor.core.graph.urls import InputRef, OutputRef
from editor.model.commands import AddLinkCommand, MoveNodesCommand, RenameNodeCommand
from editor.model.document import Document


def make_doc() -> Document:
    net = create_network("dims")
    src = net.create_source("Int", id="src")
    const = net.create_constant("Int", [1, 2, 3], id="const")
    add = net.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    net.create_sink("Int", id="snk")
    add.inputs["left_hand"] << src.outputs["output"]
    add.inputs["right_hand"] << const.outputs["output"]
    return Document(net)


def same_as_fresh(model) -> bool:
    cached, fresh = model.dimensions(), dimensions(model.network)
    return all(cached.output(n, o) == fresh.output(n, o)
               for n, node in model.network.nodes.items() for o in node.outputs)


def test_kept_until_the_content_changes(qapp) -> None:
    doc = make_doc()
    model = doc.current_model
    first = model.dimensions()
    assert model.dimensions() is first
    doc.push(MoveNodesCommand(model, {"src": (None, (5.0, 5.0))}))
    assert model.dimensions() is first                       # positions do not change dimensions
    doc.push(AddLinkCommand(model, OutputRef("add", "result"), InputRef("snk", "input", 0)))
    assert model.dimensions() is not first and same_as_fresh(model)


@pytest.mark.parametrize("edit", ["link", "rename", "resources", "property", "remove_link", "remove_node",
                                  "network", "undo"])
def test_every_kind_of_edit_drops_it_before_listeners_hear(qapp, edit) -> None:
    """A listener of the change's own signal (the canvas relabels links on link_added, outside a
    batch) already gets the new dimensions."""
    doc = make_doc()
    model = doc.current_model
    model.dimensions()
    heard = []
    for signal in (model.node_added, model.node_removed, model.node_changed, model.node_renamed,
                   model.link_added, model.link_removed, model.link_changed, model.network_changed,
                   model.steps_changed, model.content_changed, model.reset):
        signal.connect(lambda *_: heard.append(same_as_fresh(model)))
    if edit == "link":
        doc.push(AddLinkCommand(model, OutputRef("add", "result"), InputRef("snk", "input", 0)))
    elif edit == "rename":
        model.rename_node("const", "numbers")
    elif edit == "resources":
        model.set_resources("add", ResourceLimit(cores=2))
    elif edit == "property":
        model.set_node_property("add", "merge_dimensions", "all")
    elif edit == "remove_link":
        model.remove_link(next(iter(model.network.links)))
    elif edit == "remove_node":
        model.remove_node("const")
    elif edit == "network":
        model.set_network_property("version", "2.0")
    else:
        doc.push(RenameNodeCommand(model, "src", "source"))
        heard.clear()
        doc.undo_stack.undo()
    assert heard and all(heard)


def test_shared_by_labels_validation_and_panels(qtbot, monkeypatch) -> None:
    """One edit with the canvas, the problems list and the node page showing: computed once."""
    import editor.model.networkmodel as networkmodel
    from editor.canvas.view import NetworkView
    from editor.model.problemsmodel import ProblemsModel
    from editor.panels.properties import PropertiesPanel

    calls = []
    real = networkmodel.dimensions
    monkeypatch.setattr(networkmodel, "dimensions", lambda network: (calls.append(network.id), real(network))[1])
    doc = make_doc()
    view = NetworkView(doc)
    qtbot.addWidget(view)
    view.set_show_dimensions(True)
    view.show()
    problems = ProblemsModel(doc, delay_ms=0)
    panel = PropertiesPanel(doc)
    qtbot.addWidget(panel)
    doc.selection.set(["add"], [])
    qtbot.waitUntil(lambda: not problems.pending)
    asked = []
    shared = networkmodel.NetworkModel.dimensions
    monkeypatch.setattr(networkmodel.NetworkModel, "dimensions",
                        lambda self: (asked.append(1), shared(self))[1])
    calls.clear()
    doc.push(AddLinkCommand(doc.current_model, OutputRef("add", "result"), InputRef("snk", "input", 0)))
    qtbot.waitUntil(lambda: not problems.pending)
    qtbot.wait(20)
    assert len(asked) >= 3             # labels, validation, the node page's merge choices
    assert calls == ["dims"]           # computed once
    assert view.network_scene._dims is not None


def test_a_library_change_drops_it(qapp) -> None:
    doc = make_doc()
    macro = doc.root.create_macro(make_doc().root, id="inner")
    model, inner = doc.root_model, doc.model_for(macro.subnetwork)
    first, first_inner = model.dimensions(), inner.dimensions()
    changed: list[int] = []
    model.changed.connect(lambda: changed.append(1))
    model.set_library(doc.root.library, doc.root.types)
    assert model.dimensions() is not first
    assert inner.dimensions() is not first_inner          # the macro's model too
    assert changed == []                                  # not an edit
