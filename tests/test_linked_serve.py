"""Dereferenceable IRIs and reconciliation through a running ``policygraph serve``, over
real HTTP: what a browser, an RDF client and OpenRefine see."""

from __future__ import annotations

import json

import pytest
import requests
from rdflib import Graph, Literal, URIRef

import policygraph as pg
from policygraph._namespaces import PGID, RDFS
from policygraph.server import Limits, SparqlServer

pytestmark = pytest.mark.server

FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/ld+json": "json-ld",
}
ENTITIES = ["number-one-project", "hangzhou", "city-brain", "alibaba", "zhejiang"]


@pytest.fixture(scope="module")
def server(kg_memory: pg.KnowledgeGraph) -> SparqlServer:
    with SparqlServer(kg_memory, limits=Limits(timeout=30)) as running:
        yield running


@pytest.mark.parametrize("slug", ENTITIES)
@pytest.mark.parametrize("media_type", sorted(FORMATS))
def test_an_iri_dereferences_to_its_description_in_each_format(
    server: SparqlServer, kg_memory: pg.KnowledgeGraph, slug: str, media_type: str
) -> None:
    first = requests.get(
        f"{server.url}id/{slug}", headers={"Accept": media_type}, allow_redirects=False
    )
    assert first.status_code == 303
    assert "Accept" in first.headers["Vary"]
    document = requests.get(first.headers["Location"], headers={"Accept": media_type})
    assert document.status_code == 200
    assert document.headers["Content-Type"].split(";")[0] == media_type
    graph = Graph().parse(data=document.text, format=FORMATS[media_type])
    entity = URIRef(PGID[slug])
    assert set(graph.objects(entity, RDFS.label)) == set(
        kg_memory.graph.objects(entity, RDFS.label)
    )
    assert any(
        isinstance(label, Literal) and label.language == "zh"
        for label in graph.objects(entity, RDFS.label)
    )


def test_a_browser_gets_the_entity_card(server: SparqlServer) -> None:
    answer = requests.get(f"{server.url}id/number-one-project", headers={"Accept": "text/html"})
    assert answer.status_code == 200 and answer.history[0].status_code == 303
    assert "text/html" in answer.headers["Content-Type"]
    assert "一号工程" in answer.text


def test_an_unknown_slug_is_404_with_suggestions(server: SparqlServer) -> None:
    answer = requests.get(f"{server.url}id/hangzou", headers={"Accept": "text/turtle"})
    assert answer.status_code == 404
    assert "hangzhou" in answer.text


def test_openrefine_reconciles_through_serve(server: SparqlServer) -> None:
    manifest = requests.get(f"{server.url}reconcile").json()
    assert manifest["versions"] and manifest["identifierSpace"]
    queries = {
        "q0": {"query": "杭州", "type": "PrefectureCity"},
        "q1": {"query": "城市大腦"},
        "q2": {"query": "yi hao gong cheng"},
    }
    answer = requests.post(
        f"{server.url}reconcile",
        data={"queries": json.dumps(queries, ensure_ascii=False)},
        headers={"User-Agent": "OpenRefine/3.8.7 [TRUNK]"},
    )
    assert answer.status_code == 200
    results = answer.json()
    top = {key: results[key]["result"][0] for key in queries}
    assert top["q0"]["id"].endswith("hangzhou") and top["q0"]["match"]
    assert top["q1"]["id"].endswith("city-brain") and top["q1"]["match"]
    assert top["q2"]["id"].endswith("number-one-project") and top["q2"]["match"]


def test_a_cross_site_page_cannot_reconcile_unless_allowed(server: SparqlServer) -> None:
    answer = requests.post(
        f"{server.url}reconcile",
        data={"queries": "{}"},
        headers={"Origin": "https://elsewhere.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert answer.status_code == 403
