"""Relations proposed from cue words, each with its quote, confidence and reason.

- 实施/启动/推出/开展 “X”: the place (or the quoted term before the verb) launched X;
  after a quoted programme (“数字浙江”建设将实施…“倍增”…) the programme is implemented by X
- 深入实施/深化 X: deepened
- “X”2.0版 and 升级为“Y”: the new version builds on the old one
- 将 A 纳入 B: A is part of B (both quoted or named as programmes or plans)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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
    return sorted(found, key=lambda relation: relation.start)


def _main_place(places: Sequence[Place]) -> str:
    counts: dict[str, int] = {}
    for place in places:
        if place.level == "province":
            counts[place.place_id] = counts.get(place.place_id, 0) + 1
    return max(sorted(counts), key=lambda key: counts[key]) if counts else ""
