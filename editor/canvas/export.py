"""Canvas layer: export a network drawing to SVG (vector, text kept as text) or PNG (2x), built in a
fresh offscreen scene with the same items as the canvas. Needs no window and no display, and no
graphviz (``fastr draw`` needs the ``dot`` program).
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from xml.sax.saxutils import escape

from PySide6.QtCore import QBuffer, QIODevice, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication

from editor.canvas.cluster_item import cluster_rect
from editor.canvas.scene import NetworkScene
from editor.canvas.theme import LIGHT, Theme
from editor.core.graph.network import Network
from editor.core.io.atomic import write_bytes_atomic
from editor.model.document import Document

MARGIN = 40.0
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
PNG_SCALE = 2.0
_APP: QApplication | None = None     # created here when the caller has none (kept alive)


def ensure_application() -> QApplication:
    """The running QApplication, or a new one (offscreen when there is no display)."""
    global _APP
    app = QApplication.instance()
    if app is None:
        if sys.platform.startswith("linux") and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        _APP = QApplication([sys.argv[0] if sys.argv else "fastr-editor"])
        app = _APP
    if not isinstance(app, QApplication):
        raise RuntimeError("export_image needs a QApplication (a QGuiApplication or QCoreApplication is running)")
    return app


def _selected(selection) -> tuple[set[str], set[str] | None]:
    """(node ids, link ids or None = links among the nodes) from ids or a (nodes, links) pair."""
    if isinstance(selection, tuple) and len(selection) == 2 and not isinstance(selection[0], str):
        return set(selection[0]), set(selection[1])
    return set(selection), None


def _limit_to(scene: NetworkScene, nodes: set[str], links: set[str] | None) -> None:
    network = scene.network
    for node_id, item in scene.node_items.items():
        item.setVisible(node_id in nodes)
    for link_id, item in scene.link_items.items():
        link = network.links[link_id]
        among = link.source.node in nodes and link.target.node in nodes
        item.setVisible(link_id in links if links is not None else among)
    for item in scene.note_items.values():           # notes belong to the whole picture
        item.setVisible(False)
    for step, item in scene.cluster_items.items():
        members = [n for n in network.stepids.get(step, ()) if n in nodes]
        item.setVisible(bool(members))
        item.label.setVisible(bool(members))
        if members:
            item.set_rect(cluster_rect(scene.node_items[n].scene_box()
                                       for n in members))


def _content_rect(scene: NetworkScene) -> QRectF:
    rect = QRectF()
    items: Iterable = [*scene.node_items.values(), *scene.link_items.values(),
                       *(c.label for c in scene.cluster_items.values()), *scene.note_items.values()]
    for item in items:
        if item.isVisible():
            rect = rect.united(item.sceneBoundingRect())
    for cluster in scene.cluster_items.values():
        if cluster.isVisible():
            rect = rect.united(cluster.scene_box())
    if rect.isNull():
        rect = QRectF(0, 0, 100, 60)
    return rect.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)


def export_image(source: Network | Document, path: str | os.PathLike[str], *, selection=None,
                 theme: Theme = LIGHT, background: QColor | str | None = None, scale: float = PNG_SCALE,
                 dimensions: str | None = None) -> Path:
    """Draw ``source`` (a network, or a document's current network) to ``path`` (.svg or .png).

    ``selection``: node ids (their links come along) or a (node ids, link ids) pair; None for
    everything. The light theme has a white background; pass ``theme=DARK`` for a dark image.
    ``dimensions``: None, 'letters' ([NxM] as fastr's draw) or 'names' to label ports and links.
    Nodes without positions are laid out for the picture only (the network is not changed)."""
    ensure_application()
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise ValueError(f"cannot export to {target.name}: use a .svg or .png file name")
    document = source if isinstance(source, Document) else Document(source)
    network = document.current_network
    unplaced = [n for n in network.nodes.values() if n.position is None]
    scene = NetworkScene(document, theme=theme, interactive=False)
    try:
        scene.detach()
        for item in scene.items():      # paint vectors into the SVG, not cached pixmaps
            item.setCacheMode(item.CacheMode.NoCache)
        for link in scene.link_items.values():
            link.cosmetic = False       # line widths scale with the picture
        with scene.selection_sync.guard():
            scene.clearSelection()
        if dimensions:
            scene.set_dimension_mode(dimensions)
        if selection is not None:
            _limit_to(scene, *_selected(selection))
        bg = QColor(background) if background is not None else (
            QColor("white") if theme is LIGHT else theme.color("background"))
        scene.setBackgroundBrush(bg)
        source_rect = _content_rect(scene)
        if suffix == ".svg":
            _write_svg(scene, source_rect, target, network.id)
        else:
            _write_png(scene, source_rect, target, scale)
    finally:
        document.current_model.place_positions(dict.fromkeys((n.id for n in unplaced), None))
        scene.clear()
    return target


def _write_svg(scene: NetworkScene, rect: QRectF, target: Path, title: str) -> None:
    from PySide6.QtSvg import QSvgGenerator
    width, height = int(round(rect.width())), int(round(rect.height()))
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QSize(width, height))
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setResolution(96)
    generator.setTitle(title)
    generator.setDescription(f"fastr network {title}, drawn by fastr-editor")
    painter = QPainter(generator)
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        scene.render(painter, QRectF(0, 0, width, height), rect, Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        painter.end()
    text = bytes(buffer.data().data()).decode("utf-8")
    end = text.rfind("</svg>")
    if end >= 0:
        text = text[:end] + _node_titles(scene, rect) + _note_texts(scene, rect) + text[end:]
    write_bytes_atomic(target, text.encode("utf-8"))


def _node_titles(scene: NetworkScene, rect: QRectF) -> str:
    """One invisible box per node drawn, with the node's whole id as its ``<title>`` (a shortened
    id in the drawing can still be found in the file, and viewers show it on hover)."""
    rows = ['<g id="fastr-editor-nodes" fill="none" stroke="none">']
    for node_id, item in scene.node_items.items():
        if not item.isVisible():
            continue
        box = item.scene_box().translated(-rect.left(), -rect.top())
        spec = item.spec
        rows.append(f'<g class="fastr-node"><title>{escape(node_id)}</title>'
                    f'<desc>{escape(" · ".join(spec.lines) or spec.kind)}</desc>'
                    f'<rect x="{box.x():.1f}" y="{box.y():.1f}" width="{box.width():.1f}" '
                    f'height="{box.height():.1f}"/></g>')
    rows.append("</g>\n")
    return "\n".join(rows)


def _note_texts(scene: NetworkScene, rect: QRectF) -> str:
    """One invisible box per note drawn, with the note's whole text as its ``<desc>`` (the drawing
    has it as text too, line by line as wrapped; here it is whole, for search and for tools)."""
    shown = [(note_id, item) for note_id, item in scene.note_items.items() if item.isVisible()]
    if not shown:
        return ""
    rows = ['<g id="fastr-editor-notes" fill="none" stroke="none">']
    for note_id, item in shown:
        box = item.sceneBoundingRect().translated(-rect.left(), -rect.top())
        rows.append(f'<g class="fastr-note"><title>{escape(note_id)}</title>'
                    f'<desc>{escape(_XML_INVALID.sub("", item.text()))}</desc>'
                    f'<rect x="{box.x():.1f}" y="{box.y():.1f}" width="{box.width():.1f}" '
                    f'height="{box.height():.1f}"/></g>')
    rows.append("</g>\n")
    return "\n".join(rows)


def _write_png(scene: NetworkScene, rect: QRectF, target: Path, scale: float) -> None:
    width, height = int(round(rect.width() * scale)), int(round(rect.height() * scale))
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(scene.backgroundBrush().color())
    dots_per_metre = int(round(96 * scale / 0.0254))
    image.setDotsPerMeterX(dots_per_metre)
    image.setDotsPerMeterY(dots_per_metre)
    painter = QPainter(image)
    try:
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                               | QPainter.RenderHint.SmoothPixmapTransform)
        scene.render(painter, QRectF(0, 0, width, height), rect, Qt.AspectRatioMode.IgnoreAspectRatio)
    finally:
        painter.end()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError(f"could not make the PNG picture of {target}")
    write_bytes_atomic(target, bytes(buffer.data().data()))
