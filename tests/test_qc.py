"""Quality checks (``queries/qc/*-violation.rq``): silent on the shipped graph, and each
one proven to fire on a small graph broken in the way it looks for."""

from __future__ import annotations

from pathlib import Path

import pytest

import policygraph as pg
from policygraph.queries import list_queries

CHECKS = [query.name for query in list_queries("qc")]

# A tiny graph that passes every check: two policies, one dated lineage edge with its
# reified statement, a figure, and evidence with quote, offsets and source.
CLEAN = """\
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix pg: <https://w3id.org/policygraph/ontology/> .
@prefix pgid: <https://w3id.org/policygraph/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#> .
@prefix sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#> .

pgid:source-doc a pg:SourceDocument ; pg:characters 20 .
pgid:ev a pg:Evidence ; oa:hasTarget pgid:ev-target .
pgid:ev-target oa:hasSource pgid:source-doc ;
    oa:hasSelector pgid:ev-quote, pgid:ev-position .
pgid:ev-quote oa:exact "数字浙江" .
pgid:ev-position oa:start 0 ; oa:end 4 .

pgid:old a pg:Policy ; rdfs:label "旧政策"@zh, "Old policy"@en ; pg:year 2003 ;
    pg:hasEvidence pgid:ev .
pgid:new a pg:Policy ; rdfs:label "新政策"@zh, "New policy"@en ; pg:year 2014 ;
    pg:buildsOn pgid:old ; pg:hasEvidence pgid:ev .
pgid:assertion-new-buildson-old a pg:Assertion ;
    rdf:subject pgid:new ; rdf:predicate pg:buildsOn ; rdf:object pgid:old ;
    pg:hasEvidence pgid:ev .
pgid:figure a pg:Observation ; rdfs:label "2018年 1 个"@zh, "Figure: 1"@en ;
    pg:indicator pgid:old ; sdmx-dimension:refArea pgid:old ; pg:role pg:Actual ;
    pg:qualifier pg:Exact ; sdmx-measure:obsValue 1.0 ; pg:unit "个" ; pg:unitBase "个" ;
    pg:valueBase 1.0 ; pg:hasEvidence pgid:ev .
"""

# What each check must catch: triples to add, a (old, new) text replacement to break
# the clean graph, and the focus node the check must report.
LATER = (
    'pgid:later a pg:Policy ; rdfs:label "后来"@zh, "Later"@en ; pg:year 2020 ;'
    " pg:hasEvidence pgid:ev .\n"
)
BROKEN: dict[str, tuple[str, tuple[str, str], str]] = {
    "qc/missing-label-violation": (
        "",
        ('"旧政策"@zh, "Old policy"@en', '"旧政策"@zh'),
        "https://w3id.org/policygraph/id/old",
    ),
    "qc/observation-without-unit-violation": (
        "",
        ('pg:unit "个" ;', ""),
        "https://w3id.org/policygraph/id/figure",
    ),
    "qc/evidence-without-offsets-violation": (
        "",
        ("oa:start 0 ; oa:end 4", "oa:start 0"),
        "https://w3id.org/policygraph/id/ev",
    ),
    "qc/lineage-backwards-violation": (
        LATER + "pgid:old pg:isPartOf pgid:later .\n"
        "pgid:assertion-x a pg:Assertion ; rdf:subject pgid:old ; rdf:predicate pg:isPartOf ;"
        " rdf:object pgid:later ; pg:hasEvidence pgid:ev .",
        ("", ""),
        "https://w3id.org/policygraph/id/old",
    ),
    "qc/lineage-cycle-violation": (
        "pgid:old pg:implements pgid:new .\n"
        "pgid:assertion-y a pg:Assertion ; rdf:subject pgid:old ; rdf:predicate pg:implements ;"
        " rdf:object pgid:new ; pg:hasEvidence pgid:ev .",
        ("", ""),
        "https://w3id.org/policygraph/id/new",
    ),
    "qc/missing-evidence-violation": (
        'pgid:orphan a pg:Goal ; rdfs:label "孤儿"@zh, "Orphan"@en .',
        ("", ""),
        "https://w3id.org/policygraph/id/orphan",
    ),
    "qc/unknown-term-violation": (
        "pgid:new a pg:Polcy .",
        ("", ""),
        "https://w3id.org/policygraph/id/new",
    ),
    "qc/unreified-statement-violation": (
        "pgid:new pg:implements pgid:old .",
        ("", ""),
        "https://w3id.org/policygraph/id/new",
    ),
}


def _graph(
    tmp_path: Path, extra: str = "", change: tuple[str, str] = ("", "")
) -> pg.KnowledgeGraph:
    old, new = change
    assert old in CLEAN
    path = tmp_path / "graph.ttl"
    path.write_text(CLEAN.replace(old, new, 1) + extra + "\n", encoding="utf-8")
    return pg.load(path)


def test_every_check_has_a_broken_example() -> None:
    assert set(BROKEN) == set(CHECKS)
    assert {
        "qc/missing-label-violation",
        "qc/observation-without-unit-violation",
        "qc/evidence-without-offsets-violation",
        "qc/lineage-backwards-violation",
    } <= set(CHECKS)


@pytest.mark.parametrize("name", CHECKS)
def test_check_is_silent_on_the_shipped_graph(kg: pg.KnowledgeGraph, name: str) -> None:
    found = kg.run(name)
    assert found.empty, f"{name}:\n{found.head(10).to_string()}"


def test_checks_are_silent_on_a_clean_small_graph(tmp_path: Path) -> None:
    kg = _graph(tmp_path)
    for name in CHECKS:
        assert kg.run(name).empty, name


@pytest.mark.parametrize("name", CHECKS)
def test_check_fires_on_a_broken_graph(tmp_path: Path, name: str) -> None:
    extra, change, focus = BROKEN[name]
    kg = _graph(tmp_path, extra, change)
    found = kg.run(name)
    assert focus in set(found["focus"]), found.to_string()
    assert found["problem"].str.len().min() > 0
    # the other checks stay silent: each broken graph breaks one rule
    others = [other for other in CHECKS if other != name and not kg.run(other).empty]
    allowed = {"qc/lineage-cycle-violation": {"qc/lineage-backwards-violation"}}
    assert set(others) <= allowed.get(name, set())
