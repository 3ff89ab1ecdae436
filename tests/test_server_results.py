"""The boundaries the results page draws maps with: ``/geo/NAME.json`` of `policygraph serve`.

Read-only, same-origin, only the bundled files, cacheable (ETag, 304 on revalidation).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest
import requests

import policygraph as pg
from policygraph.geometry import bundled_geometries, load_geometry
from policygraph.server import Limits, SparqlServer

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def server() -> Iterator[SparqlServer]:
    with SparqlServer(pg.load(store="oxigraph"), limits=Limits(timeout=10)) as running:
        yield running


def raw_get(server: SparqlServer, target: str) -> int:
    """The status of a GET sent byte for byte (no client normalises ``..`` away)."""
    host = server.url.split("//", 1)[1].rstrip("/")
    address, port = host.rsplit(":", 1)
    with socket.create_connection((address, int(port)), timeout=10) as connection:
        connection.sendall(
            f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode()
        )
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return int(answer.split(b" ", 2)[1])


def test_the_bundled_boundaries_are_served_keyed_by_place_iri(server: SparqlServer) -> None:
    assert bundled_geometries() == ["zhejiang"]
    answer = requests.get(server.url + "geo/zhejiang.json")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/geo+json"
    document = answer.json()
    geo = load_geometry()
    assert document["type"] == "FeatureCollection"
    assert document["dataset"] == geo.dataset
    served = {f["properties"]["iri"]: f["properties"]["adcode"] for f in document["features"]}
    assert served == {iri: place["adcode"] for iri, place in geo.places.items()}
    assert served[str(pg.PGID["hangzhou"])] == "330100"
    assert [f["geometry"] for f in document["features"]] == [
        json.loads(json.dumps(f["geometry"])) for f in geo.features
    ]


def test_the_boundaries_are_cacheable(server: SparqlServer) -> None:
    first = requests.get(server.url + "geo/zhejiang.json")
    assert "max-age=" in first.headers["Cache-Control"]
    tag = first.headers["ETag"]
    again = requests.get(server.url + "geo/zhejiang.json", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == tag
    stale = requests.get(server.url + "geo/zhejiang.json", headers={"If-None-Match": '"x"'})
    assert stale.status_code == 200 and stale.content == first.content


@pytest.mark.parametrize(
    "target",
    [
        "/geo/shanghai.json",
        "/geo/../kg/geo/zhejiang.json",
        "/geo/%2e%2e/release/policygraph.ttl",
        "/geo/..%2fgeo%2fzhejiang.json",
        "/geo/../../pyproject.toml",
        "/geo/",
        "/geo/zhejiang.json/",
        "/geo/%00zhejiang.json",
    ],
)
def test_nothing_but_a_bundled_file_answers(server: SparqlServer, target: str) -> None:
    assert raw_get(server, target) in {400, 404}


def test_the_boundaries_are_read_only_and_same_origin(server: SparqlServer) -> None:
    url = server.url + "geo/zhejiang.json"
    assert requests.post(url, data=b"{}").status_code == 405
    assert requests.put(url, data=b"{}").status_code == 403
    assert requests.delete(url).status_code == 403
    elsewhere = requests.get(url, headers={"Origin": "http://evil.example"})
    assert elsewhere.status_code == 403
