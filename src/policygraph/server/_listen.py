"""The HTTP listener: uvicorn (h11) on a socket we bind, with header and idle timeouts.

uvicorn closes idle kept-alive connections, but a connection that never sends a
complete request head (or dribbles one byte at a time) is kept forever; the
protocol class here closes it after ``Limits.header_timeout``.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from ._http import Limits

__all__ = ["Listener"]

_BACKLOG = 1024
_START_SECONDS = 30.0
# Room for the request line and headers beyond the largest request target we accept.
_HEADER_ROOM = 16 * 1024


class _TimedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, closing connections whose request head comes too slowly."""

    header_timeout = 10.0
    listener_logger = logging.getLogger("policygraph.serve")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.logger = self.listener_logger  # this server's log, not uvicorn's global one

    def connection_made(self, transport: asyncio.BaseTransport) -> None:  # type: ignore[override]
        super().connection_made(transport)  # type: ignore[arg-type]
        self._header_timer: asyncio.TimerHandle | None = None
        self._arm_header_timer()

    def _arm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(self.header_timeout, self._head_too_slow)

    def _head_too_slow(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE and self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and self.conn.their_state is h11.IDLE:
            self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None
        super().connection_lost(exc)


class _ForwardLog(logging.Handler):
    def __init__(self, log: Callable[[str], None]) -> None:
        super().__init__(logging.WARNING)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        from ._app import escape_controls

        self.log(escape_controls(f"{record.levelname.lower()}: {record.getMessage()}"))


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    return socket.create_server((host, port), family=family, backlog=_BACKLOG)


class Listener:
    """uvicorn serving ``app`` on ``host:port`` in a background thread.

    Raises
    ------
    OSError
        The address cannot be bound.
    """

    def __init__(
        self,
        app: Any,
        host: str,
        port: int,
        limits: Limits,
        log: Callable[[str], None] | None,
    ) -> None:
        self.socket = _bind(host, port)
        self.port: int = self.socket.getsockname()[1]
        logger = logging.getLogger(f"policygraph.serve.{id(self)}")
        logger.handlers = [_ForwardLog(log) if log is not None else logging.NullHandler()]
        logger.propagate = False
        protocol = type(
            "_Protocol",
            (_TimedH11Protocol,),
            {"header_timeout": limits.header_timeout, "listener_logger": logger},
        )
        config = uvicorn.Config(
            app,
            http=protocol,
            lifespan="off",
            log_config=None,
            access_log=False,
            server_header=False,
            backlog=_BACKLOG,
            timeout_keep_alive=max(1, round(limits.idle_timeout)),
            limit_concurrency=limits.max_connections,
            h11_max_incomplete_event_size=limits.max_request_bytes + _HEADER_ROOM,
            timeout_graceful_shutdown=2,
        )
        self.server = uvicorn.Server(config)
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Serve on a background thread; return once it accepts connections."""
        self._thread = threading.Thread(
            target=self.server.run,
            kwargs={"sockets": [self.socket]},
            name="policygraph-http",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + _START_SECONDS
        while not self.server.started and self._thread.is_alive():
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)
        if not self.server.started:
            self.stop()
            raise OSError("the HTTP server did not start")

    def alive(self) -> bool:
        """Whether the serving thread runs."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Stop accepting, finish or drop open requests, close the socket."""
        self.server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        self.socket.close()
