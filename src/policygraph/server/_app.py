"""The endpoint as an ASGI application: routing, request checks, limits and answers.

Queries run in worker processes (``_pool``); everything else (the query page,
the named queries, the views, the health report) is answered here. Every
request is checked before any work: the ``Host`` header (against DNS rebinding
when listening on loopback), cross-site requests (refused unless ``cors``),
control characters in the path, the request size.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import hashlib
import ipaddress
import json
import mimetypes
import threading
import time
import unicodedata
import urllib.parse
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http import HTTPStatus
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import linked
from .._namespaces import PREFIXES
from ._http import STATIC_DIR, Limits, named_queries
from ._pool import QueryTimeout, WorkerLost, WorkerPool
from ._protocol import QUERY_FORMS, UPDATE_OPERATIONS, choose_format, operation_keyword

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["SparqlApp", "escape_controls", "is_loopback"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
_FORMAT_PARAMETERS = ("format", "output", "results")
_READ_ONLY = "this SPARQL endpoint is read-only: updates are not accepted"
_LINKED_PREFIXES = ("/id/", "/ontology", "/reconcile")
_SPARQL_PATHS = frozenset({"/sparql", "/query"})
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.", "ip6-localhost"})


def escape_controls(text: str) -> str:
    r"""``text`` with control and format characters written as Python escapes.

    For log lines: a request line may carry terminal escape sequences.

    Examples
    --------
    >>> escape_controls("GET /\x1b]0;owned\x07 \u202e\x9b")
    'GET /\\x1b]0;owned\\x07 \\u202e\\x9b'
    """
    return "".join(
        char.encode("unicode_escape").decode("ascii")
        if unicodedata.category(char) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
        else char
        for char in text
    )


class _Reply(Exception):
    """An error answer, raised from deep inside request handling."""

    def __init__(
        self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class _Disconnected(Exception):
    """The client went away while sending its request."""


@dataclass
class _Response:
    status: int
    body: bytes = b""
    media_type: str | None = "text/plain; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _Request:
    method: str
    path: str
    query_string: str
    headers: dict[str, str]
    receive: Receive
    body_read: bool = False

    def body_pending(self) -> bool:
        """Whether a request body was announced and not read (then the connection closes)."""
        announced = self.headers.get("content-length", "0") not in {"", "0"}
        return not self.body_read and (announced or "transfer-encoding" in self.headers)


def is_loopback(host: str) -> bool:
    """Whether a host name or address means this machine only.

    Examples
    --------
    >>> is_loopback("127.0.0.2"), is_loopback("[::1]"), is_loopback("localhost")
    (True, True, True)
    >>> is_loopback("evil.example"), is_loopback("0.0.0.0")
    (False, False)
    """
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SparqlApp:
    """The ASGI application of ``policygraph serve``.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph (for the views and the linked-data handlers).
    pool : WorkerPool
        The query workers.
    limits : Limits
        What one request may cost.
    scratch : Path
        The server's scratch folder (the views are rendered there).
    triples : int
        The number of triples served (for the health report).
    cors : bool
        Let web pages on other origins query.
    log : callable, optional
        Receives one line per request, control characters escaped.
    loopback : bool
        The server listens on loopback only: requests must name a loopback host.
    """

    def __init__(
        self,
        kg: KnowledgeGraph | None,
        pool: WorkerPool,
        limits: Limits,
        scratch: Path,
        *,
        triples: int,
        cors: bool = False,
        log: Callable[[str], None] | None = None,
        loopback: bool = True,
    ) -> None:
        self.kg = kg
        self.pool = pool
        self.limits = limits
        self.scratch = scratch
        self.triples = triples
        self.cors = cors
        self.log = log
        self.loopback = loopback
        self.base_url = ""
        self._in_flight = 0
        self._executor = ThreadPoolExecutor(
            max_workers=limits.max_concurrent + limits.max_queued,
            thread_name_prefix="policygraph-query",
        )
        self._views_lock = threading.Lock()
        self._views_dir: Path | None = None
        self._views_error: _Reply | None = None

    def close(self) -> None:
        """Stop the query threads (the workers are stopped by their pool)."""
        self._executor.shutdown(wait=False, cancel_futures=True)

    # -- ASGI --------------------------------------------------------------------------

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        started = time.monotonic()
        request = _Request(
            method=scope["method"],
            path=scope["path"],
            query_string=scope["query_string"].decode("latin-1"),
            headers=self._headers(scope),
            receive=receive,
        )
        try:
            response = await self._dispatch(request, scope)
        except _Reply as reply:
            response = _Response(
                reply.status,
                (reply.message.rstrip() + "\n").encode(),
                headers=[("X-Policygraph-Error", "true"), *reply.headers.items()],
            )
        except _Disconnected:
            return
        except Exception as exc:  # a bug: say so without paths, log the details
            self._log(f"internal error: {type(exc).__name__}: {exc}")
            response = _Response(500, b"internal error; see the server log\n")
        if request.body_pending():  # do not read (or keep) a body nobody wants
            response.headers.append(("Connection", "close"))
        await self._send(send, response)
        if self.log is not None:
            target = scope["raw_path"].decode("latin-1")
            if scope["query_string"]:
                target += "?" + request.query_string
            client = scope.get("client") or ("-", 0)
            self._log(
                f'{client[0]} "{request.method} {target} HTTP/{scope["http_version"]}" '
                f"{response.status} {len(response.body)} "
                f"{(time.monotonic() - started) * 1000:.0f}ms"
            )

    def _log(self, line: str) -> None:
        if self.log is not None:
            self.log(escape_controls(line))

    @staticmethod
    def _headers(scope: Scope) -> dict[str, str]:
        headers: dict[str, str] = {}
        for name, value in scope["headers"]:
            key = name.decode("latin-1").lower()
            text = value.decode("latin-1")
            headers[key] = f"{headers[key]}, {text}" if key in headers else text
        return headers

    async def _send(self, send: Send, response: _Response) -> None:
        headers = [("content-length", str(len(response.body)))]
        if response.media_type is not None:
            headers.append(("content-type", response.media_type))
        headers.append(("x-content-type-options", "nosniff"))
        if self.cors:
            headers.append(("access-control-allow-origin", "*"))
            headers.append(("access-control-expose-headers", "X-Policygraph-Capped"))
        headers += response.headers
        await send(
            {
                "type": "http.response.start",
                "status": response.status,
                "headers": [
                    (name.encode("latin-1"), value.encode("latin-1")) for name, value in headers
                ],
            }
        )
        await send({"type": "http.response.body", "body": response.body})

    # -- checks and routing ------------------------------------------------------------

    def _check_origin(self, request: _Request) -> None:
        host = request.headers.get("host", "")
        if self.loopback:
            name = urllib.parse.urlsplit(f"//{host}").hostname if host else None
            if name is None or not is_loopback(name):
                raise _Reply(
                    HTTPStatus.FORBIDDEN,
                    "this endpoint listens on loopback and answers only requests for a loopback "
                    "host name (Host: 127.0.0.1 or localhost)",
                )
        if self.cors:
            return
        origin = request.headers.get("origin")
        site = request.headers.get("sec-fetch-site", "").lower()
        cross = site in {"cross-site", "same-site"} or (
            origin is not None and origin.lower() != f"http://{host}".lower()
        )
        navigation = (
            request.method in {"GET", "HEAD"}
            and request.headers.get("sec-fetch-mode", "").lower() == "navigate"
            and request.path not in _SPARQL_PATHS
        )
        if cross and not navigation:
            raise _Reply(
                HTTPStatus.FORBIDDEN,
                "cross-site requests are refused; start the server with --cors to allow "
                "web pages on other origins to query it",
            )

    async def _dispatch(self, request: _Request, scope: Scope) -> _Response:
        limits = self.limits
        if len(scope["raw_path"]) + len(scope["query_string"]) > limits.max_request_bytes:
            raise _Reply(HTTPStatus.REQUEST_URI_TOO_LONG, "the request target is too long")
        path, method = request.path, request.method
        if scope["http_version"] not in {"1.0", "1.1"}:
            raise _Reply(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP/1.1 is spoken here")
        if (
            sum(len(name) + len(value) for name, value in scope["headers"])
            > limits.max_request_bytes
        ):
            raise _Reply(
                HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "the request headers are too large"
            )
        if "content-length" in request.headers and "transfer-encoding" in request.headers:
            # RFC 9112 6.1: a sign of request smuggling; refuse (the connection then closes)
            raise _Reply(
                HTTPStatus.BAD_REQUEST,
                "a request may not carry Content-Length and Transfer-Encoding",
            )
        if any(unicodedata.category(char) == "Cc" for char in path):
            raise _Reply(HTTPStatus.BAD_REQUEST, "the path holds a control character")
        self._check_origin(request)
        if method in {"PUT", "DELETE", "PATCH"} or path in {"/update", "/store"}:
            raise _Reply(HTTPStatus.FORBIDDEN, _READ_ONLY)
        if method == "OPTIONS":
            headers = [("Allow", "GET, HEAD, POST, OPTIONS")]
            if self.cors:  # answer the browser's preflight
                headers.append(("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS"))
                headers.append(("Access-Control-Allow-Headers", "Accept, Content-Type"))
            return _Response(HTTPStatus.NO_CONTENT, media_type=None, headers=headers)
        if method not in {"GET", "HEAD", "POST"}:
            raise _Reply(
                HTTPStatus.METHOD_NOT_ALLOWED,
                f"{method} is not allowed",
                {"Allow": "GET, HEAD, POST, OPTIONS"},
            )
        if path in _SPARQL_PATHS:
            return await self._sparql(request)
        if path.startswith(_LINKED_PREFIXES):
            return await self._linked(request)
        if method == "POST":
            raise _Reply(HTTPStatus.METHOD_NOT_ALLOWED, f"POST is not allowed on {path}")
        if path in {"/", "/index.html"}:
            return self._file(STATIC_DIR, "index.html")
        if path.startswith("/static/"):
            return self._file(STATIC_DIR, path.removeprefix("/static/"))
        if path == "/queries.json":
            return self._json(named_queries())
        if path.startswith("/geo/"):
            return self._geometry(path.removeprefix("/geo/"), request.headers)
        if path == "/health":
            return self._health()
        if path == "/views":
            return _Response(HTTPStatus.MOVED_PERMANENTLY, headers=[("Location", "/views/")])
        if path.startswith("/views/"):
            return await self._views(path.removeprefix("/views/"))
        raise _Reply(HTTPStatus.NOT_FOUND, "nothing here; the endpoint is /sparql")

    @staticmethod
    def _json(value: object) -> _Response:
        body = json.dumps(value, ensure_ascii=False, indent=1).encode()
        return _Response(
            HTTPStatus.OK, body, "application/json", headers=[("Cache-Control", "no-cache")]
        )

    @staticmethod
    def _file(root: Path, relative: str) -> _Response:
        missing = _Reply(HTTPStatus.NOT_FOUND, "no such file")
        try:
            root = root.resolve()
            target = (root / relative).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(root) or not target.is_file():
                raise missing
            body = target.read_bytes()
        except (OSError, ValueError):  # a name too long, a NUL byte: nothing we hold
            raise missing from None
        media_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type.endswith("javascript"):
            media_type += "; charset=utf-8"
        return _Response(HTTPStatus.OK, body, media_type, headers=[("Cache-Control", "no-cache")])

    def _geometry(self, name: str, headers: dict[str, str]) -> _Response:
        """A bundled boundary file (``kg/geo/NAME.json``) as GeoJSON, places keyed by IRI.

        Only the names of the bundled files answer (no path is ever joined); the body
        is made once and is cacheable (ETag, revalidated with If-None-Match).
        """
        body = _geometry_body(name.removesuffix(".json"))
        if body is None:
            raise _Reply(HTTPStatus.NOT_FOUND, "no such boundary file; try /geo/zhejiang.json")
        tag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        cache = [("ETag", tag), ("Cache-Control", "public, max-age=86400")]
        if tag in (value.strip() for value in headers.get("if-none-match", "").split(",")):
            return _Response(HTTPStatus.NOT_MODIFIED, media_type=None, headers=cache)
        return _Response(HTTPStatus.OK, body, "application/geo+json", headers=cache)

    def _health(self) -> _Response:
        alive = len(self.pool.pids()) > 0
        return self._json(
            {
                "status": "ok" if alive else "no query workers",
                "triples": self.triples,
                "timeout": self.limits.timeout,
                "max_rows": self.limits.max_rows,
                "endpoint": "/sparql",
            }
        )

    # -- views -------------------------------------------------------------------------

    def views_dir(self) -> Path:
        """The rendered HTML views, rendered on first use (blocking).

        Raises
        ------
        _Reply
            404 when the views are not available, 500 when rendering failed.
        """
        with self._views_lock:
            if self._views_dir is not None:
                return self._views_dir
            if self._views_error is not None:
                raise self._views_error
            try:
                from .. import views

                render_all = views.render_all  # type: ignore[attr-defined]
            except (ImportError, AttributeError):
                self._views_error = _Reply(
                    HTTPStatus.NOT_FOUND, "the HTML views are not available here"
                )
                raise self._views_error from None
            if self.kg is None:
                self._views_error = _Reply(HTTPStatus.NOT_FOUND, "no graph to draw views of")
                raise self._views_error
            target = self.scratch / "views"
            try:
                render_all(self.kg, target)
            except Exception as exc:
                self._log(f"rendering the views failed: {type(exc).__name__}: {exc}")
                self._views_error = _Reply(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    f"rendering the views failed ({type(exc).__name__}); see the server log",
                )
                raise self._views_error from exc
            self._views_dir = target
            return target

    def prepare_views(self) -> None:
        """Render the views on a background thread, so that the first visit is quick."""

        def render() -> None:
            with contextlib.suppress(_Reply):  # reported to whoever asks for the views
                self.views_dir()

        threading.Thread(target=render, name="policygraph-views", daemon=True).start()

    async def _views(self, relative: str) -> _Response:
        directory = await asyncio.to_thread(self.views_dir)
        if relative.strip("/") == "" and not (directory / "index.html").is_file():
            pages = sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*.html"))
            items = "".join(f'<li><a href="{page}">{page}</a></li>' for page in pages)
            body = f"<!doctype html><meta charset=utf-8><title>views</title><ul>{items}</ul>"
            return _Response(HTTPStatus.OK, body.encode(), "text/html; charset=utf-8")
        return self._file(directory, relative)

    # -- linked data: /id/, /ontology, /reconcile (policygraph.linked) ---------------

    async def _linked(self, request: _Request) -> _Response:
        if self.kg is None:
            raise _Reply(HTTPStatus.NOT_FOUND, "this server holds no graph to describe")
        body = await self._body(request) if request.method == "POST" else b""
        query = self._parameters(request.query_string)
        answer = await asyncio.to_thread(
            linked.handle,
            self.kg,
            request.method,
            request.path,
            query,
            dict(request.headers),
            body,
            base=self.base_url,
        )
        if answer is None:
            raise _Reply(HTTPStatus.NOT_FOUND, "nothing here; the endpoint is /sparql")
        headers = [(str(name), str(value)) for name, value in answer.headers]
        has_type = any(name.lower() == "content-type" for name, _ in headers)
        return _Response(
            int(answer.status),
            bytes(answer.body),
            None if has_type else "application/octet-stream",
            headers=headers,
        )

    # -- SPARQL ------------------------------------------------------------------------

    @staticmethod
    def _parameters(text: str) -> dict[str, list[str]]:
        try:
            return urllib.parse.parse_qs(
                text, keep_blank_values=True, encoding="utf-8", errors="strict"
            )
        except (UnicodeDecodeError, ValueError):
            raise _Reply(HTTPStatus.BAD_REQUEST, "the parameters are not valid UTF-8") from None

    async def _body(self, request: _Request) -> bytes:
        limit = self.limits.max_request_bytes
        length = request.headers.get("content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            raise _Reply(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body has {int(length)} bytes; at most {limit} are accepted",
            )
        chunks: list[bytes] = []
        size = 0
        while True:
            try:
                message = await asyncio.wait_for(
                    request.receive(), timeout=self.limits.header_timeout
                )
            except TimeoutError:
                raise _Reply(
                    HTTPStatus.REQUEST_TIMEOUT, "the request body came too slowly"
                ) from None
            if message["type"] == "http.disconnect":
                raise _Disconnected
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise _Reply(
                    HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                    f"the request body has more than {limit} bytes",
                )
            chunks.append(chunk)
            if not message.get("more_body", False):
                request.body_read = True
                return b"".join(chunks)

    async def _sparql(self, request: _Request) -> _Response:
        parameters = self._parameters(request.query_string)
        direct: str | None = None
        if request.method == "POST":
            content_type = request.headers.get("content-type", "")
            media_type = content_type.split(";")[0].strip().lower()
            if media_type == "application/sparql-update":
                raise _Reply(HTTPStatus.FORBIDDEN, _READ_ONLY)
            if media_type not in {"application/x-www-form-urlencoded", "application/sparql-query"}:
                raise _Reply(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST a query as application/sparql-query "
                    "or as application/x-www-form-urlencoded (query=…)",
                )
            body = await self._body(request)
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise _Reply(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None
            if media_type == "application/x-www-form-urlencoded":
                for name, values in self._parameters(text).items():
                    parameters.setdefault(name, []).extend(values)
            else:
                direct = text
        if "update" in parameters:
            raise _Reply(HTTPStatus.FORBIDDEN, _READ_ONLY)
        given = parameters.get("query", [])
        if direct is not None:
            given = [direct, *given]
        accept = request.headers.get("accept")
        if len(given) != 1:
            if not given and request.method in {"GET", "HEAD"} and "html" in (accept or ""):
                return _Response(HTTPStatus.SEE_OTHER, headers=[("Location", "/")])
            raise _Reply(HTTPStatus.BAD_REQUEST, "give exactly one query (parameter `query`)")
        query = given[0]
        if not query.strip():
            raise _Reply(HTTPStatus.BAD_REQUEST, "the query is empty")
        keyword = operation_keyword(query)
        if keyword in UPDATE_OPERATIONS:
            raise _Reply(HTTPStatus.FORBIDDEN, _READ_ONLY)
        formats = [value for name in _FORMAT_PARAMETERS for value in parameters.get(name, [])]
        solutions_format = choose_format("SELECT", accept, formats)
        graph_format = choose_format("CONSTRUCT", accept, formats)
        if keyword in QUERY_FORMS:
            wanted = solutions_format if keyword in {"SELECT", "ASK"} else graph_format
            if wanted is None:
                raise _Reply(HTTPStatus.NOT_ACCEPTABLE, _not_acceptable(keyword))
        job = {
            "query": query,
            "default_graph": parameters.get("default-graph-uri", []),
            "named_graphs": parameters.get("named-graph-uri", []),
            "solutions_format": solutions_format.name if solutions_format else None,
            "graph_format": graph_format.name if graph_format else None,
            "max_rows": self.limits.max_rows,
            "prefixes": {prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
        }
        limits = self.limits
        if self._in_flight >= limits.max_concurrent + limits.max_queued:
            raise _busy()
        self._in_flight += 1
        try:
            loop = asyncio.get_running_loop()
            header, body = await loop.run_in_executor(self._executor, self._run, job)
        finally:
            self._in_flight -= 1
        status = int(header.get("status", 500))
        if status != HTTPStatus.OK:
            message = str(header.get("message", "the query failed"))
            raise _Reply(HTTPStatus(status), message.replace(str(self.scratch), "<store>"))
        capped = bool(header.get("capped"))
        headers = [
            ("X-Policygraph-Capped", "true" if capped else "false"),
            ("X-Policygraph-Max-Rows", str(limits.max_rows)),
            ("Vary", "Accept"),
        ]
        return _Response(HTTPStatus.OK, body, str(header["media_type"]), headers=headers)

    def _run(self, job: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        """Run a query in a worker, on a query thread; kill the worker at the deadline."""
        limits = self.limits
        worker = self.pool.acquire(limits.queue_timeout)
        if worker is None:
            raise _busy()
        deadline = time.monotonic() + limits.timeout
        try:
            answer = worker.run(job, deadline)
        except QueryTimeout:
            self.pool.discard(worker)
            raise _Reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                f"the query ran longer than the limit of {limits.timeout:g} s and was stopped "
                "(policygraph serve --timeout)",
                {"X-Policygraph-Timeout": "true"},
            ) from None
        except (WorkerLost, ValueError) as exc:
            self.pool.discard(worker)
            self._log(f"query worker lost: {exc}")
            memory = limits.max_memory_mb
            raise _Reply(
                HTTPStatus.BAD_GATEWAY,
                "the query worker stopped while answering; it may have needed more memory "
                + (f"than the limit of {memory} MB per query" if memory else "than there is"),
            ) from exc
        except BaseException:
            self.pool.discard(worker)
            raise
        self.pool.release(worker)
        return answer


@functools.cache
def _geometry_body(name: str) -> bytes | None:
    from ..geometry import bundled_geometries, load_geometry

    if name not in bundled_geometries():
        return None
    geo = load_geometry(name)
    document = {"type": "FeatureCollection", "dataset": geo.dataset, "features": geo.features}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def _busy() -> _Reply:
    return _Reply(
        HTTPStatus.SERVICE_UNAVAILABLE,
        "too many queries are running; retry shortly",
        {"Retry-After": "1"},
    )


def _not_acceptable(form: str) -> str:
    offered = "JSON, XML, CSV, TSV" if form in {"SELECT", "ASK"} else "Turtle, N-Triples, JSON-LD"
    return f"{form} results are offered as {offered}"
