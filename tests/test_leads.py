"""Leads (chaingap leads): suppliers and customers of anchor firms, groups of local branches, expansion.

The lists are built by hand on a small city and compared with every engine's: the SQL files
on the tables of record, the .rq files on the graph built from them, and the Python oracle.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from toycity import ToyCity

from chaingap.cli import cli
from chaingap.queries.gaps import analyse
from chaingap.queries.leads import LEAD_ENGINES, leads
from chaingap.queries.sources import DistrictView
from chaingap.report.leads import lead_sentence

ENGINES = LEAD_ENGINES


def city() -> ToyCity:
    """L1a (a sub-link of L1) and L3 have no local firm (missing), L1 one (weak); L2 holds the anchors."""
    toy = ToyCity(region_province="江苏省")
    toy.chain("C").link("L1", "C").link("L1a", "C", parent="L1").link("L2", "C").link("L3", "C")
    toy.district("D1", parent="R").district("D2", parent="R")
    toy.enterprise("A", ["L2"], local=True, revenue=5000, chain_leader=True, name="本地链主", district="D1")
    toy.enterprise("A2", ["L2"], local=True, revenue=900, chain_leader=True, name="另一链主", district="D2")
    toy.enterprise("B", ["L2"], local=True, revenue=800, parent_group="G1", district="D1")
    toy.enterprise("B2", ["L2"], local=True, revenue=700, parent_group="G1", district="D1")
    toy.enterprise("Cl", ["L2"], local=True, revenue=600, parent_group="G2", district="D1")
    toy.enterprise("G1", ["L1a"], revenue=90000, province="上海市", name="集团一")
    toy.enterprise("G2", ["L1"], local=True, revenue=100, district="D1")       # a local group: no lead
    toy.enterprise("G3", ["L2"], revenue=100, province="浙江省")
    toy.enterprise("Cl2", ["L2"], local=True, revenue=100, parent_group="G3", district="D1")
    toy.enterprise("P1", ["L1a"], revenue=300, province="浙江省", name="供应商一")
    toy.enterprise("P2", ["L1a", "L3"], revenue=200, province="安徽省")
    toy.enterprise("P3", ["L3"], revenue=200)
    toy.enterprise("P5", {"L3": 0.5}, revenue=100, province="山东省")
    toy.enterprise("P6", [], revenue=100)
    toy.product("PR1", "P1", "L3", name="电芯")
    toy.supplies("P1", "A", product="PR1")    # the product's link (L3), not P1's own (L1a)
    toy.supplies("P2", "A")                   # each link P2 works in
    toy.supplies("P2", "A")                   # the same tie again: one lead
    toy.supplies("P3", "B")                   # B is no anchor
    toy.supplies("Cl", "A")                   # a local supplier is no lead
    toy.supplies("P6", "A2")                  # works in no link: link unknown
    toy.supplies("A", "P5")                   # a customer of the anchor
    return toy


def sources(toy: ToyCity, engine: str):
    return toy.graph() if engine == "sparql" else toy.tables()


def rows(found, *fields):
    return [tuple(getattr(lead, f) for f in fields) for lead in found]


@pytest.mark.parametrize("engine", ENGINES)
def test_suppliers_of_anchor_firms_by_link_with_the_product(engine):
    toy = city()
    found = leads(sources(toy, engine), analyse(toy.tables()), "suppliers", engine)
    assert rows(found, "enterprise", "anchor", "link", "product", "link_status") == [
        ("P2", "A", "L1a", None, "missing"),
        ("P1", "A", "L3", "PR1", "missing"),
        ("P2", "A", "L3", None, "missing"),
        ("P6", "A2", None, None, None),
    ]
    assert found[1].product_name == "电芯" and found[1].name == "供应商一" and found[1].province == "浙江省"
    assert found[1].anchor_name == "本地链主"
    assert found[1].reasons == ["supplies_anchor:A", "status:missing"]


@pytest.mark.parametrize("engine", ENGINES)
def test_customers_of_anchor_firms(engine):
    toy = city()
    found = leads(sources(toy, engine), analyse(toy.tables()), "customers", engine)
    assert rows(found, "enterprise", "anchor", "link", "reasons") == [
        ("P5", "A", "L3", ["buys_from_anchor:A", "status:missing"])]


@pytest.mark.parametrize("engine", ENGINES)
def test_groups_of_local_branches_in_missing_or_weak_links(engine):
    toy = city()
    found = leads(sources(toy, engine), analyse(toy.tables()), "groups", engine)
    # G1 works in L1a (missing); its parent L1 is a rollup (汇总), judged through its sub-links, so
    # it asks for no leads of its own; G2 is local itself; G3 works in L2, which is strong
    assert analyse(toy.tables()).link("L1").status == "rollup"
    assert rows(found, "enterprise", "link", "branches", "link_status", "reasons") == [
        ("G1", "L1a", ["B", "B2"], "missing", ["group_of_local:2", "status:missing"]),
    ]
    assert found[0].name == "集团一" and found[0].province == "上海市"


@pytest.mark.parametrize("engine", ENGINES)
def test_groups_follow_the_statuses_asked_for(engine):
    toy = city()
    analysis = analyse(toy.tables())
    assert analysis.link("L2").status == "strong"
    found = leads(sources(toy, engine), analysis, "groups", engine, statuses=["strong"])
    assert rows(found, "enterprise", "link", "branches") == [("G3", "L2", ["Cl2"])]


@pytest.mark.parametrize("engine", ENGINES)
def test_in_a_district_view_only_its_firms_are_anchors(engine):
    toy = city()
    view = DistrictView(sources(toy, engine), "D2")
    analysis = analyse(DistrictView(toy.tables(), "D2"))
    found = leads(view, analysis, "suppliers", engine)
    assert rows(found, "enterprise", "anchor") == [("P6", "A2")]


def test_expansion_leads_carry_the_signal_and_the_date_of_the_data():
    toy = ToyCity(region_province="江苏省")
    toy.rows["dataset"][0]["as_of"] = __import__("datetime").date(2025, 6, 30)
    toy.chain("C").link("L1", "C")
    toy.enterprise("E1", ["L1"], local=True, revenue=100, signal="2025年拟增资扩产")
    toy.enterprise("P1", ["L1"], revenue=10000000)
    analysis = analyse(toy.tables())
    assert analysis.link("L1").status == "weak"
    [lead] = leads(toy.tables(), analysis, "expansion")
    assert (lead.enterprise, lead.link, lead.signal, str(lead.as_of)) == ("E1", "L1", "2025年拟增资扩产", "2025-06-30")
    assert lead.reasons == ["expansion_signal", "status:weak"]
    assert "2025年拟增资扩产" in lead_sentence(lead) and "2025-06-30" in lead_sentence(lead, "en")


@pytest.mark.parametrize("kind", ["suppliers", "customers", "groups"])
def test_every_engine_gives_the_same_leads_on_the_sample(sample_store, kind):
    analysis = analyse(sample_store)
    found = {engine: [lead.to_dict() for lead in leads(sample_store, analysis, kind, engine)] for engine in ENGINES}
    assert found["sql"], kind
    assert found["sql"] == found["python"] == found["sparql"]


@pytest.mark.parametrize("lang, words", [("zh", ["链主", "以商招商"]), ("en", ["chain leader", "recruiting through"])])
def test_each_lead_says_why(lang, words):
    toy = city()
    [first, *_] = leads(toy.tables(), analyse(toy.tables()), "suppliers")
    sentence = lead_sentence(first, lang)
    assert all(word in sentence for word in words) and first.name in sentence


def test_cli_lists_suppliers_of_the_anchor_firms_of_the_sample(tmp_path, monkeypatch):
    monkeypatch.setenv("CHAINGAP_HOME", str(tmp_path / "home"))
    result = CliRunner().invoke(cli, ["leads", "suppliers", "--sample", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found and all(lead["anchor"] and lead["link"] and lead["why"] for lead in found)
    assert {lead["kind"] for lead in found} == {"suppliers"}
    result = CliRunner().invoke(cli, ["leads", "groups", "--sample", "--format", "json", "--lang", "en"],
                                catch_exceptions=False)
    groups = json.loads(result.stdout)
    assert groups and all(lead["branches"] and lead["link_status"] in ("missing", "weak") for lead in groups)


def test_help_names_every_kind_with_an_example():
    result = CliRunner().invoke(cli, ["leads", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output
    assert all(kind in result.output for kind in ("suppliers", "customers", "groups", "expansion"))
