"""A REAL SPARQL 1.1 server (``oxigraph serve``, started by conftest) answers the bundled
``.rq`` files exactly as the embedded store does, over the union of the pushed graphs."""

from __future__ import annotations

import socket

import pyoxigraph as ox
import pytest

from chaingap.graph import endpoint
from chaingap.graph.endpoint import EndpointError, SparqlEndpoint
from chaingap.graph.store import ChainStore
from chaingap.ontology.terms import graph_iri
from chaingap.queries import load_query, query_names
from chaingap.queries.params import param_names, render

pytestmark = pytest.mark.endpoint


def canonical(rows: list[dict]) -> list[tuple]:
    return sorted(tuple(sorted((key, repr(value)) for key, value in row.items())) for row in rows)


def clear(url: str) -> None:
    for graph in endpoint.named_graphs(url):
        endpoint.push_quads([(graph, [])], url)


@pytest.fixture(scope="module")
def prepared_store(synthetic_dataset):
    """The generated data in an embedded store (its graph built from the tables on first query)."""
    with ChainStore() as store:
        store.load(synthetic_dataset)
        yield store


@pytest.fixture()
def empty_endpoint(sparql_endpoint: str) -> str:
    clear(sparql_endpoint)
    return sparql_endpoint


def test_each_dataset_lands_in_its_own_named_graph(empty_endpoint, synthetic_dataset, prepared_store):
    stats = endpoint.push(synthetic_dataset, empty_endpoint, batch_triples=1000)
    assert endpoint.named_graphs(empty_endpoint) == [graph_iri(synthetic_dataset.id)]
    [row] = endpoint.query(empty_endpoint, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    quads = sum(1 for _ in prepared_store.quads(synthetic_dataset.id))
    assert row["n"] == quads, "every distinct statement arrived"
    assert stats.triples == quads
    assert stats.requests > 1, "the push went in several batches"


def test_pushing_twice_changes_nothing(empty_endpoint, synthetic_dataset):
    endpoint.push(synthetic_dataset, empty_endpoint, batch_triples=700)
    first = endpoint.query(empty_endpoint, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    endpoint.push(synthetic_dataset, empty_endpoint, batch_triples=5000)
    assert canonical(endpoint.query(empty_endpoint, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")) == canonical(first)


#: Leads of anchor firms (链主) and the pipeline's commitments and month of events: the generated
#: city has no anchors, no commitments and no events in the default month, so these answer empty
#: on both sides (tests/test_leads.py and tests/servers/test_pipeline_endpoint.py have rows for them).
LEADS_QUERIES = {"leads_groups", "leads_supply", "pipeline_laggards", "pipeline_month"}


@pytest.mark.parametrize("name", query_names("sparql"))
def test_bundled_queries_answer_as_on_the_embedded_store(empty_endpoint, prepared_store, name):
    store = prepared_store
    endpoint.push(store, empty_endpoint)
    text = load_query(name)
    if "link" in param_names(text):  # a per-link query: ask it about every seventh link
        links = [row["link"] for row in store.query("SELECT ?link WHERE { ?link a cg:Link } ORDER BY ?link")][::7]
        texts = [render(text, {"link": link}) for link in links[:12]]
    else:
        texts = [text]
    answered = 0
    for one in texts:
        expected = store.query(one)
        assert canonical(endpoint.query(empty_endpoint, one)) == canonical(expected)
        answered += len(expected)
    if name not in LEADS_QUERIES:
        assert answered, f"{name} returns rows on the generated data, so equality means something"


def test_hostile_literals_travel_verbatim(empty_endpoint):
    graph = ox.NamedNode(graph_iri("hostile"))
    names = ["x'}) DETACH DELETE n //", '"; DROP', "}} ; DROP ALL ; #", "line\nbreak \\ \"q\""]
    triples = [ox.Triple(ox.NamedNode(f"https://w3id.org/chaingap/id/enterprise/h{i}"),
                         ox.NamedNode("https://w3id.org/chaingap/ontology#name"), ox.Literal(name))
               for i, name in enumerate(names)]
    endpoint.push_quads([(graph.value, triples)], empty_endpoint)
    rows = endpoint.query(empty_endpoint, "SELECT ?n WHERE { ?e cg:name ?n }")
    assert sorted(row["n"] for row in rows) == sorted(names)


def test_a_server_that_is_down_is_a_clear_error():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(EndpointError, match="cannot reach"):
        endpoint.query(SparqlEndpoint.from_url(f"http://127.0.0.1:{port}"), "ASK {}")


def test_fuseki_style_paths_are_configurable():
    target = SparqlEndpoint.from_url("http://127.0.0.1:3030/ds/", query_path="sparql", store_path="data")
    assert (target.query_url, target.store_url) == ("http://127.0.0.1:3030/ds/sparql", "http://127.0.0.1:3030/ds/data")
