"""Canvas layer: step ids as clusters: one ClusterItem (and its label) per non-empty step, its box
kept around its members as they move, its label put where no other node hides it. Mixed into
NetworkScene (uses its node map and network)."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRectF

from editor.canvas.cluster_item import ClusterItem, cluster_rect
from editor.canvas.node_item import NodeItem


class SceneClusters:
    """Step clusters of NetworkScene."""

    def _rebuild_clusters(self) -> None:
        steps = self.network.stepids
        self._step_of = {n: step for step, members in steps.items() for n in members}
        for step in [s for s in self.cluster_items if s not in steps or not steps[s]]:
            item = self.cluster_items.pop(step)
            self.removeItem(item.label)
            self.removeItem(item)
        for step, members in steps.items():
            if members and step not in self.cluster_items:
                item = ClusterItem(step, self.theme)
                self.addItem(item)
                self.addItem(item.label)
                self.cluster_items[step] = item
        self.update_clusters(self.cluster_items)

    def update_clusters(self, steps: Iterable[str]) -> None:
        for step in steps:
            item = self.cluster_items.get(step)
            if item is None:
                continue
            members = [n for n in self.network.stepids.get(step, ()) if n in self.node_items]
            item.set_rect(cluster_rect(self.node_items[n].scene_box()
                                       for n in members))
            self._place_cluster_label(item, set(members))

    def _place_cluster_label(self, item: ClusterItem, members: set[str]) -> None:
        """The first label spot that covers no node of another step (else the first spot)."""
        size = item.label.boundingRect().size()
        for spot in item.label_spots():
            others = [i for i in self.items(QRectF(spot, size))
                      if isinstance(i, NodeItem) and i.node_id not in members]
            if not others:
                item.label.setPos(spot)
                return
        item.label.setPos(item.label_spots()[0])

    def clusters_of(self, node_ids: Iterable[str]) -> set[str]:
        return {self._step_of[n] for n in node_ids if n in self._step_of}
