"""Linked-data citizenship on `policygraph serve`: dereferenceable IRIs and a
reconciliation service, behind one function the server calls.

`handle` answers every request under ``/id/``, ``/ontology`` and ``/reconcile``
and returns None for any other path:

- ``/id/{slug}``: ``303 See Other`` (``Vary: Accept``) to ``/id/{slug}.html``,
  ``.ttl``, ``.nt`` or ``.jsonld``, the entity's card or its description with its
  evidence; ``404`` with suggestions for an unknown slug (W3C "Cool URIs for the
  Semantic Web", section 4.2).
- ``/ontology``, ``/ontology/{term}``: the ontology documentation (HTML) or the
  ontology and a term's axioms with the SHACL shapes that apply (RDF).
- ``/reconcile``: the W3C Entity Reconciliation CG API (0.2), as OpenRefine uses it.

Examples
--------
>>> import policygraph as pg
>>> kg = pg.load()
>>> reply = handle(kg, "GET", "/id/hangzhou", {}, {"accept": "text/turtle"}, b"",
...                base="http://localhost:8000")
>>> reply.status, reply.header("Location"), reply.header("Vary")
(303, 'http://localhost:8000/id/hangzhou.ttl', 'Accept')
>>> handle(kg, "GET", "/sparql", {}, {}, b"", base="http://localhost:8000") is None
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._dereference import dereference_entity, dereference_ontology
from ._docs import ontology_documentation, write_ontology_documentation
from ._http import Reply
from ._reconcile import reconcile

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["Reply", "handle", "ontology_documentation", "write_ontology_documentation"]


def handle(
    kg: KnowledgeGraph,
    method: str,
    path: str,
    query: dict[str, list[str]],
    headers: dict[str, str],
    body: bytes,
    *,
    base: str,
) -> Reply | None:
    """Answer a request for ``/id/…``, ``/ontology…`` or ``/reconcile…``; None otherwise.

    Parameters
    ----------
    kg : KnowledgeGraph
        The graph the server serves.
    method : str
        The HTTP method (``GET``, ``HEAD``, ``POST``, ``OPTIONS``).
    path : str
        The URL path, without the query string (percent-encoding allowed).
    query : dict
        The parsed query string (`urllib.parse.parse_qs`).
    headers : dict
        The request headers, with lower-case names.
    body : bytes
        The request body (OpenRefine posts ``queries=…`` form-encoded).
    base : str
        The server's external base URL, e.g. ``http://localhost:8000``; redirects
        and manifest URLs are built on it.

    Returns
    -------
    Reply or None
        None when the path is not one of these; a ``HEAD`` reply has no body.
    """
    method = method.upper()
    base = base.rstrip("/")
    accept = _header(headers, "accept")
    reply: Reply | None = None
    if path.startswith("/id/") or path == "/id":
        reply = dereference_entity(kg, method, path, accept, base=base)
    elif path == "/ontology" or path.startswith(("/ontology/", "/ontology.")):
        reply = dereference_ontology(
            method, path, accept, base=base, documentation=lambda: ontology_documentation(kg)
        )
    elif path == "/reconcile" or path.startswith("/reconcile/"):
        reply = reconcile(kg, method, path, query, headers, body, base=base)
    if reply is not None and method == "HEAD":
        reply = Reply(reply.status, reply.headers, b"")
    return reply


def _header(headers: Mapping[str, str], name: str) -> str | None:
    return headers.get(name) or headers.get(name.title())
