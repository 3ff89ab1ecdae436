"""The researcher's Python API on the real graph: query, entity, search, export, stats."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import policygraph as pg
from policygraph._text import normal_form
from policygraph.entity import Entity
from policygraph.errors import InputError, NotFoundError, QueryError

PGID = "https://w3id.org/policygraph/id/"


# -- query ------------------------------------------------------------------------


def test_query_returns_python_values(kg: pg.KnowledgeGraph) -> None:
    frame = kg.query(
        "SELECT ?count ?share ?name ?day ?iri WHERE { "
        'VALUES (?count ?share ?name ?day) { (11 41.25 "杭州市" "2018-12-31"^^xsd:date) } '
        "BIND(pgid:hangzhou AS ?iri) }"
    )
    row = frame.iloc[0]
    assert frame["count"].tolist() == [11] and isinstance(frame["count"].tolist()[0], int)
    assert frame["share"].tolist() == [41.25]
    assert row["name"] == "杭州市"
    assert row["day"] == dt.date(2018, 12, 31)
    assert row["iri"] == PGID + "hangzhou"


def test_integer_columns_with_gaps_stay_integer(kg: pg.KnowledgeGraph) -> None:
    lineage = kg.run("policy-lineage")
    assert str(lineage["year"].dtype) == "Int64"
    assert lineage["year"].isna().any() and 2003 in set(lineage["year"].dropna())


def test_split_languages_makes_one_column_per_language(kg: pg.KnowledgeGraph) -> None:
    text = "SELECT ?firm ?label WHERE { ?firm a pg:Firm ; rdfs:label ?label }"
    long = kg.query(text)
    wide = kg.query(text, split_languages=True)
    assert list(wide.columns) == ["firm", "label_zh", "label_en"]
    assert len(long) == 2 * len(wide) == 2 * len(kg.entities("Firm"))
    alibaba = wide.set_index("firm").loc[PGID + "alibaba"]
    assert (alibaba.label_zh, alibaba.label_en) == ("阿里巴巴", "Alibaba")


def test_split_languages_keeps_untagged_values_and_several_columns(
    kg_memory: pg.KnowledgeGraph,
) -> None:
    frame = kg_memory.query(
        "SELECT ?s ?p ?x ?o WHERE { VALUES ?s { pgid:hangzhou } "
        "?s pg:hosts ?x . ?x rdfs:label ?o . ?s rdfs:label ?p }",
        split_languages=True,
    )
    assert list(frame.columns) == ["s", "p_zh", "p_en", "x", "o_zh", "o_en"]
    assert set(frame.p_zh) == {"杭州市"}
    assert frame.set_index("x").loc[PGID + "5g-field-trial-network", "o_zh"] == "5G外场试验网"
    # rows that differ only in tagged literals are merged, their values joined
    merged = kg_memory.query(
        "SELECT ?o WHERE { pgid:hangzhou pg:hosts ?x . ?x rdfs:label ?o }", split_languages=True
    )
    assert len(merged) == 1 and "5G外场试验网; " in merged.o_zh[0] + "; "


def test_bad_sparql_names_line_and_column(kg: pg.KnowledgeGraph) -> None:
    with pytest.raises(QueryError, match="line 2, column"):
        kg.query("SELECT ?x WHERE {\n  ?x ?y }")
    with pytest.raises(QueryError, match="expects SELECT"):
        kg.query("ASK { ?x ?y ?z }")


# -- entity -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("一号工程", "number-one-project"),
        ("Hangzhou", "hangzhou"),
        ("yi hao gong cheng", "number-one-project"),
        ("杭州", "hangzhou"),
        ("数字经济“一号工程”", "number-one-project"),
        ('数字经济"一号工程"', "number-one-project"),
        ("pgid:eight-eight-strategy", "eight-eight-strategy"),
        (PGID + "alibaba", "alibaba"),
        ("alibaba", "alibaba"),
        ("Double-Eight Strategy", "eight-eight-strategy"),
    ],
)
def test_entity_finds_the_right_entity(kg: pg.KnowledgeGraph, name: str, slug: str) -> None:
    assert kg.entity(name).slug == slug


def test_entity_card_holds_labels_kind_facts_and_evidence(
    kg: pg.KnowledgeGraph, source_texts: list[str]
) -> None:
    card = kg.entity("一号工程")
    assert (card.label_zh, card.kind, card.year) == ("一号工程", "Project", 2017)
    sentences = {fact.sentence(card.label) for fact in card.facts}
    assert "省委经济工作会议 提出 一号工程 (2017)" in sentences  # incoming
    assert "一号工程 提升 信息经济 (2017)" in sentences  # outgoing
    assert {"网络强国", "制造强国", "数字中国"} <= {
        f.other_label for f in card.facts if f.relation == "serves"
    }
    assert card.evidence
    for quote in card.evidence:
        assert any(t[quote.start : quote.end] == quote.quote for t in source_texts)
        assert "一号工程" in normal_form(quote.text)  # zh-Hant sources print 一號工程


def test_entity_card_of_an_indicator_lists_its_figures(kg: pg.KnowledgeGraph) -> None:
    card = kg.entity("数字经济总量")
    assert card.kind == "Indicator"
    assert {(f.value, f.unit, f.role) for f in card.figures} >= {(2.33, "万亿元", "actual")}


def test_entity_repr_is_a_readable_card(kg_memory: pg.KnowledgeGraph) -> None:
    card = kg_memory.entity("Hangzhou")
    text = repr(card)
    assert text.splitlines()[0].startswith("杭州市 / Hangzhou  [PrefectureCity]")
    assert "杭州市 深化 城市大脑" in text and f"evidence ({len(card.evidence)}):" in text
    # the corpus gives Hangzhou more quotes than the card prints: the rest are counted
    assert "… and " in text and "率先在杭州开展" in {q.quote for q in card.evidence}
    html = card._repr_html_()
    assert "<h4>杭州市 / Hangzhou" in html and "城市大脑" in html
    assert isinstance(card, Entity) and len(card.facts_frame()) == len(card.facts)


def test_entity_html_escapes_labels() -> None:
    card = Entity(iri=PGID + "x", kind="Goal", label_zh="<b>", label_en="a & b")
    assert "&lt;b&gt;" in card._repr_html_() and "a &amp; b" in card._repr_html_()


def test_unknown_entity_suggests_the_closest(kg: pg.KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError) as caught:
        kg.entity("Hangzou")
    assert caught.value.suggestions[0] == "杭州市 (hangzhou)"
    with pytest.raises(NotFoundError) as caught:
        kg.entity("城市大脑建设")
    assert "城市大脑 (city-brain)" in caught.value.suggestions


def test_ambiguous_entity_lists_every_candidate(kg: pg.KnowledgeGraph) -> None:
    # 人工智能 and 人工智能+ share their pinyin
    with pytest.raises(NotFoundError, match="ambiguous") as caught:
        kg.entity("ren gong zhi neng")
    assert {s.split(" ")[0] for s in caught.value.suggestions} == {"人工智能", "人工智能+"}


# -- search -----------------------------------------------------------------------


def test_search_ranks_exact_then_prefix_then_fuzzy(kg: pg.KnowledgeGraph) -> None:
    hits = kg.search("数字经济")
    assert hits.slug.iloc[0] == "digital-economy" and hits.score.iloc[0] == 1.0
    assert hits.score.is_monotonic_decreasing
    assert {"digital-economy-first-city", "digital-economy-size"} <= set(hits.slug)
    assert hits.slug.is_unique


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("chengshi danao", "city-brain"),
        ("City Brain", "city-brain"),
        ("hangzhou", "hangzhou"),
        ("alibab", "alibaba"),
        ("淘宝", "taobao-village"),
    ],
)
def test_search_finds_by_any_name(kg_memory: pg.KnowledgeGraph, text: str, slug: str) -> None:
    assert slug in kg_memory.search(text, limit=3).slug.tolist()


def test_search_by_kind_and_nothing_found(kg_memory: pg.KnowledgeGraph) -> None:
    assert set(kg_memory.search("浙江", kind="Action").kind) == {"Action"}
    assert kg_memory.search("zzzzqqqq").empty


# -- export -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "suffix"),
    [("turtle", ".ttl"), ("json-ld", ".jsonld"), ("nt", ".nt"), ("trig", ".trig")],
)
def test_rdf_exports_round_trip(
    kg: pg.KnowledgeGraph, tmp_path: Path, fmt: str, suffix: str
) -> None:
    (path,) = kg.export(tmp_path / f"graph{suffix}", fmt)
    # Oxigraph gives plain literals as xsd:string terms: compare within one store
    back = pg.load(path, store=kg.store, ontology=False)
    assert len(back) == len(kg)
    if fmt in ("turtle", "json-ld"):
        assert isomorphic(kg.graph, back.graph)


def test_format_is_taken_from_the_suffix(kg_memory: pg.KnowledgeGraph, tmp_path: Path) -> None:
    (path,) = kg_memory.export(tmp_path / "graph.jsonld")
    graph = Graph().parse(path, format="json-ld")
    assert len(graph) == len(kg_memory)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_open_in_networkx(
    kg_memory: pg.KnowledgeGraph, tmp_path: Path, fmt: str
) -> None:
    (path,) = kg_memory.export(tmp_path / f"graph.{fmt}")
    graph = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    node = graph.nodes[PGID + "hangzhou"]
    assert node["label_zh"] == "杭州市" and node["kind"] == "PrefectureCity"
    assert graph.number_of_nodes() >= len(kg_memory.entities())
    assert graph.number_of_edges() == kg_memory.stats().count("statements")
    edges = graph.get_edge_data(PGID + "xi-jinping", PGID + "eight-eight-strategy")
    assert "proposed" in {data["relation"] for data in edges.values()}


def test_csv_tables(kg_memory: pg.KnowledgeGraph, tmp_path: Path) -> None:
    written = kg_memory.export(tmp_path / "tables", "csv")
    assert sorted(p.name for p in written) == ["entities.csv", "observations.csv", "relations.csv"]
    entities = pd.read_csv(tmp_path / "tables" / "entities.csv")
    relations = pd.read_csv(tmp_path / "tables" / "relations.csv")
    observations = pd.read_csv(tmp_path / "tables" / "observations.csv")
    assert len(entities) == len(kg_memory.entities())
    assert len(observations) == len(kg_memory.observations())
    assert len(relations) == kg_memory.stats().count("statements")
    row = relations.query("relation == 'proposed' and subject_label_zh == '习近平'").iloc[0]
    assert (row.object_label_zh, row.year) == ("八八战略", 2003)


def test_export_is_atomic(
    kg_memory: pg.KnowledgeGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("previous", encoding="utf-8")

    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr("networkx.write_gexf", fail)
    monkeypatch.setattr("pyoxigraph.serialize", fail)
    with pytest.raises(RuntimeError):
        kg_memory.export(target)
    assert target.read_text(encoding="utf-8") == "previous"
    with pytest.raises(RuntimeError):
        kg_memory.export(tmp_path / "graph.gexf")
    assert sorted(os.listdir(tmp_path)) == ["graph.ttl"]


def test_export_bad_targets(kg_memory: pg.KnowledgeGraph, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown export format 'xlsx'"):
        kg_memory.export(tmp_path / "x.xlsx", "xlsx")
    with pytest.raises(InputError, match="cannot tell the export format"):
        kg_memory.export(tmp_path / "x.data")
    with pytest.raises(InputError, match="folder does not exist"):
        kg_memory.export(tmp_path / "missing" / "x.ttl")
    assert list(tmp_path.iterdir()) == []


# -- stats ------------------------------------------------------------------------


def test_stats_counts_agree_with_the_tables(kg: pg.KnowledgeGraph, source_text: str) -> None:
    stats = kg.stats()
    assert stats.count("triples") == len(kg)
    assert stats.count("figures") == len(kg.observations())
    assert stats.count("suspect figures") == (kg.observations().suspect != "").sum()
    by_class = stats.classes.set_index("class")["count"]
    assert by_class[str(pg.PG["Firm"])] == len(kg.entities("Firm"))
    by_property = stats.properties.set_index("property")["count"]
    assert by_property[str(pg.PG["proposed"])] == len(
        kg.query("SELECT ?s WHERE { ?s pg:proposed ?o }")
    )
    source = stats.sources.set_index("identifier").loc["zhejiang-digital-economy"]
    assert source.characters == len(source_text)
    assert source.figures == 60  # the first report's figures; the others come from the corpus
    assert stats.sources["figures"].sum() == stats.count("figures")
    targets = int((kg.observations().role == "target").sum())
    assert stats.figures.set_index("role").loc["target", "count"] == targets


# -- load -------------------------------------------------------------------------

USER_TTL = """\
@prefix pg: <https://w3id.org/policygraph/ontology/> .
@prefix pgid: <https://w3id.org/policygraph/id/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
pgid:my-plan a pg:Plan ; rdfs:label "我的规划"@zh, "My Plan"@en ;
    pg:pinyin "wo de gui hua" ; pg:hasEvidence pgid:my-evidence .
"""


@pytest.mark.parametrize("suffix", [".ttl", ".nt", ".jsonld", ".trig"])
def test_load_user_files_in_every_format(tmp_path: Path, suffix: str) -> None:
    graph = Graph().parse(data=USER_TTL, format="turtle")
    path = tmp_path / f"mine{suffix}"
    fmt = {".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld", ".trig": "trig"}[suffix]
    path.write_text(graph.serialize(format=fmt), encoding="utf-8")
    kg = pg.load([path])
    assert kg.entity("wo de gui hua").label_en == "My Plan"
    assert kg.query("SELECT ?c WHERE { pg:Plan rdfs:label ?c }").size > 0  # ontology too


def test_unreadable_input_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.ttl: no such file"):
        pg.load(tmp_path / "missing.ttl")
    bad = tmp_path / "bad.ttl"
    bad.write_text("pgid:x a \n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.ttl"):
        pg.load(bad)
