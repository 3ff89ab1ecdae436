"""Counts that describe a graph: by class, by property, figures and sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._namespaces import PG
from ._sparql import read_query

if TYPE_CHECKING:
    import pandas as pd

    from .graph import KnowledgeGraph

__all__ = ["SERIES_ROLES", "GraphStats", "graph_stats", "series_lengths"]


@dataclass(frozen=True)
class GraphStats:
    """What `KnowledgeGraph.stats` returns.

    Attributes
    ----------
    summary : DataFrame
        ``measure``, ``count``: triples, entities, statements, figures, suspect
        figures, evidence quotes, sources; and for the corpus: documents, the first
        and last year of their dates and the years covered, cross-document entities
        (evidence from two or more documents), lineage edges stated in a document and
        those only inferred from a narrative, indicator series with five or more
        yearly points, and target–outcome pairs.
    classes : DataFrame
        ``class``, ``label_zh``, ``label_en``, ``count``: instances per class.
    properties : DataFrame
        ``property``, ``label_zh``, ``label_en``, ``count``: triples per property.
    figures : DataFrame
        ``role``, ``count``, ``suspect``: figures per role (actual, target, …).
    sources : DataFrame
        One row per source document: identifier, size in characters, data year,
        checksum, and the quotes, entities, statements and figures drawn from it.
    """

    summary: pd.DataFrame
    classes: pd.DataFrame
    properties: pd.DataFrame
    figures: pd.DataFrame
    sources: pd.DataFrame

    def count(self, measure: str) -> int:
        """One figure of the summary, by name (``"figures"``, ``"entities"`` …).

        Examples
        --------
        >>> import policygraph as pg
        >>> pg.load().stats().count("figures") >= 60
        True
        """
        rows = self.summary.loc[self.summary["measure"] == measure, "count"]
        if rows.empty:
            known = ", ".join(self.summary["measure"])
            raise KeyError(f"no measure {measure!r}; known: {known}")
        return int(rows.iloc[0])

    def __repr__(self) -> str:
        lines = [f"{row.measure}: {row.count}" for row in self.summary.itertuples()]
        return "<GraphStats " + ", ".join(lines) + ">"


def graph_stats(kg: KnowledgeGraph) -> GraphStats:
    """Count what ``kg`` holds (see `GraphStats`)."""
    import pandas as pd

    classes = kg.query(read_query("api/class-counts"))
    properties = kg.query(read_query("api/property-counts"))
    sources = kg.query(read_query("api/sources"))
    observations = kg.observations()
    entities = kg.entities()
    by_class = dict(zip(classes["class"], classes["count"], strict=True))
    statements = int(by_class.get(str(PG["Assertion"]), 0))
    quotes = int(by_class.get(str(PG["Evidence"]), 0))
    suspect = observations["suspect"] != ""
    figures = (
        observations.assign(suspect=suspect)
        .groupby("role", sort=True)
        .agg(count=("observation", "size"), suspect=("suspect", "sum"))
        .reset_index()
    )
    summary = pd.DataFrame(
        [
            ("triples", len(kg)),
            ("entities", len(entities)),
            ("statements", statements),
            ("figures", len(observations)),
            ("suspect figures", int(suspect.sum())),
            ("evidence quotes", quotes),
            ("sources", len(sources)),
            *_corpus_measures(kg, observations),
        ],
        columns=["measure", "count"],
    )
    return GraphStats(summary, classes, properties, figures, sources)


SERIES_ROLES = ("actual", "share", "growth")
"""The roles of the figures that make up an indicator series (targets are not)."""


def _corpus_measures(kg: KnowledgeGraph, observations: pd.DataFrame) -> list[tuple[str, int]]:
    documents = kg.documents()
    years = sorted(int(str(value)[:4]) for value in documents["date"].dropna())
    lineage = kg.query(read_query("api/lineage-backing"))
    stated = int((lineage["backing"] == "stated").sum()) if len(lineage) else 0
    return [
        ("documents", len(documents)),
        ("first document year", years[0] if years else 0),
        ("last document year", years[-1] if years else 0),
        ("years covered", years[-1] - years[0] + 1 if years else 0),
        ("cross-document entities", len(kg.query(read_query("api/cross-document-entities")))),
        ("lineage edges stated", stated),
        ("lineage edges inferred only", len(lineage) - stated),
        ("series with 5+ points", int((series_lengths(kg, observations) >= 5).sum())),
        ("target-outcome pairs", len(kg.run("target-outcomes"))),
    ]


def series_lengths(kg: KnowledgeGraph, observations: pd.DataFrame | None = None) -> pd.Series:
    """Distinct years per indicator series: (indicator, place, role) for the roles in
    `SERIES_ROLES`, with indicators linked by skos:closeMatch counted as one.

    Examples
    --------
    >>> import policygraph as pg
    >>> lengths = series_lengths(pg.load())
    >>> share = (str(pg.PGID["digital-economy-share-of-gdp"]), str(pg.PGID["zhejiang"]), "share")
    >>> int(lengths.loc[share])
    5
    """
    frame = kg.observations() if observations is None else observations
    canonical: dict[str, str] = {}
    for row in kg.query(read_query("api/close-matches")).itertuples():
        first, second = sorted((str(row.indicator), str(row.match)))
        canonical[second] = canonical.get(first, first)
    dated = frame[frame["role"].isin(SERIES_ROLES) & frame["year"].notna()]
    indicator = dated["indicator"].map(lambda iri: canonical.get(str(iri), str(iri)))
    return (
        dated.assign(indicator=indicator)
        .groupby(["indicator", "place", "role"])["year"]
        .nunique()
        .sort_values(ascending=False)
    )
