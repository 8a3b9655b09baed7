"""Routing a link around cards (editor.core.layout.route): bend points only when the plain curve
meets a card, every piece of the routed line clear of every card, ends kept."""

from __future__ import annotations

import random

from editor.core.layout.route import cubic_hits, piece_controls, plain_controls, route


def _clear(p0, bends, p1, cards) -> bool:
    points = [p0, *bends, p1]
    return not any(cubic_hits(piece_controls(a, b), cards) for a, b in zip(points, points[1:]))


def test_a_clear_link_gets_no_bend_points():
    assert route((0, 0), (500, 0), [(200, 40, 300, 100)]) == []
    assert route((0, 0), (500, 0), []) == []


def test_a_card_in_the_way_is_gone_round_with_the_margin():
    card = (200, -50, 300, 50)
    bends = route((0, 0), (500, 0), [card], margin=8)
    assert bends and _clear((0, 0), bends, (500, 0), [card])
    assert all(abs(y) >= 58 for _x, y in bends)            # the margin kept


def test_a_gap_between_cards_is_used_when_wide_enough():
    cards = [(200, -300, 300, -20), (200, 20, 300, 300)]
    bends = route((0, 0), (500, 0), cards, margin=8)   # 40 high gap, 24 after the margins: straight
    assert bends == [] or _clear((0, 0), bends, (500, 0), cards)
    assert cubic_hits(plain_controls((0, -100), (500, 100)), cards)
    bends = route((0, -100), (500, 100), cards, margin=8)
    assert bends and _clear((0, -100), bends, (500, 100), cards)
    assert all(abs(y) < 20 for x, y in bends if 200 <= x <= 300)   # through the gap


def test_ends_inside_cards_are_left_plain():
    assert route((0, 0), (500, 0), [(-10, -10, 10, 10), (200, -50, 300, 50)]) == []


def test_a_backward_link_runs_through_the_gap_between_rows():
    """From the end of one row to the start of the next (a wrapped layout): out right of the source,
    left along the gap, in from the left of the target; never under a card of either row."""
    row_1 = [(x, 0, x + 150, 120) for x in (0, 300, 600, 900)]
    row_2 = [(x, 400, x + 150, 520) for x in (0, 300, 600, 900)]
    cards = row_1 + row_2[1:]
    p0, p1 = (1050.0, 60.0), (0.0, 460.0)                 # row 1's last card -> row 2's first
    assert cubic_hits(plain_controls(p0, p1), cards)
    bends = route(p0, p1, cards, margin=8)
    assert bends and _clear(p0, bends, p1, cards)
    corridor = [y for _x, y in bends if 120 < y < 400]
    assert corridor and all(128 <= y <= 392 for y in corridor)


def test_random_columns_of_cards_are_always_cleared():
    rng = random.Random(7)
    for _ in range(60):
        cards = []
        for col in range(1, 6):
            y = rng.uniform(-400, -200)
            while y < 400:
                h = rng.uniform(40, 160)
                cards.append((col * 200.0, y, col * 200.0 + 120, y + h))
                y += h + rng.uniform(20, 90)
        p0, p1 = (0.0, rng.uniform(-300, 300)), (1200.0, rng.uniform(-300, 300))
        bends = route(p0, p1, cards, margin=8)
        if bends:
            assert _clear(p0, bends, p1, cards)
            xs = [p0[0], *(x for x, _y in bends), p1[0]]
            assert xs == sorted(xs)                        # left to right
        else:
            assert not cubic_hits(plain_controls(p0, p1), cards)


def test_random_backward_links_between_two_rows_are_always_clear():
    rng = random.Random(3)
    routed = 0
    for _ in range(40):
        rows = []
        for top in (0.0, 700.0):
            x = 0.0
            row = []
            for _col in range(6):
                y = top + rng.uniform(0, 60)
                for _card in range(rng.randint(1, 4)):
                    h = rng.uniform(40, 120)
                    row.append((x, y, x + rng.uniform(100, 300), y + h))
                    y += h + rng.uniform(20, 60)
                x = max(r[2] for r in row) + 80.0
            rows.append(row)
        src = rng.choice(rows[0])
        tgt = rng.choice([r for r in rows[1] if r[0] < src[2] - 100] or rows[1][:1])
        p0 = (src[2], (src[1] + src[3]) / 2)
        p1 = (tgt[0], (tgt[1] + tgt[3]) / 2)
        cards = [r for r in rows[0] + rows[1] if r not in (src, tgt)]
        bends = route(p0, p1, cards, margin=8)
        if bends:
            routed += 1
            assert _clear(p0, bends, p1, cards)
        else:                                              # the plain loop found its own way
            assert not cubic_hits(plain_controls(p0, p1), cards), (p0, p1)
    assert routed >= 25
