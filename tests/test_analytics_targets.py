"""Targets against actuals, and the source's arithmetic through policygraph.checks."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

import policygraph as pg
from policygraph import analytics, checks
from policygraph.analytics._rdf import Figure, figures
from policygraph.errors import NotFoundError


def test_growth_needed_for_the_2022_target(kg: pg.KnowledgeGraph) -> None:
    gaps = analytics.target_gaps(kg)
    # with the corpus, the latest actual before 2022 is 2021's 3.57 万亿元 (printed by
    # the 2022 white paper and the 2022 interview alike)
    latest = gaps.set_index("target").loc["digital-economy-value-added-target-2022"]
    assert latest.actual in {
        "white-paper-digital-economy-value-added-2021",
        "interview-2022-digital-economy-value-added-2021",
    }
    assert (latest.actual_value, latest.actual_unit, latest.actual_year) == (3.57, "万亿元", 2021)
    assert latest.required_growth == pytest.approx(4 / 3.57 - 1, rel=1e-12)
    assert latest.pairing == "same indicator"
    # the first report's own pairing, asked for explicitly
    row = analytics.target_gaps(
        kg, target="digital-economy-value-added-target-2022", actual="digital-economy-total-2018"
    ).iloc[0]
    assert (row.target_value, row.target_unit, row.target_year) == (4.0, "万亿元", 2022)
    assert (row.actual_value, row.actual_unit, row.actual_year) == (2.33, "万亿元", 2018)
    assert row.years == 4
    assert row.required_growth == pytest.approx((4 / 2.33) ** (1 / 4) - 1, rel=1e-12)
    assert row.reported_growth == pytest.approx(0.1926)
    assert row.reported_growth_year == 2018
    with pytest.raises(NotFoundError) as caught:
        analytics.target_gaps(kg, target="digital-economy-value-added-target-202")
    assert "digital-economy-value-added-target-2022" in caught.value.suggestions


def test_growth_needed() -> None:
    assert analytics.growth_needed(100, 121, 2) == pytest.approx(0.1)
    assert analytics.growth_needed(2.33, 4, 4) == pytest.approx((4 / 2.33) ** 0.25 - 1)
    with pytest.raises(ValueError):
        analytics.growth_needed(0, 4, 4)
    with pytest.raises(ValueError):
        analytics.growth_needed(1, 4, 0)


def figure(id: str, **changes: object) -> Figure:
    base = Figure(
        id=id,
        iri=f"urn:x:{id}",
        indicator="urn:x:size",
        indicator_zh="数字经济总量",
        indicator_en=None,
        place="urn:x:zj",
        place_zh=None,
        period=None,
        year=2018,
        value=Decimal("2"),
        unit="万亿元",
        value_base=Decimal("2e12"),
        unit_base="元",
        role="actual",
        qualifier="exact",
        part_of=None,
        share_of=None,
        flag=None,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def test_pairing_prefers_the_same_indicator_then_the_same_measure() -> None:
    target = figure(
        "goal",
        indicator="urn:x:value-added",
        indicator_zh="数字经济增加值",
        role="target",
        year=2020,
        value=Decimal("4.5"),
        value_base=Decimal("4.5e12"),
    )
    size = figure("size-2016", year=2016)
    core = figure("core-2018", indicator="urn:x:core", indicator_zh="数字经济核心产业增加值")
    other_place = figure("elsewhere-2018", indicator="urn:x:value-added", place="urn:x:sh")
    row = analytics.target_gaps([target, size, core, other_place]).iloc[0]
    assert (row.actual, row.years) == ("size-2016", 4)
    assert row.required_growth == pytest.approx((4.5 / 2) ** 0.25 - 1)
    same = figure("va-2017", indicator="urn:x:value-added", year=2017)
    assert analytics.target_gaps([target, size, same]).actual[0] == "va-2017"
    lonely = analytics.target_gaps([target, core]).iloc[0]
    assert lonely.actual is None and "no earlier actual" in lonely.pairing


def test_source_checks_match_the_flags_the_build_stored(kg: pg.KnowledgeGraph) -> None:
    table = analytics.source_checks(kg)
    flagged = set(table.loc[table.status == "flagged", "observation"])
    observations = kg.observations()
    stored = {
        iri.rsplit("/", 1)[-1]
        for iri in observations.loc[observations.suspect != "", "observation"]
    }
    assert flagged == stored
    share = table.set_index("observation").loc["industrial-digitalisation-share-2018"]
    assert share.rule == "share-equals-part-over-whole"
    assert "1.81 亿元" in share.reason
    robots = table.set_index("observation").loc["new-industrial-robots-2018"]
    assert (robots.checks, robots.status) == ("part of industrial-robots-in-service-2018", "ok")


def test_source_checks_reuse_the_build_rules(
    kg_memory: pg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    def everything_is_odd(figure: checks.CheckedFigure, _: object) -> list[checks.Flag]:
        return [checks.Flag(figure.id, "probe", "flagged by a rule added at run time")]

    monkeypatch.setitem(checks.RULES, "probe", everything_is_odd)
    table = analytics.source_checks(kg_memory)
    assert len(table) == len(figures(kg_memory))
    assert table.rule.str.contains("probe").all()


def test_figures_keep_the_printed_precision(kg: pg.KnowledgeGraph) -> None:
    by_id = {f.id: f for f in figures(kg)}
    total = by_id["digital-economy-total-2018"]
    assert (total.value, total.value_base, total.unit_base) == (
        Decimal("2.33"),
        Decimal("2.33e12"),
        "元",
    )
    share = by_id["industrial-digitalisation-share-2018"]
    assert share.share_of == ("industrial-digitalisation-2018", "digital-economy-total-2018")
    assert by_id["internet-penetration-above-national-2018"].flag
