"""A big network's rebuild leaves the links' dimension labels (drawn in the middle of a link, not on
the map) for after the first picture (``NetworkScene.defer_link_dims``, ``finish_link_dims``): the
cards (whose size depends on the ports' labels) are as before, and once the deferred step has run
every link item is what an undeferred rebuild makes. Zooming in, a view not shown, or a dimension
refresh do not wait."""

from __future__ import annotations

import pytest

from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QApplication

from editor.canvas.overview_item import OVERVIEW_SCALE
from editor.canvas.scene import NetworkScene
from editor.canvas.view import NetworkView
from editor.model.document import Document
from tests.canvas.helpers import load_golden, small_network
from tests.app.test_open_first_paint import PaintLog
from tests.canvas.test_rebuild_batch import _networks, _state


def _scene(network, dims: str, overview: bool, defer: int | None) -> NetworkScene:
    scene = NetworkScene(Document(network))
    scene._dim_mode = dims
    scene._overview_on = overview
    scene.defer_link_dims = defer
    scene.rebuild()
    return scene


def _middles(scene: NetworkScene) -> dict[str, str]:
    return {link_id: item.labels[2] for link_id, item in scene.link_items.items()}


@pytest.mark.parametrize("dims", ["letters", "names"])
@pytest.mark.parametrize("overview", [False, True])
def test_deferred_link_labels_end_as_an_undeferred_rebuild(qapp, dims, overview) -> None:
    labelled = 0
    for name, network in _networks():
        plain = _scene(network, dims, overview, None)
        assert not plain.link_dims_pending
        expected = _state(plain)
        expected_ports = plain._dims.ports if plain._dims is not None else None
        plain.detach()

        deferred = _scene(network, dims, overview, 0)
        middles = _middles(deferred)
        assert set(middles.values()) <= {""}, name               # no middle label yet
        state = _state(deferred)
        assert state["nodes"] == expected["nodes"], name         # the cards are the same already
        assert state["order"] == expected["order"], name
        if any(labels[6][2] for labels in expected["links"].values()):
            labelled += 1
            assert deferred.link_dims_pending, name
            assert state["links"] != expected["links"], name
        deferred.finish_link_dims()
        assert not deferred.link_dims_pending
        assert _state(deferred) == expected, name
        assert (deferred._dims.ports if deferred._dims is not None else None) == expected_ports, name
        deferred.finish_link_dims()                            # a second call changes nothing
        assert _state(deferred) == expected, name
        deferred.detach()
    assert labelled >= 2                                       # the check saw labelled links


def test_below_the_threshold_or_without_dimensions_nothing_waits(qapp) -> None:
    network = load_golden("cross_validation")
    scene = _scene(network, "letters", True, len(network.links) + 1)
    assert not scene.link_dims_pending
    assert any(_middles(scene).values())
    scene.detach()
    scene = _scene(network, None, True, 0)
    assert not scene.link_dims_pending and scene._dims is None
    scene.detach()


def test_leaving_the_map_or_refreshing_the_dimensions_sets_the_labels_at_once(qapp) -> None:
    network = load_golden("cross_validation")
    expected = _middles(_scene(network, "letters", True, None))
    assert any(expected.values())
    scene = _scene(network, "letters", True, 0)
    assert scene.link_dims_pending
    scene.set_overview(True)                                   # still the map: still waits
    assert scene.link_dims_pending
    scene.set_overview(False)                                  # drawn in detail: now
    assert not scene.link_dims_pending and _middles(scene) == expected
    scene.detach()

    scene = _scene(network, "letters", True, 0)
    scene.refresh_dimensions()                                 # (an edit): all labels anew
    assert not scene.link_dims_pending and _middles(scene) == expected
    scene.finish_link_dims()
    assert _middles(scene) == expected
    scene.detach()


def _spread(network, factor: float):
    """``network`` laid out, its cards ``factor`` times further apart (so fit-all is the map)."""
    _scene(network, None, False, None).detach()              # (places the cards)
    for node in network.nodes.values():
        x, y = node.position or (0.0, 0.0)
        node.position = (x * factor, y * factor)
    return network


def _view(qtbot, network) -> NetworkView:
    document = Document(network)
    view = NetworkView(document)
    document.setParent(view)
    qtbot.addWidget(view)
    view.network_scene.defer_link_dims = 0
    view.set_show_dimensions(True)
    view.resize(900, 600)
    return view


def _shown_spread_view(qtbot):
    """A shown view of a network spread wide enough that its fit is the map, and the links' middle
    labels an undeferred rebuild gives it."""
    network = _spread(load_golden("cross_validation"), 40.0)
    expected = _middles(_scene(network, "letters", True, None))
    view = _view(qtbot, network)
    view.show()
    qtbot.waitExposed(view)
    return view, expected


def test_a_shown_view_opening_on_the_map_sets_the_labels_after_the_first_paint(qtbot) -> None:
    view, expected = _shown_spread_view(qtbot)
    qtbot.waitUntil(lambda: not view._fit_pending)
    scene = view.network_scene
    assert scene.overview_on and view.scale_factor < OVERVIEW_SCALE

    order: list[str] = []                                     # a reset: the fit, a paint, then labels
    real_finish = scene.finish_link_dims
    scene.finish_link_dims = lambda: (order.append(f"finish {scene.link_dims_pending}"), real_finish())[1]
    watch = PaintLog(order)
    view.viewport().installEventFilter(watch)
    view.document.reset.emit()
    assert scene.link_dims_pending
    assert not any(_middles(scene).values())
    qtbot.waitUntil(lambda: not scene.link_dims_pending)
    view.viewport().removeEventFilter(watch)
    assert _middles(scene) == expected
    assert "finish True" in order
    assert order.index("paint") < order.index("finish True")   # painted first (no paint before the fit)


def test_zooming_in_before_the_deferred_step_sets_the_labels_at_once(qtbot) -> None:
    view, expected = _shown_spread_view(qtbot)
    scene = view.network_scene
    view.document.reset.emit()
    view._fit_if_pending()                                     # the fit, then no paint yet
    assert scene.overview_on and scene.link_dims_pending       # the fit was the map: labels wait
    view._set_scale(1.0)
    view.centerOn(QPointF(0.0, 0.0))
    assert not scene.link_dims_pending and _middles(scene) == expected


def test_a_view_not_shown_does_not_wait(qtbot) -> None:
    network = load_golden("cross_validation")
    expected = _middles(_scene(network, "letters", False, None))
    view = _view(qtbot, network)                               # never shown
    view.document.reset.emit()
    QApplication.processEvents()
    assert not view.network_scene.link_dims_pending
    assert _middles(view.network_scene) == expected


def test_a_small_network_opening_in_detail_has_its_labels_from_the_first_paint(qtbot) -> None:
    network = small_network()
    view = _view(qtbot, network)
    view.show()
    qtbot.waitExposed(view)
    qtbot.waitUntil(lambda: not view._fit_pending)
    assert not view.network_scene.overview_on
    assert not view.network_scene.link_dims_pending
