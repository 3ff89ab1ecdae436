"""RDF namespaces used throughout policygraph."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, NamespaceManager

__all__ = [
    "DCTERMS",
    "ELI",
    "OA",
    "ORG",
    "OWL",
    "PG",
    "PGID",
    "PREFIXES",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SDMX_ATTRIBUTE",
    "SDMX_DIMENSION",
    "SDMX_MEASURE",
    "SKOS",
    "TIME",
    "WD",
    "XSD",
    "bind_prefixes",
    "local_name",
]

PG = Namespace("https://w3id.org/policygraph/ontology/")
PGID = Namespace("https://w3id.org/policygraph/id/")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
WD = Namespace("http://www.wikidata.org/entity/")

PREFIXES: dict[str, Namespace] = {
    "pg": PG,
    "pgid": PGID,
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "owl": Namespace(str(OWL)),
    "xsd": Namespace(str(XSD)),
    "skos": Namespace(str(SKOS)),
    "dcterms": Namespace(str(DCTERMS)),
    "prov": Namespace(str(PROV)),
    "time": Namespace(str(TIME)),
    "org": ORG,
    "qb": QB,
    "sdmx-dimension": SDMX_DIMENSION,
    "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "eli": ELI,
    "schema": SCHEMA,
    "oa": OA,
    "wd": WD,
}


def bind_prefixes(manager: NamespaceManager) -> None:
    """Bind the project's prefixes on an rdflib namespace manager."""
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)


def local_name(term: object) -> str:
    """The local name of an IRI (after ``#`` or the last ``/``); other strings unchanged.

    Examples
    --------
    >>> local_name("https://w3id.org/policygraph/ontology/buildsOn")
    'buildsOn'
    >>> local_name("http://www.w3.org/ns/org#holds")
    'holds'
    >>> local_name("buildsOn")
    'buildsOn'
    """
    text = str(term)
    if "://" not in text and not text.startswith("urn:"):
        return text
    for separator in ("#", "/", ":"):
        if separator in text:
            text = text.rsplit(separator, 1)[1] or text
    return text
