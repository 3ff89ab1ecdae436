"""Turn candidates into a draft annotation file, and refuse drafts at build time.

A draft is an annotation file (the format of ``kg/annotations/*.yaml``) whose
first data line is ``draft: true`` and whose unknown English labels (and
missing periods or places) are the placeholder ``TODO``. The build refuses a file
with either, naming the file and the line, so nothing unconfirmed reaches the
graph. Entities the graph already knows keep their id, kind and labels, so the
build merges them: this document adds evidence to the same node.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .._files import write_atomic
from .._namespaces import PGID
from .._text import to_simplified
from ..annotations import refuse_draft
from ..errors import InputError
from ..resolve import Match, Resolver, normal_form
from ._document import DocumentFacts, document_facts
from ._english import draft_english
from ._relations import RelationProposal, propose_relations
from ._scan import Candidate, Figure, GazetteerPlace, Place, load_gazetteer, scan

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph
    from ..spans import ObservationSpan

__all__ = [
    "TODO",
    "Draft",
    "DraftEntry",
    "FigureAgreement",
    "KnownCandidate",
    "compare_figures",
    "draft_annotations",
    "printed_label",
    "refuse_draft",
    "slug",
    "write_draft",
]

TODO = "TODO"
_LEVEL_KINDS = {
    "country": "Country",
    "province": "Province",
    "prefecture": "PrefectureCity",
    "county": "County",
    "town": "Town",
}
# (suffix, kind) in order: the first suffix that ends the name wins
_TITLE_KINDS = (
    ("指导意见", "GuidingOpinion"),
    ("实施方案", "ImplementationPlan"),
    ("方案", "ImplementationPlan"),
    ("规划", "Plan"),
    ("计划", "Plan"),
)
_TERM_KINDS = (
    ("战略", "Strategy"),
    ("工程", "Project"),
    ("行动", "Action"),
    ("改革", "Reform"),
    ("体系", "System"),
    ("平台", "Platform"),
    ("示范区", "DemonstrationZone"),
    ("示范省", "DemonstrationZone"),
    ("之省", "Goal"),
    ("强省", "Goal"),
    ("第一城", "Goal"),
    ("领导小组", "LeadingGroup"),
    ("委员会", "Organisation"),
    ("政府", "Government"),
    ("会议", "Meeting"),
    ("中心", "Organisation"),
    ("村", "BusinessForm"),
    ("镇", "BusinessForm"),
)
_ROLE_SUFFIX = {
    "actual": "",
    "target": "-target",
    "growth": "-growth",
    "share": "-share",
    "rank": "-rank",
    "pp_change": "-change",
}
_SLUG_SYLLABLES = 8
_QUOTATION = re.compile(r"[，。；！？,;!?]|^.{21,}$")  # a quoted sentence, not a term
_NEW_ENTITY_CONFIDENCE = {"title": 0.7, "quoted": 0.6, "organisation": 0.5}
_DIRECT = {"implementedBy": "implements"}  # write inverse cues in the stored direction


def printed_label(original: str) -> str:
    """A label as printed: PDF line breaks removed, one space kept between Latin words.

    Examples
    --------
    >>> printed_label("i-zhejiang wifi热\\n\\n点")
    'i-zhejiang wifi热点'
    >>> printed_label("5G 外场试验网")
    '5G外场试验网'
    """
    parts = original.split()
    label = parts[0] if parts else ""
    for part in parts[1:]:
        joined = label[-1:].isascii() and label[-1:].isalnum() and part[:1].isascii()
        label += (" " if joined and part[:1].isalnum() else "") + part
    return label


def slug(label: str, taken: set[str] | None = None) -> str:
    """An ASCII id from a Chinese label: its toneless pinyin, at most 8 syllables.

    Examples
    --------
    >>> slug("城市大脑")
    'cheng-shi-da-nao'
    >>> slug("5G+4K", {"5g-4k"})
    '5g-4k-2'
    """
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(unicodedata.normalize("NFKC", label), style=Style.NORMAL)
    words = re.findall(r"[a-z0-9]+", " ".join(syllables).lower())
    base = "-".join(words[:_SLUG_SYLLABLES]) or "item"
    taken = taken if taken is not None else set()
    result, number = base, 2
    while result in taken:
        result, number = f"{base}-{number}", number + 1
    taken.add(result)
    return result


def _kind(text: str, table: Sequence[tuple[str, str]], default: str) -> str:
    for suffix, kind in table:
        if text.endswith(suffix):
            return kind
    return default


@dataclass
class DraftEntry:
    """One entry of the draft (an entity or an observation), with its comment lines."""

    section: str  # "entities", "relations" or "observations"
    fields: dict[str, Any]
    comments: list[str] = field(default_factory=list)
    candidate: Candidate | None = None
    confidence: float = 0.5  # 0–1: how sure the extractor is of every field

    def accepted(self, threshold: float | None) -> bool:
        """Whether the entry is sure enough to accept without review."""
        return (
            threshold is not None
            and self.confidence >= threshold
            and not any(value == TODO for value in self.fields.values())
        )


@dataclass(frozen=True)
class KnownCandidate:
    """A candidate the graph already knows, and how it was recognised."""

    candidate: Candidate
    iri: str
    how: str  # Match.explain() for names; the observation's id and why for figures
    short: str = ""  # the id and the kind of match, for a table


@dataclass
class Draft:
    """A draft annotation file for one source, and what the graph already knows."""

    source_id: str
    candidates: list[Candidate]
    entries: list[DraftEntry] = field(default_factory=list)
    known: list[KnownCandidate] = field(default_factory=list)
    document: DocumentFacts | None = None
    relations: list[RelationProposal] = field(default_factory=list)

    @property
    def entities(self) -> list[DraftEntry]:
        """The entity entries."""
        return [entry for entry in self.entries if entry.section == "entities"]

    @property
    def observations(self) -> list[DraftEntry]:
        """The observation entries."""
        return [entry for entry in self.entries if entry.section == "observations"]

    def to_yaml(self, accept_above: float | None = None) -> str:
        """The draft as an annotation file, with a comment above every entry.

        With ``accept_above``, entries at least that confident (and without a TODO)
        are marked accepted; the rest keep their ``TODO confirm`` comment. The file
        stays a draft (``draft: true``) while any entry is not accepted.
        """
        pending = [entry for entry in self.entries if not entry.accepted(accept_above)]
        lines = [
            f"# DRAFT annotations for kg/sources/{self.source_id}.txt, "
            "written by `policygraph extract`.",
            "# Every entry is a candidate: confirm it, edit it, or delete it.",
            "# - Replace every TODO (English labels; periods and places the text did not give).",
            "# - Check each `kind:` (a guess from the suffix), the ids (ASCII slugs), and for",
            "#   figures the indicator, period, year, role and qualifier.",
            "# - Quotes occur exactly once in the source (whitespace ignored); keep them so.",
            "# - Entries marked `known` reuse the graph's id: the build merges them and adds",
            "#   this document's evidence to the same node.",
            "# - Relations are proposed from cue words (实施, 深化, 2.0版, 纳入); add the rest.",
            "# The build refuses this file while the `draft: true` line or any TODO remains.",
            "# `confidence` comments: how sure the extractor is (0–1), and why.",
        ]
        if accept_above is not None:
            lines.append(
                f"# Accepted in bulk: {len(self.entries) - len(pending)} of {len(self.entries)}"
                f" entries with confidence >= {accept_above} and no TODO; review the rest."
            )
        lines += _document_lines(self.document)
        if pending or accept_above is None:
            lines.append("draft: true")
        lines.append(f"source: {_scalar(self.source_id)}")
        for section in ("entities", "relations", "observations"):
            entries = [entry for entry in self.entries if entry.section == section]
            if not entries:
                lines += ["", f"{section}: []"]
                continue
            lines += ["", f"{section}:"]
            for entry in entries:
                comments = entry.comments
                if entry.accepted(accept_above):
                    comments = [
                        f"accepted: confidence {entry.confidence:.2f}",
                        *(c for c in comments if not c.startswith("TODO confirm")),
                    ]
                lines += [f"  # {comment}" for comment in comments]
                for index, (key, value) in enumerate(entry.fields.items()):
                    lead = "  - " if index == 0 else "    "
                    lines.append(f"{lead}{key}: {_scalar(value)}")
        return "\n".join(lines) + "\n"


def _document_lines(facts: DocumentFacts | None) -> list[str]:
    """The document's own facts, as comments for its metadata file (kg/sources/<id>.yaml)."""
    if facts is None:
        return []
    lines = ["# Document facts read from the text (for kg/sources/<id>.yaml; check them):"]
    for name in ("title", "number", "body", "adopted", "issued", "in_force"):
        value = getattr(facts, name)
        if value:
            lines.append(f"#   {name}: {value}  «{facts.quotes.get(name, '')}»")
    if facts.sections:
        lines.append(f"#   sections: {' | '.join(facts.sections)}")
    if facts.articles:
        lines.append(f"#   articles: {facts.articles}")
    return lines


def _scalar(value: Any) -> str:
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text if repr(float(text)) in (text, text + ".0") else f"'{text}'"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(item) for item in value) + "]"
    dumped = yaml.safe_dump(value, allow_unicode=True, width=1 << 30, default_flow_style=True)
    return dumped.removesuffix("\n").removesuffix("\n...").strip()


class _Builder:
    def __init__(
        self,
        text: str,
        source_id: str,
        candidates: list[Candidate],
        resolver: Resolver | None,
        gazetteer: Sequence[GazetteerPlace],
    ) -> None:
        self.text = text
        self.draft = Draft(source_id, candidates)
        self.resolver = resolver
        self.gazetteer = {place.id: place for place in gazetteer}
        self.ids: set[str] = set()
        self.by_form: dict[str, str] = {}  # normal form of a zh label -> entity id
        self.places: dict[str, str] = {}  # gazetteer id -> entity id
        self.matches: dict[str, Match] = {}  # normal form or place id -> known entity
        self.ambiguous: list[Place] = []  # names several places share, left to the curator
        self.as_of: tuple[str, int] | None = None  # the document's date: period, year

    def lookup(self, text: str, kinds: Sequence[str] | None = None) -> Match | None:
        if self.resolver is None:
            return None
        matches = self.resolver.lookup(to_simplified(text), kinds)
        return matches[0] if len(matches) == 1 else None

    def context(self, candidate: Candidate, width: int = 30) -> str:
        """The candidate with some text either side, whitespace removed."""
        before = "".join(self.text[max(0, candidate.start - 2 * width) : candidate.start].split())
        after = "".join(self.text[candidate.end : candidate.end + 2 * width].split())
        middle = "".join(self.text[candidate.start : candidate.end].split())
        return f"…{before[-width:]}[{middle}]{after[:width]}…"

    def note_known(self, candidate: Candidate, match: Match) -> None:
        self.draft.known.append(
            KnownCandidate(candidate, match.iri, match.explain(), f"{match.slug} ({match.via})")
        )

    def entity(self, candidate: Candidate, kind: str, label: str, *, en: str = TODO) -> str:
        form = normal_form(to_simplified(label))
        if form in self.by_form:
            if form in self.matches:
                self.note_known(candidate, self.matches[form])
            return self.by_form[form]
        match = self.lookup(label)
        drafted = {str(entry.fields.get("id")) for entry in self.draft.entities}
        if match is not None and match.slug in drafted:
            # another mention of an entity already drafted (一號工程 and 一号工程)
            self.note_known(candidate, match)
            self.matches[form], self.by_form[form] = match, match.slug
            return match.slug
        comments = [f"TODO confirm: {candidate.kind} at {candidate.start}-{candidate.end}"]
        if match is not None:
            self.note_known(candidate, match)
            self.matches[form] = match
            fields = {
                "id": match.slug,
                "kind": match.kind,
                "zh": match.label_zh or label,
                "en": match.label_en or en,
                "quote": candidate.quote,
            }
            comments.append(f"known: {match.explain()}")
            self.ids.add(match.slug)
            confidence = 0.95
        else:
            english = self.english(label) if en == TODO else en
            fields = {
                "id": slug(english if english != TODO else to_simplified(label), self.ids),
                "kind": kind,
                "zh": label,
                "en": english,
                "quote": candidate.quote,
            }
            comments.append(f"new; kind {kind} is a guess from the wording")
            if english != TODO:
                comments.append("en composed from the glossary of extract/_english.py")
            confidence = _NEW_ENTITY_CONFIDENCE.get(candidate.kind, 0.5)
        comments.append(f"confidence {confidence:.2f}")
        comments.append(f"in: {self.context(candidate)}")
        self.draft.entries.append(DraftEntry("entities", fields, comments, candidate, confidence))
        self.by_form[form] = str(fields["id"])
        return str(fields["id"])

    def english(self, label: str) -> str:
        """An English label from the glossary and the drafted places' names, else TODO."""
        names = {
            name: self.gazetteer[place].en
            for place in self.places
            if place in self.gazetteer
            for name in self.gazetteer[place].names()
        }
        return draft_english(label, names) or TODO

    def place(self, candidate: Place) -> str | None:
        if candidate.ambiguous:
            self.ambiguous.append(candidate)
            return None
        if candidate.place_id in self.places:
            if candidate.place_id in self.matches:
                self.note_known(candidate, self.matches[candidate.place_id])
            return self.places[candidate.place_id]
        row = self.gazetteer.get(candidate.place_id)
        zh = row.zh if row else candidate.text
        match = self.lookup(candidate.text) or self.lookup(zh) or self.lookup(candidate.place_id)
        comments = [
            f"TODO confirm: place at {candidate.start}-{candidate.end}: {self.context(candidate)}"
        ]
        if match is not None:
            self.note_known(candidate, match)
            self.matches[candidate.place_id] = match
            comments.append(f"known: {match.explain()}")
            fields = {
                "id": match.slug,
                "kind": match.kind,
                "zh": match.label_zh,
                "en": match.label_en,
            }
        else:
            comments.append("new; from the gazetteer (kg/gazetteer/)")
            fields = {
                "id": candidate.place_id,
                "kind": _LEVEL_KINDS.get(candidate.level, "Place"),
                "zh": zh,
                "en": row.en if row else TODO,
            }
        fields["quote"] = candidate.quote
        self.ids.add(str(fields["id"]))
        self.places[candidate.place_id] = str(fields["id"])
        self.by_form[normal_form(str(fields["zh"]))] = str(fields["id"])
        comments.append("confidence 0.90: a name of the gazetteer")
        self.draft.entries.append(DraftEntry("entities", fields, comments, candidate, 0.9))
        return str(fields["id"])

    def indicator(self, figure: Figure) -> str:
        label = figure.indicator or TODO
        form = normal_form(to_simplified(label))
        if form in self.by_form:
            return self.by_form[form]
        match = None
        if figure.indicator_id:
            match = self.lookup(figure.indicator_id, ["Indicator"])
        if match is None and figure.indicator:
            match = self.lookup(label, ["Indicator"])
        confidence = 0.9 if match is not None else 0.5
        if match is not None:
            self.by_form[form] = match.slug
            fields = {
                "id": match.slug,
                "kind": "Indicator",
                "zh": match.label_zh,
                "en": match.label_en,
                "quote": figure.quote,
            }
            comments = [f"TODO confirm: indicator; known: {match.explain()}"]
        else:
            english = self.english(label) if figure.indicator else TODO
            named = english if english != TODO else label
            new_id = slug(named, self.ids) if figure.indicator else slug("indicator", self.ids)
            self.by_form[form] = new_id
            fields = {
                "id": new_id,
                "kind": "Indicator",
                "zh": label,
                "en": english,
                "quote": figure.quote,
            }
            comments = ["TODO confirm: indicator (what the figure measures), new"]
            if english != TODO:
                comments.append("en composed from the glossary of extract/_english.py")
        self.ids.add(str(fields["id"]))
        comments.append(f"confidence {confidence:.2f}")
        self.draft.entries.append(DraftEntry("entities", fields, comments, None, confidence))
        return str(fields["id"])

    def observation(self, figure: Figure, indicator: str) -> None:
        year = figure.year if figure.year else (self.as_of[1] if self.as_of else None)
        period_key = str(year) if year else slug(figure.period or "undated")
        base = f"{indicator}-{period_key}{_ROLE_SUFFIX[figure.role]}"
        observation_id, number = base, 2
        while observation_id in self.ids:
            observation_id, number = f"{base}-{number}", number + 1
        self.ids.add(observation_id)
        as_of = None if figure.period or figure.role == "target" else self.as_of
        fields: dict[str, Any] = {
            "id": observation_id,
            "indicator": indicator,
            "place": self.places.get(figure.place or "", TODO),
            "period": figure.period or (as_of[0] if as_of else TODO),
        }
        if figure.year is not None or as_of:
            fields["year"] = figure.year if figure.year is not None else as_of[1]  # type: ignore[index]
        fields |= {
            "value": figure.value,
            "unit": figure.unit,
            "role": figure.role,
            "qualifier": figure.qualifier,
            "quote": figure.quote,
        }
        comments = [
            f"TODO confirm: figure {figure.text} at {figure.start}-{figure.end}, "
            f"indicator guessed as {figure.indicator or '?'}",
            f"confidence {figure.confidence:.2f}: {figure.explanation}",
        ]
        if figure.period_norm:
            comments.append(f"period normalised: {figure.period_norm}")
        elif as_of:
            comments.append("period not printed: the document's date (as of then)")
        if figure.approximate:
            comments.append(
                "printed as approximate (约, 左右, 近): drafted as qualifier approximate"
            )
        comments.append(f"in: {self.context(figure)}")
        self.draft.entries.append(
            DraftEntry("observations", fields, comments, figure, figure.confidence)
        )

    def relation(self, proposal: RelationProposal) -> None:
        subject = self.named(proposal.subject, proposal)
        obj = self.named(proposal.object, proposal)
        predicate, subject, obj = (
            _DIRECT.get(proposal.predicate, proposal.predicate),
            *((obj, subject) if proposal.predicate in _DIRECT else (subject, obj)),
        )
        fields = {"s": subject, "p": predicate, "o": obj, "quote": proposal.quote}
        comments = [
            f"TODO confirm: relation at {proposal.start}-{proposal.end} "
            f"({proposal.subject or '?'} {proposal.predicate} {proposal.object})",
            f"confidence {proposal.confidence:.2f}: cue {proposal.explanation}",
        ]
        self.draft.entries.append(
            DraftEntry("relations", fields, comments, None, proposal.confidence)
        )

    def named(self, name: str, proposal: RelationProposal) -> str:
        """The id of the entity a relation names (a place id, a label), new if none."""
        if not name:
            return TODO
        if name in self.places:
            return self.places[name]
        form = normal_form(to_simplified(name))
        for known, entity_id in self.by_form.items():
            if form == known or (len(known) >= 2 and form.startswith(known)):
                return entity_id
        candidate = Candidate("quoted", name, proposal.start, proposal.end, proposal.quote, "")
        return self.entity(candidate, _kind(to_simplified(name), _TERM_KINDS, "Policy"), name)


def draft_annotations(
    text: str,
    source_id: str,
    *,
    kg: KnowledgeGraph | None = None,
    gazetteer: Sequence[GazetteerPlace] | None = None,
    date: str | None = None,
    resolver: Resolver | None = None,
) -> Draft:
    """Scan a source text and draft its annotation file.

    Parameters
    ----------
    text : str
        The source text.
    source_id : str
        The id the source will have under ``kg/sources/``.
    kg : KnowledgeGraph, optional
        A graph whose entities are recognised (by id, label, alias, normal form or
        pinyin); known entities keep their id, kind and labels in the draft.
    gazetteer : sequence of GazetteerPlace, optional
        Default: the bundled gazetteer.
    date : str, optional
        The document's date (``2021-05-11``) for relative periods (今年, 上半年);
        default: the first full date in the text.
    resolver : Resolver, optional
        The resolver of ``kg``, if already built (building one reads every name).

    Examples
    --------
    >>> draft = draft_annotations("2019年，杭州市数字经济核心产业增加值达 3795亿元。", "demo")
    >>> [entry.fields["id"] for entry in draft.entities]
    ['hangzhou', 'digital-economy-core-industries-value-added']
    >>> fields = draft.observations[0].fields
    >>> (fields["place"], fields["year"], fields["value"], fields["unit"])
    ('hangzhou', 2019, Decimal('3795'), '亿元')
    """
    gazetteer = load_gazetteer() if gazetteer is None else gazetteer
    if resolver is None and kg is not None:
        resolver = Resolver.from_graph(kg)
    candidates = scan(text, gazetteer=gazetteer, date=date, resolver=resolver)
    builder = _Builder(text, source_id, candidates, resolver, gazetteer)
    builder.as_of = _as_of(text, date)
    figures = [c for c in candidates if isinstance(c, Figure) and not c.modifier]
    if kg is not None:  # new ids must not name an existing node
        builder.ids |= {name.iri.removeprefix(str(PGID)) for name in resolver.names}  # type: ignore[union-attr]
        # plain rows, not kg.observations(): a first draft need not import pandas
        columns, rows = kg.rows("api/observations")
        observations = [dict(zip(columns, row, strict=True)) for row in rows]
        builder.ids |= {str(row["observation"]).removeprefix(str(PGID)) for row in observations}
    # places first: figures refer to them
    for candidate in candidates:
        if isinstance(candidate, Place):
            builder.place(candidate)
    for candidate in candidates:
        label = printed_label(text[candidate.start : candidate.end])
        folded = to_simplified(label)
        if candidate.kind == "title":
            builder.entity(candidate, _kind(folded, _TITLE_KINDS, "PolicyDocument"), label)
        elif candidate.kind == "quoted" and _counted(candidate, label, figures):
            continue  # 200多个“大鳄”: the indicator of the figure, drafted with it
        elif candidate.kind == "quoted" and not _QUOTATION.search(label):
            builder.entity(candidate, _kind(folded, _TERM_KINDS, "Policy"), label)
        elif candidate.kind == "organisation":
            builder.entity(candidate, _kind(folded, _TERM_KINDS, "Organisation"), label)
    for candidate in candidates:
        # an amount inside a name (超千亿元企业, 百亿元级) is not a figure
        if isinstance(candidate, Figure) and not candidate.modifier:
            builder.observation(candidate, builder.indicator(candidate))
    builder.draft.document = document_facts(text)
    builder.draft.relations = propose_relations(text, candidates)
    for proposal in builder.draft.relations:
        builder.relation(proposal)
    if kg is not None:
        builder.draft.known.extend(_known_figures(kg, source_id, candidates))
        builder.draft.known.extend(_same_measurements(observations, builder.draft))
    return builder.draft


def _counted(candidate: Candidate, label: str, figures: Sequence[Figure]) -> bool:
    """A quoted noun right after a figure's measure word is what the figure counts."""
    form = normal_form(to_simplified(label.strip("“”「」")))
    return any(
        0 <= candidate.start - figure.end <= 1
        and normal_form(to_simplified(figure.indicator.strip("“”「」"))) == form
        for figure in figures
    )


def _as_of(text: str, date: str | None) -> tuple[str, int] | None:
    """The document's date as a period printed in Chinese (2016年1月) and its year."""
    found = re.match(r"\s*((?:19|20)\d{2})(?:-(\d{1,2}))?", date) if date else None
    if found is None:
        dated = _FULL_DATE.search(text)
        if dated is None:
            return None
        year, month = int(dated.group("y")), int(dated.group("m"))
    else:
        year, month = int(found.group(1)), int(found.group(2) or 0)
    return (f"{year}年{month}月" if month else f"{year}年"), year


_FULL_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})(?:年|[-/.．])(?P<m>\d{1,2})(?:月|[-/.．])\d{1,2}日?"
)


def _same_measurements(
    observations: Sequence[dict[str, Any]], draft: Draft
) -> list[KnownCandidate]:
    """Drafted figures of a known indicator that the graph already measures (same place,
    year and role): the same figure from another document, or a conflict to come."""
    from ..units import normalise

    seen = {id(item.candidate) for item in draft.known}
    known = []
    # one pass over the graph's observations, then a dictionary look-up per figure
    measured: dict[tuple[str, str, object, str, str], list[dict[str, Any]]] = {}
    once: set[str] = set()
    for row in observations:
        if row["observation"] in once:
            continue  # one row per figure (a figure with several quotes keeps its first)
        once.add(str(row["observation"]))
        key = (
            str(row["indicator"]),
            str(row["place"]),
            None if row["year"] is None else int(row["year"]),
            str(row["role"]),
            str(row["unit_base"]),
        )
        measured.setdefault(key, []).append(row)
    for entry in draft.observations:
        fields, figure = entry.fields, entry.candidate
        if figure is None or id(figure) in seen or "year" not in fields:
            continue
        value_base, unit_base = normalise(fields["value"], fields["unit"])
        key = (
            str(PGID[fields["indicator"]]),
            str(PGID[str(fields["place"])]),
            fields["year"],
            str(fields["role"]),
            unit_base,
        )
        for row in measured.get(key, []):
            slug = str(row["observation"]).removeprefix(str(PGID))
            printed = f"{format(Decimal(str(row['value'])), 'f')} {row['unit']}"
            if float(value_base) == float(row["value_base"]):
                how = f"observation {slug} holds the same figure ({printed}, «{row['quote']}»)"
                short = f"{slug} (same figure)"
            else:
                how = (
                    f"observation {slug} prints {printed} («{row['quote']}») for the same "
                    "indicator, place, year and role: the build will report a conflict "
                    "unless a bound allows both"
                )
                short = f"{slug} (DIFFERS: {printed})"
                entry.comments.insert(1, f"differs from the graph: {how}")
            known.append(KnownCandidate(figure, str(row["observation"]), how, short))
    return known


def _known_figures(
    kg: KnowledgeGraph, source_id: str, candidates: Sequence[Candidate]
) -> list[KnownCandidate]:
    """Figures an observation of the graph already holds (see `compare_figures`)."""
    agreement = compare_figures(kg, source_id, candidates)
    return [
        KnownCandidate(
            figure,
            span.iri,
            f"observation {span.slug} holds {figure.text}",
            f"{span.slug} (observation)",
        )
        for figure, span in agreement.pairs
    ]


@dataclass
class FigureAgreement:
    """How the figures found in a source agree with the observations the graph holds.

    A figure and an observation agree when the observation's evidence (in the same
    source) covers the figure and they share value, unit and year.
    """

    figures: list[Figure]
    observations: list[ObservationSpan]
    pairs: list[tuple[Figure, ObservationSpan]]

    @property
    def unmatched_figures(self) -> list[Figure]:
        """Figures no observation holds (false positives, if the graph is complete)."""
        matched = {id(figure) for figure, _ in self.pairs}
        return [figure for figure in self.figures if id(figure) not in matched]

    @property
    def missed_observations(self) -> list[ObservationSpan]:
        """Observations no figure was found for."""
        matched = {span.iri for _, span in self.pairs}
        return [span for span in self.observations if span.iri not in matched]

    @property
    def precision(self) -> float:
        """Share of figures that an observation holds."""
        if not self.figures:
            return 1.0
        return 1 - len(self.unmatched_figures) / len(self.figures)

    @property
    def recall(self) -> float:
        """Share of observations a figure was found for."""
        if not self.observations:
            return 1.0
        return 1 - len(self.missed_observations) / len(self.observations)


def compare_figures(
    kg: KnowledgeGraph, source_id: str, candidates: Sequence[Candidate]
) -> FigureAgreement:
    """Compare the figures found in a source with the graph's observations of it.

    Examples
    --------
    >>> import policygraph as pg
    >>> from policygraph import _paths
    >>> text = (_paths.kg_dir() / "sources" / "zhejiang-digital-economy.txt").read_text("utf-8")
    >>> agreement = compare_figures(pg.load(), "zhejiang-digital-economy", scan(text))
    >>> agreement.recall
    1.0
    """
    from ..spans import observation_spans

    figures = [candidate for candidate in candidates if isinstance(candidate, Figure)]
    spans = observation_spans(kg).get(source_id, [])
    pairs = [
        (figure, span)
        for span in spans
        for figure in figures
        if span.start <= figure.start
        and figure.end <= span.end
        and float(figure.value) == span.value
        and figure.unit == span.unit
        and figure.year == span.year
    ]
    return FigureAgreement(figures, spans, pairs)


def write_draft(
    draft: Draft,
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    accept_above: float | None = None,
) -> Path:
    """Write a draft atomically (temp file, then rename); refuse to overwrite unless forced.

    ``accept_above`` accepts the entries at least that confident (see `Draft.to_yaml`).
    """
    path = Path(path)
    if path.exists() and not force:
        raise InputError("exists; pass --force to overwrite it", path=path)
    if not path.parent.is_dir():
        raise InputError("the folder does not exist", path=path.parent)
    content = draft.to_yaml(accept_above)
    return write_atomic(path, content)
