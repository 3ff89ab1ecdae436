"""One of each (issue 13): the inconsistencies a user could see, each pinned by a test."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

import policygraph as pg
from policygraph import analytics, views
from policygraph._files import write_atomic
from policygraph.annotations import QUALIFIERS, ROLES
from policygraph.cli import main
from policygraph.errors import InputError, NotFoundError
from policygraph.resolve import Resolver

# -- one role vocabulary -------------------------------------------------------------------


def test_roles_are_spelled_the_same_in_every_public_output(kg: pg.KnowledgeGraph) -> None:
    observations = kg.observations()
    by_observation = dict(zip(observations.observation, observations.role, strict=True))
    figures = kg.run("figures-for-year", year=2022)
    card = kg.entity("数字经济增加值")
    assert set(observations.role) <= set(ROLES)
    assert set(observations.qualifier) <= set(QUALIFIERS)
    assert set(kg.run("figures-for-year").qualifier) <= set(QUALIFIERS)
    assert card.figures
    for figure in card.figures:
        assert figure.role == by_observation[figure.observation]
    for observation, role in zip(figures.observation, figures.role, strict=True):
        assert role == by_observation[observation]
    assert "target" in set(figures.role)


def test_the_yaml_role_names_are_the_ontology_notations(kg: pg.KnowledgeGraph) -> None:
    notations = kg.query(
        "SELECT ?name WHERE { ?term skos:inScheme pg:ObservationRoles ; skos:notation ?name }"
    )
    assert sorted(notations.name) == sorted(ROLES)


# -- one atomic writer: files as the umask allows ---------------------------------------


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask_022")
def test_every_writer_leaves_files_readable(tmp_path: Path, kg_memory: pg.KnowledgeGraph) -> None:
    from policygraph.extract import Draft, write_draft
    from policygraph.reasoning import write_inferred
    from policygraph.synth import write_synthetic

    written = [
        *kg_memory.export(tmp_path / "graph.ttl"),
        *kg_memory.export(tmp_path / "tables", "csv"),
        write_inferred(kg_memory.graph, tmp_path / "inferred.nt"),
        views.write_html(views.overview(kg_memory), tmp_path / "overview.html"),
        write_draft(Draft(source_id="x", candidates=[]), tmp_path / "draft.yaml"),
        write_atomic(tmp_path / "plain.txt", "一号工程"),
    ]
    write_synthetic(tmp_path / "synth.nt", 200)
    written.append(tmp_path / "synth.nt")
    assert {path.name: _mode(path) for path in written} == {path.name: 0o644 for path in written}
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_write_error_names_the_target_not_the_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "missing-folder" / "x.nt"
    with pytest.raises(InputError) as error:
        write_atomic(target, "x")
    assert "missing-folder" in str(error.value)
    assert ".tmp" not in str(error.value)
    readonly = tmp_path / "readonly"
    readonly.mkdir()
    readonly.chmod(0o500)
    try:
        if os.access(readonly, os.W_OK):
            pytest.skip("running as root: a read-only folder is still writable")
        with pytest.raises(InputError, match=r"readonly/x\.nt: cannot write"):
            write_atomic(readonly / "x.nt", "x")
    finally:
        readonly.chmod(0o700)


# -- one entity finder -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mention", "slug"),
    [
        ("３３８６建设体系", "system-3386"),  # full-width digits
        ("八八戰略", "eight-eight-strategy"),  # traditional characters
    ],
)
def test_every_finder_folds_widths_and_traditional_characters(
    kg: pg.KnowledgeGraph, mention: str, slug: str
) -> None:
    assert kg.entity(mention).slug == slug
    lineage = analytics.lineage(kg, mention)
    assert not lineage.empty
    assert lineage.equals(analytics.lineage(kg, slug))
    assert views.entity(kg, mention).heading == views.entity(kg, slug).heading
    network = analytics.to_networkx(kg)
    assert views.entity(network, mention).heading == views.entity(kg, slug).heading


def test_a_typo_that_sounds_the_same_gets_a_suggestion(kg: pg.KnowledgeGraph) -> None:
    with pytest.raises(NotFoundError) as error:
        kg.entity("杭洲")
    assert "杭州市" in error.value.suggestions[0]
    assert kg.search("杭洲").label_zh.iloc[0] == "杭州市"
    with pytest.raises(NotFoundError) as error:
        analytics.lineage(kg, "八八站略")  # 站 sounds like 战
    assert error.value.suggestions[0] == "八八战略"
    with pytest.raises(NotFoundError) as error:
        views.entity(analytics.to_networkx(kg), "杭洲")
    assert error.value.suggestions[0] == "杭州市"


# -- caches follow changes, not sizes -------------------------------------------------------


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
def test_a_remove_and_an_add_of_the_same_size_refresh_every_cache(store: str) -> None:
    kg = pg.load(store=store)
    brain = pg.PGID["city-brain"]
    assert str(kg.resolve("城市大脑")) == str(brain)
    assert analytics.to_networkx(kg).nodes[str(brain)]["label_zh"] == "城市大脑"
    size = len(kg)
    kg.graph.remove((brain, RDFS.label, Literal("城市大脑", lang="zh")))
    kg.graph.add((brain, RDFS.label, Literal("城市智脑", lang="zh")))
    assert len(kg) == size
    assert str(kg.resolve("城市智脑")) == str(brain)
    assert kg.search("城市智脑").slug.iloc[0] == "city-brain"
    assert analytics.to_networkx(kg).nodes[str(brain)]["label_zh"] == "城市智脑"
    assert [m.via for m in Resolver.from_graph(kg).lookup("城市智脑")] == ["label"]


def test_invalidate_drops_caches_after_a_change_behind_rdflibs_back() -> None:
    kg = pg.load(store="memory")
    before = kg.generation
    kg.invalidate()
    assert kg.generation != before
    kg.graph.add((URIRef("urn:x:a"), RDFS.label, Literal("x")))
    assert kg.generation != before + 1


# -- one data-file option --------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("data") / "small.ttl"
    path.write_text(
        "@prefix pg: <https://w3id.org/policygraph/ontology/> .\n"
        "@prefix pgid: <https://w3id.org/policygraph/id/> .\n"
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
        'pgid:hangzhou a pg:PrefectureCity ; rdfs:label "杭州市"@zh, "Hangzhou"@en .\n',
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize("command", ["validate", "query"])
def test_every_command_takes_its_data_with_graph(
    command: str, small_graph: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = tmp_path / "cities.rq"
    query.write_text("SELECT ?x WHERE { ?x a pg:PrefectureCity }\n", encoding="utf-8")
    args = {
        "validate": ["validate", "--graph", str(small_graph)],
        "query": [
            "query",
            str(query),
            "--graph",
            str(small_graph),
            "--format",
            "csv",
        ],
    }[command]
    code = main(args)
    captured = capsys.readouterr()
    assert "No such option" not in captured.err
    assert code in (0, 1), captured.err  # validate may find violations in a tiny graph
    if command == "query":
        assert code == 0
        assert "hangzhou" in captured.out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"policygraph {pg.__version__}"
    from importlib.metadata import version

    assert pg.__version__ == version("policygraph")


def test_roles_keep_their_spelling_without_the_ontology() -> None:
    from policygraph import _paths

    data_only = pg.load(_paths.release_file("nt"), ontology=False)
    assert set(data_only.observations().role) <= set(ROLES)
    assert set(data_only.observations().qualifier) <= set(QUALIFIERS)
    assert "pp_change" in set(data_only.observations().role)
