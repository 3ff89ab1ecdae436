"""The entry point: the one-shot ``policygraph query NAME`` without Typer, the rest with it.

Building the Typer application (every command module, an adapter for every option)
and parsing takes longer than loading the bundled graph and answering the query.
The bare form ``query NAME`` is therefore run directly, with every option at its
default as Typer would pass it; any other form, ``--help`` and usage errors included,
goes through Typer, so that its output and exit codes stay the same.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

__all__ = ["main", "quick_query"]


def quick_query(args: Sequence[str]) -> str | None:
    """The query name of the one-shot form ``query NAME``; None for any other form.

    Examples
    --------
    >>> quick_query(["query", "policy-lineage"]), quick_query(["query", "--help"])
    ('policy-lineage', None)
    >>> quick_query(["query", "policy-lineage", "--format", "csv"]) is None
    True
    """
    if len(args) == 2 and args[0] == "query" and not args[1].startswith("-"):
        return args[1]
    return None


def main(argv: list[str] | None = None) -> int:
    """Run the CLI and return its exit code (see `policygraph.cli._app.main`)."""
    name = quick_query(sys.argv[1:] if argv is None else argv)
    if name is None:
        from ._app import main as typer_main

        return typer_main(argv)
    from .._stores import DEFAULT_STORE
    from ._app_base import err, run_guarded, state
    from ._output import Format
    from ._query_run import run_query
    from ._warnings import route_warnings

    state["debug"] = False
    route_warnings(err)
    return run_guarded(lambda: run_query(name, [], Format.table, False, None, DEFAULT_STORE))
