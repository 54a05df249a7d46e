"""One conversion: RDF terms, SPARQL JSON, Python values and graph properties agree everywhere."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyoxigraph as ox
import pytest
from hypothesis import given, strategies as st

from chaingap.graph.values import (
    canonical_decimal,
    from_sparql_json,
    nquads_string,
    to_graphml,
    to_json,
    to_property,
    to_python,
    to_term,
)
from chaingap.ontology.namespace import CG_NS, XSD
from chaingap.ontology.terms import Iri, iri


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


@pytest.mark.parametrize(("term", "expected"), [
    (typed("12.50", "decimal"), Decimal("12.50")),
    (typed("42", "integer"), 42),
    (typed("7", "nonNegativeInteger"), 7),
    (typed("2.5E0", "double"), 2.5),
    (typed("true", "boolean"), True),
    (typed("0", "boolean"), False),
    (typed("2024-03-30", "date"), dt.date(2024, 3, 30)),
    (typed("2024-03-30T08:00:00", "dateTime"), dt.datetime(2024, 3, 30, 8, 0)),
    (ox.Literal("镇江", language="zh"), "镇江"),
    (ox.Literal("plain"), "plain"),
    (typed("not a number", "decimal"), "not a number"),
    (ox.NamedNode("https://example.org/x"), "https://example.org/x"),
    (None, None),
])
def test_literals_become_python_values_consistently(term, expected):
    value = to_python(term)
    assert value == expected
    assert type(value) is type(expected) or isinstance(value, Iri)


@pytest.mark.parametrize(("binding", "expected"), [
    ({"type": "literal", "value": "12.50", "datatype": XSD + "decimal"}, Decimal("12.50")),
    ({"type": "typed-literal", "value": "3", "datatype": XSD + "integer"}, 3),
    ({"type": "literal", "value": "镇江", "xml:lang": "zh"}, "镇江"),
    ({"type": "uri", "value": "https://example.org/x"}, "https://example.org/x"),
    ({"type": "bnode", "value": "b0"}, "_:b0"),
    (None, None),
])
def test_sparql_json_results_read_as_the_embedded_store_reads_terms(binding, expected):
    assert from_sparql_json(binding) == expected


@pytest.mark.parametrize("value", [
    Decimal("12.5"), 3, 2.25, True, False, dt.date(2024, 1, 2), "镇江 \"quoted\"",
])
def test_python_values_round_trip_through_terms(value):
    assert to_python(to_term(value)) == value


def test_a_plain_string_is_never_an_iri_but_a_minted_one_is():
    assert isinstance(to_term("https://example.org/x"), ox.Literal)
    assert isinstance(to_term(iri("link", "L01")), ox.NamedNode)


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("100"), "100"), (Decimal("100.500"), "100.5"), (Decimal("-0.250"), "-0.25"),
    (Decimal("0.000"), "0"), (Decimal("1E+3"), "1000"), (7, "7"),
])
def test_decimals_have_one_canonical_lexical_form(value, text):
    assert canonical_decimal(value) == text


def test_properties_for_neo4j_graphml_and_json():
    assert to_property(Decimal("1.5")) == 1.5 and to_property([Decimal("2")]) == [2.0]
    assert to_graphml(dt.date(2024, 1, 2)) == "2024-01-02" and to_graphml(None) == ""
    assert to_json({"a": Decimal("0.1234567"), "d": dt.date(2024, 1, 2)}) == {"a": 0.123457, "d": "2024-01-02"}


@given(st.one_of(  # Oxigraph's xsd:decimal holds 18 fractional digits and about 20 integer ones
    st.decimals(min_value=Decimal("-1e15"), max_value=Decimal("1e15"), places=4),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.text(),
))
def test_any_python_value_survives_a_trip_through_a_query(value):
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("https://example.org/s"), ox.NamedNode(CG_NS + "keyword"), to_term(value)))
    [row] = store.query("SELECT ?v WHERE { ?s ?p ?v }")
    assert to_python(row["v"]) == value
    assert type(to_python(row["v"])) is type(value)


@given(st.text())
def test_nquads_strings_parse_back_to_the_same_text(text):
    line = f"<https://example.org/s> <https://example.org/p> {nquads_string(text)} ."
    [quad] = list(ox.parse(line.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    assert quad.object.value == text
