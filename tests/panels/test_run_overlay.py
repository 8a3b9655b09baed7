"""RunOverlay: nodes get a ring, a state bar and counts from a run; only its own items are added."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPointF

from editor.api import create_network, create_network_copy
from editor.canvas.node_item import NodeItem
from editor.canvas.run_overlay import RunOverlay, RunStatusItem
from editor.canvas.view import NetworkView
from editor.model.document import Document
from editor.model.runmodel import RunSession
from tests.model.fake_runs import RECORDED, REPLAY

GOLDEN = Path(__file__).resolve().parents[1] / "golden"


def _view(qtbot, network) -> NetworkView:
    view = NetworkView(Document(network))
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    return view


def _status_items(scene) -> list[RunStatusItem]:
    return [i for i in scene.items() if isinstance(i, RunStatusItem)]


def test_overlay_follows_a_live_run(qtbot, tmp_path: Path) -> None:
    net = create_network_copy(json.loads((GOLDEN / "examples/add_ints.state.json").read_text()))
    view = _view(qtbot, net)
    scene = view.scene()
    for item in scene.node_items.values():       # port items are made when first needed: now
        item.make_ports()
    before = len(scene.items())
    overlay = RunOverlay(scene)
    session = RunSession()
    overlay.attach(session)
    stream = tmp_path / "stream.txt"
    stream.write_text(RECORDED)
    with qtbot.waitSignal(session.finished, timeout=30_000):
        session.start_command(sys.executable, ["-c", REPLAY, str(stream), "53", "1"])
    overlay.flush()
    assert overlay.state_of("add") == "failed" and overlay.label_of("add") == "1✓ 1✗"
    assert overlay.state_of("source") == "finished" and overlay.label_of("source") == "2✓"
    assert overlay.state_of("const__add__right_hand") == "finished"
    assert overlay.state_of("sink") == "cancelled" and overlay.label_of("sink") == "1✓ 2⊘"
    item = overlay.items["add"]
    assert item.parentItem() is scene.node_items["add"]
    assert "failed" in item.toolTip()
    assert len(scene.items()) == before + 4                      # one item per node, nothing else
    # the node under the ring still gets the clicks
    node = scene.node_items["add"]
    assert scene.item_at(node.sceneBoundingRect().center()) is node
    view.grab().save(str(tmp_path / "overlay.png"))               # paints without errors

    # a new run clears the old colours as soon as it starts
    stream.write_text('FASTR-EDITOR-JOB {"node": "add", "sample": "s1", "folder": "s1", "status": "running"}\n')
    with qtbot.waitSignal(session.finished, timeout=30_000):
        session.start_command(sys.executable, ["-c", REPLAY, str(stream), "500", "1"])
    overlay.flush()
    assert overlay.state_of("source") is None and overlay.state_of("add") == "cancelled"
    overlay.clear()
    assert _status_items(scene) == [] and len(scene.items()) == before


def test_rebuild_and_macros(qtbot) -> None:
    inner = create_network("inner")
    value = inner.create_source("Int", id="value")
    add = inner.create_node("fastr/math/AddInt:1.0", "1.0", id="add")
    add.inputs["left_hand"] << value.output
    add.inputs["right_hand"] << [100]
    inner.create_sink("Int", id="result").inputs["input"] << add.outputs["result"]
    net = create_network("outer")
    src = net.create_source("Int", id="src")
    macro = net.create_macro(inner, id="macro")
    macro.inputs["value"] << src.output
    net.create_sink("Int", id="out").inputs["input"] << macro.outputs["result"]
    view = _view(qtbot, net)
    scene, document = view.scene(), view.document
    overlay = RunOverlay(scene)
    overlay.show_counts({"src": {"finished": 2}, "macro/add": {"finished": 1, "running": 1},
                         "macro/value": {"finished": 2}, "out": {"queued": 2}})
    assert overlay.state_of("macro") == "running" and overlay.label_of("macro") == "3✓ 1▶"
    assert overlay.state_of("out") == "queued"
    document.enter_macro("macro")                                  # the scene is rebuilt
    assert set(overlay.items) == {"add", "value"}
    assert overlay.state_of("add") == "running" and overlay.state_of("value") == "finished"
    assert all(isinstance(i.parentItem(), NodeItem) for i in _status_items(scene))
    document.go_up()
    assert overlay.state_of("src") == "finished" and overlay.state_of("macro") == "running"
    scene.node_items["src"].setPos(QPointF(500, 500))                # the ring moves with its node
    assert overlay.items["src"].scenePos() == QPointF(500, 500)
