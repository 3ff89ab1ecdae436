"""Helpers for running SPARQL text: reading ``.rq`` files, binding values, converting results."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.query import Result
from rdflib.term import Node

from . import _paths
from .errors import QueryError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "bind_values",
    "frame",
    "python_value",
    "query_error",
    "read_query",
    "result_rows",
    "to_term",
    "typed_frame",
]

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@cache
def read_query(name: str) -> str:
    """Text of a query under ``queries/``, by relative name without ``.rq``.

    Examples
    --------
    >>> "SELECT" in read_query("api/entities")
    True
    """
    path = _paths.queries_dir() / f"{name}.rq"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QueryError(f"no query file {path}") from None


def to_term(value: object) -> Node:
    """An RDF term for a Python value; URIRefs and Literals pass through.

    Examples
    --------
    >>> to_term(2018).n3()
    '"2018"^^<http://www.w3.org/2001/XMLSchema#integer>'
    >>> to_term("杭州").n3()
    '"杭州"'
    """
    if isinstance(value, Node):
        return value
    if isinstance(value, Path):
        return URIRef(value.as_uri())
    return Literal(value)


def _each(value: object) -> Iterable[object]:
    """The values of one binding: those of a list, tuple or set, else the value alone."""
    return value if isinstance(value, list | tuple | set | frozenset) else (value,)


def bind_values(query: str, bindings: Mapping[str, object]) -> str:
    """Bind variables by a ``VALUES`` block at the start of the first ``WHERE`` group.

    This works on every SPARQL 1.1 engine, local or remote, unlike rdflib's
    ``initBindings``. A list, tuple or set binds the variable to each of its values.

    Examples
    --------
    >>> print(bind_values("SELECT ?x WHERE { ?x ?p ?y }", {"y": 3}))
    SELECT ?x WHERE { VALUES ?y { 3 } ?x ?p ?y }
    >>> print(bind_values("SELECT ?x WHERE { ?x ?p ?y }", {"y": [1, 2]}))
    SELECT ?x WHERE { VALUES ?y { 1 2 } ?x ?p ?y }
    """
    if not bindings:
        return query
    match = _WHERE.search(query)
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { … } clause")
    block = " ".join(
        f"VALUES ?{name} {{ {' '.join(to_term(each).n3() for each in _each(value))} }}"
        for name, value in sorted(bindings.items())
    )
    block = re.sub(r'"(\d+)"\^\^<http://www\.w3\.org/2001/XMLSchema#integer>', r"\1", block)
    return f"{query[: match.end()]} {block}{query[match.end() :]}"


def python_value(term: Node | None) -> object:
    """A plain Python value for a result cell: int, float, str, date, or None.

    Examples
    --------
    >>> from decimal import Decimal
    >>> python_value(Literal(Decimal("2.33")))
    2.33
    >>> python_value(Literal("杭州", lang="zh"))
    '杭州'
    """
    if term is None:
        return None
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, bool | int | float | str | _dt.date | _dt.datetime):
            return value
        return str(term)
    return str(term)


# -- results and errors ------------------------------------------------------------------


def result_rows(result: Result) -> tuple[list[str], list[list[object]]]:
    """Column names and rows of Python values (see `python_value`) of an rdflib SELECT."""
    columns = [str(var) for var in result.vars or []]
    return columns, [[python_value(term) for term in row] for row in result]  # type: ignore[union-attr]


def query_error(exc: Exception, text: str) -> QueryError:
    """A `QueryError` naming line and column for a failed query ``text``."""
    return _translated(_located(exc, text))


def frame(result: Result, *, split_languages: bool) -> pd.DataFrame:
    """A DataFrame of Python values from an rdflib SELECT result (see `KnowledgeGraph.query`).

    Only `split_languages` needs the rdflib terms; everything else goes through
    `result_rows` and `typed_frame`."""
    columns = [str(var) for var in result.vars or []]
    rows: list[tuple[Node | None, ...]] = [tuple(row) for row in result]  # type: ignore[arg-type]
    tagged = [
        index
        for index in range(len(columns))
        if any(isinstance(row[index], Literal) and row[index].language for row in rows)  # type: ignore[union-attr]
    ]
    if not split_languages or not tagged:
        table = [[python_value(t) for t in row] for row in rows]
        return typed_frame(table, columns)
    languages = {index: _languages(row[index] for row in rows) for index in tagged}
    groups: dict[tuple[Node | None, ...], dict[tuple[int, str], list[str]]] = {}
    for row in rows:
        key = tuple(term for index, term in enumerate(row) if index not in languages)
        cells = groups.setdefault(key, {})
        for index in tagged:
            term = row[index]
            if term is None:
                continue
            language = term.language if isinstance(term, Literal) and term.language else ""
            values = cells.setdefault((index, language), [])
            if str(term) not in values:
                values.append(str(term))
    names: list[str] = []
    for index, column in enumerate(columns):
        if index in languages:
            names += [f"{column}_{lang}" if lang else column for lang in languages[index]]
        else:
            names.append(column)
    table = []
    for key, cells in groups.items():
        plain = iter(key)
        record: list[object] = []
        for index in range(len(columns)):
            if index in languages:
                record += [
                    "; ".join(cells.get((index, lang), [])) or None for lang in languages[index]
                ]
            else:
                record.append(python_value(next(plain)))
        table.append(record)
    return typed_frame(table, names)


def typed_frame(table: list[list[object]], columns: list[str]) -> pd.DataFrame:
    """A frame whose columns take their natural dtype; integers with gaps become ``Int64``."""
    import pandas as pd

    series = {}
    for index in range(len(columns)):
        values = [row[index] for row in table]
        present = [v for v in values if v is not None]
        integral = all(isinstance(v, int) and not isinstance(v, bool) for v in present)
        if present and integral and len(present) < len(values):
            series[index] = pd.Series(values, dtype="Int64")
        else:
            series[index] = pd.Series(values, dtype=None if present else object)
    frame = pd.DataFrame(series, index=range(len(table)))
    frame.columns = pd.Index(columns)
    return frame


def _languages(terms: Iterable[Node | None]) -> list[str]:
    """Languages of the literals, ``zh`` and ``en`` first, ``""`` (untagged) last."""
    found = {
        term.language or "" if isinstance(term, Literal) else ""
        for term in terms
        if term is not None
    }
    first = [lang for lang in ("zh", "en") if lang in found]
    rest = sorted(found - {"zh", "en", ""})
    return first + rest + ([""] if "" in found else [])


def _located(exc: Exception, text: str) -> Exception:
    """rdflib's parse error for ``text`` when it locates a syntax error better than ``exc``.

    Oxigraph reports where its parser gave up, often the end of the query; rdflib's
    parser points at the offending token. Only called once a query has failed.
    """
    if getattr(exc, "lineno", None) is not None or not isinstance(exc, SyntaxError):
        return exc
    from pyparsing import ParseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        parseQuery(text)
    except ParseException as parse_error:
        return parse_error
    except Exception:
        return exc
    return exc


def _translated(exc: Exception) -> QueryError:
    """A `QueryError` naming the line and column, from rdflib's or Oxigraph's error."""
    line = getattr(exc, "lineno", None)
    column = getattr(exc, "col", None) or getattr(exc, "column", None)
    message = str(getattr(exc, "msg", None) or str(exc) or type(exc).__name__)
    # Oxigraph: "error at 3:18: expected one of …"
    located = re.match(r"error at (\d+):(\d+):\s*(.*)", message, re.DOTALL)
    if line is None and located:
        line, column, message = int(located[1]), int(located[2]), located[3]
    message = " ".join(message.split())
    if "Prefix not found" in message:
        message = "a prefix is not declared (add a PREFIX line for it)"
    if len(message) > 300:
        message = message[:300] + " …"
    where = f" at line {line}, column {column}" if line is not None else ""
    error = QueryError(f"SPARQL error{where}: {message}")
    error.line, error.column = line, column  # type: ignore[attr-defined]
    return error
