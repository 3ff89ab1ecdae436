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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from . import _paths
from ._clashes import Axioms, Clash, find_clashes, node_label
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


def _prefixed(iri: str) -> str:
    return prefixed_name(iri, angle=True)


class ReasonerError(PolicygraphError):
    """HermiT could not run: Java is missing, or it failed on the input."""

    exit_code = 6


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
            counts = Counter(_prefixed(str(p)) for p in self.inferred.predicates())
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
            names = ", ".join(_prefixed(iri) for iri in self.unsatisfiable)
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
    axioms = Axioms(merged)
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
        " ".join(_prefixed(str(term)) if isinstance(term, URIRef) else term.n3() for term in triple)
        for triple in triples[:_SHOWN_TRIPLES]
    )
    more = f" and {len(triples) - _SHOWN_TRIPLES} more" if len(triples) > _SHOWN_TRIPLES else ""
    return Clash(
        kind="unexplained",
        individuals=tuple(str(node) for node in unique),
        labels=tuple(node_label(merged, node) for node in unique),
        classes=tuple(
            dict.fromkeys(str(obj) for _, predicate, obj in triples if predicate == RDF.type)
        ),
        properties=tuple(dict.fromkeys(str(predicate) for _, predicate, _ in triples)),
        message=f"no rule explains it; HermiT finds these {len(triples)} triple(s) "
        f"inconsistent with the ontology ({runs} runs): {shown}{more}",
    )
