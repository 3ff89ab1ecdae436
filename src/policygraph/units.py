"""Normalise figures printed with Chinese units to a base unit.

Examples
--------
>>> normalise("2.33", "万亿元")
(Decimal('2330000000000'), '元')
>>> normalise("19.26", "%")
(Decimal('0.1926'), 'ratio')
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .errors import DataError

__all__ = ["COUNTED_UNITS", "UNITS", "known_units", "normalise", "parse_number"]

# printed unit -> (multiplier, base unit)
UNITS: dict[str, tuple[Decimal, str]] = {
    "万元/人·年": (Decimal("1e4"), "元/人·年"),
    "年": (Decimal(1), "年"),
    "万件": (Decimal("1e4"), "件"),
    "件": (Decimal(1), "件"),
    "项": (Decimal(1), "项"),
    "点": (Decimal(1), "index"),
    "倍": (Decimal(1), "times"),
    "万字": (Decimal("1e4"), "字"),
    "万户": (Decimal("1e4"), "户"),
    "户": (Decimal(1), "户"),
    "%": (Decimal("0.01"), "ratio"),
    "个百分点": (Decimal("0.01"), "ratio"),
    "百分点": (Decimal("0.01"), "ratio"),
    "位": (Decimal(1), "rank"),
    # a count printed with its magnitude only: 申领量突破1700万 (ten thousands of them)
    "万": (Decimal("1e4"), "count"),
    "亿": (Decimal("1e8"), "count"),
    "万亿": (Decimal("1e12"), "count"),
}
# counts, money and physical quantities, each also with the prefixes 万, 亿 and 万亿
COUNTED_UNITS = (
    "元",
    "美元",
    "户",
    "件",
    "人",
    "人次",
    "个",
    "家",
    "台",
    "项",
    "座",
    "笔",
    "次",
    "套",
    "所",
    "条",
    "辆",
    "部",
    "处",
    "张",
    "公里",
    "千米",
    "平方米",
    "平方公里",
    "吨",
    "千瓦",
    "千瓦时",
)
_PREFIXES = {"": Decimal(1), "万": Decimal("1e4"), "亿": Decimal("1e8"), "万亿": Decimal("1e12")}
for _base in COUNTED_UNITS:
    for _prefix, _factor in _PREFIXES.items():
        UNITS[_prefix + _base] = (_factor, _base)


def known_units() -> list[str]:
    """The printed units the normaliser knows."""
    return sorted(UNITS)


def parse_number(value: object) -> Decimal:
    """Parse a figure as printed (``"16718.8"``, ``2.33``, ``"1,172"``) into a Decimal.

    Examples
    --------
    >>> parse_number("1,172")
    Decimal('1172')
    >>> parse_number("about 3")
    Traceback (most recent call last):
    ...
    policygraph.errors.DataError: value is not a number: 'about 3'
    """
    if isinstance(value, bool):
        raise DataError(f"value is not a number: {value!r}")
    if isinstance(value, float):
        value = repr(value)
    text = str(value).replace(",", "").strip()
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise DataError(f"value is not a number: {value!r}") from None
    if not number.is_finite():
        raise DataError(f"value is not a number: {value!r}")
    return number


def normalise(value: object, unit: str) -> tuple[Decimal, str]:
    """Return ``(value_in_base_unit, base_unit)`` for a figure and its printed unit."""
    number = parse_number(value)
    try:
        factor, base = UNITS[unit]
    except KeyError:
        raise DataError(f"unknown unit {unit!r}; known units: {', '.join(known_units())}") from None
    # plain positional notation, so the lexical form is a valid xsd:decimal
    return Decimal(format(number * factor, "f")), base
