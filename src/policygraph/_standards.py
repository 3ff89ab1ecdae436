"""Standard vocabularies in the instance data: OWL-Time periods, the Data Cube
structure of the figures and ELI for policy documents.

Periods are OWL-Time intervals with one IRI each (``pgid:period/2018``,
``pgid:period/2018-q1``, ``pgid:period/2014-2020``), bounded by instants at
midnight China Standard Time (``xsd:dateTime`` with its ``+08:00`` offset), so the
release needs no datatype
outside the OWL 2 datatype map (``xsd:gYear`` is not in it). An interval runs from
its beginning up to, not including, its end.

Examples
--------
>>> str(period_iri(2018)), str(period_iri(2014, 2020)), str(period_iri(2018, quarter=1))
('https://w3id.org/policygraph/id/period/2018', 'https://w3id.org/policygraph/id/period/2014-2020', 'https://w3id.org/policygraph/id/period/2018-q1')
>>> len(period_triples(2018))
13
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from ._namespaces import (
    ELI,
    PG,
    PGID,
    PROV,
    QB,
    RDF,
    RDFS,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    TIME,
    XSD,
)
from ._text import pinyin

__all__ = [
    "CUBE_ATTRIBUTES",
    "CUBE_DIMENSIONS",
    "CUBE_MEASURE",
    "STRUCTURE",
    "add_cube",
    "add_legal_resource",
    "dataset_iri",
    "period_iri",
    "period_triples",
    "printed_period_iri",
    "year_span",
]

Triple = tuple[Node, Node, Node]

STRUCTURE = PGID["structure/figures"]
CUBE_DIMENSIONS = (
    PG.indicator,
    SDMX_DIMENSION.refArea,
    SDMX_DIMENSION.refPeriod,
    PG.role,
    PG.qualifier,
)
CUBE_MEASURE = SDMX_MEASURE.obsValue
CUBE_ATTRIBUTES = (PG.unit, PG.period)
_OFFSET = "+08:00"  # the sources count years in China Standard Time
_SPAN = re.compile(r"((?:19|20)\d{2})\s*[-—–－~至到]\s*((?:19|20)\d{2})")


def period_iri(start: int, end: int | None = None, *, quarter: int | None = None) -> URIRef:
    """The IRI of a calendar year, a quarter of it, or a span of whole years."""
    if quarter is not None:
        return PGID[f"period/{start}-q{quarter}"]
    if end is None or end == start:
        return PGID[f"period/{start}"]
    return PGID[f"period/{start}-{end}"]


def _instant(year: int, month: int = 1) -> tuple[URIRef, list[Triple]]:
    """Midnight China Standard Time on the first of the month.

    Stamped ``xsd:dateTime`` with its offset (``time:inXSDDateTime``): the OWL API
    (Protégé, the DL profile check) rejects an ``xsd:dateTimeStamp`` with ``+08:00``,
    and rdflib reads ``xsd:dateTimeStamp`` values as plain strings.
    """
    if month > 12:
        year, month = year + 1, month - 12
    iri = PGID[f"instant/{year:04d}-{month:02d}-01"]
    stamp = Literal(f"{year:04d}-{month:02d}-01T00:00:00{_OFFSET}", datatype=XSD.dateTime)
    return iri, [(iri, RDF.type, TIME.Instant), (iri, TIME.inXSDDateTime, stamp)]


def period_triples(
    start: int, end: int | None = None, *, quarter: int | None = None
) -> list[Triple]:
    """The triples that describe one period: an OWL-Time interval and its two instants.

    A year or span also gets ``pg:startYear`` and ``pg:endYear`` (inclusive) and
    ``pg:year`` when it is one year, so queries keep reading years as integers.
    """
    last = start if end is None else end
    iri = period_iri(start, end, quarter=quarter)
    if quarter is not None:
        begin, begin_triples = _instant(start, 3 * quarter - 2)
        finish, finish_triples = _instant(start, 3 * quarter + 1)
        zh, en = f"{start}年第{quarter}季度", f"Q{quarter} {start}"
    else:
        begin, begin_triples = _instant(start)
        finish, finish_triples = _instant(last + 1)
        zh = f"{start}年" if last == start else f"{start}—{last}年"
        en = str(start) if last == start else f"{start}–{last}"
    triples: list[Triple] = [
        (iri, RDF.type, TIME.ProperInterval),
        (iri, RDFS.label, Literal(zh, lang="zh")),
        (iri, RDFS.label, Literal(en, lang="en")),
        (iri, TIME.hasBeginning, begin),
        (iri, TIME.hasEnd, finish),
        *begin_triples,
        *finish_triples,
    ]
    if quarter is None:
        triples += [
            (iri, PG.startYear, Literal(start)),
            (iri, PG.endYear, Literal(last)),
        ]
        if last == start:
            triples += [
                (iri, PG.year, Literal(start)),
                (iri, TIME.hasTemporalDuration, TIME.unitYear),
            ]
    return triples


def printed_period_iri(source_id: str, printed: str) -> URIRef:
    """A period known only as printed (截至目前, 2014年以来) in one source.

    Its IRI is the source id and the toneless pinyin of the phrase; the phrase is
    its label. No bounds are guessed.
    """
    spoken = pinyin(printed).replace(" ", "-")
    digits = "-".join(re.findall(r"\d+", printed))
    slug = "-".join(part for part in (spoken, digits) if part) or "unstated"
    return PGID[f"period/{source_id}/{slug}"]


def year_span(label: str) -> tuple[int, int] | None:
    """The span of years a title prints, as in 规划（2014-2020）.

    Examples
    --------
    >>> year_span("浙江省信息经济发展规划（2014-2020）")
    (2014, 2020)
    >>> year_span("数字经济五年倍增计划") is None
    True
    """
    found = _SPAN.search(label)
    if found is None:
        return None
    start, end = int(found.group(1)), int(found.group(2))
    return (start, end) if start < end else None


def dataset_iri(source_id: str) -> URIRef:
    """The qb:DataSet of the figures printed in one source."""
    return PGID[f"dataset/{source_id}"]


def add_cube(graph: Graph, sources: Iterable[str]) -> None:
    """The data structure definition and one qb:DataSet per source.

    ``sources`` gives the id of each source with figures; the structure lists the
    dimensions, the measure and the (required) attributes every figure carries.
    """
    graph.add((STRUCTURE, RDF.type, QB.DataStructureDefinition))
    graph.add((STRUCTURE, RDFS.label, Literal("数字与指标的数据结构", lang="zh")))
    graph.add((STRUCTURE, RDFS.label, Literal("Structure of the printed figures", lang="en")))
    components: list[tuple[URIRef, URIRef]] = [
        *((QB.dimension, term) for term in CUBE_DIMENSIONS),
        (QB.measure, CUBE_MEASURE),
        *((QB.attribute, term) for term in CUBE_ATTRIBUTES),
    ]
    for order, (kind, term) in enumerate(components, start=1):
        local = str(term).rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        component = PGID[f"structure/figures/{local}"]
        graph.add((STRUCTURE, QB.component, component))
        graph.add((component, RDF.type, QB.ComponentSpecification))
        graph.add((component, kind, term))
        graph.add((component, QB.order, Literal(order)))
        if kind == QB.attribute:
            graph.add((component, QB.componentRequired, Literal(True)))
    for source_id in sources:
        dataset = dataset_iri(source_id)
        graph.add((dataset, RDF.type, QB.DataSet))
        graph.add((dataset, QB.structure, STRUCTURE))
        graph.add((dataset, RDFS.label, Literal(f"{source_id} 所载数字", lang="zh")))
        graph.add((dataset, RDFS.label, Literal(f"Figures printed in {source_id}", lang="en")))
        graph.add((dataset, PROV.wasDerivedFrom, PGID[f"source/{source_id}"]))


def add_legal_resource(
    graph: Graph, document: URIRef, kind: URIRef, label: str, passed_by: Iterable[URIRef]
) -> None:
    """ELI terms for one policy document: its type, who passed it, the years it covers."""
    graph.add((document, ELI.type_document, kind))
    for agent in passed_by:
        graph.add((document, ELI.passed_by, agent))
    span = year_span(label)
    if span is not None:
        graph.add((document, PG.coversPeriod, period_iri(*span)))
        for triple in period_triples(*span):
            graph.add(triple)
