"""The ontology: parses, is documented in zh and en, says what design.md says, stays in OWL 2 DL."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from policygraph import _paths
from policygraph._namespaces import OA, ORG, PG, PROV, QB, SDMX_DIMENSION, SDMX_MEASURE
from policygraph.build import QUALIFIER_INDIVIDUALS, ROLE_INDIVIDUALS
from policygraph.loading import parse_file

REPO = Path(__file__).resolve().parents[1]
DESIGN = REPO / "docs" / "design.md"
DECLARATION_TYPES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
)
TOP_LEVEL_KINDS = {
    PG.Place,
    PG.Organisation,
    PG.PolicyThing,
    PG.Person,
    PG.Industry,
    PG.Infrastructure,
    PG.BusinessForm,
    PG.Product,
    PG.Indicator,
    PG.Observation,
    PG.Evidence,
}
LINEAGE = {
    PG.buildsOn: PG.basisOf,
    PG.elevates: PG.elevatedBy,
    PG.isPartOf: PG.hasPart,
    PG.implements: PG.implementedBy,
    PG.succeeds: PG.succeededBy,
    PG.descendsFrom: PG.ancestorOf,
}

requires_java = pytest.mark.skipif(shutil.which("java") is None, reason="HermiT needs Java")

# OWL API's OWL 2 DL profile checker, from the OWL API inside owlready2's HermiT.jar.
# Run as a single-file Java program, which needs a JDK (the jdk.compiler module).
_PROFILE_CHECK = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.*;
import org.semanticweb.owlapi.profiles.*;

public class CheckDL {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(new File(args[0]));
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation);
        }
        System.out.println(report.isInProfile() ? "IN PROFILE" : "NOT IN PROFILE");
    }
}
"""


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return parse_file(_paths.ontology_file())


def _declared(ontology: Graph, namespace: str | None = None) -> set[URIRef]:
    return {
        term
        for kind in DECLARATION_TYPES
        for term in ontology.subjects(RDF.type, kind)
        if isinstance(term, URIRef) and (namespace is None or term.startswith(namespace))
    }


def _languages(ontology: Graph, term: Node, predicate: URIRef) -> set[str]:
    return {
        literal.language or ""
        for literal in ontology.objects(term, predicate)
        if isinstance(literal, Literal) and str(literal).strip()
    }


def _list(ontology: Graph, head: Node | None) -> list[Node]:
    return [] if head is None else list(ontology.items(head))


# -- header and documentation ----------------------------------------------------------------


def test_header_names_version_and_licence(ontology: Graph) -> None:
    header = URIRef(str(PG))
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) == Literal("0.1.0")
    assert ontology.value(header, OWL.versionIRI) == URIRef(f"{PG}0.1.0")
    assert ontology.value(header, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    for predicate in (DCTERMS.title, DCTERMS.description):
        assert {"zh", "en"} <= _languages(ontology, header, predicate)


def test_ontology_declares_many_pg_terms(ontology: Graph) -> None:
    # guards the documentation tests below against passing on an empty parse
    terms = _declared(ontology, str(PG))
    assert len([t for t in terms if (t, RDF.type, OWL.Class) in ontology]) >= 50
    assert len([t for t in terms if (t, RDF.type, OWL.ObjectProperty) in ontology]) >= 30


def _pg_terms() -> Iterator[URIRef]:
    graph = parse_file(_paths.ontology_file())
    yield from sorted(_declared(graph, str(PG)))
    yield from sorted(t for t in graph.subjects(SKOS.inScheme, None) if isinstance(t, URIRef))
    yield from sorted(
        t for t in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(t, URIRef)
    )


@pytest.mark.parametrize("term", list(_pg_terms()), ids=lambda term: term.split("/")[-1])
def test_every_pg_term_has_zh_and_en_label_and_definition(ontology: Graph, term: URIRef) -> None:
    assert {"zh", "en"} <= _languages(ontology, term, RDFS.label), term
    assert {"zh", "en"} <= _languages(ontology, term, SKOS.definition), term


def test_one_label_per_language(ontology: Graph) -> None:
    for term in _declared(ontology, str(PG)):
        labels = [
            literal.language
            for literal in ontology.objects(term, RDFS.label)
            if isinstance(literal, Literal)
        ]
        assert len(labels) == len(set(labels)), term


@pytest.mark.skipif(not DESIGN.is_file(), reason="docs/ is not shipped in the wheel")
def test_every_term_in_design_md_is_declared(ontology: Graph) -> None:
    mentioned = set(re.findall(r"\bpg:([A-Za-z][A-Za-z0-9]*)", DESIGN.read_text("utf-8")))
    assert len(mentioned) > 60
    known = _declared(ontology, str(PG)) | {
        t for t in ontology.subjects(RDF.type, None) if isinstance(t, URIRef)
    }
    missing = sorted(name for name in mentioned if PG[name] not in known)
    assert missing == []


# -- axioms ----------------------------------------------------------------------------------


def test_top_level_kinds_are_pairwise_disjoint(ontology: Graph) -> None:
    groups = [
        set(_list(ontology, ontology.value(axiom, OWL.members)))
        for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert any(group >= TOP_LEVEL_KINDS for group in groups)


@pytest.mark.parametrize("prop, inverse", sorted(LINEAGE.items()))
def test_lineage_properties_join_policy_things_and_have_inverses(
    ontology: Graph, prop: URIRef, inverse: URIRef
) -> None:
    for term in (prop, inverse):
        assert ontology.value(term, RDFS.domain) == PG.PolicyThing
        assert ontology.value(term, RDFS.range) == PG.PolicyThing
    assert (prop, OWL.inverseOf, inverse) in ontology or (inverse, OWL.inverseOf, prop) in (
        ontology
    )
    if prop != PG.descendsFrom:
        assert (prop, RDFS.subPropertyOf, PG.descendsFrom) in ontology


def test_characteristics_of_lineage_and_place_properties(ontology: Graph) -> None:
    for prop in (PG.descendsFrom, PG.isPartOf, PG.locatedIn):
        assert (prop, RDF.type, OWL.TransitiveProperty) in ontology
    for prop in (PG.succeeds, PG.implements):
        assert (prop, RDF.type, OWL.AsymmetricProperty) in ontology
        assert (prop, RDF.type, OWL.IrreflexiveProperty) in ontology
    assert (PG.succeeds, OWL.propertyDisjointWith, PG.implements) in ontology
    assert (PG.locatedIn, RDFS.subPropertyOf, URIRef("https://schema.org/containedInPlace")) in (
        ontology
    )


def _non_simple(ontology: Graph) -> set[Node]:
    """OWL 2 DL's non-simple properties: transitive, or with a non-simple sub-property."""
    result = set(ontology.subjects(RDF.type, OWL.TransitiveProperty))
    result |= {s for s in ontology.subjects(OWL.propertyChainAxiom, None) if isinstance(s, URIRef)}
    changed = True
    while changed:
        changed = False
        for sub, sup in ontology.subject_objects(RDFS.subPropertyOf):
            if sub in result and sup not in result:
                result.add(sup)
                changed = True
        for first, second in ontology.subject_objects(OWL.inverseOf):
            for a, b in ((first, second), (second, first)):
                if a in result and b not in result:
                    result.add(b)
                    changed = True
    return result


def test_only_simple_properties_are_asymmetric_irreflexive_functional_or_disjoint(
    ontology: Graph,
) -> None:
    non_simple = _non_simple(ontology)
    assert PG.descendsFrom in non_simple and PG.ancestorOf in non_simple
    restricted = set()
    for kind in (
        OWL.AsymmetricProperty,
        OWL.IrreflexiveProperty,
        OWL.InverseFunctionalProperty,
    ):
        restricted |= set(ontology.subjects(RDF.type, kind))
    restricted |= {
        p
        for p in ontology.subjects(RDF.type, OWL.FunctionalProperty)
        if (p, RDF.type, OWL.ObjectProperty) in ontology
    }
    for first, second in ontology.subject_objects(OWL.propertyDisjointWith):
        restricted |= {first, second}
    assert PG.succeeds in restricted
    assert restricted & non_simple == set()


@pytest.mark.parametrize(
    "term, kind",
    [
        (PG.indicator, QB.DimensionProperty),
        (PG.indicator, OWL.ObjectProperty),
        (SDMX_DIMENSION.refArea, OWL.ObjectProperty),
        (SDMX_DIMENSION.refPeriod, OWL.ObjectProperty),  # OWL-Time interval IRIs, not gYear
        (SDMX_MEASURE.obsValue, OWL.DatatypeProperty),
        (PG.unit, OWL.DatatypeProperty),
        (PG.valueBase, OWL.DatatypeProperty),
        (PG.role, OWL.ObjectProperty),
        (PG.qualifier, OWL.ObjectProperty),
        (PG.componentOf, OWL.ObjectProperty),
        (PG.shareNumerator, OWL.ObjectProperty),
        (PG.shareDenominator, OWL.ObjectProperty),
        (PG.flag, OWL.ObjectProperty),
        (PG.rule, OWL.DatatypeProperty),
        (PG.reason, OWL.DatatypeProperty),
        (PG.hasEvidence, OWL.ObjectProperty),
        (PG.pinyin, OWL.AnnotationProperty),
        (OA.start, OWL.DatatypeProperty),
        (OA.end, OWL.DatatypeProperty),
        (OA.exact, OWL.DatatypeProperty),
        (OA.hasTarget, OWL.ObjectProperty),
        (OA.hasSelector, OWL.ObjectProperty),
        (ORG.holds, OWL.ObjectProperty),
        (ORG.postIn, OWL.ObjectProperty),
    ],
)
def test_observation_and_evidence_terms_are_typed(
    ontology: Graph, term: URIRef, kind: URIRef
) -> None:
    assert (term, RDF.type, kind) in ontology


@pytest.mark.parametrize(
    "sub, predicate, sup",
    [
        (PG.Organisation, RDFS.subClassOf, ORG.Organization),
        (PG.Organisation, RDFS.subClassOf, PROV.Agent),
        (PG.Person, RDFS.subClassOf, PROV.Person),
        (PG.Post, RDFS.subClassOf, ORG.Post),
        (PG.Observation, RDFS.subClassOf, QB.Observation),
        (PG.Evidence, RDFS.subClassOf, OA.Annotation),
        (PG.Evidence, RDFS.subClassOf, PROV.Entity),
        (PG.Indicator, RDFS.subClassOf, SKOS.Concept),
        (
            PG.PolicyDocument,
            RDFS.subClassOf,
            URIRef("http://data.europa.eu/eli/ontology#LegalResource"),
        ),
        (PG.Assertion, RDFS.seeAlso, RDF.Statement),  # not subClassOf: reserved in DL
        (PG.hasEvidence, RDFS.subPropertyOf, PROV.wasDerivedFrom),
        (PG.pinyin, RDFS.subPropertyOf, SKOS.hiddenLabel),
    ],
)
def test_reuses_standard_vocabularies(
    ontology: Graph, sub: URIRef, predicate: URIRef, sup: URIRef
) -> None:
    assert (sub, predicate, sup) in ontology


def test_typed_values(ontology: Graph) -> None:
    assert ontology.value(PG.valueBase, RDFS.range) == XSD.decimal
    assert ontology.value(PG.unit, RDFS.range) == XSD.string
    assert ontology.value(PG.year, RDFS.range) == XSD.integer


@pytest.mark.parametrize(
    "codes, scheme, cls",
    [
        (ROLE_INDIVIDUALS, PG.ObservationRoles, PG.ObservationRole),
        (QUALIFIER_INDIVIDUALS, PG.Qualifiers, PG.Qualifier),
    ],
    ids=["roles", "qualifiers"],
)
def test_roles_and_qualifiers_are_concepts_with_the_yaml_codes(
    ontology: Graph, codes: dict[str, URIRef], scheme: URIRef, cls: URIRef
) -> None:
    assert (scheme, RDF.type, SKOS.ConceptScheme) in ontology
    members = set(ontology.subjects(SKOS.inScheme, scheme))
    assert members == set(codes.values())
    for code, individual in codes.items():
        assert (individual, RDF.type, cls) in ontology
        assert (individual, RDF.type, SKOS.Concept) in ontology
        assert str(ontology.value(individual, SKOS.notation)) == code


def test_every_term_used_is_declared(ontology: Graph) -> None:
    """Self-contained for OWL tools: every class and property it mentions is declared."""
    declared = _declared(ontology)
    builtin = (str(RDF), str(RDFS), str(OWL), str(XSD))
    used: set[Node] = set()
    for predicate in (RDFS.subClassOf, RDFS.domain, RDFS.range, OWL.disjointWith):
        used |= {o for o in ontology.objects(None, predicate) if isinstance(o, URIRef)}
    used |= {o for o in ontology.objects(None, RDFS.subPropertyOf)}
    used |= {p for p in ontology.predicates() if isinstance(p, URIRef)}
    used |= {
        o
        for o in ontology.objects(None, RDF.type)
        if isinstance(o, URIRef) and not str(o).startswith(builtin)
    }
    for axiom in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        used |= set(_list(ontology, ontology.value(axiom, OWL.members)))
    for union in ontology.objects(None, OWL.unionOf):
        used |= set(_list(ontology, union))
    missing = {
        term for term in used if isinstance(term, URIRef) and not str(term).startswith(builtin)
    } - declared
    assert missing == set()


def test_no_term_is_both_object_and_datatype_property(ontology: Graph) -> None:
    objects = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    datas = set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    annotations = set(ontology.subjects(RDF.type, OWL.AnnotationProperty))
    assert objects & datas == set()
    assert (objects | datas) & annotations == set()


def test_class_expressions_are_well_formed(ontology: Graph) -> None:
    # blank-node unions must be typed owl:Class and list at least two named classes
    for node in ontology.subjects(OWL.unionOf, None):
        assert isinstance(node, BNode)
        assert (node, RDF.type, OWL.Class) in ontology
        members = _list(ontology, ontology.value(node, OWL.unionOf))
        assert len(members) >= 2
        assert all((m, RDF.type, OWL.Class) in ontology for m in members)


# -- HermiT ----------------------------------------------------------------------------------


@pytest.mark.java
@requires_java
def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_class(
    ontology: Graph,
) -> None:
    from policygraph.reasoning import reason

    report = reason(Graph(), ontology=ontology)
    assert report.consistent, report.explain()
    assert report.unsatisfiable == []
    assert report.seconds > 0


def _has_jdk() -> bool:
    if shutil.which("java") is None:
        return False
    modules = subprocess.run(["java", "--list-modules"], capture_output=True, text=True)
    return "jdk.compiler" in modules.stdout


@pytest.mark.java
@pytest.mark.skipif(not _has_jdk(), reason="the OWL 2 DL profile check needs a JDK")
@pytest.mark.parametrize("with_data", [False, True], ids=["ontology", "ontology+examples+graph"])
def test_ontology_and_data_are_in_the_owl2_dl_profile(tmp_path: Path, with_data: bool) -> None:
    import owlready2

    graph = parse_file(_paths.ontology_file())
    if with_data:
        from policygraph.build import build

        for path in sorted((_paths.ontology_dir() / "examples" / "valid").glob("*.ttl")):
            parse_file(path, graph=graph)
        for triple in build().union():
            graph.add(triple)
    document = tmp_path / "ontology.nt"
    graph.serialize(document, format="nt", encoding="utf-8")
    source = tmp_path / "CheckDL.java"
    source.write_text(_PROFILE_CHECK, encoding="utf-8")
    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    run = subprocess.run(
        ["java", "-cp", str(jar), str(source), str(document)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines()[-1] == "IN PROFILE", run.stdout
