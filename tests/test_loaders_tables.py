"""Reading tables: header aliases, bracketed units, CSV encodings, .xlsx, Excel row numbers."""

from __future__ import annotations

import codecs
from pathlib import Path

import openpyxl
import pytest

from chaingap.loaders.schemas import TABLES
from chaingap.loaders.tables import open_table, split_list, split_unit

REGISTRY_HEADER = ["企业名称", "统一社会信用代码", "成立日期", "注册资本", "所属省份", "所属城市", "所属区县",
                   "国标行业", "企业地址", "经营范围"]


def write_csv(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join(lines).encode(encoding))  # utf-8-sig writes the BOM
    return path


def write_xlsx(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


@pytest.mark.parametrize("header, label, unit", [
    ("营业收入(万元)", "营业收入", "万元"),
    ("营业收入（亿元）", "营业收入", "亿元"),
    ("注册资本[万美元]", "注册资本", "万美元"),
    ("企业名称", "企业名称", None),
])
def test_bracketed_unit_is_split_from_the_header(header, label, unit):
    assert split_unit(header) == (label, unit)


@pytest.mark.parametrize("cell, items", [
    ("B01:0.6;B02:0.4", ["B01:0.6", "B02:0.4"]),
    ("B01；B02、B03", ["B01", "B02", "B03"]),
    (" B01 ; ;", ["B01"]),
    (None, []),
])
def test_list_cells_split_on_any_separator(cell, items):
    assert split_list(cell) == items


def test_registry_export_headers_map_to_canonical_columns(tmp_path):
    path = write_csv(tmp_path / "pool.csv", [",".join(REGISTRY_HEADER),
                                             "甲公司,91110000600037341L,2001-01-01,100万元,江苏省,镇江市,丹阳市,C3587,某路1号,眼镜"])
    table = open_table(path, TABLES["pool"])
    assert table.problems == []
    assert set(table.columns.values()) == {"name", "credit_code", "founded", "registered_capital", "province",
                                           "city", "county", "industry_code", "address", "business_scope"}
    [row] = list(table)
    assert row.text("county") == "丹阳市" and row.number == 2


@pytest.mark.parametrize("header", ["name", "Name", " NAME ", "企业名称", "ｎａｍｅ", "公司名称"])
def test_header_matching_ignores_case_width_and_spaces(tmp_path, header):
    table = open_table(write_csv(tmp_path / "pool.csv", [header, "x"]), TABLES["pool"])
    assert table.columns == {0: "name"}


def test_header_unit_is_kept_for_the_column(tmp_path):
    table = open_table(write_csv(tmp_path / "enterprises.csv", ["企业名称,营业收入(亿元)", "甲,3"]), TABLES["enterprises"])
    assert table.units == {"revenue": "亿元"}
    assert table.labels["revenue"] == "营业收入(亿元)"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_each_encoding_gives_the_same_rows(tmp_path, encoding):
    path = write_csv(tmp_path / "pool.csv", ["企业名称,所属城市", "镇江锂源新材料有限公司,镇江市"], encoding)
    rows = [row.cells for row in open_table(path, TABLES["pool"])]
    assert rows == [{"name": "镇江锂源新材料有限公司", "city": "镇江市"}]


def test_xlsx_with_chinese_headers_reads_like_csv(tmp_path):
    path = write_xlsx(tmp_path / "pool.xlsx", [["企业名称", "营业收入(万元)"], ["甲公司", 12.0], [None, None], ["乙公司", 3.5]])
    table = open_table(path, TABLES["pool"])
    rows = [(row.number, row.text("name"), row.text("revenue")) for row in table]
    assert rows == [(2, "甲公司", "12"), (4, "乙公司", "3.5")]


def test_row_numbers_are_excel_rows_even_after_blank_lines(tmp_path):
    path = write_csv(tmp_path / "pool.csv", ["企业名称", "甲", "", "乙"])
    assert [row.number for row in open_table(path, TABLES["pool"])] == [2, 4]


def test_missing_required_column_is_a_problem_naming_file_and_column(tmp_path):
    path = write_csv(tmp_path / "projects.csv", ["项目编号,项目名称", "P1,某项目"])
    [problem] = open_table(path, TABLES["projects"]).problems
    assert (problem.file, problem.row, problem.column) == ("projects.csv", 1, "district")
    assert "missing required column" in str(problem) and "所在板块" in str(problem)


@pytest.mark.parametrize("content", [b"", b"\n\n", codecs.BOM_UTF8, b",,\n"])
def test_empty_file_is_a_problem(tmp_path, content):
    path = tmp_path / "districts.csv"
    path.write_bytes(content)
    [problem] = open_table(path, TABLES["districts"]).problems
    assert problem.file == "districts.csv" and problem.message == "empty file"


def test_empty_workbook_is_a_problem(tmp_path):
    path = write_xlsx(tmp_path / "districts.xlsx", [])
    assert [p.message for p in open_table(path, TABLES["districts"]).problems] == ["empty file"]
