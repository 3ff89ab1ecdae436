"""The reply type, content negotiation and small reply builders shared by the handlers."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from urllib.parse import quote

__all__ = [
    "FORMATS",
    "Reply",
    "html_page",
    "json_reply",
    "negotiate",
    "not_allowed",
    "path_link",
    "see_other",
    "text_reply",
]


@dataclass(frozen=True)
class Reply:
    """One HTTP reply: status, headers (name, value) and the body bytes."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header, by case-insensitive name."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


# suffix of a document -> (media type written, media types accepted for it)
FORMATS: dict[str, tuple[str, tuple[str, ...]]] = {
    "html": ("text/html; charset=utf-8", ("text/html", "application/xhtml+xml")),
    "ttl": ("text/turtle; charset=utf-8", ("text/turtle", "application/x-turtle")),
    "nt": ("application/n-triples; charset=utf-8", ("application/n-triples", "text/plain")),
    "jsonld": ("application/ld+json", ("application/ld+json", "application/json")),
}
_ACCEPT_ITEM = re.compile(r"^\s*([^;\s]+)\s*(?:;(.*))?$")


def negotiate(accept: str | None, default: str = "html") -> str | None:
    """The document suffix that best fits an ``Accept`` header (None: nothing fits).

    Examples
    --------
    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    'html'
    >>> negotiate("text/turtle;q=0.9, application/ld+json")
    'jsonld'
    >>> negotiate("application/n-triples"), negotiate(None), negotiate("image/png")
    ('nt', 'html', None)
    """
    if not accept or not accept.strip():
        return default
    best: tuple[float, int, str] | None = None
    for position, item in enumerate(accept.split(",")):
        found = _ACCEPT_ITEM.match(item)
        if found is None:
            continue
        media, params = found.group(1).lower(), found.group(2) or ""
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight <= 0:
            continue
        if media in ("*/*", "text/*"):
            suffix = default if media == "*/*" else "html"
            candidate = (weight - 0.001, -position, suffix)  # explicit types win ties
        else:
            suffix = next((s for s, (_, types) in FORMATS.items() if media in types), "")
            if not suffix:
                continue
            candidate = (weight, -position, suffix)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return None if best is None else best[2]


def _headers(content_type: str, extra: dict[str, str] | None) -> tuple[tuple[str, str], ...]:
    return (("Content-Type", content_type), *(extra or {}).items())


def text_reply(status: int, text: str, extra: dict[str, str] | None = None) -> Reply:
    """A plain-text reply."""
    return Reply(status, _headers("text/plain; charset=utf-8", extra), text.encode("utf-8"))


def json_reply(
    value: object,
    *,
    status: int = 200,
    callback: str | None = None,
    extra: dict[str, str] | None = None,
) -> Reply:
    """JSON, or JSONP when a safe ``callback`` name is given; CORS is open."""
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    headers = {"Access-Control-Allow-Origin": "*", **(extra or {})}
    if callback is not None:
        if not re.fullmatch(r"[A-Za-z_$][\w$.]{0,99}", callback):
            return text_reply(400, f"callback {callback!r} is not a JavaScript name", headers)
        return Reply(
            status,
            _headers("application/javascript; charset=utf-8", headers),
            f"/**/{callback}({body});".encode(),
        )
    return Reply(status, _headers("application/json; charset=utf-8", headers), body.encode("utf-8"))


def see_other(location: str, note: str) -> Reply:
    """303 See Other to the document that describes a thing (W3C Cool URIs, 4.2)."""
    return text_reply(303, f"{note}\nSee {location}\n", {"Location": location, "Vary": "Accept"})


def not_allowed(allowed: str = "GET, HEAD") -> Reply:
    """405 with the methods that are allowed."""
    return text_reply(405, f"method not allowed; use {allowed}\n", {"Allow": allowed})


def html_page(
    title: str, body: str, *, status: int = 200, extra: dict[str, str] | None = None
) -> Reply:
    """A whole HTML page around already-escaped ``body``; no remote asset of any kind."""
    page = (
        '<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body>{body}</body></html>\n"
    )
    return Reply(status, _headers(FORMATS["html"][0], extra), page.encode("utf-8"))


def path_link(path: str, text: str) -> str:
    """An escaped link to a path on this server (never to a remote host)."""
    return f'<a href="{html.escape(quote(path, safe="/#.-_~"))}">{html.escape(text)}</a>'


_STYLE = (
    "body{font-family:system-ui,'Noto Sans CJK SC',sans-serif;max-width:60rem;margin:2rem auto;"
    "padding:0 1rem;line-height:1.5}code{background:#f3f3f3;padding:0 .2em}"
    "table{border-collapse:collapse}th,td{text-align:left;padding:.2em .6em;vertical-align:top}"
    "th{color:#555;font-weight:normal}q{background:#fff6d5}nav a{margin-right:.8em}"
)
