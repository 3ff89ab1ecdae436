"""A SPARQL 1.1 endpoint for a `KnowledgeGraph`: ``policygraph serve``.

A read-only Oxigraph server holds the graph in a child process; a thin,
threaded HTTP layer in front of it enforces the time limit and the row cap,
refuses updates and oversized requests, and serves the query page (YASGUI,
bundled, works offline) and the HTML views. See ``docs/serving.md``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from ..errors import PolicygraphError
from ._engine import OxigraphEngine, oxigraph_binary
from ._http import Limits, SparqlHTTPServer, named_queries

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["Limits", "SparqlServer", "named_queries", "oxigraph_binary"]

# The engine's own timeout only stops work nobody waits for; ours must fire first.
_ENGINE_GRACE_SECONDS = 2.0


class SparqlServer:
    """policygraph's SPARQL endpoint for one graph.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to serve; it is copied into the engine's store at `start`.
    host, port : str, int
        Where to listen. The default host is loopback only; port 0 picks a free port.
    limits : Limits
        Time limit, row cap, request size and concurrency.
    cors : bool
        Send ``Access-Control-Allow-Origin: *`` so that web pages elsewhere may query.
    log : callable, optional
        Receives one line per request.
    prerender_views : bool
        Render the HTML views in the background at start (else on first visit).

    Examples
    --------
    >>> import urllib.request, urllib.parse, json
    >>> import policygraph as pg
    >>> from policygraph.server import Limits, SparqlServer
    >>> with SparqlServer(pg.load(), limits=Limits(timeout=10)) as server:
    ...     url = server.endpoint + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    ...     json.load(urllib.request.urlopen(url))["boolean"]
    True
    """

    def __init__(
        self,
        kg: KnowledgeGraph,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        limits: Limits | None = None,
        cors: bool = False,
        log: Callable[[str], None] | None = None,
        prerender_views: bool = False,
    ) -> None:
        self.kg = kg
        self.prerender_views = prerender_views
        self.host = host
        self.port = port
        self.limits = limits or Limits()
        self.cors = cors
        self.log = log
        self.engine = OxigraphEngine(kg.graph, timeout=self.limits.timeout + _ENGINE_GRACE_SECONDS)
        self._httpd: SparqlHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL: the query page is here, the views under ``views/``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    @property
    def endpoint(self) -> str:
        """The SPARQL query endpoint URL."""
        return self.url + "sparql"

    def start(self) -> SparqlServer:
        """Start the engine and listen; requests are served on a background thread."""
        self._open()
        assert self._httpd is not None
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, name="policygraph-serve", daemon=True
        )
        self._thread.start()
        return self

    def serve_forever(self, ready: Callable[[], object] | None = None) -> None:
        """Start and serve on this thread until interrupted; then stop everything.

        ``ready`` is called once the endpoint listens (e.g. to print its URL).
        """
        self._open()
        assert self._httpd is not None
        try:
            if ready is not None:
                ready()
            self._httpd.serve_forever()
        finally:
            self.stop()

    def _open(self) -> None:
        self.engine.start()
        try:
            self._httpd = SparqlHTTPServer(
                (self.host, self.port),
                self.engine,
                self.limits,
                self.kg,
                cors=self.cors,
                log=self.log,
            )
        except OSError as exc:
            self.engine.stop()
            raise PolicygraphError(f"cannot listen on {self.host}:{self.port}: {exc}") from exc
        except BaseException:
            self.engine.stop()
            raise
        self.port = self._httpd.server_address[1]
        if self.prerender_views:
            self._httpd.prepare_views()

    def stop(self) -> None:
        """Stop listening, stop the engine, delete temporary files."""
        if self._httpd is not None:
            if self._thread is not None:
                self._httpd.shutdown()
                self._thread.join(timeout=10)
                self._thread = None
            self._httpd.server_close()
            self._httpd = None
        self.engine.stop()

    def __enter__(self) -> SparqlServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
