"""The server's results page (static/results.html) in headless Chromium.

It runs a query against the local endpoint and draws the result with the view the
query's header names or that fits: the bars, points and timeline items must equal the
rows, and no request may leave the server.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest

import policygraph as pg
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
    from pathlib import Path

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
