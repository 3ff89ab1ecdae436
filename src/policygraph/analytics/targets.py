"""Targets against actuals, the growth they imply, and the source's own arithmetic.

The arithmetic checks (shares, parts and wholes) are not written again here: they come
from `policygraph.checks.check_observations`, the function the build uses to flag
suspect figures, applied to the figures as they are stored in the graph.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ..checks import check_observations
from ..errors import NotFoundError
from ._common import frame
from ._rdf import Figure, figures

if TYPE_CHECKING:
    import pandas as pd

    from ..graph import KnowledgeGraph

__all__ = [
    "CHECK_COLUMNS",
    "GAP_COLUMNS",
    "MEASURE_WORDS",
    "growth_needed",
    "source_checks",
    "target_gaps",
]

#: Words that name *how* a quantity is measured, not *what* is measured. Stripped from
#: indicator labels to pair a target with an actual of another wording: 数字经济增加值
#: (value added) and 数字经济总量 (total size) both measure 数字经济.
MEASURE_WORDS = ("增加值", "总量", "规模")
GAP_COLUMNS = [
    "target",
    "target_indicator",
    "target_period",
    "target_year",
    "target_value",
    "target_unit",
    "target_qualifier",
    "actual",
    "actual_indicator",
    "actual_year",
    "actual_value",
    "actual_unit",
    "years",
    "ratio",
    "required_growth",
    "reported_growth",
    "reported_growth_year",
    "pairing",
]
CHECK_COLUMNS = [
    "observation",
    "indicator",
    "value",
    "unit",
    "period",
    "checks",
    "status",
    "rule",
    "reason",
]


def growth_needed(start: float, end: float, years: float) -> float:
    """The constant yearly growth rate that takes ``start`` to ``end`` in ``years``.

    ``(end / start) ** (1 / years) - 1``, as a fraction (0.1 is 10 % a year).

    Examples
    --------
    >>> round(growth_needed(2.33, 4, 4), 6)  # 2.33 万亿元 in 2018 → 4 万亿元 in 2022
    0.144659
    >>> growth_needed(100, 121, 2)
    0.10000000000000009
    """
    if start <= 0 or end <= 0:
        raise ValueError(f"growth needs positive values, not {start} and {end}")
    if years <= 0:
        raise ValueError(f"growth needs a positive number of years, not {years}")
    return float((end / start) ** (1 / years) - 1)


def _stem(label: str | None) -> str:
    text = label or ""
    for word in MEASURE_WORDS:
        if text.endswith(word):
            return text[: -len(word)]
    return text


def _find(found: Sequence[Figure], name: str) -> Figure:
    for figure in found:
        if name in (figure.id, figure.iri):
            return figure
    ids = [figure.id for figure in found]
    import difflib

    raise NotFoundError(
        f"no observation is called {name!r}",
        suggestions=difflib.get_close_matches(name, ids, n=5, cutoff=0.4),
    )


def _pair(target: Figure, found: Sequence[Figure]) -> tuple[Figure | None, str]:
    """The actual a target is measured against, and why that one.

    Candidates: actual figures of the same place, in the same base unit, dated before
    the target. The same indicator wins; otherwise an indicator that measures the same
    thing once `MEASURE_WORDS` are stripped. Then the latest year.
    """
    if target.year is None:
        return None, "the target has no year"
    candidates = [
        f
        for f in found
        if f.role == "actual"
        and f.place == target.place
        and f.unit_base == target.unit_base
        and f.year is not None
        and f.year < target.year
    ]
    same = [f for f in candidates if f.indicator == target.indicator]
    if same:
        return max(same, key=lambda f: (f.year, f.id)), "same indicator"
    stem = _stem(target.indicator_zh)
    alike = [f for f in candidates if stem and _stem(f.indicator_zh) == stem]
    if alike:
        best = max(alike, key=lambda f: (f.year, f.id))
        return best, f"same measure of {stem}: {target.indicator_zh} vs {best.indicator_zh}"
    return None, "no earlier actual of the same indicator"


def _gap(
    target: Figure, actual: Figure | None, pairing: str, found: Sequence[Figure]
) -> dict[str, Any]:
    row: dict[str, Any] = dict.fromkeys(GAP_COLUMNS)
    row.update(
        target=target.id,
        target_indicator=target.indicator_zh,
        target_period=target.period,
        target_year=target.year,
        target_value=float(target.value),
        target_unit=target.unit,
        target_qualifier=target.qualifier,
        pairing=pairing,
    )
    if actual is None:
        return row
    row.update(
        actual=actual.id,
        actual_indicator=actual.indicator_zh,
        actual_year=actual.year,
        actual_value=float(actual.value),
        actual_unit=actual.unit,
    )
    if target.year is not None and actual.year is not None and target.year > actual.year:
        years = target.year - actual.year
        ratio = float(target.value_base / actual.value_base)
        row.update(years=years, ratio=ratio, required_growth=growth_needed(1.0, ratio, years))
    reported = [
        f
        for f in found
        if f.role == "growth"
        and f.indicator == actual.indicator
        and f.place == actual.place
        and f.year == actual.year
    ]
    if reported:
        growth = min(reported, key=lambda f: f.id)
        row.update(reported_growth=float(growth.value_base), reported_growth_year=growth.year)
    return row


def target_gaps(
    source: KnowledgeGraph | Sequence[Figure],
    target: str | None = None,
    actual: str | None = None,
) -> pd.DataFrame:
    """Each target against an actual figure: the yearly growth it needs, next to the
    growth the source reports for the actual's year.

    ``required_growth = (target / actual) ** (1 / years) - 1`` on the values in base
    units; ``reported_growth`` is the growth figure of the actual's indicator, place and
    year, if the source gives one. Both are fractions (0.1926 is 19.26 %).

    Parameters
    ----------
    source : KnowledgeGraph or sequence of Figure
    target : str, optional
        One target observation (slug or IRI); default: every target.
    actual : str, optional
        The actual to compare with (slug or IRI); default: chosen per target (same
        place and base unit, earlier year; the same indicator, else the same measured
        thing, see `MEASURE_WORDS`; then the latest). ``pairing`` says which rule chose.

    Examples
    --------
    >>> import policygraph as pg
    >>> gaps = target_gaps(pg.load()).set_index("target")
    >>> row = gaps.loc["white-paper-core-industries-target-2027"]
    >>> float(row.target_value), float(row.actual_value), int(row.years)
    (1.6, 8000.0, 6)
    >>> f"needs {row.required_growth:.2%} a year; grew {row.reported_growth:.2%} in 2021"
    'needs 12.25% a year; grew 20.00% in 2021'

    """
    found = list(source) if isinstance(source, Sequence) else figures(source)
    if target is not None:
        targets = [_find(found, target)]
    else:
        targets = [f for f in found if f.role == "target"]
    rows = []
    for goal in sorted(targets, key=lambda f: (f.year or 0, f.id)):
        if actual is not None:
            rows.append(_gap(goal, _find(found, actual), "chosen by the caller", found))
        else:
            rows.append(_gap(goal, *_pair(goal, found), found))
    return frame(rows, GAP_COLUMNS)


def source_checks(source: KnowledgeGraph | Sequence[Figure]) -> pd.DataFrame:
    """The source's own arithmetic, checked: shares against part / whole, parts against
    their wholes, plus the curated flags.

    One row per figure that is a share or a part of other figures (``checks`` says
    which), or that carries a flag. ``status`` is ``"ok"`` or ``"flagged"``; ``rule``
    and ``reason`` come from `policygraph.checks.check_observations`, the rules the
    build applies, run again on the figures as stored in the graph.

    Examples
    --------
    >>> import policygraph as pg
    >>> checks = source_checks(pg.load()).set_index("observation")
    >>> checks.loc["industrial-digitalisation-share-2018", ["checks", "status"]].tolist()
    ['share of industrial-digitalisation-2018 / digital-economy-total-2018', 'flagged']
    """
    found = list(source) if isinstance(source, Sequence) else figures(source)
    flags = check_observations(found)
    rows = []
    for figure in found:
        own = [flag for flag in flags if flag.observation == figure.id]
        checks = []
        if figure.share_of:
            checks.append("share of " + " / ".join(figure.share_of))
        if figure.part_of:
            checks.append(f"part of {figure.part_of}")
        if not checks and not own:
            continue
        rows.append(
            {
                "observation": figure.id,
                "indicator": figure.indicator_zh,
                "value": float(figure.value),
                "unit": figure.unit,
                "period": figure.period,
                "checks": "; ".join(checks) or None,
                "status": "flagged" if own else "ok",
                "rule": "; ".join(flag.rule for flag in own) or None,
                "reason": "; ".join(flag.reason for flag in own) or None,
            }
        )
    return frame(rows, CHECK_COLUMNS)
