"""A long pipeline of groups (fastr steps) wrapped into rows towards a window's proportions
(``layered_layout(..., aspect=...)``): boxes stay whole and apart, rows follow the flow."""

from __future__ import annotations

import pytest

from tests.core.test_layout_groups import _boxes, _clashes, _edges, _groups, _layout, _nodes, _random_graph


def _pipeline(steps: int):
    ids = " ".join(f"s{k}a s{k}b" for k in range(steps))
    links = " ".join(f"s{k}a>s{k}b" for k in range(steps))
    links += " " + " ".join(f"s{k}b>s{k + 1}a" for k in range(steps - 1))
    groups = " ".join(f"S{k}:s{k}a,s{k}b" for k in range(steps))
    return _nodes(ids), _edges(links), _groups(groups)


def _ratio(boxes) -> float:
    left = min(b[0] for b in boxes.values())
    right = max(b[2] for b in boxes.values())
    top = min(b[1] for b in boxes.values())
    bottom = max(b[3] for b in boxes.values())
    return (right - left) / (bottom - top)


def test_a_long_pipeline_is_wrapped_into_rows_near_the_aspect():
    nodes, edges, groups = _pipeline(12)
    flat = _boxes(_layout(nodes, edges, groups), nodes, groups)
    pos = _layout(nodes, edges, groups, aspect=1.6)
    boxes = _boxes(pos, nodes, groups)
    assert _ratio(flat) > 10
    assert 0.8 < _ratio(boxes) < 3.2
    assert _clashes(pos, nodes, groups) == []
    for k in range(12):                                   # each step still flows left to right
        assert pos[f"s{k}a"][0] < pos[f"s{k}b"][0]
    below = [k for k in range(12) if boxes[f"S{k}"][1] > boxes["S0"][3]]
    assert below and below == list(range(below[0], 12))  # the later steps, in rows further down
    left = min(b[0] for b in boxes.values())
    assert boxes[f"S{below[0]}"][0] == pytest.approx(left)  # a row starts at the left
    assert boxes["S11"][1] > boxes["S0"][3]               # the last step is in a lower row


def test_a_short_pipeline_or_no_aspect_is_not_wrapped():
    nodes, edges, groups = _pipeline(4)
    assert _layout(nodes, edges, groups, aspect=1.6) == _layout(nodes, edges, groups)
    nodes, edges, groups = _pipeline(12)
    pos = _layout(nodes, edges, groups)
    assert all(pos[f"s{k}b"][0] < pos[f"s{k + 1}a"][0] for k in range(11))


@pytest.mark.parametrize("seed", range(6))
def test_random_graphs_wrapped_keep_boxes_apart(seed: int) -> None:
    nodes, edges, groups = _random_graph(120, 14, seed)
    pos = _layout(nodes, edges, groups, aspect=1.6)
    assert _clashes(pos, nodes, groups) == []
