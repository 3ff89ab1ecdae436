"""RDF namespaces used throughout policygraph."""

from __future__ import annotations

from collections.abc import Mapping

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
    "prefixed_name",
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


def prefixed_name(
    iri: object,
    *,
    angle: bool = False,
    bare: str | None = None,
    extra: Mapping[str, str] | None = None,
) -> str:
    """The prefixed name of an IRI with the project's `PREFIXES` (longest namespace first).

    Parameters
    ----------
    iri : object
        An IRI (anything else is returned as text, blank nodes ``_:x`` included).
    angle : bool
        Write an IRI no prefix covers as ``<iri>`` (Turtle style) instead of as is.
    bare : str, optional
        A prefix whose names are shown without it (``bare="pg"``: ``buildsOn``).
    extra : mapping, optional
        More prefixes for this call (prefix → namespace), e.g. SHACL's ``sh``.

    Examples
    --------
    >>> prefixed_name("https://w3id.org/policygraph/id/hangzhou")
    'pgid:hangzhou'
    >>> prefixed_name("http://purl.org/linked-data/sdmx/2009/dimension#refArea")
    'sdmx-dimension:refArea'
    >>> prefixed_name("https://w3id.org/policygraph/ontology/buildsOn", bare="pg")
    'buildsOn'
    >>> prefixed_name("urn:x:y"), prefixed_name("urn:x:y", angle=True), prefixed_name(42)
    ('urn:x:y', '<urn:x:y>', '42')
    """
    text = str(iri)
    namespaces = _NAMESPACES
    if extra:
        more = [(str(namespace), prefix) for prefix, namespace in extra.items()]
        namespaces = sorted([*namespaces, *more], key=lambda pair: -len(pair[0]))
    for namespace, prefix in namespaces:
        if text.startswith(namespace) and len(text) > len(namespace):
            local = text[len(namespace) :]
            return local if prefix == bare else f"{prefix}:{local}"
    if (angle and "://" in text) or (angle and text.startswith("urn:")):
        return f"<{text}>"
    return text


_NAMESPACES = sorted(
    ((str(namespace), prefix) for prefix, namespace in PREFIXES.items()),
    key=lambda pair: -len(pair[0]),
)
