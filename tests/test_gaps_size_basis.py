"""Ranking on what is known: without revenue, a target's size part falls back to registered capital,
then to employees (one person as 10万元, on the same decades), then to listing, and every target
says what its size was measured on (docs/gap-rules.md, step 4).

The same in every engine; a firm with revenue keeps the size it always had (its registered capital
is never looked at), so datasets with revenue rank as before.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from toycity import ToyCity

from chaingap.ontology.vocab import SIZE_BASES, WORDS
from chaingap.queries.gaps import analyse
from chaingap.report.display import display_value
from chaingap.report.text import TARGET_COLUMNS, target_rows

ENGINES = ["sql", "sparql", "python"]


def city() -> ToyCity:
    """M is missing (no local firm, six pool firms of every size basis); H is missing too, its
    pool known only by head counts (a registry export's 参保人数); W is weak (local firms without
    revenue, able to expand); S is strong elsewhere so the region has local firms."""
    toy = ToyCity(region_province="江苏省").chain("C")
    for link in ("M", "S", "W", "H"):
        toy.link(link, "C")
    for i in range(4):
        toy.enterprise(f"A{i}", ["S"], local=True, revenue=1000)
    toy.enterprise("W0", ["W"], local=True, registered_capital=500)
    toy.enterprise("W1", ["W"], local=True, employees=150)   # 150 people: as 1500万元, two decades
    for i in range(16):
        toy.enterprise(f"PW{i}", ["W"], province="浙江省", revenue=1000)
    toy.enterprise("R1", ["M"], province="浙江省", revenue=5000, registered_capital=2_000_000)  # revenue wins
    toy.enterprise("K1", ["M"], province="浙江省", registered_capital=50_000)                   # 3 decades
    toy.enterprise("K2", ["M"], province="浙江省", registered_capital=50, listed=True)           # capital before listing
    toy.enterprise("L1", ["M"], province="浙江省", listed=True)                                  # listed only: 3 decades
    toy.enterprise("N1", ["M"], province="浙江省")                                               # nothing known
    toy.enterprise("Z1", ["M"], province="浙江省", revenue=0, registered_capital=900_000)       # a stated 0 is revenue
    toy.enterprise("H1", ["H"], province="浙江省", employees=12_000)              # 12000 people: as 12亿元, 4 decades
    toy.enterprise("H2", ["H"], province="浙江省", employees=9)                   # under 10 people: 0
    toy.enterprise("H3", ["H"], province="浙江省", employees=350, listed=True)    # a head count comes before listing
    toy.enterprise("H4", ["H"], province="浙江省", registered_capital=0, employees=5000)  # capital comes first
    toy.enterprise("H5", ["H"], province="浙江省", employees=100)                 # exactly 100: 2 decades
    return toy


def analysed(engine: str):
    toy = city()
    return analyse(toy.graph() if engine == "sparql" else toy.tables(), engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_each_target_carries_the_basis_of_its_size(engine):
    targets = {t.enterprise: t for t in analysed(engine).targets["M"]}
    got = {firm: (t.size_basis, t.parts["size"]) for firm, t in targets.items()}
    assert {firm: (basis, round(float(size), 6)) for firm, (basis, size) in got.items()} == {
        "R1": ("revenue", 0.08),               # 5000 万元: two decades; its large capital is not looked at
        "K1": ("registered_capital", 0.12),    # 50000 万元 of capital: three decades
        "K2": ("registered_capital", 0.0),     # capital known (below 100万元) comes before listing
        "L1": ("listed", 0.12),                # listed, nothing else known: as 1亿元
        "N1": ("none", 0.0),
        "Z1": ("revenue", 0.0),                # a revenue of 0 is a revenue
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_a_pool_known_only_by_head_counts_ranks_by_employees(engine):
    targets = analysed(engine).targets["H"]
    got = {t.enterprise: (t.size_basis, round(float(t.parts["size"]), 6)) for t in targets}
    assert got == {
        "H1": ("employees", 0.16),
        "H2": ("employees", 0.0),
        "H3": ("employees", 0.08),             # 350 people: two decades (listed counts in quality only)
        "H4": ("registered_capital", 0.0),
        "H5": ("employees", 0.08),
    }
    # H1: four decades; H3: two and listed; H5: two; H2 and H4 nothing, by id
    assert [t.enterprise for t in targets] == ["H1", "H3", "H5", "H2", "H4"]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_fallback_ranks_firms_that_only_have_capital_or_a_listing(engine):
    ranked = [t.enterprise for t in analysed(engine).targets["M"]]
    # L1: three decades and listed (quality); K1: three decades; R1: two; K2: listed only
    assert ranked == ["L1", "K1", "R1", "K2", "N1", "Z1"]


@pytest.mark.parametrize("engine", ENGINES)
def test_local_firms_able_to_expand_fall_back_the_same_way(engine):
    analysis = analysed(engine)
    assert analysis.link("W").status == "weak"
    expanding = {t.enterprise: (t.size_basis, round(float(t.parts["size"]), 6)) for t in analysis.expand_locally}
    assert expanding == {"W0": ("registered_capital", 0.04), "W1": ("employees", 0.08)}


def test_engines_agree_on_scores_and_bases():
    tables = {engine: [(link, t.enterprise, round(float(t.score), 6), t.size_basis)
                       for link in ("M", "H") for t in analysed(engine).targets[link]] for engine in ENGINES}
    assert tables["sparql"] == tables["sql"] == tables["python"]


def test_targets_output_shows_the_basis_in_words():
    assert "size_basis" in TARGET_COLUMNS
    row = target_rows(analysed("sql").targets["M"])[0]
    assert row["size_basis"] == "listed"
    assert display_value("size_basis", "registered_capital") == "注册资本"
    assert display_value("size_basis", "none", "en") == "no basis"
    assert display_value("size_basis", "employees") == "员工人数"
    assert display_value("size_basis", "employees", "en") == "employees"
    assert {row["size_basis"] for row in target_rows(analysed("sql").targets["H"])} == {"employees", "registered_capital"}
    assert WORDS.label("size_basis") == "规模依据"
    assert SIZE_BASES.codes == ("revenue", "registered_capital", "employees", "listed", "none")


@pytest.mark.parametrize(("value", "lang", "shown"), [(None, "zh", "未知"), ("", "zh", "未知"), (None, "en", "unknown"),
                                                     ("upstream", "zh", "上游")])
def test_a_link_without_a_segment_reads_unknown(value, lang, shown):
    assert display_value("segment", value, lang) == shown


def test_revenue_keeps_the_old_size_on_the_sample(sample_dataset):
    from chaingap.graph.store import ChainStore

    with ChainStore() as store:
        store.load(sample_dataset)
        analysis = analyse(store)
    targets = [t for items in analysis.targets.values() for t in items]
    assert targets
    for t in targets:
        if t.revenue is not None:
            steps = sum(1 for step in (100, 1000, 10000, 100000, 1000000) if t.revenue >= step)
            assert (t.size_basis, t.parts["size"]) == ("revenue", Decimal("0.20") * steps * Decimal("0.2")), t.enterprise
