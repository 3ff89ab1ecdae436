"""``policygraph analyze …`` on the bundled graph."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from policygraph.cli import main

SUBCOMMANDS = ["lineage", "cities", "centrality", "communities", "timeline", "targets"]


def run(
    capsys: pytest.CaptureFixture[str], *args: str, store: str = "oxigraph"
) -> tuple[int, str, str]:
    """Run ``policygraph analyze ARGS`` (on Oxigraph, which loads fastest)."""
    extra = ["--store", store] if "--help" not in args and "--store" not in args else []
    code = main(["analyze", *args, *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def as_json(text: str) -> list[dict[str, Any]]:
    records = json.loads(text)
    assert isinstance(records, list)
    return records


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_help_shows_examples(capsys: pytest.CaptureFixture[str], command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert "Examples" in out and f"policygraph analyze {command}" in out


def test_lineage_chain_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lineage", "八八战略", "--to", "3386", "--format", "json")
    assert code == 0
    steps = as_json(out)
    assert steps[0]["label_zh"] == "八八战略" and steps[0]["year"] == 2003
    assert [s["label_zh"] for s in steps[-2:]] == ["一号工程", "3386建设体系"]
    assert steps[-1]["relation"] == "implements"


def test_lineage_main_path_and_issues(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "lineage", "--path", "global", "--format", "csv")
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert table.label_zh.iloc[0] == "八八战略" and "一号工程" in set(table.label_zh)
    assert table.spc.iloc[1:].gt(0).all()
    code, out, _ = run(capsys, "lineage", "--issues", "--format", "json")
    assert (code, as_json(out)) == (0, [])


def test_unknown_policy_exits_with_suggestions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "lineage", "一号工")
    assert code == 4
    assert out == ""
    assert "no policy is named '一号工'" in err and "一号工程" in err
    assert "Traceback" not in err


def test_cities_tables(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "cities", "--view", "initiatives", "--format", "json")
    assert code == 0
    brain = next(row for row in as_json(out) if row["label_zh"] == "城市大脑")
    assert brain["places"] == 4 and brain["launched"] == 3
    code, out, _ = run(capsys, "cities", "--view", "place-pairs", "--format", "csv")
    pairs = pd.read_csv(io.StringIO(out))
    assert {"杭州市", "湖州市"} <= set(pairs.a_zh) | set(pairs.b_zh)
    code, _, err = run(capsys, "cities", "--role", "visited")
    assert code == 2 and "unknown role" in err


def test_centrality_of_programmes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "centrality", "--kind", "Programme", "--top", "3", "--format", "json"
    )
    assert code == 0
    rows = as_json(out)
    assert len(rows) == 3 and rows[0]["label_zh"] == "一号工程"
    code, _, err = run(capsys, "centrality", "--kind", "Programm")
    assert code == 4 and "Programme" in err


def test_communities_and_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "communities", "--format", "csv")
    assert code == 0
    table = pd.read_csv(io.StringIO(out))
    assert table.iri.is_unique and table.community.min() == 0
    code, out, _ = run(capsys, "timeline", "--events-only")
    assert code == 0 and "八八战略" in out and "Proposal" in out


def test_targets_required_next_to_reported(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "targets", "--format", "json")
    assert code == 0
    rows = {row["target"]: row for row in as_json(out)}
    # the 2022 target against the latest actual before it (the corpus: 3.57 万亿元 in 2021)
    row = rows["digital-economy-value-added-target-2022"]
    assert (row["actual_value"], row["actual_year"]) == (3.57, 2021)
    assert row["required_growth"] == pytest.approx(4 / 3.57 - 1)
    # 1.6 万亿元 by 2027 from 8000 亿元 in 2021, next to the 20% growth reported for 2021
    row = rows["white-paper-core-industries-target-2027"]
    assert row["required_growth"] == pytest.approx(2 ** (1 / 6) - 1)
    assert row["reported_growth"] == pytest.approx(0.2)
    code, out, _ = run(capsys, "targets", store="memory")
    assert "12.04%" in out and "12.25%" in out and "20.00%" in out
    code, out, _ = run(capsys, "targets", "--checks", "--format", "csv")
    checks = pd.read_csv(io.StringIO(out)).set_index("observation")
    assert checks.loc["industrial-digitalisation-share-2018", "status"] == "flagged"


def test_own_graph_file_and_missing_file(
    capsys: pytest.CaptureFixture[str], repo: Path, tmp_path: Path
) -> None:
    release = repo / "kg" / "release" / "policygraph.ttl"
    code, out, _ = run(
        capsys, "targets", "--graph", str(release), "--store", "oxigraph", "--format", "json"
    )
    rows = {row["target"]: row for row in as_json(out)}
    assert code == 0 and rows["digital-economy-value-added-target-2022"]["actual_value"] == 3.57
    missing = tmp_path / "nowhere.ttl"
    code, _, err = run(capsys, "timeline", "--graph", str(missing))
    assert code != 0 and "nowhere.ttl" in err
