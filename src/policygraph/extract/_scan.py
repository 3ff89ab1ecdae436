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
import io
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .. import _paths
from ..errors import InputError
from ..numbers import CHINESE_DIGITS, parse_number, parse_year
from ..sources import read_text
from ..units import UNITS

__all__ = [
    "KINDS",
    "Candidate",
    "Figure",
    "GazetteerPlace",
    "Period",
    "Place",
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
_FIGURE = re.compile(
    rf"(?P<ordinal>第)?(?P<number>{_ARABIC}|{_CHINESE})"
    r"(?P<magnitude>万亿|亿|万)?(?P<approx>余|多)?"
    r"(?P<unit>元/人·年|元|台|家|个百分点|个|人|笔|%|％|位)"
    r"(?P<bound>以上|以下|以内)?"
)
_MEASURE_WORDS = ("个", "家", "台", "人", "笔")
_QUALIFIERS_BEFORE = (
    ("不超过", "upper_bound"),
    ("超过", "lower_bound"),
    ("突破", "lower_bound"),
    ("多于", "lower_bound"),
    ("不到", "upper_bound"),
    ("不足", "upper_bound"),
    ("低于", "upper_bound"),
    ("达到", "exact"),
    ("逾", "lower_bound"),
    ("超", "lower_bound"),
    ("近", "upper_bound"),
    ("达", "exact"),
    ("约", "exact"),
)
_BOUNDS_AFTER = {"以上": "lower_bound", "以下": "upper_bound", "以内": "upper_bound"}

_YEAR = r"(?<!\d)(?P<year>(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})"
_PERIOD = re.compile(
    rf"(?P<pre>截至|截止到|截止|到|至)?{_YEAR}年"
    r"(?P<post>底|末|初|以来|上半年|下半年|前三季度|度)?"
    r"|(?P<relative>截至目前|截止目前|截至当前|目前|近年来|近几年来|十多年来|多年来)"
    rf"|(?P<running>连续[{CHINESE_DIGITS}\d]{{1,3}}年)"
)
_TITLE = re.compile(r"《([^《》]{1,80})》")
_QUOTED = re.compile(r"“([^“”]{1,80})”|「([^「」]{1,80})」|『([^『』]{1,80})』")
_STRAIGHT_QUOTES = re.compile(r"[\"＂]")
_ORG_SUFFIX = re.compile(r"委员会|领导小组|政府|会议|中心")
_ORG_STOPS = re.compile(
    r"成立|建立|建成|建设|推进|推动|提出|启动|设立|组建|召开|举办|印发|出台|发布|依托|通过|规划"
    r"|统筹|打造|加快|支持|组织|开展|由|在|的|是|以|为|向|将|把|了|并|从|到"
)
_ORG_WINDOW = 16

# -- indicator phrases ---------------------------------------------------------------

_LEADING_CONNECTORS = ("以及", "其中", "同时", "和", "及", "与", "、", "并", "（", "(", "；")
_LEADING_PLACES = ("全省", "全市", "全区", "全县")
_LEADING_VERBS = (
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
    rf"(?:较上年|比上年|同比|年均|连续[{CHINESE_DIGITS}\d]+年)?(?:增速|增幅|增长|提高|下降|减少)$"
)
_GAP_CONNECTORS = re.compile(r"^(?:以及|和|及|与|、)$")
_ITEM_SPLIT = re.compile(r"以及|、|和")  # not 及 or 与: 普及率, 参与
_TRAILING_NOUN_STOP = re.compile(r"和|、|均|都|同比|较|占|居")
_TARGET_WORDS = ("力争", "目标", "预计", "计划到")


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


@dataclass(frozen=True)
class Place(Candidate):
    """A place named in the gazetteer."""

    place_id: str = ""
    level: str = ""


@dataclass(frozen=True)
class Figure(Candidate):
    """A number with a unit, with what the sentence says about it.

    ``value`` and ``unit`` are as printed (Chinese numerals converted, 余 and the
    magnitude folded into the unit: 10万余家 is 10 万家, lower bound). ``period``,
    ``year``, ``indicator``, ``role`` and ``place`` are guesses from the context,
    for a person to confirm. ``modifier`` marks a figure that is part of a name
    (超千亿元企业), not a quantity of its own.
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


@dataclass(frozen=True)
class GazetteerPlace:
    """One row of the gazetteer (``kg/gazetteer/*.csv``)."""

    id: str
    zh: str
    en: str
    level: str
    parent: str

    def names(self) -> list[str]:
        """The full name, and for a province or prefecture the name without 省/市."""
        names = [self.zh]
        if self.level in ("province", "prefecture") and self.zh[-1] in "省市" and len(self.zh) > 2:
            names.append(self.zh[:-1])
        return names


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
            GazetteerPlace(row["id"], row["zh"], row["en"], row["level"], row["parent"] or "")
            for row in rows
            if row["id"] and row["zh"]
        )
    return places


# -- the text, stripped of whitespace, with its structure -------------------------------


class _Text:
    """The stripped text ``s``, offsets back into the original, and its structure."""

    def __init__(self, text: str) -> None:
        self.original = text
        kept: list[str] = []
        self.offsets: list[int] = []
        for index, char in enumerate(text):
            if not char.isspace():
                kept.append(char)
                self.offsets.append(index)
        self.s = "".join(kept)
        self.breaks = self._heading_breaks(text)
        self.sentences = self._ranges(self._sentence_ends())
        self.clauses = self._ranges(
            sorted({i + 1 for i, c in enumerate(self.s) if c in _CLAUSE} | set(self.breaks))
        )
        self.sections = self._ranges(sorted(self.breaks))

    @staticmethod
    def _heading_breaks(text: str) -> set[int]:
        lines = [(line, len("".join(line.split()))) for line in text.split("\n")]
        longest = max((length for _, length in lines), default=0)
        breaks: set[int] = set()
        position = 0
        for line, length in lines:
            position += length
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
        position = bisect.bisect_right([start for start, _ in ranges], index) - 1
        return ranges[max(position, 0)]

    def sentence(self, index: int) -> tuple[int, int]:
        return self._find(self.sentences, index)

    def clause(self, index: int) -> tuple[int, int]:
        start, end = self._find(self.clauses, index)
        # the delimiter itself belongs to the clause it ends; drop it
        return start, end - 1 if end - 1 >= start and self.s[end - 1] in _CLAUSE else end

    def section(self, index: int) -> tuple[int, int]:
        return self._find(self.sections, index)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original offsets of the stripped slice ``s[start:end]``."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def quote(self, start: int, end: int) -> str:
        return unique_quote(self.s, start, end)

    def candidate(self, kind: str, start: int, end: int, quote: tuple[int, int]) -> Candidate:
        begin, finish = self.span(start, end)
        sentence = self.sentence(start)
        return Candidate(
            kind=kind,
            text=self.s[start:end],
            start=begin,
            end=finish,
            quote=self.quote(*quote),
            sentence=self.s[sentence[0] : sentence[1]],
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


def _quoted(text: _Text) -> list[Candidate]:
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


def _titles(text: _Text) -> list[Candidate]:
    return [
        text.candidate("title", match.start(1), match.end(1), (match.start(), match.end()))
        for match in _TITLE.finditer(text.s)
    ]


def _periods(text: _Text) -> list[Period]:
    found = []
    for match in _PERIOD.finditer(text.s):
        year = None
        if match.group("year") and match.group("post") != "以来":
            year = parse_year(match.group("year"))
        base = text.candidate("period", match.start(), match.end(), (match.start(), match.end()))
        found.append(Period(**vars(base), year=year, clause_only=bool(match.group("running"))))
    return found


def _places(text: _Text, gazetteer: Sequence[GazetteerPlace]) -> list[Place]:
    by_name: dict[str, GazetteerPlace] = {}
    for place in gazetteer:
        if place.level == "country":
            continue  # 中国 and 全国 are everywhere, and rarely a place of the figures
        for name in place.names():
            by_name.setdefault(name, place)
    if not by_name:
        return []
    pattern = re.compile("|".join(map(re.escape, sorted(by_name, key=len, reverse=True))))
    found = []
    for match in pattern.finditer(text.s):
        place = by_name[match.group()]
        base = text.candidate("place", match.start(), match.end(), (match.start(), match.end()))
        found.append(Place(**vars(base), place_id=place.id, level=place.level))
    return found


def _organisations(text: _Text, inside: Sequence[tuple[int, int]]) -> list[Candidate]:
    found = []
    for match in _ORG_SUFFIX.finditer(text.s):
        if match.group() == "中心" and text.s.startswith("城", match.end()):
            continue  # 副中心城市: a role of a city, not an organisation
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


def _raw_figures(text: _Text) -> list[_Raw]:
    raws = []
    for match in _FIGURE.finditer(text.s):
        unit = match.group("unit").replace("％", "%")
        ordinal = bool(match.group("ordinal"))
        if ordinal != (unit == "位"):
            continue  # 第一个 is an ordinal, 3位 is not a rank
        unit = (match.group("magnitude") or "") + unit
        if unit not in UNITS:
            continue
        before = text.s[: match.start()]
        qualifier, lead_end = "exact", match.start()
        for word, meaning in _QUALIFIERS_BEFORE:
            if before.endswith(word):
                qualifier, lead_end = meaning, match.start() - len(word)
                break
        if match.group("approx"):
            qualifier = "lower_bound"
        if match.group("bound"):
            qualifier = _BOUNDS_AFTER[match.group("bound")]
        after = text.s[match.end() : match.end() + 1]
        modifier = unit.endswith("元") and bool(after) and "\u4e00" <= after <= "\u9fff"
        modifier = modifier and after not in "和及与的"
        end = match.end("unit")
        raws.append(
            _Raw(
                start=match.start(),
                end=end,
                lead_end=lead_end,
                value=parse_number(match.group("number")),
                unit=unit,
                qualifier=qualifier,
                modifier=modifier,
            )
        )
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
    text: _Text, start: int, end: int, periods: Sequence[_PeriodAt], places: dict[str, str]
) -> _Lead:
    """The indicator phrase before a figure, with the words around it removed."""
    lead = _Lead("")
    kept = [
        text.s[index]
        for index in range(start, end)
        if not any(p.start <= index < p.end for p in periods)
    ]
    phrase, previous = "".join(kept), None
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
    return items


def _figures(
    text: _Text, periods: Sequence[Period], places: Sequence[Place], default_place: str | None
) -> list[Figure]:
    raws = _raw_figures(text)
    place_names = {place.text: place.place_id for place in places}
    # stripped spans of the periods, to read them out of indicator phrases
    stripped_periods = [
        _PeriodAt(
            period,
            bisect.bisect_left(text.offsets, period.start),
            bisect.bisect_left(text.offsets, period.end),
        )
        for period in periods
    ]
    _assign_periods(text, raws, stripped_periods)
    _trailing_nouns(text, raws)
    by_sentence: dict[tuple[int, int], list[_Raw]] = {}
    for raw in raws:
        by_sentence.setdefault(text.sentence(raw.start), []).append(raw)
    for sentence_raws in by_sentence.values():
        _read_sentence(text, sentence_raws, stripped_periods, place_names)
    figures = []
    for raw in raws:
        base = text.candidate("figure", raw.start, raw.end, _quote_span(raw))
        figures.append(
            Figure(
                **vars(base),
                value=raw.value,
                unit=raw.unit,
                qualifier=raw.qualifier,
                role=raw.role,
                period=raw.period.period.text if raw.period else None,
                year=raw.period.period.year if raw.period else None,
                indicator=raw.indicator,
                place=raw.place or default_place,
                modifier=raw.modifier,
            )
        )
    return figures


def _assign_periods(text: _Text, raws: Sequence[_Raw], periods: Sequence[_PeriodAt]) -> None:
    """The nearest period before the figure in its sentence; else the last period that
    opened a clause in an earlier sentence of the same section."""
    for raw in raws:
        sentence = text.sentence(raw.start)
        section = text.section(raw.start)
        clause = text.clause(raw.start)
        local = [
            p
            for p in periods
            if sentence[0] <= p.start < raw.start
            and (not p.period.clause_only or clause[0] <= p.start)
        ]
        if local:
            raw.period = local[-1]
            continue
        carried = [
            p
            for p in periods
            if section[0] <= p.start < sentence[0]
            and text.clause(p.start)[0] == p.start
            and not p.period.clause_only
        ]
        raw.period = carried[-1] if carried else None


def _trailing_nouns(text: _Text, raws: Sequence[_Raw]) -> None:
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
        if noun and noun[0] not in "（(":
            raw.trailing, raw.trailing_end = noun, raw.end + len(noun)


def _read_sentence(
    text: _Text,
    raws: Sequence[_Raw],
    periods: Sequence[_PeriodAt],
    places: dict[str, str],
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
        indicators = _indicators(group, lead, last_subject, last_indicator, done)
        sentence_text = text.s[text.sentence(first.start)[0] : first.start]
        each = lead.places if len(lead.places) == len(group) > 1 else [place] * len(group)
        for raw, indicator, where in zip(group, indicators, each, strict=True):
            raw.indicator = _unquote(indicator)
            raw.place = where
            raw.role = _role(raw, lead, sentence_text)
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
        if lead.phrase:
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


def _role(raw: _Raw, lead: _Lead, before: str) -> str:
    if raw.unit == "位":
        return "rank"
    if raw.unit == "个百分点" or (lead.higher and raw.unit == "%"):
        return "pp_change"
    period = raw.period.period.text if raw.period else ""
    if period.startswith("到") or any(word in before for word in _TARGET_WORDS):
        return "target"
    if lead.relative:
        return "growth"
    if raw.unit == "%":
        return "share"
    return "actual"


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
    stripped = _Text(text)
    if gazetteer is None:
        gazetteer = load_gazetteer()
    quoted = _quoted(stripped)
    titles = _titles(stripped)
    periods = _periods(stripped)
    places = _places(stripped, gazetteer)
    if default_place is None:
        default_place = _default_place(places)
    inside = [
        (bisect.bisect_left(stripped.offsets, c.start), bisect.bisect_left(stripped.offsets, c.end))
        for c in [*quoted, *titles]
    ]
    organisations = _organisations(stripped, inside)
    figures = _figures(stripped, periods, places, default_place)
    found: list[Candidate] = [*quoted, *titles, *periods, *places, *organisations, *figures]
    return sorted(found, key=lambda c: (c.start, KINDS.index(c.kind), c.end))


def _default_place(places: Sequence[Place]) -> str | None:
    for level in ("province", None):
        counts: dict[str, int] = {}
        for place in places:
            if level is None or place.level == level:
                counts[place.place_id] = counts.get(place.place_id, 0) + 1
        if counts:
            return max(sorted(counts), key=lambda key: counts[key])
    return None
