"""Synthetic corpora with the shape of the real graph, for benchmarks and scale tests.

`write_synthetic` streams N-Triples of any size with the vocabulary and the evidence
model that `policygraph.build` emits: a gazetteer of provinces, prefecture cities and
counties; policy documents with sections, each fact citing a quote with code-point
offsets; strategies, policies, programmes and goals linked in lineage chains up to
`MAX_DEPTH` deep; programmes launched, deepened or hosted by places; firms leading
industries; observations with years, units, roles and qualifiers; a ``@zh`` and an
``@en`` label on every entity. Every relation is reified as a ``pg:Assertion`` with
its year and evidence, and the output conforms to ``ontology/shapes.ttl``.

The text of each synthetic source is the quotes it cites, each followed by "。", so
``text[start:end] == oa:exact`` holds as for a real source. The same seed and size
always give the same bytes.

Examples
--------
>>> from policygraph.synth import synthetic_graph
>>> graph, stats = synthetic_graph(2000, seed=1)
>>> len(graph) == stats.triples >= 2000
True
>>> stats.documents >= 1 and stats.policies > 0 and stats.observations > 0
True
"""

from __future__ import annotations

import hashlib
import os
import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.term import Node

from . import _standards
from ._files import atomic_writer
from .errors import InputError

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = ["MAX_DEPTH", "SynthStats", "synthesize", "synthetic_graph", "write_synthetic"]

MAX_DEPTH = 20
"""Longest lineage path (in edges) the generator creates."""

_FIRST_YEAR, _LAST_YEAR = 2003, 2025
_CONTEXT = 16  # characters of prefix and suffix, as in policygraph.build
_DOC_TRIPLES = 1100  # rough size of one synthetic document, to spread years evenly

# -- terms ------------------------------------------------------------------------------

_ID = "https://w3id.org/policygraph/id/"
_PG = "https://w3id.org/policygraph/ontology/"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OA = "http://www.w3.org/ns/oa#"
_PROV = "http://www.w3.org/ns/prov#"
_DCT = "http://purl.org/dc/terms/"
_QB = "http://purl.org/linked-data/cube#"
_SDMX_DIM = "http://purl.org/linked-data/sdmx/2009/dimension#"
_SDMX_MEASURE = "http://purl.org/linked-data/sdmx/2009/measure#"

A = f"<{_RDF}type>"
LABEL = f"<{_RDFS}label>"
_SUBJECT, _PREDICATE, _OBJECT = (f"<{_RDF}{n}>" for n in ("subject", "predicate", "object"))


def _pg(name: str) -> str:
    return f"<{_PG}{name}>"


def _iri(slug: str) -> str:
    return f"<{_ID}{slug}>"


def _text(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"'


def _lang(value: str, language: str) -> str:
    return f"{_text(value)}@{language}"


def _int(value: int) -> str:
    return f'"{value}"^^<{_XSD}integer>'


def _decimal(value: str) -> str:
    return f'"{value}"^^<{_XSD}decimal>'


EVENTS = {
    "proposed": "Proposal",
    "launched": "Launch",
    "created": "Creation",
    "designated": "Designation",
    "deepened": "Deepening",
}
_VERBS = {  # how a quote states each relation
    "proposed": "提出",
    "launched": "启动",
    "created": "制定",
    "designated": "确定",
    "deepened": "深化",
    "buildsOn": "在此基础上推出",
    "elevates": "提升为",
    "isPartOf": "纳入",
    "implements": "落实",
    "succeeds": "接续推进",
    "setsUp": "部署",
    "appliesTo": "覆盖",
    "about": "聚焦",
    "develops": "发展",
    "hosts": "建设",
    "leads": "引领",
    "serves": "服务",
    "locatedIn": "位于",
}

# -- vocabulary of names: (zh, en, pinyin) -----------------------------------------------

_SYLLABLES = [
    ("安", "an"), ("宁", "ning"), ("平", "ping"), ("海", "hai"), ("江", "jiang"),
    ("山", "shan"), ("阳", "yang"), ("德", "de"), ("清", "qing"), ("兴", "xing"),
    ("云", "yun"), ("和", "he"), ("永", "yong"), ("嘉", "jia"), ("临", "lin"),
    ("东", "dong"), ("西", "xi"), ("南", "nan"), ("北", "bei"), ("长", "chang"),
    ("泰", "tai"), ("新", "xin"), ("华", "hua"), ("丰", "feng"), ("明", "ming"),
    ("庆", "qing"), ("溪", "xi"), ("桐", "tong"), ("乐", "le"), ("瑞", "rui"),
    ("龙", "long"), ("泉", "quan"), ("田", "tian"), ("湖", "hu"), ("林", "lin"),
    ("仙", "xian"), ("金", "jin"), ("武", "wu"), ("义", "yi"), ("松", "song"),
]  # fmt: skip
_PROVINCES = [
    ("浙江", "Zhejiang", "zhe jiang"), ("江苏", "Jiangsu", "jiang su"),
    ("广东", "Guangdong", "guang dong"), ("福建", "Fujian", "fu jian"),
    ("山东", "Shandong", "shan dong"), ("安徽", "Anhui", "an hui"),
    ("江西", "Jiangxi", "jiang xi"), ("湖北", "Hubei", "hu bei"),
    ("湖南", "Hunan", "hu nan"), ("四川", "Sichuan", "si chuan"),
    ("河南", "Henan", "he nan"), ("河北", "Hebei", "he bei"),
]  # fmt: skip
_THEMES = [
    ("数字经济", "digital economy", "shu zi jing ji"),
    ("智能制造", "smart manufacturing", "zhi neng zhi zao"),
    ("云计算", "cloud computing", "yun ji suan"),
    ("大数据", "big data", "da shu ju"),
    ("人工智能", "artificial intelligence", "ren gong zhi neng"),
    ("集成电路", "integrated circuits", "ji cheng dian lu"),
    ("区块链", "blockchain", "qu kuai lian"),
    ("物联网", "internet of things", "wu lian wang"),
    ("工业互联网", "industrial internet", "gong ye hu lian wang"),
    ("数字政府", "digital government", "shu zi zheng fu"),
    ("智慧城市", "smart city", "zhi hui cheng shi"),
    ("电子商务", "e-commerce", "dian zi shang wu"),
    ("数字贸易", "digital trade", "shu zi mao yi"),
    ("跨境电商", "cross-border e-commerce", "kua jing dian shang"),
    ("智慧医疗", "smart healthcare", "zhi hui yi liao"),
    ("数字乡村", "digital villages", "shu zi xiang cun"),
    ("网络安全", "cyber security", "wang luo an quan"),
    ("数据要素", "data resources", "shu ju yao su"),
    ("软件和信息服务", "software and information services", "ruan jian he xin xi fu wu"),
    ("数字金融", "digital finance", "shu zi jin rong"),
    ("智慧交通", "smart transport", "zhi hui jiao tong"),
    ("新型显示", "new display technology", "xin xing xian shi"),
]
_INDUSTRY_THEMES = [1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 16, 18, 19, 21]  # indexes into _THEMES
_POLICY_KINDS = [  # class, zh suffix, en suffix, pinyin, weight
    ("Project", "工程", "Project", "gong cheng", 16),
    ("Action", "行动", "Action", "xing dong", 16),
    ("Reform", "改革", "Reform", "gai ge", 8),
    ("System", "体系", "System", "ti xi", 8),
    ("Platform", "平台", "Platform", "ping tai", 10),
    ("DemonstrationZone", "示范区", "Demonstration Zone", "shi fan qu", 8),
    ("Policy", "新政", "New Deal", "xin zheng", 12),
    ("Goal", "高地", "Highland", "gao di", 10),
    ("Strategy", "战略", "Strategy", "zhan lve", 6),
]
_PROGRAMMES = {"Project", "Action", "Reform", "System", "Platform", "DemonstrationZone"}
_DOCUMENT_KINDS = [  # class, zh, en, pinyin; {p}/{t} are the place and the theme
    ("GuidingOpinion", "{p}关于加快{t}发展的指导意见", "Guiding opinion of {P} on {T}",
     "guan yu jia kuai {t} fa zhan de zhi dao yi jian"),
    ("Plan", "{p}{t}发展规划", "{T} development plan of {P}", "{t} fa zhan gui hua"),
    ("ImplementationPlan", "{p}{t}实施方案", "{T} implementation plan of {P}",
     "{t} shi shi fang an"),
]  # fmt: skip
_LINEAGE = [("succeeds", 40), ("buildsOn", 25), ("implements", 15), ("elevates", 10),
            ("isPartOf", 10)]  # fmt: skip
_ACTIONS = [("launched", 40), ("deepened", 25), ("proposed", 15), ("designated", 10),
            ("created", 10)]  # fmt: skip
_NATIONAL = [
    ("cyberpower-strategy", "网络强国", "Cyberpower", "wang luo qiang guo"),
    ("manufacturing-power-strategy", "制造强国", "Manufacturing Power", "zhi zao qiang guo"),
    ("digital-china", "数字中国", "Digital China", "shu zi zhong guo"),
]
_INFRASTRUCTURE = [
    ("数据中心", "data centre", "shu ju zhong xin"),
    ("超算中心", "supercomputing centre", "chao suan zhong xin"),
    ("5G试验网", "5G trial network", "shi yan wang"),
    ("骨干直联点", "backbone direct-connection point", "gu gan zhi lian dian"),
    ("城域物联网", "metropolitan IoT network", "cheng yu wu lian wang"),
]
_BUSINESS_FORMS = [
    ("无人超市", "unmanned supermarkets", "wu ren chao shi"),
    ("共享制造", "shared manufacturing", "gong xiang zhi zao"),
    ("直播电商", "live-stream e-commerce", "zhi bo dian shang"),
    ("淘宝村", "Taobao villages", "tao bao cun"),
    ("互联网医院", "internet hospitals", "hu lian wang yi yuan"),
]
_FIRM_WORDS = [
    ("云帆", "Yunfan", "yun fan"), ("数创", "Shuchuang", "shu chuang"),
    ("芯海", "Xinhai", "xin hai"), ("天擎", "Tianqing", "tian qing"),
    ("星河", "Xinghe", "xing he"), ("智联", "Zhilian", "zhi lian"),
    ("恒信", "Hengxin", "heng xin"), ("图灵", "Tuling", "tu ling"),
]  # fmt: skip
_INDICATORS = [  # zh, en, unit, base unit, factor, kind (value | growth | share)
    ("数字经济增加值", "digital economy value added", "亿元", "元", 10**8, "value"),
    ("软件业务收入", "software revenue", "亿元", "元", 10**8, "value"),
    ("网络零售额", "online retail sales", "亿元", "元", 10**8, "value"),
    ("5G基站数", "5G base stations", "个", "个", 1, "value"),
    ("上云企业数", "enterprises on the cloud", "万家", "家", 10**4, "value"),
    ("数字经济增加值增速", "growth of digital economy value added", "%", "%", 1, "growth"),
    ("数字经济增加值占GDP比重", "digital economy share of GDP", "%", "%", 1, "share"),
    ("电子信息制造业营业收入", "electronics manufacturing revenue", "亿元", "元", 10**8, "value"),
]
_SECTIONS = [
    ("一、发展基础", "1. Foundations"),
    ("二、总体要求", "2. General requirements"),
    ("三、主要任务", "3. Main tasks"),
    ("四、重大工程", "4. Major projects"),
    ("五、区域布局", "5. Regional layout"),
    ("六、保障措施", "6. Safeguards"),
]


@dataclass
class SynthStats:
    """What a synthetic corpus holds.

    Attributes
    ----------
    triples : int
        Triples written (no duplicates); at least the size asked for.
    documents, places, policies, firms, observations : int
        Counts of source documents (the gazetteer aside), places, policy-like things
        (policy documents included), firms and observations.
    deepest_chain : int
        The longest lineage path, in edges.
    seed : int
        The random seed used.
    """

    triples: int = 0
    documents: int = 0
    places: int = 0
    policies: int = 0
    firms: int = 0
    observations: int = 0
    deepest_chain: int = 0
    seed: int = 0


@dataclass
class _Place:
    slug: str
    zh: str
    en: str
    pinyin: str
    level: str  # country, province, prefecture, county
    parent: _Place | None
    children: list[_Place]


@dataclass
class _Policy:
    index: int
    slug: str
    kind: str
    zh: str
    en: str
    year: int
    depth: int  # longest lineage path starting here, in edges
    base: tuple[str, str, str, str]  # zh, en, pinyin, kind: versions of one line share it
    version: int


class _Bag:
    """A set of ints with O(1) add, remove and random pick, biased towards recent items."""

    def __init__(self) -> None:
        self.items: list[int] = []
        self.where: dict[int, int] = {}

    def __bool__(self) -> bool:
        return bool(self.items)

    def add(self, item: int) -> None:
        self.where[item] = len(self.items)
        self.items.append(item)

    def remove(self, item: int) -> None:
        position = self.where.pop(item, None)
        if position is None:
            return
        last = self.items.pop()
        if last != item:
            self.items[position] = last
            self.where[last] = position

    def pick(self, rng: random.Random) -> int:
        # half the time one of the latest few, so that lines of policy grow deep
        count = len(self.items)
        if rng.random() < 0.5:
            return self.items[rng.randrange(max(0, count - 8), count)]
        return self.items[rng.randrange(count)]


class _Document:
    """The quotes of one source, laid out as its text, and the evidence they become."""

    def __init__(self, source: str, *, separator: str = "。", sections: bool = True) -> None:
        self.source = source
        self.separator = separator
        self.sections = sections
        self.parts: list[str] = []
        self.quotes: list[tuple[str, int, int]] = []  # quote, start, end
        self.length = 0

    def add(self, text: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(text)
        self.length += len(text) + len(self.separator)
        return start, start + len(text)

    def cite(self, quote: str) -> str:
        start, end = self.add(quote)
        self.quotes.append((quote, start, end))
        return f"evidence/{self.source}-{start}-{end}"

    @property
    def text(self) -> str:
        return "".join(part + self.separator for part in self.parts)


class _Generator:
    # lines per evidence node, and per source document with six sections (upper bounds)
    EVIDENCE_TRIPLES = 16
    DOCUMENT_TRIPLES = 10 + 7 * len(_SECTIONS)

    def __init__(self, triples: int, seed: int) -> None:
        if triples < 1:
            raise InputError(f"the corpus needs at least 1 triple, not {triples}")
        self.target = triples
        self.random = random.Random(seed)
        self.stats = SynthStats(seed=seed)
        self.lines: list[str] = []
        self.reserved = 0  # triples promised by the open document (evidence, sections)
        self.document: _Document | None = None
        self.declared: set[str] = set()
        self.standard: set[str] = set()  # shared period and cube triples, emitted once
        self.cube_keys: dict[tuple[str, ...], int] = {}
        self.reified: set[tuple[str, str, str]] = set()
        self.slugs: set[str] = set()
        self.places: list[_Place] = []
        self.policies: list[_Policy] = []
        self.tips = _Bag()  # indexes of policies that can still grow a chain
        self.names: dict[str, str] = {}  # slug → Chinese name, for quotes
        self.versions: dict[tuple[str, str, str, str], int] = {}
        self.firms: list[tuple[str, _Place, tuple[str, str, str]]] = []
        self.counters: dict[str, int] = {}
        scale = triples
        self.provinces = min(len(_PROVINCES), 1 + scale // 2_000_000)
        self.cities = min(11, 3 + scale // 20_000)
        self.counties = min(8, 1 + scale // 50_000)
        self.firm_pool = max(4, scale // 4_000)
        self.documents_expected = max(1, scale // _DOC_TRIPLES)

    # -- output ------------------------------------------------------------------------

    @property
    def written(self) -> int:
        return self.stats.triples + len(self.lines) + self.reserved

    def emit(self, subject: str, predicate: str, obj: str) -> None:
        self.lines.append(f"{subject} {predicate} {obj} .\n")

    def flush(self) -> str:
        self.stats.triples += len(self.lines)
        text = "".join(self.lines)
        self.lines = []
        return text

    def slug(self, base: str) -> str:
        slug, number = base, 1
        while slug in self.slugs:
            number += 1
            slug = f"{base}-{number}"
        self.slugs.add(slug)
        return slug

    def count(self, name: str) -> int:
        number = self.counters.get(name, 0)
        self.counters[name] = number + 1
        return number

    # -- evidence ------------------------------------------------------------------------

    def cite(self, subject: str, quote: str) -> None:
        assert self.document is not None
        evidence = self.document.cite(quote)
        self.emit(subject, _pg("hasEvidence"), _iri(evidence))
        self.reserved += self.EVIDENCE_TRIPLES

    def close_document(self, describe: Callable[[str], None]) -> None:
        """Write the source, its sections and the evidence of every quote it holds."""
        document = self.document
        assert document is not None
        text = document.text
        source = _iri(f"source/{document.source}")
        self.emit(source, A, _pg("SourceDocument"))
        self.emit(source, f"<{_DCT}identifier>", _text(document.source))
        self.emit(source, _pg("sha256"), _text(hashlib.sha256(text.encode()).hexdigest()))
        self.emit(source, _pg("characters"), _int(len(text)))
        describe(source)
        count = len(document.quotes)
        sections = min(len(_SECTIONS), count) if document.sections else 0
        in_section: list[int] = []
        for index in range(sections):
            first = index * count // sections
            last = (index + 1) * count // sections - 1
            in_section += [index + 1] * (last - first + 1)
            start = document.quotes[first][1]
            end = document.quotes[last][2] + len(document.separator)
            node = _iri(f"section/{document.source}-s{index + 1}")
            zh, en = _SECTIONS[index]
            self.emit(node, A, _pg("Section"))
            self.emit(node, f"<{_DCT}isPartOf>", source)
            self.emit(node, _pg("order"), _int(index + 1))
            self.emit(node, _pg("start"), _int(start))
            self.emit(node, _pg("end"), _int(end))
            self.emit(node, LABEL, _lang(zh, "zh"))
            self.emit(node, LABEL, _lang(en, "en"))
        for position, (quote, start, end) in enumerate(document.quotes):
            node = _iri(f"evidence/{document.source}-{start}-{end}")
            target = f"<{_ID}evidence/{document.source}-{start}-{end}#target>"
            selector = f"<{_ID}evidence/{document.source}-{start}-{end}#quote>"
            offsets = f"<{_ID}evidence/{document.source}-{start}-{end}#position>"
            self.emit(node, A, _pg("Evidence"))
            self.emit(node, A, f"<{_OA}Annotation>")
            self.emit(node, f"<{_OA}hasTarget>", target)
            self.emit(node, f"<{_PROV}wasDerivedFrom>", source)
            if sections:
                section = _iri(f"section/{document.source}-s{in_section[position]}")
                self.emit(node, _pg("inSection"), section)
            self.emit(target, A, f"<{_OA}SpecificResource>")
            self.emit(target, f"<{_OA}hasSource>", source)
            self.emit(target, f"<{_OA}hasSelector>", selector)
            self.emit(target, f"<{_OA}hasSelector>", offsets)
            self.emit(selector, A, f"<{_OA}TextQuoteSelector>")
            self.emit(selector, f"<{_OA}exact>", _text(quote))
            self.emit(selector, f"<{_OA}prefix>", _text(text[max(0, start - _CONTEXT) : start]))
            self.emit(selector, f"<{_OA}suffix>", _text(text[end : end + _CONTEXT]))
            self.emit(offsets, A, f"<{_OA}TextPositionSelector>")
            self.emit(offsets, f"<{_OA}start>", _int(start))
            self.emit(offsets, f"<{_OA}end>", _int(end))
        self.reserved = 0
        self.document = None

    # -- entities and relations ----------------------------------------------------------

    def entity(
        self, slug: str, kind: str, names: tuple[str, str, str], year: int | None, quote: str
    ) -> str:
        zh, en, pinyin = names
        node = _iri(slug)
        self.emit(node, A, _pg(kind))
        self.emit(node, LABEL, _lang(zh, "zh"))
        self.emit(node, LABEL, _lang(en, "en"))
        if pinyin:
            self.emit(node, _pg("pinyin"), _text(pinyin))
        if year is not None:
            self.emit(node, _pg("year"), _int(year))
        self.cite(node, quote)
        self.declared.add(slug)
        self.names[slug] = zh
        return node

    def relate(self, subject: str, predicate: str, obj: str, year: int | None, quote: str) -> bool:
        key = (subject, predicate, obj)
        if key in self.reified:
            return False
        self.reified.add(key)
        self.emit(_iri(subject), _pg(predicate), _iri(obj))
        node = _iri(f"assertion/{subject}--{predicate.lower()}--{obj}")
        self.emit(node, A, _pg("Assertion"))
        self.emit(node, _SUBJECT, _iri(subject))
        self.emit(node, _PREDICATE, _pg(predicate))
        self.emit(node, _OBJECT, _iri(obj))
        if predicate in EVENTS:
            self.emit(node, A, _pg(EVENTS[predicate]))
        if year is not None:
            self.emit(node, _pg("year"), _int(year))
        self.cite(node, quote)
        return True

    # -- the gazetteer -------------------------------------------------------------------

    def gazetteer(self) -> str:
        china = _Place("china", "中国", "China", "zhong guo", "country", None, [])
        self.places.append(china)
        self.slugs.add("china")
        names = iter(
            (a + b, pa + pb)
            for a, pa in self.random.sample(_SYLLABLES, len(_SYLLABLES))
            for b, pb in self.random.sample(_SYLLABLES, len(_SYLLABLES))
            if a != b
        )
        for zh, en, pinyin in _PROVINCES[: self.provinces]:
            province = _Place(
                self.slug(pinyin.replace(" ", "")), f"{zh}省", en, f"{pinyin} sheng",
                "province", china, [],
            )  # fmt: skip
            self.places.append(province)
            for _ in range(self.cities):
                zh_city, spelled = next(names)
                city = _Place(
                    self.slug(spelled), f"{zh_city}市", spelled.capitalize(),
                    f"{_spaced(zh_city)} shi", "prefecture", province, [],
                )  # fmt: skip
                province.children.append(city)
                self.places.append(city)
                for _ in range(self.counties):
                    zh_county, spelled = next(names)
                    county = _Place(
                        self.slug(spelled), f"{zh_county}县", spelled.capitalize(),
                        f"{_spaced(zh_county)} xian", "county", city, [],
                    )  # fmt: skip
                    city.children.append(county)
                    self.places.append(county)
        header = "id,zh,en,level,parent,wikidata"
        rows = [
            f"{p.slug},{p.zh},{p.en},{p.level},{p.parent.slug if p.parent else ''},"
            for p in self.places
        ]
        self.document = _Document("gazetteer-synthetic", separator="\n", sections=False)
        self.document.add(header)
        classes = {"country": "Country", "province": "Province", "prefecture": "PrefectureCity",
                   "county": "County"}  # fmt: skip
        for place, row in zip(self.places, rows, strict=True):
            # the gazetteer has no years and cites each row once, for the place and its link
            assert self.document is not None
            evidence = self.document.cite(row)
            self.reserved += self.EVIDENCE_TRIPLES
            node = _iri(place.slug)
            self.emit(node, A, _pg(classes[place.level]))
            self.emit(node, LABEL, _lang(place.zh, "zh"))
            self.emit(node, LABEL, _lang(place.en, "en"))
            self.emit(node, _pg("pinyin"), _text(place.pinyin))
            self.emit(node, _pg("hasEvidence"), _iri(evidence))
            self.declared.add(place.slug)
            if place.parent is not None:
                self.emit(node, _pg("locatedIn"), _iri(place.parent.slug))
                link = _iri(f"assertion/{place.slug}--locatedin--{place.parent.slug}")
                self.emit(link, A, _pg("Assertion"))
                self.emit(link, _SUBJECT, node)
                self.emit(link, _PREDICATE, _pg("locatedIn"))
                self.emit(link, _OBJECT, _iri(place.parent.slug))
                self.emit(link, _pg("hasEvidence"), _iri(evidence))
        self.stats.places = len(self.places)

        def describe(source: str) -> None:
            self.emit(source, f"<{_DCT}format>", _text("text/csv"))

        self.close_document(describe)
        return self.flush()

    # -- documents -----------------------------------------------------------------------

    def year_of(self, index: int) -> int:
        span = _LAST_YEAR - _FIRST_YEAR
        return _FIRST_YEAR + min(span, index * (span + 1) // self.documents_expected)

    def document_block(self, index: int) -> str:
        year = self.year_of(index)
        rng = self.random
        provinces = [p for p in self.places if p.level == "province"]
        province = rng.choice(provinces)
        issuer = province if rng.random() < 0.3 else rng.choice(province.children)
        theme = rng.choice(_THEMES)
        source = f"synth-{index}"
        self.document = _Document(source)
        self.reserved += self.DOCUMENT_TRIPLES

        government = self.government(issuer, year)
        kind, zh, en, pinyin = rng.choice(_DOCUMENT_KINDS)
        names = (
            zh.format(p=issuer.zh, t=theme[0]),
            en.format(P=issuer.en, T=theme[1].capitalize()),
            f"{issuer.pinyin} " + pinyin.format(t=theme[2]),
        )
        document = self.slug(f"document-{index}")
        self.entity(document, kind, names, year, f"{year}年，{names[0]}印发实施")
        self.stats.policies += 1
        self.relate(
            government, "created", document, year, f"{self.names[government]}制定{names[0]}"
        )
        if self.tips and rng.random() < 0.3:
            target = self.policies[self.tips.pick(rng)]
            if target.depth < MAX_DEPTH and self.relate(
                document, "implements", target.slug, year, f"{names[0]}落实{target.zh}"
            ):
                self.stats.deepest_chain = max(self.stats.deepest_chain, target.depth + 1)

        steps = rng.randint(10, 16)
        for _ in range(steps):
            if self.written >= self.target:
                break
            roll = rng.random()
            if roll < 0.45:
                self.new_policy(document, names[0], issuer, theme, year)
            elif roll < 0.8:
                self.observation(issuer, year)
            elif roll < 0.9:
                self.firm_mention(issuer, year)
            else:
                self.infrastructure(issuer, year)

        def describe(node: str) -> None:
            self.emit(node, f"<{_DCT}format>", _text("text/plain"))
            self.emit(node, f"<{_DCT}language>", _text("zh"))
            self.emit(node, _pg("dataYear"), _int(year))
            self.emit(node, LABEL, _lang(f"{issuer.zh}{theme[0]}发展报告（{year}）", "zh"))
            self.emit(node, LABEL, _lang(f"{theme[1].capitalize()} in {issuer.en}, {year}", "en"))

        self.close_document(describe)
        self.stats.documents += 1
        return self.flush()

    def government(self, place: _Place, year: int) -> str:
        slug = f"government-{place.slug}"
        if slug not in self.declared:
            names = (f"{place.zh}人民政府", f"People's Government of {place.en}",
                     f"{place.pinyin} ren min zheng fu")  # fmt: skip
            self.entity(slug, "Government", names, year, f"{names[0]}高度重视{_THEMES[0][0]}")
        return slug

    def new_policy(
        self,
        document: str,
        document_zh: str,
        issuer: _Place,
        theme: tuple[str, str, str],
        year: int,
    ) -> None:
        rng = self.random
        parent: _Policy | None = None
        relation = ""
        if self.tips and rng.random() < 0.85:
            parent = self.policies[self.tips.pick(rng)]
            relation = _weighted(rng, _LINEAGE)
        if parent is not None and relation == "succeeds":
            base, kind = parent.base, parent.kind
        else:
            kind, suffix_zh, suffix_en, suffix_py, _ = rng.choices(
                _POLICY_KINDS, weights=[k[4] for k in _POLICY_KINDS]
            )[0]
            topic = theme if rng.random() < 0.6 else rng.choice(_THEMES)
            base = (
                f"{issuer.zh}{topic[0]}{suffix_zh}",
                f"{issuer.en} {topic[1]} {suffix_en}",
                f"{issuer.pinyin} {topic[2]} {suffix_py}",
                kind,
            )
        version = self.versions.get(base, 0) + 1
        self.versions[base] = version
        zh, en, pinyin = base[0], base[1][0].upper() + base[1][1:], base[2]
        if version > 1:
            zh, en = f"{zh}{version}.0", f"{en} {version}.0"
        index = len(self.policies)
        slug = self.slug(f"policy-{index}")
        depth = 0 if parent is None else parent.depth + 1
        policy = _Policy(index, slug, kind, zh, en, year, depth, base, version)
        self.policies.append(policy)
        self.stats.policies += 1
        self.entity(slug, kind, (zh, en, pinyin), year, f"{year}年{issuer.zh}实施{zh}")
        self.relate(document, "setsUp", slug, year, f"{document_zh}部署{zh}")
        if parent is not None:
            quote = f"{zh}{_VERBS[relation]}{parent.zh}"
            self.relate(slug, relation, parent.slug, year, quote)
            if relation == "succeeds":  # a line of versions goes on from its latest
                self.tips.remove(parent.index)
            self.stats.deepest_chain = max(self.stats.deepest_chain, depth)
            # a second, older ancestor that keeps the chain no deeper than it is
            if rng.random() < 0.15:
                older = self.policies[rng.randrange(index)]
                if older is not parent and older.depth < depth:
                    self.relate(slug, "buildsOn", older.slug, year, f"{zh}借鉴{older.zh}")
        if depth < MAX_DEPTH:
            self.tips.add(index)
        if parent is None and rng.random() < 0.3:
            strategy = self.national_strategy(year)
            self.relate(slug, "serves", strategy, year, f"{zh}服务{self.names[strategy]}")
        if rng.random() < 0.5:
            industry = self.industry(year)
            self.relate(slug, "about", industry, year, f"{zh}聚焦{self.names[industry]}")
        if kind in _PROGRAMMES:
            scope = [issuer, *issuer.children]
            for place in rng.sample(scope, min(len(scope), rng.randint(1, 3))):
                action = _weighted(rng, _ACTIONS)
                when = min(_LAST_YEAR, year + rng.randint(0, 1))
                self.relate(place.slug, action, slug, when, f"{place.zh}{_VERBS[action]}{zh}")
            if kind in {"Platform", "DemonstrationZone"}:
                host = rng.choice(scope)
                self.relate(host.slug, "hosts", slug, year, f"{host.zh}建设{zh}")
            self.relate(slug, "appliesTo", issuer.slug, year, f"{zh}覆盖{issuer.zh}全域")

    def national_strategy(self, year: int) -> str:
        slug, zh, en, pinyin = self.random.choice(_NATIONAL)
        if slug not in self.declared:
            self.entity(slug, "NationalStrategy", (zh, en, pinyin), year, f"深入实施{zh}战略")
        return slug

    def industry(self, year: int) -> str:
        number = self.random.choice(_INDUSTRY_THEMES)
        slug = f"industry-{number}"
        if slug not in self.declared:
            zh, en, pinyin = _THEMES[number]
            self.entity(slug, "Industry", (f"{zh}产业", f"{en} industry", f"{pinyin} chan ye"),
                        year, f"大力发展{zh}产业")  # fmt: skip
        return slug

    def firm_mention(self, issuer: _Place, year: int) -> None:
        rng = self.random
        number = rng.randrange(self.firm_pool)
        slug = f"firm-{number}"
        if slug not in self.declared:
            cities = [issuer] if issuer.level != "province" else issuer.children
            city = rng.choice(cities)
            word = _FIRM_WORDS[number % len(_FIRM_WORDS)]
            names = (f"{city.zh}{word[0]}科技", f"{city.en} {word[1]} Technology",
                     f"{city.pinyin} {word[2]} ke ji")  # fmt: skip
            self.entity(slug, "Firm", names, year, f"培育{names[0]}等龙头企业")
            self.relate(city.slug, "hosts", slug, year, f"{city.zh}拥有{names[0]}")
            self.stats.firms += 1
        industry = self.industry(year)
        firm = self.names[slug]
        if rng.random() < 0.5:
            self.relate(slug, "leads", industry, year, f"{firm}引领{self.names[industry]}")
        else:
            self.relate(slug, "develops", industry, year, f"{firm}发展{self.names[industry]}")

    def infrastructure(self, issuer: _Place, year: int) -> None:
        rng = self.random
        number = self.count("infrastructure")
        if rng.random() < 0.3:
            zh, en, pinyin = rng.choice(_BUSINESS_FORMS)
            kind, slug = "BusinessForm", self.slug(f"business-form-{number}")
        else:
            zh, en, pinyin = rng.choice(_INFRASTRUCTURE)
            kind, slug = "Infrastructure", self.slug(f"infrastructure-{number}")
        names = (f"{issuer.zh}{zh}", f"{en[0].upper()}{en[1:]} of {issuer.en}",
                 f"{issuer.pinyin} {pinyin}")  # fmt: skip
        self.entity(slug, kind, names, year, f"{year}年建成{names[0]}")
        predicate = "develops" if kind == "BusinessForm" else "hosts"
        self.relate(issuer.slug, predicate, slug, year, f"{issuer.zh}{_VERBS[predicate]}{names[0]}")

    def indicator(self, number: int, year: int) -> str:
        slug = f"indicator-{number}"
        if slug not in self.declared:
            zh, en, *_ = _INDICATORS[number]
            self.entity(slug, "Indicator", (zh, en, ""), year, f"{zh}持续提升")
        return slug

    def standard_triples(self, key: str, triples: Iterable[tuple[Node, Node, Node]]) -> None:
        """Emit shared OWL-Time / Data Cube triples once (see policygraph._standards)."""
        if key not in self.declared:
            self.declared.add(key)
            for subject, predicate, obj in triples:
                line = f"{subject.n3()} {predicate.n3()} {obj.n3()}"
                if line not in self.standard:
                    self.standard.add(line)
                    self.emit(subject.n3(), predicate.n3(), obj.n3())

    def period(self, year: int) -> str:
        self.standard_triples(f"period/{year}", _standards.period_triples(year))
        return _standards.period_iri(year).n3()

    def dataset(self, key: tuple[str, ...]) -> str:
        """The data set of a figure: random figures can repeat a combination of
        dimension values, and a repeat goes to the next data set (Data Cube IC-12)."""
        repeat = self.cube_keys.get(key, 0)
        self.cube_keys[key] = repeat + 1
        name = f"synthetic-{repeat}"
        cube = Graph()
        _standards.add_cube(cube, [name])
        self.standard_triples(f"dataset/{name}", cube)
        return _standards.dataset_iri(name).n3()

    def observation(self, issuer: _Place, year: int) -> None:
        rng = self.random
        number = rng.randrange(len(_INDICATORS))
        zh, en, unit, base, factor, kind = _INDICATORS[number]
        indicator = self.indicator(number, year)
        place = rng.choice([issuer, *issuer.children])
        slug = self.slug(f"observation-{self.count('observation')}")
        if kind == "value":
            role = "Target" if rng.random() < 0.3 else "Actual"
            value = f"{rng.uniform(10, 5000):.1f}" if factor > 1 else str(rng.randint(100, 90000))
        else:
            role = "Growth" if kind == "growth" else "Share"
            value = f"{rng.uniform(1, 40):.1f}"
        when = min(_LAST_YEAR, year + 3) if role == "Target" else max(_FIRST_YEAR, year - 1)
        qualifier = _weighted(rng, [("Exact", 70), ("LowerBound", 25), ("UpperBound", 5)])
        value_base = _scaled(value, factor)
        period = f"{when}年"
        node = _iri(slug)
        self.emit(node, A, _pg("Observation"))
        self.emit(node, A, f"<{_QB}Observation>")
        self.emit(node, _pg("indicator"), _iri(indicator))
        self.emit(node, f"<{_SDMX_DIM}refArea>", _iri(place.slug))
        self.emit(node, _pg("period"), _text(period))
        self.emit(node, _pg("year"), _int(when))
        self.emit(node, f"<{_SDMX_DIM}refPeriod>", self.period(when))
        key = (indicator, place.slug, role, qualifier, str(when))
        self.emit(node, f"<{_QB}dataSet>", self.dataset(key))
        self.emit(node, f"<{_SDMX_MEASURE}obsValue>", _decimal(value))
        self.emit(node, _pg("unit"), _text(unit))
        self.emit(node, _pg("valueBase"), _decimal(value_base))
        self.emit(node, _pg("unitBase"), _text(base))
        self.emit(node, _pg("role"), _pg(role))
        self.emit(node, _pg("qualifier"), _pg(qualifier))
        printed = f"{value} {unit}"
        self.emit(node, LABEL, _lang(f"{period} {printed}", "zh"))
        self.emit(node, LABEL, _lang(f"{en}: {printed} ({period})", "en"))
        verb = {"Target": "力争达到", "Actual": "达", "Growth": "增长", "Share": "占比"}[role]
        bound = {"Exact": "", "LowerBound": "以上", "UpperBound": "以内"}[qualifier]
        self.cite(node, f"{period}{place.zh}{zh}{verb}{value}{unit}{bound}")
        if rng.random() < 0.01:
            flag = _iri(f"flag/{slug}-curated")
            self.emit(node, _pg("flag"), flag)
            self.emit(flag, A, _pg("QualityFlag"))
            self.emit(flag, _pg("rule"), _text("curated"))
            self.emit(flag, _pg("reason"), _text("synthetic: the printed unit may be ambiguous"))
        self.stats.observations += 1

    # -- the whole corpus ------------------------------------------------------------------

    def blocks(self) -> Iterator[str]:
        yield self.gazetteer()
        index = 0
        while self.stats.triples < self.target:
            yield self.document_block(index)
            index += 1


def _weighted(rng: random.Random, options: list[tuple[str, int]]) -> str:
    return rng.choices([o[0] for o in options], weights=[o[1] for o in options])[0]


def _spaced(zh: str) -> str:
    spelled = dict(_SYLLABLES)
    return " ".join(spelled[char] for char in zh)


def _scaled(value: str, factor: int) -> str:
    whole, _, fraction = value.partition(".")
    digits = int(whole + fraction) * factor
    if not fraction:
        return str(digits)
    scale = 10 ** len(fraction)
    integral, rest = divmod(digits, scale)
    return f"{integral}.{rest:0{len(fraction)}d}".rstrip("0").rstrip(".") if rest else str(integral)


def synthesize(triples: int, *, seed: int = 0) -> tuple[Iterator[str], SynthStats]:
    """N-Triples text of a synthetic corpus, in blocks, and its (filling) statistics.

    Parameters
    ----------
    triples : int
        Size to reach; the corpus stops at the first item that reaches it, so it
        holds at most a few dozen triples more.
    seed : int
        Random seed; the same seed and size give the same text.

    Returns
    -------
    blocks : iterator of str
        N-Triples text, one block for the gazetteer and one per source document.
    stats : SynthStats
        Filled in as the blocks are consumed.

    Examples
    --------
    >>> blocks, stats = synthesize(500)
    >>> text = "".join(blocks)
    >>> text.count("\\n") == stats.triples
    True
    """
    generator = _Generator(triples, seed)
    return generator.blocks(), generator.stats


def write_synthetic(
    path: str | os.PathLike[str],
    triples: int,
    *,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> SynthStats:
    """Write a synthetic corpus of about ``triples`` triples as N-Triples.

    The file is written to a temporary file next to ``path`` and moved into place
    when complete, so an interrupted run leaves nothing behind.

    Parameters
    ----------
    path : path
        Output file; must end in ``.nt``.
    triples : int
        Size to reach (see `synthesize`).
    seed : int
        Random seed.
    progress : callable, optional
        Called with the number of triples written so far, after each block.

    Raises
    ------
    InputError
        The path does not end in ``.nt``, its folder does not exist, or ``triples < 1``.
    """
    target = Path(path)
    if target.suffix != ".nt":
        raise InputError("synthetic corpora are written as N-Triples: use a .nt file", path=path)
    if not target.parent.is_dir():
        raise InputError("the output folder does not exist", path=target.parent)
    blocks, stats = synthesize(triples, seed=seed)
    with atomic_writer(target) as stream:
        for block in blocks:
            stream.write(block)
            if progress is not None:
                progress(stats.triples)
    return stats


def synthetic_graph(triples: int, *, seed: int = 0) -> tuple[Graph, SynthStats]:
    """A small synthetic corpus parsed into an rdflib `Graph` (for tests and examples).

    Examples
    --------
    >>> graph, stats = synthetic_graph(1000)
    >>> len(graph) == stats.triples
    True
    """
    from rdflib import Graph

    from ._namespaces import bind_prefixes

    blocks, stats = synthesize(triples, seed=seed)
    graph = Graph()
    bind_prefixes(graph.namespace_manager)
    graph.parse(data="".join(blocks), format="nt")
    return graph, stats
