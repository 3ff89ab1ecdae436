"""What a figure measures: a clean indicator name, linked to the graph's indicators.

The phrase before a figure carries words that are not part of the indicator
(该省, 一是, 首次, 预计, 实现 …). `clean_indicator` removes them; `IndicatorLinker`
links the cleaned name to an indicator the graph knows, by its normalised name or
by its head noun (核心产业增加值 is 数字经济核心产业增加值).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .._text import to_simplified
from ..resolve import Resolver, normal_form

__all__ = ["IndicatorLink", "IndicatorLinker", "clean_indicator"]

_LEADING = re.compile(
    r"^(?:[一二三四五六七八九十]是|其中|此外|同时|另外|该省|该市|本省|全省|全市|我省|我市"
    r"|有|共有|拥有|了|从|由|在|对|据|为|以|和|及|与|、|，|；|：|,|;|:|\(|（)+"
)
_TRAILING = re.compile(
    r"(?:首次|预计|现价|已|已经|接近|将|均|共|合计|累计|分别|达到|达|实现|完成|为|约|从|由|的|是"
    r"|提前一年|成功|稳步|持续|继续|\(|（|比(?:上年|去年|同期|(?:19|20)\d{2}年))+$"
)
_INSIDE = re.compile(r"实现(?=增加值|营业收入|收入)|创造(?=增加值)")
_VERB_AFTER_HEAD = re.compile(
    r"(?<=总值|加值|收入|总量|规模|产量|产值|总额)(?:提前|实现|达到|突破|完成|首次)"
)
_NOT_A_NAME = re.compile(r"^[\W\d_]*$|^[的了是有以在和及与从由]$")


def clean_indicator(phrase: str) -> str:
    """The indicator name in a phrase, without the words around it.

    Examples
    --------
    >>> clean_indicator("一是经济总量"), clean_indicator("工业增加值首次")
    ('经济总量', '工业增加值')
    >>> clean_indicator("数字经济核心产业实现增加值"), clean_indicator("民营经济创造增加值预计")
    ('数字经济核心产业增加值', '民营经济增加值')
    >>> clean_indicator("的")
    ''
    """
    name, previous = to_simplified(phrase), None
    while name != previous:
        previous = name
        name = _LEADING.sub("", name)
        name = _TRAILING.sub("", name)
    name = _INSIDE.sub("", name)
    after_head = _VERB_AFTER_HEAD.search(name)
    if after_head:  # 生产总值提前一年实现省…确定: the name ends with its head noun
        name = name[: after_head.start()]
    return "" if _NOT_A_NAME.match(name) else name


_GDP = re.compile(r"国内生产总值(?:\(gdp\))?|地区生产总值(?:\(gdp\))?|生产总值\(gdp\)")


def _key(name: str) -> str:
    key = normal_form(to_simplified(name)).replace("的", "").replace("规模以上", "规上")
    # 经济规模 and 经济总量 are one measure; 数字经济规模占GDP比重 is 数字经济占GDP比重
    key = _SIZE_BEFORE_SHARE.sub("", key.replace("规模", "总量"))
    return _GDP.sub("gdp", key)


_SIZE_BEFORE_SHARE = re.compile(r"总量(?=占)")


@dataclass(frozen=True)
class IndicatorLink:
    """An indicator the graph knows, and how the name was linked to it."""

    slug: str
    label: str
    how: str


class IndicatorLinker:
    """Links indicator names to the graph's indicators."""

    def __init__(self, indicators: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        self._by_key: dict[str, tuple[str, str]] = {}
        for slug, label, names in indicators:
            for name in (label, *names):
                self._by_key.setdefault(_key(name), (slug, label))

    @classmethod
    def from_resolver(cls, resolver: Resolver) -> IndicatorLinker:
        """Every indicator the resolver knows, with its labels and aliases."""
        names: dict[str, tuple[str, list[str]]] = {}
        for name in resolver.names:
            if "Indicator" not in name.kinds or name.property == "pinyin":
                continue
            slug = name.iri.rsplit("/", 1)[-1]
            entry = names.setdefault(slug, (name.label_zh, []))
            entry[1].append(name.name)
        return cls((slug, label, aliases) for slug, (label, aliases) in names.items())

    def link(self, name: str, role: str = "actual") -> IndicatorLink | None:
        """The known indicator a name means, or None.

        Examples
        --------
        >>> linker = IndicatorLinker([("core-va", "数字经济核心产业增加值", [])])
        >>> linker.link("该省数字经济核心产业增加值").slug
        'core-va'
        >>> linker.link("核心产业增加值").how
        'head noun: the end of 数字经济核心产业增加值'
        >>> linker.link("增加值") is None
        True
        """
        key = _key(name)
        if not key:
            return None
        if key in self._by_key:
            slug, label = self._by_key[key]
            return IndicatorLink(slug, label, f"same name as {label}")
        ends = [known for known in self._by_key if len(known) >= 4 and key.endswith(known)]
        if ends:
            slug, label = self._by_key[max(ends, key=len)]
            return IndicatorLink(slug, label, f"the name ends with {label}")
        if len(key) >= 5:
            wider = {self._by_key[known] for known in self._by_key if known.endswith(key)}
            if len(wider) == 1:
                slug, label = wider.pop()
                return IndicatorLink(slug, label, f"head noun: the end of {label}")
        return None
