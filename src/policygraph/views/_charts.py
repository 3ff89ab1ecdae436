"""Charts of figures with Vega-Lite: an indicator's series, targets against actuals, shares.

Every point carries a card naming its document and quote (shown on hover and click by
``pgpage.js``). `result_chart` draws any query result with a year or label column and
a numeric column, as a line or a bar chart.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import NotFoundError, QueryError
from ._pages import Page

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["figures", "result_chart", "series", "shares", "targets"]

_WIDTH = 640


def figures(kg: KnowledgeGraph) -> pd.DataFrame:
    """Every figure with indicator, place, period, year, role, value, unit, quote, document.

    Examples
    --------
    >>> import policygraph as pg
    >>> frame = figures(pg.load())
    >>> {"Actual", "Target"} <= set(frame.role)
    True
    """
    from .._sparql import read_query

    return kg.query(read_query("views/figures"))


def _text(value: Any) -> str | None:
    return None if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _int(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _card(row: Mapping[Hashable, Any], title: str | None = None) -> dict[str, Any]:
    value = _number(row.get("value"))
    printed = f"{row.get('value')} {_text(row.get('unit')) or ''}".strip()
    return {
        "id": _text(row.get("observation")),
        "zh": title or _text(row.get("indicator_zh")) or "",
        "en": _text(row.get("indicator_en")),
        "meta": [
            " · ".join(
                part
                for part in (
                    _text(row.get("place_zh")),
                    _text(row.get("period")),
                    _text(row.get("role")),
                    _text(row.get("qualifier")),
                )
                if part
            ),
            f"value 数值: {printed}" if value is not None else "",
        ],
        "evidence": [
            {
                "quote": _text(row.get("quote")),
                "start": _int(row.get("start")),
                "end": _int(row.get("end")),
                "document": _text(row.get("document")),
            }
        ]
        if _text(row.get("quote"))
        else [],
    }


def _year_value_axes(padding: int) -> dict[str, Any]:
    """Vega-Lite x (whole years, not zero-based) and y (value) encodings of the year charts."""
    return {
        "x": {
            "field": "year",
            "type": "quantitative",
            "title": "Year 年份",
            "axis": {"format": "d", "tickMinStep": 1},
            "scale": {"zero": False, "nice": False, "padding": padding},
        },
        "y": {"field": "value", "type": "quantitative", "title": "Value 数值"},
    }


def _resolve_indicator(kg: KnowledgeGraph, frame: pd.DataFrame, indicator: str | None) -> str:
    """The indicator asked for, or the one with the most years (then figures) dated."""
    if indicator is not None:
        iri = str(kg.resolve(indicator))
        if iri not in set(frame.indicator):
            raise NotFoundError(f"{indicator!r} ({iri}) has no figure to chart")
        return iri
    dated = frame[frame.year.notna()]
    if dated.empty:
        raise NotFoundError("the graph has no dated figure to chart")
    counts = dated.groupby("indicator").agg(years=("year", "nunique"), rows=("year", "size"))
    ranked = counts.sort_values(["years", "rows"], ascending=False, kind="stable")
    best = ranked[(ranked.years == ranked.years.iloc[0]) & (ranked.rows == ranked.rows.iloc[0])]
    return str(sorted(best.index)[0])


def series(kg: KnowledgeGraph, indicator: str | None = None) -> Page:
    """One indicator's figures over the years: a line per role and unit, points on hover.

    Parameters
    ----------
    indicator : str, optional
        IRI, slug or label; default: the indicator with figures in the most years
        (then the most dated figures).

    Examples
    --------
    >>> import policygraph as pg
    >>> page = series(pg.load(), "数字经济总量")
    >>> page.view, all(item["card"]["evidence"] for item in page.items)
    ('series', True)
    """
    frame = figures(kg)
    iri = _resolve_indicator(kg, frame, indicator)
    rows = frame[(frame.indicator == iri) & frame.year.notna()]
    items = []
    for row in rows.to_dict("records"):
        items.append(
            {
                "year": int(row["year"]),
                "value": _number(row["value"]),
                "unit": _text(row["unit"]),
                "series": f"{row['role']} ({_text(row['unit'])})",
                "place": _text(row["place_zh"]),
                "card": _card(row),
            }
        )
    name = frame[frame.indicator == iri].iloc[0]
    title = " ".join(p for p in (_text(name.indicator_zh), _text(name.indicator_en)) if p)
    spec = {
        "width": _WIDTH,
        "height": 380,
        "data": {"values": items},
        "encoding": {
            **_year_value_axes(padding=20),
            "color": {"field": "series", "type": "nominal", "title": "Role (unit) 角色（单位）"},
        },
        "layer": [
            {"mark": {"type": "line", "point": False}},
            {"name": "points", "mark": {"type": "point", "filled": True, "size": 90}},
        ],
    }
    return Page(
        view="series",
        heading=f"指标序列 Series: {title}",
        subtitle=f"{len(items)} dated figures of {iri.rsplit('/', 1)[-1]}; hover a point for "
        "its document and quote",
        library="vega",
        spec=spec,
        items=items,
        empty_message="This indicator has no dated figure. 该指标没有标明年份的数据。",
    )


def targets(kg: KnowledgeGraph) -> Page:
    """Each target against the actual figure it is compared with, the gap labelled.

    The pairs come from `policygraph.analytics.target_gaps`: the actual as a point, the
    target as a diamond, a rule between them and the gap as text.

    Examples
    --------
    >>> import policygraph as pg
    >>> page = targets(pg.load())
    >>> sorted({item["kind"] for item in page.items})
    ['actual', 'target']
    """
    from ..analytics import target_gaps

    frame = figures(kg)
    by_slug = {str(row["observation"]).rsplit("/", 1)[-1]: row for row in frame.to_dict("records")}
    gaps = target_gaps(kg)
    items: list[dict[str, Any]] = []
    undated = []  # a target for "每年" or "未来" has no place on a year axis: said, not drawn
    for number, gap in enumerate(gaps.to_dict("records")):
        pair = f"{gap['target_indicator']} → {gap['target_period']}"
        if _int(gap["target_year"]) is None:
            undated.append(pair)
            continue
        unit = _text(gap["target_unit"]) or ""
        same_unit = unit == (_text(gap.get("actual_unit")) or "")
        for kind in ("actual", "target"):
            slug = _text(gap.get(kind))
            if slug is None or _number(gap.get(f"{kind}_value")) is None:
                continue
            row = by_slug.get(slug, {})
            label = ""
            if kind == "target" and same_unit and _number(gap.get("actual_value")) is not None:
                missing = float(gap["target_value"]) - float(gap["actual_value"])
                label = f"gap 差距 {missing:.4g} {unit}"
            items.append(
                {
                    "pair": pair,
                    "number": number,
                    "kind": kind,
                    "year": _int(gap[f"{kind}_year"]),
                    "value": float(gap[f"{kind}_value"]),
                    "unit": _text(gap[f"{kind}_unit"]),
                    "label": label,
                    "card": _card(row, None) if row else {"zh": slug, "evidence": []},
                }
            )
    spec = {
        "width": _WIDTH,
        "height": 360,
        "data": {"values": items},
        "encoding": _year_value_axes(padding=30),
        "layer": [
            {
                "mark": {"type": "line", "strokeDash": [4, 3], "color": "#8a93a6"},
                "encoding": {"detail": {"field": "number", "type": "nominal"}},
            },
            {
                "name": "points",
                "mark": {"type": "point", "filled": True, "size": 140},
                "encoding": {
                    "shape": {
                        "field": "kind",
                        "type": "nominal",
                        "title": "Figure 数据",
                        "scale": {"domain": ["actual", "target"], "range": ["circle", "diamond"]},
                    },
                    "color": {
                        "field": "kind",
                        "type": "nominal",
                        "title": "Figure 数据",
                        "scale": {"domain": ["actual", "target"], "range": ["#2f6fb0", "#d1495b"]},
                    },
                },
            },
            {
                "mark": {"type": "text", "dy": -14, "align": "right", "fontSize": 12},
                "encoding": {"text": {"field": "label"}},
            },
        ],
    }
    spec["config"] = {"legend": {"orient": "bottom"}}
    return Page(
        view="targets",
        heading="目标与实绩 Targets against actuals",
        subtitle=(
            f"{len(gaps) - len(undated)} target(s) with the actual figure they are compared "
            "with"
            + (
                f"; {len(undated)} without a year not drawn ({'; '.join(undated[:3])}"
                + (" …)" if len(undated) > 3 else ")")
                if undated
                else ""
            )
        ),
        library="vega",
        spec=spec,
        items=items,
        empty_message="The graph has no target with an actual figure. 图中没有可对照的目标。",
    )


def shares(kg: KnowledgeGraph) -> Page:
    """Every share figure (a percentage of a whole) as a bar, with its quote on hover.

    Examples
    --------
    >>> import policygraph as pg
    >>> page = shares(pg.load())
    >>> all(item["unit"] == "%" for item in page.items)
    True
    """
    frame = figures(kg)
    rows = frame[frame.role == "Share"]
    items = []
    for row in rows.to_dict("records"):
        label = " · ".join(
            p
            for p in (_text(row["indicator_zh"]), _text(row["period"]), _text(row["place_zh"]))
            if p
        )
        items.append(
            {
                "label": f"{label} [{str(row['observation']).rsplit('/', 1)[-1]}]",
                "value": _number(row["value"]),
                "unit": _text(row["unit"]),
                "card": _card(row),
            }
        )
    spec = {
        "width": _WIDTH,
        "height": {"step": 26},
        "data": {"values": items},
        "layer": [
            {"name": "points", "mark": {"type": "bar", "color": "#2f6fb0"}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"text": {"field": "value", "type": "quantitative"}},
            },
        ],
        "encoding": {
            "y": {
                "field": "label",
                "type": "nominal",
                "sort": None,
                "title": None,
                "axis": {"labelLimit": 360},
            },
            "x": {"field": "value", "type": "quantitative", "title": "Share 比重 (%)"},
        },
    }
    return Page(
        view="shares",
        heading="比重 Shares",
        subtitle=f"{len(items)} share figures",
        library="vega",
        spec=spec,
        items=items,
        empty_message="The graph has no share figure. 图中没有比重数据。",
    )


def _numeric_columns(frame: pd.DataFrame) -> list[str]:
    found = []
    for column in frame.columns:
        values = frame[column].dropna()
        if len(values) and pd.api.types.is_numeric_dtype(values) and column != "year":
            found.append(str(column))
    return found


def result_chart(frame: pd.DataFrame, kind: str, *, title: str, subtitle: str = "") -> Page:
    """A query result as a ``line`` chart (by ``year``) or a ``bar`` chart (by label).

    The x axis is ``year`` (line) or the first text column (bar); the y axis is the
    first numeric column. Each row is one point or bar; its card lists the row.

    Raises
    ------
    QueryError
        The result has no numeric column (or a line chart has no ``year`` column).

    Examples
    --------
    >>> frame = pd.DataFrame({"kind": ["a", "b"], "n": [3, 5]})
    >>> page = result_chart(frame, "bar", title="t")
    >>> [item["y"] for item in page.items]
    [3.0, 5.0]
    """
    numeric = _numeric_columns(frame)
    if not numeric:
        raise QueryError(
            f"a {kind} chart needs a numeric column (columns: {', '.join(map(str, frame.columns))})"
        )
    value = numeric[0]
    if kind == "line":
        if "year" not in frame.columns:
            raise QueryError("a line chart needs a year column")
        x_field, x_type = "year", "quantitative"
    else:
        texts = [str(c) for c in frame.columns if str(c) not in numeric and str(c) != "year"]
        x_field, x_type = (texts[0], "nominal") if texts else ("year", "ordinal")
    items = []
    for row in frame.to_dict("records"):
        if _number(row.get(value)) is None:
            continue
        items.append(
            {
                "x": row.get(x_field) if x_type != "quantitative" else _int(row.get(x_field)),
                "y": _number(row[value]),
                "card": {
                    "zh": f"{row.get(x_field)}: {row[value]}",
                    "meta": [f"{key} = {_text(cell) or '—'}" for key, cell in row.items()],
                    "evidence": [{"quote": _text(row["quote"])}] if _text(row.get("quote")) else [],
                },
            }
        )
    mark = {"type": "line", "point": {"filled": True, "size": 80}} if kind == "line" else "bar"
    spec = {
        "width": _WIDTH,
        "height": 360,
        "data": {"values": items},
        "mark": mark,
        "name": "points",
        "encoding": {
            "x": {
                "field": "x",
                "type": x_type,
                "title": x_field,
                "sort": None,
                **(
                    {"axis": {"format": "d"}, "scale": {"zero": False}}
                    if x_type == "quantitative"
                    else {}
                ),
            },
            "y": {"field": "y", "type": "quantitative", "title": value},
        },
    }
    return Page(
        view=kind,
        heading=title,
        subtitle=subtitle or f"{len(items)} rows: {value} by {x_field}",
        library="vega",
        spec=spec,
        items=items,
        empty_message="The query returned no rows to chart. 查询无可绘制的结果。",
    )
