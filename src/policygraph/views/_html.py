"""Offline, escaped HTML around pyvis: the page template, inlined assets, JSON in scripts.

pyvis 0.3.2 falls short in four ways that matter here, and this module wraps each:

- its ``local`` and ``in_line`` modes still load vis-network or Bootstrap from a CDN:
  our template inlines vis-network (from pyvis's own copy) and uses no Bootstrap;
- it inserts the heading, and titles containing ``href``, as raw HTML: our template
  autoescapes every string, and data reach the page only as JSON whose ``<``, ``>``,
  ``&`` and ``/`` are escaped, rendered by our script with ``textContent``;
- its select menu garbles Chinese: our script has its own search box;
- its notebook mode writes files next to the notebook: `iframe` embeds the page in
  a ``srcdoc`` attribute instead.
"""

from __future__ import annotations

import html
import json
import math
import re
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

__all__ = [
    "REMOTE_URL",
    "environment",
    "iframe",
    "remote_urls",
    "script_json",
    "to_json_value",
]

_HERE = Path(__file__).resolve().parent
_TEMPLATES = _HERE / "_templates"

REMOTE_URL = re.compile(r"(?i)\b(?:https?|ftp|wss?):/{2}|(?<![\w:])//[a-z0-9.-]+\.[a-z]{2,}/")
"""A scheme-qualified or protocol-relative URL, as a browser would fetch it."""

# Escapes that keep JSON valid while making it inert inside a <script> element:
# no "</script>", no "<!--", no entity, no "://" for a reader to mistake for a link.
_SCRIPT_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "/": "\\/",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_SCRIPT_UNSAFE = re.compile("[<>&/\u2028\u2029]")


def to_json_value(value: Any) -> Any:
    """A JSON-ready copy of ``value``: NumPy scalars to Python, NaN and missing to None.

    Examples
    --------
    >>> import numpy as np
    >>> to_json_value({"year": np.int64(2003), "gap": float("nan"), "tags": ("a",)})
    {'year': 2003, 'gap': None, 'tags': ['a']}
    """
    if value is None or isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(key): to_json_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [to_json_value(item) for item in items]
    item = getattr(value, "item", None)  # NumPy and pandas scalars
    if callable(item):
        return to_json_value(item())
    if value.__class__.__name__ in {"NAType", "NaTType"}:
        return None
    return str(value)


def script_json(value: Any) -> Markup:
    """JSON text that is safe to place inside a ``<script>`` element.

    Examples
    --------
    >>> str(script_json({"label": "</script><img src=x onerror=alert(1)>"}))
    '{"label": "\\\\u003c\\\\/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = (
        value
        if isinstance(value, str)
        else json.dumps(to_json_value(value), ensure_ascii=False, allow_nan=False)
    )
    return Markup(_SCRIPT_UNSAFE.sub(lambda match: _SCRIPT_ESCAPES[match.group()], text))


@cache
def _vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet from pyvis's own copy, made URL-free.

    The only URLs in them sit in the licence comment and in string literals (the SVG
    namespace, error messages); ``:\\/\\/`` means the same there as ``://``.
    """
    import pyvis

    folder = Path(pyvis.__file__).resolve().parent / "templates" / "lib" / "vis-9.1.2"
    script = (folder / "vis-network.min.js").read_text(encoding="utf-8")
    style = (folder / "vis-network.css").read_text(encoding="utf-8")
    script = script.replace("://", ":\\/\\/")
    if "</script" in script.lower() or "</style" in style.lower() or REMOTE_URL.search(style):
        raise RuntimeError(f"cannot inline vis-network from {folder}: unexpected content")
    return script, style


@cache
def _own_asset(name: str) -> str:
    return (_TEMPLATES / name).read_text(encoding="utf-8")


def environment() -> jinja2.Environment:
    """A Jinja environment for the view templates: autoescaping, assets inlined.

    Each `PolicyNetwork` gets its own, because pyvis renders through the network's
    ``templateEnv`` and our page data travel as its globals.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(_TEMPLATES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    script, style = _vis_assets()
    env.filters["script_json"] = script_json
    env.globals["vis_js"] = Markup(script)
    env.globals["vis_css"] = Markup(style)
    env.globals["page_js"] = Markup(_own_asset("policygraph.js"))
    env.globals["page_css"] = Markup(_own_asset("policygraph.css"))
    return env


def remote_urls(page: str) -> list[str]:
    """Every URL in ``page`` that a browser could try to fetch (empty when offline).

    Examples
    --------
    >>> remote_urls('<a href="lineage.html">x</a>')
    []
    >>> remote_urls('<script src="https://cdn.example.org/vis.js"></script>')
    ['https://']
    """
    return [match.group() for match in REMOTE_URL.finditer(page)]


def iframe(page: str, *, height: str = "720px") -> str:
    """The page inside an ``<iframe srcdoc>``, for Jupyter and other HTML hosts.

    Examples
    --------
    >>> iframe("<p>a & b</p>").split(" style=")[0]
    '<iframe srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;"'
    """
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width: 100%; height: {html.escape(height)}; border: 0" '
        'sandbox="allow-scripts" loading="lazy"></iframe>'
    )
