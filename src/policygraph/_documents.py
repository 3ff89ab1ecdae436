"""Source documents as data: their bibliographic metadata and the checks that tie a
document's recorded date to its own text.

The metadata of ``kg/sources/<id>.yaml`` (title, issuer, publisher, document number,
date, document type, script, address, retrieval date, excerpt) becomes triples of the
document's node; the checks run at build time and stop it, naming the file and entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any

from rdflib import Graph, Literal, URIRef

from ._namespaces import DCTERMS, PG, XSD
from .annotations import ObservationSpec
from .errors import InputError
from .sources import Source, strip_whitespace

__all__ = ["add_document_metadata", "check_document_dates", "parse_document_date"]

_TEXT_FIELDS = (
    ("title", DCTERMS.title),
    ("issuer", DCTERMS.creator),
    ("publisher", DCTERMS.publisher),
    ("url", DCTERMS.source),
    ("document_number", PG.documentNumber),
    ("document_type", PG.documentType),
    ("script", PG.script),
)
_DATE_FIELDS = (
    ("date", DCTERMS.date),
    ("retrieved", PG.retrieved),
    ("adopted", PG.adopted),
    ("in_force", PG.inForce),
)
# 2020-12-24 · 2020年12月24日 · 12月24日 · 3月6日 (a year-less date names month and day)
_PRINTED_DATE = re.compile(
    r"(?:(?P<year>\d{4})(?:年|-|/))?(?P<month>\d{1,2})(?:月|-|/)(?P<day>\d{1,2})(?:日|\b|$)?"
)


def parse_document_date(value: object) -> tuple[int, int | None, int | None]:
    """Read a metadata date: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    Examples
    --------
    >>> parse_document_date("2020-12-24")
    (2020, 12, 24)
    >>> parse_document_date(2014)
    (2014, None, None)
    >>> parse_document_date("spring")
    Traceback (most recent call last):
    ...
    ValueError: not a date (YYYY, YYYY-MM or YYYY-MM-DD): 'spring'
    """
    text = value.isoformat() if isinstance(value, date) else str(value).strip()
    match = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text)
    if match is None:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    year, month, day = match.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def _literal(value: object) -> Literal:
    """A full date as midnight China Standard Time (``xsd:dateTime``, as the OWL-Time
    instants of `policygraph._standards`); a year or month as printed, untyped: the
    release keeps to the OWL 2 datatype map (no ``xsd:date``, ``xsd:gYear``)."""
    year, month, day = parse_document_date(value)
    if day is not None and month is not None:
        stamp = f"{date(year, month, day).isoformat()}T00:00:00+08:00"
        return Literal(stamp, datatype=XSD.dateTime)
    if month is not None:
        return Literal(f"{year:04d}-{month:02d}")
    return Literal(f"{year:04d}")


def add_document_metadata(graph: Graph, iri: URIRef, metadata: dict[str, Any]) -> None:
    """Add the bibliographic fields of a source's metadata to its node."""
    for key, prop in _TEXT_FIELDS:
        if metadata.get(key):
            graph.add((iri, prop, Literal(str(metadata[key]).strip())))
    for key, prop in _DATE_FIELDS:
        if metadata.get(key):
            graph.add((iri, prop, _literal(metadata[key])))
    if "excerpt" in metadata:
        graph.add((iri, PG.excerpt, Literal(bool(metadata["excerpt"]))))


def _meta_path(source: Source) -> str:
    return str(source.path.with_suffix(".yaml"))


def check_document_dates(source: Source, observations: Iterable[ObservationSpec]) -> None:
    """Stop the build when a document's recorded date contradicts its text.

    Two checks: the date printed at ``date_quote`` (``in_force_quote`` for
    ``in_force``) must agree with the recorded date in every part it prints, and no
    actual figure of the document may refer to a year after the document's date.

    Raises
    ------
    InputError
        Naming the metadata file and the field or observation.
    """
    meta = source.metadata
    for key, quote_key in (("date", "date_quote"), ("in_force", "in_force_quote")):
        if not meta.get(key):
            continue
        try:
            recorded = parse_document_date(meta[key])
        except ValueError as exc:
            raise InputError(f"{key}: {exc}", path=_meta_path(source)) from None
        quote = meta.get(quote_key)
        if not quote:
            continue
        if strip_whitespace(str(quote)) not in strip_whitespace(source.text):
            raise InputError(
                f"{quote_key} {quote!r} is not in {source.path.name}", path=_meta_path(source)
            )
        printed = _PRINTED_DATE.search(strip_whitespace(str(quote)))
        if printed is None:
            raise InputError(f"{quote_key} {quote!r} prints no date", path=_meta_path(source))
        parts = (printed["year"], printed["month"], printed["day"])
        for name, shown, wanted in zip(("year", "month", "day"), parts, recorded, strict=True):
            if shown is not None and wanted is not None and int(shown) != wanted:
                raise InputError(
                    f"{key} {meta[key]} contradicts the text: {quote!r} prints {name} {shown}",
                    path=_meta_path(source),
                )
    if not meta.get("date"):
        return
    year = parse_document_date(meta["date"])[0]
    for spec in observations:
        if spec.role in ("actual", "share", "growth", "rank") and spec.year and spec.year > year:
            raise InputError(
                f"date {meta['date']} contradicts the text: observation {spec.id!r} "
                f"({spec.where.path.name}:{spec.where.line}) reports an actual for {spec.year}",
                path=_meta_path(source),
            )
