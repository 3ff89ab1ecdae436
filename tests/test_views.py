"""The HTML views, without a browser: offline pages, escaping, counts, layout threshold, CLI.

The browser tests (tests/test_views_browser.py) open the same pages in Chromium.
"""

from __future__ import annotations

import html
import json
import random
import re
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pytest
from scipy.spatial import cKDTree

import policygraph as pg
from policygraph import analytics, views
from policygraph.cli import main
from policygraph.errors import InputError, NotFoundError, QueryError
from policygraph.views import _html, _layout
from policygraph.views._style import relation_style

FIXTURES = Path(__file__).parent / "fixtures"
# The payloads of tests/fixtures/injection.ttl, as they would appear if left unescaped.
PAYLOADS = (
    "<script>window.__pwned",
    "</script><script>window.__pwned",
    "<img src=x",
    "<svg onload",
    "<iframe src",
    '<a href="javascript:',
    "<!--",
)


def page_data(page: str) -> dict[str, Any]:
    """The nodes, edges and options a page hands to vis-network, decoded from its JSON."""
    found = {}
    for name in ("nodes", "edges"):
        match = re.search(rf"var {name} = new vis\.DataSet\((.*?)\);\n", page)
        assert match, f"no {name} in the page"
        found[name] = json.loads(match.group(1))
    options = re.search(r"var options = (.*?);\n", page)
    assert options
    found["options"] = json.loads(options.group(1))
    return found


@pytest.fixture(scope="module")
def injection() -> pg.KnowledgeGraph:
    return pg.load(FIXTURES / "injection.ttl")


def lineage_without_isolates(kg: pg.KnowledgeGraph) -> nx.DiGraph:
    graph = analytics.lineage_graph(kg)
    return graph.subgraph([n for n in graph if graph.degree(n)]).copy()


# -- offline --------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["lineage", "cities", "overview"])
def test_pages_have_no_remote_url_and_inline_vis(kg: pg.KnowledgeGraph, view: str) -> None:
    page = views.render(view, kg).generate_html()
    assert _html.remote_urls(page) == []
    assert not re.search(r"(?i)<(script|link|img|iframe)[^>]*\b(src|href)=", page)
    assert "bootstrap" not in page.lower() and "cdnjs" not in page and "jsdelivr" not in page
    assert "new vis.Network(" in page and "vis-network" in page  # the library is inline


def test_remote_url_finder_catches_what_a_browser_would_fetch() -> None:
    assert _html.remote_urls('<link href="//cdn.example.org/x.css">') != []
    assert _html.remote_urls('<script src="HTTPS://cdn.example.org/x.js">') != []
    assert _html.remote_urls('{"iri": "https:\\/\\/w3id.org\\/x"}') == []


# -- node and edge counts, evidence ---------------------------------------------------


def test_lineage_draws_the_lineage_graph_with_evidence(kg_memory: pg.KnowledgeGraph) -> None:
    graph = lineage_without_isolates(kg_memory)
    data = page_data(views.lineage(kg_memory).generate_html())
    assert {node["id"] for node in data["nodes"]} == {views.compact(n) for n in graph}
    assert len(data["edges"]) == graph.number_of_edges()
    assert {edge["pg"]["relation"] for edge in data["edges"]} == {
        relation for *_, relation in graph.edges(data="relation")
    }
    eight_eight = next(n for n in data["nodes"] if n["id"] == "pgid:eight-eight-strategy")
    assert eight_eight["pg"]["zh"] == "八八战略" and eight_eight["pg"]["year"] == 2003
    quote = eight_eight["pg"]["evidence"][0]
    source = (Path(pg.__file__).parents[2] / "kg/sources/zhejiang-digital-economy.txt").read_text(
        encoding="utf-8"
    )
    assert source[quote["start"] : quote["end"]] == quote["quote"]
    assert all(node["pg"]["evidence"] for node in data["nodes"])
    assert all(edge["pg"]["evidence"] for edge in data["edges"])


def test_lineage_columns_follow_the_years(kg_memory: pg.KnowledgeGraph) -> None:
    data = page_data(views.lineage(kg_memory).generate_html())
    x_of_year: dict[int, set[float]] = {}
    for node in data["nodes"]:
        if node["pg"]["year"] is not None:
            x_of_year.setdefault(node["pg"]["year"], set()).add(node["x"])
    assert all(len(xs) == 1 for xs in x_of_year.values())  # one column per year
    columns = [next(iter(x_of_year[year])) for year in sorted(x_of_year)]
    assert columns == sorted(columns) and len(set(columns)) == len(columns)
    assert data["options"]["physics"]["enabled"] is False
    by_id = {node["id"]: node for node in data["nodes"]}
    for edge in data["edges"]:  # the later thing stands right of what it comes from
        later, earlier = by_id[edge["from"]]["pg"], by_id[edge["to"]]["pg"]
        if later["year"] is None or earlier["year"] is None:
            continue
        assert by_id[edge["from"]]["x"] >= by_id[edge["to"]]["x"]


def test_lineage_isolates_are_counted_when_left_out(kg_memory: pg.KnowledgeGraph) -> None:
    full = analytics.lineage_graph(kg_memory)
    left_out = len(list(nx.isolates(full)))
    net = views.lineage(kg_memory)
    assert f"{left_out} without lineage relations not drawn" in net.subtitle
    assert len(views.lineage(kg_memory, isolates=True).nodes) == full.number_of_nodes()


def test_cities_label_every_edge_with_its_role(kg_memory: pg.KnowledgeGraph) -> None:
    graph = analytics.city_initiative_graph(kg_memory)
    data = page_data(views.cities(kg_memory).generate_html())
    assert len(data["nodes"]) == graph.number_of_nodes()
    roles = {(views.compact(u), views.compact(v)): role for u, v, role in graph.edges(data="role")}
    for edge in data["edges"]:
        role = roles.get((edge["from"], edge["to"])) or roles[(edge["to"], edge["from"])]
        assert edge["label"] == role == edge["pg"]["relation"]
    hangzhou = next(n for n in data["nodes"] if n["id"] == "pgid:hangzhou")
    assert hangzhou["shape"] == "diamond"


def test_overview_legend_counts_classes_and_relations(kg_memory: pg.KnowledgeGraph) -> None:
    graph = analytics.to_networkx(kg_memory)
    net = views.overview(kg_memory)
    assert len(net.nodes) == graph.number_of_nodes()
    assert len(net.edges) == graph.number_of_edges()
    assert sum(item["count"] for item in net.legend.classes) == graph.number_of_nodes()
    assert sum(item["count"] for item in net.legend.relations) == graph.number_of_edges()
    page = net.generate_html()
    for item in net.legend.relations:
        assert f'stroke-dasharray="{item["dasharray"]}"' in page


def test_entity_view_is_the_neighbourhood(kg_memory: pg.KnowledgeGraph) -> None:
    graph = analytics.to_networkx(kg_memory)
    centre = str(pg.PGID["city-brain"])
    for hops in (1, 2):
        net = views.entity(kg_memory, "城市大脑", hops=hops)
        expected = nx.ego_graph(graph, centre, radius=hops, undirected=True)
        assert {n["id"] for n in net.nodes} == {views.compact(n) for n in expected}
        assert [n["id"] for n in net.nodes if n["pg"].get("centre")] == ["pgid:city-brain"]
    assert net.heading == "城市大脑 City Brain"
    assert views.entity(kg_memory, "cheng shi da nao").heading == net.heading  # by pinyin


def test_query_view_draws_a_named_graph_query(kg_memory: pg.KnowledgeGraph) -> None:
    rows = kg_memory.run("policy-lineage")
    net = views.query(kg_memory, "policy-lineage")
    assert {n["id"] for n in net.nodes} == {
        views.compact(iri) for iri in set(rows.source) | set(rows.target)
    }
    pairs = {
        (views.compact(s), views.compact(t)) for s, t in zip(rows.source, rows.target, strict=True)
    }
    assert {(e["from"], e["to"]) for e in net.edges} == pairs
    assert all(edge["pg"]["evidence"] for edge in net.edges)  # taken from the graph


def test_query_view_of_an_rq_file_and_its_errors(
    kg_memory: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    firms = tmp_path / "firms.rq"
    firms.write_text(
        "PREFIX pg: <https://w3id.org/policygraph/ontology/>\n"
        "SELECT ?firm ?industry WHERE { ?firm a pg:Firm ; pg:leads ?industry }\n",
        encoding="utf-8",
    )
    net = views.query(kg_memory, firms)
    assert net.nodes and all(e["label"] == "leads" for e in net.edges)
    nothing = tmp_path / "nothing.rq"
    nothing.write_text(
        "SELECT ?x WHERE { ?x a <https://w3id.org/policygraph/ontology/NoSuchClass> }\n",
        encoding="utf-8",
    )
    empty = views.query(kg_memory, nothing).generate_html()
    assert 'id="pg-empty"' in empty and "returned no rows" in empty
    assert '<div id="mynetwork" hidden>' in empty
    labels = tmp_path / "labels.rq"
    labels.write_text("SELECT ?label WHERE { ?x rdfs:label ?label } LIMIT 3\n", encoding="utf-8")
    with pytest.raises(QueryError, match="no node columns"):
        views.query(kg_memory, labels)
    with pytest.raises(NotFoundError, match="policy-lineage"):
        views.query(kg_memory, "policy-lineag")


# -- escaping ---------------------------------------------------------------------------


@pytest.mark.parametrize("view", ["lineage", "cities", "overview", "entity"])
def test_payloads_in_labels_and_quotes_stay_inert(injection: pg.KnowledgeGraph, view: str) -> None:
    args = ("恶意政策<script>window.__pwned='label-zh';alert('label-zh')</script>",)
    net = views.render(view, injection, *(args if view == "entity" else ()))
    page = net.generate_html()
    for payload in PAYLOADS:
        assert payload not in page, payload
    data = page_data(page)
    labels = {label for n in data["nodes"] for label in (n["pg"]["zh"], n["pg"]["en"])}
    assert any("<script>window.__pwned" in label for label in labels)  # decoded intact
    quotes = [q["quote"] for n in data["nodes"] + data["edges"] for q in n["pg"]["evidence"]]
    assert any("<img src=x onerror" in quote for quote in quotes)
    assert any('<a href="javascript:' in quote for quote in quotes) or view == "lineage"


def test_heading_and_legend_are_escaped(injection: pg.KnowledgeGraph) -> None:
    net = views.entity(injection, "pgid:evil-city")
    page = net.generate_html()
    assert "<svg onload" not in page
    heading = re.search(r'<h1 id="pg-heading">([^<]*)</h1>', page)
    title = re.search(r"<title>([^<]*)</title>", page)
    expected = "恶意市<svg onload=\"window.__pwned='svg'\"></svg> Evil City{{ 7 * 7 }}<!--"
    assert heading and title
    assert html.unescape(heading.group(1)) == html.unescape(title.group(1)) == expected
    assert "{{ 7 * 7 }}" in page and ">49<" not in page  # no template evaluation
    assert "Evil City{{ 7 * 7 }}&lt;!--" in page


def test_script_json_is_inert_and_round_trips() -> None:
    value = {"q": "</script><!-- \u2028 & <b> https://x.org/"}
    text = str(_html.script_json(value))
    assert not re.search(r"[<>&]|</|://|\u2028", text)
    assert json.loads(text) == value


def test_notebook_display_is_an_iframe_with_the_page(kg_memory: pg.KnowledgeGraph) -> None:
    net = views.cities(kg_memory)
    shown = net._repr_html_()
    assert shown.startswith('<iframe srcdoc="') and "<script" not in shown
    srcdoc = re.match(r'<iframe srcdoc="([^"]*)"', shown)
    assert srcdoc and html.unescape(srcdoc.group(1)) == net.generate_html()


# -- languages, pinyin -------------------------------------------------------------------


def test_label_language_and_pinyin(kg_memory: pg.KnowledgeGraph) -> None:
    graph = analytics.city_initiative_graph(kg_memory)
    for lang in ("zh", "en", "both"):
        net = views.cities(kg_memory, lang=lang)
        hangzhou = next(n for n in net.nodes if n["id"] == "pgid:hangzhou")
        assert (
            hangzhou["label"]
            == {"zh": "杭州市", "en": "Hangzhou", "both": "杭州市\nHangzhou"}[lang]
        )
    chinese = [n for n in net.nodes if re.search(r"[\u4e00-\u9fff]", n["pg"]["zh"])]
    assert len(chinese) > 0.8 * graph.number_of_nodes()
    assert all(n["pg"]["pinyin"] for n in chinese)
    assert "hang zhou shi" in hangzhou["pg"]["pinyin"]
    assert "杭州" in hangzhou["pg"]["alt"]  # aliases from skos:altLabel
    with pytest.raises(InputError, match="language"):
        views.cities(kg_memory, lang="fr")  # type: ignore[arg-type]


# -- large graphs --------------------------------------------------------------------------


def synthetic(count: int, *, directed: bool = False, seed: int = 3) -> nx.Graph:
    graph = nx.gnm_random_graph(count, int(count * 1.2), seed=seed, directed=directed)
    for node in graph:
        graph.nodes[node].update(
            label_zh=f"节点{node}",
            label_en=f"node {node}",
            kind=("Policy", "Firm", "PrefectureCity")[node % 3],
            year=2000 + node % 19,
            evidence=[{"quote": f"引文{node}", "start": node, "end": node + 3, "section": None}],
        )
    for _, _, data in graph.edges(data=True):
        data["relation"] = "buildsOn"
    return graph


def test_physics_below_the_threshold_python_layout_above() -> None:
    small = views.from_networkx(synthetic(_layout.LARGE_GRAPH))
    assert small.options["physics"]["enabled"] is True
    assert not any("x" in node for node in small.nodes)
    large = views.from_networkx(synthetic(_layout.LARGE_GRAPH + 1))
    assert large.options["physics"]["enabled"] is False
    assert large.options["layout"]["improvedLayout"] is False
    points = {(node["x"], node["y"]) for node in large.nodes}
    assert len(points) == len(large.nodes)  # every node placed, none on top of another


def _script_data(page: str, start: str) -> Any:
    """The JSON that follows ``start`` in a page, up to the end of its line."""
    text = page[page.index(start) + len(start) :].split("\n", 1)[0]
    return json.loads(text.removesuffix("</script>").removesuffix(";").removesuffix(")"))


def test_large_pages_draw_lean_items_and_keep_the_cards_apart() -> None:
    small = views.from_networkx(synthetic(_layout.LARGE_GRAPH)).generate_html()
    assert 'id="pg-cards"' not in small and '"pg": {' in small  # small pages as before
    net = views.from_networkx(synthetic(_layout.LARGE_GRAPH + 1))
    page = net.generate_html()
    drawn = _script_data(page, "var nodes = new vis.DataSet(")
    lines = _script_data(page, "var edges = new vis.DataSet(")
    cards = _script_data(page, '<script type="application/json" id="pg-cards">')
    options = _script_data(page, "var options = ")
    assert [node["id"] for node in drawn] == [node["id"] for node in net.nodes]
    assert not any("pg" in node or "label" in node or "color" in node for node in drawn)
    assert [(edge["from"], edge["to"]) for edge in lines] == [
        (edge["from"], edge["to"]) for edge in net.edges
    ]
    assert not any("pg" in edge for edge in lines)
    assert cards["nodes"]["7"]["zh"] == "节点7" and cards["nodes"]["7"]["evidence"] == [
        {"quote": "引文7", "start": 7, "end": 10}  # no section: left out, shown as missing
    ]
    assert len(cards["edges"]) == len(net.edges) and cards["edges"]["e0"]["relation"] == "buildsOn"
    for node in drawn:  # each node drawn in its own class colour, through its group
        record = next(n for n in net.nodes if n["id"] == node["id"])
        assert options["groups"][node["group"]]["color"] == record["color"]
    assert options["edges"]["color"] == relation_style("buildsOn").colour
    assert options["edges"]["arrows"]["to"]["enabled"] is False  # until zoomed in
    page_data = _script_data(page, "var pgPage = ")
    assert page_data["lateLabels"] is True and page_data["lateArrows"] is False  # undirected
    assert '<span id="pg-node-count">301</span>' in page
    assert net.nodes[0]["pg"]["zh"] and net.nodes[0]["label"]  # the network itself keeps all


def test_force_layout_spreads_nodes_and_keeps_edges_short() -> None:
    graph = nx.disjoint_union(nx.path_graph(30), nx.cycle_graph(20))
    positions = _layout.force_layout(graph)
    assert positions == _layout.force_layout(graph)  # deterministic

    def distance(u: int, v: int) -> float:
        (x1, y1), (x2, y2) = positions[u], positions[v]
        return float(((x1 - x2) ** 2 + (y1 - y2) ** 2) ** 0.5)

    linked = sum(distance(u, v) for u, v in graph.edges()) / graph.number_of_edges()
    pairs = [(u, v) for u in graph for v in graph if u < v]
    overall = sum(distance(u, v) for u, v in pairs) / len(pairs)
    assert linked < overall / 3
    assert min(distance(u, v) for u, v in pairs) > 5  # no two nodes on one spot


def test_force_layout_keeps_hubs_apart_and_leaves_unpiled() -> None:
    # Hub-heavy, like the synthetic corpus: 6 hubs of 150 leaves each, the hubs in a
    # ring and 300 cross links between leaves. Nearest-neighbour repulsion alone
    # (the old layout) piled this into one dense disc with the hubs at its centre.
    graph = nx.Graph()
    hubs = [f"hub{h}" for h in range(6)]
    for h, hub in enumerate(hubs):
        graph.add_edge(hub, hubs[(h + 1) % len(hubs)])
        graph.add_edges_from((hub, f"leaf{h}-{leaf}") for leaf in range(150))
    leaves = [node for node in graph if node.startswith("leaf")]
    rng = random.Random(3)
    graph.add_edges_from(tuple(rng.sample(leaves, 2)) for _ in range(300))
    positions = _layout.force_layout(graph)
    points = np.array([positions[node] for node in graph])
    nearest = cKDTree(points).query(points, 2)[0][:, 1]
    hub_points = np.array([positions[hub] for hub in hubs])
    hub_gap = cKDTree(hub_points).query(hub_points, 2)[0][:, 1].min()
    assert hub_gap > 10 * np.median(nearest)  # every hub far from the next one
    assert (nearest < np.median(nearest) / 10).mean() < 0.01  # almost no node on another


def test_large_lineage_uses_year_columns() -> None:
    graph = synthetic(_layout.LARGE_GRAPH * 2, directed=True)
    net = views.from_networkx(graph, layout="years")
    assert net.options["physics"]["enabled"] is False
    x_by_year: dict[int, set[float]] = {}
    for node in net.nodes:
        x_by_year.setdefault(node["pg"]["year"], set()).add(node["x"])
    assert all(len(xs) == 1 for xs in x_by_year.values())
    assert sorted(x_by_year, key=lambda year: next(iter(x_by_year[year]))) == sorted(x_by_year)


def test_lineage_columns_put_undated_nodes_by_their_relations() -> None:
    graph = nx.DiGraph([("b", "a"), ("c", "b"), ("x", "c"), ("q", "p")])
    columns, labels = _layout.lineage_columns(graph, {"a": 2003, "c": 2014, "b": None})
    assert columns["a"] < columns["b"] < columns["c"] < columns["x"]
    assert labels == {columns["a"]: 2003, columns["c"]: 2014}
    assert min(columns["p"], columns["q"]) > columns["x"] - 1  # undated group at the right
    cyclic = nx.DiGraph([("a", "b"), ("b", "a")])
    assert set(_layout.lineage_columns(cyclic, {"a": 2010, "b": 2012})[0]) == {"a", "b"}


# -- empty and unknown ----------------------------------------------------------------------


def test_an_empty_graph_says_so() -> None:
    page = views.from_networkx(nx.Graph(), empty_message="Nothing here <b>at all</b>.")
    text = page.generate_html()
    assert 'id="pg-empty"' in text and "Nothing here &lt;b&gt;at all&lt;/b&gt;." in text
    assert page_data(text)["nodes"] == []


def test_unknown_view_and_entity_list_the_choices(kg_memory: pg.KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError) as unknown:
        views.render("citys", kg_memory)
    assert unknown.value.suggestions[0] == "cities"
    assert set(unknown.value.suggestions) == set(views.VIEWS)
    with pytest.raises(NotFoundError) as entity:
        views.entity(kg_memory, "城市大恼")
    assert any("城市大脑" in suggestion for suggestion in entity.value.suggestions)
    with pytest.raises(NotFoundError) as in_graph:
        views.entity(synthetic(5), "节点9")
    assert in_graph.value.suggestions


# -- writing, render all, CLI --------------------------------------------------------------


def test_render_all_writes_every_view_and_an_index(
    kg_memory: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    paths = views.render_all(kg_memory, tmp_path / "out", queries=["policy-lineage"])
    names = [path.name for path in paths]
    assert names[:3] == ["lineage.html", "cities.html", "overview.html"]
    assert names[-1] == "index.html" and any(name.startswith("entity-") for name in names)
    assert "query-policy-lineage.html" in names
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    linked = re.findall(r'<a href="([^"]+)">', index)
    assert sorted(linked) == sorted(names[:-1])
    overview = analytics.to_networkx(kg_memory)
    # one count with `policygraph stats`; the overview's own count labelled apart
    assert f'id="pg-entities">{kg_memory.stats().count("entities")}<' in index
    assert f'id="pg-drawn">{overview.number_of_nodes()}<' in index
    for path in paths:
        assert _html.remote_urls(path.read_text(encoding="utf-8")) == []
    assert not list((tmp_path / "out").glob("*.tmp"))


def test_render_all_draws_the_graph_queries_that_need_no_parameter() -> None:
    from policygraph.queries import list_queries

    chosen = views._graph_queries()
    assert "policy-lineage" in chosen
    for named in list_queries():
        needs = any(param.required for param in named.params)
        assert (named.name in chosen) == (named.view == "graph" and not needs)


def test_render_all_writes_nothing_when_a_view_fails(
    kg_memory: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    with pytest.raises(NotFoundError):
        views.render_all(kg_memory, tmp_path / "out", entities=["no such thing at all"])
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_cli_render_all_prints_each_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Oxigraph runs the named queries fast; the views do not depend on the store.
    assert main(["render", "all", "--out", str(tmp_path / "out"), "--store", "oxigraph"]) == 0
    printed = capsys.readouterr().out.split()
    assert printed[-1] == str(tmp_path / "out" / "index.html")
    assert sorted(printed) == sorted(str(path) for path in (tmp_path / "out").iterdir())
    assert {f"query-{name}.html" for name in views._graph_queries()} <= {
        Path(path).name for path in printed
    }


def test_cli_render_one_view_and_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "city-brain.html"
    fast = ["--store", "oxigraph"]
    assert main(["render", "entity", "城市大脑", "--hops", "2", "-o", str(target), *fast]) == 0
    assert capsys.readouterr().out.strip() == str(target)
    assert "城市大脑 City Brain" in target.read_text(encoding="utf-8")
    assert main(["render", "lineages", "-o", str(tmp_path / "x.html")]) == 4
    message = capsys.readouterr().err
    assert "unknown view 'lineages'" in message and "cities" in message and "query" in message
    assert main(["render", "entity", "-o", str(tmp_path / "x.html")]) == 2
    assert main(["render", "entity", "no-such-entity", "-o", str(tmp_path / "x.html"), *fast]) == 4
    assert main(["render", "query", "policy-lineage", "--param", "year", *fast]) == 2
    assert main(["render", "cities", "--lang", "fr"]) == 2
    assert not (tmp_path / "x.html").exists()


def test_cli_render_query_file_with_parameters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = tmp_path / "leads.rq"
    query.write_text(
        "PREFIX pg: <https://w3id.org/policygraph/ontology/>\n"
        "SELECT ?firm ?industry WHERE { ?firm pg:leads ?industry }\n",
        encoding="utf-8",
    )
    target = tmp_path / "leads.html"
    alibaba = str(pg.PGID["alibaba"])
    code = main(
        [
            "render",
            "query",
            str(query),
            "-p",
            f"firm={alibaba}",
            "-o",
            str(target),
            "--store",
            "oxigraph",
        ]
    )
    assert code == 0
    data = page_data(target.read_text(encoding="utf-8"))
    assert {edge["from"] for edge in data["edges"]} == {"pgid:alibaba"}
