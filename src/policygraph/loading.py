"""Parse RDF files with errors that name the file and the line."""

from __future__ import annotations

import codecs
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from .errors import InputError

if TYPE_CHECKING:  # rdflib loads when a file is parsed, not when formats are checked
    from rdflib import Graph

__all__ = ["FORMATS", "GraphInput", "check_rdf_file", "guess_format", "parse_file", "read_graph"]

GraphInput: TypeAlias = "Graph | str | os.PathLike[str]"
"""A graph, or the path of an RDF file."""

FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".trig": "trig",
    ".nq": "nquads",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
}
_LINE = re.compile(r"line (\d+)|:(\d+):")
_PROBE = 64 * 1024  # bytes read at the start, middle and end of a file to sniff it


def guess_format(path: str | os.PathLike[str]) -> str:
    """The rdflib parser name for a file, from its suffix.

    Examples
    --------
    >>> guess_format("kg/release/policygraph.ttl")
    'turtle'
    """
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"unknown RDF file type {suffix!r} (known: {known})", path=path) from None


def check_rdf_file(path: str | os.PathLike[str], format: str | None = None) -> Path:
    """Refuse, fast and naming the file, what no RDF parser should be given.

    A missing path, a folder, a device or pipe, a binary file (NUL bytes at its
    start, middle or end; RDF text never has them), and a file that is not UTF-8
    there (every RDF syntax but RDF/XML must be UTF-8) fail in milliseconds, where
    rdflib's parsers would take minutes and gigabytes to reach the same verdict.

    Examples
    --------
    >>> check_rdf_file("/dev/zero")
    Traceback (most recent call last):
    ...
    policygraph.errors.InputError: /dev/zero: not a regular file (a device, pipe or socket)
    """
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder, not an RDF file", path=path)
    if not path.exists():
        raise InputError("no such file", path=path)
    if not path.is_file():
        raise InputError("not a regular file (a device, pipe or socket)", path=path)
    utf8 = (format or FORMATS.get(path.suffix.lower())) not in ("xml", None)
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, os.SEEK_END)
            for offset in sorted({0, max(0, size // 2 - _PROBE // 2), max(0, size - _PROBE)}):
                handle.seek(offset)
                _check_block(path, offset, handle.read(_PROBE), utf8=utf8)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path=path) from exc
    return path


def _check_block(path: Path, offset: int, block: bytes, *, utf8: bool) -> None:
    if b"\x00" in block:
        at = offset + block.index(b"\x00")
        raise InputError(
            f"looks like a binary file (a NUL byte at byte {at}), not RDF text", path=path
        )
    if not utf8:
        return
    skipped = 0
    if offset:  # the block may start inside a character
        while skipped < 3 and skipped < len(block) and 0x80 <= block[skipped] < 0xC0:
            skipped += 1
    try:
        codecs.getincrementaldecoder("utf-8")().decode(block[skipped:], final=False)
    except UnicodeDecodeError as exc:
        at = offset + skipped + exc.start
        line = block[: skipped + exc.start].count(b"\n") + 1 if offset == 0 else None
        raise InputError(
            f"not UTF-8 text (byte {at}); convert it to UTF-8 first", path=path, line=line
        ) from None


def parse_file(
    path: str | os.PathLike[str], *, graph: Graph | None = None, format: str | None = None
) -> Graph:
    """Parse one RDF file into ``graph`` (a new Graph by default).

    Raises
    ------
    InputError
        The file is missing, unreadable or malformed; names the file and line.
    """
    from rdflib import Graph

    from ._namespaces import bind_prefixes

    path = Path(path)
    if graph is None:
        graph = Graph()
        bind_prefixes(graph.namespace_manager)
    check_rdf_file(path, format)
    fmt = format or guess_format(path)
    try:
        graph.parse(path, format=fmt)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    except Exception as exc:  # rdflib's parsers raise many unrelated types
        message = str(exc).strip().splitlines()
        line = getattr(exc, "lines", None)
        if isinstance(line, int):
            line += 1  # rdflib's BadSyntax counts lines from 0
        else:
            match = _LINE.search(str(exc))
            line = int(next(g for g in match.groups() if g)) if match else None
        why = getattr(exc, "_why", None)
        reason = str(why) if why else (message[-1] if message else type(exc).__name__)
        raise InputError(f"malformed {fmt}: {reason}", path=path, line=line) from exc
    return graph


def read_graph(source: GraphInput | None, default: Path) -> Graph:
    """``source`` itself if it is a graph, else the file (``default`` if None) parsed;
    parse errors name the file and the line."""
    from rdflib import Graph

    if isinstance(source, Graph):
        return source
    path = default if source is None else source
    try:
        return parse_file(path)
    except InputError as exc:
        cause = exc.__cause__
        lines = getattr(cause, "lines", None)
        if not isinstance(lines, int):
            raise
        # rdflib's BadSyntax counts lines from 0 and keeps the bare reason in _why
        reason = getattr(cause, "_why", None) or exc.reason
        raise InputError(
            f"malformed {guess_format(path)}: {reason}", path=path, line=lines + 1
        ) from cause
