"""Canvas layer: NetworkScene mirrors the document's current network as items.

It builds all items in one batch on reset (and when entering or leaving a macro), keeps
``node_items`` / ``link_items`` / ``cluster_items`` by id, and connects the model's signals to item
setters, so a single change touches only the items it concerns. The selection is kept equal to
``document.selection`` both ways. Mouse gestures are small objects from ``interactions``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QTransform
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from editor.canvas import geometry as geo
from editor.canvas.autolayout import assign_missing_positions
from editor.canvas.cluster_item import ClusterItem
from editor.canvas.dimlabels import DimensionLabels, dimension_labels
from editor.canvas.interactions import Gesture
from editor.canvas.link_item import LinkItem, link_style
from editor.canvas.link_router import MARGIN as ROUTE_MARGIN
from editor.canvas.link_router import MAX_NEAR_REROUTES, NEAR_BOX, LinkRouter
from editor.canvas.node_item import NodeItem
from editor.canvas.overview_item import LinkOverviewItem
from editor.canvas.port_item import HIT_RADIUS, BadgeItem, PortItem
from editor.canvas.badges import ProblemIndex
from editor.canvas.scene_clusters import SceneClusters
from editor.canvas.scene_display import SceneDisplay
from editor.canvas.scene_input import SceneInput
from editor.canvas.scene_notes import SceneNotes
from editor.canvas.selection_sync import SelectionSync
from editor.canvas.theme import LIGHT, Theme
from editor.canvas.tooltips import node_tooltip, port_tooltip
from editor.core.graph.network import Network
from editor.model.document import Document
from editor.model.networkmodel import NetworkModel

SCENE_MARGIN = 2000.0
_MODEL_SIGNALS = ("reset", "node_added", "node_removed", "node_changed", "node_renamed", "nodes_moved",
                  "link_added", "link_removed", "link_changed", "steps_changed", "batch_finished",
                  "note_added", "note_removed", "note_changed")


class NetworkScene(SceneNotes, SceneClusters, SceneDisplay, SceneInput, QGraphicsScene):
    status_message = Signal(str)
    macro_open_requested = Signal(str)
    quick_add_requested = Signal(QPointF)        # scene position
    quick_link_requested = Signal(QPointF, str, str, bool)   # scene position, node, port, is input
    context_menu_requested = Signal(str, str, QPointF, QPoint)   # kind, id, scene and screen position
    rebuilt = Signal()

    def __init__(self, document: Document, parent=None, *, theme: Theme = LIGHT, interactive: bool = True) -> None:
        super().__init__(parent)
        self.document = document
        self.theme = theme
        self.interactive = interactive
        self.node_items: dict[str, NodeItem] = {}
        self.link_items: dict[str, LinkItem] = {}
        self.cluster_items: dict[str, ClusterItem] = {}
        self.note_items = {}
        self._link_ends: dict[str, tuple[str, str, str]] = {}    # link -> (source node, target node, input)
        self._step_of: dict[str, str] = {}
        self._model: NetworkModel | None = None
        self._overview_on = False
        self._overview_selected: set[str] = set()     # node ids the overview draws as selected
        self._overview = LinkOverviewItem(theme, self._overview_nodes, self._overview_node_box)
        self._dim_mode: str | None = None                         # None: no dimension labels
        self._dims: DimensionLabels | None = None
        #: From how many links a rebuild leaves the links' dimension labels for later (None: never;
        #: the view sets it): see :meth:`finish_link_dims`.
        self.defer_link_dims: int | None = None
        self._link_dims_pending = False
        self._problems = ProblemIndex()
        self.router = LinkRouter(lambda: ((i, item.scene_box()) for i, item in self.node_items.items()),
                                 lambda: len(self.network.links))
        self._pending: set[str] = set()        # whole-scene refreshes waiting for a batch's end
        self.gesture: Gesture | None = None
        #: Where the cards of a drag being released started (set by the drag, read by the move).
        self.drag_origins: dict[str, QPointF] = {}
        self.setBackgroundBrush(theme.color("background"))
        document.reset.connect(self.rebuild)
        document.current_changed.connect(self._on_current_changed)
        self.selection_sync = SelectionSync(self)
        self.selectionChanged.connect(self._selection_changed_overview)
        self.rebuild()

    # -- access -------------------------------------------------------------------------------
    @property
    def model(self) -> NetworkModel:
        assert self._model is not None
        return self._model

    @property
    def network(self) -> Network:
        return self.model.network

    def selected_ids(self) -> tuple[list[str], list[str]]:
        """(node ids, link ids) selected, in network order."""
        nodes = {i.node_id for i in self.selectedItems() if isinstance(i, NodeItem)}
        links = {i.link_id for i in self.selectedItems() if isinstance(i, LinkItem)}
        return ([n for n in self.network.nodes if n in nodes], [l for l in self.network.links if l in links])

    def item_at(self, pos: QPointF) -> QGraphicsItem | None:
        """The port, node or link under ``pos`` (ports first), or None for empty canvas."""
        views = self.views()
        transform = views[0].transform() if views else QTransform()
        self.make_ports_near(QRectF(pos.x() - 0.5, pos.y() - 0.5, 1.0, 1.0))
        for item in self.items(pos, Qt.ItemSelectionMode.IntersectsItemShape, Qt.SortOrder.DescendingOrder,
                               transform):
            if isinstance(item, BadgeItem):
                item = item.parentItem()
            if isinstance(item, (PortItem, NodeItem, LinkItem)):
                return item
        return None

    def make_ports_near(self, rect: QRectF) -> None:
        """The port items of the nodes within reach of ``rect`` (ports are made when first
        needed, see ``node_item``); a port's hit area reaches HIT_RADIUS beyond its node's box."""
        for item in self.items(rect.adjusted(-HIT_RADIUS, -HIT_RADIUS, HIT_RADIUS, HIT_RADIUS)):
            if isinstance(item, NodeItem):
                item.make_ports()

    def detach(self) -> None:
        """Stop following the document (an export scene, or a view being closed)."""
        for signal, slot in ((self.document.reset, self.rebuild),
                             (self.document.current_changed, self._on_current_changed)):
            try:
                signal.disconnect(slot)
            except (RuntimeError, TypeError):
                pass
        self.selection_sync.stop()
        self._connect_model(None)

    def _connect_model(self, model: NetworkModel | None) -> None:
        if self._model is not None:
            for name in _MODEL_SIGNALS:
                try:
                    getattr(self._model, name).disconnect(getattr(self, f"_on_{name}"))
                except (RuntimeError, TypeError):
                    pass
        if model is not None:
            for name in _MODEL_SIGNALS:
                getattr(model, name).connect(getattr(self, f"_on_{name}"))
            self._model = model

    # -- building -----------------------------------------------------------------------------
    def _on_current_changed(self) -> None:
        if self.document.current_model is not self._model:
            self._commit_note_typing()
            self.rebuild()

    def rebuild(self) -> None:
        """All items anew from the current network, in one batch."""
        if self.gesture is not None:
            self.gesture.cancel()
            self.gesture = None
        model = self.document.current_model
        self._connect_model(model)
        self._pending = set()
        self.router.invalidate()
        network = model.network
        with self.selection_sync.guard():
            self.clearSelection()     # while the old overview still exists: clear() would then tell it
            self._forget_note_editing()
            self.clear()
            self.node_items, self.link_items, self.cluster_items, self._link_ends = {}, {}, {}, {}
            self._overview = LinkOverviewItem(self.theme, self._overview_nodes, self._overview_node_box)
            self._overview_selected = set()
            self._overview.setVisible(self._overview_on)
            self.addItem(self._overview)
            assign_missing_positions(model)            # part of loading: not an undo step
            # No index while thousands of items go in; a BSP tree once they are all there.
            self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
            defer = (self._dim_mode is not None and self.defer_link_dims is not None
                     and len(network.links) >= self.defer_link_dims)
            self._dims = (dimension_labels(network, self._dim_mode, model.dimensions(), links=not defer)
                          if self._dim_mode else None)
            self._link_dims_pending = defer and self._dims is not None
            self._add_node_items(network)
            self._overview.nodes_changed()             # once for all (refresh=False leaves it)
            self._add_link_items(network, _fans(network))
            linked: dict[str, set[str]] = {}         # node -> its inputs with a link, in one pass
            for link in network.links.values():
                linked.setdefault(link.target.node, set()).add(link.target.input)
            for node_id, item in self.node_items.items():   # _refresh_unlinked, for new items
                inputs = linked.get(node_id, ())
                unlinked = frozenset(p.id for p in item.spec.inputs if p.required and p.id not in inputs)
                if unlinked:                       # (a new item has none)
                    item.set_unlinked(unlinked)
            self.setItemIndexMethod(QGraphicsScene.ItemIndexMethod.BspTreeIndex)
            # Depth ~ log2(items)/2 keeps leaves at a few dozen items; 5,000 nodes (~28,000 items
            # with ports and links) -> 8.
            count = len(self.link_items) + sum(1 + len(i.spec.inputs) + len(i.spec.outputs)
                                               for i in self.node_items.values())
            self.setBspTreeDepth(max(3, min(12, int(math.log2(max(count, 2)) / 2) + 1)))
            self._rebuild_clusters()                   # label placement queries the index
            self._rebuild_notes()
            if self._overview_on:
                self._overview.reset(self.link_items)
            self._problems.apply(self)
            self._fit_scene_rect(shrink=True)
        self.selection_sync.from_document()
        self.rebuilt.emit()

    @property
    def link_dims_pending(self) -> bool:
        """Whether the links' dimension labels wait for :meth:`finish_link_dims`."""
        return self._link_dims_pending

    def finish_link_dims(self) -> None:
        """The links' dimension labels a rebuild left out (``defer_link_dims``: a big network
        opens on the map, where they are not drawn, so its first picture need not wait for them);
        after this the items are as an undeferred rebuild makes them. The view calls it after the
        first paint, or at once when the canvas is drawn in detail (a zoom in, a view not shown).
        The ports' labels (a card's size depends on them) are never left out."""
        if not self._link_dims_pending:
            return
        self._link_dims_pending = False
        dims = dimension_labels(self.network, self._dim_mode, self.model.dimensions()) if self._dim_mode else None
        if dims is None or self._dims is None:
            return
        self._dims = dims
        links, items = dims.links, self.link_items
        for link_id, middle in links.items():
            item = items.get(link_id)
            if item is not None and middle:
                source, target, _old = item.labels
                item.set_labels(source, target, middle)

    def _spec(self, node_id: str) -> tuple[geo.NodeSpec, geo.NodeGeometry]:
        node = self.network.nodes[node_id]
        dims = self._dims.ports.get(node_id) if self._dims is not None else None
        spec = geo.node_spec(node, dims)
        self.router.invalidate()                 # the card may change size
        return spec, geo.node_geometry(spec)

    def _add_node_item(self, node_id: str, refresh: bool = True) -> NodeItem:
        node = self.network.nodes[node_id]
        spec, geometry = self._spec(node_id)
        item = NodeItem(node_id, spec, geometry, self.theme)
        item.setPos(*(node.position or (0.0, 0.0)))
        if self._overview_on:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self._set_tooltips(item)
        self.addItem(item)
        self.node_items[node_id] = item
        if refresh:
            self._overview.nodes_changed()
            self._refresh_unlinked(node_id)
        return item

    def _add_node_items(self, network: Network) -> None:
        """The items of all nodes of a rebuild, as ``_add_node_item(refresh=False)`` makes them
        one by one (the same state), without its per-node look-ups."""
        dims = self._dims.ports if self._dims is not None else None
        theme, overview_on, node_items, add = self.theme, self._overview_on, self.node_items, self.addItem
        node_spec, node_geometry = geo.node_spec, geo.node_geometry
        no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
        node_tooltip, port_tooltip = self._node_tooltip, self._port_tooltip
        self.router.invalidate()                 # the cards change
        for node in network.nodes.values():
            node_id = node.id
            spec = node_spec(node, dims.get(node_id) if dims is not None else None)
            item = NodeItem(node_id, spec, node_geometry(spec), theme)
            item.setPos(*(node.position or (0.0, 0.0)))
            if overview_on:
                item.setFlag(no_contents, True)
            item.set_tooltip_source(node_tooltip)
            item.set_port_tooltip_source(port_tooltip)
            add(item)
            node_items[node_id] = item

    def _set_tooltips(self, item: NodeItem) -> None:
        """Node and port tooltips are made when first asked for (thousands, few ever read)."""
        item.set_tooltip_source(self._node_tooltip)
        item.set_port_tooltip_source(self._port_tooltip)

    def _node_tooltip(self, item: NodeItem) -> str:
        node = self.network.nodes.get(item.node_id)
        return node_tooltip(node) if node is not None else ""

    def _port_tooltip(self, port: PortItem) -> str:
        node = self.network.nodes.get(port.node_id)
        return port_tooltip(node, port.side, port.port_id) if node is not None else ""

    def _add_link_item(self, link_id: str, fan: tuple[int, int] | None = None) -> LinkItem:
        link = self.network.links[link_id]
        item = LinkItem(link_id, self.theme)
        item.set_style(link_style(bool(link.collapse), link.expand), settle=False)
        self._link_ends[link_id] = (link.source.node, link.target.node, link.target.input)
        self.link_items[link_id] = item
        if self._overview_on:
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemHasNoContents, True)
        self._update_link(link_id, fan)      # geometry before it joins the scene: no index churn
        item.settle()
        self.addItem(item)
        return item

    def _add_link_items(self, network: Network, fans: dict[str, tuple[int, int]]) -> None:
        """The items of all links of a rebuild, as :meth:`_add_link_item` makes them one by one
        (the same state), without its per-link look-ups: thousands of links on open."""
        node_items, link_items, link_ends = self.node_items, self.link_items, self._link_ends
        theme, overview_on = self.theme, self._overview_on
        dim_links = self._dims.links if self._dims is not None else None
        route = self.router.route if self.gesture is None else None
        fan_offset, lane_end = geo.fan_offset, geo.link_lane_end
        no_contents = QGraphicsItem.GraphicsItemFlag.ItemHasNoContents
        add = self.addItem
        places: dict[str, tuple[float, float]] = {}         # node id -> its item's position
        for link_id, link in network.links.items():
            item = LinkItem(link_id, theme)
            source, target = link.source, link.target
            style = link_style(bool(link.collapse), link.expand)
            link_ends[link_id] = (source.node, target.node, target.input)
            link_items[link_id] = item
            if overview_on:
                item.setFlag(no_contents, True)
            src, tgt = node_items.get(source.node), node_items.get(target.node)
            if src is None or tgt is None:
                item.set_style(style)
                add(item)
                continue
            index, count = fans[link_id]
            p0, p1 = _anchor_at(src, "out", source.output, places), _anchor_at(tgt, "in", target.input, places)
            offset = fan_offset(index, count)
            bends: tuple[geo.Point, ...] = ()
            if route is not None:
                bends = tuple(route(p0, lane_end(p1, offset), (source.node, target.node)))
            source_label = f"[{source.index}]" if source.index is not None else ""
            if target.name is not None:
                target_label = target.name if target.key == 0 else f"{target.name}/{target.key}"
            else:
                target_label = f"#{target.key}" if count > 1 or target.key != 0 else ""
            middle = dim_links.get(link_id, "") if dim_links is not None else ""
            item.start(style, p0, p1, offset, bends, (source_label, target_label, middle))
            add(item)

    def _update_link(self, link_id: str, fan: tuple[int, int] | None = None) -> None:
        """End points, fan-in lane and labels of one link, from the core. ``fan``: (index, count)
        of the link among the links into its input, when the caller knows it."""
        link = self.network.links.get(link_id)
        item = self.link_items.get(link_id)
        if link is None or item is None:
            return
        src, tgt = self.node_items.get(link.source.node), self.node_items.get(link.target.node)
        if src is None or tgt is None:
            return
        if fan is None:
            siblings = sorted(self.network.links_into(link.target.node, link.target.input),
                              key=lambda l: (l.target.name or "", l.target.key))
            fan = (next(i for i, l in enumerate(siblings) if l.id == link_id), len(siblings))
        index, count = fan
        p0, p1 = _anchor(src, "out", link.source.output), _anchor(tgt, "in", link.target.input)
        offset = geo.fan_offset(index, count)
        bends: tuple[geo.Point, ...] = ()
        if self.gesture is None:             # while nodes are dragged their links are drawn plain
            bends = self.router.route((p0.x(), p0.y()), geo.link_lane_end((p1.x(), p1.y()), offset),
                                      (link.source.node, link.target.node))
        item.set_ends(p0, p1, offset, bends, settle=False)
        source_label = f"[{link.source.index}]" if link.source.index is not None else ""
        t = link.target
        if t.name is not None:
            target_label = t.name if t.key == 0 else f"{t.name}/{t.key}"
        else:
            target_label = f"#{t.key}" if count > 1 or t.key != 0 else ""
        middle = self._dims.links.get(link_id, "") if self._dims is not None else ""
        item.set_labels(source_label, target_label, middle, settle=False)
        item.settle()
        if self._overview_on and item.scene() is self:     # (a rebuild resets it at the end)
            self._overview.set_link(link_id, item)

    def update_node_links(self, node_ids, old_boxes: Iterable[QRectF] = ()) -> None:
        """Re-route the links of the given nodes only (after a move); at rest (no drag under way)
        also the links that now run under a moved card or closer to it than a route keeps
        (``link_router.MARGIN``), and the routed links that went round one
        of ``old_boxes`` (where the moved cards were), whose detour may be needless now. Bounded:
        more than 200 moved cards, or more than :data:`MAX_NEAR_REROUTES` such links, are left."""
        node_ids = list(node_ids)
        self._overview.nodes_changed(node_ids)
        self.router.invalidate()
        done: set[str] = set()
        for node_id in node_ids:
            for link in self.network.node_links(node_id) if node_id in self.network.nodes else ():
                if link.id not in done:
                    done.add(link.id)
                    self._update_link(link.id)
        if (self.gesture is None and len(done) < len(self.link_items) and len(node_ids) <= 200
                and self.router.active):
            # Other links that now run under a moved card go round it.
            for node_id in node_ids:
                item = self.node_items.get(node_id)
                if item is None:
                    continue
                box = item.scene_box().adjusted(-ROUTE_MARGIN, -ROUTE_MARGIN, ROUTE_MARGIN, ROUTE_MARGIN)
                for other in self.items(box):         # under the card, or closer than a route keeps
                    if isinstance(other, LinkItem) and other.link_id not in done:
                        done.add(other.link_id)
                        self._update_link(other.link_id)
            self._reroute_near(old_boxes, done)

    def _reroute_near(self, boxes: Iterable[QRectF], done: set[str]) -> None:
        """Route again the links with bend points that pass within ``NEAR_BOX`` of ``boxes`` (a
        detour round a card that has gone), at most :data:`MAX_NEAR_REROUTES` of them."""
        budget = MAX_NEAR_REROUTES
        for box in boxes:
            for other in self.items(box.adjusted(-NEAR_BOX, -NEAR_BOX, NEAR_BOX, NEAR_BOX)):
                if isinstance(other, LinkItem) and other.bends and other.link_id not in done:
                    if budget <= 0:
                        return
                    budget -= 1
                    done.add(other.link_id)
                    self._update_link(other.link_id)

    def _update_input_links(self, node_id: str, input_id: str) -> None:
        for link in self.network.links_into(node_id, input_id):
            self._update_link(link.id)

    def _refresh_unlinked(self, node_id: str, linked: set[str] | None = None) -> None:
        """``linked``: the node's inputs that have a link, when the caller knows them."""
        item = self.node_items.get(node_id)
        if item is None:
            return
        if linked is None:
            linked = {l.target.input for l in self.network.node_links(node_id) if l.target.node == node_id}
        item.set_unlinked(frozenset(p.id for p in item.spec.inputs if p.required and p.id not in linked))

    # -- model signals ------------------------------------------------------------------------
    def _on_reset(self) -> None:
        self.rebuild()

    def _refresh(self, *what: str) -> None:
        """Whole-scene refreshes: now, or once when the model's batch ends."""
        if self._model is not None and self._model.in_batch:
            self._pending.update(what)
            return
        if "clusters" in what:
            self._rebuild_clusters()
        if "fit" in what:
            self._fit_scene_rect()
        if "to_document" in what:
            self.selection_sync.to_document()
        if "from_document" in what:
            self.selection_sync.from_document()
        if "dimensions" in what and self._dim_mode:
            self.refresh_dimensions()

    def _on_batch_finished(self) -> None:
        pending, self._pending = self._pending, set()
        if pending:
            self._refresh(*pending)

    def _on_node_added(self, node_id: str) -> None:
        node = self.network.nodes[node_id]
        if node.position is None:
            assign_missing_positions(self.model)
        self._add_node_item(node_id)
        self._problems.apply_node(self, node_id)
        self._refresh("clusters", "fit", "from_document")

    def _on_node_removed(self, node_id: str) -> None:
        self.router.invalidate()
        item = self.node_items.pop(node_id, None)
        if item is not None:
            with self.selection_sync.guard():
                self.removeItem(item)
            self._overview.nodes_changed()
            self._refresh("to_document")
        self._refresh("clusters")

    def _on_node_changed(self, node_id: str) -> None:
        item = self.node_items.get(node_id)
        if item is None:
            return
        spec, geometry = self._spec(node_id)
        item.set_content(spec, geometry)
        self._overview.nodes_changed([node_id])
        self._set_tooltips(item)
        self._refresh_unlinked(node_id)
        self.update_node_links([node_id])
        self.update_clusters(self.clusters_of([node_id]))

    def _on_node_renamed(self, old: str, new: str) -> None:
        item = self.node_items.pop(old, None)
        if item is None:
            return
        self.node_items[new] = item
        item.set_node_id(new)
        for link_id, (s, t, i) in list(self._link_ends.items()):
            if old in (s, t):
                self._link_ends[link_id] = (new if s == old else s, new if t == old else t, i)
        self._refresh("clusters")
        self._on_node_changed(new)
        self._refresh("to_document")

    def _on_nodes_moved(self, node_ids: list) -> None:
        origins, self.drag_origins = self.drag_origins, {}
        old_boxes = []
        for node_id in node_ids:
            item = self.node_items.get(node_id)
            position = self.network.nodes[node_id].position if node_id in self.network.nodes else None
            if item is None or position is None:
                continue
            start = origins.get(node_id)
            if start is None and (item.pos().x(), item.pos().y()) != position:
                start = QPointF(item.pos())              # an undo, redo, align...: the item is still there
            if (item.pos().x(), item.pos().y()) != position:
                item.setPos(*position)
            if start is not None and start != item.pos():
                old_boxes.append(item.scene_box().translated(start - item.pos()))
        self.update_node_links(node_ids, old_boxes)
        self.update_clusters(self.clusters_of(node_ids), moved=node_ids)
        self._refresh("fit")

    def _on_link_added(self, link_id: str) -> None:
        self._add_link_item(link_id)
        _s, target, input_id = self._link_ends[link_id]
        self._update_input_links(target, input_id)
        self._refresh_unlinked(target)
        self._problems.apply_link(self, link_id)
        if self._dim_mode:
            self._refresh("dimensions")

    def _on_link_removed(self, link_id: str) -> None:
        item = self.link_items.pop(link_id, None)
        ends = self._link_ends.pop(link_id, None)
        self._overview.remove_link(link_id)
        if item is not None:
            with self.selection_sync.guard():
                self.removeItem(item)
            self._refresh("to_document")
        if ends is not None and ends[1] in self.network.nodes:
            self._update_input_links(ends[1], ends[2])
            self._refresh_unlinked(ends[1])
        if self._dim_mode:
            self._refresh("dimensions")

    def _on_link_changed(self, link_id: str) -> None:
        link, item = self.network.links.get(link_id), self.link_items.get(link_id)
        if link is not None and item is not None:
            item.set_style(link_style(bool(link.collapse), link.expand))
            self._update_link(link_id)
            if self._dim_mode:
                self._refresh("dimensions")

    def _on_steps_changed(self) -> None:
        self._refresh("clusters")

    def _fit_scene_rect(self, shrink: bool = False) -> None:
        rect = QRectF()
        for item in self.node_items.values():
            rect = rect.united(item.sceneBoundingRect())
        self._overview.set_rect(rect.adjusted(-250, -250, 250, 250))    # backward links loop out
        rect = rect.united(self.notes_rect())
        rect = rect.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN)
        self.setSceneRect(rect if shrink else rect.united(self.sceneRect()))


def _fans(network: Network) -> dict[str, tuple[int, int]]:
    """Every link's (index, count) among the links into its input, in network link order."""
    groups: dict[tuple[str, str], list] = {}
    for link in network.links.values():
        groups.setdefault((link.target.node, link.target.input), []).append(link)
    fans = {}
    for links in groups.values():
        links.sort(key=lambda l: (l.target.name or "", l.target.key))
        for index, link in enumerate(links):
            fans[link.id] = (index, len(links))
    return {link_id: fans[link_id] for link_id in network.links}


def _anchor_at(item: NodeItem, side: str, port_id: str, places: dict[str, tuple[float, float]]) -> geo.Point:
    """:func:`_anchor` as a point; ``places`` keeps the items' positions asked for so far."""
    anchor = item.port_anchor(side, port_id)
    if anchor is None:
        point = item.port_scene_pos(side, port_id)
        return (point.x(), point.y())
    place = places.get(item.node_id)
    if place is None:
        pos = item.pos()
        place = places[item.node_id] = (pos.x(), pos.y())
    return (place[0] + anchor[0], place[1] + anchor[1])


def _anchor(item: NodeItem, side: str, port_id: str) -> QPointF:
    anchor = item.port_anchor(side, port_id)        # the port's dot, without making its item
    if anchor is not None:
        return item.pos() + QPointF(*anchor)
    return item.port_scene_pos(side, port_id)
