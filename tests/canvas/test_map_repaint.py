"""At map zoom a node drag repaints only around the moved node (the overview's tiles, the labels
near it): what is on screen after the drag (the window's backing store) is what a full repaint of
the view draws, so no stale line, box or label is left behind."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from editor.canvas.overview_item import OVERVIEW_SCALE
from tests.canvas.helpers import make_view
from tests.worc_networks import worc_like_network


def on_screen(view) -> QImage:
    """The viewport as the window shows it (what incremental repaints left there)."""
    viewport = view.viewport()
    top_left = viewport.mapTo(view.window(), QPoint(0, 0))
    image = view.window().screen().grabWindow(view.window().winId()).toImage()
    return image.copy(top_left.x(), top_left.y(), viewport.width(), viewport.height()).convertToFormat(
        QImage.Format.Format_RGB32)


def differing(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    return sum(1 for y in range(0, a.height()) for x in range(0, a.width()) if a.pixel(x, y) != b.pixel(x, y))


def test_dragging_a_node_on_the_map_leaves_nothing_stale(qtbot) -> None:
    view = make_view(qtbot, worc_like_network(("CT", "MR", "PET")))     # the view owns its document
    view.fit_all()
    assert view.scale_factor < OVERVIEW_SCALE
    qtbot.wait(50)
    scene = view.network_scene
    item = scene.node_items["calcfeatures_train_pyradiomics_Pyradiomics_1_0_CT_0"]
    start = view.mapFromScene(item.scene_box().center())
    viewport = view.viewport()
    QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for i in range(1, 13):
        QTest.mouseMove(viewport, start + QPoint(4 * i, 3 * i))
        qtbot.wait(5)
    QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start + QPoint(48, 36))
    qtbot.wait(50)
    assert item.pos() != QPointF(0, 0) and view.document.undo_stack.count() == 1
    shown = on_screen(view)
    full = viewport.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    assert differing(shown, full) == 0
