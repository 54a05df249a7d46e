"""单一企业依赖: a strong or normal link held mostly by one firm is flagged, the firm named.

Every engine (SQL, the Python oracle, SPARQL) decides the same flag and names the same firm;
tests/servers/test_cross_engine.py holds Cypher to them too. Thresholds come from the
profile (``fragility.top_share_above``, ``fragility.hhi_above``).
"""

from __future__ import annotations

import pytest
from toycity import ToyCity

from chaingap.queries.gaps import analyse
from chaingap.report.i18n import rule_sentence
from chaingap.report.text import gap_rows

ENGINES = ("sql", "python", "sparql")


def city(revenues: dict[str, int]) -> ToyCity:
    """Link L1 with local firms of the given revenues and one small pool firm; L2 holds the large
    pool, so L1 is specialised (strong with three local firms or more)."""
    toy = ToyCity(region_province="江苏省").chain("C").link("L1", "C").link("L2", "C")
    for firm, revenue in revenues.items():
        toy.enterprise(firm, ["L1"], local=True, revenue=revenue)
    toy.enterprise("Z", ["L2"], local=True, revenue=1)
    toy.enterprise("P0", ["L1"], revenue=1).enterprise("P1", ["L2"], revenue=100000)
    return toy


def link(toy: ToyCity, engine: str, profile=None):
    source = toy.graph() if engine == "sparql" else toy.tables()
    return analyse(source, profile=profile, engine=engine).link("L1")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_strong_link_held_by_one_firm_is_flagged_with_the_firm_named(engine):
    found = link(city({"A": 9000, "B": 500, "C": 500}), engine)
    assert found.status == "strong"
    assert found.metrics["single_firm"] is True and found.metrics["top_firm"] == "A"
    assert round(float(found.metrics["top_share"]), 6) == 0.9


@pytest.mark.parametrize("engine", ENGINES)
def test_a_link_spread_over_several_firms_is_not(engine):
    found = link(city({"A": 400, "B": 350, "C": 250}), engine)
    assert found.status == "strong" and found.metrics["single_firm"] is False
    assert found.metrics["top_firm"] == "A"


@pytest.mark.parametrize("engine", ENGINES)
def test_a_weak_link_is_not_flagged_however_concentrated(engine):
    found = link(city({"A": 9000}), engine)
    assert found.status == "weak" and found.metrics["single_firm"] is False and found.metrics["top_firm"] == "A"


@pytest.mark.parametrize("engine", ENGINES)
def test_the_thresholds_come_from_the_profile(engine):
    toy = city({"A": 500, "B": 300, "C": 200})          # top share 0.5, HHI 0.38
    assert link(toy, engine).metrics["single_firm"] is False
    strict = {"fragility": {"top_share_above": 0.45, "hhi_above": 0.9}}
    assert link(toy, engine, strict).metrics["single_firm"] is True
    by_hhi = {"fragility": {"top_share_above": 0.9, "hhi_above": 0.35}}
    assert link(toy, engine, by_hhi).metrics["single_firm"] is True


@pytest.mark.parametrize("engine", ENGINES)
def test_equal_top_firms_name_the_smallest_iri_and_a_threshold_is_not_above_itself(engine):
    toy = city({"B": 300, "A": 300, "C": 0, "D": 0})    # A and B hold half each: top share 0.5
    found = link(toy, engine, {"fragility": {"top_share_above": 0.5, "hhi_above": 0.5}})
    assert found.metrics["top_firm"] == "A" and found.metrics["single_firm"] is False


@pytest.mark.parametrize("lang, word", [("zh", "单一企业依赖"), ("en", "single-firm dependence")])
def test_the_flag_shows_in_the_gaps_rows_and_the_rule_sentence(lang, word):
    toy = city({"A": 9000, "B": 500, "C": 500})
    analysis = analyse(toy.tables())
    sentence = rule_sentence(analysis.link("L1"), lang)
    assert word in sentence and "A" in sentence
    [row] = [row for row in gap_rows(analysis, lang) if row["link"] == "L1"]
    assert row["single_firm"] is True and row["top_firm"] == "A"


def test_the_flag_shows_in_the_map_tooltip():
    from chaingap.report.chain_graph import _link_tooltip
    from chaingap.report.store_view import city_view

    analysis = analyse(city({"A": 9000, "B": 500, "C": 500}).tables())
    view = city_view(analysis)
    [link] = [link for chain in view.chains for link in chain.links if link.id == "L1"]
    assert "单一企业依赖" in _link_tooltip(link, "zh")
