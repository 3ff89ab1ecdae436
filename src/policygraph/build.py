"""Build the knowledge graph from sources, curated annotations and the gazetteer.

The build resolves every quote to offsets in its source and fails, naming the
file, the line and the entry, on anything it cannot ground.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef

from . import _paths, _standards
from ._documents import add_document_metadata, check_document_dates
from ._namespaces import (
    DCTERMS,
    OA,
    OWL,
    PG,
    PGID,
    PREFIXES,
    PROV,
    QB,
    RDF,
    RDFS,
    SDMX_DIMENSION,
    SDMX_MEASURE,
    SKOS,
    TIME,
    WD,
    bind_prefixes,
)
from ._text import pinyin
from .annotations import (
    SLUG,
    AnnotationFile,
    EntitySpec,
    Located,
    ObservationSpec,
    load_annotations,
    refuse_draft,
)
from .checks import Flag, check_observations
from .errors import DataError, InputError
from .loading import parse_file
from .numbers import agrees, printed_numbers
from .sources import Source, load_sources, read_text

__all__ = ["BuildResult", "build", "pinyin"]

EVENT_CLASSES = {
    "proposed": PG.Proposal,
    "launched": PG.Launch,
    "created": PG.Creation,
    "designated": PG.Designation,
    "deepened": PG.Deepening,
}
ROLE_INDIVIDUALS = {
    "actual": PG.Actual,
    "target": PG.Target,
    "growth": PG.Growth,
    "share": PG.Share,
    "rank": PG.Rank,
    "pp_change": PG.PercentagePointChange,
}
QUALIFIER_INDIVIDUALS = {
    "exact": PG.Exact,
    "lower_bound": PG.LowerBound,
    "upper_bound": PG.UpperBound,
    "approximate": PG.Approximate,
}
GAZETTEER_LEVELS = {
    "country": "Country",
    "province": "Province",
    "prefecture": "PrefectureCity",
    "county": "County",
    "town": "Town",
}
_CONTEXT = 16  # characters of prefix and suffix kept with a quote


@dataclass
class BuildResult:
    """The built graph, one named graph per source, and what the build noticed."""

    graphs: dict[URIRef, Graph] = field(default_factory=dict)
    flags: list[Flag] = field(default_factory=list)
    sources: dict[str, Source] = field(default_factory=dict)

    def union(self) -> Graph:
        """All named graphs merged into one graph."""
        merged = Graph()
        bind_prefixes(merged.namespace_manager)
        for graph in self.graphs.values():
            for triple in graph:
                merged.add(triple)
        return merged


@dataclass(frozen=True)
class _Vocabulary:
    classes: frozenset[URIRef]
    object_properties: frozenset[URIRef]
    subclass_of: dict[URIRef, frozenset[URIRef]]

    @classmethod
    def from_ontology(cls, ontology: Graph) -> _Vocabulary:
        classes = frozenset(
            node for node in ontology.subjects(RDF.type, OWL.Class) if isinstance(node, URIRef)
        )
        properties = frozenset(
            node
            for node in ontology.subjects(RDF.type, OWL.ObjectProperty)
            if isinstance(node, URIRef)
        )
        parents: dict[URIRef, frozenset[URIRef]] = {}
        for klass in classes:
            closure = {klass}
            frontier = [klass]
            while frontier:
                for parent in ontology.objects(frontier.pop(), RDFS.subClassOf):
                    if isinstance(parent, URIRef) and parent not in closure:
                        closure.add(parent)
                        frontier.append(parent)
            parents[klass] = frozenset(closure)
        return cls(classes, properties, parents)

    def is_a(self, klass: URIRef, ancestor: URIRef) -> bool:
        return ancestor in self.subclass_of.get(klass, frozenset())


def _term(name: str, located: Located, entry: str) -> URIRef:
    if ":" in name:
        prefix, local = name.split(":", 1)
        if prefix not in PREFIXES:
            raise located.error(entry, f"unknown prefix {prefix!r} in {name!r}")
        return PREFIXES[prefix][local]
    return PG[name]


def _check_printed(spec: ObservationSpec, entry: str) -> None:
    """Refuse a value the quotes do not print, or a unit other than the one printed
    with it, unless a correction says why."""
    printed = [figure for quote in spec.quotes for figure in printed_numbers(quote)]
    agreed = any(agrees(figure, spec.value, spec.unit) for figure in printed)
    if agreed and spec.correction:
        raise spec.where.error(
            entry,
            f"`correction:` is given but the quote prints {spec.value}{spec.unit} as curated; "
            "delete the correction",
        )
    if not agreed and not spec.correction:
        shown = ", ".join(str(figure) for figure in printed) or "no number"
        raise spec.where.error(
            entry,
            f"value {spec.value}{spec.unit} is not what the quote prints ({shown}); fix the "
            "value or unit, or add `correction:` saying why they differ",
        )


class _Builder:
    def __init__(self, vocabulary: _Vocabulary, sources: dict[str, Source]) -> None:
        self.vocabulary = vocabulary
        self.sources = sources
        self.result = BuildResult(sources=sources)
        self.kinds: dict[str, URIRef] = {}
        self.declared_in: dict[str, Path] = {}
        # (file, id): one id may be declared once per file, and again in other documents
        self.declared_per_file: set[tuple[Path, str]] = set()
        self.labels_en: dict[str, str] = {}
        # every observation of every file, with the named graph it is declared in
        self.observations: dict[str, tuple[ObservationSpec, Graph]] = {}

    def graph(self, name: str) -> Graph:
        iri = PGID[f"graph/{name}"]
        if iri not in self.result.graphs:
            graph = Graph(identifier=iri)
            bind_prefixes(graph.namespace_manager)
            self.result.graphs[iri] = graph
        return self.result.graphs[iri]

    # -- sources and evidence -------------------------------------------------------------

    def add_source(self, source: Source, graph: Graph) -> None:
        iri = PGID[f"source/{source.id}"]
        meta = source.metadata
        graph.add((iri, RDF.type, PG.SourceDocument))
        graph.add((iri, DCTERMS.identifier, Literal(source.id)))
        graph.add((iri, DCTERMS.format, Literal(str(meta.get("format", "text/plain")))))
        graph.add((iri, PG.sha256, Literal(source.sha256)))
        graph.add((iri, PG.characters, Literal(len(source.text))))
        if meta.get("language"):
            graph.add((iri, DCTERMS.language, Literal(str(meta["language"]))))
        if meta.get("data_year"):
            graph.add((iri, PG.dataYear, Literal(int(meta["data_year"]))))
        for key, language in (("description", "en"), ("description_zh", "zh")):
            if meta.get(key):
                graph.add(
                    (iri, DCTERMS.description, Literal(str(meta[key]).strip(), lang=language))
                )
        label = meta.get("label") or {}
        for language in ("zh", "en"):
            if isinstance(label, dict) and label.get(language):
                graph.add((iri, RDFS.label, Literal(str(label[language]), lang=language)))
        add_document_metadata(graph, iri, meta)
        for section in source.sections:
            node = PGID[f"section/{source.id}-{section.id}"]
            graph.add((node, RDF.type, PG.Section))
            graph.add((node, DCTERMS.isPartOf, iri))
            graph.add((node, PG.order, Literal(section.index)))
            graph.add((node, PG.start, Literal(section.start)))
            graph.add((node, PG.end, Literal(section.end)))
            graph.add((node, RDFS.label, Literal(section.heading, lang="zh")))
            if section.heading_en:
                graph.add((node, RDFS.label, Literal(section.heading_en, lang="en")))

    def evidence(
        self, source: Source, quotes: Iterable[str], graph: Graph, located: Located, entry: str
    ) -> Iterator[URIRef]:
        for quote in quotes:
            try:
                span = source.locate(quote)
            except DataError as exc:
                raise located.error(entry, str(exc)) from None
            node = PGID[f"evidence/{source.id}-{span.start}-{span.end}"]
            target, selector, position = (
                URIRef(f"{node}#{part}") for part in ("target", "quote", "position")
            )
            text = source.text
            graph.add((node, RDF.type, PG.Evidence))
            graph.add((node, RDF.type, OA.Annotation))
            graph.add((node, OA.hasTarget, target))
            graph.add((node, PROV.wasDerivedFrom, PGID[f"source/{source.id}"]))
            section = source.section_at(span.start)
            if section is not None:
                graph.add((node, PG.inSection, PGID[f"section/{source.id}-{section.id}"]))
            graph.add((target, RDF.type, OA.SpecificResource))
            graph.add((target, OA.hasSource, PGID[f"source/{source.id}"]))
            graph.add((target, OA.hasSelector, selector))
            graph.add((target, OA.hasSelector, position))
            graph.add((selector, RDF.type, OA.TextQuoteSelector))
            graph.add((selector, OA.exact, Literal(text[span.start : span.end])))
            graph.add(
                (selector, OA.prefix, Literal(text[max(0, span.start - _CONTEXT) : span.start]))
            )
            graph.add((selector, OA.suffix, Literal(text[span.end : span.end + _CONTEXT])))
            graph.add((position, RDF.type, OA.TextPositionSelector))
            graph.add((position, OA.start, Literal(span.start)))
            graph.add((position, OA.end, Literal(span.end)))
            yield node

    def cite(
        self,
        subject: URIRef,
        source: Source,
        quotes: Iterable[str],
        graph: Graph,
        located: Located,
        entry: str,
    ) -> None:
        for node in self.evidence(source, quotes, graph, located, entry):
            graph.add((subject, PG.hasEvidence, node))

    # -- entities ----------------------------------------------------------------------

    def add_entity(self, spec: EntitySpec, source: Source, graph: Graph) -> None:
        entry = f"entity {spec.id!r}"
        kind = PG[spec.kind]
        if kind not in self.vocabulary.classes:
            raise spec.where.error(
                entry, f"unknown kind {spec.kind!r}: not a class of the ontology"
            )
        previous = self.kinds.get(spec.id)
        if (spec.where.path, spec.id) in self.declared_per_file:
            raise spec.where.error(entry, "two entities with one IRI: the id is already declared")
        if previous is not None and previous != kind:
            raise spec.where.error(
                entry,
                f"declared as {spec.kind} here but as {previous} in {self.declared_in[spec.id]}",
            )
        self.kinds[spec.id] = kind
        self.declared_in.setdefault(spec.id, spec.where.path)
        self.declared_per_file.add((spec.where.path, spec.id))
        self.labels_en.setdefault(spec.id, spec.en)
        iri = PGID[spec.id]
        graph.add((iri, RDF.type, kind))
        graph.add((iri, RDFS.label, Literal(spec.zh, lang="zh")))
        graph.add((iri, RDFS.label, Literal(spec.en, lang="en")))
        for alias in spec.alt_zh:
            graph.add((iri, SKOS.altLabel, Literal(alias, lang="zh")))
        for alias in spec.alt_en:
            graph.add((iri, SKOS.altLabel, Literal(alias, lang="en")))
        for label in (spec.zh, *spec.alt_zh):
            spoken = pinyin(label)
            if spoken:
                graph.add((iri, PG.pinyin, Literal(spoken)))
        if spec.year is not None:
            graph.add((iri, PG.year, Literal(spec.year)))
        if spec.wikidata:
            graph.add((iri, OWL.sameAs, WD[spec.wikidata]))
        self.cite(iri, source, spec.quotes, graph, spec.where, entry)

    def require(self, slug: str, located: Located, entry: str, role: str) -> URIRef:
        if slug not in self.kinds:
            raise located.error(entry, f"{role} {slug!r} is not a declared entity")
        return PGID[slug]

    # -- relations ---------------------------------------------------------------------

    def add_relations(self, annotated: AnnotationFile, source: Source, graph: Graph) -> None:
        seen: set[str] = set()
        for spec in annotated.relations:
            entry = f"relation {spec.subject} {spec.predicate} {spec.object}"
            predicate = _term(spec.predicate, spec.where, entry)
            if predicate not in self.vocabulary.object_properties:
                raise spec.where.error(
                    entry, f"unknown property {spec.predicate!r}: not an object property"
                )
            if spec.id in seen:
                raise spec.where.error(entry, "the same relation is declared twice")
            seen.add(spec.id)
            subject = self.require(spec.subject, spec.where, entry, "subject")
            obj = self.require(spec.object, spec.where, entry, "object")
            graph.add((subject, predicate, obj))
            node = PGID[f"assertion/{spec.id}"]
            graph.add((node, RDF.type, PG.Assertion))
            graph.add((node, RDF.subject, subject))
            graph.add((node, RDF.predicate, predicate))
            graph.add((node, RDF.object, obj))
            event = EVENT_CLASSES.get(spec.predicate)
            if event is not None:
                graph.add((node, RDF.type, event))
            if spec.year is not None:
                graph.add((node, PG.year, Literal(spec.year)))
            backing = PG.statedIn if spec.basis == "stated" else PG.inferredFrom
            graph.add((node, backing, PGID[f"source/{source.id}"]))
            self.cite(node, source, spec.quotes, graph, spec.where, entry)

    # -- observations ------------------------------------------------------------------

    def add_observations(self, annotated: AnnotationFile, source: Source, graph: Graph) -> None:
        ids = {spec.id for spec in annotated.observations}
        for spec in annotated.observations:
            entry = f"observation {spec.id!r}"
            if spec.id in self.kinds:
                raise spec.where.error(entry, "two things with one IRI: an entity has this id")
            if spec.id in self.observations:
                first = self.observations[spec.id][0].where
                raise spec.where.error(
                    entry, f"the id is already used at {first.path}:{first.line}"
                )
            self.observations[spec.id] = (spec, graph)
            indicator = self.require(spec.indicator, spec.where, entry, "indicator")
            if not self.vocabulary.is_a(self.kinds[spec.indicator], PG.Indicator):
                raise spec.where.error(entry, f"indicator {spec.indicator!r} is not an Indicator")
            place = self.require(spec.place, spec.where, entry, "place")
            for key, other in (
                ("part_of", spec.part_of),
                *(("share_of", o) for o in spec.share_of or ()),
            ):
                if other is not None and other not in ids:
                    raise spec.where.error(entry, f"{key} {other!r} is not an observation here")
            iri = PGID[spec.id]
            graph.add((iri, RDF.type, PG.Observation))
            graph.add((iri, RDF.type, QB.Observation))
            graph.add((iri, PG.indicator, indicator))
            graph.add((iri, SDMX_DIMENSION.refArea, place))
            graph.add((iri, PG.period, Literal(spec.period)))
            if spec.year is not None:
                graph.add((iri, PG.year, Literal(spec.year)))
            self.add_cube_links(iri, spec, source, graph)
            graph.add((iri, SDMX_MEASURE.obsValue, Literal(spec.value)))
            graph.add((iri, PG.unit, Literal(spec.unit)))
            graph.add((iri, PG.valueBase, Literal(spec.value_base)))
            graph.add((iri, PG.unitBase, Literal(spec.unit_base)))
            graph.add((iri, PG.role, ROLE_INDIVIDUALS[spec.role]))
            graph.add((iri, PG.qualifier, QUALIFIER_INDIVIDUALS[spec.qualifier]))
            printed = f"{spec.value} {spec.unit}"
            graph.add((iri, RDFS.label, Literal(f"{spec.period} {printed}", lang="zh")))
            graph.add(
                (
                    iri,
                    RDFS.label,
                    Literal(
                        f"{self.labels_en[spec.indicator]}: {printed} ({spec.period})", lang="en"
                    ),
                )
            )
            if spec.part_of:
                graph.add((iri, PG.componentOf, PGID[spec.part_of]))
            if spec.share_of:
                graph.add((iri, PG.shareNumerator, PGID[spec.share_of[0]]))
                graph.add((iri, PG.shareDenominator, PGID[spec.share_of[1]]))
            self.cite(iri, source, spec.quotes, graph, spec.where, entry)
            _check_printed(spec, entry)

    # -- standard vocabularies (Data Cube, OWL-Time, ELI; see _standards) ---------------

    def add_cube_links(
        self, observation: URIRef, spec: ObservationSpec, source: Source, graph: Graph
    ) -> None:
        """The figure's data set and its period as an OWL-Time interval IRI."""
        graph.add((observation, QB.dataSet, _standards.dataset_iri(source.id)))
        if spec.year is not None:
            period = _standards.period_iri(spec.year)
            triples = _standards.period_triples(spec.year)
        else:  # a period known only as printed: labelled, never bounded by a guess
            period = _standards.printed_period_iri(source.id, spec.period)
            triples = [
                (period, RDF.type, TIME.TemporalEntity),
                (period, RDFS.label, Literal(spec.period, lang="zh")),
                (period, RDFS.label, Literal(f"{spec.period} (as printed)", lang="en")),
            ]
        graph.add((observation, SDMX_DIMENSION.refPeriod, period))
        for triple in triples:
            graph.add(triple)

    def add_standard_vocabularies(self) -> None:
        """One qb:DataSet per source with figures, the structure they share, and ELI
        terms on every policy document (its type and the places that issued it)."""
        with_figures = sorted(
            {spec_graph.identifier for _, spec_graph in self.observations.values()}
        )
        prefix = str(PGID["graph/"])
        sources = [str(name).removeprefix(prefix) for name in with_figures]
        for source_id in sources:
            _standards.add_cube(self.graph(source_id), [source_id])
        documents = {
            slug: kind
            for slug, kind in self.kinds.items()
            if kind != PG.PolicyDocument and self.vocabulary.is_a(kind, PG.PolicyDocument)
        }
        for graph in list(self.result.graphs.values()):
            for document in sorted(documents):
                iri = PGID[document]
                if (iri, RDF.type, documents[document]) not in graph:
                    continue
                issuers = sorted(
                    agent for agent in graph.subjects(PG.created, iri) if isinstance(agent, URIRef)
                )
                labels = [str(label) for label in graph.objects(iri, RDFS.label)]
                _standards.add_legal_resource(
                    graph, iri, documents[document], " ".join(sorted(labels)), issuers
                )

    def add_flags(self) -> None:
        """Check every figure of every source at once (conflicts span documents); each
        flag goes into the named graph of its observation."""
        flags = check_observations(spec for spec, _ in self.observations.values())
        flags.extend(
            Flag(spec.id, "corrected", spec.correction)
            for spec, _ in self.observations.values()
            if spec.correction
        )
        # a figure that conflicts with several others gets one flag per rule, its
        # reasons joined: pg:reason is functional
        reasons: dict[tuple[str, str], list[str]] = {}
        for flag in flags:
            reasons.setdefault((flag.observation, flag.rule), []).append(flag.reason)
        for (observation, rule), texts in reasons.items():
            graph = self.observations[observation][1]
            node = PGID[f"flag/{observation}-{rule}"]
            graph.add((PGID[observation], PG.flag, node))
            graph.add((node, RDF.type, PG.QualityFlag))
            graph.add((node, PG.rule, Literal(rule)))
            graph.add((node, PG.reason, Literal("; ".join(texts))))
        self.result.flags.extend(flags)

    # -- gazetteer ---------------------------------------------------------------------

    def add_gazetteer(self, path: Path) -> None:
        """Add the referenced places and their ancestors, each row cited as evidence."""
        text = read_text(path)
        by_id = _gazetteer_rows(path, text)
        wanted: set[str] = set()
        frontier = [slug for slug in self.kinds if slug in by_id]
        while frontier:
            slug = frontier.pop()
            if slug in wanted:
                continue
            wanted.add(slug)
            parent = by_id[slug][1]["parent"]
            if parent:
                frontier.append(parent)
        source_id = f"gazetteer-{path.stem}"
        source = Source(id=source_id, path=path, text=text, metadata={"format": "text/csv"})
        self.result.sources[source_id] = source
        graph = self.graph(source_id)
        self.add_source(source, graph)
        lines = text.splitlines()
        for slug in sorted(wanted):
            number, row = by_id[slug]
            located = Located(path, number)
            entry = f"place {slug!r}"
            level = GAZETTEER_LEVELS[row["level"]]
            iri = PGID[slug]
            quote = lines[number - 1]
            if slug not in self.kinds:
                self.kinds[slug] = PG[level]
                graph.add((iri, RDF.type, PG[level]))
                graph.add((iri, RDFS.label, Literal(row["zh"], lang="zh")))
                graph.add((iri, RDFS.label, Literal(row["en"], lang="en")))
                graph.add((iri, PG.pinyin, Literal(pinyin(row["zh"]))))
                if row["wikidata"]:
                    graph.add((iri, OWL.sameAs, WD[row["wikidata"]]))
                self.cite(iri, source, [quote], graph, located, entry)
            if row["parent"]:
                graph.add((iri, PG.locatedIn, PGID[row["parent"]]))
                node = PGID[f"assertion/{slug}--locatedin--{row['parent']}"]
                graph.add((node, RDF.type, PG.Assertion))
                graph.add((node, RDF.subject, iri))
                graph.add((node, RDF.predicate, PG.locatedIn))
                graph.add((node, RDF.object, PGID[row["parent"]]))
                self.cite(node, source, [quote], graph, located, entry)


_GAZETTEER_COLUMNS = ("id", "zh", "en", "level", "parent", "wikidata")


def _gazetteer_rows(path: Path, text: str) -> dict[str, tuple[int, dict[str, str]]]:
    """Every row of a gazetteer by id, with its line; any bad row is an error naming the line.

    All rows are checked, not only the places the annotations reference, so that a
    broken row cannot wait in the file until someone first mentions the place.
    """
    reader = csv.reader(io.StringIO(text))
    header = next(reader, [])
    missing = [column for column in _GAZETTEER_COLUMNS if column not in header]
    if missing:
        raise InputError(
            f"gazetteer needs the columns {', '.join(_GAZETTEER_COLUMNS)} "
            f"(missing: {', '.join(missing)})",
            path=path,
            line=1,
        )
    rows: dict[str, tuple[int, dict[str, str]]] = {}
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise InputError(
                f"{len(cells)} columns where the header has {len(header)} ({', '.join(header)})",
                path=path,
                line=line,
            )
        row = dict(zip(header, cells, strict=True))
        slug = row["id"]
        problem = None
        if not SLUG.match(slug):
            problem = f"id {slug!r} is not an ASCII slug like 'hangzhou'"
        elif slug in rows:
            problem = f"id {slug!r} is already used on line {rows[slug][0]}"
        elif not row["zh"].strip():
            problem = f"place {slug!r} has no zh name"
        elif row["level"] not in GAZETTEER_LEVELS:
            known = ", ".join(GAZETTEER_LEVELS)
            problem = f"place {slug!r}: unknown level {row['level']!r} (known: {known})"
        elif row["wikidata"] and not re.fullmatch(r"Q[1-9][0-9]*", row["wikidata"]):
            problem = f"place {slug!r}: wikidata must be a QID like Q4970, got {row['wikidata']!r}"
        if problem:
            raise InputError(problem, path=path, line=line)
        rows[slug] = (line, row)
    for slug, (line, row) in rows.items():
        if row["parent"] and row["parent"] not in rows:
            raise InputError(
                f"parent {row['parent']!r} of {slug!r} is not in the gazetteer",
                path=path,
                line=line,
            )
    return rows


def build(
    kg_dir: str | os.PathLike[str] | None = None,
    *,
    ontology: Graph | str | os.PathLike[str] | None = None,
) -> BuildResult:
    """Build the graph from a ``kg/`` folder (default: the bundled one).

    Raises
    ------
    InputError
        A file cannot be read or parsed; the message names the file and line.
    DataError
        An entry cannot be grounded; the message names the file, line and entry.
    """
    root = Path(kg_dir) if kg_dir is not None else _paths.kg_dir()
    if not isinstance(ontology, Graph):
        ontology = parse_file(ontology or _paths.ontology_file())
    sources = load_sources(root / "sources")
    builder = _Builder(_Vocabulary.from_ontology(ontology), sources)
    paths = sorted((root / "annotations").glob("*.yaml"))
    for path in paths:
        refuse_draft(path)  # a draft from `policygraph extract` is not data yet
    files = [load_annotations(path) for path in paths]
    if not files:
        raise InputError("no annotation files (*.yaml)", path=root / "annotations")
    for annotated in files:
        if annotated.source not in sources:
            known = ", ".join(sorted(sources)) or "none"
            raise InputError(
                f"source {annotated.source!r} is not described in {root / 'sources'} "
                f"(known: {known})",
                path=annotated.path,
            )
        source = sources[annotated.source]
        check_document_dates(source, annotated.observations)
        graph = builder.graph(source.id)
        builder.add_source(source, graph)
        for spec in annotated.entities:
            builder.add_entity(spec, source, graph)
    gazetteers = sorted((root / "gazetteer").glob("*.csv"))
    for path in gazetteers:
        builder.add_gazetteer(path)
    for annotated in files:
        source = sources[annotated.source]
        graph = builder.graph(source.id)
        builder.add_relations(annotated, source, graph)
        builder.add_observations(annotated, source, graph)
    builder.add_flags()
    builder.add_standard_vocabularies()
    return builder.result
