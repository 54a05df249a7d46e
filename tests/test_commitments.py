"""Contracted commitments and actuals (project_commitments) and the laggards of the monthly
report (docs/pipeline.md), computed here by hand on the small ledger of test_pipeline.py.

Commitments added to that ledger (万元; as of 2024-03-31):

| project | kind       | committed (due)              | actual (on)                 | laggard? gap |
| ------- | ---------- | ---------------------------- | --------------------------- | ------------ |
| A1      | investment | 8000 (2023-12-31), 15000 (2024-03-01) | 9000 (2024-02-01)  | yes, 15000 - 9000 = 6000 |
| A2      | investment | 10000 (2024-01-31)           | 10000 (2024-01-20)          | no (met)     |
| A3      | tax        | 300 (2024-06-30)             | —                           | no (not due) |
| A8      | tax        | 500 (2024-02-29)             | 200 (2024-03-10), 700 (2024-04-10) | yes, 300 (the April actual is after the day) |
| A4      | investment | 4000 (2023-12-31)            | —                           | no: A4 (5000万元) does not count |

A2 moved from jk to xq with credit 0.4, so a district sees the laggards of projects credited to it.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from chaingap.loaders import load_dataset, validate_dataset
from chaingap.loaders.tables_of_record import write_tables
from chaingap.queries.laggards import laggards

_spec = importlib.util.spec_from_file_location("pipeline_ledger", Path(__file__).with_name("test_pipeline.py"))
_pipeline = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_pipeline)
ledger = _pipeline.ledger                 # the small ledger of test_pipeline.py (its docstring)

COMMITMENTS = """project,kind,record,date,amount
A1,investment,committed,2023-12-31,8000
A1,投资进度,约定,2024-03-01,1.5亿元
A1,investment,actual,2024-02-01,9000万元
A2,investment,committed,2024-01-31,1亿元
A2,investment,actual,2024-01-20,10000
A3,tax,committed,2024-06-30,300
A8,年税收,committed,2024-02-29,500
A8,tax,实际,2024-03-10,200
A8,tax,actual,2024-04-10,700
A4,investment,committed,2023-12-31,4000
"""
AS_OF = dt.date(2024, 3, 31)


def with_commitments(folder: Path, text: str = COMMITMENTS) -> Path:
    ledger(folder)
    (folder / "project_commitments.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    con = duckdb.connect()
    write_tables(load_dataset(with_commitments(tmp_path_factory.mktemp("commitments") / "ledger")), con)
    return con


def test_the_loader_keeps_every_commitment_and_actual_in_wan_yuan(tables):
    rows = tables.execute("SELECT project, kind, record, on_date, amount FROM project_commitments ORDER BY _row").fetchall()
    assert len(rows) == 10
    assert rows[1] == ("A1", "investment", "committed", dt.date(2024, 3, 1), Decimal(15000))
    assert rows[7] == ("A8", "tax", "actual", dt.date(2024, 3, 10), Decimal(200))


def test_laggards_by_hand(tables):
    found = [(l.project, l.kind, l.due_on, l.committed, l.actual, l.gap) for l in laggards(tables, AS_OF)]
    assert sorted(found) == [("A1", "investment", dt.date(2024, 3, 1), 15000, 9000, 6000),
                             ("A8", "tax", dt.date(2024, 2, 29), 500, 200, 300)]


def test_a_commitment_not_yet_due_makes_no_laggard(tables):
    found = {(l.project, l.kind): l.gap for l in laggards(tables, dt.date(2024, 1, 31))}
    assert found == {("A1", "investment"): 8000}           # A1's first step, before any actual; A8 not due


@pytest.mark.parametrize("district, projects", [("xq", {"A1", "A8"}), ("jk", set()), ("dy", set())])
def test_a_district_sees_the_laggards_credited_to_it(tables, district, projects):
    assert {l.project for l in laggards(tables, AS_OF, district)} == projects


@pytest.mark.parametrize("row, column, message", [
    ("ZZ,investment,committed,2024-01-01,1", "project", "unknown project id 'ZZ'"),
    ("A1,speed,committed,2024-01-01,1", "kind", "unknown commitment 'speed'"),
    ("A1,investment,promised,2024-01-01,1", "record", "unknown commitment record 'promised'"),
    ("A1,investment,committed,2024-02-30,1", "date", "not a date"),
    ("A1,investment,committed,2024-01-01,-5", "amount", "negative amount"),
    ("A1,investment,committed,2024-01-01,", "amount", "empty required cell"),
])
def test_a_bad_commitment_is_one_clear_error(tmp_path, row, column, message):
    folder = with_commitments(tmp_path / "bad", "project,kind,record,date,amount\n" + row + "\n")
    problems = [str(problem) for problem in validate_dataset(folder)]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"project_commitments.csv, row 2, column {column}: ") and message in problems[0]


def test_the_report_lists_the_laggards_with_the_same_numbers_in_every_format(tmp_path):
    from openpyxl import load_workbook

    from chaingap.graph.store import ChainStore
    from chaingap.report.pipeline_report import write_report

    with ChainStore() as store:
        store.load(load_dataset(with_commitments(tmp_path / "ledger")))
        paths = write_report(store, "2024-03", tmp_path / "out")
    model = json.loads(paths["json"].read_text(encoding="utf-8"))
    city = {(f["project"], f["kind"]): (f["committed"], f["actual"], f["gap"]) for f in model["city"]["laggards"]}
    assert city == {("A1", "investment"): (15000, 9000, 6000), ("A8", "tax"): (500, 200, 300)}
    markdown = paths["md"].read_text(encoding="utf-8")
    assert "| A1 | 甲 | 投资进度 | 2024-03-01 | 15000 | 9000 | 6000 |" in markdown
    assert "| A8 | 辛 | 年税收 | 2024-02-29 | 500 | 200 | 300 |" in markdown
    sheets = load_workbook(paths["xlsx"])
    sheet = next(s for s in sheets if s["A1"].value and str(s["A1"].value).endswith("· 未按约定推进项目"))
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert {(r[1], r[3], r[5], r[6], r[7]) for r in rows} == {("A1", "投资进度", "15000", "9000", "6000"),
                                                             ("A8", "年税收", "500", "200", "300")}
    assert "6000" in paths["html"].read_text(encoding="utf-8")


def test_the_sample_commitments_change_no_published_figure(sample_dataset):
    """The bundled sample's illustrative commitments make laggards and leave Q1 2024 as published."""
    from chaingap.queries.pipeline import signed

    con = duckdb.connect()
    write_tables(sample_dataset, con)
    assert con.execute("SELECT bool_and(illustrative), count(*) > 0 FROM project_commitments").fetchall() == [(True, True)]
    assert len(laggards(con, AS_OF)) == 9        # 5 investment (H007 H013 H025 H031 H043), 4 tax (H001 H013 H025 H037)
    figures = signed(con, dt.date(2024, 1, 1), AS_OF)
    assert (figures.projects, figures.investment) == (106, 6415000)
