"""Coverage: every quoted term, title and figure of the sources is modelled or waived."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import policygraph as pg
from policygraph.build import build
from policygraph.cli import main
from policygraph.coverage import check_coverage, load_waivers
from policygraph.errors import InputError
from policygraph.extract import scan
from policygraph.graph import KnowledgeGraph
from policygraph.sources import load_sources


@pytest.fixture(scope="module")
def report(kg_memory: pg.KnowledgeGraph, repo: Path):  # type: ignore[no-untyped-def]
    kg_dir = repo / "kg"
    return check_coverage(
        kg_memory, load_sources(kg_dir / "sources"), load_waivers(kg_dir / "waivers.yaml")
    )


def test_the_shipped_graph_is_covered_or_waived(report) -> None:  # type: ignore[no-untyped-def]
    missing = [(item.kind, item.text, item.start) for item in report.missing]
    assert missing == []
    assert report.ratio == 1.0
    for item in report.items:
        assert item.detail, item  # what models it, or the waiver's reason


def test_coverage_uses_the_extract_scanner(report, source_text: str) -> None:  # type: ignore[no-untyped-def]
    scanned = [
        (c.kind, c.start, c.end)
        for c in scan(source_text, gazetteer=())
        if c.kind in ("quoted", "title", "figure")
    ]
    # the first report's items (the corpus documents follow under their own ids)
    items = [item for item in report.items if item.source == "zhejiang-digital-economy"]
    assert [(item.kind, item.start, item.end) for item in items] == scanned
    titles = [item.text for item in items if item.kind == "title"]
    assert len(titles) == source_text.count("《") == 3


def test_a_figure_without_observation_is_missing(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kg_dir = tmp_path / "kg"
    shutil.copytree(repo / "kg", kg_dir, ignore=shutil.ignore_patterns("release"))
    path = kg_dir / "annotations" / "zhejiang-digital-economy.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    document["observations"] = [
        entry
        for entry in document["observations"]
        if entry["id"] != "cross-border-e-commerce-exports-2018"
    ]
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    result = build(kg_dir)
    report = check_coverage(
        KnowledgeGraph(result.union()),
        load_sources(kg_dir / "sources"),
        load_waivers(kg_dir / "waivers.yaml"),
    )
    assert [(item.kind, item.text) for item in report.missing] == [("figure", "16718.8亿元")]
    assert main(["coverage", "--kg", str(kg_dir), "--missing"]) == 1
    captured = capsys.readouterr()
    assert "16718.8亿元" in captured.out
    assert "1 missing" in captured.err


def test_a_waiver_needs_a_reason_and_a_known_kind(tmp_path: Path) -> None:
    path = tmp_path / "waivers.yaml"
    path.write_text("- {text: 一系列, kind: figure, reason: filler}\n- {text: 云, kind: quoted}\n")
    with pytest.raises(InputError, match="reason") as raised:
        load_waivers(path)
    assert raised.value.line == 2
    path.write_text("- {text: 云, kind: word, reason: x}\n")
    with pytest.raises(InputError, match="kind 'word'"):
        load_waivers(path)
    assert load_waivers(tmp_path / "absent.yaml") == []


def test_a_waiver_giving_a_key_twice_is_refused(tmp_path: Path) -> None:
    """PyYAML alone keeps the last `reason`; a curator's first reason would vanish."""
    path = tmp_path / "waivers.yaml"
    path.write_text("- text: 一系列\n  kind: figure\n  reason: filler\n  reason: other\n")
    with pytest.raises(InputError, match="duplicate key 'reason'") as raised:
        load_waivers(path)
    assert (raised.value.path, raised.value.line) == (str(path), 4)


def test_coverage_command_passes_on_the_shipped_graph(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["coverage"]) == 0
    assert "coverage 100.0%" in capsys.readouterr().err
