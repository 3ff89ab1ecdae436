"""Find candidates in a Chinese policy text, with offsets and a unique quote each.

The text is scanned with every whitespace character removed (PDF extraction puts
line breaks and stray spaces inside words), and every match is mapped back to
code-point offsets into the original text. Headings are recognised as short
lines without closing punctuation: they end a sentence, and a period such as
``2018年，`` is carried from sentence to sentence only until the next heading.
"""

from __future__ import annotations

import bisect
import csv
import dataclasses
import io
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .. import _paths
from .._text import to_simplified
from ..errors import InputError
from ..numbers import CHINESE_DIGITS, parse_number, parse_year
from ..resolve import Resolver
from ..sources import read_text
from ..units import COUNTED_UNITS, UNITS
from ._indicators import IndicatorLinker, clean_indicator
from ._periods import average_over, document_month, document_year, read_period

__all__ = [
    "KINDS",
    "Candidate",
    "Figure",
    "GazetteerPlace",
    "Period",
    "Place",
    "ScannedText",
    "load_gazetteer",
    "scan",
    "unique_quote",
]

KINDS = ("quoted", "title", "period", "figure", "place", "organisation")

_TERMINAL = "。！？!?"
_CLOSERS = "”’」』）)"
_CLAUSE = "，；。：！？,;:!?"
_HEADING_RATIO = 0.75  # a line this much shorter than the longest, without end punctuation
_END_PUNCTUATION = "。！？；：，、,.;:!?"

# -- patterns ------------------------------------------------------------------------

_ARABIC = r"(?<![0-9A-Za-z.])(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_CHINESE = rf"[{CHINESE_DIGITS}万亿]*[{CHINESE_DIGITS}](?:点[零〇一二三四五六七八九]+)?"
_UNIT_WORDS = sorted(
    {"元/人·年", "个百分点", "百分点", "%", "％", "位", *COUNTED_UNITS}, key=len, reverse=True
)
_FIGURE = re.compile(
    rf"(?P<ordinal>第|前)?(?P<number>{_ARABIC}|{_CHINESE})"
    r"(?P<magnitude>万亿|亿|万)?(?P<approx>余|多)?"
    # a bare magnitude is a unit too: 申领量突破1700万, GDP首破10万亿
    rf"(?P<unit>{'|'.join(map(re.escape, _UNIT_WORDS))}|(?<=[万亿]))"
    r"(?P<bound>以上|以下|以内|左右|上下)?"
)
# 2.3和12.4个百分点: a number whose unit is the next figure's, across 和/、/及/与/至/-
_SHARED_UNIT = re.compile(rf"(?P<number>{_ARABIC})(?:和|、|及|与|至|到|-|—|~)$")
_MEASURE_WORDS = tuple(unit for unit in COUNTED_UNITS if not unit.endswith("元"))
_QUALIFIERS_BEFORE = (
    ("不超过", "upper_bound"),
    ("超过", "lower_bound"),
    ("突破", "lower_bound"),
    ("首破", "lower_bound"),
    ("多于", "lower_bound"),
    ("不到", "upper_bound"),
    ("不足", "upper_bound"),
    ("低于", "upper_bound"),
    ("最高", "upper_bound"),
    ("最多", "upper_bound"),
    ("至少", "lower_bound"),
    ("达到", "exact"),
    ("逾", "lower_bound"),
    ("超", "lower_bound"),
    ("达", "exact"),
)
_APPROXIMATE_BEFORE = ("接近", "大约", "约", "近")
_BOUNDS_AFTER = {"以上": "lower_bound", "以下": "upper_bound", "以内": "upper_bound"}
_APPROXIMATE_AFTER = ("左右", "上下")
# an amount that is part of a name: 百亿元级企业, 千亿级产业集群, 超千亿元企业
_NAME_AFTER = re.compile(r"级|企业|集团|产业集群|大项目")
# a threshold that picks out what is counted, not a quantity: 超过10亿元的企业,
# 有1303家企业营业收入超过10亿元
_THRESHOLD_AFTER = re.compile(
    r"(?:以上|以下)?的[\u4e00-\u9fff]{0,6}?(?:企业|公司|集团|项目|集群|平台|园区|城市)"
)
_COUNTED_BEFORE = re.compile(
    r"有[\d,.一二三四五六七八九十百千万]+(?:家|个|项|所)[\u4e00-\u9fff]{0,8}$"
)
# the unit of a date or a code, not of a figure: 2021-05-11人民邮电报
_DATE_BEFORE = re.compile(r"\d[-/.．－]$")
# a pinyin reading in brackets after a character, added by some mirrors: 創新(xīn)
_READING = re.compile(r"(?<=[\u3400-\u9fff])[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[)）]")

_YEAR = r"(?<!\d)(?P<year>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})"
_QUARTER = r"(?:第?[一二三四1-4]季度|前三季度|上半年|下半年)"
_PERIOD = re.compile(
    rf"(?P<pre>截至|截止到|截止|到|至)?{_YEAR}年"
    r"(?P<month>\d{1,2}月(?:\d{1,2}日)?(?:底|末)?)?"
    rf"(?P<post>底|末|初|以来|{_QUARTER}|度)?"
    r"|(?P<relative>截至目前|截止目前|截至当前|目前|近年来|近几年来|十多年来|多年来"
    r"|过去一年|一年来"
    rf"|(?:截至)?(?:今年|去年|上年)(?:底|末|以来|同期|{_QUARTER})?|{_QUARTER})"
    r"|(?P<plan>[“\"]?十[一二三四五]五[”\"]?(?:期间|时期|末))"
    rf"|(?P<span>经过[{CHINESE_DIGITS}\d]{{1,2}}年)"
    rf"|(?P<running>连续[{CHINESE_DIGITS}\d]{{1,3}}年)"
)
# 浙江省 -> 浙江, 广西壮族自治区 -> 广西, 黔南布依族苗族自治州 -> 黔南, 香港特别行政区 -> 香港
_SHORT_FORM = re.compile(r"(?:自治区|自治州|特别行政区|地区|盟|省|市)$")
_ETHNIC = re.compile(
    r"(?:维吾尔|哈萨克|柯尔克孜|塔吉克|蒙古|朝鲜|土家|布依|哈尼|傈僳|纳西|景颇|拉祜|达斡尔|鄂温克"
    r"|鄂伦春|锡伯|仡佬|毛南|仫佬|东乡|保安|裕固|撒拉|壮|回|藏|苗|侗|彝|白|傣|黎|羌|瑶|水|畲|土|佤"
    r"|怒|京|满)族?$"
)
_TITLE = re.compile(r"《([^《》]{1,80})》")
_QUOTED = re.compile(r"“([^“”]{1,80})”|「([^「」]{1,80})」|『([^『』]{1,80})』")
_STRAIGHT_QUOTES = re.compile(r"[\"＂]")
_ORG_SUFFIX = re.compile(r"委员会|领导小组|政府|会议|中心")
_ORG_STOPS = re.compile(
    r"成立|建立|建成|建设|推进|推动|提出|启动|设立|组建|召开|举办|印发|出台|发布|依托|通过|规划"
    r"|统筹|打造|加快|支持|组织|开展|由|在|的|是|以|为|向|将|把|了|并|从|到"
    r"|经(?!济|营|信|贸|验|费|过|历|开|理|典|纪|管)|于|会上|各|、"  # 经浙江省…
    r"|(?<=\d)[日月号]"  # 24日浙江省…
)
_ORG_WINDOW = 28


# -- indicator phrases ---------------------------------------------------------------

_LEADING_CONNECTORS = (
    *("以上", "以下", "以内", "左右", "上下"),
    *("以及", "其中", "同时", "和", "及", "与", "、", "并", "（", "(", "；", "，", ",", ";"),
)
_LEADING_PLACES = ("全省", "全市", "全区", "全县")
_LEADING_VERBS = (
    "预计",
    "拉动",
    "明确",
    "力争",
    "积极推进",
    "推进",
    "入选",
    "拥有",
    "建有",
    "培育",
    "遴选",
    "建成",
    "已开通",
    "开通",
)
_TRAILING_WORDS = (
    "达到",
    "达",
    "为",
    "完成",
    "实现",
    "约",
    "共",
    "分别",
    "均",
    "位居",
    "居",
    "列",
    "全国",
    "全省",
    "率先",
    "已",
    "累计",
    "合计",
    "总计",
    "（",
    "(",
)
_RELATIVE = re.compile(
    rf"(?:(?:[两二三四五]年(?:来)?平均|较上年|比上年|同比|年均|连续[{CHINESE_DIGITS}\d]+年)"
    r"(?:实现)?)?(?:增速|增幅|增长|提高|下降|减少|(?<=同比)增|(?<=上年)增)$"
)
# 提高到11.5%, 提升至43%: the level reached, not a change
_LEVEL = re.compile(r"(?:已)?(?:提高|提升|上升|增长|增加|扩大|下降)(?:到|至)$")
_HEAD_NOUN = re.compile(r"(?:产量|产值|增加值|营业收入|收入|总量|规模|数量|投资|销售额)$")
_GAP_CONNECTORS = re.compile(r"^(?:以及|和|及|与|、)$")
_ITEM_SPLIT = re.compile(r"以及|、|和")  # not 及 or 与: 普及率, 参与
_TRAILING_NOUN_STOP = re.compile(r"和|、|均|都|同比|较|占|居")
_TARGET_CUE = re.compile(
    r"力争|目标|预期|计划到|确保|要达到|将达到|到(?:19|20)\d{2}年|到[“\"]?十[一二三四五]五[”\"]?末"
)
_BARE = ("万", "亿", "万亿")
_BARE_NAME_AFTER = re.compile(r"级|[\u4e00-\u9fff]{0,2}(?:产业|企业|集群|项目|工程|城市)")
_QUOTED_NOUN = re.compile(r"[“「][^”」]{1,12}[”」]")
_MEETING_AFTER = re.compile(r"(?:全体)?(?:会议|全会|大会)|产业")  # 四次会议, 三次产业
# 《行动计划》提出到2025年，…: a document's goal reported as its own
_REPORTED = re.compile(r"(?:提出|明确|要求|指出)$")
_REPORTED_TARGET = re.compile(r"[^，,；;]{0,16}?(?:提出|明确|要求|指出)(?=到(?:19|20)\d{2}年|力争)")
_GROWTH_TO = re.compile(r"(?:增长|增加|提高|提升|上升|扩大|下降|达)到")


# -- public records --------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """Something in the text a person may want in the graph.

    Attributes
    ----------
    kind : str
        One of `KINDS`: quoted, title, period, figure, place, organisation.
    text : str
        As printed, whitespace removed; for quoted terms and titles, the text
        inside the marks.
    start, end : int
        Code-point offsets into the original text (``text`` is the slice with
        whitespace removed).
    quote : str
        A quote that contains the candidate and occurs exactly once in the text
        (whitespace ignored), ready for an annotation file.
    sentence : str
        The surrounding sentence, whitespace removed.
    """

    kind: str
    text: str
    start: int
    end: int
    quote: str
    sentence: str


@dataclass(frozen=True)
class Period(Candidate):
    """A year or a period: 2018年, 2018年底, 2014年以来, 到2022年, 截至目前, 连续四年.

    ``year`` is None for spans (以来, 连续四年) and relative periods (截至目前).
    ``clause_only`` marks a span that governs only its own clause (连续四年增速超过13%).
    """

    year: int | None = None
    clause_only: bool = False
    normalised: str | None = None


@dataclass(frozen=True)
class Place(Candidate):
    """A place named in the gazetteer."""

    place_id: str = ""
    level: str = ""
    ambiguous: tuple[str, ...] = ()  # the places a shared name may mean, when unresolved


@dataclass(frozen=True)
class Figure(Candidate):
    """A number with a unit, with what the sentence says about it.

    ``value`` and ``unit`` are as printed (Chinese numerals converted, 余 and the
    magnitude folded into the unit: 10万余家 is 10 万家, lower bound). ``period``,
    ``year``, ``indicator``, ``role`` and ``place`` are guesses from the context,
    for a person to confirm. ``modifier`` marks a figure that is part of a name
    (超千亿元企业), not a quantity of its own.

    ``period_norm`` is the period normalised against the document's date (see
    `policygraph.extract.read_period`); ``approximate`` marks 约/左右/近; ``indicator_id``
    is the graph's indicator when the name links to one. ``confidence`` (0–1) and
    ``explanation`` say how sure each reading is and why.
    """

    value: Decimal = Decimal(0)
    unit: str = ""
    qualifier: str = "exact"
    role: str = "actual"
    period: str | None = None
    year: int | None = None
    indicator: str = ""
    place: str | None = None
    modifier: bool = False
    period_norm: str | None = None
    approximate: bool = False
    indicator_id: str = ""
    confidence: float = 0.0
    explanation: str = ""


@dataclass(frozen=True)
class GazetteerPlace:
    """One row of the gazetteer (``kg/gazetteer/*.csv``)."""

    id: str
    zh: str
    en: str
    level: str
    parent: str
    adcode: str = ""
    former: tuple[str, ...] = ()  # names before a renaming (绍兴县 for 柯桥区)

    def short_form(self) -> str | None:
        """浙江 for 浙江省, 广西 for 广西壮族自治区, 黔南州 for 黔南布依族苗族自治州.

        Examples
        --------
        >>> GazetteerPlace("guangxi", "广西壮族自治区", "Guangxi", "province", "china").short_form()
        '广西'
        >>> GazetteerPlace("x", "黔南布依族苗族自治州", "", "prefecture", "guizhou").short_form()
        '黔南州'
        """
        if self.level not in ("province", "prefecture"):
            return None
        short = _SHORT_FORM.sub("", self.zh)
        while "自治" in self.zh and short != (shorter := _ETHNIC.sub("", short)):
            if len(shorter) < 2:
                break
            short = shorter
        if self.zh.endswith("自治州"):
            short += "州"
        return short if short != self.zh and len(short) >= 2 else None

    def names(self) -> list[str]:
        """The full name, the short form of a province or prefecture, former names."""
        short = self.short_form()
        return [self.zh, *([short] if short else []), *self.former]


def load_gazetteer(paths: Iterable[str | os.PathLike[str]] | None = None) -> list[GazetteerPlace]:
    """Read gazetteer CSV files (default: every ``kg/gazetteer/*.csv`` of the bundled graph).

    Examples
    --------
    >>> places = {place.id: place for place in load_gazetteer()}
    >>> places["hangzhou"].names()
    ['杭州市', '杭州']
    """
    if paths is None:
        paths = sorted((_paths.kg_dir() / "gazetteer").glob("*.csv"))
    places: list[GazetteerPlace] = []
    for path in paths:
        rows = list(csv.DictReader(io.StringIO(read_text(path))))
        if rows and not {"id", "zh", "en", "level", "parent"} <= set(rows[0]):
            raise InputError("a gazetteer needs the columns id,zh,en,level,parent", path=path)
        places.extend(
            GazetteerPlace(
                row["id"],
                row["zh"],
                row["en"],
                row["level"],
                row["parent"] or "",
                row.get("adcode") or "",
                tuple(name for name in (row.get("former") or "").split("|") if name),
            )
            for row in rows
            if row["id"] and row["zh"]
        )
    return places


# -- the text, stripped of whitespace, with its structure -------------------------------


class ScannedText:
    """The stripped text ``s``, offsets back into the original, and its structure.

    ``s`` is folded to simplified script (one character for one), without
    whitespace and without the pinyin readings some mirrors add in brackets; every
    match in it maps back to offsets into the original text.
    """

    def __init__(self, text: str) -> None:
        self.original = text
        readings = {index for match in _READING.finditer(text) for index in range(*match.span())}
        kept: list[str] = []
        self.offsets: list[int] = []
        for match in re.finditer(r"\S", text):
            if match.start() not in readings:
                kept.append(match.group())
                self.offsets.append(match.start())
        self.s = to_simplified("".join(kept))
        self.traditional = sum(a != b for a, b in zip(kept, self.s, strict=True))
        self.breaks = self._heading_breaks(text, self.offsets)
        self.sentences = self._ranges(self._sentence_ends())
        self.clauses = self._ranges(
            sorted({i + 1 for i, c in enumerate(self.s) if c in _CLAUSE} | set(self.breaks))
        )
        self.sections = self._ranges(sorted(self.breaks))
        # a paragraph ends where a line ends a sentence (web text; PDF lines rarely do)
        paragraph_ends = set()
        for newline in re.finditer("\n", text):
            position = bisect.bisect_left(self.offsets, newline.start())
            if 0 < position < len(self.s) and self.s[position - 1] in _TERMINAL + _CLOSERS:
                paragraph_ends.add(position)
        self.paragraphs = self._ranges(sorted(self.breaks | paragraph_ends))

    @staticmethod
    def _heading_breaks(text: str, offsets: list[int]) -> set[int]:
        lines, line_start = [], 0
        for line in text.split("\n"):
            line_end = line_start + len(line)
            # kept characters (no whitespace, no bracketed readings) up to the line's end
            lines.append((line, bisect.bisect_left(offsets, line_end), line_start))
            line_start = line_end + 1
        lengths = [end - bisect.bisect_left(offsets, start) for _, end, start in lines]
        longest = max(lengths, default=0)
        breaks: set[int] = set()
        for (line, position, _), length in zip(lines, lengths, strict=True):
            stripped = "".join(line.split())
            if (
                stripped
                and longest >= 20
                and length < _HEADING_RATIO * longest
                and stripped[-1] not in _END_PUNCTUATION + _CLOSERS
            ):
                breaks.add(position)
        return breaks

    def _sentence_ends(self) -> list[int]:
        ends = set(self.breaks)
        for index, char in enumerate(self.s):
            if char in _TERMINAL:
                end = index + 1
                while end < len(self.s) and self.s[end] in _CLOSERS:
                    end += 1
                ends.add(end)
        return sorted(ends)

    def _ranges(self, ends: Sequence[int]) -> list[tuple[int, int]]:
        ranges, start = [], 0
        for end in [*ends, len(self.s)]:
            if end > start:
                ranges.append((start, end))
                start = end
        return ranges or [(0, len(self.s))]

    @staticmethod
    def _find(ranges: list[tuple[int, int]], index: int) -> tuple[int, int]:
        position = bisect.bisect_right(ranges, (index, sys.maxsize)) - 1
        return ranges[max(position, 0)]

    def sentence(self, index: int) -> tuple[int, int]:
        return self._find(self.sentences, index)

    def clause(self, index: int) -> tuple[int, int]:
        start, end = self._find(self.clauses, index)
        # the delimiter itself belongs to the clause it ends; drop it
        return start, end - 1 if end - 1 >= start and self.s[end - 1] in _CLAUSE else end

    def section(self, index: int) -> tuple[int, int]:
        return self._find(self.sections, index)

    def paragraph(self, index: int) -> tuple[int, int]:
        return self._find(self.paragraphs, index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the stripped slice ``s[start:end]``."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def printed(self, start: int, end: int) -> str:
        """The original text of the stripped slice ``s[start:end]``, whitespace removed."""
        if start >= end:
            return ""
        return "".join(self.original[slice(*self.span(start, end))].split())

    def quote(self, start: int, end: int) -> str:
        """A quote holding ``s[start:end]`` that occurs once, as printed in the original."""
        quote = unique_quote(self.s, start, end)
        low = self.s.find(quote)
        return self.printed(low, low + len(quote))

    def candidate(self, kind: str, start: int, end: int, quote: tuple[int, int]) -> Candidate:
        begin, finish = self.span(start, end)
        sentence = self.sentence(start)
        return Candidate(
            kind=kind,
            text=self.printed(start, end),
            start=begin,
            end=finish,
            quote=self.quote(*quote),
            sentence=self.printed(*sentence),
        )


def unique_quote(stripped: str, start: int, end: int) -> str:
    """The shortest widening of ``stripped[start:end]`` that occurs only once.

    Context is added on the left first, then on the right, one character at a time.

    Examples
    --------
    >>> unique_quote("新增6家，累计6家", 7, 9)
    '计6家'
    """
    low, high, turn = start, end, 0
    while True:
        quote = stripped[low:high]
        first = stripped.find(quote)
        if stripped.find(quote, first + 1) == -1 or (low == 0 and high == len(stripped)):
            return quote
        if (turn % 2 == 0 and low > 0) or high >= len(stripped):
            low -= 1
        else:
            high += 1
        turn += 1


# -- scanners ---------------------------------------------------------------------------


def _quoted(text: ScannedText) -> list[Candidate]:
    found = []
    for match in _QUOTED.finditer(text.s):
        group = next(index for index in (1, 2, 3) if match.group(index) is not None)
        inner = (match.start(group), match.end(group))
        found.append(text.candidate("quoted", *inner, quote=(match.start(), match.end())))
    marks = [match.start() for match in _STRAIGHT_QUOTES.finditer(text.s)]
    for opening, closing in zip(marks[::2], marks[1::2], strict=False):
        if 1 < closing - opening <= 81:
            found.append(text.candidate("quoted", opening + 1, closing, (opening, closing + 1)))
    return found


def _titles(text: ScannedText) -> list[Candidate]:
    return [
        text.candidate("title", match.start(1), match.end(1), (match.start(), match.end()))
        for match in _TITLE.finditer(text.s)
    ]


_AFTER_GROWTH = ("增长", "增加", "提高", "提升", "上升", "下降", "扩大", "达")


def _periods(text: ScannedText, doc_year: int | None) -> list[Period]:
    found = []
    for match in _PERIOD.finditer(text.s):
        if _DATE_BEFORE.search(text.s[: match.start()]):
            continue
        if text.s[match.start() - 1 : match.start()] in ("比", "较"):
            continue  # 比上年提高, 比2020年提高: the base of a comparison, not the period
        sentence_start = text.sentence(match.start())[0]
        earlier = [
            parse_year(year.group("year"))
            for year in _PERIOD.finditer(text.s, sentence_start, match.start())
            if year.group("year")
        ]
        reading = read_period(match.groupdict(), earlier[-1] if earlier else doc_year)
        year = reading.year
        if match.group("year") and match.group("post") == "以来":
            year = None
        # 到2022年7万亿元的目标 governs its own clause only; 到2022年，… opens the sentence
        lead = text.s[text.clause(match.start())[0] : match.start()]
        opens = lead in ("", "力争", "争取", "预计", "计划", "确保", "目标是", "其中") or bool(
            _REPORTED.search(lead)
        )
        after_growth = bool(_GROWTH_TO.search(text.s, max(0, match.start() - 3), match.start() + 1))
        target_year = match.group("pre") in ("到", "至") and not opens and not after_growth
        from_year = text.s[match.start() - 1 : match.start()] == "从"
        clause_only = bool(match.group("running")) or target_year or from_year
        base = text.candidate("period", match.start(), match.end(), (match.start(), match.end()))
        found.append(
            Period(**vars(base), year=year, clause_only=clause_only, normalised=reading.normalised)
        )
    return found


@dataclass(frozen=True)
class _Names:
    """A gazetteer's names, read once: name -> places, and the lengths names have."""

    by_name: dict[str, list[GazetteerPlace]]
    short: set[str]  # short forms of prefectures (杭州), trusted only with their province
    parents: dict[str, str]
    lengths: tuple[int, ...]  # longest first

    def finditer(self, text: str) -> Iterable[tuple[int, int, str]]:
        """Non-overlapping names, leftmost and then longest first, as a regex alternation
        of the names sorted by length would find them, without compiling one (3,000 names
        take half a second to compile)."""
        index = 0
        while index < len(text):
            for length in self.lengths:
                name = text[index : index + length]
                if len(name) == length and name in self.by_name:
                    yield index, index + length, name
                    index += length
                    break
            else:
                index += 1


_NAMES: dict[int, tuple[Sequence[GazetteerPlace], _Names]] = {}  # by content


def _names(gazetteer: Sequence[GazetteerPlace]) -> _Names:
    key = hash(tuple(gazetteer))  # the same places, whichever list holds them
    cached = _NAMES.get(key)
    if cached is not None:
        return cached[1]
    by_name: dict[str, list[GazetteerPlace]] = {}
    short: set[str] = set()
    for place in gazetteer:
        if place.level == "country":
            continue  # 中国 and 全国 are everywhere, and rarely a place of the figures
        for name in place.names():
            if len(name) < 3 and place.level in ("county", "town") and name == place.zh:
                continue  # 东区, 城区: words more often than places
            by_name.setdefault(name, []).append(place)
        if place.level == "prefecture" and place.short_form():
            short.add(str(place.short_form()))
    names = sorted(by_name, key=len, reverse=True)
    lengths = tuple(sorted({len(name) for name in names if name}, reverse=True))
    compiled = _Names(by_name, short, {p.id: p.parent for p in gazetteer}, lengths)
    _NAMES.clear()
    _NAMES[key] = (gazetteer, compiled)
    return compiled


def _ancestors(place_id: str, parents: dict[str, str]) -> list[str]:
    chain: list[str] = []
    while place_id in parents and parents[place_id] and len(chain) < 6:
        place_id = parents[place_id]
        chain.append(place_id)
    return chain


def _places(text: ScannedText, gazetteer: Sequence[GazetteerPlace]) -> list[Place]:
    """Places named in the text. A name several places share is resolved by the places
    the text names unambiguously (西湖区 after 杭州); else it is reported, not guessed."""
    names = _names(gazetteer)
    matches = list(names.finditer(text.s))
    sure = {
        names.by_name[name][0].id
        for _, _, name in matches
        if len(names.by_name[name]) == 1 and name not in names.short
    }
    context = sure | {a for place_id in sure for a in _ancestors(place_id, names.parents)}
    context.discard("china")
    found = []
    for start, end, name in matches:
        options = names.by_name[name]
        if len(options) > 1:
            near = [p for p in options if set(_ancestors(p.id, names.parents)) & context]
            highest = [p for p in options if p.level == "province"]
            options = near or highest or options
        if name in names.short and len(options) == 1:
            # 朝阳产业 in a text about Zhejiang: a short form whose province the text
            # does not name, while it names another, is a word
            own = set(_ancestors(options[0].id, names.parents)[-2:-1])
            named = {p for p in context if names.parents.get(p) == "china"}
            if named and not own & named:
                continue
        base = text.candidate("place", start, end, (start, end))
        if len(options) == 1:
            found.append(Place(**vars(base), place_id=options[0].id, level=options[0].level))
        else:
            found.append(
                Place(**vars(base), ambiguous=tuple(sorted(option.id for option in options)))
            )
    return found


def _organisations(text: ScannedText, inside: Sequence[tuple[int, int]]) -> list[Candidate]:
    found = []
    for match in _ORG_SUFFIX.finditer(text.s):
        if match.group() == "中心" and text.s.startswith("城", match.end()):
            continue  # 副中心城市: a role of a city, not an organisation
        if match.group() == "政府" and (
            text.s.startswith("工作报告", match.end())
            or text.s[match.start() - 1 : match.start()] in ("字", "慧", "子", "型")
        ):
            continue  # 政府工作报告 is a report; 数字政府 a goal
        section_start = text.section(match.start())[0]
        low = max(section_start, match.start() - _ORG_WINDOW)
        window = text.s[low : match.start()]
        cut = 0
        for index, char in enumerate(window):
            if not ("\u4e00" <= char <= "\u9fff" or (char.isascii() and char.isalpha())):
                cut = index + 1
        for stop in _ORG_STOPS.finditer(window):
            cut = max(cut, stop.end())
        for period in _PERIOD.finditer(window):
            cut = max(cut, period.end())
        name_start = low + cut
        head = text.s[name_start : match.start()]
        if not head or all(char in CHINESE_DIGITS for char in head):
            continue
        if any(a <= name_start and match.end() <= b for a, b in inside):
            continue  # part of a quoted term or a title
        found.append(
            text.candidate("organisation", name_start, match.end(), (name_start, match.end()))
        )
    return found


# -- figures ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _PeriodAt:
    """A period and its offsets into the stripped text."""

    period: Period
    start: int
    end: int


@dataclass
class _Raw:
    """A figure found by the pattern, before its context is read."""

    start: int  # stripped offsets of the number (with 第) … unit
    end: int
    lead_end: int  # where the words before the figure end (before 超过/突破/达 …)
    value: Decimal
    unit: str
    qualifier: str
    modifier: bool
    trailing: str = ""  # the noun after a measure word: 1172个“淘宝村”
    trailing_end: int = 0
    lead_start: int = -1  # where the words before the figure begin
    period: _PeriodAt | None = None
    indicator: str = ""
    place: str | None = None
    role: str = "actual"
    relative: bool = False
    approximate: bool = False
    period_norm: str | None = None
    why: list[str] = field(default_factory=list)  # the cues read, for the explanation
    sure: float = 1.0


def _raw_figures(text: ScannedText) -> list[_Raw]:
    raws = []
    for match in _FIGURE.finditer(text.s):
        unit = match.group("unit").replace("％", "%")
        ordinal = match.group("ordinal") or ""
        if bool(ordinal) != (unit == "位"):
            continue  # 第一个 is an ordinal, 3位 is not a rank
        unit = (match.group("magnitude") or "") + unit
        if unit not in UNITS or _DATE_BEFORE.search(text.s[: match.start()]):
            continue
        if match.group("number") == "一" and unit in _MEASURE_WORDS:
            continue  # 一张蓝图, 一个平台: an article, not a count
        if text.s.endswith("连续", 0, match.start()) or (
            unit.endswith("个") and text.s.startswith("月", match.end("unit"))
        ):
            continue  # 连续17个月, 3个月: how long, not a quantity of the indicator
        if unit == "次" and _MEETING_AFTER.match(text.s, match.end("unit")):
            continue  # 十二届人大四次会议: which session; 三次产业: the three sectors
        before = text.s[: match.start()]
        qualifier, lead_end, approximate = "exact", match.start(), False
        for word in _APPROXIMATE_BEFORE:
            if before.endswith(word):
                approximate, lead_end = True, match.start() - len(word)
                break
        for word, meaning in _QUALIFIERS_BEFORE:
            if text.s[:lead_end].endswith(word):
                qualifier, lead_end = meaning, lead_end - len(word)
                break
        if match.group("approx"):
            qualifier = "lower_bound"
        bound = match.group("bound") or ""
        if bound in _BOUNDS_AFTER:
            qualifier = _BOUNDS_AFTER[bound]
        approximate = approximate or bound in _APPROXIMATE_AFTER
        if approximate and qualifier == "exact":
            qualifier = "approximate"
        if ordinal == "前":
            qualifier = "upper_bound"  # 前5位: fifth or better
        if unit in _BARE and (
            not re.search(r"\d", match.group("number"))
            or _BARE_NAME_AFTER.match(text.s, match.end())
        ):
            continue  # 千亿产业, 3000万级集装箱大港: a class of size in a name, not a figure
        modifier = (
            (unit.endswith("元") and bool(_NAME_AFTER.match(text.s, match.end())))
            or bool(_THRESHOLD_AFTER.match(text.s, match.end()))
            or (
                qualifier in ("lower_bound", "upper_bound")
                and bool(_COUNTED_BEFORE.search(text.s, text.clause(match.start())[0], lead_end))
            )
        )
        value = parse_number(match.group("number"))
        raws.append(
            _Raw(
                start=match.start(),
                end=match.end("unit"),
                lead_end=lead_end,
                value=value,
                unit=unit,
                qualifier=qualifier,
                modifier=modifier,
                approximate=approximate,
            )
        )
        shared = _SHARED_UNIT.search(text.s, max(0, lead_end - 24), lead_end)
        if shared and not modifier:
            # 提升2.3和12.4个百分点: 2.3 takes the unit printed after 12.4
            first = _Raw(
                start=shared.start("number"),
                end=shared.end("number"),
                lead_end=shared.start("number"),
                value=parse_number(shared.group("number")),
                unit=unit,
                qualifier=qualifier,
                modifier=False,
                approximate=approximate,
            )
            if shared.group()[-1] in "至到-—~":  # a range: 10至20个
                first.qualifier, raws[-1].qualifier = "lower_bound", "upper_bound"
            first.why.append(f"unit {unit} shared with the next figure")
            raws.insert(len(raws) - 1, first)
    return raws


def _strip_prefixes(phrase: str, prefixes: Sequence[str]) -> str:
    changed = True
    while changed:
        changed = False
        for prefix in prefixes:
            if phrase.startswith(prefix):
                phrase, changed = phrase[len(prefix) :], True
    return phrase


@dataclass
class _Lead:
    phrase: str
    place: str | None = None
    places: list[str] = field(default_factory=list)  # 义乌市、德清县分别…: one per figure
    listed: bool = False  # 分别: the phrase lists one indicator per figure
    relative: bool = False  # 较上年增长, 同比提高, 年均增长 …
    higher: bool = False  # 高出 / 高于 (a difference)


def _clean_lead(
    text: ScannedText, start: int, end: int, periods: Sequence[_PeriodAt], places: dict[str, str]
) -> _Lead:
    """The indicator phrase before a figure, with the words around it removed."""
    lead = _Lead("")
    kept = [
        text.s[index]
        for index in range(start, end)
        if not any(p.start <= index < p.end for p in periods)
    ]
    phrase, previous = "".join(kept), None
    level = _LEVEL.search(phrase.removesuffix("的"))
    if level:
        phrase = phrase[: level.start()]
    while phrase != previous:
        previous = phrase
        phrase = _strip_prefixes(phrase, (*_LEADING_CONNECTORS, *_LEADING_PLACES))
        for name in sorted(places, key=len, reverse=True):
            if phrase.startswith(name):
                lead.place, phrase = places[name], phrase[len(name) :]
                lead.places.append(places[name])
                break
        phrase = _strip_prefixes(phrase, _LEADING_VERBS)
        if phrase.startswith("分别"):
            lead.listed, phrase = True, phrase[2:]
    changed = True
    while changed:
        changed = False
        relative = _RELATIVE.search(phrase)
        if relative:
            phrase, changed, lead.relative = phrase[: relative.start()], True, True
            continue
        for word in _TRAILING_WORDS:
            if phrase.endswith(word):
                lead.listed = lead.listed or word == "分别"
                phrase, changed = phrase[: -len(word)], True
        for word in ("高出", "高于", "低于"):
            if phrase.startswith(word):
                lead.higher = True
    lead.phrase = re.sub(r"^连续[^年]{1,3}年", "", phrase)
    return lead


def _unquote(phrase: str) -> str:
    if len(phrase) > 2 and phrase[0] in '“「"' and phrase[-1] in '”」"':
        return phrase[1:-1]
    return phrase


def _common_suffix(words: Sequence[str]) -> str:
    shortest = min(words, key=len)
    for size in range(len(shortest), 0, -1):
        if all(word.endswith(shortest[-size:]) for word in words):
            return shortest[-size:]
    return ""


def _distribute(items: list[str]) -> list[str]:
    """Give every listed item the head noun that only the last one carries.

    Examples
    --------
    >>> _distribute(["电子信息百强", "软件百强", "互联网百强企业"])
    ['电子信息百强企业', '软件百强企业', '互联网百强企业']
    """
    if len(items) < 2:
        return items
    shared = _common_suffix(items[:-1])
    if shared and shared in items[-1]:
        head = items[-1][items[-1].rindex(shared) + len(shared) :]
        if head:
            return [item if item.endswith(head) else item + head for item in items]
    measure = _HEAD_NOUN.search(items[-1])
    if measure and not any(_HEAD_NOUN.search(item) for item in items[:-1]):
        # 智能手机、电子元件、集成电路产量: every item is a 产量
        return [item + measure.group() for item in items[:-1]] + [items[-1]]
    return items


def _figures(
    text: ScannedText,
    periods: Sequence[Period],
    places: Sequence[Place],
    default_place: str | None,
    doc_year: int | None = None,
    indicators: IndicatorLinker | None = None,
    doc_month: int | None = None,
) -> list[Figure]:
    raws = _raw_figures(text)
    place_names = {to_simplified(place.text): place.place_id for place in places}
    # stripped spans of the periods, to read them out of indicator phrases
    stripped_periods = [
        _PeriodAt(
            period,
            bisect.bisect_left(text.offsets, period.start),
            bisect.bisect_left(text.offsets, period.end),
        )
        for period in periods
    ]
    document = dataclasses.replace(_document(text, stripped_periods, doc_year), month=doc_month)
    _assign_periods(text, raws, stripped_periods, document)
    _trailing_nouns(text, raws)
    by_sentence: dict[tuple[int, int], list[_Raw]] = {}
    for raw in raws:
        by_sentence.setdefault(text.sentence(raw.start), []).append(raw)
    for sentence_raws in by_sentence.values():
        _read_sentence(text, sentence_raws, stripped_periods, place_names, document)
    figures = []
    for raw in raws:
        base = text.candidate("figure", raw.start, raw.end, _quote_span(raw))
        name = clean_indicator(raw.indicator)
        link = indicators.link(name, raw.role) if indicators is not None and name else None
        indicator_sure = 0.95 if link else (0.6 if name else 0.2)
        if link:
            raw.why.append(f"indicator {link.slug} ({link.how})")
        elif name:
            raw.why.append(f"indicator proposed as {name}")
        place = raw.place or default_place
        confidence = round(raw.sure * indicator_sure * (1.0 if place else 0.8), 2)
        figures.append(
            Figure(
                **vars(base),
                value=raw.value,
                unit=raw.unit,
                qualifier=raw.qualifier,
                role=raw.role,
                period=raw.period.period.text if raw.period else None,
                year=_year_of(raw),
                indicator=link.label if link else name,
                place=place,
                modifier=raw.modifier,
                period_norm=raw.period_norm,
                approximate=raw.approximate,
                indicator_id=link.slug if link else "",
                confidence=confidence,
                explanation="; ".join(raw.why),
            )
        )
    return figures


def _year_of(raw: _Raw) -> int | None:
    """The one year a figure refers to (none for spans and averages)."""
    if raw.period_norm is None or ".." in raw.period_norm:
        return None
    return int(raw.period_norm[:4])


@dataclass(frozen=True)
class _Document:
    """What the whole text says about its figures' periods and roles."""

    year: int | None  # the document's own year (metadata or its first full date)
    title_period: _PeriodAt | None  # a period in the first line: 浙江上半年…
    plan_period: _PeriodAt | None  # the span a plan covers: 经过5年努力, “十四五”期间
    forward: bool  # a plan, measures, a notice: figures without a past year are targets
    month: int | None = None  # of the document's date: 全年 before December is a goal


_FORWARD_TITLE = re.compile(r"(?:规划|方案|措施|计划|意见|要点|纲要)(?:的通知)?$")


def _document(text: ScannedText, periods: Sequence[_PeriodAt], year: int | None) -> _Document:
    first_line = text.sentences[0] if text.sentences else (0, 0)
    is_title = first_line[1] in text.breaks
    title = next((p for p in periods if p.end <= first_line[1]), None) if is_title else None
    heading = text.s[first_line[0] : first_line[1]]
    forward = is_title and bool(_FORWARD_TITLE.search(heading))
    plans = [
        p
        for p in periods
        if p.period.normalised
        and ".." in p.period.normalised
        and year is not None
        and int(p.period.normalised[:4]) >= year
    ]
    return _Document(year, title, plans[0] if plans else None, forward)


def _assign_periods(
    text: ScannedText, raws: Sequence[_Raw], periods: Sequence[_PeriodAt], document: _Document
) -> None:
    """The nearest period before the figure in its sentence; else the last period that
    opened a clause in an earlier sentence of the same section; else the title's
    period, or in a plan the span it covers. 两年平均 makes it an average."""
    for raw in raws:
        sentence = text.sentence(raw.start)
        section = text.paragraph(raw.start)
        clause = text.clause(raw.start)
        local = [
            p
            for p in periods
            if sentence[0] <= p.start < raw.start
            and (not p.period.clause_only or clause[0] <= p.start)
        ]
        # within the paragraph; across paragraphs only under a heading
        if text.section(raw.start)[0] in text.breaks:
            section = text.section(raw.start)
        carried = [
            p
            for p in periods
            if section[0] <= p.start < sentence[0]
            and text.clause(p.start)[0] == p.start
            and not p.period.clause_only
        ]
        if local:
            raw.period, how, raw.sure = local[-1], "in its sentence", 0.95
        elif carried:
            raw.period, how, raw.sure = carried[-1], "carried from an earlier sentence", 0.85
        elif document.forward and document.plan_period is not None:
            raw.period, how, raw.sure = document.plan_period, "the span the plan covers", 0.7
        elif document.title_period is not None:
            raw.period, how, raw.sure = document.title_period, "from the title", 0.8
        else:
            raw.period, how, raw.sure = None, "", 0.5
        raw.period_norm = raw.period.period.normalised if raw.period else None
        if raw.period:
            raw.why.append(f"period {raw.period.period.text} ({how})")
        before = text.s[clause[0] : raw.start]
        average = re.search(r"([两二三四五])年(?:来)?平均|近([两二三四五])年.*年均", before)
        if average:
            years = int(parse_number(average.group(1) or average.group(2)))
            base = raw.period.period.year if raw.period else None
            if base is None and raw.period_norm and raw.period_norm[:4].isdigit():
                base = int(raw.period_norm[:4])
            raw.period_norm = average_over(years, base or document.year)
            raw.why.append(f"average over {years} years ({average.group()})")


def _trailing_nouns(text: ScannedText, raws: Sequence[_Raw]) -> None:
    for index, raw in enumerate(raws):
        if raw.modifier or not raw.unit.endswith(_MEASURE_WORDS):
            continue
        clause_end = text.clause(raw.start)[1]
        stop = clause_end
        if index + 1 < len(raws):
            stop = min(stop, raws[index + 1].lead_end)
        tail = text.s[raw.end : stop]
        cut = _TRAILING_NOUN_STOP.search(tail)
        noun = tail[: cut.start()] if cut else tail
        quoted = _QUOTED_NOUN.match(tail)
        if quoted:  # 200多个“大鳄”纷纷入黔: the quoted noun is what is counted
            noun = quoted.group()
        if noun and noun[0] not in "（(":
            raw.trailing, raw.trailing_end = noun, raw.end + len(noun)


def _read_sentence(
    text: ScannedText,
    raws: Sequence[_Raw],
    periods: Sequence[_PeriodAt],
    places: dict[str, str],
    document: _Document,
) -> None:
    """Indicator, role and place of each figure of one sentence."""
    last_indicator, last_subject, last_place = "", "", None
    done: list[_Raw] = []
    figures = [raw for raw in raws if not raw.modifier]
    for raw in raws:
        if raw.modifier:
            raw.indicator = (
                text.s[raw.lead_end : raw.end]
                + (_TRAILING_NOUN_STOP.split(text.s[raw.end : text.clause(raw.start)[1]])[0])
            )
            raw.indicator = re.split(r"\d", raw.indicator)[0]
    index = 0
    while index < len(figures):
        # a group: figures separated only by 、 和 及 与 (分别达14家、10家、20家和6家)
        group = [figures[index]]
        while index + len(group) < len(figures):
            after = figures[index + len(group)]
            gap = text.s[group[-1].end : after.lead_end]
            if text.clause(after.start) != text.clause(group[0].start):
                break
            if not _GAP_CONNECTORS.match(gap):
                break
            group.append(after)
        first = group[0]
        clause_start = text.clause(first.start)[0]
        previous_end = max(
            [clause_start] + [r.trailing_end or r.end for r in done if r.end <= first.lead_end]
        )
        lead = _clean_lead(text, previous_end, first.lead_end, periods, places)
        region = text.s[previous_end : first.lead_end]
        first.lead_start = (
            previous_end + len(region) - len(_strip_prefixes(region, _LEADING_CONNECTORS))
        )
        place = lead.place or last_place
        if lead.phrase.startswith("占") and last_indicator and len(group) == 1:
            lead.phrase = last_indicator + lead.phrase
        if "占" in lead.phrase and lead.phrase.endswith("的"):
            lead.phrase += "比重"  # 占全部工业企业的88.1%: a share
        changes = first.unit.endswith("百分点") and len(group) == 1
        if changes and last_indicator and lead.phrase in ("", "比重", "比", "增速"):
            lead.phrase = last_indicator
        elif changes and last_indicator and lead.phrase.startswith("比"):
            lead.phrase = last_indicator  # 比GDP增速高1.8个百分点
        indicators = _indicators(group, lead, last_subject, last_indicator, done)
        each = lead.places if len(lead.places) == len(group) > 1 else [place] * len(group)
        for raw, indicator, where in zip(group, indicators, each, strict=True):
            raw.indicator = _unquote(indicator)
            raw.place = where
            raw.role, why = _role(text, raw, lead, document)
            raw.why.append(f"role {raw.role} ({why})")
        if lead.phrase:
            last_subject = lead.phrase
        last_indicator = group[-1].indicator or last_indicator
        last_place = place
        done.extend(group)
        index += len(group)


def _indicators(
    group: Sequence[_Raw], lead: _Lead, subject: str, last: str, done: Sequence[_Raw]
) -> list[str]:
    size = len(group)
    if size == 1 and not lead.listed:
        if lead.phrase and not _QUOTED_NOUN.match(group[0].trailing):
            return [lead.phrase]
        return [group[0].trailing or last]
    items = [item for item in _ITEM_SPLIT.split(lead.phrase) if item]
    if len(items) == size:
        return _distribute(items)
    if not lead.phrase and subject:
        items = [item for item in _ITEM_SPLIT.split(subject) if item]
        if len(items) == size:
            return _distribute(items)
    if len(done) >= size:
        earlier = [raw.indicator for raw in done[-size:]]
        return [item + lead.phrase for item in earlier]
    return [raw.trailing or lead.phrase or last for raw in group]


def _target_cue(text: ScannedText, raw: _Raw) -> str | None:
    """A target because of its own clause (力争, 到…年, 目标), or a clause that opens
    the sentence as a target (力争经过5年努力，…; 到2025年，…)."""
    sentence = text.sentence(raw.start)
    clause = text.clause(raw.start)
    own = text.s[clause[0] : text.clause(raw.end - 1)[1]]
    found = _TARGET_CUE.search(own)
    if found and not _GROWTH_TO.search(own[: found.start() + 1]):
        return found.group()
    position = sentence[0]
    while position < clause[0]:
        start, end = text.clause(position)
        opener = _TARGET_CUE.match(text.s, start, end) or _REPORTED_TARGET.match(text.s, start, end)
        if opener and not _GROWTH_TO.match(text.s, max(start - 2, 0)):
            return opener.group()
        position = end + 1
    return None


def _role(text: ScannedText, raw: _Raw, lead: _Lead, document: _Document) -> tuple[str, str]:
    if raw.unit == "位":
        return "rank", "第…位"
    if raw.unit.endswith("百分点") or (lead.higher and raw.unit == "%"):
        return "pp_change", "percentage points"
    cue = _target_cue(text, raw)
    if cue:
        return "target", cue
    year = raw.period.period.year if raw.period else None
    past = year is not None and document.year is not None and year < document.year
    if document.forward and not past:
        return "target", "a plan's figure without a past year"
    whole_year = "全年" in text.s[slice(*text.clause(raw.start))]
    unfinished = document.month is not None and document.month < 12
    if whole_year and unfinished and year in (None, document.year) and not lead.relative:
        return "target", "全年 of a year not over at the document's date"
    if lead.relative:
        return "growth", "a change: 增长, 同比, 年均"
    if raw.unit == "%":
        return "share", "a percentage that is not a change"
    return "actual", "no target or change cue"


def _quote_span(raw: _Raw) -> tuple[int, int]:
    """From the start of the words before the figure to its end (or its noun's end)."""
    if raw.modifier or raw.lead_start < 0:
        return raw.lead_end, raw.end
    return raw.lead_start, max(raw.end, raw.trailing_end)


# -- the scan ---------------------------------------------------------------------------


def scan(
    text: str,
    *,
    gazetteer: Sequence[GazetteerPlace] | None = None,
    default_place: str | None = None,
    date: str | None = None,
    resolver: Resolver | None = None,
) -> list[Candidate]:
    """Every candidate in a text, in document order.

    Parameters
    ----------
    text : str
        The source text, as read (line breaks and stray spaces are ignored).
    gazetteer : sequence of GazetteerPlace, optional
        Places to look for (default: the bundled Zhejiang gazetteer).
    default_place : str, optional
        Gazetteer id for figures whose sentence names no place (全省 …). Default:
        the province named most often, else the place named most often.
    date : str, optional
        The document's date (``2021-05-11``), for relative periods (今年, 上半年);
        default: the first full date in the text.
    resolver : Resolver, optional
        The graph's resolver: figures are linked to the indicators it knows.

    Examples
    --------
    >>> found = scan("2018年，全省网络零售额达 1.67万亿\\n元，同比增长 25.4%。")
    >>> [(c.kind, c.text) for c in found]
    [('period', '2018年'), ('figure', '1.67万亿元'), ('figure', '25.4%')]
    >>> total, growth = [c for c in found if isinstance(c, Figure)]
    >>> (total.value, total.unit, total.year, total.indicator, total.role, total.quote)
    (Decimal('1.67'), '万亿元', 2018, '网络零售额', 'actual', '全省网络零售额达1.67万亿元')
    >>> (growth.indicator, growth.role)
    ('网络零售额', 'growth')
    """
    stripped = ScannedText(text)
    if gazetteer is None:
        gazetteer = load_gazetteer()
    doc_year = document_year(stripped.s, date)
    quoted = _quoted(stripped)
    titles = _titles(stripped)
    periods = _periods(stripped, doc_year)
    places = _places(stripped, gazetteer)
    if default_place is None:
        default_place = _default_place(places)
        if default_place and "全省" in stripped.s:
            # 全省 with only 贵阳 named: the province of the city is the text's place
            parents = _names(gazetteer).parents
            chain = [default_place, *_ancestors(default_place, parents)]
            default_place = next((p for p in chain if parents.get(p) == "china"), default_place)
    inside = [
        (bisect.bisect_left(stripped.offsets, c.start), bisect.bisect_left(stripped.offsets, c.end))
        for c in [*quoted, *titles]
    ]
    organisations = _organisations(stripped, inside)
    linker = _linker(resolver) if resolver is not None else None
    doc_month = document_month(stripped.s, date)
    figures = _figures(stripped, periods, places, default_place, doc_year, linker, doc_month)
    found: list[Candidate] = [*quoted, *titles, *periods, *places, *organisations, *figures]
    return sorted(found, key=lambda c: (c.start, KINDS.index(c.kind), c.end))


_LINKERS: dict[int, IndicatorLinker] = {}


def _linker(resolver: Resolver) -> IndicatorLinker:
    """One linker per resolver (building it reads every name once)."""
    if id(resolver) not in _LINKERS:
        _LINKERS.clear()
        _LINKERS[id(resolver)] = IndicatorLinker.from_resolver(resolver)
    return _LINKERS[id(resolver)]


def _default_place(places: Sequence[Place]) -> str | None:
    for level in ("province", None):
        counts: dict[str, int] = {}
        for place in places:
            if level is None or place.level == level:
                counts[place.place_id] = counts.get(place.place_id, 0) + 1
        if counts:
            return max(sorted(counts), key=lambda key: counts[key])
    return None
