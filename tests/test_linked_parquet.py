"""Parquet export: the CSV export's tables, typed, plus evidence; reading a Parquet
table back gives the CSV export's rows byte for byte, and DuckDB and Polars read it."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import policygraph as pg
from policygraph.cli import main

TABLES = ("entities", "relations", "observations")


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    kg = pg.load()
    root = tmp_path_factory.mktemp("export")
    kg.export(root / "csv", "csv")
    written = kg.export(root / "parquet", "parquet")
    assert sorted(p.name for p in written) == sorted(
        [f"{name}.parquet" for name in TABLES] + ["evidence.parquet"]
    )
    return root / "csv", root / "parquet"


@pytest.mark.parametrize("name", TABLES)
def test_parquet_round_trips_to_the_csv_rows(exported: tuple[Path, Path], name: str) -> None:
    csv_dir, parquet_dir = exported
    frame = pd.read_parquet(parquet_dir / f"{name}.parquet")
    expected = (csv_dir / f"{name}.csv").read_text(encoding="utf-8")
    assert len(frame) > 10
    assert frame.to_csv(index=False, lineterminator="\n") == expected


def test_columns_are_typed(exported: tuple[Path, Path]) -> None:
    _, parquet_dir = exported
    observations = pd.read_parquet(parquet_dir / "observations.parquet")
    assert str(observations["year"].dtype) == "Int64"
    assert observations["value"].dtype == "float64"
    assert 2018 in set(observations["year"].dropna())
    relations = pd.read_parquet(parquet_dir / "relations.parquet")
    assert str(relations["year"].dtype) == "Int64"


def test_evidence_table_points_into_the_source(
    exported: tuple[Path, Path], source_text: str
) -> None:
    _, parquet_dir = exported
    evidence = pd.read_parquet(parquet_dir / "evidence.parquet")
    assert len(evidence) > 300
    document = evidence[evidence["source"].str.endswith("/zhejiang-digital-economy")]
    assert len(document) > 200
    for row in document.to_dict("records"):
        assert source_text[row["start"] : row["end"]] == row["quote"]


def test_duckdb_and_polars_read_the_tables(exported: tuple[Path, Path]) -> None:
    import duckdb
    import polars as pl

    _, parquet_dir = exported
    path = str(parquet_dir / "observations.parquet")
    count = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}') WHERE year = 2018")
    expected = int((pd.read_parquet(path)["year"] == 2018).sum())
    assert count.fetchall() == [(expected,)]
    frame = pl.read_parquet(path)
    assert frame.schema["year"] == pl.Int64 and frame.height == len(pd.read_parquet(path))


def test_the_cli_writes_parquet(tmp_path: Path) -> None:
    assert main(["export", "--format", "parquet", "-o", str(tmp_path / "t")]) == 0
    assert (tmp_path / "t" / "evidence.parquet").is_file()
