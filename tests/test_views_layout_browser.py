"""Layouts and labels as drawn, measured in headless Chromium (issue #20, points 7–9).

Positions come from vis-network itself after it has drawn the page at its default zoom:
label boxes are its own ``labelModule.size`` turned into screen pixels.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import policygraph as pg
from policygraph import views

pytestmark = pytest.mark.browser

RLO = "\u202e"

# Labels vis-network draws at the current zoom, as screen rectangles (canvas coordinates
# through canvasToDOM); labels below its draw threshold or off screen are not drawn.
DRAWN_LABELS = """() => {
  var scale = network.getScale(), found = [];
  var box = document.getElementById('mynetwork').getBoundingClientRect();
  var positions = network.getPositions();
  nodes.getIds().forEach(function (id) {
    var node = network.body.nodes[id];
    if (!node || node.options.hidden) return;
    var at = network.canvasToDOM(positions[id]);
    if (at.x < 0 || at.y < 0 || at.x > box.width || at.y > box.height) return;
    var label = node.labelModule, size = label.size;
    var px = label.fontOptions.size * scale;
    if (!size.width || px < label.elementOptions.scaling.label.drawThreshold) return;
    var a = network.canvasToDOM({x: size.left, y: size.top});
    var b = network.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
    found.push({id: id, left: a.x, top: a.y, right: b.x, bottom: b.y, px: px});
  });
  return {scale: scale, labels: found, nodes: nodes.length};
}"""


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    pages: list[Any] = []

    def _open(path: Path) -> Any:
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        url = path.resolve().as_uri()
        page.route(
            "**/*", lambda route: route.continue_() if route.request.url == url else route.abort()
        )
        page.goto(url)
        page.wait_for_function("window.pgReady === true", timeout=60_000)
        page.wait_for_timeout(300)  # one more frame, so that every label has been measured
        page.errors = errors
        pages.append(page)
        return page

    yield _open
    for page in pages:
        page.close()


@pytest.fixture(scope="module")
def kg() -> pg.KnowledgeGraph:
    return pg.load(store="oxigraph")


@pytest.fixture(scope="module")
def out(kg: pg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("layout")
    views.render_all(kg, folder, entities=["城市大脑"], queries=["national-strategies"])
    return folder


def overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [
        (a["id"], b["id"])
        for a, b in itertools.combinations(labels, 2)
        if a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    ]


@pytest.mark.parametrize("view", ["overview", "query-national-strategies", "cities"])
def test_no_two_node_labels_overlap_at_default_zoom(open_page: Any, out: Path, view: str) -> None:
    page = open_page(out / f"{view}.html")
    drawn = page.evaluate(DRAWN_LABELS)
    # every label drawn (vis-network skips those under 5 px), none over another; the
    # bundled overview's 143 labels measured 8.0 px here, and more data shrinks them
    assert len(drawn["labels"]) == drawn["nodes"] > 10
    assert overlapping(drawn["labels"]) == []
    assert page.errors == []


def test_overview_draws_all_143_labels_apart(open_page: Any, out: Path) -> None:
    drawn = open_page(out / "overview.html").evaluate(DRAWN_LABELS)
    assert drawn["nodes"] >= 143 and len(drawn["labels"]) == drawn["nodes"]


def test_crowded_query_view_labels_edges_on_hover_only(open_page: Any, out: Path) -> None:
    page = open_page(out / "query-national-strategies.html")
    labelled = page.evaluate("edges.get().filter(e => e.label && e.label.trim()).length")
    hub = page.evaluate(
        "Math.max(...nodes.getIds().map(id => network.getConnectedEdges(id).length))"
    )
    assert labelled == 0 and hub > 8
    point = page.evaluate(
        """() => {
          var box = document.getElementById('mynetwork').getBoundingClientRect();
          for (var id of edges.getIds()) {
            var dom = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
            if (network.getNodeAt(dom) !== undefined || network.getEdgeAt(dom) !== id) continue;
            return {id: id, x: dom.x + box.left, y: dom.y + box.top};
          }
          return null;
        }"""
    )
    assert point, "no edge can be hovered"
    page.mouse.move(point["x"], point["y"])
    page.wait_for_selector("#pg-tooltip:not([hidden])", timeout=5_000)
    label = page.evaluate("id => edges.get(id).label", point["id"])
    assert label == page.evaluate("id => edges.get(id).pg.relation", point["id"])


def test_lineage_puts_undated_nodes_in_a_labelled_band_readable_at_default_zoom(
    open_page: Any, out: Path
) -> None:
    page = open_page(out / "lineage.html")
    rows = page.evaluate(
        """() => { var at = network.getPositions();
          return nodes.get().map(n => ({year: n.pg.year, y: at[n.id].y})); }"""
    )
    dated = [row["y"] for row in rows if row["year"]]
    undated = [row["y"] for row in rows if not row["year"]]
    assert dated and undated
    assert max(dated) < min(undated) - 80  # a clear gap: no undated node under a year
    assert page.evaluate("pgPage.bandLabel").startswith("Year not given")
    drawn = page.evaluate(DRAWN_LABELS)
    assert drawn["labels"] and min(label["px"] for label in drawn["labels"]) >= 11
    assert overlapping(drawn["labels"]) == []
    assert page.errors == []


def test_legend_class_filter_hides_and_shows_nodes(open_page: Any, out: Path) -> None:
    page = open_page(out / "overview.html")
    firms = page.evaluate("nodes.get().filter(n => n.pg.kind === 'Firm').length")
    total = page.evaluate("nodes.length")
    assert firms > 0
    page.uncheck(".pg-class-filter[value='Firm']")
    hidden = page.evaluate("nodes.get().filter(n => n.hidden).map(n => n.pg.kind)")
    assert hidden == ["Firm"] * firms
    assert page.inner_text("#pg-node-count") == str(total - firms)
    page.check(".pg-class-filter[value='Firm']")
    assert page.evaluate("nodes.get().filter(n => n.hidden).length") == 0


def hostile_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_node("long", label_zh="长" * 5000, label_en="L" * 5000, kind="Policy", evidence=[])
    graph.add_node("rtl", label_zh=f"杭州{RLO}市政府", label_en=f"abc{RLO}def", kind="Place")
    for index in range(12):
        graph.add_node(f"n{index}", label_zh=f"节点{index}", label_en=f"Node {index}", kind="Firm")
        graph.add_edge(f"n{index}", "long" if index % 2 else "rtl", relation="leads")
    graph.add_edge("rtl", "long", relation=f"leads{RLO}")
    return graph


def test_long_and_right_to_left_labels_are_neutralised(open_page: Any, tmp_path: Path) -> None:
    graph = hostile_graph()
    page_path = views.write_html(views.entity(graph, "long"), tmp_path / "hostile.html")
    assert RLO not in page_path.read_text(encoding="utf-8").replace("\\u202e", RLO)
    page = open_page(page_path)
    assert page.evaluate("network.getScale()") > 0.5  # not zoomed out to fit a huge label
    heading = page.inner_text("#pg-heading")
    assert len(heading) <= 80 and heading.endswith("…")
    labels = page.evaluate("nodes.get().map(n => n.label)")
    assert all(len(line) <= 32 for label in labels for line in label.split("\n"))
    # the full text on hover
    at = page.evaluate(
        """() => { var box = document.getElementById('mynetwork').getBoundingClientRect();
          var dom = network.canvasToDOM(network.getPositions(['long']).long);
          return {x: dom.x + box.left, y: dom.y + box.top}; }"""
    )
    page.mouse.move(at["x"], at["y"])
    page.wait_for_selector("#pg-tooltip:not([hidden])", timeout=5_000)
    assert "长" * 5000 in page.inner_text("#pg-tooltip")
    text = page.evaluate("document.body.innerText + JSON.stringify(nodes.get())")
    assert RLO not in text and "杭州市政府" in text
    assert page.errors == []
