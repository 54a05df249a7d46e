"""The graph built from the tables: SQL renders exactly the IRIs and literals the Python side mints."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import quote

import duckdb
import pyoxigraph as ox
import pytest
from hypothesis import given, settings, strategies as st

from chaingap.graph import build
from chaingap.graph.store import ChainStore
from chaingap.graph.values import canonical_decimal, nquads_string
from chaingap.ontology.namespace import CG_NS
from chaingap.ontology.terms import iri

_CON = duckdb.connect()


def sql_value(expression: str, value) -> str:
    return _CON.execute(f"SELECT {expression} FROM (SELECT ? AS v)", [value]).fetchone()[0]


@settings(max_examples=300)
@given(st.text(min_size=1))
def test_iris_rendered_in_sql_are_the_ones_terms_mints(identifier):
    assert sql_value(build.iri_sql("enterprise", "v"), identifier) == f"<{iri('enterprise', identifier)}>"
    assert quote(identifier, safe="") in iri("enterprise", identifier)


@settings(max_examples=300)
@given(st.text())
def test_strings_rendered_in_sql_are_escaped_as_nquads_wants(text):
    assert sql_value(build.string_sql("v"), text) == nquads_string(text)


@given(st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=8))
def test_decimals_rendered_in_sql_have_the_canonical_form(value):
    rendered = _CON.execute(f"SELECT {build.decimal_sql('v')} FROM (SELECT CAST(? AS DECIMAL(38, 8)) AS v)",
                            [str(value)]).fetchone()[0]
    assert rendered == f'"{canonical_decimal(value)}"^^<http://www.w3.org/2001/XMLSchema#decimal>'


def test_every_table_of_record_is_mapped_and_every_mapped_column_exists():
    from chaingap.loaders.tables_of_record import TABLES

    mapped = {mapping.table for mapping in build.MAPPING}
    unmapped = set(TABLES) - mapped
    assert unmapped == {"rates", "warnings"}, "tables without RDF statements must be a decision, not an accident"


def test_the_sample_graph_conforms_to_the_shapes(sample_dataset):
    from chaingap.ontology.shacl import validate

    with ChainStore() as store:
        store.load(sample_dataset)
        graph = ox.serialize((quad.triple for quad in store.quads(sample_dataset.id)), format=ox.RdfFormat.N_TRIPLES)
    import rdflib

    # N-Triples of the union: rdflib's N-Quads parser uses the deprecated Dataset.default_context
    result = validate(rdflib.Graph().parse(data=graph.decode("utf-8"), format="nt"))
    assert result.conforms, result.problems[:5]


def test_the_graph_says_what_the_tables_hold(sample_dataset):
    with ChainStore() as store:
        store.load(sample_dataset)
        by_sql = store.sql("SELECT count(*) AS n FROM operations")[0]["n"]
        by_sparql = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?e cg:hasOperation ?op }")[0]["n"]
        firms = store.sql("SELECT count(*) AS n, count(revenue) AS r FROM enterprises")[0]
        sparql_firms = store.query("""SELECT (COUNT(DISTINCT ?e) AS ?n) (COUNT(?r) AS ?rev)
                                      WHERE { ?e a cg:Enterprise OPTIONAL { ?e cg:revenue ?r } }""")[0]
    assert by_sql == by_sparql > 3000
    assert (firms["n"], firms["r"]) == (sparql_firms["n"], sparql_firms["rev"])


def test_a_rebuilt_graph_replaces_the_old_version_graph(sample_dataset):
    with ChainStore() as store:
        store.load(sample_dataset)
        first = {g.value for g in store.graph().named_graphs()}
        store.load(sample_dataset)
        second = {g.value for g in store.graph().named_graphs()}
    assert first != second and len(first) == len(second) == 3
    assert all(CG_NS not in g for g in second)


@pytest.mark.parametrize("slice_lines", [1, 7, 250_000])
def test_slicing_the_bulk_load_never_changes_the_graph(slice_lines, tmp_path):
    con = duckdb.connect()
    from chaingap.loaders import load_dataset
    from chaingap.loaders.tables_of_record import write_tables

    write_tables(load_dataset("tests/data/basic"), con)
    whole, sliced = ox.Store(), ox.Store()
    for chunk, _ in build.nquad_batches(con, "main", "https://example.org/g"):
        whole.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
    for chunk, _ in build.nquad_batches(con, "main", "https://example.org/g", slice_lines):
        sliced.bulk_load(chunk, format=ox.RdfFormat.N_QUADS)
    assert set(whole) == set(sliced) and len(whole) > 200


def test_a_feed_relation_carries_weight_evidence_and_confidence_next_to_the_edge():
    from toycity import ToyCity

    toy = ToyCity().chain("C1").chain("C2").link("L1", "C1").link("L2", "C2").link("L3", "C2")
    toy.feeds("L1", "L2", weight=4, evidence="industry_up.json", confidence="0.8").feeds("L2", "L3")
    toy.feeds("L1", "L2", weight="1.5")  # the same edge again: one relation, the largest weight
    from chaingap.queries.backend import select

    rows = select(toy.graph(), """SELECT ?a ?b ?w ?e ?c WHERE { ?a cg:feedsInto ?b . ?f a cg:FeedRelation ; cg:feedSource ?a ; cg:feedTarget ?b
        OPTIONAL { ?f cg:weight ?w } OPTIONAL { ?f cg:evidence ?e } OPTIONAL { ?f cg:confidence ?c } } ORDER BY ?a ?b""")
    found = [tuple(row[name] for name in ("a", "b", "w", "e", "c")) for row in rows]
    assert found == [(iri("link", "L1"), iri("link", "L2"), Decimal(4), "industry_up.json", Decimal("0.8")),
                     (iri("link", "L2"), iri("link", "L3"), None, None, None)]
