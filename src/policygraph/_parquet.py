"""Parquet tables of a `KnowledgeGraph`, for pandas, DuckDB and Polars.

The tables are the CSV export's (``entities``, ``relations``, ``observations``),
typed (years and offsets as nullable integers, values as doubles), plus
``evidence``: every quote with its offsets, section and source, and the node it
supports. Reading a Parquet table back and writing it as CSV gives the CSV export's
bytes.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ._sparql import read_query
from .errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from .graph import KnowledgeGraph

__all__ = ["evidence_table", "parquet_bytes"]


def evidence_table(kg: KnowledgeGraph) -> pd.DataFrame:
    """One row per (node, quote): who the evidence supports, the quote and where it is."""
    frame = kg.query(read_query("api/evidence-all"))
    for column in ("start", "end"):
        frame[column] = frame[column].astype("Int64")
    return frame.sort_values(["subject", "source", "start", "evidence"]).reset_index(drop=True)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Integer columns held as objects (ints and None) become nullable integers, so
    Parquet stores them as int64 and they read back as integers, not floats."""
    typed = frame.copy()
    for column in typed.columns:
        values = typed[column].dropna()
        if (
            typed[column].dtype == object
            and len(values)
            and all(isinstance(value, int) and not isinstance(value, bool) for value in values)
        ):
            typed[column] = typed[column].astype("Int64")
    return typed


def parquet_bytes(frame: pd.DataFrame) -> bytes:
    """A table as Parquet bytes (pyarrow, zstd-compressed)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:  # pragma: no cover - pyarrow is a dependency
        raise InputError("Parquet export needs pyarrow: pip install 'pyarrow>=14'") from None
    table = pa.Table.from_pandas(_typed(frame), preserve_index=False)
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()
