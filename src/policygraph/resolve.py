"""Entity resolution: normalised labels and an explanation of every match.

Two mentions are one entity when they resolve to the same node. A mention
resolves, in this order of preference, by

1. ``id``: the node's slug or IRI;
2. ``label`` / ``alias``: an ``rdfs:label`` / ``skos:altLabel`` written the same way;
3. ``label (normal form)`` / ``alias (normal form)``: the same after `normal_form`
   (Unicode NFKC, so full-width and half-width forms agree; quote marks and
   whitespace removed; dashes unified; case folded);
4. ``pinyin``: the node's toneless pinyin, spaces ignored.

Only the best tier that matches is returned, and every `Match` says which name
of the node matched and how (`Match.explain`).

Examples
--------
>>> normal_form('数字经济"一号工程"') == normal_form("数字经济“一号工程”")
True
>>> normal_form("浙江省信息经济发展规划（2014—2020）")
'浙江省信息经济发展规划(2014-2020)'
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from rdflib import Literal

from ._namespaces import PG, PGID
from ._sparql import read_query

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["Match", "Name", "Resolver", "normal_form"]

# quote marks of every width and style; 《》 too, so a title matches its label
_QUOTES = dict.fromkeys(map(ord, "\"'“”‘’「」『』《》〈〉‹›«»〝〞"), None)
_DASHES = {ord(char): "-" for char in "‐‑‒–—―−－﹣"}
_PROPERTIES = {
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "alias",
    "https://w3id.org/policygraph/ontology/pinyin": "pinyin",
}
_TIERS = ("id", "exact", "normal form", "pinyin")
_NOT_ENTITIES = {"Observation", "Assertion", "Evidence", "QualityFlag", "Section"}
_CACHE: WeakKeyDictionary[KnowledgeGraph, tuple[int, Resolver]] = WeakKeyDictionary()


def normal_form(label: str) -> str:
    """The form two labels share when they name the same thing.

    NFKC folds full-width letters, digits and brackets to half-width; quote marks
    (“…”, "…", 「…」, 《…》) and all whitespace are removed; dash variants become
    ``-``; case is folded.

    Examples
    --------
    >>> normal_form("ＩＰｖ６ 规模部署")
    'ipv6规模部署'
    >>> normal_form("“城市\\n大脑”")
    '城市大脑'
    """
    text = unicodedata.normalize("NFKC", label).translate(_DASHES).translate(_QUOTES)
    return "".join(text.split()).casefold()


@dataclass(frozen=True)
class Name:
    """One name a node answers to."""

    iri: str
    kinds: tuple[str, ...]
    property: str  # "label", "alias" or "pinyin"
    name: str
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Match:
    """A node a mention resolved to, and why."""

    mention: str
    iri: str
    kinds: tuple[str, ...]
    label_zh: str
    label_en: str
    via: str  # "id", "label", "alias", "label (normal form)", "alias (normal form)", "pinyin"
    matched: str  # the node's name that matched

    @property
    def slug(self) -> str:
        """The node's id: its IRI without the ``pgid:`` namespace."""
        return self.iri.removeprefix(str(PGID))

    @property
    def kind(self) -> str:
        """The node's class (the first, if it has several)."""
        return self.kinds[0] if self.kinds else ""

    def explain(self) -> str:
        """One line saying which name matched and how.

        Examples
        --------
        >>> print(Match("数字经济\\"一号工程\\"", "https://w3id.org/policygraph/id/number-one-project",
        ...       ("Project",), "一号工程", "Number One Project", "alias (normal form)",
        ...       "数字经济“一号工程”").explain().replace(": ", ":\\n"))
        number-one-project (一号工程, Project):
        alias 数字经济“一号工程” has the same normal form 数字经济一号工程
        """
        head = f"{self.slug} ({self.label_zh or self.label_en}, {'/'.join(self.kinds)})"
        if self.via == "id":
            return f"{head}: the mention is its id"
        if self.via in ("label", "alias"):
            return f"{head}: {self.via} {self.matched} is written the same way"
        if self.via == "pinyin":
            return f"{head}: pinyin {self.matched!r} matches once spaces are ignored"
        prop = self.via.split()[0]
        return f"{head}: {prop} {self.matched} has the same normal form {normal_form(self.matched)}"


class Resolver:
    """Resolve mentions to nodes of a graph, explaining each match.

    Parameters
    ----------
    names : iterable of Name
        Every name of every entity (see `Resolver.from_graph`).

    Examples
    --------
    >>> import policygraph as pg
    >>> resolver = Resolver.from_graph(pg.load())
    >>> [m.slug for m in resolver.lookup('数字经济"一号工程"')]
    ['number-one-project']
    >>> resolver.lookup('数字经济"一号工程"')[0].via
    'alias (normal form)'
    """

    def __init__(self, names: Iterable[Name]) -> None:
        self.names = list(names)
        self._by_iri: dict[str, Name] = {}
        self._exact: dict[str, list[Name]] = {}
        self._normal: dict[str, list[Name]] = {}
        self._pinyin: dict[str, list[Name]] = {}
        for name in self.names:
            self._by_iri.setdefault(name.iri, name)
            if name.property == "pinyin":
                self._pinyin.setdefault(normal_form(name.name), []).append(name)
            else:
                self._exact.setdefault(name.name, []).append(name)
                self._normal.setdefault(normal_form(name.name), []).append(name)

    @classmethod
    def from_graph(cls, kg: KnowledgeGraph) -> Resolver:
        """Index the labels, aliases and pinyin of every entity of a `KnowledgeGraph`.

        The index is kept with the graph and rebuilt when the graph's size changes.
        """
        cached = _CACHE.get(kg)
        if cached is not None and cached[0] == len(kg):
            return cached[1]
        result = kg.execute(read_query("api/evidence-holders"))
        holders = {str(row[0]) for row in result}  # type: ignore[index]
        kinds: dict[str, set[str]] = {}
        rows = []
        for iri, kind, prop, literal in kg.execute(read_query("api/entity-names")):  # type: ignore[misc]
            if str(iri) not in holders or not str(kind).startswith(str(PG)):
                continue
            kinds.setdefault(str(iri), set()).add(str(kind).removeprefix(str(PG)))
            rows.append((str(iri), _PROPERTIES[str(prop)], literal))
        labels: dict[tuple[str, str], str] = {}
        for iri, prop, literal in rows:
            if prop == "label" and isinstance(literal, Literal) and literal.language:
                labels.setdefault((iri, literal.language), str(literal))
        entities = {iri for iri, found in kinds.items() if not found & _NOT_ENTITIES}
        names = sorted(
            {
                Name(
                    iri=iri,
                    kinds=tuple(sorted(kinds[iri])),
                    property=prop,
                    name=str(literal),
                    label_zh=labels.get((iri, "zh"), ""),
                    label_en=labels.get((iri, "en"), ""),
                )
                for iri, prop, literal in rows
                if iri in entities
            },
            key=lambda name: (name.iri, name.property, name.name),
        )
        resolver = cls(names)
        _CACHE[kg] = (len(kg), resolver)
        return resolver

    def lookup(self, mention: str, kinds: Sequence[str] | None = None) -> list[Match]:
        """Every node the mention resolves to at the best matching tier (none: empty).

        Parameters
        ----------
        mention : str
            A name as printed, a slug or an IRI.
        kinds : sequence of str, optional
            Only consider nodes of these classes (local names, e.g. ``["Indicator"]``).
        """
        wanted = set(kinds or ())

        def allowed(name: Name) -> bool:
            return not wanted or bool(wanted & set(name.kinds))

        text = mention.strip()
        for tier in _TIERS:
            found: dict[str, Match] = {}
            for name, via in self._candidates(text, tier):
                if allowed(name) and name.iri not in found:
                    found[name.iri] = Match(
                        mention=mention,
                        iri=name.iri,
                        kinds=name.kinds,
                        label_zh=name.label_zh,
                        label_en=name.label_en,
                        via=via,
                        matched=name.iri.removeprefix(str(PGID)) if via == "id" else name.name,
                    )
            if found:
                return sorted(found.values(), key=lambda match: match.iri)
        return []

    def _candidates(self, text: str, tier: str) -> list[tuple[Name, str]]:
        if tier == "id":
            iri = text if text.startswith(str(PGID)) else str(PGID) + text
            name = self._by_iri.get(iri)
            return [] if name is None else [(name, "id")]
        if tier == "exact":
            names = self._exact.get(text, [])
            # a label beats an alias written the same way
            names = sorted(names, key=lambda name: name.property != "label")
            return [(name, name.property) for name in names]
        if tier == "normal form":
            names = sorted(
                self._normal.get(normal_form(text), []), key=lambda n: n.property != "label"
            )
            return [(name, f"{name.property} (normal form)") for name in names]
        return [(name, "pinyin") for name in self._pinyin.get(normal_form(text), [])]
