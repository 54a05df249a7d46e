"""The outreach log (走访记录) and the declined firms it holds back (docs/pipeline.md, outreach).

A firm whose latest contact is a decline less than ``targets.declined_hold_days`` before its
dataset's as_of is ranked in no engine and listed as held back until the day the hold ends; a
decline older than that, or one followed by a visit, a talk or a signing, holds no one back.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from toycity import ToyCity

from chaingap.queries.gaps import analyse
from chaingap.queries.held_back import held_back

from .test_gaps_engines import assert_toy_agrees, small_city

BASE = Path(__file__).parent / "bad_inputs" / "base"


def city(*contacts: tuple[str, str, str]) -> ToyCity:
    """A missing link L1 with three pool candidates (P1 the best) and the ``contacts`` of the log."""
    toy = ToyCity(region_province="江苏省", as_of="2025-06-30").chain("C1").link("L1", "C1").link("L2", "C1")
    toy.feeds("L1", "L2")
    toy.enterprise("E1", ["L2"], local=True, revenue=1000)
    toy.enterprise("P1", ["L1"], revenue=100_000, province="江苏省").enterprise("P2", ["L1"], revenue=5_000)
    toy.enterprise("P3", ["L1", "L2"], revenue=500)
    for enterprise, day, kind in contacts:
        toy.outreach(enterprise, day, kind, note="暂无投资计划" if kind == "declined" else None)
    return toy


def ranked(toy: ToyCity, profile=None) -> list[str]:
    """The candidates of L1, after every engine (SQL, the Python oracle, SPARQL) gave the same list."""
    analysis = assert_toy_agrees(toy, profile)
    return [target.enterprise for target in analysis.targets["L1"]]


def declined_city() -> ToyCity:
    """The engines' small city with a log: P5, the best candidate of L1 and L2, declined lately;
    P4 declined before the period; P3 declined, then signed (tests/servers/test_cross_engine.py)."""
    toy = small_city().dated("2025-06-30").outreach("P5", "2025-03-10", "declined")
    return toy.outreach("P4", "2024-01-05", "declined").outreach("P3", "2025-01-05", "declined").outreach(
        "P3", "2025-02-01", "signed")


def test_on_the_small_city_only_the_recent_decline_is_held_back():
    plain = assert_toy_agrees(small_city())
    logged = assert_toy_agrees(declined_city())
    for link, targets in plain.targets.items():
        expected = [t.enterprise for t in targets if t.enterprise != "P5"]
        assert [t.enterprise for t in logged.targets.get(link, [])] == expected, link
    assert "P5" in [t.enterprise for t in plain.targets["L1"]]
    assert {item.enterprise for items in held_back(declined_city().tables()).values() for item in items} == {"P5"}


def test_without_a_log_every_candidate_is_ranked():
    assert ranked(city()) == ["P1", "P2", "P3"]


def test_a_recent_decline_holds_the_firm_back_in_every_engine():
    toy = city(("P1", "2024-08-01", "visit"), ("P1", "2025-03-10", "declined"))
    assert ranked(toy) == ["P2", "P3"]
    [item] = held_back(toy.tables())["L1"]
    assert (item.enterprise, item.reason, item.declined_on, item.held_until) == (
        "P1", "declined", dt.date(2025, 3, 10), dt.date(2026, 3, 10))
    assert item.note() == "2025-03-10婉拒，暂缓至2026-03-10"
    assert item.note("en") == "declined on 2025-03-10, held back until 2026-03-10"


def test_a_decline_before_the_period_is_ranked_again():
    # 2024-06-30 + 365 days = 2025-06-30, the as_of: the hold ended that day
    assert ranked(city(("P1", "2024-06-30", "declined"))) == ["P1", "P2", "P3"]
    assert ranked(city(("P1", "2024-07-01", "declined"))) == ["P2", "P3"]
    assert held_back(city(("P1", "2024-06-30", "declined")).tables()) == {}


@pytest.mark.parametrize("kind", ["visit", "talk", "signed"])
def test_other_contacts_hold_no_one_back(kind):
    assert ranked(city(("P2", "2025-05-01", kind))) == ["P1", "P2", "P3"]


@pytest.mark.parametrize("kind", ["visit", "signed"])
def test_a_later_contact_ends_the_hold(kind):
    assert ranked(city(("P1", "2025-01-01", "declined"), ("P1", "2025-04-01", kind))) == ["P1", "P2", "P3"]


def test_the_period_is_the_profile_s():
    toy = city(("P1", "2025-03-10", "declined"))
    assert ranked(toy, {"targets": {"declined_hold_days": 90}}) == ["P1", "P2", "P3"]
    assert ranked(toy, {"targets": {"declined_hold_days": 120}}) == ["P2", "P3"]


def test_a_declined_firm_is_left_out_of_the_shortlist_too():
    analysis = analyse(city(("P1", "2025-03-10", "declined")).tables(), engine="sql")
    assert "P1" not in [target.enterprise for target in analysis.shortlist]


def test_the_log_loads_with_chinese_headers_and_words(tmp_path):
    from chaingap.loaders import load_dataset

    folder = tmp_path / "town"
    shutil.copytree(BASE, folder)
    (folder / "outreach.csv").write_text("企业,日期,结果,备注\nP1,2024-03-01,婉拒,暂无扩产计划\n"
                                         "上海电芯科技有限公司,2024/2/1,拜访,\nE1,2024年1月5日,洽谈,\n", encoding="utf-8")
    dataset = load_dataset(folder)
    assert dataset.counts["outreach"] == 3
    rows = dataset.con.execute("SELECT enterprise, on_date, kind, note FROM outreach ORDER BY _row").fetchall()
    assert rows == [("P1", dt.date(2024, 3, 1), "declined", "暂无扩产计划"), ("P1", dt.date(2024, 2, 1), "visit", None),
                    ("E1", dt.date(2024, 1, 5), "talk", None)]


HOSTILE = "=HYPERLINK(\"x\")|<script>alert(1)</script>"


def hostile_city() -> ToyCity:
    toy = city(("P1", "2025-03-10", "declined"))
    toy.rows["enterprises"][1]["name"] = HOSTILE
    return toy


def test_the_report_lists_the_declined_firm_escaped_in_markdown_and_neutralised_in_xlsx(tmp_path):
    import json

    from openpyxl import load_workbook

    from chaingap.report.held import held_items
    from chaingap.report.text import write_report
    from chaingap.report.workbook import write_workbook

    tables = hostile_city().tables()
    analysis = analyse(tables, engine="sql")
    held = held_items(tables, analysis)
    assert [(item.link, item.enterprise, item.reason) for item in held] == [("L1", "P1", "declined")]
    write_report(analysis, tmp_path, "zh", held)
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "## 暂不参与排名的候选企业" in text
    assert "| L1 | P1 | =HYPERLINK(\"x\")\\|&lt;script>alert(1)&lt;/script> | 2025-03-10婉拒，暂缓至2026-03-10 |" in text
    data = json.loads((tmp_path / "analysis.json").read_text(encoding="utf-8"))
    assert data["held_back"][0] == {"link": "L1", "enterprise": "P1", "name": HOSTILE, "reason": "declined",
                                  "project": None, "stage": None, "declined_on": "2025-03-10",
                                  "held_until": "2026-03-10"}
    sheet = load_workbook(write_workbook(analysis, tmp_path / "report.xlsx", "en", held)).worksheets[-1]
    assert sheet.title == "Candidates held back"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("link", "enterprise", "name", "reason")
    assert rows[1] == ("L1", "P1", HOSTILE, "declined on 2025-03-10, held back until 2026-03-10")
    assert sheet.cell(2, 3).data_type == "s" and sheet.cell(2, 3).quotePrefix


def test_chaingap_targets_holds_back_the_sample_s_declined_candidate(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from chaingap.cli import cli

    monkeypatch.setenv("CHAINGAP_HOME", str(tmp_path / "home"))
    runner = CliRunner()
    result = runner.invoke(cli, ["targets", "--sample", "--link", "aero-chips", "--format", "json"], catch_exceptions=False)
    assert "X00087" not in [row["enterprise"] for row in json.loads(result.stdout)]
    assert "(link aero-chips: X00087 无锡智博航电芯片有限公司 2025-03-18婉拒，暂缓至2026-03-18, 不参与排名)" in result.stderr
    listed = runner.invoke(cli, ["targets", "--sample", "--held-back", "--format", "json"], catch_exceptions=False)
    declined = [row for row in json.loads(listed.stdout) if row["reason"] == "declined"]
    assert declined == [{"link": "aero-chips", "enterprise": "X00087", "name": "无锡智博航电芯片有限公司",
                         "reason": "declined", "project": None, "stage": None, "declined_on": "2025-03-18",
                         "held_until": "2026-03-18"}]
    table = runner.invoke(cli, ["targets", "--sample", "--held-back", "--lang", "en"], catch_exceptions=False).stdout
    assert "declined on 2025-03-18, held back until 2026-03-18" in table and "X00876" not in table


def test_the_report_s_html_overview_lists_the_held_back_candidates(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from chaingap.cli import cli

    monkeypatch.setenv("CHAINGAP_HOME", str(tmp_path / "home"))
    CliRunner().invoke(cli, ["report", "--sample", "--out", str(tmp_path / "out")], catch_exceptions=False)
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    section = page.split('<table id="cg-held-back"', 1)[1].split("</table>", 1)[0]
    assert "<td>无锡智博航电芯片有限公司</td><td>2025-03-18婉拒，暂缓至2026-03-18</td>" in section
    assert "已有项目 ZJP-I001 在「签约」" in section
