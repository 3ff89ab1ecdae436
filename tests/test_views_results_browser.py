"""The server's results page (static/results.html) in headless Chromium.

It runs a query against the local endpoint and draws the result with the view the
query's header names or that fits: the bars, points, places and timeline items must
equal the rows, and no request may leave the server. The injection fixtures, drawn on
the map, must run nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

import policygraph as pg
from policygraph.geometry import load_geometry
from policygraph.server import Limits, SparqlServer

pytestmark = [pytest.mark.browser, pytest.mark.server]

CHROMIUM = "/usr/bin/chromium"
YEARS = (
    "SELECT ?year (COUNT(*) AS ?events) WHERE { "
    "?a <https://w3id.org/policygraph/ontology/year> ?year } GROUP BY ?year ORDER BY ?year"
)
ROLES = (
    "PREFIX pg: <https://w3id.org/policygraph/ontology/>\n"
    "SELECT ?role (COUNT(*) AS ?n) WHERE { ?o pg:role ?r "
    "BIND(STRAFTER(STR(?r), STR(pg:)) AS ?role) } GROUP BY ?role ORDER BY ?role"
)


@pytest.fixture(scope="module")
def kg() -> pg.KnowledgeGraph:
    return pg.load(store="oxigraph")


@pytest.fixture(scope="module")
def server(kg: pg.KnowledgeGraph) -> Iterator[SparqlServer]:
    with SparqlServer(kg, limits=Limits(timeout=20)) as running:
        yield running


@pytest.fixture
def results_page(server: SparqlServer) -> Iterator[tuple[Any, list[str], list[str]]]:
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium")
    from playwright.sync_api import sync_playwright

    base = server.endpoint.rsplit("/", 1)[0]
    host = urlsplit(base).netloc
    errors: list[str] = []
    elsewhere: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))

        def route(request_route: Any) -> None:
            if urlsplit(request_route.request.url).netloc == host:
                request_route.continue_()
            else:
                elsewhere.append(request_route.request.url)
                request_route.abort()

        page.route("**/*", route)
        page.goto(base + "/")
        page.click("a[href='/static/results.html']")  # the link from the editor page
        page.wait_for_function("window.pgQueriesLoaded === true", timeout=30_000)
        yield page, errors, elsewhere
        browser.close()


def run(page: Any, query: str, view: str = "auto") -> None:
    page.evaluate("window.pgReady = false")
    page.fill("#pg-query", query)
    page.select_option("#pg-view", view)
    page.click("button[type=submit]")
    page.wait_for_function("window.pgReady === true", timeout=30_000)


def test_an_aggregate_by_year_is_drawn_as_a_line_of_its_rows(
    results_page: Any, kg: pg.KnowledgeGraph
) -> None:
    page, errors, elsewhere = results_page
    run(page, YEARS)
    assert page.get_attribute("#pg-result", "data-view") == "line"
    rows = kg.query(YEARS)
    points = page.evaluate(
        "(() => { var v = []; (function walk(n) { (n.items || []).forEach(function (i) {"
        " if (n.marktype === 'symbol' && i.datum) v.push([i.datum.x, i.datum.y]);"
        " else walk(i); }); })(pgView.scenegraph().root); return v; })()"
    )
    assert sorted(map(tuple, points)) == sorted(
        (int(r.year), float(r.events)) for r in rows.itertuples()
    )
    assert errors == [] and elsewhere == []


def test_a_count_by_label_is_a_bar_chart_and_a_named_timeline_query_a_timeline(
    results_page: Any, kg: pg.KnowledgeGraph
) -> None:
    page, errors, elsewhere = results_page
    run(page, ROLES)
    assert page.get_attribute("#pg-result", "data-view") == "bar"
    bars = page.evaluate("document.querySelectorAll('#pg-result .mark-rect path').length")
    assert bars == len(kg.query(ROLES))
    page.select_option("#pg-named", "timeline")  # header: # view: timeline
    page.evaluate("window.pgReady = false")
    page.click("button[type=submit]")
    page.wait_for_function("window.pgReady === true", timeout=30_000)
    assert page.get_attribute("#pg-result", "data-view") == "timeline"
    page.wait_for_function(
        f"document.querySelectorAll('.vis-item .pg-item').length >= {len(kg.run('timeline'))}",
        timeout=10_000,
    )
    labels = page.evaluate(
        "Array.from(document.querySelectorAll('.vis-item .pg-item')).map(e => e.textContent)"
    )
    assert sorted(labels) == sorted(kg.run("timeline").label)
    run(page, ROLES, "table")
    cells = page.evaluate("document.querySelectorAll('#pg-result td').length")
    assert cells == 2 * len(kg.query(ROLES))
    assert errors == [] and elsewhere == []


# -- maps -------------------------------------------------------------------------------

# The places the map fills: [IRI, value, fill, screen box] of each shape of the "places" layer.
PLACES_DRAWN = """() => {
  var svg = pgView.container().querySelector('svg').getBoundingClientRect();
  var pad = pgView.padding();
  var origin = [pgView.origin()[0] + pad.left, pgView.origin()[1] + pad.top];
  var found = [];
  (function walk(node) {
    (node.items || []).forEach(function (item) {
      var props = item.datum && item.datum.properties;
      if (node.marktype === 'shape' && props && props.value !== undefined) {
        var b = item.bounds;
        found.push({id: props.id, value: props.value, fill: item.fill,
                    box: {x1: svg.left + origin[0] + b.x1, x2: svg.left + origin[0] + b.x2,
                          y1: svg.top + origin[1] + b.y1, y2: svg.top + origin[1] + b.y2}});
      } else if (!node.marktype || node.marktype === 'group') {
        walk(item);
      }
    });
  })(pgView.scenegraph().root);
  return found;
}"""
ADCODES = (
    'SELECT ?adcode ?label ?n WHERE { VALUES (?adcode ?label ?n) { ("330100" "杭州" 3) '
    '("330600" "绍兴" 5) ("330521" "德清" 2) ("330100" "杭州 again" 4) } }'
)


def details(page: Any) -> str:
    return str(page.evaluate("document.getElementById('pg-details').textContent"))


def hover_place(page: Any, box: dict[str, float], wanted: str) -> str:
    """Move over points of ``box`` until the details show ``wanted``; return them."""
    for fx in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        for fy in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            page.mouse.move(
                box["x1"] + fx * (box["x2"] - box["x1"]), box["y1"] + fy * (box["y2"] - box["y1"])
            )
            if wanted in details(page):
                return details(page)
    raise AssertionError(f"no point of {box} shows {wanted!r}")


def test_a_map_query_fills_exactly_its_places_and_hover_shows_their_rows(
    results_page: Any, kg: pg.KnowledgeGraph
) -> None:
    page, errors, elsewhere = results_page
    page.select_option("#pg-named", "initiatives-by-place")  # header: # view: map
    page.evaluate("window.pgReady = false")
    page.click("button[type=submit]")
    page.wait_for_function("window.pgReady === true", timeout=30_000)
    assert page.get_attribute("#pg-result", "data-view") == "map"
    rows = kg.run("initiatives-by-place")
    places = load_geometry().places
    with_boundary = rows[rows.place.isin(list(places))]
    assert len(with_boundary) >= 5  # the province, cities and counties of the corpus
    drawn = page.evaluate(PLACES_DRAWN)
    assert sorted(d["id"] for d in drawn) == sorted(with_boundary.place)
    expected = dict(zip(with_boundary.place, with_boundary.initiatives, strict=True))
    assert {d["id"]: d["value"] for d in drawn} == {k: float(v) for k, v in expected.items()}
    assert len({d["fill"] for d in drawn}) == len(set(expected.values()))  # colour by value
    county = next(d for d in drawn if places[d["id"]]["level"] == "county")
    row = with_boundary[with_boundary.place == county["id"]].iloc[0]
    shown = hover_place(page, county["box"], places[county["id"]]["zh"])
    assert row.place_label in shown and f"initiatives{row.initiatives}" in shown
    note = page.evaluate("document.querySelector('.pg-map-note').textContent")
    outside = sorted(set(rows.place) - set(places))  # towns, the country: said, not dropped
    assert all(iri in note for iri in outside[:5])
    assert errors == [] and elsewhere == []


def test_a_column_of_adcodes_is_drawn_as_a_map_without_a_header(results_page: Any) -> None:
    page, errors, elsewhere = results_page
    run(page, ADCODES)
    assert page.get_attribute("#pg-result", "data-view") == "map"
    drawn = {d["id"]: d["value"] for d in page.evaluate(PLACES_DRAWN)}
    iri = {
        code: place["iri"]
        for place in load_geometry().places.values()
        for code in [place["adcode"]]
    }
    assert drawn == {iri["330100"]: 7.0, iri["330600"]: 5.0, iri["330521"]: 2.0}
    unknown = ADCODES.replace('("330100" "杭州" 3)', '("999999" "nowhere" 1)')
    run(page, unknown)  # not only places: no map unless asked for
    assert page.get_attribute("#pg-result", "data-view") == "bar"
    run(page, unknown, "map")
    drawn = {d["id"]: d["value"] for d in page.evaluate(PLACES_DRAWN)}
    assert drawn == {iri["330100"]: 4.0, iri["330600"]: 5.0, iri["330521"]: 2.0}
    assert "999999" in page.evaluate("document.querySelector('.pg-map-note').textContent")
    run(page, ADCODES, "table")  # the user's choice wins
    assert page.get_attribute("#pg-result", "data-view") == "table"
    assert errors == [] and elsewhere == []


@pytest.fixture(scope="module")
def injection_server() -> Iterator[SparqlServer]:
    fixtures = Path(__file__).parent / "fixtures"
    kg = pg.load([fixtures / "injection.ttl", fixtures / "injection-places.ttl"], store="oxigraph")
    with SparqlServer(kg, limits=Limits(timeout=20)) as running:
        yield running


INJECTED_PLACES = (
    "PREFIX pg: <https://w3id.org/policygraph/ontology/>\n"
    "PREFIX oa: <http://www.w3.org/ns/oa#>\n"
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "SELECT ?place ?label ?label_en ?initiative ?quote ?link WHERE {\n"
    "  ?a a pg:Assertion ; rdf:subject ?place ; rdf:object ?o ;\n"
    "     pg:hasEvidence/oa:hasTarget/oa:hasSelector/oa:exact ?quote .\n"
    "  ?place a pg:PrefectureCity ; rdfs:label ?label, ?label_en .\n"
    "  ?o rdfs:label ?initiative .\n"
    '  FILTER(LANG(?label) = "zh" && LANG(?label_en) = "en")\n'
    "  BIND(IRI(\"javascript:window.__pwned='iri'\") AS ?link) }"
)


def test_the_map_draws_hostile_labels_as_text(injection_server: SparqlServer) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium")
    from playwright.sync_api import sync_playwright

    base = injection_server.url.rstrip("/")
    host = urlsplit(base).netloc
    errors: list[str] = []
    elsewhere: list[str] = []
    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.route(
            "**/*",
            lambda r: (
                r.continue_()
                if urlsplit(r.request.url).netloc == host
                else (elsewhere.append(r.request.url), r.abort())
            ),
        )
        page.goto(base + "/static/results.html")
        page.wait_for_function("window.pgQueriesLoaded === true", timeout=30_000)
        run(page, INJECTED_PLACES, "map")  # evil-city has no boundary: a map only if asked
        assert page.get_attribute("#pg-result", "data-view") == "map"
        drawn = page.evaluate(PLACES_DRAWN)
        hangzhou, shaoxing = str(pg.PGID["hangzhou"]), str(pg.PGID["shaoxing"])
        assert sorted(d["id"] for d in drawn) == sorted([hangzhou, shaoxing])
        for place in drawn:
            shown = hover_place(page, place["box"], "javascript:window.__pwned='iri'")
            if place["id"] == hangzhou:
                assert "<script>window.__pwned='place-zh'</script>" in shown
                assert "onerror=\"window.__pwned='place-en'\"" in shown
                assert "\u202e" in shown and "\u2028" in shown
            else:
                assert "长" * 4000 in shown and "\u2029" in shown
            page.mouse.down()
            page.mouse.up()
        run(page, INJECTED_PLACES, "table")
        injected = page.evaluate(
            "document.querySelectorAll('#injected-link, iframe, img, svg[onload], "
            "script:not([src]), b').length"
        )
        pwned = page.evaluate("window.__pwned || null")
        browser.close()
    assert injected == 0 and pwned is None
    assert dialogs == [] and errors == [] and elsewhere == []
