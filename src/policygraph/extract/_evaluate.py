"""Measure the extractor on a hand-labelled development set.

A development set is a folder of real texts, ``<id>.txt``, each with ``<id>.yaml``
holding its address, retrieval date, date, script and the gold labels: figures
(where, value, unit, period, role, qualifier, indicator), document facts and
relations. `evaluate` runs the extractor on every text and scores it against the
gold, per text and overall.

Edits per figure count what a curator changes in the draft to reach the curated
file: one edit per wrong field of a found figure (period, role, qualifier,
indicator, place), the lines of a whole entry (`ENTRY_LINES`) for a missed figure,
and one edit to delete a spurious one.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .._text import to_simplified
from ..errors import InputError
from ..resolve import Resolver, normal_form
from ..sources import read_text
from ._document import DocumentFacts, document_facts
from ._relations import RelationProposal, propose_relations
from ._scan import Figure, scan

__all__ = ["ENTRY_LINES", "DevScore", "GoldText", "TextScore", "evaluate", "load_dev_set"]

ENTRY_LINES = 10  # id, indicator, place, period, year, value, unit, role, qualifier, quote
_DOCUMENT_FIELDS = ("title", "number", "body", "adopted", "issued", "in_force")


@dataclass(frozen=True)
class GoldText:
    """One text of the development set and its gold labels."""

    id: str
    text: str
    metadata: dict[str, Any]

    @property
    def script(self) -> str:
        """``zh-Hans`` or ``zh-Hant``."""
        return str(self.metadata.get("script", "zh-Hans"))

    @property
    def gold(self) -> dict[str, Any]:
        """The gold labels: figures, document, relations."""
        return dict(self.metadata.get("gold") or {})


def load_dev_set(directory: str | os.PathLike[str]) -> list[GoldText]:
    """Every ``<id>.txt`` of a folder with its ``<id>.yaml`` (address, date, gold)."""
    texts = []
    for path in sorted(Path(directory).glob("*.txt")):
        meta_path = path.with_suffix(".yaml")
        if not meta_path.exists():
            raise InputError("has no gold file next to it (<id>.yaml)", path=path)
        metadata = yaml.safe_load(read_text(meta_path))
        for key in ("url", "retrieved", "script", "gold"):
            if key not in metadata:
                raise InputError(f"needs `{key}:`", path=meta_path)
        texts.append(GoldText(path.stem, read_text(path), metadata))
    return texts


@dataclass
class TextScore:
    """How the extractor did on one text."""

    id: str
    script: str
    gold_figures: int = 0
    found_figures: int = 0
    matched: int = 0
    period_correct: int = 0
    role_correct: int = 0
    qualifier_correct: int = 0
    linkable: int = 0  # gold figures of an indicator the graph knows
    linked: int = 0
    named: int = 0  # other gold figures whose proposed indicator name is the gold one
    edits: int = 0
    gold_relations: int = 0
    found_relations: int = 0
    relations_correct: int = 0
    gold_facts: int = 0
    facts_correct: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of gold figures found."""
        return self.matched / self.gold_figures if self.gold_figures else 1.0

    @property
    def precision(self) -> float:
        """Share of proposed figures that are gold figures."""
        return self.matched / self.found_figures if self.found_figures else 1.0


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


@dataclass
class DevScore:
    """Scores per text and overall."""

    texts: list[TextScore]

    def _sum(self, name: str, script: str | None = None) -> int:
        return sum(
            int(getattr(score, name))
            for score in self.texts
            if script is None or score.script == script
        )

    def recall(self, script: str | None = None) -> float:
        """Figure recall over all texts (or one script)."""
        return _ratio(self._sum("matched", script), self._sum("gold_figures", script))

    def precision(self, script: str | None = None) -> float:
        """Figure precision over all texts (or one script)."""
        return _ratio(self._sum("matched", script), self._sum("found_figures", script))

    @property
    def period_accuracy(self) -> float:
        """Share of found gold figures with the right normalised period."""
        return _ratio(self._sum("period_correct"), self._sum("matched"))

    @property
    def role_accuracy(self) -> float:
        """Share of found gold figures with the right role."""
        return _ratio(self._sum("role_correct"), self._sum("matched"))

    @property
    def qualifier_accuracy(self) -> float:
        """Share of found gold figures with the right qualifier."""
        return _ratio(self._sum("qualifier_correct"), self._sum("matched"))

    @property
    def indicator_link_accuracy(self) -> float:
        """Share of gold figures of a known indicator linked to it."""
        return _ratio(self._sum("linked"), self._sum("linkable"))

    @property
    def indicator_name_accuracy(self) -> float:
        """Share of the other gold figures whose proposed indicator name is the gold one."""
        others = self._sum("gold_figures") - self._sum("linkable")
        return _ratio(self._sum("named"), others)

    @property
    def relation_precision(self) -> float:
        """Share of proposed relations that are gold relations."""
        return _ratio(self._sum("relations_correct"), self._sum("found_relations"))

    @property
    def relation_recall(self) -> float:
        """Share of gold relations proposed."""
        return _ratio(self._sum("relations_correct"), self._sum("gold_relations"))

    @property
    def document_accuracy(self) -> float:
        """Share of gold document facts (title, number, body, dates, sections) found."""
        return _ratio(self._sum("facts_correct"), self._sum("gold_facts"))

    @property
    def edits_per_figure(self) -> float:
        """Curator edits per gold figure, from the draft to the curated file."""
        return _ratio(self._sum("edits"), self._sum("gold_figures"))

    def summary(self) -> dict[str, float]:
        """The headline numbers."""
        return {
            "figure_recall": self.recall(),
            "figure_precision": self.precision(),
            "recall_simplified": self.recall("zh-Hans"),
            "precision_simplified": self.precision("zh-Hans"),
            "recall_traditional": self.recall("zh-Hant"),
            "precision_traditional": self.precision("zh-Hant"),
            "period_accuracy": self.period_accuracy,
            "role_accuracy": self.role_accuracy,
            "qualifier_accuracy": self.qualifier_accuracy,
            "indicator_link_accuracy": self.indicator_link_accuracy,
            "indicator_name_accuracy": self.indicator_name_accuracy,
            "relation_precision": self.relation_precision,
            "relation_recall": self.relation_recall,
            "document_accuracy": self.document_accuracy,
            "edits_per_figure": self.edits_per_figure,
        }

    def table(self) -> str:
        """A Markdown table: one row per text, then the totals."""
        lines = [
            "| text | script | figures | recall | precision | period | role | indicator"
            " | relations (found/gold/right) | document facts | edits/figure |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for s in self.texts:
            lines.append(
                f"| {s.id} | {s.script} | {s.gold_figures} | {s.recall:.0%} | "
                f"{s.precision:.0%} | {s.period_correct}/{s.matched} | "
                f"{s.role_correct}/{s.matched} | {s.linked + s.named}/{s.gold_figures} | "
                f"{s.found_relations}/{s.gold_relations}/{s.relations_correct} | "
                f"{s.facts_correct}/{s.gold_facts} | "
                + (f"{s.edits / s.gold_figures:.2f} |" if s.gold_figures else f"({s.edits}) |")
            )
        total = self.summary()
        lines.append(
            f"| **all** | | {self._sum('gold_figures')} | {total['figure_recall']:.1%} | "
            f"{total['figure_precision']:.1%} | {total['period_accuracy']:.1%} | "
            f"{total['role_accuracy']:.1%} | link {total['indicator_link_accuracy']:.1%}, "
            f"name {total['indicator_name_accuracy']:.1%} | "
            f"P {total['relation_precision']:.0%} R {total['relation_recall']:.0%} | "
            f"{total['document_accuracy']:.1%} | {total['edits_per_figure']:.2f} |"
        )
        return "\n".join(lines)


# -- scoring ------------------------------------------------------------------------------


def _locate(text: str, at: str) -> tuple[int, int]:
    """Original offsets of ``at`` (whitespace ignored); it must occur once."""
    kept = [(index, char) for index, char in enumerate(text) if not char.isspace()]
    stripped = "".join(char for _, char in kept)
    needle = "".join(at.split())
    first = stripped.find(needle)
    if first < 0 or stripped.find(needle, first + 1) >= 0:
        raise InputError(f"gold `at: {at}` must occur exactly once in the text")
    return kept[first][0], kept[first + len(needle) - 1][0] + 1


def _same_name(found: str, gold: str) -> bool:
    return normal_form(to_simplified(found)) == normal_form(to_simplified(gold))


def _indicator_slug(figure: Figure) -> str:
    return str(getattr(figure, "indicator_id", "") or "")


def _period(figure: Figure) -> str | None:
    normalised = getattr(figure, "period_norm", None)
    if normalised is not None:
        return str(normalised)
    return str(figure.year) if figure.year is not None else None


def _score_figures(
    gold_text: GoldText, figures: Sequence[Figure], score: TextScore, place: str | None
) -> None:
    real = [figure for figure in figures if not figure.modifier]
    score.found_figures = len(real)
    used: set[int] = set()
    for gold in gold_text.gold.get("figures") or []:
        score.gold_figures += 1
        start, end = _locate(gold_text.text, str(gold["at"]))
        value, unit = Decimal(str(gold["value"])), str(gold["unit"])
        match = next(
            (
                index
                for index, figure in enumerate(real)
                if index not in used
                and start <= figure.start
                and figure.end <= end
                and figure.value == value
                and to_simplified(figure.unit) == unit
            ),
            None,
        )
        indicator = str(gold["indicator"])
        known = indicator.isascii() and "-" in indicator
        score.linkable += known
        if match is None:
            score.misses.append(f"missed {gold['at']}")
            score.edits += ENTRY_LINES
            continue
        used.add(match)
        figure = real[match]
        score.matched += 1
        wrong = 0
        gold_period = gold.get("period")
        if _period(figure) == (None if gold_period is None else str(gold_period)):
            score.period_correct += 1
        else:
            wrong += 1
            score.misses.append(f"period {gold['at']}: {_period(figure)} != {gold_period}")
        if figure.role == gold["role"]:
            score.role_correct += 1
        else:
            wrong += 1
            score.misses.append(f"role {gold['at']}: {figure.role} != {gold['role']}")
        if figure.qualifier == gold.get("qualifier", "exact"):
            score.qualifier_correct += 1
        else:
            wrong += 1
        if known and _indicator_slug(figure) == indicator:
            score.linked += 1
        elif not known and not _indicator_slug(figure) and _same_name(figure.indicator, indicator):
            score.named += 1
        else:
            wrong += 1
            score.misses.append(
                f"indicator {gold['at']}: {_indicator_slug(figure) or figure.indicator} "
                f"!= {indicator}"
            )
        if place is not None and figure.place != place:
            wrong += 1
        score.edits += wrong
    spurious = [figure for index, figure in enumerate(real) if index not in used]
    score.edits += len(spurious)
    score.misses.extend(f"extra {figure.text} ({figure.quote})" for figure in spurious)


def _score_document(gold: dict[str, Any], facts: DocumentFacts | None, score: TextScore) -> None:
    for name in _DOCUMENT_FIELDS:
        if name not in gold:
            continue
        score.gold_facts += 1
        found = getattr(facts, name, None) if facts is not None else None
        if found is not None and _same_name(str(found), str(gold[name])):
            score.facts_correct += 1
        else:
            score.misses.append(f"document {name}: {found!r} != {gold[name]!r}")
    headings = {normal_form(to_simplified(h)) for h in (facts.sections if facts else [])}
    for section in gold.get("sections") or []:
        score.gold_facts += 1
        if normal_form(to_simplified(str(section))) in headings:
            score.facts_correct += 1
        else:
            score.misses.append(f"document section {section!r} not found")


def _overlaps(found: str, gold: str) -> bool:
    found, gold = normal_form(to_simplified(found)), normal_form(to_simplified(gold))
    return found == gold or found in gold or gold in found


def _score_relations(
    gold: Iterable[dict[str, Any]], found: Sequence[RelationProposal], score: TextScore
) -> None:
    score.found_relations = len(found)
    used: set[int] = set()
    for relation in gold:
        score.gold_relations += 1
        for index, proposal in enumerate(found):
            if index in used or proposal.predicate != relation["p"]:
                continue
            # the subject counts when the extractor names one (a place id, a term)
            subject_ok = not proposal.subject or _overlaps(proposal.subject, str(relation["s"]))
            if subject_ok and _overlaps(proposal.object, str(relation["o"])):
                used.add(index)
                score.relations_correct += 1
                break
        else:
            score.misses.append(f"relation {relation['p']} {relation['o']} not proposed")


def evaluate(
    texts: Sequence[GoldText] | str | os.PathLike[str],
    *,
    resolver: Resolver | None = None,
) -> DevScore:
    """Run the extractor on every text of a development set and score it.

    Parameters
    ----------
    texts : sequence of GoldText, or a folder
        The development set (see `load_dev_set`).
    resolver : Resolver, optional
        The graph's resolver, to link indicators to the ones the graph knows.
    """
    if isinstance(texts, (str, os.PathLike)):
        texts = load_dev_set(texts)
    scores = []
    for gold_text in texts:
        metadata = gold_text.metadata
        date = str(metadata["date"]) if metadata.get("date") else None
        score = TextScore(gold_text.id, gold_text.script)
        candidates = scan(gold_text.text, date=date, resolver=resolver)
        figures = [candidate for candidate in candidates if isinstance(candidate, Figure)]
        place = metadata.get("place")
        _score_figures(gold_text, figures, score, str(place) if place else None)
        gold = gold_text.gold
        if gold.get("document"):
            _score_document(gold["document"], document_facts(gold_text.text), score)
        _score_relations(
            gold.get("relations") or [], propose_relations(gold_text.text, candidates), score
        )
        scores.append(score)
    return DevScore(scores)
