"""Policy diffusion: which places took up a programme, in which year, and after whom.

A place *adopts* an initiative when the source says it proposed, launched or
deepened it, or that it was designated a pilot of it (``pg:designated``). The year is
the assertion's year where the source gives one; an adoption without a year is kept
as an event but stays off the curve. Neighbours are places of the same level that
share a border (`policygraph.geometry`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["ADOPTION_ROLES", "Diffusion", "diffusion", "most_adopted", "place_initiatives"]

#: The roles that count as adopting an initiative (``designated`` = made a pilot).
ADOPTION_ROLES = ("proposed", "designated", "launched", "deepened")
_ROLE_ORDER = ("proposed", "created", "designated", "launched", "deepened", "hosts")

EVENT_COLUMNS = ["order", "place", "place_zh", "place_en", "level", "year", "roles", "evidence"]
CURVE_COLUMNS = ["year", "new", "cumulative", "places"]
NEIGHBOUR_COLUMNS = ["place", "place_zh", "year", "neighbour", "neighbour_zh", "neighbour_year"]


@dataclass(frozen=True)
class Diffusion:
    """The diffusion of one programme.

    Attributes
    ----------
    programme, label_zh, label_en : str
        The programme's IRI and labels.
    events : pandas.DataFrame
        One row per adopting place, in adoption order (undated last): ``order`` (1, 2 …;
        places of one year share a rank; empty when undated), ``place`` (IRI),
        ``place_zh``, ``place_en``, ``level``, ``year`` (earliest dated adoption),
        ``roles`` (list), ``evidence`` (list of dicts: ``role``, ``year``, ``quote``,
        ``start``, ``end``, ``document``).
    curve : pandas.DataFrame
        The cumulative adoption curve: ``year``, ``new``, ``cumulative``, ``places``.
    after_neighbour : pandas.DataFrame
        Places that adopted in a later year than a neighbour did: ``place``,
        ``place_zh``, ``year``, ``neighbour``, ``neighbour_zh``, ``neighbour_year``.
    """

    programme: str
    label_zh: str | None
    label_en: str | None
    events: pd.DataFrame
    curve: pd.DataFrame
    after_neighbour: pd.DataFrame


def place_initiatives(kg: KnowledgeGraph, roles: Iterable[str] | None = None) -> pd.DataFrame:
    """Every place–initiative link with role, year, quote and document, one row per quote.

    Columns: ``place``, ``initiative``, ``initiative_zh``, ``initiative_en``, ``role``,
    ``year``, ``quote``, ``start``, ``end``, ``document``, ``year_from`` (``statement``:
    the statement's year; ``document``: a created policy document's own year).

    Examples
    --------
    >>> import policygraph as pg
    >>> links = place_initiatives(pg.load(), roles=["deepened"])
    >>> str(pg.PGID["hangzhou"]) in set(links.place)
    True
    """
    from .._sparql import read_query

    frame = kg.query(read_query("analytics/place-initiatives"))
    if roles is not None:
        wanted = list(roles)
        unknown = sorted(set(wanted) - set(_ROLE_ORDER))
        if unknown:
            raise ValueError(f"unknown role(s) {', '.join(unknown)}; choose from {_ROLE_ORDER}")
        frame = frame[frame.role.isin(wanted)]
    return frame.reset_index(drop=True)


def _year(value: Any) -> int | None:
    return None if pd.isna(value) else int(value)


def _text(value: Any) -> str | None:
    return None if pd.isna(value) else str(value)


def _adoptions(kg: KnowledgeGraph, initiative: str | None = None) -> list[Any]:
    """Rows of ``analytics/adoptions`` (assertion, place, initiative, role, year), of one
    initiative or of all: no labels, no quotes, so cheap on a large graph."""
    from rdflib import URIRef

    from ._rdf import records

    bound = {} if initiative is None else {"initiative": URIRef(initiative)}
    return records(kg, "adoptions", **bound)


def _adoption_evidence(kg: KnowledgeGraph, adoptions: list[Any]) -> list[dict[str, Any]]:
    """The evidence of some adoptions, as `place_initiatives` rows give it: one item per
    quote (or one without a quote) and year, role order first, then by offset."""
    from rdflib import URIRef

    from ._rdf import records

    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for adoption in adoptions:
        quotes = records(kg, "adoption-evidence", assertion=URIRef(str(adoption.assertion)))
        for quote in quotes or [None]:
            item = {
                "role": str(adoption.role),
                "year": _year(adoption.year),
                "quote": None if quote is None else _text(quote.quote),
                "start": None if quote is None else _year(quote.start),
                "end": None if quote is None else _year(quote.end),
                "document": None if quote is None else _text(quote.document),
            }
            found.setdefault(tuple(item.values()), item)  # as SELECT DISTINCT would
    evidence = sorted(found.values(), key=lambda e: _unbound_first(e["year"], e["start"]))
    evidence.sort(key=lambda e: (_ROLE_ORDER.index(e["role"]), e["start"] or 0))
    return evidence


def _unbound_first(*values: int | None) -> tuple[tuple[bool, int], ...]:
    """A sort key in the order of SPARQL's ORDER BY (unbound values first)."""
    return tuple((value is not None, value or 0) for value in values)


def _labels(kg: KnowledgeGraph, iri: str) -> tuple[str | None, str | None]:
    """The Chinese and English label of one node (the first of each, as in `snapshot`)."""
    from rdflib import URIRef

    from ._rdf import records

    labels = records(kg, "labels", iri=URIRef(iri))
    zh = sorted(str(row.label) for row in labels if row.language == "zh")
    en = sorted(str(row.label) for row in labels if row.language == "en")
    return (zh[0] if zh else None), (en[0] if en else None)


def diffusion(kg: KnowledgeGraph, programme: str) -> Diffusion:
    """Adoption events by place and year, adoption order, the curve and neighbour effects.

    Parameters
    ----------
    kg : KnowledgeGraph
    programme : str
        The programme (or any initiative): IRI, ``pgid:slug``, label, alias or pinyin,
        found with `KnowledgeGraph.resolve`.

    Raises
    ------
    NotFoundError
        No entity has that name; lists close names.

    Examples
    --------
    >>> import policygraph as pg
    >>> kg = pg.load()
    >>> spread = diffusion(kg, "城市大脑")
    >>> spread.label_en
    'City Brain'
    >>> sorted(spread.events.place_zh)
    ['德清县', '杭州市', '湖州市', '衢州市']
    >>> int(spread.curve.new.sum()) == int(spread.events.year.notna().sum())
    True
    """
    from ..geometry import load_geometry

    iri = str(kg.resolve(programme))
    adoptions = _adoptions(kg, iri)
    label_zh, label_en = _labels(kg, iri)
    geo = load_geometry()
    rows: list[dict[str, Any]] = []
    for place in sorted({str(row.place) for row in adoptions}):
        evidence = _adoption_evidence(kg, [row for row in adoptions if str(row.place) == place])
        years = [e["year"] for e in evidence if e["year"] is not None]
        shape = geo.places.get(place, {})
        zh, en = _labels(kg, place)
        rows.append(
            {
                "place": place,
                "place_zh": zh or shape.get("zh"),
                "place_en": en or shape.get("en"),
                "level": shape.get("level"),
                "year": min(years) if years else None,
                "roles": sorted({e["role"] for e in evidence}, key=_ROLE_ORDER.index),
                "evidence": evidence,
            }
        )
    rows.sort(key=lambda r: (r["year"] is None, r["year"] or 0, r["place_zh"] or r["place"]))
    dated = sorted({r["year"] for r in rows if r["year"] is not None})
    for row in rows:  # competition ranking: places of one year share the rank
        year = row["year"]
        row["order"] = (
            None
            if year is None
            else 1 + sum(1 for r in rows if r["year"] is not None and r["year"] < year)
        )
    events = pd.DataFrame(rows, columns=EVENT_COLUMNS)
    events["year"] = events["year"].astype("Int64")
    events["order"] = events["order"].astype("Int64")
    curve_rows = []
    total = 0
    for year in dated:
        adopted = [r["place"] for r in rows if r["year"] == year]
        total += len(adopted)
        curve_rows.append(
            {"year": year, "new": len(adopted), "cumulative": total, "places": adopted}
        )
    after = []
    by_place = {r["place"]: r for r in rows}
    for row in rows:
        if row["year"] is None:
            continue
        for neighbour in sorted(geo.neighbours(row["place"])):
            earlier = by_place.get(neighbour)
            if earlier and earlier["year"] is not None and earlier["year"] < row["year"]:
                after.append(
                    {
                        "place": row["place"],
                        "place_zh": row["place_zh"],
                        "year": row["year"],
                        "neighbour": neighbour,
                        "neighbour_zh": earlier["place_zh"],
                        "neighbour_year": earlier["year"],
                    }
                )
    return Diffusion(
        programme=iri,
        label_zh=label_zh,
        label_en=label_en,
        events=events,
        curve=pd.DataFrame(curve_rows, columns=CURVE_COLUMNS),
        after_neighbour=pd.DataFrame(after, columns=NEIGHBOUR_COLUMNS),
    )


def most_adopted(kg: KnowledgeGraph) -> str | None:
    """The initiative adopted by the most places (ties: by IRI), or None.

    Examples
    --------
    >>> import policygraph as pg
    >>> most_adopted(pg.load()).rsplit("/", 1)[1]
    'city-brain'
    """
    places: dict[str, set[str]] = {}
    for row in _adoptions(kg):
        places.setdefault(str(row.initiative), set()).add(str(row.place))
    if not places:
        return None
    most = max(len(found) for found in places.values())
    return min(initiative for initiative, found in places.items() if len(found) == most)
