"""A repaint of part of the view draws there what a full paint of the view draws: step boxes are
filled and stroked cropped to the repaint (``cluster_item.cropped``) and links draw only the labels
the repaint touches. A crop or a skipped label that changed a pixel inside the repaint fails these
tests."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPen

from editor.canvas import cluster_item, link_item
from editor.canvas.cluster_item import RADIUS, cropped
from editor.canvas.overview_item import OVERVIEW_SCALE
from tests.canvas.helpers import make_view
from tests.canvas.test_map_repaint import differing
from tests.worc_networks import worc_like_network


def _rounded_box(box: QRectF, clip: QRect, scale: float) -> QImage:
    image = QImage(320, 240, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setClipRect(clip)
    painter.translate(7.3, 5.1)
    painter.scale(scale, scale)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor("#999999"), 1.2))
    painter.setBrush(QBrush(QColor("#9999991a")))
    painter.drawRoundedRect(box, RADIUS, RADIUS)
    painter.end()
    return image


def test_a_cropped_box_draws_the_same_inside_the_repaint() -> None:
    rng = random.Random(15)
    for scale in (0.45, 1.0, 2.5):
        for _ in range(40):
            clip = QRect(rng.randint(0, 200), rng.randint(0, 150), rng.randint(1, 120), rng.randint(1, 90))
            box = QRectF(rng.uniform(-400, 300), rng.uniform(-400, 200), rng.uniform(2, 900), rng.uniform(2, 900))
            exposed = QRectF(clip).translated(-7.3, -5.1)
            exposed = QRectF(exposed.topLeft() / scale, exposed.bottomRight() / scale)
            crop = cropped(box, exposed, RADIUS + 4.0 + 2.0 / scale)
            assert box.contains(crop)
            assert differing(_rounded_box(box, clip, scale), _rounded_box(crop, clip, scale)) == 0


def test_a_box_far_bigger_than_the_repaint_is_cropped_near_it() -> None:
    box = QRectF(-5000, -5000, 20000, 20000)
    crop = cropped(box, QRectF(0, 0, 100, 50), 20.0)
    assert crop == QRectF(-20, -20, 140, 90)
    assert cropped(QRectF(10, 10, 30, 30), QRectF(0, 0, 100, 50), 20.0) == QRectF(10, 10, 30, 30)


def _parts(view) -> list[QRect]:
    rect = view.viewport().rect()
    rng = random.Random(7)
    parts = [QRect(rect.width() // 3, rect.height() // 3, 90, 60), QRect(0, 0, rect.width(), 40),
             QRect(rect.width() // 2, 0, 12, rect.height())]
    parts += [QRect(rng.randint(0, rect.width() - 40), rng.randint(0, rect.height() - 40),
                    rng.randint(8, 200), rng.randint(8, 160)) for _ in range(6)]
    return [part.intersected(rect) for part in parts]


def _label_edges(view) -> list[QRect]:
    """Small parts that cut the edges of labels in view (a label skipped although its edge is in
    the part leaves its edge out)."""
    seen = view.viewport().rect()
    parts = []
    for item in view.network_scene.link_items.values():
        for rect, _text, _dims in item._label_rects():
            box = view.mapFromScene(rect).boundingRect()
            if not seen.contains(box) or len(parts) >= 40:
                continue
            c = box.center()
            parts += [QRect(box.left() - 3, c.y() - 2, 4, 4), QRect(box.right() - 1, c.y() - 2, 4, 4),
                      QRect(c.x() - 2, box.top() - 3, 4, 4), QRect(c.x() - 2, box.bottom() - 1, 4, 4)]
    return parts


def _grab(view, part: QRect) -> QImage:
    return view.viewport().grab(part).toImage().convertToFormat(QImage.Format.Format_RGB32)


@pytest.mark.parametrize("zoom", ["100 %", "60 %", "map"])
def test_a_repaint_of_part_of_the_view_draws_what_it_drew_uncropped(qtbot, monkeypatch, zoom) -> None:
    """Each part repainted twice: as the canvas does, and with every step box drawn whole and
    every label of every link painted drawn (the same clip: Qt's antialiasing of a line may
    differ by a level where a clip cuts it, so a part is compared with the same part)."""
    view = make_view(qtbot, worc_like_network(("CT", "MR", "PET")))
    view.set_show_dimensions(True)              # a label in the middle of every link
    scene = view.network_scene
    step = max(scene.cluster_items, key=lambda s: len(scene.network.stepids[s]))
    qtbot.waitUntil(lambda: not view._fit_pending)        # the first fit, then the zoom wanted
    if zoom == "map":
        view.fit_all()
        assert view.scale_factor < OVERVIEW_SCALE
    else:
        view._set_scale(1.0 if zoom == "100 %" else 0.6)
        view.centerOn(scene.cluster_items[step].scene_box().center())
        assert view.scale_factor >= OVERVIEW_SCALE
    qtbot.wait(50)
    assert any(item.labels[2] for item in scene.link_items.values())
    parts = _parts(view) + _label_edges(view)
    drawn = [_grab(view, part) for part in parts]
    crops: list[bool] = []
    skips: list[bool] = []
    real_crop, real_touches = cluster_item.cropped, link_item._touches
    monkeypatch.setattr(cluster_item, "cropped", lambda box, exposed, margin: (
        crops.append(real_crop(box, exposed, margin) != box), box)[1])
    monkeypatch.setattr(link_item, "_touches", lambda label, exposed: (
        skips.append(not real_touches(label, exposed)), True)[1])
    whole = [_grab(view, part) for part in parts]
    for part, a, b in zip(parts, drawn, whole):
        assert differing(a, b) == 0, (zoom, part)
    assert any(crops)                          # the crop was put to the test
    if zoom != "map":
        assert any(skips)                      # and so were skipped labels
