"""The reconciliation service (``/reconcile``), driven with requests shaped as
OpenRefine sends them, every response checked against the JSON schemas written from
the Reconciliation Service API 0.2 (tests/schemas/reconciliation/)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jsonschema
import pytest

import policygraph as pg
from policygraph.linked import Reply, handle
from policygraph.resolve import Resolver

BASE = "http://127.0.0.1:8321"
SCHEMAS = Path(__file__).parent / "schemas" / "reconciliation"
# what OpenRefine 3.x sends with every request to a reconciliation service
OPENREFINE = {"user-agent": "OpenRefine/3.8.7 [TRUNK]", "accept-encoding": "gzip"}


def _schema(name: str) -> dict[str, Any]:
    return json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))


def _valid(value: object, name: str) -> None:
    jsonschema.validate(value, _schema(name), format_checker=jsonschema.FormatChecker())


def _get(kg: pg.KnowledgeGraph, url: str, headers: dict[str, str] | None = None) -> Reply:
    parts = urlsplit(url)
    reply = handle(
        kg,
        "GET",
        parts.path,
        parse_qs(parts.query),
        {**OPENREFINE, **(headers or {})},
        b"",
        base=BASE,
    )
    assert reply is not None
    return reply


def _batch(kg: pg.KnowledgeGraph, queries: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """POST ``queries=`` form-encoded, as OpenRefine's reconciliation does."""
    body = urlencode({"queries": json.dumps(queries, ensure_ascii=False)}).encode("utf-8")
    headers = {
        **OPENREFINE,
        "content-type": "application/x-www-form-urlencoded; charset=UTF-8",
        "content-length": str(len(body)),
    }
    reply = handle(kg, "POST", "/reconcile", {}, headers, body, base=BASE)
    assert reply is not None and reply.status == 200, reply
    assert (
        reply.header(
            "Content-Type",
        )
        == "application/json; charset=utf-8"
    )
    result = json.loads(reply.body)
    _valid(result, "reconciliation-result-batch")
    assert set(result) == set(queries)
    return result


@pytest.fixture(scope="module")
def kg() -> pg.KnowledgeGraph:
    return pg.load()


def test_the_manifest_follows_the_schema(kg: pg.KnowledgeGraph) -> None:
    reply = _get(kg, "/reconcile", {"accept": "application/json"})
    assert reply.status == 200 and reply.header("Access-Control-Allow-Origin") == "*"
    manifest = json.loads(reply.body)
    _valid(manifest, "manifest")
    assert manifest["identifierSpace"] == "https://w3id.org/policygraph/id/"
    assert manifest["view"]["url"] == f"{BASE}/id/{{{{id}}}}"
    assert {"PrefectureCity", "Policy", "Firm"} <= {t["id"] for t in manifest["defaultTypes"]}
    suggest = manifest["suggest"]["entity"]
    assert _get(kg, suggest["service_url"] + suggest["service_path"] + "?prefix=x").status == 200


def test_the_manifest_as_jsonp(kg: pg.KnowledgeGraph) -> None:
    """OpenRefine's "Add standard service" dialog fetches the manifest with jQuery JSONP."""
    reply = _get(kg, "/reconcile?callback=jQuery3510123_1732960000000&_=1732960000001")
    assert reply.header("Content-Type") == "application/javascript; charset=utf-8"
    found = re.fullmatch(rb"/\*\*/jQuery3510123_1732960000000\((.*)\);", reply.body, re.S)
    assert found is not None
    _valid(json.loads(found.group(1)), "manifest")
    assert _get(kg, "/reconcile?callback=alert(1)//").status == 400


EXPECTED = {
    # query id: (query, type filter, expected top candidate, match)
    "zh": ("一号工程", None, "number-one-project", True),
    "en": ("Hangzhou", "PrefectureCity", "hangzhou", True),
    "alias": ("阿里巴巴", None, "alibaba", True),
    "pinyin": ("cheng shi da nao", None, "city-brain", True),
    "typo": ("Hangzou", None, "hangzhou", False),
    "supertype": ("Hangzhou", "Place", "hangzhou", True),
}


def test_a_batch_in_every_kind_of_name(kg: pg.KnowledgeGraph) -> None:
    queries = {
        key: {"query": text, "limit": 3, "type_strict": "should"} | ({"type": kind} if kind else {})
        for key, (text, kind, _, _) in EXPECTED.items()
    }
    results = _batch(kg, queries)
    for key, (text, _, slug, match) in EXPECTED.items():
        top = results[key]["result"][0]
        assert (top["id"], top["match"]) == (slug, match), (key, text, results[key])
        assert 0 < len(results[key]["result"]) <= 3
        others = results[key]["result"][1:]
        assert all(not other["match"] and other["score"] <= top["score"] for other in others)
    assert results["zh"]["result"][0]["score"] == 100
    assert results["typo"]["result"][0]["score"] < 90  # a similar name is never scored as one


def test_a_traditional_script_name(kg: pg.KnowledgeGraph) -> None:
    """城市大腦 is 城市大脑 in traditional script; it is a match exactly when the one
    resolver folds the script (it ranks first either way)."""
    results = _batch(kg, {"q0": {"query": "城市大腦", "type_strict": "should"}})
    top = results["q0"]["result"][0]
    assert top["id"] == "city-brain"
    assert top["match"] is bool(Resolver.from_graph(kg).lookup("城市大腦"))


def test_a_type_filter_excludes_other_classes(kg: pg.KnowledgeGraph) -> None:
    results = _batch(
        kg,
        {
            "city_as_firm": {"query": "杭州", "type": "Firm", "type_strict": "should"},
            "city": {"query": "杭州", "type": "PrefectureCity", "type_strict": "should"},
            "firm": {"query": "阿里", "type": "Firm", "type_strict": "should"},
        },
    )
    assert results["city_as_firm"]["result"] == []
    assert results["city"]["result"][0]["id"] == "hangzhou"
    firms = results["firm"]["result"]
    assert firms[0]["id"] == "alibaba" and not firms[0]["match"]  # a prefix is not a name
    assert all("Firm" in {t["id"] for t in candidate["type"]} for candidate in firms)


def test_property_constraints_confirm_or_demote(kg: pg.KnowledgeGraph) -> None:
    results = _batch(
        kg,
        {
            "right": {"query": "杭州", "properties": [{"pid": "locatedIn", "v": "浙江省"}]},
            "by_id": {
                "query": "杭州",
                "properties": [{"pid": "pg:locatedIn", "v": {"id": "zhejiang"}}],
            },
            "wrong": {"query": "杭州", "properties": [{"pid": "locatedIn", "v": "湖州市"}]},
        },
    )
    for key in ("right", "by_id"):
        top = results[key]["result"][0]
        assert (top["id"], top["match"], top["score"]) == ("hangzhou", True, 100)
    demoted = next(c for c in results["wrong"]["result"] if c["id"] == "hangzhou")
    assert not demoted["match"] and demoted["score"] < 100


def test_a_get_batch_and_bad_batches(kg: pg.KnowledgeGraph) -> None:
    queries = json.dumps({"q0": {"query": "Hangzhou"}})
    reply = _get(kg, "/reconcile?" + urlencode({"queries": queries}))
    result = json.loads(reply.body)
    _valid(result, "reconciliation-result-batch")
    assert result["q0"]["result"][0]["id"] == "hangzhou"
    assert _get(kg, "/reconcile?queries=%7Bnot-json").status == 400
    assert _get(kg, "/reconcile?queries=%5B1%5D").status == 400


def test_suggest_entity_type_and_property(kg: pg.KnowledgeGraph) -> None:
    entity = json.loads(_get(kg, "/reconcile/suggest/entity?prefix=城市大&cursor=0").body)
    _valid(entity, "suggest-response")
    assert entity["result"][0]["id"] == "city-brain"
    typed = json.loads(_get(kg, "/reconcile/suggest/entity?prefix=Hang&type=Place").body)
    assert typed["result"][0]["id"] == "hangzhou"
    kinds = json.loads(_get(kg, "/reconcile/suggest/type?prefix=city").body)
    _valid(kinds, "suggest-response")
    assert "PrefectureCity" in {t["id"] for t in kinds["result"]}
    props = json.loads(_get(kg, "/reconcile/suggest/property?prefix=located").body)
    _valid(props, "suggest-response")
    assert "locatedIn" in {p["id"] for p in props["result"]}


def test_preview_is_a_small_escaped_card(kg: pg.KnowledgeGraph) -> None:
    reply = _get(kg, "/reconcile/preview?id=hangzhou")
    page = reply.body.decode("utf-8")
    assert reply.status == 200 and "杭州市" in page and 'href="/id/hangzhou"' in page
    assert not re.search(r'(?:src|href)="(?:https?:)?//', page)
    assert _get(kg, "/reconcile/preview?id=no-such-thing").status == 404


def test_cors_preflight_and_other_paths(kg: pg.KnowledgeGraph) -> None:
    reply = handle(kg, "OPTIONS", "/reconcile", {}, {"origin": "http://x"}, b"", base=BASE)
    assert reply is not None and reply.status == 204
    assert reply.header("Access-Control-Allow-Methods") == "GET, POST, OPTIONS"
    assert handle(kg, "GET", "/sparql", {}, {}, b"", base=BASE) is None
    assert handle(kg, "GET", "/reconciled", {}, {}, b"", base=BASE) is None
