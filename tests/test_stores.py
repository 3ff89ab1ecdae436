"""Storage backends: rdflib's memory store, Oxigraph in memory and Oxigraph on disk."""

from __future__ import annotations

import gc
import os
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from rdflib import BNode, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import XSD
from rdflib.term import Node

import policygraph as pg
from policygraph import InputError, _paths, _stores
from policygraph.queries import list_queries
from policygraph.synth import write_synthetic

RELEASE = {fmt: _paths.release_file(fmt) for fmt in ("nt", "turtle", "trig", "json-ld")}


def _canonical(term: Node) -> Node:
    # Oxigraph stores decimals by value: "1.00"^^xsd:decimal comes back as "1"
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        return Literal(Decimal(str(term)).normalize(), datatype=XSD.decimal)
    return term


def _ground(graph: Graph) -> set[tuple[Node, ...]]:
    """The triples without blank nodes, literals by value."""
    return {
        tuple(_canonical(term) for term in triple)
        for triple in graph
        if not any(isinstance(term, BNode) for term in triple)
    }


@pytest.fixture(scope="module")
def kg_oxigraph() -> pg.KnowledgeGraph:
    return pg.load(store="oxigraph")


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synth") / "corpus.nt"
    write_synthetic(path, 2500, seed=11)
    return path


# -- the same graph on every backend ---------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(RELEASE))
def test_every_release_format_loads_the_same_triples_on_both_backends(
    kg_memory: pg.KnowledgeGraph, fmt: str
) -> None:
    memory = pg.load(RELEASE[fmt], store="memory")
    oxigraph = pg.load(RELEASE[fmt], store="oxigraph")
    assert len(memory) == len(oxigraph) == len(kg_memory)
    assert _ground(memory.graph) == _ground(oxigraph.graph) == _ground(kg_memory.graph)


def test_plain_literals_are_the_same_terms_on_both_backends(
    kg_memory: pg.KnowledgeGraph, kg_oxigraph: pg.KnowledgeGraph
) -> None:
    source = pg.PGID["source/zhejiang-digital-economy"]
    mime = Literal("text/plain")
    assert (source, pg.PG.sha256, None) in kg_oxigraph.graph
    assert set(kg_memory.graph.objects(source, None)) == set(
        kg_oxigraph.graph.objects(source, None)
    )
    assert (source, None, mime) in kg_oxigraph.graph
    row = kg_oxigraph.execute("SELECT ?format WHERE { ?s dcterms:format ?format }", s=source)
    assert [r[0] for r in row] == [mime]  # not "text/plain"^^xsd:string


def test_ontology_axioms_are_isomorphic_across_backends() -> None:
    memory = pg.load([], store="memory")
    oxigraph = pg.load([], store="oxigraph")
    copy = Graph()
    copy += oxigraph.graph
    assert len(memory) > 500
    assert isomorphic(memory.graph, copy)  # blank-node lists (owl:unionOf …) included


def test_named_queries_agree_across_backends_on_a_synthetic_corpus(synthetic: Path) -> None:
    memory = pg.load(synthetic, store="memory")
    oxigraph = pg.load(synthetic, store="oxigraph")
    policy = pg.PGID["policy-0"]
    nonempty = 0
    for query in list_queries():
        params = {p.name: policy for p in query.params if p.name in {"policy", "entity"}}
        left, right = memory.run(query, **params), oxigraph.run(query, **params)
        assert list(left.columns) == list(right.columns), query.name
        if len(left):
            nonempty += 1
            left = left.sort_values(list(left.columns)).reset_index(drop=True)
            right = right.sort_values(list(right.columns)).reset_index(drop=True)
        pd.testing.assert_frame_equal(left, right, obj=query.name)
    assert nonempty >= 10


def test_len_counts_the_default_graph_only(tmp_path: Path) -> None:
    kg = pg.load(RELEASE["nt"], store=f"oxigraph:{tmp_path / 'db'}", ontology=False)
    size = len(kg)
    assert size == len(pg.load(RELEASE["nt"], ontology=False))
    assert sum(1 for _ in kg.graph) == size  # the store's bookkeeping graph is not counted
    kg.graph.add((pg.PGID["x"], pg.PG.year, Literal(2020)))
    assert len(kg) == size + 1


# -- Oxigraph on disk -------------------------------------------------------------------------


def test_an_on_disk_store_loads_once_then_reopens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = tmp_path / "store"
    first = pg.load(store=f"oxigraph:{location}")
    expected = len(first)
    memory = pg.load(store="memory")
    assert expected == len(memory)
    del first  # closes the store

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the store should have been reopened, not loaded")

    monkeypatch.setattr(_stores, "_bulk_load", no_parsing)
    again = pg.load(store=f"oxigraph:{location}")
    assert len(again) == expected
    assert again.store == f"oxigraph:{location}"
    assert again.run("policy-lineage").shape == memory.run("policy-lineage").shape


def test_an_on_disk_store_reloads_when_a_file_changes(tmp_path: Path) -> None:
    data = tmp_path / "corpus.nt"
    write_synthetic(data, 300, seed=1)
    store = f"oxigraph:{tmp_path / 'store'}"
    before = len(pg.load(data, store=store, ontology=False))
    write_synthetic(data, 600, seed=1)
    after = pg.load(data, store=store, ontology=False)
    assert len(after) == len(pg.load(data, ontology=False)) > before


def test_a_store_opened_twice_in_one_process_is_shared(tmp_path: Path) -> None:
    store = f"oxigraph:{tmp_path / 'store'}"
    first = pg.load(RELEASE["nt"], store=store, ontology=False)
    second = pg.load(RELEASE["nt"], store=store, ontology=False)  # first holds the lock
    assert len(second) == len(first) == len(pg.load(RELEASE["nt"], ontology=False))
    third = pg.load([], store=store)  # other files: the shared store is refilled
    assert len(third) == len(first) == len(pg.load([]))


def test_a_store_locked_by_another_process_opens_read_only(tmp_path: Path) -> None:
    import subprocess
    import sys

    location = tmp_path / "store"
    pg.load(RELEASE["nt"], store=f"oxigraph:{location}", ontology=False)
    _stores._OPEN.clear()  # let this process close it
    gc.collect()
    holder = subprocess.Popen(
        [sys.executable, "-c", f"import pyoxigraph, sys; s = pyoxigraph.Store({str(location)!r}); "
         "print('open', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "open\n"
        same = pg.load(RELEASE["nt"], store=f"oxigraph:{location}", ontology=False)
        assert len(same) == len(pg.load(RELEASE["nt"], ontology=False))
        with pytest.raises(InputError, match="in use by another process"):
            pg.load(RELEASE["nt"], store=f"oxigraph:{location}")
    finally:
        holder.communicate("")


def test_a_foreign_store_is_never_overwritten(tmp_path: Path) -> None:
    import pyoxigraph as ox

    location = tmp_path / "theirs"
    foreign = ox.Store(str(location))
    foreign.add(ox.Quad(ox.NamedNode("urn:a"), ox.NamedNode("urn:b"), ox.Literal("c")))
    del foreign
    with pytest.raises(InputError, match="did not load") as caught:
        pg.load(store=f"oxigraph:{location}")
    assert caught.value.path == str(location)
    opened = pg.load([], store=f"oxigraph:{location}", ontology=False)
    assert len(opened) == 1


def test_a_failed_load_leaves_no_store_behind(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nt"
    bad.write_text('<urn:a> <urn:b> "c" .\n<urn:a> <urn:b> "unterminated .\n', encoding="utf-8")
    location = tmp_path / "store"
    with pytest.raises(InputError):
        pg.load(bad, store=f"oxigraph:{location}")
    assert not location.exists()
    bad.write_text('<urn:a> <urn:b> "c" .\n', encoding="utf-8")
    assert len(pg.load(bad, store=f"oxigraph:{location}", ontology=False)) == 1


# -- errors and progress --------------------------------------------------------------------


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize(
    ("name", "text", "line"),
    [
        ("bad.nt", '<urn:a> <urn:b> "c" .\n<urn:a> <urn:b> "open .\n', 2),
        ("bad.ttl", "@prefix x: <urn:x#> .\nx:a x:b x:c .\nx:a x:b .\nx:d x:e x:f .\n", 3),
    ],
)
def test_malformed_files_name_the_file_and_line(
    tmp_path: Path, store: str, name: str, text: str, line: int
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        pg.load(path, store=store, ontology=False)
    assert caught.value.path == str(path)
    assert caught.value.line == line
    assert str(caught.value).startswith(f"{path}:{line}: malformed")


@pytest.mark.parametrize("store", ["memory", "oxigraph", "oxigraph:{tmp}/db"])
def test_missing_files_and_unknown_stores_are_input_errors(tmp_path: Path, store: str) -> None:
    with pytest.raises(InputError, match="no such file"):
        pg.load(tmp_path / "missing.nt", store=store.format(tmp=tmp_path))
    assert not (tmp_path / "db").exists()


@pytest.mark.parametrize("store", ["sqlite", "oxigraph:", "Oxigraph"])
def test_unknown_stores_list_the_choices(store: str) -> None:
    with pytest.raises(InputError, match="choose memory, oxigraph or oxigraph:PATH"):
        pg.load(store=store)


@pytest.mark.parametrize("store", ["memory", "oxigraph"])
@pytest.mark.parametrize("fmt", ["nt", "turtle"])
def test_loading_with_a_progress_bar_gives_the_same_graph(
    kg_memory: pg.KnowledgeGraph, capsys: pytest.CaptureFixture[str], store: str, fmt: str
) -> None:
    kg = pg.load(RELEASE[fmt], store=store, progress=True)
    assert len(kg) == len(kg_memory)
    assert "loading" in capsys.readouterr().err


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_stores, "PROGRESS_BYTES", 0)
    pg.load(store="oxigraph")
    assert capsys.readouterr().err == ""


def test_store_names_are_parsed(tmp_path: Path) -> None:
    assert _stores.parse_store("memory") == ("memory", None)
    assert _stores.parse_store(f"oxigraph:{tmp_path}") == ("oxigraph", tmp_path)
    assert _stores.parse_store("oxigraph:~/db")[1] == Path(os.path.expanduser("~/db"))


def test_select_files_gives_the_rows_of_a_loaded_graph_for_every_named_query() -> None:
    # the one-shot `policygraph query` reads through select_files; it must agree with kg.rows
    kg = pg.load()
    files = _stores.load_files(None, ontology=True)
    from policygraph._sparql import bind_values

    for query in list_queries():
        text = bind_values(query.text, query.bindings({}))
        expected = kg.rows(query)
        assert _stores.select_files(files, text) == expected, query.name
    assert _stores.select_files(files, "SELECT ?x WHERE { ?x ?y") is None  # errors: full path
    with pytest.raises(InputError, match=r"missing\.nt"):
        _stores.select_files([Path("missing.nt")], "SELECT * WHERE { ?s ?p ?o }")
