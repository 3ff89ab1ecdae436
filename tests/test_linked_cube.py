"""Data Cube, OWL-Time and ELI in the data: the integrity constraints IC-1 to IC-21
(``queries/qc/qb-ic-*-violation.rq``) are silent on the release and on a small clean
cube, and each fires on the cube broken in the way it looks for; the release uses no
datatype outside the OWL 2 datatype map, and stock HermiT finds it consistent."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef

import policygraph as pg
from policygraph import _paths
from policygraph._namespaces import ELI, PG, PGID, QB, RDF, SDMX_DIMENSION, TIME, XSD
from policygraph.queries import list_queries
from policygraph.reasoning import java_available

CUBE = Path(__file__).parent / "fixtures" / "cube"
IC_CHECKS = [query.name for query in list_queries("qc") if query.name.startswith("qc/qb-ic-")]
EX = "http://example.org/cube/"
O1 = """ex:area ex:zj ; ex:sector ex:ict ; ex:sector-up ex:ict ; ex:value 1.0 ; ex:unit "元" """

# What each constraint must catch: Turtle added to the clean cube, and the node it names.
BROKEN: dict[int, tuple[str, str]] = {
    1: ("ex:lost a qb:Observation ; ex:value 1.0 .", "lost"),
    2: ("ex:ds2 a qb:DataSet .", "ds2"),
    3: (
        "ex:dsd3 a qb:DataStructureDefinition ; qb:component ex:c3 . ex:c3 qb:dimension ex:area .",
        "dsd3",
    ),
    4: (
        "ex:dsd qb:component ex:c4 . ex:c4 qb:dimension ex:no-range ."
        " ex:no-range a qb:DimensionProperty .",
        "no-range",
    ),
    5: (
        "ex:dsd qb:component ex:c5 . ex:c5 qb:dimension ex:topic ."
        " ex:topic a qb:DimensionProperty ; rdfs:range skos:Concept .",
        "topic",
    ),
    6: (
        "ex:dsd qb:component ex:c6 . ex:c6 qb:dimension ex:year ; qb:componentRequired false .",
        "c6",
    ),
    7: ("ex:stray-key a qb:SliceKey ; qb:componentProperty ex:area .", "stray-key"),
    8: (
        "ex:dsd qb:sliceKey ex:key8 . ex:key8 a qb:SliceKey ; qb:componentProperty ex:unit .",
        "key8",
    ),
    9: ("ex:slice9 a qb:Slice ; ex:area ex:zj .", "slice9"),
    10: ("ex:slice10 a qb:Slice ; qb:sliceStructure ex:by-area .", "slice10"),
    11: (f"ex:o3 a qb:Observation ; qb:dataSet ex:ds ; {O1} .", "o3"),
    12: (f"ex:o4 a qb:Observation ; qb:dataSet ex:ds ; ex:year 2018 ; {O1} .", "o1"),
    13: (
        "ex:o5 a qb:Observation ; qb:dataSet ex:ds ; ex:year 2020 ; ex:area ex:zj ;"
        " ex:sector ex:ict ; ex:sector-up ex:ict ; ex:value 1.0 .",
        "o5",
    ),
    14: (
        "ex:o6 a qb:Observation ; qb:dataSet ex:ds ; ex:year 2021 ; ex:area ex:zj ;"
        ' ex:sector ex:ict ; ex:sector-up ex:ict ; ex:unit "元" .',
        "o6",
    ),
    15: (
        "ex:m3 a qb:Observation ; qb:dataSet ex:ds-m ; ex:area ex:hz ;"
        " qb:measureType ex:value ; ex:count 4 .",
        "m3",
    ),
    16: ("ex:m1 ex:count 7 .", "m1"),
    17: (
        "ex:m4 a qb:Observation ; qb:dataSet ex:ds-m ; ex:area ex:hz ;"
        " qb:measureType ex:value ; ex:value 1.0 .",
        "m4",
    ),
    18: ("ex:slice-zj qb:observation ex:m1 .", "m1"),
    19: (
        "ex:o7 a qb:Observation ; qb:dataSet ex:ds ; ex:year 2022 ; ex:area ex:nowhere ;"
        ' ex:sector ex:ict ; ex:sector-up ex:ict ; ex:value 1.0 ; ex:unit "元" .',
        "o7",
    ),
    20: (
        "ex:o8 a qb:Observation ; qb:dataSet ex:ds ; ex:year 2023 ; ex:area ex:zj ;"
        ' ex:sector ex:stray ; ex:sector-up ex:ict ; ex:value 1.0 ; ex:unit "元" .',
        "o8",
    ),
    21: (
        "ex:o9 a qb:Observation ; qb:dataSet ex:ds ; ex:year 2024 ; ex:area ex:zj ;"
        ' ex:sector ex:ict ; ex:sector-up ex:stray ; ex:value 1.0 ; ex:unit "元" .',
        "o9",
    ),
}


def _cube(tmp_path: Path, extra: str = "") -> pg.KnowledgeGraph:
    text = (CUBE / "clean.ttl").read_text(encoding="utf-8")
    path = tmp_path / "cube.ttl"
    path.write_text(text + "\n" + extra + "\n", encoding="utf-8")
    return pg.load(path)


def _fired(kg: pg.KnowledgeGraph) -> dict[int, set[str]]:
    fired = {}
    for name in IC_CHECKS:
        found = kg.run(name)
        if not found.empty:
            fired[int(name.split("-")[2])] = {str(f).removeprefix(EX) for f in found["focus"]}
    return fired


def test_all_twenty_one_constraints_are_checks() -> None:
    assert [int(name.split("-")[2]) for name in IC_CHECKS] == list(range(1, 22))
    assert set(BROKEN) == set(range(1, 22))


def test_the_clean_cube_passes_every_constraint(tmp_path: Path) -> None:
    assert _fired(_cube(tmp_path)) == {}


@pytest.mark.parametrize("number", sorted(BROKEN))
def test_each_constraint_fires_on_a_cube_broken_for_it(tmp_path: Path, number: int) -> None:
    extra, focus = BROKEN[number]
    fired = _fired(_cube(tmp_path, extra))
    assert focus in fired.get(number, set()), fired


def test_the_broken_observation_file_fires_the_constraints(tmp_path: Path) -> None:
    broken = (CUBE / "broken-observations.ttl").read_text(encoding="utf-8")
    fired = _fired(_cube(tmp_path, broken.split("\n\n", 1)[1]))
    assert fired == {1: {"no-data-set"}, 12: {"m1"}, 16: {"two-measures"}}


def test_the_release_is_a_well_formed_cube(kg: pg.KnowledgeGraph) -> None:
    assert _fired(kg) == {}
    graph = kg.graph
    observations = set(graph.subjects(RDF.type, QB.Observation))
    assert len(observations) >= 50
    # one data set per document that prints figures (the corpus of issue 15)
    datasets = {graph.value(o, QB.dataSet) for o in observations}
    documents = kg.documents()
    with_figures = documents[documents.figures > 0].identifier
    assert datasets == {PGID[f"dataset/{identifier}"] for identifier in with_figures}
    assert len(datasets) >= 12
    structure = graph.value(PGID["dataset/zhejiang-digital-economy"], QB.structure)
    dimensions = set(graph.objects(None, QB.dimension))
    assert structure is not None and SDMX_DIMENSION.refPeriod in dimensions
    assert {PG.indicator, SDMX_DIMENSION.refArea, PG.role, PG.qualifier} <= dimensions


def test_periods_are_owl_time_intervals_with_years_kept(kg: pg.KnowledgeGraph) -> None:
    graph = kg.graph
    year_2018 = PGID["period/2018"]
    assert (year_2018, RDF.type, TIME.ProperInterval) in graph
    beginning = graph.value(graph.value(year_2018, TIME.hasBeginning), TIME.inXSDDateTime)
    end = graph.value(graph.value(year_2018, TIME.hasEnd), TIME.inXSDDateTime)
    china = timezone(timedelta(hours=8))  # midnight China Standard Time
    assert isinstance(beginning, Literal) and isinstance(end, Literal)
    assert (datetime.fromisoformat(beginning), datetime.fromisoformat(end)) == (
        datetime(2018, 1, 1, tzinfo=china),
        datetime(2019, 1, 1, tzinfo=china),
    )
    figure = PGID["digital-economy-core-industries-2018"]
    assert graph.value(figure, SDMX_DIMENSION.refPeriod) == year_2018
    assert graph.value(figure, PG.year).toPython() == 2018  # still an integer year
    plan = PGID["zhejiang-information-economy-plan-2014-2020"]
    span = graph.value(plan, PG.coversPeriod)
    assert span == PGID["period/2014-2020"]
    assert (
        graph.value(span, PG.startYear).toPython(),
        graph.value(span, PG.endYear).toPython(),
    ) == (
        2014,
        2020,
    )


def test_policy_documents_carry_eli_terms(kg: pg.KnowledgeGraph) -> None:
    graph = kg.graph
    opinion = PGID["guiding-opinion-on-information-economy"]
    assert graph.value(opinion, ELI.type_document) == PG.GuidingOpinion
    assert graph.value(opinion, ELI.passed_by) == PGID["zhejiang"]
    assert len(set(graph.subjects(ELI.type_document, None))) >= 5


def test_the_release_uses_only_owl2_datatypes() -> None:
    release = _paths.release_file("nt").read_text(encoding="utf-8")
    assert str(XSD.gYear) not in release
    assert f'"2018-01-01T00:00:00+08:00"^^<{XSD.dateTime}>' in release


@pytest.mark.java
@pytest.mark.slow
@pytest.mark.skipif(not java_available(), reason="HermiT needs Java")
def test_stock_hermit_finds_the_release_consistent() -> None:
    """owlready2's HermiT, without ignore_unsupported_datatypes: an xsd:gYear anywhere
    would stop it with UnsupportedDatatypeException."""
    import owlready2

    graph = Graph()
    graph.parse(_paths.ontology_file())
    graph.parse(_paths.release_file("nt"))
    world = owlready2.World()
    try:
        data = io.BytesIO(graph.serialize(format="nt", encoding="utf-8"))
        world.get_ontology("https://w3id.org/policygraph/test-input").load(
            fileobj=data, format="ntriples"
        )
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
        assert URIRef(str(PGID["period/2018"])) in set(graph.subjects())
    finally:
        world.close()
