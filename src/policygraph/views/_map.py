"""The diffusion map: Zhejiang's counties and prefectures coloured by initiatives or adoption.

Drawn with Vega-Lite ``geoshape`` from the bundled boundaries (`policygraph.geometry`),
no tiles and no request. A county without its own link to an initiative shows its
prefecture's (said so on its card). A year slider replays the diffusion: undated links
count from the start, since the source does not say when they began.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from ._pages import Page

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["NOT_ADOPTED", "NOT_YET", "UNDATED", "place_map", "result_map"]

UNDATED = "adopted, year unknown 已采纳·年份不详"
NOT_YET = "not yet 尚未采纳"
NOT_ADOPTED = "not adopted 未采纳"
_PASSIVE = ["prefectures", "province"]  # outline layers: hover goes to the county below
_LEVEL_NAMES = {
    "province": "province 省",
    "prefecture": "prefecture 地级市",
    "county": "county 县区",
}
_YEAR_COLOURS = [
    "#fde0c5",
    "#facba6",
    "#f8b58b",
    "#f59e72",
    "#f2855d",
    "#ef6a4c",
    "#eb4a40",
    "#c73236",
    "#a1232f",
    "#7a1627",
]


def _text(value: Any) -> str | None:
    return None if pd.isna(value) else str(value)


def _int(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def _links_by_place(links: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for row in links.to_dict("records"):
        found.setdefault(str(row["place"]), []).append(
            {
                "initiative": str(row["initiative"]),
                "zh": _text(row["initiative_zh"]),
                "en": _text(row["initiative_en"]),
                "role": str(row["role"]),
                "year": _int(row["year"]),
                "quote": _text(row["quote"]),
                "start": _int(row["start"]),
                "end": _int(row["end"]),
                "document": _text(row["document"]),
                "year_from": _text(row.get("year_from")),
            }
        )
    return found


def _evidence(links: list[dict[str, Any]], via: str | None) -> list[dict[str, Any]]:
    shown = []
    for link in sorted(links, key=lambda item: (item["zh"] or "", item["start"] or 0)):
        name = " ".join(part for part in (link["zh"], link["en"]) if part)
        when = str(link["year"]) if link["year"] is not None else "year unknown 年份不详"
        if link.get("year_from") == "document":  # the created document's own year
            when += " (the document's year 文件年份)"
        label = f"{name} · {link['role']} · {when}" + (f" · via {via}" if via else "")
        shown.append({**link, "label": label})
    return shown


def _initiative_years(links: list[dict[str, Any]]) -> dict[str, int | None]:
    """Initiative → the earliest year of its links (None when none is dated)."""
    years: dict[str, int | None] = {}
    for link in links:
        year = link["year"]
        known = years.get(link["initiative"])
        earlier = year is not None and (known is None or year < known)
        if link["initiative"] not in years or earlier:
            years[link["initiative"]] = year
    return years


def place_map(kg: KnowledgeGraph, programme: str | None = None, *, year: int | None = None) -> Page:
    """Zhejiang's prefectures and counties, coloured by initiatives or by adoption year.

    Parameters
    ----------
    kg : KnowledgeGraph
    programme : str, optional
        Colour by the year each place adopted this programme (`analytics.diffusion`);
        default: colour by the number of initiatives each place carries.
    year : int, optional
        The slider's initial year (default: the last year of the graph).

    Examples
    --------
    >>> import policygraph as pg
    >>> page = place_map(pg.load(), "城市大脑")
    >>> page.view, len(page.items)
    ('map', 102)
    >>> sorted(item["zh"] for item in page.items if item["own"])
    ['德清县', '杭州市', '湖州市', '衢州市']
    """
    from ..analytics import timeline
    from ..analytics.diffusion import ADOPTION_ROLES, diffusion, place_initiatives
    from ..geometry import load_geometry

    geo = load_geometry()
    links = place_initiatives(kg)
    label = None
    if programme is not None:
        spread = diffusion(kg, programme)
        links = links[(links.initiative == spread.programme) & links.role.isin(ADOPTION_ROLES)]
        label = " ".join(part for part in (spread.label_zh, spread.label_en) if part)
    by_place = _links_by_place(links)
    dated = sorted(
        {int(y) for y in timeline(kg).year.dropna()} | {int(y) for y in links.year.dropna()}
    )
    first, last = (dated[0], dated[-1]) if dated else (2000, 2000)
    start = min(max(year if year is not None else last, first), last)
    names = geo.places
    features = []
    items = []
    for feature in geo.features:
        properties = feature["properties"]
        iri = properties["iri"]
        own = by_place.get(iri, [])
        parent = properties.get("parent")
        inherited = by_place.get(parent, []) if not own and properties["level"] == "county" else []
        shown = own or inherited
        via = names[parent]["zh"] if inherited and parent in names else None
        years = _initiative_years(shown)
        counts = [
            sum(1 for y in years.values() if y is None or y <= step)
            for step in range(first, last + 1)
        ]
        dated_years = [y for y in years.values() if y is not None]
        adoption = min(dated_years) if dated_years else None
        parent_zh = names[parent]["zh"] if parent in names else None
        what = (
            f"{len(years)} initiatives 项政策"
            if programme is None
            else (
                "adopted 已采纳 "
                + (str(adoption) if adoption is not None else "(year unknown 年份不详)")
            )
            if years
            else "not adopted 未采纳"
        )
        card = {
            "id": iri,
            "zh": properties["zh"],
            "en": properties["en"],
            "meta": [
                " · ".join(
                    part
                    for part in (
                        _LEVEL_NAMES[properties["level"]],
                        parent_zh,
                        f"adcode {properties['adcode']}",
                    )
                    if part
                ),
                what + (f" (via {via})" if via else ""),
            ],
            "evidence": _evidence(shown, via),
        }
        data = {
            "id": iri,
            "zh": properties["zh"],
            "en": properties["en"],
            "level": properties["level"],
            "own": bool(own),
            "via": via,
            "counts": counts,
            "year": adoption,
            "adopted": bool(years),
            "card": card,
        }
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": data})
        items.append(data)
    spec = _spec(features, first, last, start, programme is not None)
    adopters = sum(1 for item in items if item["own"])
    subtitle = (
        f"{adopters} places with their own link drawn among {len(items)} shapes "
        f"({geo.levels().get('prefecture', 0)} prefectures, {geo.levels().get('county', 0)} "
        f"counties); boundaries: {geo.dataset['name']} {geo.dataset['version']} "
        f"({geo.dataset['licence']})"
    )
    heading = (
        f"政策扩散 Diffusion: {label}"
        if programme is not None
        else "地方与政策 Initiatives by place"
    )
    return Page(
        view="map",
        heading=heading,
        subtitle=subtitle,
        library="vega",
        spec=spec,
        items=items,
        legend_note=(
            "Counties without a link of their own show their prefecture's, lighter; thick "
            "lines are prefecture borders. The slider replays the years; links whose year "
            "the source does not give count from the start. 无自身记录的县区显示所属地级市"
            "的记录（浅色）；滑块按年份回放，原文未给年份的记录自始计入。"
        ),
        extra={"years": [first, last], "programme": programme, "passive": _PASSIVE},
    )


def _spec(
    features: list[dict[str, Any]], first: int, last: int, start: int, adoption: bool
) -> dict[str, Any]:
    counties = [f for f in features if f["properties"]["level"] == "county"]
    if adoption:
        # the legend lists the years in which some place adopted, earliest lightest
        years = sorted({f["properties"]["year"] for f in features if f["properties"]["year"]})
        colour: dict[str, Any] = {
            "field": "state",
            "type": "nominal",
            "title": "Adopted 采纳年份",
            "scale": {
                "domain": [str(y) for y in years] + [UNDATED, NOT_YET, NOT_ADOPTED],
                "range": [
                    _YEAR_COLOURS[int(i * (len(_YEAR_COLOURS) - 1) / max(1, len(years) - 1))]
                    for i in range(len(years))
                ]
                + ["#8c6bb1", "#d9d9d9", "#f2f4f7"],
            },
        }
        state = (
            "datum.properties.year != null ? (datum.properties.year <= year ? "
            "'' + datum.properties.year : '"
            + NOT_YET
            + "') : (datum.properties.adopted ? '"
            + UNDATED
            + "' : '"
            + NOT_ADOPTED
            + "')"
        )
    else:
        high = max((max(f["properties"]["counts"] or [0]) for f in counties), default=0)
        colour = _quantitative("Initiatives 政策数", high)
        state = f"datum.properties.counts[year - {first}]"
    slider = {
        "name": "year",
        "value": start,
        "bind": {"input": "range", "min": first, "max": last, "step": 1, "name": "年份 Year "},
    }
    return _layers(features, colour, state, [slider])


def _quantitative(title: str, high: float) -> dict[str, Any]:
    return {
        "field": "state",
        "type": "quantitative",
        "title": title,
        "scale": {"domain": [0, max(1, high)], "range": ["#f2f4f7", "#08519c"]},
    }


def _layers(
    features: list[dict[str, Any]], colour: dict[str, Any], state: str, params: list[Any]
) -> dict[str, Any]:
    by_level = {
        level: [f for f in features if f["properties"]["level"] == level]
        for level in ("province", "prefecture", "county")
    }
    spec: dict[str, Any] = {
        "width": 620,
        "height": 620,
        "projection": {"type": "mercator"},
        "layer": [
            {
                "name": "counties",
                "data": {"values": by_level["county"]},
                "transform": [{"calculate": state, "as": "state"}],
                "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.6},
                "encoding": {
                    "color": colour,
                    "opacity": {
                        "condition": {"test": "datum.properties.via != null", "value": 0.6},
                        "value": 1,
                    },
                },
            },
            {
                "name": "prefectures",
                "data": {"values": by_level["prefecture"]},
                "mark": {
                    "type": "geoshape",
                    "filled": False,
                    "stroke": "#3b4252",
                    "strokeWidth": 1,
                },
            },
            {
                "name": "province",
                "data": {"values": by_level["province"]},
                "mark": {
                    "type": "geoshape",
                    "filled": False,
                    "stroke": "#1d2433",
                    "strokeWidth": 1.2,
                },
            },
        ],
        "config": {"view": {"stroke": None}, "legend": {"labelLimit": 260}},
    }
    if params:
        spec["params"] = params
    return spec


def result_map(frame: pd.DataFrame, column: str, *, title: str, subtitle: str = "") -> Page:
    """A query result with a place column on the map: each place coloured by its rows.

    The value of a place is the sum of the first numeric column over its rows, or the
    number of its rows when the result has no numeric column. A county without rows
    of its own shows its prefecture's value, lighter.

    Examples
    --------
    >>> from policygraph import PGID
    >>> hz = str(PGID["hangzhou"])
    >>> page = result_map(pd.DataFrame({"place": [hz, hz]}), "place", title="t")
    >>> [item["value"] for item in page.items if item["own"]]
    [2.0]
    """
    from ..geometry import load_geometry

    geo = load_geometry()
    numeric = [
        str(c)
        for c in frame.columns
        if str(c) != "year"
        and pd.api.types.is_numeric_dtype(frame[c].dropna())
        and len(frame[c].dropna())
    ]
    rows: dict[str, list[dict[Any, Any]]] = {}
    for row in frame.to_dict("records"):
        if isinstance(row.get(column), str):
            rows.setdefault(row[column], []).append(row)

    def value(found: list[dict[Any, Any]]) -> float:
        if numeric:
            return float(sum(float(r[numeric[0]]) for r in found if not pd.isna(r[numeric[0]])))
        return float(len(found))

    features, items = [], []
    for feature in geo.features:
        properties = feature["properties"]
        iri = properties["iri"]
        own = rows.get(iri, [])
        parent = properties.get("parent")
        inherited = rows.get(parent, []) if not own and properties["level"] == "county" else []
        via = geo.places[parent]["zh"] if inherited and parent in geo.places else None
        shown = own or inherited
        data = {
            "id": iri,
            "zh": properties["zh"],
            "en": properties["en"],
            "level": properties["level"],
            "own": bool(own),
            "via": via,
            "value": value(shown),
            "card": {
                "id": iri,
                "zh": properties["zh"],
                "en": properties["en"],
                "meta": [f"{len(shown)} rows" + (f" (via {via})" if via else "")]
                + [
                    "; ".join(f"{k} = {v}" for k, v in r.items() if k != column and not pd.isna(v))
                    for r in shown[:20]
                ],
                "evidence": [
                    {"quote": str(r["quote"])}
                    for r in shown[:20]
                    if isinstance(r.get("quote"), str)
                ],
            },
        }
        features.append({"type": "Feature", "geometry": feature["geometry"], "properties": data})
        items.append(data)
    high = max((item["value"] for item in items if item["level"] == "county"), default=0)
    what = numeric[0] if numeric else "rows"
    subtitle = subtitle or f"{len(rows)} places in the result; colour: {what}"
    unmapped = sorted(set(rows) - set(geo.places))
    if unmapped:  # towns, the country …: said, not silently dropped
        missing = ", ".join(iri.rsplit("/", 1)[-1] for iri in unmapped[:5])
        subtitle = f"{subtitle}; without a boundary: {missing}{' …' if len(unmapped) > 5 else ''}"
    spec = _layers(features, _quantitative(what, high), "datum.properties.value", [])
    return Page(
        view="map",
        heading=title,
        subtitle=subtitle,
        library="vega",
        spec=spec,
        items=items,
        extra={"passive": _PASSIVE},
    )
