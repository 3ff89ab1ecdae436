"""SPARQL 1.1 Protocol details: which operation a request holds, and content negotiation."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "GRAPH_FORMATS",
    "QUERY_FORMS",
    "RESULT_FORMATS",
    "UPDATE_OPERATIONS",
    "OutputFormat",
    "choose_format",
    "operation_keyword",
]

QUERY_FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE"})
UPDATE_OPERATIONS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)

# The prologue (BASE and PREFIX declarations), whitespace and comments before the first keyword.
_PROLOGUE = re.compile(
    r"""(?:
        \s+
      | \#[^\n]*
      | BASE\s*<[^>]*>
      | PREFIX\s+[^\s:]*:\s*<[^>]*>
    )*""",
    re.IGNORECASE | re.VERBOSE,
)
_KEYWORD = re.compile(r"[A-Za-z]+")


def operation_keyword(text: str) -> str | None:
    """The first keyword after the prologue, upper-cased: ``SELECT``, ``INSERT`` …

    It tells a query from an update without parsing the whole request; the
    engine's own parser still judges whether the text is valid.

    Examples
    --------
    >>> operation_keyword("PREFIX pg: <https://w3id.org/policygraph/ontology/>\\n# hi\\nask {}")
    'ASK'
    >>> operation_keyword("BASE <http://x/> DELETE WHERE { ?s ?p ?o }")
    'DELETE'
    >>> operation_keyword("{ nonsense") is None
    True
    """
    match = _KEYWORD.match(text, _PROLOGUE.match(text).end())  # type: ignore[union-attr]
    return match.group(0).upper() if match else None


@dataclass(frozen=True)
class OutputFormat:
    """A format the endpoint can answer in: a short name and its media type."""

    name: str
    media_type: str


# In order of preference when a client accepts several equally.
RESULT_FORMATS = (
    OutputFormat("json", "application/sparql-results+json"),
    OutputFormat("xml", "application/sparql-results+xml"),
    OutputFormat("csv", "text/csv; charset=utf-8"),
    OutputFormat("tsv", "text/tab-separated-values; charset=utf-8"),
)
GRAPH_FORMATS = (
    OutputFormat("turtle", "text/turtle; charset=utf-8"),
    OutputFormat("nt", "application/n-triples"),
    OutputFormat("jsonld", "application/ld+json"),
    OutputFormat("rdfxml", "application/rdf+xml"),
)

# Media types (and `format=` names) clients use for each format.
_ALIASES = {
    "json": (
        "application/sparql-results+json",
        "application/json",
        "text/javascript",
        "application/javascript",
        "json",
    ),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml", "xml"),
    "csv": ("text/csv", "csv"),
    "tsv": ("text/tab-separated-values", "tsv"),
    # Turtle is a subset of N3, so N3 clients can read it.
    "turtle": (
        "text/turtle",
        "application/turtle",
        "application/x-turtle",
        "turtle",
        "ttl",
        "text/n3",
        "text/rdf+n3",
        "application/n3",
        "n3",
    ),
    "nt": ("application/n-triples", "nt", "ntriples", "n-triples"),
    "jsonld": ("application/ld+json", "application/x-json+ld", "json-ld", "jsonld"),
    "rdfxml": ("application/rdf+xml", "rdf+xml", "rdfxml", "rdf"),
}
# A `format=json` or `format=xml` parameter on a graph query means JSON-LD or RDF/XML.
_GRAPH_PARAMETER_NAMES = {"json": "jsonld", "xml": "rdfxml"}


def _accepted(accept: str) -> list[tuple[str, float]]:
    ranges = []
    for part in accept.split(","):
        fields = [field.strip() for field in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        quality = 1.0
        for field in fields[1:]:
            key, _, value = field.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
                if not 0.0 <= quality <= 1.0:  # nan, inf, negative: not a quality (RFC 9110)
                    quality = 0.0
        ranges.append((media, quality))
    return ranges


def _quality(candidate: OutputFormat, ranges: list[tuple[str, float]]) -> float:
    names = _ALIASES[candidate.name]
    main = candidate.media_type.split(";")[0]
    best, specificity = 0.0, -1
    for media, quality in ranges:
        if media in names:
            level = 2
        elif media == main.split("/")[0] + "/*":
            level = 1
        elif media == "*/*":
            level = 0
        else:
            continue
        if level > specificity:
            best, specificity = quality, level
    return best


def choose_format(
    form: str, accept: str | None, parameters: list[str] | None = None
) -> OutputFormat | None:
    """The format to answer a query of ``form`` in, or ``None`` if nothing acceptable.

    A ``format=``/``output=`` parameter naming a known format wins over the
    ``Accept`` header (as in Fuseki and Virtuoso); otherwise the acceptable
    format with the highest quality is chosen, ties broken by our preference.

    Examples
    --------
    >>> choose_format("SELECT", "text/csv").name
    'csv'
    >>> choose_format("CONSTRUCT", None).name
    'turtle'
    >>> choose_format("CONSTRUCT", "application/ld+json, text/turtle;q=0.5").name
    'jsonld'
    >>> choose_format("DESCRIBE", "*/*", ["json"]).name
    'jsonld'
    >>> choose_format("ASK", "text/html") is None
    True
    >>> choose_format("ASK", "*/*;q=nan") is None
    True
    """
    candidates = RESULT_FORMATS if form in {"SELECT", "ASK"} else GRAPH_FORMATS
    for value in parameters or []:
        wanted = value.strip().lower()
        if candidates is GRAPH_FORMATS:
            wanted = _GRAPH_PARAMETER_NAMES.get(wanted, wanted)
        for candidate in candidates:
            if wanted == candidate.name or wanted in _ALIASES[candidate.name]:
                return candidate
    if not accept or not accept.strip():
        return candidates[0]
    ranges = _accepted(accept)
    scored = [(_quality(candidate, ranges), candidate) for candidate in candidates]
    best = max(score for score, _ in scored)
    if best <= 0:
        return None
    return next(candidate for score, candidate in scored if score == best)
