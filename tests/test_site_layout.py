"""Explorer positions (kb.site.layout): the same on every run, and no two label boxes overlap."""

from __future__ import annotations

import itertools
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from kb.site.layout import GAP, Box, _cached, layout


def _graph(seed: int, n: int, m: int) -> tuple[list[str], list[tuple[str, str]], dict[str, Box]]:
    rng = random.Random(seed)
    nodes = [f"n{i:03d}" for i in range(n)]
    edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(m)]
    boxes = {v: (rng.uniform(30, 126), rng.uniform(40, 73)) for v in nodes}
    return nodes, edges, boxes


def _overlapping(pos: dict[str, tuple[float, float]], boxes: dict[str, Box]) -> list[tuple[str, str]]:
    bad = []
    for a, b in itertools.combinations(sorted(pos), 2):
        ox = (boxes[a][0] + boxes[b][0]) / 2 - abs(pos[a][0] - pos[b][0])
        oy = (boxes[a][1] + boxes[b][1]) / 2 - abs(pos[a][1] - pos[b][1])
        if ox > 0.5 and oy > 0.5:
            bad.append((a, b))
    return bad


def test_the_same_graph_gets_the_same_positions_whatever_the_input_order() -> None:
    nodes, edges, boxes = _graph(1, 60, 90)
    first = layout(nodes, edges, boxes)
    _cached.cache_clear()
    again = layout(list(reversed(nodes)), list(reversed(edges)), dict(reversed(boxes.items())))

    assert first == again
    assert set(first) == set(nodes)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 40), st.integers(0, 60))
def test_no_two_label_boxes_overlap(seed: int, n: int, m: int) -> None:
    nodes, edges, boxes = _graph(seed, n, m)
    pos = layout(nodes, edges, boxes)

    assert _overlapping(pos, boxes) == []
    assert GAP > 0


def test_a_large_component_is_laid_out_in_rows_and_still_apart() -> None:
    nodes, edges, boxes = _graph(7, 450, 900)
    pos = layout(nodes, edges, boxes)

    assert len(pos) == 450
    assert _overlapping(pos, boxes) == []


def test_the_drawing_is_wider_than_tall_like_the_explorer_box() -> None:
    nodes, edges, boxes = _graph(3, 80, 120)
    pos = layout(nodes, edges, boxes, aspect=1.7)
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]

    assert (max(xs) - min(xs)) > 1.2 * (max(ys) - min(ys))
