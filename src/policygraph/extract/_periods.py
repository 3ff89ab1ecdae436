"""Periods as printed, normalised against the document's own date.

A normalised period is a year (``2021``), a month (``2015-12``), a half or quarters
of a year (``2021-H1``, ``2021-Q1``, ``2021-Q1..Q3``), a span of years
(``2016..2020``, ``2014..`` for 2014年以来) or an average over years
(``avg:2020..2021``, for 两年平均).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..numbers import parse_number, parse_year

__all__ = ["PeriodReading", "average_over", "document_year", "read_period"]

_PLANS = {"十一五": 2006, "十二五": 2011, "十三五": 2016, "十四五": 2021, "十五五": 2026}
_QUARTERS = {
    "上半年": "H1",
    "下半年": "H2",
    "前三季度": "Q1..Q3",
    "一季度": "Q1",
    "二季度": "Q2",
    "三季度": "Q3",
    "四季度": "Q4",
    "1季度": "Q1",
    "2季度": "Q2",
    "3季度": "Q3",
    "4季度": "Q4",
}
_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})(?:年|[-/.．])(?P<m>\d{1,2})(?:月|[-/.．])(?P<d>\d{1,2})日?"
)


@dataclass(frozen=True)
class PeriodReading:
    """What a printed period means: its normalised form and the year it names, if one."""

    normalised: str | None
    year: int | None


def document_year(text: str, date: str | None = None) -> int | None:
    """The year of the document: from its date (metadata), else the first full date in it.

    Examples
    --------
    >>> document_year("……", "2021-05-11"), document_year("2021-05-11 人民邮电报")
    (2021, 2021)
    >>> document_year("发布时间:2007.07.05") is None, document_year("现予公布。2020年12月24日")
    (False, 2020)
    """
    if date:
        found = re.match(r"\s*((?:19|20)\d{2})", str(date))
        if found:
            return int(found.group(1))
    match = _DATE.search(text)
    return int(match.group("y")) if match else None


def document_month(text: str, date: str | None = None) -> int | None:
    """The month of the document's date, if the date or the text's first full date has one.

    Examples
    --------
    >>> document_month("……", "2023-05-30"), document_month("……", "2022")
    (5, None)
    >>> document_month("2021年7月28日")
    7
    """
    if date:
        found = re.match(r"\s*(?:19|20)\d{2}-(\d{1,2})", str(date))
        return int(found.group(1)) if found else None
    match = _DATE.search(text)
    return int(match.group("m")) if match else None


def _quarter(words: str) -> str | None:
    words = words.removeprefix("第")
    return _QUARTERS.get(words)


def read_period(groups: dict[str, str | None], year_now: int | None) -> PeriodReading:
    """Normalise one match of the period pattern.

    ``year_now`` is the year relative periods count from: the year printed earlier
    in the same sentence, else the document's year.

    Examples
    --------
    >>> read_period({"year": "2021", "post": "上半年"}, None)
    PeriodReading(normalised='2021-H1', year=2021)
    >>> read_period({"relative": "去年底"}, 2022), read_period({"relative": "今年第一季度"}, 2021)
    (PeriodReading(normalised='2021', year=2021), PeriodReading(normalised='2021-Q1', year=2021))
    >>> read_period({"plan": "“十三五”期间"}, 2021).normalised
    '2016..2020'
    >>> read_period({"span": "经过5年"}, 2022).normalised
    '2022..2027'
    """
    printed_year = groups.get("year")
    if printed_year:
        year = parse_year(printed_year)
        post, month = groups.get("post") or "", groups.get("month") or ""
        if post == "以来":
            return PeriodReading(f"{year}..", None)
        if month:
            number = int(re.match(r"\d+", month).group())  # type: ignore[union-attr]
            return PeriodReading(f"{year}-{number:02d}", year)
        quarter = _quarter(post)
        return PeriodReading(f"{year}-{quarter}" if quarter else str(year), year)
    relative = groups.get("relative")
    if relative:
        words = relative.removeprefix("截至")
        if words in ("过去一年", "一年来"):  # a review of the year before the document
            return PeriodReading(None, None) if year_now is None else _one_year(year_now - 1)
        if words.startswith(("今年", "去年", "上年")):
            if year_now is None:
                return PeriodReading(None, None)
            year = year_now - (0 if words.startswith("今年") else 1)
            quarter = _quarter(words[2:])
            return PeriodReading(f"{year}-{quarter}" if quarter else str(year), year)
        quarter = _quarter(words)
        if quarter:
            if year_now is None:
                return PeriodReading(None, None)
            return PeriodReading(f"{year_now}-{quarter}", year_now)
        if words in ("目前", "截至目前", "截止目前", "截至当前", "当前") and year_now is not None:
            return PeriodReading(str(year_now), year_now)
        return PeriodReading(None, None)
    plan = groups.get("plan")
    if plan:
        first = next(start for name, start in _PLANS.items() if name in plan)
        if plan.endswith("末"):
            return PeriodReading(str(first + 4), first + 4)
        return PeriodReading(f"{first}..{first + 4}", None)
    span = groups.get("span")
    if span and year_now is not None:
        years = int(parse_number(span.removeprefix("经过").removesuffix("年")))
        return PeriodReading(f"{year_now}..{year_now + years}", None)
    return PeriodReading(None, None)


def average_over(years: int, year: int | None) -> str | None:
    """The normalised period of an average over the last ``years`` years up to ``year``.

    Examples
    --------
    >>> average_over(2, 2021)
    'avg:2020..2021'
    """
    return None if year is None else f"avg:{year - years + 1}..{year}"


def _one_year(year: int) -> PeriodReading:
    return PeriodReading(str(year), year)
