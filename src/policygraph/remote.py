"""Work with a graph kept in any SPARQL 1.1 store: `connect` to it, `push` to it.

`connect` returns a `KnowledgeGraph` whose queries all run on the endpoint;
only their results travel. `push` uploads a graph through the SPARQL 1.1 Graph
Store Protocol (or SPARQL Update), in batches, replacing the target graph.

Every request has a connect and a read timeout, and every failure names the
endpoint (with any password in the URL hidden).
"""

from __future__ import annotations

import re
import time
import urllib.parse
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING, Any, Literal

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from rdflib.term import Node

from ._namespaces import bind_prefixes
from ._sparql import bind_values
from .errors import InputError, PolicygraphError, QueryError, RemoteError
from .graph import KnowledgeGraph

if TYPE_CHECKING:
    import requests

__all__ = [
    "DEFAULT_TIMEOUT",
    "PushReport",
    "RemoteKnowledgeGraph",
    "connect",
    "push",
]

DEFAULT_TIMEOUT = (10.0, 120.0)
"""Seconds to wait for a connection, and for the next bytes of an answer."""

_RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
}
_GRAPH_TYPES = {
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
}
_ACCEPT = (
    "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
    "application/n-triples;q=0.8, text/turtle;q=0.7, application/rdf+xml;q=0.5"
)
_DECLARED = re.compile(r"PREFIX\s+([^\s:]*):", re.IGNORECASE)
_USER_AGENT = "policygraph (+https://w3id.org/policygraph/)"

Timeout = float | tuple[float, float]


def _shown(url: str) -> str:
    """The URL without a password, for messages.

    Examples
    --------
    >>> _shown("http://admin:secret@localhost:3030/ds/sparql")
    'http://admin:***@localhost:3030/ds/sparql'
    """
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{parts.username}:***@{netloc}"))


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise InputError(f"not an http(s) URL: {_shown(url)!r}")


def _timeouts(timeout: Timeout) -> tuple[float, float]:
    return (timeout, timeout) if isinstance(timeout, int | float) else timeout


def _credentials(url: str, auth: tuple[str, str] | None) -> tuple[str, str] | None:
    """The credentials to use: ``auth``, else those in the URL, so that credentials in a
    URL work with digest authentication too (requests sends URL credentials as basic).

    Examples
    --------
    >>> _credentials("http://dba:s%40cret@localhost:8890/sparql", None)
    ('dba', 's@cret')
    >>> _credentials("http://localhost:8890/sparql", ("dba", "dba"))
    ('dba', 'dba')
    """
    parts = urllib.parse.urlsplit(url)
    if auth is not None or parts.username is None:
        return auth
    return urllib.parse.unquote(parts.username), urllib.parse.unquote(parts.password or "")


def _session(auth: tuple[str, str] | None) -> requests.Session:
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = _USER_AGENT
    if auth is not None:
        session.auth = _challenged_auth(*auth)
    return session


def _challenged_auth(user: str, password: str) -> requests.auth.AuthBase:
    """HTTP authentication in the scheme the server asks for: basic (Fuseki, GraphDB) or
    digest (Virtuoso's Graph Store endpoint ``/sparql-graph-crud-auth``, which answers a
    request that comes with basic credentials with a bare 401)."""
    from requests.auth import HTTPBasicAuth, HTTPDigestAuth

    basic_auth = HTTPBasicAuth(user, password)

    class BasicOrDigest(HTTPDigestAuth):
        basic = False  # set once the server asked for basic: then sent up front

        def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
            prepared: requests.PreparedRequest = (
                basic_auth(request) if self.basic else super().__call__(request)  # type: ignore[no-untyped-call]
            )
            return prepared

        def handle_401(self, r: requests.Response, **kwargs: Any) -> requests.Response:
            response = r
            challenge = response.headers.get("www-authenticate", "").lower()
            if self.basic or not challenge.startswith("basic"):
                digested: requests.Response = super().handle_401(response, **kwargs)  # type: ignore[no-untyped-call]
                return digested
            self.basic = True
            response.content  # noqa: B018 - read the body so the connection can be reused
            response.close()
            retry = response.request.copy()
            retry = basic_auth(retry)
            answer = response.connection.send(retry, **kwargs)
            answer.history.append(response)
            answer.request = retry
            return answer

    return BasicOrDigest(user, password)


def _send(
    session: requests.Session,
    method: str,
    url: str,
    timeout: tuple[float, float],
    **kwargs: Any,
) -> requests.Response:
    """One HTTP request; network failures become `RemoteError` naming the URL."""
    import requests

    shown = _shown(url)
    try:
        return session.request(method, url, timeout=timeout, **kwargs)
    except requests.exceptions.ConnectTimeout:
        raise RemoteError(f"{shown}: no connection within {timeout[0]:g} s") from None
    except requests.exceptions.ReadTimeout:
        raise RemoteError(f"{shown}: no answer within {timeout[1]:g} s") from None
    except requests.exceptions.ConnectionError as exc:
        reason = exc.args[0] if exc.args else exc
        reason = getattr(reason, "reason", reason)
        raise RemoteError(f"cannot reach {shown}: {reason}") from None
    except requests.exceptions.RequestException as exc:
        raise RemoteError(f"request to {shown} failed: {exc}") from None


def _problem(response: requests.Response) -> str:
    text = " ".join(response.text.split())
    return text[:500] + ("…" if len(text) > 500 else "")


# -- connect ---------------------------------------------------------------------------


class _EndpointStore(SPARQLStore):
    """rdflib's read-only SPARQL store, with timeouts, clear errors and graph results."""

    def __init__(
        self, url: str, *, timeout: tuple[float, float], auth: tuple[str, str] | None
    ) -> None:
        super().__init__(query_endpoint=url, returnFormat="json")
        self._url = url
        self._timeout = timeout
        self._http = _session(auth)
        self.capped: str | None = None  # set when `policygraph serve` cut the last answer

    def query(  # type: ignore[override]
        self,
        query: Any,
        initNs: Mapping[str, Any] | None = None,
        initBindings: Mapping[str, Any] | None = None,
        queryGraph: Any = None,
        DEBUG: bool = False,
    ) -> Result:
        # Declare the graph's bound prefixes the query uses but does not declare itself,
        # so that queries behave as they do on a local graph.
        text = str(query)
        declared = set(_DECLARED.findall(text))
        needed = [
            f"PREFIX {prefix}: <{namespace}>"
            for prefix, namespace in sorted(self.nsBindings.items())
            if prefix
            and prefix not in declared
            and re.search(rf"(?<![\w.\-:]){re.escape(prefix)}:", text)
        ]
        if needed:
            text = "\n".join([*needed, text])
        return super().query(text, {}, initBindings, queryGraph, DEBUG)

    def _query(  # type: ignore[override]
        self, query: str, default_graph: Any = None, named_graph: Any = None
    ) -> Result:
        self._queries += 1
        self.capped = None
        form: dict[str, str] = {"query": query}
        if default_graph is not None and not isinstance(default_graph, BNode):
            form["default-graph-uri"] = str(default_graph)
        response = _send(
            self._http,
            "POST",
            self._url,
            self._timeout,
            data=form,
            headers={"Accept": _ACCEPT},
        )
        shown = _shown(self._url)
        if response.status_code == 400:
            raise QueryError(f"{shown} rejected the query: {_problem(response)}")
        if response.status_code != 200:
            raise RemoteError(
                f"{shown} answered {response.status_code} {response.reason}: {_problem(response)}"
            )
        if response.headers.get("X-Policygraph-Capped", "").lower() == "true":
            self.capped = response.headers.get("X-Policygraph-Max-Rows", "its maximum number of")
        media_type = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            if media_type in _RESULT_TYPES:
                return Result.parse(BytesIO(response.content), format=_RESULT_TYPES[media_type])
            if media_type in _GRAPH_TYPES:
                graph = Graph()
                graph.parse(data=response.content, format=_GRAPH_TYPES[media_type])
                result = Result("CONSTRUCT")
                result.graph = graph
                return result
        except Exception as exc:
            raise RemoteError(f"{shown} sent an answer that does not parse: {exc}") from exc
        raise RemoteError(f"{shown} answered in an unexpected format {media_type!r}")


class RemoteKnowledgeGraph(KnowledgeGraph):
    """A `KnowledgeGraph` whose triples stay in a SPARQL 1.1 endpoint.

    Every method works as on a local graph: the queries run on the endpoint and
    only their results are transferred. Create one with `connect`.

    Attributes
    ----------
    endpoint : str
        The SPARQL query endpoint.
    graph_iri : str or None
        The named graph queried as the default graph, if any.
    """

    def __init__(self, graph: Graph, *, endpoint: str, graph_iri: str | None = None) -> None:
        super().__init__(graph, store="sparql")
        self.endpoint = endpoint
        self.graph_iri = graph_iri

    def __repr__(self) -> str:
        target = f" graph={self.graph_iri!r}" if self.graph_iri else ""
        return f"<KnowledgeGraph store='sparql' endpoint={_shown(self.endpoint)!r}{target}>"

    def execute(self, sparql: str, **bindings: object) -> Result:
        """Run SPARQL on the endpoint and return rdflib's raw `Result`."""
        text = bind_values(sparql, bindings)
        try:
            result = self.graph.query(text)
        except PolicygraphError:
            raise
        except Exception as exc:  # rdflib's own checks, before anything is sent
            raise QueryError(f"cannot send the query to {_shown(self.endpoint)}: {exc}") from exc
        store = self.graph.store
        if isinstance(store, _EndpointStore) and store.capped is not None:
            warnings.warn(
                f"{_shown(self.endpoint)} cut the result at {store.capped} rows; it is incomplete",
                RuntimeWarning,
                stacklevel=3,
            )
        return result

    def ping(self) -> None:
        """Check that the endpoint answers SPARQL; raise `RemoteError` if not."""
        result = self.execute("ASK { }")
        if result.type != "ASK":
            raise RemoteError(f"{_shown(self.endpoint)} does not answer like a SPARQL endpoint")


def connect(
    url: str,
    *,
    graph: str | None = None,
    timeout: Timeout = DEFAULT_TIMEOUT,
    auth: tuple[str, str] | None = None,
    check: bool = True,
) -> RemoteKnowledgeGraph:
    """A `KnowledgeGraph` backed by a SPARQL 1.1 query endpoint.

    Parameters
    ----------
    url : str
        The query endpoint, e.g. ``http://localhost:7878/query`` (Oxigraph),
        ``http://localhost:3030/policygraph/sparql`` (Fuseki) or the
        ``/sparql`` of ``policygraph serve``.
    graph : str, optional
        Query this named graph as the default graph (``default-graph-uri``),
        as after ``policygraph push --graph IRI``.
    timeout : float or (float, float)
        Seconds to wait for a connection and for the next bytes of an answer.
    auth : (user, password), optional
        HTTP basic authentication; credentials in the URL work too.
    check : bool
        Send ``ASK {}`` now, so that a wrong URL fails here rather than later.

    Raises
    ------
    RemoteError
        The endpoint is unreachable, too slow, or does not answer SPARQL.

    Examples
    --------
    >>> import policygraph as pg
    >>> pg.connect("http://127.0.0.1:9/sparql", timeout=2)
    Traceback (most recent call last):
    ...
    policygraph.errors.RemoteError: cannot reach http://127.0.0.1:9/sparql: ...
    """
    _check_url(url)
    store = _EndpointStore(url, timeout=_timeouts(timeout), auth=_credentials(url, auth))
    rdf_graph = Graph(store=store, identifier=URIRef(graph) if graph else None)
    bind_prefixes(rdf_graph.namespace_manager)
    kg = RemoteKnowledgeGraph(rdf_graph, endpoint=url, graph_iri=graph)
    if check:
        kg.ping()
    return kg


# -- push ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PushReport:
    """What `push` sent."""

    endpoint: str
    graph: str | None
    triples: int
    batches: int
    seconds: float


_XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}
# A blank-node label as `_nt_term` writes it, at the start of a line or after a space.
_BLANK_LABEL = re.compile(r"(?:^| )_:b\d+ ", re.MULTILINE)


def _nt_term(term: Node, labels: dict[BNode, str]) -> str:
    if isinstance(term, RDFLiteral):
        text = '"' + "".join(_ESCAPES.get(char, char) for char in str(term)) + '"'
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype is not None and term.datatype != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return labels.setdefault(term, f"_:b{len(labels)}")
    return f"<{term}>"


def _batches(triples: Iterable[tuple[Node, Node, Node]], size: int) -> list[list[str]]:
    """Split triples into N-Triples batches of about ``size`` lines.

    Triples linked through blank nodes stay in one batch, since a blank node
    means the same node only within one request.

    Examples
    --------
    >>> from rdflib import BNode, URIRef
    >>> a, p, b = URIRef("http://x/a"), URIRef("http://x/p"), BNode("n1")
    >>> [len(batch) for batch in _batches([(a, p, b), (b, p, a), (a, p, a)], size=1)]
    [2, 1]
    """
    if size < 1:
        raise InputError(f"the batch size must be at least 1, not {size}")
    parent: dict[BNode, BNode] = {}

    def root(node: BNode) -> BNode:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    listed = list(triples)
    for subject, _, obj in listed:
        if isinstance(subject, BNode) and isinstance(obj, BNode):
            parent[root(subject)] = root(obj)
    groups: dict[BNode, list[str]] = {}
    free: list[str] = []
    labels: dict[BNode, str] = {}
    for subject, predicate, obj in listed:
        line = " ".join(_nt_term(term, labels) for term in (subject, predicate, obj)) + " ."
        anchor = subject if isinstance(subject, BNode) else obj
        if isinstance(anchor, BNode):
            groups.setdefault(root(anchor), []).append(line)
        else:
            free.append(line)
    result: list[list[str]] = []
    current: list[str] = []
    for group in groups.values():
        if current and len(current) + len(group) > size:
            result.append(current)
            current = []
        current.extend(group)
    for line in free:
        if len(current) >= size:
            result.append(current)
            current = []
        current.append(line)
    if current or not result:
        result.append(current)
    return result


def _insert(lines: str, graph: str | None) -> str:
    """One SPARQL Update request that adds the N-Triples ``lines`` to ``graph``.

    A batch with blank nodes is sent as a template with an empty ``WHERE``: it means
    the same as ``INSERT DATA`` (fresh nodes, shared within the request), and Virtuoso,
    which refuses blank nodes in ``INSERT DATA``, accepts it.

    Examples
    --------
    >>> print(_insert("<urn:a> <urn:p> <urn:b> .", None))
    INSERT DATA {
    <urn:a> <urn:p> <urn:b> .}
    >>> print(_insert("<urn:a> <urn:p> _:b0 .", "urn:g"))
    INSERT { GRAPH <urn:g> {
    <urn:a> <urn:p> _:b0 .} } WHERE {}
    """
    operation, where = (
        ("INSERT", " WHERE {}") if _BLANK_LABEL.search(lines) else ("INSERT DATA", "")
    )
    if graph is None:
        return f"{operation} {{\n{lines}}}{where}"
    return f"{operation} {{ GRAPH <{graph}> {{\n{lines}}} }}{where}"


def _graph_url(endpoint: str, graph: str | None) -> str:
    target = "default" if graph is None else "graph=" + urllib.parse.quote(graph, safe="")
    return endpoint + ("&" if "?" in endpoint else "?") + target


def push(
    source: KnowledgeGraph | Graph,
    endpoint: str,
    *,
    graph: str | None = None,
    protocol: Literal["gsp", "update"] = "gsp",
    batch_size: int = 50_000,
    timeout: Timeout = DEFAULT_TIMEOUT,
    auth: tuple[str, str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> PushReport:
    """Upload a graph to a SPARQL store, replacing what the target graph held.

    Parameters
    ----------
    source : KnowledgeGraph or rdflib.Graph
        The triples to send.
    endpoint : str
        With ``protocol="gsp"``, the Graph Store Protocol endpoint (Oxigraph:
        ``/store``; Fuseki: ``/<dataset>/data``). With ``protocol="update"``,
        the SPARQL Update endpoint (Oxigraph: ``/update``; Fuseki: ``/<dataset>/update``).
    graph : str, optional
        The named graph to replace; by default the default graph.
    protocol : {"gsp", "update"}
        ``gsp``: the first batch is PUT (replacing the graph), the rest POSTed.
        ``update``: ``CLEAR`` plus the first ``INSERT DATA`` in one request, then
        one ``INSERT DATA`` per batch.
    batch_size : int
        Triples per request (blank-node-linked triples are never split).
    timeout : float or (float, float)
        Connect and read timeouts of each request.
    auth : (user, password), optional
        HTTP basic authentication; credentials in the URL work too.
    progress : callable, optional
        Called as ``progress(triples_sent, triples_total)`` after each batch.

    Returns
    -------
    PushReport

    Raises
    ------
    RemoteError
        A request failed; names the endpoint and the batch. An interrupted push
        leaves a partial graph, which the next push replaces.
    """
    _check_url(endpoint)
    if protocol not in {"gsp", "update"}:
        raise InputError(f"unknown protocol {protocol!r}; choose gsp or update")
    rdf_graph = source.graph if isinstance(source, KnowledgeGraph) else source
    started = time.monotonic()
    chunks = _batches(rdf_graph, batch_size)
    total = sum(len(chunk) for chunk in chunks)
    session = _session(_credentials(endpoint, auth))
    limits = _timeouts(timeout)
    sent = 0
    shown = _shown(endpoint)
    for number, chunk in enumerate(chunks, start=1):
        lines = "\n".join(chunk) + ("\n" if chunk else "")
        if protocol == "gsp":
            response = _send(
                session,
                "PUT" if number == 1 else "POST",
                _graph_url(endpoint, graph),
                limits,
                data=lines.encode(),
                headers={"Content-Type": "application/n-triples; charset=utf-8"},
            )
        else:
            target = "DEFAULT" if graph is None else f"GRAPH <{graph}>"
            body = _insert(lines, graph)
            if number == 1:
                body = f"CLEAR SILENT {target} ;\n{body}"
            response = _send(
                session,
                "POST",
                endpoint,
                limits,
                data=body.encode(),
                headers={"Content-Type": "application/sparql-update; charset=utf-8"},
            )
        if response.status_code not in {200, 201, 204}:
            hint = ""
            if response.status_code in {404, 405, 415}:
                hint = (
                    " (is this the Graph Store endpoint, e.g. Oxigraph /store, Fuseki /ds/data?)"
                    if protocol == "gsp"
                    else " (is this the SPARQL Update endpoint, e.g. Oxigraph /update?)"
                )
            raise RemoteError(
                f"{shown} refused batch {number} of {len(chunks)}: "
                f"{response.status_code} {response.reason}: {_problem(response)}{hint}"
            )
        sent += len(chunk)
        if progress is not None:
            progress(sent, total)
    return PushReport(endpoint, graph, total, len(chunks), time.monotonic() - started)
