"""A reconciliation service for OpenRefine and other clients, following the W3C
Entity Reconciliation Community Group's Reconciliation Service API (version 0.2,
https://reconciliation-api.github.io/specs/0.2/): the service manifest, batch
queries with type filters and property constraints, preview and suggest.

Candidates come from the one resolver (`policygraph.resolve.Resolver`: zh, en,
pinyin, aliases and whatever folding it does); when it finds nothing, from the
fuzzy search (`KnowledgeGraph.search`). ``match`` is true only for a name the
resolver finds exactly one entity for, with every property constraint satisfied.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from rdflib import Literal, URIRef

from .._namespaces import OWL, PG, PGID, PREFIXES, RDF, RDFS
from ._dereference import ontology_graph
from ._http import Reply, html_page, json_reply, path_link, text_reply

if TYPE_CHECKING:
    from ..graph import KnowledgeGraph
    from ..resolve import Match, Resolver

__all__ = ["manifest", "reconcile", "reconcile_batch"]

_EXACT_SCORES = {"id": 100.0, "label": 100.0, "alias": 100.0, "pinyin": 95.0}
_NORMAL_SCORE = 98.0
_FUZZY_CEILING = 89.0  # a fuzzy hit never scores like a name match
_MISSED_PROPERTY = 0.6
_DEFAULT_LIMIT = 5
_MAX_LIMIT = 50
_MAX_QUERIES = 500


def manifest(kg: KnowledgeGraph, base: str) -> dict[str, Any]:
    """The service manifest: names, spaces, default types and the sub-services."""
    service = f"{base}/reconcile"
    return {
        "versions": ["0.1", "0.2"],
        "name": "policygraph: Chinese public policy (zh, en, pinyin, aliases)",
        "identifierSpace": str(PGID),
        "schemaSpace": str(PG),
        "defaultTypes": [_type(kind) for kind in _entity_types(kg)],
        "view": {"url": f"{base}/id/{{{{id}}}}"},
        "preview": {"url": f"{service}/preview?id={{{{id}}}}", "width": 420, "height": 260},
        "suggest": {
            "entity": {"service_url": base, "service_path": "/reconcile/suggest/entity"},
            "type": {"service_url": base, "service_path": "/reconcile/suggest/type"},
            "property": {"service_url": base, "service_path": "/reconcile/suggest/property"},
        },
        "batchSize": _MAX_QUERIES,
    }


# -- the ontology's classes and their labels -----------------------------------------------


def _label(term: URIRef, language: str = "en") -> str:
    for label in ontology_graph().objects(term, RDFS.label):
        if isinstance(label, Literal) and label.language == language:
            return str(label)
    return str(term).removeprefix(str(PG))


def _type(kind: str) -> dict[str, str]:
    return {"id": kind, "name": f"{_label(PG[kind])} / {_label(PG[kind], 'zh')}"}


def _ancestors(kind: str) -> set[str]:
    """The class and every pg: class above it."""
    ontology = ontology_graph()
    found, frontier = {kind}, [PG[kind]]
    while frontier:
        for parent in ontology.objects(frontier.pop(), RDFS.subClassOf):
            name = str(parent).removeprefix(str(PG))
            if isinstance(parent, URIRef) and str(parent).startswith(str(PG)) and name not in found:
                found.add(name)
                frontier.append(parent)
    return found


def _entity_types(kg: KnowledgeGraph) -> list[str]:
    """The classes entities are typed with, most used first."""
    counts: dict[str, int] = {}
    for name in _resolver(kg).names:
        if name.property == "label" and name.name == (name.label_zh or name.label_en):
            for kind in name.kinds:
                counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts, key=lambda kind: (-counts[kind], kind))


def _type_id(value: str) -> str:
    """A type as a local name, from ``Policy``, ``pg:Policy`` or the class IRI."""
    return value.removeprefix(str(PG)).removeprefix("pg:")


def _resolver(kg: KnowledgeGraph) -> Resolver:
    from ..resolve import Resolver

    return Resolver.from_graph(kg)


# -- queries ---------------------------------------------------------------------------------


@dataclass
class _Candidate:
    iri: str
    name: str
    description: str
    kinds: tuple[str, ...]
    score: float
    match: bool
    via: str


def _property_iri(pid: str) -> URIRef:
    if pid.startswith(("http://", "https://")):
        return URIRef(pid)
    prefix, colon, local = pid.partition(":")
    if colon and prefix in PREFIXES:
        return PREFIXES[prefix][local]
    return PG[pid]


def _values(value: object) -> list[object]:
    return list(value) if isinstance(value, list) else [value]


def _satisfies(kg: KnowledgeGraph, iri: str, pid: str, value: object) -> bool:
    """Whether the candidate has the property with the value (an id, a name or a literal)."""
    subject, prop = URIRef(iri), _property_iri(pid)
    objects = list(kg.graph.objects(subject, prop))
    for wanted in _values(value):
        if isinstance(wanted, Mapping):
            ident = str(wanted.get("id", ""))
            target = URIRef(ident if ident.startswith("http") else str(PGID[ident]))
            if target in objects:
                return True
            continue
        text = str(wanted).strip()
        if any(isinstance(o, Literal) and str(o) == text for o in objects):
            return True
        named = {match.iri for match in _resolver(kg).lookup(text)}
        if any(str(o) in named for o in objects if isinstance(o, URIRef)):
            return True
        if any(str(o) == text or str(o) == str(PGID[text]) for o in objects):
            return True
    return False


def _from_match(match: Match, score: float, unique: bool) -> _Candidate:
    return _Candidate(
        iri=match.iri,
        name=match.label_zh or match.label_en or match.slug,
        description=match.label_en,
        kinds=match.kinds,
        score=score,
        match=unique,
        via=match.via,
    )


def _candidates(kg: KnowledgeGraph, text: str, types: list[str], limit: int) -> list[_Candidate]:
    """Name matches from the resolver first, then fuzzy hits to fill up to the limit."""
    wanted = {_type_id(kind) for kind in types}

    def allowed(kinds: Iterable[str]) -> bool:
        return not wanted or any(wanted & _ancestors(kind) for kind in kinds)

    matches = [m for m in _resolver(kg).lookup(text) if allowed(m.kinds)]
    found: dict[str, _Candidate] = {}
    for match in matches:
        score = _EXACT_SCORES.get(match.via, _NORMAL_SCORE)
        found[match.iri] = _from_match(match, score, unique=len(matches) == 1)
    if len(found) < limit:
        hits = kg.search(text, limit=limit * 4 + len(found))
        for row in hits.to_dict("records"):
            kinds = tuple(str(row["kind"]).split("/")) if row["kind"] else ()
            if str(row["iri"]) in found or not allowed(kinds):
                continue
            found[str(row["iri"])] = _Candidate(
                iri=str(row["iri"]),
                name=str(row["label_zh"] or row["label_en"] or row["slug"]),
                description=str(row["label_en"] or ""),
                kinds=kinds,
                score=round(min(_FUZZY_CEILING, 100.0 * float(row["score"])), 1),
                match=False,
                via=f"similar {row['field']}",
            )
            if len(found) >= limit:
                break
    return list(found.values())


def _one_query(kg: KnowledgeGraph, query: Mapping[str, Any]) -> dict[str, Any]:
    text = str(query.get("query", "")).strip()
    raw_type = query.get("type")
    types = [str(t) for t in _values(raw_type) if t] if raw_type else []
    try:
        limit = max(1, min(_MAX_LIMIT, int(query.get("limit") or _DEFAULT_LIMIT)))
    except (TypeError, ValueError):
        limit = _DEFAULT_LIMIT
    properties = [p for p in query.get("properties") or [] if isinstance(p, Mapping)]
    if not text and not properties:
        return {"result": []}
    candidates = _candidates(kg, text, types, limit) if text else []
    for candidate in candidates:
        for constraint in properties:
            pid = str(constraint.get("pid") or constraint.get("p") or "")
            if pid and not _satisfies(kg, candidate.iri, pid, constraint.get("v")):
                candidate.score = round(candidate.score * _MISSED_PROPERTY, 1)
                candidate.match = False
    candidates.sort(key=lambda c: (-c.score, c.iri))
    return {"result": [_result(c) for c in candidates[:limit]]}


def _result(candidate: _Candidate) -> dict[str, Any]:
    return {
        "id": candidate.iri.removeprefix(str(PGID)),
        "name": candidate.name,
        "description": candidate.description,
        "type": [_type(kind) for kind in candidate.kinds],
        "score": candidate.score,
        "match": candidate.match,
        "features": [{"id": "name_matched_by", "value": candidate.via}],
    }


def reconcile_batch(kg: KnowledgeGraph, queries: Mapping[str, Any]) -> dict[str, Any]:
    """Answer a batch ``{"q0": {"query": …}, …}`` with ``{"q0": {"result": […]}, …}``."""
    return {
        key: _one_query(kg, query) if isinstance(query, Mapping) else {"result": []}
        for key, query in queries.items()
    }


# -- suggest and preview ---------------------------------------------------------------------


def _cursor(params: Mapping[str, str]) -> int:
    try:
        return max(0, int(params.get("cursor", "0") or 0))
    except ValueError:
        return 0


def _suggest_entities(kg: KnowledgeGraph, params: Mapping[str, str]) -> dict[str, Any]:
    prefix = params.get("prefix", "").strip()
    start = _cursor(params)
    if not prefix:
        return {"result": []}
    kind = _type_id(params["type"]) if params.get("type") else None
    hits = kg.search(prefix, limit=start + _DEFAULT_LIMIT * 2)
    rows = [
        row
        for row in hits.to_dict("records")
        if kind is None or any(kind in _ancestors(k) for k in str(row["kind"]).split("/"))
    ]
    return {
        "result": [
            {
                "id": str(row["slug"]),
                "name": str(row["label_zh"] or row["label_en"]),
                "description": f"{row['label_en']} ({row['kind']})",
                "notable": [_type(k) for k in str(row["kind"]).split("/") if k],
            }
            for row in rows[start : start + _DEFAULT_LIMIT * 2]
        ]
    }


def _suggest_terms(kinds: tuple[URIRef, ...], params: Mapping[str, str]) -> dict[str, Any]:
    prefix = params.get("prefix", "").strip().casefold()
    ontology = ontology_graph()
    terms = sorted(
        {
            term
            for kind in kinds
            for term in ontology.subjects(RDF.type, kind)
            if isinstance(term, URIRef) and str(term).startswith(str(PG))
        }
    )
    found = []
    for term in terms:
        local = str(term).removeprefix(str(PG))
        names = [local, _label(term), _label(term, "zh")]
        if any(prefix in name.casefold() for name in names):
            found.append({"id": local, "name": f"{_label(term)} / {_label(term, 'zh')}"})
    start = _cursor(params)
    return {"result": found[start : start + 20]}


def _preview(kg: KnowledgeGraph, params: Mapping[str, str]) -> Reply:
    slug = params.get("id", "").strip().removeprefix(str(PGID))
    iri = PGID[slug]
    if not slug or (iri, None, None) not in kg.graph:
        return text_reply(404, f"nothing has the id {slug!r}\n")
    card = kg.entity(iri)
    quote = card.evidence[0].text if card.evidence else ""
    body = (
        '<div style="font-size:.9em">'
        f"<b>{path_link(f'/id/{slug}', card.label_zh or card.label)}</b>"
        f" {html.escape(card.label_en)}<br><small>{html.escape('/'.join(card.kinds))}"
        f" · <code>{html.escape(slug)}</code></small>"
        + (f"<p><q>{html.escape(quote)}</q></p>" if quote else "")
        + "</div>"
    )
    return html_page(card.label, body)


# -- dispatch --------------------------------------------------------------------------------


def _params(
    query: Mapping[str, list[str]], headers: Mapping[str, str], body: bytes
) -> dict[str, str]:
    """Query-string and form parameters, the last value of each (form wins)."""
    params = {key: values[-1] for key, values in query.items() if values}
    content_type = headers.get("content-type", "")
    if body and (not content_type or "application/x-www-form-urlencoded" in content_type):
        form = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True)
        params.update({key: values[-1] for key, values in form.items() if values})
    return params


def reconcile(
    kg: KnowledgeGraph,
    method: str,
    path: str,
    query: Mapping[str, list[str]],
    headers: Mapping[str, str],
    body: bytes,
    *,
    base: str,
) -> Reply:
    """Answer a request under ``/reconcile``."""
    if method == "OPTIONS":
        return Reply(
            204,
            (
                ("Access-Control-Allow-Origin", "*"),
                ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Content-Type"),
            ),
            b"",
        )
    if method not in ("GET", "HEAD", "POST"):
        return text_reply(405, "use GET or POST\n", {"Allow": "GET, HEAD, POST, OPTIONS"})
    params = _params(query, headers, body)
    callback = params.get("callback") or None
    route = path.removeprefix("/reconcile").strip("/")
    if route == "":
        if "extend" in params:
            return json_reply(
                {"error": "data extension is not offered by this service"},
                status=400,
                callback=callback,
            )
        if "queries" not in params:
            return json_reply(manifest(kg, base), callback=callback)
        try:
            batch = json.loads(params["queries"])
        except json.JSONDecodeError as exc:
            return json_reply(
                {"error": f"queries is not JSON: {exc}"}, status=400, callback=callback
            )
        if not isinstance(batch, dict) or len(batch) > _MAX_QUERIES:
            return json_reply(
                {"error": f"queries must be an object of at most {_MAX_QUERIES} queries"},
                status=400,
                callback=callback,
            )
        return json_reply(reconcile_batch(kg, batch), callback=callback)
    if route == "preview":
        return _preview(kg, params)
    if route == "suggest/entity":
        return json_reply(_suggest_entities(kg, params), callback=callback)
    if route == "suggest/type":
        return json_reply(_suggest_terms((OWL.Class,), params), callback=callback)
    if route == "suggest/property":
        kinds = (OWL.ObjectProperty, OWL.DatatypeProperty)
        return json_reply(_suggest_terms(kinds, params), callback=callback)
    return text_reply(404, f"no such reconciliation endpoint: {path}\n")
