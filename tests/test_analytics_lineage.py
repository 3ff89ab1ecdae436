"""Lineage analytics: on the real graph, and on tiny graphs with cycles and time errors."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

import policygraph as pg
from policygraph import analytics
from policygraph.errors import DataError, NotFoundError

LINEAGE_RELATIONS = {"buildsOn", "elevates", "isPartOf", "implements", "succeeds"}


def iri(slug: str) -> str:
    return str(pg.PGID[slug])


@pytest.fixture(scope="module")
def lineage_memory(kg_memory: pg.KnowledgeGraph) -> nx.DiGraph:
    return analytics.lineage_graph(kg_memory)


def known_years(graph: nx.DiGraph, path: list[Any]) -> list[int]:
    return [graph.nodes[n]["year"] for n in path if graph.nodes[n]["year"] is not None]


def assert_is_time_ordered_path(graph: nx.DiGraph, path: list[Any]) -> None:
    """Each step descends from the one before (edge later → earlier), dates never fall."""
    for earlier, later in itertools.pairwise(path):
        assert graph.has_edge(later, earlier), (later, earlier)
    years = known_years(graph, path)
    assert years == sorted(years)


# -- the real graph ----------------------------------------------------------------------


def test_lineage_graph_holds_exactly_the_policy_things(kg: pg.KnowledgeGraph) -> None:
    graph = analytics.lineage_graph(kg)
    assert set(graph) == set(kg.entities("PolicyThing")["iri"])
    assert {data["relation"] for _, _, data in graph.edges(data=True)} <= LINEAGE_RELATIONS
    assert graph.edges[iri("digital-zhejiang"), iri("eight-eight-strategy")]["relation"] == (
        "isPartOf"
    )
    assert graph.nodes[iri("number-one-project")]["kind"] == "Project"
    assert graph.nodes[iri("number-one-project")]["year"] == 2017


def test_lineage_evidence_points_into_the_source(
    lineage_memory: nx.DiGraph, source_texts: list[str]
) -> None:
    items = [e for _, data in lineage_memory.nodes(data=True) for e in data["evidence"]]
    items += [e for *_, data in lineage_memory.edges(data=True) for e in data["evidence"]]
    assert len(items) > lineage_memory.number_of_nodes()
    for item in items:
        assert set(item) == {"quote", "start", "end", "section"}
        assert any(t[item["start"] : item["end"]] == item["quote"] for t in source_texts)


def test_chain_from_eight_eight_strategy_to_3386(kg: pg.KnowledgeGraph) -> None:
    graph = analytics.lineage_graph(kg)
    chain = analytics.lineage_chain(kg, "八八战略", "3386")
    assert chain[0] == iri("eight-eight-strategy")
    assert chain[-2:] == [iri("number-one-project"), iri("system-3386")]
    assert iri("information-economy") in chain
    assert_is_time_ordered_path(graph, chain)
    assert known_years(graph, chain)[0] == 2003


def test_longest_chain_starts_at_the_earliest_root(lineage_memory: nx.DiGraph) -> None:
    chain = analytics.longest_chain(lineage_memory)
    assert_is_time_ordered_path(lineage_memory, chain)
    years = [y for _, y in lineage_memory.nodes(data="year") if y is not None]
    assert chain[0] == iri("eight-eight-strategy")
    assert lineage_memory.nodes[chain[0]]["year"] == min(years) == 2003
    assert lineage_memory.out_degree(chain[0]) == 0  # a root: it descends from nothing
    assert iri("number-one-project") in chain


def test_main_paths_follow_search_path_counts(lineage_memory: nx.DiGraph) -> None:
    spc = analytics.search_path_count(lineage_memory)
    sources = [n for n in lineage_memory if lineage_memory.in_degree(n) == 0]
    sinks = [n for n in lineage_memory if lineage_memory.out_degree(n) == 0]
    # Brute force: count every source-to-sink path through each edge.
    through: dict[tuple[str, str], int] = dict.fromkeys(lineage_memory.edges(), 0)
    for source, sink in itertools.product(sources, sinks):
        for path in nx.all_simple_paths(lineage_memory, source, sink):
            for edge in itertools.pairwise(path):
                through[edge] += 1
    assert spc == through
    best = analytics.main_path(lineage_memory, method="global")
    greedy = analytics.main_path(lineage_memory, method="greedy")
    for path in (best, greedy):
        assert_is_time_ordered_path(lineage_memory, path)
        assert lineage_memory.out_degree(path[0]) == 0
        assert lineage_memory.in_degree(path[-1]) == 0

    def total(path: list[str]) -> int:
        return sum(spc[(later, earlier)] for earlier, later in itertools.pairwise(path))

    assert total(best) >= total(greedy)
    assert best[0] == iri("eight-eight-strategy")


def test_the_curated_lineage_runs_forward_in_time(lineage_memory: nx.DiGraph) -> None:
    assert analytics.lineage_issues(lineage_memory).empty
    assert nx.is_directed_acyclic_graph(lineage_memory)


def test_lineage_of_the_number_one_project(kg: pg.KnowledgeGraph) -> None:
    up = analytics.lineage(kg, "一号工程", direction="ancestors")
    down = analytics.lineage(kg, "No. 1 Project", direction="descendants")
    both = analytics.lineage(kg, iri("number-one-project"))
    assert {iri(s) for s in ("eight-eight-strategy", "digital-zhejiang")} <= set(up.iri)
    assert set(up.side) == {"ancestor"}
    assert iri("system-3386") in set(down.iri)
    assert set(down.side) == {"descendant"}
    assert set(both.iri) == set(up.iri) | set(down.iri)
    assert up.year.dropna().max() <= 2017
    root = up.set_index("iri").loc[iri("eight-eight-strategy")]
    assert root.path.startswith("八八战略 → ") and root.path.endswith(" → 一号工程")
    assert root.distance == root.path.count("→")


def test_unknown_policy_is_reported_with_suggestions(kg_memory: pg.KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError) as caught:
        analytics.lineage(kg_memory, "一号工")
    assert "一号工程" in caught.value.suggestions
    with pytest.raises(NotFoundError, match="not a policy"):
        analytics.lineage(kg_memory, "杭州市")  # a place, not a policy
    with pytest.raises(NotFoundError, match="does not descend"):
        analytics.lineage_chain(kg_memory, "3386", "八八战略")
    with pytest.raises(ValueError, match="direction"):
        analytics.lineage(kg_memory, "一号工程", direction="up")  # type: ignore[arg-type]


# -- tiny graphs ---------------------------------------------------------------------------


def tiny(edges: list[tuple[str, str]], years: dict[str, int]) -> nx.DiGraph:
    """A lineage graph by hand: edge (later, earlier) means later descends from earlier."""
    graph = nx.DiGraph()
    for node in sorted({n for edge in edges for n in edge}):
        graph.add_node(node, label_zh=node, label_en=node, kind="Policy", year=years.get(node))
    graph.add_edges_from(edges, relation="buildsOn", year=None, evidence=[])
    return graph


def test_cycle_is_reported_and_never_looped_over() -> None:
    graph = tiny([("a", "b"), ("b", "c"), ("c", "a"), ("d", "a"), ("a", "root")], {})
    issues = analytics.lineage_issues(graph)
    assert sorted(zip(issues.issue, issues.source, issues.target, strict=True)) == [
        ("cycle", "a", "b"),
        ("cycle", "b", "c"),
        ("cycle", "c", "a"),
    ]
    spc = analytics.search_path_count(graph)
    assert set(spc) == {("d", "a"), ("a", "root")}
    assert analytics.main_path(graph) == ["root", "a", "d"]
    assert analytics.longest_chain(graph) == ["root", "a", "d"]
    # On a cycle, b and c are both earlier and later than a: each side lists them once.
    both = analytics.lineage(graph, "a", direction="both")
    assert sorted(both[both.side == "ancestor"].iri) == ["b", "c", "root"]
    assert sorted(both[both.side == "descendant"].iri) == ["b", "c", "d"]


def test_self_loop_is_a_cycle() -> None:
    graph = tiny([("a", "a"), ("a", "root")], {})
    assert analytics.lineage_issues(graph).issue.tolist() == ["cycle"]
    assert analytics.main_path(graph) == ["root", "a"]


def test_backward_edge_is_reported_and_kept_off_dated_chains() -> None:
    years = {"root": 2003, "mid": 2014, "late": 2017, "odd": 2001, "x": 2015}
    graph = tiny([("mid", "root"), ("late", "mid"), ("odd", "late"), ("x", "odd")], years)
    issues = analytics.lineage_issues(graph)
    assert issues[["issue", "source", "target"]].values.tolist() == [
        ["backward-in-time", "odd", "late"]
    ]
    assert "2001" in issues.detail[0] and "2017" in issues.detail[0]
    chain = analytics.longest_chain(graph)
    assert chain == ["root", "mid", "late"]
    with pytest.raises(NotFoundError):
        analytics.lineage_chain(graph, "root", "x")


def test_global_main_path_beats_the_greedy_one() -> None:
    # Time runs from a, x1, x2, x3 on. The best first step (a → b, four paths) leads
    # into a fan that ends at once; the long chain after y carries more paths in all.
    flow = [("a", "b"), *(("b", f"c{i}") for i in range(1, 5))]
    flow += [(f"x{i}", "y") for i in range(1, 4)]
    flow += [("y", "w1"), ("w1", "w2"), ("w2", "w3"), ("w3", "w4")]
    graph = tiny([(later, earlier) for earlier, later in flow], {})
    spc = analytics.search_path_count(graph)
    sources = [n for n in graph if graph.in_degree(n) == 0]
    sinks = [n for n in graph if graph.out_degree(n) == 0]
    paths = [
        path[::-1]
        for s, t in itertools.product(sources, sinks)
        for path in nx.all_simple_paths(graph, s, t)
    ]

    def total(path: list[str]) -> int:
        return sum(spc[(later, earlier)] for earlier, later in itertools.pairwise(path))

    best = max(total(p) for p in paths)
    assert total(analytics.main_path(graph, method="global")) == best
    greedy = analytics.main_path(graph, method="greedy")
    # Greedy takes the locally largest count at every step, whatever follows.
    for earlier, later in itertools.pairwise(greedy):
        options = [spc[(n, earlier)] for n in graph.predecessors(earlier)]
        assert spc[(later, earlier)] == max(options)
    assert greedy[:2] == ["a", "b"]
    assert analytics.main_path(graph, method="global")[-1] == "w4"
    assert total(greedy) < best
    with pytest.raises(ValueError, match="method"):
        analytics.main_path(graph, method="local")  # type: ignore[arg-type]


def test_lineage_subgraph_and_path_table() -> None:
    graph = tiny([("b", "a"), ("c", "b"), ("x", "a")], {"a": 2003, "b": 2014})
    sub = analytics.lineage_subgraph(graph, "b", direction="descendants")
    assert sorted(sub) == ["b", "c"]
    table = analytics.path_table(graph, ["a", "b", "c"])
    assert table.step.tolist() == [1, 2, 3]
    assert table.relation.tolist()[1:] == ["buildsOn", "buildsOn"]
    assert table.spc.tolist()[1:] == [1, 1]


# -- a graph of one's own ------------------------------------------------------------------

OWN_GRAPH = """
@prefix pg: <https://w3id.org/policygraph/ontology/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ex: <https://example.org/> .

ex:old a pg:Strategy ; rdfs:label "旧战略"@zh , "Old strategy"@en ; pg:year 2001 .
ex:new a pg:Programme ; rdfs:label "新举措"@zh ; pg:year 2010 .
ex:part a pg:Project ; rdfs:label "子工程"@zh ; pg:year 2012 .
ex:city a pg:PrefectureCity ; rdfs:label "某市"@zh .
ex:new pg:buildsOn ex:old ; pg:hasPart ex:part .
ex:city pg:launched ex:new .
"""


def test_own_graph_without_evidence_and_with_inverse_links(tmp_path: Path) -> None:
    path = tmp_path / "own.ttl"
    path.write_text(OWN_GRAPH, encoding="utf-8")
    kg = pg.load(path, store="oxigraph")
    graph = analytics.lineage_graph(kg)
    ex = "https://example.org/"
    assert sorted(graph.edges(data="relation")) == [
        (ex + "new", ex + "old", "buildsOn"),
        (ex + "part", ex + "new", "isPartOf"),  # stated as new hasPart part
    ]
    assert graph.nodes[ex + "old"]["evidence"] == []
    assert analytics.longest_chain(kg) == [ex + "old", ex + "new", ex + "part"]
    cities = analytics.city_initiative_graph(kg)
    assert cities.edges[ex + "city", ex + "new"]["role"] == "launched"
    assert list(analytics.to_networkx(kg)[ex + "new"][ex + "part"]) == ["pg:hasPart"]


def test_graph_without_ontology_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "own.ttl"
    path.write_text(OWN_GRAPH, encoding="utf-8")
    with pytest.raises(DataError, match="ontology"):
        analytics.lineage_graph(pg.load(path, store="oxigraph", ontology=False))
