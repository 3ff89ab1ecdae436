"""Places and initiatives: the bipartite graph, its projections and summaries."""

from __future__ import annotations

import networkx as nx
import pytest

import policygraph as pg
from policygraph import analytics
from policygraph.errors import NotFoundError


def iri(slug: str) -> str:
    return str(pg.PGID[slug])


CITY_BRAIN_PLACES = {iri(s) for s in ("hangzhou", "huzhou", "quzhou", "deqing-county")}


@pytest.fixture(scope="module")
def bipartite(kg_memory: pg.KnowledgeGraph) -> nx.Graph:
    return analytics.city_initiative_graph(kg_memory)


def test_city_brain_joins_four_places(kg: pg.KnowledgeGraph, source_texts: list[str]) -> None:
    graph = analytics.city_initiative_graph(kg)
    brain = iri("city-brain")
    assert set(graph[brain]) == CITY_BRAIN_PLACES
    roles = {place: graph.edges[place, brain]["role"] for place in graph[brain]}
    assert roles == {
        iri("hangzhou"): "deepened",
        iri("huzhou"): "launched",
        iri("quzhou"): "launched",
        iri("deqing-county"): "launched",
    }
    for place in graph[brain]:
        evidence = graph.edges[place, brain]["evidence"]
        assert evidence, place
        for item in evidence:
            assert any(t[item["start"] : item["end"]] == item["quote"] for t in source_texts)
            assert "城市大脑" in item["quote"]


def test_graph_is_bipartite_with_places_on_one_side(
    bipartite: nx.Graph, kg_memory: pg.KnowledgeGraph
) -> None:
    places = {n for n, side in bipartite.nodes(data="bipartite") if side == 0}
    initiatives = set(bipartite) - places
    assert nx.is_bipartite(bipartite)
    assert places <= set(kg_memory.entities("Place")["iri"])
    assert not initiatives & set(kg_memory.entities("Place")["iri"])
    for place, initiative in bipartite.edges():
        assert (place in places) != (initiative in places)
    # the corpus span: 八八战略 (2003) to the latest document (its plans for its own year)
    latest = max(int(str(date)[:4]) for date in kg_memory.documents()["date"].dropna())
    for _, _, data in bipartite.edges(data=True):
        assert set(data["roles"]) <= set(analytics.DEFAULT_ROLES)
        assert data["role"] == "+".join(data["roles"])
        assert data["year"] is None or 2003 <= data["year"] <= latest
    assert latest == 2025


def test_projections(bipartite: nx.Graph) -> None:
    places = analytics.place_projection(bipartite)
    assert places.edges[iri("hangzhou"), iri("huzhou")]["shared"] == [iri("city-brain")]
    assert places.edges[iri("huzhou"), iri("quzhou")]["weight"] >= 1
    assert "城市大脑" in places.edges[iri("quzhou"), iri("deqing-county")]["shared_labels"]
    initiatives = analytics.initiative_projection(bipartite)
    assert all(side == 1 for _, side in initiatives.nodes(data="bipartite"))
    # Quzhou proposed two goals and launched the City Brain: all three are linked.
    assert initiatives.has_edge(iri("city-brain"), iri("quzhou-sub-centre-city"))


def test_summaries_count_what_the_graph_holds(bipartite: nx.Graph) -> None:
    places = analytics.place_summary(bipartite).set_index("iri")
    for place in places.index:
        assert places.loc[place, "initiatives"] == bipartite.degree(place)
    assert places.loc[iri("huzhou"), "launched"] == 1
    assert places.loc[iri("hangzhou"), "deepened"] >= 1
    assert places.initiatives.is_monotonic_decreasing
    initiatives = analytics.initiative_summary(bipartite).set_index("label_zh")
    brain = initiatives.loc["城市大脑"]
    assert (brain.places, brain.launched, brain.deepened) == (4, 3, 1)
    assert set(brain.names.split("、")) == {"杭州市", "湖州市", "衢州市", "德清县"}


def test_roles_choose_the_links(kg_memory: pg.KnowledgeGraph) -> None:
    launched = analytics.city_initiative_graph(kg_memory, roles=["launched"])
    assert set(launched[iri("city-brain")]) == CITY_BRAIN_PLACES - {iri("hangzhou")}
    applies = analytics.city_initiative_graph(kg_memory, roles=["appliesTo"])
    assert applies.edges[iri("zhejiang"), iri("internet-plus")]["role"] == "appliesTo"
    with pytest.raises(ValueError, match="unknown role"):
        analytics.city_initiative_graph(kg_memory, roles=["visited"])


def test_carriers_by_name(kg_memory: pg.KnowledgeGraph) -> None:
    assert set(analytics.carriers(kg_memory, "City Brain")) == CITY_BRAIN_PLACES
    with pytest.raises(NotFoundError) as caught:
        analytics.carriers(kg_memory, "城市大")
    assert "城市大脑" in caught.value.suggestions


def test_tiny_graph_merges_roles_and_projects() -> None:
    graph = nx.Graph()
    graph.add_nodes_from(["p1", "p2", "p3"], bipartite=0)
    graph.add_nodes_from(["i1", "i2"], bipartite=1)
    graph.add_edge("p1", "i1", roles=["proposed", "launched"], role="proposed+launched", year=2015)
    graph.add_edge("p2", "i1", roles=["launched"], role="launched", year=2017)
    graph.add_edge("p2", "i2", roles=["hosts"], role="hosts", year=None)
    graph.add_edge("p3", "i2", roles=["hosts"], role="hosts", year=None)
    pairs = analytics.place_projection(graph)
    assert sorted(map(sorted, pairs.edges())) == [["p1", "p2"], ["p2", "p3"]]
    assert analytics.initiative_projection(graph).edges["i1", "i2"]["shared"] == ["p2"]
    table = analytics.place_summary(graph).set_index("iri")
    assert table.loc["p1", ["proposed", "launched", "first_year"]].tolist() == [1, 1, 2015]
    assert table.loc["p2", "initiatives"] == 2


def test_diffusion_reads_names_from_the_places_part_as_from_the_whole_graph(
    kg: pg.KnowledgeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    # diffusion asks the store for the place-initiative part only; nothing may change
    import importlib

    rdf = importlib.import_module("policygraph.analytics._rdf")
    programmes = sorted(set(analytics.place_initiatives(kg, analytics.ADOPTION_ROLES).initiative))
    programmes.append(iri("hangzhou"))  # a place, not a programme: no adoption at all
    scoped = {p: analytics.diffusion(kg, p) for p in programmes}
    whole = rdf.snapshot
    monkeypatch.setattr(rdf, "snapshot", lambda kg, scope=None: whole(kg))
    assert len(programmes) > 5
    for programme in programmes:
        expected = analytics.diffusion(kg, programme)
        found = scoped[programme]
        assert (found.label_zh, found.label_en) == (expected.label_zh, expected.label_en)
        assert found.events.equals(expected.events), programme
        assert found.curve.equals(expected.curve) and found.after_neighbour.equals(
            expected.after_neighbour
        )
