"""Dereferenceable IRIs: ``/id/{slug}`` and ``/ontology/{term}``, as the W3C note
"Cool URIs for the Semantic Web" (section 4.2, 303 URIs forwarding to one generic
document per format) describes.

A thing's IRI answers ``303 See Other`` with ``Vary: Accept`` to the document in the
format the client accepts (``/id/{slug}.html``, ``.ttl``, ``.nt``, ``.jsonld``);
each document answers ``200``. An unknown slug answers ``404`` with the closest
names; a slug that is really a name (``/id/yi-hao-gong-cheng``, pinyin of 一号工程)
answers ``303`` to the one entity it names.
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING
from urllib.parse import unquote

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .._namespaces import PG, PGID, RDFS, bind_prefixes
from .._sparql import read_query
from ._http import (
    FORMATS,
    Reply,
    html_page,
    negotiate,
    not_allowed,
    path_link,
    see_other,
    text_reply,
)

if TYPE_CHECKING:
    from ..entity import Entity
    from ..graph import KnowledgeGraph

__all__ = ["dereference_entity", "dereference_ontology", "describe", "ontology_graph"]

_RDF_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
_SUGGESTIONS = 5


def _split_suffix(rest: str) -> tuple[str, str | None]:
    stem, dot, suffix = rest.rpartition(".")
    if dot and suffix in FORMATS and "/" not in suffix:
        return stem, suffix
    return rest, None


def _alternates(path: str) -> dict[str, str]:
    links = ", ".join(
        f'<{path}.{suffix}>; rel="alternate"; type="{media.split(";")[0]}"'
        for suffix, (media, _) in FORMATS.items()
    )
    return {"Link": links}


def _serialize(graph: Graph, suffix: str, extra: dict[str, str]) -> Reply:
    bind_prefixes(graph.namespace_manager)
    data = graph.serialize(format=_RDF_FORMATS[suffix], encoding="utf-8")
    return Reply(200, (("Content-Type", FORMATS[suffix][0]), *extra.items()), data)


def describe(kg: KnowledgeGraph, iri: URIRef) -> Graph:
    """The node's description: its triples both ways, neighbours' labels, its evidence."""
    result = kg.execute(read_query("api/entity-description"), entity=iri)
    graph = Graph()
    for subject, predicate, obj in result:  # type: ignore[misc]
        graph.add((subject, predicate, obj))
    return graph


# -- /id/{slug} ---------------------------------------------------------------------------


def dereference_entity(
    kg: KnowledgeGraph, method: str, path: str, accept: str | None, *, base: str
) -> Reply:
    """Answer a request under ``/id/``."""
    if method not in ("GET", "HEAD"):
        return not_allowed()
    rest = unquote(path.removeprefix("/id/")).strip("/")
    slug, suffix = _split_suffix(rest)
    if not slug:
        return text_reply(404, "no id: ask for /id/{slug}, e.g. /id/hangzhou\n")
    iri = PGID[slug]
    if (iri, None, None) not in kg.graph and (None, None, iri) not in kg.graph:
        canonical = _named_by(kg, slug)
        if canonical is not None:
            target = f"{base}/id/{canonical}" + (f".{suffix}" if suffix else "")
            return see_other(target, f"{slug!r} is a name of <{PGID[canonical]}>")
        return _unknown(kg, slug, suffix or negotiate(accept))
    if suffix is None:
        chosen = negotiate(accept)
        if chosen is None:
            return _not_acceptable(f"{base}/id/{slug}")
        return see_other(f"{base}/id/{slug}.{chosen}", f"<{iri}> is described by")
    extra = _alternates(f"{base}/id/{slug}")
    if suffix == "html":
        return html_page(_title(kg, iri, slug), _entity_html(kg, iri, slug), extra=extra)
    return _serialize(describe(kg, iri), suffix, extra)


def _not_acceptable(path: str) -> Reply:
    offered = ", ".join(media.split(";")[0] for media, _ in FORMATS.values())
    return text_reply(406, f"{path} is available as {offered}\n", {"Vary": "Accept"})


def _named_by(kg: KnowledgeGraph, slug: str) -> str | None:
    """The slug of the one entity whose name (label, alias, pinyin) the slug spells."""
    from ..resolve import Resolver

    matches = Resolver.from_graph(kg).lookup(slug.replace("-", " "))
    return matches[0].slug if len(matches) == 1 else None


def _suggestions(kg: KnowledgeGraph, text: str) -> list[tuple[str, str]]:
    hits = kg.search(text.replace("-", " ").replace("/", " "), limit=_SUGGESTIONS)
    return [
        (str(row["slug"]), str(row["label_zh"] or row["label_en"]))
        for row in hits.to_dict("records")
    ]


def _unknown(kg: KnowledgeGraph, slug: str, suffix: str | None) -> Reply:
    suggestions = _suggestions(kg, slug)
    if suffix == "html":
        items = "".join(
            f"<li>{path_link(f'/id/{other}', label)} <code>{html.escape(other)}</code></li>"
            for other, label in suggestions
        )
        body = f"<h1>404: nothing has the id <code>{html.escape(slug)}</code></h1>" + (
            f"<p>Did you mean:</p><ul>{items}</ul>" if items else ""
        )
        return html_page(f"404 {slug}", body, status=404)
    lines = [f"nothing has the id {slug!r}"]
    lines += [f"did you mean: /id/{other} ({label})" for other, label in suggestions]
    return text_reply(404, "\n".join(lines) + "\n")


def _title(kg: KnowledgeGraph, iri: URIRef, slug: str) -> str:
    labels = sorted(str(label) for label in kg.graph.objects(iri, RDFS.label))
    return " / ".join(labels) or slug


def _rows(pairs: Iterable[tuple[str, str]]) -> str:
    return "".join(
        f"<tr><th>{html.escape(name)}</th><td>{value}</td></tr>" for name, value in pairs if value
    )


def _link(iri: str, label: str) -> str:
    if iri.startswith(str(PGID)):
        return path_link(f"/id/{iri.removeprefix(str(PGID))}", label or iri)
    return html.escape(label or iri)


def _entity_html(kg: KnowledgeGraph, iri: URIRef, slug: str) -> str:
    card: Entity = kg.entity(iri)
    escape = html.escape
    formats = " ".join(
        path_link(f"/id/{slug}.{suffix}", name)
        for suffix, name in (("ttl", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD"))
    )
    parts = [
        f"<h1>{escape(card.label_zh or card.label)}"
        + (f" / {escape(card.label_en)}" if card.label_en else "")
        + "</h1>",
        f"<p><code>{escape(str(iri))}</code> · {escape('/'.join(card.kinds) or card.kind)}</p>",
        f"<nav>{formats}</nav>",
    ]
    names = [
        ("aliases", escape(", ".join(card.aliases))),
        ("pinyin", escape(", ".join(card.pinyin))),
        ("year", "" if card.year is None else str(card.year)),
        ("same as", escape(", ".join(card.same_as))),
    ]
    table = _rows(names)
    if table:
        parts.append(f"<table>{table}</table>")
    if card.facts:
        rows = "".join(
            "<tr>"
            f"<td>{'→' if fact.direction == 'out' else '←'}</td>"
            f"<td>{escape(fact.relation_label or fact.relation)}</td>"
            f"<td>{_link(fact.other, fact.other_label)}</td>"
            f"<td>{'' if fact.year is None else fact.year}</td>"
            "</tr>"
            for fact in card.facts
        )
        parts.append(f"<h2>Facts · 关系 ({len(card.facts)})</h2><table>{rows}</table>")
    if card.figures:
        items = "".join(
            f"<li>{_link(figure.observation, str(figure))}</li>" for figure in card.figures
        )
        parts.append(f"<h2>Figures · 数据 ({len(card.figures)})</h2><ul>{items}</ul>")
    if card.evidence:
        items = "".join(
            f"<li><q>{escape(quote.quote)}</q> <small>[{quote.start}:{quote.end}] "
            f"{escape(quote.section)} · {_link(quote.source, quote.source.rsplit('/', 1)[-1])}"
            "</small></li>"
            for quote in card.evidence
        )
        parts.append(f"<h2>Evidence · 原文依据 ({len(card.evidence)})</h2><ol>{items}</ol>")
    return "".join(parts)


# -- /ontology and /ontology/{term} ---------------------------------------------------------


@cache
def ontology_graph() -> Graph:
    """The ontology and its SHACL shapes, as one graph."""
    from .. import _paths
    from ..loading import parse_file

    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    for path in (_paths.ontology_file(), _paths.ontology_dir() / "shapes.ttl"):
        for triple in parse_file(path):
            graph.add(triple)
    return graph


def _closure(graph: Graph, nodes: Iterable[object], into: Graph) -> None:
    """Every triple of the nodes, following blank nodes (a concise bounded description)."""
    frontier = list(nodes)
    seen: set[object] = set()
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in graph.triples((node, None, None)):  # type: ignore[arg-type]
            into.add(triple)
            if isinstance(triple[2], BNode):
                frontier.append(triple[2])


def _term_description(term: URIRef) -> Graph:
    """The term's axioms, and every SHACL shape that targets it or constrains it."""
    ontology = ontology_graph()
    described = Graph()
    _closure(ontology, [term], described)
    shapes: set[Node] = set()
    for prop in (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.path):
        for holder in ontology.subjects(prop, term):
            shapes.add(holder)
    parents = {s for shape in shapes for s in ontology.subjects(SH.property, shape)}
    _closure(ontology, [*shapes, *parents], described)
    return described


def dereference_ontology(
    method: str, path: str, accept: str | None, *, base: str, documentation: Callable[[], str]
) -> Reply:
    """Answer a request for ``/ontology``, ``/ontology.{format}`` or ``/ontology/{term}``."""
    if method not in ("GET", "HEAD"):
        return not_allowed()
    if path in ("/ontology", "/ontology/"):
        chosen = negotiate(accept)
        if chosen is None:
            return _not_acceptable(f"{base}/ontology")
        return see_other(f"{base}/ontology.{chosen}", f"<{PG}> is described by")
    if path.startswith("/ontology."):
        suffix = path.removeprefix("/ontology.")
        if suffix == "html":
            return Reply(200, (("Content-Type", FORMATS["html"][0]),), documentation().encode())
        if suffix in _RDF_FORMATS:
            described = Graph()
            for triple in ontology_graph():
                described.add(triple)
            return _serialize(described, suffix, _alternates(f"{base}/ontology"))
        return text_reply(404, f"no such document: {path}\n")
    term, term_suffix = _split_suffix(unquote(path.removeprefix("/ontology/")).strip("/"))
    iri = PG[term]
    ontology = ontology_graph()
    if (iri, None, None) not in ontology:
        terms = sorted(
            str(node).removeprefix(str(PG))
            for node in set(ontology.subjects())
            if isinstance(node, URIRef) and str(node).startswith(str(PG)) and node != URIRef(PG)
        )
        close = difflib.get_close_matches(term, terms, n=_SUGGESTIONS, cutoff=0.5)
        lines = [f"the ontology has no term {term!r}"]
        lines += [f"did you mean: /ontology/{other}" for other in close]
        return text_reply(404, "\n".join(lines) + "\n")
    chosen = term_suffix or negotiate(accept)
    if chosen is None:
        return _not_acceptable(f"{base}/ontology/{term}")
    if chosen == "html":
        return see_other(f"{base}/ontology.html#{term}", f"<{iri}> is documented in")
    if term_suffix is None:
        return see_other(f"{base}/ontology/{term}.{chosen}", f"<{iri}> is described by")
    return _serialize(_term_description(iri), chosen, _alternates(f"{base}/ontology/{term}"))
