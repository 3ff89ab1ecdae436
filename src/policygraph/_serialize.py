"""Deterministic, sorted serialisations for committed release files.

rdflib's own serialisers order triples unstably; these writers sort subjects,
predicates and objects so that the same graph always gives the same bytes.
The graphs written here have no blank nodes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ._namespaces import PREFIXES, RDF, XSD

__all__ = ["canonical_jsonld", "canonical_nt", "canonical_trig", "canonical_turtle"]

_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_DECIMAL = re.compile(r"^[+-]?[0-9]*\.[0-9]+$")


def _check(graph: Graph) -> None:
    for triple in graph:
        if any(isinstance(term, BNode) for term in triple):
            raise ValueError(f"blank nodes cannot be written canonically: {triple}")


def canonical_nt(graph: Graph) -> str:
    """N-Triples, one line per triple, lines sorted."""
    _check(graph)
    lines = {_nt(s) + " " + _nt(p) + " " + _nt(o) + " ." for s, p, o in graph}
    return "".join(line + "\n" for line in sorted(lines))


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _string(text: str) -> str:
    """A one-line quoted string, valid in both N-Triples and Turtle."""
    return '"' + "".join(_ESCAPES.get(char, char) for char in text) + '"'


def _nt(term: Node) -> str:
    if isinstance(term, Literal):
        if term.language:
            return f"{_string(str(term))}@{term.language}"
        if term.datatype is not None and term.datatype != XSD.string:
            return f"{_string(str(term))}^^<{term.datatype}>"
        return _string(str(term))
    return term.n3()


def _sort_key(term: Node) -> tuple[int, str]:
    return (0 if isinstance(term, URIRef) else 1, term.n3())


class _Writer:
    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = sorted(prefixes.items(), key=lambda item: -len(item[1]))
        self.used: set[str] = set()

    def term(self, term: Node) -> str:
        if isinstance(term, URIRef):
            if term == RDF.type:
                return "a"
            for prefix, namespace in self.prefixes:
                if term.startswith(namespace) and _LOCAL.match(term[len(namespace) :]):
                    self.used.add(prefix)
                    return f"{prefix}:{term[len(namespace) :]}"
            return term.n3()
        if isinstance(term, Literal):
            if term.datatype == XSD.integer and _INTEGER.match(str(term)):
                return str(term)
            if term.datatype == XSD.decimal and _DECIMAL.match(str(term)):
                return str(term)
            if term.datatype is not None and term.datatype != XSD.string:
                return f"{_string(str(term))}^^{self.term(URIRef(term.datatype))}"
            return _nt(term)
        raise ValueError(f"cannot write {term!r}")

    def block(self, graph: Graph, indent: str = "") -> str:
        out: list[str] = []
        for subject in sorted(set(graph.subjects()), key=_sort_key):
            predicates = sorted(
                set(graph.predicates(subject)),
                key=lambda p: (p != RDF.type, self.term(p)),
            )
            parts = []
            for predicate in predicates:
                objects = [
                    self.term(o) for o in sorted(graph.objects(subject, predicate), key=_sort_key)
                ]
                if len(objects) == 1:
                    parts.append(f"{indent}    {self.term(predicate)} {objects[0]}")
                else:
                    rendered = ",\n".join(f"{indent}        {o}" for o in objects)
                    parts.append(f"{indent}    {self.term(predicate)}\n{rendered}")
            out.append(f"{indent}{self.term(subject)}\n" + " ;\n".join(parts) + " .\n")
        return "\n".join(out)

    def header(self) -> str:
        lines = [
            f"@prefix {prefix}: <{namespace}> ."
            for prefix, namespace in sorted(self.prefixes)
            if prefix in self.used
        ]
        return "\n".join(lines) + "\n\n"


def _prefixes() -> dict[str, str]:
    return {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}


def canonical_turtle(graph: Graph) -> str:
    """Turtle with sorted subjects, predicates (``a`` first) and objects."""
    _check(graph)
    writer = _Writer(_prefixes())
    body = writer.block(graph)
    return writer.header() + body


def canonical_trig(graphs: Iterable[Graph]) -> str:
    """TriG with one block per named graph, sorted by graph name."""
    writer = _Writer(_prefixes())
    blocks = []
    for graph in sorted(graphs, key=lambda g: str(g.identifier)):
        _check(graph)
        name = writer.term(URIRef(str(graph.identifier)))
        blocks.append(f"{name} {{\n{writer.block(graph, indent='    ')}}}\n")
    return writer.header() + "\n".join(blocks)


def canonical_jsonld(graph: Graph) -> str:
    """JSON-LD with the project's prefixes as context, nodes and values sorted."""
    _check(graph)
    context = _prefixes()
    document = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
    nodes = document.get("@graph", [document] if "@id" in document else [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(
                    value, key=lambda item: json.dumps(item, sort_keys=True, ensure_ascii=False)
                )
    nodes.sort(key=lambda node: str(node.get("@id")))
    result = {"@context": context, "@graph": nodes}
    return json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
