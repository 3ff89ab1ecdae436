"""The whole graph in NetworkX: conversion, centrality, communities, timeline."""

from __future__ import annotations

import networkx as nx
import pytest

import policygraph as pg
from policygraph import analytics
from policygraph.analytics._rdf import EVENT_KINDS
from policygraph.errors import NotFoundError


def iri(slug: str) -> str:
    return str(pg.PGID[slug])


@pytest.fixture(scope="module")
def whole(kg_memory: pg.KnowledgeGraph) -> nx.MultiDiGraph:
    return analytics.to_networkx(kg_memory)


def test_to_networkx_labels_nodes_and_keys_edges(
    whole: nx.MultiDiGraph, kg_memory: pg.KnowledgeGraph
) -> None:
    entities = kg_memory.entities()
    expected = set(entities.loc[~entities.kind.isin(["Indicator"]), "iri"])
    assert set(whole) == expected
    node = whole.nodes[iri("eight-eight-strategy")]
    assert (node["label_zh"], node["label_en"], node["kind"], node["year"]) == (
        "八八战略",
        "Eight-Eight Strategy",
        "Strategy",
        2003,
    )
    proposal = whole[iri("xi-jinping")][iri("eight-eight-strategy")]["pg:proposed"]
    assert (proposal["relation"], proposal["year"], proposal["event"]) == (
        "proposed",
        2003,
        "Proposal",
    )
    assert "八八战略" in proposal["evidence"][0]["quote"]
    holds = whole[iri("xi-jinping")][iri("zhejiang-party-secretary")]
    assert list(holds) == ["org:holds"]
    for *_, key, data in whole.edges(keys=True, data=True):
        assert key.split(":", 1)[1] == data["relation"]


def test_to_networkx_selects_classes_and_properties(kg: pg.KnowledgeGraph) -> None:
    places = analytics.to_networkx(kg, classes=["Place"])
    assert iri("hangzhou") in places and iri("city-brain") not in places
    assert {key for *_, key in places.edges(keys=True)} == {"pg:locatedIn"}
    lineage = analytics.to_networkx(kg, classes=["PolicyThing"], properties=["descendsFrom"])
    expected = analytics.lineage_graph(kg)
    assert set(lineage) == set(expected)
    assert {(u, v) for u, v in lineage.edges()} == set(expected.edges())
    figures = analytics.to_networkx(kg, classes=["Observation", "Indicator", "Place"])
    total = iri("digital-economy-total-2018")
    assert figures[total][iri("digital-economy-size")].keys() == {"pg:indicator"}
    assert "sdmx-dimension:refArea" in figures[total][iri("zhejiang")]
    with pytest.raises(NotFoundError) as caught:
        analytics.to_networkx(kg, classes=["Programm"])
    assert "Programme" in caught.value.suggestions
    with pytest.raises(NotFoundError):
        analytics.to_networkx(kg, properties=["pg:buildOn"])


def test_number_one_project_is_the_most_central_programme(whole: nx.MultiDiGraph) -> None:
    for measure in ("pagerank", "degree", "betweenness"):
        table = analytics.centrality(whole, kinds=["Programme"], sort=measure)
        assert table.iri.iloc[0] == iri("number-one-project"), measure
        assert table[measure].is_monotonic_decreasing
    programmes = analytics.centrality(whole, kinds=["Programme"])
    kinds = set(whole.graph["kinds"]["Programme"])
    assert set(programmes.kind) <= kinds and {"Project", "System"} <= set(programmes.kind)
    everything = analytics.centrality(whole)
    assert len(everything) == whole.number_of_nodes()
    assert everything.pagerank.sum() == pytest.approx(1.0)
    assert everything.iri.iloc[0] == iri("zhejiang")
    assert len(analytics.centrality(whole, top=3)) == 3


def test_communities_are_a_reproducible_partition(
    kg: pg.KnowledgeGraph, whole: nx.MultiDiGraph
) -> None:
    table = analytics.communities(kg)
    assert sorted(table.iri) == sorted(whole)  # every node exactly once
    again = analytics.communities(whole)
    assert table.values.tolist() == again.values.tolist()  # same on both stores, every run
    sizes = table.groupby("community")["iri"].count()
    assert sizes.is_monotonic_decreasing
    of = table.set_index("iri").community
    brain = of[iri("city-brain")]
    assert {of[iri(s)] for s in ("huzhou", "quzhou", "deqing-county")} == {brain}


def test_communities_on_two_cliques() -> None:
    graph = nx.disjoint_union(nx.complete_graph(5), nx.complete_graph(3))
    graph.add_edge(0, 5)
    table = analytics.communities(graph, seed=1)
    assert table.groupby("community")["iri"].apply(sorted).tolist() == [
        ["0", "1", "2", "3", "4"],
        ["5", "6", "7"],
    ]


def test_timeline_in_year_order(kg: pg.KnowledgeGraph, source_texts: list[str]) -> None:
    table = analytics.timeline(kg)
    assert table.year.is_monotonic_increasing
    assert table.year.min() == 2003
    earliest = table[table.year == 2003]
    assert "八八战略" in set(earliest.object_zh.dropna()) & set(earliest.subject_zh.dropna())
    for row in table.itertuples():
        assert any(text[row.start : row.end] == row.quote for text in source_texts)
    events = analytics.timeline(kg, events_only=True)
    assert set(events.event) <= set(EVENT_KINDS)
    proposal = events.iloc[0]
    assert (proposal.year, proposal.subject_zh, proposal.object_zh) == (2003, "习近平", "八八战略")
    created = events[(events.event == "Creation") & (events.year == 2016)]
    assert "国家信息经济示范区" in set(created.object_zh)
    window = analytics.timeline(kg, since=2014, until=2016)
    assert set(window.year) <= {2014, 2015, 2016} and len(window) < len(table)


def test_timeline_of_a_tiny_graph() -> None:
    graph = nx.MultiDiGraph()
    graph.add_node("a", label_zh="甲", year=2010, evidence=[{"quote": "甲", "start": 5, "end": 6}])
    graph.add_node("b", label_zh="乙", year=None, evidence=[])
    graph.add_edge("a", "b", key="pg:launched", relation="launched", year=2012, event="Launch")
    graph.add_edge("b", "a", key="pg:buildsOn", relation="buildsOn", year=None)
    table = analytics.timeline(graph)
    assert table[["year", "event", "subject"]].values.tolist() == [
        [2010, "Appearance", "a"],
        [2012, "Launch", "a"],
    ]
