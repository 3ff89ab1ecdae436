"""Exceptions raised by policygraph; the CLI maps each to an exit code."""

from __future__ import annotations

import os

__all__ = [
    "DataError",
    "InputError",
    "NotFoundError",
    "PolicygraphError",
    "QueryError",
    "RemoteError",
    "WriteError",
]


class PolicygraphError(Exception):
    """Base class of every error policygraph raises on purpose."""

    exit_code = 1


class InputError(PolicygraphError):
    """A file could not be read or parsed; names the file and, where known, the line."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | os.PathLike[str] | None = None,
        line: int | None = None,
    ) -> None:
        self.path = None if path is None else os.fspath(path)
        self.line = line
        self.reason = message
        where = ""
        if self.path is not None:
            where = self.path if line is None else f"{self.path}:{line}"
            where += ": "
        super().__init__(f"{where}{message}")


class WriteError(InputError, OSError):
    """A file could not be written; names the target (never a temporary file).

    Also an `OSError`, so callers that caught the operating system's error still do.
    """


class DataError(PolicygraphError):
    """Curated data breaks a rule: a quote not in the source, an unknown term, a bad value."""

    exit_code = 3


class QueryError(PolicygraphError):
    """A SPARQL query is malformed, unknown, or given bad parameters."""

    exit_code = 2


class NotFoundError(PolicygraphError):
    """A named thing (entity, query, view) does not exist; carries close matches."""

    exit_code = 4

    def __init__(self, message: str, *, suggestions: list[str] | None = None) -> None:
        self.suggestions = list(suggestions or [])
        if self.suggestions:
            message = f"{message}. Did you mean: {', '.join(self.suggestions)}?"
        super().__init__(message)


class RemoteError(PolicygraphError):
    """A SPARQL endpoint could not be reached or answered with an error."""

    exit_code = 5
