"""The HTML views in headless Chromium, offline: every request but the page's own is blocked.

For each view: no console error, the drawn node count equals the graph's, and hovering
a node shows its evidence quote. The injection fixture proves that no payload runs.
Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import policygraph as pg
from browser import Opened
from policygraph import analytics, views

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="module")
def kg() -> pg.KnowledgeGraph:
    return pg.load(store="oxigraph")  # runs the named queries fast; the pages are the same


@pytest.fixture(scope="module")
def out(kg: pg.KnowledgeGraph, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("views")
    views.render_all(kg, folder, entities=["城市大脑"], queries=["policy-lineage"])
    return folder


def lineage_without_isolates(kg: pg.KnowledgeGraph) -> nx.DiGraph:
    graph = analytics.lineage_graph(kg)
    return graph.subgraph([n for n in graph if graph.degree(n)]).copy()


def expected_nodes(kg: pg.KnowledgeGraph, view: str) -> set[str]:
    if view == "lineage":
        graph: nx.Graph = lineage_without_isolates(kg)
    elif view == "cities":
        graph = analytics.city_initiative_graph(kg)
    elif view == "overview":
        graph = analytics.to_networkx(kg)
    elif view == "entity-city-brain":
        whole = analytics.to_networkx(kg)
        graph = nx.ego_graph(whole, str(pg.PGID["city-brain"]), radius=1, undirected=True)
    else:
        rows = kg.run("policy-lineage")
        return {views.compact(iri) for iri in set(rows.source) | set(rows.target)}
    return {views.compact(node) for node in graph}


def hover_node(opened: Opened) -> dict[str, Any]:
    """Hover over the first node that is not covered by another; return its data."""
    found = opened.evaluate(
        """() => {
          var box = document.getElementById('mynetwork').getBoundingClientRect();
          var ids = nodes.getIds().sort();
          for (var i = 0; i < ids.length; i++) {
            var canvas = network.getPositions([ids[i]])[ids[i]];
            var dom = network.canvasToDOM(canvas);
            if (dom.x < 5 || dom.y < 5 || dom.x > box.width - 5 || dom.y > box.height - 5) continue;
            if (network.getNodeAt(dom) !== ids[i]) continue;
            var card = pgViews.info(nodes.get(ids[i]));  // apart on large pages
            return {id: ids[i], x: dom.x + box.left, y: dom.y + box.top, pg: card};
          }
          return null;
        }"""
    )
    assert found, "no node can be hovered"
    opened.page.mouse.move(found["x"], found["y"])
    opened.page.wait_for_selector("#pg-tooltip:not([hidden])", timeout=5_000)
    return dict(found)


def tooltip(opened: Opened) -> str:
    return str(opened.evaluate("document.getElementById('pg-tooltip').textContent"))


# -- every view ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "view", ["lineage", "cities", "overview", "entity-city-brain", "query-policy-lineage"]
)
def test_view_draws_every_node_offline_and_shows_evidence_on_hover(
    open_page: Any, out: Path, kg: pg.KnowledgeGraph, view: str
) -> None:
    opened = open_page(out / f"{view}.html")
    drawn = opened.evaluate("network.body.data.nodes.length")
    ids = set(opened.evaluate("network.body.data.nodes.getIds()"))
    assert drawn == len(ids) == len(expected_nodes(kg, view))
    assert ids == expected_nodes(kg, view)
    hovered = hover_node(opened)
    shown = tooltip(opened)
    assert hovered["pg"]["evidence"], "every node of the bundled graph has evidence"
    for quote in hovered["pg"]["evidence"]:
        assert quote["quote"] in shown
        assert f"chars {quote['start']}–{quote['end']}" in shown
    assert hovered["pg"]["zh"] in shown and hovered["pg"]["en"] in shown
    opened.screenshot(view)
    assert opened.errors == [] and opened.blocked == [] and opened.dialogs == []


def test_hovering_an_edge_shows_its_evidence(open_page: Any, out: Path) -> None:
    opened = open_page(out / "cities.html")
    point = opened.evaluate(
        """() => {
          var box = document.getElementById('mynetwork').getBoundingClientRect();
          var ids = edges.getIds();
          for (var i = 0; i < ids.length; i++) {
            var edge = network.body.edges[ids[i]];
            var canvas = edge.edgeType.getPoint(0.5);
            var dom = network.canvasToDOM(canvas);
            if (network.getNodeAt(dom) !== undefined || network.getEdgeAt(dom) !== ids[i]) continue;
            var card = pgViews.info(edges.get(ids[i]));  // apart on large pages
            return {id: ids[i], x: dom.x + box.left, y: dom.y + box.top, pg: card};
          }
          return null;
        }"""
    )
    assert point, "no edge can be hovered"
    opened.page.mouse.move(point["x"], point["y"])
    opened.page.wait_for_selector("#pg-tooltip:not([hidden]) [data-edge]", timeout=5_000)
    shown = tooltip(opened)
    assert point["pg"]["relation"] in shown
    assert all(quote["quote"] in shown for quote in point["pg"]["evidence"])
    opened.page.mouse.click(point["x"], point["y"])
    details = opened.evaluate("document.getElementById('pg-details').textContent")
    assert point["pg"]["evidence"][0]["quote"] in details


def test_index_links_every_view(open_page: Any, out: Path) -> None:
    opened = open_page(out / "index.html", ready=False)
    links = opened.evaluate("Array.from(document.querySelectorAll('a')).map(a => a.href)")
    files = {path.name for path in out.glob("*.html")} - {"index.html"}
    assert {link.rsplit("/", 1)[-1] for link in links} == files
    counts = opened.evaluate(
        "Array.from(document.querySelectorAll('#pg-views tbody tr')).map("
        "r => [r.querySelector('a').getAttribute('href'), r.cells[2].textContent])"
    )
    for href, count in counts:
        page = (out / href).read_text(encoding="utf-8")
        assert f'<span id="pg-node-count">{count}</span>' in page
    opened.screenshot("index")
    assert opened.errors == [] and opened.blocked == []


# -- search and language ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "wanted", "shown"),
    [
        ("杭州", "pgid:hangzhou", "杭州市"),
        ("hangzhou", "pgid:hangzhou", "杭州市"),
        ("hang zhou shi", "pgid:hangzhou", "杭州市"),
        ("City Brain", "pgid:city-brain", "城市大脑"),
        ("csdn", "pgid:city-brain", "城市大脑"),
        ("城市大", "pgid:city-brain", "城市大脑"),
    ],
)
def test_search_box_finds_chinese_english_and_pinyin(
    open_page: Any, out: Path, typed: str, wanted: str, shown: str
) -> None:
    opened = open_page(out / "cities.html")
    box = opened.page.locator("#pg-search-input")
    box.fill(typed)
    first = opened.page.locator("#pg-search-results button").first
    assert first.get_attribute("data-node") == wanted
    assert shown in first.text_content()  # Chinese is shown intact, not garbled
    box.press("Enter")
    assert opened.evaluate("network.getSelectedNodes()") == [wanted]
    assert shown in opened.evaluate("document.getElementById('pg-details').textContent")
    box.fill("zzzz-nothing")
    assert "No match" in opened.page.locator("#pg-search-results").text_content()
    assert opened.errors == []


def test_language_switch_relabels_every_node(open_page: Any, out: Path) -> None:
    opened = open_page(out / "cities.html")
    for choice, expected in (("en", "Hangzhou"), ("zh", "杭州市"), ("both", "杭州市\nHangzhou")):
        opened.page.check(f"input[name='pg-lang'][value='{choice}']")
        assert opened.evaluate("nodes.get('pgid:hangzhou').label") == expected
    english = opened.evaluate(
        "(() => { document.querySelector(\"input[value='en']\").click();"
        " return nodes.get().every(n => { var full = n.pg.en || n.pg.zh || n.pg.name;"
        " return n.label === full || (Array.from(n.label).length <= 32"  # clamped with …
        " && n.label.endsWith('\u2026') && full.startsWith(n.label.slice(0, -1))); }); })()"
    )
    assert english
    assert opened.errors == []


# -- safety ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def injection_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    kg = pg.load(FIXTURES / "injection.ttl")
    folder = tmp_path_factory.mktemp("injection")
    made = {
        "lineage": views.lineage(kg),
        "cities": views.cities(kg),
        "overview": views.overview(kg),
        "entity": views.entity(kg, "pgid:evil-city", hops=2),
    }
    return {name: views.write_html(net, folder / f"{name}.html") for name, net in made.items()}


@pytest.mark.parametrize("view", ["lineage", "cities", "overview", "entity"])
def test_no_injected_script_runs(
    open_page: Any, injection_pages: dict[str, Path], view: str
) -> None:
    opened = open_page(injection_pages[view])
    targets = opened.evaluate(
        """() => {
          var box = document.getElementById('mynetwork').getBoundingClientRect();
          var points = [];
          nodes.getIds().forEach(function (id) {
            var dom = network.canvasToDOM(network.getPositions([id])[id]);
            points.push({x: dom.x + box.left, y: dom.y + box.top});
          });
          edges.getIds().forEach(function (id) {
            var dom = network.canvasToDOM(network.body.edges[id].edgeType.getPoint(0.5));
            points.push({x: dom.x + box.left, y: dom.y + box.top});
          });
          return points;
        }"""
    )
    seen = ""
    for point in targets:  # hover and click everything: cards, details panel
        opened.page.mouse.move(point["x"], point["y"])
        opened.page.wait_for_timeout(50)
        seen += tooltip(opened)
        opened.page.mouse.click(point["x"], point["y"])
    opened.page.locator("#pg-search-input").fill("e yi")  # results list the payload labels
    seen += opened.page.locator("#pg-search-results").text_content()
    opened.page.locator("#pg-search-input").press("Enter")
    for choice in ("en", "zh", "both"):
        opened.page.check(f"input[name='pg-lang'][value='{choice}']")
    assert "<script>window.__pwned" in seen or "<svg onload" in seen  # shown as text
    assert opened.dialogs == []
    assert opened.evaluate("window.__pwned") is None
    injected = opened.evaluate(
        "document.querySelectorAll('img, iframe, #injected-link, svg[onload], a[href^=javascript]')"
        ".length"
    )
    assert injected == 0
    assert opened.evaluate("document.scripts.length") == 3  # vis-network, data, page script
    opened.screenshot(f"injection-{view}")
    assert opened.errors == [] and opened.blocked == []


# -- large and empty ------------------------------------------------------------------------


def test_five_thousand_nodes_draw_without_physics(open_page: Any, tmp_path: Path) -> None:
    graph = nx.gnm_random_graph(5000, 6000, seed=11)
    for node in graph:
        graph.nodes[node].update(
            label_zh=f"节点{node}",
            label_en=f"node {node}",
            kind=("Policy", "Firm", "PrefectureCity", "Industry")[node % 4],
            year=2003 + node % 16,
            evidence=[{"quote": f"第{node}条引文", "start": node, "end": node + 5}],
        )
    for _, _, data in graph.edges(data=True):
        data["relation"] = "develops"
    net = views.from_networkx(graph, view="large", heading="5,000 nodes")
    assert net.options["physics"]["enabled"] is False
    opened = open_page(views.write_html(net, tmp_path / "large.html"))
    assert opened.evaluate("network.body.data.nodes.length") == 5000
    assert opened.evaluate("network.body.data.edges.length") == 6000
    assert opened.evaluate("nodes.get('4999').label") is None  # unreadably small: not drawn
    hovered = hover_node(opened)
    assert hovered["pg"]["evidence"][0]["quote"] in tooltip(opened)
    opened.page.locator("#pg-search-input").fill("节点4999")
    assert (
        opened.page.locator("#pg-search-results button").first.get_attribute("data-node") == "4999"
    )
    opened.page.locator("#pg-search-results button").first.click()  # zooms in on it
    opened.page.wait_for_function("nodes.get('4999').label === '节点4999\\nnode 4999'")
    opened.page.locator("input[name='pg-lang'][value='en']").check()
    assert opened.evaluate("nodes.get('4999').label") == "node 4999"
    opened.screenshot("large-5000")
    assert opened.errors == [] and opened.blocked == []


def test_an_empty_result_says_so(open_page: Any, kg: pg.KnowledgeGraph, tmp_path: Path) -> None:
    query = tmp_path / "nothing.rq"
    query.write_text(
        "SELECT ?x WHERE { ?x a <https://w3id.org/policygraph/ontology/NoSuchClass> }\n",
        encoding="utf-8",
    )
    opened = open_page(views.write_html(views.query(kg, query), tmp_path / "empty.html"))
    assert opened.evaluate("network.body.data.nodes.length") == 0
    message = opened.page.locator("#pg-empty")
    assert message.is_visible() and "returned no rows" in message.text_content()
    assert not opened.page.locator("#mynetwork").is_visible()
    opened.screenshot("empty")
    assert opened.errors == [] and opened.blocked == []


def test_lineage_year_axis_is_drawn_in_order(open_page: Any, out: Path) -> None:
    opened = open_page(out / "lineage.html")
    columns = opened.evaluate(
        """() => {
          var xs = {};
          nodes.get().forEach(function (node) {
            if (node.pg.year) xs[node.pg.year] = network.getPositions([node.id])[node.id].x;
          });
          return xs;
        }"""
    )
    years = sorted(columns, key=int)
    assert [columns[year] for year in years] == sorted(columns[year] for year in years)
    assert re.fullmatch(r"\d{4}", years[0])


# -- notebooks and plain pyvis calls -------------------------------------------------------


def test_notebook_iframe_draws_the_view(
    open_page: Any, kg: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    net = views.cities(kg)
    host = tmp_path / "notebook.html"
    host.write_text(f"<!DOCTYPE html><meta charset='utf-8'>{net._repr_html_()}", encoding="utf-8")
    opened = open_page(host, ready=False)
    frame = next(frame for frame in opened.page.frames if frame != opened.page.main_frame)
    frame.wait_for_function("window.pgReady === true", timeout=60_000)
    assert frame.evaluate("network.body.data.nodes.length") == len(net.nodes)
    assert opened.errors == [] and opened.blocked == []


def test_nodes_added_with_plain_pyvis_calls_still_work(open_page: Any, tmp_path: Path) -> None:
    graph = nx.Graph()
    graph.add_node("a", label_zh="杭州市", label_en="Hangzhou", kind="PrefectureCity")
    net = views.from_networkx(graph)
    net.add_node("plain", label="Plain <b>node</b>", title="<img src=x onerror=alert(1)>")
    net.add_edge("a", "plain")
    opened = open_page(views.write_html(net, tmp_path / "mixed.html"))
    opened.page.check("input[name='pg-lang'][value='en']")
    assert opened.evaluate("nodes.get('plain').label") == "Plain <b>node</b>"
    assert opened.evaluate("nodes.get('a').label") == "Hangzhou"
    opened.page.locator("#pg-search-input").fill("plain")
    assert opened.page.locator("#pg-search-results button").first.get_attribute("data-node") == (
        "plain"
    )
    hover_node(opened)
    assert opened.dialogs == [] and opened.errors == []
    assert opened.evaluate("document.querySelectorAll('img, b').length") == 0


# Points on the edges (inferred only or not, as ``wanted``) that no node covers.
EDGE_POINTS = """(wanted) => {
  var found = [];
  var box = document.getElementById('mynetwork').getBoundingClientRect();
  var ids = edges.getIds();
  for (var i = 0; i < ids.length; i++) {
    var record = edges.get(ids[i]);
    if (Boolean(record.pg.inferred) !== wanted) continue;
    var edge = network.body.edges[ids[i]];
    for (var t = 0.5; t > 0.1; t -= 0.1) {
      var dom = network.canvasToDOM(edge.edgeType.getPoint(t));
      if (network.getNodeAt(dom) !== undefined || network.getEdgeAt(dom) !== ids[i]) continue;
      if (dom.x < 0 || dom.y < 0 || dom.x > box.width || dom.y > box.height) continue;
      found.push({id: ids[i], x: dom.x + box.left, y: dom.y + box.top, pg: record.pg});
    }
  }
  return found;
}"""


def test_lineage_edges_show_the_documents_that_state_them(
    open_page: Any, out: Path, kg: pg.KnowledgeGraph
) -> None:
    from policygraph._sparql import read_query

    backing: dict[str, list[tuple[str, str]]] = {}
    for row in kg.query(read_query("views/lineage-documents")).itertuples():
        backing.setdefault(str(row.assertion), []).append((str(row.basis), str(row.identifier)))
    graph = lineage_without_isolates(kg)
    expected = sorted(
        (data["relation"], sorted(backing.get(data["assertion"], [])))
        for _, _, data in graph.edges(data=True)
    )
    assert sum(1 for _, docs in expected if docs and {b for b, _ in docs} == {"inferred"}) >= 1
    assert sum(1 for _, docs in expected if ("stated", docs[0][1]) in docs) >= 30
    opened = open_page(out / "lineage.html")
    drawn = opened.evaluate(
        "edges.get().map(e => [e.pg.relation,"
        " (e.pg.documents || []).map(d => [d.basis, d.document]).sort(),"
        " Boolean(e.pg.inferred), e.label || '', (e.color || {}).opacity || 1])"
    )
    assert sorted((relation, [tuple(d) for d in docs]) for relation, docs, *_ in drawn) == [
        (relation, sorted(docs)) for relation, docs in expected
    ]
    for _, docs, inferred, label, opacity in drawn:  # inferred only: faint and labelled
        only_inferred = bool(docs) and all(basis == "inferred" for basis, _ in docs)
        assert inferred == only_inferred == ("inferred 推断" in label) == (opacity < 1)
    titles = {
        row.identifier: row.title
        for row in kg.documents().itertuples()
        if isinstance(row.title, str)
    }
    for wanted, heading in ((False, "Stated in 见于文件"), (True, "Inferred from 推断自")):
        for point in opened.evaluate(EDGE_POINTS, wanted):  # the first whose card shows
            opened.page.mouse.move(point["x"], point["y"])
            shown_edge = opened.evaluate(
                "(document.querySelector('#pg-tooltip:not([hidden]) [data-edge]') || {}).dataset"
            )
            if shown_edge and shown_edge.get("edge") == point["id"]:
                break
        else:
            raise AssertionError(f"no {'inferred' if wanted else 'stated'} edge can be hovered")
        shown = tooltip(opened)
        assert heading in shown
        for document in point["pg"]["documents"]:
            assert (titles.get(document["document"]) or document["document"]) in shown
        opened.page.mouse.click(point["x"], point["y"])
        details = opened.evaluate("document.getElementById('pg-details').textContent")
        assert heading in details
        opened.page.mouse.move(5, 5)
    opened.screenshot("lineage-documents")
    assert opened.clean()
