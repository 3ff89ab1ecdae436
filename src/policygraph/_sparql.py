"""Helpers for running SPARQL text: reading ``.rq`` files, binding values, converting results."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Node

from . import _paths
from .errors import QueryError

__all__ = ["bind_values", "python_value", "read_query", "to_term"]

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


def bind_values(query: str, bindings: Mapping[str, object]) -> str:
    """Bind variables by a ``VALUES`` block at the start of the first ``WHERE`` group.

    This works on every SPARQL 1.1 engine, local or remote, unlike rdflib's
    ``initBindings``.

    Examples
    --------
    >>> print(bind_values("SELECT ?x WHERE { ?x ?p ?y }", {"y": 3}))
    SELECT ?x WHERE { VALUES ?y { 3 } ?x ?p ?y }
    """
    if not bindings:
        return query
    match = _WHERE.search(query)
    if match is None:
        raise QueryError("cannot bind parameters: the query has no WHERE { … } clause")
    block = " ".join(
        f"VALUES ?{name} {{ {to_term(value).n3()} }}" for name, value in sorted(bindings.items())
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
