"""Folding Chinese names so that two spellings of one name compare equal.

The one place for text folding: NFKC (full-width → half-width), traditional →
simplified characters (OpenCC t2s), quote marks and whitespace removed, dashes unified,
case folded; and toneless pinyin, for matching by sound.

Examples
--------
>>> to_simplified("數字經濟")
'数字经济'
>>> normal_form("“城市\\n大腦”")
'城市大脑'
>>> normal_form("浙江省信息经济发展规划（2014—2020）")
'浙江省信息经济发展规划(2014-2020)'
>>> pinyin("数字经济“一号工程”")
'shu zi jing ji yi hao gong cheng'
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache
from typing import Any

__all__ = ["normal_form", "pinyin", "sound", "to_simplified"]

# quote marks of every width and style; 《》 too, so a title matches its label
_QUOTES = dict.fromkeys(map(ord, "\"'“”‘’「」『』《》〈〉‹›«»〝〞·"), None)
_DASHES = {ord(char): "-" for char in "‐‑‒–—―−－﹣"}


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """``text`` with traditional Chinese characters replaced by simplified ones (OpenCC t2s).

    One character for one: where OpenCC would convert a phrase to a different length,
    that text is converted character by character, so position ``i`` of the result is
    the fold of position ``i`` of the input (the extractor maps offsets this way).

    Examples
    --------
    >>> to_simplified("杭州城市大腦 2023")
    '杭州城市大脑 2023'
    >>> to_simplified("數字經濟「一號工程」新增5萬臺、12個百分點")
    '数字经济「一号工程」新增5万台、12个百分点'
    """
    if text.isascii():
        return text
    folded = str(_converter().convert(text))
    if len(folded) == len(text):
        return folded
    return "".join(_fold_char(char) for char in text)


def _fold_char(char: str) -> str:
    folded = str(_converter().convert(char))
    return folded if len(folded) == 1 else char


@lru_cache(maxsize=65536)
def normal_form(label: str) -> str:
    """The form two labels share when they name the same thing.

    NFKC folds full-width letters, digits and brackets to half-width; traditional
    characters become simplified; quote marks (“…”, "…", 「…」, 《…》) and all
    whitespace are removed; dash variants become ``-``; case is folded.

    Examples
    --------
    >>> normal_form("ＩＰｖ６ 规模部署")
    'ipv6规模部署'
    >>> normal_form("３３８６建设体系") == normal_form("“3386”建设体系")
    True
    """
    text = unicodedata.normalize("NFKC", label).translate(_DASHES).translate(_QUOTES)
    return to_simplified("".join(text.split())).casefold()


@lru_cache(maxsize=65536)
def pinyin(text: str) -> str:
    """Toneless pinyin of the Chinese characters in a label, for search.

    Words are read the way pypinyin reads the whole label (its own segmentation, so
    that 银行 is *yin hang*), each word once per process: labels share most of their
    words, and reading a word is what costs.

    Examples
    --------
    >>> pinyin("一号工程")
    'yi hao gong cheng'
    >>> pinyin("杭州银行 Bank")
    'hang zhou yin hang'
    """
    from pypinyin.seg.simpleseg import seg

    syllables = [syllable for word in seg(text) for syllable in _word_pinyin(word)]
    words = [
        syllable.lower() for syllable in syllables if syllable.isascii() and syllable.isalnum()
    ]
    return " ".join(words)


@lru_cache(maxsize=65536)
def _word_pinyin(word: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(word, style=Style.NORMAL, errors="ignore", strict=False))


@lru_cache(maxsize=65536)
def sound(label: str) -> str:
    """How a label sounds: its `normal_form` with each Chinese character as toneless pinyin.

    Two names that sound the same (a typo such as 杭洲 for 杭州) share it.

    Examples
    --------
    >>> sound("杭洲") == sound("杭州")
    True
    >>> sound("Hang Zhou")
    'hangzhou'
    """
    from pypinyin import Style, lazy_pinyin

    text = normal_form(label)
    return "".join(lazy_pinyin(text, style=Style.NORMAL, errors="default", strict=False))
