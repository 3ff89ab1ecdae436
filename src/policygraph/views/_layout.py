"""Node positions computed in Python, for graphs too large for in-browser physics.

vis-network's physics needs tens of seconds to settle a thousand nodes, and minutes
for a few thousand. Above `LARGE_GRAPH` nodes the views place every node here and
turn physics off, so that the browser only draws.
"""

from __future__ import annotations

import math
import unicodedata
from collections import defaultdict
from collections.abc import Collection, Hashable, Mapping

import networkx as nx
import numpy as np
from numpy.typing import NDArray

__all__ = [
    "LARGE_GRAPH",
    "Box",
    "column_positions",
    "force_layout",
    "is_large",
    "label_size",
    "lineage_columns",
    "node_box",
    "spread_layout",
]

Box = tuple[float, float, float, float]
"""A drawn extent around a node's centre, in pixels: left, top, right, bottom offsets."""

LARGE_GRAPH = 300
"""Above this many nodes, positions are computed in Python and physics is off."""

_SPACING = 70.0  # pixels per unit of ideal edge length


def is_large(graph: nx.Graph, threshold: int = LARGE_GRAPH) -> bool:
    """Whether ``graph`` is past the size where in-browser physics is too slow.

    Examples
    --------
    >>> is_large(nx.path_graph(LARGE_GRAPH)), is_large(nx.path_graph(LARGE_GRAPH + 1))
    (False, True)
    """
    return bool(graph.number_of_nodes() > threshold)


_NEAR = 8  # neighbours each node is pushed from exactly
_REFRESH = 5  # steps between searches for those neighbours
_GRID = 64  # cells per side of the grid that carries every other node's push


def _far_kernel(cells: int) -> NDArray[np.complex128]:
    """The Fourier transform of the push (x + iy)/d² at every cell offset, on a grid
    twice as wide as the layout's (so that the circular convolution does not wrap)."""
    offset = np.fft.fftfreq(2 * cells, 1 / (2 * cells))  # 0, 1, …, cells - 1, -cells, …, -1
    dx, dy = np.meshgrid(offset, offset, indexing="ij")
    distance2 = dx * dx + dy * dy
    distance2[0, 0] = np.inf  # a node's own cell is left to the near field
    kernel: NDArray[np.complex128] = np.fft.fft2((dx + 1j * dy) / distance2)
    return kernel


def _far_push(
    position: NDArray[np.float64], weight: NDArray[np.float64], kernel: NDArray[np.complex128]
) -> NDArray[np.complex128]:
    """Each node's push away from all others (x + iy), with the others counted per grid cell.

    The particle-mesh method: nodes are binned into a `_GRID` × `_GRID` grid, the
    cell counts convolved with the push of one node at each offset (one FFT each way),
    and every node takes the push at its cell: O(n + g² log g) instead of O(n²).
    """
    low = position.min(axis=0)
    cell = max(float((position.max(axis=0) - low).max()) / (_GRID - 1), 1e-9)
    at = np.minimum(((position - low) / cell).astype(np.int64), _GRID - 1)
    width = 2 * _GRID
    mass = np.bincount(at[:, 0] * width + at[:, 1], weight, minlength=width * width)
    field = np.fft.ifft2(np.fft.fft2(mass.reshape(width, width)) * kernel)
    pushed: NDArray[np.complex128] = field[at[:, 0], at[:, 1]] * weight / cell
    return pushed


def force_layout(
    graph: nx.Graph, *, seed: int = 7, iterations: int = 50
) -> dict[Hashable, tuple[float, float]]:
    """Fruchterman–Reingold positions, in pixels, in O(n log n) per step.

    Every node pushes every other away, as in Fruchterman–Reingold, but the push of
    distant nodes is summed over the cells of a grid (`_far_push`), and only each
    node's `_NEAR` closest neighbours (found with a k-d tree every `_REFRESH` steps)
    push exactly. Nothing goes quadratic where nodes crowd, so a hub-heavy graph
    spreads out instead of collapsing into a blob: 5,000 nodes take a few tenths of
    a second, where `networkx.spring_layout` takes half a minute. A weak pull
    towards the centre keeps separate components together.

    Examples
    --------
    >>> positions = force_layout(nx.path_graph(3))
    >>> sorted(positions) == [0, 1, 2] and positions == force_layout(nx.path_graph(3))
    True
    """
    from scipy.spatial import cKDTree

    nodes = list(graph)
    count = len(nodes)
    if count == 0:
        return {}
    if count == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {node: position for position, node in enumerate(nodes)}
    pairs = [(index[u], index[v]) for u, v in graph.edges() if u != v]
    edges = np.array(pairs, dtype=np.int64).reshape(-1, 2)
    tails, heads = edges[:, 0].copy(), edges[:, 1].copy()
    rng = np.random.default_rng(seed)
    position = rng.random((count, 2)) * np.sqrt(count)
    x, y = position[:, 0], position[:, 1]  # views: coordinates apart are about twice as fast
    temperature = np.sqrt(count) / 10
    kernel = _far_kernel(_GRID)
    near = min(_NEAR, count - 1)
    degree = np.bincount(edges.ravel(), minlength=count) + 1.0
    weight = degree / degree.mean()
    closest = np.zeros((count, near), dtype=np.int64)
    for step_number in range(iterations):
        if step_number % _REFRESH == 0:
            closest = cKDTree(position).query(position, near + 1)[1][:, 1:]
        dx, dy = x[:, None] - x[closest], y[:, None] - y[closest]
        distance2 = np.maximum(dx * dx + dy * dy, 1e-4)
        far = _far_push(position, weight, kernel)
        pair = weight[:, None] * weight[closest] / distance2
        push_x = (dx * pair).sum(axis=1) + far.real
        push_y = (dy * pair).sum(axis=1) + far.imag
        if len(edges):
            dx, dy = x[tails] - x[heads], y[tails] - y[heads]
            distance = np.sqrt(np.maximum(dx * dx + dy * dy, 1e-4))
            pull_x, pull_y = dx * distance, dy * distance
            push_x += np.bincount(heads, pull_x, count) - np.bincount(tails, pull_x, count)
            push_y += np.bincount(heads, pull_y, count) - np.bincount(tails, pull_y, count)
        centre = position.mean(axis=0)
        push_x -= 0.02 * (x - centre[0])
        push_y -= 0.02 * (y - centre[1])
        length = np.maximum(np.sqrt(push_x * push_x + push_y * push_y), 1e-9)
        step = np.minimum(length, temperature) / length
        x += push_x * step
        y += push_y * step
        temperature *= 0.93
    position -= position.mean(axis=0)
    position *= _SPACING
    return {
        node: (round(float(x), 1), round(float(y), 1))
        for node, (x, y) in zip(nodes, position, strict=True)
    }


def lineage_columns(
    graph: nx.DiGraph, years: Mapping[Hashable, int | None]
) -> tuple[dict[Hashable, int], dict[int, int]]:
    """Columns for a lineage graph: dated nodes by year, undated ones by their relations.

    Lineage edges point from the later thing to the earlier one, so a node stands
    right of what it descends from. Nodes of the same year share a column, later
    years stand further right; between two dated nodes the years decide. An undated
    node stands right after the latest thing it descends from, or, if it has no
    dated ancestry, right before the earliest thing that descends from it. Groups of
    related nodes without any date stand right of all dated ones.

    Returns
    -------
    columns : dict
        Node → column number, from 0 (left).
    column_years : dict
        Column number → the year of the dated nodes in it (undated columns absent).

    Examples
    --------
    >>> g = nx.DiGraph([("b", "a"), ("c", "b"), ("d", "c")])
    >>> columns, labels = lineage_columns(g, {"a": 2003, "c": 2014})
    >>> [columns[n] for n in "abcd"], labels
    ([0, 1, 2, 3], {0: 2003, 2: 2014})
    >>> g.add_edge("y", "x")
    >>> lineage_columns(g, {"a": 2003, "c": 2014})[0]["x"]
    3
    """
    dated = {node: year for node, year in years.items() if year is not None and node in graph}
    by_year: dict[int, list[Hashable]] = defaultdict(list)
    for node, year in dated.items():
        by_year[year].append(node)
    rank = dict.fromkeys(graph, 0)
    # Only the relations that touch an undated node constrain; years order the rest.
    edges = [(u, v) for u, v in graph.edges() if u != v and (u not in dated or v not in dated)]
    limit = 2 * (len(rank) + len(by_year)) + 2  # inconsistent years or cycles: stop anyway
    for _ in range(limit):
        changed = False
        for later, earlier in edges:
            if rank[later] < rank[earlier] + 1:
                rank[later] = rank[earlier] + 1
                changed = True
        previous = -1
        for year in sorted(by_year):
            column = max(previous + 1, *(rank[node] for node in by_year[year]))
            for node in by_year[year]:
                if rank[node] != column:
                    rank[node] = column
                    changed = True
            previous = column
        if not changed:
            break
    # Pull undated ancestors right, next to their earliest descendant.
    for _ in range(limit):
        changed = False
        for node in graph:
            if node in dated:
                continue
            later = [rank[other] for other in graph.predecessors(node) if other != node]
            if later and rank[node] < min(later) - 1:
                rank[node] = min(later) - 1
                changed = True
        if not changed:
            break
    # Components without any date go to the right of the dated ones, not under 2003.
    shift = 1 + max((rank[node] for node in dated), default=-1)
    for component in nx.weakly_connected_components(graph):
        if shift and not any(node in dated for node in component):
            for node in component:
                rank[node] += shift
    used = sorted(set(rank.values()))
    dense = {column: position for position, column in enumerate(used)}
    columns = {node: dense[rank[node]] for node in graph}
    labels = {columns[nodes[0]]: year for year, nodes in by_year.items()}
    return columns, dict(sorted(labels.items()))


def column_positions(
    graph: nx.DiGraph,
    columns: Mapping[Hashable, int],
    *,
    column_width: float = 300.0,
    row_height: float = 80.0,
    sweeps: int = 4,
    band: Collection[Hashable] = (),
    band_rows: int = 6,
) -> dict[Hashable, tuple[float, float]]:
    """Positions for a lineage graph: nodes stacked in their columns, left to right.

    Within each column nodes are ordered by the mean row of their neighbours in the
    columns already placed (barycentre sweeps, left to right then back), which
    removes most crossings; each column is centred on the same line. Nodes in
    ``band`` (the undated ones) keep their column but stand in a separate band
    below every other node, one empty row apart, so that no column reads as their year;
    past ``band_rows`` rows they wrap into further sub-columns, which widen their column.

    Examples
    --------
    >>> g = nx.DiGraph([("b", "a"), ("c", "a")])
    >>> sorted(column_positions(g, {"a": 0, "b": 1, "c": 1}).items())
    [('a', (0.0, 0.0)), ('b', (300.0, -40.0)), ('c', (300.0, 40.0))]
    >>> sorted(column_positions(g, {"a": 0, "b": 1, "c": 1}, band={"c"}).items())
    [('a', (0.0, 0.0)), ('b', (300.0, 0.0)), ('c', (300.0, 160.0))]
    """
    apart = set(band)
    members_of: dict[int, list[Hashable]] = defaultdict(list)
    for node in sorted(graph, key=str):
        members_of[columns[node]].append(node)
    order = sorted(members_of)
    tallest = max(
        (sum(node not in apart for node in members) for members in members_of.values()),
        default=0,
    )
    band_top = (tallest - 1) / 2 + 2  # in rows, below the lowest dated node
    undirected = graph.to_undirected(as_view=True)
    row: dict[Hashable, float] = {}
    across: dict[Hashable, int] = dict.fromkeys(graph, 0)  # sub-column within the column

    def place(column: int, reference: set[Hashable]) -> None:
        members = members_of[column]

        def barycentre(node: Hashable) -> float:
            placed = [row[other] for other in undirected.neighbors(node) if other in reference]
            return sum(placed) / len(placed) if placed else row.get(node, float("inf"))

        members.sort(key=barycentre)
        dated = [node for node in members if node not in apart]
        offset = (len(dated) - 1) / 2
        for rank, node in enumerate(dated):
            row[node] = rank - offset
        for rank, node in enumerate(node for node in members if node in apart):
            row[node] = band_top + rank % band_rows
            across[node] = rank // band_rows

    for sweep in range(max(1, sweeps)):
        for column in order if sweep % 2 == 0 else reversed(order):
            side = [c for c in order if (c < column if sweep % 2 == 0 else c > column)]
            place(column, {node for c in side for node in members_of[c]} if side else set(row))
    left: dict[int, float] = {}
    edge = 0.0
    for column in order:
        left[column] = edge
        edge += column_width * (1 + max(across[node] for node in members_of[column]))
    return {
        node: (
            float(left[columns[node]] + across[node] * column_width),
            float(row[node] * row_height),
        )
        for node in graph
    }


def label_size(
    label: str, *, font_size: float = 14.0, max_width: float = 170.0
) -> tuple[float, float]:
    """The width and height, in pixels, of ``label`` as vis-network draws it (an estimate).

    Wide (CJK) characters take the font size, others a little over half of it; lines
    longer than ``max_width`` wrap.

    Examples
    --------
    >>> label_size("城市大脑")
    (56.0, 16.8)
    >>> label_size("城市大脑\\nCity Brain")[1] > label_size("城市大脑")[1]
    True
    """
    width = 0.0
    lines = 0
    for line in label.split("\n"):
        drawn = sum(
            font_size if unicodedata.east_asian_width(char) in "WF" else 0.6 * font_size
            for char in line
        )
        lines += max(1, math.ceil(drawn / max_width))
        # vis-network breaks a long word after the character that crosses the limit
        width = max(width, min(drawn, max_width + font_size))
    return round(width, 1), round(lines * font_size * 1.2, 1)


def node_box(label: str, radius: float, *, font_size: float = 14.0) -> Box:
    """The extent of a dot-like node of ``radius`` with its label drawn underneath.

    Examples
    --------
    >>> node_box("城市大脑", 10)
    (-28.0, -10.0, 28.0, 28.8)
    """
    width, height = label_size(label, font_size=font_size)
    half = max(width / 2, radius)
    return (-half, -float(radius), half, radius + 2 + height)


def spread_layout(
    graph: nx.Graph,
    boxes: Mapping[Hashable, Box],
    *,
    gap: float = 8.0,
    aspect: float = 1.4,
    seed: int = 7,
) -> dict[Hashable, tuple[float, float]]:
    """Positions in which no two node boxes (dot and label) overlap, packed tightly.

    For crowded and hub-heavy graphs, where a force layout either piles labels on
    each other or, spread until they clear, shrinks them out of reading size. A force
    layout (`force_layout`) decides the order: nodes are taken top to bottom into
    rows, each row left to right, and the boxes are packed edge to edge, ``gap``
    apart, in a block ``aspect`` times as wide as high (like a window). Neighbours
    stay near each other, hubs keep their neighbours around them, and the drawing
    fitted to a window shows its labels about twice as large as the force layout
    spread out would. Labels scale with the drawing: they overlap at no zoom.

    Examples
    --------
    >>> import itertools
    >>> g = nx.star_graph(12)
    >>> boxes = {node: node_box("城市大脑\\nCity Brain", 10) for node in g}
    >>> positions = spread_layout(g, boxes)
    >>> any(_overlap(positions[a], boxes[a], positions[b], boxes[b])
    ...     for a, b in itertools.combinations(g, 2))
    False
    """
    nodes = list(graph)
    if len(nodes) < 2:
        return force_layout(graph, seed=seed)
    start = force_layout(graph, seed=seed, iterations=80)
    extent = np.array([boxes[node] for node in nodes], dtype=float)
    size = extent[:, 2:] - extent[:, :2] + gap
    guess = float(np.sqrt((size[:, 0] * size[:, 1]).sum() * aspect / 0.8))
    target = max(guess, float(size[:, 0].max()))
    position = np.zeros((len(nodes), 2))
    for _ in range(8):  # widen or narrow the rows until the block has the window's shape
        position, width, height = _shelves(nodes, start, extent, size, target)
        ratio = width / max(height * aspect, 1e-9)
        if abs(ratio - 1) < 0.08:
            break
        target = max(float(size[:, 0].max()), target / np.sqrt(ratio))
    position -= position.mean(axis=0)
    return {
        node: (round(float(x), 1), round(float(y), 1))
        for node, (x, y) in zip(nodes, position, strict=True)
    }


def _shelves(
    nodes: list[Hashable],
    start: Mapping[Hashable, tuple[float, float]],
    extent: NDArray[np.float64],
    size: NDArray[np.float64],
    width: float,
) -> tuple[NDArray[np.float64], float, float]:
    """Rows of boxes at most ``width`` wide, in the order of ``start``; their extent."""
    by_height = sorted(range(len(nodes)), key=lambda i: (start[nodes[i]][1], start[nodes[i]][0]))
    rows: list[list[int]] = [[]]
    used = 0.0
    for index in by_height:
        if rows[-1] and used + size[index, 0] > width:
            rows.append([])
            used = 0.0
        rows[-1].append(index)
        used += size[index, 0]
    position = np.zeros((len(nodes), 2))
    top = 0.0
    widest = 0.0
    for row in rows:
        row.sort(key=lambda i: start[nodes[i]][0])
        row_width = float(sum(size[i, 0] for i in row))
        widest = max(widest, row_width)
        cursor = -row_width / 2
        for i in row:
            position[i] = (cursor - extent[i, 0], top - extent[i, 1])
            cursor += size[i, 0]
        top += float(max(size[i, 1] for i in row))
    return position, widest, top


def _overlap(
    first: tuple[float, float], first_box: Box, second: tuple[float, float], second_box: Box
) -> bool:
    """Whether two placed boxes overlap (touching is not overlapping)."""
    return (
        first[0] + first_box[0] < second[0] + second_box[2]
        and second[0] + second_box[0] < first[0] + first_box[2]
        and first[1] + first_box[1] < second[1] + second_box[3]
        and second[1] + second_box[1] < first[1] + first_box[3]
    )
