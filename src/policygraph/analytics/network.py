"""The whole graph in NetworkX: conversion, centrality, communities and a timeline."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from .._namespaces import PG, PREFIXES
from ..errors import NotFoundError
from ._common import NODE_COLUMNS, as_graph, frame, node_key, node_rows
from ._rdf import EVENT_KINDS, Snapshot, curie, local_name, snapshot

if TYPE_CHECKING:
    import pandas as pd

    from ..graph import KnowledgeGraph

__all__ = [
    "CENTRALITY_COLUMNS",
    "COMMUNITY_COLUMNS",
    "EXCLUDED_BY_DEFAULT",
    "TIMELINE_COLUMNS",
    "centrality",
    "communities",
    "timeline",
    "to_networkx",
]

CENTRALITY_COLUMNS = [*NODE_COLUMNS, "degree", "betweenness", "pagerank"]
COMMUNITY_COLUMNS = [*NODE_COLUMNS, "community", "size"]
TIMELINE_COLUMNS = [
    "year",
    "event",
    "subject",
    "subject_zh",
    "subject_en",
    "relation",
    "object",
    "object_zh",
    "object_en",
    "quote",
    "start",
    "end",
]
#: Left out of `to_networkx` unless asked for by ``classes``: figures would tie to
#: their place and swamp the structure, and without them indicators stand alone.
EXCLUDED_BY_DEFAULT = ("Observation", "Indicator")


def _expand(name: str) -> str:
    """An IRI for a class or property name: IRI, CURIE, or ``pg:`` local name."""
    if "://" in name or name.startswith("urn:"):
        return name
    if ":" in name:
        prefix, local = name.split(":", 1)
        if prefix in PREFIXES:
            return str(PREFIXES[prefix][local])
    return str(PG[name])


def _pick(names: Iterable[str], known: dict[str, set[str]], what: str) -> set[str]:
    """IRIs for ``names``, each with its sub-classes (or sub-properties)."""
    picked: set[str] = set()
    for name in names:
        iri = _expand(str(name))
        below = {term for term, above in known.items() if iri in above}
        if not below and iri not in {a for above in known.values() for a in above}:
            choices = sorted({curie(t) for t in known} | {local_name(t) for t in known})
            raise NotFoundError(
                f"unknown {what} {name!r}",
                suggestions=difflib.get_close_matches(str(name), choices, n=5, cutoff=0.5),
            )
        picked |= below | {iri}
    return picked


def _kinds_below(snap: Snapshot) -> dict[str, list[str]]:
    below: dict[str, set[str]] = {}
    for klass, above in snap.superclasses.items():
        for parent in above:
            if parent.startswith(str(PG)):
                below.setdefault(local_name(parent), set()).add(local_name(klass))
    return {name: sorted(kinds) for name, kinds in sorted(below.items())}


def to_networkx(
    kg: KnowledgeGraph,
    classes: Iterable[str] | None = None,
    properties: Iterable[str] | None = None,
) -> nx.MultiDiGraph:
    """Any part of the RDF graph as a labelled NetworkX multigraph.

    Nodes are the grounded things of the graph (id: IRI string; attributes
    ``label_zh``, ``label_en``, ``kind`` (most specific class, local name), ``year``,
    ``evidence``: list of dicts with ``quote``, ``start``, ``end``, ``section``). Edges are
    the object-property triples between them, keyed by the property CURIE (e.g.
    ``"pg:buildsOn"``), with attributes ``relation`` (local name), ``year``, ``evidence``
    (of the reified assertion), ``event`` (``"Proposal"`` …) and ``assertion``. The
    graph attribute ``kinds`` maps each class local name to its sub-classes.

    Parameters
    ----------
    kg : KnowledgeGraph
    classes : iterable of str, optional
        Keep only instances of these classes (local names such as ``"Programme"``,
        CURIEs or IRIs), sub-classes included. Default: everything but observations
        and indicators (`EXCLUDED_BY_DEFAULT`).
    properties : iterable of str, optional
        Keep only these properties, sub-properties included (``"descendsFrom"`` keeps
        ``buildsOn``, ``implements`` …). Default: every object property.

    Raises
    ------
    NotFoundError
        A class or property name is unknown; the message suggests close names.

    Examples
    --------
    >>> import policygraph as pg
    >>> graph = to_networkx(pg.load(), classes=["PolicyThing", "Place"])
    >>> graph.nodes[str(pg.PGID["city-brain"])]["kind"]
    'Project'
    >>> edges = graph[str(pg.PGID["huzhou"])][str(pg.PGID["city-brain"])]
    >>> list(edges), edges["pg:launched"]["event"]
    (['pg:launched'], 'Launch')
    """
    snap = snapshot(kg)
    if classes is None:
        members = [n for n in snap.nodes if not any(snap.is_a(n, c) for c in EXCLUDED_BY_DEFAULT)]
    else:
        wanted = _pick(classes, snap.superclasses, "class")
        members = [n for n in snap.nodes if snap.classes[n] & wanted]
    allowed = None
    if properties is not None:
        known = dict(snap.superproperties)
        for edge in snap.edges:
            known.setdefault(edge.predicate, {edge.predicate})
        allowed = _pick(properties, known, "property")
    graph = nx.MultiDiGraph(name="policygraph", kinds=_kinds_below(snap))
    graph.add_nodes_from((iri, snap.node_attributes(iri)) for iri in sorted(members))
    for edge in snap.edges:
        if edge.subject not in graph or edge.object not in graph:
            continue
        if allowed is not None and edge.predicate not in allowed:
            continue
        graph.add_edge(edge.subject, edge.object, key=curie(edge.predicate), **edge.attributes())
    return graph


def _whole(source: KnowledgeGraph | nx.Graph) -> nx.Graph:
    return as_graph(source, to_networkx)


def _simple(graph: nx.Graph, directed: bool) -> nx.Graph:
    """A simple graph whose edge ``weight`` counts the parallel edges it replaces."""
    simple: nx.Graph = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v in graph.edges():
        if u == v:
            continue
        if simple.has_edge(u, v):
            simple.edges[u, v]["weight"] += 1
        else:
            simple.add_edge(u, v, weight=1)
    return simple


def _kind_filter(graph: nx.Graph, kinds: Iterable[str] | None) -> set[str] | None:
    if kinds is None:
        return None
    below: dict[str, list[str]] = graph.graph.get("kinds", {})
    present = {kind for _, kind in graph.nodes(data="kind")}
    wanted: set[str] = set()
    for kind in kinds:
        local = local_name(_expand(kind))
        found = set(below.get(local, [])) | ({local} if local in present else set())
        if not found:
            choices = sorted(set(below) | {k for k in present if k})
            raise NotFoundError(
                f"unknown kind {kind!r}",
                suggestions=difflib.get_close_matches(local, choices, n=5, cutoff=0.5),
            )
        wanted |= found
    return wanted


def centrality(
    source: KnowledgeGraph | nx.Graph,
    kinds: Iterable[str] | None = None,
    *,
    top: int | None = None,
    sort: str = "pagerank",
) -> pd.DataFrame:
    """Degree, betweenness and PageRank of every node, most central first.

    Degree and betweenness centrality (normalised) are computed on the undirected
    simple graph; PageRank on the directed one, parallel edges adding weight, so rank
    flows from an actor to what it acted on and from a policy to what it descends from.

    Parameters
    ----------
    source : KnowledgeGraph or networkx graph
        A knowledge graph (converted with `to_networkx`) or any graph.
    kinds : iterable of str, optional
        Report only nodes of these kinds (sub-kinds included); computed on the whole
        graph all the same.
    top : int, optional
        Keep the first ``top`` rows.
    sort : {"pagerank", "degree", "betweenness"}

    Examples
    --------
    >>> import networkx as nx
    >>> star = nx.star_graph(3)
    >>> hub = centrality(star).iloc[0]
    >>> hub.iri, float(hub.degree), float(hub.betweenness)
    ('0', 1.0, 1.0)
    """
    if sort not in ("pagerank", "degree", "betweenness"):
        raise ValueError(f"sort must be 'pagerank', 'degree' or 'betweenness', not {sort!r}")
    graph = _whole(source)
    undirected = _simple(graph, directed=False)
    directed = _simple(graph, directed=graph.is_directed())
    degree = nx.degree_centrality(undirected) if len(undirected) > 1 else {}
    betweenness = nx.betweenness_centrality(undirected)
    pagerank = nx.pagerank(directed, weight="weight") if len(directed) else {}
    wanted = _kind_filter(graph, kinds)
    rows = []
    nodes = [n for n, kind in graph.nodes(data="kind") if wanted is None or kind in wanted]
    for node, row in zip(nodes, node_rows(graph, nodes), strict=True):
        row["degree"] = degree.get(node, 0.0)
        row["betweenness"] = betweenness.get(node, 0.0)
        row["pagerank"] = pagerank.get(node, 0.0)
        rows.append(row)
    others = [c for c in ("pagerank", "degree", "betweenness") if c != sort]
    rows.sort(key=lambda r: (-r[sort], -r[others[0]], -r[others[1]], r["iri"]))
    return frame(rows[:top] if top is not None else rows, CENTRALITY_COLUMNS)


def communities(
    source: KnowledgeGraph | nx.Graph, *, seed: int = 42, resolution: float = 1.0
) -> pd.DataFrame:
    """Louvain communities (``nx.community.louvain_communities``) with a fixed seed.

    Runs on the undirected simple graph, parallel edges adding weight. Communities are
    numbered from 0 by size, largest first (ties: the one with the alphabetically first
    member first); nodes are listed community by community, earliest first.

    Examples
    --------
    >>> import networkx as nx
    >>> pair = nx.disjoint_union(nx.complete_graph(4), nx.complete_graph(3))
    >>> table = communities(pair)
    >>> table.groupby("community")["iri"].count().tolist()
    [4, 3]
    """
    graph = _whole(source)
    undirected = _simple(graph, directed=False)
    ordered = nx.Graph()
    ordered.add_nodes_from(sorted(undirected.nodes(data=True), key=lambda item: str(item[0])))
    ordered.add_edges_from(
        sorted(undirected.edges(data=True), key=lambda item: (str(item[0]), str(item[1])))
    )
    found = nx.community.louvain_communities(
        ordered, weight="weight", resolution=resolution, seed=seed
    )
    groups = sorted(found, key=lambda group: (-len(group), min(str(n) for n in group)))
    rows: list[dict[str, Any]] = []
    for number, group in enumerate(groups):
        members = sorted(group, key=lambda n: node_key(graph, n))
        rows += [
            {**row, "community": number, "size": len(group)} for row in node_rows(graph, members)
        ]
    return frame(rows, COMMUNITY_COLUMNS)


def timeline(
    source: KnowledgeGraph | nx.Graph,
    *,
    since: int | None = None,
    until: int | None = None,
    events_only: bool = False,
) -> pd.DataFrame:
    """Dated events in year order: what was proposed, created, launched … and when.

    Rows come from dated relations (reified ``pg:Assertion`` with ``pg:year``; ``event``
    is its class: ``Proposal``, ``Creation``, ``Designation``, ``Launch``,
    ``Deepening``, or ``Relation`` for other dated links such as ``buildsOn``) and from
    the years of things themselves (``event`` = ``"Appearance"``: the year a thing first
    appears in the source). Within a year, rows follow the source text.

    Parameters
    ----------
    source : KnowledgeGraph or networkx graph
        A knowledge graph, or a graph shaped like `to_networkx`'s.
    since, until : int, optional
        Keep the years from ``since`` to ``until`` (both included).
    events_only : bool
        Keep only the rows of the five event classes.

    Examples
    --------
    >>> import policygraph as pg
    >>> events = timeline(pg.load(), events_only=True)
    >>> first = events.iloc[0]
    >>> (int(first.year), first.event, first.subject_zh, first.object_zh)
    (2003, 'Proposal', '习近平', '八八战略')
    """
    graph = _whole(source)
    rows: list[dict[str, Any]] = []

    def where(evidence: list[dict[str, Any]]) -> dict[str, Any]:
        first = evidence[0] if evidence else {}
        return {"quote": first.get("quote"), "start": first.get("start"), "end": first.get("end")}

    for u, v, data in graph.edges(data=True):
        if data.get("year") is None:
            continue
        event = data.get("event") or "Relation"
        if events_only and event not in EVENT_KINDS:
            continue
        rows.append(
            {
                "year": data["year"],
                "event": event,
                "subject": str(u),
                "subject_zh": graph.nodes[u].get("label_zh"),
                "subject_en": graph.nodes[u].get("label_en"),
                "relation": data.get("relation"),
                "object": str(v),
                "object_zh": graph.nodes[v].get("label_zh"),
                "object_en": graph.nodes[v].get("label_en"),
                **where(data.get("evidence") or []),
            }
        )
    if not events_only:
        for node, data in graph.nodes(data=True):
            if data.get("year") is None:
                continue
            rows.append(
                {
                    "year": data["year"],
                    "event": "Appearance",
                    "subject": str(node),
                    "subject_zh": data.get("label_zh"),
                    "subject_en": data.get("label_en"),
                    "relation": None,
                    "object": None,
                    "object_zh": None,
                    "object_en": None,
                    **where(data.get("evidence") or []),
                }
            )
    rows = [
        row
        for row in rows
        if (since is None or row["year"] >= since) and (until is None or row["year"] <= until)
    ]
    rows.sort(
        key=lambda r: (
            r["year"],
            r["start"] if r["start"] is not None else float("inf"),
            r["event"] == "Appearance",
            r["subject"],
            r["object"] or "",
        )
    )
    return frame(rows, TIMELINE_COLUMNS)
