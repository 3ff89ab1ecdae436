"""One entity of the graph as a card: names, kind, facts, figures and evidence.

`KnowledgeGraph.entity` builds an `Entity`; this module only holds the records and
their text and HTML renderings, so that it can be used without a graph.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ._namespaces import PG, PGID

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Entity", "Fact", "Figure", "Quote"]

_ORG = "http://www.w3.org/ns/org#"
_SHOWN_QUOTES = 8


def _short(iri: str) -> str:
    """``pgid:slug`` / ``pg:Name`` / ``org:name`` for the project's IRIs, else the IRI."""
    for prefix, namespace in (("pgid", str(PGID)), ("pg", str(PG)), ("org", _ORG)):
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


@dataclass(frozen=True)
class Fact:
    """A relation between the entity and another node.

    ``direction`` is ``"out"`` when the entity is the subject (*entity relation
    other*) and ``"in"`` when it is the object (*other relation entity*).
    """

    direction: Literal["out", "in"]
    relation: str
    relation_label: str
    other: str
    other_label_zh: str
    other_label_en: str
    year: int | None = None

    @property
    def other_label(self) -> str:
        """The other node's zh label, else its en label, else its short IRI."""
        return self.other_label_zh or self.other_label_en or _short(self.other)

    def sentence(self, subject: str) -> str:
        """The fact as *subject relation object*, with ``subject`` naming the entity.

        Examples
        --------
        >>> fact = Fact("in", "proposed", "提出", "pgid:xi-jinping", "习近平", "Xi Jinping", 2003)
        >>> fact.sentence("八八战略")
        '习近平 提出 八八战略 (2003)'
        """
        label = self.relation_label or self.relation
        parts = (subject, label, self.other_label)
        if self.direction == "in":
            parts = (self.other_label, label, subject)
        year = f" ({self.year})" if self.year is not None else ""
        return " ".join(parts) + year


@dataclass(frozen=True)
class Quote:
    """A quote from a source that supports the entity, with code-point offsets."""

    quote: str
    start: int
    end: int
    section: str
    source: str

    @property
    def text(self) -> str:
        """The quote with the PDF line breaks and stray spaces removed."""
        return "".join(self.quote.split())


@dataclass(frozen=True)
class Figure:
    """A figure in which the entity is the indicator or the place."""

    observation: str
    indicator: str
    place: str
    period: str
    value: float
    unit: str
    role: str

    def __str__(self) -> str:
        value = f"{self.value:g}"
        return f"{self.indicator} {value} {self.unit} ({self.place}, {self.period}, {self.role})"


@dataclass(frozen=True)
class Entity:
    """An entity with everything the graph says about it.

    Its `repr` is a readable card; in a notebook it renders as HTML.

    Examples
    --------
    >>> import policygraph as pg
    >>> card = pg.load().entity("一号工程")
    >>> card.slug, card.kind, card.label_en
    ('number-one-project', 'Project', 'No. 1 Project')
    >>> "省委经济工作会议 提出 一号工程 (2017)" in [f.sentence(card.label_zh) for f in card.facts]
    True
    """

    iri: str
    kind: str
    label_zh: str
    label_en: str
    kinds: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    pinyin: tuple[str, ...] = ()
    year: int | None = None
    same_as: tuple[str, ...] = ()
    facts: tuple[Fact, ...] = ()
    figures: tuple[Figure, ...] = ()
    evidence: tuple[Quote, ...] = field(default=(), repr=False)

    @property
    def slug(self) -> str:
        """The entity's id: its IRI without the ``pgid:`` namespace."""
        return self.iri.removeprefix(str(PGID))

    @property
    def label(self) -> str:
        """The zh label, else the en label, else the slug."""
        return self.label_zh or self.label_en or self.slug

    def facts_frame(self) -> pd.DataFrame:
        """The facts as a DataFrame (one row per fact, with a readable ``sentence``)."""
        import pandas as pd

        rows = [{**fact.__dict__, "sentence": fact.sentence(self.label)} for fact in self.facts]
        columns = [*Fact.__dataclass_fields__, "sentence"]
        return pd.DataFrame(rows, columns=columns)

    def evidence_frame(self) -> pd.DataFrame:
        """The quotes as a DataFrame: quote, start, end, section, source."""
        import pandas as pd

        return pd.DataFrame(
            [quote.__dict__ for quote in self.evidence], columns=list(Quote.__dataclass_fields__)
        )

    def card(self) -> str:
        """The entity as a plain-text card (what `repr` shows)."""
        lines = [f"{self.label_zh} / {self.label_en}  [{self.kind}]  {_short(self.iri)}"]
        if self.aliases:
            lines.append(f"  aliases: {', '.join(self.aliases)}")
        if self.pinyin:
            lines.append(f"  pinyin:  {', '.join(self.pinyin)}")
        if self.year is not None:
            lines.append(f"  year:    {self.year}")
        if self.same_as:
            lines.append(f"  same as: {', '.join(self.same_as)}")
        if self.facts:
            lines.append(f"  facts ({len(self.facts)}):")
            lines += [f"    {fact.sentence(self.label)}" for fact in self.facts]
        if self.figures:
            lines.append(f"  figures ({len(self.figures)}):")
            lines += [f"    {figure}" for figure in self.figures]
        if self.evidence:
            lines.append(f"  evidence ({len(self.evidence)}):")
            lines += [
                f"    [{quote.start}:{quote.end}] {quote.text}"
                for quote in self.evidence[:_SHOWN_QUOTES]
            ]
            if len(self.evidence) > _SHOWN_QUOTES:
                lines.append(f"    … and {len(self.evidence) - _SHOWN_QUOTES} more")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.card()

    def _repr_html_(self) -> str:
        escape = html.escape
        parts = [
            '<div class="policygraph-entity">',
            f"<h4>{escape(self.label_zh)} / {escape(self.label_en)} "
            f"<small>[{escape(self.kind)}] <code>{escape(_short(self.iri))}</code></small></h4>",
        ]
        names = [("aliases", ", ".join(self.aliases)), ("pinyin", ", ".join(self.pinyin))]
        names += [("year", "" if self.year is None else str(self.year))]
        names += [("same as", ", ".join(self.same_as))]
        rows = "".join(
            f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>"
            for name, value in names
            if value
        )
        if rows:
            parts.append(f"<table>{rows}</table>")
        if self.facts:
            items = "".join(f"<li>{escape(fact.sentence(self.label))}</li>" for fact in self.facts)
            parts.append(f"<p><b>Facts</b></p><ul>{items}</ul>")
        if self.figures:
            items = "".join(f"<li>{escape(str(figure))}</li>" for figure in self.figures)
            parts.append(f"<p><b>Figures</b></p><ul>{items}</ul>")
        if self.evidence:
            items = "".join(
                f"<li><q>{escape(quote.text)}</q> <small>[{quote.start}:{quote.end}]</small></li>"
                for quote in self.evidence
            )
            parts.append(f"<p><b>Evidence</b></p><ol>{items}</ol>")
        parts.append("</div>")
        return "".join(parts)
