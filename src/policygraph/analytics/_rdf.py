"""RDF → plain Python records for the NetworkX views.

This is the only module of `policygraph.analytics` that queries a `KnowledgeGraph`
(through the files in ``queries/analytics/``). Everything else works on NetworkX
graphs and on the records defined here, so the algorithms can be tested on tiny
graphs built by hand.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict, namedtuple
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rdflib import URIRef

from .._namespaces import PG, local_name, prefixed_name
from .._sparql import read_query
from .._stores import paused_collection
from ..errors import DataError

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = [
    "EVENT_KINDS",
    "SCOPES",
    "Edge",
    "Figure",
    "Snapshot",
    "curie",
    "evidence_of",
    "figures",
    "local_name",
    "names",
    "records",
    "snapshot",
]

#: Event classes of reified assertions, in the order a policy usually meets them.
EVENT_KINDS = ("Proposal", "Creation", "Designation", "Launch", "Deepening")

_PG = str(PG)  # plain str: an rdflib Namespace lookup per call costs more than the check
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_ROLES = {
    "Actual": "actual",
    "Target": "target",
    "Growth": "growth",
    "Share": "share",
    "Rank": "rank",
    "PercentagePointChange": "pp_change",
}
#: Classes of the evidence model and bookkeeping, which are not nodes of the views.
_PLUMBING = frozenset(
    str(PG[name]) for name in ("Assertion", "Evidence", "Section", "SourceDocument", "QualityFlag")
)
#: What may be bound as an IRI: a scheme, then no character an IRI may not hold (blank
#: nodes and literals come back from `KnowledgeGraph.rows` as plain strings too).
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*\Z")
#: IRIs bound by one ``VALUES`` block: a query text any endpoint takes.
_BATCH = 1000
_QUALIFIERS = {
    "Exact": "exact",
    "LowerBound": "lower_bound",
    "UpperBound": "upper_bound",
    "Approximate": "approximate",
}


#: `local_name` of the vocabulary's terms (properties, classes): few, met on every row.
_term_name = lru_cache(maxsize=4096)(local_name)


def curie(iri: str) -> str:
    """The prefixed name of an IRI, or the IRI itself (see `prefixed_name`).

    Examples
    --------
    >>> curie("https://w3id.org/policygraph/ontology/buildsOn")
    'pg:buildsOn'
    """
    return prefixed_name(iri)


def records(kg: KnowledgeGraph, name: str, **bindings: object) -> list[Any]:
    """The rows of the query ``analytics/<name>`` (``bindings`` bound by ``VALUES``) as
    named tuples of plain Python values (`KnowledgeGraph.rows`: no NaN to undo)."""
    columns, rows = kg.rows(read_query(f"analytics/{name}"), **bindings)
    record = namedtuple("record", columns)  # type: ignore[misc]
    return list(map(record._make, rows))


def _year(value: object) -> int | None:
    """A year from an integer or a ``gYear`` (``"2018"``)."""
    if value is None or type(value) is int:  # most rows: no string round trip
        return value
    return int(str(value).split(".")[0])


@dataclass(frozen=True)
class Edge:
    """One object-property triple, with what its reified assertion says about it."""

    subject: str
    predicate: str
    object: str
    year: int | None = None
    event: str | None = None
    assertion: str | None = None
    evidence: tuple[dict[str, Any], ...] = ()

    @property
    def relation(self) -> str:
        """Local name of the predicate, e.g. ``"buildsOn"``."""
        return _term_name(self.predicate)

    def attributes(self) -> dict[str, Any]:
        """The edge attributes every policygraph NetworkX view carries."""
        return {
            "relation": self.relation,
            "property": curie(self.predicate),
            "year": self.year,
            "event": self.event,
            "assertion": self.assertion,
            "evidence": [dict(item) for item in self.evidence],
        }


@dataclass
class Snapshot:
    """Everything the analytics need from one graph, read once.

    Attributes
    ----------
    nodes : dict
        IRI → node attributes ``label_zh``, ``label_en``, ``kind``, ``year``, ``evidence``.
    classes : dict
        IRI → every policygraph class the node is asserted to have.
    edges : list of Edge
        Object-property triples between nodes, with assertion year, event and evidence.
    superclasses : dict
        Class IRI → the class and all its superclasses (reflexive, transitive).
    superproperties : dict
        Property IRI → the property and all its super-properties.
    inverse : dict
        Property IRI → its declared inverse.
    """

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    classes: dict[str, set[str]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    superclasses: dict[str, set[str]] = field(default_factory=dict)
    superproperties: dict[str, set[str]] = field(default_factory=dict)
    inverse: dict[str, str] = field(default_factory=dict)

    def is_a(self, node: str, klass: str) -> bool:
        """Whether ``node`` belongs to class ``klass`` (an IRI or a ``pg:`` local name)."""
        wanted = klass if ":" in klass else _PG + klass
        return any(wanted in self.superclasses.get(c, {c}) for c in self.classes.get(node, ()))

    def subproperty_of(self, prop: str, ancestor: str) -> bool:
        """Whether ``prop`` is ``ancestor`` or one of its sub-properties."""
        wanted = ancestor if ":" in ancestor else _PG + ancestor
        return wanted in self.superproperties.get(prop, {prop})

    def node_attributes(self, iri: str) -> dict[str, Any]:
        """A fresh copy of the attributes of one node."""
        attributes = dict(self.nodes[iri])
        attributes["evidence"] = [dict(item) for item in attributes["evidence"]]
        return attributes


def _closure(links: Iterable[tuple[str, str]]) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = defaultdict(set)
    for child, parent in links:
        parents[child].add(parent)
    closed: dict[str, set[str]] = {}
    for start in list(parents):
        seen = {start}
        frontier = [start]
        while frontier:  # a set of visited terms: cyclic hierarchies end too
            for parent in parents.get(frontier.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    frontier.append(parent)
        closed[start] = seen
    return closed


def _most_specific(classes: set[str], superclasses: dict[str, set[str]]) -> str:
    candidates = [
        c
        for c in classes
        if not any(c != other and c in superclasses.get(other, {other}) for other in classes)
    ]
    return local_name(sorted(candidates or classes)[0])


def _evidence_index(records: list[Any]) -> dict[str, tuple[dict[str, Any], ...]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in records:
        grouped[str(row.subject)].append(
            {
                "quote": str(row.quote),
                "start": int(row.start),
                "end": int(row.end),
                "section": row.section,
            }
        )
    return {
        subject: tuple(sorted(items, key=lambda item: (item["start"], item["end"])))
        for subject, items in grouped.items()
    }


def _ontology(kg: KnowledgeGraph) -> Snapshot:
    """An empty snapshot with the ontology's class and property hierarchy."""
    vocabulary = records(kg, "vocabulary")
    links: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for term, link, other in vocabulary:
        links[str(link)].append((str(term), str(other)))
    snap = Snapshot(
        superclasses=_closure(links[_RDFS + "subClassOf"]),
        superproperties=_closure(links[_RDFS + "subPropertyOf"]),
    )
    for term, other in links[_OWL + "inverseOf"]:
        snap.inverse.setdefault(term, other)
        snap.inverse.setdefault(other, term)
    if str(PG.PolicyThing) not in {c for up in snap.superclasses.values() for c in up}:
        raise DataError(
            "the graph has no policygraph ontology (no subclasses of pg:PolicyThing); "
            "load it with policygraph.load(..., ontology=True)"
        )
    return snap


def _add_nodes(
    snap: Snapshot, records: Iterable[Any], evidence: dict[str, tuple[dict[str, Any], ...]]
) -> None:
    """Nodes from rows shaped like ``nodes.rq``'s (evidence plumbing left out)."""
    labels: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    years: dict[str, set[int]] = defaultdict(set)
    classes: dict[str, set[str]] = defaultdict(set)
    for row in records:
        iri = str(row.iri)
        classes[iri].add(str(row.type))
        if row.label is not None:
            labels[iri][str(row.language or "")].append(str(row.label))
        year = _year(row.year)
        if year is not None:
            years[iri].add(year)
    for iri in sorted(classes):
        if classes[iri] & _PLUMBING:
            continue
        zh, en = sorted(labels[iri].get("zh", [])), sorted(labels[iri].get("en", []))
        snap.classes[iri] = classes[iri]
        snap.nodes[iri] = {
            "label_zh": zh[0] if zh else None,
            "label_en": en[0] if en else None,
            "kind": _most_specific(classes[iri], snap.superclasses),
            "year": min(years[iri]) if years[iri] else None,
            "evidence": evidence.get(iri, ()),
        }


def _reified(records: Iterable[Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(subject, property, object) → assertion, years and event, from rows shaped like
    ``assertions.rq``'s (rows without an assertion are skipped)."""
    reified: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in records:
        if row.assertion is None:
            continue
        key = (str(row.subject), str(row.property), str(row.object))
        record = reified.setdefault(
            key, {"assertion": str(row.assertion), "years": set(), "event": None}
        )
        year = _year(row.year)
        if year is not None:
            record["years"].add(year)
        if row.event is not None:
            record["event"] = _term_name(str(row.event))
    return reified


def _add_edges(
    snap: Snapshot,
    triples: Iterable[tuple[str, str, str]],
    reified: dict[tuple[str, str, str], dict[str, Any]],
    evidence: dict[str, tuple[dict[str, Any], ...]],
) -> None:
    """Edges between nodes of ``snap``, in the order given, with what their assertion says."""
    for subject, prop, obj in triples:
        if subject not in snap.nodes or obj not in snap.nodes:
            continue
        found = reified.get((subject, prop, obj))
        if found is None:
            snap.edges.append(Edge(subject, prop, obj))
            continue
        snap.edges.append(
            Edge(
                subject,
                prop,
                obj,
                year=min(found["years"]) if found["years"] else None,
                event=found["event"],
                assertion=found["assertion"],
                evidence=evidence.get(found["assertion"], ()),
            )
        )


def _read(kg: KnowledgeGraph, scope: str | None, with_evidence: bool) -> Snapshot:
    snap = _ontology(kg)
    prefix = "" if scope is None else f"{scope}-"
    evidence = _evidence_index(records(kg, f"{prefix}evidence")) if with_evidence else {}
    if scope is None:
        _add_nodes(snap, records(kg, "nodes"), evidence)
        reified = _reified(records(kg, "assertions"))
        every = kg.rows(read_query("analytics/edges"))[1]
        _add_edges(snap, sorted((str(s), str(p), str(o)) for s, p, o in every), reified, evidence)
        return snap
    rows = records(kg, f"{scope}-edges")  # one row per triple and assertion
    distinct = sorted({(str(r.subject), str(r.property), str(r.object)) for r in rows})
    if scope == "places":  # the nodes are the ends of these edges: the store looks them up
        ends = sorted({end for s, _, o in distinct for end in (s, o) if _IRI.match(end)})
        nodes = [
            row
            for start in range(0, len(ends), _BATCH)
            for row in records(
                kg, "places-nodes", iri=[URIRef(e) for e in ends[start : start + _BATCH]]
            )
        ]
    else:
        nodes = records(kg, f"{scope}-nodes")
    _add_nodes(snap, nodes, evidence)
    _add_edges(snap, distinct, _reified(rows), evidence)
    return snap


#: The parts of the graph an analytic may ask for alone: ``queries/analytics/<scope>-
#: {nodes,edges,evidence}.rq`` read only the nodes and edges it needs.
SCOPES = ("lineage", "places")

_CACHE: weakref.WeakKeyDictionary[
    KnowledgeGraph, dict[tuple[str | None, bool], tuple[int, Snapshot]]
] = weakref.WeakKeyDictionary()


def snapshot(kg: KnowledgeGraph, scope: str | None = None, *, evidence: bool = True) -> Snapshot:
    """Read nodes, edges, assertions and evidence of ``kg`` (cached until it changes).

    Parameters
    ----------
    kg : KnowledgeGraph
    scope : {None, "lineage", "places"}
        ``None``: every node and edge. ``"lineage"``: the ``pg:PolicyThing`` nodes and
        the lineage edges (sub-properties of ``pg:descendsFrom``, ``pg:ancestorOf``).
        ``"places"``: the ends of the place–initiative role edges and those edges. The
        store does the selecting; Python reads only these rows.
    evidence : bool
        Whether to read the evidence of every node and assertion too. The evidence chain
        is the costliest part of a large graph (the store joins every evidence of it);
        without it each ``evidence`` is empty, and `evidence_of` reads that of one
        node or assertion when it is asked for.

    Examples
    --------
    >>> import policygraph as pg
    >>> kg = pg.load()
    >>> part, whole = snapshot(kg, "lineage"), snapshot(kg)
    >>> def triples(snap):
    ...     return {(edge.subject, edge.predicate, edge.object) for edge in snap.edges}
    >>> set(part.nodes) < set(whole.nodes), triples(part) < triples(whole)
    (True, True)

    Without evidence, the same nodes and edges:

    >>> bare = snapshot(kg, "lineage", evidence=False)
    >>> triples(bare) == triples(part), any(edge.evidence for edge in bare.edges)
    (True, False)
    """
    if scope is not None and scope not in SCOPES:
        raise ValueError(f"scope must be None or one of {', '.join(SCOPES)}, not {scope!r}")
    size = kg.generation
    cached = _CACHE.setdefault(kg, {}).get((scope, evidence))
    if cached is not None and cached[0] == size:
        return cached[1]
    with paused_collection():
        snap = _read(kg, scope, evidence)
    _CACHE[kg][(scope, evidence)] = (size, snap)
    return snap


def evidence_of(kg: KnowledgeGraph, subject: str) -> tuple[dict[str, Any], ...]:
    """The evidence of one node or assertion: what `snapshot` puts in its ``evidence``.

    ``queries/analytics/evidence.rq`` bound to one subject: the store walks from it, so
    this is cheap on any size of graph (unbound, the query joins every evidence there
    is). The way to show the evidence of the few things a page or a card shows.

    Parameters
    ----------
    kg : KnowledgeGraph
    subject : str
        The IRI of a node or of a reified assertion.

    Returns
    -------
    tuple of dict
        ``quote``, ``start``, ``end``, ``section`` (None where not given), by offset.

    Examples
    --------
    >>> import policygraph as pg
    >>> kg = pg.load()
    >>> iri = str(pg.PGID["eight-eight-strategy"])
    >>> evidence_of(kg, iri) == snapshot(kg, "lineage").nodes[iri]["evidence"]
    True
    >>> evidence_of(kg, iri)[0]["quote"]
    '提出“八八战略”工作部署'
    """
    return _evidence_index(records(kg, "evidence", subject=URIRef(subject))).get(subject, ())


_NAMES: weakref.WeakKeyDictionary[
    KnowledgeGraph, tuple[int, Callable[[str], str], dict[str, set[str]]]
] = weakref.WeakKeyDictionary()


def names(kg: KnowledgeGraph, fold: Callable[[str], str] = str.casefold) -> dict[str, set[str]]:
    """Every name (label, alias, pinyin) of ``kg``, folded by ``fold``, → the IRIs it names."""
    size = kg.generation
    cached = _NAMES.get(kg)
    if cached is not None and cached[:2] == (size, fold):
        return cached[2]
    found: dict[str, set[str]] = defaultdict(set)
    for iri, name in kg.rows(read_query("analytics/names"))[1]:
        found[fold(str(name))].add(str(iri))
    _NAMES[kg] = (size, fold, dict(found))
    return dict(found)


@dataclass(frozen=True)
class Figure:
    """An observation as read back from the graph; it satisfies `checks.CheckedFigure`."""

    id: str
    iri: str
    indicator: str
    indicator_zh: str | None
    indicator_en: str | None
    place: str
    place_zh: str | None
    period: str | None
    year: int | None
    value: Decimal
    unit: str
    value_base: Decimal
    unit_base: str
    role: str
    qualifier: str
    part_of: str | None
    share_of: tuple[str, str] | None
    flag: str | None


def _decimal(text: object, where: str) -> Decimal:
    try:
        return Decimal(str(text))
    except InvalidOperation:
        raise DataError(f"{where}: {text!r} is not a number") from None


def figures(kg: KnowledgeGraph) -> list[Figure]:
    """Every observation of ``kg`` as a `Figure`, in IRI order, values as printed."""

    def slug(iri: object) -> str | None:
        return None if iri is None else local_name(str(iri))

    found: dict[str, Figure] = {}
    for row in records(kg, "figures"):
        iri = str(row.observation)
        numerator, denominator = slug(row.numerator), slug(row.denominator)
        found.setdefault(
            iri,
            Figure(
                id=local_name(iri),
                iri=iri,
                indicator=str(row.indicator),
                indicator_zh=row.indicator_zh,
                indicator_en=row.indicator_en,
                place=str(row.place),
                place_zh=row.place_zh,
                period=row.period,
                year=_year(row.year),
                value=_decimal(row.value, iri),
                unit=str(row.unit),
                value_base=_decimal(row.value_base, iri),
                unit_base=str(row.unit_base),
                role=_ROLES.get(local_name(str(row.role)), local_name(str(row.role))),
                qualifier=_QUALIFIERS.get(
                    local_name(str(row.qualifier)), local_name(str(row.qualifier))
                ),
                part_of=slug(row.part_of),
                share_of=(numerator, denominator) if numerator and denominator else None,
                flag=row.curated,
            ),
        )
    return [found[iri] for iri in sorted(found)]
