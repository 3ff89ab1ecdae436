"""Reason over the graph with HermiT (through owlready2): consistency, clashes, inferences.

`reason` merges the ontology and the data, converts them to N-Triples with rdflib
(owlready2 cannot read Turtle: ``format="turtle"`` silently loads nothing), loads
them into a fresh ``owlready2.World`` and runs HermiT on the system Java.

HermiT says only *whether* the graph is inconsistent. `find_clashes` says *why*:
it checks the individuals against the ontology's disjointness, domain and range,
property characteristics and datatype axioms in plain Python, and names the
individuals, their labels and the classes involved. When no rule explains a
contradiction, `reason` shrinks the data with repeated HermiT runs until a small
inconsistent set of triples is left, and reports that.

Examples
--------
`find_clashes` needs no Java:

>>> from policygraph import _paths
>>> from policygraph.loading import parse_file
>>> graph = parse_file(_paths.ontology_file())
>>> graph = parse_file(_paths.ontology_dir() / "examples/invalid/city-and-firm.ttl", graph=graph)
>>> [clash.kind for clash in find_clashes(graph)]
['disjoint classes']
>>> print(find_clashes(graph)[0])  # doctest: +NORMALIZE_WHITESPACE
pgid:hangzhou (杭州 / Hangzhou) is a pg:Firm (asserted) and a pg:PrefectureCity (asserted),
but pg:Organisation and pg:Place are disjoint
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from . import _paths
from ._files import write_atomic
from ._namespaces import PG, bind_prefixes, prefixed_name
from ._serialize import canonical_nt, canonical_turtle
from .errors import PolicygraphError
from .loading import GraphInput, guess_format, read_graph

__all__ = [
    "JAVA_MEMORY_MB",
    "Clash",
    "GraphInput",
    "ReasonerError",
    "ReasoningReport",
    "find_clashes",
    "java_available",
    "reason",
    "write_inferred",
]

JAVA_MEMORY_MB = 2000
"""Maximum Java heap for HermiT, in megabytes."""

_INPUT = "http://policygraph.invalid/reasoning/input"
_INFERRED = "http://policygraph.invalid/reasoning/inferred"
_MINIMISE_BUDGET = 48  # HermiT runs allowed when shrinking an unexplained contradiction
_SHOWN_TRIPLES = 12
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


class ReasonerError(PolicygraphError):
    """HermiT could not run: Java is missing, or it failed on the input."""

    exit_code = 6


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


@dataclass
class ReasoningReport:
    """What HermiT made of the ontology and the data.

    Attributes
    ----------
    consistent : bool
        False when the ontology and data together contradict themselves.
    clashes : list of Clash
        Why it is inconsistent (empty when consistent).
    inferred : rdflib.Graph
        New triples only: inferred types, inverse and super-property assertions and
        the transitive closure of the lineage and place hierarchies. Triples about
        ``owl:sameAs`` aliases (e.g. Wikidata items) are left out: they repeat the
        canonical IRI's. Empty when inconsistent.
    unsatisfiable : list of str
        Classes that can have no instance (an error in the ontology).
    seconds : float
        Wall-clock time of the HermiT run.
    triples : int
        Size of the graph reasoned over (ontology plus data).
    """

    consistent: bool
    clashes: list[Clash] = field(default_factory=list)
    inferred: Graph = field(default_factory=Graph)
    unsatisfiable: list[str] = field(default_factory=list)
    seconds: float = 0.0
    triples: int = 0

    def explain(self) -> str:
        """A plain-text account: the verdict, then the clashes or the inferred triples.

        Examples
        --------
        >>> print(ReasoningReport(consistent=True, seconds=1.25, triples=10).explain())
        consistent: HermiT found no contradiction in 10 triples (ontology and data), 1.2 s
        inferred no new triples
        """
        lines: list[str] = []
        if self.consistent:
            lines.append(
                f"consistent: HermiT found no contradiction in {self.triples} triples "
                f"(ontology and data), {self.seconds:.1f} s"
            )
            counts = Counter(_curie(str(p)) for p in self.inferred.predicates())
            if counts:
                lines.append(f"inferred {len(self.inferred)} new triples:")
                width = max(len(name) for name in counts)
                for name, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
                    lines.append(f"  {name:<{width}}  {count}")
            else:
                lines.append("inferred no new triples")
        else:
            lines.append(
                f"inconsistent: HermiT found a contradiction in {self.triples} triples "
                f"(ontology and data), {self.seconds:.1f} s; {len(self.clashes)} clash(es):"
            )
            for number, clash in enumerate(self.clashes, start=1):
                lines.append(f"  {number}. [{clash.kind}] {clash.message}")
        if self.unsatisfiable:
            names = ", ".join(_curie(iri) for iri in self.unsatisfiable)
            lines.append(f"unsatisfiable classes (errors in the ontology): {names}")
        return "\n".join(lines)

    def write_inferred(self, path: str | os.PathLike[str], *, format: str | None = None) -> Path:
        """Write the inferred triples to ``path`` atomically; see `write_inferred`."""
        return write_inferred(self.inferred, path, format=format)


def java_available() -> bool:
    """Whether the Java runtime HermiT needs is on the PATH."""
    import owlready2

    return shutil.which(owlready2.JAVA_EXE) is not None


def reason(
    data: GraphInput | None = None,
    *,
    ontology: GraphInput | None = None,
    infer: bool = True,
) -> ReasoningReport:
    """Check the graph for consistency with HermiT and collect what it infers.

    Parameters
    ----------
    data : Graph or path, optional
        The instance data; by default the bundled release graph.
    ontology : Graph or path, optional
        The ontology; by default ``ontology/policygraph.ttl``.
    infer : bool
        Ask HermiT for entailed property values too (transitive closure, e.g. a
        policy's every ancestor; about ten times slower on the full graph). Without
        it, `ReasoningReport.inferred` holds the inferred types and the direct
        inverse and super-property assertions only.

    Returns
    -------
    ReasoningReport

    Raises
    ------
    InputError
        A file is missing or malformed; the message names the file and line.
    ReasonerError
        Java is not installed, or HermiT failed.

    Examples
    --------
    >>> from policygraph import _paths
    >>> examples = _paths.ontology_dir() / "examples"
    >>> reason(examples / "valid" / "places.ttl").consistent  # doctest: +SKIP
    True
    >>> report = reason(examples / "invalid" / "city-and-firm.ttl")  # doctest: +SKIP
    >>> print(report.explain())  # doctest: +SKIP
    inconsistent: HermiT found a contradiction in 1203 triples (ontology and data), 0.5 s; ...
      1. [disjoint classes] pgid:hangzhou (杭州 / Hangzhou) is a pg:Firm (asserted) and a ...
    """
    data_graph = read_graph(data, _paths.release_file("nt"))
    ontology_graph = read_graph(ontology, _paths.ontology_file())
    merged = _union(ontology_graph, data_graph)
    started = time.perf_counter()
    consistent, raw = _hermit(merged, infer=infer)
    seconds = time.perf_counter() - started
    if consistent:
        unsatisfiable = sorted(
            str(cls)
            for cls in raw.subjects(OWL.equivalentClass, OWL.Nothing)
            if isinstance(cls, URIRef)
        )
        return ReasoningReport(
            consistent=True,
            inferred=_new_triples(raw, merged),
            unsatisfiable=unsatisfiable,
            seconds=seconds,
            triples=len(merged),
        )
    clashes = find_clashes(merged)
    if not clashes:
        clashes = [_unexplained(ontology_graph, data_graph)]
    return ReasoningReport(consistent=False, clashes=clashes, seconds=seconds, triples=len(merged))


def write_inferred(
    graph: Graph, path: str | os.PathLike[str], *, format: str | None = None
) -> Path:
    """Write a graph of inferred triples atomically (temporary file, then rename).

    N-Triples and Turtle are written sorted, so the same inferences give the same
    bytes; other formats use rdflib's serialiser.

    Parameters
    ----------
    graph : rdflib.Graph
        Usually `ReasoningReport.inferred`.
    path : path
        Target file; its suffix chooses the format unless ``format`` is given.
    format : str, optional
        An rdflib format name (``"nt"``, ``"turtle"``, ``"json-ld"`` …).

    Returns
    -------
    Path
        The file written.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
    >>> from rdflib import Graph
    >>> from policygraph import PG, PGID
    >>> inferred = Graph()
    >>> _ = inferred.add((PGID.hangzhou, PG.locatedIn, PGID.china))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = write_inferred(inferred, Path(folder) / "inferred.ttl")
    ...     print(written.read_text(encoding="utf-8"), end="")
    @prefix pg: <https://w3id.org/policygraph/ontology/> .
    @prefix pgid: <https://w3id.org/policygraph/id/> .
    <BLANKLINE>
    pgid:hangzhou
        pg:locatedIn pgid:china .
    """
    target = Path(path)
    fmt = format or guess_format(target)
    clean = Graph()
    bind_prefixes(clean.namespace_manager)
    for triple in graph:
        if not any(isinstance(term, BNode) for term in triple):
            clean.add(triple)
    if fmt == "nt":
        text = canonical_nt(clean)
    elif fmt == "turtle":
        text = canonical_turtle(clean)
    else:
        text = clean.serialize(format=fmt)
    target.parent.mkdir(parents=True, exist_ok=True)
    return write_atomic(target, text)


# -- HermiT through owlready2 --------------------------------------------------------------


def _union(*graphs: Graph) -> Graph:
    merged = Graph()
    bind_prefixes(merged.namespace_manager)
    for graph in graphs:
        for triple in graph:
            merged.add(triple)
    return merged


def _hermit(graph: Graph, *, infer: bool) -> tuple[bool, Graph]:
    """Run HermiT on a graph; return whether it is consistent and owlready2's inferences."""
    import owlready2
    from owlready2.base import OwlReadyInconsistentOntologyError, OwlReadyJavaError

    if not java_available():
        raise ReasonerError(
            f"Java ({owlready2.JAVA_EXE!r}) not found: HermiT needs a Java runtime "
            "(e.g. apt-get install default-jre-headless)"
        )
    owlready2.reasoning.JAVA_MEMORY = JAVA_MEMORY_MB
    ntriples = graph.serialize(format="nt", encoding="utf-8")
    world = owlready2.World()
    chatter = io.StringIO()  # owlready2 prints warnings about punned properties
    try:
        with contextlib.redirect_stderr(chatter), contextlib.redirect_stdout(chatter):
            world.get_ontology(_INPUT).load(fileobj=io.BytesIO(ntriples), format="ntriples")
            inferred = world.get_ontology(_INFERRED)
            try:
                owlready2.sync_reasoner_hermit(
                    inferred,
                    infer_property_values=infer,
                    debug=0,
                    ignore_unsupported_datatypes=True,
                )
            except OwlReadyInconsistentOntologyError:
                return False, Graph()
            except OwlReadyJavaError as exc:
                raise ReasonerError(f"HermiT failed: {exc}") from exc
            buffer = io.BytesIO()
            inferred.save(file=buffer, format="ntriples")
    finally:
        world.close()
    result = Graph()
    result.parse(data=buffer.getvalue().decode("utf-8"), format="nt")
    return True, result


def _new_triples(raw: Graph, merged: Graph) -> Graph:
    """Inferred triples that are new and about named individuals, made complete.

    HermiT lists the entailed pairs of each property except those that follow
    directly from an asserted sub-property or inverse, and owlready2 drops a pair
    when its inverse is asserted; those are added back here for pg: properties.
    """
    aliases = _aliases(merged)
    axioms = _Axioms(merged)
    inferred = Graph()
    bind_prefixes(inferred.namespace_manager)

    def keep(triple: tuple[Node, Node, Node]) -> bool:
        subject, predicate, obj = triple
        return (
            str(subject) != _INFERRED
            and not any(isinstance(term, BNode) for term in triple)
            and subject not in aliases
            and obj not in aliases
            and not (predicate == OWL.equivalentClass and obj == OWL.Nothing)
            and triple not in merged
        )

    for triple in raw:
        if keep(triple):
            inferred.add(triple)
    for subject, predicate, obj in [*merged, *inferred]:
        if predicate not in axioms.object_properties or not isinstance(obj, URIRef):
            continue
        for prop, flipped in axioms.views(predicate):
            if str(prop).startswith(str(PG)):
                triple = (obj, prop, subject) if flipped else (subject, prop, obj)
                if keep(triple):
                    inferred.add(triple)
    return inferred


def _aliases(graph: Graph) -> set[Node]:
    """Nodes that only stand for another through owl:sameAs (e.g. Wikidata items)."""
    candidates = set(graph.objects(None, OWL.sameAs)) | set(graph.subjects(OWL.sameAs, None))
    return {
        node
        for node in candidates
        if all(predicate == OWL.sameAs for predicate in graph.predicates(node, None))
    }


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


def _label(graph: Graph, node: Node) -> str:
    labels: dict[str, str] = {}
    for label in graph.objects(node, RDFS.label):
        if isinstance(label, Literal) and label.language in ("zh", "en"):
            labels.setdefault(label.language, str(label))
    return " / ".join(labels[language] for language in ("zh", "en") if language in labels)


def _named(graph: Graph, node: Node) -> str:
    label = _label(graph, node)
    name = _curie(str(node)) if isinstance(node, URIRef) else f"_:{node}"
    return f"{name} ({label})" if label else name


class _Axioms:
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
    axioms = _Axioms(graph)
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
                    labels=(_label(graph, subject),),
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
                    labels=(_label(graph, first), _label(graph, second)),
                    classes=(),
                    properties=(str(OWL.sameAs), str(OWL.differentFrom)),
                    message=f"{_named(graph, first)} and {_named(graph, second)} are "
                    "both the same (owl:sameAs) and different (owl:differentFrom)",
                )
            )
    unique = {(clash.kind, clash.message): clash for clash in clashes}
    return sorted(unique.values(), key=lambda clash: (clash.individuals, clash.message))


def _class_clashes(graph: Graph, axioms: _Axioms, record: _Individual) -> Iterator[Clash]:
    names = sorted(record.names, key=str)
    subject = " = ".join(_named(graph, name) for name in names)
    individuals = tuple(str(name) for name in names)
    labels = tuple(_label(graph, name) for name in names)
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


def _blocker(axioms: _Axioms, roots: list[Node], member: Node) -> Node | None:
    """A type of the individual that is disjoint with ``member``, if any."""
    for root in roots:
        if axioms.disjoint(root, member) is not None:
            return root
    return None


def _property_clashes(
    graph: Graph, axioms: _Axioms, edges: dict[Node, set[tuple[Node, Node]]]
) -> Iterator[Clash]:
    def clash(kind: str, nodes: Iterable[Node], props: Iterable[Node], message: str) -> Clash:
        unique = list(dict.fromkeys(nodes))
        return Clash(
            kind=kind,
            individuals=tuple(str(node) for node in unique),
            labels=tuple(_label(graph, node) for node in unique),
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
        labels=(_label(graph, subject),),
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


# -- shrinking an unexplained contradiction with HermiT ----------------------------------------


def _unexplained(ontology: Graph, data: Graph) -> Clash:
    """Shrink the data to a small set of triples HermiT still finds inconsistent."""
    # annotations carry no logical weight in OWL DL, so they cannot be part of a clash
    annotations = set(ontology.subjects(RDF.type, OWL.AnnotationProperty))
    annotations |= {RDFS.label, RDFS.comment, RDFS.seeAlso}
    triples = sorted(
        (t for t in data if t not in ontology and t[1] not in annotations),
        key=lambda t: tuple(map(str, t)),
    )
    runs = 0

    def inconsistent(candidate: list[tuple[Node, Node, Node]]) -> bool:
        nonlocal runs
        runs += 1
        subset = _union(ontology)
        for triple in candidate:
            subset.add(triple)
        try:
            return not _hermit(subset, infer=False)[0]
        except ReasonerError:  # a cut through an RDF list can make bad OWL
            return False

    parts = 2
    while len(triples) >= 2 and runs < _MINIMISE_BUDGET:
        size = -(-len(triples) // parts)
        for start in range(0, len(triples), size):
            candidate = triples[:start] + triples[start + size :]
            if runs >= _MINIMISE_BUDGET:
                break
            if candidate and inconsistent(candidate):
                triples = candidate
                parts = max(parts - 1, 2)
                break
        else:
            if parts >= len(triples):
                break
            parts = min(len(triples), parts * 2)
    merged = _union(ontology, data)
    nodes: list[Node] = [
        term
        for subject, predicate, obj in triples
        for term in (subject, obj)
        if isinstance(term, URIRef) and predicate != RDF.type
    ]
    nodes += [subject for subject, predicate, _ in triples if predicate == RDF.type]
    unique = [node for node in dict.fromkeys(nodes) if isinstance(node, URIRef)]
    shown = "; ".join(
        " ".join(_curie(str(term)) if isinstance(term, URIRef) else term.n3() for term in triple)
        for triple in triples[:_SHOWN_TRIPLES]
    )
    more = f" and {len(triples) - _SHOWN_TRIPLES} more" if len(triples) > _SHOWN_TRIPLES else ""
    return Clash(
        kind="unexplained",
        individuals=tuple(str(node) for node in unique),
        labels=tuple(_label(merged, node) for node in unique),
        classes=tuple(
            dict.fromkeys(str(obj) for _, predicate, obj in triples if predicate == RDF.type)
        ),
        properties=tuple(dict.fromkeys(str(predicate) for _, predicate, _ in triples)),
        message=f"no rule explains it; HermiT finds these {len(triples)} triple(s) "
        f"inconsistent with the ontology ({runs} runs): {shown}{more}",
    )
