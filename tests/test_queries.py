"""The named queries: strict headers, typed parameters, and results checked by hand.

Every file under ``queries/`` is parsed and run on the shipped graph (both stores) and
its result is compared, as a multiset of rows, with ``tests/expected/<name>.csv``.
The expected files were read against ``kg/sources/zhejiang-digital-economy.txt``;
after a deliberate change to the data or a query, refresh them with
``python tests/test_queries.py`` and review the diff line by line before committing.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pandas as pd
import pytest
from rdflib.plugins.sparql import prepareQuery

import policygraph as pg
from policygraph.errors import InputError, NotFoundError, QueryError
from policygraph.queries import (
    GRAPH_COLUMNS,
    PARAM_TYPES,
    TIMELINE_COLUMNS,
    VIEWS,
    NamedQuery,
    get_query,
    list_queries,
    parse_query,
)

EXPECTED = Path(__file__).resolve().parent / "expected"
NAMES = [query.name for query in list_queries()]
REQUIRED_QUESTIONS = {
    "policy-lineage": "the policy lineage chain with years",
    "policy-ancestors-descendants": "ancestors and descendants of a given policy",
    "place-actions": "what each city or county proposed, launched or deepened",
    "figures-for-year": "all figures for a year",
    "targets-vs-actuals": "targets against actuals",
    "suspect-figures": "figures flagged as suspect, with reasons",
    "document-programmes": "which documents set up which programmes",
    "organisation-systems": "organisations and the systems they lead",
    "firm-industries": "firms and the industries they lead",
    "infrastructure-by-kind": "infrastructure by kind",
    "new-business-forms": "new business forms",
    "timeline": "the timeline of events by year",
    "section-entities": "entities per document section",
    "entity-evidence": "the evidence for any entity",
    "national-strategies": "national strategies and what serves them",
}


def _rows(frame: pd.DataFrame) -> tuple[list[str], list[tuple[str, ...]]]:
    """Columns and sorted rows of a result as CSV text would give them back.

    Cells that list several values (joined by "; ", in no defined order) are sorted.
    """
    text = frame.to_csv(index=False, lineterminator="\n")
    table = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    rows = [
        tuple("; ".join(sorted(cell.split("; "))) for cell in row)
        for row in table.itertuples(index=False)
    ]
    return list(table.columns), sorted(rows)


# -- headers ----------------------------------------------------------------------


def test_at_least_fifteen_research_questions() -> None:
    assert len(NAMES) >= 15
    missing = set(REQUIRED_QUESTIONS) - set(NAMES)
    assert not missing, f"no query for: {[REQUIRED_QUESTIONS[m] for m in missing]}"


@pytest.mark.parametrize("query", list_queries() + list_queries("qc"), ids=lambda q: q.name)
def test_every_header_is_complete_and_consistent(query: NamedQuery) -> None:
    assert query.title_zh and query.title_en and query.description
    assert any("\u4e00" <= char <= "\u9fff" for char in query.title_zh)
    assert query.view in VIEWS
    needed = {"graph": GRAPH_COLUMNS, "timeline": TIMELINE_COLUMNS}.get(query.view, ())
    assert set(needed) <= set(query.columns)
    for param in query.params:
        assert param.type in PARAM_TYPES
        assert f"?{param.name}" in query.text
    # the header's columns are exactly the SELECT clause, in order
    parsed = prepareQuery(query.text)
    projected = [str(var) for var in parsed.algebra["PV"]]
    assert projected == list(query.columns)
    # every query declares its own prefixes, so it also runs on a remote endpoint
    assert "PREFIX" in query.text


def test_every_qc_file_is_a_violation_check() -> None:
    checks = list_queries("qc")
    assert len(checks) >= 4
    assert all(q.name.startswith("qc/") and q.name.endswith("-violation") for q in checks)
    assert all(q.view == "table" and "focus" in q.columns for q in checks)


def test_expected_files_match_the_query_set() -> None:
    assert {path.stem for path in EXPECTED.glob("*.csv")} == set(NAMES)


# -- results on the shipped graph -------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_query_result_equals_the_checked_expectation(kg: pg.KnowledgeGraph, name: str) -> None:
    query = get_query(name)
    result = kg.run(name)
    assert list(result.columns) == list(query.columns)
    expected = pd.read_csv(EXPECTED / f"{name}.csv", dtype=str, keep_default_na=False)
    assert _rows(result) == _rows(expected)


def test_lineage_runs_forward_in_time(kg_memory: pg.KnowledgeGraph) -> None:
    lineage = kg_memory.run("policy-lineage")
    dated = lineage.dropna(subset=["source_year", "target_year"])
    assert len(dated) >= 6
    assert (dated.source_year >= dated.target_year).all()
    chain = lineage.loc[lineage.year.notna()].sort_values("year")
    assert chain.iloc[0].target_label == "八八战略"
    # the corpus carries the line on to the 2022 upgrade of the No. 1 Project
    assert (chain.iloc[-1].source_label, chain.iloc[-1].target_label) == (
        "数字经济一号工程升级版",
        "一号工程",
    )


def test_iri_parameters_take_names(kg_memory: pg.KnowledgeGraph) -> None:
    default = kg_memory.run("policy-ancestors-descendants")
    by_label = kg_memory.run("policy-ancestors-descendants", policy="一号工程")
    by_pinyin = kg_memory.run("policy-ancestors-descendants", policy="yi hao gong cheng")
    by_curie = kg_memory.run("policy-ancestors-descendants", policy="pgid:number-one-project")
    assert _rows(default) == _rows(by_label) == _rows(by_pinyin) == _rows(by_curie)
    other = kg_memory.run("policy-ancestors-descendants", policy="信息经济")
    assert set(other.relative_label) >= {"数字浙江", "八八战略", "一号工程"}


def test_optional_parameter_narrows_the_result(kg_memory: pg.KnowledgeGraph) -> None:
    every = kg_memory.run("place-actions")
    hangzhou = kg_memory.run("place-actions", source="杭州市")
    assert set(hangzhou.source_label) == {"杭州市"}
    assert 0 < len(hangzhou) < len(every)
    assert set(kg_memory.run("timeline", year=2016).year) == {2016}


def test_typed_parameters_are_checked(kg_memory: pg.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="parameter 'year' expects int, got 'twenty'"):
        kg_memory.run("figures-for-year", year="twenty")
    with pytest.raises(QueryError, match=r"no parameter 'yera'.*did you mean year"):
        kg_memory.run("figures-for-year", yera=2018)
    with pytest.raises(NotFoundError, match="nothing is named 'no such policy'"):
        kg_memory.run("policy-ancestors-descendants", policy="no such policy")
    assert kg_memory.run("figures-for-year", year="2010").value.tolist() == [8000, 15, 2000, 10]


def test_unknown_query_lists_the_nearest_names() -> None:
    with pytest.raises(NotFoundError) as caught:
        get_query("figures-for-yaer")
    assert caught.value.suggestions[0] == "figures-for-year"


# -- header format: bad files are rejected, naming file and line ------------------

GOOD = """\
# title_zh: 测试
# title_en: A test
# description: What it does,
#    over two lines.
# param: year int = 2018 — the year
# param: place iri — the place
# columns: x, year
# view: table
PREFIX pg: <https://w3id.org/policygraph/ontology/>
SELECT ?x ?year WHERE { ?x pg:year ?year ; pg:appliesTo ?place }
"""


def test_a_good_header_parses(tmp_path: Path) -> None:
    path = tmp_path / "good.rq"
    path.write_text(GOOD, encoding="utf-8")
    query = parse_query(path)
    assert query.description == "What it does, over two lines."
    assert [(p.name, p.type, p.default, p.required) for p in query.params] == [
        ("year", "int", "2018", False),
        ("place", "iri", None, True),
    ]
    with pytest.raises(QueryError, match="needs parameter 'place'"):
        query.bindings({})


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        (("# view: table", "# view: chart"), "unknown view 'chart'", 8),
        (("# view: table\n", ""), "header lacks '# view", 1),
        (("# view: table", "# view: graph"), "needs the columns source", 7),
        (("# title_en: A test", "# subtitle: A test"), "unknown header key 'subtitle'", 2),
        (("# title_en: A test", "# title_zh: again"), "'title_zh' appears twice", 2),
        (("year int = 2018 —", "year number = 2018 —"), "unknown parameter type 'number'", 5),
        (("year int = 2018 —", "year int = soon —"), "bad default", 5),
        (("year int = 2018 — the year", "year int = 2018"), "bad parameter", 5),
        (("place iri — the place", "region iri — the place"), "'region' is not used", 6),
        (("# columns: x, year", "# columns: x, 2y"), "bad column names", 7),
        (("# title_zh: 测试", "# title_zh 测试"), "header lines are '# key: value'", 1),
    ],
)
def test_bad_headers_name_file_and_line(
    tmp_path: Path, change: tuple[str, str], message: str, line: int
) -> None:
    path = tmp_path / "bad.rq"
    path.write_text(GOOD.replace(*change), encoding="utf-8")
    with pytest.raises(InputError, match=message) as caught:
        parse_query(path)
    assert caught.value.path == str(path)
    assert caught.value.line == line


def test_unreadable_query_file_names_file_and_reason(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        get_query(str(tmp_path / "missing.rq"))
    binary = tmp_path / "binary.rq"
    binary.write_bytes(b"\xff\xfe\x00SELECT")
    with pytest.raises(InputError, match="not UTF-8") as caught:
        get_query(str(binary))
    assert caught.value.path == str(binary)


def test_syntax_errors_give_line_and_column(tmp_path: Path, kg: pg.KnowledgeGraph) -> None:
    path = tmp_path / "broken.rq"
    path.write_text("SELECT ?x\nWHERE {\n  ?x ?p ?o .\n  FILTER(?x = )\n}\n", encoding="utf-8")
    with pytest.raises(QueryError, match=r"broken\.rq: SPARQL error at line 4, column \d+"):
        kg.run(str(path))


def test_a_user_query_without_header_runs(tmp_path: Path, kg_memory: pg.KnowledgeGraph) -> None:
    path = tmp_path / "mine.rq"
    path.write_text(
        "PREFIX pg: <https://w3id.org/policygraph/ontology/>\n"
        "SELECT ?firm WHERE { ?firm a pg:Firm }\n",
        encoding="utf-8",
    )
    assert len(kg_memory.run(str(path))) == len(kg_memory.entities("Firm"))


if __name__ == "__main__":  # refresh the expected files; review the diff by hand!
    graph = pg.load()
    for name in sys.argv[1:] or NAMES:
        graph.run(name).to_csv(EXPECTED / f"{name}.csv", index=False, lineterminator="\n")
        print(f"wrote {EXPECTED / name}.csv")
