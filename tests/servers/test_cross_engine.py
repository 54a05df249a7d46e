"""One answer, every engine: SQL on the tables (the default), the Python oracle, SPARQL on the embedded
graph, SPARQL on a REAL Oxigraph server and Cypher on a REAL Neo4j - on the bundled sample and on
generated data.

Equality is the gap engine's: counts and statuses equal, ratios equal after rounding to 6
decimals, ranked targets in the same order with the same scores. Neo4j is filled from the
tables of record (``push``); the SPARQL server from the graph the store builds from them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from chaingap.graph import endpoint
from chaingap.graph.neo4j import push, run_cypher_file
from chaingap.graph.store import ChainStore
from chaingap.ontology.terms import iri
from chaingap.queries.gaps import analyse
from chaingap.queries.profile import load_profile
from chaingap.queries.proximity import province_classes
from chaingap.queries.sparql_engine import METRIC_NAMES, SparqlEngine, status_params, status_query, target_params

pytestmark = [pytest.mark.neo4j, pytest.mark.endpoint]

ENGINES = ("sql", "python", "sparql")


def comparable(value):
    """Counts stay ints, ratios become floats rounded to 6 decimals, the rest is as is."""
    if isinstance(value, bool) or value is None or isinstance(value, (str, int)):
        return value
    if isinstance(value, (float, Decimal)):
        return round(float(value), 6)
    return value


def link_table(analysis) -> dict[str, dict]:
    """What every engine must agree on per link: status, 延链 flag and every metric (each link judged as
    a link: a parent's own evaluation, which the answer shows as a rollup)."""
    return {link.id: {"status": own.status, "extension": own.extension,
                      **{key: comparable(value) for key, value in own.metrics.items()}}
            for link in analysis.links for own in [analysis.as_links.get(link.id, link)]}


def shown_table(analysis) -> dict[str, tuple]:
    """The rolled-up answer: status, level, leaf and the leaves' statuses of a rollup."""
    return {link.id: (link.status, link.level, link.leaf, link.rollup) for link in analysis.links}


def target_table(analysis) -> dict[str, list]:
    return {link: [(t.enterprise, comparable(t.score), t.size_basis) for t in items]
            for link, items in analysis.targets.items()}


def cypher_links(rows: list[dict]) -> dict[str, dict]:
    """Rows of link_status.cypher in the shape of :func:`link_table` (same metric names as SPARQL's)."""
    from chaingap.ontology.terms import local_id

    table = {}
    for row in rows:
        metrics = {key: comparable(row.get(var)) for var, key in METRIC_NAMES.items()}
        metrics["strong_neighbours"] = metrics["strong_neighbours"] or 0
        metrics["top_firm"] = local_id(metrics["top_firm"]) if metrics["top_firm"] else None
        table[local_id(row["link"])] = {"status": row["status"], "extension": bool(row["extension"]), **metrics}
    return table


def cypher_params(profile, settings=None) -> dict:
    """link_status.cypher's parameters; with a minimum feed weight, the measures over the
    relationships that count on the server at ``settings`` (chaingap.graph.neo4j.cypher_measures)."""
    from chaingap.graph.neo4j import cypher_measures

    params = {key: float(value) if isinstance(value, Decimal) else value for key, value in status_params(profile).items()}
    params["keyRevenueMin"] = float(profile.key_revenue_min)
    params["measures"] = cypher_measures(settings, profile.min_feed_weight) if settings is not None else {}
    return params


@pytest.fixture(scope="module", params=["sample", "synthetic", "small city", "thin city", "no revenue city",
                                                "declined city"])
def prepared(request, synthetic_dataset):
    """A store holding one dataset, the default profile, and the analysis of every embedded engine.

    The small city of the engine tests has every status, a being-filled link next to a
    strength (延链) and supply ties, in a few lines."""
    if request.param == "small city":
        from ..test_gaps_engines import small_city

        dataset = small_city().dataset()
    elif request.param == "declined city":  # an outreach log: a recent decline ranked in no engine
        from ..test_outreach import declined_city

        dataset = declined_city().dataset()
    elif request.param == "thin city":  # 证据不足 and 无数据 links under evidence minimums
        from ..test_gaps_evidence import city

        dataset = city().dataset()
    elif request.param == "no revenue city":  # sizes on registered capital, employees, listing or nothing
        from ..test_gaps_size_basis import city as no_revenue_city

        dataset = no_revenue_city().dataset()
    else:
        dataset = request.getfixturevalue("sample_dataset") if request.param == "sample" else synthetic_dataset
    with ChainStore() as store:
        store.load(dataset)
        profile = load_profile(_thin_profile() if request.param == "thin city" else None)
        analyses = {engine: analyse(store, profile, engine=engine) for engine in ENGINES}
        yield store, profile, analyses


def _thin_profile() -> dict:
    from ..test_gaps_evidence import HONEST

    return HONEST


def test_sql_python_and_sparql_agree_on_the_embedded_store(prepared):
    _, _, analyses = prepared
    expected = link_table(analyses["sql"])
    assert len({link["status"] for link in expected.values()}) >= 3, "the data exercises several statuses"
    for engine in ENGINES[1:]:
        assert link_table(analyses[engine]) == expected, engine
        assert shown_table(analyses[engine]) == shown_table(analyses["sql"]), engine
        assert target_table(analyses[engine]) == target_table(analyses["sql"]), engine


def test_cypher_on_neo4j_gives_the_same_statuses_and_metrics(prepared, empty_neo4j):
    store, profile, analyses = prepared
    push(store, empty_neo4j, progress=False)
    got = cypher_links(run_cypher_file("link_status", empty_neo4j, **cypher_params(profile, empty_neo4j)))
    expected = link_table(analyses["sql"])
    assert got.keys() == expected.keys()
    for link in expected:
        shared = {key: expected[link][key] for key in got[link]}
        assert got[link] == shared, link
    # Cypher's rows go through the same rollup as every engine's
    from chaingap.queries.results import LinkResult
    from chaingap.queries.rollups import roll_up
    from chaingap.queries.sql_engine import SqlEngine
    from chaingap.queries.sources import tables_of

    rows = [LinkResult(id=link.id, name=link.name, chain=link.chain, segment=link.segment, status=got[link.id]["status"],
                       extension=got[link.id]["extension"], metrics={}) for link in analyses["sql"].links]
    shown, _ = roll_up(rows, SqlEngine(tables_of(store), profile).parents())
    assert {link.id: (link.status, link.level, link.leaf, link.rollup) for link in shown} == shown_table(analyses["sql"])


def test_cypher_on_neo4j_ranks_the_same_targets(prepared, empty_neo4j):
    store, profile, analyses = prepared
    push(store, empty_neo4j, progress=False)
    engine = SparqlEngine(store, profile)
    provinces = [row["p"] for row in store.sql("SELECT DISTINCT province AS p FROM enterprises WHERE province IS NOT NULL")]
    classes = province_classes(engine.region_province(), provinces)
    expected = target_table(analyses["sql"])
    assert expected, "the data has links that need targets"
    for link_id, targets in sorted(expected.items()):
        params = {key: float(value) if isinstance(value, Decimal) else value
                  for key, value in target_params(profile, iri("link", link_id)).items()}
        params.update(provinceClass=classes, top=profile.top_n)
        rows = run_cypher_file("targets", empty_neo4j, **params)
        from chaingap.ontology.terms import local_id

        assert [(local_id(row["e"]), comparable(row["score"]), row["sizeBasis"]) for row in rows] == targets, link_id


def test_oxigraph_server_gives_the_embedded_statuses_and_targets(prepared, sparql_endpoint):
    store, profile, analyses = prepared
    for graph in endpoint.named_graphs(sparql_endpoint):
        endpoint.push_quads([(graph, [])], sparql_endpoint)
    endpoint.push(store, sparql_endpoint)
    text = status_query(store, profile)
    assert endpoint.query(sparql_endpoint, text) == store.query(text)
    engine = SparqlEngine(store, profile)
    served = SparqlEngine(ServerGraph(sparql_endpoint), profile)
    links = sorted(analyses["sql"].targets)[:5]
    assert served.rankings(links, []) == engine.rankings(links, [])


class ServerGraph:
    """A SPARQL server seen as a graph the SPARQL engine can run its queries on."""

    def __init__(self, url: str) -> None:
        self.url = url

    def query(self, sparql: str, bindings=None):
        assert not bindings
        return endpoint.query(self.url, sparql)


@pytest.mark.parametrize("min_weight", [None, 2])
def test_every_engine_ignores_a_light_feed_alike(min_weight, empty_neo4j):
    """The light-edge city of the engine tests: at weight 2 its supply gap, 延链 and criticality
    change, and SQL, the oracle, SPARQL and Cypher (with the CLI's parameters) say the same."""
    from chaingap.cli.servers import link_status_parameters

    from ..test_gaps_engines import light_edge_city

    profile = load_profile({"min_feed_weight": min_weight})
    with ChainStore() as store:
        store.load(light_edge_city().dataset())
        tables = {engine: link_table(analyse(store, profile, engine=engine)) for engine in ENGINES}
        push(store, empty_neo4j, progress=False)
    assert tables["python"] == tables["sparql"] == tables["sql"]
    assert tables["sql"]["L1"]["supply_gap"] is (min_weight is None)
    params = link_status_parameters({"min_feed_weight": min_weight}, empty_neo4j)
    got = cypher_links(run_cypher_file("link_status", empty_neo4j, **params))
    for link, expected in tables["sql"].items():
        assert got[link] == {key: expected[key] for key in got[link]}, link
