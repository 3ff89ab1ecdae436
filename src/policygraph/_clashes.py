"""Explaining a contradiction in Python: which individuals, classes and properties clash.

HermiT says only *whether* a graph is inconsistent; `find_clashes` says *why*, without
Java (see `policygraph.reasoning`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from ._namespaces import prefixed_name

__all__ = ["Axioms", "Clash", "find_clashes", "node_label"]

_T = TypeVar("_T")

_INTEGER_TYPES = frozenset(
    XSD[name]
    for name in (
        "integer",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
)


@dataclass(frozen=True)
class Clash:
    """One reason why the graph is inconsistent.

    Attributes
    ----------
    kind : str
        ``"disjoint classes"``, ``"domain or range"``, ``"irreflexive property"``,
        ``"asymmetric property"``, ``"disjoint properties"``, ``"functional property"``,
        ``"datatype"``, ``"same and different"`` or ``"unexplained"`` (a minimal set of
        triples HermiT finds inconsistent, when no rule explains it).
    individuals : tuple of str
        Full IRIs of the individuals involved.
    labels : tuple of str
        Their labels, ``"zh / en"``, in the same order (empty when unlabelled).
    classes : tuple of str
        Full IRIs of the classes involved: the individuals' own classes, then the
        disjoint (or required) classes they imply.
    properties : tuple of str
        Full IRIs of the properties involved.
    message : str
        The explanation in English, with CURIEs.
    """

    kind: str
    individuals: tuple[str, ...]
    labels: tuple[str, ...]
    classes: tuple[str, ...]
    properties: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return self.message


def _inverse_map(graph: Graph) -> dict[Node, set[Node]]:
    inverses: dict[Node, set[Node]] = defaultdict(set)
    for first, second in graph.subject_objects(OWL.inverseOf):
        if isinstance(first, URIRef) and isinstance(second, URIRef):
            inverses[first].add(second)
            inverses[second].add(first)
    return inverses


# -- explaining a contradiction in Python ------------------------------------------------------


def _curie(iri: str) -> str:
    return prefixed_name(iri, angle=True)


def node_label(graph: Graph, node: Node) -> str:
    labels: dict[str, str] = {}
    for label in graph.objects(node, RDFS.label):
        if isinstance(label, Literal) and label.language in ("zh", "en"):
            labels.setdefault(label.language, str(label))
    return " / ".join(labels[language] for language in ("zh", "en") if language in labels)


def _named(graph: Graph, node: Node) -> str:
    label = node_label(graph, node)
    name = _curie(str(node)) if isinstance(node, URIRef) else f"_:{node}"
    return f"{name} ({label})" if label else name


class Axioms:
    """The ontology axioms the clash rules need, read once from the merged graph."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.superclasses: dict[Node, set[Node]] = defaultdict(set)
        for sub, sup in graph.subject_objects(RDFS.subClassOf):
            self.superclasses[sub].add(sup)
        for first, second in graph.subject_objects(OWL.equivalentClass):
            self.superclasses[first].add(second)
            self.superclasses[second].add(first)
        self.superproperties: dict[Node, set[Node]] = defaultdict(set)
        for sub, sup in graph.subject_objects(RDFS.subPropertyOf):
            self.superproperties[sub].add(sup)
        for first, second in graph.subject_objects(OWL.equivalentProperty):
            self.superproperties[first].add(second)
            self.superproperties[second].add(first)
        self.inverses = _inverse_map(graph)
        self.domains: dict[Node, list[Node]] = defaultdict(list)
        self.ranges: dict[Node, list[Node]] = defaultdict(list)
        for prop, domain in graph.subject_objects(RDFS.domain):
            self.domains[prop].append(domain)
        for prop, range_ in graph.subject_objects(RDFS.range):
            self.ranges[prop].append(range_)
        self.object_properties = set(graph.subjects(RDF.type, OWL.ObjectProperty))
        self.datatype_properties = set(graph.subjects(RDF.type, OWL.DatatypeProperty))
        self.functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty))
        self.asymmetric = set(graph.subjects(RDF.type, OWL.AsymmetricProperty))
        self.irreflexive = set(graph.subjects(RDF.type, OWL.IrreflexiveProperty))
        self.disjoint_classes = self._disjoint_classes()
        self.disjoint_properties: set[frozenset[Node]] = set()
        for first, second in graph.subject_objects(OWL.propertyDisjointWith):
            self.disjoint_properties.add(frozenset((first, second)))
        for axiom in graph.subjects(RDF.type, OWL.AllDisjointProperties):
            self.disjoint_properties.update(_pairs(self._list(axiom, OWL.members)))
        self._class_ancestors: dict[Node, frozenset[Node]] = {}
        self._property_views: dict[Node, frozenset[tuple[Node, bool]]] = {}

    def _list(self, node: Node, predicate: URIRef) -> list[Node]:
        head = self.graph.value(node, predicate)
        return [] if head is None else list(self.graph.items(head))

    def members(self, node: Node) -> list[Node]:
        """The named classes of a class expression that is a name or a union."""
        union = self.graph.value(node, OWL.unionOf) if isinstance(node, BNode) else None
        return list(self.graph.items(union)) if union is not None else [node]

    def _disjoint_classes(self) -> set[frozenset[Node]]:
        graph = self.graph
        pairs: set[frozenset[Node]] = set()
        for first, second in graph.subject_objects(OWL.disjointWith):
            pairs.update(
                frozenset((a, b)) for a in self.members(first) for b in self.members(second)
            )
        for axiom in graph.subjects(RDF.type, OWL.AllDisjointClasses):
            pairs.update(_pairs(self._list(axiom, OWL.members)))
        for _, members in graph.subject_objects(OWL.disjointUnionOf):
            pairs.update(_pairs(list(graph.items(members))))
        return {pair for pair in pairs if len(pair) == 2}

    def ancestors(self, cls: Node) -> frozenset[Node]:
        """The class itself and every named superclass."""
        if cls not in self._class_ancestors:
            self._class_ancestors[cls] = frozenset(_closure(cls, self.superclasses.get))
        return self._class_ancestors[cls]

    def views(self, prop: Node) -> frozenset[tuple[Node, bool]]:
        """Properties an assertion of ``prop`` also asserts; True where reversed."""
        if prop not in self._property_views:

            def step(view: tuple[Node, bool]) -> Iterable[tuple[Node, bool]]:
                current, flipped = view
                yield from ((sup, flipped) for sup in self.superproperties.get(current, ()))
                yield from ((inv, not flipped) for inv in self.inverses.get(current, ()))

            self._property_views[prop] = frozenset(_closure((prop, False), step))
        return self._property_views[prop]

    def disjoint(self, first: Node, second: Node) -> tuple[Node, Node] | None:
        """A pair of disjoint ancestors of two classes, if there is one."""
        for a in sorted(self.ancestors(first), key=str):
            for b in sorted(self.ancestors(second), key=str):
                if frozenset((a, b)) in self.disjoint_classes:
                    return a, b
        return None


def _pairs(members: list[Node]) -> Iterator[frozenset[Node]]:
    for index, first in enumerate(members):
        for second in members[index + 1 :]:
            yield frozenset((first, second))


def _closure(start: _T, step: Callable[[_T], Iterable[_T] | None]) -> set[_T]:
    seen = {start}
    frontier = [start]
    while frontier:
        for following in step(frontier.pop()) or ():
            if following not in seen:
                seen.add(following)
                frontier.append(following)
    return seen


class _SameAs:
    """Union-find over owl:sameAs: a contradiction may span two names of one thing."""

    def __init__(self, graph: Graph) -> None:
        self.parent: dict[Node, Node] = {}
        for first, second in graph.subject_objects(OWL.sameAs):
            self.parent[self.find(first)] = self.find(second)

    def find(self, node: Node) -> Node:
        root = node
        while self.parent.get(root, root) != root:
            root = self.parent[root]
        self.parent[node] = root
        return root


@dataclass
class _Individual:
    names: set[Node] = field(default_factory=set)
    # a class and why the individual belongs to it ("asserted", "domain of pg:x" …)
    types: dict[Node, str] = field(default_factory=dict)
    # a union the individual must belong to, and why
    unions: list[tuple[list[Node], str]] = field(default_factory=list)


def find_clashes(graph: Graph) -> list[Clash]:
    """Explain why a graph (ontology and data together) is inconsistent.

    Checks, for every individual: disjoint classes (asserted, inherited or implied by
    property domains and ranges, across ``owl:sameAs``), unions a domain or range
    requires, irreflexive, asymmetric and disjoint properties (through
    sub-properties and inverses), functional datatype properties with two values,
    literals outside a datatype range, and ``owl:sameAs`` against
    ``owl:differentFrom``. Transitive properties are not closed: OWL 2 DL forbids
    these characteristics on them.

    Parameters
    ----------
    graph : rdflib.Graph
        The ontology and the data merged.

    Returns
    -------
    list of Clash
        Empty when no rule finds a contradiction (which does not prove consistency).

    Examples
    --------
    >>> from policygraph import _paths
    >>> from policygraph.loading import parse_file
    >>> graph = parse_file(_paths.ontology_file())
    >>> example = _paths.ontology_dir() / "examples/invalid/policy-succeeds-itself.ttl"
    >>> graph = parse_file(example, graph=graph)
    >>> clash = find_clashes(graph)[0]
    >>> clash.kind, [_curie(iri) for iri in clash.individuals + clash.properties]
    ('irreflexive property', ['pgid:information-economy', 'pg:succeeds'])
    """
    axioms = Axioms(graph)
    same = _SameAs(graph)
    individuals: dict[Node, _Individual] = defaultdict(_Individual)

    def individual(node: Node) -> _Individual:
        record = individuals[same.find(node)]
        record.names.add(node)
        return record

    def require(node: Node, expression: Node, why: str) -> None:
        members = axioms.members(expression)
        record = individual(node)
        if len(members) == 1:
            record.types.setdefault(members[0], why)
        else:
            record.unions.append((members, why))

    clashes: list[Clash] = []
    edges: dict[Node, set[tuple[Node, Node]]] = defaultdict(set)
    values: dict[tuple[Node, Node], set[Literal]] = defaultdict(set)
    for subject, predicate, obj in graph:
        if predicate == RDF.type:
            if not isinstance(obj, BNode):
                individual(subject).types[obj] = "asserted"
            continue
        if predicate in axioms.object_properties and not isinstance(obj, Literal):
            for prop, flipped in axioms.views(predicate):
                start, end = (obj, subject) if flipped else (subject, obj)
                edges[prop].add((same.find(start), same.find(end)))
                for domain in axioms.domains.get(prop, ()):
                    require(start, domain, f"subject of {_curie(str(prop))}")
                for range_ in axioms.ranges.get(prop, ()):
                    require(end, range_, f"object of {_curie(str(prop))}")
        elif predicate in axioms.datatype_properties and isinstance(obj, Literal):
            for prop, flipped in axioms.views(predicate):
                if flipped:
                    continue
                values[(same.find(subject), prop)].add(obj)
                for domain in axioms.domains.get(prop, ()):
                    require(subject, domain, f"subject of {_curie(str(prop))}")
                for range_ in axioms.ranges.get(prop, ()):
                    if isinstance(range_, URIRef) and not _literal_in(obj, range_):
                        clashes.append(_datatype_clash(graph, subject, prop, obj, range_))

    for record in individuals.values():
        clashes.extend(_class_clashes(graph, axioms, record))
    clashes.extend(_property_clashes(graph, axioms, edges))
    for (subject, prop), literals in values.items():
        distinct = {_literal_key(literal) for literal in literals}
        if prop in axioms.functional and len(distinct) > 1:
            shown = ", ".join(sorted(literal.n3() for literal in literals))
            clashes.append(
                Clash(
                    kind="functional property",
                    individuals=(str(subject),),
                    labels=(node_label(graph, subject),),
                    classes=(),
                    properties=(str(prop),),
                    message=f"{_named(graph, subject)} has {len(distinct)} values for "
                    f"{_curie(str(prop))} ({shown}), but it is functional",
                )
            )
    for first, second in graph.subject_objects(OWL.differentFrom):
        if same.find(first) == same.find(second):
            clashes.append(
                Clash(
                    kind="same and different",
                    individuals=(str(first), str(second)),
                    labels=(node_label(graph, first), node_label(graph, second)),
                    classes=(),
                    properties=(str(OWL.sameAs), str(OWL.differentFrom)),
                    message=f"{_named(graph, first)} and {_named(graph, second)} are "
                    "both the same (owl:sameAs) and different (owl:differentFrom)",
                )
            )
    unique = {(clash.kind, clash.message): clash for clash in clashes}
    return sorted(unique.values(), key=lambda clash: (clash.individuals, clash.message))


def _class_clashes(graph: Graph, axioms: Axioms, record: _Individual) -> Iterator[Clash]:
    names = sorted(record.names, key=str)
    subject = " = ".join(_named(graph, name) for name in names)
    individuals = tuple(str(name) for name in names)
    labels = tuple(node_label(graph, name) for name in names)
    roots = sorted(record.types, key=str)
    for index, first in enumerate(roots):
        for second in roots[index:]:
            pair = axioms.disjoint(first, second)
            if pair is None:
                continue
            a, b = pair
            if first == second:
                message = (
                    f"{subject} is a {_curie(str(first))} ({record.types[first]}), a class "
                    f"that can have no instance: {_curie(str(a))} and {_curie(str(b))} "
                    "are disjoint"
                )
            else:
                message = (
                    f"{subject} is a {_curie(str(first))} ({record.types[first]}) and a "
                    f"{_curie(str(second))} ({record.types[second]}), but "
                    + (
                        "they are disjoint"
                        if (a, b) == (first, second)
                        else f"{_curie(str(a))} and {_curie(str(b))} are disjoint"
                    )
                )
            yield Clash(
                kind="disjoint classes",
                individuals=individuals,
                labels=labels,
                classes=tuple(dict.fromkeys(str(c) for c in (first, second, a, b))),
                properties=(),
                message=message,
            )
    for members, why in record.unions:
        if any(member in axioms.ancestors(root) for root in roots for member in members):
            continue
        blockers = {member: _blocker(axioms, roots, member) for member in members}
        if all(blocker is not None for blocker in blockers.values()):
            root = next(blocker for blocker in blockers.values() if blocker is not None)
            wanted = " or ".join(_curie(str(member)) for member in members)
            yield Clash(
                kind="domain or range",
                individuals=individuals,
                labels=labels,
                classes=tuple(dict.fromkeys(str(c) for c in (*roots, *members))),
                properties=(),
                message=f"{subject} must be a {wanted} as the {why}, but it is a "
                f"{_curie(str(root))} ({record.types[root]}), disjoint with each",
            )


def _blocker(axioms: Axioms, roots: list[Node], member: Node) -> Node | None:
    """A type of the individual that is disjoint with ``member``, if any."""
    for root in roots:
        if axioms.disjoint(root, member) is not None:
            return root
    return None


def _property_clashes(
    graph: Graph, axioms: Axioms, edges: dict[Node, set[tuple[Node, Node]]]
) -> Iterator[Clash]:
    def clash(kind: str, nodes: Iterable[Node], props: Iterable[Node], message: str) -> Clash:
        unique = list(dict.fromkeys(nodes))
        return Clash(
            kind=kind,
            individuals=tuple(str(node) for node in unique),
            labels=tuple(node_label(graph, node) for node in unique),
            classes=(),
            properties=tuple(str(prop) for prop in props),
            message=message,
        )

    for prop in sorted(axioms.irreflexive | axioms.asymmetric, key=str):
        name = _curie(str(prop))
        for start, end in sorted(edges.get(prop, ()), key=str):
            if start == end:
                kind = "irreflexive" if prop in axioms.irreflexive else "asymmetric"
                yield clash(
                    f"{kind} property",
                    [start],
                    [prop],
                    f"{_named(graph, start)} {name} itself, but {name} is {kind}",
                )
            elif (
                prop in axioms.asymmetric and (end, start) in edges[prop] and str(start) < str(end)
            ):
                yield clash(
                    "asymmetric property",
                    [start, end],
                    [prop],
                    f"{_named(graph, start)} {name} {_named(graph, end)} and the other way "
                    f"round, but {name} is asymmetric",
                )
    for pair in sorted(axioms.disjoint_properties, key=lambda pair: sorted(map(str, pair))):
        first, second = sorted(pair, key=str)
        for start, end in sorted(edges.get(first, set()) & edges.get(second, set()), key=str):
            yield clash(
                "disjoint properties",
                [start, end],
                [first, second],
                f"{_named(graph, start)} is linked to {_named(graph, end)} by both "
                f"{_curie(str(first))} and {_curie(str(second))}, which are disjoint",
            )


def _datatype_clash(graph: Graph, subject: Node, prop: Node, value: Literal, range_: Node) -> Clash:
    return Clash(
        kind="datatype",
        individuals=(str(subject),),
        labels=(node_label(graph, subject),),
        classes=(str(range_),),
        properties=(str(prop),),
        message=f"{_named(graph, subject)} has {_curie(str(prop))} {value.n3()}, "
        f"which is not in its range {_curie(str(range_))}",
    )


def _literal_in(value: Literal, datatype: URIRef) -> bool:
    """Whether a literal is in a datatype's value space (the cases the ontology uses)."""
    if getattr(value, "ill_typed", False):
        return False
    actual = value.datatype
    if datatype == RDFS.Literal:
        return True
    if datatype == XSD.string:
        return value.language is None and actual in (None, XSD.string)
    if datatype == RDF.langString:
        return value.language is not None
    if datatype == XSD.decimal:
        return actual in _INTEGER_TYPES or actual == XSD.decimal
    if datatype in _INTEGER_TYPES:
        number = _integral(value)
        if number is None:
            return False
        if datatype == XSD.nonNegativeInteger:
            return number >= 0
        if datatype == XSD.positiveInteger:
            return number > 0
        return True
    if datatype in (XSD.double, XSD.float, XSD.boolean, XSD.dateTime):
        return actual == datatype
    return True  # not a datatype the rules know: do not claim a clash


def _integral(value: Literal) -> int | None:
    if value.datatype not in _INTEGER_TYPES and value.datatype != XSD.decimal:
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return int(number) if number == number.to_integral_value() else None


def _literal_key(value: Literal) -> tuple[str, str]:
    """Equal for literals with the same value (``2`` and ``2.0`` as decimals)."""
    if value.datatype in _INTEGER_TYPES or value.datatype == XSD.decimal:
        try:
            return ("number", str(Decimal(str(value)).normalize()))
        except InvalidOperation:
            pass
    return (str(value.datatype or value.language or ""), str(value))
