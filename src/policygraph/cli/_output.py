"""The one output stack of the CLI: formats, cells, tables that fit the terminal."""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rich.markup import escape
from rich.table import Table

from .._prefixes import prefixed_name
from ._app_base import err, out

if TYPE_CHECKING:
    import pandas as pd
    from rich.console import RenderableType

__all__ = ["Format", "cell", "emit", "emit_rows", "print_wide"]

_MAX_WIDTH = 400  # into a file or pipe, tables may be this wide


class Format(StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


def cell(value: Any, *, percent: bool = False, short: bool = False, digits: str = "g") -> str:
    """A value as table text: missing values (None, NaN, NA) empty, floats compact
    (``percent``: as a percentage), lists joined with 、, IRIs prefixed if ``short``.

    Examples
    --------
    >>> cell(float("nan")), cell(0.1234, percent=True), cell(["杭州", "宁波"])
    ('', '12.34%', '杭州、宁波')
    >>> cell("https://w3id.org/policygraph/id/hangzhou", short=True)
    'pgid:hangzhou'
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if type(value).__name__ in ("NAType", "NaTType"):
        return ""
    if isinstance(value, float):
        if percent:
            return f"{value * 100:.2f}%"
        return f"{value:{digits}}" if abs(value) < 1e15 else f"{value:.6g}"
    if isinstance(value, list):
        return "、".join(str(item) for item in value)
    text = " ".join(str(value).split())
    return prefixed_name(text) if short else text


def print_wide(renderable: RenderableType) -> None:
    """Print at the terminal's width; into a file or pipe, as wide as the table needs."""
    if out.is_terminal:
        out.print(renderable)
        return
    from rich.measure import Measurement

    natural = Measurement.get(out, out.options.update(width=_MAX_WIDTH), renderable).maximum
    width = out.width
    out.width = max(width, min(natural, _MAX_WIDTH))  # rich caps print(width=) at this
    try:
        out.print(renderable)
    finally:
        out.width = width


def emit(
    frame: pd.DataFrame,
    output: Format,
    *,
    title: str | None = None,
    columns: Sequence[str] | None = None,
    percent: Sequence[str] = (),
    vertical: bool = False,
    short: bool = False,
    digits: str = "g",
    count: bool = False,
) -> None:
    """Write a DataFrame to stdout: CSV, TSV or JSON (every column), or a rich table of
    ``columns`` (``percent`` ones as percentages; ``vertical``: one field/value table per
    row; ``short``: IRIs as prefixed names; ``count``: the row count on stderr)."""
    if output in (Format.csv, Format.tsv):
        separator = "," if output is Format.csv else "\t"
        out.file.write(frame.to_csv(index=False, sep=separator, lineterminator="\n"))
        out.file.flush()
        return
    if output is Format.json:
        records = json.loads(frame.to_json(orient="records", force_ascii=False))  # NaN → null
        out.file.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
        out.file.flush()
        return
    shown = list(columns or frame.columns)

    def text(value: Any, column: str) -> str:
        return escape(cell(value, percent=column in percent, short=short, digits=digits))

    records = frame[shown].to_dict(orient="records")
    numeric = {c for c in shown if len(frame) and frame[c].dtype.kind in "if"}
    _print_table(records, shown, numeric, text, title=title, vertical=vertical)
    if count:
        err.print(f"{len(frame)} row(s)")


def _print_table(
    records: Sequence[Mapping[Any, Any]],
    shown: list[str],
    numeric: set[str],
    text: Callable[[Any, str], str],
    *,
    title: str | None,
    vertical: bool,
) -> None:
    """Records as one rich table (``numeric`` columns right-aligned), or, ``vertical``,
    as one small field | value table per record: wide rows stay readable."""
    if vertical:
        for number, record in enumerate(records, start=1):
            view = Table(title=f"{title} ({number})", title_justify="left", show_header=False)
            view.add_column("field", style="bold")
            view.add_column("value", overflow="fold")
            for column in shown:
                view.add_row(column, text(record[column], column))
            print_wide(view)
        return
    table = Table(title=title, title_justify="left", header_style="bold")
    for column in shown:
        if column in numeric:
            table.add_column(column, justify="right", overflow="fold")
        else:
            table.add_column(column, justify="left", overflow="fold")
    for record in records:
        table.add_row(*(text(record[column], column) for column in shown))
    print_wide(table)


def emit_rows(
    columns: list[str],
    rows: list[list[object]],
    output: Format,
    *,
    title: str | None = None,
    short: bool = False,
) -> None:
    """`emit` for rows of plain Python values (`KnowledgeGraph.rows`): the same output,
    and a table without importing pandas (a one-shot command starts that much sooner)."""
    if output is not Format.table:
        from .._sparql import typed_frame

        emit(typed_frame(rows, columns), output, title=title, short=short)
        return

    def numeric(index: int) -> bool:  # the columns a DataFrame would give dtype int or float
        present = [row[index] for row in rows if row[index] is not None]
        return bool(present) and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in present
        )

    def text(value: Any, column: str) -> str:
        return escape(cell(value, short=short))

    records = [dict(zip(columns, row, strict=True)) for row in rows]
    shown = list(columns)
    _print_table(
        records,
        shown,
        {c for i, c in enumerate(columns) if numeric(i)},
        text,
        title=title,
        vertical=False,
    )
