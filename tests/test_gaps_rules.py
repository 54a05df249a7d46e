"""The classification and ranking rules do what docs/gap-rules.md says, in every engine."""

from __future__ import annotations

from decimal import Decimal

import pytest
from toycity import ToyCity

from chaingap.queries import load_query, query_names
from chaingap.queries.gaps import analyse
from chaingap.queries.params import param_names, render
from chaingap.queries.profile import load_profile

ENGINES = ["sql", "sparql", "python"]


def source(toy: ToyCity, engine: str):
    """What ``engine`` reads of the toy city: the graph built from its tables, or the tables."""
    return toy.graph() if engine == "sparql" else toy.tables()


def city(stage: str | None = None) -> ToyCity:
    """L1 strong (4 local firms, LQ 2 on counts), L2 missing (pool only), L3 with one local firm."""
    toy = ToyCity(region_province="江苏省").chain("C")
    for link in ("L1", "L2", "L3"):
        toy.link(link, "C")
    toy.feeds("L2", "L1").feeds("L1", "L3")
    for i in range(4):
        toy.enterprise(f"A{i}", ["L1"], local=True)
    toy.enterprise("B0", ["L3"], local=True)
    for i in range(3):
        toy.enterprise(f"P{i}", ["L2"], province="浙江省")
    toy.enterprise("P3", ["L3"])
    if stage:
        toy.project("X", ["L2"], stage)
    return toy


def statuses(toy, engine, profile=None) -> dict[str, str]:
    return {link.id: link.status for link in analyse(source(toy, engine), profile=profile, engine=engine).links}


@pytest.mark.parametrize("engine", ENGINES)
def test_default_thresholds(engine):
    analysis = analyse(source(city(), engine), engine=engine)
    found = {link.id: (link.status, link.extension, link.metrics["lq"]) for link in analysis.links}
    # 5 local of 9 firms; L1: (4/5)/(4/9) = 1.8 >= 1.25 with 4 >= 3 firms
    assert found["L1"] == ("strong", False, Decimal("1.8"))
    # L2 has no local firm and feeds the strong L1: missing, an extension and a supply gap
    assert found["L2"][:2] == ("missing", True)
    assert analysis.link("L2").metrics["supply_gap"] is True
    # L3: one local firm (< 2): weak, next to the strong L1
    assert found["L3"][:2] == ("weak", True)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("override", "link", "expected"), [
    ({"status": {"strong": {"lq_min": 2}}}, "L1", "normal"),          # 1.8 < 2: no longer strong
    ({"status": {"strong": {"count_min": 5}}}, "L1", "normal"),       # 4 firms < 5
    ({"status": {"weak": {"count_below": 1}}}, "L3", "normal"),       # 1 firm is no longer too few; LQ 0.9
    ({"status": {"weak": {"count_below": 1, "lq_below": 1}}}, "L3", "weak"),
    ({"status": {"being_filled_stage": "signed"}}, "L2", "missing"),  # no project at all
])
def test_profile_thresholds_change_the_status(engine, override, link, expected):
    assert statuses(city(), engine, override)[link] == expected


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(("stage", "expected"), [
    ("signed", "missing"), ("landed", "missing"), ("started", "being_filled"),
    ("producing", "being_filled"), ("reached_output", "being_filled"),
])
def test_a_started_project_makes_a_missing_link_being_filled(engine, stage, expected):
    assert statuses(city(stage), engine)["L2"] == expected


@pytest.mark.parametrize("engine", ENGINES)
def test_the_being_filled_stage_is_a_profile_setting(engine):
    assert statuses(city("signed"), engine, {"status": {"being_filled_stage": "signed"}})["L2"] == "being_filled"


@pytest.mark.parametrize("engine", ENGINES)
def test_targets_are_never_local_and_ties_go_to_the_smaller_id(engine):
    toy = city()
    toy.enterprise("L-local", ["L2"], local=True, revenue=10 ** 7, listed=True)  # would win if allowed
    analysis = analyse(source(toy, engine), engine=engine)
    ranked = [t.enterprise for t in analysis.targets["L2"]]
    assert "L-local" not in ranked
    # P0..P2 are identical: equal scores, so ordered by id
    assert ranked == ["P0", "P1", "P2"]
    assert len({t.score for t in analysis.targets["L2"]}) == 1


@pytest.mark.parametrize("engine", ENGINES)
def test_score_parts_reward_ties_groups_proximity_and_signals(engine):
    toy = city()
    toy.enterprise("P9", ["L2"], province="江苏省", revenue=200000, listed=True, high_tech=True, signal="增资")
    toy.supplies("P9", "A0").enterprise("A5", ["L1"], local=True, parent_group="P9")
    analysis = analyse(source(toy, engine), engine=engine)
    top = analysis.targets["L2"][0]
    assert top.enterprise == "P9"
    weights = load_profile().weights
    assert top.parts == {
        "fit": weights["fit"] * 1, "size": weights["size"] * Decimal("0.8"),
        "quality": weights["quality"] * Decimal("0.5"), "ties": weights["ties"] * Decimal("0.5"),
        "group": weights["group"], "proximity": weights["proximity"], "expansion": weights["expansion"],
    }
    assert top.score == sum(top.parts.values())
    assert top.reasons == ["supplies_local:1", "group_of_local:1", "proximity:same_province", "expansion_signal"]
    assert analysis.shortlist[0].enterprise == "P9"


@pytest.mark.parametrize("engine", ENGINES)
def test_top_n_limits_each_list(engine):
    analysis = analyse(source(city(), engine), profile={"targets": {"top_n": 2}}, engine=engine)
    assert [t.enterprise for t in analysis.targets["L2"]] == ["P0", "P1"]


def test_params_are_serialised_as_rdf_terms_not_pasted():
    text = load_query("link_status")
    assert {"benchmark", "strongLqMin", "filledStageOrder"} <= param_names(text)
    hostile = 'graph" ) } } ; DROP ALL ; #'
    values = {"benchmark": hostile, "lqBasis": "auto", "strongLqMin": Decimal("1.25"), "strongCountMin": 3,
              "weakLqBelow": Decimal("0.75"), "weakCountBelow": 2, "filledStageOrder": 3}
    rendered = render(text, values)
    assert '"graph\\" ) } } ; DROP ALL ; #"' in rendered
    import pyoxigraph as ox

    ox.Store().query(rendered, prefixes={"cg": "https://w3id.org/chaingap/ontology#",
                                         "cgd": "https://w3id.org/chaingap/derived#"})


def test_every_bundled_query_parses_with_its_default_values():
    import pyoxigraph as ox

    from chaingap.ontology.namespace import PREFIXES

    names = query_names()
    assert {"link_aggregates", "link_status", "targets", "expand_locally", "totals", "links"} <= set(names)
    for name in names:
        list(ox.Store().query(load_query(name), prefixes=PREFIXES))


def test_unknown_query_names_the_known_ones():
    with pytest.raises(FileNotFoundError, match="link_status"):
        load_query("no_such_query")


def test_profile_file_overrides_only_what_it_names(tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text("status:\n  strong:\n    lq_min: 2.5\n", encoding="utf-8")
    profile = load_profile(path)
    assert profile.strong_lq_min == Decimal("2.5")
    assert profile.strong_count_min == 3 and profile.weak_lq_below == Decimal("0.75")


@pytest.mark.parametrize("bad", [{"benchmark": "nation"}, {"lq_basis": "jobs"},
                                 {"status": {"being_filled_stage": "dreamt"}}, {"targets": {"statuses": ["lost"]}}])
def test_invalid_profiles_are_refused(bad):
    with pytest.raises(ValueError, match="invalid profile"):
        load_profile(bad)


def test_the_one_scored_query_ranks_each_link_as_the_one_link_query_does():
    """rankings.sql ranks every link in one query (a window per link); targets.rq ranks one link
    at a time: same candidates, order and scores."""
    from chaingap.ontology import terms
    from chaingap.queries import sparql_engine
    from chaingap.queries.backend import select

    toy = city()
    toy.enterprise("P9", ["L2"], province="江苏省", revenue=5000, listed=True).supplies("P9", "A0")
    toy.enterprise("P8", ["L3"], province="浙江省", revenue=5000)
    profile = load_profile({"targets": {"statuses": ["missing", "weak", "strong"]}})
    analysis = analyse(toy.tables(), profile)
    graph = toy.graph()
    assert set(analysis.targets) == {"L1", "L2", "L3"}
    for link_id, ranked in analysis.targets.items():
        text = render(load_query("targets"), sparql_engine.target_params(profile, terms.iri("link", link_id)),
                      {"provinces": [("江苏省", "same_province"), ("浙江省", "neighbouring")]})
        live = select(graph, f"{text}\nLIMIT {profile.top_n}")
        assert [(t.enterprise, t.score) for t in ranked] == [(terms.local_id(row["e"]), row["score"]) for row in live]


def test_the_rankings_of_every_link_come_from_one_query_and_an_engine_keeps_its_answer(monkeypatch):
    from chaingap.queries import sql_engine
    from chaingap.queries.gaps import GapEngine

    calls = []
    original = sql_engine._rows
    monkeypatch.setattr(sql_engine, "_rows", lambda con, text, params=None: calls.append(text) or original(con, text, params))
    engine = GapEngine(city().tables(), {"targets": {"statuses": ["missing", "weak", "normal", "strong"]}})
    first = engine.analyse()
    assert len(first.targets) == 3
    assert sum("row_number() OVER" in text for text in calls) == 1
    assert sum("link_status" in text or "status of every link" in text for text in calls) == 1
    asked = len(calls)
    assert engine.analyse() is first and len(calls) == asked
