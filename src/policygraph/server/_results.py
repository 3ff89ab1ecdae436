"""Read an engine's answer under a deadline and a row cap, and write it in the client's format.

The engine is asked for SPARQL XML results (SELECT, ASK) or N-Triples (CONSTRUCT,
DESCRIBE). Both can be read incrementally, so a capped result stops reading early,
and both can be checked for completeness: an answer that stops half-way (as
Oxigraph's does when its own timeout fires) is never passed on as a success.
"""

from __future__ import annotations

import csv
import io
import json
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.client import HTTPResponse, IncompleteRead
from typing import NamedTuple, cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser
from xml.sax.saxutils import escape, quoteattr

from .._namespaces import PREFIXES
from ._protocol import OutputFormat

__all__ = [
    "CAPPED_LINK",
    "EngineError",
    "GraphResult",
    "QueryTimeout",
    "SolutionsResult",
    "Term",
    "read_graph",
    "read_solutions",
    "write_graph",
    "write_solutions",
]

CAPPED_LINK = "urn:policygraph:capped"
_NS = "{http://www.w3.org/2005/sparql-results#}"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_CHUNK = 1 << 16


class QueryTimeout(Exception):
    """The deadline passed before the engine finished its answer."""


class EngineError(Exception):
    """The engine's answer was malformed or stopped half-way."""


class Term(NamedTuple):
    """One RDF term of a result row, as in the SPARQL JSON results format."""

    kind: str  # "uri", "literal" or "bnode"
    value: str
    lang: str | None = None
    datatype: str | None = None


@dataclass
class SolutionsResult:
    """The rows (or the boolean) of a SELECT or ASK query."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Term]] = field(default_factory=list)
    boolean: bool | None = None
    capped: bool = False


@dataclass
class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE query, as validated N-Triples lines."""

    ntriples: bytes = b""
    count: int = 0
    capped: bool = False


def _chunks(response: HTTPResponse, sock: socket.socket | None, deadline: float) -> Iterator[bytes]:
    """Yield the response body chunk by chunk, raising `QueryTimeout` at the deadline."""
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise QueryTimeout
        if sock is not None:
            sock.settimeout(remaining)
        try:
            chunk = response.read1(_CHUNK)
        except TimeoutError as exc:
            raise QueryTimeout from exc
        except IncompleteRead as exc:
            raise EngineError("the engine's answer stopped half-way") from exc
        except OSError as exc:
            raise EngineError(f"lost the connection to the engine: {exc}") from exc
        if not chunk:
            return
        yield chunk


def _term(element: Element) -> Term:
    tag = element.tag.removeprefix(_NS)
    text = element.text or ""
    if tag == "uri":
        return Term("uri", text)
    if tag == "bnode":
        return Term("bnode", text)
    if tag == "literal":
        return Term(
            "literal",
            text,
            element.get("{http://www.w3.org/XML/1998/namespace}lang"),
            element.get("datatype"),
        )
    raise EngineError(f"unsupported term <{tag}> in the engine's answer")


def read_solutions(
    response: HTTPResponse, sock: socket.socket | None, deadline: float, max_rows: int
) -> SolutionsResult:
    """Read SPARQL XML results, keeping at most ``max_rows`` rows.

    Raises
    ------
    QueryTimeout
        The deadline passed first.
    EngineError
        The document is malformed or incomplete.
    """
    result = SolutionsResult()
    parser: XMLPullParser[Element] = XMLPullParser(events=("start", "end"))
    results_element: Element | None = None
    complete = False
    try:
        for chunk in _chunks(response, sock, deadline):
            parser.feed(chunk)
            events = cast("Iterator[tuple[str, Element]]", parser.read_events())
            for event, element in events:
                tag = element.tag.removeprefix(_NS)
                if event == "start":
                    if tag == "results":
                        results_element = element
                    continue
                if tag == "variable":
                    result.variables.append(element.get("name", ""))
                elif tag == "boolean":
                    result.boolean = (element.text or "").strip() == "true"
                elif tag == "result":
                    if len(result.rows) == max_rows:
                        result.capped = True
                        return result
                    result.rows.append(
                        {binding.get("name", ""): _term(binding[0]) for binding in element}
                    )
                    if results_element is not None:
                        results_element.remove(element)  # keep memory flat while streaming
                elif tag == "sparql":
                    complete = True
        parser.close()
    except ParseError as exc:
        raise EngineError(f"malformed results from the engine: {exc}") from exc
    except IndexError as exc:
        raise EngineError("a binding without a value in the engine's answer") from exc
    if not complete:
        raise EngineError("the engine's answer stopped half-way")
    return result


def read_graph(
    response: HTTPResponse, sock: socket.socket | None, deadline: float, max_triples: int
) -> GraphResult:
    """Read N-Triples, keeping at most ``max_triples`` triples, and check that they parse.

    Raises
    ------
    QueryTimeout
        The deadline passed first.
    EngineError
        A line does not parse, as when the engine stopped half-way.
    """
    import pyoxigraph

    kept: list[bytes] = []
    pending = b""
    capped = False
    for chunk in _chunks(response, sock, deadline):
        lines = (pending + chunk).split(b"\n")
        pending = lines.pop()
        for line in lines:
            if not line.strip() or line.lstrip().startswith(b"#"):
                continue
            if len(kept) == max_triples:
                capped = True
                break
            kept.append(line + b"\n")
        if capped:
            break
    else:
        if pending.strip():
            kept.append(pending + b"\n")  # a last line without a newline, checked below
    body = b"".join(kept)
    try:
        count = sum(1 for _ in pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.N_TRIPLES))
    except SyntaxError as exc:
        raise EngineError(f"the engine's answer is incomplete or malformed: {exc}") from exc
    if len(kept) > max_triples or count != len(kept):
        raise EngineError("the engine's answer is malformed: one triple per line expected")
    return GraphResult(body, count, capped)


# -- writers ---------------------------------------------------------------------------


def _json_term(term: Term) -> dict[str, str]:
    value = {"type": term.kind, "value": term.value}
    if term.lang:
        value["xml:lang"] = term.lang
    elif term.datatype:
        value["datatype"] = term.datatype
    return value


def _xml_term(term: Term) -> str:
    if term.kind == "literal":
        attributes = ""
        if term.lang:
            attributes = f" xml:lang={quoteattr(term.lang)}"
        elif term.datatype:
            attributes = f" datatype={quoteattr(term.datatype)}"
        return f"<literal{attributes}>{escape(term.value)}</literal>"
    return f"<{term.kind}>{escape(term.value)}</{term.kind}>"


_TSV_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _tsv_term(term: Term) -> str:
    if term.kind == "uri":
        return f"<{term.value}>"
    if term.kind == "bnode":
        return f"_:{term.value}"
    text = '"' + "".join(_TSV_ESCAPES.get(char, char) for char in term.value) + '"'
    if term.lang:
        return f"{text}@{term.lang}"
    if term.datatype and term.datatype != _XSD_STRING:
        return f"{text}^^<{term.datatype}>"
    return text


def _csv_term(term: Term) -> str:
    return f"_:{term.value}" if term.kind == "bnode" else term.value


def write_solutions(result: SolutionsResult, fmt: OutputFormat) -> bytes:
    """Serialise SELECT or ASK results as SPARQL JSON, XML, CSV or TSV.

    A capped result carries the link ``urn:policygraph:capped`` in its head
    (JSON and XML); CSV and TSV have no place for it, only the HTTP header.

    Examples
    --------
    >>> rows = [{"x": Term("literal", "杭州", lang="zh")}]
    >>> write_solutions(SolutionsResult(["x"], rows), OutputFormat("tsv", "")).decode()
    '?x\\n"杭州"@zh\\n'
    >>> write_solutions(SolutionsResult(["x"], rows, capped=True), OutputFormat("json", ""))[:60]
    b'{"head": {"vars": ["x"], "link": ["urn:policygraph:capped"]}'
    """
    links = [CAPPED_LINK] if result.capped else []
    if fmt.name == "json":
        head: dict[str, object] = {} if result.boolean is not None else {"vars": result.variables}
        if links:
            head["link"] = links
        document: dict[str, object] = {"head": head}
        if result.boolean is not None:
            document["boolean"] = result.boolean
        else:
            bindings = [
                {name: _json_term(term) for name, term in row.items()} for row in result.rows
            ]
            document["results"] = {"bindings": bindings}
        return json.dumps(document, ensure_ascii=False).encode()
    if fmt.name == "xml":
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
        ]
        if result.boolean is None:
            parts += [f"<variable name={quoteattr(name)}/>" for name in result.variables]
        parts += [f"<link href={quoteattr(link)}/>" for link in links]
        parts.append("</head>")
        if result.boolean is not None:
            parts.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
        else:
            parts.append("<results>")
            for row in result.rows:
                parts.append("<result>")
                parts += [
                    f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                    for name, term in row.items()
                ]
                parts.append("</result>")
            parts.append("</results>")
        parts.append("</sparql>\n")
        return "".join(parts).encode()
    if result.boolean is not None:  # CSV/TSV define no boolean form; answer as Oxigraph does
        return b"true" if result.boolean else b"false"
    if fmt.name == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(
                [_csv_term(row[name]) if name in row else "" for name in result.variables]
            )
        return buffer.getvalue().encode()
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    lines += [
        "\t".join(_tsv_term(row[name]) if name in row else "" for name in result.variables)
        for row in result.rows
    ]
    return ("\n".join(lines) + "\n").encode()


_GRAPH_WRITERS = {"turtle": "TURTLE", "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}


def write_graph(result: GraphResult, fmt: OutputFormat) -> bytes:
    """Serialise CONSTRUCT or DESCRIBE triples as Turtle, N-Triples, JSON-LD or RDF/XML.

    A capped result in Turtle or N-Triples starts with a ``# policygraph: capped``
    comment; the HTTP header says so for every format.
    """
    import pyoxigraph

    note = b""
    if result.capped:
        note = f"# policygraph: capped at {result.count} triples ({CAPPED_LINK})\n".encode()
    if fmt.name == "nt":
        return note + result.ntriples
    triples = pyoxigraph.parse(result.ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
    rdf_format = getattr(pyoxigraph.RdfFormat, _GRAPH_WRITERS[fmt.name])
    prefixes = {prefix: str(namespace) for prefix, namespace in PREFIXES.items()}
    body = pyoxigraph.serialize(
        triples, format=rdf_format, prefixes=prefixes if fmt.name == "turtle" else None
    )
    assert body is not None  # no output file given: the bytes are returned
    return note + body if fmt.name == "turtle" else body
