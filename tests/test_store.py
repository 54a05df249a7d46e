"""ChainStore: each dataset in its own named graph, loads replace atomically, queries see the union."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, strategies as st

from chaingap.graph.errors import ForeignQuadError, StoreError, UnknownDatasetError
from chaingap.graph.store import ChainStore, DatasetInfo, LoadStats, to_python, to_term
from chaingap.ontology.namespace import CG_NS
from chaingap.ontology.terms import graph_iri, iri

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def cg(name: str) -> ox.NamedNode:
    return ox.NamedNode(CG_NS + name)


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=ox.NamedNode(XSD + datatype))


class FakeDataset:
    """The shape of ``chaingap.loaders.LoadedDataset`` that the store relies on."""

    def __init__(self, dataset_id: str, enterprises: int, *, local: bool = True, link: str = "L01",
                 revenue: str = "100.5", fail_after: int | None = None, as_of: str | None = "2024-03-31",
                 foreign_graph: bool = False) -> None:
        self.id = dataset_id
        self.enterprises = enterprises
        self.local = local
        self.link = link
        self.revenue = revenue
        self.fail_after = fail_after
        self.as_of = as_of
        self.foreign_graph = foreign_graph

    @property
    def graph_iri(self) -> str:
        return graph_iri(self.id)

    def quads(self):
        graph = ox.NamedNode("https://example.org/other") if self.foreign_graph else ox.NamedNode(self.graph_iri)
        produced = 0

        def quad(s, p, o):
            nonlocal produced
            if self.fail_after is not None and produced >= self.fail_after:
                raise RuntimeError(f"reader failed after {produced} quads")
            produced += 1
            return ox.Quad(s, p, o, graph)

        node = ox.NamedNode(iri("dataset", self.id))
        yield quad(node, RDF_TYPE, cg("Dataset"))
        if self.as_of:
            yield quad(node, cg("asOf"), typed(self.as_of, "date"))
        link = ox.NamedNode(iri("link", self.link))
        yield quad(link, RDF_TYPE, cg("Link"))
        yield quad(link, cg("name"), ox.Literal("正极材料", language="zh"))
        for number in range(self.enterprises):
            firm = ox.NamedNode(iri("enterprise", f"{self.id}-{number}"))
            yield quad(firm, RDF_TYPE, cg("Enterprise"))
            yield quad(firm, cg("name"), ox.Literal(f"企业{number}"))
            yield quad(firm, cg("operatesIn"), link)
            yield quad(firm, cg("revenue"), typed(self.revenue, "decimal"))
            yield quad(firm, cg("isLocal"), typed("true" if self.local else "false", "boolean"))


def all_quads(store: ChainStore) -> set[str]:
    return {str(quad) for quad in store.oxigraph.quads_for_pattern(None, None, None, None)}


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    chain_store = ChainStore(None if request.param == "memory" else tmp_path / "store")
    yield chain_store
    chain_store.close()


def test_load_puts_the_dataset_in_its_own_named_graph(store):
    stats = store.load(FakeDataset("city", 3))

    assert isinstance(stats, LoadStats)
    assert (stats.dataset_id, stats.graph_iri, stats.triples, stats.replaced) == (
        "city", graph_iri("city"), 4 + 3 * 5, False)
    graphs = {g.value for g in store.oxigraph.named_graphs()}
    assert graphs == {graph_iri("city")}
    assert store.datasets() == [DatasetInfo("city", graph_iri("city"), 19, dt.date(2024, 3, 31))]


def test_loading_the_same_dataset_twice_gives_the_same_graph(store):
    store.load(FakeDataset("city", 4))
    first = all_quads(store)

    stats = store.load(FakeDataset("city", 4))

    assert stats.replaced is True
    assert all_quads(store) == first


def test_reloading_replaces_only_that_datasets_graph(store):
    store.load(FakeDataset("city", 5))
    store.load(FakeDataset("pool", 2, local=False))
    pool_before = {q for q in all_quads(store) if graph_iri("pool") in q}

    store.load(FakeDataset("city", 1, revenue="7"))

    assert store.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e cg:isLocal true }") == [{"n": 1}]
    assert {q for q in all_quads(store) if graph_iri("pool") in q} == pool_before
    assert [info.triples for info in store.datasets()] == [4 + 5, 4 + 2 * 5]


@pytest.mark.parametrize("fail_after", [0, 1, 7, 20])
def test_a_load_that_fails_midway_leaves_the_store_exactly_as_it_was(store, fail_after):
    store.load(FakeDataset("pool", 3, local=False))
    store.load(FakeDataset("city", 4))
    before = all_quads(store)

    with pytest.raises(RuntimeError, match="reader failed"):
        store.load(FakeDataset("city", 10, revenue="1", fail_after=fail_after))

    assert all_quads(store) == before
    assert [info.id for info in store.datasets()] == ["city", "pool"]


def test_a_dataset_yielding_quads_outside_its_graph_is_refused_and_changes_nothing(store):
    store.load(FakeDataset("city", 2))
    before = all_quads(store)

    with pytest.raises(ForeignQuadError, match="not in the dataset's graph"):
        store.load(FakeDataset("city", 2, foreign_graph=True))

    assert all_quads(store) == before


def test_a_failed_load_on_disk_leaves_no_staging_directory(tmp_path):
    with ChainStore(tmp_path / "store") as store:
        store.load(FakeDataset("city", 2))
        with pytest.raises(RuntimeError):
            store.load(FakeDataset("city", 2, fail_after=3))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]


def test_remove_drops_one_dataset_and_keeps_the_others(store):
    store.load(FakeDataset("city", 2))
    store.load(FakeDataset("pool", 3, local=False))

    removed = store.remove("city")

    assert removed == 4 + 2 * 5
    assert [info.id for info in store.datasets()] == ["pool"]
    with pytest.raises(UnknownDatasetError, match="no dataset 'city'"):
        store.remove("city")


def test_queries_run_over_the_union_of_all_datasets(store):
    store.load(FakeDataset("city", 2, revenue="10.5"))
    store.load(FakeDataset("pool", 3, local=False, revenue="1"))

    rows = store.query("""
        SELECT ?link (COUNT(?e) AS ?firms) (SUM(?revenue) AS ?total) WHERE {
          ?e cg:operatesIn ?link ; cg:revenue ?revenue }
        GROUP BY ?link""")

    assert rows == [{"link": iri("link", "L01"), "firms": 5, "total": Decimal("24.0")}]


def test_stats_count_the_union_and_each_dataset(store):
    store.load(FakeDataset("city", 2))
    store.load(FakeDataset("pool", 3, local=False))

    figures = store.stats()

    assert (figures["links"], figures["enterprises_local"], figures["enterprises_pool"],
            figures["enterprises"]) == (1, 2, 3, 5)
    assert figures["triples"] == 14 + 19
    assert figures["datasets"] == {"city": {"triples": 14, "as_of": "2024-03-31"},
                                   "pool": {"triples": 19, "as_of": "2024-03-31"}}
    assert figures["derived_graphs"] == {}


def test_derived_graphs_are_not_datasets_and_are_dropped_when_data_changes(store):
    derived = graph_iri("_derived") + "/gaps"
    store.load(FakeDataset("city", 1))
    store.add_facts(derived, [(ox.NamedNode(iri("link", "L01")), cg("criticality"), typed("0.5", "decimal"))])

    assert [info.id for info in store.datasets()] == ["city"]
    assert store.derived_graphs() == {derived: 1}
    assert store.stats()["derived_graphs"] == {derived: 1}

    store.load(FakeDataset("city", 2))  # facts derived from the old data would be stale
    assert store.derived_graphs() == {}


def test_a_failed_load_keeps_the_derived_graphs(store):
    derived = graph_iri("_derived") + "/gaps"
    store.load(FakeDataset("city", 1))
    store.add_facts(derived, [(ox.NamedNode(iri("link", "L01")), cg("criticality"), typed("0.5", "decimal"))])

    with pytest.raises(RuntimeError):
        store.load(FakeDataset("city", 5, fail_after=3))
    assert store.derived_graphs() == {derived: 1}


def test_bindings_travel_as_substitutions_not_as_text(store):
    store.load(FakeDataset("city", 2))
    hostile = '企业0" } ; DROP ALL ; SELECT * { "'

    query = "SELECT ?e ?name WHERE { ?e cg:name ?name }"
    assert store.query(query, {"name": "企业1"}) == [
        {"e": iri("enterprise", "city-1"), "name": "企业1"}]
    assert store.query(query, name=hostile) == []
    assert store.query(query, e=ox.NamedNode(iri("enterprise", "city-0")))[0]["name"] == "企业0"
    assert store.query(query, e=rdflib.URIRef(iri("enterprise", "city-0")))[0]["name"] == "企业0"
    assert len(all_quads(store)) == 14


def test_a_bound_variable_missing_from_the_projection_is_explained(store):
    with pytest.raises(StoreError, match="must be in the SELECT clause"):
        store.query("SELECT ?name WHERE { ?e cg:name ?name }", e=ox.NamedNode(iri("enterprise", "x")))


def test_ask_and_construct_answers(store):
    store.load(FakeDataset("city", 1))
    assert store.query("ASK { ?e cg:isLocal true }") is True
    triples = store.query("CONSTRUCT { ?e cg:name ?n } WHERE { ?e a cg:Enterprise ; cg:name ?n }")
    assert [t.object.value for t in triples] == ["企业0"]


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
    assert type(value) is type(expected)


@pytest.mark.parametrize("value", [
    Decimal("12.5"), 3, 2.25, True, False, dt.date(2024, 1, 2), "镇江 \"quoted\"",
])
def test_python_values_round_trip_through_terms(value):
    assert to_python(to_term(value)) == value


def test_a_plain_string_is_never_an_iri():
    assert isinstance(to_term("https://example.org/x"), ox.Literal)


def test_add_facts_appends_or_replaces_a_derived_graph(store):
    store.load(FakeDataset("city", 1))
    derived = "https://w3id.org/chaingap/graph/derived-test"
    link = ox.NamedNode(iri("link", "L01"))

    added = store.add_facts(derived, [(link, cg("criticality"), typed("0.5", "decimal"))])
    store.add_facts(derived, [ox.Triple(link, cg("downstreamCount"), typed("3", "integer"))])
    assert added == 1
    assert store.query("SELECT ?c ?d WHERE { ?l cg:criticality ?c ; cg:downstreamCount ?d }") == [
        {"c": Decimal("0.5"), "d": 3}]

    store.add_facts(derived, [(link, cg("criticality"), typed("0.9", "decimal"))], replace=True)
    assert store.query("SELECT ?c WHERE { ?l cg:criticality ?c }") == [{"c": Decimal("0.9")}]
    assert store.query("ASK { ?l cg:downstreamCount ?d }") is False


def test_update_runs_sparql_update_on_the_store(store):
    store.update('INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> cg:name "a" } }')
    assert store.query("SELECT ?n WHERE { ?s cg:name ?n }") == [{"n": "a"}]


def test_rdflib_view_sees_the_same_store_and_follows_reloads(store):
    store.load(FakeDataset("city", 2))
    dataset = store.rdflib()
    assert isinstance(dataset, rdflib.Dataset)
    assert len(dataset) == 14

    store.load(FakeDataset("city", 3))

    assert len(dataset) == 19
    rows = list(dataset.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a <%sEnterprise> }" % CG_NS))
    assert int(rows[0][0]) == 3
    context = dataset.graph(rdflib.URIRef(graph_iri("city")))
    assert len(context) == 19


def test_an_on_disk_store_persists_across_reopening(tmp_path):
    path = tmp_path / "store"
    with ChainStore(path) as store:
        store.load(FakeDataset("city", 2))
        store.load(FakeDataset("city", 3))
        before = all_quads(store)

    with ChainStore(path) as reopened:
        assert all_quads(reopened) == before
        assert [info.id for info in reopened.datasets()] == ["city"]


@pytest.mark.parametrize("live_left", ["missing", "empty"])
def test_a_swap_interrupted_between_renames_is_repaired_on_open(tmp_path, live_left):
    path = tmp_path / "store"
    with ChainStore(path) as store:
        store.load(FakeDataset("city", 2))
        before = all_quads(store)
    previous = tmp_path / ".store.previous"
    path.rename(previous)  # as if the process died after the first rename
    if live_left == "empty":
        path.mkdir()

    with ChainStore(path) as reopened:
        assert all_quads(reopened) == before
    assert not previous.exists()


def test_a_closed_store_says_so():
    store = ChainStore()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.query("ASK {}")


class NQuadsDataset(FakeDataset):
    """A dataset that also writes itself as N-Quads text, as ``LoadedDataset`` does."""

    def write_nquads(self, stream) -> int:
        count = 0
        for quad in self.quads():
            stream.write(f"{quad} .\n".encode("utf-8"))
            count += 1
        return count


def test_the_nquads_fast_path_loads_the_same_graph_as_quads(store):
    store.load(FakeDataset("city", 4))
    by_quads = all_quads(store)

    stats = store.load(NQuadsDataset("city", 4))

    assert all_quads(store) == by_quads
    assert (stats.triples, stats.replaced) == (4 + 4 * 5, True)


@pytest.mark.parametrize("broken", [{"fail_after": 9}, {"foreign_graph": True}])
def test_the_nquads_fast_path_is_atomic_too(store, broken):
    store.load(FakeDataset("pool", 2, local=False))
    store.load(FakeDataset("city", 3))
    before = all_quads(store)

    with pytest.raises((RuntimeError, ForeignQuadError)):
        store.load(NQuadsDataset("city", 6, **broken))

    assert all_quads(store) == before


def test_blank_nodes_of_other_graphs_keep_their_ids_across_a_load(store):
    store.add_facts("https://example.org/notes", [
        (ox.BlankNode("note1"), cg("name"), ox.Literal("a note")),
        (ox.NamedNode(iri("link", "L01")), cg("keyword"), ox.Literal("电池")),
    ])
    before = all_quads(store)

    store.load(FakeDataset("city", 1))

    assert before <= all_quads(store)


def test_the_bundled_sample_loads_idempotently_and_counts_up(sample_dataset):
    """The real loader output (``LoadedDataset``), through the N-Quads fast path."""
    with ChainStore() as store:
        first = store.load(sample_dataset)
        quads = all_quads(store)
        second = store.load(sample_dataset)

        assert all_quads(store) == quads
        assert first.triples == second.triples == len(quads) > 10_000
        figures = store.stats()
        assert figures["chains"] == 8
        assert figures["enterprises_local"] > 100 and figures["enterprises_pool"] > 1000
        assert [info.id for info in store.datasets()] == [sample_dataset.id]


@given(st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=4),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
    st.text(),
))
def test_any_python_value_survives_a_trip_through_a_query(value):
    with ChainStore() as store:
        store.add_facts("https://example.org/g", [(ox.NamedNode("https://example.org/s"), cg("keyword"),
                                                   to_term(value))])
        [row] = store.query("SELECT ?v WHERE { ?s cg:keyword ?v }")
    assert row["v"] == value
    assert type(row["v"]) is type(value)


@pytest.mark.parametrize("dataset_class", [FakeDataset, NQuadsDataset])
def test_loading_in_small_slices_gives_the_same_graph_and_stays_atomic(store, monkeypatch, dataset_class):
    from chaingap.graph import store as store_module

    store.load(FakeDataset("pool", 3, local=False))
    store.load(dataset_class("city", 5))
    whole = all_quads(store)
    monkeypatch.setattr(store_module, "CHUNK_QUADS", 4)

    store.load(dataset_class("city", 5))
    assert all_quads(store) == whole
    with pytest.raises(RuntimeError):
        store.load(dataset_class("city", 9, fail_after=13))
    assert all_quads(store) == whole
