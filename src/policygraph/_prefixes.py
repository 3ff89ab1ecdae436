"""The project's prefixes as plain strings, and IRI naming, without importing rdflib.

`policygraph._namespaces` builds its rdflib namespaces from `PREFIX_IRIS`; a command
that only prints IRIs (a one-shot ``policygraph query``) needs no more than this module.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["PREFIX_IRIS", "XSD_IRI", "local_name", "prefixed_name"]

XSD_IRI = "http://www.w3.org/2001/XMLSchema#"
PREFIX_IRIS: dict[str, str] = {
    "pg": "https://w3id.org/policygraph/ontology/",
    "pgid": "https://w3id.org/policygraph/id/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": XSD_IRI,
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "time": "http://www.w3.org/2006/time#",
    "org": "http://www.w3.org/ns/org#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "wd": "http://www.wikidata.org/entity/",
}
"""Prefix → namespace IRI, for SPARQL, Turtle and prefixed names."""


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
    """The prefixed name of an IRI with the project's `PREFIX_IRIS` (longest namespace first).

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
    ((namespace, prefix) for prefix, namespace in PREFIX_IRIS.items()),
    key=lambda pair: -len(pair[0]),
)
