"""Shared helpers of the app tests (not fixtures: those are in conftest.py): the message-box
answers, a node added as the palette adds it, small and stepped networks, a good tool file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from editor.api import create_network
from editor.core.graph.network import Network
from editor.core.graph.urls import InputRef, OutputRef
from editor.model.commands import AddLinkCommand
from editor.model.edits import add_tool_node

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "examples"
GOOD_TOOL_TEXT = (Path(__file__).resolve().parents[2] / "resources" / "tools" / "fastr" / "math" / "1.0"
                  / "addint.yaml").read_text().replace("id: AddInt", "id: Echo")
ADDINT = "fastr/math/AddInt:1.0"
STEPS = ("load", "compute", "store")
_B = QMessageBox.StandardButton


class Dialogs:
    """Answers QMessageBox questions and records every box shown."""

    def __init__(self) -> None:
        self.unsaved_answer = _B.Discard
        self.question_answer = _B.No
        self.shown: list[tuple[str, str, str]] = []      # (kind, title, text)
        self.save_path: str | None = None

    def warning(self, parent, title, text, *args, **kwargs):
        self.shown.append(("warning", title, text))
        return self.unsaved_answer

    def critical(self, parent, title, text, *args, **kwargs):
        self.shown.append(("critical", title, text))
        return _B.Ok

    def question(self, parent, title, text, *args, **kwargs):
        self.shown.append(("question", title, text))
        return self.question_answer

    def kinds(self) -> list[str]:
        return [kind for kind, _title, _text in self.shown]


def add_node(window, ns_id: str = ADDINT, pos=(0.0, 0.0)) -> str:
    """Add a node of tool ``ns_id`` as the palette does (one undo step); returns its id."""
    tool = window.library_service.library.get(ns_id)
    command = add_tool_node(window.document.current_model, tool, pos)
    window.document.push(command)
    return command.node.id


def build_small_network(window) -> None:
    doc = window.document
    first = add_node(window, pos=(0.0, 0.0))
    second = add_node(window, pos=(250.0, 40.0))
    doc.push(AddLinkCommand(doc.current_model, OutputRef(first, "result"), InputRef(second, "left_hand", 0)))


def stepped_network(branches: int = 12) -> Network:
    """Branches of source -> AddInt -> AddInt -> sink, one step per column kind."""
    net = create_network("batch")
    for b in range(branches):
        src = net.create_source("Int", id=f"src_{b}", step_id=STEPS[0])
        first = net.create_node("fastr/math/AddInt:1.0", "1.0", id=f"add_{b}_0", step_id=STEPS[1])
        second = net.create_node("fastr/math/AddInt:1.0", "1.0", id=f"add_{b}_1", step_id=STEPS[1])
        sink = net.create_sink("Int", id=f"sink_{b}", step_id=STEPS[2])
        first.inputs["left_hand"] << src.outputs["output"]
        first.inputs["right_hand"] << src.outputs["output"]
        second.inputs["left_hand"] << first.outputs["result"]
        second.inputs["right_hand"] << src.outputs["output"]
        sink.inputs["input"] << second.outputs["result"]
        for col, node in enumerate((src, first, second, sink)):
            node.position = (col * 300.0, b * 160.0)
    return net
