"""Laggards, the month's stage changes and the stage of a project on a day (docs/pipeline.md)
from SQL, and the same rows from SPARQL on the embedded Oxigraph, computed here by hand on the
ledger of tests/test_pipeline.py with the commitments of tests/test_commitments.py and two more:

| project | kind | committed (due)                      | actual | laggard? gap |
| ------- | ---- | ------------------------------------ | ------ | ------------ |
| A2      | tax  | 100 and 80 (both due 2024-03-31)     | —      | yes, 100 - 0 = 100 (the larger of one day's two rows; due on the day itself) |

So on 2024-03-31 the laggards are A1 investment 15000 - 9000 = 6000, A8 tax 500 - 200 = 300 and
A2 tax 100. A2 (乙, district jk) moved jk -> xq with credit 0.4: xq sees it with weight 0.4,
jk with 0.6. The cases with the published sample's month (2024-03) are at the end.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from decimal import Decimal
from pathlib import Path

import pytest

from chaingap.graph.store import ChainStore
from chaingap.loaders import load_dataset
from chaingap.queries.laggards import laggards, sparql_laggards
from chaingap.queries.pipeline import month_facts, sparql_month_facts, sparql_stages_on, stages_on

_spec = importlib.util.spec_from_file_location("commitments_ledger", Path(__file__).with_name("test_commitments.py"))
_commitments = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_commitments)

EXTRA = "A2,tax,committed,2024-03-31,100\nA2,年税收,约定,2024-03-31,80\n"
AS_OF = dt.date(2024, 3, 31)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("events") / "ledger"
    with ChainStore() as chain_store:
        chain_store.load(load_dataset(_commitments.with_commitments(folder, _commitments.COMMITMENTS + EXTRA)))
        yield chain_store


def _rows(found):
    return [(lag.district, lag.project, lag.kind, lag.due_on, lag.committed, lag.actual, lag.actual_on, lag.gap, lag.weight)
            for lag in found]


@pytest.mark.parametrize("district, expected", [
    (None, [("jk", "A2", "tax", dt.date(2024, 3, 31), 100, 0, None, 100, 1),
            ("xq", "A1", "investment", dt.date(2024, 3, 1), 15000, 9000, dt.date(2024, 2, 1), 6000, 1),
            ("xq", "A8", "tax", dt.date(2024, 2, 29), 500, 200, dt.date(2024, 3, 10), 300, 1)]),
    ("xq", [("jk", "A2", "tax", dt.date(2024, 3, 31), 100, 0, None, 100, Decimal("0.4")),
            ("xq", "A1", "investment", dt.date(2024, 3, 1), 15000, 9000, dt.date(2024, 2, 1), 6000, 1),
            ("xq", "A8", "tax", dt.date(2024, 2, 29), 500, 200, dt.date(2024, 3, 10), 300, 1)]),
    ("jk", [("jk", "A2", "tax", dt.date(2024, 3, 31), 100, 0, None, 100, Decimal("0.6"))]),
    ("dy", []),
])
def test_laggards_by_hand_in_sql_and_sparql(store, district, expected):
    assert _rows(laggards(store, AS_OF, district)) == expected
    assert _rows(sparql_laggards(store, AS_OF, district)) == expected


def test_a_commitment_due_tomorrow_is_no_laggard_in_either_engine(store):
    day = dt.date(2024, 3, 30)
    assert {(lag.project, lag.kind) for lag in sparql_laggards(store, day)} == {("A1", "investment"), ("A8", "tax")}
    assert _rows(sparql_laggards(store, day)) == _rows(laggards(store, day))


def _facts(found):
    return [(f["kind"], f["project"], f["stage"], f["on_date"], f["from_district"], f["to_district"], f["credit"])
            for f in found]


@pytest.mark.parametrize("period, expected", [
    # A4 (below the threshold) started on 06-01 and A5 (framework) on 07-01: they do not count
    ((dt.date(2023, 6, 1), dt.date(2023, 7, 31)), [("signed", "A2", "signed", dt.date(2023, 6, 1), None, None, None),
                                                   ("signed", "A3", "signed", dt.date(2023, 7, 15), None, None, None)]),
    ((dt.date(2023, 9, 1), dt.date(2023, 9, 30)), [("stage", "A1", "started", dt.date(2023, 9, 1), None, None, None),
                                                   ("transfer", "A2", None, dt.date(2023, 9, 1), "jk", "xq",
                                                    Decimal("0.4"))]),
    ((dt.date(2024, 1, 1), dt.date(2024, 3, 31)), [("signed", "A8", "signed", dt.date(2024, 1, 15), None, None, None),
                                                   ("signed", "A9", "signed", dt.date(2024, 2, 1), None, None, None),
                                                   ("stage", "A1", "in_database", dt.date(2024, 1, 10), None, None, None),
                                                   ("stage", "A1", "in_statistics", dt.date(2024, 2, 1), None, None, None),
                                                   ("stage", "A3", "landed", dt.date(2024, 3, 31), None, None, None)]),
])
def test_the_periods_facts_by_hand_in_sql_and_sparql(store, period, expected):
    assert _facts(month_facts(store, *period)) == expected
    assert sparql_month_facts(store, *period) == month_facts(store, *period)


def test_the_stage_on_a_day_by_hand_in_sql_and_sparql(store):
    # A1 landed 05-01 and starts 09-01; A2 landed 08-01; A7 signs in November; A4 and A5 do not
    # count but are in a stage all the same
    expected = {"A1": "landed", "A2": "landed", "A3": "signed", "A4": "started", "A5": "started", "A6": "signed"}
    day = dt.date(2023, 8, 15)
    assert stages_on(store, day) == expected
    assert sparql_stages_on(store, day) == expected


def test_nothing_has_a_stage_before_the_first_event(store):
    assert stages_on(store, dt.date(2022, 12, 31)) == sparql_stages_on(store, dt.date(2022, 12, 31)) == {}


# --- the sample, for the monthly report's month -------------------------------------------------

MARCH = (dt.date(2024, 3, 1), dt.date(2024, 3, 31))


@pytest.fixture(scope="module")
def sample(sample_dataset):
    with ChainStore() as chain_store:
        chain_store.load(sample_dataset)
        yield chain_store


@pytest.mark.parametrize("district", [None, "zjxq", "dantu", "danyang"])
def test_the_sample_laggards_of_march_2024_are_the_same_in_sparql(sample, district):
    found = laggards(sample, MARCH[1], district)
    assert _rows(sparql_laggards(sample, MARCH[1], district)) == _rows(found)
    if district is None:
        assert len(found) == 9                 # tests/test_commitments.py: 5 on investment, 4 on tax


def test_the_sample_facts_and_stages_of_march_2024_are_the_same_in_sparql(sample):
    facts = month_facts(sample, *MARCH)
    assert {f["kind"] for f in facts} >= {"signed", "stage"}
    assert sparql_month_facts(sample, *MARCH) == facts
    assert sparql_stages_on(sample, MARCH[1]) == stages_on(sample, MARCH[1])


# --- the projects that do not count, as the monthly report states them ---------------------------

def test_the_excluded_projects_of_a_period_by_hand(store):
    """2023: A4 (5000万元) and A6 (800万美元) are below the threshold, A5 is a framework agreement."""
    from chaingap.queries.pipeline import excluded, signed

    found = [(r["project"], r["reason"]) for r in excluded(store, dt.date(2023, 1, 1), dt.date(2023, 12, 31))]
    assert found == [("A4", "below_threshold"), ("A5", "framework"), ("A6", "below_threshold")]
    # counted and excluded together are every project signed in the year (A1-A7), none twice
    counted = signed(store, dt.date(2023, 1, 1), dt.date(2023, 12, 31)).project_ids
    assert sorted([*counted, *(p for p, _ in found)]) == ["A1", "A2", "A3", "A4", "A5", "A6", "A7"]


def test_a_project_without_an_amount_is_excluded_for_that_reason(tmp_path):
    from chaingap.queries.pipeline import excluded

    folder = _commitments.with_commitments(tmp_path / "ledger")
    text = (folder / "projects.csv").read_text(encoding="utf-8")
    (folder / "projects.csv").write_text(text.replace("A7,庚,jk,,1亿元,", "A7,庚,jk,,,"), encoding="utf-8")
    with ChainStore() as chain_store:
        chain_store.load(load_dataset(folder))
        found = excluded(chain_store, dt.date(2023, 11, 1), dt.date(2023, 11, 30))
    assert [(r["project"], r["reason"], r["investment"]) for r in found] == [("A7", "no_amount", None)]


@pytest.mark.parametrize("lang, words", [
    ("zh", ("未计入项目", "框架协议", "投资额未达标准", "未载明投资额", "合计", "内资≥1亿元，外资≥1000万美元")),
    ("en", ("projects not counted", "framework agreement", "investment below the threshold", "total",
            "domestic ≥ 1 亿元, foreign ≥ 1000 万美元")),
])
def test_the_report_says_how_many_were_left_out_and_why_in_every_format(store, tmp_path, lang, words):
    """Report of 2023-04: in the month A5 (framework); in the year to date A4 (below) and A5."""
    import json

    from openpyxl import load_workbook

    from chaingap.report.pipeline_report import write_report

    paths = write_report(store, "2023-04", tmp_path, lang=lang)
    model = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert model["excluded"]["counts"] == {"framework": {"month": 1, "year_to_date": 1},
                                           "below_threshold": {"month": 0, "year_to_date": 1},
                                           "no_amount": {"month": 0, "year_to_date": 0}}
    assert [(r["project"], r["reason"]) for r in model["excluded"]["year_to_date"]] == [("A4", "below_threshold"),
                                                                                        ("A5", "framework")]
    markdown = paths["md"].read_text(encoding="utf-8")
    reason, total, rule = (words[1], words[4], words[-1]) if lang == "zh" else (words[1], words[3], words[-1])
    assert f"| {reason} | 1 | 1 |" in markdown
    assert f"| {total} | 1 | 2 |" in markdown
    assert all(word in markdown for word in words)
    html = paths["html"].read_text(encoding="utf-8")
    assert all(word in html for word in words) and 'id="excluded"' in html and rule in html
    sheets = load_workbook(paths["xlsx"])
    summary = next(s for s in sheets if str(s["A1"].value).endswith(f"· {words[0]}"))
    rows = [[cell.value for cell in row] for row in summary.iter_rows(min_row=3)]
    assert rows[0][:3] == [reason, "1", "1"] and rows[-1][:3] == [total, "1", "2"]


def test_the_sample_report_of_march_2024_counts_the_left_out(sample, tmp_path):
    import json

    from chaingap.queries.pipeline import signed
    from chaingap.report.pipeline_report import write_report

    paths = write_report(sample, "2024-03", tmp_path)
    left = json.loads(paths["json"].read_text(encoding="utf-8"))["excluded"]
    total = len(left["year_to_date"])
    assert total == sum(c["year_to_date"] for c in left["counts"].values()) > 0
    assert left["counts"]["framework"]["year_to_date"] > 0 and left["counts"]["no_amount"]["year_to_date"] > 0
    # the 106 projects that count and the ones left out are every project signed in Q1 2024
    counted = signed(sample, dt.date(2024, 1, 1), MARCH[1]).project_ids
    everyone = {row["project"] for row in sample.sql(
        "SELECT project FROM stage_events WHERE stage = 'signed' GROUP BY project "
        "HAVING min(on_date) BETWEEN DATE '2024-01-01' AND DATE '2024-03-31'")}
    assert len(counted) == 106 and set(counted) | {r["project"] for r in left["year_to_date"]} == everyone
    assert len(everyone) == 106 + total
    assert f"| 合计 | {len(left['month'])} | {total} |" in paths["md"].read_text(encoding="utf-8")
