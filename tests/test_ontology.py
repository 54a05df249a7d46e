"""The ontology file and the closed Python namespace ``CG`` describe the same terms."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, Literal, Namespace, URIRef

#: rdflib's closed XSD namespace warns when pytest probes module attributes while collecting;
#: an open namespace of the same IRI gives the same terms.
XSD = Namespace(str(rdflib.XSD))
from rdflib.namespace import SKOS

from chaingap.ontology.namespace import CG, CG_NS
from chaingap.ontology.shacl import ontology_graph

PYTHON_TERMS = sorted(CG.__annotations__)


def _declared_terms(graph: rdflib.Graph) -> set[str]:
    return {
        str(subject)[len(CG_NS):]
        for subject in graph.subjects(RDF.type, None)
        if isinstance(subject, URIRef) and str(subject).startswith(CG_NS)
    }


def test_the_turtle_file_is_package_data_and_parses():
    text = files("chaingap.ontology").joinpath("chaingap.ttl").read_text(encoding="utf-8")
    graph = rdflib.Graph().parse(data=text, format="turtle")
    assert len(graph) > 500
    ontology = URIRef("https://w3id.org/chaingap/ontology")
    assert (ontology, RDF.type, OWL.Ontology) in graph
    assert graph.value(ontology, OWL.versionInfo) is not None


@pytest.mark.parametrize("name", PYTHON_TERMS)
def test_every_python_term_is_declared_in_the_turtle(name):
    assert (CG[name], RDF.type, None) in ontology_graph()


def test_every_declared_term_is_in_the_python_namespace():
    assert _declared_terms(ontology_graph()) - set(PYTHON_TERMS) == set()


@pytest.mark.parametrize("name", PYTHON_TERMS)
@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_term_has_a_label_in_chinese_and_english(name, language):
    labels = [
        label for label in ontology_graph().objects(CG[name], RDFS.label)
        if isinstance(label, Literal) and label.language == language
    ]
    assert labels, f"cg:{name} has no rdfs:label @{language}"


@pytest.mark.parametrize("name", PYTHON_TERMS)
def test_every_term_has_an_english_comment(name):
    comments = [c for c in ontology_graph().objects(CG[name], RDFS.comment) if c.language == "en"]
    assert comments, f"cg:{name} has no rdfs:comment @en"


def test_the_namespace_is_closed():
    with pytest.raises(AttributeError):
        CG.Nonexistent  # noqa: B018
    with pytest.raises(AttributeError):
        CG.Enterprize  # noqa: B018


@pytest.mark.parametrize(
    "name, kind",
    [
        ("Enterprise", OWL.Class),
        ("District", OWL.Class),
        ("operatesIn", OWL.ObjectProperty),
        ("partOf", OWL.ObjectProperty),
        ("revenue", OWL.DatatypeProperty),
        ("isLocal", OWL.DatatypeProperty),
        ("SegmentScheme", SKOS.ConceptScheme),
        ("upstream", SKOS.Concept),
        ("reachedOutput", SKOS.Concept),
    ],
)
def test_terms_are_declared_with_their_kind(name, kind):
    assert (CG[name], RDF.type, kind) in ontology_graph()


def test_every_object_property_has_domain_and_range():
    graph = ontology_graph()
    for prop in graph.subjects(RDF.type, OWL.ObjectProperty):
        assert graph.value(prop, RDFS.domain) is not None, prop
        assert graph.value(prop, RDFS.range) is not None, prop


def test_every_datatype_property_has_an_xsd_range():
    graph = ontology_graph()
    for prop in graph.subjects(RDF.type, OWL.DatatypeProperty):
        assert str(graph.value(prop, RDFS.range)).startswith(str(XSD)), prop


@pytest.mark.parametrize(
    "prop, datatype",
    [
        ("revenue", XSD.decimal), ("registeredCapital", XSD.decimal), ("investment", XSD.decimal),
        ("benchmarkRevenue", XSD.decimal), ("share", XSD.decimal), ("foundedOn", XSD.date),
        ("onDate", XSD.date), ("asOf", XSD.date), ("isLocal", XSD.boolean),
        ("stageOrder", XSD.integer), ("benchmarkEnterprises", XSD.integer), ("employees", XSD.integer),
    ],
)
def test_datatype_ranges_follow_the_architecture_contract(prop, datatype):
    assert ontology_graph().value(CG[prop], RDFS.range) == datatype


STAGES = ["signed", "landed", "started", "inDatabase", "inStatistics", "producing", "reachedOutput"]


def test_stages_are_ordered_one_to_seven_in_the_stage_scheme():
    graph = ontology_graph()
    orders = [graph.value(CG[stage], CG.stageOrder).toPython() for stage in STAGES]
    assert orders == list(range(1, 8))
    for stage in STAGES:
        assert (CG[stage], SKOS.inScheme, CG.StageScheme) in graph
        assert (CG[stage], RDF.type, CG.ProjectStage) in graph


@pytest.mark.parametrize("segment", ["upstream", "midstream", "downstream"])
def test_segments_are_concepts_of_the_segment_scheme(segment):
    graph = ontology_graph()
    assert (CG[segment], SKOS.inScheme, CG.SegmentScheme) in graph
    assert (CG[segment], RDF.type, CG.Segment) in graph


@pytest.mark.parametrize(
    "leaf, parent",
    [
        ("City", "AdministrativeDistrict"), ("CountyLevelCity", "AdministrativeDistrict"),
        ("UrbanDistrict", "AdministrativeDistrict"), ("County", "AdministrativeDistrict"),
        ("DevelopmentZone", "FunctionalZone"), ("HighTechZone", "FunctionalZone"),
        ("Park", "FunctionalZone"), ("Base", "FunctionalZone"),
        ("AdministrativeDistrict", "District"), ("FunctionalZone", "District"),
    ],
)
def test_district_hierarchy(leaf, parent):
    assert (CG[leaf], RDFS.subClassOf, CG[parent]) in ontology_graph()


@pytest.mark.parametrize(
    "term, relation, reused",
    [
        ("Link", RDFS.subClassOf, SKOS.Concept),
        ("Enterprise", RDFS.subClassOf, URIRef("http://www.w3.org/ns/org#Organization")),
        ("Enterprise", RDFS.subClassOf, URIRef("https://schema.org/Organization")),
        ("Dataset", RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")),
        ("subLinkOf", RDFS.subPropertyOf, SKOS.broader),
        ("partOf", RDFS.subPropertyOf, URIRef("https://schema.org/containedInPlace")),
        ("name", RDFS.subPropertyOf, RDFS.label),
    ],
)
def test_well_known_vocabularies_are_reused(term, relation, reused):
    assert (CG[term], relation, reused) in ontology_graph()


DOCS = Path(__file__).resolve().parents[1] / "docs" / "ontology.md"


@pytest.mark.parametrize("name", PYTHON_TERMS)
def test_every_term_is_documented(name):
    assert f"`cg:{name}`" in DOCS.read_text(encoding="utf-8")
