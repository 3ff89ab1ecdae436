"""Many documents in one graph: merged entities, time series, conflicts, nothing dropped.

The second document is a test fixture (tests/fixtures/second-doc/). Every
multi-document graph is built in a temporary copy of kg/; the shipped kg/ never
sees the fixture.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

import policygraph as pg
from policygraph import PG, PGID
from policygraph._namespaces import OA, PROV, SDMX_MEASURE
from policygraph.annotations import load_annotations
from policygraph.build import BuildResult, build
from policygraph.cli import main
from policygraph.errors import DataError, InputError
from policygraph.extract import compare_figures, draft_annotations, scan
from policygraph.graph import KnowledgeGraph

FIXTURE = Path(__file__).parent / "fixtures" / "second-doc"
FIRST = "zhejiang-digital-economy"
SECOND = "zhejiang-digital-economy-2019"
SHARED = {
    "zhejiang",
    "hangzhou",
    "deqing-county",
    "number-one-project",
    "provincial-digital-economy-leading-group",
    "city-brain",
    "digital-economy-size",
    "digital-economy-share-of-gdp",
    "digital-economy-value-added",
    "industrial-digitalisation-size",
    "industrial-digitalisation-share-of-digital-economy",
}


def _first_report_only(directory: str, names: list[str]) -> list[str]:
    """Leave out the release files and every document but the first report: these
    tests are about two documents, the report and the fixture (test_corpus.py covers
    the shipped corpus)."""
    if Path(directory).name in ("sources", "annotations"):
        return [name for name in names if not name.startswith(f"{FIRST}.")]
    return [name for name in names if name == "release"]


def copy_kg(repo: Path, target: Path, *, with_fixture: bool = True) -> Path:
    """kg/ with the first report only and no release files, plus (by default) the
    second document."""
    kg = target / "kg"
    shutil.copytree(repo / "kg", kg, ignore=_first_report_only)
    if with_fixture:
        shutil.copytree(FIXTURE, kg, dirs_exist_ok=True)
    return kg


@pytest.fixture(scope="module")
def merged_dir(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_kg(repo, tmp_path_factory.mktemp("merged"))


@pytest.fixture(scope="module")
def merged(merged_dir: Path) -> BuildResult:
    return build(merged_dir)


@pytest.fixture(scope="module")
def merged_kg(merged: BuildResult) -> KnowledgeGraph:
    return KnowledgeGraph(merged.union())


def _evidence_sources(result: BuildResult, node: URIRef) -> set[str]:
    """The sources whose named graphs give the node evidence."""
    found = set()
    for name, graph in result.graphs.items():
        for evidence in graph.objects(node, PG.hasEvidence):
            source = graph.value(evidence, PROV.wasDerivedFrom)
            assert source is not None
            assert str(name).endswith(str(source).rsplit("/", 1)[1])  # each in its own graph
            found.add(str(source).rsplit("/", 1)[1])
    return found


def test_the_shipped_kg_holds_no_fixture(repo: Path) -> None:
    assert not list((repo / "kg").rglob(f"{SECOND}*"))


def test_same_id_is_one_node_with_evidence_from_both(merged: BuildResult) -> None:
    graph = merged.union()
    in_both = {
        str(node).removeprefix(str(PGID))
        for node in set(graph.subjects(PG.hasEvidence, None))
        if isinstance(node, URIRef)
        and (node, RDF.type, PG.Observation) not in graph
        and (node, RDF.type, PG.Assertion) not in graph
        and _evidence_sources(merged, node) == {FIRST, SECOND}
    }
    assert in_both == SHARED
    for slug in SHARED:
        node = PGID[slug]
        assert len(set(graph.objects(node, RDF.type))) == 1
        zh = [label for label in graph.objects(node, RDFS.label) if label.language == "zh"]
        assert len(zh) == 1, (slug, zh)


def test_the_same_relation_in_two_documents_is_one_assertion(merged: BuildResult) -> None:
    node = PGID["assertion/hangzhou--deepened--city-brain"]
    assert _evidence_sources(merged, node) == {FIRST, SECOND}
    assert (PGID["hangzhou"], PG.deepened, PGID["city-brain"]) in merged.union()


def test_observations_of_one_indicator_form_a_time_series(merged_kg: KnowledgeGraph) -> None:
    frame = merged_kg.observations()
    series = frame[
        (frame.indicator == str(PGID["digital-economy-size"])) & (frame.role == "actual")
    ].sort_values("year")
    assert list(zip(series.year, series.value, series.unit, strict=True)) == [
        (2018, 2.33, "万亿元"),
        (2019, 2.7, "万亿元"),
    ]
    sections = [str(section) for section in series.section]
    assert f"{FIRST}-" in sections[0] and f"{SECOND}-" in sections[1]


def test_one_conflict_reported_with_both_quotes_and_both_kept(merged: BuildResult) -> None:
    flags = [flag for flag in merged.flags if flag.rule == "conflicting-values"]
    assert {flag.observation for flag in flags} == {
        "industrial-digitalisation-2018",
        "industrial-digitalisation-2018-revised",
    }
    for flag in flags:
        assert "全省产业数字化规模达到1.81亿元" in flag.reason
        assert "2018年全省产业数字化规模为1.81万亿元" in flag.reason
    # both figures stay, each in its document's named graph, with its own evidence
    for slug, source, unit in (
        ("industrial-digitalisation-2018", FIRST, "亿元"),
        ("industrial-digitalisation-2018-revised", SECOND, "万亿元"),
    ):
        graph = merged.graphs[PGID[f"graph/{source}"]]
        node = PGID[slug]
        assert graph.value(node, PG.unit).toPython() == unit  # type: ignore[union-attr]
        assert graph.value(node, SDMX_MEASURE.obsValue) is not None
        assert _evidence_sources(merged, node) == {source}
        assert (node, PG.flag, PGID[f"flag/{slug}-conflicting-values"]) in graph


def test_agreeing_figures_from_two_documents_are_no_conflict(merged: BuildResult) -> None:
    flagged = {flag.observation for flag in merged.flags}
    for slug in (
        "digital-economy-value-added-target-2022-restated",
        "industrial-digitalisation-share-2018-restated",
        "yiwu-5g-base-stations-2019",
    ):
        assert slug not in flagged


def test_conflicts_command_lists_the_conflict(
    merged_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["conflicts", "--kg", str(merged_dir)]) == 0
    captured = capsys.readouterr()
    assert captured.out.count("conflicts with") == 2
    assert "2 conflicting figures" in captured.err


def test_merging_drops_no_fact(merged: BuildResult, merged_dir: Path) -> None:
    graph = merged.union()
    files = [load_annotations(path) for path in sorted((merged_dir / "annotations").glob("*.yaml"))]
    observations = [spec for annotated in files for spec in annotated.observations]
    assert len({spec.id for spec in observations}) == len(observations)
    assert set(graph.subjects(RDF.type, PG.Observation)) == {PGID[spec.id] for spec in observations}
    for annotated in files:
        source = PGID[f"source/{annotated.source}"]
        for spec in annotated.entities:
            quotes = {
                "".join(str(graph.value(target, OA.hasSelector / OA.exact) or "").split())
                for evidence in graph.objects(PGID[spec.id], PG.hasEvidence)
                if graph.value(evidence, PROV.wasDerivedFrom) == source
                for target in graph.objects(evidence, OA.hasTarget)
            }
            assert len(quotes) == len(spec.quotes), spec.id


def test_the_merged_graph_conforms_to_the_shapes(merged: BuildResult) -> None:
    from policygraph.validation import validate

    report = validate(merged.union())
    assert report.conforms, [result.message for result in report.violations]


def test_one_observation_id_in_two_documents_is_refused(repo: Path, tmp_path: Path) -> None:
    kg = copy_kg(repo, tmp_path)
    path = kg / "annotations" / f"{SECOND}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("id: digital-economy-total-2019", "id: digital-economy-total-2018"), "utf-8"
    )
    with pytest.raises(DataError) as raised:
        build(kg)
    message = str(raised.value)
    assert f"{SECOND}.yaml" in message and f"{FIRST}.yaml" in message
    assert "digital-economy-total-2018" in message


# -- the second document through `extract` ------------------------------------------------


@pytest.fixture(scope="module")
def second_text() -> str:
    return (FIXTURE / "sources" / f"{SECOND}.txt").read_text(encoding="utf-8")


def test_extract_finds_every_curated_figure_of_the_second_document(
    merged_kg: KnowledgeGraph, second_text: str
) -> None:
    agreement = compare_figures(merged_kg, SECOND, scan(second_text))
    assert len(agreement.observations) == 11
    assert agreement.missed_observations == []
    assert agreement.precision == 1.0


def test_draft_of_the_second_document_knows_the_shared_entities(
    kg_memory: pg.KnowledgeGraph, second_text: str
) -> None:
    draft = draft_annotations(second_text, SECOND, kg=kg_memory)
    ids = {entry.fields["id"] for entry in draft.entities}
    assert (
        SHARED
        - {
            "city-brain",  # unquoted in the text: not a candidate
            "digital-economy-share-of-gdp",  # printed as 占GDP的比重: a new indicator is proposed
            "industrial-digitalisation-share-of-digital-economy",
        }
        <= ids
    )
    assert "yiwu" in ids  # a place from the gazetteer, new to the graph
    known = {item.short for item in draft.known}
    assert "industrial-digitalisation-2018 (DIFFERS: 1.81 亿元)" in known
    assert "digital-economy-value-added-target-2022 (same figure)" in known


def _confirmed_draft(kg_memory: pg.KnowledgeGraph, second_text: str) -> str:
    text = draft_annotations(second_text, SECOND, kg=kg_memory).to_yaml()
    text = re.sub(r"^draft: true\n", "", text, flags=re.MULTILINE)
    return re.sub(r"^(\s*)en: TODO$", r"\1en: (to translate)", text, flags=re.MULTILINE)


def test_confirmed_draft_merges_into_the_graph(
    repo: Path, tmp_path: Path, kg_memory: pg.KnowledgeGraph, second_text: str
) -> None:
    kg = copy_kg(repo, tmp_path)
    (kg / "annotations" / f"{SECOND}.yaml").write_text(
        _confirmed_draft(kg_memory, second_text), encoding="utf-8"
    )
    result = build(kg)
    for slug in ("zhejiang", "number-one-project", "digital-economy-size", "hangzhou"):
        assert _evidence_sources(result, PGID[slug]) == {FIRST, SECOND}
    conflicts = {flag.observation for flag in result.flags if flag.rule == "conflicting-values"}
    assert "industrial-digitalisation-2018" in conflicts


def test_build_refuses_an_unconfirmed_draft(
    repo: Path, tmp_path: Path, kg_memory: pg.KnowledgeGraph, second_text: str
) -> None:
    kg = copy_kg(repo, tmp_path)
    draft = draft_annotations(second_text, SECOND, kg=kg_memory).to_yaml()
    path = kg / "annotations" / f"{SECOND}.yaml"
    path.write_text(draft, encoding="utf-8")
    with pytest.raises(InputError, match="draft") as raised:
        build(kg)
    assert raised.value.path == str(path) and raised.value.line is not None


def test_build_refuses_a_draft_quote_not_in_its_source(
    repo: Path, tmp_path: Path, kg_memory: pg.KnowledgeGraph, second_text: str
) -> None:
    kg = copy_kg(repo, tmp_path)
    document: dict[str, Any] = yaml.safe_load(_confirmed_draft(kg_memory, second_text))
    entry = document["observations"][0]
    entry["quote"] = "全省数字经济总量达9.9万亿元"
    (kg / "annotations" / f"{SECOND}.yaml").write_text(
        yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    with pytest.raises(DataError, match="quote not found") as raised:
        build(kg)
    assert f"observation {entry['id']!r}" in str(raised.value)
