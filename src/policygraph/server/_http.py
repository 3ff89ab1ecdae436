"""The HTTP front end: SPARQL 1.1 Protocol with limits, the query page and the HTML views."""

from __future__ import annotations

import contextlib
import http.client
import json
import mimetypes
import re
import shutil
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

from .. import _paths
from ._protocol import (
    QUERY_FORMS,
    UPDATE_OPERATIONS,
    calls_service,
    choose_format,
    operation_keyword,
)
from ._results import (
    EngineError,
    QueryTimeout,
    read_graph,
    read_solutions,
    write_graph,
    write_solutions,
)

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph
    from ._engine import OxigraphEngine

__all__ = ["STATIC_DIR", "Limits", "SparqlHTTPServer", "named_queries"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
_ENGINE_ACCEPT = "application/sparql-results+xml, application/n-triples"
_ENGINE_ERROR_BYTES = 1 << 16
_DATASET_PARAMETERS = ("default-graph-uri", "named-graph-uri")
_FORMAT_PARAMETERS = ("format", "output", "results")
_HEADER_FIELD = re.compile(r"#\s?([a-z_]+):\s(.*)")
_READ_ONLY = "this SPARQL endpoint is read-only: updates are not accepted"


@dataclass(frozen=True)
class Limits:
    """What one request may cost.

    Attributes
    ----------
    timeout : float
        Seconds a query may run; a slower one gets 503 and no partial body.
    max_rows : int
        Rows (SELECT) or triples (CONSTRUCT, DESCRIBE) returned at most; a
        longer result is cut there and marked capped.
    max_request_bytes : int
        Largest request body or request target; larger ones get 413 (or 414).
    max_concurrent : int
        Queries running at once; more get 503 with ``Retry-After``.
    """

    timeout: float = 30.0
    max_rows: int = 10_000
    max_request_bytes: int = 256 * 1024
    max_concurrent: int = 4


class _Reply(Exception):
    """An error answer, raised from deep inside request handling."""

    def __init__(
        self, status: HTTPStatus, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


def named_queries() -> list[dict[str, str]]:
    """The ``.rq`` files under ``queries/``: research questions first, then the rest by folder.

    Examples
    --------
    >>> entities = next(q for q in named_queries() if q["name"] == "api/entities")
    >>> entities["group"], "SELECT" in entities["query"]
    ('api', True)
    """
    root = _paths.queries_dir()
    paths = sorted(root.rglob("*.rq"), key=lambda p: (len(p.relative_to(root).parts), str(p)))
    found = []
    for path in paths:
        relative = path.relative_to(root)
        text = path.read_text(encoding="utf-8")
        header: dict[str, str] = {}
        key = "description"
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            field = _HEADER_FIELD.match(line)
            if field:
                key = field.group(1)
                header[key] = field.group(2).strip()
            else:  # a continuation line, or a free comment
                header[key] = f"{header.get(key, '')} {line.lstrip('#').strip()}".strip()
        title = " / ".join(header[k] for k in ("title_en", "title_zh") if k in header)
        found.append(
            {
                "name": relative.with_suffix("").as_posix(),
                "group": relative.parent.as_posix() if relative.parent.parts else "questions",
                "title": title,
                "description": header.get("description", ""),
                "query": text,
            }
        )
    return found


class SparqlHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that answers SPARQL queries through an engine, within limits."""

    daemon_threads = True
    block_on_close = False

    def __init__(
        self,
        address: tuple[str, int],
        engine: OxigraphEngine,
        limits: Limits,
        kg: KnowledgeGraph | None = None,
        *,
        cors: bool = False,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self._scratch = Path(tempfile.mkdtemp(prefix="policygraph-serve-"))
        super().__init__(address, _Handler)  # on failure it calls server_close
        self.engine = engine
        self.limits = limits
        self.kg = kg
        self.cors = cors
        self.log = log
        self.slots = threading.BoundedSemaphore(limits.max_concurrent)
        self._views_lock = threading.Lock()
        self._views_dir: Path | None = None
        self._views_error: _Reply | None = None

    def views_dir(self) -> Path:
        """The rendered HTML views, rendered on first use.

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
            except (ImportError, AttributeError) as exc:
                self._views_error = _Reply(
                    HTTPStatus.NOT_FOUND, f"the HTML views are not available here: {exc}"
                )
                raise self._views_error from exc
            if self.kg is None:
                self._views_error = _Reply(HTTPStatus.NOT_FOUND, "no graph to draw views of")
                raise self._views_error
            target = self._scratch / "views"
            try:
                render_all(self.kg, target)
            except Exception as exc:
                self._views_error = _Reply(
                    HTTPStatus.INTERNAL_SERVER_ERROR,
                    f"rendering the views failed: {type(exc).__name__}: {exc}",
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

    def server_close(self) -> None:
        super().server_close()
        shutil.rmtree(self._scratch, ignore_errors=True)


class _Handler(BaseHTTPRequestHandler):
    server: SparqlHTTPServer
    protocol_version = "HTTP/1.1"
    server_version = "policygraph"
    disable_nagle_algorithm = True  # headers and body go out in separate writes

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log is not None:
            self.server.log(f"{self.address_string()} {format % args}")

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def do_PUT(self) -> None:
        self._dispatch("PUT")

    def do_DELETE(self) -> None:
        self._dispatch("DELETE")

    def do_PATCH(self) -> None:
        self._dispatch("PATCH")

    def do_OPTIONS(self) -> None:
        headers = {"Allow": "GET, POST, OPTIONS"}
        if self.server.cors:  # answer the browser's preflight
            headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            headers["Access-Control-Allow-Headers"] = "Accept, Content-Type"
        self._send(HTTPStatus.NO_CONTENT, "text/plain", b"", headers)

    # -- routing -----------------------------------------------------------------------

    def _dispatch(self, method: str) -> None:
        try:
            limits = self.server.limits
            if len(self.path) > limits.max_request_bytes:
                raise _Reply(HTTPStatus.REQUEST_URI_TOO_LONG, "the request target is too long")
            path = urllib.parse.urlsplit(self.path).path
            if method in {"PUT", "DELETE", "PATCH"} or path in {"/update", "/store"}:
                raise _Reply(HTTPStatus.FORBIDDEN, _READ_ONLY)
            if path in {"/sparql", "/query"}:
                self._sparql(method)
            elif method != "GET":
                raise _Reply(HTTPStatus.METHOD_NOT_ALLOWED, f"{method} is not allowed on {path}")
            elif path in {"/", "/index.html"}:
                self._file(STATIC_DIR, "index.html")
            elif path.startswith("/static/"):
                self._file(STATIC_DIR, path.removeprefix("/static/"))
            elif path == "/queries.json":
                self._send_json(named_queries())
            elif path == "/health":
                self._health()
            elif path == "/views":
                self._send(HTTPStatus.MOVED_PERMANENTLY, "text/plain", b"", {"Location": "/views/"})
            elif path.startswith("/views/"):
                self._views(path.removeprefix("/views/"))
            else:
                raise _Reply(HTTPStatus.NOT_FOUND, f"nothing at {path}; the endpoint is /sparql")
        except _Reply as reply:
            self.close_connection = True  # a request body may be left unread
            headers = {"X-Policygraph-Error": "true", **reply.headers}
            body = (reply.message.rstrip() + "\n").encode()
            self._send(reply.status, "text/plain; charset=utf-8", body, headers)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        except Exception as exc:
            self.close_connection = True
            message = f"internal error: {type(exc).__name__}: {exc}\n".encode()
            self.log_message("%s", message.decode().strip())
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, "text/plain; charset=utf-8", message)

    def _send(
        self,
        status: HTTPStatus,
        media_type: str,
        body: bytes,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self.server.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", "X-Policygraph-Capped")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, value: object) -> None:
        body = json.dumps(value, ensure_ascii=False, indent=1).encode()
        self._send(HTTPStatus.OK, "application/json", body, {"Cache-Control": "no-cache"})

    def _file(self, root: Path, relative: str) -> None:
        root = root.resolve()
        target = (root / urllib.parse.unquote(relative)).resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.is_relative_to(root) or not target.is_file():
            raise _Reply(HTTPStatus.NOT_FOUND, f"no such file: {relative}")
        media_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if media_type.startswith("text/") or media_type.endswith("javascript"):
            media_type += "; charset=utf-8"
        self._send(HTTPStatus.OK, media_type, target.read_bytes(), {"Cache-Control": "no-cache"})

    def _health(self) -> None:
        server = self.server
        self._send_json(
            {
                "status": "ok" if server.engine.running() else "engine stopped",
                "triples": server.engine.triples,
                "timeout": server.limits.timeout,
                "max_rows": server.limits.max_rows,
                "endpoint": "/sparql",
            }
        )

    def _views(self, relative: str) -> None:
        directory = self.server.views_dir()
        if relative.strip("/") == "" and not (directory / "index.html").is_file():
            pages = sorted(p.relative_to(directory).as_posix() for p in directory.rglob("*.html"))
            items = "".join(f'<li><a href="{page}">{page}</a></li>' for page in pages)
            body = f"<!doctype html><meta charset=utf-8><title>views</title><ul>{items}</ul>"
            self._send(HTTPStatus.OK, "text/html; charset=utf-8", body.encode())
            return
        self._file(directory, relative)

    # -- SPARQL ------------------------------------------------------------------------

    def _body(self) -> bytes:
        if "chunked" in (self.headers.get("Transfer-Encoding") or "").lower():
            raise _Reply(HTTPStatus.LENGTH_REQUIRED, "send the body with a Content-Length")
        length = self.headers.get("Content-Length")
        if length is None:
            raise _Reply(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        try:
            size = int(length)
        except ValueError:
            raise _Reply(HTTPStatus.BAD_REQUEST, f"bad Content-Length {length!r}") from None
        limit = self.server.limits.max_request_bytes
        if size > limit:
            raise _Reply(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"the request body has {size} bytes; at most {limit} are accepted",
            )
        return self.rfile.read(size)

    def _sparql(self, method: str) -> None:
        parameters = urllib.parse.parse_qs(
            urllib.parse.urlsplit(self.path).query, keep_blank_values=True
        )
        direct: str | None = None
        if method == "POST":
            media_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            if media_type == "application/sparql-update":
                raise _Reply(HTTPStatus.FORBIDDEN, _READ_ONLY)
            body = self._body()
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise _Reply(HTTPStatus.BAD_REQUEST, "the request body is not UTF-8") from None
            if media_type == "application/x-www-form-urlencoded":
                for name, values in urllib.parse.parse_qs(text, keep_blank_values=True).items():
                    parameters.setdefault(name, []).extend(values)
            elif media_type == "application/sparql-query":
                direct = text
            else:
                raise _Reply(
                    HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                    "POST a query as application/sparql-query "
                    "or as application/x-www-form-urlencoded (query=…)",
                )
        elif method != "GET":
            raise _Reply(HTTPStatus.METHOD_NOT_ALLOWED, "query with GET or POST")
        if "update" in parameters:
            raise _Reply(HTTPStatus.FORBIDDEN, _READ_ONLY)
        given = parameters.get("query", [])
        if direct is not None:
            given = [direct, *given]
        if len(given) != 1:
            if not given and method == "GET" and "html" in (self.headers.get("Accept") or ""):
                self._send(HTTPStatus.SEE_OTHER, "text/plain", b"", {"Location": "/"})
                return
            raise _Reply(HTTPStatus.BAD_REQUEST, "give exactly one query (parameter `query`)")
        query = given[0]
        if not query.strip():
            raise _Reply(HTTPStatus.BAD_REQUEST, "the query is empty")
        keyword = operation_keyword(query)
        if keyword in UPDATE_OPERATIONS:
            raise _Reply(HTTPStatus.FORBIDDEN, _READ_ONLY)
        if calls_service(query):  # the engine would fetch any URL it is given
            raise _Reply(
                HTTPStatus.FORBIDDEN, "federated queries (SERVICE) are disabled on this endpoint"
            )
        accept = self.headers.get("Accept")
        formats = [value for name in _FORMAT_PARAMETERS for value in parameters.get(name, [])]
        if keyword in QUERY_FORMS and choose_format(keyword, accept, formats) is None:
            raise self._not_acceptable(keyword)
        dataset = [
            (name, value) for name in _DATASET_PARAMETERS for value in parameters.get(name, [])
        ]
        if not self.server.slots.acquire(blocking=False):
            raise _Reply(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "too many queries are running; retry shortly",
                {"Retry-After": "1"},
            )
        try:
            self._answer(query, keyword, dataset, accept, formats)
        finally:
            self.server.slots.release()

    @staticmethod
    def _not_acceptable(form: str) -> _Reply:
        offered = (
            "JSON, XML, CSV, TSV" if form in {"SELECT", "ASK"} else "Turtle, N-Triples, JSON-LD"
        )
        return _Reply(HTTPStatus.NOT_ACCEPTABLE, f"{form} results are offered as {offered}")

    def _answer(
        self,
        query: str,
        keyword: str | None,
        dataset: list[tuple[str, str]],
        accept: str | None,
        formats: list[str],
    ) -> None:
        limits = self.server.limits
        engine = self.server.engine
        deadline = time.monotonic() + limits.timeout
        timed_out = _Reply(
            HTTPStatus.SERVICE_UNAVAILABLE,
            f"the query ran longer than the limit of {limits.timeout:g} s and was stopped "
            "(policygraph serve --timeout)",
            {"X-Policygraph-Timeout": "true"},
        )
        connection = http.client.HTTPConnection("127.0.0.1", engine.port, timeout=limits.timeout)
        try:
            try:
                connection.request(
                    "POST",
                    "/query",
                    body=urllib.parse.urlencode([("query", query), *dataset]),
                    headers={
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Accept": _ENGINE_ACCEPT,
                    },
                )
                sock = connection.sock
                if sock is not None:
                    sock.settimeout(max(deadline - time.monotonic(), 0.001))
                response = connection.getresponse()
            except TimeoutError:
                raise timed_out from None
            except OSError as exc:
                raise _Reply(
                    HTTPStatus.BAD_GATEWAY, f"the SPARQL engine is unreachable: {exc}"
                ) from exc
            if response.status != HTTPStatus.OK:
                message = response.read(_ENGINE_ERROR_BYTES).decode("utf-8", "replace").strip()
                if response.status in {HTTPStatus.BAD_REQUEST, HTTPStatus.FORBIDDEN}:
                    raise _Reply(HTTPStatus(response.status), message)
                raise _Reply(
                    HTTPStatus.BAD_GATEWAY,
                    f"the SPARQL engine failed ({response.status}): {message}",
                )
            media_type = (response.getheader("Content-Type") or "").split(";")[0].strip()
            try:
                if media_type == "application/sparql-results+xml":
                    solutions = read_solutions(response, sock, deadline, limits.max_rows)
                    form = "ASK" if solutions.boolean is not None else "SELECT"
                    fmt = choose_format(form, accept, formats)
                    if fmt is None:
                        raise self._not_acceptable(form)
                    payload, capped = write_solutions(solutions, fmt), solutions.capped
                elif media_type == "application/n-triples":
                    graph = read_graph(response, sock, deadline, limits.max_rows)
                    form = keyword if keyword in {"CONSTRUCT", "DESCRIBE"} else "CONSTRUCT"
                    fmt = choose_format(form, accept, formats)
                    if fmt is None:
                        raise self._not_acceptable(form)
                    payload, capped = write_graph(graph, fmt), graph.capped
                else:
                    raise _Reply(
                        HTTPStatus.BAD_GATEWAY, f"the SPARQL engine answered in {media_type!r}"
                    )
            except QueryTimeout:
                raise timed_out from None
            except EngineError as exc:
                if time.monotonic() >= deadline:
                    raise timed_out from None
                raise _Reply(HTTPStatus.BAD_GATEWAY, f"the SPARQL engine failed: {exc}") from exc
        finally:
            connection.close()
        headers = {
            "X-Policygraph-Capped": "true" if capped else "false",
            "X-Policygraph-Max-Rows": str(limits.max_rows),
            "Vary": "Accept",
        }
        self._send(HTTPStatus.OK, fmt.media_type, payload, headers)
