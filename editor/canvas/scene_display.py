"""Canvas layer: the scene's display options: dimension labels, problem badges, theme, and the
overview drawing used when zoomed far out. Mixed into NetworkScene (uses its item maps)."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsItem

from editor.canvas.dimlabels import dimension_labels
from editor.canvas.link_item import LinkItem
from editor.canvas.node_item import NodeItem
from editor.canvas.badges import ProblemIndex
from editor.canvas.theme import Theme
from editor.canvas.scene_state import SceneState


class SceneDisplay(SceneState):
    """Display setters of NetworkScene."""

    def set_dimension_mode(self, mode: str | None) -> None:
        """None (no labels), 'letters' ([NxM] as fastr draws) or 'names'."""
        if mode != self._dim_mode:
            self._dim_mode = mode
            self.refresh_dimensions()

    def refresh_dimensions(self) -> None:
        self._link_dims_pending = False          # all labels anew, the links' too
        self._dims = (dimension_labels(self.network, self._dim_mode, self.model.dimensions())
                      if self._dim_mode else None)
        for node_id, item in self.node_items.items():
            spec, geometry = self._spec(node_id)
            item.set_content(spec, geometry)
        self._overview.nodes_changed()
        for link_id in self.link_items:
            self._update_link(link_id)
        self.update_clusters(self.cluster_items)

    def set_problems(self, problems) -> None:
        self._problems = ProblemIndex(problems)
        self._problems.apply(self)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.setBackgroundBrush(theme.color("background"))
        for item in [*self.node_items.values(), *self.link_items.values(), *self.cluster_items.values(),
                     self._overview]:
            item.set_theme(theme)

    def set_overview(self, on: bool) -> None:
        """Zoomed far out, all links are drawn by one overview item as straight lines."""
        if not on:
            self.finish_link_dims()             # drawn in detail: the links' labels now
        if on == self._overview_on:
            return
        self._overview_on = on
        if on:
            self._overview.reset(self.link_items)
            self._overview.set_selected({i.link_id for i in self.selectedItems() if isinstance(i, LinkItem)})
        no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents    # (once: an enum member is dear)
        for items in (self.link_items.values(), self.node_items.values()):
            for item in items:
                item.setFlag(no_contents, on)
                if item.badge is not None:          # the map shows problems counted per step
                    item.badge.setVisible(not on)
        for cluster in self.cluster_items.values():  # the map draws the step names, larger
            cluster.label.setFlag(no_contents, on)
        self._overview.setVisible(on)

    @property
    def overview_on(self) -> bool:
        """Whether the canvas is drawn as the map (zoomed far out: see :meth:`set_overview`)."""
        return self._overview_on

    def map_problems_changed(self) -> None:
        """The problems changed: the map counts them per step again when next drawn."""
        self._overview.map.problems_changed()

    def map_extent(self, scale: float) -> QRectF:
        """What the map's names cover at view ``scale`` (they stick out of the boxes); null when
        the canvas is not a map."""
        return self._overview.map.extent(scale) if self._overview_on else QRectF()

    def _overview_nodes(self) -> Iterator[tuple[str, QRectF, str, bool]]:
        for node_id, item in self.node_items.items():
            yield node_id, item.scene_box(), item.spec.kind, item.isSelected()

    def _overview_node_box(self, node_id: str) -> tuple[QRectF, str, bool] | None:
        item = self.node_items.get(node_id)
        return None if item is None else (item.scene_box(), item.spec.kind, item.isSelected())

    def _selection_changed_overview(self) -> None:
        selected = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        self._overview.nodes_changed(selected ^ self._overview_selected)
        self._overview_selected = selected
        if self._overview_on:
            self._overview.set_selected({i.link_id for i in self.selectedItems() if isinstance(i, LinkItem)})
