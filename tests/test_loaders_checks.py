"""The checks in SQL decide every cell exactly as the Python parsers would.

The usual spellings are decided in DuckDB and anything else goes to the Python parsers; here
arbitrary cells (of the kinds ledgers hold, hostile ones included) are loaded both ways —
``checks.FAST = False`` sends every cell to Python — and must give the same problems and the
same tables of record. The CSV reader is held to Python's ``csv`` module the same way, and
the vectorised credit-code checks to the scalar ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chaingap.loaders import checks, load_dataset, read_dataset, validate_dataset
from chaingap.loaders import reading
from chaingap.loaders.creditcode import CHARSET, check_codes, credit_code_error, organisation_code_error
from chaingap.loaders.tables_of_record import TABLES

DATA = Path(__file__).parent / "data"

_HEADER = ["编号", "企业名称", "统一社会信用代码", "所在板块", "所属环节", "国标行业", "营业收入", "营业收入单位",
           "注册资本", "成立日期", "专精特新", "规上企业", "所属集团", "参保人数"]
_MONEY = ["413.1", "1.02亿元", "３亿元", "12.5 USD", "500万美元", "1,234.5", "-5", "+5", "5.", ".5", "1e3",
          "100000000000000000", "0.123456789", "3亿", "3千万元", "１２", "一百", "US$5", "5元人民币", "5万欧元",
          "2亿欧元", "7 EUR", "5卢布", "0", "12.34567", "9999999999.9999", "3 亿元", "5亿元元"]
_UNITS = ["", "元", "万元", "亿元", "美元", "USD", "万美元", "欧元", "卢布", "千"]
_DATES = ["2024-03-30", "2024/3/30", "2024.3.30", "2024年3月30日", "20240330", "2024-02-30", "0000-01-01",
          "２０２４-03-30", "2024-03-30 00:00:00", "2024-3-5", "2024 - 3 - 5", "30/03/2024", "9999-12-31"]
_FLAGS = ["1", "0", "是", "否", "TRUE", "yes", "Y", "✓", "也许", "-", "Ｙ", "有", "2"]
_CODES = ["91321191MA1LY01A1K", "91321181MA1PP02Q1X", "91321191ma1ly01a1k", " 91321191MA1LY01A1K",
          "９１321191MA1LY01A1K", "91321191MA1LY01A1", "91350902MA2DX06F34"]
_LINKS = ["B01", "B01:0.6;B02:0.4", "B01；B02、B03", "B01:60%", "B01:0.5;B02", "B99", "B01:2", "B01:abc",
          "B01：0.25", "B01:0.333333333;B02", ";", "B01:0.1;B02:0.2;B03"]
_HEADCOUNTS = ["1200", "1,200", "1200人", "1,200 人", "１２００", "0", "-5", "12.5", "50-99人", "约100人", "人", "1e3",
               "99999999999999999999", "007"]
_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=8)


def _cell(choices: list[str]):
    return st.one_of(st.sampled_from(choices), st.just(""), _TEXT)


_ROW = st.tuples(st.sampled_from(["", "E1", "E2"]), _cell(["甲公司", "镇江ＡＢＣ（集团）有限公司", "乙"]),
                 _cell(_CODES), _cell(["xq", "dy", "丹阳市", "nowhere"]), _cell(_LINKS), _cell(["3849", "C3587", "9999"]),
                 _cell(_MONEY), st.sampled_from(_UNITS), _cell(_MONEY), _cell(_DATES), _cell(_FLAGS), _cell(_FLAGS),
                 _cell(["E1", "91321191MA1LY01A1K", "镇江锂源新材料有限公司", "nobody"]), _cell(_HEADCOUNTS))


def _both_ways(folder: Path):
    found = []
    for fast in (True, False):
        checks.FAST = fast
        try:
            con = duckdb.connect()
            dataset, problems = read_dataset(folder, con)
            tables = {table: con.execute(f'SELECT * EXCLUDE (dataset) FROM "{table}" ORDER BY rowid').fetchall()
                      for table in TABLES if table != "dataset"}
            found.append(([str(p) for p in problems], dataset.warnings if dataset else None, tables))
        finally:
            checks.FAST = True
    return found


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_ROW, min_size=1, max_size=6))
def test_any_enterprise_cells_give_the_same_result_in_sql_and_in_python(tmp_path_factory, rows):
    folder = tmp_path_factory.mktemp("cells") / "dataset"
    shutil.copytree(DATA / "basic", folder)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([_HEADER, *rows])
    (folder / "enterprises.csv").write_text(buffer.getvalue(), encoding="utf-8")
    by_sql, by_python = _both_ways(folder)
    assert by_sql == by_python


def test_every_spelling_of_every_kind_gives_the_same_result_in_sql_and_in_python(tmp_path):
    """One row per money spelling and unit, date, yes/no, credit code, link list and head count above."""
    folder = tmp_path / "dataset"
    shutil.copytree(DATA / "basic", folder)
    rows = [[f"M{i}-{j}", "甲公司", "", "xq", "B01", "", money, unit, money, "", "", "", "", ""]
            for i, money in enumerate(_MONEY) for j, unit in enumerate(_UNITS)]
    rows += [[f"D{i}", "乙公司", "", "xq", "B01", "", "", "", "", date, "", "", "", ""] for i, date in enumerate(_DATES)]
    rows += [[f"F{i}", "丙公司", "", "xq", "B01", "", "", "", "", "", flag, flag, "", ""] for i, flag in enumerate(_FLAGS)]
    rows += [["", "丁公司", code, "xq", links, "", "", "", "", "", "", "", "E1", ""]
             for code, links in zip(_CODES * 2, _LINKS)]
    rows += [[f"H{i}", "戊公司", "", "xq", "B01", "", "", "", "", "", "", "", "", count] for i, count in enumerate(_HEADCOUNTS)]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([_HEADER, *rows])
    (folder / "enterprises.csv").write_text(buffer.getvalue(), encoding="utf-8")
    by_sql, by_python = _both_ways(folder)
    assert by_sql == by_python
    assert len(by_sql[0]) > 50  # the problems of the bad spellings, word for word the same


@pytest.mark.parametrize("case", sorted(path.name for path in (DATA / "bad").iterdir()))
def test_every_bad_case_gives_the_same_result_in_sql_and_in_python(tmp_path, case):
    folder = tmp_path / "dataset"
    shutil.copytree(DATA / "basic", folder)
    for path in (DATA / "bad" / case).iterdir():
        shutil.copy(path, folder / path.name)
    by_sql, by_python = _both_ways(folder)
    assert by_sql == by_python


# --- reading ---------------------------------------------------------------------------------

_CSV_PIECES = st.sampled_from(["a", "甲", ",", ",", '"', "\n", "\r\n", "\r", " ", "\u3000", "\t", '""', "x y"])


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.lists(_CSV_PIECES, max_size=30).map("".join), width=st.integers(1, 4))
def test_pyarrow_reads_a_csv_as_python_csv_does(tmp_path_factory, text, width):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_text(",".join(f"h{i}" for i in range(width)) + "\n" + text, encoding="utf-8", newline="")
    wanted = list(range(width))
    by_arrow = reading._pyarrow_rows(path, "utf-8-sig", width, wanted)
    by_python = reading._python_rows(path, "utf-8-sig", wanted)
    if by_arrow is not None:  # else the file has rows of another width: Python reads it
        assert by_arrow.rows.to_pylist() == by_python.rows.to_pylist()
        for index in wanted:
            assert by_arrow.columns[index].to_pylist() == by_python.columns[index].to_pylist()


def test_rows_of_another_width_and_blank_lines_keep_excel_row_numbers(tmp_path):
    folder = tmp_path / "dataset"
    shutil.copytree(DATA / "basic", folder)
    lines = (folder / "bases.csv").read_text(encoding="utf-8").splitlines()
    (folder / "bases.csv").write_text("\n".join([lines[0], "", '"多行\n说明",,,', "x,,,,,,,extra", *lines[1:]]) + "\n",
                                      encoding="utf-8")
    problems = validate_dataset(folder)
    assert [(p.row, p.column) for p in problems] == [(row, column) for row in (3, 4) for column in ("name", "district", "chain")]


def test_a_decoding_error_names_its_row(tmp_path):
    folder = tmp_path / "dataset"
    shutil.copytree(DATA / "basic", folder)
    lines = (folder / "districts.csv").read_text(encoding="utf-8").splitlines()
    text = "\n".join([lines[0], '"a quoted\ncell",,,', *lines[1:]]) + "\n"
    (folder / "districts.csv").write_bytes(text.encode("gbk"))
    [problem] = [p for p in validate_dataset(folder, encoding="utf-8") if p.file == "districts.csv"]
    assert problem.row == 3 and problem.message.startswith("cannot read the file: 'utf-8' codec can't decode")
    assert problem.expected == "one encoding throughout"


def test_excel_number_date_and_boolean_cells_are_read_as_values(tmp_path):
    folder = tmp_path / "dataset"
    shutil.copytree(DATA / "basic", folder)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["企业名称", "统一社会信用代码", "所属省份", "国标行业", "营业收入", "注册资本", "成立日期", "上市", "专精特新"])
    sheet.append(["宁德某电芯有限公司", "91350902MA2DX06F34", "福建省", 3841, 12.0, 1.5, dt.datetime(2019, 5, 6), True, 0])
    sheet.append(["深圳某正极有限公司", "91440305MA5PJ07G8G", "广东省", 2613, 7, "3亿元", 43000, False, 1])
    (folder / "pool.csv").unlink()
    workbook.save(folder / "pool.xlsx")
    dataset = load_dataset(folder)
    rows = {row["name"]: row for row in dataset.table("enterprises") if not row["is_local"]}
    first, second = rows["宁德某电芯有限公司"], rows["深圳某正极有限公司"]
    assert (first["revenue_original"], first["registered_capital_original"], first["founded"]) == ("12", "1.5",
                                                                                                  dt.date(2019, 5, 6))
    assert (first["listed"], first["specialised"], second["listed"], second["specialised"]) == (True, False, False, True)
    assert second["founded"] == dt.date(1899, 12, 30) + dt.timedelta(days=43000)  # an Excel serial date
    assert (second["revenue_original"], str(second["registered_capital"])) == ("7", "30000.00000000")


# --- credit codes -----------------------------------------------------------------------------

@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(st.text(alphabet=CHARSET + "IOZSVa ", min_size=16, max_size=19), st.none(),
                          st.sampled_from(_CODES)), max_size=60))
def test_vectorised_credit_code_checks_agree_with_the_scalar_ones(values):
    valid, failing = check_codes(pa.array(values, pa.string()))
    expected = [value is not None and len(value) == 18 and credit_code_error(value) is None for value in values]
    assert valid.to_pylist() == expected
    assert [f for f, ok in zip(failing.to_pylist(), expected) if ok] == [
        organisation_code_error(value) is not None for value, ok in zip(values, expected) if ok]
