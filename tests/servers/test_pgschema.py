"""The property-graph schema follows from the ontology by one rule (docs/property-graph.md)."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import OWL, RDF

from chaingap.graph.pgschema import (
    RESOURCE_LABEL,
    convert_literal,
    cypher_name,
    property_graph_rows,
    property_graph_schema,
    relationship_type,
)
from chaingap.ontology.namespace import CG, CG_NS
from chaingap.ontology.shacl import ontology_graph
from chaingap.ontology.terms import iri

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = str(RDF.type)


@pytest.mark.parametrize("local, expected", [
    ("feedsInto", "FEEDS_INTO"), ("operatesIn", "OPERATES_IN"), ("subLinkOf", "SUB_LINK_OF"),
    ("hasStageEvent", "HAS_STAGE_EVENT"), ("region", "REGION"),
])
def test_relationship_types_are_upper_snake_of_the_local_name(local, expected):
    assert relationship_type(local) == expected


def test_every_object_property_of_the_ontology_has_a_type_and_nothing_else_does():
    declared = {str(p)[len(CG_NS):] for p in ontology_graph().subjects(RDF.type, OWL.ObjectProperty)}
    assert set(property_graph_schema().relationship_types) == declared


def test_every_class_is_a_label_and_labels_carry_their_superclasses():
    schema = property_graph_schema()
    declared = {str(c)[len(CG_NS):] for c in ontology_graph().subjects(RDF.type, OWL.Class) if str(c).startswith(CG_NS)}
    assert schema.labels == declared
    assert schema.labels_for({"City"}) == ("AdministrativeDistrict", "City", "District", RESOURCE_LABEL)
    assert schema.labels_for({"NotAClass"}) == (RESOURCE_LABEL,)


@pytest.mark.parametrize("name, is_list", [("name", False), ("revenue", False), ("isLocal", False),
                                           ("keyword", True), ("industryCode", True)])
def test_single_and_list_valued_properties(name, is_list):
    assert (name in property_graph_schema().list_properties) is is_list


@pytest.mark.parametrize("name", ["Enterprise`) DETACH DELETE n //", "a b", "", "1abc", "x:y"])
def test_names_that_are_not_plain_identifiers_never_reach_cypher(name):
    with pytest.raises(ValueError):
        cypher_name(name)


@pytest.mark.parametrize("lexical, datatype, value", [
    ("12.50", XSD + "decimal", 12.5), ("7", XSD + "integer", 7), ("true", XSD + "boolean", True),
    ("false", XSD + "boolean", False), ("2024-03-30", XSD + "date", datetime.date(2024, 3, 30)),
    ("镇江", XSD + "string", "镇江"),
])
def test_literals_become_neo4j_values(lexical, datatype, value):
    assert convert_literal(lexical, datatype) == value


def test_operations_fold_into_operates_in_properties():
    enterprise, link, operation = iri("enterprise", "E1"), iri("link", "L1"), iri("operation", "E1|L1")
    statements = [
        (enterprise, RDF_TYPE, str(CG.Enterprise)), (enterprise, str(CG.name), ("甲", XSD + "string")),
        (link, RDF_TYPE, str(CG.Link)),
        (enterprise, str(CG.operatesIn), link), (enterprise, str(CG.hasOperation), operation),
        (operation, RDF_TYPE, str(CG.Operation)), (operation, str(CG.operationLink), link),
        (operation, str(CG.share), ("0.6", XSD + "decimal")), (operation, str(CG.assignedBy), ("table", XSD + "string")),
    ]
    nodes, rels = property_graph_rows(statements)
    assert sorted(node.id for node in nodes) == ["E1", "L1"]
    assert [(r.type, r.source_id, r.target_id, r.props) for r in rels] == [
        ("OPERATES_IN", "E1", "L1", {"share": 0.6, "assignedBy": "table"})]


def test_statements_in_two_graphs_make_one_node():
    enterprise = iri("enterprise", "E1")
    statements = [(enterprise, RDF_TYPE, str(CG.Enterprise)), (enterprise, str(CG.keyword), ("电池", XSD + "string")),
                  (enterprise, RDF_TYPE, str(CG.Enterprise)), (enterprise, str(CG.keyword), ("储能", XSD + "string"))]
    [node], _ = property_graph_rows(statements)
    assert node.props == {"keyword": ["储能", "电池"]}


# --- the same rule on the tables of record (graph/pgtables.py) --------------------------------

def test_the_table_mapping_names_only_what_the_ontology_declares():
    from chaingap.graph import pgtables

    pgtables.check()
    schema = property_graph_schema()
    assert {node.cls for node in pgtables.NODES} <= schema.labels
    assert {rel.prop for rel in pgtables.RELATIONSHIPS} <= set(schema.relationship_types)


def test_every_object_property_between_resources_is_written_from_some_table():
    """All but the qualified forms' own links (hasOperation, operationLink, supplier, customer,
    suppliedProduct, feedSource, feedTarget), which fold into OPERATES_IN / SUPPLIES_TO / FEEDS_INTO."""
    from chaingap.graph import pgtables

    folded = {"hasOperation", "operationLink", "supplier", "customer", "suppliedProduct", "feedSource", "feedTarget"}
    written = {rel.prop for rel in pgtables.RELATIONSHIPS}
    assert written == set(property_graph_schema().relationship_types) - folded


@pytest.mark.parametrize("broken, message", [
    ("cls", "not a class"), ("prop", "not a datatype property"), ("list", "single value"), ("rel", "object property"),
])
def test_a_mapping_that_strays_from_the_ontology_is_refused(monkeypatch, broken, message):
    import dataclasses

    from chaingap.graph import pgtables

    link = next(node for node in pgtables.NODES if node.cls == "Link")
    changed = {
        "cls": dataclasses.replace(link, cls="Linkk"),
        "prop": dataclasses.replace(link, props=(pgtables.Prop("nmae", "t.name"),)),
        "list": dataclasses.replace(link, props=(pgtables.Prop("name", "[t.name]", many=True),)),
    }
    if broken == "rel":
        monkeypatch.setattr(pgtables, "RELATIONSHIPS", (dataclasses.replace(pgtables.RELATIONSHIPS[0], prop="feeds"),))
    else:
        monkeypatch.setattr(pgtables, "NODES", (changed[broken],))
    with pytest.raises(ValueError, match=message):
        pgtables.check()


@given(st.text(min_size=1, max_size=40))
@settings(max_examples=200, deadline=None)
def test_iris_minted_in_sql_are_those_of_terms_iri(text):
    import duckdb

    from chaingap.graph.pgtables import minted

    end = minted("enterprise", "t.id")
    with duckdb.connect() as con:
        [(made, id_)] = con.execute(f"SELECT {end.iri}, {end.id} FROM (SELECT ? AS id) t", [text]).fetchall()
    assert (made, id_) == (iri("enterprise", text), text)
