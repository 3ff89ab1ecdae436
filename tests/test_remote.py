"""`pg.connect` and `policygraph push` against real SPARQL servers on loopback."""

from __future__ import annotations

import math
import os
import re
import socket
import time
from collections.abc import Iterator
from decimal import Context, InvalidOperation
from pathlib import Path

import pandas as pd
import pyoxigraph
import pytest
import requests
from rdflib import Graph
from rdflib.compare import isomorphic

import policygraph as pg
from policygraph import _paths
from policygraph.cli import main
from policygraph.queries import get_query
from policygraph.remote import push
from policygraph.server import Limits, SparqlServer
from servers import Virtuoso, free_port, oxigraph_server, virtuoso_available, virtuoso_server

pytestmark = pytest.mark.server

GRAPH = "https://w3id.org/policygraph/graph/test"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
NAMED_QUERIES = sorted(
    path.relative_to(_paths.queries_dir()).with_suffix("").as_posix()
    for path in _paths.queries_dir().rglob("*.rq")
)


@pytest.fixture(scope="module")
def store() -> Iterator[str]:
    """A read-write Oxigraph server in a temporary folder; yields its base URL."""
    with oxigraph_server() as base:
        yield base


@pytest.fixture(scope="module")
def virtuoso(kg_memory: pg.KnowledgeGraph) -> Iterator[Virtuoso]:
    """OpenLink Virtuoso (Debian's virtuoso-opensource), the bundled graph pushed to a named
    graph through its Graph Store endpoint."""
    if not virtuoso_available():
        message = "needs the Debian package virtuoso-opensource (make test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    with virtuoso_server() as server:
        push(kg_memory, server.graph_store, graph=GRAPH, auth=server.auth, batch_size=4_000)
        yield server


def _count(base: str, graph: str | None = None) -> int:
    parameters = {"query": COUNT, **({"default-graph-uri": graph} if graph else {})}
    answer = requests.get(f"{base}/query", params=parameters, timeout=30)
    answer.raise_for_status()
    return int(answer.json()["results"]["bindings"][0]["n"]["value"])


@pytest.fixture(scope="module")
def pushed(store: str, kg_memory: pg.KnowledgeGraph) -> str:
    """The store, with the bundled graph pushed to its default graph in small batches."""
    report = push(kg_memory, f"{store}/store", batch_size=700)
    assert report.batches > 10
    return store


@pytest.fixture(scope="module", params=["oxigraph", "serve", "virtuoso"])
def remote(
    request: pytest.FixtureRequest, pushed: str, kg_memory: pg.KnowledgeGraph
) -> Iterator[pg.KnowledgeGraph]:
    """The bundled graph behind a SPARQL endpoint: a plain Oxigraph store (pushed to),
    ``policygraph serve``, or Virtuoso (pushed to a named graph)."""
    if request.param == "oxigraph":
        yield pg.connect(f"{pushed}/query")
        return
    if request.param == "virtuoso":
        server = request.getfixturevalue("virtuoso")
        yield pg.connect(server.sparql, graph=GRAPH)
        return
    with SparqlServer(kg_memory, limits=Limits(timeout=60, max_rows=1_000_000)) as server:
        yield pg.connect(server.endpoint)


def _cell(value: object) -> str:
    # Stores keep numbers canonically (Oxigraph turns "1.00"^^xsd:decimal into "1"), so a
    # query that returns STR(?number) differs in form, not in value: compare values.
    # Virtuoso gives doubles to 15 significant digits (Oxigraph to 17) and booleans as 1/0.
    if isinstance(value, bool):
        value = int(value)
    if isinstance(value, int | float):
        value = str(value)
    if isinstance(value, str):
        try:
            return repr(_DIGITS.create_decimal(value).normalize())
        except InvalidOperation:
            pass
    return repr(value)


_DIGITS = Context(prec=12)


_CONCAT = re.compile(
    r"GROUP_CONCAT\s*\((?:[^;()]|\([^()]*\))*(?:;\s*SEPARATOR\s*=\s*(\"|')(.*?)\1)?\s*\)"
    r"\s*AS\s+\?(\w+)",
    re.IGNORECASE,
)


def _canonical(frame: pd.DataFrame, text: str) -> list[tuple[str, ...]]:
    """Rows in a stable order, cells as text, for comparing results of two engines.

    GROUP_CONCAT joins its values in no defined order, so those cells compare as sorted.
    """
    cells = frame.astype(object).where(frame.notna(), None)
    for _, separator, column in _CONCAT.findall(text):
        separator = separator or " "
        cells[column] = cells[column].map(
            lambda cell, sep=separator: cell if cell is None else sep.join(sorted(cell.split(sep)))
        )
    return sorted(tuple(_cell(cell) for cell in row) for row in cells.itertuples(index=False))


_PARAMETER = re.compile(r"Parameter: \?(\w+) \(([^)]*)\)")
_LOCAL: dict[str, pd.DataFrame] = {}


def _run(kg: pg.KnowledgeGraph, name: str, text: str) -> pd.DataFrame:
    """Run a named query as the library does: those with a header by `run` (with their
    defaults), the API's own queries with their parameters bound."""
    try:
        named = get_query(name)
    except pg.InputError:  # no header: an internal query
        bindings = {
            variable: pg.PG.PolicyThing if "class" in kind else pg.PGID["number-one-project"]
            for variable, kind in _PARAMETER.findall(text)
        }
        return kg.query(text, **bindings)
    return kg.run(named)


# -- push ------------------------------------------------------------------------------


def _batch_count(kg: pg.KnowledgeGraph, size: int) -> int:
    """Batches a push of ``kg`` needs: full batches, since blank-node groups (a few lines
    each) are packed first and single triples fill the rest."""
    return math.ceil(len(kg) / size)


def test_push_replaces_and_never_duplicates(pushed: str, kg_memory: pg.KnowledgeGraph) -> None:
    assert _count(pushed) == len(kg_memory)
    report = push(kg_memory, f"{pushed}/store", batch_size=5_000)
    assert (report.triples, report.batches) == (len(kg_memory), _batch_count(kg_memory, 5_000))
    assert _count(pushed) == len(kg_memory)


def test_pushed_graph_is_the_same_graph_blank_nodes_included(
    pushed: str, kg_memory: pg.KnowledgeGraph
) -> None:
    """Batches never split blank-node structures (the ontology's OWL axioms have many)."""
    # Oxigraph stores numbers canonically ("1.00" → "1"); normalise the local copy the same way.
    local = pyoxigraph.Store()
    local.load(
        kg_memory.graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES
    )
    expected = Graph().parse(
        data=pyoxigraph.serialize(local, format=pyoxigraph.RdfFormat.N_QUADS).decode(), format="nt"
    )
    answer = requests.post(
        f"{pushed}/query",
        data={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
        headers={"Accept": "application/n-triples"},
        timeout=60,
    )
    remote = Graph().parse(data=answer.text, format="nt")
    assert sum(1 for triple in remote if any(t.__class__.__name__ == "BNode" for t in triple)) > 50
    assert isomorphic(remote, expected)


def test_push_by_sparql_update_into_a_named_graph(
    pushed: str, kg_memory: pg.KnowledgeGraph, embedded: dict[str, object]
) -> None:
    for _ in range(2):
        report = push(
            kg_memory, f"{pushed}/update", graph=GRAPH, protocol="update", batch_size=4_000
        )
        assert report.batches == _batch_count(kg_memory, 4_000)
        assert _count(pushed, GRAPH) == len(kg_memory)
    assert _count(pushed) == len(kg_memory)  # the default graph is untouched
    named = pg.connect(f"{pushed}/query", graph=GRAPH)
    assert len(named) == len(kg_memory)
    pd.testing.assert_frame_equal(named.entities(), embedded["entities"])


def test_cli_push_with_progress(
    pushed: str, kg_memory: pg.KnowledgeGraph, capsys: pytest.CaptureFixture[str]
) -> None:
    graph = GRAPH + "/cli"
    argv = ["push", "--endpoint", f"{pushed}/store", "--graph", graph, "--batch-size", "3000"]
    assert main(argv) == 0
    assert main(argv) == 0
    assert _count(pushed, graph) == len(kg_memory)
    batches = _batch_count(kg_memory, 3_000)
    assert f"replaced graph <{graph}> with {len(kg_memory)} triples in {batches} batches" in (
        capsys.readouterr().err
    )


def test_push_to_virtuoso_by_graph_store_and_by_update(
    virtuoso: Virtuoso, kg_memory: pg.KnowledgeGraph, embedded: dict[str, object]
) -> None:
    """Virtuoso's Graph Store endpoint wants digest authentication, and its SPARQL Update
    refuses blank nodes in INSERT DATA: both pushes still give the whole graph, twice
    without duplicates.

    The second copy is dropped at the end: Virtuoso plans by statistics over all its
    graphs, and some answers once followed the plan (api/subclasses found no class with
    one copy, infrastructure-by-kind's former MIN subquery one row with two), so the tests
    after this one must see the server as the fixture left it."""
    assert len(pg.connect(virtuoso.sparql, graph=GRAPH)) == len(kg_memory)
    graph = GRAPH + "/update"
    try:
        for _ in range(2):
            report = push(
                kg_memory, virtuoso.sparql, graph=graph, protocol="update", batch_size=400
            )
            assert report.triples == len(kg_memory)
            named = pg.connect(virtuoso.sparql, graph=graph)
            assert len(named) == len(kg_memory)
        pd.testing.assert_frame_equal(named.entities(), embedded["entities"])
    finally:
        dropped = requests.post(
            virtuoso.sparql, data={"update": f"DROP SILENT GRAPH <{graph}>"}, timeout=60
        )
    dropped.raise_for_status()
    assert len(pg.connect(virtuoso.sparql, graph=graph)) == 0


# -- the same answers, embedded and remote ---------------------------------------------


# Known differences on Virtuoso 7.2, not yet worked around (see the issue notes): the
# reason, and whether the difference is certain (strict) or shows only in some runs.
_VIRTUOSO_KNOWN: dict[str, tuple[str, bool]] = {}


@pytest.mark.parametrize("name", NAMED_QUERIES)
def test_named_queries_give_the_same_results(
    remote: pg.KnowledgeGraph,
    kg_memory: pg.KnowledgeGraph,
    name: str,
    request: pytest.FixtureRequest,
) -> None:
    if name in _VIRTUOSO_KNOWN and "virtuoso" in request.node.callspec.id:
        # strict: the day the query is rewritten so Virtuoso agrees, this xfail fails
        reason, strict = _VIRTUOSO_KNOWN[name]
        request.applymarker(pytest.mark.xfail(reason=reason, strict=strict))
    text = (_paths.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    if name not in _LOCAL:
        _LOCAL[name] = _run(kg_memory, name, text)
    local = _LOCAL[name]
    answered = _run(remote, name, text)
    assert list(answered.columns) == list(local.columns)
    assert _canonical(answered, text) == _canonical(local, text)


@pytest.mark.parametrize("name", NAMED_QUERIES)
def test_query_files_run_as_is_on_a_plain_endpoint(pushed: str, name: str) -> None:
    """No rdflib-only behaviour: each file declares its prefixes and is standard SPARQL."""
    text = (_paths.queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    answer = requests.post(f"{pushed}/query", data={"query": text}, timeout=60)
    assert answer.status_code == 200, answer.text


@pytest.fixture(scope="module")
def embedded(kg_memory: pg.KnowledgeGraph) -> dict[str, object]:
    """The API's answers on the embedded graph, computed once (rdflib is the slow side)."""
    from policygraph import analytics

    label = kg_memory.entities("Strategy").label_zh.iloc[0]
    return {
        "label": label,
        "entities": kg_memory.entities(),
        "firms": kg_memory.entities("Firm"),
        "observations": kg_memory.observations(),
        "resolved": kg_memory.resolve(label),
        "evidence": kg_memory.evidence(label),
        "figures": kg_memory.run("figures-for-year", year=2018),
        "lineage": analytics.lineage(kg_memory, label),
    }


def test_the_api_works_remotely(
    remote: pg.KnowledgeGraph, kg_memory: pg.KnowledgeGraph, embedded: dict[str, object]
) -> None:
    assert len(remote) == len(kg_memory)
    pd.testing.assert_frame_equal(remote.entities(), embedded["entities"])
    pd.testing.assert_frame_equal(remote.entities("Firm"), embedded["firms"])
    pd.testing.assert_frame_equal(remote.observations(), embedded["observations"])
    label = str(embedded["label"])
    assert remote.resolve(label) == embedded["resolved"]
    pd.testing.assert_frame_equal(remote.evidence(label), embedded["evidence"])
    with pytest.raises(pg.NotFoundError):
        remote.entities("NoSuchKind")
    undeclared = "SELECT ?firm WHERE { ?firm a pg:Firm } ORDER BY ?firm"  # as locally
    assert remote.query(undeclared).firm.tolist() == sorted(embedded["firms"].iri)


@pytest.mark.parametrize("wanted", [None, "PolicyThing", "Place", "PolicyDocument", "Firm"])
def test_subclasses_bound_and_unbound(
    remote: pg.KnowledgeGraph, kg_memory: pg.KnowledgeGraph, wanted: str | None
) -> None:
    """api/subclasses as ``entities(kind)`` runs it (bound) and as its header allows
    (unbound: every named class); Virtuoso once answered neither as the embedded store."""
    text = (_paths.queries_dir() / "api" / "subclasses.rq").read_text(encoding="utf-8")
    bindings = {} if wanted is None else {"wanted": pg.PG[wanted]}
    expected = sorted(kg_memory.query(text, **bindings)["cls"])
    assert len(expected) > (60 if wanted is None else 0)
    assert sorted(remote.query(text, **bindings)["cls"]) == expected


def test_run_lineage_and_views_work_remotely(
    remote: pg.KnowledgeGraph, embedded: dict[str, object], tmp_path: Path
) -> None:
    from policygraph import analytics, views

    figures = remote.run("figures-for-year", year=2018)
    pd.testing.assert_frame_equal(figures, embedded["figures"])
    lineage = analytics.lineage(remote, str(embedded["label"]))
    pd.testing.assert_frame_equal(lineage, embedded["lineage"])
    written = views.render_all(remote, tmp_path)
    assert {path.name for path in written} >= {"index.html", "lineage.html"}


# -- failures name the URL and never hang ----------------------------------------------


def test_nothing_listening_is_a_clear_error() -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    started = time.monotonic()
    with pytest.raises(pg.RemoteError, match=f"cannot reach {url}"):
        pg.connect(url)
    assert time.monotonic() - started < 5


def test_a_silent_endpoint_times_out() -> None:
    with socket.socket() as silent:  # accepts connections, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/sparql"
        started = time.monotonic()
        with pytest.raises(pg.RemoteError, match=f"{url}: no answer within 1 s"):
            pg.connect(url, timeout=1)
        assert time.monotonic() - started < 5


def test_wrong_path_and_bad_query_name_the_url(pushed: str) -> None:
    with pytest.raises(pg.RemoteError, match=f"{pushed}/nothing answered 404"):
        pg.connect(f"{pushed}/nothing")
    remote = pg.connect(f"{pushed}/query")
    with pytest.raises(pg.QueryError, match=f"{pushed}/query rejected the query"):
        remote.query("SELECT ?x WHERE { ?x }")


def test_passwords_in_urls_are_never_shown() -> None:
    url = f"http://reader:s3cret@127.0.0.1:{free_port()}/sparql"
    with pytest.raises(pg.RemoteError) as caught:
        pg.connect(url)
    assert "s3cret" not in str(caught.value)
    assert "reader:***@127.0.0.1" in str(caught.value)


def test_bad_urls_and_endpoints_for_push(pushed: str, kg_memory: pg.KnowledgeGraph) -> None:
    with pytest.raises(pg.InputError, match="not an http"):
        pg.connect("localhost:7878/query")
    with pytest.raises(pg.RemoteError, match="is this the Graph Store endpoint"):
        push(kg_memory, f"{pushed}/nothing")
    down = f"http://127.0.0.1:{free_port()}/store"
    with pytest.raises(pg.RemoteError, match=f"cannot reach {down}"):
        push(kg_memory, down)


def test_cli_push_to_a_dead_endpoint_exits_5(capsys: pytest.CaptureFixture[str]) -> None:
    down = f"http://127.0.0.1:{free_port()}/store"
    assert main(["push", "--endpoint", down, "--timeout", "2"]) == 5
    error = capsys.readouterr().err
    assert down in error
    assert "Traceback" not in error


def test_push_answers_a_basic_challenge(kg_memory: pg.KnowledgeGraph) -> None:
    """Servers that ask for basic authentication (Fuseki, GraphDB) get it; the credentials
    are sent up front once the server has asked."""
    import base64
    import threading
    from http.server import BaseHTTPRequestHandler, HTTPServer

    expected = "Basic " + base64.b64encode(b"admin:pw").decode()
    seen: list[str | None] = []

    class Guarded(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:
            self.do_POST()

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            seen.append(self.headers.get("Authorization"))
            ok = self.headers.get("Authorization") == expected
            self.send_response(204 if ok else 401)
            if not ok:
                self.send_header("WWW-Authenticate", 'Basic realm="store"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = HTTPServer(("127.0.0.1", 0), Guarded)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        url = f"http://admin:pw@127.0.0.1:{httpd.server_port}/store"
        report = push(kg_memory, url, batch_size=4_000)
    finally:
        httpd.shutdown()
    assert report.batches == _batch_count(kg_memory, 4_000)
    assert seen == [None] + [expected] * report.batches
