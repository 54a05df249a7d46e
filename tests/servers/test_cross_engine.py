"""The same gap answers from every engine: SPARQL on the embedded store, Cypher on a REAL Neo4j,
SPARQL on a REAL Oxigraph server, and the Python path - on the bundled sample and generated data.

Equality is the gap engine's: counts equal, ratios equal after rounding to 6 decimals,
statuses equal. Neo4j is filled from the dataset's tables of record (``push``), not from RDF.
"""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from chaingap.graph import endpoint
from chaingap.graph.neo4j import push, run_cypher_file
from chaingap.queries import load_query
from chaingap.queries.backend import select
from chaingap.queries.params import render
from chaingap.queries.profile import load_profile
from chaingap.queries.sparql_engine import METRIC_NAMES, status_params

from .conftest import graphs_of

pytestmark = [pytest.mark.neo4j, pytest.mark.endpoint]


def comparable(value):
    """Counts stay ints, ratios become floats rounded to 6 decimals, the rest is as is."""
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, (float, Decimal)):
        return round(float(value), 6)
    return value


def normalised(rows: list[dict]) -> dict[str, dict]:
    result = {}
    for row in rows:
        values = {key: comparable(row.get(key)) for key in METRIC_NAMES}
        values["strongNeighbours"] = values["strongNeighbours"] or 0
        values["status"] = row["status"]
        values["extension"] = bool(row["extension"])
        result[row["link"]] = values
    return result


def cypher_params(profile) -> dict:
    params = {key: float(value) if isinstance(value, Decimal) else value for key, value in status_params(profile).items()}
    params["keyRevenueMin"] = float(profile.key_revenue_min)
    return params


@pytest.fixture(scope="module", params=["sample", "synthetic"])
def prepared(request, synthetic_dataset):
    """A store holding one dataset, analysed (so the derived graph exists), with its profile, and
    the dataset's tables of record (what ``push`` sends to Neo4j)."""
    import duckdb

    from chaingap.loaders.tables_of_record import write_tables
    from chaingap.queries.gaps import analyse

    if request.param == "sample":
        dataset = request.getfixturevalue("sample_dataset")
    else:
        dataset = synthetic_dataset
    store = ox.Store()
    store.extend(dataset.quads())
    profile = load_profile(None)
    analysis = analyse(store, profile, engine="sparql")
    tables = duckdb.connect()
    write_tables(dataset, tables)
    yield store, profile, analysis, tables
    tables.close()


def test_cypher_on_neo4j_gives_the_sparql_link_statuses(prepared, empty_neo4j):
    store, profile, analysis, tables = prepared
    push(tables, empty_neo4j, progress=False)
    expected = normalised(select(store, render(load_query("link_status"), status_params(profile))))
    got = normalised(run_cypher_file("link_status", empty_neo4j, **cypher_params(profile)))
    assert got.keys() == expected.keys()
    for link in expected:
        assert got[link] == expected[link], link
    statuses = {link.status for link in analysis.links}
    assert len(statuses) >= 2, "the data exercises more than one status"


def test_the_python_path_gives_the_same_statuses(prepared, empty_neo4j):
    from chaingap.ontology.terms import iri
    from chaingap.queries.gaps import analyse

    store, profile, analysis, tables = prepared
    python = analyse(store, profile, engine="python")
    push(tables, empty_neo4j, progress=False)
    cypher = {row["link"]: row for row in run_cypher_file("link_status", empty_neo4j, **cypher_params(profile))}
    for link in python.links:
        row = cypher[iri("link", link.id)]
        assert (row["status"], row["extension"], row["n"]) == (link.status, link.extension,
                                                                link.metrics["local_enterprises"]), link.id
        assert comparable(row["lq"]) == comparable(link.metrics["lq"]), link.id
    assert [(l.id, l.status) for l in python.links] == [(l.id, l.status) for l in analysis.links]


def test_oxigraph_server_gives_the_embedded_statuses_and_targets(prepared, sparql_endpoint):
    store, profile, analysis, _ = prepared
    for graph in endpoint.named_graphs(sparql_endpoint):
        endpoint.push_quads([(graph, [])], sparql_endpoint)
    endpoint.push_quads(graphs_of(store), sparql_endpoint)
    status_text = render(load_query("link_status"), status_params(profile))
    assert normalised(endpoint.query(sparql_endpoint, status_text)) == normalised(select(store, status_text))
    from chaingap.ontology.terms import iri
    from chaingap.queries.sparql_engine import target_params

    for link_id, targets in sorted(analysis.targets.items())[:5]:
        text = render(load_query("targets"), target_params(profile, iri("link", link_id)))
        embedded_rows = select(store, text)
        served_rows = endpoint.query(sparql_endpoint, text)
        assert [(r["e"], comparable(r["score"])) for r in served_rows] == \
               [(r["e"], comparable(r["score"])) for r in embedded_rows], link_id


def province_classes(store, profile) -> dict[str, str]:
    """The proximity class of every pool province, as the gap engine classifies them."""
    from chaingap.queries.derived import region_province
    from chaingap.queries.proximity import classifier_for

    classify = classifier_for(region_province(store, profile))
    provinces = select(store, "SELECT DISTINCT ?p WHERE { ?e cg:province ?p }")
    classes = {str(row["p"]): classify(str(row["p"])) for row in provinces}
    return {province: label for province, label in classes.items() if label != "other"}


def cypher_target_params(store, profile, link_iri: str) -> dict:
    from chaingap.queries.sparql_engine import target_params

    params = {key: float(value) if isinstance(value, Decimal) else value
              for key, value in target_params(profile, link_iri).items()}
    params.update(provinceClass=province_classes(store, profile), top=profile.top_n)
    return params


def test_cypher_on_neo4j_ranks_the_same_targets(prepared, empty_neo4j):
    from chaingap.ontology.terms import iri
    from chaingap.queries.gaps import analyse

    store, profile, analysis, tables = prepared
    python = analyse(store, profile, engine="python")
    push(tables, empty_neo4j, progress=False)
    assert analysis.targets, "the data has links that need targets"
    for link_id, targets in sorted(analysis.targets.items()):
        rows = run_cypher_file("targets", empty_neo4j, **cypher_target_params(store, profile, iri("link", link_id)))
        ranked = [row["e"] for row in rows]
        assert ranked == [iri("enterprise", t.enterprise) for t in targets], link_id
        assert ranked == [iri("enterprise", t.enterprise) for t in python.targets[link_id]], link_id
        assert [comparable(row["score"]) for row in rows] == [comparable(t.score) for t in targets], link_id
