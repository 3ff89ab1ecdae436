"""Reasoning with HermiT: consistency, named clashes, inferred triples, atomic writes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS

from policygraph import InputError, _paths
from policygraph._namespaces import PG, PGID, WD
from policygraph.loading import parse_file
from policygraph.reasoning import (
    Clash,
    ReasonerError,
    ReasoningReport,
    find_clashes,
    reason,
    write_inferred,
)

EXAMPLES = _paths.ontology_dir() / "examples"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))

# invalid example -> the kind of clash and the IRIs (individuals, classes, properties)
# the reasoner must name
REASONER_EXPECTED: dict[str, tuple[str, set[str]]] = {
    "city-and-firm.ttl": (
        "disjoint classes",
        {PGID.hangzhou, PG.PrefectureCity, PG.Firm, PG.Place, PG.Organisation},
    ),
    "lineage-from-firm.ttl": (
        "disjoint classes",
        {PGID.alibaba, PG.Firm, PG.PolicyThing, PG.Organisation},
    ),
    "succeeds-and-implements.ttl": (
        "disjoint properties",
        {
            PGID["national-information-economy-demonstration-zone"],
            PGID["information-economy"],
            PG.succeeds,
            PG.implements,
        },
    ),
    "policy-succeeds-itself.ttl": ("irreflexive property", {PGID["information-economy"]}),
    "mutual-succession.ttl": (
        "asymmetric property",
        {PGID["information-economy"], PGID["digital-zhejiang"], PG.succeeds},
    ),
    "unit-with-language-tag.ttl": ("datatype", {PGID["digital-economy-total-2018"], PG.unit}),
}
# invalid for SHACL only: under the open-world assumption these are consistent
SHACL_ONLY = [
    "observation-without-unit.ttl",
    "entity-without-en-label.ttl",
    "evidence-without-offsets.ttl",
    "evidence-start-after-end.ttl",
]

java = pytest.mark.java
requires_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")


def _with_ontology(*paths: Path) -> Graph:
    graph = parse_file(_paths.ontology_file())
    for path in paths:
        parse_file(path, graph=graph)
    return graph


def _named(clash: Clash) -> set[str]:
    return set(clash.individuals) | set(clash.classes) | set(clash.properties)


def test_every_invalid_example_is_covered_by_the_reasoner_or_shacl_only() -> None:
    names = {path.name for path in (EXAMPLES / "invalid").glob("*.ttl")}
    assert names == set(REASONER_EXPECTED) | set(SHACL_ONLY)
    assert set(REASONER_EXPECTED).isdisjoint(SHACL_ONLY)


# -- HermiT --------------------------------------------------------------------------------


@java
@requires_java
@pytest.mark.parametrize("path", VALID, ids=lambda path: path.name)
def test_valid_examples_are_consistent(path: Path) -> None:
    report = reason(path)
    assert report.consistent, report.explain()
    assert report.clashes == []
    assert report.unsatisfiable == []


@java
@requires_java
def test_city_and_firm_is_inconsistent_naming_the_city_and_both_classes() -> None:
    report = reason(EXAMPLES / "invalid" / "city-and-firm.ttl")
    assert not report.consistent
    assert len(report.inferred) == 0
    (clash,) = report.clashes
    assert clash.kind == "disjoint classes"
    assert clash.individuals == (str(PGID.hangzhou),)
    assert clash.labels == ("杭州 / Hangzhou",)
    assert {str(PG.PrefectureCity), str(PG.Firm)} <= set(clash.classes)
    for name in ("pgid:hangzhou", "杭州 / Hangzhou", "pg:PrefectureCity", "pg:Firm"):
        assert name in clash.message
        assert name in report.explain()
    assert report.explain().startswith("inconsistent")


@java
@requires_java
@pytest.mark.parametrize("name", sorted(REASONER_EXPECTED))
def test_invalid_examples_are_inconsistent_with_a_named_clash(name: str) -> None:
    kind, expected = REASONER_EXPECTED[name]
    report = reason(EXAMPLES / "invalid" / name)
    assert not report.consistent
    assert [clash.kind for clash in report.clashes] == [kind]
    assert {str(iri) for iri in expected} <= _named(report.clashes[0])


@java
@requires_java
@pytest.mark.parametrize("name", SHACL_ONLY)
def test_shacl_only_examples_are_consistent(name: str) -> None:
    assert reason(EXAMPLES / "invalid" / name, infer=False).consistent


@java
@requires_java
def test_lineage_inferences_close_transitively_and_add_inverses() -> None:
    path = EXAMPLES / "valid" / "lineage.ttl"
    report = reason(path)
    inferred = report.inferred
    project = PGID["digital-economy-no1-project"]
    # no1-project elevates information-economy, which builds on digital-zhejiang,
    # which is part of the eight-eight strategy
    assert (project, PG.descendsFrom, PGID["eight-eight-strategy"]) in inferred
    assert (PGID["eight-eight-strategy"], PG.ancestorOf, project) in inferred
    assert (PGID["eight-eight-strategy"], PG.hasPart, PGID["digital-zhejiang"]) in inferred
    assert (PGID["information-economy"], PG.elevatedBy, project) in inferred
    assert (PGID["digital-zhejiang"], PG.basisOf, PGID["information-economy"]) in inferred
    # only new triples, about named individuals
    data = parse_file(path)
    assert all(triple not in data for triple in inferred)
    assert not any(isinstance(term, Literal | BNode) for t in inferred for term in t)
    assert "pg:descendsFrom" in report.explain()


@java
@requires_java
def test_place_hierarchy_closes_without_wikidata_aliases() -> None:
    report = reason(EXAMPLES / "valid" / "places.ttl")
    assert set(report.inferred) == {(PGID.hangzhou, PG.locatedIn, PGID.china)}
    assert not any(str(term).startswith(str(WD)) for t in report.inferred for term in t)


@java
@requires_java
def test_domain_and_range_give_inferred_types() -> None:
    data = Graph()
    data.add((PGID.a, PG.buildsOn, PGID.b))
    data.add((PGID.c, PG.locatedIn, PGID.d))
    report = reason(data)
    assert report.consistent
    for node, cls in ((PGID.a, PG.PolicyThing), (PGID.b, PG.PolicyThing), (PGID.d, PG.Place)):
        assert (node, RDF.type, cls) in report.inferred


@java
@requires_java
@pytest.mark.slow
def test_the_built_graph_is_consistent() -> None:
    from policygraph.build import build

    report = reason(build().union(), infer=False)
    assert report.consistent, report.explain()
    assert report.unsatisfiable == []
    assert report.triples > 5000


@java
@requires_java
@pytest.mark.slow
def test_unexplained_contradictions_are_shrunk_with_hermit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # pretend the rules explain nothing: HermiT alone must narrow the data down
    monkeypatch.setattr("policygraph.reasoning.find_clashes", lambda graph: [])
    data = Graph()
    data.add((PGID.hangzhou, RDF.type, PG.PrefectureCity))
    data.add((PGID.hangzhou, RDFS.label, Literal("杭州", lang="zh")))
    data.add((PGID.alibaba, RDF.type, PG.Firm))
    data.add((PGID.alibaba, PG.leads, PGID.cloud))
    data.add((PGID.cloud, RDF.type, PG.Industry))
    data.add((PGID.hangzhou, RDF.type, PG.Firm))
    report = reason(data)
    assert not report.consistent
    (clash,) = report.clashes
    assert clash.kind == "unexplained"
    assert clash.individuals == (str(PGID.hangzhou),)
    assert clash.labels == ("杭州",)
    assert set(clash.classes) == {str(PG.PrefectureCity), str(PG.Firm)}
    assert "pgid:hangzhou rdf:type pg:Firm" in clash.message
    assert "pgid:alibaba" not in clash.message


# -- without Java --------------------------------------------------------------------------


def test_missing_java_raises_reasoner_error(monkeypatch: pytest.MonkeyPatch) -> None:
    import owlready2

    monkeypatch.setattr(owlready2, "JAVA_EXE", "no-such-java-for-policygraph")
    with pytest.raises(ReasonerError, match="Java"):
        reason(EXAMPLES / "valid" / "places.ttl")


def test_malformed_turtle_raises_input_error_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("<https://w3id.org/policygraph/id/a>\n  a <x:Y> ;\n  ] .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        reason(bad)
    assert caught.value.path == str(bad)
    assert caught.value.line == 3


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.name)
def test_find_clashes_finds_nothing_in_valid_examples(path: Path) -> None:
    assert find_clashes(_with_ontology(path)) == []


def test_find_clashes_finds_nothing_in_the_built_graph() -> None:
    from policygraph.build import build

    graph = _with_ontology()
    for triple in build().union():
        graph.add(triple)
    assert find_clashes(graph) == []


@pytest.mark.parametrize("name", sorted(REASONER_EXPECTED))
def test_find_clashes_explains_each_invalid_example(name: str) -> None:
    kind, expected = REASONER_EXPECTED[name]
    clashes = find_clashes(_with_ontology(EXAMPLES / "invalid" / name))
    assert [clash.kind for clash in clashes] == [kind]
    assert {str(iri) for iri in expected} <= _named(clashes[0])
    assert str(clashes[0]) == clashes[0].message


def test_find_clashes_follows_same_as() -> None:
    graph = _with_ontology()
    graph.add((PGID.a, RDF.type, PG.Firm))
    graph.add((PGID.a, RDFS.label, Literal("甲", lang="zh")))
    graph.add((PGID.b, RDF.type, PG.Province))
    graph.add((PGID.a, OWL.sameAs, PGID.b))
    (clash,) = find_clashes(graph)
    assert clash.kind == "disjoint classes"
    assert clash.individuals == (str(PGID.a), str(PGID.b))
    assert clash.labels == ("甲", "")
    assert "pgid:a (甲) = pgid:b" in clash.message


def test_find_clashes_checks_union_domains() -> None:
    graph = _with_ontology()
    graph.add((PGID.cloud, RDF.type, PG.Industry))
    graph.add((PGID.cloud, PG.proposed, PGID.plan))
    (clash,) = find_clashes(graph)
    assert clash.kind == "domain or range"
    assert "subject of pg:proposed" in clash.message
    assert {str(PG.Organisation), str(PG.Person), str(PG.Industry)} <= set(clash.classes)


def test_find_clashes_checks_functional_datatype_properties() -> None:
    graph = _with_ontology()
    graph.add((PGID.obs, PG.unit, Literal("万亿元")))
    graph.add((PGID.obs, PG.unit, Literal("亿元")))
    (clash,) = find_clashes(graph)
    assert clash.kind == "functional property"
    assert clash.properties == (str(PG.unit),)


def test_find_clashes_checks_inverse_properties() -> None:
    # b succeededBy a is a succeeds b; with a succeeds b that is fine, with b succeeds a not
    graph = _with_ontology()
    graph.add((PGID.a, PG.succeeds, PGID.b))
    graph.add((PGID.a, PG.succeededBy, PGID.b))
    (clash,) = find_clashes(graph)
    assert clash.kind == "asymmetric property"


# -- reports and files ---------------------------------------------------------------------


def _report() -> ReasoningReport:
    inferred = Graph()
    inferred.add((PGID.hangzhou, PG.locatedIn, PGID.china))
    inferred.add((PGID.b, PG.basisOf, PGID.a))
    return ReasoningReport(consistent=True, inferred=inferred, seconds=0.5, triples=3)


def test_explain_counts_inferred_triples_by_property() -> None:
    text = _report().explain()
    assert text.splitlines()[0].startswith("consistent")
    assert "inferred 2 new triples" in text
    assert "pg:locatedIn" in text and "pg:basisOf" in text


def test_write_inferred_is_sorted_and_round_trips(tmp_path: Path) -> None:
    report = _report()
    nt = report.write_inferred(tmp_path / "out" / "inferred.nt")
    lines = nt.read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == 2
    ttl = write_inferred(report.inferred, tmp_path / "inferred.ttl")
    assert set(Graph().parse(ttl, format="turtle")) == set(report.inferred)
    jsonld = write_inferred(report.inferred, tmp_path / "inferred.jsonld")
    assert set(Graph().parse(jsonld, format="json-ld")) == set(report.inferred)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "inferred.jsonld",
        "inferred.ttl",
        "out",
    ]


def test_write_inferred_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "inferred.nt"
    target.write_text("previous\n", encoding="utf-8")

    def broken_replace(source: str | os.PathLike[str], destination: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_inferred(_report().inferred, target)
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["inferred.nt"]
