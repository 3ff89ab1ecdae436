"""Options that several commands share, and loading the graph they name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .._stores import DEFAULT_STORE
from ._app import err

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = ["DEFAULT_STORE", "StoreOption", "load_graph"]

StoreOption = Annotated[
    str,
    typer.Option(
        help="Triple store: oxigraph (in memory), memory (rdflib) or oxigraph:PATH "
        "(on disk, reopened without parsing when the files are unchanged)."
    ),
]


def load_graph(graph: list[Path] | None, store: str) -> KnowledgeGraph:
    """The bundled graph, or the files in ``graph``, with a spinner while it loads."""
    from ..graph import load

    with err.status("loading the graph…"):
        return load(graph or None, store=store)
