"""Quality checks (``queries/qc/*-violation.rq``): silent on the shipped graph, and each
one proven to fire on a small graph broken in the way it looks for."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

import policygraph as pg
from policygraph import _paths
from policygraph.queries import list_queries

CHECKS = [query.name for query in list_queries("qc")]
# The Data Cube integrity constraints are proven to fire in tests/test_linked_cube.py,
# on a small cube of their own (tests/fixtures/cube/).
OWN_CHECKS = [name for name in CHECKS if not name.startswith("qc/qb-ic-")]

# A tiny graph that passes every check, and one file per check that breaks it in the
# way the check looks for; its `# focus:` line names the node the check must report.
EXAMPLES = _paths.ontology_dir() / "examples" / "qc"
CLEAN = EXAMPLES / "clean.ttl"


def _broken(name: str) -> Path:
    return EXAMPLES / f"{name.removeprefix('qc/')}.ttl"


def _focus(path: Path) -> str:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# focus:"):
            return line.removeprefix("# focus:").strip()
    raise AssertionError(f"{path} has no '# focus:' line")


def test_every_check_has_a_broken_example() -> None:
    examples = {f"qc/{path.stem}" for path in EXAMPLES.glob("*.ttl")} - {"qc/clean"}
    assert examples == set(OWN_CHECKS)
    assert {
        "qc/missing-label-violation",
        "qc/observation-without-unit-violation",
        "qc/evidence-without-offsets-violation",
        "qc/lineage-backwards-violation",
    } <= set(CHECKS)


@pytest.mark.parametrize("name", CHECKS)
def test_check_is_silent_on_the_shipped_graph(kg: pg.KnowledgeGraph, name: str) -> None:
    found = kg.run(name)
    assert found.empty, f"{name}:\n{found.head(10).to_string()}"


def test_checks_are_silent_on_a_clean_small_graph() -> None:
    kg = pg.load(CLEAN)
    for name in CHECKS:
        assert kg.run(name).empty, name


@pytest.mark.parametrize("name", OWN_CHECKS)
def test_check_fires_on_a_broken_graph(name: str) -> None:
    focus = _focus(_broken(name))
    kg = pg.load(_broken(name))
    found = kg.run(name)
    assert focus in set(found["focus"]), found.to_string()
    assert found["problem"].str.len().min() > 0
    # the other checks stay silent: each broken graph breaks one rule
    others = [other for other in CHECKS if other != name and not kg.run(other).empty]
    allowed = {"qc/lineage-cycle-violation": {"qc/lineage-backwards-violation"}}
    assert set(others) <= allowed.get(name, set())


@pytest.mark.parametrize("name", OWN_CHECKS)
def test_check_fires_among_well_formed_nodes(name: str, tmp_path: Path) -> None:
    """The broken node next to the shipped graph's thousands of good ones, in Oxigraph: a
    check whose pattern leaves the focus unbound inside FILTER NOT EXISTS (in a UNION
    branch, say) finds the good nodes and goes silent here, though it fires on the
    broken example alone."""
    broken = Graph().parse(_broken(name), format="turtle").serialize(format="nt")
    combined = tmp_path / "combined.nt"
    release = _paths.kg_dir() / "release" / "policygraph.nt"
    combined.write_text(release.read_text(encoding="utf-8") + broken, encoding="utf-8")
    kg = pg.load(combined)
    assert kg.store == "oxigraph"
    found = kg.run(name)
    assert _focus(_broken(name)) in set(found["focus"]), found.to_string()
