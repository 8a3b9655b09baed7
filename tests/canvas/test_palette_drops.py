"""Drops of every palette entry on the canvas, with the drag data the palette itself makes: tools,
Source, Sink and the Constant pseudo-tool each become one node (one undo step), selected."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from editor.model.toolmodel import ToolTreeModel
from tests.canvas.helpers import assert_mirrors, make_view, vp


def _drop_mime(view, pos: QPoint, mime) -> QDropEvent:
    actions = Qt.DropAction.CopyAction
    args = (actions, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    enter = QDragEnterEvent(pos, *args)
    QApplication.sendEvent(view.viewport(), enter)
    assert enter.isAccepted()
    QApplication.sendEvent(view.viewport(), QDragMoveEvent(pos, *args))
    drop = QDropEvent(QPointF(pos), *args)
    QApplication.sendEvent(view.viewport(), drop)
    return drop


@pytest.mark.parametrize(("ns_id", "kind"), [("fastr/Constant:1.0", "constant"), ("fastr/Source:1.0", "source"),
                                             ("fastr/Sink:1.0", "sink"), ("fastr/math/AddInt:1.0", "node")])
def test_every_palette_entry_drops_as_a_selected_node(qtbot, ns_id: str, kind: str) -> None:
    view = make_view(qtbot)
    network = view.document.root
    messages: list[str] = []
    view.status_message.connect(messages.append)
    palette_model = ToolTreeModel(network.library)
    index = palette_model.index_of(ns_id)
    assert index.isValid(), f"{ns_id} is not in the palette"
    mime = palette_model.mimeData([index])
    before = set(network.nodes)
    drop = _drop_mime(view, vp(view, (420.0, 420.0)), mime)
    assert drop.isAccepted(), messages
    new = set(network.nodes) - before
    assert len(new) == 1 and view.document.undo_stack.count() == 1
    node = network.nodes[new.pop()]
    assert node.kind == kind
    assert view.document.selection.nodes == [node.id]
    assert view.network_scene.node_items[node.id].isSelected()
    assert_mirrors(view.network_scene)
