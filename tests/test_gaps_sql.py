"""The SQL engine on the tables of record: ids of any spelling, the LQ rounding rule, several
datasets in one store, district views, parameters that stay data, and the bundled SQL text.

Every case is checked against the Python oracle (same tables) and, where a graph exists,
against the SPARQL engine (the graph built from the same tables).
"""

from __future__ import annotations

import urllib.parse
from decimal import Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from toycity import ToyCity

from chaingap.graph.store import ChainStore
from chaingap.ontology import terms
from chaingap.ontology.vocab import STAGES
from chaingap.queries import load_query, query_names
from chaingap.queries.district import district_view
from chaingap.queries.gaps import GapEngine, analyse

ENGINES = ("sql", "python", "sparql")


def answers(toy: ToyCity, profile=None) -> dict:
    """The analysis of every engine: SQL and the oracle on the tables, SPARQL on the graph."""
    return {"sql": analyse(toy.tables(), profile), "python": analyse(toy.tables(), profile, engine="python"),
            "sparql": analyse(toy.graph(), profile, engine="sparql")}


def ranked(analysis) -> dict[str, list[tuple[str, Decimal]]]:
    return {link: [(t.enterprise, t.score) for t in items] for link, items in analysis.targets.items()}


def rounded(value):
    if isinstance(value, (Decimal, float)) and not isinstance(value, bool):
        return round(Decimal(str(value)), 6)
    return value


def links_of(analysis) -> list[tuple]:
    return [(l.id, l.status, l.extension, {k: rounded(v) for k, v in l.metrics.items()}) for l in analysis.links]


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=1, max_size=12))
def test_duckdb_url_encode_is_the_iri_minting(text):
    """The tie-break key in SQL (url_encode) is the id part of terms.iri for any id."""
    expected = urllib.parse.quote(text, safe="")
    assert duckdb.execute("SELECT url_encode(?)", [text]).fetchone()[0] == expected
    assert terms.iri("enterprise", text).endswith("/" + expected)


ODD_IDS = ["a b", "镇江 ABC/01", "x~y", "100%", "A-1", "a_b", "Z", "é", "(x)", "甲/乙", "a.b", "a+b"]


def test_equal_scores_are_ranked_by_the_enterprise_iri_whatever_the_id():
    toy = ToyCity(region_province="江苏省").chain("C")
    toy.link("L1", "C").link("L2", "C").feeds("L2", "L1")
    for i in range(4):
        toy.enterprise(f"A{i}", ["L1"], local=True)
    for firm in ODD_IDS:
        toy.enterprise(firm, ["L2"], province="浙江省", revenue=500)
    found = answers(toy)
    expected = sorted(ODD_IDS, key=lambda firm: terms.iri("enterprise", firm))[:10]
    for engine, analysis in found.items():
        assert [t.enterprise for t in analysis.targets["L2"]] == expected, engine
        assert len({t.score for t in analysis.targets["L2"]}) == 1
    assert ranked(found["sql"]) == ranked(found["python"]) == ranked(found["sparql"])


def city_with_revenue_lq(lq_numerator: int) -> ToyCity:
    """L1's revenue LQ is exactly lq_numerator / 10**7: 3 local firms (revenue 3 = ER) in L1 whose
    members earn 10**7 in all; the pool brings the total EN to lq_numerator."""
    toy = ToyCity(region_province="江苏省").chain("C").link("L1", "C").link("L2", "C")
    for i in range(3):
        toy.enterprise(f"A{i}", ["L1"], local=True, revenue=1)
    toy.enterprise("P1", ["L1"], revenue=10 ** 7 - 3)
    toy.enterprise("P2", ["L2"], revenue=lq_numerator - 10 ** 7)
    return toy


@pytest.mark.parametrize(("numerator", "profile", "expected"), [
    (12499996, None, "strong"),                                  # 1.2499996 is 1.25 after rounding
    (12499994, None, "normal"),                                  # 1.2499994 is 1.249999
    (7499996, {"status": {"strong": {"count_min": 9}}}, "normal"),  # 0.7499996 is 0.75: not below 0.75
    (7499994, {"status": {"strong": {"count_min": 9}}}, "weak"),
])
def test_an_lq_is_rounded_half_up_to_6_decimals_before_the_thresholds(numerator, profile, expected):
    for engine, analysis in answers(city_with_revenue_lq(numerator), profile).items():
        link = analysis.link("L1")
        assert link.metrics["lq_basis"] == "revenue"
        assert round(Decimal(str(link.metrics["lq"])), 7) == Decimal(numerator) / 10 ** 7, engine
        assert link.status == expected, engine


def two_datasets() -> tuple[ToyCity, ToyCity]:
    """The city's ledger and a pool that lists two of the city's firms again (one with a revenue)."""
    city = ToyCity("city", region_province="江苏省").chain("C", "链").link("L1", "C").link("L2", "C").feeds("L2", "L1")
    for i in range(4):
        city.enterprise(f"A{i}", ["L1"], local=True, revenue=100)
    city.enterprise("B0", ["L2"], local=True)
    pool = ToyCity("pool", region="R2").chain("C", "链").link("L1", "C").link("L2", "C").feeds("L2", "L1")
    pool.enterprise("A0", ["L1"], revenue=900)          # the city's A0 again: one firm, local
    pool.enterprise("B0", {"L2": 0.5}, revenue=40)      # B0 again, with a revenue and a share
    for i in range(5):
        pool.enterprise(f"P{i}", ["L2"], province="浙江省", revenue=10 ** i)
    return city, pool


def test_a_firm_listed_by_two_datasets_counts_once_with_the_union_of_its_facts():
    city, pool = two_datasets()
    with ChainStore(None) as store:
        store.load(city.dataset())
        store.load(pool.dataset())
        by_sql = analyse(store)
        by_python = analyse(store, engine="python")
    merged = ToyCity("one", region_province="江苏省").chain("C", "链").link("L1", "C").link("L2", "C").feeds("L2", "L1")
    merged.enterprise("A0", ["L1"], local=True, revenue=900)
    for i in range(1, 4):
        merged.enterprise(f"A{i}", ["L1"], local=True, revenue=100)
    merged.enterprise("B0", ["L2"], local=True, revenue=40)   # the largest share: NULL counts 1
    for i in range(5):
        merged.enterprise(f"P{i}", ["L2"], province="浙江省", revenue=10 ** i)
    expected = analyse(merged.tables())
    for analysis in (by_sql, by_python):
        assert links_of(analysis) == links_of(expected)
        assert ranked(analysis) == ranked(expected)
    assert by_sql.link("L1").metrics["local_enterprises"] == 4
    assert by_sql.link("L1").metrics["local_revenue"] == 1200


def city_of_districts() -> ToyCity:
    toy = ToyCity(region_province="江苏省").district("north").district("north-park", parent="north").district("south")
    toy.chain("C").link("L1", "C").link("L2", "C").feeds("L1", "L2")
    for i in range(3):
        toy.enterprise(f"N{i}", ["L1"], local=True, district="north-park" if i else "north", revenue=100)
        toy.enterprise(f"S{i}", ["L2"], local=True, district="south", revenue=100)
    toy.enterprise("P0", ["L2"], province="浙江省").supplies("P0", "N1").supplies("S0", "P0")
    return toy


@pytest.mark.parametrize("engine", ENGINES)
def test_a_district_view_counts_only_the_firms_of_the_district_and_its_parts(engine):
    toy = city_of_districts()
    source = toy.graph() if engine == "sparql" else toy.tables()
    city, north = analyse(source, engine=engine), analyse(district_view(source, "north"), engine=engine)
    assert {l.id: l.metrics["local_enterprises"] for l in city.links} == {"L1": 3, "L2": 3}
    assert {l.id: l.metrics["local_enterprises"] for l in north.links} == {"L1": 3, "L2": 0}
    # the south's firms are outside the north: candidates for its missing L2, ties counted to the north only
    assert [t.enterprise for t in north.targets["L2"]] == ["P0", "S0", "S1", "S2"]
    assert north.targets["L2"][0].reasons[0] == "supplies_local:1"


def test_district_views_agree_across_engines():
    toy = city_of_districts()
    views = [analyse(district_view(toy.tables(), "north")), analyse(district_view(toy.tables(), "north"), engine="python"),
             analyse(district_view(toy.graph(), "north"), engine="sparql")]
    shapes = [(links_of(a), ranked(a)) for a in views]
    assert shapes[0] == shapes[1] == shapes[2]


@pytest.mark.parametrize("hostile", ["x'; DROP TABLE enterprises; --", 'a"b', "$district", "L1') OR ('1'='1"])
def test_values_from_data_stay_data(hostile):
    toy = ToyCity(region_province="江苏省").chain("C").link(hostile, "C").link("L2", "C").feeds("L2", hostile)
    for i in range(3):
        toy.enterprise(f"A{i}", [hostile], local=True, name=hostile)
    toy.enterprise(hostile, ["L2"], province=hostile, signal=hostile)
    tables = toy.tables()
    with pytest.raises(ValueError, match="no district"):
        district_view(tables, hostile)
    found = answers(toy)
    assert {l.id for l in found["sql"].links} == {hostile, "L2"}
    assert [t.enterprise for t in found["sql"].targets["L2"]] == [hostile]
    assert ranked(found["sql"]) == ranked(found["python"]) == ranked(found["sparql"])
    assert tables.execute("SELECT count(*) FROM enterprises").fetchone()[0] == 4


def test_every_bundled_sql_query_runs_on_empty_tables():
    from chaingap.loaders.tables_of_record import create_tables

    con = duckdb.connect()
    create_tables(con)
    assert {"link_status", "rankings", "links"} <= set(query_names("sql"))
    analysis = analyse(con)
    assert analysis.links == [] and analysis.targets == {} and analysis.region == ""


def test_the_stage_orders_in_the_sparql_defaults_are_the_vocabulary():
    import re

    for name in ("link_status", "link_pipeline"):
        text = load_query(name)
        rows = dict(re.findall(r"\(cg:(\w+) (\d+)\)", text))
        assert {local: int(order) for local, order in rows.items()} == {t.iri_name: t.order for t in STAGES}, name


def test_an_engine_keeps_its_answer_until_the_store_changes():
    city, pool = two_datasets()
    with ChainStore(None) as store:
        store.load(city.dataset())
        engine = GapEngine(store)
        first = engine.analyse()
        assert engine.analyse() is first
        store.load(pool.dataset())
        second = engine.analyse()
        assert second is not first
        assert second.link("L1").metrics["local_revenue"] != first.link("L1").metrics["local_revenue"]


def test_unknown_engines_and_sources_are_refused():
    with pytest.raises(ValueError, match="engine must be one of"):
        analyse(duckdb.connect(), engine="cypher")
    import pyoxigraph as ox

    with pytest.raises(TypeError, match="no tables of record"):
        analyse(ox.Store())
    with pytest.raises(TypeError, match="holds no graph"):
        analyse(duckdb.connect(), engine="sparql")


def test_the_store_keeps_an_answer_for_the_next_command_until_the_data_changes(tmp_path, monkeypatch):
    from chaingap.graph.store import ChainStore
    from chaingap.queries import gaps
    from chaingap.queries.gaps import GapEngine

    from .test_gaps_engines import small_city

    computed = []
    real = GapEngine._compute

    def counting(self):
        computed.append(self.engine)
        return real(self)

    monkeypatch.setattr(gaps.GapEngine, "_compute", counting)
    with ChainStore(tmp_path / "store") as store:
        store.load(small_city().dataset())
        first = GapEngine(store).analyse()
    with ChainStore(tmp_path / "store") as store:  # the next command: a new process would do the same
        second = GapEngine(store).analyse()
        assert computed == ["sql"] and second.to_dict() == first.to_dict()
        GapEngine(store, {"targets": {"top_n": 3}}).analyse()
        GapEngine(store).analyse(refresh=True)
        assert computed == ["sql", "sql", "sql"], "another profile, or --refresh, computes anew"
        store.load(small_city().enterprise("N1", ["L1"], local=True).dataset())
        changed = GapEngine(store).analyse()
    assert computed == ["sql"] * 4
    assert changed.link("L1").status != first.link("L1").status
