"""The segment (Eiglsperger-Siebenhaller-Kaufmann) ordering used for big layered graphs."""

from __future__ import annotations

import random

import pytest

from editor.core.layout import count_crossings, layered_layout
from editor.core.layout import ordering
from editor.core.layout.coords import assign_coordinates, assign_coordinates_compact
from editor.core.layout.layering import LayeredGraph, build_layered_graph
from editor.core.layout.ordering import count_order_crossings, minimise_crossings, uses_segments
from editor.core.layout.segments import CompactLayers, minimise_crossings_segments, segment_order
from editor.core.layout.values import port_counts, port_fraction
from tests.core.test_layout import _overlaps, _random_dag


def _graph(n: int, seed: int) -> LayeredGraph:
    nodes, edges = _random_dag(n, seed)
    index = {nd.id: i for i, nd in enumerate(nodes)}
    local = [(index[e.source], index[e.target], (e.source_port + 1) / 4, (e.target_port + 1) / 3) for e in edges]
    return build_layered_graph(len(nodes), local)


def _chains(g: LayeredGraph) -> list[list[int]]:
    """Every long edge's dummies, first to last (consecutive ids, one per layer)."""
    out = []
    for d in range(g.n_real, g.size):
        if g.up[d][0][0] < g.n_real:
            chain = [d]
            while g.down[chain[-1]][0][0] >= g.n_real:
                chain.append(chain[-1] + 1)
            out.append(chain)
    return out


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_segment_order_is_a_valid_order_with_its_count(seed: int) -> None:
    g = _graph(300, seed)
    order, crossings = minimise_crossings_segments(g)
    assert sorted(v for layer in order for v in layer) == list(range(g.size))
    assert all(g.layer[v] == lyr for lyr, layer in enumerate(order) for v in layer)
    pos = [0] * g.size
    for layer in order:
        for i, v in enumerate(layer):
            pos[v] = i
    assert crossings == count_order_crossings(order, pos, g.down)
    # Segments never cross each other: two long edges keep their order in every layer they share.
    chains = [c for c in _chains(g) if len(c) >= 2]
    assert chains
    for a in chains[:60]:
        for b in chains[:60]:
            shared = [lyr for lyr in range(len(order)) if g.layer[a[0]] <= lyr <= g.layer[a[-1]]
                      and g.layer[b[0]] <= lyr <= g.layer[b[-1]]]
            sides = {pos[a[lyr - g.layer[a[0]]]] < pos[b[lyr - g.layer[b[0]]]] for lyr in shared}
            assert len(sides) <= 1
    # And its crossings are close to the dummy-by-dummy ordering's on the same graph.
    _order, plain = minimise_crossings(g)
    assert crossings <= 1.25 * plain + 10


def test_layout_forced_through_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    nodes, edges = _random_dag(250, 5)
    calls = []

    def forced(g: LayeredGraph) -> tuple[CompactLayers, int]:
        calls.append(g.size)
        return segment_order(g)

    monkeypatch.setattr(ordering, "uses_segments", lambda g: True)
    monkeypatch.setattr(ordering, "segment_order", forced)
    g = _graph(250, 5)
    pos = layered_layout(nodes, edges, layer_gap=80.0)
    assert not _overlaps(pos, nodes)
    width = {n.id: n.width for n in nodes}
    for e in edges:
        assert pos[e.target][0] >= pos[e.source][0] + width[e.source] + 80.0 - 1e-9
    assert calls
    assert layered_layout(nodes, edges, layer_gap=80.0) == pos  # same input, same output
    # The coordinates on compacted layers: every vertex of a layer in its column, each long edge's
    # first and last dummy left to right, and no two vertices of a column overlapping, in their
    # order, with room for the segments passing between them (their lines are placed as they pass
    # each column, so a line can move after a column is done: only the vertices keep its spacing).
    compact, _c = segment_order(g)
    heights = [40.0] * g.n_real
    xs, ys = assign_coordinates_compact(g, compact, [100.0] * g.n_real, heights, 80.0, 30.0)
    assert all(xs[p] < xs[q] for p, q in compact.q_of.items())
    passed = 0
    for lyr, (vs, conts) in enumerate(zip(compact.verts, compact.conts, strict=True)):
        assert all(g.layer[v] == lyr and xs[v] == xs[vs[0]] for v in vs)
        for j, (a, b) in enumerate(zip(vs, vs[1:], strict=False)):
            between = len(conts[j + 1])
            passed += between
            room = (heights[a] if a < g.n_real else 0.0) + max(0, between - 1) * 7.5
            assert ys[b] >= ys[a] + room - 1e-9
    assert passed  # the graph has segments passing columns


def test_segments_chosen_only_for_big_graphs(monkeypatch: pytest.MonkeyPatch) -> None:
    big = _graph(3000, 1)
    assert big.size >= ordering.SEGMENT_MIN_SIZE and uses_segments(big)
    assert not uses_segments(_graph(300, 1))
    calls: list[int] = []

    def counted(g: LayeredGraph) -> tuple[CompactLayers, int]:
        calls.append(g.size)
        return segment_order(g)

    monkeypatch.setattr(ordering, "segment_order", counted)
    nodes, edges = _random_dag(300, 1)
    layered_layout(nodes, edges)
    assert calls == []  # small: the dummy-by-dummy path
    nodes, edges = _random_dag(3000, 1)
    pos = layered_layout(nodes, edges)
    assert calls == [big.size]  # big: the segments
    assert not _overlaps(pos, nodes)


def test_segment_order_with_cycles_and_parallel_links() -> None:
    rng = random.Random(7)
    n = 200
    edges = [(rng.randrange(n), rng.randrange(n), rng.random(), rng.random()) for _ in range(320)]
    edges = [e for e in edges if e[0] != e[1]]
    edges += edges[:20]  # parallel links
    g = build_layered_graph(n, edges)
    assert g.reversed_edges > 0
    order, crossings = minimise_crossings_segments(g)
    assert sorted(v for layer in order for v in layer) == list(range(g.size))
    assert all(g.layer[v] == lyr for lyr, layer in enumerate(order) for v in layer)
    pos = [0] * g.size
    for layer in order:
        for i, v in enumerate(layer):
            pos[v] = i
    assert crossings == count_order_crossings(order, pos, g.down)
    assert minimise_crossings_segments(g) == (order, crossings)  # deterministic


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_compact_coordinates_cross_about_as_little_as_dummy_by_dummy(seed: int) -> None:
    """The coordinates on compacted layers (a segment one line) against the full ones (every dummy
    placed) for the same order: the straight links cross about as often, and no card overlaps."""
    nodes, edges = _random_dag(800, seed)
    index = {nd.id: i for i, nd in enumerate(nodes)}
    n_in, n_out = port_counts(edges, nodes)
    local = [(index[e.source], index[e.target], port_fraction(e.source_port, n_out[e.source]),
              port_fraction(e.target_port, n_in[e.target])) for e in edges]
    g = build_layered_graph(len(nodes), local)
    compact, _c = segment_order(g)
    assert compact.q_of
    widths, heights = [nd.width for nd in nodes], [nd.height for nd in nodes]
    crossings = []
    for xs, ys in (assign_coordinates_compact(g, compact, widths, heights, 80.0, 30.0),
                   assign_coordinates(g, compact.expand(g), widths, heights, 80.0, 30.0)):
        pos = {nd.id: (xs[i], ys[i]) for i, nd in enumerate(nodes)}
        assert not _overlaps(pos, nodes)
        crossings.append(count_crossings(pos, nodes, edges))
    compact_x, full_x = crossings
    assert compact_x <= 1.1 * full_x + 10
