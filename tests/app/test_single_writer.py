"""NetworkModel is the only writer of the core for the window (issue 16).

Every mutator of the core (the Network's edit methods and the public fields of networks, nodes,
ports and links) is wrapped; typical window actions are driven through menus, gestures and panel
fields; every change to a network the window shows must come from inside a NetworkModel method:
walking up the stack from the write, ``editor/model/networkmodel.py`` must come before any frame
of ``editor/app``, ``editor/canvas``, ``editor/panels`` or of the test itself. (Undo commands,
macro rewiring and the ``create_*`` callbacks in ``editor/model`` may run in between.)
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QLineEdit

import editor
from editor.core.graph import bulk
from editor.core.graph.link import Link
from editor.core.graph.network import Network
from editor.core.graph.node import Node
from editor.core.graph.ports import Input, Output
from editor.core.graph.resourcelimit import ResourceLimit
from editor.core.graph.urls import OutputRef
from editor.model.commands import SetResourceLimitCommand
from editor.model.edits import add_special_node, add_tool_node, link_ports
from tests.canvas.helpers import drag, node_header_pos, port_pos

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "examples"
EDITOR = Path(editor.__file__).resolve().parent
MODEL_FILE = str(EDITOR / "model" / "networkmodel.py")
OUTSIDE = tuple(str(EDITOR / part) + "/" for part in ("app", "canvas", "panels"))
TESTS = str(Path(__file__).resolve().parents[1]) + "/"

#: The core Network's methods that change it.
NETWORK_MUTATORS = ("create_node", "create_source", "create_sink", "create_constant", "create_macro",
                    "create_link", "link_from", "add_link", "remove_link", "insert_node", "remove_node",
                    "rename_node", "set_step", "set_link_collapse", "set_link_expand",
                    "set_merge_dimensions", "refresh_macro_ports")


def _writer(frame: FrameType | None) -> str | None:
    """None when the write comes from a NetworkModel method; else where it came from."""
    while frame is not None:
        name = frame.f_code.co_filename
        if name == MODEL_FILE:
            return None
        if name == __file__ and frame.f_code.co_name == "wrapped":
            pass                                 # the guard's own wrapper around a nested call
        elif name.startswith(OUTSIDE) or name.startswith(TESTS):
            return f"{name}:{frame.f_lineno} ({frame.f_code.co_name})"
        frame = frame.f_back
    return "no NetworkModel method on the stack"


class Guard:
    """Records the writes to the shown networks that bypass the model."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, windows: list[Any]) -> None:
        self.windows = windows
        self.violations: list[str] = []
        self.seen: set[str] = set()          # what was checked (so the test knows it ran)
        for name in NETWORK_MUTATORS:
            monkeypatch.setattr(Network, name, self._method(name, getattr(Network, name)))
        for name in ("remove_nodes", "restore_nodes"):
            monkeypatch.setattr(bulk, name, self._function(name, getattr(bulk, name)))
        for cls, owner in ((Network, lambda n: n), (Node, self._node_network), (Link, self._link_network),
                           (Input, self._port_network), (Output, self._port_network)):
            monkeypatch.setattr(cls, "__setattr__", self._setattr(cls, owner))

    def report(self) -> str:
        """Each place once, with the kinds of write made there (undoing everything repeats them)."""
        places: dict[str, set[str]] = {}
        for violation in self.violations:
            what, _, where = violation.partition(" from ")
            places.setdefault(where, set()).add(what)
        return "\n".join(f"{where}: {', '.join(sorted(whats))}" for where, whats in sorted(places.items()))

    # -- which network an object belongs to, if it is in it -----------------------------------
    @staticmethod
    def _node_network(node: Node) -> Network | None:
        network = getattr(node, "network", None)
        return network if network is not None and network.nodes.get(getattr(node, "id", None)) is node else None

    @staticmethod
    def _link_network(link: Link) -> Network | None:
        network = getattr(link, "network", None)
        return network if network is not None and network.links.get(getattr(link, "id", None)) is link else None

    def _port_network(self, port: Input | Output) -> Network | None:
        node = getattr(port, "node", None)
        return self._node_network(node) if node is not None else None

    def _shown(self, network: Network | None) -> bool:
        if network is None:
            return False
        return any(network is n for w in self.windows for n in w.document.root.iter_networks())

    def _check(self, what: str, network: Network | None) -> None:
        if not self._shown(network):
            return
        self.seen.add(what.split(".")[-1])
        where = _writer(sys._getframe(2))
        if where is not None:
            self.violations.append(f"{what} from {where}")

    # -- wrappers -----------------------------------------------------------------------------
    def _method(self, name: str, method: Any) -> Any:
        def wrapped(network: Network, *args: Any, **kwargs: Any) -> Any:
            self._check(f"Network.{name}", network)
            return method(network, *args, **kwargs)
        return wrapped

    def _function(self, name: str, function: Any) -> Any:
        def wrapped(network: Network, *args: Any, **kwargs: Any) -> Any:
            self._check(f"bulk.{name}", network)
            return function(network, *args, **kwargs)
        return wrapped

    def _setattr(self, cls: type, owner: Any) -> Any:
        def wrapped(obj: Any, name: str, value: Any) -> None:
            if not name.startswith("_"):     # private fields: the core's own caches and indexes
                self._check(f"{cls.__name__}.{name}", owner(obj))
            object.__setattr__(obj, name, value)
        return wrapped


@pytest.fixture
def window(make_window):
    win = make_window()
    win.resize(1200, 800)
    return win


def _add(window, ns_id: str, pos: tuple[float, float] | None) -> str:
    command = add_tool_node(window.document.current_model, window.library_service.library.get(ns_id), pos)
    window.document.push(command)
    return command.node.id


def _type_into(qtbot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, "\r")


def test_every_window_action_writes_the_core_through_the_model(window, qtbot, monkeypatch) -> None:
    doc, actions, network_actions = window.document, window.menu_actions, window.network_actions
    assert window.open_path(str(GOLDEN / "add_ints.fastr.yaml"), ask=False)   # no positions: laid out
    guard = Guard(monkeypatch, [window])
    model = doc.current_model
    # add nodes (one without a position: the scene places it), link them, replace a link
    first = _add(window, "fastr/math/AddInt:1.0", (900.0, 0.0))
    second = _add(window, "fastr/math/AddInt:1.0", None)
    doc.push(link_ports(model, OutputRef(first, "result"), second, "left_hand"))
    doc.push(link_ports(model, OutputRef(first, "result"), second, "left_hand"))     # replaces it
    doc.push(link_ports(model, OutputRef(first, "result"), second, "right_hand", add_subinput=True))
    window.view.reset_zoom()
    window.view.centerOn(*doc.root.nodes[second].position)
    qtbot.wait(10)
    drag(qtbot, window.view, node_header_pos(window.view, second), node_header_pos(window.view, second)
         + QPoint(40, 30))                                                           # a real drag
    drag(qtbot, window.view, port_pos(window.view, second, "out", "result"),
         port_pos(window.view, first, "in", "right_hand"))                           # refused: a cycle
    # panel fields: rename, node group; resources
    doc.selection.set([second])
    page = window.docks.get("properties").node_page
    _type_into(qtbot, page.id_edit, "renamed")
    _type_into(qtbot, page.group_edit, "group")
    assert "renamed" in doc.root.nodes and doc.root.nodes["renamed"].nodegroup == "group"
    doc.push(SetResourceLimitCommand(model, {"renamed": (None, ResourceLimit(memory="2G"))}))
    properties = window.docks.get("properties")
    doc.selection.set([], [doc.root.links_into("renamed", "left_hand")[0].id])
    properties.link_page.expand_check.click()
    assert doc.root.links_into("renamed", "left_hand")[0].expand is True
    doc.selection.clear()
    _type_into(qtbot, properties.network_page.version_edit, "2.0")
    assert doc.root.version == "2.0"
    # copy, paste, duplicate, cut, delete, select all
    doc.selection.set([first, "renamed"])
    actions.copy.trigger()
    actions.paste.trigger()
    actions.duplicate.trigger()
    actions.cut.trigger()
    actions.select_all.trigger()
    # lay out, align; make a macro, edit inside it, leave, dissolve it
    network_actions.layout_all()
    doc.selection.set(list(doc.root.nodes)[:3])
    network_actions.layout_selection()
    network_actions.align("left")
    network_actions.make_macro()
    macro = next(n for n in doc.root.nodes.values() if n.subnetwork is not None)
    doc.selection.set([macro.id])
    network_actions.open_macro_node()
    assert doc.current_network is macro.subnetwork
    doc.push(add_special_node(doc.current_model, "source", "Int", None, "extra_in"))
    assert "extra_in" in macro.inputs
    window.go_up()
    doc.selection.set([macro.id])
    network_actions.dissolve_macro()
    # the tool library swapped; everything undone and redone; delete
    window.library_service.library_changed.emit(window.library_service.library)
    while doc.undo_stack.canUndo():
        actions.undo.trigger()
    while doc.undo_stack.canRedo():
        actions.redo.trigger()
    actions.select_all.trigger()
    actions.delete.trigger()
    assert not doc.root.nodes
    assert not guard.violations, "writes behind the model's back:\n" + guard.report()
    assert {"create_node", "add_link", "remove_link", "position", "rename_node", "insert_node",
            "library", "remove_nodes", "restore_nodes", "nodegroup", "resources", "version",
            "set_link_expand"} <= guard.seen


def test_the_guard_catches_a_write_behind_the_models_back(window, monkeypatch) -> None:
    """The check can fail: a direct core write from outside the model is reported, with its place."""
    window.open_path(str(GOLDEN / "add_ints.fastr.yaml"), ask=False)
    guard = Guard(monkeypatch, [window])
    network = window.document.root
    node = next(iter(network.nodes.values()))
    node.position = (1.0, 2.0)
    network.set_step(node.id, "behind")
    link = next(iter(network.links.values()))
    network.remove_link(link.id)
    assert len(guard.violations) == 3
    assert all("test_single_writer.py" in v for v in guard.violations)
    assert guard.violations[0].startswith("Node.position from ")
    network.add_link(link)                       # put back: not a shown change the guard
    guard.violations.clear()                     # needs to report twice
    fresh = Network("elsewhere")
    fresh.create_source("Int", id="s").position = (0.0, 0.0)   # a network no window shows
    assert guard.violations == []
