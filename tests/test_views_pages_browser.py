"""The map, chart and timeline pages in headless Chromium, offline.

Every request but the page's own is aborted. For each view: the drawn marks equal the
data (places coloured, points plotted, items on the timeline), hovering shows the
evidence, the year slider recolours the map, and nothing is requested. The injection
fixtures prove that no payload runs. Screenshots go to test-artifacts/ (gitignored).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import policygraph as pg
from browser import Opened
from policygraph import analytics, views
from policygraph._sparql import read_query
from policygraph.geometry import load_geometry
from policygraph.views._map import NOT_YET

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"

# Every Vega scenegraph item that carries a card: [marktype, datum, fill, screen box].
DRAWN = """() => {
  var svg = pgView.container().querySelector('svg').getBoundingClientRect();
  var pad = pgView.padding();  // the SVG's own translate, outside the origin
  var origin = [pgView.origin()[0] + pad.left, pgView.origin()[1] + pad.top];
  var found = [];
  (function walk(node) {
    if (!node) return;
    var items = node.items || [];
    if (node.marktype && node.marktype !== 'group') {
      items.forEach(function (item) {
        var datum = item.datum || {};
        var card = datum.card || (datum.properties && datum.properties.card);
        if (!card) return;
        var b = item.bounds, props = datum.properties;
        var plain = {state: datum.state, year: datum.year, value: datum.value, card: card};
        found.push({type: node.marktype, name: node.name || '', datum: plain,
                    props: props ? {id: props.id, level: props.level} : null,
                    fill: item.fill || null,
                    box: {x1: svg.left + origin[0] + b.x1, x2: svg.left + origin[0] + b.x2,
                          y1: svg.top + origin[1] + b.y1, y2: svg.top + origin[1] + b.y2}});
      });
    } else {
      items.forEach(walk);
    }
  })(pgView.scenegraph().root);
  return found;
}"""


@pytest.fixture(scope="module")
def kg() -> pg.KnowledgeGraph:
    return pg.load(store="oxigraph")


@pytest.fixture(scope="module")
def injection() -> pg.KnowledgeGraph:
    return pg.load([FIXTURES / "injection.ttl", FIXTURES / "injection-places.ttl"])


def tooltip(opened: Opened) -> str:
    return str(opened.evaluate("document.getElementById('pg-tooltip').textContent"))


def hover(opened: Opened, box: dict[str, float], wanted: str) -> str:
    """Move over points of ``box`` until the hover card shows ``wanted``; return the card."""
    for fx in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        for fy in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            x = box["x1"] + fx * (box["x2"] - box["x1"])
            y = box["y1"] + fy * (box["y2"] - box["y1"])
            opened.page.mouse.move(x, y)
            shown = tooltip(opened)
            if wanted in shown and opened.evaluate("!document.getElementById('pg-tooltip').hidden"):
                return shown
    raise AssertionError(f"no point of {box} shows {wanted!r}")


# -- map ----------------------------------------------------------------------------------


def test_map_colours_every_place_as_the_data_say(
    open_page: Any, kg: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    page = views.map(kg)
    opened = open_page(views.write_page(page, tmp_path / "map.html"))
    drawn = opened.evaluate(DRAWN)
    geo = load_geometry()
    shapes = [d for d in drawn if d["type"] == "shape"]
    assert sorted(d["props"]["id"] for d in shapes) == sorted(f["id"] for f in geo.features)
    counties = [d for d in shapes if d["props"]["level"] == "county"]
    assert len(counties) == 90
    expected = {item["id"]: item["counts"][-1] for item in page.items}
    for county in counties:  # slider at the last year: every link counted
        assert county["datum"]["state"] == expected[county["props"]["id"]]
    fills = {d["datum"]["state"]: d["fill"] for d in counties}
    assert len(set(fills.values())) == len(fills) > 1  # each count its own colour
    assert opened.evaluate("document.querySelectorAll('#pg-chart svg path').length") >= 102
    opened.screenshot("map")
    assert opened.clean()


def test_map_hover_shows_names_roles_documents_and_quotes(
    open_page: Any, kg: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    spread = analytics.diffusion(kg, "城市大脑")
    opened = open_page(views.write_page(views.map(kg, "城市大脑"), tmp_path / "map-cb.html"))
    drawn = [d for d in opened.evaluate(DRAWN) if d["type"] == "shape"]
    county = next(
        e for e in spread.events.itertuples() if e.level == "county"
    )  # its own shape is filled, not an outline
    shape = next(d for d in drawn if d["props"]["id"] == county.place)
    shown = hover(opened, shape["box"], county.place_zh)
    assert county.place_en in shown
    for evidence in county.evidence:
        assert evidence["quote"] in shown and evidence["role"] in shown
        assert evidence["document"] in shown
    opened.page.mouse.down()
    opened.page.mouse.up()
    details = opened.evaluate("document.getElementById('pg-details').textContent")
    assert county.evidence[0]["quote"] in details
    opened.screenshot("map-city-brain")
    assert opened.clean()


def test_year_slider_replays_the_diffusion(
    open_page: Any, injection: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    spread = analytics.diffusion(injection, "pgid:evil-programme")
    page = views.map(injection, "pgid:evil-programme")
    opened = open_page(views.write_page(page, tmp_path / "slider.html"))

    def states() -> dict[str, tuple[str, str]]:
        return {
            d["props"]["id"]: (d["datum"]["state"], d["fill"])
            for d in opened.evaluate(DRAWN)
            if d["type"] == "shape" and d["props"]["level"] == "county"
        }

    slider = opened.page.locator("#pg-chart input[type=range]")
    years = dict(zip(spread.events.place, spread.events.year, strict=True))
    geo = load_geometry()
    county_of = {  # a county with no link of its own shows its prefecture's
        p: data["parent"] for p, data in geo.places.items() if data["level"] == "county"
    }
    seen = {}
    for year in (int(spread.curve.year.min()), int(spread.curve.year.max())):
        slider.fill(str(year))
        opened.evaluate("pgView.runAsync().then(() => true)")
        shown = seen[year] = states()
        for county, prefecture in county_of.items():
            adopted = years.get(prefecture)
            if adopted is None:
                continue
            state = shown[county][0]
            assert state == (str(adopted) if adopted <= year else NOT_YET), (county, year)
    first, last = (seen[year] for year in sorted(seen))
    changed = {c for c in first if first[c][1] != last[c][1]}
    later = {str(p) for p, y in years.items() if y == spread.curve.year.max()}
    assert changed == {c for c, p in county_of.items() if p in later}  # its counties recolour
    assert opened.clean()


# -- charts ---------------------------------------------------------------------------------


def test_series_points_equal_the_figures_and_show_their_quote(
    open_page: Any, kg: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    page = views.series(kg)
    opened = open_page(views.write_page(page, tmp_path / "series.html"))
    points = [d for d in opened.evaluate(DRAWN) if d["type"] == "symbol"]
    assert sorted((p["datum"]["year"], p["datum"]["value"]) for p in points) == sorted(
        (i["year"], i["value"]) for i in page.items
    )
    figures = kg.query(read_query("views/figures"))

    def apart(point: dict[str, Any]) -> bool:  # small values of a large axis lie on each other
        b = point["box"]
        return not any(
            o is not point
            and o["box"]["x1"] < b["x2"]
            and b["x1"] < o["box"]["x2"]
            and o["box"]["y1"] < b["y2"]
            and b["y1"] < o["box"]["y2"]
            for o in points
        )

    alone = [point for point in points if apart(point)]
    assert len(alone) >= 3
    for point in alone[:3]:
        evidence = point["datum"]["card"]["evidence"][0]
        assert evidence["quote"] in set(figures.quote)
        shown = hover(opened, point["box"], evidence["quote"])
        assert evidence["document"] in shown
    opened.screenshot("series")
    assert opened.clean()


def test_targets_and_shares_draw_their_figures(
    open_page: Any, kg: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    for name, mark in (("targets", "symbol"), ("shares", "rect")):
        page = views.render(name, kg)
        opened = open_page(views.write_page(page, tmp_path / f"{name}.html"))
        drawn = [d for d in opened.evaluate(DRAWN) if d["type"] == mark]
        assert sorted(d["datum"]["value"] for d in drawn) == sorted(i["value"] for i in page.items)
        quote = drawn[0]["datum"]["card"]["evidence"][0]["quote"]
        hover(opened, drawn[0]["box"], quote)
        if name == "targets":
            labels = opened.evaluate(
                "Array.from(document.querySelectorAll('#pg-chart svg text'))"
                ".map(t => t.textContent)"
            )
            assert any(label.startswith("gap") for label in labels)
        opened.screenshot(name)
        assert opened.clean()


# -- timeline ---------------------------------------------------------------------------------


def test_timeline_items_equal_the_rows_and_click_shows_evidence(
    open_page: Any, kg: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    page = views.timeline(kg)
    opened = open_page(views.write_page(page, tmp_path / "timeline.html"))
    labels = opened.evaluate(
        "Array.from(document.querySelectorAll('.vis-item .pg-item')).map(e => e.textContent)"
    )
    assert sorted(labels) == sorted(i["label"] for i in page.items)
    groups = opened.evaluate(
        "Array.from(document.querySelectorAll('.vis-label .pg-group')).map(e => e.textContent)"
    )
    assert [g for g in groups if g] == [label for _, label in views._timeline.GROUPS]
    item = next(i for i in page.items if i["card"]["evidence"])
    opened.evaluate("id => pgTimeline.setSelection([id], {focus: false})", item["id"])
    opened.evaluate("id => pgShowDetails(pgPage.items.find(i => i.id === id).card)", item["id"])
    locator = opened.page.locator(".vis-item .pg-item", has_text=item["label"]).first
    locator.scroll_into_view_if_needed()
    locator.click()
    details = opened.evaluate("document.getElementById('pg-details').textContent")
    assert item["card"]["evidence"][0]["quote"] in details
    locator.hover()
    opened.page.wait_for_selector("#pg-tooltip:not([hidden])", timeout=5_000)
    assert item["card"]["evidence"][0]["quote"] in tooltip(opened)
    opened.screenshot("timeline")
    assert opened.clean()


def test_timeline_carries_every_document_date_with_the_passage_that_prints_it(
    open_page: Any, kg: pg.KnowledgeGraph, tmp_path: Path
) -> None:
    documents = kg.documents()
    expected = set()
    for row in documents.itertuples():
        for column in ("date", "adopted", "in_force"):
            value = getattr(row, column)
            if isinstance(value, str):
                expected.add((row.identifier, value))
    assert len(documents) >= 20 and len(expected) >= 20  # the corpus, one regulation in force
    page = views.timeline(kg)
    opened = open_page(views.write_page(page, tmp_path / "timeline-documents.html"))
    drawn = opened.evaluate(
        "pgTimeline.itemsData.get().filter(i => /pg-document/.test(i.className))"
        ".map(i => { var d = new Date(i.start), p = n => String(n).padStart(2, '0');"
        " return [i.id, d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate()),"
        " i.group]; })"
    )
    by_id = {item["id"]: item for item in page.items}
    assert {
        (by_id[i]["document"], by_id[i]["card"]["meta"][0].split(" ")[0]) for i, _, _ in drawn
    } == expected
    for item, start, _ in drawn:  # on its day; a year or a month printed alone on its first day
        printed = by_id[item]["card"]["meta"][0].split(" ")[0]
        assert start == printed + {4: "-01-01", 7: "-01", 10: ""}[len(printed)]
    assert {group for _, _, group in drawn} == {"provincial"}  # the corpus: Zhejiang's documents
    in_dom = opened.evaluate(
        "document.querySelectorAll('.vis-item.vis-box.pg-document .pg-item').length"
    )
    assert in_dom == len(drawn)
    regulation = documents.set_index("identifier").loc["digital-economy-promotion-regulation-2020"]
    assert (regulation.adopted, regulation.in_force) == ("2020-12-24", "2021-03-01")
    in_force = next(
        i for i in page.items if i.get("document") == regulation.name and "in_force" in i["dates"]
    )
    opened.evaluate("pgTimeline.setWindow('2020-10-01', '2021-08-01', {animation: false})")
    locator = opened.page.locator(".vis-item.pg-in_force .pg-item").first
    locator.click()
    details = opened.evaluate("document.getElementById('pg-details').textContent")
    assert "自2021年3月1日起施行" in details and "in force 施行" in details
    quote = in_force["card"]["evidence"][0]
    source = (REPO / "kg" / "sources" / f"{regulation.name}.txt").read_text(encoding="utf-8")
    assert source[quote["start"] : quote["end"]] == quote["quote"]
    opened.screenshot("timeline-documents")
    assert opened.clean()


# -- safety -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "view", ["map", "map-programme", "series", "targets", "shares", "timeline"]
)
def test_no_injected_script_runs(
    open_page: Any, injection: pg.KnowledgeGraph, tmp_path: Path, view: str
) -> None:
    page = (
        views.map(injection, "pgid:evil-programme")
        if view == "map-programme"
        else views.render(view, injection)
    )
    opened = open_page(views.write_page(page, tmp_path / f"{view}.html"))
    seen = ""
    if page.library == "timeline":
        for element in opened.page.locator(".vis-item .pg-item").all():
            element.hover()
            seen += tooltip(opened)
            element.click()
        scripts = 3  # vis-timeline, data, page script
    else:
        for drawn in opened.evaluate(DRAWN):
            box = drawn["box"]
            x, y = (box["x1"] + box["x2"]) / 2, (box["y1"] + box["y2"]) / 2
            opened.page.mouse.move(x, y)
            seen += tooltip(opened)
            opened.page.mouse.click(x, y)
        slider = opened.page.locator("#pg-chart input[type=range]")
        if slider.count():
            slider.fill(str(page.extra["years"][0]))
        scripts = 5  # vega, vega-lite, vega-embed, data, page script
    seen += opened.evaluate("document.getElementById('pg-details').textContent")
    assert "window.__pwned" in seen  # payloads are shown as text
    assert opened.dialogs == []
    assert opened.evaluate("window.__pwned") is None
    injected = opened.evaluate(
        "document.querySelectorAll('img, iframe, #injected-link, svg[onload], b, "
        "a[href^=javascript]').length"
    )
    assert injected == 0
    assert opened.evaluate("document.scripts.length") == scripts
    opened.screenshot(f"injection-{view}")
    assert opened.clean()
