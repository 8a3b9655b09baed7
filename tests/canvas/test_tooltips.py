"""Node and port tooltips are made when the pointer asks for them, not for every item on open, and
show what is true at that moment."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from tests.canvas.helpers import make_view, vp


def _ask_tooltip(view, point: QPoint) -> str:
    """Send the viewport the help event a resting pointer sends; return the tooltip shown."""
    QToolTip.hideText()
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    QApplication.sendEvent(view.viewport(), event)
    return QToolTip.text() if QToolTip.isVisible() else ""


def test_no_tooltip_is_made_on_open(qtbot) -> None:
    view = make_view(qtbot)
    items = view.network_scene.node_items.values()
    assert items
    assert not any(item._tooltip_ready for item in items)
    assert not any(port._tooltip_ready for item in items for port in item.port_items.values())


def test_resting_on_a_node_shows_its_tooltip(qtbot) -> None:
    view = make_view(qtbot)
    item = view.network_scene.node_items["add"]
    box = item.scene_box()
    text = _ask_tooltip(view, vp(view, (box.center().x(), box.bottom() - 4)))
    assert text.startswith("add (") and "fastr/math/AddInt" in text
    assert item._tooltip_ready
    assert not view.network_scene.node_items["sink"]._tooltip_ready     # only the one asked


def test_resting_on_a_port_shows_the_port_tooltip(qtbot) -> None:
    view = make_view(qtbot)
    port = view.network_scene.node_items["sink"].port_items[("in", "input")]
    text = _ask_tooltip(view, vp(view, port.scenePos()))
    assert text and text == port.toolTip() and "input" in text


def test_tooltip_follows_a_rename(qtbot) -> None:
    view = make_view(qtbot)
    scene, model = view.network_scene, view.document.current_model
    assert scene.node_items["add"].toolTip().startswith("add (")
    model.rename_node("add", "adder")
    item = scene.node_items["adder"]
    assert item.toolTip().startswith("adder (")
    box = item.scene_box()
    assert _ask_tooltip(view, vp(view, (box.center().x(), box.bottom() - 4))).startswith("adder (")
