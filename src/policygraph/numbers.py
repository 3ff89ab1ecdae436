"""Numbers and figures as printed in Chinese policy text.

The build checks every curated figure against the figures its quote prints, and
extraction finds candidates with the same parser, so both read 第三位, 2万余个 and
超千亿元 the same way.

Examples
--------
>>> [(str(f.value), f.unit) for f in printed_figures("全省数字经济总量达2.33万亿元，居全国第四位")]
[('2.33', '万亿元'), ('4', '位')]
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import DataError
from .units import UNITS

__all__ = ["CHINESE_DIGITS", "PrintedFigure", "parse_number", "parse_year", "printed_figures"]

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千"
_YEAR_DIGITS = {char: str(index) for index, char in enumerate("〇一二三四五六七八九")} | {"零": "0"}
_MAGNITUDES = ("万亿", "亿", "万")
_ARABIC = r"(?<![0-9A-Za-z.．])(?:\d{1,3}(?:,\d{3})+(?:[.．]\d+)?|\d+(?:[.．]\d+)?)"
_CHINESE = rf"[{CHINESE_DIGITS}万亿]*[{CHINESE_DIGITS}](?:点[零〇一二三四五六七八九]+)?"


def parse_number(printed: str) -> Decimal:
    """The value of a number as printed: ``"2.33"``, ``"1,172"``, ``"四"``, ``"千"``.

    Chinese numerals are parsed with cn2an; a leading 十/百/千 means one ten, one
    hundred, one thousand (超千亿元 is 超一千亿元).

    Examples
    --------
    >>> parse_number("16718.8")
    Decimal('16718.8')
    >>> parse_number("1,172"), parse_number("２０")
    (Decimal('1172'), Decimal('20'))
    >>> parse_number("第四".removeprefix("第")), parse_number("千"), parse_number("三千九百五十六")
    (Decimal('4'), Decimal('1000'), Decimal('3956'))
    >>> parse_number("几")
    Traceback (most recent call last):
    ...
    policygraph.errors.DataError: not a number: '几'
    """
    text = unicodedata.normalize("NFKC", printed).replace(",", "").strip()
    if text and text[0].isascii():
        try:
            return Decimal(text)
        except InvalidOperation:
            raise DataError(f"not a number: {printed!r}") from None
    if not text or any(char not in CHINESE_DIGITS + "点" for char in text):
        raise DataError(f"not a number: {printed!r}")
    import cn2an

    if text[0] in "十百千":
        text = "一" + text
    try:
        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError):
        raise DataError(f"not a number: {printed!r}") from None
    return Decimal(str(value))


def parse_year(printed: str) -> int:
    """A four-digit year written with Arabic digits or 〇一二… (二〇一八 → 2018).

    Examples
    --------
    >>> parse_year("2018"), parse_year("二〇一八"), parse_year("２０２２")
    (2018, 2018, 2022)
    """
    text = unicodedata.normalize("NFKC", printed)
    return int("".join(_YEAR_DIGITS.get(char, char) for char in text))


@dataclass(frozen=True)
class PrintedFigure:
    """A number with a unit of `policygraph.units.UNITS`, as printed at ``[start, end)``."""

    value: Decimal
    unit: str
    start: int
    end: int

    def __str__(self) -> str:
        return f"{self.value}{self.unit}"


def _unit_words() -> tuple[list[str], list[str]]:
    """The printed units split as (magnitude-free words, units only printed whole).

    亿元 is 亿 + 元, but 万元/人·年 has no 元/人·年 without its 万; longest first.
    """
    words, whole = set(), set()
    for unit in UNITS:
        magnitude = next((m for m in _MAGNITUDES if unit.startswith(m) and unit != m), "")
        if magnitude and unit[len(magnitude) :] not in UNITS:
            whole.add(unit)
        elif not magnitude:
            words.add(unit)
    return (
        sorted(words, key=lambda word: (-len(word), word)),
        sorted(whole, key=lambda word: (-len(word), word)),
    )


def _figure_pattern() -> re.Pattern[str]:
    words, whole = _unit_words()
    return re.compile(
        rf"(?P<ordinal>第)?(?P<number>{_ARABIC}|{_CHINESE})"
        rf"(?:(?P<whole>{'|'.join(map(re.escape, whole)) or '(?!)'})"
        rf"|(?P<magnitude>{'|'.join(_MAGNITUDES)})?(?:余|多)?"
        rf"(?P<unit>{'|'.join(map(re.escape, words))}|％))"
    )


def printed_figures(text: str) -> list[PrintedFigure]:
    """Every number followed by a known unit in ``text``, in order.

    A magnitude (万, 亿, 万亿) joins the unit as `policygraph.units` spells it
    (2万余个 is 2 万个); a rank needs its 第 (第三位 is 3 位), and 第 before any other
    unit is an ordinal, not a figure (第一个).

    Examples
    --------
    >>> [str(f) for f in printed_figures("新增上云企业10万余家，累计在役工业机器人达7.1万台")]
    ['10万家', '7.1万台']
    >>> [str(f) for f in printed_figures("11个设区市均制定实施方案，第一个，增长１９.２６％")]
    ['11个', '19.26%']
    >>> [str(f) for f in printed_figures("第四位和第五位，劳动生产率22.5万元/人·年")]
    ['4位', '5位', '22.5万元/人·年']
    """
    figures = []
    for match in _PATTERN.finditer(text):
        unit = match.group("whole") or match.group("unit").replace("％", "%")
        if bool(match.group("ordinal")) != (unit == "位"):
            continue
        unit = (match.group("magnitude") or "") + unit
        if unit not in UNITS:
            continue
        try:
            value = parse_number(match.group("number"))
        except DataError:
            continue
        figures.append(PrintedFigure(value, unit, match.start(), match.end()))
    return figures


_PATTERN = _figure_pattern()
