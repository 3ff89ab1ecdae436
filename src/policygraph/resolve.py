"""Entity resolution: normalised labels and an explanation of every match.

Two mentions are one entity when they resolve to the same node. A mention
resolves, in this order of preference, by

1. ``id``: the node's slug or IRI;
2. ``label`` / ``alias``: an ``rdfs:label`` / ``skos:altLabel`` written the same way;
3. ``label (normal form)`` / ``alias (normal form)``: the same after `normal_form`
   (Unicode NFKC, so full-width and half-width forms agree; traditional characters
   as simplified; quote marks and whitespace removed; dashes unified; case folded);
4. ``pinyin``: the node's toneless pinyin, spaces ignored.

Only the best tier that matches is returned, and every `Match` says which name
of the node matched and how (`Match.explain`). A mention that matches nothing gets
near misses by characters and by sound (`Resolver.suggest`: 杭洲 → 杭州).

This is the one entity finder: the API (`KnowledgeGraph.resolve`), the analytics
(`find_node`) and the views all use it, on a knowledge graph or a NetworkX graph.

Examples
--------
>>> normal_form('数字经济"一号工程"') == normal_form("数字经济“一号工程”")
True
>>> normal_form("浙江省信息经济发展规划（2014—2020）")
'浙江省信息经济发展规划(2014-2020)'
"""

from __future__ import annotations

import difflib
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from rdflib import Literal

from ._namespaces import PG, PGID
from ._sparql import read_query
from ._text import normal_form, sound

if TYPE_CHECKING:
    import networkx as nx

    from .graph import KnowledgeGraph

__all__ = ["Match", "Name", "Resolver", "normal_form"]

_PROPERTIES = {
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "alias",
    "https://w3id.org/policygraph/ontology/pinyin": "pinyin",
}
_QUOTE_MARKS = str.maketrans(dict.fromkeys("“”「」『』‘’'", '"'))


def _likeness(mention: str, name: str) -> float:
    """How alike two spellings look, any quotation mark counting as any other."""
    return difflib.SequenceMatcher(
        None, mention.translate(_QUOTE_MARKS), name.translate(_QUOTE_MARKS)
    ).ratio()


_TIERS = ("id", "exact", "normal form", "pinyin")
_NOT_ENTITIES = {"Observation", "Assertion", "Evidence", "QualityFlag", "Section"}
_CACHE: WeakKeyDictionary[KnowledgeGraph, tuple[int, Resolver]] = WeakKeyDictionary()


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
        self._slug: dict[str, list[Name]] = {}
        self._sound: dict[str, list[Name]] = {}
        for name in self.names:
            if name.iri not in self._by_iri:
                self._by_iri[name.iri] = name
                self._slug.setdefault(name.iri.rsplit("/", 1)[-1], []).append(name)
            self._sound.setdefault(sound(name.name), []).append(name)
            if name.property == "id":
                continue
            if name.property == "pinyin":
                self._pinyin.setdefault(normal_form(name.name), []).append(name)
            else:
                self._exact.setdefault(name.name, []).append(name)
                self._normal.setdefault(normal_form(name.name), []).append(name)

    @classmethod
    def from_graph(cls, kg: KnowledgeGraph) -> Resolver:
        """Index the labels, aliases and pinyin of every entity of a `KnowledgeGraph`.

        The index is kept with the graph and rebuilt when the graph changes
        (`KnowledgeGraph.generation`).
        """
        cached = _CACHE.get(kg)
        if cached is not None and cached[0] == kg.generation:
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
        _CACHE[kg] = (kg.generation, resolver)
        return resolver

    @classmethod
    def from_networkx(cls, graph: nx.Graph) -> Resolver:
        """Index the names a NetworkX graph's nodes carry: ``label_zh``, ``label_en``,
        ``alt_labels`` and ``pinyin`` (as `policygraph.analytics.to_networkx` sets them).

        Examples
        --------
        >>> import networkx as nx
        >>> graph = nx.DiGraph()
        >>> graph.add_node("urn:x:a", label_zh="城市大脑", label_en="City Brain")
        >>> [m.iri for m in Resolver.from_networkx(graph).lookup("城市大腦")]
        ['urn:x:a']
        """
        names = set()
        for node, data in graph.nodes(data=True):
            iri, kinds = str(node), tuple(filter(None, [data.get("kind")]))
            zh, en = str(data.get("label_zh") or ""), str(data.get("label_en") or "")
            found = [("label", zh), ("label", en)]
            found += [("alias", str(alias)) for alias in data.get("alt_labels") or ()]
            reading = data.get("pinyin")
            readings = [reading] if isinstance(reading, str) else list(reading or ())
            found += [("pinyin", str(each)) for each in readings]
            names |= {Name(iri, kinds, prop, text, zh, en) for prop, text in found if text}
            if not zh and not en:  # still findable by its id
                names.add(Name(iri, kinds, "id", iri, "", ""))
        return cls(sorted(names, key=lambda name: (name.iri, name.property, name.name)))

    def suggest(
        self, mention: str, limit: int = 5, kinds: Sequence[str] | None = None
    ) -> list[Name]:
        """Near misses for a mention that resolves to nothing: names that sound the same
        (杭洲 → 杭州), then names written alike (by characters), best first, one per node.

        Examples
        --------
        >>> import policygraph as pg
        >>> [n.label_zh for n in Resolver.from_graph(pg.load()).suggest("杭洲", limit=1)]
        ['杭州市']
        """
        wanted = set(kinds or ())
        pool = [n for n in self.names if n.property != "id"]
        pool = [n for n in pool if not wanted or wanted & set(n.kinds)]
        by_sound = [n for n in self._sound.get(sound(mention), []) if n in pool]
        folded: dict[str, list[Name]] = {}
        for name in pool:
            folded.setdefault(normal_form(name.name), []).append(name)
        text = normal_form(mention)
        close = difflib.get_close_matches(text, list(folded), n=limit * 3, cutoff=0.5)
        contains = sorted((f for f in folded if text and text in f), key=len)
        hits: dict[str, Name] = {}
        for name in [*by_sound, *(n for f in [*close, *contains] for n in folded[f])]:
            hits.setdefault(name.iri, name)
        return list(hits.values())[:limit]

    def find(
        self, mention: str, nodes: Iterable[Hashable] | None = None, *, what: str = "node"
    ) -> Any:
        """The one node ``mention`` names (restricted to ``nodes`` if given).

        Raises
        ------
        NotFoundError
            No node or several nodes carry the name; the message lists near misses.
        """
        from .errors import NotFoundError

        inside = None if nodes is None else {str(node): node for node in nodes}
        text = str(mention).strip()
        if inside is not None and text in inside:
            return inside[text]
        found = self.lookup(text)
        matches = found if inside is None else [m for m in found if m.iri in inside]
        if found and not matches:
            raise NotFoundError(f"{text!r} is {found[0].slug}, which is not a {what}")
        if len(matches) == 1:
            return matches[0].iri if inside is None else inside[matches[0].iri]
        if matches:
            raise NotFoundError(
                f"{text!r} names several {what}s",
                suggestions=[f"{m.label_zh or m.label_en} ({m.slug})" for m in matches],
            )
        near = [n for n in self.suggest(text, limit=8) if inside is None or n.iri in inside]
        raise NotFoundError(
            f"no {what} is named {text!r}",
            suggestions=[n.label_zh or n.label_en or n.iri for n in near][:5],
        )

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
            for iri in (text, str(PGID) + text):
                if iri in self._by_iri:
                    return [(self._by_iri[iri], "id")]
            return [(name, "id") for name in self._slug.get(text, [])]
        if tier == "exact":
            names = self._exact.get(text, [])
            # a label beats an alias written the same way
            names = sorted(names, key=lambda name: name.property != "label")
            return [(name, name.property) for name in names]
        if tier == "normal form":
            # a label first; then the name written most like the mention, to explain by
            names = sorted(
                self._normal.get(normal_form(text), []),
                key=lambda n: (
                    n.property != "label",
                    -_likeness(text, n.name),
                ),
            )
            return [(name, f"{name.property} (normal form)") for name in names]
        return [(name, "pinyin") for name in self._pinyin.get(normal_form(text), [])]
