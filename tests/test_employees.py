"""Head counts as registry exports give them (员工人数, 从业人数, 职工人数, 参保人数): read into the
tables of record, the RDF graph and the property graph, and used as a size basis when a firm has
neither revenue nor registered capital (docs/data-format.md, docs/gap-rules.md step 4)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest
from click.testing import CliRunner
from toycity import ToyCity

from chaingap.cli import cli
from chaingap.graph import pgtables
from chaingap.graph.neo4j_csv import write_neo4j_csv
from chaingap.graph.store import ChainStore
from chaingap.loaders import load_dataset
from chaingap.loaders.schemas import TABLES
from chaingap.loaders.tables_of_record import write_tables
from chaingap.ontology.namespace import CG
from chaingap.ontology.terms import iri

BASIC = Path(__file__).parent / "data" / "basic"
POOL = """企业名称,所属省份,国标行业,参保人数
宁德某电芯有限公司,福建省,3841,"1,200"
深圳某正极有限公司,广东省,2613,350人
常州某正极有限公司,江苏省,2613,１２ 人
杭州某正极有限公司,浙江省,2613,
苏州某正极有限公司,江苏省,2613,0
"""


@pytest.mark.parametrize("table", ["enterprises", "pool"])
def test_the_usual_registry_headers_mean_employees(table):
    assert {"员工人数", "从业人数", "职工人数", "参保人数"} <= set(TABLES[table].columns["employees"])


def _registry(tmp_path: Path, pool: str = POOL) -> duckdb.DuckDBPyConnection:
    folder = tmp_path / "ds"
    shutil.copytree(BASIC, folder)
    (folder / "pool.csv").write_text(pool, encoding="utf-8")
    con = duckdb.connect()
    write_tables(load_dataset(folder), con)
    return con


def test_head_counts_are_whole_numbers_as_registries_write_them(tmp_path):
    con = _registry(tmp_path)
    rows = dict(con.execute("SELECT name, employees FROM enterprises WHERE NOT is_local").fetchall())
    assert rows == {"宁德某电芯有限公司": 1200, "深圳某正极有限公司": 350, "常州某正极有限公司": 12,
                    "杭州某正极有限公司": None, "苏州某正极有限公司": 0}


@pytest.mark.parametrize("header", ["员工人数", "从业人数(人)", "职工人数", "employees"])
def test_any_of_the_headers_loads_the_column(tmp_path, header):
    con = _registry(tmp_path, f"企业名称,所属省份,国标行业,{header}\n宁德某电芯有限公司,福建省,3841,75\n"
                              "深圳某正极有限公司,广东省,2613,\n")
    assert dict(con.execute("SELECT name, employees FROM enterprises WHERE NOT is_local").fetchall()) == {
        "宁德某电芯有限公司": 75, "深圳某正极有限公司": None}


def test_excel_number_cells_are_head_counts(tmp_path):
    folder = tmp_path / "ds"
    shutil.copytree(BASIC, folder)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["企业名称", "所属省份", "国标行业", "参保人数"])
    sheet.append(["宁德某电芯有限公司", "福建省", 3841, 1200])
    sheet.append(["深圳某正极有限公司", "广东省", 2613, 35.0])
    (folder / "pool.csv").unlink()
    workbook.save(folder / "pool.xlsx")
    con = duckdb.connect()
    write_tables(load_dataset(folder), con)
    assert sorted(con.execute("SELECT employees FROM enterprises WHERE NOT is_local").fetchall()) == [(35,), (1200,)]


def _toy() -> ToyCity:
    toy = ToyCity(region_province="江苏省").chain("C").link("L1", "C").link("L2", "C")
    toy.enterprise("H0", ["L1"], local=True, revenue=1000)
    for i in range(3):   # equal head counts, nothing else known: nothing tells them apart
        toy.enterprise(f"P{i}", ["L2"], employees=500)
    toy.enterprise("Q0", ["L1"], employees=20).enterprise("Q1", ["L1"], employees=20_000)
    return toy


def test_employees_are_in_the_graph_and_the_property_graph():
    toy = _toy()
    store = toy.graph()
    subject = f"<{iri('enterprise', 'Q1')}>"
    [row] = list(store.query(f"SELECT ?n WHERE {{ GRAPH ?g {{ {subject} <{CG.employees}> ?n }} }}"))
    assert (row["n"].value, row["n"].datatype.value) == ("20000", "http://www.w3.org/2001/XMLSchema#integer")
    [enterprise] = [node for node in pgtables.NODES if node.cls == "Enterprise"]
    assert ("employees", "t.employees") in {(prop.name, prop.sql) for prop in enterprise.props}


def test_candidates_with_equal_head_counts_tie_and_the_note_says_so(tmp_path):
    with ChainStore(tmp_path / "store") as store:
        store.load(_toy().dataset())
    result = CliRunner().invoke(cli, ["targets", "--home", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "link L2: all 3 candidates score" in result.stderr and "no basis to rank" in result.stderr
    assert "link L1" not in result.stderr   # 20000 people rank above 20
    assert '"size_basis": "employees"' in result.stdout


def test_the_neo4j_csv_export_types_employees_as_long(tmp_path):
    write_neo4j_csv(_toy().tables(), tmp_path / "out")
    with (tmp_path / "out" / "nodes-Enterprise.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert {row["id"]: row["employees:long"] for row in rows} == {
        "H0": "", "P0": "500", "P1": "500", "P2": "500", "Q0": "20", "Q1": "20000"}
