"""Pushing into a REAL Neo4j (Community 5.26, started by conftest): idempotent, resumable,
injection-proof, with clear errors for a server that is down or a wrong password."""

from __future__ import annotations

import collections
import socket

import duckdb
import pytest

from chaingap.graph import neo4j as pg
from chaingap.graph.neo4j import (
    Neo4jConnectionError,
    Neo4jCredentialsError,
    Neo4jPushError,
    Neo4jSettings,
    push,
    run_cypher,
)
from chaingap.loaders.tables_of_record import create_tables
from chaingap.ontology.terms import iri

pytestmark = pytest.mark.neo4j

HOSTILE_NAMES = [
    "x'}) DETACH DELETE n //",
    '"; DROP',
    "`) MATCH (m) DETACH DELETE m //",
    "${rows}\\u0027 RETURN 1",
    "镇江\n第二行",
]


def snapshot(settings: Neo4jSettings) -> tuple[list, list]:
    nodes = run_cypher("MATCH (n) RETURN n.iri AS iri, labels(n) AS labels, properties(n) AS props ORDER BY iri",
                       settings)
    rels = run_cypher("MATCH (a)-[r]->(b) RETURN a.iri AS a, type(r) AS t, b.iri AS b, properties(r) AS props "
                      "ORDER BY a, t, b", settings)
    for node in nodes:
        node["labels"] = sorted(node["labels"])
    return nodes, rels


def enterprise_tables(names: list[str], link: str = "L1", chain: str = "C1",
                      founded: dict[int, str] | None = None) -> duckdb.DuckDBPyConnection:
    """Tables of record holding one link (of ``chain``) and one enterprise per name, working in it;
    ``founded`` gives some of them a founding date (as text, any DuckDB DATE)."""
    con = duckdb.connect()
    create_tables(con)
    con.execute("INSERT INTO links (dataset, id, chain, name) VALUES ('hostile', ?, ?, '环节')", [link, chain])
    for index, name in enumerate(names):
        con.execute("INSERT INTO enterprises (dataset, id, name, is_local, founded, listed, specialised, high_tech, "
                    "above_scale, chain_leader, illustrative) "
                    "VALUES ('hostile', ?, ?, false, CAST(? AS DATE), false, false, false, false, false, false)",
                    [f"{name}#{index}", name, (founded or {}).get(index)])
        con.execute("INSERT INTO operations (dataset, enterprise, link, share, assigned_by) VALUES ('hostile', ?, ?, NULL, 'table')", [f"{name}#{index}", link])
    return con


def test_the_fixture_is_a_real_neo4j_community_5_26(neo4j_settings):
    [component] = run_cypher("CALL dbms.components() YIELD name, versions, edition RETURN *", neo4j_settings)
    assert component["name"] == "Neo4j Kernel"
    assert component["edition"] == "community"
    assert component["versions"][0].startswith("5.26.")


def test_a_wrong_password_is_reported_as_such(neo4j_settings):
    wrong = Neo4jSettings(uri=neo4j_settings.uri, username="neo4j", password="not-the-password")
    with pytest.raises(Neo4jCredentialsError, match="wrong user name or password"):
        push(enterprise_tables(["甲"]), wrong, progress=False)


def test_a_server_that_is_down_is_reported_as_such():
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = Neo4jSettings(uri=f"bolt://127.0.0.1:{port}", password="whatever")
    with pytest.raises(Neo4jConnectionError, match="cannot reach Neo4j"):
        push(enterprise_tables(["甲"]), down, progress=False)


def test_no_password_is_refused_before_connecting():
    with pytest.raises(Neo4jCredentialsError, match="NEO4J_PASSWORD"):
        push(enterprise_tables(["甲"]), Neo4jSettings(password=None), progress=False)


def test_pushing_twice_changes_nothing(empty_neo4j, synthetic_dataset):
    first = push(synthetic_dataset, empty_neo4j, batch_size=97, progress=False)
    after_first = snapshot(empty_neo4j)
    second = push(synthetic_dataset, empty_neo4j, batch_size=500, progress=False)
    assert first.nodes_created > 0 and first.relationships_created > 0
    assert (second.nodes_created, second.relationships_created) == (0, 0)
    assert snapshot(empty_neo4j) == after_first


def test_every_converted_row_arrives(empty_neo4j, synthetic_dataset):
    nodes, rels = pg.source_rows(synthetic_dataset)  # the RDF rule on the graph built from the same tables
    push(synthetic_dataset, empty_neo4j, progress=False)
    stored_nodes, stored_rels = snapshot(empty_neo4j)
    assert len(stored_nodes) == len(nodes)
    assert collections.Counter(r["t"] for r in stored_rels) == collections.Counter(r.type for r in rels)
    enterprises = run_cypher("MATCH (e:Enterprise) RETURN count(e) AS n", empty_neo4j)[0]["n"]
    assert enterprises == len({row["id"] for row in synthetic_dataset.table("enterprises")})


def test_operation_share_lands_on_operates_in(empty_neo4j, synthetic_dataset):
    push(synthetic_dataset, empty_neo4j, progress=False)
    rows = run_cypher("MATCH (:Enterprise)-[r:OPERATES_IN]->(:Link) "
                      "RETURN count(r) AS all, count(r.share) AS with_share, min(r.share) AS low, max(r.share) AS high",
                      empty_neo4j)
    [row] = rows
    assert row["all"] == row["with_share"] > 0
    assert 0 < row["low"] <= row["high"] <= 1
    assert run_cypher("MATCH (o:Operation) RETURN count(o) AS n", empty_neo4j) == [{"n": 0}]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_stored_verbatim_and_delete_nothing(empty_neo4j, synthetic_dataset, name):
    push(synthetic_dataset, empty_neo4j, progress=False)
    before = {node["iri"] for node in snapshot(empty_neo4j)[0]}
    chain = next(iter(synthetic_dataset.chains.chains))  # already there: the push adds one link, one firm
    push(enterprise_tables([name], chain=chain), empty_neo4j, progress=False, include_ontology=False)
    rows = run_cypher("MATCH (e:Enterprise {name: $name}) RETURN e.name AS name, e.id AS id", empty_neo4j, name=name)
    assert rows == [{"name": name, "id": f"{name}#0"}]
    after = {node["iri"] for node in snapshot(empty_neo4j)[0]}
    assert after - before == {iri("enterprise", f"{name}#0"), iri("link", "L1")}
    assert before <= after


def test_a_push_that_fails_midway_keeps_earlier_batches_and_a_rerun_completes_it(empty_neo4j):
    names = [f"企业{i:03d}" for i in range(50)]
    good = enterprise_tables(names)
    bad = enterprise_tables(names, founded={30: "20000-01-01"})  # a DATE that Neo4j's driver cannot carry

    with pytest.raises(Neo4jPushError, match="push again"):
        push(bad, empty_neo4j, batch_size=10, progress=False, include_ontology=False)
    [count] = run_cypher("MATCH (e:Enterprise) RETURN count(e) AS n", empty_neo4j)
    assert 0 < count["n"] < len(names), "earlier batches stay committed, the failing one and later do not"
    assert run_cypher("MATCH (e:Enterprise {name: $n}) RETURN e", empty_neo4j, n=names[30]) == []

    push(good, empty_neo4j, batch_size=10, progress=False, include_ontology=False)
    resumed = snapshot(empty_neo4j)
    with_clean_db = _fresh_push(empty_neo4j, good)
    assert resumed == with_clean_db


def _fresh_push(settings: Neo4jSettings, quads) -> tuple[list, list]:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(settings.uri, auth=(settings.username, settings.password)) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.database)
    push(quads, settings, batch_size=10, progress=False, include_ontology=False)
    return snapshot(settings)


@pytest.fixture(params=["sample", "synthetic"])
def tables(request, synthetic_dataset):
    """The tables of record of the bundled sample or of generated data, in an in-memory DuckDB."""
    from chaingap.loaders.tables_of_record import write_tables

    dataset = request.getfixturevalue("sample_dataset") if request.param == "sample" else synthetic_dataset
    con = duckdb.connect()
    write_tables(dataset, con)
    yield con
    con.close()


def test_the_push_from_the_tables_writes_what_the_rdf_rule_gives(empty_neo4j, tables):
    """Labels, properties (names, types, lists) and relationships are those of docs/property-graph.md's
    rule applied to the RDF graph built from the same tables (graph/build.py)."""
    stats = push(tables, empty_neo4j, batch_size=333, progress=False)
    from_tables = snapshot(empty_neo4j)
    nodes, rels = pg.source_rows(tables)
    _fresh_rows(empty_neo4j, nodes, rels)
    assert from_tables == snapshot(empty_neo4j)
    assert (stats.nodes, stats.relationships) == (len(nodes), len(rels))


def test_links_carry_their_measures_from_the_links_and_feeds_tables(empty_neo4j, tables):
    from chaingap.graph.measures import link_measures

    push(tables, empty_neo4j, progress=False)
    links = [row[0] for row in tables.execute("SELECT id FROM links").fetchall()]
    feeds = tables.execute("SELECT source, target, weight FROM feeds").fetchall()
    expected = {iri("link", link): (count, float(value))
                for link, (count, value) in link_measures(links, feeds).items()}
    rows = run_cypher("MATCH (l:Link) RETURN l.iri AS iri, l.downstreamCount AS d, l.criticality AS c", empty_neo4j)
    assert {row["iri"]: (row["d"], row["c"]) for row in rows} == expected
    assert any(count for count, _ in expected.values())


def test_a_store_a_folder_and_a_dataset_give_the_same_tables(sample_store, sample_dir, sample_dataset):
    count = "SELECT count(*) FROM enterprises"
    with pg.tables_of(sample_store) as from_store, pg.tables_of(sample_dir) as from_folder, \
            pg.tables_of(sample_dataset) as from_dataset:
        assert from_store.execute(count).fetchall() == from_folder.execute(count).fetchall() \
               == from_dataset.execute(count).fetchall() != [(0,)]


def _fresh_rows(settings: Neo4jSettings, nodes, rels) -> None:
    from neo4j import GraphDatabase

    with GraphDatabase.driver(settings.uri, auth=(settings.username, settings.password)) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n", database_=settings.database)
    pg.push_rows(nodes, rels, settings, progress=False)


def test_feeds_into_carries_weight_evidence_and_confidence(empty_neo4j):
    """The qualified cg:FeedRelation becomes properties of FEEDS_INTO (docs/property-graph.md);
    an edge given twice is one relationship with its largest weight, as the gap engines weigh it."""
    from toycity import ToyCity

    toy = ToyCity().chain("C1").link("L1", "C1").link("L2", "C1").link("L3", "C1")
    toy.feeds("L1", "L2", weight=4, evidence="industry_up.json", confidence="0.8").feeds("L1", "L2", weight=1)
    toy.feeds("L2", "L3")
    tables = toy.tables()
    push(tables, empty_neo4j, progress=False)
    rows = run_cypher("MATCH (a:Link)-[f:FEEDS_INTO]->(b:Link) RETURN a.id AS a, b.id AS b, f.weight AS w, "
                      "f.evidence AS e, f.confidence AS c ORDER BY a, b", empty_neo4j)
    assert rows == [{"a": "L1", "b": "L2", "w": 4.0, "e": "industry_up.json", "c": 0.8},
                    {"a": "L2", "b": "L3", "w": None, "e": None, "c": None}]
    from_tables = snapshot(empty_neo4j)
    nodes, rels = pg.source_rows(tables)  # the rule applied to the RDF graph of the same tables
    _fresh_rows(empty_neo4j, nodes, rels)
    assert snapshot(empty_neo4j) == from_tables
