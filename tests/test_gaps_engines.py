"""The SQL engine, the SPARQL engine and the independent Python oracle agree on every number,
status and ranking.

Agreement is checked on hand-made cities, on random cities drawn by hypothesis (chain shapes,
sub-links, shares, missing revenues, supply ties, groups, projects), on synthetic datasets of
every generator shape, and on the bundled sample. SQL and the oracle read the tables of
record; SPARQL reads the graph built from the same tables.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toycity import ToyCity

from chaingap.graph.store import ChainStore
from chaingap.ontology import terms
from chaingap.queries.gaps import analyse
from chaingap.queries.results import Analysis

STAGES = ["signed", "landed", "started", "in_database", "in_statistics", "producing", "reached_output"]


def rounded(value: Any) -> Any:
    if isinstance(value, (Decimal, float)) and not isinstance(value, bool):
        return round(Decimal(str(value)), 6)
    return value


def summary(analysis: Analysis) -> dict[str, Any]:
    """Everything the engines must agree on, numbers rounded to 6 decimals."""
    def targets(items):
        return [(t.enterprise, t.link, t.rank, rounded(t.score), {k: rounded(v) for k, v in t.parts.items()},
                 t.reasons) for t in items]
    def row(l):
        return (l.id, l.status, l.extension, {k: rounded(v) for k, v in l.metrics.items()})
    return {
        # each engine's own rows: every link judged as a link (parents too) ...
        "links": [row(analysis.as_links.get(l.id, l)) for l in analysis.links],
        # ... and the answer users read: leaves judged, parents as rollups of their leaves
        "shown": [(*row(l), l.level, l.leaf, l.rollup) for l in analysis.links],
        "targets": {link: targets(items) for link, items in analysis.targets.items()},
        "shortlist": targets(analysis.shortlist),
        "expand": targets(analysis.expand_locally),
    }


def same(left: Analysis, right: Analysis) -> None:
    a, b = summary(left), summary(right)
    for (lid, *x), (rid, *y) in zip(a["links"], b["links"]):
        assert (lid, *x) == (rid, *y), f"link {lid} differs ({left.engine} vs {right.engine})"
    assert a == b


def assert_agree(tables: Any, profile: Any = None, graph: Any = None) -> Analysis:
    """SQL == the Python oracle on ``tables`` (and == SPARQL on ``graph``, the graph of the same data)."""
    by_sql = analyse(tables, profile=profile, engine="sql")
    same(by_sql, analyse(tables, profile=profile, engine="python"))
    if graph is not None:
        same(by_sql, analyse(graph, profile=profile, engine="sparql"))
    return by_sql


def assert_toy_agrees(toy: ToyCity, profile: Any = None, sparql: bool = True) -> Analysis:
    return assert_agree(toy.tables(), profile, toy.graph() if sparql else None)


def small_city() -> ToyCity:
    toy = ToyCity(region_province="江苏省").chain("C1", "新能源汽车")
    for link, segment in (("L1", "upstream"), ("L2", "upstream"), ("L3", "midstream"), ("L4", "midstream"), ("L5", "downstream")):
        toy.link(link, "C1", segment=segment)
    toy.link("L3a", "C1", parent="L3")
    toy.feeds("L1", "L2").feeds("L2", "L3").feeds("L4", "L3").feeds("L3", "L5")
    for i in range(5):
        toy.enterprise(f"A{i}", ["L3a"] if i % 2 else ["L3"], local=True, revenue=1000 * (i + 1), listed=i == 0)
    toy.enterprise("B1", {"L2": 0.5, "L4": 0.5}, local=True, revenue=300)
    toy.enterprise("B2", ["L4"], local=True, revenue=300).enterprise("B3", ["L4"], local=True)
    for i in range(6):
        toy.enterprise(f"P{i}", {"L1": 0.5, "L2": None}, province="江苏省" if i % 2 else "浙江省",
                       revenue=10 ** i, specialised=i % 3 == 0, signal="增资扩产" if i == 4 else None)
    for i in range(6):
        toy.enterprise(f"Q{i}", ["L4", "L5"], revenue=50, province="安徽省")
    toy.supplies("P3", "A1").supplies("A2", "P3")
    toy.enterprise("G1", ["L1"], province="上海市").enterprise("A9", ["L4"], local=True, parent_group="G1")
    toy.project("X1", ["L5"], "started").project("X2", ["L1"], "signed")
    return toy


def test_engines_agree_on_a_small_city():
    analysis = assert_toy_agrees(small_city())
    statuses = {link.id: link.status for link in analysis.links}
    # L3 (parent of L3a) is a rollup; judged as a link (its own firms and L3a's) it is strong
    assert statuses == {"L1": "missing", "L2": "weak", "L3": "rollup", "L3a": "normal", "L4": "strong",
                        "L5": "being_filled"}
    assert analysis.link("L3").rollup == {"normal": 1} and analysis.as_links["L3"].status == "strong"


def test_engines_give_the_same_rollups_of_nested_links():
    """Three levels (T > M1 > S1, S2; T > M2): every engine's rows go through the one rollup."""
    from .test_gaps_levels import nested

    toy = nested()
    analyses = [analyse(toy.tables(), engine="sql"), analyse(toy.tables(), engine="python"),
                analyse(toy.graph(), engine="sparql")]
    shown = [[(l.id, l.status, l.level, l.leaf, l.rollup, l.extension) for l in a.links] for a in analyses]
    assert shown[0] == shown[1] == shown[2]
    assert ("T", "rollup", 1, False, {"missing": 2, "weak": 1}, False) in shown[0]
    assert [{k: v.status for k, v in a.as_links.items()} for a in analyses] == [{"T": "weak", "M1": "weak"}] * 3


@pytest.mark.parametrize("benchmark", ["graph", "dataset"])
@pytest.mark.parametrize("basis", ["auto", "revenue", "count"])
def test_engines_agree_under_every_benchmark_and_basis(benchmark, basis):
    toy = small_city()
    toy.link("L1", "C1", benchmark_enterprises=40, benchmark_revenue=90000)
    toy.link("L3", "C1", benchmark_enterprises=12, benchmark_revenue=1200.5)
    assert_toy_agrees(toy, {"benchmark": benchmark, "lq_basis": basis})


@st.composite
def random_city(draw) -> ToyCity:
    toy = ToyCity(region_province=draw(st.sampled_from(["江苏省", "浙江省", None])))
    chains = draw(st.integers(1, 2))
    links: list[str] = []
    for c in range(chains):
        toy.chain(f"C{c}")
        for i in range(draw(st.integers(1, 6))):
            link = f"C{c}L{i}"
            parent = draw(st.sampled_from([None] + links[-2:])) if links and draw(st.booleans()) else None
            if parent and not parent.startswith(f"C{c}"):
                parent = None
            bench = draw(st.one_of(st.none(), st.integers(1, 50)))
            toy.link(link, f"C{c}", parent=parent, benchmark_enterprises=bench,
                     benchmark_revenue=draw(st.one_of(st.none(), st.integers(1, 10 ** 6))))
            links.append(link)
    weights = st.one_of(st.none(), st.sampled_from([0, 1, 2, "2.5", 4]))
    for a, b, weight in draw(st.lists(st.tuples(st.sampled_from(links), st.sampled_from(links), weights), max_size=8)):
        toy.feeds(a, b, weight)
    provinces = st.sampled_from([None, "江苏省", "浙江", "安徽省", "广东省", "上海市"])
    enterprises = draw(st.integers(0, 25))
    for i in range(enterprises):
        chosen = draw(st.lists(st.sampled_from(links), min_size=1, max_size=3, unique=True))
        shares = {link: draw(st.one_of(st.none(), st.sampled_from(["0.2", "0.5", "0.25", "1"]))) for link in chosen}
        toy.enterprise(
            f"E{i:02d}", shares, local=draw(st.booleans()),
            revenue=draw(st.one_of(st.none(), st.sampled_from([0, 50, 99.5, 100, 2500, 10000, 123456.78, 2000000]))),
            province=draw(provinces), listed=draw(st.booleans()), specialised=draw(st.booleans()),
            high_tech=draw(st.booleans()), chain_leader=draw(st.booleans()),
            parent_group=(f"E{draw(st.integers(0, i - 1)):02d}" if i and draw(st.booleans()) else None),
            signal=draw(st.sampled_from([None, "", "增资"])),
        )
    if enterprises:
        for a, b in draw(st.lists(st.tuples(st.integers(0, enterprises - 1), st.integers(0, enterprises - 1)), max_size=10)):
            toy.supplies(f"E{a:02d}", f"E{b:02d}")
    for p in range(draw(st.integers(0, 4))):
        toy.project(f"X{p}", draw(st.lists(st.sampled_from(links), min_size=1, max_size=2, unique=True)),
                    draw(st.sampled_from(STAGES)))
    return toy


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(toy=random_city(), profile=st.sampled_from([
    None,
    {"lq_basis": "count"},
    {"benchmark": "dataset", "lq_basis": "revenue"},
    {"status": {"strong": {"lq_min": 1, "count_min": 1}, "weak": {"lq_below": 1.1, "count_below": 3}},
     "targets": {"statuses": ["missing", "weak", "normal", "strong", "being_filled"], "top_n": 3}},
    {"min_feed_weight": 2, "status": {"strong": {"lq_min": 1, "count_min": 1}}},
]))
def test_engines_agree_on_random_cities(toy, profile):
    tables = toy.tables()
    analysis = assert_agree(tables, profile, toy.graph())
    local = {row[0] for row in tables.execute("SELECT id FROM enterprises WHERE is_local").fetchall()}
    for items in analysis.targets.values():
        assert not {t.enterprise for t in items} & local
        keys = [(-t.score, terms.iri("enterprise", t.enterprise)) for t in items]
        assert keys == sorted(keys), "ranking is score desc, then enterprise id asc"
        assert [t.rank for t in items] == list(range(1, len(items) + 1))


@pytest.mark.parametrize("shape", ["layered", "chain", "tree", "dense"])
def test_engines_agree_on_synthetic_datasets(shape):
    synthetic = pytest.importorskip("chaingap.sample.synthetic")
    from chaingap.loaders import load_dataset

    with tempfile.TemporaryDirectory() as tmp, ChainStore(None) as store:
        folder = synthetic.generate(Path(tmp) / "city", enterprises=400, chains=2, seed=7, shape=shape)
        store.load(load_dataset(folder))
        analysis = assert_agree(store, graph=store)
    found = {link.status for link in analysis.links}
    assert {"missing", "strong"} <= found


def test_engines_agree_on_the_bundled_sample(tmp_path):
    sample = pytest.importorskip("chaingap.sample")
    from importlib.resources import files

    if not hasattr(sample, "write_sample") or not files("chaingap.sample").joinpath("zhenjiang", "dataset.yaml").is_file():
        pytest.skip("the bundled sample (src/chaingap/sample/zhenjiang) is not there yet")
    from chaingap.loaders import load_dataset

    with ChainStore(None) as store:
        store.load(load_dataset(sample.write_sample(tmp_path / "zhenjiang")))
        assert_agree(store, graph=store)


def test_the_same_queries_give_the_same_answer_on_rdflib():
    """The benchmark's naive baseline (rdflib, in memory) runs the very same .rq text."""
    import rdflib

    toy = small_city()
    # The union in one plain Graph: no bundled query names a graph, and rdflib's Dataset reads
    # its deprecated default_context on every triple pattern (thousands of warnings).
    dataset = rdflib.Graph()

    def term(node):
        if type(node).__name__ == "NamedNode":
            return rdflib.URIRef(node.value)
        return rdflib.Literal(node.value, datatype=rdflib.URIRef(node.datatype.value) if node.datatype else None)

    for quad in toy.graph():
        dataset.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    assert summary(analyse(dataset, engine="sparql")) == summary(analyse(toy.tables()))


def light_edge_city() -> ToyCity:
    """L1 (no local firm) feeds the strength L2 by a single extracted mention (weight 1); L0
    feeds L1 with an unweighted edge; L2 and L3 feed each other (a cycle), L3 -> L2 heavily."""
    toy = ToyCity(region_province="江苏省").chain("C1")
    for link in ("L0", "L1", "L2", "L3"):
        toy.link(link, "C1")
    toy.feeds("L0", "L1").feeds("L1", "L2", weight=1, evidence="抽取", confidence="0.4")
    toy.feeds("L2", "L3", weight=2).feeds("L3", "L2", weight=6)
    for i in range(4):
        toy.enterprise(f"A{i}", ["L2"], local=True, revenue=100)
    toy.enterprise("A9", ["L3"], local=True, revenue=100)
    for i in range(3):
        toy.enterprise(f"P{i}", ["L1", "L0"], province="浙江省", revenue=100).enterprise(f"Q{i}", ["L3"], revenue=100)
    return toy


def test_a_light_edge_is_ignored_by_every_engine_at_a_minimum_weight():
    toy = light_edge_city()
    every = {link.id: link for link in assert_toy_agrees(toy).links}
    heavy = {link.id: link for link in assert_toy_agrees(toy, {"min_feed_weight": 2}).links}
    assert every["L2"].status == heavy["L2"].status == "strong" and every["L1"].status == "missing"
    # with the light edge L1 is a supply gap next to a strength (补链, 延链) ...
    assert every["L1"].metrics["supply_gap"] and every["L1"].extension
    # ... without it nothing downstream of L1 is strong: neither gap nor extension
    assert not heavy["L1"].metrics["supply_gap"] and not heavy["L1"].extension
    # criticality: L0 -> L1 -> {L2 <-> L3}, one component of 4 links; L3 feeds L2 three times
    # as much as L2 feeds L3, so L3 keeps the full reachability value and L2 a third of the cycle
    assert {k: str(v.metrics["criticality"]) for k, v in every.items()} == \
        {"L0": "1.000000", "L1": "0.666667", "L2": "0.111111", "L3": "0.333333"}
    # at weight 2 L1 -> L2 is gone: L0 -> L1 (2 links) and L2 <-> L3 (2 links) are apart
    assert {k: str(v.metrics["criticality"]) for k, v in heavy.items()} == \
        {"L0": "1.000000", "L1": "0.000000", "L2": "0.333333", "L3": "1.000000"}
    assert heavy["L1"].metrics["downstream_count"] == 0 and every["L1"].metrics["downstream_count"] == 2


def test_an_unweighted_edge_counts_whatever_the_minimum():
    toy = light_edge_city()
    toy.feeds("L1", "L2")  # the same edge stated again, without a weight, in another row
    # the edge's weight is the largest its rows give (1): still light at 2
    assert not {link.id: link for link in assert_toy_agrees(toy, {"min_feed_weight": 2}).links}["L1"].extension
    unweighted = light_edge_city()
    unweighted.rows["feeds"] = [row for row in unweighted.rows["feeds"] if row["source"] != "L1"]
    unweighted.feeds("L1", "L2")
    links = {link.id: link for link in assert_toy_agrees(unweighted, {"min_feed_weight": 100}).links}
    assert links["L1"].metrics["supply_gap"] and links["L1"].extension


def test_the_measures_examples_hold():
    """The worked examples of chaingap.graph.measures (criticality on a chain and on a cycle)."""
    import doctest

    from chaingap.graph import measures

    result = doctest.testmod(measures)
    assert result.attempted >= 3 and result.failed == 0
