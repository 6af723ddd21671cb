"""Node positions for the explorer, computed once at build time: the same drawing on every load.

Pure Python (no numpy), deterministic (no randomness, sorted inputs, fixed iteration counts):
a Fruchterman-Reingold force layout per connected component, started from a sunflower spiral in
breadth-first order from the best-connected node; then label boxes are pushed apart until none
overlap; then the components are packed in rows to fill a box of the given aspect ratio.
Coordinates are in CSS pixels at zoom 1, where every label has room at its full font size.

Repulsion only reaches nodes in neighbouring grid cells, so a layout costs about
O(nodes x iterations); :func:`layout` is cached on its inputs (``kb serve`` rebuilds often and
most edits leave the graph's shape unchanged).
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable, Sequence
from functools import lru_cache

Box = tuple[float, float]
Point = tuple[float, float]

EDGE_LENGTH = 90.0
GRAVITY = 0.02
FORCE_LIMIT = 400
"""Components larger than this are laid out in rows in breadth-first order (linear time)."""
GAP = 10.0
_GOLDEN = math.pi * (3 - math.sqrt(5))


def layout(nodes: Sequence[str], edges: Iterable[tuple[str, str]], boxes: dict[str, Box],
           aspect: float = 1.7) -> dict[str, Point]:
    """Positions for ``nodes`` (each the centre of its ``boxes`` entry: width, height)."""
    ids = tuple(sorted(set(nodes)))
    pairs = tuple(sorted({(min(u, v), max(u, v)) for u, v in edges if u != v
                          and u in boxes and v in boxes}))
    sizes = tuple(boxes[n] for n in ids)
    return dict(_cached(ids, pairs, sizes, aspect))


@lru_cache(maxsize=4)
def _cached(ids: tuple[str, ...], pairs: tuple[tuple[str, str], ...], sizes: tuple[Box, ...],
            aspect: float) -> tuple[tuple[str, Point], ...]:
    box = dict(zip(ids, sizes, strict=True))
    adj: dict[str, list[str]] = {n: [] for n in ids}
    for u, v in pairs:
        adj[u].append(v)
        adj[v].append(u)
    placed: list[tuple[dict[str, Point], float, float]] = []
    comps = _components(ids, adj)
    for i, comp in enumerate(comps):
        # the largest component leaves room on its right for the others
        share = (0.8 if len(comps) > 1 else 1.0) if i == 0 else 1.0
        if len(comp) == 1:
            pos = {comp[0]: (0.0, 0.0)}
        elif len(comp) > FORCE_LIMIT:  # a hairball either way: rows, and no waiting
            pos = _rows(comp, box, aspect * share)
        else:
            pos = _stretch(_force(comp, adj, aspect), aspect * share)
        _separate(pos, box)
        placed.append(_normalised(pos, box))
    out: dict[str, Point] = {}
    for part, dx, dy in _pack(placed, aspect):
        for n, (x, y) in part.items():
            out[n] = (round(x + dx, 1), round(y + dy, 1))
    return tuple(sorted(out.items()))


def _components(ids: Sequence[str], adj: dict[str, list[str]]) -> list[list[str]]:
    """Connected components, largest first, each in breadth-first order from its hub."""
    seen: set[str] = set()
    comps: list[list[str]] = []
    for start in sorted(ids, key=lambda n: (-len(adj[n]), n)):
        if start in seen:
            continue
        order, queue = [], deque([start])
        seen.add(start)
        while queue:
            n = queue.popleft()
            order.append(n)
            for m in sorted(adj[n], key=lambda m: (-len(adj[m]), m)):
                if m not in seen:
                    seen.add(m)
                    queue.append(m)
        comps.append(order)
    comps.sort(key=lambda c: (-len(c), c[0]))
    return comps


def _spiral(order: list[str], step: float) -> dict[str, Point]:
    """A sunflower spiral in the given (breadth-first) order: neighbours land near each other."""
    return {n: (step * math.sqrt(i) * math.cos(i * _GOLDEN), step * math.sqrt(i) * math.sin(i * _GOLDEN))
            for i, n in enumerate(order)}


def _rows(order: list[str], box: dict[str, Box], aspect: float) -> dict[str, Point]:
    """Breadth-first order in rows of equal cells, back and forth (neighbours stay close); no
    two boxes overlap by construction."""
    cw = max(box[n][0] for n in order) + GAP
    ch = max(box[n][1] for n in order) + GAP
    per_row = max(1, round(math.sqrt(len(order) * aspect * ch / cw)))
    pos: dict[str, Point] = {}
    for i, n in enumerate(order):
        row, col = divmod(i, per_row)
        if row % 2:
            col = per_row - 1 - col
        pos[n] = (col * cw, row * ch)
    return pos


def _force(order: list[str], adj: dict[str, list[str]], aspect: float) -> dict[str, Point]:
    n = len(order)
    k = EDGE_LENGTH
    start_pos = _spiral(order, k * 0.6)
    xs = [start_pos[node][0] for node in order]
    ys = [start_pos[node][1] for node in order]
    index = {node: i for i, node in enumerate(order)}
    links = sorted({(min(index[u], index[m]), max(index[u], index[m]))
                    for u in order for m in adj[u]})
    iterations = max(25, min(300, 2_000_000 // (n * n)))
    cell = 2 * k
    start = min(k * math.sqrt(n) / 4, 10 * k)
    for step in range(iterations):
        temp = start * (1 - step / iterations) + 1.0
        dx = [0.0] * n
        dy = [0.0] * n
        grid: dict[tuple[int, int], list[int]] = {}
        for i in range(n):
            grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
        for (cx, cy), members in grid.items():
            near = [j for gx in (cx - 1, cx, cx + 1) for gy in (cy - 1, cy, cy + 1)
                    for j in grid.get((gx, gy), ())]
            same = set(members)
            for i in members:
                xi, yi = xs[i], ys[i]
                for j in near:
                    inside = j in same
                    if inside and j <= i:
                        continue
                    ddx, ddy = xi - xs[j], yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy or 0.01
                    if d2 > cell * cell:
                        continue
                    f = k * k / d2
                    dx[i] += ddx * f
                    dy[i] += ddy * f
                    if inside:
                        dx[j] -= ddx * f
                        dy[j] -= ddy * f
        for i, j in links:
            ddx, ddy = xs[i] - xs[j], ys[i] - ys[j]
            d = math.sqrt(ddx * ddx + ddy * ddy) or 0.01
            f = d / k
            dx[i] -= ddx * f
            dy[i] -= ddy * f
            dx[j] += ddx * f
            dy[j] += ddy * f
        for i in range(n):  # a pull to the centre, stronger upright: a wide oval, like the box
            dx[i] -= xs[i] * GRAVITY / aspect
            dy[i] -= ys[i] * GRAVITY * aspect
            d = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if d > 0:
                lim = min(d, temp)
                xs[i] += dx[i] / d * lim
                ys[i] += dy[i] / d * lim
    return {order[i]: (xs[i], ys[i]) for i in range(n)}


def _stretch(pos: dict[str, Point], aspect: float) -> dict[str, Point]:
    """Scale a component (keeping its area) to the box's aspect ratio; forces make it round."""
    xs = [x for x, _ in pos.values()]
    ys = [y for _, y in pos.values()]
    w, h = max(xs) - min(xs), max(ys) - min(ys)
    if w <= 0 or h <= 0:
        return pos
    s = math.sqrt(aspect / (w / h))
    return {n: (x * s, y / s) for n, (x, y) in pos.items()}


def _separate(pos: dict[str, Point], box: dict[str, Box], rounds: int = 60) -> None:
    """Push overlapping label boxes apart along the axis where they overlap least."""
    names = sorted(pos)
    xs = {n: pos[n][0] for n in names}
    ys = {n: pos[n][1] for n in names}
    cell = max([*(w for w, _ in box.values()), *(h for _, h in box.values())]) + GAP
    for _ in range(rounds):
        moved = False
        grid: dict[tuple[int, int], list[str]] = {}
        for n in names:
            grid.setdefault((int(xs[n] // cell), int(ys[n] // cell)), []).append(n)
        for (cx, cy), members in sorted(grid.items()):
            near = [m for gx in (cx - 1, cx, cx + 1) for gy in (cy - 1, cy, cy + 1)
                    for m in grid.get((gx, gy), ())]
            for a in members:
                for b in near:
                    if b <= a:
                        continue
                    ox = (box[a][0] + box[b][0]) / 2 + GAP - abs(xs[a] - xs[b])
                    oy = (box[a][1] + box[b][1]) / 2 + GAP - abs(ys[a] - ys[b])
                    if ox <= 0 or oy <= 0:
                        continue
                    moved = True
                    if ox / (box[a][0] + box[b][0]) < oy / (box[a][1] + box[b][1]):
                        s = 1.0 if xs[a] > xs[b] or (xs[a] == xs[b] and a > b) else -1.0
                        xs[a] += s * ox / 2
                        xs[b] -= s * ox / 2
                    else:
                        s = 1.0 if ys[a] > ys[b] or (ys[a] == ys[b] and a > b) else -1.0
                        ys[a] += s * oy / 2
                        ys[b] -= s * oy / 2
        if not moved:
            break
    for n in names:
        pos[n] = (xs[n], ys[n])


def _normalised(pos: dict[str, Point], box: dict[str, Box]) -> tuple[dict[str, Point], float, float]:
    """Shift a component so its boxes start at (0, 0); return it with its width and height."""
    left = min(x - box[n][0] / 2 for n, (x, _) in pos.items())
    top = min(y - box[n][1] / 2 for n, (_, y) in pos.items())
    right = max(x + box[n][0] / 2 for n, (x, _) in pos.items())
    bottom = max(y + box[n][1] / 2 for n, (_, y) in pos.items())
    moved = {n: (x - left, y - top) for n, (x, y) in pos.items()}
    return moved, right - left, bottom - top


def _pack(parts: list[tuple[dict[str, Point], float, float]],
          aspect: float) -> list[tuple[dict[str, Point], float, float]]:
    """The largest component first, the others in columns to its right (each column no taller
    than the first component, or than the box's aspect allows)."""
    if not parts:
        return []
    first, w0, h0 = parts[0]
    out = [(first, 0.0, 0.0)]
    area = sum((w + 2 * GAP) * (h + 2 * GAP) for _, w, h in parts)
    height = max([h0, *(h for _, _, h in parts[1:]), math.sqrt(area / aspect)])
    x, y, column = w0 + 4 * GAP, 0.0, 0.0
    for part, w, h in parts[1:]:
        if y > 0 and y + h > height:
            x, y, column = x + column + 2 * GAP, 0.0, 0.0
        out.append((part, x, y))
        y += h + 2 * GAP
        column = max(column, w)
    return out
