"""A query worker: one process that answers SPARQL queries from one read-only store.

``policygraph serve`` runs a few of these (``python -I _worker.py STORE PARENT``,
optionally ``--no-isolation`` and ``--max-memory-mb=N``) and kills one when its
query passes the deadline, which frees its CPU and memory at once. The file is run
as a script and imports nothing from policygraph, so a worker starts quickly; the
parent talks to it over stdin and stdout in frames (a 4-byte big-endian length,
then that many bytes).

Before it opens the store the worker moves into a network namespace of its own
when the kernel allows it: it then has no network at all, so even a ``SERVICE``
call that got past the parsed-query check could reach nothing. It dies with its
parent (``PR_SET_PDEATHSIG``) and exits when its stdin closes.

Requests are JSON objects: ``query``, ``default_graph`` and ``named_graphs`` (IRI
lists, may be empty), ``solutions_format`` and ``graph_format`` (the format to use
for each kind of result, or null when the client accepts none), ``max_rows`` and
``prefixes`` (for Turtle). An answer is a JSON header (``status``, ``media_type``,
``capped``, ``message``) and a body frame.
"""

from __future__ import annotations

import csv
import ctypes
import io
import json
import os
import re
import signal
import struct
import sys
from collections.abc import Iterable, Iterator
from typing import IO, Any

__all__ = [
    "CAPPED_LINK",
    "GRAPH_MEDIA_TYPES",
    "SOLUTION_MEDIA_TYPES",
    "answer",
    "calls_service",
    "isolate_network",
    "read_frame",
    "write_frame",
]

CAPPED_LINK = "urn:policygraph:capped"
SOLUTION_MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
}
GRAPH_MEDIA_TYPES = {
    "turtle": "text/turtle; charset=utf-8",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
_GRAPH_WRITERS = {"turtle": "TURTLE", "nt": "N_TRIPLES", "jsonld": "JSON_LD", "rdfxml": "RDF_XML"}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
# Characters XML 1.0 cannot hold at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000
_PR_SET_PDEATHSIG = 1


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# -- framing -------------------------------------------------------------------------


def write_frame(stream: IO[bytes], data: bytes) -> None:
    """Write one frame: its length (4 bytes, big-endian), then the data."""
    stream.write(struct.pack(">I", len(data)) + data)


def read_frame(stream: IO[bytes]) -> bytes | None:
    """Read one frame; ``None`` at the end of the stream.

    Examples
    --------
    >>> buffer = io.BytesIO()
    >>> write_frame(buffer, b"ASK {}")
    >>> _ = buffer.seek(0)
    >>> read_frame(buffer), read_frame(buffer)
    (b'ASK {}', None)
    """
    head = stream.read(4)
    if len(head) < 4:
        return None
    (size,) = struct.unpack(">I", head)
    data = stream.read(size)
    return data if len(data) == size else None


# -- the federation check ------------------------------------------------------------


def _has_service(node: object) -> bool:
    from pyparsing import ParseResults
    from rdflib.plugins.sparql.parserutils import CompValue

    if isinstance(node, CompValue):
        if node.name == "ServiceGraphPattern":
            return True
        return any(_has_service(value) for value in node.values())
    if isinstance(node, ParseResults | list | tuple):
        return any(_has_service(value) for value in node)
    return False


def calls_service(query: str) -> bool:
    """Whether a query holds a ``SERVICE`` call anywhere, decided on its parse tree.

    A query without the word ``service`` (in any case, also after expanding
    ``\\u`` escapes) cannot call one, and is not parsed. Any other is parsed by
    rdflib's SPARQL 1.1 parser (which expands the escapes first, as the grammar
    says) and refused if its tree holds a ``ServiceGraphPattern``. When rdflib
    cannot read it, the word alone decides: Oxigraph's parser may still accept
    the text, and an endpoint that cannot decide refuses.

    Examples
    --------
    >>> calls_service("SELECT * { ?s ?p ?o .SERVICE <http://10.0.0.1/> { ?s ?p ?o } }")
    True
    >>> calls_service("SELECT * { FILTER EXISTS { SERVICE ?where { ?s ?p ?o } } }")
    True
    >>> calls_service('SELECT ?service { ?service <urn:x:SERVICE> "SERVICE" } # SERVICE')
    False
    """
    from rdflib.plugins.sparql.parser import expandUnicodeEscapes, parseQuery

    try:
        expanded = expandUnicodeEscapes(query)
    except Exception:  # a malformed escape: Oxigraph reads the text as it is
        expanded = query
    if "service" not in query.casefold() and "service" not in expanded.casefold():
        return False  # Oxigraph's parser needs the keyword spelled out (in ASCII, any case)
    try:
        tree = parseQuery(query)
    except Exception:  # rdflib cannot read it, Oxigraph may: the word decides
        return True
    return _has_service(tree)


# -- results -------------------------------------------------------------------------


def _check_xml(text: str, what: str) -> None:
    found = _NOT_XML.search(text)
    if found:
        raise _Refused(
            406,
            f"the {what} holds U+{ord(found.group()):04X}, which XML 1.0 cannot carry; "
            "ask for JSON, CSV or TSV instead",
        )


def _json_term(term: Any) -> dict[str, Any]:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        value: dict[str, Any] = {"type": "literal", "value": term.value}
        if term.language:
            value["xml:lang"] = term.language
        elif term.datatype.value not in {_XSD_STRING, _RDF_LANG_STRING}:
            value["datatype"] = term.datatype.value
        return value
    return {
        "type": "triple",
        "value": {
            "subject": _json_term(term.subject),
            "predicate": _json_term(term.predicate),
            "object": _json_term(term.object),
        },
    }


def _xml_term(term: Any) -> str:
    from xml.sax.saxutils import escape, quoteattr

    import pyoxigraph as ox

    # A carriage return is escaped, or XML parsers turn it into a newline.
    entities = {"\r": "&#13;"}
    if isinstance(term, ox.Literal):
        _check_xml(term.value, "result")
        attributes = ""
        if term.language:
            attributes = f" xml:lang={quoteattr(term.language)}"
        elif term.datatype.value not in {_XSD_STRING, _RDF_LANG_STRING}:
            attributes = f" datatype={quoteattr(term.datatype.value)}"
        return f"<literal{attributes}>{escape(term.value, entities)}</literal>"
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        kind = "uri" if isinstance(term, ox.NamedNode) else "bnode"
        return f"<{kind}>{escape(term.value)}</{kind}>"
    parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
    inner = "".join(f"<{name}>{_xml_term(value)}</{name}>" for name, value in parts)
    return f"<triple>{inner}</triple>"


def _csv_cell(term: Any) -> str:
    import pyoxigraph as ox

    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.NamedNode | ox.Literal):
        return str(term.value)
    return str(term)


def _tsv_cell(term: Any) -> str:
    # pyoxigraph writes terms in N-Triples syntax, escaping every control character.
    return "" if term is None else str(term)


def _solutions(variables: list[str], rows: list[list[Any]], fmt: str, capped: bool) -> bytes:
    links = [CAPPED_LINK] if capped else []
    if fmt == "json":
        head: dict[str, Any] = {"vars": variables}
        if links:
            head["link"] = links
        bindings = [
            {name: _json_term(term) for name, term in zip(variables, row, strict=True) if term}
            for row in rows
        ]
        document = {"head": head, "results": {"bindings": bindings}}
        return json.dumps(document, ensure_ascii=False).encode()
    if fmt == "xml":
        from xml.sax.saxutils import quoteattr

        parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>'
        ]
        parts += [f"<variable name={quoteattr(name)}/>" for name in variables]
        parts += [f"<link href={quoteattr(link)}/>" for link in links]
        parts.append("</head><results>")
        for row in rows:
            parts.append("<result>")
            parts += [
                f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
                for name, term in zip(variables, row, strict=True)
                if term is not None
            ]
            parts.append("</result>")
        parts.append("</results></sparql>\n")
        return "".join(parts).encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        writer.writerows([_csv_cell(term) for term in row] for row in rows)
        return buffer.getvalue().encode()
    lines = ["\t".join(f"?{name}" for name in variables)]
    lines += ["\t".join(_tsv_cell(term) for term in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def _boolean(value: bool, fmt: str) -> bytes:
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return (
            '<?xml version="1.0" encoding="utf-8"?>\n'
            '<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head></head>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        ).encode()
    return b"true" if value else b"false"  # CSV/TSV define no boolean form; as Oxigraph does


def _graph(triples: list[Any], fmt: str, capped: bool, prefixes: dict[str, str]) -> bytes:
    import pyoxigraph as ox

    if fmt == "rdfxml":
        for triple in triples:
            if isinstance(triple.object, ox.Literal):
                _check_xml(triple.object.value, "result")
    body = ox.serialize(
        triples,
        format=getattr(ox.RdfFormat, _GRAPH_WRITERS[fmt]),
        prefixes=prefixes if fmt == "turtle" else None,
    )
    assert body is not None  # no output file given: the bytes are returned
    if capped and fmt in {"turtle", "nt"}:
        note = f"# policygraph: capped at {len(triples)} triples ({CAPPED_LINK})\n"
        return note.encode() + body
    return body


def _take(items: Iterable[Any], limit: int) -> tuple[list[Any], bool]:
    kept: list[Any] = []
    for item in items:
        if len(kept) == limit:
            return kept, True
        kept.append(item)
    return kept, False


def answer(store: Any, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Run one request against ``store``: the answer's header and body.

    Examples
    --------
    >>> import pyoxigraph as ox
    >>> store = ox.Store()
    >>> store.add(ox.Quad(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:b"), ox.Literal("\\x01")))
    >>> request = {"query": "SELECT ?o { ?s ?p ?o }", "solutions_format": "json", "max_rows": 5}
    >>> header, body = answer(store, request)
    >>> header["status"], json.loads(body)["results"]["bindings"][0]["o"]["value"]
    (200, '\\x01')
    >>> answer(store, {**request, "solutions_format": "xml"})[0]["status"]
    406
    """
    import pyoxigraph as ox

    query = request["query"]
    try:
        if calls_service(query):
            raise _Refused(403, "federated queries (SERVICE) are disabled on this endpoint")
        result = store.query(
            query,
            default_graph=[ox.NamedNode(iri) for iri in request.get("default_graph") or []] or None,
            named_graphs=[ox.NamedNode(iri) for iri in request.get("named_graphs") or []] or None,
        )
        max_rows = int(request["max_rows"])
        if isinstance(result, ox.QueryBoolean | bool):
            fmt = request.get("solutions_format")
            if not fmt:
                raise _Refused(406, "ASK results are offered as JSON, XML, CSV, TSV")
            return _header(SOLUTION_MEDIA_TYPES[fmt], False), _boolean(bool(result), fmt)
        if isinstance(result, ox.QuerySolutions):
            fmt = request.get("solutions_format")
            if not fmt:
                raise _Refused(406, "SELECT results are offered as JSON, XML, CSV, TSV")
            variables = [variable.value for variable in result.variables]
            solutions, capped = _take(result, max_rows)
            rows = [[solution[name] for name in variables] for solution in solutions]
            body = _solutions(variables, rows, fmt, capped)
            return _header(SOLUTION_MEDIA_TYPES[fmt], capped), body
        fmt = request.get("graph_format")
        if not fmt:
            raise _Refused(406, "graph results are offered as Turtle, N-Triples, JSON-LD")
        triples, capped = _take(result, max_rows)
        body = _graph(triples, fmt, capped, request.get("prefixes") or {})
        return _header(GRAPH_MEDIA_TYPES[fmt], capped), body
    except _Refused as refused:
        return {"status": refused.status, "message": refused.message}, b""
    except SyntaxError as exc:
        return {"status": 400, "message": str(exc)}, b""
    except (OSError, ValueError, RuntimeError) as exc:
        return {"status": 500, "message": f"the query failed: {exc}"}, b""


def _header(media_type: str, capped: bool) -> dict[str, Any]:
    return {"status": 200, "media_type": media_type, "capped": capped}


# -- the process ---------------------------------------------------------------------


def isolate_network() -> bool:
    """Move this process into a network namespace of its own (no interfaces up).

    Unprivileged users need a user namespace for that; ids are mapped to
    themselves, so files keep their owners. Returns whether it worked.
    """
    libc = ctypes.CDLL(None, use_errno=True)
    if os.geteuid() == 0:
        return bool(libc.unshare(_CLONE_NEWNET) == 0)
    uid, gid = os.geteuid(), os.getegid()
    if libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET) != 0:
        return False
    try:
        with open("/proc/self/setgroups", "w") as setgroups:
            setgroups.write("deny")
        with open("/proc/self/uid_map", "w") as uid_map:
            uid_map.write(f"{uid} {uid} 1")
        with open("/proc/self/gid_map", "w") as gid_map:
            gid_map.write(f"{gid} {gid} 1")
    except OSError:
        return False
    return True


def _die_with_parent(parent: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def _serve(store_path: str, parent: int, isolate: bool, memory_mb: int | None) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us; Ctrl-C reaches it
    if memory_mb is not None:  # past it, allocations fail and the worker dies: 502, replaced
        import resource

        limit = memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    isolated = isolate_network() if isolate else False
    _die_with_parent(parent)  # after unshare: a credential change would clear it
    # Frames go to a private copy of stdout; anything printed by a library goes to stderr.
    output = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    import pyoxigraph as ox

    # rdflib is imported by the first query that mentions SERVICE: a replacement worker
    # (after a kill at the deadline) is ready sooner without it.
    store = ox.Store.read_only(store_path)
    ready = {"status": 0, "isolated": isolated, "pid": os.getpid()}
    write_frame(output, json.dumps(ready).encode())
    output.flush()
    for frame in _frames(requests):
        header, body = answer(store, json.loads(frame))
        write_frame(output, json.dumps(header).encode())
        write_frame(output, body)
        output.flush()


def _frames(stream: IO[bytes]) -> Iterator[bytes]:
    while (frame := read_frame(stream)) is not None:
        yield frame


if __name__ == "__main__":
    options = sys.argv[3:]
    memory = next((o.removeprefix("--max-memory-mb=") for o in options if "memory" in o), None)
    _serve(
        sys.argv[1],
        int(sys.argv[2]),
        isolate="--no-isolation" not in options,
        memory_mb=int(memory) if memory else None,
    )
