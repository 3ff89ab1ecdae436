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
    from ._rdf import snapshot

    iri = str(kg.resolve(programme))
    links = place_initiatives(kg, ADOPTION_ROLES)
    links = links[links.initiative == iri]
    ends = snapshot(kg, "places")  # the programme and its places are ends of role edges

    def attributes(node: str) -> dict[str, Any]:
        if node in ends.nodes:
            return ends.node_attributes(node)
        whole = snapshot(kg)  # not an end of any role edge: read the whole graph
        return whole.node_attributes(node) if node in whole.nodes else {}

    named = attributes(iri)
    label_zh, label_en = named.get("label_zh"), named.get("label_en")
    geo = load_geometry()
    rows: list[dict[str, Any]] = []
    for place, found in links.groupby("place", sort=True):
        evidence = [
            {
                "role": str(link.role),
                "year": _year(link.year),
                "quote": _text(link.quote),
                "start": _year(link.start),
                "end": _year(link.end),
                "document": _text(link.document),
            }
            for link in found.itertuples()
        ]
        evidence.sort(key=lambda e: (_ROLE_ORDER.index(e["role"]), e["start"] or 0))
        years = [e["year"] for e in evidence if e["year"] is not None]
        shape = geo.places.get(str(place), {})
        place_data = attributes(str(place))
        zh, en = place_data.get("label_zh"), place_data.get("label_en")
        rows.append(
            {
                "place": str(place),
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
    links = place_initiatives(kg, ADOPTION_ROLES)
    if links.empty:
        return None
    counts = links.groupby("initiative").place.nunique()
    best = counts[counts == counts.max()]
    return str(sorted(best.index)[0])
