"""`policygraph serve`: Oxigraph query workers behind the limits layer, queried by real clients."""

from __future__ import annotations

import csv
import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import pytest
import requests
from rdflib import RDFS, Graph
from rdflib.compare import isomorphic
from rdflib.query import Result
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    N3,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

import policygraph as pg
from policygraph._sparql import read_query
from policygraph.server import Limits, SparqlServer

pytestmark = pytest.mark.server

TIMEOUT = 2.0
MAX_ROWS = 1_000  # above api/observations on the bundled corpus (~240 rows), below all triples
MAX_REQUEST = 16 * 1024
PREFIXES = (
    "PREFIX pg: <https://w3id.org/policygraph/ontology/>\n"
    "PREFIX pgid: <https://w3id.org/policygraph/id/>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
FIRMS = PREFIXES + "CONSTRUCT { ?firm ?p ?o } WHERE { ?firm a pg:Firm ; ?p ?o }"
HAS_LABEL = PREFIXES + "ASK { pgid:hangzhou rdfs:label ?label }"
NO_SUCH = PREFIXES + "ASK { pgid:no-such-thing ?p ?o }"
# Counting the cross product of ~11,000 triples with themselves (10^8 rows) takes many
# seconds and yields nothing until the end; Oxigraph stops it promptly at its own timeout.
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }"


@pytest.fixture(scope="module")
def server(kg_memory: pg.KnowledgeGraph) -> Iterator[SparqlServer]:
    limits = Limits(timeout=TIMEOUT, max_rows=MAX_ROWS, max_request_bytes=MAX_REQUEST)
    with SparqlServer(kg_memory, limits=limits) as running:
        yield running


def _cell(value: str) -> object:
    """A comparable cell: numbers by value (stores may canonicalise "1.00" to "1")."""
    try:
        return Decimal(value)
    except InvalidOperation:
        return value


def _cells(result: Result) -> set[tuple[object, ...]]:
    """Rows as tuples of lexical values ('' when unbound): what every format keeps."""
    rows = [tuple("" if term is None else str(term) for term in row) for row in result]  # type: ignore[union-attr]
    return {tuple(_cell(value) for value in row) for row in rows}


def _wrapper(server: SparqlServer, query: str, fmt: str, method: str) -> SPARQLWrapper:
    client = SPARQLWrapper(server.endpoint)
    client.setQuery(query)
    client.setReturnFormat(fmt)
    client.setMethod(GET if method == "GET" else POST)
    client.setRequestMethod(POSTDIRECTLY if method == "POST-direct" else URLENCODED)
    return client


@pytest.mark.parametrize("method", ["GET", "POST-form", "POST-direct"])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select_in_every_format(
    server: SparqlServer, kg_memory: pg.KnowledgeGraph, fmt: str, method: str
) -> None:
    query = read_query("api/observations")  # IRIs, decimals, integers, zh text, unbound cells
    expected = _cells(kg_memory.execute(query))
    answer = _wrapper(server, query, fmt, method).query()
    body = answer.response.read()
    assert answer.response.headers["X-Policygraph-Capped"] == "false"
    if fmt == CSV:
        rows = list(csv.reader(io.StringIO(body.decode())))[1:]
        assert {tuple(_cell(value) for value in row) for row in rows} == expected
    else:
        assert _cells(Result.parse(io.BytesIO(body), format=fmt)) == expected
    assert len(expected) > 10


@pytest.mark.parametrize("query", [HAS_LABEL, NO_SUCH])
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_ask_in_every_format(
    server: SparqlServer, kg_memory: pg.KnowledgeGraph, fmt: str, query: str
) -> None:
    expected = kg_memory.execute(query).askAnswer
    answer = _wrapper(server, query, fmt, "GET").query().convert()
    if fmt == JSON:
        assert answer["boolean"] is expected
    elif fmt == XML:
        assert answer.getElementsByTagName("boolean")[0].firstChild.data == str(expected).lower()
    else:
        assert answer == str(expected).lower().encode()


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("fmt", [TURTLE, N3, JSONLD, RDFXML])
def test_sparqlwrapper_construct_in_every_format(
    server: SparqlServer, kg_memory: pg.KnowledgeGraph, fmt: str
) -> None:
    expected = kg_memory.execute(FIRMS).graph
    answer = _wrapper(server, FIRMS, fmt, "POST-form").query()
    converted = answer.convert()
    graph = converted if isinstance(converted, Graph) else Graph().parse(data=converted)
    assert len(expected) > 10
    assert isomorphic(graph, expected)


def test_construct_as_ntriples_and_describe(
    server: SparqlServer, kg_memory: pg.KnowledgeGraph
) -> None:
    answer = requests.post(
        server.endpoint, data={"query": FIRMS}, headers={"Accept": "application/n-triples"}
    )
    assert answer.headers["Content-Type"] == "application/n-triples"
    assert isomorphic(Graph().parse(data=answer.text, format="nt"), kg_memory.execute(FIRMS).graph)
    described = requests.get(server.endpoint, params={"query": PREFIXES + "DESCRIBE pgid:hangzhou"})
    assert described.headers["Content-Type"].startswith("text/turtle")
    graph = Graph().parse(data=described.text, format="turtle")
    labels = set(kg_memory.graph.triples((pg.PGID["hangzhou"], RDFS.label, None)))
    assert labels and labels <= set(graph)


def test_capped_results_say_so(server: SparqlServer) -> None:
    query = "SELECT * WHERE { ?s ?p ?o }"
    as_json = requests.get(server.endpoint, params={"query": query})
    assert as_json.status_code == 200
    assert as_json.headers["X-Policygraph-Capped"] == "true"
    document = as_json.json()
    assert document["head"]["link"] == ["urn:policygraph:capped"]
    assert len(document["results"]["bindings"]) == MAX_ROWS
    as_xml = requests.get(
        server.endpoint,
        params={"query": query},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert '<link href="urn:policygraph:capped"/>' in as_xml.text
    assert len(Result.parse(io.BytesIO(as_xml.content), format="xml")) == MAX_ROWS
    triples = requests.get(
        server.endpoint,
        params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
    )
    assert triples.headers["X-Policygraph-Capped"] == "true"
    assert triples.text.startswith("# policygraph: capped")
    assert len(Graph().parse(data=triples.text, format="nt")) == MAX_ROWS
    uncapped = requests.get(server.endpoint, params={"query": query + " LIMIT 5"})
    assert uncapped.headers["X-Policygraph-Capped"] == "false"
    assert "link" not in uncapped.json()["head"]


def test_connect_warns_when_serve_caps(server: SparqlServer) -> None:
    remote = pg.connect(server.endpoint)
    with pytest.warns(RuntimeWarning, match=f"cut the result at {MAX_ROWS} rows"):
        frame = remote.query("SELECT * WHERE { ?s ?p ?o }")
    assert len(frame) == MAX_ROWS


def test_malformed_query_gets_400_with_the_parser_message(server: SparqlServer) -> None:
    answer = requests.get(server.endpoint, params={"query": "SELECT ?x WHERE { ?x ?p }"})
    assert answer.status_code == 400
    assert re.search(r"error at 1:\d+", answer.text)
    with pytest.raises(pg.QueryError, match=r"rejected the query: error at 1:\d+"):
        pg.connect(server.endpoint).query("SELECT ?x WHERE { ?x ?p }")


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("GET", "/sparql", {"params": {"query": "DROP ALL"}}),
        (
            "POST",
            "/sparql",
            {"data": {"query": "PREFIX x: <http://x/>\nINSERT DATA { x:a x:b x:c }"}},
        ),
        ("POST", "/sparql", {"data": {"update": "CLEAR DEFAULT"}}),
        (
            "POST",
            "/sparql",
            {"data": b"CLEAR DEFAULT", "headers": {"Content-Type": "application/sparql-update"}},
        ),
        ("POST", "/update", {"data": {"update": "CLEAR DEFAULT"}}),
        ("PUT", "/store?default", {"data": b"<http://x/a> <http://x/b> <http://x/c> ."}),
        ("DELETE", "/sparql", {}),
    ],
)
def test_updates_get_403(server: SparqlServer, method: str, path: str, kwargs: dict) -> None:
    answer = requests.request(method, server.url.rstrip("/") + path, **kwargs)
    assert answer.status_code == 403
    assert "read-only" in answer.text
    count = requests.get(server.endpoint, params={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"})
    assert int(count.json()["results"]["bindings"][0]["n"]["value"]) == server.triples


def test_federated_queries_are_refused(server: SparqlServer) -> None:
    """SERVICE would make the engine fetch any URL: a door into the server's network."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        listener.settimeout(0.5)
        target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        query = f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}"
        answer = requests.get(server.endpoint, params={"query": query})
        assert answer.status_code == 403
        assert "SERVICE" in answer.text
        with pytest.raises(TimeoutError):
            listener.accept()  # nobody called


def test_a_slow_query_gets_503_not_a_partial_200(server: SparqlServer) -> None:
    started = time.monotonic()
    answer = requests.get(server.endpoint, params={"query": SLOW}, timeout=30)
    elapsed = time.monotonic() - started
    assert answer.status_code == 503
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert f"limit of {TIMEOUT:g} s" in answer.text
    assert elapsed < TIMEOUT + 5
    with pytest.raises(pg.RemoteError, match="503"):
        pg.connect(server.endpoint).query(SLOW)
    # the endpoint still answers afterwards
    assert requests.get(server.endpoint, params={"query": "ASK {}"}).json()["boolean"] is True


def test_oversized_requests_get_413(server: SparqlServer) -> None:
    padding = "#" + "x" * MAX_REQUEST + "\nASK {}"
    answer = requests.post(
        server.endpoint, data=padding.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert answer.status_code == 413
    small = requests.post(
        server.endpoint, data=b"ASK {}", headers={"Content-Type": "application/sparql-query"}
    )
    assert small.status_code == 200


def test_unacceptable_format_gets_406(server: SparqlServer) -> None:
    answer = requests.get(
        server.endpoint, params={"query": "ASK {}"}, headers={"Accept": "image/png"}
    )
    assert answer.status_code == 406
    assert "JSON, XML, CSV, TSV" in answer.text


def test_no_cross_origin_access_by_default(server: SparqlServer) -> None:
    answer = requests.get(server.endpoint, params={"query": "ASK {}"})
    assert "Access-Control-Allow-Origin" not in answer.headers


def test_binds_to_loopback_by_default(server: SparqlServer) -> None:
    assert server.host == "127.0.0.1"
    assert server._listener is not None
    assert server._listener.socket.getsockname()[0] == "127.0.0.1"


def test_query_page_is_self_contained(server: SparqlServer) -> None:
    page = requests.get(server.url)
    assert page.status_code == 200
    assert "text/html" in page.headers["Content-Type"]
    loaded = re.findall(r'<(?:script[^>]+src|link[^>]+href)="([^"]+)"', page.text)
    assert len(loaded) == 4
    for reference in loaded:
        assert reference.startswith("/static/")
        asset = requests.get(server.url.rstrip("/") + reference)
        assert asset.status_code == 200, reference
        assert "//# sourceMappingURL" not in asset.text
    names = {query["name"]: query for query in requests.get(server.url + "queries.json").json()}
    assert "api/entities" in names
    assert names["api/entities"]["query"] == read_query("api/entities")
    escape = requests.get(server.url + "static/%2e%2e/graph.py")
    assert escape.status_code == 404


def test_views_are_served_or_clearly_missing(server: SparqlServer) -> None:
    answer = requests.get(server.url + "views/")
    try:
        from policygraph.views import render_all  # noqa: F401
    except ImportError:
        assert answer.status_code == 404
        assert "views are not available" in answer.text
        return
    assert answer.status_code == 200
    assert "text/html" in answer.headers["Content-Type"]
    pages = re.findall(r'href="([\w.-]+\.html)"', answer.text)
    assert pages
    view = requests.get(server.url + "views/" + pages[0])
    assert view.status_code == 200
    assert not re.findall(r'<(?:script[^>]+src|link[^>]+href)="https?:', view.text)


def test_health(server: SparqlServer, kg_memory: pg.KnowledgeGraph) -> None:
    health = requests.get(server.url + "health").json()
    assert health == {
        "status": "ok",
        "triples": len(kg_memory),
        "timeout": TIMEOUT,
        "max_rows": MAX_ROWS,
        "endpoint": "/sparql",
    }


def test_cli_serve_starts_answers_and_stops() -> None:
    command = [sys.executable, "-m", "policygraph", "serve", "--port", "0", "--quiet"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        endpoint = None
        assert process.stderr is not None
        for line in process.stderr:
            match = re.search(r"SPARQL endpoint\s+(\S+)", line)
            if match:
                endpoint = match.group(1)
                break
        assert endpoint is not None and endpoint.startswith("http://127.0.0.1:")
        answer = requests.get(endpoint, params={"query": HAS_LABEL}, timeout=10)
        assert answer.json()["boolean"] is True
        children = subprocess.run(
            ["pgrep", "-P", str(process.pid)], capture_output=True, text=True, check=True
        )
        workers = [int(pid) for pid in children.stdout.split()]
        assert len(workers) == 4  # --max-concurrent's default
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=20) == 0
    for worker in workers:  # the query workers went with it
        with pytest.raises(ProcessLookupError):
            os.kill(worker, 0)


def test_cli_help_has_examples() -> None:
    for command in ("serve", "push"):
        shown = subprocess.run(
            [sys.executable, "-m", "policygraph", command, "--help"],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "COLUMNS": "120"},
        ).stdout
        assert "Examples" in shown
        assert f"policygraph {command}" in shown


@pytest.mark.browser
def test_query_page_runs_a_named_query_offline(server: SparqlServer) -> None:
    playwright = pytest.importorskip("playwright.sync_api")
    elsewhere: list[str] = []
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium")
        try:
            page = browser.new_page()

            def only_loopback(route: object, request: object) -> None:
                url = request.url  # type: ignore[attr-defined]
                if url.startswith(server.url):
                    route.continue_()  # type: ignore[attr-defined]
                else:
                    elsewhere.append(url)
                    route.abort()  # type: ignore[attr-defined]

            page.route("**/*", only_loopback)
            page.goto(server.url)
            page.wait_for_function("document.querySelectorAll('#examples option').length > 5")
            page.select_option("#examples", "api/classes")
            assert "owl:Class" in page.evaluate("window.yasgui.getTab().getQuery()")
            page.evaluate("window.yasgui.getTab().query()")
            page.wait_for_selector(".yasr table tbody tr", timeout=15_000)
            cells = page.locator(".yasr table tbody tr").count()
            assert cells > 5
        finally:
            browser.close()
    assert elsewhere == []


def test_json_results_keep_types(server: SparqlServer, kg_memory: pg.KnowledgeGraph) -> None:
    query = PREFIXES + (
        "SELECT ?label ?year WHERE { pgid:hangzhou rdfs:label ?label "
        'FILTER(LANG(?label) = "zh") BIND(2018 AS ?year) }'
    )
    (local,) = kg_memory.query(query).label
    answer = requests.get(server.endpoint, params={"query": query}).json()
    (binding,) = answer["results"]["bindings"]
    assert binding["label"] == {"type": "literal", "value": local, "xml:lang": "zh"}
    assert binding["year"] == {
        "type": "literal",
        "value": "2018",
        "datatype": "http://www.w3.org/2001/XMLSchema#integer",
    }
