"""``policygraph query``: running a named query or a SPARQL file and printing its rows.

Without Typer, so that the one-shot form (`_app_quick`) starts with this module alone.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from .._stores import DEFAULT_STORE
from ..errors import QueryError
from ._app_base import err
from ._output import Format, emit, emit_rows

if TYPE_CHECKING:
    from ..queries import NamedQuery

__all__ = ["params_of", "require_select", "run_query"]

_FORM = re.compile(r"(?i)\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b")


def require_select(named: NamedQuery) -> None:
    """A clear message for a CONSTRUCT, ASK or DESCRIBE file: this command prints tables."""
    body = re.sub(r"(?m)<[^>\s]*>|#.*$", "", named.text)  # IRIs and comments may hold a keyword
    form = _FORM.search(body)
    if form and form.group(1).upper() != "SELECT":
        raise QueryError(
            f"{named.path}: this is {'an' if form.group(1).upper() == 'ASK' else 'a'} "
            f"{form.group(1).upper()} query; `policygraph query` prints tables, so it "
            "needs a SELECT query"
        )


def params_of(pairs: list[str]) -> dict[str, str]:
    """``NAME=VALUE`` pairs as a mapping.

    Examples
    --------
    >>> params_of(["year=2022", "policy=一号工程"])
    {'year': '2022', 'policy': '一号工程'}
    """
    params: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        if not equals or not name.strip():
            raise QueryError(f"--param expects NAME=VALUE, got {pair!r}")
        params[name.strip()] = value
    return params


def run_query(
    name: str,
    param: list[str],
    output: Format,
    split_languages: bool,
    graph: list[Path] | None,
    store: str,
) -> None:
    """Run a named query, or a SPARQL file, and print its result (the options of
    ``policygraph query``)."""
    from ..queries import get_query

    named = get_query(name)
    require_select(named)
    params = params_of(param)
    title = named.title if output is Format.table else None
    if split_languages:
        from ._options import load_graph

        kg = load_graph(graph, store)
        with err.status(f"running {named.name}…"):
            frame = kg.run(named, split_languages=True, **params)
        emit(frame, output, title=title, short=True)
        err.print(f"{len(frame)} rows")
        return
    found = _one_shot(named, params, graph) if store == DEFAULT_STORE else None
    if found is None:
        from ._options import load_graph

        kg = load_graph(graph, store)
        with err.status(f"running {named.name}…"):
            found = kg.rows(named, **params)  # plain values: no pandas for a table
    columns, rows = found
    emit_rows(columns, rows, output, title=title, short=True)
    err.print(f"{len(rows)} rows")


def _one_shot(
    named: NamedQuery, params: dict[str, str], graph: list[Path] | None
) -> tuple[list[str], list[list[object]]] | None:
    """The rows `KnowledgeGraph.rows` gives, from a store of its own and without rdflib
    (`policygraph._stores.select_files`); None where the full path is needed: a
    parameter given by name (the resolver needs the graph), a query that fails (the
    full path reports where)."""
    from .._stores import load_files, select_files

    try:
        bindings = named.bindings(params)
    except QueryError:
        return None
    text = named.text
    if bindings:
        from .._sparql import bind_values

        text = bind_values(text, bindings)
    with err.status(f"running {named.name}…"):
        return select_files(load_files(graph, ontology=True), text)
