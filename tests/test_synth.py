"""The synthetic corpus: the real graph's shape, valid, deterministic, streamed atomically."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

import policygraph as pg
from policygraph import InputError
from policygraph._namespaces import OA, PG, PGID, SDMX_DIMENSION
from policygraph.cli import main
from policygraph.queries import list_queries
from policygraph.synth import MAX_DEPTH, SynthStats, synthesize, synthetic_graph, write_synthetic
from policygraph.validation import validate

LINEAGE = [PG.buildsOn, PG.elevates, PG.isPartOf, PG.implements, PG.succeeds]


@pytest.fixture(scope="module")
def sample() -> tuple[Graph, SynthStats]:
    return synthetic_graph(6000, seed=42)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, SynthStats]:
    path = tmp_path_factory.mktemp("synth") / "corpus.nt"
    return path, write_synthetic(path, 40_000, seed=3)


def test_the_same_seed_gives_the_same_bytes(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a.nt", tmp_path / "b.nt", tmp_path / "c.nt"
    write_synthetic(first, 5000, seed=1)
    write_synthetic(second, 5000, seed=1)
    write_synthetic(other, 5000, seed=2)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != other.read_bytes()


@pytest.mark.parametrize("size", [1, 700, 10_000])
def test_the_corpus_reaches_the_size_without_duplicates(size: int) -> None:
    blocks, stats = synthesize(size, seed=0)
    lines = "".join(blocks).splitlines()
    assert len(lines) == stats.triples == len(set(lines))
    assert size <= stats.triples <= size + 600  # stops within one document's gazetteer or item


def test_a_sample_conforms_to_the_shapes(sample: tuple[Graph, SynthStats]) -> None:
    graph, _ = sample
    report = validate(graph)
    assert report.conforms, report.summary()
    assert len(report) == 0


def test_the_shapes_catch_a_broken_sample(sample: tuple[Graph, SynthStats]) -> None:
    graph, _ = sample
    broken = Graph()
    broken += graph
    policy = PGID["policy-0"]
    broken.remove((policy, RDFS.label, None))
    broken.remove((policy, PG.hasEvidence, None))
    found = {(r.shape, r.focus_node) for r in validate(broken).violations}
    assert found == {
        ("pgsh:LabelShape", str(policy)),
        ("pgsh:EntityEvidenceShape", str(policy)),
    }


def test_quality_checks_find_nothing(corpus: tuple[Path, SynthStats]) -> None:
    kg = pg.load(corpus[0], store="oxigraph")
    checks = list_queries("qc")
    assert len(checks) >= 5
    for check in checks:
        assert kg.run(check).empty, check.name


def test_the_corpus_has_the_real_graphs_shape(corpus: tuple[Path, SynthStats]) -> None:
    path, stats = corpus
    graph = Graph().parse(path, format="nt")
    kinds = Counter(str(o).removeprefix(str(PG)) for o in graph.objects(None, RDF.type))
    assert kinds["Province"] >= 1 and kinds["PrefectureCity"] >= 3 and kinds["County"] >= 3
    assert kinds["SourceDocument"] == stats.documents + 1  # the documents and the gazetteer
    assert 6 * (stats.documents - 1) < kinds["Section"] <= 6 * stats.documents  # the last is cut
    assert kinds["Observation"] == stats.observations > 0
    assert kinds["Firm"] == stats.firms > 0 and kinds["Industry"] > 0
    assert kinds["Launch"] > 0 and kinds["Deepening"] > 0  # programmes adopted by places
    policy_kinds = {
        *("Project", "Action", "Reform", "System", "Platform", "DemonstrationZone"),
        *("Policy", "Goal", "Strategy", "GuidingOpinion", "Plan", "ImplementationPlan"),
    }
    assert sum(kinds[k] for k in policy_kinds) == stats.policies
    years = {int(y) for y in graph.objects(None, PG.year)}
    assert min(years) == 2003 and max(years) >= 2020
    roles = set(graph.objects(None, PG.role))
    assert {PG.Actual, PG.Target, PG.Growth, PG.Share} <= roles
    for entity in graph.subjects(PG.hasEvidence, None):
        if (entity, RDF.type, PG.Assertion) in graph:
            continue
        languages = sorted(label.language for label in graph.objects(entity, RDFS.label))
        assert languages == ["en", "zh"], entity


def test_lineage_chains_are_acyclic_forward_in_time_and_at_most_20_deep(
    corpus: tuple[Path, SynthStats],
) -> None:
    path, stats = corpus
    graph = Graph().parse(path, format="nt")
    lineage = nx.DiGraph(
        (s, o) for p in LINEAGE for s, o in graph.subject_objects(p)
    )  # later → earlier
    assert nx.is_directed_acyclic_graph(lineage)
    longest = nx.dag_longest_path_length(lineage)
    assert longest == stats.deepest_chain
    assert 10 <= longest <= MAX_DEPTH
    for later, earlier in lineage.edges:
        assert int(graph.value(later, PG.year)) >= int(graph.value(earlier, PG.year))


def test_evidence_offsets_index_the_source_text(sample: tuple[Graph, SynthStats]) -> None:
    graph, _ = sample
    for source in graph.subjects(RDF.type, PG.SourceDocument):
        spans = sorted(
            (
                int(graph.value(URIRef(f"{evidence}#position"), OA.start)),
                int(graph.value(URIRef(f"{evidence}#position"), OA.end)),
                str(graph.value(URIRef(f"{evidence}#quote"), OA.exact)),
                evidence,
            )
            for evidence in graph.subjects(RDF.type, PG.Evidence)
            if (evidence, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"), source) in graph
        )
        assert spans, source
        separator = "\n" if str(source).endswith("gazetteer-synthetic") else "。"
        pieces = [quote for _, _, quote, _ in spans]
        if separator == "\n":
            pieces.insert(0, "id,zh,en,level,parent,wikidata")
        text = "".join(piece + separator for piece in pieces)
        assert hashlib.sha256(text.encode()).hexdigest() == str(graph.value(source, PG.sha256))
        assert int(graph.value(source, PG.characters)) == len(text)
        for start, end, quote, evidence in spans:
            assert text[start:end] == quote
            selector = URIRef(f"{evidence}#quote")
            assert str(graph.value(selector, OA.prefix)) == text[max(0, start - 16) : start]
            assert str(graph.value(selector, OA.suffix)) == text[end : end + 16]


def test_observations_carry_value_unit_year_and_place(sample: tuple[Graph, SynthStats]) -> None:
    graph, stats = sample
    observations = list(graph.subjects(RDF.type, PG.Observation))
    assert len(observations) == stats.observations > 0
    for node in observations:
        place = graph.value(node, SDMX_DIMENSION.refArea)
        assert (place, RDF.type, None) in graph
        unit, base = graph.value(node, PG.unit), graph.value(node, PG.unitBase)
        assert isinstance(unit, Literal) and isinstance(base, Literal)
        assert f"{graph.value(node, PG.year)}年" == str(graph.value(node, PG.period))


def test_named_queries_find_things_in_the_corpus(corpus: tuple[Path, SynthStats]) -> None:
    kg = pg.load(corpus[0], store="oxigraph")
    assert len(kg.run("policy-lineage")) > 50
    assert len(kg.run("place-actions")) > 50
    assert len(kg.run("policy-ancestors-descendants", policy=PGID["policy-0"])) > 0
    assert len(kg.run("firm-industries")) > 0
    assert kg.resolve(str(kg.entities("Firm").label_zh.iloc[0])).startswith(str(PGID))


# -- writing the file ------------------------------------------------------------------------


def test_only_ntriples_into_an_existing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"\.nt"):
        write_synthetic(tmp_path / "corpus.ttl", 100)
    with pytest.raises(InputError, match="folder does not exist"):
        write_synthetic(tmp_path / "missing" / "corpus.nt", 100)
    with pytest.raises(InputError, match="at least 1 triple"):
        write_synthetic(tmp_path / "corpus.nt", 0)
    assert list(tmp_path.iterdir()) == []


def test_an_interrupted_write_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "corpus.nt"
    target.write_text("old\n", encoding="utf-8")

    def interrupt(done: int) -> None:
        if done > 2000:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_synthetic(target, 10_000, progress=interrupt)
    assert [p.name for p in tmp_path.iterdir()] == ["corpus.nt"]
    assert target.read_text(encoding="utf-8") == "old\n"


def test_the_cli_writes_the_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "corpus.nt"
    assert main(["synth", "--triples", "3000", "--seed", "4", "-o", str(target)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == str(target)
    assert "triples" in captured.err and "documents" in captured.err
    assert target.read_text(encoding="utf-8") == "".join(synthesize(3000, seed=4)[0])
    assert main(["synth", "-n", "10", "-o", str(tmp_path / "x.ttl")]) == 2
    assert main(["synth", "--help"]) == 0
    assert "Examples" in capsys.readouterr().out
