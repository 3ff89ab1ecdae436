"""A SPARQL 1.1 endpoint for a `KnowledgeGraph`: ``policygraph serve``.

The graph is written into an on-disk Oxigraph store that a few worker processes
open read-only; each query runs in one of them and the worker is killed when the
query passes the time limit. uvicorn answers HTTP in front: the SPARQL protocol
within limits, the query page (YASGUI, bundled, works offline) and the HTML
views. No engine listens on any port. See ``docs/serving.md``.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ..errors import PolicygraphError
from ._app import SparqlApp, is_loopback
from ._engine import oxigraph_binary
from ._http import Limits, named_queries
from ._listen import Listener
from ._pool import WorkerPool, load_store, make_scratch, remove_stale_scratch

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["Limits", "SparqlServer", "named_queries", "oxigraph_binary"]


class SparqlServer:
    """policygraph's SPARQL endpoint for one graph.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph to serve; it is copied into the workers' store at `start`.
    host, port : str, int
        Where to listen. The default host is loopback only; port 0 picks a free port.
    limits : Limits
        Time limit, row cap, request size, concurrency and connection timeouts.
    cors : bool
        Let web pages on other origins query (``Access-Control-Allow-Origin: *``);
        otherwise cross-site requests get 403.
    log : callable, optional
        Receives one line per request, control characters escaped.
    prerender_views : bool
        Render the HTML views in the background at start (else on first visit).

    Examples
    --------
    >>> import urllib.request, urllib.parse, json
    >>> import policygraph as pg
    >>> from policygraph.server import Limits, SparqlServer
    >>> with SparqlServer(pg.load(), limits=Limits(timeout=10, max_concurrent=1)) as server:
    ...     url = server.endpoint + "?" + urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    ...     json.load(urllib.request.urlopen(url))["boolean"]
    True
    """

    # Workers run without network when the kernel allows; tests turn it off to check
    # that the parsed-query SERVICE check holds on its own.
    isolate_workers = True

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
        self.triples = 0
        self.pool: WorkerPool | None = None
        self.scratch: Path | None = None
        self._app: SparqlApp | None = None
        self._listener: Listener | None = None

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
        """Load the store, start the workers and listen (on a background thread)."""
        try:
            self._open()
        except BaseException:
            self.stop()
            raise
        return self

    def serve_forever(self, ready: Callable[[], object] | None = None) -> None:
        """Start and serve until interrupted (KeyboardInterrupt); then stop everything.

        ``ready`` is called once the endpoint listens (e.g. to print its URL).
        """
        self.start()
        try:
            if ready is not None:
                ready()
            while self._listener is not None and self._listener.alive():
                threading.Event().wait(0.5)
        finally:
            self.stop()

    def _open(self) -> None:
        remove_stale_scratch()
        self.scratch = make_scratch()
        self.triples = load_store(self.kg.graph, self.scratch / "store")
        self.pool = WorkerPool(
            self.scratch / "store",
            self.limits.max_concurrent,
            isolate=self.isolate_workers,
            memory_mb=self.limits.max_memory_mb,
        )
        self.pool.start()
        loopback = is_loopback(self.host)
        self._app = SparqlApp(
            self.kg,
            self.pool,
            self.limits,
            self.scratch,
            triples=self.triples,
            cors=self.cors,
            log=self.log,
            loopback=loopback,
        )
        try:
            self._listener = Listener(self._app, self.host, self.port, self.limits, self.log)
        except OSError as exc:
            raise PolicygraphError(f"cannot listen on {self.host}:{self.port}: {exc}") from exc
        self.port = self._listener.port
        self._app.base_url = self.url.rstrip("/")
        self._listener.start()
        if self.prerender_views:
            self._app.prepare_views()

    def stop(self) -> None:
        """Stop listening, kill the workers, delete the scratch folder."""
        if self._listener is not None:
            self._listener.stop()
            self._listener = None
        if self._app is not None:
            self._app.close()
            self._app = None
        if self.pool is not None:
            self.pool.stop()
            self.pool = None
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def __enter__(self) -> SparqlServer:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()
