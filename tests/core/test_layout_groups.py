"""Tests for the layered layout with groups (editor.core.layout.groups through ``layered_layout``):
every group in a box of its own that no other box and no other node enters."""

from __future__ import annotations

import random

import pytest

from editor.core.layout import LayoutEdge, LayoutNode, layered_layout

Pos = dict[str, tuple[float, float]]
Rect = tuple[float, float, float, float]  # x1, y1, x2, y2

PAD = 16.0
LABEL = 18.0
LAYER_GAP = 80.0
NODE_GAP = 30.0


def _nodes(ids: str, w: float = 100.0, h: float = 40.0) -> list[LayoutNode]:
    return [LayoutNode(i, w, h) for i in ids.split()]


def _edges(spec: str) -> list[LayoutEdge]:
    """'a>b b>c' -> edges; 'a.1>b.0' gives ports."""
    out = []
    for item in spec.split():
        src, dst = item.split(">")
        s, sp = [*src.split("."), "0"][:2]
        t, tp = [*dst.split("."), "0"][:2]
        out.append(LayoutEdge(s, t, int(sp), int(tp)))
    return out


def _groups(spec: str) -> dict[str, str]:
    """'A:a,b B:c' -> {'a': 'A', 'b': 'A', 'c': 'B'}."""
    out = {}
    for item in spec.split():
        group, members = item.split(":")
        for m in members.split(","):
            out[m] = group
    return out


def _layout(nodes: list[LayoutNode], edges: list[LayoutEdge], groups: dict[str, str], **kw) -> Pos:
    kw.setdefault("group_padding", PAD)
    kw.setdefault("group_label_height", LABEL)
    return layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP, groups=groups, **kw)


def _rect(pos: Pos, n: LayoutNode) -> Rect:
    x, y = pos[n.id]
    return (x, y, x + n.width, y + n.height)


def _boxes(pos: Pos, nodes: list[LayoutNode], groups: dict[str, str], pad: float = PAD,
           label: float = LABEL) -> dict[str, Rect]:
    """Each group's box as drawn: its members' bounding box, padded, with the label room on top."""
    boxes: dict[str, Rect] = {}
    for n in nodes:
        g = groups.get(n.id)
        if g is None:
            continue
        x1, y1, x2, y2 = _rect(pos, n)
        if g in boxes:
            b = boxes[g]
            x1, y1, x2, y2 = min(x1, b[0]), min(y1, b[1]), max(x2, b[2]), max(y2, b[3])
        boxes[g] = (x1, y1, x2, y2)
    return {g: (x1 - pad, y1 - pad - label, x2 + pad, y2 + pad) for g, (x1, y1, x2, y2) in boxes.items()}


def _overlap(a: Rect, b: Rect, clearance: float = 0.0) -> bool:
    """Positive-area overlap once ``a`` is grown by ``clearance`` on every side."""
    e = 1e-6
    return (a[0] - clearance < b[2] - e and b[0] < a[2] + clearance - e
            and a[1] - clearance < b[3] - e and b[1] < a[3] + clearance - e)


def _clashes(pos: Pos, nodes: list[LayoutNode], groups: dict[str, str], clearance: float = 0.0,
             **box_kw: float) -> list[str]:
    """Boxes overlapping each other, and nodes (of other groups or none) inside a box."""
    boxes = _boxes(pos, nodes, groups, **box_kw)
    names = list(boxes)
    bad = [f"{a}/{b}" for i, a in enumerate(names) for b in names[i + 1:]
           if _overlap(boxes[a], boxes[b], clearance)]
    for n in nodes:
        for g, box in boxes.items():
            if groups.get(n.id) != g and _overlap(box, _rect(pos, n)):
                bad.append(f"{n.id} in {g}")
    return bad


def _random_graph(n: int, n_groups: int, seed: int, grouped: float = 0.8,
                  ) -> tuple[list[LayoutNode], list[LayoutEdge], dict[str, str]]:
    """A workflow-like DAG (links mostly from a few stages back) with random sizes and ports, a
    fraction of the nodes in random groups (so groups link to each other both ways)."""
    rng = random.Random(seed)
    nodes = [LayoutNode(f"n{i}", rng.choice((80.0, 120.0, 200.0)), rng.choice((30.0, 50.0, 90.0)))
             for i in range(n)]
    edges = []
    for i in range(1, n):
        for port in range(rng.choice((1, 1, 2))):
            j = max(0, i - 1 - int(rng.expovariate(0.2)))
            edges.append(LayoutEdge(f"n{j}", f"n{i}", rng.randrange(3), port))
    groups = {f"n{i}": f"g{rng.randrange(n_groups)}" for i in range(n) if rng.random() < grouped}
    rng.shuffle(nodes)
    return nodes, edges, groups


# ---------------------------------------------------------------- boxes apart


@pytest.mark.parametrize("seed", range(6))
def test_random_graphs_boxes_do_not_overlap(seed: int) -> None:
    nodes, edges, groups = _random_graph(120, 2 + seed % 4, seed)
    pos = _layout(nodes, edges, groups)
    assert set(pos) == {n.id for n in nodes}
    # Boxes keep at least half a node gap on every side; nodes never overlap.
    assert _clashes(pos, nodes, groups, clearance=NODE_GAP / 2 - 1e-3) == []
    rects = [_rect(pos, n) for n in nodes]
    assert not any(_overlap(a, b) for i, a in enumerate(rects) for b in rects[i + 1:])


def test_without_groups_the_same_graph_clashes() -> None:
    """The check above can fail: the plain layout of such a graph mixes the groups."""
    nodes, edges, groups = _random_graph(120, 3, 1)
    assert _clashes(layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP), nodes, groups)


def test_padding_and_label_room_are_honoured() -> None:
    nodes, edges, groups = _random_graph(60, 3, 7)
    pos = _layout(nodes, edges, groups, group_padding=40.0, group_label_height=50.0)
    assert _clashes(pos, nodes, groups, pad=40.0, label=50.0) == []
    # With that much room, boxes drawn with less padding are clearly apart.
    assert _clashes(pos, nodes, groups, clearance=20.0, pad=PAD, label=LABEL) == []


def test_min_width_widens_the_box() -> None:
    nodes = _nodes("a b c")
    groups = _groups("A:a B:b")
    edges = _edges("a>b b>c")
    pos = _layout(nodes, edges, groups, group_min_widths={"A": 600.0})
    # A's box is 600 wide: b's box starts a layer gap after it.
    assert pos["b"][0] - PAD - (pos["a"][0] - PAD) >= 600.0 + LAYER_GAP - 1e-6
    narrow = _layout(nodes, edges, groups)
    assert pos["b"][0] > narrow["b"][0]


# ---------------------------------------------------------------- shapes of groups


def test_members_keep_their_internal_flow_and_groups_flow_left_to_right() -> None:
    nodes = _nodes("x1 y1 x2 y2 x3 y3")
    edges = _edges("x1>x2 x2>x3 y1>y2 y2>y3 x3>y1")
    groups = _groups("X:x1,x2,x3 Y:y1,y2,y3")
    pos = _layout(nodes, edges, groups)
    assert pos["x1"][0] < pos["x2"][0] < pos["x3"][0] < pos["y1"][0] < pos["y2"][0] < pos["y3"][0]
    boxes = _boxes(pos, nodes, groups)
    assert boxes["X"][2] + LAYER_GAP <= boxes["Y"][0] + 1e-6
    # Member offsets in a block: the internal layout (a chain is straight).
    assert pos["x1"][1] == pos["x2"][1] == pos["x3"][1]


def test_cycles_between_groups() -> None:
    # A -> B -> C -> A between groups (no cycle between nodes), and a real node cycle inside B.
    nodes = _nodes("a1 a2 b1 b2 c1 c2 u")
    edges = _edges("a1>a2 a2>b1 b1>b2 b2>b1 b2>c1 c1>c2 c2>a1 u>a2 c2>u")
    groups = _groups("A:a1,a2 B:b1,b2 C:c1,c2")
    pos = _layout(nodes, edges, groups)
    assert set(pos) == {n.id for n in nodes}
    assert _clashes(pos, nodes, groups, clearance=NODE_GAP / 2 - 1e-3) == []


def test_a_group_of_one_node() -> None:
    nodes = _nodes("a b c")
    edges = _edges("a>b b>c")
    pos = _layout(nodes, edges, _groups("B:b"))
    assert _clashes(pos, nodes, _groups("B:b")) == []
    assert pos["a"][0] < pos["b"][0] < pos["c"][0]
    # b sits padding + label below its box's top; the box spans a layer gap after a.
    assert pos["b"][0] - PAD >= pos["a"][0] + 100.0 + LAYER_GAP - 1e-6
    assert pos["c"][0] >= pos["b"][0] + 100.0 + PAD + LAYER_GAP - 1e-6


def test_groups_without_internal_edges() -> None:
    # Every edge goes between groups; members of a group are not linked to each other.
    nodes = _nodes("a1 a2 a3 b1 b2 b3 c")
    edges = _edges("a1>b1 a2>b2 a3>b3 b1>c b2>c.1 b3>c.2")
    groups = _groups("A:a1,a2,a3 B:b1,b2,b3")
    pos = _layout(nodes, edges, groups)
    assert _clashes(pos, nodes, groups, clearance=NODE_GAP / 2 - 1e-3) == []
    boxes = _boxes(pos, nodes, groups)
    assert boxes["A"][2] < boxes["B"][0] and boxes["B"][2] < pos["c"][0]


def test_a_boxs_links_leave_in_the_order_of_its_members() -> None:
    # In A, top is above bottom (a chain fork); top feeds u_top, bottom feeds u_bottom. Listing the
    # targets the other way round must not swap them.
    nodes = _nodes("root top bottom u_bottom u_top")
    edges = _edges("root.0>top root.1>bottom bottom>u_bottom top>u_top")
    groups = _groups("A:root,top,bottom")
    pos = _layout(nodes, edges, groups)
    assert pos["top"][1] < pos["bottom"][1]
    assert pos["u_top"][1] < pos["u_bottom"][1]
    assert _clashes(pos, nodes, groups) == []


# ---------------------------------------------------------------- inputs and API


def test_deterministic_and_independent_of_the_groups_mapping_order() -> None:
    nodes, edges, groups = _random_graph(150, 4, 3)
    first = _layout(nodes, edges, groups)
    assert _layout(nodes, edges, groups) == first
    reordered = dict(reversed(list(groups.items())))
    assert _layout(nodes, edges, reordered) == first


def test_ids_in_groups_but_not_in_nodes_are_ignored() -> None:
    nodes, edges, groups = _random_graph(80, 3, 5)
    extra = {**groups, "ghost": "g0", "phantom": "g_only_ghosts"}
    assert _layout(nodes, edges, extra) == _layout(nodes, edges, groups)


@pytest.mark.parametrize("groups", [None, {}, {"ghost": "g0"}])
def test_no_groups_is_the_plain_layout(groups: dict[str, str] | None) -> None:
    nodes, edges, _ = _random_graph(100, 3, 2)
    plain = layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP, origin=(7.0, 9.0))
    assert layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP, origin=(7.0, 9.0),
                          groups=groups) == plain


def test_empty_input_and_all_nodes_in_one_group() -> None:
    assert _layout([], [], {"a": "A"}) == {}
    nodes, edges, _ = _random_graph(40, 1, 4)
    everything = {n.id: "all" for n in nodes}
    pos = _layout(nodes, edges, everything)
    # One group: the plain layout, shifted (the nodes' top-left corner stays at the origin).
    plain = layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP)
    assert set(pos) == set(plain)
    for k, (x, y) in plain.items():
        assert pos[k] == (pytest.approx(x), pytest.approx(y))


def test_origin_is_the_nodes_top_left_corner() -> None:
    nodes, edges, groups = _random_graph(60, 3, 6)
    pos = _layout(nodes, edges, groups, origin=(100.0, -50.0))
    assert min(x for x, _y in pos.values()) == pytest.approx(100.0)
    assert min(y for _x, y in pos.values()) == pytest.approx(-50.0)
    # Laying out again from the result's corner moves nothing (auto layout twice is a no-op).
    again = _layout(nodes, edges, groups, origin=(min(x for x, _y in pos.values()),
                                                  min(y for _x, y in pos.values())))
    assert again == pos


def test_with_fixed_nodes_groups_are_ignored() -> None:
    nodes, edges, groups = _random_graph(40, 3, 8)
    fixed = {nodes[0].id: (0.0, 0.0), nodes[1].id: (500.0, 0.0)}
    plain = layered_layout(nodes, edges, layer_gap=LAYER_GAP, node_gap=NODE_GAP, fixed=fixed)
    assert _layout(nodes, edges, groups, fixed=fixed) == plain


def test_large_graph_stays_apart() -> None:
    nodes, edges, groups = _random_graph(1500, 4, 11, grouped=0.9)
    pos = _layout(nodes, edges, groups)
    assert _clashes(pos, nodes, groups) == []
