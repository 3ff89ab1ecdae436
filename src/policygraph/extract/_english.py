"""English labels drafted for new indicators and terms, from a small glossary.

A curator writes the English label of every new entity; most indicator names are
compounds of a few dozen statistical words (数字经济 核心产业 增加值), so the draft
composes them word for word, in the Chinese order (a modifier before its head reads
the same in English), and leaves `TODO` when any part of the name is not in the
glossary: a wrong guess costs the curator more than a blank. Place names come from
the gazetteer (贵州 -> Guizhou).
"""

from __future__ import annotations

from collections.abc import Mapping

from .._text import to_simplified

__all__ = ["draft_english"]

# longest entries win; a value starting with "-" attaches to the word before it
_GLOSSARY = {
    "数字经济": "digital economy",
    "数字产业化": "digital industrialisation",
    "产业数字化": "industrial digitalisation",
    "核心产业": "core industries",
    "大数据": "big data",
    "电子信息": "electronic information",
    "信息技术": "information technology",
    "信息产业": "information industry",
    "信息化": "informatisation",
    "软件": "software",
    "互联网": "internet",
    "物联网": "internet of things",
    "人工智能": "artificial intelligence",
    "云计算": "cloud computing",
    "集成电路": "integrated circuit",
    "电子商务": "e-commerce",
    "网络零售": "online retail",
    "跨境": "cross-border",
    "智能制造": "smart manufacturing",
    "制造业": "manufacturing",
    "服务业": "services",
    "工业": "industrial",
    "产业": "industry",
    "规模以上": "above-scale",
    "规上": "above-scale",
    "规模总量": "total size",
    "规模": "size",
    "总量": "total",
    "总额": "total",
    "增加值": "value added",
    "营业收入": "operating revenue",
    "主营业务收入": "main business revenue",
    "业务收入": "business revenue",
    "收入": "revenue",
    "产值": "output value",
    "产量": "output",
    "零售额": "retail sales",
    "交易额": "turnover",
    "进出口": "imports and exports",
    "出口": "exports",
    "进口": "imports",
    "总投资": "total investment",
    "投资": "investment",
    "研发": "R&D",
    "经费": "funding",
    "支出": "expenditure",
    "地区生产总值": "GDP",
    "生产总值": "GDP",
    "gdp": "GDP",
    "占gdp比重": "share of GDP",
    "占gdp的比重": "share of GDP",
    "比重": "share",
    "增速": "growth rate",
    "增长": "growth",
    "工商注册": "registered",
    "注册": "registered",
    "新增": "new",
    "新建": "new",
    "累计": "cumulative",
    "企业": "enterprises",
    "上市企业": "listed enterprises",
    "高新技术企业": "high-tech enterprises",
    "园区": "parks",
    "项目": "projects",
    "平台": "platforms",
    "基地": "bases",
    "集群": "clusters",
    "应用场景": "application scenarios",
    "场景": "scenarios",
    "数据中心": "data centres",
    "基站": "base stations",
    "用户": "users",
    "网民": "internet users",
    "宽带": "broadband",
    "光纤": "optical fibre",
    "移动": "mobile",
    "专利": "patents",
    "发明专利": "invention patents",
    "有效": "valid",
    "人均": "per capita",
    "居民": "residents'",
    "可支配收入": "disposable income",
    "经济损失": "economic losses",
    "减少": "reduction in",
    "重点": "key",
    "任务": "tasks",
    "工程": "projects",
    "试点": "pilots",
    "示范": "demonstration",
    "为主导的": "-led",
    "引领的": "-led",
    "数据": "data",
    "经济": "economy",
    "全省": "provincial",
    "全国": "national",
}
_LONGEST = max(map(len, _GLOSSARY))


def draft_english(zh: str, places: Mapping[str, str] | None = None) -> str | None:
    """An English label composed from the glossary, or None if a part is unknown.

    Parameters
    ----------
    zh : str
        The Chinese label (simplified or traditional).
    places : mapping, optional
        Place names (as printed, simplified) to their English names.

    Examples
    --------
    >>> draft_english("數字經濟核心產業增加值")
    'Digital economy core industries value added'
    >>> draft_english("以电子信息产业为主导的园区")
    >>> draft_english("电子信息产业为主导的园区")
    'Electronic information industry-led parks'
    >>> draft_english("大数据引领的贵州电子信息产业增加值", {"贵州": "Guizhou"})
    'Big data-led Guizhou electronic information industry value added'
    """
    text = to_simplified(zh).lower().replace(" ", "")
    words: list[str] = []
    table = {**_GLOSSARY, **{to_simplified(k).lower(): v for k, v in (places or {}).items()}}
    longest = max(_LONGEST, *map(len, table))
    index = 0
    while index < len(text):
        for size in range(min(longest, len(text) - index), 0, -1):
            word = table.get(text[index : index + size])
            if word is not None:
                if word.startswith("-") and words:
                    words[-1] += word
                else:
                    words.append(word)
                index += size
                break
        else:
            return None
    if not words:
        return None
    label = " ".join(words)
    return label[0].upper() + label[1:]
