"""Measuring a laid-out canvas from its real items: node-node overlaps, links drawn under nodes they
do not connect, step boxes that clash, and the picture's proportions. Shared by
``test_layout_quality`` and ``tests/benchmarks/layout_pictures.py``."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF
from PySide6.QtGui import QPainterPathStroker

from editor.api import load_network
from editor.canvas.scene import NetworkScene
from editor.core.graph.network import Network
from editor.model.document import Document

EXAMPLES = Path(__file__).resolve().parents[1] / "golden" / "examples"


def example_networks() -> dict[str, Network]:
    """fastr's examples as files (no positions: the editor lays them out on loading)."""
    return {path.name.removesuffix(".fastr.yaml"): load_network(path)
            for path in sorted(EXAMPLES.glob("*.fastr.yaml"))}


def make_scene(network: Network, dims: bool) -> NetworkScene:
    """A scene of ``network`` as the window shows it: dimension labels on (letters) or off. The
    document is parented to the scene, so Qt deletes both together."""
    document = Document(network)
    scene = NetworkScene(document)
    document.setParent(scene)
    scene.set_dimension_mode("letters" if dims else None)
    return scene


def _overlap(a: QRectF, b: QRectF) -> bool:
    inter = a.intersected(b)
    return inter.width() > 1e-6 and inter.height() > 1e-6


def node_overlaps(scene: NetworkScene) -> list[tuple[str, str]]:
    """Pairs of nodes whose drawn cards (with the port dots sticking out) overlap."""
    from editor.canvas.geometry import PORT_RADIUS
    boxes = sorted(((item.scene_box().adjusted(-PORT_RADIUS, 0, PORT_RADIUS, 0), node_id)
                    for node_id, item in scene.node_items.items()), key=lambda b: b[0].left())
    out = []
    for i, (a, ida) in enumerate(boxes):
        for b, idb in boxes[i + 1:]:
            if b.left() >= a.right():
                break
            if _overlap(a, b):
                out.append((ida, idb))
    return out


def links_under_nodes(scene: NetworkScene) -> list[tuple[str, str]]:
    """(link, node) pairs: the link's drawn line passes over the card of a node that is neither its
    source nor its target (the card shrunk by 1 so that a line along an edge does not count)."""
    stroker = QPainterPathStroker()
    stroker.setWidth(1.0)
    ends = {link.id: (link.source.node, link.target.node) for link in scene.network.links.values()}
    out = []
    for link_id, item in scene.link_items.items():
        stroke = stroker.createStroke(item.path())
        bounds = stroke.boundingRect()
        for node_id, node in scene.node_items.items():
            if node_id in ends[link_id]:
                continue
            box = node.scene_box().adjusted(1, 1, -1, -1)
            if box.intersects(bounds) and stroke.intersects(box):
                out.append((link_id, node_id))
    return out


def step_clashes(scene: NetworkScene) -> list[str]:
    """Step boxes that intersect each other, and nodes inside a step box that is not theirs."""
    boxes = {step: item.rect for step, item in scene.cluster_items.items()}
    names = sorted(boxes)
    problems = [f"boxes {a} and {b}" for i, a in enumerate(names) for b in names[i + 1:]
                if _overlap(boxes[a], boxes[b])]
    step_of = {n: s for s, members in scene.network.stepids.items() for n in members}
    for node_id, item in scene.node_items.items():
        for step, box in boxes.items():
            if step_of.get(node_id) != step and _overlap(box, item.scene_box()):
                problems.append(f"{node_id} in box {step}")
    return problems


def drawing_rect(scene: NetworkScene) -> QRectF:
    rect = QRectF()
    for item in [*scene.node_items.values(), *scene.cluster_items.values()]:
        rect = rect.united(item.sceneBoundingRect())
    return rect


def aspect_ratio(scene: NetworkScene) -> float:
    """Width over height of what is drawn (nodes and step boxes)."""
    rect = drawing_rect(scene)
    return rect.width() / rect.height() if rect.height() > 0 else 0.0


@dataclass
class Quality:
    overlaps: int
    under: int
    clashes: int
    ratio: float


def quality(scene: NetworkScene) -> Quality:
    return Quality(len(node_overlaps(scene)), len(links_under_nodes(scene)), len(step_clashes(scene)),
                   aspect_ratio(scene))
