"""The recruitment pipeline (docs/pipeline.md): which projects count, the signed figures and the
cohort rates, computed here by hand on a small ledger and compared with what chaingap says.

The ledger (tests/data/basic's chains and districts, projects written below):

| id  | district | investment   | signed     | agreement | counts? | stages by 2024-03-31 |
| --- | -------- | ------------ | ---------- | --------- | ------- | -------------------- |
| A1  | xq       | 2亿元        | 2023-02-10 | formal    | yes     | in_statistics        |
| A2  | jk -> xq | 1.5亿元      | 2023-06-01 | 正式      | yes     | landed (starts 05-01)|
| A3  | dy       | 2000万美元   | 2023-07-15 | formal    | yes     | landed on 03-31      |
| A4  | xq       | 5000万元     | 2023-03-01 | formal    | below   | started              |
| A5  | jk       | 10亿元       | 2023-04-01 | 框架      | framework | started            |
| A6  | dy       | 800万美元    | 2023-05-05 | formal    | below   | signed               |
| A7  | jk       | 1亿元        | 2023-11-20 | (empty)   | yes     | signed               |
| A8  | xq       | 3亿元        | 2024-01-15 | formal    | yes     | signed               |
| A9  | jk       | 1200万美元   | 2024-02-01 | formal    | yes (8520万元 < 1亿, but foreign) | signed |

A2 moved from jk to xq on 2023-09-01 with credit 0.4: xq holds 0.4 of it, jk 0.6.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from chaingap.loaders import load_dataset, validate_dataset
from chaingap.loaders.tables_of_record import write_tables
from chaingap.queries.pipeline import rates, signed
from chaingap.queries.profile import load_profile

DATA = Path(__file__).parent / "data"

PROJECTS = """id,name,district,links,investment,signed_on,agreement,industry_code
A1,甲,xq,B01,2亿元,2023-02-10,formal,
A2,乙,jk,B02,1.5亿元,2023-06-01,正式,
A3,丙,dy,M01,2000万美元,2023-07-15,formal,
A4,丁,xq,B03,5000万元,2023-03-01,formal,
A5,戊,jk,B04,10亿元,2023-04-01,框架,
A6,己,dy,M02,800万美元,2023-05-05,formal,
A7,庚,jk,,1亿元,2023-11-20,,I6510
A8,辛,xq,B02,3亿元,2024-01-15,formal,
A9,壬,jk,B01,1200万美元,2024-02-01,formal,
"""
STAGES = """project,stage,date
A1,landed,2023-05-01
A1,started,2023-09-01
A1,in_database,2024-01-10
A1,in_statistics,2024-02-01
A2,landed,2023-08-01
A2,started,2024-05-01
A3,landed,2024-03-31
A4,landed,2023-04-01
A4,started,2023-06-01
A5,landed,2023-05-01
A5,started,2023-07-01
"""
TRANSFERS = "project,date,from,to,credit\nA2,2023-09-01,jk,xq,40%\n"
TARGETS = "year,district,projects,investment\n2024,,10,5亿元\n2024,xq,4,2亿元\n"


def ledger(folder: Path, transfers: str = TRANSFERS) -> Path:
    shutil.copytree(DATA / "basic", folder)
    for name, text in (("projects", PROJECTS), ("project_stages", STAGES), ("project_transfers", transfers),
                       ("targets", TARGETS)):
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    con = duckdb.connect()
    write_tables(load_dataset(ledger(tmp_path_factory.mktemp("pipeline") / "ledger")), con)
    return con


Q1 = (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
AS_OF = dt.date(2024, 3, 31)


def test_the_loader_keeps_currency_origin_and_the_usd_amount(tables):
    rows = {row[0]: row[1:] for row in tables.execute(
        "SELECT project, currency, origin, investment_usd, manufacturing, key_chain FROM project_terms").fetchall()}
    assert rows["A3"][:2] == ("USD", "foreign") and rows["A3"][2] == Decimal(2000)
    assert rows["A1"][:2] == ("CNY", "domestic")
    assert rows["A7"][3:] == (False, False)     # I6510 software, no link: neither manufacturing nor key chain
    assert rows["A1"][3:] == (True, True)       # link B01 carries 2613 (section C)
    assert tables.execute("SELECT project, from_district, to_district, credit FROM project_transfers").fetchall() == [
        ("A2", "jk", "xq", Decimal("0.4"))]


def test_signed_in_q1_2024_by_hand(tables):
    figures = signed(tables, *Q1)
    assert figures.project_ids == ("A8", "A9")            # A9: 1200万美元 passes although 8520万元 < 1亿元
    assert figures.projects == 2 and figures.investment == 30000 + 8520
    assert figures.project_ids_before == ("A1",)           # A4 (5000万元) signed in Q1 2023 does not count
    assert figures.projects_before == 1 and figures.investment_before == 20000
    assert figures.projects_growth == 1
    assert figures.investment_growth == Decimal(38520 - 20000) / 20000
    assert figures.target_projects == 10 and figures.projects_of_target == Decimal("0.2")
    assert figures.investment_of_target == Decimal(38520) / 50000
    assert figures.manufacturing_share == 1 and figures.key_chain_share == 1


def test_rates_of_the_2023_cohort_by_hand(tables):
    found = {rate.rate: rate for rate in rates(tables, 2023, AS_OF)}
    cohort = ("A1", "A2", "A3", "A7")                    # A4 below, A5 framework, A6 below 1000万美元
    assert all(rate.cohort == cohort and rate.denominator == 4 for rate in found.values())
    assert found["landing"].reached == ("A1", "A2", "A3") and found["landing"].value == Decimal("0.75")
    assert found["start"].reached == ("A1",) and found["start"].value == Decimal("0.25")   # A2 starts in May
    assert found["statistics"].reached == ("A1",) and found["statistics"].value == Decimal("0.25")


def test_a_rate_on_an_earlier_date_reads_the_stages_of_that_date(tables):
    found = {rate.rate: rate for rate in rates(tables, 2023, dt.date(2023, 12, 31))}
    assert found["landing"].reached == ("A1", "A2")        # A3 lands on 2024-03-31
    assert found["statistics"].reached == ()


@pytest.mark.parametrize("district, cohort_weight, landed, target_share", [
    ("xq", Decimal("1.4"), Decimal("1.4"), Decimal("0.25")),   # A1 whole, 0.4 of A2; Q1 2024: A8 of 4
    ("jk", Decimal("1.6"), Decimal("0.6"), None),              # 0.6 of A2 and A7; no target of its own
    ("dy", Decimal(1), Decimal(1), None),                      # A3
])
def test_a_transfer_shares_the_credit(tables, district, cohort_weight, landed, target_share):
    found = {rate.rate: rate for rate in rates(tables, 2023, AS_OF, district)}
    assert found["landing"].denominator == cohort_weight and found["landing"].numerator == landed
    assert signed(tables, *Q1, district=district).projects_of_target == target_share


def test_the_districts_credits_add_up_to_the_city(tables):
    city = rates(tables, 2023, AS_OF)[0]
    parts = [rates(tables, 2023, AS_OF, district)[0] for district in ("xq", "jk", "dy")]
    assert sum(rate.denominator for rate in parts) == city.denominator
    assert sum(rate.numerator for rate in parts) == city.numerator


def test_a_profile_may_count_framework_agreements(tables):
    profile = load_profile({"pipeline": {"framework_counts": True}})
    assert rates(tables, 2023, AS_OF, profile=profile)[0].cohort == ("A1", "A2", "A3", "A5", "A7")


@pytest.mark.parametrize("transfers, message", [
    ("project,date,from,to,credit\nA2,2023-09-01,jk,nowhere,0.4\n", "unknown district id 'nowhere'"),
    ("project,date,from,to,credit\nZZ,2023-09-01,jk,xq,0.4\n", "unknown project id 'ZZ'"),
    ("project,date,from,to,credit\nA2,2023-09-01,jk,xq,1.5\n", "bad credit share '1.5'"),
    ("project,date,from,to,credit\nA2,2023-09-01,jk,xq,0.6\nA2,2023-10-01,xq,dy,0.6\n",
     "the transfers of project 'A2' give away 1.20000000 of its credit"),
])
def test_a_bad_transfer_is_one_clear_error(tmp_path, transfers, message):
    problems = [str(problem) for problem in validate_dataset(ledger(tmp_path / "bad", transfers))]
    assert len(problems) == 1 and message in problems[0] and "project_transfers.csv" in problems[0], problems


# --- the gap engine: a project that does not count does not fill a link ----------------------------

def toy(stage: str = "started", **project):
    from .toycity import ToyCity

    city = ToyCity(region_province="江苏省").chain("C1").link("L1", "C1").link("L2", "C1").feeds("L1", "L2")
    city.enterprise("E1", ["L2"], local=True, revenue=100).enterprise("E2", ["L1", "L2"], revenue=100)
    return city.project("X1", ["L1"], stage, **project)


@pytest.mark.parametrize("engine", ["sql", "python", "sparql"])
@pytest.mark.parametrize("project, status, counted", [
    ({}, "being_filled", 1),                                                      # formal 5亿元
    ({"agreement": "framework"}, "missing", 0),                                   # 框架协议
    ({"investment": 50}, "missing", 0),                                           # 50万元
    ({"investment": 9999}, "missing", 0),                                         # just below 1亿元
    ({"investment": 10000}, "being_filled", 1),                                   # 1亿元 exactly
    ({"investment": 7100, "origin": "foreign", "investment_usd": 1000}, "being_filled", 1),   # 1000万美元
    ({"investment": 70000, "origin": "foreign", "investment_usd": 999}, "missing", 0),
    ({"investment": None}, "missing", 0),                                         # no amount: not shown to pass
    ({"agreement": None}, "being_filled", 1),                                     # no type given: formal
])
def test_only_a_project_that_counts_fills_a_missing_link(engine, project, status, counted):
    from chaingap.queries.gaps import analyse

    city = toy(**project)
    source = city.graph() if engine == "sparql" else city.tables()
    link = {link.id: link for link in analyse(source, engine=engine).links}["L1"]
    assert (link.status, link.metrics["projects"]) == (status, counted)


# --- the same figures over the graph, and the CLI on the sample -------------------------------------

def _same(sql, sparql):
    """Equal figures: counts, sums and ids exactly, ratios to 9 decimals."""
    def norm(value):
        return round(value, 9) if isinstance(value, Decimal) else value
    if isinstance(sql, list):
        return [(r.rate, r.numerator, r.denominator, norm(r.value), r.reached, r.cohort) for r in sql] == \
               [(r.rate, r.numerator, r.denominator, norm(r.value), r.reached, r.cohort) for r in sparql]
    return {k: norm(v) for k, v in vars(sql).items()} == {k: norm(v) for k, v in vars(sparql).items()}


@pytest.fixture(scope="module")
def stores(tmp_path_factory, sample_dataset):
    from chaingap.graph.store import ChainStore

    built = {}
    for name, dataset in (("ledger", load_dataset(ledger(tmp_path_factory.mktemp("rq") / "ledger"))),
                          ("sample", sample_dataset)):
        store = ChainStore()
        store.load(dataset)
        built[name] = store
    yield built
    for store in built.values():
        store.close()


@pytest.mark.parametrize("case, district", [("ledger", None), ("ledger", "xq"), ("ledger", "jk"), ("sample", None),
                                            ("sample", "zjxq"), ("sample", "dantu")])
def test_the_rq_files_give_the_sql_figures(stores, case, district):
    from chaingap.queries.pipeline import sparql_rates, sparql_signed

    store = stores[case]
    assert _same(signed(store, *Q1, district), sparql_signed(store, *Q1, district))
    assert _same(rates(store, 2023, AS_OF, district), sparql_rates(store, 2023, AS_OF, district))


def test_the_cli_prints_the_published_q1_2024_figures(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from chaingap.cli import cli

    monkeypatch.setenv("CHAINGAP_HOME", str(tmp_path / "home"))
    signed_out = CliRunner().invoke(cli, ["projects", "signed", "--sample", "--from", "2024-01-01", "--to", "2024-03-31",
                                          "--format", "md"], catch_exceptions=False).stdout
    lines = {line.split(" | ")[0].strip("| "): line for line in signed_out.splitlines()}
    assert "| 106 | 46 | +130.4% | 248 | 42.7% |" in lines["签约项目数"]
    assert "| 641.5 | 177.3 | +261.8% | 1199.0 | 53.5% |" in lines["协议投资额(亿元)"]
    assert lines["制造业项目占比"].endswith("| 90.6% |") and lines["重点产业链项目占比"].endswith("| 67.9% |")
    rates_out = CliRunner().invoke(cli, ["projects", "rates", "--sample", "--cohort", "2023", "--as-of", "2024-03-31",
                                         "--format", "md"], catch_exceptions=False).stdout
    assert "| 落地率 | 82.6% | 181 | 219 |" in rates_out
    assert "| 开工率 | 53.9% | 118 | 219 |" in rates_out
    assert "| 列统率 | 40.6% | 89 | 219 |" in rates_out


def test_the_cli_json_carries_the_numbers_and_the_ids(tmp_path, monkeypatch):
    import json

    from click.testing import CliRunner

    from chaingap.cli import cli

    monkeypatch.setenv("CHAINGAP_HOME", str(tmp_path / "home"))
    rows = json.loads(CliRunner().invoke(cli, ["projects", "rates", "--sample", "--cohort", "2023", "--as-of",
                                               "2024-03-31", "--district", "镇江新区", "--format", "json"],
                                         catch_exceptions=False).stdout)
    landing = rows[0]
    assert landing["rate"] == "landing" and len(landing["reached"]) <= len(landing["cohort"])
    assert float(landing["numerator"]) <= float(landing["denominator"])


@pytest.mark.parametrize("engine", ["sql", "python", "sparql"])
@pytest.mark.parametrize("project, ranked", [
    ({"investor": "E2"}, False),                                  # E2 already invests in L1: held back there
    ({"investor": "E2", "agreement": "framework"}, True),        # a framework agreement does not count
    ({"investor": "E2", "investment": 500}, True),               # nor one below the threshold
    ({}, True),
])
def test_an_investor_of_a_counted_project_is_not_ranked_again_for_its_link(engine, project, ranked):
    from chaingap.queries.gaps import analyse

    city = toy(**{**project, "stage": "signed"})
    source = city.graph() if engine == "sparql" else city.tables()
    targets = analyse(source, engine=engine).targets
    assert ("E2" in [target.enterprise for target in targets.get("L1", [])]) == ranked


def test_the_monthly_report_writes_the_same_numbers_in_every_format(tmp_path, stores):
    import json

    from openpyxl import load_workbook

    from chaingap.report.pipeline_report import write_report

    paths = write_report(stores["sample"], "2024-03", tmp_path)
    model = json.loads(paths["json"].read_text(encoding="utf-8"))
    ytd = model["city"]["year_to_date"]
    assert (ytd["projects"], ytd["investment"], ytd["target_projects"]) == (106, 6415000, 248)
    assert model["city"]["last_year"]["landing"]["numerator"] == 181
    assert sum(d["year_to_date"]["projects"] for d in model["districts"]) == 106
    assert [row["rank"] for row in model["ranking"]] == list(range(1, 9))
    markdown = paths["md"].read_text(encoding="utf-8")
    assert "| 签约项目数 | 38 | 106 | 46 | +130.4% | 248 | 42.7% |" in markdown
    assert "| 2023 | 落地率 | 82.6% | 181 | 219 |" in markdown
    sheets = load_workbook(paths["xlsx"])
    city = next(sheet for sheet in sheets if sheet.title.endswith("镇江市 · 签约项目数"))
    assert [cell.value for cell in city[3]] == ["签约项目数", "38", "106", "46", "+130.4%", "248", "42.7%"]
    html = paths["html"].read_text(encoding="utf-8")
    assert "<h1>镇江市 招商项目月度通报 2024-03</h1>" in html
    assert "None" not in html and ">无</p>" in html          # an empty list says 无


def test_names_from_data_are_escaped_in_the_report(tmp_path):
    from chaingap.graph.store import ChainStore
    from chaingap.report.pipeline_report import write_report

    folder = ledger(tmp_path / "ledger")
    text = (folder / "projects.csv").read_text(encoding="utf-8")
    (folder / "projects.csv").write_text(text.replace("A8,辛,", 'A8,"<b>=1+1|x</b>",'), encoding="utf-8")
    with ChainStore() as store:
        store.load(load_dataset(folder))
        paths = write_report(store, "2024-01", tmp_path / "out")
    assert "&lt;b&gt;" in paths["html"].read_text(encoding="utf-8")
    assert "<b>" not in paths["html"].read_text(encoding="utf-8")
    assert "\\|x" in paths["md"].read_text(encoding="utf-8")
