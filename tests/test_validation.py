"""SHACL validation: the shapes, the example graphs, the built graph, results as data."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node
from rich.console import Console

from policygraph import InputError, _paths
from policygraph._namespaces import PG, PGID
from policygraph.loading import parse_file
from policygraph.validation import (
    SHAPES,
    Severity,
    ValidationReport,
    ValidationResult,
    validate,
)

EXAMPLES = _paths.ontology_dir() / "examples"
VALID = sorted((EXAMPLES / "valid").glob("*.ttl"))
INVALID = sorted((EXAMPLES / "invalid").glob("*.ttl"))

# invalid example -> (shape, path) of every violation it must produce, and nothing else
SHACL_EXPECTED: dict[str, set[tuple[str, str | None]]] = {
    "observation-without-unit.ttl": {("pgsh:ObservationShape", "pg:unit")},
    "unit-with-language-tag.ttl": {("pgsh:ObservationShape", "pg:unit")},
    "entity-without-en-label.ttl": {("pgsh:LabelShape", "rdfs:label")},
    "evidence-without-offsets.ttl": {
        ("pgsh:EvidenceShape", "oa:hasTarget/oa:hasSelector/oa:start"),
        ("pgsh:EvidenceShape", "oa:hasTarget/oa:hasSelector/oa:end"),
    },
    "evidence-start-after-end.ttl": {("pgsh:TextPositionSelectorShape", "oa:start")},
    "lineage-from-firm.ttl": {("pgsh:LineageShape", None)},
    "succeeds-and-implements.ttl": {("pgsh:LineageShape", "pg:succeeds")},
}
# invalid for the reasoner only: SHACL Core cannot see these (tests/test_reasoning.py does)
REASONER_ONLY = {"city-and-firm.ttl", "policy-succeeds-itself.ttl", "mutual-succession.ttl"}


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return parse_file(_paths.shapes_file())


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_file(_paths.ontology_file())


# -- the shapes file -----------------------------------------------------------------------


def _all_shapes(shapes: Graph) -> set[Node]:
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape))
    nodes |= set(shapes.objects(None, SH.property))
    return nodes


def test_every_shape_has_a_name_and_a_message_in_en_and_zh(shapes: Graph) -> None:
    found = _all_shapes(shapes)
    assert len(found) > 30
    for shape in found:
        for predicate in (SH.name, SH.message):
            languages = {
                literal.language
                for literal in shapes.objects(shape, predicate)
                if isinstance(literal, Literal)
            }
            assert {"en", "zh"} <= languages, (shape, predicate)


def test_node_shapes_are_named_in_the_shapes_namespace(shapes: Graph) -> None:
    for shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert isinstance(shape, URIRef) and shape.startswith(str(SHAPES))


def test_shapes_mention_only_declared_terms(shapes: Graph, ontology: Graph) -> None:
    """A typo in a targeted class or a path would silently check nothing."""
    declared = {
        term
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for term in ontology.subjects(RDF.type, kind)
    }
    individuals = set(ontology.subjects(RDF.type, PG.ObservationRole)) | set(
        ontology.subjects(RDF.type, PG.Qualifier)
    )
    used: set[object] = set()
    for predicate in (SH.targetClass, SH["class"], SH.targetSubjectsOf, SH.targetObjectsOf):
        used |= set(shapes.objects(None, predicate))
    for predicate in (SH.path, SH.lessThan, SH.disjoint):
        for path in shapes.objects(None, predicate):
            used |= set(shapes.items(path)) if (path, RDF.first, None) in shapes else {path}
    for values in shapes.objects(None, SH["in"]):
        used |= set(shapes.items(values))
    builtin = (str(RDF), str(RDFS))
    missing = (
        {term for term in used if isinstance(term, URIRef) and not str(term).startswith(builtin)}
        - declared
        - individuals
    )
    assert missing == set()


# -- example graphs ------------------------------------------------------------------------


def test_every_invalid_example_has_an_expectation() -> None:
    names = {path.name for path in INVALID}
    assert names == set(SHACL_EXPECTED) | REASONER_ONLY
    assert len(VALID) >= 3


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.name)
def test_valid_examples_conform(path: Path) -> None:
    report = validate(path)
    assert report.conforms, report.summary()
    assert report.violations == []


@pytest.mark.parametrize("name", sorted(SHACL_EXPECTED))
def test_each_invalid_example_violates_the_expected_shape(name: str) -> None:
    report = validate(EXAMPLES / "invalid" / name)
    assert not report.conforms
    found = {(result.shape, result.path) for result in report.violations}
    assert found == SHACL_EXPECTED[name]
    assert all(result.message for result in report.violations)


@pytest.mark.parametrize("name", sorted(REASONER_ONLY))
def test_reasoner_only_examples_pass_shacl(name: str) -> None:
    assert validate(EXAMPLES / "invalid" / name).conforms


def test_violation_names_the_focus_node_and_value() -> None:
    report = validate(EXAMPLES / "invalid" / "lineage-from-firm.ttl")
    (result,) = report.violations
    assert result.focus_node == str(PGID.alibaba)
    assert result.value == str(PGID.alibaba)
    assert "pg:PolicyThing" in result.message
    report = validate(EXAMPLES / "invalid" / "unit-with-language-tag.ttl")
    (result,) = report.violations
    assert result.value == '"万亿元"@zh'


def test_an_observation_without_year_is_only_info() -> None:
    data = parse_file(EXAMPLES / "valid" / "observation.ttl")
    observation = PGID["digital-economy-growth-2018"]
    data.remove((observation, PG.year, None))
    report = validate(data)
    assert report.conforms
    (result,) = report.results
    assert result.severity is Severity.INFO
    assert result.shape == "pgsh:ObservationYearShape"
    assert result.focus_node == str(observation)


def test_two_english_labels_break_unique_lang() -> None:
    data = parse_file(EXAMPLES / "valid" / "places.ttl")
    data.add((PGID.hangzhou, RDFS.label, Literal("Hangchow", lang="en")))
    report = validate(data)
    assert {(r.shape, r.focus_node) for r in report.violations} == {
        ("pgsh:LabelShape", str(PGID.hangzhou))
    }


def test_validate_does_not_modify_its_input(ontology: Graph) -> None:
    data = parse_file(EXAMPLES / "valid" / "lineage.ttl")
    before = len(data)
    ontology_before = len(ontology)
    validate(data, ontology=ontology)
    assert len(data) == before
    assert len(ontology) == ontology_before


def test_without_the_subclass_hierarchy_sh_class_fails() -> None:
    # why validate() mixes the ontology in: pg:Policy alone is not a pg:PolicyThing
    report = validate(EXAMPLES / "valid" / "lineage.ttl", ontology=Graph())
    assert not report.conforms
    assert "pgsh:LineageShape" in report.by_shape()


def test_the_built_graph_conforms() -> None:
    from policygraph.build import build

    report = validate(build().union())
    assert report.conforms, report.to_frame().to_string()


# -- errors --------------------------------------------------------------------------------


def test_malformed_turtle_raises_input_error_with_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix pg: <https://w3id.org/policygraph/ontology/> .\n"
        "\n"
        "<https://w3id.org/policygraph/id/a> a pg:Policy ;\n"
        '    pg:year "2003 .\n',
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        validate(bad)
    assert caught.value.path == str(bad)
    assert caught.value.line == 4
    assert str(caught.value) == f"{bad}:4: malformed turtle: newline found in string literal"


def test_malformed_shapes_raise_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "shapes.ttl"
    bad.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> sh:path ] .\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        validate(EXAMPLES / "valid" / "places.ttl", shapes=bad)
    assert caught.value.path == str(bad)
    assert caught.value.line == 2


def test_missing_file_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        validate(tmp_path / "absent.ttl")


# -- results as data -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> ValidationReport:
    return validate(EXAMPLES / "invalid" / "evidence-without-offsets.ttl")


def test_results_are_frozen_data(report: ValidationReport) -> None:
    result = report.results[0]
    assert isinstance(result, ValidationResult)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.message = "changed"  # type: ignore[misc]
    assert report.results == sorted(report.results, key=ValidationResult.sort_key)


def test_by_shape_groups_results(report: ValidationReport) -> None:
    groups = report.by_shape()
    assert list(groups) == ["pgsh:EvidenceShape"]
    assert len(groups["pgsh:EvidenceShape"]) == 2


def test_to_frame(report: ValidationReport) -> None:
    frame = report.to_frame()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.columns) == ["severity", "shape", "focus_node", "path", "value", "message"]
    assert len(frame) == 2
    assert set(frame["severity"]) == {"Violation"}
    assert frame["focus_node"].str.startswith(str(PGID)).all()
    assert ValidationReport().to_frame().empty


def test_to_table_shows_curies_grouped_by_shape(report: ValidationReport) -> None:
    table = report.to_table()
    assert table.row_count == 2
    console = Console(width=200, record=True)
    console.print(table)
    text = console.export_text()
    assert text.count("pgsh:EvidenceShape") == 1  # once per group
    assert "pgid:evidence/zhejiang-digital-economy-844-863" in text
    assert "https://" not in text
    assert "does not conform: 2 violations" in text


def test_summary_and_severity() -> None:
    assert Severity.from_iri(SH.Violation) is Severity.VIOLATION
    assert Severity.from_iri(SH.Info) is Severity.INFO
    assert Severity.from_iri(None) is Severity.VIOLATION
    warning = ValidationResult(Severity.WARNING, "pgsh:X", "x", None, None, "m")
    assert ValidationReport([warning]).conforms
    assert ValidationReport([warning]).summary() == "conforms: 0 violations, 1 warnings, 0 infos"
