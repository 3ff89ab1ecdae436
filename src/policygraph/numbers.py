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
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import DataError
from .units import UNITS

__all__ = [
    "CHINESE_DIGITS",
    "PrintedFigure",
    "agrees",
    "fold",
    "parse_number",
    "parse_year",
    "printed_figures",
    "printed_numbers",
]

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
    plain = _plain_chinese(text)
    if plain is not None:  # the common forms, without importing cn2an (0.4 s)
        return Decimal(plain)
    import cn2an

    if text[0] in "十百千":
        text = "一" + text
    try:
        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError):
        raise DataError(f"not a number: {printed!r}") from None
    return Decimal(str(value))


_DIGIT_VALUES = {char: index for index, char in enumerate("零一二三四五六七八九")} | {
    "〇": 0,
    "两": 2,
}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000}


def _plain_chinese(text: str) -> int | None:
    """An integer below 10^4 written as 三千九百五十六, 十二, 四十, 一百零五; else None.

    >>> _plain_chinese("三千九百五十六"), _plain_chinese("十二"), _plain_chinese("一百零五")
    (3956, 12, 105)
    >>> _plain_chinese("二〇一八") is None, _plain_chinese("五点五") is None
    (True, True)
    """
    total, digit, last_unit = 0, None, 10_000
    for index, char in enumerate(text):
        if char in _DIGIT_VALUES:
            if digit is not None:
                return None  # 二〇一八: digits one after another, not a counted number
            digit = _DIGIT_VALUES[char]
        elif char in _UNIT_VALUES:
            unit = _UNIT_VALUES[char]
            if unit >= last_unit or (digit is None and index > 0) or digit == 0:
                return None
            total += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            return None
        if digit == 0:  # 一百零五: the zero only keeps the place
            digit = None if index + 1 < len(text) and text[index + 1] in _DIGIT_VALUES else 0
    return total + (digit or 0)


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
        rf"(?P<ordinal>第|前)?(?P<number>{_ARABIC}|{_CHINESE})"
        rf"(?:(?P<whole>{'|'.join(map(re.escape, whole)) or '(?!)'})"
        rf"|(?P<magnitude>{'|'.join(_MAGNITUDES)})?(?:余|多)?"
        rf"(?P<unit>{'|'.join(map(re.escape, words))}|％)?)"
    )


def fold(text: str) -> str:
    """Traditional forms of the characters of numbers and units, in simplified form.

    One character for one, so offsets stay valid.

    Examples
    --------
    >>> fold("在役工業機器人8.9萬臺，提升12.4個百分點")
    '在役工業機器人8.9万台，提升12.4个百分点'
    """
    return text.translate(_FOLD)


def _scan(text: str) -> Iterator[PrintedFigure]:
    """Every number in ``text``; ``unit`` is "" for a bare number and 亿 for 8000亿."""
    for match in _PATTERN.finditer(fold(text)):
        unit = match.group("whole") or (match.group("unit") or "").replace("％", "%")
        ordinal = match.group("ordinal")
        if ordinal and unit not in ("", "位"):
            continue  # 第一个 is an ordinal, not a figure
        if ordinal:
            unit = "位"  # 第三, 第三位, 前5位: a rank
        elif unit == "位":
            unit = ""  # 3位 is not a rank
        unit = (match.group("magnitude") or "") + unit
        try:
            value = parse_number(match.group("number"))
        except DataError:
            continue
        yield PrintedFigure(value, unit, match.start(), match.end())


def printed_figures(text: str) -> list[PrintedFigure]:
    """Every number followed by a known unit in ``text``, in order.

    A magnitude (万, 亿, 万亿) joins the unit as `policygraph.units` spells it
    (2万余个 is 2 万个); traditional forms are read as simplified (萬臺 is 万台); a
    rank is an ordinal (第三位, 第三, 前5位 are 3, 3 and 5 位), and 第 before any
    other unit is an ordinal, not a figure (第一个).

    Examples
    --------
    >>> [str(f) for f in printed_figures("新增上云企业10万余家，累计在役工业机器人达7.1萬臺")]
    ['10万家', '7.1万台']
    >>> [str(f) for f in printed_figures("11个设区市均制定实施方案，第一个，增长１９.２６％")]
    ['11个', '19.26%']
    >>> [str(f) for f in printed_figures("第四位和第五，劳动生产率22.5万元/人·年")]
    ['4位', '5位', '22.5万元/人·年']
    """
    return [figure for figure in _scan(text) if figure.unit in UNITS]


def printed_numbers(text: str) -> list[PrintedFigure]:
    """Every number printed in ``text``: figures, bare numbers (unit ``""``), numbers
    with a magnitude only (8000亿: unit ``"亿"``), and the numbers of a table row whose
    unit is its heading (``数字经济增加值(亿元) 20658 30000``).

    Numbers are read with whitespace removed (PDF line breaks fall inside them), so
    their offsets are into that text; table rows keep it (offsets into ``text``).

    Examples
    --------
    >>> [str(f) for f in printed_numbers("从2002年的0.583，突破8000亿")]
    ['2002年', '0.583', '8000亿']
    >>> [str(f) for f in printed_numbers("技术交易额(亿元) 400 800")]
    ['400亿元', '800亿元']
    """
    rows = list(_TABLE_ROW.finditer(fold(text)))
    prose = _TABLE_ROW.sub(lambda row: row.group(0)[: row.start("numbers") - row.start()], text)
    found = list(_scan("".join(prose.split())))  # PDF line breaks fall inside numbers
    for row in rows:
        unit = _known("".join(row.group("unit").split()).replace("％", "%"))
        if unit:
            start = row.start("numbers")
            found.extend(
                PrintedFigure(
                    parse_number(number.group(0)),
                    unit,
                    start + number.start(),
                    start + number.end(),
                )
                for number in re.finditer(_ARABIC, row.group("numbers"))
            )
    return found


def agrees(figure: PrintedFigure, value: Decimal, unit: str) -> bool:
    """Whether a curated ``value`` and ``unit`` are what ``figure`` prints.

    A bare number supports any unit (an index, or a unit printed elsewhere in the
    sentence); a number with a magnitude only (8000亿) supports units that begin with
    it (亿元); the unit's middle dot is optional (万元/人年 is 万元/人·年).

    Examples
    --------
    >>> from decimal import Decimal
    >>> (figure,) = printed_figures("达2.33万亿元")
    >>> agrees(figure, Decimal("2.33"), "万亿元"), agrees(figure, Decimal("2.33"), "亿元")
    (True, False)
    """
    if figure.value != value:
        return False
    if figure.unit == "":
        return True
    if figure.unit in _MAGNITUDES:
        return unit.startswith(figure.unit) and unit[len(figure.unit) :] in _BASE_WORDS
    return _same_unit(figure.unit, unit)


def _same_unit(printed: str, curated: str) -> bool:
    return printed.replace("·", "") == curated.replace("·", "")


def _known(unit: str) -> str:
    """The spelling of `policygraph.units` for a printed unit (dot optional), or ""."""
    for known in UNITS:
        if _same_unit(unit, known):
            return known
    return ""


_PATTERN = _figure_pattern()
_BASE_WORDS = frozenset(_unit_words()[0])
_TABLE_ROW = re.compile(r"[(（](?P<unit>[^()（）]{1,12})[)）](?P<numbers>(?:\s+\d+(?:\.\d+)?)+)")
_FOLD = str.maketrans("萬億個臺項點戶輛張處條噸筆時兩餘", "万亿个台项点户辆张处条吨笔时两余")
