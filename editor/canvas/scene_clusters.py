"""Canvas layer: step ids as clusters: one ClusterItem (and its label) per non-empty step, its box
kept around its members as they move, its label put where no other node hides it. Mixed into
NetworkScene (uses its node map and network)."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from PySide6.QtCore import QRectF

from editor.canvas.cluster_item import ClusterItem, MemberBoxes, padded, united
from editor.canvas.node_item import NodeItem
from editor.canvas.scene_state import SceneState


class SceneClusters(SceneState):
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

    def update_clusters(self, steps: Iterable[str], moved: Iterable[str] | None = None) -> None:
        """The boxes (and labels) of ``steps`` from their members; ``moved``: the only members
        that moved or resized since the boxes were last computed, when the caller knows them
        (releasing a drag in a step of 3,200 nodes then reads the dragged nodes' boxes, not
        every member's)."""
        moved_ids = None if moved is None else list(moved)
        for step in steps:
            item = self.cluster_items.get(step)
            if item is None:
                continue
            ids = self.network.stepids.get(step, ())
            kept = item.members
            if moved_ids is not None and kept is not None and kept.listed == len(ids) and kept.moved(
                    {n: self.node_items[n].scene_box() for n in moved_ids
                     if n in self.node_items and self._step_of.get(n) == step}):
                member_ids: Iterable[str] = kept.index
            else:
                members = {n: self.node_items[n].scene_box() for n in ids if n in self.node_items}
                item.members = kept = MemberBoxes(members, listed=len(ids))
                member_ids = members
            item.set_rect(padded(kept.united))
            self._place_cluster_label(item, member_ids)

    # -- while nodes are dragged --------------------------------------------------------------
    def cluster_drag_start(self, steps: Iterable[str], moving: set[str]) -> dict[str, QRectF]:
        """The box of each step's members that stay put, for :meth:`cluster_drag_move`: a drag
        then costs per moved node, not per member (a step of 1,250 nodes made every mouse move of
        a 5,000-node network 7 ms slower). It comes from the member boxes kept since the box was
        last computed (:class:`MemberBoxes`; every change that moves, resizes, adds or removes a
        member computes the box again), read afresh only when the step's member list changed
        since."""
        still = {}
        for step in steps:
            item = self.cluster_items.get(step)
            if item is None:
                continue
            kept = item.members
            ids = self.network.stepids.get(step, ())
            if kept is None or kept.listed != len(ids):
                self.update_clusters([step])
                kept = item.members
            assert kept is not None
            still[step] = kept.without(moving)
        return still

    def cluster_drag_move(self, still: dict[str, QRectF], moving: Iterable[NodeItem]) -> None:
        """Step boxes while dragging: the still members' box grown by the moving nodes. The labels
        keep their first spot until :meth:`update_clusters` places them when the drag ends."""
        boxes = dict(still)
        for item in moving:
            step = self._step_of.get(item.node_id)
            if step in boxes:
                boxes[step] = united((item.scene_box(),), boxes[step])
        for step, box in boxes.items():
            self.cluster_items[step].set_rect(padded(box))

    def _place_cluster_label(self, item: ClusterItem, members: Collection[str]) -> None:
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
