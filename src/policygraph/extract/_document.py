"""Facts of an official document: title, number, issuing body, dates and sections.

Read from the lines of the text, folded to simplified script (so 國發〔2021〕29號
reads as 国发〔2021〕29号); every fact keeps the line it was read from, as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .._text import to_simplified

__all__ = ["DocumentFacts", "document_facts"]

_DIGITS = "一二三四五六七八九十百零〇"
_NUMBER = re.compile(
    r"^(?P<body>[\u4e00-\u9fff]{0,20}?)"
    r"(?P<number>(?:[\u4e00-\u9fff]{1,8}[〔\[［(（]\d{4}[〕\]］)）]第?\d{1,4}号"
    r"|(?:公告|令)第\d{1,4}号))$"
)
_ORGANISATION = re.compile(
    r"(?:国务院|委员会|常委会|人民政府|政府|办公厅|厅|局|人大|办公室|委|部|院)$"
)
_SOURCE = re.compile(r"来源[:：](?P<body>[\u4e00-\u9fff]{2,30}?)(?=发布|时间|日期|$)")
_DATE = r"(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
_DATE_LINE = re.compile(rf"^{_DATE}$")
_PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|印发日期|成文日期)[:：]?"
    r"(?P<y>(?:19|20)\d{2})[-./年](?P<m>\d{1,2})[-./月](?P<d>\d{1,2})"
)
_ADOPTED = re.compile(rf"{_DATE}经.{{0,60}}?(?:会议|常务会议)(?:审议)?通过")
_IN_FORCE = re.compile(rf"自{_DATE}起(?:施行|实施|执行|生效)")
_CIRCULATED = re.compile(r"关于印发(?P<title>.+)的通知$")
_TITLED = re.compile(
    r"《(?P<title>[^《》]{2,60}(?:条例|规划|办法|规定|意见|方案|措施|纲要|决定|计划|要点|细则))》"
)
_CHAPTER = re.compile(rf"^(?:第[{_DIGITS}]+章|[{_DIGITS}]+、)[^，。；,;]{{1,30}}$")
_ARTICLE = re.compile(rf"^第[{_DIGITS}]+条")


@dataclass
class DocumentFacts:
    """What an official document says about itself.

    Dates are ISO (``2021-03-01``); ``sections`` are the chapter headings as printed
    (第一章 总则, 一、发展现状和形势), each once; ``quotes`` gives, per fact, the line
    it was read from, as printed.
    """

    title: str | None = None
    number: str | None = None
    body: str | None = None
    adopted: str | None = None
    issued: str | None = None
    in_force: str | None = None
    sections: list[str] = field(default_factory=list)
    articles: int = 0
    quotes: dict[str, str] = field(default_factory=dict)

    def found(self) -> bool:
        """Whether anything beyond a title was found."""
        return any((self.number, self.body, self.adopted, self.issued, self.in_force))


def _iso(match: re.Match[str]) -> str:
    return f"{match.group('y')}-{int(match.group('m')):02d}-{int(match.group('d')):02d}"


_READING = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def document_facts(text: str) -> DocumentFacts | None:
    """The facts an official document states about itself, or None if it states none.

    Examples
    --------
    >>> facts = document_facts(
    ...     "浙江省第十三屆人民代表大會常務委員會\\n公告第 44 號\\n"
    ...     "《浙江省數字經濟促進條例》已於2020年12月24日經浙江省第十三屆人民代表大會"
    ...     "常務委員會第二十六次會議通過,現予公佈,自2021年3月1日起施行。\\n"
    ...     "2020年12月24日\\n第一章 總則\\n第一條 爲了促進數字經濟發展,制定本條例。"
    ... )
    >>> facts.title, facts.number, facts.body
    ('浙江省數字經濟促進條例', '公告第 44 號', '浙江省第十三屆人民代表大會常務委員會')
    >>> facts.adopted, facts.issued, facts.in_force, facts.sections, facts.articles
    ('2020-12-24', '2020-12-24', '2021-03-01', ['第一章 總則'], 1)
    """
    printed = [line.strip() for line in text.splitlines() if line.strip()]
    folded = ["".join(to_simplified(_READING.sub("", line)).split()) for line in printed]
    facts = DocumentFacts()
    for index, line in enumerate(folded):
        number = _NUMBER.match(line)
        if number and facts.number is None:
            facts.number = _printed(printed[index], number.group("number"), line)
            facts.quotes["number"] = printed[index]
            body = number.group("body")
            if body and _ORGANISATION.search(body):
                facts.body, facts.quotes["body"] = body, printed[index]
            elif index > 0 and _ORGANISATION.search(folded[index - 1]):
                facts.body, facts.quotes["body"] = printed[index - 1], printed[index - 1]
        date_line = _DATE_LINE.match(line)
        if date_line and facts.issued is None:
            facts.issued, facts.quotes["issued"] = _iso(date_line), printed[index]
            signer = index
            while signer > 0 and _ORGANISATION.search(folded[signer - 1]):
                signer -= 1  # joint issuers sign one a line; the lead issuer first
            if facts.body is None and signer < index:
                facts.body = _READING.sub("", printed[signer])
                facts.quotes["body"] = printed[signer]
        for name, pattern in (
            ("issued", _PUBLISHED),
            ("adopted", _ADOPTED),
            ("in_force", _IN_FORCE),
        ):
            found = pattern.search(line)
            if found and getattr(facts, name) is None:
                setattr(facts, name, _iso(found))
                facts.quotes[name] = printed[index]
        source = _SOURCE.search(line)
        if source and facts.body is None and _ORGANISATION.search(source.group("body")):
            facts.body = _printed(printed[index], source.group("body"), line)
            facts.quotes["body"] = printed[index]
        if _CHAPTER.match(line) and len(line) <= 32:
            heading = " ".join(printed[index].split())
            if heading not in facts.sections:
                facts.sections.append(heading)
        facts.articles += bool(_ARTICLE.match(line))
    _title(facts, printed, folded)
    return facts if facts.found() or facts.sections else None


def _title(facts: DocumentFacts, printed: list[str], folded: list[str]) -> None:
    for index, line in enumerate(folded[:3]):
        circulated = _CIRCULATED.search(line)
        if circulated:
            title = _printed(printed[index], circulated.group("title"), line)
            facts.title, facts.quotes["title"] = title.strip("《》"), printed[index]
            return
    for index, line in enumerate(folded):
        titled = _TITLED.search(line)
        if titled:
            facts.title = _printed(printed[index], titled.group("title"), line)
            facts.quotes["title"] = printed[index]
            return
    if folded and len(folded[0]) <= 40 and not folded[0].endswith(("。", "，", ",")):
        facts.title, facts.quotes["title"] = printed[0], printed[0]


def _printed(line: str, folded_part: str, folded_line: str) -> str:
    """The printed form of a part of a folded line (whitespace kept between words)."""
    kept = [
        index
        for index, char in enumerate(line)
        if not char.isspace() and not any(a <= index < b for a, b in _readings(line))
    ]
    start = folded_line.find(folded_part)
    if start < 0 or len(kept) != len(folded_line):
        return folded_part
    return _READING.sub("", line[kept[start] : kept[start + len(folded_part) - 1] + 1])


def _readings(line: str) -> list[tuple[int, int]]:
    return [match.span() for match in _READING.finditer(line)]
