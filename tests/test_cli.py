"""``policygraph queries | query | entity | search | export | stats`` end to end."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from policygraph.cli import main

Capture = pytest.CaptureFixture[str]


def run(capsys: Capture, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("command", ["queries", "query", "entity", "search", "export", "stats"])
def test_help_shows_examples(capsys: Capture, command: str) -> None:
    code, out, _ = run(capsys, command, "--help")
    assert code == 0
    assert "Examples" in out and f"policygraph {command}" in out


def test_queries_lists_names_and_titles(capsys: Capture) -> None:
    code, out, _ = run(capsys, "queries", "--format", "csv")
    table = pd.read_csv(io.StringIO(out))
    assert code == 0 and len(table) >= 15
    row = table.set_index("name").loc["policy-lineage"]
    assert row.title_zh == "政策沿革链（含年份）" and row.view == "graph"
    code, out, _ = run(capsys, "queries", "--qc", "--format", "csv")
    assert "qc/missing-label-violation" in out


def test_query_with_params_as_csv_tsv_json(capsys: Capture) -> None:
    code, out, err = run(capsys, "query", "figures-for-year", "-p", "year=2010", "-f", "csv")
    assert code == 0 and "4 rows" in err  # the 2010 targets of the 2006 goals
    table = pd.read_csv(io.StringIO(out))
    assert table[["indicator_label", "value", "unit"]].values.tolist() == [
        ["信息产业全行业销售收入", 8000.0, "亿元"],
        ["信息产业占全省工业销售收入的比重", 15.0, "%"],
        ["信息产业全行业增加值", 2000.0, "亿元"],
        ["信息产业增加值占全省GDP的比重", 10.0, "%"],
    ]
    code, out, _ = run(capsys, "query", "firm-industries", "--format", "tsv")
    assert code == 0 and "阿里巴巴\tAlibaba\tQ1359568" in out
    code, out, _ = run(capsys, "query", "suspect-figures", "--format", "json")
    records = json.loads(out)
    assert code == 0 and {r["rule"] for r in records} >= {"curated", "part-smaller-than-whole"}


def test_query_table_is_aligned_with_chinese_text(capsys: Capture) -> None:
    code, out, _ = run(capsys, "query", "firm-industries")
    assert code == 0 and "阿里巴巴" in out and "pgid:alibaba" in out
    lines = [line for line in out.splitlines() if line.startswith(("┃", "│"))]
    from rich.cells import cell_len

    assert len({cell_len(line) for line in lines}) == 1  # wide characters count double


def test_query_file_and_split_languages(capsys: Capture, tmp_path: Path) -> None:
    path = tmp_path / "labels.rq"
    path.write_text(
        "PREFIX pg: <https://w3id.org/policygraph/ontology/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?firm ?label WHERE { ?firm a pg:Firm ; rdfs:label ?label }\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "query", str(path), "--split-languages", "-f", "csv")
    table = pd.read_csv(io.StringIO(out))
    assert code == 0 and list(table.columns) == ["firm", "label_zh", "label_en"]


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["query", "policy-linage"], 4, "Did you mean: policy-lineage"),
        (["query", "figures-for-year", "-p", "yaer=2018"], 2, "no parameter 'yaer'"),
        (["query", "figures-for-year", "-p", "year=soon"], 2, "parameter 'year' expects int"),
        (["query", "figures-for-year", "-p", "year"], 2, "--param expects NAME=VALUE"),
        (["query", "entity-evidence", "-p", "entity=nobody"], 4, "nothing is named 'nobody'"),
        (["entity", "Hangzou"], 4, "Did you mean: 杭州市 (hangzhou)"),
        (["entity", "ren gong zhi neng"], 4, "ambiguous"),
        (["query", "missing.rq"], 2, "missing.rq: no such file"),
        (["stats", "--graph", "missing.ttl"], 2, "missing.ttl: no such file"),
        (["export", "-o", "graph.xlsx"], 2, "cannot tell the export format"),
    ],
)
def test_bad_input_gives_a_clear_error(
    capsys: Capture, argv: list[str], code: int, message: str
) -> None:
    got, out, err = run(capsys, *argv)
    assert got == code
    assert message in err
    assert "Traceback" not in err and out == ""


def test_syntax_error_gives_line_column_and_exit_2(capsys: Capture, tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?x\nWHERE {\n  ?x ?p ?o .\n  FILTER(?x = )\n}\n", encoding="utf-8")
    code, _, err = run(capsys, "query", str(path))
    assert code == 2
    assert "broken.rq: SPARQL error at line 4, column 3" in err
    assert "Traceback" not in err
    with pytest.raises(Exception, match="SPARQL error"):
        main(["--debug", "query", str(path)])


def test_entity_card(capsys: Capture) -> None:
    code, out, _ = run(capsys, "entity", "yi hao gong cheng")
    assert code == 0
    assert "一号工程" in out and "No. 1 Project" in out and "Project" in out
    assert "省委经济工作会议" in out and "要把数字经济作为“一号工程”来抓" in out
    code, out, _ = run(capsys, "entity", "Hangzhou", "--format", "json")
    record = json.loads(out)
    assert code == 0 and record["label_zh"] == "杭州市"
    assert any(f["sentence"] == "杭州市 深化 城市大脑" for f in record["facts"])


def test_search(capsys: Capture) -> None:
    code, out, _ = run(capsys, "search", "城市大脑", "--limit", "3", "-f", "csv")
    table = pd.read_csv(io.StringIO(out))
    assert code == 0 and table.slug[0] == "city-brain" and len(table) <= 3


def test_export_and_stats(capsys: Capture, tmp_path: Path) -> None:
    target = tmp_path / "policygraph.gexf"
    code, out, _ = run(capsys, "export", "--format", "gexf", "-o", str(target))
    assert code == 0 and out.strip() == str(target) and target.stat().st_size > 0
    code, out, _ = run(capsys, "stats", "--format", "json")
    record = json.loads(out)
    summary = {row["measure"]: row["count"] for row in record["summary"]}
    assert code == 0 and summary["figures"] >= 60 and summary["sources"] >= 1
    code, out, _ = run(capsys, "stats")
    assert code == 0 and "instances by class" in out


def test_every_store_gives_the_same_rows_and_an_unknown_one_is_named(
    capsys: Capture, tmp_path: Path
) -> None:
    tables = {}
    for store in ("memory", "oxigraph", f"oxigraph:{tmp_path / 'db'}", None):
        extra = [] if store is None else ["--store", store]
        code, out, _ = run(capsys, "query", "place-actions", "--format", "csv", *extra)
        assert code == 0
        tables[store] = pd.read_csv(io.StringIO(out)).sort_values(["source", "target"])
    first = tables.pop("memory").reset_index(drop=True)
    assert len(first) >= 5
    for table in tables.values():
        pd.testing.assert_frame_equal(table.reset_index(drop=True), first)
    assert (tmp_path / "db").is_dir()
    code, _, err = run(capsys, "query", "place-actions", "--store", "sqlite")
    assert code == 2 and "unknown store 'sqlite'" in err


def test_one_shot_query_runs_without_rdflib_and_prints_what_the_full_path_does(
    tmp_path: Path,
) -> None:
    # `policygraph query NAME` on the bundled graph must not pay for rdflib's import
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from policygraph.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print('rdflib' in sys.modules, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )

    def run(*args: str) -> tuple[str, str]:
        done = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, check=True
        )
        return done.stdout, done.stderr.splitlines()[-1]

    fast, fast_rdflib = run("query", "policy-lineage")
    full, full_rdflib = run("query", "policy-lineage", "--store", "memory")
    assert (fast_rdflib, full_rdflib) == ("False", "True")
    assert fast == full and fast.count("\n") > 20


def test_one_shot_query_needs_no_typer_and_prints_what_typer_does() -> None:
    # `policygraph query NAME` skips building the Typer application; with any option
    # (here the default format, given) the same command goes through Typer.
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from policygraph.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "print('typer' in sys.modules, 'pandas' in sys.modules, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )

    def run(*args: str) -> tuple[int, str, list[str]]:
        done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True)
        return done.returncode, done.stdout, done.stderr.splitlines()

    code, quick, quick_err = run("query", "policy-lineage")
    assert code == 0 and quick_err[-1] == "False False"
    code, typed, typed_err = run("query", "policy-lineage", "--format", "table")
    assert code == 0 and typed_err[-1].startswith("True")
    assert quick == typed and quick.count("\n") > 20 and quick_err[:-1] == typed_err[:-1]
    code, _, missing = run("query", "no-such-query")
    assert code == 4 and missing[0] == "error: no query named 'no-such-query'"
