"""A rebuild makes all node and link items in one batch (``_add_node_items``, ``_add_link_items``):
the items must be exactly those the one-by-one path (``_add_node_item``, ``_add_link_item``, as
edits add them) makes: same state, same bounding rects, same order in the scene."""

from __future__ import annotations

import pytest

from editor.api import create_network
from editor.canvas import scene as scene_module
from editor.canvas.link_item import LinkItem
from editor.canvas.node_item import NodeItem
from editor.canvas.scene import NetworkScene
from editor.model.document import Document
from tests.canvas.helpers import load_golden, small_network


def _one_by_one(monkeypatch) -> None:
    def nodes(self, network) -> None:
        for node in network.nodes.values():
            self._add_node_item(node.id, refresh=False)

    def links(self, network, fans) -> None:
        for link_id, fan in fans.items():
            self._add_link_item(link_id, fan)
    monkeypatch.setattr(NetworkScene, "_add_node_items", nodes)
    monkeypatch.setattr(NetworkScene, "_add_link_items", links)


def _rect(r) -> tuple[float, float, float, float]:
    return (r.x(), r.y(), r.width(), r.height())


def _state(scene: NetworkScene) -> dict:
    nodes = {}
    for node_id, item in scene.node_items.items():
        nodes[node_id] = (item.node_id, item.spec, item.geometry, (item.pos().x(), item.pos().y()),
                          _rect(item.rect()), item.flags().value, item.cacheMode(), item.acceptHoverEvents(),
                          item.ports_made, item.toolTip(), item.zValue(), item._unlinked)
    links = {}
    for link_id, item in scene.link_items.items():
        links[link_id] = (item.link_id, item.style, item.controls, item.end, item.bends, item._fan, item.labels,
                          item._path is None, _rect(item.rect()), None if item._bounds is None else _rect(item._bounds),
                          item.flags().value, item.zValue(), item.badge is None, item.pen().style())
    order = [(type(i).__name__, getattr(i, "node_id", None) or getattr(i, "link_id", None))
             for i in scene.items() if isinstance(i, (NodeItem, LinkItem))]
    return {"nodes": nodes, "links": links, "order": order, "ends": dict(scene._link_ends)}


def _networks():
    yield "small", small_network()
    for name in ("collapse_expand", "advanced_linking", "cross_validation", "add_ints_missing"):
        yield name, load_golden(name)


@pytest.mark.parametrize("dims", [None, "letters", "names"])
@pytest.mark.parametrize("overview", [False, True])
def test_batched_items_equal_one_by_one(qapp, monkeypatch, dims, overview) -> None:
    for name, network in _networks():
        batched = {}
        for way in ("batched", "one_by_one"):
            with monkeypatch.context() as m:
                if way == "one_by_one":
                    _one_by_one(m)
                document = Document(network)
                scene = NetworkScene(document)
                scene._dim_mode = dims
                scene._overview_on = overview
                scene.rebuild()
                batched[way] = _state(scene)
                scene.detach()
        assert batched["batched"]["nodes"], name
        assert batched["batched"] == batched["one_by_one"], name


@pytest.mark.parametrize("dims", [None, "letters"])
def test_rebuilt_items_are_what_the_single_updates_make(qapp, dims) -> None:
    """After a rebuild, the per-item refreshes edits use change nothing: the inputs drawn as
    unlinked, each link's ends, lane and labels."""
    for name, network in _networks():
        scene = NetworkScene(Document(network))
        scene._dim_mode = dims
        scene.rebuild()
        before = _state(scene)
        assert any(item._unlinked for item in scene.node_items.values()) or name != "small"   # loose
        for node_id in network.nodes:
            scene._refresh_unlinked(node_id)
        for link_id in network.links:
            scene._update_link(link_id)
        assert _state(scene) == before, name
        scene.detach()


def test_batched_links_are_routed_as_one_by_one(qapp, monkeypatch) -> None:
    """A card between the two ends of a link: the batch routes it round the card as well."""
    network = create_network("routing")                      # src_k -> snk_k, block_k in the way
    for k in range(3):
        src, snk = network.create_source("Int", id=f"src_{k}"), network.create_sink("Int", id=f"snk_{k}")
        block = network.create_sink("Int", id=f"block_{k}")
        snk.inputs["input"] << src.outputs["output"]
        src.position, block.position, snk.position = (0.0, 400.0 * k), (420.0, 400.0 * k + 20.0), (900.0, 400.0 * k)
    states = []
    for way in ("batched", "one_by_one"):
        with monkeypatch.context() as m:
            if way == "one_by_one":
                _one_by_one(m)
            scene = NetworkScene(Document(network))
            states.append(_state(scene))
            scene.detach()
    assert any(state[4] for state in states[0]["links"].values())      # some link has bends
    assert states[0] == states[1]


def test_a_link_whose_node_has_no_item_is_kept_as_one_by_one(qapp, monkeypatch) -> None:
    real = scene_module.NetworkScene._add_node_items

    def without_sink(self, network) -> None:
        real(self, network)
        self.removeItem(self.node_items.pop("sink"))
    states = []
    for way in ("batched", "one_by_one"):
        with monkeypatch.context() as m:
            if way == "one_by_one":
                _one_by_one(m)
                single = NetworkScene._add_node_items

                def without_sink_single(self, network, single=single) -> None:
                    single(self, network)
                    self.removeItem(self.node_items.pop("sink"))
                m.setattr(NetworkScene, "_add_node_items", without_sink_single)
            else:
                m.setattr(NetworkScene, "_add_node_items", without_sink)
            document = Document(small_network())
            scene = NetworkScene(document)
            scene._model = document.current_model
            states.append(_state(scene))
            scene.detach()
    assert states[0] == states[1]


def test_the_map_index_is_what_putting_each_node_makes(qapp) -> None:
    """The map's neighbour index of all nodes at once (``MapLabelItem._index``) equals the one
    ``_put`` makes node by node, grid sets filled in the same order."""
    for name, network in _networks():
        scene = NetworkScene(Document(network))
        labels = scene._overview.map
        labels._index()

        def kept():
            return ({k: (_rect(r), kind) for k, (r, kind) in labels._boxes.items()}, dict(labels._geo),
                    {cell: list(members) for cell, members in labels._grid.items()},
                    labels._min_height, labels._longest)
        at_once = kept()
        labels._boxes, labels._grid, labels._geo = {}, {}, {}
        for node_id, rect, kind, _selected in scene._overview_nodes():
            labels._put(node_id, rect, kind)
        assert at_once[0], name
        assert kept() == at_once, name
        scene.detach()
