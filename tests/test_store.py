"""ChainStore: each dataset version in its own tables and graph, loads replace atomically, queries see the union."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from chaingap.graph.errors import StoreError, UnknownDatasetError
from chaingap.graph.store import DERIVED_GRAPH, ChainStore, DatasetInfo, LoadStats
from chaingap.loaders import DataError
from chaingap.ontology.namespace import CG_NS
from chaingap.ontology.terms import graph_iri, iri

CHAINS = """chains:
  - id: battery
    name: 动力电池
    links:
      - {id: L01, name: 正极材料, segment: upstream}
      - {id: L02, name: 电芯, segment: midstream}
    feeds:
      - [L01, L02]
"""


def tiny(folder: Path, dataset_id: str, enterprises: int, *, local: bool = True, revenue: str = "100.5",
         as_of: str | None = "2024-03-31", bad_row: bool = False) -> Path:
    """A real dataset folder: ``enterprises`` firms in link L01, local (enterprises.csv) or pool (pool.csv)."""
    folder = Path(folder) / f"{dataset_id}-{enterprises}-{revenue}-{as_of}-{bad_row}"
    folder.mkdir(parents=True, exist_ok=True)
    settings = f"id: {dataset_id}\nname: {dataset_id}\n" + (f"as_of: {as_of}\n" if as_of else "")
    (folder / "dataset.yaml").write_text(settings, encoding="utf-8")
    (folder / "chains.yaml").write_text(CHAINS, encoding="utf-8")
    rows = ["id,name,links,revenue,district" if local else "id,name,links,revenue,province"]
    rows += [f"{dataset_id}-{n},企业{n},L01,{revenue},{'d1' if local else '江苏省'}" for n in range(enterprises)]
    if bad_row:
        rows.append(f"{dataset_id}-bad,坏行,L99,not money,d1")
    (folder / ("enterprises.csv" if local else "pool.csv")).write_text("\n".join(rows) + "\n", encoding="utf-8")
    if local:
        (folder / "districts.csv").write_text("id,name,kind\nd1,江北区,district\n", encoding="utf-8")
    return folder


@pytest.fixture(params=["memory", "disk"])
def store(request, tmp_path):
    chain_store = ChainStore(None if request.param == "memory" else tmp_path / "store")
    yield chain_store
    chain_store.close()


def graph_text(store: ChainStore, dataset_id: str | None = None) -> set[str]:
    """Every statement of the current graphs, without the version part of the graph name."""
    return {f"{q.subject} {q.predicate} {q.object}" for q in store.quads(dataset_id)}


def version_files(store: ChainStore) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(store.path)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in (store.path / "tables").rglob("*.duckdb")}


def test_load_stores_the_dataset_as_its_first_version(store, tmp_path):
    stats = store.load(tiny(tmp_path, "city", 3))

    assert isinstance(stats, LoadStats)
    assert (stats.dataset_id, stats.version, stats.enterprises, stats.replaced) == ("city", 1, 3, False)
    [info] = store.datasets()
    assert isinstance(info, DatasetInfo)
    assert (info.id, info.version, info.as_of, info.rows["operations"]) == ("city", 1, dt.date(2024, 3, 31), 3)
    assert info.graph_iri == graph_iri("city", 1)
    assert store.graph_iris() == [graph_iri("city", 1), DERIVED_GRAPH]


def test_loading_the_same_dataset_twice_gives_the_same_tables_and_graph(store, tmp_path):
    folder = tiny(tmp_path, "city", 4)
    store.load(folder)
    tables = store.sql("SELECT * EXCLUDE (dataset) FROM enterprises ORDER BY id")
    graph = graph_text(store)

    stats = store.load(folder)

    assert (stats.replaced, stats.version) == (True, 2)
    assert store.sql("SELECT * EXCLUDE (dataset) FROM enterprises ORDER BY id") == tables
    assert graph_text(store) == graph
    assert [v.version for v in store.versions("city")] == [2], "a version with the same as_of is replaced"


def test_reloading_one_dataset_copies_and_touches_nothing_of_the_others(store, tmp_path):
    store.load(tiny(tmp_path, "city", 5))
    store.load(tiny(tmp_path, "pool", 2, local=False))
    pool_graph = graph_text(store, "pool")
    pool_files = {name: stamp for name, stamp in version_files(store).items() if name.startswith("tables/pool/")}

    store.load(tiny(tmp_path, "city", 1, revenue="7"))

    assert store.sql("SELECT count(*) AS n FROM enterprises WHERE is_local") == [{"n": 1}]
    assert store.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e cg:isLocal true }") == [{"n": 1}]
    assert graph_text(store, "pool") == pool_graph
    assert {name: stamp for name, stamp in version_files(store).items() if name.startswith("tables/pool/")} == pool_files


def test_invalid_data_is_refused_and_changes_nothing(store, tmp_path):
    store.load(tiny(tmp_path, "city", 2))
    before = (store.datasets(), version_files(store), graph_text(store))

    with pytest.raises(DataError):
        store.load(tiny(tmp_path, "city", 3, bad_row=True))

    assert (store.datasets(), version_files(store), graph_text(store)) == before


@pytest.mark.parametrize("fail_in", ["checks", "header tables"])
def test_a_load_that_fails_midway_leaves_the_store_exactly_as_it_was(store, tmp_path, monkeypatch, fail_in):
    from chaingap.loaders import checks, dataset

    store.load(tiny(tmp_path, "pool", 3, local=False))
    store.load(tiny(tmp_path, "city", 4))
    before = (store.datasets(), version_files(store), graph_text(store))

    def disk_full(real):
        def failing(*args, **kwargs):
            real(*args, **kwargs)  # the tables are half written when the disk fills
            raise OSError("disk full")
        return failing

    if fail_in == "checks":
        monkeypatch.setattr(checks.Checks, "check", disk_full(checks.Checks.check))
    else:
        monkeypatch.setattr(dataset, "write_header_tables", disk_full(dataset.write_header_tables))
    with pytest.raises(OSError, match="disk full"):
        store.load(tiny(tmp_path, "city", 10, revenue="1"))

    assert (store.datasets(), version_files(store), graph_text(store)) == before
    leftovers = [p.name for p in (store.path / "tables").rglob("*") if p.is_file() and p.suffix != ".duckdb"]
    assert leftovers == []


def test_remove_drops_one_dataset_and_keeps_the_others(store, tmp_path):
    store.load(tiny(tmp_path, "city", 2))
    store.load(tiny(tmp_path, "pool", 3, local=False))

    removed = store.remove("city")

    assert removed == 2
    assert [info.id for info in store.datasets()] == ["pool"]
    assert not list((store.path / "tables").glob("city/*"))
    assert store.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a cg:Enterprise }") == [{"n": 3}]
    with pytest.raises(UnknownDatasetError, match="no dataset 'city'"):
        store.remove("city")


def test_tables_and_graph_answer_over_the_union_of_all_datasets(store, tmp_path):
    store.load(tiny(tmp_path, "city", 2, revenue="10.5"))
    store.load(tiny(tmp_path, "pool", 3, local=False, revenue="1"))

    by_sparql = store.query("""
        SELECT ?link (COUNT(?e) AS ?firms) (SUM(?revenue) AS ?total) WHERE {
          ?e cg:operatesIn ?link ; cg:revenue ?revenue }
        GROUP BY ?link""")
    by_sql = store.sql("""SELECT link, count(*) AS firms, sum(revenue) AS total
                          FROM operations JOIN enterprises ON id = enterprise GROUP BY link""")

    assert by_sparql == [{"link": iri("link", "L01"), "firms": 5, "total": Decimal("24")}]
    assert by_sql == [{"link": "L01", "firms": 5, "total": Decimal("24")}]


def test_stats_count_the_union_and_each_dataset(store, tmp_path):
    store.load(tiny(tmp_path, "city", 2))
    store.load(tiny(tmp_path, "pool", 3, local=False, as_of=None))

    figures = store.stats()

    assert (figures["links"], figures["enterprises_local"], figures["enterprises_pool"],
            figures["enterprises"]) == (2, 2, 3, 5)
    assert figures["datasets"] == {"city": {"version": 1, "as_of": "2024-03-31", "enterprises": 2},
                                   "pool": {"version": 2, "as_of": None, "enterprises": 3}}


def test_versions_with_another_as_of_are_kept_and_the_latest_is_current(store, tmp_path):
    store.load(tiny(tmp_path, "city", 2, as_of="2024-03-31"))
    store.load(tiny(tmp_path, "city", 5, as_of="2024-06-30"))
    store.load(tiny(tmp_path, "city", 3, as_of="2023-12-31"))

    assert [(v.as_of.isoformat(), v.rows["enterprises"]) for v in store.versions("city")] == [
        ("2023-12-31", 3), ("2024-03-31", 2), ("2024-06-30", 5)]
    assert store.datasets()[0].as_of == dt.date(2024, 6, 30)
    assert store.sql("SELECT count(*) AS n FROM enterprises") == [{"n": 5}]


def test_the_link_measures_are_derived_once_for_every_engine(store, tmp_path):
    store.load(tiny(tmp_path, "city", 1))

    rows = store.query("SELECT ?link ?d ?c WHERE { ?link cg:downstreamCount ?d ; cg:criticality ?c } ORDER BY ?link")

    assert rows == [{"link": iri("link", "L01"), "d": 1, "c": Decimal("1")},
                    {"link": iri("link", "L02"), "d": 0, "c": Decimal("0")}]


def test_bindings_travel_as_substitutions_not_as_text(store, tmp_path):
    store.load(tiny(tmp_path, "city", 2))
    hostile = '企业0" } ; DROP ALL ; SELECT * { "'

    query = "SELECT ?e ?name WHERE { ?e a cg:Enterprise ; cg:name ?name }"
    assert store.query(query, {"name": "企业1"}) == [{"e": iri("enterprise", "city-1"), "name": "企业1"}]
    assert store.query(query, name=hostile) == []
    assert store.query(query, e=ox.NamedNode(iri("enterprise", "city-0")))[0]["name"] == "企业0"
    assert store.query(query, e=rdflib.URIRef(iri("enterprise", "city-0")))[0]["name"] == "企业0"
    assert store.query(query, e=iri("enterprise", "city-0"))[0]["name"] == "企业0"
    assert store.query(query, e=str(iri("enterprise", "city-0"))) == [], "a plain str is a literal, never an IRI"
    assert store.sql("SELECT count(*) AS n FROM enterprises WHERE name = ?", [hostile]) == [{"n": 0}]


def test_a_bound_variable_missing_from_the_projection_is_explained(store):
    with pytest.raises(StoreError, match="must be in the SELECT clause"):
        store.query("SELECT ?name WHERE { ?e cg:name ?name }", e=ox.NamedNode(iri("enterprise", "x")))


def test_ask_and_construct_answers(store, tmp_path):
    store.load(tiny(tmp_path, "city", 1))
    assert store.query("ASK { ?e cg:isLocal true }") is True
    triples = store.query("CONSTRUCT { ?e cg:name ?n } WHERE { ?e a cg:Enterprise ; cg:name ?n }")
    assert [t.object.value for t in triples] == ["企业0"]


def test_prov_and_every_prefix_of_the_one_table_work_in_queries(store, tmp_path):
    store.load(tiny(tmp_path, "city", 1))
    assert store.query("ASK { ?d a prov:Entity ; a cg:Dataset ; rdfs:label ?l }") is True


def test_rdflib_view_reads_the_same_graph(store, tmp_path):
    store.load(tiny(tmp_path, "city", 2))
    dataset = store.rdflib()
    assert isinstance(dataset, rdflib.Dataset)
    rows = list(dataset.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a <%sEnterprise> }" % CG_NS))
    assert int(rows[0][0]) == 2


def test_an_on_disk_store_persists_across_reopening(tmp_path):
    path = tmp_path / "store"
    with ChainStore(path) as store:
        store.load(tiny(tmp_path, "city", 2))
        store.load(tiny(tmp_path, "city", 3))
        before = (store.datasets(), graph_text(store))

    with ChainStore(path) as reopened:
        assert (reopened.datasets(), graph_text(reopened)) == before


def test_an_orphan_version_file_is_removed_on_the_next_open(tmp_path):
    path = tmp_path / "store"
    with ChainStore(path) as store:
        store.load(tiny(tmp_path, "city", 2))
    orphan = path / "tables" / "city" / "99.partial"
    orphan.write_bytes(b"half a load")

    with ChainStore(path) as reopened:
        assert not orphan.exists()
        assert [info.id for info in reopened.datasets()] == ["city"]


def test_a_closed_store_says_so():
    store = ChainStore()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.query("ASK {}")


def test_reserved_dataset_ids_are_refused(store, tmp_path):
    with pytest.raises((StoreError, DataError), match="reserved"):  # the loader refuses it first
        store.load(tiny(tmp_path, "_derived", 1))
    assert store.datasets() == []


def test_the_bundled_sample_loads_idempotently_and_counts_up(sample_dataset):
    with ChainStore() as store:
        first = store.load(sample_dataset)
        graph = graph_text(store)
        second = store.load(sample_dataset)

        assert graph_text(store) == graph and len(graph) > 10_000
        assert first.rows == second.rows
        figures = store.stats()
        assert figures["chains"] == 8
        assert figures["enterprises_local"] > 100 and figures["enterprises_pool"] > 1000
        assert [info.id for info in store.datasets()] == [sample_dataset.id]


def test_a_store_of_an_earlier_layout_is_not_mistaken_for_an_empty_one(tmp_path):
    old = tmp_path / "store"
    ox.Store(str(old)).flush()  # what chaingap 0.1 left: an Oxigraph folder only
    assert (old / "CURRENT").exists() or any(old.iterdir())
    if (old / "CURRENT").exists():
        with pytest.raises(StoreError, match="earlier chaingap"):
            ChainStore(old)
    assert os.listdir(old)


def named_graphs(store: ChainStore) -> set[str]:
    return {g.value for g in store.graph().named_graphs()}


def test_graphs_of_replaced_versions_never_answer_and_are_cleared_when_they_outweigh_the_rest(tmp_path):
    meta = "https://w3id.org/chaingap/graph/_meta"
    with ChainStore(tmp_path / "store") as store:
        store.load(tiny(tmp_path, "pool", 1600, local=False))
        store.load(tiny(tmp_path, "city", 20))
        store.graph()
        store.load(tiny(tmp_path, "city", 21))  # a small graph replaced: removed at once
        assert named_graphs(store) == {graph_iri("pool", 1), graph_iri("city", 3), DERIVED_GRAPH, meta}
        store.load(tiny(tmp_path, "city", 1500))
        store.graph()
        store.load(tiny(tmp_path, "city", 1400))  # a big one, lighter than the rest: kept, never answering
        assert graph_iri("city", 4) in named_graphs(store)
        assert store.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a cg:Enterprise }") == [{"n": 3000}]
        store.load(tiny(tmp_path, "pool", 1, local=False))  # now the old outweigh the current: rebuilt
        assert named_graphs(store) == {graph_iri("pool", 6), graph_iri("city", 5), DERIVED_GRAPH, meta}
        assert store.query("SELECT (COUNT(?e) AS ?n) WHERE { ?e a cg:Enterprise }") == [{"n": 1401}]


def test_a_version_written_before_a_table_or_column_existed_still_opens(tmp_path):
    """A store from an earlier chaingap: its version file lacks the outreach table and the
    employees column. It holds no rows of them; everything else answers as before."""
    import duckdb

    from chaingap.queries.gaps import analyse

    home = tmp_path / "store"
    with ChainStore(home) as store:
        store.load(tiny(tmp_path, "city", 3))
        expected = [(link.id, link.status) for link in analyse(store, refresh=True).links]
    [version] = (home / "tables").rglob("*.duckdb")
    with duckdb.connect(str(version)) as con:
        con.execute("DROP TABLE outreach")
        con.execute("ALTER TABLE enterprises DROP COLUMN employees")
    with ChainStore(home) as store:
        assert store.sql("SELECT count(*) AS n FROM outreach") == [{"n": 0}]
        assert store.sql("SELECT count(employees) AS n FROM enterprises") == [{"n": 0}]
        assert [(link.id, link.status) for link in analyse(store, refresh=True).links] == expected
