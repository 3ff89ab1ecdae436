"""Consistency rules over observations: the source's own arithmetic, checked once.

Each rule is written once and yields `Flag` records. The build attaches the
flags to the graph; the analytics reuse the same function. Figures are never
"fixed": a flagged figure stays as printed, with the rule and the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

__all__ = ["RULES", "CheckedFigure", "Flag", "check_observations", "printed_tolerance"]

_APPROXIMATE_SLACK = Decimal("0.05")  # 约/左右 read as within 5% of the printed value


class CheckedFigure(Protocol):
    """What a rule needs to know of an observation."""

    @property
    def id(self) -> str: ...
    @property
    def value(self) -> Decimal: ...
    @property
    def unit(self) -> str: ...
    @property
    def value_base(self) -> Decimal: ...
    @property
    def unit_base(self) -> str: ...
    @property
    def role(self) -> str: ...
    @property
    def part_of(self) -> str | None: ...
    @property
    def share_of(self) -> tuple[str, str] | None: ...
    @property
    def flag(self) -> str | None: ...


@dataclass(frozen=True)
class Flag:
    """Why an observation is suspect."""

    observation: str
    rule: str
    reason: str


def printed_tolerance(figure: CheckedFigure) -> Decimal:
    """Half a unit of the last printed digit, in the base unit (rounding slack).

    Examples
    --------
    >>> from types import SimpleNamespace as F
    >>> float(printed_tolerance(F(value=Decimal("1.67"), value_base=Decimal("1.67e12"))))
    5000000000.0
    """
    exponent = figure.value.as_tuple().exponent
    assert isinstance(exponent, int)
    scale = figure.value_base / figure.value if figure.value else Decimal(1)
    return Decimal(5) * Decimal(10) ** (exponent - 1) * scale


def _printed(figure: CheckedFigure) -> str:
    return f"{figure.value} {figure.unit}"


def _curated(figure: CheckedFigure, _: Mapping[str, CheckedFigure]) -> Iterator[Flag]:
    if figure.flag:
        yield Flag(figure.id, "curated", figure.flag)


def _share_equals_part_over_whole(
    figure: CheckedFigure, by_id: Mapping[str, CheckedFigure]
) -> Iterator[Flag]:
    if not figure.share_of:
        return
    part, whole = (by_id[key] for key in figure.share_of)
    if whole.value_base == 0 or part.unit_base != whole.unit_base:
        yield Flag(
            figure.id,
            "share-equals-part-over-whole",
            f"cannot divide {_printed(part)} by {_printed(whole)}",
        )
        return
    implied = part.value_base / whole.value_base
    slack = printed_tolerance(figure) + printed_tolerance(part) / whole.value_base
    if abs(implied - figure.value_base) > slack:
        printed = f"{_printed(part)} / {_printed(whole)} = {implied * 100:.4g}%"
        yield Flag(
            figure.id,
            "share-equals-part-over-whole",
            f"share is printed as {_printed(figure)}, but {printed}",
        )
        # the part is as suspect as the share: one of the two is misprinted
        fitting = figure.value_base * whole.value
        yield Flag(
            part.id,
            "share-equals-part-over-whole",
            f"printed as {_printed(figure)} of {_printed(whole)}, but {printed}; "
            f"the share fits a part of about {fitting:.3g} {whole.unit}",
        )


def _part_smaller_than_whole(
    figure: CheckedFigure, by_id: Mapping[str, CheckedFigure]
) -> Iterator[Flag]:
    if not figure.part_of:
        return
    whole = by_id[figure.part_of]
    if figure.unit_base != whole.unit_base:
        yield Flag(
            figure.id,
            "part-smaller-than-whole",
            f"part {_printed(figure)} and whole {_printed(whole)} have different units",
        )
    elif figure.value_base > whole.value_base:
        yield Flag(
            figure.id,
            "part-smaller-than-whole",
            f"part {_printed(figure)} is larger than its whole {_printed(whole)}",
        )
    elif whole.value_base - figure.value_base <= printed_tolerance(whole):
        yield Flag(
            figure.id,
            "part-smaller-than-whole",
            f"part {_printed(figure)} equals its whole {_printed(whole)} at the printed precision",
        )


def _same_measurement(figure: CheckedFigure) -> tuple[object, ...] | None:
    """Indicator, place, period, role and base unit: what two figures must share to conflict.

    A period with a year is compared by the year (2018年 = 截至2018年底); a period
    without one (截至目前, 2014年以来) is relative to its own document's date, so it is
    only compared within the file that prints it.
    """
    indicator = getattr(figure, "indicator", None)
    if indicator is None:
        return None
    year = getattr(figure, "year", None)
    where = getattr(figure, "where", None)
    if year is not None:
        when: object = year
    else:
        when = (getattr(figure, "period", None), getattr(where, "path", None))
    return (indicator, getattr(figure, "place", None), when, figure.role, figure.unit_base)


def _interval(figure: CheckedFigure) -> tuple[Decimal | None, Decimal | None]:
    """The values a printed figure allows: rounding slack around it, or a half-line for bounds."""
    slack = printed_tolerance(figure)
    qualifier = getattr(figure, "qualifier", "exact")
    if qualifier == "approximate":  # 约60%: a few per cent either way, not the rounding only
        slack = max(slack, abs(figure.value_base) * _APPROXIMATE_SLACK)
    low = None if qualifier == "upper_bound" else figure.value_base - slack
    high = None if qualifier == "lower_bound" else figure.value_base + slack
    return low, high


def _cited(figure: CheckedFigure) -> str:
    quotes = getattr(figure, "quotes", None) or ("",)
    where = getattr(figure, "where", None)
    place = f", {where.path.name}:{where.line}" if where is not None else ""
    return f"{_printed(figure)} in {figure.id} («{quotes[0]}»{place})"


def _conflicting_values(
    figure: CheckedFigure, by_id: Mapping[str, CheckedFigure]
) -> Iterator[Flag]:
    """Same indicator, place, period and role, values that cannot both be true.

    Both figures stay in the graph, each with its own evidence; each gets a flag
    that quotes the other. Values are compared with the printed rounding slack,
    and a bound (突破 / 余 / 超过) only conflicts with a value on its wrong side.
    """
    key = _same_measurement(figure)
    if key is None:
        return
    low, high = _interval(figure)
    for other in by_id.values():
        if other.id == figure.id or _same_measurement(other) != key:
            continue
        other_low, other_high = _interval(other)
        apart = (low is not None and other_high is not None and other_high < low) or (
            high is not None and other_low is not None and high < other_low
        )
        if apart:
            period = getattr(figure, "period", "")
            yield Flag(
                figure.id,
                "conflicting-values",
                f"{figure.role} {getattr(figure, 'indicator', '')} for {period}: "
                f"{_cited(figure)} conflicts with {_cited(other)}",
            )


Rule = Callable[[CheckedFigure, Mapping[str, CheckedFigure]], Iterable[Flag]]
RULES: dict[str, Rule] = {
    "curated": _curated,
    "share-equals-part-over-whole": _share_equals_part_over_whole,
    "part-smaller-than-whole": _part_smaller_than_whole,
    "conflicting-values": _conflicting_values,
}


def check_observations(figures: Iterable[CheckedFigure]) -> list[Flag]:
    """Apply every rule to every figure.

    Examples
    --------
    >>> from types import SimpleNamespace as F
    >>> whole = F(id="total", value=Decimal("2.33"), unit="万亿元", value_base=Decimal("2.33e12"),
    ...           unit_base="元", role="actual", part_of=None, share_of=None, flag=None)
    >>> part = F(id="part", value=Decimal("1.81"), unit="亿元", value_base=Decimal("1.81e8"),
    ...          unit_base="元", role="actual", part_of="total", share_of=None, flag=None)
    >>> share = F(id="share", value=Decimal("77.7"), unit="%", value_base=Decimal("0.777"),
    ...           unit_base="ratio", role="share", part_of=None, share_of=("part", "total"),
    ...           flag=None)
    >>> [(flag.observation, flag.rule) for flag in check_observations([whole, part, share])]
    [('share', 'share-equals-part-over-whole'), ('part', 'share-equals-part-over-whole')]
    """
    figures = list(figures)
    by_id = {figure.id: figure for figure in figures}
    flags: list[Flag] = []
    for figure in figures:
        for rule in RULES.values():
            flags.extend(rule(figure, by_id))
    return flags
