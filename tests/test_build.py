"""The build: every quote grounded, every bad input named, output deterministic and atomic."""

from __future__ import annotations

import hashlib
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from rdflib import Literal
from rdflib.namespace import OWL, RDFS

from policygraph import PG, PGID
from policygraph._namespaces import OA, SDMX_MEASURE
from policygraph.build import build
from policygraph.cli import main
from policygraph.errors import DataError, InputError
from policygraph.release import render_release, stale_release_files, write_release
from policygraph.sources import load_source, strip_whitespace

ANNOTATIONS = "annotations/zhejiang-digital-economy.yaml"
ALLOWED_QIDS = {"Q148", "Q16967", "Q4970", "Q42666", "Q42664", "Q58235", "Q1359568"}


@pytest.fixture(scope="module")
def result(repo: Path) -> Any:
    return build(repo / "kg")


@pytest.fixture()
def kg_copy(repo: Path, tmp_path: Path) -> Path:
    """A writable copy of kg/ to break on purpose."""
    target = tmp_path / "kg"
    shutil.copytree(repo / "kg", target, ignore=shutil.ignore_patterns("release"))
    return target


def _edit(kg_dir: Path, change: Any) -> None:
    path = kg_dir / ANNOTATIONS
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(document)
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")


def test_source_is_a_byte_for_byte_copy(repo: Path) -> None:
    source = load_source(repo / "kg" / "sources" / "zhejiang-digital-economy.yaml")
    digest = hashlib.sha256(source.path.read_bytes()).hexdigest()
    assert digest == source.metadata["sha256"]
    shared = repo.parent / "shared" / "sources" / "zhejiang-digital-economy.txt"
    if shared.is_file():
        assert shared.read_bytes() == source.path.read_bytes()


def test_six_sections_in_order(result: Any) -> None:
    source = result.sources["zhejiang-digital-economy"]
    assert len(source.sections) == 6
    assert source.sections[0].start == 0
    assert source.sections[-1].end == len(source.text)
    for section in source.sections[1:]:
        assert section.heading.startswith(("推进", "推动"))
        assert source.text[section.start :].startswith(section.heading[:2])


def test_every_evidence_slices_the_original_file(result: Any) -> None:
    graph = result.union()
    texts = {f"{PGID}source/{key}": src.text for key, src in result.sources.items()}
    checked = 0
    for evidence in graph.subjects(predicate=None, object=PG.Evidence):
        target = graph.value(evidence, OA.hasTarget)
        text = texts[str(graph.value(target, OA.hasSource))]
        values = {
            predicate: value
            for selector in graph.objects(target, OA.hasSelector)
            for predicate, value in graph.predicate_objects(selector)
        }
        exact, start, end = str(values[OA.exact]), int(values[OA.start]), int(values[OA.end])
        assert text[start:end] == exact
        assert not exact[0].isspace() and not exact[-1].isspace()
        checked += 1
    assert checked > 100


def test_every_fact_has_evidence(result: Any) -> None:
    graph = result.union()
    for kind in (PG.Observation, PG.Assertion):
        nodes = set(graph.subjects(predicate=None, object=kind))
        assert nodes
        missing = [node for node in nodes if (node, PG.hasEvidence, None) not in graph]
        assert missing == []


def test_release_files_equal_a_fresh_build(result: Any) -> None:
    assert stale_release_files(result) == []


def test_build_is_deterministic(repo: Path, result: Any) -> None:
    again = build(repo / "kg")
    assert render_release(again) == render_release(result)


def test_concrete_figures(result: Any) -> None:
    graph = result.union()
    by_value = {
        (str(graph.value(o, PG.unit)), graph.value(o, SDMX_MEASURE.obsValue)): o
        for o in graph.subjects(predicate=None, object=PG.Observation)
    }
    total = by_value[("万亿元", Literal(Decimal("2.33")))]
    assert graph.value(total, PG.valueBase).toPython() == Decimal("2330000000000")
    assert graph.value(total, PG.year).toPython() == 2018
    assert ("%", Literal(Decimal("19.26"))) in by_value
    assert ("%", Literal(Decimal("41.25"))) in by_value


def test_no_1_project_dates_from_2017(result: Any) -> None:
    graph = result.union()
    hits = [
        s
        for s in graph.subjects(PG.year, Literal(2017))
        if Literal("一号工程", lang="zh") in set(graph.objects(s, RDFS.label))
    ]
    assert len(hits) == 1


def test_wikidata_links_only_verified_qids(result: Any) -> None:
    qids = {str(o).rsplit("/", 1)[-1] for o in result.union().objects(None, OWL.sameAs)}
    assert qids and qids <= ALLOWED_QIDS


def test_source_contradictions_are_flagged_not_fixed(result: Any) -> None:
    flagged = {flag.observation: flag for flag in result.flags}
    graph = result.union()
    units = {str(graph.value(PGID[key], PG.unit)): flag for key, flag in flagged.items()}
    rules = {flag.rule for flag in result.flags}
    assert {"share-equals-part-over-whole", "part-smaller-than-whole", "curated"} <= rules
    # the 1.81 亿元 figure keeps its printed unit
    assert "亿元" in units


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["entities"][0].update(quote=d["entities"][0].get("quote", "x") + "错字"),
            "quote not found",
        ),
        (lambda d: d["entities"][0].update(kind="Spaceship"), "unknown kind 'Spaceship'"),
        (lambda d: d["relations"][0].update(p="inventedBy"), "unknown property 'inventedBy'"),
        (lambda d: d["entities"].append(dict(d["entities"][0])), "two entities with one IRI"),
        (lambda d: d["observations"][0].update(value="about 3"), "value is not a number"),
        (lambda d: d["observations"][0].update(unit="万光年"), "unknown unit '万光年'"),
        (lambda d: d["entities"][0].update(quote="浙江"), "quote is ambiguous"),
    ],
    ids=[
        "misspelt-quote",
        "unknown-class",
        "unknown-property",
        "duplicate-iri",
        "non-numeric",
        "unknown-unit",
        "ambiguous-quote",
    ],
)
def test_bad_input_names_file_line_and_entry(kg_copy: Path, change: Any, expected: str) -> None:
    _edit(kg_copy, lambda d: (d["entities"][0].pop("quotes", None), change(d)))
    with pytest.raises(DataError) as caught:
        build(kg_copy)
    message = str(caught.value)
    assert expected in message
    assert "zhejiang-digital-economy.yaml:" in message


def test_malformed_yaml_names_the_line(kg_copy: Path) -> None:
    path = kg_copy / ANNOTATIONS
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.insert(3, "  - id: [unclosed")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        build(kg_copy)
    assert caught.value.line is not None and caught.value.path == str(path)


def test_failed_build_keeps_the_last_good_release(
    kg_copy: Path, tmp_path: Path, result: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "release"
    written = write_release(result, out_dir)
    before = {path.name: path.read_bytes() for path in written}
    _edit(kg_copy, lambda d: d["observations"][0].update(unit="万光年"))
    code = main(["build", "--kg", str(kg_copy), "--out", str(out_dir)])
    assert code != 0
    assert "万光年" in capsys.readouterr().err
    after = {path.name: path.read_bytes() for path in out_dir.iterdir()}
    assert after == before


def test_whitespace_insensitive_quotes_keep_original_offsets(result: Any) -> None:
    source = result.sources["zhejiang-digital-economy"]
    span = source.locate("数字中国建设")
    assert "\n" in source.text[span.start : span.end]
    assert strip_whitespace(source.text[span.start : span.end]) == "数字中国建设"
