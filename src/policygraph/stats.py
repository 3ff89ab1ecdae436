"""Counts that describe a graph: by class, by property, figures and sources."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._namespaces import PG
from ._sparql import read_query

if TYPE_CHECKING:
    import pandas as pd

    from .graph import KnowledgeGraph

__all__ = ["GraphStats", "graph_stats"]


@dataclass(frozen=True)
class GraphStats:
    """What `KnowledgeGraph.stats` returns.

    Attributes
    ----------
    summary : DataFrame
        ``measure``, ``count``: triples, entities, statements, figures, suspect
        figures, evidence quotes, sources.
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
        ],
        columns=["measure", "count"],
    )
    return GraphStats(summary, classes, properties, figures, sources)
