"""Honest small numbers: too few firms is 证据不足, no firm anywhere is 无数据, in every engine.

Neither status is ever missing, weak or strong, a supply gap, an extension (延链) or a list of
targets, and neither makes a neighbour strong (docs/gap-rules.md, step 3).
"""

from __future__ import annotations

import pytest
from toycity import ToyCity

from chaingap.ontology.vocab import STATUSES
from chaingap.queries.gaps import analyse

ENGINES = ["sql", "sparql", "python"]
HONEST = {"status": {"evidence": {"local_min": 2, "benchmark_min": 5}}}


def source(toy: ToyCity, engine: str):
    return toy.graph() if engine == "sparql" else toy.tables()


def city() -> ToyCity:
    """S strong (4 local of 6); T thin (1 local of 2 nationally, LQ high); G no firm anywhere;
    M missing (0 local of 6); Q one local firm of 6; S feeds T, G and M; G and T feed S."""
    toy = ToyCity(region_province="江苏省").chain("C")
    for link in ("S", "T", "G", "M", "Q"):
        toy.link(link, "C")
    toy.feeds("S", "T").feeds("S", "G").feeds("S", "M").feeds("G", "S").feeds("T", "S")
    for i in range(4):
        toy.enterprise(f"A{i}", ["S"], local=True)
    for i in range(2):
        toy.enterprise(f"PS{i}", ["S"], province="浙江省")
    toy.enterprise("T0", ["T"], local=True).enterprise("PT0", ["T"], province="浙江省")
    for i in range(6):
        toy.enterprise(f"PM{i}", ["M"], province="安徽省")
        toy.enterprise(f"PQ{i}", ["Q"], province="安徽省")
    toy.enterprise("Q0", ["Q"], local=True)
    return toy


def analysed(engine: str, profile=None):
    return analyse(source(city(), engine), profile=profile, engine=engine)


def test_the_new_statuses_have_words():
    assert STATUSES.label("insufficient_evidence") == "证据不足"
    assert STATUSES.label("no_data") == "无数据"
    assert STATUSES.label("no_data", "en") == "no data"
    assert STATUSES.codes[-3:] == ("insufficient_evidence", "no_data", "rollup")


@pytest.mark.parametrize("engine", ENGINES)
def test_a_link_with_no_firm_anywhere_is_no_data_never_missing(engine):
    link = analysed(engine).link("G")
    assert link.status == "no_data"
    assert (link.metrics["local_enterprises"], link.metrics["benchmark_enterprises"]) == (0, 0)
    # it feeds the strong S, yet it is no supply gap and no 延链
    assert link.metrics["feeds_strong"] is True
    assert link.metrics["supply_gap"] is False and link.extension is False


@pytest.mark.parametrize("engine", ENGINES)
def test_default_minimums_keep_thin_links_as_before(engine):
    found = {link.id: link.status for link in analysed(engine).links}
    assert found == {"S": "strong", "T": "weak", "G": "no_data", "M": "missing", "Q": "weak"}


@pytest.mark.parametrize("engine", ENGINES)
def test_below_the_minimums_a_link_is_insufficient_evidence_with_its_numbers(engine):
    analysis = analysed(engine, HONEST)
    found = {link.id: link.status for link in analysis.links}
    # S: 6 benchmark firms >= 5, 4 local >= 2: still strong. T: 1 local of 2: too few to judge.
    # Q: 1 local firm (< local_min 2) of 7. M: 0 local of 6: missing (absence is evidence).
    assert found == {"S": "strong", "T": "insufficient_evidence", "G": "no_data", "M": "missing",
                     "Q": "insufficient_evidence"}
    thin = analysis.link("T")
    assert (thin.metrics["local_enterprises"], thin.metrics["benchmark_enterprises"]) == (1, 2)
    assert thin.rule.thresholds == {"local_min": 2, "benchmark_min": 5}
    assert thin.extension is False and thin.metrics["supply_gap"] is False


@pytest.mark.parametrize("engine", ENGINES)
def test_thin_links_get_no_targets_and_make_no_neighbour_strong(engine):
    analysis = analysed(engine, {"status": {"evidence": {"local_min": 1, "benchmark_min": 7},
                                            "strong": {"count_min": 1}}})
    found = {link.id: link.status for link in analysis.links}
    # every link has fewer than 7 benchmark firms but Q (7): none but Q can be judged
    assert found == {"S": "insufficient_evidence", "T": "insufficient_evidence", "G": "no_data",
                     "M": "insufficient_evidence", "Q": "weak"}
    assert not analysis.targets.get("T") and not analysis.targets.get("G")
    assert set(analysis.targets) <= {"Q"}
    assert all(not link.extension and not link.metrics["supply_gap"] for link in analysis.links)
    assert all(link.metrics["strong_neighbours"] == 0 for link in analysis.links)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_sentence_quotes_the_numbers(engine):
    from chaingap.report.i18n import rule_sentence

    thin = analysed(engine, HONEST).link("T")
    assert "证据不足" in rule_sentence(thin) and "基准企业2家" in rule_sentence(thin)
    assert "insufficient evidence" in rule_sentence(thin, "en")
    assert "无数据" in rule_sentence(analysed(engine).link("G"))


def test_the_minimums_are_checked():
    from chaingap.queries.profile import load_profile

    with pytest.raises(ValueError, match="evidence"):
        load_profile({"status": {"evidence": {"local_min": 0}}})
