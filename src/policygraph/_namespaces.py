"""RDF namespaces used throughout policygraph."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, NamespaceManager

from ._prefixes import PREFIX_IRIS, local_name, prefixed_name

__all__ = [
    "DCTERMS",
    "ELI",
    "OA",
    "ORG",
    "OWL",
    "PG",
    "PGID",
    "PREFIXES",
    "PREFIX_IRIS",
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
    "prefixed_name",
]

PREFIXES: dict[str, Namespace] = {
    prefix: Namespace(namespace) for prefix, namespace in PREFIX_IRIS.items()
}
PG = PREFIXES["pg"]
PGID = PREFIXES["pgid"]
ORG = PREFIXES["org"]
QB = PREFIXES["qb"]
SDMX_DIMENSION = PREFIXES["sdmx-dimension"]
SDMX_MEASURE = PREFIXES["sdmx-measure"]
SDMX_ATTRIBUTE = PREFIXES["sdmx-attribute"]
ELI = PREFIXES["eli"]
SCHEMA = PREFIXES["schema"]
OA = PREFIXES["oa"]
WD = PREFIXES["wd"]


def bind_prefixes(manager: NamespaceManager) -> None:
    """Bind the project's prefixes on an rdflib namespace manager."""
    for prefix, namespace in PREFIXES.items():
        manager.bind(prefix, namespace, override=True, replace=True)
