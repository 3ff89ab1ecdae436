"""Numbers as printed in Chinese policy text: Arabic digits or Chinese numerals."""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation

from ..errors import DataError

__all__ = ["CHINESE_DIGITS", "parse_number", "parse_year"]

CHINESE_DIGITS = "零〇一二两三四五六七八九十百千"
_YEAR_DIGITS = {char: str(index) for index, char in enumerate("〇一二三四五六七八九")} | {"零": "0"}


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
