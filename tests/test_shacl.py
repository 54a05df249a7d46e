"""The SHACL shapes accept a well-formed chain graph and name the node at fault otherwise."""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

import pytest
import rdflib
from rdflib import RDF, RDFS, Graph, Literal, Namespace, URIRef

#: rdflib's closed XSD namespace warns when pytest probes module attributes while collecting;
#: an open namespace of the same IRI gives the same terms.
XSD = Namespace(str(rdflib.XSD))

from chaingap.ontology.namespace import CG
from chaingap.ontology.shacl import ShaclProblem, ValidationResult, shapes_graph, validate
from chaingap.ontology.terms import graph_iri, iri

from .quads import quads_of

CHAIN = URIRef(iri("chain", "nev"))
CELL = URIRef(iri("link", "cell"))
PACK = URIRef(iri("link", "pack"))
CITY = URIRef(iri("district", "zj"))
ZONE = URIRef(iri("district", "zj-new"))
LOCAL = URIRef(iri("enterprise", "913211007849873301"))
EXTERNAL = URIRef(iri("enterprise", "ext-1"))
OPERATION = URIRef(iri("operation", "ext-1/cell"))
PROJECT = URIRef(iri("project", "P1"))
EVENT = URIRef(iri("event", "P1/signed"))
TRANSFER = URIRef(iri("transfer", "P1|2024-05-01|zj"))
COMMITMENT = URIRef(iri("commitment", "P1|investment|committed|2024-12-31|1"))
DATASET = URIRef(iri("dataset", "zj"))


def _named(graph: Graph, node: URIRef, name: str) -> None:
    graph.add((node, CG.name, Literal(name)))
    graph.add((node, RDFS.label, Literal(name, lang="zh")))


def valid_graph() -> Graph:
    """A chain with two links, a city and a zone, a local and an external firm, a project."""
    g = Graph()
    g.add((CHAIN, RDF.type, CG.IndustryChain))
    _named(g, CHAIN, "新能源汽车")
    g.add((CHAIN, CG.acyclic, Literal(True)))
    for link, name, segment in [(CELL, "电芯", CG.midstream), (PACK, "电池包", CG.downstream)]:
        g.add((link, RDF.type, CG.Link))
        _named(g, link, name)
        g.add((CHAIN, CG.hasLink, link))
        g.add((link, CG.inSegment, segment))
    g.add((CELL, CG.feedsInto, PACK))
    g.add((CELL, CG.benchmarkEnterprises, Literal(120)))
    g.add((CELL, CG.benchmarkRevenue, Literal(Decimal("1250000.5"))))

    g.add((CITY, RDF.type, CG.City))
    _named(g, CITY, "镇江市")
    g.add((CITY, CG.adminCode, Literal("321100")))
    g.add((ZONE, RDF.type, CG.DevelopmentZone))
    _named(g, ZONE, "镇江新区")
    g.add((ZONE, CG.partOf, CITY))

    g.add((LOCAL, RDF.type, CG.Enterprise))
    _named(g, LOCAL, "镇江某电池有限公司")
    g.add((LOCAL, CG.creditCode, Literal("913211007849873301")))
    g.add((LOCAL, CG.isLocal, Literal(True)))
    g.add((LOCAL, CG.locatedIn, ZONE))
    g.add((LOCAL, CG.operatesIn, PACK))
    g.add((LOCAL, CG.revenue, Literal(Decimal("52000"))))
    g.add((LOCAL, CG.employees, Literal(1200)))
    g.add((LOCAL, CG.foundedOn, Literal("2008-05-01", datatype=XSD.date)))
    g.add((LOCAL, CG.isSpecialised, Literal(True)))

    g.add((EXTERNAL, RDF.type, CG.Enterprise))
    _named(g, EXTERNAL, "外地电芯股份有限公司")
    g.add((EXTERNAL, CG.isLocal, Literal(False)))
    g.add((EXTERNAL, CG.province, Literal("安徽省")))
    g.add((EXTERNAL, CG.operatesIn, CELL))
    g.add((EXTERNAL, CG.hasOperation, OPERATION))
    g.add((EXTERNAL, CG.suppliesTo, LOCAL))
    g.add((OPERATION, RDF.type, CG.Operation))
    g.add((OPERATION, CG.operationLink, CELL))
    g.add((OPERATION, CG.share, Literal(Decimal("0.6"))))
    g.add((OPERATION, CG.assignedBy, Literal("table")))

    g.add((PROJECT, RDF.type, CG.Project))
    _named(g, PROJECT, "动力电池项目")
    g.add((PROJECT, CG.locatedIn, ZONE))
    g.add((PROJECT, CG.targetsLink, CELL))
    g.add((PROJECT, CG.currentStage, CG.signed))
    g.add((PROJECT, CG.investment, Literal(Decimal("600000"))))
    g.add((PROJECT, CG.hasStageEvent, EVENT))
    g.add((EVENT, RDF.type, CG.StageEvent))
    g.add((EVENT, CG.stage, CG.signed))
    g.add((EVENT, CG.onDate, Literal("2024-03-30", datatype=XSD.date)))
    g.add((PROJECT, CG.hasTransfer, TRANSFER))
    g.add((TRANSFER, RDF.type, CG.ProjectTransfer))
    g.add((TRANSFER, CG.onDate, Literal("2024-05-01", datatype=XSD.date)))
    g.add((TRANSFER, CG.fromDistrict, ZONE))
    g.add((TRANSFER, CG.toDistrict, CITY))
    g.add((TRANSFER, CG.creditShare, Literal(Decimal("0.4"))))
    g.add((PROJECT, CG.hasCommitment, COMMITMENT))
    g.add((COMMITMENT, RDF.type, CG.ProjectCommitment))
    g.add((COMMITMENT, CG.commitmentKind, Literal("investment")))
    g.add((COMMITMENT, CG.commitmentRecord, Literal("committed")))
    g.add((COMMITMENT, CG.onDate, Literal("2024-12-31", datatype=XSD.date)))
    g.add((COMMITMENT, CG.commitmentAmount, Literal(Decimal("300000"))))

    g.add((DATASET, RDF.type, CG.Dataset))
    g.add((DATASET, CG.region, CITY))
    g.add((DATASET, CG.asOf, Literal("2024-06-30", datatype=XSD.date)))
    return g


def test_the_hand_built_graph_conforms():
    result = validate(valid_graph())
    assert isinstance(result, ValidationResult)
    assert result.conforms, "\n".join(map(str, result.problems))
    assert result.problems == []


def test_a_dataset_is_validated_as_the_union_of_its_named_graphs():
    """Links in one dataset's graph, the enterprise pointing at them in another: still valid."""
    dataset = rdflib.Dataset()
    chain_part = dataset.graph(URIRef(graph_iri("chains")))
    pool_part = dataset.graph(URIRef(graph_iri("pool")))
    for triple in valid_graph():
        target = pool_part if triple[0] in (EXTERNAL, OPERATION) else chain_part
        target.add(triple)
    result = validate(dataset)
    assert result.conforms, "\n".join(map(str, result.problems))


def test_the_input_graph_is_not_modified():
    graph = valid_graph()
    before = len(graph)
    validate(graph)
    assert len(graph) == before


def _remove(subject, predicate) -> Callable[[Graph], None]:
    return lambda g: g.remove((subject, predicate, None))


def _set(subject, predicate, value) -> Callable[[Graph], None]:
    return lambda g: g.set((subject, predicate, value))


def _add(subject, predicate, value) -> Callable[[Graph], None]:
    return lambda g: g.add((subject, predicate, value))


BROKEN = {
    "enterprise with no name": (_remove(LOCAL, CG.name), LOCAL, "cg:name"),
    "enterprise with two names": (_add(LOCAL, CG.name, Literal("别名")), LOCAL, "cg:name"),
    "share above one": (_set(OPERATION, CG.share, Literal(Decimal("1.5"))), OPERATION, "cg:share"),
    "share below zero": (_set(OPERATION, CG.share, Literal(Decimal("-0.1"))), OPERATION, "cg:share"),
    "share not a decimal": (_set(OPERATION, CG.share, Literal("0.5")), OPERATION, "cg:share"),
    "operation with no link": (_remove(OPERATION, CG.operationLink), OPERATION, "cg:operationLink"),
    "local enterprise with no district": (_remove(LOCAL, CG.locatedIn), LOCAL, None),
    "enterprise located in a link": (_set(LOCAL, CG.locatedIn, CELL), LOCAL, "cg:locatedIn"),
    "credit code of 17 characters": (_set(LOCAL, CG.creditCode, Literal("91321100784987330")), LOCAL, "cg:creditCode"),
    "credit code with a letter O": (_set(LOCAL, CG.creditCode, Literal("91321100784987330O")), LOCAL, "cg:creditCode"),
    "credit code with letters in the division code": (
        _set(LOCAL, CG.creditCode, Literal("91AB11007849873301")), LOCAL, "cg:creditCode"),
    "enterprise in no link": (_remove(EXTERNAL, CG.operatesIn), EXTERNAL, "cg:operatesIn"),
    "enterprise with no isLocal": (_remove(EXTERNAL, CG.isLocal), EXTERNAL, "cg:isLocal"),
    "isLocal as text": (_set(EXTERNAL, CG.isLocal, Literal("yes")), EXTERNAL, "cg:isLocal"),
    "negative revenue": (_set(LOCAL, CG.revenue, Literal(Decimal("-1"))), LOCAL, "cg:revenue"),
    "revenue as a float": (_set(LOCAL, CG.revenue, Literal(5.0)), LOCAL, "cg:revenue"),
    "negative employees": (_set(LOCAL, CG.employees, Literal(-3)), LOCAL, "cg:employees"),
    "employees as a decimal": (_set(LOCAL, CG.employees, Literal(Decimal("12.5"))), LOCAL, "cg:employees"),
    "a flag as text": (
        _set(LOCAL, CG.isSpecialised, Literal("是")), LOCAL,
        "cg:isListed|cg:isSpecialised|cg:isHighTech|cg:isAboveScale|cg:isChainLeader"),
    "negative investment": (_set(PROJECT, CG.investment, Literal(Decimal("-5"))), PROJECT, "cg:investment"),
    "benchmark count as a decimal": (
        _set(CELL, CG.benchmarkEnterprises, Literal(Decimal("1.5"))), CELL, "cg:benchmarkEnterprises"),
    "illustrative as text": (_add(CELL, CG.illustrative, Literal("true")), CELL, "cg:illustrative"),
    "founding date as text": (_set(LOCAL, CG.foundedOn, Literal("2008-05-01")), LOCAL, "cg:foundedOn"),
    "link in no chain": (lambda g: g.remove((CHAIN, CG.hasLink, PACK)), PACK, "^cg:hasLink"),
    "link in two chains": (
        lambda g: [g.add((URIRef(iri("chain", "x")), RDF.type, CG.IndustryChain)),
                   g.add((URIRef(iri("chain", "x")), CG.name, Literal("x"))),
                   g.add((URIRef(iri("chain", "x")), CG.hasLink, PACK))],
        PACK, "^cg:hasLink"),
    "link with no name": (_remove(CELL, CG.name), CELL, "cg:name"),
    "link in an unknown segment": (_set(CELL, CG.inSegment, CG.signed), CELL, "cg:inSegment"),
    "link feeding a district": (_add(CELL, CG.feedsInto, CITY), CITY, None),
    "project with no district": (_remove(PROJECT, CG.locatedIn), PROJECT, "cg:locatedIn"),
    "project at a segment, not a stage": (_set(PROJECT, CG.currentStage, CG.upstream), PROJECT, "cg:currentStage"),
    "stage event without a date": (_remove(EVENT, CG.onDate), EVENT, "cg:onDate"),
    "stage event dated with a dateTime": (
        _set(EVENT, CG.onDate, Literal("2024-03-30T00:00:00", datatype=XSD.dateTime)), EVENT, "cg:onDate"),
    "transfer without a date": (_remove(TRANSFER, CG.onDate), TRANSFER, "cg:onDate"),
    "transfer to a link": (_set(TRANSFER, CG.toDistrict, CELL), TRANSFER, "cg:toDistrict"),
    "credit share above one": (_set(TRANSFER, CG.creditShare, Literal(Decimal("1.2"))), TRANSFER, "cg:creditShare"),
    "commitment of an unknown kind": (_set(COMMITMENT, CG.commitmentKind, Literal("speed")), COMMITMENT,
                                      "cg:commitmentKind"),
    "commitment neither committed nor actual": (_set(COMMITMENT, CG.commitmentRecord, Literal("promised")),
                                                COMMITMENT, "cg:commitmentRecord"),
    "negative commitment amount": (_set(COMMITMENT, CG.commitmentAmount, Literal(Decimal("-1"))), COMMITMENT,
                                   "cg:commitmentAmount"),
    "commitment without a date": (_remove(COMMITMENT, CG.onDate), COMMITMENT, "cg:onDate"),
    "project pointing at a stage event as a commitment": (_add(PROJECT, CG.hasCommitment, EVENT), PROJECT,
                                                          "cg:hasCommitment"),
    "district with no kind class": (
        lambda g: [g.remove((ZONE, RDF.type, None)), g.add((ZONE, RDF.type, CG.District))],
        ZONE, "rdf:type"),
    "district with no name": (_remove(CITY, CG.name), CITY, "cg:name"),
    "admin code of 4 digits": (_set(CITY, CG.adminCode, Literal("3211")), CITY, "cg:adminCode"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graphs_do_not_conform_and_name_the_focus_node(case):
    breakage, focus, path = BROKEN[case]
    graph = valid_graph()
    breakage(graph)
    result = validate(graph)
    assert not result.conforms
    at_focus = [p for p in result.problems if p.focus_node == str(focus)]
    assert at_focus, f"no problem at {focus}: " + "\n".join(map(str, result.problems))
    if path is not None:
        assert path in {p.path for p in at_focus}
    assert all(p.severity == "Violation" for p in at_focus)
    assert result.text


def test_a_project_may_name_only_its_chain():
    graph = valid_graph()
    graph.remove((PROJECT, CG.targetsLink, None))
    graph.add((PROJECT, CG.targetsChain, CHAIN))
    assert validate(graph).conforms


def test_an_external_enterprise_needs_no_district():
    graph = valid_graph()
    assert (EXTERNAL, CG.locatedIn, None) not in graph
    assert validate(graph).conforms


def test_every_problem_is_reported_not_just_the_first():
    graph = valid_graph()
    graph.remove((LOCAL, CG.name, None))
    graph.remove((CELL, CG.name, None))
    graph.set((OPERATION, CG.share, Literal(Decimal("2"))))
    focus_nodes = {p.focus_node for p in validate(graph).problems}
    assert {str(LOCAL), str(CELL), str(OPERATION)} <= focus_nodes


def test_a_problem_reads_as_one_line_naming_node_path_and_rule():
    graph = valid_graph()
    graph.set((OPERATION, CG.share, Literal(Decimal("1.5"))))
    (problem,) = [p for p in validate(graph).problems if p.path == "cg:share"]
    assert isinstance(problem, ShaclProblem)
    assert str(problem).startswith("operation/ext-1%2Fcell cg:share: ")
    assert "between 0 and 1" in str(problem)
    assert problem.value == "1.5"


def test_shapes_use_only_shacl_core():
    """SPARQL-based constraints would make pySHACL slow on large pools."""
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    assert not list(shapes_graph().subject_objects(sh.sparql))


def _loaded_as_rdflib(dataset_folder) -> rdflib.Graph:
    """The dataset's union graph as rdflib triples (N-Triples: rdflib's N-Quads parser goes
    through the deprecated ``Dataset.default_context``)."""
    import pyoxigraph

    from chaingap.loaders import load_dataset

    loaded = load_dataset(dataset_folder)
    text = pyoxigraph.serialize((quad.triple for quad in quads_of(loaded)), format=pyoxigraph.RdfFormat.N_TRIPLES)
    return rdflib.Graph().parse(data=text, format="nt")


def test_the_loaders_fixture_dataset_conforms():
    """What the loaders write is what the shapes ask for (tests/data/basic, every table)."""
    from pathlib import Path

    folder = Path(__file__).parent / "data" / "basic"
    result = validate(_loaded_as_rdflib(folder))
    assert result.conforms, "\n".join(map(str, result.problems))


@pytest.mark.parametrize("shape", ["layered", "chain", "tree", "dense"])
def test_a_synthetic_dataset_conforms(tmp_path, shape):
    """Generated datasets of every chain shape (chaingap.sample.synthetic) conform."""
    from chaingap.sample.synthetic import generate

    folder = generate(tmp_path / shape, enterprises=120, chains=2, links_per_chain=(4, 8), shape=shape)
    result = validate(_loaded_as_rdflib(folder))
    assert result.conforms, "\n".join(map(str, result.problems))


@pytest.mark.parametrize("store", ["default", "Oxigraph"])
def test_explicit_xsd_string_literals_match_the_shapes_lists(store):
    """oxrdflib hands strings back as "table"^^xsd:string; sh:in lists plain "table"."""
    dataset = rdflib.Dataset(store=store)
    part = dataset.graph(URIRef(graph_iri("zj")))
    for s, p, o in valid_graph():
        if isinstance(o, Literal) and o.datatype is None and o.language is None:
            o = Literal(str(o), datatype=XSD.string)
        part.add((s, p, o))
    result = validate(dataset)
    assert result.conforms, "\n".join(map(str, result.problems))


@pytest.mark.slow
def test_the_bundled_zhenjiang_sample_conforms():
    """The sample a new user loads first conforms to every shape (about 3,600 enterprises)."""
    from chaingap.sample import with_sample_dir

    with with_sample_dir() as folder:
        result = validate(_loaded_as_rdflib(folder))
    assert result.conforms, "\n".join(map(str, result.problems[:30]))
