"""Where the evidence of each observation lies in its source (for coverage and extraction)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ._namespaces import PGID
from ._sparql import read_query

if TYPE_CHECKING:
    from .graph import KnowledgeGraph

__all__ = ["ObservationSpan", "observation_spans"]


@dataclass(frozen=True)
class ObservationSpan:
    """Where an observation's evidence lies in its source."""

    iri: str
    source: str
    start: int
    end: int
    value: float
    unit: str
    year: int | None = None

    @property
    def slug(self) -> str:
        """The observation's id."""
        return self.iri.removeprefix(str(PGID))


def observation_spans(kg: KnowledgeGraph) -> dict[str, list[ObservationSpan]]:
    """The evidence spans of every observation, by source id.

    Examples
    --------
    >>> import policygraph as pg
    >>> spans = observation_spans(pg.load())
    >>> all(span.start < span.end for found in spans.values() for span in found)
    True
    """
    columns, rows = kg.rows(read_query("api/observation-spans"))
    spans: dict[str, list[ObservationSpan]] = {}
    prefix = str(PGID["source/"])
    for values in rows:
        row = dict(zip(columns, values, strict=True))
        source = str(row["source"]).removeprefix(prefix)
        year = row.get("year")
        spans.setdefault(source, []).append(
            ObservationSpan(
                str(row["observation"]),
                source,
                int(str(row["start"])),
                int(str(row["end"])),
                float(str(row["value"])),
                str(row["unit"]),
                None if year is None else int(str(year)),
            )
        )
    return spans
