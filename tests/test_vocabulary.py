"""Every term the graph uses is declared in the ontology."""

from __future__ import annotations

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from policygraph import _paths
from policygraph._namespaces import PG
from policygraph.loading import parse_file

DECLARATIONS = {
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    RDF.Property,
    OWL.NamedIndividual,
}
# RDF and RDFS terms are the language itself, not vocabulary to declare
BUILT_IN = (str(RDF), str(RDFS), str(OWL))


def _undeclared(data: Graph, ontology: Graph) -> set[URIRef]:
    declared = {
        subject
        for kind in DECLARATIONS
        for subject in ontology.subjects(RDF.type, kind)
        if isinstance(subject, URIRef)
    }
    used = {p for p in data.predicates() if isinstance(p, URIRef)}
    used |= {o for o in data.objects(None, RDF.type) if isinstance(o, URIRef)}
    used |= {o for o in data.objects() if isinstance(o, URIRef) and o.startswith(str(PG))}
    return {term for term in used if not term.startswith(BUILT_IN)} - declared


def test_release_uses_only_declared_terms() -> None:
    ontology = parse_file(_paths.ontology_file())
    data = parse_file(_paths.release_file("nt"))
    assert _undeclared(data, ontology) == set()


def test_an_undeclared_term_is_reported() -> None:
    ontology = parse_file(_paths.ontology_file())
    data = Graph()
    data.add((PG.hangzhou, PG.inventedBy, PG.someone))
    data.add((PG.hangzhou, RDF.type, PG.Spaceship))
    assert _undeclared(data, ontology) == {PG.inventedBy, PG.Spaceship}
