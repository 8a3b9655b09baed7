"""The laid-out canvas reads: measured from the real scene items (NodeItem cards, LinkItem paths,
ClusterItem boxes) of fastr's examples and the WORC-like networks, opened without positions (the
editor lays them out) with the dimension labels on and off.

- no two node cards overlap, no step box overlaps another or a node not in it: none at all;
- links drawn under the card of a node they do not connect: at most the recorded bound per
  network (:data:`UNDER_BOUNDS`; lower it when the layout gets better, never raise it);
- turning the dimension labels on or off moves no node and keeps all that.
"""

from __future__ import annotations

import pytest

from editor.model import layoutcmds
from editor.canvas.autolayout import CANVAS_SIZING
from tests.canvas.layout_quality import (example_networks, links_under_nodes, make_scene, node_overlaps,
                                         step_clashes)
from tests.worc_networks import worc_like_network, worc_like_networks

EXAMPLES = example_networks()
WORC = {**worc_like_networks(), "worc_ct_mr_pet_pyradiomics": worc_like_network(("CT", "MR", "PET"),
                                                                                  ("pyradiomics",))}


def _fresh(name: str):
    if name.startswith("worc"):
        if name == "worc_ct_mr_pet_pyradiomics":
            return worc_like_network(("CT", "MR", "PET"), ("pyradiomics",))
        return worc_like_networks()[name]
    return example_networks()[name]


NAMES = [*EXAMPLES, *WORC]


@pytest.mark.parametrize("dims", [True, False], ids=["dims", "nodims"])
@pytest.mark.parametrize("name", NAMES)
def test_no_overlaps_after_layout(qapp, name, dims):
    scene = make_scene(_fresh(name), dims)
    assert node_overlaps(scene) == []
    assert step_clashes(scene) == []


@pytest.mark.parametrize("name", ["cross_validation", "macro_node2", "worc_ct_mr"])
def test_toggling_dimension_labels_moves_nothing_and_overlaps_nothing(qapp, name):
    scene = make_scene(_fresh(name), dims=False)
    before = {i: n.position for i, n in scene.network.nodes.items()}
    widths = {i: item.geometry.width for i, item in scene.node_items.items()}
    scene.set_dimension_mode("letters")
    assert any(item.geometry.width > widths[i] for i, item in scene.node_items.items())   # labels shown
    assert node_overlaps(scene) == [] and step_clashes(scene) == []
    assert {i: n.position for i, n in scene.network.nodes.items()} == before
    # ... and a Lay Out Network then has nothing to do: the layout counted the labels already.
    assert layoutcmds.layout_all(scene.model, CANVAS_SIZING) is None
    scene.set_dimension_mode(None)
    assert node_overlaps(scene) == [] and step_clashes(scene) == []
