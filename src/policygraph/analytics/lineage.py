"""Policy lineage: what grew out of what.

Direction
---------
`lineage_graph` keeps the direction of the RDF: an edge ``u → v`` with
``relation="buildsOn"`` reads “u builds on v”. The subject is the *later* thing, so
edges point back in time, from a policy to what it descends from:

* the **ancestors** of a policy (what it grew out of) are its graph *successors*
  (``nx.descendants``), and
* its **descendants** (what grew out of it) are its graph *predecessors*
  (``nx.ancestors``).

`lineage` speaks only of ancestors and descendants in the policy sense, and every path
these functions return (`main_path`, `longest_chain`, the ``path`` column) is listed in
time order: the earliest thing first.

Main-path analysis follows Hummon & Doreian (1989) and Batagelj (2003): the *search path
count* (SPC) of an edge is the number of source-to-sink paths that run through it; the
main path follows high-SPC edges, either greedily from the best source edge or as the
source-to-sink path with the largest total SPC. SPC is only defined on acyclic graphs:
edges inside a cycle are left out and reported by `lineage_issues`, as are edges that
run backwards in time. Nothing here loops over a cycle.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Hashable, Iterable
from typing import TYPE_CHECKING, Any, Literal

import networkx as nx

from .._namespaces import PG
from ..errors import NotFoundError
from ._common import NODE_COLUMNS, as_graph, find_node, frame, node_key, node_label, node_rows
from ._rdf import local_name, snapshot

if TYPE_CHECKING:
    import pandas as pd

    from ..graph import KnowledgeGraph

__all__ = [
    "ISSUE_COLUMNS",
    "LINEAGE_COLUMNS",
    "PATH_COLUMNS",
    "acyclic_lineage",
    "lineage",
    "lineage_chain",
    "lineage_graph",
    "lineage_issues",
    "lineage_subgraph",
    "longest_chain",
    "main_path",
    "path_table",
    "search_path_count",
]

Direction = Literal["ancestors", "descendants", "both"]
ISSUE_COLUMNS = [
    "issue",
    "source",
    "target",
    "relation",
    "source_label",
    "target_label",
    "source_year",
    "target_year",
    "detail",
]
LINEAGE_COLUMNS = [*NODE_COLUMNS, "side", "distance", "relation", "path"]
PATH_COLUMNS = [*NODE_COLUMNS, "step", "relation", "spc"]
_DESCENDS = str(PG.descendsFrom)
_ANCESTOR = str(PG.ancestorOf)


def lineage_graph(kg: KnowledgeGraph, *, evidence: bool = True) -> nx.DiGraph:
    """Strategies, policies, programmes, goals and documents, linked by their lineage.

    Nodes are the instances of ``pg:PolicyThing`` and its subclasses (id: IRI string;
    attributes ``label_zh``, ``label_en``, ``kind``, ``year``, ``evidence``). An edge
    ``u → v`` means *u descends from v* (the later thing first, as in the RDF), through a
    sub-property of ``pg:descendsFrom`` (``buildsOn``, ``elevates``, ``isPartOf``,
    ``implements``, ``succeeds``); inverse statements (``hasPart`` …) are turned round.
    Edge attributes: ``relation`` (e.g. ``"buildsOn"``), ``year``, ``evidence`` (list
    of dicts with ``quote``, ``start``, ``end``, ``section``), ``property`` (CURIE),
    ``event``, ``assertion``.

    Parameters
    ----------
    kg : KnowledgeGraph
    evidence : bool
        Whether to read the evidence of every node and edge (the costliest part on a
        large graph). Without it every ``evidence`` is an empty list; `evidence_of`
        reads that of one node, or of one edge's ``assertion``, when asked.

    Returns
    -------
    networkx.DiGraph

    Examples
    --------
    >>> import policygraph as pg
    >>> kg = pg.load()
    >>> graph = lineage_graph(kg)
    >>> eight_eight = str(pg.PGID["eight-eight-strategy"])
    >>> graph.nodes[eight_eight]["label_zh"], graph.nodes[eight_eight]["year"]
    ('八八战略', 2003)
    >>> edge = graph.edges[str(pg.PGID["digital-zhejiang"]), eight_eight]
    >>> edge["relation"], edge["evidence"][0]["start"]
    ('isPartOf', 94)

    Without evidence: the same graph, every ``evidence`` empty; one edge's on demand:

    >>> from policygraph.analytics import evidence_of
    >>> bare = lineage_graph(kg, evidence=False)
    >>> sorted(bare.edges) == sorted(graph.edges), bare.edges[next(iter(bare.edges))]["evidence"]
    (True, [])
    >>> later = bare.edges[str(pg.PGID["digital-zhejiang"]), eight_eight]
    >>> list(evidence_of(kg, later["assertion"])) == edge["evidence"]
    True
    """
    snap = snapshot(kg, "lineage", evidence=evidence)
    graph = nx.DiGraph(name="policy lineage", direction="later → earlier (u descends from v)")
    members = [iri for iri in snap.nodes if snap.is_a(iri, "PolicyThing")]
    graph.add_nodes_from((iri, snap.node_attributes(iri)) for iri in sorted(members))
    for edge in snap.edges:
        if edge.subject not in graph or edge.object not in graph:
            continue
        attributes = edge.attributes()
        if snap.subproperty_of(edge.predicate, _DESCENDS) and edge.predicate != _DESCENDS:
            later, earlier = edge.subject, edge.object
        elif snap.subproperty_of(edge.predicate, _ANCESTOR) and edge.predicate != _ANCESTOR:
            later, earlier = edge.object, edge.subject
            inverse = snap.inverse.get(edge.predicate)
            if inverse is not None:
                attributes["relation"] = local_name(inverse)
        else:
            continue
        if graph.has_edge(later, earlier):  # two lineage statements about one pair
            graph.edges[later, earlier].setdefault("relations", [])
            graph.edges[later, earlier]["relations"].append(attributes["relation"])
            continue
        graph.add_edge(later, earlier, **attributes)
    return graph


def _lineage(source: KnowledgeGraph | nx.DiGraph) -> nx.DiGraph:
    """``source``, or its lineage graph without evidence (for results that show none)."""
    return as_graph(source, _bare_lineage_graph)


def _bare_lineage_graph(kg: KnowledgeGraph) -> nx.DiGraph:
    return lineage_graph(kg, evidence=False)


# -- issues: cycles and edges backwards in time ------------------------------------------


def _cycle_edges(graph: nx.DiGraph) -> list[tuple[Hashable, Hashable, list[Hashable]]]:
    found = []
    for component in nx.strongly_connected_components(graph):
        members = sorted(component, key=lambda n: node_key(graph, n))
        if len(component) == 1:
            node = members[0]
            if graph.has_edge(node, node):
                found.append((node, node, members))
            continue
        for u, v in sorted(graph.subgraph(component).edges(), key=str):
            found.append((u, v, members))
    return found


def lineage_issues(source: KnowledgeGraph | nx.DiGraph) -> pd.DataFrame:
    """Lineage edges that break the arrow of time: cycles and backward-in-time edges.

    An edge ``u → v`` (u descends from v) is *backward in time* when u is dated earlier
    than v. Every edge inside a cycle (a strongly connected component, or a self-loop)
    is reported once with issue ``"cycle"``; the analyses leave those edges out.

    Parameters
    ----------
    source : KnowledgeGraph or networkx.DiGraph
        A knowledge graph, or a graph shaped like `lineage_graph`'s.

    Returns
    -------
    pandas.DataFrame
        Columns ``issue`` (``"cycle"`` or ``"backward-in-time"``), ``source``,
        ``target``, ``relation``, labels and years of both ends, and ``detail``.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph()
    >>> graph.add_nodes_from([("a", {"year": 2003}), ("b", {"year": 2014}), ("c", {})])
    >>> graph.add_edge("a", "b", relation="buildsOn")  # 2003 builds on 2014?
    >>> graph.add_edges_from([("b", "c"), ("c", "b")], relation="implements")
    >>> lineage_issues(graph)[["issue", "source", "target"]].values.tolist()
    [['cycle', 'b', 'c'], ['cycle', 'c', 'b'], ['backward-in-time', 'a', 'b']]
    """
    graph = _lineage(source)
    rows: list[dict[str, Any]] = []

    def row(issue: str, u: Hashable, v: Hashable, detail: str) -> dict[str, Any]:
        return {
            "issue": issue,
            "source": str(u),
            "target": str(v),
            "relation": graph.edges[u, v].get("relation"),
            "source_label": node_label(graph, u),
            "target_label": node_label(graph, v),
            "source_year": graph.nodes[u].get("year"),
            "target_year": graph.nodes[v].get("year"),
            "detail": detail,
        }

    for u, v, members in _cycle_edges(graph):
        names = " ↔ ".join(node_label(graph, n) for n in members)
        rows.append(row("cycle", u, v, f"on a cycle among {names}; left out of the analyses"))
    for u, v in sorted(graph.edges(), key=str):
        if _backward(graph, u, v):
            rows.append(
                row(
                    "backward-in-time",
                    u,
                    v,
                    f"{node_label(graph, u)} ({graph.nodes[u]['year']}) cannot descend from "
                    f"the later {node_label(graph, v)} ({graph.nodes[v]['year']})",
                )
            )
    return frame(rows, ISSUE_COLUMNS)


def _backward(graph: nx.DiGraph, later: Hashable, earlier: Hashable) -> bool:
    late, early = graph.nodes[later].get("year"), graph.nodes[earlier].get("year")
    return late is not None and early is not None and late < early


def acyclic_lineage(source: KnowledgeGraph | nx.DiGraph) -> nx.DiGraph:
    """A copy of the lineage graph without the edges that lie on a cycle.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph([("a", "b"), ("b", "c"), ("c", "b"), ("d", "d")])
    >>> sorted(acyclic_lineage(graph).edges())
    [('a', 'b')]
    """
    graph = as_graph(source, lineage_graph)
    result = graph.copy()
    result.remove_edges_from((u, v) for u, v, _ in _cycle_edges(graph))
    return result


def _structure(graph: nx.DiGraph, edges: Iterable[tuple[Any, Any]]) -> nx.DiGraph:
    """The nodes of ``graph`` and ``edges``, without attributes: what the algorithms
    walk (copying the attributes, evidence lists and all, costs more than the walk)."""
    bare = nx.DiGraph()
    bare.add_nodes_from(graph)
    bare.add_edges_from(edges)
    return bare


def _acyclic_structure(graph: nx.DiGraph) -> nx.DiGraph:
    """`acyclic_lineage` of ``graph`` without attributes."""
    cyclic = {(u, v) for u, v, _ in _cycle_edges(graph)}
    return _structure(graph, (edge for edge in graph.edges() if edge not in cyclic))


def _topological(dag: nx.DiGraph) -> list[Any]:
    """``list(nx.lexicographical_topological_sort(dag, key=str))``, in the same order
    (ties: smaller ``str``, then insertion order), without an edge view per node.

    Examples
    --------
    >>> import networkx as nx
    >>> dag = nx.DiGraph([("b", "c"), ("a", "c"), ("c", "d"), ("e", "d")])
    >>> _topological(dag) == list(nx.lexicographical_topological_sort(dag, key=str))
    True
    """
    index = {node: number for number, node in enumerate(dag)}
    waiting = {node: degree for node, degree in dag.in_degree() if degree}
    ready = [(str(node), index[node], node) for node in dag if node not in waiting]
    heapq.heapify(ready)
    order: list[Any] = []
    successors = dag.succ
    while ready:
        node = heapq.heappop(ready)[2]
        order.append(node)
        for child in successors[node]:
            waiting[child] -= 1
            if not waiting[child]:
                del waiting[child]
                heapq.heappush(ready, (str(child), index[child], child))
    if waiting:
        raise nx.NetworkXUnfeasible("graph contains a cycle")
    return order


# -- search path counts and main paths ---------------------------------------------------


def search_path_count(source: KnowledgeGraph | nx.DiGraph) -> dict[tuple[Any, Any], int]:
    """Search path count (SPC) of every edge: the source-to-sink paths through it.

    A source has no incoming edge, a sink no outgoing one. SPC(u, v) is the number of
    paths from any source to u times the number of paths from v to any sink. Reversing
    every edge leaves SPC unchanged, so it does not matter that lineage edges point back
    in time. Edges on a cycle get no count (see `lineage_issues`).

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph([("a", "c"), ("b", "c"), ("c", "d"), ("c", "e")])
    >>> search_path_count(graph)
    {('a', 'c'): 2, ('b', 'c'): 2, ('c', 'd'): 2, ('c', 'e'): 2}
    """
    dag = _acyclic_structure(_lineage(source))
    order = _topological(dag)
    from_sources: dict[Any, int] = {}
    for node in order:
        parents = list(dag.predecessors(node))
        from_sources[node] = sum(from_sources[p] for p in parents) if parents else 1
    to_sinks: dict[Any, int] = {}
    for node in reversed(order):
        children = list(dag.successors(node))
        to_sinks[node] = sum(to_sinks[c] for c in children) if children else 1
    return {(u, v): from_sources[u] * to_sinks[v] for u, v in sorted(dag.edges(), key=str)}


def main_path(
    source: KnowledgeGraph | nx.DiGraph, method: Literal["global", "greedy"] = "global"
) -> list[Any]:
    """The main path of the lineage by search path count, earliest thing first.

    Parameters
    ----------
    source : KnowledgeGraph or networkx.DiGraph
    method : {"global", "greedy"}
        ``"global"``: the source-to-sink path with the largest total SPC (Liu & Lu's
        global main path). ``"greedy"``: Hummon & Doreian's local search, which starts
        at the edge of highest SPC leaving a root and keeps taking the highest-SPC edge.
        Ties go to the path through better-connected things (more lineage links),
        then to the earlier, then alphabetically first, node.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph([("late1", "mid"), ("late2", "mid"), ("mid", "root"),
    ...                     ("odd", "root")])
    >>> main_path(graph)
    ['root', 'mid', 'late1']
    """
    if method not in ("global", "greedy"):
        raise ValueError(f"method must be 'global' or 'greedy', not {method!r}")
    graph = _lineage(source)
    spc = search_path_count(graph)
    # Follow time forwards: from the roots (nothing earlier) to the latest things.
    forward = nx.DiGraph()
    forward.add_nodes_from(graph)
    forward.add_edges_from((v, u, {"spc": count}) for (u, v), count in spc.items())
    if forward.number_of_edges() == 0:
        return []

    def order(node: Any) -> tuple[float, str]:
        return node_key(graph, node)

    if method == "greedy":
        # max() keeps the first of equal candidates: sort them earliest first.
        roots = sorted((n for n in forward if forward.in_degree(n) == 0), key=order)
        starts = [(u, v) for u in roots for v in sorted(forward.successors(u), key=order)]
        u, v = max(starts, key=lambda e: forward.edges[e]["spc"])
        path = [u, v]
        while forward.out_degree(path[-1]):
            here = path[-1]
            following = sorted(forward.successors(here), key=order)
            path.append(
                max(following, key=lambda n: (forward.edges[here, n]["spc"], graph.degree(n)))
            )
        return path

    best: dict[Any, tuple[int, int, list[Any]]] = {}
    for node in _topological(forward):
        parents = sorted(forward.predecessors(node), key=order)
        if not parents:
            best[node] = (0, graph.degree(node), [node])
            continue
        candidates = []
        for parent in parents:  # links: lineage links of the path's things in all
            score, links, path = best[parent]
            extended = [*path, node]
            score += forward.edges[parent, node]["spc"]
            candidates.append((score, links + graph.degree(node), extended))
        best[node] = max(candidates, key=lambda item: item[:2])
    sinks = sorted((n for n in forward if forward.out_degree(n) == 0), key=order)
    return max((best[n] for n in sinks), key=lambda item: item[:2])[2]


#: `_chain_score` of the empty path.
_EMPTY_SCORE: tuple[Any, ...] = (0, -math.inf, -math.inf, 0, 0)


def _extended_score(graph: nx.DiGraph, score: tuple[Any, ...], node: Any) -> tuple[Any, ...]:
    """`_chain_score` of a path one ``node`` longer, from the path's score alone."""
    length, minus_start, end, dated, links = score
    year = graph.nodes[node].get("year")
    if year is not None:
        minus_start = -year if dated == 0 else minus_start
        end, dated = year, dated + 1
    return (length + 1, minus_start, end, dated, links + graph.degree(node))


def _chain_score(graph: nx.DiGraph, path: list[Any]) -> tuple[Any, ...]:
    years = [graph.nodes[n].get("year") for n in path]
    dated = [y for y in years if y is not None]
    start = dated[0] if dated else float("inf")
    end = dated[-1] if dated else float("-inf")
    links = sum(graph.degree(n) for n in path)
    return (len(path), -start, end, len(dated), links)


def _time_ordered_dag(graph: nx.DiGraph) -> nx.DiGraph:
    """The lineage without cycles and backward-in-time edges, turned to run forwards
    (structure only: the attributes stay in ``graph``)."""
    dag = _acyclic_structure(graph)
    return _structure(graph, ((v, u) for u, v in dag.edges() if not _backward(graph, u, v)))


def longest_chain(source: KnowledgeGraph | nx.DiGraph) -> list[Any]:
    """The longest lineage chain along which dates never decrease, earliest thing first.

    Edges on a cycle and edges backwards in time are not used; undated things may sit
    on the chain. Among chains of equal length the one that starts earliest wins, then
    the one whose last dated step is latest, then the one with more dated things, then
    the one through better-connected things (more lineage links in all).

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph()
    >>> graph.add_nodes_from([("root", {"year": 2003}), ("b", {"year": 2014}),
    ...                       ("c", {"year": 2017}), ("bad", {"year": 2001})])
    >>> graph.add_edges_from([("b", "root"), ("c", "b"), ("bad", "c")])
    >>> longest_chain(graph)
    ['root', 'b', 'c']
    """
    graph = _lineage(source)
    forward = _time_ordered_dag(graph)
    best: dict[Any, tuple[tuple[Any, ...], list[Any]]] = {}  # node → (score, chain)
    for node in _topological(forward):
        candidates = [
            (_extended_score(graph, best[p][0], node), [*best[p][1], node])
            for p in sorted(forward.predecessors(node), key=str)
        ]
        start = (_extended_score(graph, _EMPTY_SCORE, node), [node])
        best[node] = max(candidates, key=lambda item: item[0]) if candidates else start
    if not best:
        return []
    winner = max(best.values(), key=lambda item: item[0])[1]
    return winner if len(winner) > 1 else []


def lineage_chain(source: KnowledgeGraph | nx.DiGraph, earliest: str, latest: str) -> list[Any]:
    """The longest chain of descent from ``earliest`` to ``latest``, earliest first,
    along which dates never decrease (ties as in `longest_chain`).

    Raises
    ------
    NotFoundError
        A name is unknown, or no such chain exists.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph([("b", "a"), ("c", "b"), ("c", "a"), ("d", "c")])
    >>> lineage_chain(graph, "a", "d")
    ['a', 'b', 'c', 'd']
    """
    graph = _lineage(source)
    start, end = _locate(source, graph, earliest), _locate(source, graph, latest)
    forward = _time_ordered_dag(graph)
    reachable = nx.descendants(forward, start) | {start}
    if end not in reachable:
        raise NotFoundError(
            f"{node_label(graph, end)} does not descend from {node_label(graph, start)} "
            "along a chain whose dates never decrease"
        )
    between = forward.subgraph(reachable & (nx.ancestors(forward, end) | {end}))
    best: dict[Any, list[Any]] = {}
    for node in _topological(between):
        candidates = [
            [*best[p], node] for p in sorted(between.predecessors(node), key=str) if p in best
        ]
        if node == start:
            best[node] = [node]
        elif candidates:
            best[node] = max(candidates, key=lambda p: _chain_score(graph, p))
    return best[end]


def path_table(source: KnowledgeGraph | nx.DiGraph, path: list[Any]) -> pd.DataFrame:
    """A path in time order as a table: one row per step, with the relation that links
    it to the step before and that link's search path count.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph()
    >>> graph.add_nodes_from([("a", {"label_zh": "甲", "year": 2003}), ("b", {})])
    >>> graph.add_edge("b", "a", relation="buildsOn")
    >>> table = path_table(graph, ["a", "b"])
    >>> table.label_zh[0], table.relation[1], int(table.spc[1])
    ('甲', 'buildsOn', 1)
    """
    graph = _lineage(source)
    spc = search_path_count(graph)
    rows = node_rows(graph, path)
    for index, row in enumerate(rows):
        row["step"] = index + 1
        row["relation"] = None
        row["spc"] = None
        if index:
            later, earlier = path[index], path[index - 1]
            row["relation"] = graph.edges[later, earlier].get("relation")
            row["spc"] = spc.get((later, earlier))
    return frame(rows, PATH_COLUMNS)


# -- the lineage of one policy -------------------------------------------------------------


def _check_direction(direction: str) -> None:
    if direction not in ("ancestors", "descendants", "both"):
        raise ValueError(
            f"direction must be 'ancestors', 'descendants' or 'both', not {direction!r}"
        )


def _locate(source: KnowledgeGraph | nx.DiGraph, graph: nx.DiGraph, name: str) -> Any:
    kg = None if isinstance(source, nx.Graph) else source
    return find_node(graph, name, what="policy", kg=kg)


def lineage(
    source: KnowledgeGraph | nx.DiGraph, name: str, direction: Direction = "both"
) -> pd.DataFrame:
    """The ancestors and descendants of one policy.

    Parameters
    ----------
    source : KnowledgeGraph or networkx.DiGraph
        A knowledge graph, or a graph shaped like `lineage_graph`'s.
    name : str
        IRI, slug, Chinese or English label (or, with a knowledge graph, alias or pinyin).
    direction : {"both", "ancestors", "descendants"}
        ``"ancestors"``: what the policy grew out of (earlier things); ``"descendants"``:
        what grew out of it (later things).

    Returns
    -------
    pandas.DataFrame
        One row per related thing: ``iri``, labels, ``kind``, ``year``, ``side``
        (``"ancestor"`` or ``"descendant"``), ``distance`` (steps), ``relation`` (the
        relation of the step next to that thing) and ``path`` (a shortest chain between
        the two, earliest first).

    Raises
    ------
    NotFoundError
        No policy is called ``name``; the message suggests close names.

    Examples
    --------
    >>> import policygraph as pg
    >>> kg = pg.load()
    >>> up = lineage(kg, "一号工程", direction="ancestors")
    >>> "八八战略" in set(up.label_zh)
    True
    >>> lineage(kg, "一号工", direction="ancestors")
    Traceback (most recent call last):
    ...
    policygraph.errors.NotFoundError: no policy is named '一号工'. Did you mean: ...
    """
    _check_direction(direction)
    graph = _lineage(source)
    node = _locate(source, graph, name)
    rows: list[dict[str, Any]] = []
    sides = []
    if direction in ("ancestors", "both"):
        sides.append(("ancestor", graph))
    if direction in ("descendants", "both"):
        sides.append(("descendant", graph.reverse(copy=False)))
    for side, walk in sides:
        paths = nx.single_source_shortest_path(walk, node)
        for other in sorted(paths, key=lambda n: (len(paths[n]), node_key(graph, n))):
            if other == node:
                continue
            steps = paths[other]
            row = node_rows(graph, [other])[0]
            row["side"] = side
            row["distance"] = len(steps) - 1
            row["relation"] = walk.edges[steps[-2], other].get("relation")
            in_time = steps[::-1] if side == "ancestor" else steps
            row["path"] = " → ".join(node_label(graph, n) for n in in_time)
            rows.append(row)
    return frame(rows, LINEAGE_COLUMNS)


def lineage_subgraph(
    source: KnowledgeGraph | nx.DiGraph, name: str, direction: Direction = "both"
) -> nx.DiGraph:
    """The policy ``name`` with its ancestors and/or descendants, as a subgraph copy.

    Examples
    --------
    >>> import networkx as nx
    >>> graph = nx.DiGraph([("c", "b"), ("b", "a"), ("x", "a")])
    >>> sorted(lineage_subgraph(graph, "b", direction="ancestors"))
    ['a', 'b']
    """
    _check_direction(direction)
    graph = as_graph(source, lineage_graph)
    node = _locate(source, graph, name)
    keep = {node}
    if direction in ("ancestors", "both"):
        keep |= nx.descendants(graph, node)
    if direction in ("descendants", "both"):
        keep |= nx.ancestors(graph, node)
    return graph.subgraph(keep).copy()
