"""The corpus: many documents joined in one graph (issue 15).

Counts and named examples over the shipped graph, checked against the stored texts:
documents and their metadata, one node per real thing, lineage edges by how they are
backed, indicator series with their sources, targets against outcomes, conflicts kept
with both quotes, and the bad inputs that stop the build.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from rdflib import Dataset

import policygraph as pg
from policygraph import PGID
from policygraph._namespaces import PG, SDMX_MEASURE
from policygraph.build import build
from policygraph.checks import check_observations
from policygraph.cli import main
from policygraph.errors import DataError, InputError
from policygraph.release import write_release
from policygraph.stats import series_lengths

PLAN = "digital-economy-doubling-plan-2018"


@pytest.fixture(scope="module")
def result(repo: Path) -> Any:
    return build(repo / "kg")


@pytest.fixture()
def kg_copy(repo: Path, tmp_path: Path) -> Path:
    target = tmp_path / "kg"
    shutil.copytree(repo / "kg", target, ignore=shutil.ignore_patterns("release"))
    return target


# -- documents ----------------------------------------------------------------------


def test_documents_one_row_each_with_metadata(kg_memory: pg.KnowledgeGraph, repo: Path) -> None:
    docs = kg_memory.documents().set_index("identifier")
    stored = sorted(path.stem for path in (repo / "kg" / "sources").glob("*.yaml"))
    assert sorted(docs.index) == stored
    assert len(docs) >= 12
    plan = docs.loc[PLAN]
    assert plan.title == "浙江省数字经济五年倍增计划"
    assert plan.date == "2018-09-29"
    assert plan.retrieved == "2026-11-30"
    assert bool(plan.excerpt) is True
    assert plan.url == "https://www.emrcity.com/research_show-127.html"
    assert int(plan.figures) == 46  # 15 table rows x 3 cells + the 4 万亿元 of the text
    regulation = docs.loc["digital-economy-promotion-regulation-2020"]
    assert (regulation.adopted, regulation.in_force) == ("2020-12-24", "2021-03-01")
    assert regulation.document_number == "浙江省第十三届人民代表大会常务委员会公告第44号"
    assert docs.loc["internet-plus-action-plan-2016"].script == "zh-Hant"


def test_every_stored_text_matches_its_checksum(repo: Path) -> None:
    for meta_path in (repo / "kg" / "sources").glob("*.yaml"):
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
        data = (meta_path.parent / meta["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == meta["sha256"], meta_path.name
        if "characters" in meta:
            assert len(data.decode("utf-8")) == meta["characters"], meta_path.name


def test_corpus_targets_in_stats(kg_memory: pg.KnowledgeGraph) -> None:
    stats = kg_memory.stats()
    assert stats.count("documents") >= 12
    assert stats.count("first document year") == 2006
    assert stats.count("years covered") >= 15
    assert stats.count("cross-document entities") >= 40
    assert stats.count("lineage edges stated") > stats.count("lineage edges inferred only") >= 3
    # measured: four series reach five yearly points, the target
    assert stats.count("series with 5+ points") >= 4
    # measured: twelve target-outcome pairs (the issue asks for six)
    assert stats.count("target-outcome pairs") >= 6


def test_readme_corpus_numbers_are_the_graphs(kg_memory: pg.KnowledgeGraph, repo: Path) -> None:
    readme = (repo / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- corpus -->\n(.*?)<!-- /corpus -->", readme, re.S)
    assert block, "README.md lost its <!-- corpus --> block"
    text = " ".join(block.group(1).split())
    stats = kg_memory.stats()
    printed = {
        "documents": r"\*\*(\d+) documents\*\*",
        "first document year": r"dated (\d{4}) to",
        "last document year": r"dated \d{4} to (\d{4})",
        "years covered": r"\((\d+) years\)",
        "entities": r"\*\*(\d+) entities\*\*",
        "figures": r"\*\*(\d+) figures\*\*",
        "cross-document entities": r"\*\*(\d+) cross-document entities\*\*",
        "lineage edges stated": r"\*\*(\d+) stated\*\*",
        "lineage edges inferred only": r"\*\*(\d+) inferred\*\*",
        "series with 5+ points": r"\*\*(\d+) indicator series with five",
        "target-outcome pairs": r"\*\*(\d+) target–outcome pairs\*\*",
    }
    for measure, pattern in printed.items():
        found = re.search(pattern, text)
        assert found, f"README.md no longer prints {measure}"
        assert int(found.group(1)) == stats.count(measure), measure


def test_per_document_named_graphs_in_the_trig_release(repo: Path, kg_memory: Any) -> None:
    dataset = Dataset()
    dataset.parse(repo / "kg" / "release" / "policygraph.trig", format="trig")
    names = {str(graph.identifier) for graph in dataset.graphs()}
    for identifier in kg_memory.documents().identifier:
        assert str(PGID[f"graph/{identifier}"]) in names


# -- one node per real thing ----------------------------------------------------------


def test_no_1_project_is_one_node_with_evidence_from_many_documents(
    kg_memory: pg.KnowledgeGraph,
) -> None:
    mentions = kg_memory.run("documents-mentioning", entity="一号工程")
    documents = set(mentions.document)
    assert {"zhejiang-digital-economy", PLAN, "government-work-report-2022"} <= documents
    assert len(documents) >= 8
    assert (mentions.quotes >= 1).all()


# -- lineage backing ------------------------------------------------------------------


def test_lineage_edges_name_how_each_document_backs_them(kg_memory: pg.KnowledgeGraph) -> None:
    said = kg_memory.run("document-says", document="number-one-project-five-years-interview-2022")
    stated = said[(said.what == "statement") & (said.relation == "buildsOn")]
    assert stated[["about_label", "other_label", "basis"]].values.tolist() == [
        ["一号工程", "数字浙江", "stated"]
    ]
    report = kg_memory.run("document-says", document="zhejiang-digital-economy")
    inferred = report[report.basis == "inferred"]
    assert sorted(
        zip(inferred.about_label, inferred.relation, inferred.other_label, strict=True)
    ) == [
        ("一号工程", "buildsOn", "国家信息经济示范区"),
        ("一号工程", "elevates", "信息经济"),
        ("信息经济", "buildsOn", "数字浙江"),
    ]


# -- series and targets ---------------------------------------------------------------


def test_share_of_gdp_series_names_its_documents(kg_memory: pg.KnowledgeGraph) -> None:
    series = kg_memory.run("indicator-series")
    assert sorted(set(series.year)) == [2017, 2018, 2020, 2021, 2023]
    by_year = series.groupby("year").value.apply(set).to_dict()
    assert by_year == {2017: {39.9}, 2018: {41.25}, 2020: {46.8}, 2021: {48.6}, 2023: {52.5}}
    assert set(series.loc[series.year == 2017, "document"]) == {
        PLAN,
        "digital-economy-progress-report-2018",
    }


def test_value_added_series_joins_the_two_names_of_one_measure(
    kg_memory: pg.KnowledgeGraph,
) -> None:
    series = kg_memory.run("indicator-series", indicator="数字经济增加值", role="actual")
    assert sorted(set(series.year)) == [2017, 2018, 2020, 2021, 2023]
    assert set(series.printed_as) == {"数字经济增加值", "数字经济总量"}
    # the fifth point (2018) is printed only as 数字经济总量: the series reaches five
    # points through the inferred skos:closeMatch, not on its own
    own = series[series.printed_as == "数字经济增加值"]
    assert sorted(set(own.year)) == [2017, 2020, 2021, 2023]
    assert set(series.loc[series.year == 2018, "printed_as"]) == {"数字经济总量"}


def test_core_industries_series_name_their_documents(kg_memory: pg.KnowledgeGraph) -> None:
    """The core industries' value added and its growth: four years each, as printed."""
    core = "digital-economy-core-industries-value-added"
    value = kg_memory.run("indicator-series", indicator=core, role="actual")
    value = value[value.place_label == "浙江"]
    assert {(r.year, r.value, r.unit, r.qualifier, r.document) for r in value.itertuples()} == {
        (2014, 2854.0, "亿元", "exact", "digital-economy-growth-news-2021"),
        (2018, 5547.7, "亿元", "exact", "zhejiang-digital-economy"),
        (2020, 7020.0, "亿元", "exact", "digital-economy-growth-news-2021"),
        (2020, 7020.0, "亿元", "exact", "digital-economy-regulation-in-force-2021"),
        (2021, 8000.0, "亿元", "lower_bound", "number-one-project-five-years-interview-2022"),
    }
    growth = kg_memory.run("indicator-series", indicator=core, role="growth")
    growth = growth[growth.place_label == "浙江"]
    assert {(r.year, r.value, r.qualifier, r.document) for r in growth.itertuples()} == {
        (2019, 15.0, "exact", "core-industries-2019-xinhua"),
        (2020, 13.0, "exact", "digital-economy-regulation-in-force-2021"),
        (2020, 13.0, "exact", "economy-finance-report-2020-news"),
        (2021, 20.0, "exact", "government-work-report-2022"),
        (2024, 8.0, "approximate", "government-work-report-2025-news"),
    }
    # no 2022 outcome for the 2022 work report's 12% target: no pair in target-outcomes
    pairs = kg_memory.run("target-outcomes")
    assert pairs[(pairs.target_year == 2022)].empty


def test_four_series_reach_five_yearly_points(kg_memory: pg.KnowledgeGraph) -> None:
    lengths = series_lengths(kg_memory)
    long = {
        (indicator.rsplit("/", 1)[1], role): int(years)
        for (indicator, _place, role), years in lengths[lengths >= 5].items()
    }
    assert long == {
        ("digital-economy-share-of-gdp", "share"): 5,
        ("digital-economy-size", "actual"): 5,
        ("gross-domestic-product", "actual"): 5,
        ("gross-domestic-product", "growth"): 5,
    }


def test_gdp_series_from_five_documents(kg_memory: pg.KnowledgeGraph) -> None:
    actual = kg_memory.run("indicator-series", indicator="gross-domestic-product", role="actual")
    first = actual.sort_values("value").groupby("year").first()
    assert sorted(first.index) == [2019, 2020, 2021, 2022, 2023]
    assert (first.loc[2022, "value"], first.loc[2022, "unit"]) == (77715.0, "亿元")
    assert first.loc[2022, "document"] == "statistical-communique-2022"
    assert first.loc[2020, "document"] == "economy-finance-report-2020-news"
    growth = kg_memory.run("indicator-series", indicator="gross-domestic-product", role="growth")
    growth = growth[growth.place_label == "浙江"]
    by_year = growth.groupby("year").value.apply(set).to_dict()
    # 2022 is printed twice: 预计…3%左右 in the January work report, 3.1% in the
    # communiqué; both are kept, nothing is averaged
    assert by_year == {2020: {3.6}, 2021: {8.5}, 2022: {3.0, 3.1}, 2023: {6.0}, 2024: {5.5}}
    assert set(growth.loc[growth.year == 2022, "document"]) == {
        "government-work-report-2023-news",
        "statistical-communique-2022",
    }


def test_the_role_parameter_takes_the_yaml_notation(kg_memory: pg.KnowledgeGraph) -> None:
    share = kg_memory.run("indicator-series", role="share")
    assert len(share) >= 7
    # the ontology's local names are not a second spelling
    assert kg_memory.run("indicator-series", role="Share").empty
    change = kg_memory.run(
        "indicator-series",
        indicator="digital-economy-core-industries-value-added",
        role="pp_change",
    )
    assert 2.3 in set(change.value)


def test_the_2018_plan_2020_targets_against_their_outcomes(kg_memory: pg.KnowledgeGraph) -> None:
    pairs = kg_memory.run("target-outcomes")
    plan = pairs[(pairs.target_document == PLAN) & (pairs.target_year == 2020)]
    rows = {
        row.indicator_label: (row.target_value, row.outcome_value, row.gap, row.met)
        for row in plan.itertuples()
    }
    assert rows == {
        "数字经济增加值": (30000.0, 30218.0, 218.0, True),
        "数字经济占GDP的比重": (47.0, 46.8, pytest.approx(-0.2), False),
    }
    assert set(plan.outcome_document) == {"digital-economy-14th-five-year-plan-2021"}


def test_the_2024_and_the_2023_targets_against_their_outcomes(
    kg_memory: pg.KnowledgeGraph,
) -> None:
    pairs = kg_memory.run("target-outcomes")
    late = pairs[pairs.target_year >= 2021]
    rows = {
        (row.indicator_label, row.target_year, row.target_document, row.outcome_document): (
            row.target_value,
            row.target_qualifier,
            row.outcome_value,
            row.gap,
            row.met,
        )
        for row in late.itertuples()
    }
    assert rows == {
        # the mid-year report's "about 9%" for 2024 against the "about 8%" reported in 2025
        (
            "数字经济核心产业增加值",
            2024,
            "mid-year-work-report-2024-news",
            "government-work-report-2025-news",
        ): (9.0, "approximate", 8.0, -1.0, False),
        # the 2023 floor of 5% against the 6% reported a year later
        (
            "地区生产总值",
            2023,
            "government-work-report-2023-news",
            "government-work-report-2024-news",
        ): (5.0, "lower_bound", 6.0, 1.0, True),
        (
            "地区生产总值",
            2024,
            "government-work-report-2024-news",
            "government-work-report-2025-news",
        ): (5.5, "approximate", 5.5, 0.0, True),
    }


def test_a_floor_and_a_stretch_target_are_two_figures_not_a_conflict(
    kg_memory: pg.KnowledgeGraph,
) -> None:
    """增长13%,力争15%: the 13% floor (lower bound) and the 15% striven for, which the
    2020 government work report states too, are kept apart and not flagged."""
    graph = kg_memory.graph
    figures = {
        slug: (
            float(graph.value(PGID[slug], SDMX_MEASURE.obsValue)),
            str(graph.value(PGID[slug], PG.qualifier)).rsplit("/", 1)[1],
        )
        for slug in (
            "work-points-2020-core-industries-growth-target",
            "work-points-2020-core-industries-growth-stretch-target",
            "gwr-2020-core-industries-growth-target-2020",
        )
    }
    assert figures == {
        "work-points-2020-core-industries-growth-target": (13.0, "LowerBound"),
        "work-points-2020-core-industries-growth-stretch-target": (15.0, "Exact"),
        "gwr-2020-core-industries-growth-target-2020": (15.0, "Exact"),
    }
    suspect = kg_memory.run("suspect-figures")
    assert not suspect.observation.str.contains("core-industries-growth").any()


def test_a_preliminary_estimate_and_the_final_figure_are_both_kept_not_a_conflict(
    kg_memory: pg.KnowledgeGraph,
) -> None:
    """2022 GDP growth: 预计…3%左右 in January's work report, 3.1% in the communiqué.

    The estimate is modelled as printed, approximate (左右), and the final figure agrees
    with it at its printed precision (3% covers 2.5-3.5%, 左右 widens that), so both
    rows stay, each with its quote, and neither is flagged. Two figures that cannot
    both be true (an estimate of 3.5% against the final 3.1%) flag each other, each
    flag quoting both.
    """
    growth = kg_memory.run("indicator-series", indicator="gross-domestic-product", role="growth")
    rows = growth[(growth.year == 2022) & (growth.place_label == "浙江")]
    assert {(r.value, r.qualifier, r.document, r.quote) for r in rows.itertuples()} == {
        (3.0, "approximate", "government-work-report-2023-news", "预计地区生产总值增长3%左右"),
        (3.1, "exact", "statistical-communique-2022", "77715亿元,比上年增长3.1%"),
    }
    assert not rows.suspect.astype(bool).any()

    def figure(slug: str, value: str, qualifier: str, quote: str) -> SimpleNamespace:
        return SimpleNamespace(
            id=slug, value=Decimal(value), unit="%", value_base=Decimal(value) / 100,
            unit_base="ratio", role="growth", part_of=None, share_of=None, flag=None,
            indicator="gross-domestic-product", place="zhejiang", year=2022,
            period="2022年", qualifier=qualifier, quotes=(quote,), where=None,
        )  # fmt: skip

    final = figure("communique", "3.1", "exact", "比上年增长3.1%")
    assert check_observations([figure("estimate", "3", "approximate", "增长3%左右"), final]) == []
    flags = check_observations([figure("estimate", "3.5", "exact", "增长3.5%"), final])
    assert {(flag.observation, flag.rule) for flag in flags} == {
        ("estimate", "conflicting-values"),
        ("communique", "conflicting-values"),
    }
    assert all("增长3.5%" in flag.reason and "增长3.1%" in flag.reason for flag in flags)


def test_targets_meet_only_figures_of_their_kind(kg_memory: pg.KnowledgeGraph) -> None:
    """A growth-rate target (增长12%) is set beside growth rates, never beside values in 亿元;
    a share target (占GDP比重55%) beside shares; a value target beside values."""
    rows = kg_memory.run("targets-vs-actuals")
    core = rows[(rows.indicator_label == "数字经济核心产业增加值") & (rows.target_unit == "%")]
    assert not core.empty
    assert set(core.actual_role) == {"growth"} and set(core.actual_unit) == {"%"}
    growth_2022 = core[core.target_year == 2022].dropna(subset=["actual_year"])
    assert {2019, 2020, 2021, 2024} <= set(growth_2022.actual_year)
    share = rows[(rows.indicator_label == "数字经济占GDP的比重") & (rows.target_year == 2022)]
    assert set(share.actual_role) == {"share"}
    assert {2021: 48.6, 2023: 52.5}.items() <= dict(
        zip(share.actual_year, share.actual_value, strict=True)
    ).items()
    value = rows[(rows.indicator_label == "数字经济增加值") & (rows.target_unit == "亿元")]
    assert set(value.actual_role) == {"actual"}
    assert set(value.actual_unit) <= {"亿元", "万亿元"}


# -- bad input ------------------------------------------------------------------------


def _meta(kg_dir: Path, identifier: str) -> Path:
    return kg_dir / "sources" / f"{identifier}.yaml"


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_changed_text_fails_its_checksum(kg_copy: Path) -> None:
    text = kg_copy / "sources" / f"{PLAN}.txt"
    text.write_text(text.read_text(encoding="utf-8").replace("20658", "20659"), "utf-8")
    with pytest.raises(InputError) as caught:
        build(kg_copy)
    assert f"{PLAN}.yaml" in str(caught.value)
    assert "sha256" in str(caught.value)


def test_two_documents_with_one_identifier(kg_copy: Path) -> None:
    other = _meta(kg_copy, "government-work-report-2022")
    _rewrite(other, "id: government-work-report-2022", "id: government-work-report-2020")
    with pytest.raises(InputError) as caught:
        build(kg_copy)
    assert "government-work-report-2020" in str(caught.value)
    assert "two sources share the id" in str(caught.value)


def test_a_date_the_printed_date_contradicts(kg_copy: Path) -> None:
    _rewrite(_meta(kg_copy, PLAN), "date: '2018-09-29'", "date: '2018-10-29'")
    with pytest.raises(InputError) as caught:
        build(kg_copy)
    message = str(caught.value)
    assert f"{PLAN}.yaml" in message and "contradicts the text" in message and "month 09" in message


def test_a_date_before_the_actuals_the_document_reports(kg_copy: Path) -> None:
    path = _meta(kg_copy, "digital-economy-2023-news")
    _rewrite(path, "date: '2024'", "date: '2022'")
    with pytest.raises(InputError) as caught:
        build(kg_copy)
    message = str(caught.value)
    assert "digital-economy-2023-news.yaml" in message
    assert "news-2024-digital-economy-value-added-2023" in message


@pytest.mark.parametrize("period", [None, "  "])
def test_a_series_point_without_a_period(kg_copy: Path, period: str | None) -> None:
    path = kg_copy / "annotations" / "digital-economy-14th-five-year-plan-2021.yaml"
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    (point,) = [
        o for o in document["observations"] if o["id"] == "fyp14-digital-economy-share-2020"
    ]
    if period is None:
        del point["period"]
    else:
        point["period"] = period
    path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    with pytest.raises(DataError) as caught:
        build(kg_copy)
    message = str(caught.value)
    assert "digital-economy-14th-five-year-plan-2021.yaml" in message
    assert "fyp14-digital-economy-share-2020" in message and "period" in message


def test_bad_corpus_input_keeps_the_last_good_release(
    kg_copy: Path, tmp_path: Path, result: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "release"
    before = {path.name: path.read_bytes() for path in write_release(result, out_dir)}
    _rewrite(_meta(kg_copy, PLAN), "date: '2018-09-29'", "date: '2017-09-29'")
    code = main(["build", "--kg", str(kg_copy), "--out", str(out_dir)])
    assert code != 0
    assert f"{PLAN}.yaml" in capsys.readouterr().err
    assert {path.name: path.read_bytes() for path in out_dir.iterdir()} == before
