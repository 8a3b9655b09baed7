"""Removing many nodes in one pass and putting them back gives the state back exactly."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from editor.core.graph.bulk import _merged, remove_nodes, restore_nodes
from editor.core.errors import NetworkError
from editor.core.graph.state import network_to_state
from tests.benchmarks.scale_network import build_network


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**32 - 1), st.floats(min_value=0.0, max_value=1.0))
def test_remove_then_restore_is_exact(seed: int, share: float) -> None:
    net = build_network(60)
    before = network_to_state(net)
    ids = list(net.nodes)
    doomed = random.Random(seed).sample(ids, round(share * len(ids)))
    removed = remove_nodes(net, doomed)
    assert not set(doomed) & set(net.nodes)
    assert all(l.source.node not in doomed and l.target.node not in doomed for l in net.links.values())
    assert all(not set(doomed) & set(m) for m in net.stepids.values())
    assert sorted(removed.node_ids) == sorted(doomed)
    for node_id in net.nodes:                                # the link index has no stale entries
        assert all(l in net.links for l in net._incident[node_id])
    restore_nodes(net, removed)
    assert network_to_state(net) == before
    assert {n: list(v) for n, v in net._incident.items()}.keys() == set(net.nodes)


def test_unknown_node_and_taken_id() -> None:
    net = build_network(30)
    with pytest.raises(NetworkError, match="no node nope"):
        remove_nodes(net, ["nope"])
    removed = remove_nodes(net, ["source_b0"])
    net.create_source("Int", id="source_b0")
    with pytest.raises(NetworkError, match="already in use"):
        restore_nodes(net, removed)


@pytest.mark.parametrize(("current", "back", "result"), [
    ([], [(0, "a"), (1, "b")], ["a", "b"]),
    (["x", "y"], [(0, "a"), (3, "b")], ["a", "x", "y", "b"]),
    (["x", "y"], [(1, "a"), (2, "b")], ["x", "a", "b", "y"]),
    (["x"], [(5, "a")], ["x", "a"]),                         # an index past the end: appended
])
def test_merged(current, back, result) -> None:
    assert list(_merged(current, back)) == result
