"""Warnings on the command line: one plain line each, never a library's traceback.

rdflib logs an ill-typed literal (``"12x"^^xsd:integer``) as a warning with a full
traceback, printed before whatever error follows; Python warnings such as
`policygraph.queries.QueryHeaderWarning` print the source line that raised them.
Both become ``warning: …`` lines on standard error.
"""

from __future__ import annotations

import logging
import re
import warnings
from typing import TextIO

from rich.console import Console
from rich.markup import escape

from .._prefixes import XSD_IRI

__all__ = ["route_warnings"]


def _literal_message(record: logging.LogRecord) -> str:
    """``a literal is not a valid xsd:integer (…); kept as text`` for rdflib's record."""
    found = re.search(r"Datatype=(\S+?),", record.getMessage())
    datatype = found.group(1) if found else ""
    if datatype.startswith(XSD_IRI):
        datatype = "xsd:" + datatype[len(XSD_IRI) :]
    reason = str(record.exc_info[1]) if record.exc_info and record.exc_info[1] else ""
    detail = f" ({reason})" if reason else ""
    return f"a literal is not a valid {datatype or 'value of its datatype'}{detail}; kept as text"


class _OneLine(logging.Handler):
    def __init__(self, console: Console) -> None:
        super().__init__(level=logging.WARNING)
        self.console = console

    def emit(self, record: logging.LogRecord) -> None:
        if record.getMessage().startswith("Failed to convert Literal lexical form"):
            message = _literal_message(record)
        else:
            message = record.getMessage().splitlines()[0] if record.getMessage() else ""
        self.console.print(f"[yellow]warning:[/] {escape(message)}", highlight=False)


def route_warnings(console: Console) -> None:
    """Print rdflib's log warnings and Python warnings as one ``warning:`` line each."""
    library = logging.getLogger("rdflib")
    if not any(isinstance(handler, _OneLine) for handler in library.handlers):
        library.addHandler(_OneLine(console))
    library.propagate = False

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        console.print(f"[yellow]warning:[/] {escape(str(message))}", highlight=False)

    warnings.showwarning = show
