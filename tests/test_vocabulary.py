"""Every term the graph uses is declared in the ontology."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from policygraph import _paths
from policygraph._namespaces import PG, PGID
from policygraph.loading import parse_file

# RDF, RDFS and OWL terms are the language itself, not vocabulary to declare
BUILT_IN = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://www.w3.org/2000/01/rdf-schema#",
    "http://www.w3.org/2002/07/owl#",
)


def _undeclared(data: Graph, ontology: Graph) -> set[URIRef]:
    # classes, properties and individuals alike are declared by typing them
    declared = {subject for subject in ontology.subjects(RDF.type) if isinstance(subject, URIRef)}
    used = {p for p in data.predicates() if isinstance(p, URIRef)}
    used |= {o for o in data.objects(None, RDF.type) if isinstance(o, URIRef)}
    used |= {o for o in data.objects() if isinstance(o, URIRef) and o.startswith(str(PG))}
    return {term for term in used if not str(term).startswith(BUILT_IN)} - declared


def test_release_uses_only_declared_terms() -> None:
    ontology = parse_file(_paths.ontology_file())
    data = parse_file(_paths.release_file("nt"))
    assert _undeclared(data, ontology) == set()


def test_an_undeclared_term_is_reported() -> None:
    ontology = parse_file(_paths.ontology_file())
    data = Graph()
    data.add((PGID.hangzhou, PG.inventedBy, PGID.someone))
    data.add((PGID.hangzhou, RDF.type, PG.Spaceship))
    assert _undeclared(data, ontology) == {PG.inventedBy, PG.Spaceship}
