"""Places and the initiatives they carry: a bipartite graph, its projections, summaries.

A place *carries* an initiative when the source says it proposed, created, designated,
launched or deepened it, or hosts it (``pg:proposed`` … ``pg:hosts``, subject = the
place). Optionally ``pg:appliesTo`` (initiative → place) counts too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from .._stores import paused_collection
from ._common import NODE_COLUMNS, as_graph, find_node, frame, node_key, node_label, node_rows
from ._rdf import Snapshot, snapshot

if TYPE_CHECKING:
    import pandas as pd

    from ..graph import KnowledgeGraph

__all__ = [
    "DEFAULT_ROLES",
    "ROLES",
    "carriers",
    "city_initiative_graph",
    "initiative_projection",
    "initiative_summary",
    "initiatives",
    "place_projection",
    "place_summary",
    "places",
]

#: Every role a place can have towards an initiative, in the order a policy meets them.
ROLES = ("proposed", "created", "designated", "launched", "deepened", "hosts", "appliesTo")
#: Roles used unless told otherwise: the action properties and ``hosts``.
DEFAULT_ROLES = ROLES[:-1]
PLACE = 0
INITIATIVE = 1


def city_initiative_graph(
    kg: KnowledgeGraph, roles: Iterable[str] | None = None, *, evidence: bool = True
) -> nx.Graph:
    """The bipartite graph of places (``bipartite=0``) and initiatives (``bipartite=1``).

    Node ids are IRI strings; node attributes ``label_zh``, ``label_en``, ``kind``,
    ``year``, ``evidence``, ``bipartite``. An edge joins a place and an initiative and
    carries ``role`` (``"proposed"``, ``"launched"``, ``"deepened"``, ``"hosts"`` …),
    ``year`` (where the source gives one), ``evidence`` (list of dicts with ``quote``,
    ``start``, ``end``, ``section``). When the source links one pair in several ways,
    ``role`` joins them with ``+`` in `ROLES` order (e.g. ``"proposed+launched"``),
    ``roles`` lists them, ``year`` is the earliest and ``evidence`` holds all quotes.

    Parameters
    ----------
    kg : KnowledgeGraph
    roles : iterable of str, optional
        Which of `ROLES` to use; default `DEFAULT_ROLES` (all but ``"appliesTo"``).
    evidence : bool
        Whether to read the evidence of every node and edge (the costliest part on a
        large graph). Without it every ``evidence`` is an empty list; `evidence_of`
        reads that of one node when asked.

    Examples
    --------
    >>> import policygraph as pg
    >>> kg = pg.load()
    >>> graph = city_initiative_graph(kg)
    >>> brain = str(pg.PGID["city-brain"])
    >>> sorted(graph.nodes[place]["label_zh"] for place in graph[brain])
    ['德清县', '杭州市', '湖州市', '衢州市']
    >>> graph.edges[str(pg.PGID["hangzhou"]), brain]["role"]
    'deepened'
    >>> bare = city_initiative_graph(kg, evidence=False)
    >>> sorted(bare.edges) == sorted(graph.edges), bare.edges[str(pg.PGID["hangzhou"]), brain]
    (True, {'role': 'deepened', 'roles': ['deepened'], 'year': None, 'evidence': []})
    """
    wanted = tuple(DEFAULT_ROLES if roles is None else roles)
    unknown = [role for role in wanted if role not in ROLES]
    if unknown:
        raise ValueError(f"unknown role(s) {', '.join(unknown)}; choose from {', '.join(ROLES)}")
    with paused_collection():
        return _bipartite_graph(snapshot(kg, "places", evidence=evidence), wanted)


def _bipartite_graph(snap: Snapshot, wanted: tuple[str, ...]) -> nx.Graph:
    """`city_initiative_graph` of the role edges ``wanted`` of ``snap``."""
    links: dict[tuple[str, str], list[dict[str, Any]]] = {}
    located = {node for node in snap.nodes if snap.is_a(node, "Place")}  # once per node
    for edge in snap.edges:
        if edge.relation not in wanted or not edge.predicate.startswith(
            "https://w3id.org/policygraph/ontology/"
        ):
            continue
        place, initiative = (
            (edge.object, edge.subject)
            if edge.relation == "appliesTo"
            else (edge.subject, edge.object)
        )
        if place not in located or initiative in located:
            continue  # keep the graph bipartite: place–place links are not initiatives
        links.setdefault((place, initiative), []).append(
            {"role": edge.relation, "year": edge.year, "evidence": list(edge.evidence)}
        )
    graph = nx.Graph(name="places and initiatives")
    ends = sorted({p for p, _ in links}), sorted({i for _, i in links})
    for side, nodes in enumerate(ends):
        graph.add_nodes_from((n, {**snap.node_attributes(n), "bipartite": side}) for n in nodes)
    for (place, initiative), found in sorted(links.items()):
        found.sort(key=lambda item: ROLES.index(item["role"]))
        years = [item["year"] for item in found if item["year"] is not None]
        quotes = sorted(
            {(e["start"], e["end"]): e for item in found for e in item["evidence"]}.values(),
            key=lambda e: (e["start"], e["end"]),
        )
        graph.add_edge(
            place,
            initiative,
            role="+".join(item["role"] for item in found),
            roles=[item["role"] for item in found],
            year=min(years) if years else None,
            evidence=quotes,
        )
    return graph


def _bipartite(source: KnowledgeGraph | nx.Graph, *, evidence: bool = False) -> nx.Graph:
    """``source``, or its bipartite graph (with evidence only when the result shows it)."""

    def build(kg: KnowledgeGraph) -> nx.Graph:
        return city_initiative_graph(kg, evidence=evidence)

    return as_graph(source, build)


def places(graph: nx.Graph) -> list[Any]:
    """The place nodes (``bipartite == 0``), earliest first."""
    found = [n for n, side in graph.nodes(data="bipartite") if side == PLACE]
    return sorted(found, key=lambda n: node_key(graph, n))


def initiatives(graph: nx.Graph) -> list[Any]:
    """The initiative nodes (``bipartite == 1``), earliest first."""
    found = [n for n, side in graph.nodes(data="bipartite") if side == INITIATIVE]
    return sorted(found, key=lambda n: node_key(graph, n))


def _projection(graph: nx.Graph, nodes: list[Any]) -> nx.Graph:
    projected = nx.bipartite.weighted_projected_graph(graph, nodes)
    for u, v, data in projected.edges(data=True):
        shared = sorted(set(graph[u]) & set(graph[v]), key=lambda n: node_key(graph, n))
        data["shared"] = shared
        data["shared_labels"] = [node_label(graph, n) for n in shared]
    return projected


def place_projection(source: KnowledgeGraph | nx.Graph) -> nx.Graph:
    """Places linked when they carry a common initiative.

    Edge attributes: ``weight`` (how many initiatives they share), ``shared`` (their
    ids) and ``shared_labels``.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.Graph()
    >>> graph.add_nodes_from(["杭州", "湖州"], bipartite=0)
    >>> graph.add_nodes_from(["城市大脑", "未来社区"], bipartite=1)
    >>> graph.add_edges_from([("杭州", "城市大脑"), ("湖州", "城市大脑"), ("杭州", "未来社区")])
    >>> dict(place_projection(graph).edges)[("杭州", "湖州")]["shared"]
    ['城市大脑']
    """
    graph = _bipartite(source, evidence=True)  # node attributes, evidence too, carry over
    return _projection(graph, places(graph))


def initiative_projection(source: KnowledgeGraph | nx.Graph) -> nx.Graph:
    """Initiatives linked when a common place carries both; attributes as in
    `place_projection` (``shared`` are places)."""
    graph = _bipartite(source, evidence=True)
    return _projection(graph, initiatives(graph))


def _summary(graph: nx.Graph, nodes: list[Any], others: str) -> list[dict[str, Any]]:
    rows = node_rows(graph, nodes)
    for row, node in zip(rows, nodes, strict=True):
        links = graph[node]  # neighbour → edge attributes
        neighbours = sorted(links, key=lambda n: node_key(graph, n))
        row[others] = len(neighbours)
        counts = Counter(role for n in neighbours for role in set(links[n].get("roles", [])))
        for role in ROLES:
            row[role] = counts[role]
        years = [links[n].get("year") for n in neighbours]
        dated = [y for y in years if y is not None]
        row["first_year"] = min(dated) if dated else None
        row["last_year"] = max(dated) if dated else None
        row["names"] = "、".join(node_label(graph, n) for n in neighbours)
    rows.sort(key=lambda row: (-row[others], row["iri"]))
    return rows


def place_summary(source: KnowledgeGraph | nx.Graph) -> pd.DataFrame:
    """One row per place: how many initiatives it carries, in which roles, when, which.

    Columns: ``iri``, labels, ``kind``, ``year``, ``initiatives`` (count), one count per
    role of `ROLES`, ``first_year``, ``last_year``, ``names`` (initiatives, 、-joined).
    Sorted by count, most first.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.Graph()
    >>> graph.add_nodes_from(["湖州市"], bipartite=0, label_zh="湖州市")
    >>> graph.add_nodes_from(["城市大脑"], bipartite=1, label_zh="城市大脑")
    >>> graph.add_edge("湖州市", "城市大脑", role="launched", roles=["launched"], year=2018)
    >>> row = place_summary(graph).iloc[0]
    >>> row.iri, int(row.initiatives), int(row.launched), int(row.first_year), row.names
    ('湖州市', 1, 1, 2018, '城市大脑')
    """
    graph = _bipartite(source)
    columns = [*NODE_COLUMNS, "initiatives", *ROLES, "first_year", "last_year", "names"]
    return frame(_summary(graph, places(graph), "initiatives"), columns)


def initiative_summary(source: KnowledgeGraph | nx.Graph) -> pd.DataFrame:
    """One row per initiative: how many places carry it, in which roles, which places.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.Graph()
    >>> graph.add_nodes_from(["杭州市", "湖州市"], bipartite=0)
    >>> graph.add_nodes_from(["城市大脑"], bipartite=1)
    >>> graph.add_edge("杭州市", "城市大脑", roles=["deepened"])
    >>> graph.add_edge("湖州市", "城市大脑", roles=["launched"])
    >>> row = initiative_summary(graph).iloc[0]
    >>> row.iri, int(row.places), int(row.launched), int(row.deepened), row.names
    ('城市大脑', 2, 1, 1, '杭州市、湖州市')
    """
    graph = _bipartite(source)
    columns = [*NODE_COLUMNS, "places", *ROLES, "first_year", "last_year", "names"]
    return frame(_summary(graph, initiatives(graph), "places"), columns)


def carriers(source: KnowledgeGraph | nx.Graph, name: str) -> list[Any]:
    """The places that carry the initiative ``name`` (or the initiatives of a place)."""
    graph = _bipartite(source)
    kg = None if isinstance(source, nx.Graph) else source
    node = find_node(graph, name, what="place or initiative", kg=kg)
    return sorted(graph[node], key=lambda n: node_key(graph, n))
