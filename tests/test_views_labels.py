"""Labels and layouts in the page data, without a browser (issue #20, points 7–9)."""

from __future__ import annotations

import itertools

import networkx as nx

import policygraph as pg
from policygraph import analytics, views
from policygraph.views import _layout
from policygraph.views._network import label_for
from policygraph.views._style import HEADING_LIMIT, LABEL_LIMIT

BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_long_labels_are_clamped_for_drawing_and_kept_whole_for_hover() -> None:
    graph = nx.DiGraph()
    graph.add_node("long", label_zh="长" * 5000, label_en="Long " * 1000, kind="Policy")
    graph.add_node("short", label_zh="杭州", label_en="Hangzhou", kind="Place")
    graph.add_edge("long", "short", relation="x" * 200)
    net = views.entity(graph, "short", lang="both")
    long = next(node for node in net.nodes if node["id"] == "long")
    zh, en = long["label"].split("\n")
    assert zh == "长" * (LABEL_LIMIT - 1) + "…" and en.endswith("…") and len(en) <= LABEL_LIMIT
    assert long["pg"]["zh"] == "长" * 5000  # the hover card shows it whole
    short = next(node for node in net.nodes if node["id"] == "short")
    assert short["label"] == "杭州\nHangzhou"  # short labels untouched
    heading = views.entity(graph, "long").heading
    assert len(heading) == HEADING_LIMIT and heading.endswith("…")


def test_bidirectional_controls_never_reach_the_page() -> None:
    graph = nx.DiGraph()
    for index, control in enumerate(BIDI):
        graph.add_node(
            f"n{index}",
            label_zh=f"杭州{control}市",
            label_en=f"abc{control}def",
            kind="Place",
            alt_labels=[f"x{control}y"],
            evidence=[{"quote": f"引{control}文", "start": 1, "end": 3, "section": None}],
        )
    graph.add_edge("n0", "n1", relation=f"leads{BIDI}")
    page = views.from_networkx(graph, heading=f"标题{BIDI}", edge_labels=True).generate_html()
    assert not any(control in page for control in BIDI)
    assert "杭州市" in page and "abcdef" in page and "引文" in page


def test_undated_lineage_nodes_stand_in_a_band_that_wraps() -> None:
    graph = nx.DiGraph([(f"u{index}", "root") for index in range(14)])
    graph.add_edge("later", "root")
    columns = {node: 0 if node == "root" else 1 for node in graph}
    undated = {f"u{index}" for index in range(14)}
    placed = _layout.column_positions(graph, columns, band=undated)
    dated_low = max(placed[node][1] for node in ("root", "later"))
    assert all(placed[node][1] > dated_low + 80 for node in undated)
    assert len({placed[node][1] for node in undated}) == 6  # six rows, then wrap
    assert len({placed[node][0] for node in undated}) == 3  # into three sub-columns
    assert placed["later"][0] == 300.0 and min(placed[node][0] for node in undated) == 300.0


def test_overview_boxes_do_not_overlap_in_the_python_layout() -> None:
    kg = pg.load()
    net = views.overview(kg)
    graph = analytics.to_networkx(kg)
    assert net.options["physics"]["enabled"] is False
    assert len(net.nodes) == graph.number_of_nodes() >= 143
    boxes = {
        node["id"]: _layout.node_box(label_for(node["pg"], "both"), node["size"])
        for node in net.nodes
    }
    placed = {node["id"]: (node["x"], node["y"]) for node in net.nodes}
    clashes = [
        (a, b)
        for a, b in itertools.combinations(placed, 2)
        if _layout._overlap(placed[a], boxes[a], placed[b], boxes[b])
    ]
    assert clashes == []
