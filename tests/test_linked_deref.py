"""Dereferenceable IRIs (``/id/{slug}``, ``/ontology/{term}``): 303 to one document per
format with ``Vary: Accept``, documents that parse back to the entity's description
and evidence, 404 with suggestions, and the ontology documentation."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, Literal, URIRef

import policygraph as pg
from policygraph._namespaces import OA, PG, PGID, RDFS
from policygraph.linked import Reply, handle

BASE = "https://policygraph.example.org"
# Accept headers as sent by Firefox, curl and RDF clients
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
ACCEPT = {
    "html": BROWSER,
    "ttl": "text/turtle, application/n-triples;q=0.5",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json;q=1.0, text/html;q=0.2",
}
MEDIA = {
    "html": "text/html",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}
RDFLIB = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
ENTITIES = ["number-one-project", "hangzhou", "city-brain", "alibaba", "zhejiang"]
REMOTE = re.compile(r'(?:src|href|action)\s*=\s*["\']?(?:https?:)?//', re.I)


@pytest.fixture(scope="module")
def kg() -> pg.KnowledgeGraph:
    return pg.load()


def _request(
    kg: pg.KnowledgeGraph, path: str, accept: str | None = None, method: str = "GET"
) -> Reply:
    headers = {"host": "policygraph.example.org", "user-agent": "test"}
    if accept is not None:
        headers["accept"] = accept
    reply = handle(kg, method, path, {}, headers, b"", base=BASE)
    assert reply is not None
    return reply


def _follow(kg: pg.KnowledgeGraph, path: str, accept: str) -> Reply:
    first = _request(kg, path, accept)
    assert first.status == 303, first
    assert first.header("Vary") == "Accept"
    location = first.header("Location")
    assert location is not None and location.startswith(BASE)
    second = _request(kg, urlsplit(location).path, accept)
    assert second.status == 200, second
    return second


@pytest.mark.parametrize("slug", ENTITIES)
@pytest.mark.parametrize("suffix", ["ttl", "nt", "jsonld"])
def test_every_entity_parses_back_in_every_rdf_format(
    kg: pg.KnowledgeGraph, slug: str, suffix: str
) -> None:
    reply = _follow(kg, f"/id/{slug}", ACCEPT[suffix])
    assert (reply.header("Content-Type") or "").startswith(MEDIA[suffix])
    graph = Graph().parse(data=reply.body.decode("utf-8"), format=RDFLIB[suffix])
    iri = PGID[slug]
    labels = {label.language for label in graph.objects(iri, RDFS.label)}
    assert {"zh", "en"} <= labels
    evidence = set(graph.objects(iri, PG.hasEvidence))
    assert evidence, "the description carries the entity's evidence"
    quotes = [
        graph.value(selector, OA.exact)
        for node in evidence
        for target in graph.objects(node, OA.hasTarget)
        for selector in graph.objects(target, OA.hasSelector)
    ]
    assert any(isinstance(q, Literal) and str(q) for q in quotes)
    assert set(graph.subjects(None, iri)) or set(graph.objects(iri, None))  # facts both ways


@pytest.mark.parametrize("slug", ENTITIES)
def test_every_entity_has_an_html_card(kg: pg.KnowledgeGraph, slug: str) -> None:
    reply = _follow(kg, f"/id/{slug}", ACCEPT["html"])
    page = reply.body.decode("utf-8")
    card = kg.entity(PGID[slug])
    assert card.label_zh in page and card.label_en.replace("'", "&#x27;") in page
    assert card.evidence and card.evidence[0].quote.replace("\n", "") in page.replace("\n", "")
    assert "Facts" in page and f'href="/id/{slug}.ttl"' in page
    assert not REMOTE.search(page) and "<script" not in page


def test_facts_link_both_ways(kg: pg.KnowledgeGraph) -> None:
    page = _request(kg, "/id/number-one-project.html").body.decode("utf-8")
    assert "→" in page and "←" in page
    assert 'href="/id/digital-china"' in page or 'href="/id/zhejiang"' in page


def test_periods_and_data_sets_are_dereferenceable(kg: pg.KnowledgeGraph) -> None:
    for slug in ("period/2018", "dataset/zhejiang-digital-economy"):
        reply = _follow(kg, f"/id/{slug}", ACCEPT["ttl"])
        graph = Graph().parse(data=reply.body.decode("utf-8"), format="turtle")
        assert (PGID[slug], None, None) in graph


def test_names_in_place_of_slugs_redirect_to_the_entity(kg: pg.KnowledgeGraph) -> None:
    reply = _request(kg, "/id/yi-hao-gong-cheng", ACCEPT["ttl"])
    assert reply.status == 303
    assert reply.header("Location") == f"{BASE}/id/number-one-project"
    assert _request(kg, "/id/yi-hao-gong-cheng.ttl").header("Location") == (
        f"{BASE}/id/number-one-project.ttl"
    )


def test_an_unknown_slug_is_404_with_suggestions(kg: pg.KnowledgeGraph) -> None:
    html_reply = _request(kg, "/id/hangzou", BROWSER)
    assert html_reply.status == 404
    assert 'href="/id/hangzhou"' in html_reply.body.decode("utf-8")
    text_reply = _request(kg, "/id/city-brian", "text/turtle")
    assert text_reply.status == 404 and b"/id/city-brain" in text_reply.body
    escaped = _request(kg, "/id/%3Cscript%3Ealert(1)%3C%2Fscript%3E", BROWSER)
    assert escaped.status == 404 and b"<script>" not in escaped.body


def test_methods_and_negotiation_edges(kg: pg.KnowledgeGraph) -> None:
    head = _request(kg, "/id/hangzhou.ttl", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert _request(kg, "/id/hangzhou", method="POST").status == 405
    assert _request(kg, "/id/hangzhou", "image/png").status == 406
    no_accept = _request(kg, "/id/hangzhou")
    assert no_accept.header("Location") == f"{BASE}/id/hangzhou.html"


def test_ontology_documentation_and_terms(kg: pg.KnowledgeGraph) -> None:
    page_reply = _follow(kg, "/ontology", BROWSER)
    page = page_reply.body.decode("utf-8")
    for text in ("Observation", "观测值", "Policy document", "政策文件", "SHACL constraints"):
        assert text in page, text
    assert "An observation belongs to at most one qb:DataSet" in page
    assert "Examples · 示例" in page
    assert not re.search(r'<(?:script|link|img|iframe)[^>]*(?:src|href)="(?:https?:)?//', page)
    term = _request(kg, "/ontology/Observation", BROWSER)
    assert term.status == 303
    assert term.header("Location") == f"{BASE}/ontology.html#Observation"
    assert 'id="Observation"' in page
    turtle = _follow(kg, "/ontology/Observation", "text/turtle")
    graph = Graph().parse(data=turtle.body.decode("utf-8"), format="turtle")
    assert (
        PG.Observation,
        RDFS.subClassOf,
        URIRef("http://purl.org/linked-data/cube#Observation"),
    ) in graph
    assert b"sh:message" in turtle.body or b"shacl#message" in turtle.body
    whole = _follow(kg, "/ontology", "application/n-triples")
    assert len(Graph().parse(data=whole.body.decode("utf-8"), format="nt")) > 1000
    missing = _request(kg, "/ontology/Polcy", "text/turtle")
    assert missing.status == 404 and b"/ontology/Policy" in missing.body


def test_render_writes_the_ontology_documentation(kg: pg.KnowledgeGraph, tmp_path: Path) -> None:
    from policygraph.linked import write_ontology_documentation

    path = write_ontology_documentation(tmp_path / "out", kg)
    page = path.read_text(encoding="utf-8")
    assert path.name == "ontology.html" and "政策文件" in page and "Policy document" in page
    assert page.count("SHACL constraints · 约束") >= 20
    assert re.findall(r"<script\b[^>]*>", page) == [
        '<script id="schema.org" type="application/ld+json">'
    ]


def test_definitions_reach_the_page_escaped() -> None:
    from policygraph.linked._docs import pylode_page

    ontology = Graph().parse(
        data="""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <https://example.org/o> a owl:Ontology ; rdfs:label "o"@en .
        <https://example.org/o/Thing> a owl:Class ; rdfs:label "Thing <b>x</b>"@en ;
            skos:definition "Breaks <script>alert(1)</script> & more"@en .
        """,
        format="turtle",
    )
    page = pylode_page(ontology)
    assert "<script>alert(1)</script>" not in page and "<b>x</b>" not in page
    assert "alert(1)" in page
