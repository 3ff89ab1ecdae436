"""Endpoint settings and the named queries offered on the query page."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .. import _paths

__all__ = ["STATIC_DIR", "Limits", "named_queries"]

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
_HEADER_FIELD = re.compile(r"#\s?([a-z_]+):\s(.*)")


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
        Queries running at once, each in a worker process of its own.
    max_queued : int
        Queries waiting for a free worker; more get 503 with ``Retry-After``.
    queue_timeout : float
        Seconds a query waits for a free worker before it gets that 503.
    header_timeout : float
        Seconds a client has to send a request's headers (and, separately, its
        body); a slower connection is closed (or gets 408).
    idle_timeout : float
        Seconds a kept-alive connection may stay idle between requests.
    max_connections : int
        Open connections at once; more get 503.
    max_memory_mb : int or None
        Memory (data segment) one query worker may use; a query that needs more
        gets 502 and its worker is replaced. ``None``: no limit but the deadline.
    """

    timeout: float = 30.0
    max_rows: int = 10_000
    max_request_bytes: int = 256 * 1024
    max_concurrent: int = 4
    max_queued: int = 64
    queue_timeout: float = 2.0
    header_timeout: float = 10.0
    idle_timeout: float = 5.0
    max_connections: int = 1000
    max_memory_mb: int | None = 2048


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
