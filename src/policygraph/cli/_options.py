"""Options that several commands share, and loading the graph they name."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .._stores import DEFAULT_STORE
from ._app_base import err
from ._output import Format

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph

__all__ = [
    "DEFAULT_STORE",
    "DataAlias",
    "FormatOption",
    "GraphOption",
    "StoreOption",
    "graph_files",
    "load_graph",
]

FormatOption = Annotated[
    Format, typer.Option("--format", "-f", help="table (aligned), csv, tsv or json.")
]

StoreOption = Annotated[
    str,
    typer.Option(
        help="Triple store: oxigraph (in memory), memory (rdflib) or oxigraph:PATH "
        "(on disk, reopened without parsing when the files are unchanged)."
    ),
]


GraphOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--graph",
        "-g",
        help="RDF file to use instead of the bundled graph (repeatable; Turtle, TriG, "
        "N-Triples, N-Quads, JSON-LD, RDF/XML). Commands that load a graph add the ontology.",
    ),
]
# the spelling `render` used before --graph was shared; kept so old examples still work
DataAlias = Annotated[list[Path] | None, typer.Option("--data", hidden=True)]


def graph_files(*given: list[Path] | None) -> list[Path] | None:
    """The data files of a command, from all the ways it accepts them (None: bundled)."""
    files = [path for paths in given for path in paths or []]
    return files or None


def load_graph(graph: list[Path] | None, store: str) -> KnowledgeGraph:
    """The bundled graph, or the files in ``graph``, with a spinner while it loads."""
    from ..graph import load

    with err.status("loading the graph…"):
        return load(graph or None, store=store)
