"""Validate instance data against the SHACL shapes; the results come back as data.

The shapes (``ontology/shapes.ttl``) target by class and use ``sh:class``, which
follow ``rdf:type/rdfs:subClassOf*`` in the *data* graph. `validate` therefore mixes
the ontology into (a copy of) the data graph before validating, through pySHACL's
``ont_graph``; no RDFS or OWL inference is run.

Examples
--------
>>> from policygraph import _paths
>>> from policygraph.validation import validate
>>> invalid = _paths.ontology_dir() / "examples" / "invalid"
>>> report = validate(invalid / "observation-without-unit.ttl")
>>> report.conforms
False
>>> [(result.shape, result.path) for result in report.violations]
[('pgsh:ObservationShape', 'pg:unit')]
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from . import _paths
from ._namespaces import prefixed_name
from .errors import InputError
from .loading import GraphInput, read_graph

if TYPE_CHECKING:
    import pandas as pd
    from rich.table import Table

__all__ = [
    "SHAPES",
    "GraphInput",
    "Severity",
    "ValidationReport",
    "ValidationResult",
    "validate",
]

SHAPES = Namespace("https://w3id.org/policygraph/shapes/")
"""Namespace of the policygraph SHACL shapes (prefix ``pgsh:``)."""

"""An rdflib Graph, or the path of an RDF file (format from its suffix)."""

_COLUMNS = ["severity", "shape", "focus_node", "path", "value", "message"]


class Severity(enum.Enum):
    """SHACL severity of a validation result; only `VIOLATION` breaks conformance."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @classmethod
    def from_iri(cls, iri: Node | None) -> Severity:
        """The severity named by ``sh:Violation``, ``sh:Warning`` or ``sh:Info``.

        Examples
        --------
        >>> from rdflib.namespace import SH
        >>> Severity.from_iri(SH.Warning)
        <Severity.WARNING: 'Warning'>
        """
        if iri is None:
            return cls.VIOLATION
        return cls(str(iri).removeprefix(str(SH)))


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result.

    Attributes
    ----------
    severity : Severity
        Violation, warning or info.
    shape : str
        CURIE of the named shape that produced it (for a property shape, the node
        shape that holds it), e.g. ``"pgsh:ObservationShape"``.
    focus_node : str
        Full IRI of the node that failed (``_:id`` for a blank node).
    path : str or None
        The property path, as SPARQL with CURIEs (``"oa:hasTarget/oa:hasSelector/oa:start"``).
    value : str or None
        The offending value: a full IRI, or a literal in N-Triples form.
    message : str
        The shape's English ``sh:message`` (pySHACL's own text if it has none).
    """

    severity: Severity
    shape: str
    focus_node: str
    path: str | None
    value: str | None
    message: str

    def sort_key(self) -> tuple[str, str, str, str, str]:
        """Shape, focus node, path, value and message: the order of a report's results."""
        return (self.shape, self.focus_node, self.path or "", self.value or "", self.message)


@dataclass
class ValidationReport:
    """The results of one validation run.

    Attributes
    ----------
    results : list of ValidationResult
        Sorted by shape, focus node, path, value and message.
    """

    results: list[ValidationResult] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when no result is a `Severity.VIOLATION` (warnings and infos are allowed)."""
        return not self.violations

    @property
    def violations(self) -> list[ValidationResult]:
        """The results of severity `Severity.VIOLATION`."""
        return [result for result in self.results if result.severity is Severity.VIOLATION]

    def __len__(self) -> int:
        return len(self.results)

    def __iter__(self) -> Iterator[ValidationResult]:
        return iter(self.results)

    def by_shape(self) -> dict[str, list[ValidationResult]]:
        """Results grouped by the CURIE of their shape, shapes in sorted order."""
        groups: dict[str, list[ValidationResult]] = {}
        for result in sorted(self.results, key=ValidationResult.sort_key):
            groups.setdefault(result.shape, []).append(result)
        return groups

    def summary(self) -> str:
        """One line: whether the data conforms and how many results of each severity.

        Examples
        --------
        >>> ValidationReport().summary()
        'conforms: 0 violations, 0 warnings, 0 infos'
        """
        counts = {severity: 0 for severity in Severity}
        for result in self.results:
            counts[result.severity] += 1
        verdict = "conforms" if self.conforms else "does not conform"
        return (
            f"{verdict}: {counts[Severity.VIOLATION]} violations, "
            f"{counts[Severity.WARNING]} warnings, {counts[Severity.INFO]} infos"
        )

    def to_frame(self) -> pd.DataFrame:
        """The results as a pandas DataFrame, one row per result.

        Columns: severity (``"Violation"`` …), shape, focus_node, path, value, message.
        """
        import pandas as pd

        rows = [
            {
                "severity": result.severity.value,
                "shape": result.shape,
                "focus_node": result.focus_node,
                "path": result.path,
                "value": result.value,
                "message": result.message,
            }
            for result in sorted(self.results, key=ValidationResult.sort_key)
        ]
        return pd.DataFrame(rows, columns=_COLUMNS)

    def to_table(self) -> Table:
        """A rich Table grouped by shape, with nodes shown as CURIEs."""
        from rich.table import Table

        table = Table(title=f"SHACL validation: {self.summary()}", show_lines=False)
        for column in ("shape", "severity", "focus node", "path", "message"):
            table.add_column(column, overflow="fold")
        for shape, results in self.by_shape().items():
            for index, result in enumerate(results):
                table.add_row(
                    shape if index == 0 else "",
                    result.severity.value,
                    _curie(result.focus_node),
                    result.path or "",
                    result.message,
                )
            table.add_section()
        return table


def validate(
    data: GraphInput | None = None,
    *,
    shapes: GraphInput | None = None,
    ontology: GraphInput | None = None,
) -> ValidationReport:
    """Validate a graph against the policygraph SHACL shapes.

    Parameters
    ----------
    data : Graph or path, optional
        The instance data; by default the bundled release graph.
    shapes : Graph or path, optional
        SHACL shapes; by default ``ontology/shapes.ttl``.
    ontology : Graph or path, optional
        The ontology mixed into a copy of the data graph so that ``sh:class`` and
        ``sh:targetClass`` see the subclass hierarchy; by default
        ``ontology/policygraph.ttl``. Input graphs are never modified.

    Returns
    -------
    ValidationReport

    Raises
    ------
    InputError
        A file is missing or malformed (the message names the file and line), or
        the shapes are not valid SHACL.

    Examples
    --------
    >>> from policygraph import _paths
    >>> examples = _paths.ontology_dir() / "examples"
    >>> validate(examples / "valid" / "lineage.ttl").conforms
    True
    >>> report = validate(examples / "invalid" / "entity-without-en-label.ttl")
    >>> [result.message for result in report.violations]
    ['Every entity needs an rdfs:label in English (@en).']
    """
    import pyshacl
    from pyshacl.errors import ReportableRuntimeError

    data_graph = read_graph(data, _paths.release_file("nt"))
    shapes_graph = read_graph(shapes, _paths.shapes_file())
    ontology_graph = read_graph(ontology, _paths.ontology_file())
    try:
        _, results_graph, _ = pyshacl.validate(
            data_graph,
            shacl_graph=shapes_graph,
            ont_graph=ontology_graph,
            inference="none",
            allow_infos=True,
            allow_warnings=True,
        )
    except ReportableRuntimeError as exc:
        where = shapes if shapes is not None and not isinstance(shapes, Graph) else None
        if where is None and shapes is None:
            where = _paths.shapes_file()
        raise InputError(f"invalid SHACL shapes: {exc.message}", path=where) from exc
    if not isinstance(results_graph, Graph):  # pySHACL returns bytes only when asked to
        raise TypeError("pySHACL did not return a results graph")
    results = _results(results_graph, shapes_graph)
    return ValidationReport(sorted(results, key=ValidationResult.sort_key))


# -- helpers -------------------------------------------------------------------------------


_SHAPE_PREFIXES = {"pgsh": str(SHAPES), "sh": str(SH)}


def _curie(iri: str) -> str:
    """A display name: lenient (``pgid:evidence/x-1-2``), so only for showing."""
    return prefixed_name(iri, angle=not iri.startswith("_:"), extra=_SHAPE_PREFIXES)


def _node_text(node: Node) -> str:
    if isinstance(node, BNode):
        return f"_:{node}"
    if isinstance(node, Literal):
        return node.n3()
    return str(node)


def _path_text(path: Node, graph: Graph) -> str:
    """A SHACL property path in SPARQL property-path syntax, with CURIEs."""
    if isinstance(path, URIRef):
        return _curie(str(path))
    if not isinstance(path, BNode):
        return str(path)
    if (path, RDF.first, None) in graph:
        return "/".join(_path_text(step, graph) for step in graph.items(path))
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "({})*"),
        (SH.oneOrMorePath, "({})+"),
        (SH.zeroOrOnePath, "({})?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(_path_text(inner, graph))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "|".join(_path_text(step, graph) for step in graph.items(alternatives))
    return f"_:{path}"


def _shape_name(shape: Node, shapes: Graph) -> str:
    """The CURIE of the named shape behind a result (property shapes are often blank)."""
    named: Node = shape
    seen: set[Node] = set()
    while isinstance(named, BNode) and named not in seen:
        seen.add(named)
        parent = next(shapes.subjects(SH.property, named), None)
        if parent is None:
            parent = next(shapes.subjects(SH.node, named), None)
        if parent is None:
            break
        named = parent
    return _curie(str(named)) if isinstance(named, URIRef) else _node_text(named)


def _message(results: Graph, result: Node) -> str:
    messages = [m for m in results.objects(result, SH.resultMessage) if isinstance(m, Literal)]
    for message in messages:
        if message.language in ("en", None):
            return str(message)
    return str(messages[0]) if messages else ""


def _results(results: Graph, shapes: Graph) -> Iterator[ValidationResult]:
    # a path's RDF list may sit in either graph, depending on pySHACL's version
    paths = shapes + results
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        shape = results.value(result, SH.sourceShape)
        yield ValidationResult(
            severity=Severity.from_iri(results.value(result, SH.resultSeverity)),
            shape=_shape_name(shape, shapes) if shape is not None else "",
            focus_node=_node_text(focus) if focus is not None else "",
            path=_path_text(path, paths) if path is not None else None,
            value=_node_text(value) if value is not None else None,
            message=_message(results, result),
        )
