"""Relations proposed from cue words, each with its quote, confidence and reason.

- 实施/启动/推出/开展 “X”: the place (or the quoted term before the verb) launched X;
  after a quoted programme (“数字浙江”建设将实施…“倍增”…) the programme is implemented by X
- 深入实施/深化 X: deepened
- “X”2.0版 and 升级为“Y”: the new version builds on the old one
- 将 A 纳入 B: A is part of B (both quoted or named as programmes or plans)
- 率先 (a place goes first): P率先建设X, 率先在P开展X → P launched X
- 试点 (a pilot): P开展X试点, P试点X → P launched X; 在P开展X试点, P列为X试点 → X
  applies to P (the place vocabulary of the graph: launched, appliesTo)
- 推广: 在P推广X, 将X推广到P → X applies to P
- 印发/出台 《D》: the actor before the verb launched D (the graph's convention for an
  issued document); 为(落实/实施/推进)X…印发《D》, or a “X” in D's title → D implements X
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ._document import document_facts
from ._scan import Candidate, Place, ScannedText

__all__ = ["RelationProposal", "propose_relations"]

_QUOTED = r"[“「\"](?P<object>[^”」\"]{1,30})[”」\"]"
_LAUNCH = re.compile(
    rf"(?P<verb>深入实施|深化|全面实施|实施|启动|推出|开展)(?P<lead>[\u4e00-\u9fff]{{0,6}}?)"
    rf"{_QUOTED}(?P<tail>[^，。；、,;]{{0,8}})"
)
_DEEPEN = re.compile(
    r"(?P<verb>深入实施|深化)(?P<object>[\u4e00-\u9fff]{2,16}?(?:战略|工程|行动|改革|计划|规划))"
    r"(?=[，。；、,;]|$)"
)
_VERSION = re.compile(rf"{_QUOTED}(?P<version>\d+(?:\.\d+)?)版")
_UPGRADE = re.compile(rf"升级为{_QUOTED}")
_INCLUDE = re.compile(rf"将{_QUOTED}纳入{_QUOTED.replace('object', 'whole')}")
_TAIL_WORDS = re.compile(r"^[\u4e00-\u9fff]{0,6}?(?:行动|工程|计划|战略|改革)")
_VERSION_TAIL = re.compile(r"^\d+(?:\.\d+)?版")
_PREVIOUS_QUOTED = re.compile(rf"{_QUOTED}[^，。；,;“”]*$")
_ACT = r"(?:建设|建成|开展|实施|推出|启动|探索|推进|推行|打造|上线|试点|实行)"
_NOUN = r"(?P<object>[^，。；、,;：:]{2,24}?)"
_OBJECT_END = r"(?=[，。；、,;：:]|$|等|工作|的)"
_FIRST = re.compile(
    rf"率先(?:在(?P<where>[\u4e00-\u9fff]{{2,8}}?))?(?P<verb>{_ACT}){_NOUN}(?:建设)?{_OBJECT_END}"
)
_PILOT_IN = re.compile(r"在(?P<where>[\u4e00-\u9fff]{2,20}?)试点")
_PILOT_AS = re.compile(rf"(?P<how>列为|确定为|成为|入选|作为|获批建设|获批){_NOUN}试点")
_PILOT_MORE = re.compile(rf"、{_NOUN}试点")  # 获批建设X试点、Y试点省: the list goes on
_PILOT_BY = re.compile(rf"(?:开展|启动|实施|推进){_NOUN}试点")
_PILOT_OF = re.compile(rf"试点{_NOUN}{_OBJECT_END}")
_SPREAD_IN = re.compile(
    rf"在(?P<where>[\u4e00-\u9fff]{{2,8}}?)(?:全面|逐步|复制)?推广{_NOUN}{_OBJECT_END}"
)
_SPREAD_TO = re.compile(rf"将{_NOUN}(?:复制)?推广(?:到|至)(?P<where>[\u4e00-\u9fff]{{2,8}})")
_LEADING_VERB = re.compile(r"^(?:市|省|县|区)?(?:率先)?(?:开展|启动|实施|推进|探索)?")
_NOTICE = re.compile(r"(?P<body>[\u4e00-\u9fff]{2,16}?)关于印发(?P<title>[^，。；,;]{2,60}?)的通知")
_TITLE = re.compile(r"《(?P<title>[^》]{2,60})》")
_ISSUE = re.compile(r"(?P<verb>印发|出台|制定)了?$")
_ISSUED = re.compile(r"^(?:已|正式|近日|日前){0,2}(?:印发|出台)")
_FOR = re.compile(
    r"(?:为|为了)(?:深入|全面|加快|进一步)?(?:贯彻落实|落实|实施|推进|推动|建设)"
    rf"(?:(?P<lead>[\u4e00-\u9fff]{{0,6}}?){_QUOTED}|(?P<plain>[\u4e00-\u9fff]{{2,16}}?(?:战略|工程|行动|计划|规划)))"
)


@dataclass(frozen=True)
class RelationProposal:
    """A relation to confirm: subject and object as printed, a ``pg:`` property name."""

    subject: str
    predicate: str
    object: str
    quote: str
    start: int
    end: int
    confidence: float
    explanation: str


def propose_relations(text: str, candidates: Sequence[Candidate]) -> list[RelationProposal]:
    """Relations the text states with a cue word.

    Parameters
    ----------
    text : str
        The source text.
    candidates : sequence of Candidate
        What `scan` found (its places name the subject of 实施, 启动 …).

    Examples
    --------
    >>> for r in propose_relations("浙江推出数字经济“一号工程”2.0版，实施“万企融合”大行动。", []):
    ...     print(r.subject or "-", r.predicate, r.object)
    - launched 数字经济一号工程2.0版
    一号工程2.0版 buildsOn 一号工程
    - launched 万企融合大行动
    """
    stripped = ScannedText(text)
    s = stripped.s
    places = [candidate for candidate in candidates if isinstance(candidate, Place)]
    actor = _main_place(places)
    found: list[RelationProposal] = []

    def add(
        subject: str, predicate: str, obj: str, span: tuple[int, int], sure: float, why: str
    ) -> None:
        start, end = stripped.span(*span)
        quote = stripped.quote(*span)
        found.append(RelationProposal(subject, predicate, obj, quote, start, end, sure, why))

    for match in _VERSION.finditer(s):
        old = match.group("object")
        add(f"{old}{match.group('version')}版", "buildsOn", old, match.span(), 0.85, "“X”N版")
    for match in _UPGRADE.finditer(s):
        before = _PREVIOUS_QUOTED.search(s, stripped.sentence(match.start())[0], match.start())
        if before:
            add(
                match.group("object"),
                "buildsOn",
                before.group("object"),
                match.span(),
                0.8,
                "升级为",
            )
    for match in _LAUNCH.finditer(s):
        verb, obj = match.group("verb"), match.group("lead") + match.group("object")
        tail = _TAIL_WORDS.match(match.group("tail")) or _VERSION_TAIL.match(match.group("tail"))
        obj += tail.group() if tail else ""
        clause_start = stripped.clause(match.start())[0]
        subject = _PREVIOUS_QUOTED.search(s, clause_start, match.start())
        if verb in ("深入实施", "深化"):
            add(actor, "deepened", obj, match.span(), 0.75, f"{verb}“…”")
        elif subject:
            owner = subject.group("object")
            add(owner, "implementedBy", obj, (subject.start(), match.end()), 0.7, f"“…”{verb}“…”")
        else:
            add(actor, "launched", obj, match.span(), 0.75, f"{verb}“…”")
    for match in _DEEPEN.finditer(s):
        if not any(r.start <= stripped.span(*match.span())[0] < r.end for r in found):
            add(actor, "deepened", match.group("object"), match.span(), 0.7, match.group("verb"))
    for match in _INCLUDE.finditer(s):
        add(match.group("object"), "isPartOf", match.group("whole"), match.span(), 0.7, "将…纳入…")
    located = _located_places(stripped, places)
    taken = {(r.start, r.predicate) for r in found}

    def add_place(
        relation: tuple[str, str, str], span: tuple[int, int], sure: float, why: str
    ) -> None:
        subject, predicate, obj = (_clean_object(part) for part in relation)
        if subject and obj and (stripped.span(*span)[0], predicate) not in taken:
            add(subject, predicate, obj, span, sure, why)

    for match in _FIRST.finditer(s):
        where = match.group("where")
        place = _place_at(located, match.start("where"))[0] if where else ""
        place = place or _place_before(stripped, located, match.start())
        if place:
            add_place((place, "launched", match.group("object")), match.span(), 0.75, "率先")
    for match in _PILOT_IN.finditer(s):
        place, after = _place_at(located, match.start("where"))
        if place:
            obj = _LEADING_VERB.sub("", s[after : match.start() + len(match.group()) - 2])
            add_place((obj, "appliesTo", place), match.span(), 0.7, "在P…试点: the pilot's place")
    for match in _PILOT_AS.finditer(s):
        doer = _place_before(stripped, located, match.start())
        if not doer and match.group("how").startswith("获批"):
            doer = actor or _figures_place(candidates)  # the document's own place was approved
        items = [match]
        while (more := _PILOT_MORE.match(s, items[-1].end())) is not None:
            items.append(more)
        for item in items if doer else []:
            add_place(
                (item.group("object"), "appliesTo", doer),
                item.span(),
                0.7,
                f"P{match.group('how')}…试点",
            )
    for match in [*_PILOT_BY.finditer(s), *_PILOT_OF.finditer(s)]:
        if s[max(match.start() - 9, 0) : match.start()].rfind("在") >= 0:
            continue  # 在P开展X试点: the pilot's place, above
        doer = _place_before(stripped, located, match.start())
        if doer:
            add_place((doer, "launched", match.group("object")), match.span(), 0.7, "P…试点")
    for match in _SPREAD_IN.finditer(s):
        where_id = _place_at(located, match.start("where"))[0] or _whole(
            match.group("where"), actor
        )
        if where_id:
            add_place(
                (match.group("object"), "appliesTo", where_id), match.span(), 0.65, "在P推广X"
            )
    for match in _SPREAD_TO.finditer(s):
        where_id = _place_at(located, match.start("where"))[0] or _whole(
            match.group("where"), actor
        )
        if where_id:
            add_place(
                (match.group("object"), "appliesTo", where_id), match.span(), 0.65, "将X推广到P"
            )
    actors = located + [
        (*_stripped_span(stripped, c), c.text) for c in candidates if c.kind == "organisation"
    ]
    _issued(stripped, sorted(actors), add, found)
    return sorted(found, key=lambda relation: relation.start)


def _issuer(text: str) -> str:
    facts = document_facts(text)
    return facts.body if facts is not None and facts.body else ""


def _issued(
    stripped: ScannedText,
    actors: Sequence[tuple[int, int, str]],
    add: _Add,
    found: Sequence[RelationProposal],
) -> None:
    """印发/出台《D》: who issued D, and the programme D is for."""
    s = stripped.s
    for match in _NOTICE.finditer(s):
        body = match.group("body")
        title = match.group("title").replace("“", "").replace("”", "")
        add(body, "launched", title, match.span(), 0.75, "A关于印发D的通知")
    issuer = _issuer(stripped.original)
    for match in _TITLE.finditer(s):
        sentence_end = stripped.sentence(match.start())[1]
        if issuer and "印发给你们" in s[match.end() : sentence_end]:
            title = match.group("title").replace("“", "").replace("”", "")
            if not any(r.predicate == "launched" and r.object == title for r in found):
                add(issuer, "launched", title, match.span(), 0.7, "现将《D》印发给你们, signed")
        clause_start, clause_end = stripped.clause(match.start())
        verb = _ISSUE.search(s, clause_start, match.start())
        if not verb and not _ISSUED.match(s[match.end() : clause_end]):
            continue
        title = match.group("title")
        before = [a for a in actors if clause_start <= a[0] and a[1] <= match.start()]
        if before:
            add(before[-1][2], "launched", title, (before[-1][0], match.end()), 0.7, "A印发《D》")
        aims = list(_FOR.finditer(s, stripped.sentence(match.start())[0], match.start()))
        if aims:
            aim = aims[-1]
            programme = (aim.group("lead") or "") + (aim.group("object") or aim.group("plain"))
            add(title, "implements", programme, (aim.start(), match.end()), 0.7, "为…X…印发《D》")
            continue
        for quoted in re.finditer(_QUOTED, title):
            inner = quoted.group("object")
            if not re.fullmatch(r"十[一二三四五六七八九]五", inner):  # a plan's period
                add(title, "implements", inner, match.span(), 0.6, "“X” in the title 《D》")


_Add = Callable[[str, str, str, tuple[int, int], float, str], None]
_OBJECT_TRIM = re.compile(r"^(?:了|和|的)|(?:建设|工作)$")


def _clean_object(obj: str) -> str:
    obj = obj.strip('“”「」"')
    for _ in range(2):
        obj = _OBJECT_TRIM.sub("", obj)
    return obj.replace("“", "").replace("”", "") if len(obj) >= 2 else ""


def _stripped_span(stripped: ScannedText, candidate: Candidate) -> tuple[int, int]:
    start = bisect.bisect_left(stripped.offsets, candidate.start)
    return start, bisect.bisect_left(stripped.offsets, candidate.end)


def _located_places(stripped: ScannedText, places: Sequence[Place]) -> list[tuple[int, int, str]]:
    """Resolved places as (start, end) in the stripped text, with their id."""
    return sorted(
        (*_stripped_span(stripped, place), place.place_id) for place in places if place.place_id
    )


def _place_before(stripped: ScannedText, located: Sequence[tuple[int, int, str]], at: int) -> str:
    """The place that is the clause's subject: named just before ``at`` (a few characters)."""
    clause_start = stripped.clause(at)[0]
    near = [place for start, end, place in located if clause_start <= start and at - 3 <= end <= at]
    return near[-1] if near else ""


def _place_at(located: Sequence[tuple[int, int, str]], at: int) -> tuple[str, int]:
    """The place named at stripped offset ``at``, and where its name ends."""
    return next(((place, end) for start, end, place in located if start == at), ("", at))


def _whole(where: str, actor: str) -> str:
    """全省 means the document's province (the one named most often)."""
    return actor if where == "全省" else ""


def _figures_place(candidates: Sequence[Candidate]) -> str:
    """The place the text's figures are about, most often (its default place)."""
    counts: dict[str, int] = {}
    for candidate in candidates:
        place = getattr(candidate, "place", None)
        if candidate.kind == "figure" and place:
            counts[place] = counts.get(place, 0) + 1
    return max(sorted(counts), key=lambda key: counts[key]) if counts else ""


def _main_place(places: Sequence[Place]) -> str:
    counts: dict[str, int] = {}
    for place in places:
        if place.level == "province":
            counts[place.place_id] = counts.get(place.place_id, 0) + 1
    return max(sorted(counts), key=lambda key: counts[key]) if counts else ""
