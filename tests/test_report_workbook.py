"""`chaingap report` writes one workbook a bureau can forward: Chinese sheets and headers, filters, frozen rows."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from chaingap.cli import cli

SHEETS = {"zh": ["概览", "环节诊断", "缺链", "补链中", "弱链", "长板", "招商目标", "全市重点招商名单", "本地增资扩产建议",
                 "暂不参与排名的候选企业"],
          "en": ["Summary", "Links", "missing", "being filled", "weak", "strong", "Recruitment targets",
                 "City-wide shortlist", "Local firms able to expand", "Candidates held back"]}


@pytest.fixture(scope="module", params=["zh", "en"])
def book(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(f"book-{request.param}")
    result = CliRunner().invoke(cli, ["report", "--sample", "--no-html", "--lang", request.param, "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return request.param, load_workbook(out / "report.xlsx")


def test_the_sheets_are_named_in_the_reports_language(book):
    lang, workbook = book
    assert workbook.sheetnames == SHEETS[lang]


def test_every_sheet_has_a_frozen_header_row_and_a_filter(book):
    _, workbook = book
    for sheet in workbook.worksheets:
        assert sheet.freeze_panes and sheet.freeze_panes.endswith("2")
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
        assert all(cell.font.bold for cell in sheet[1])


def test_a_status_sheet_holds_only_links_of_that_status_in_words(book):
    lang, workbook = book
    sheet = workbook[SHEETS[lang][2]]
    headers = [cell.value for cell in sheet[1]]
    status = headers.index({"zh": "状态", "en": "status"}[lang])
    assert {row[status] for row in sheet.iter_rows(min_row=2, values_only=True)} == {SHEETS[lang][2]}
    assert sheet.max_row > 1


def test_numbers_stay_numbers_and_reasons_are_sentences(book):
    lang, workbook = book
    sheet = workbook[SHEETS[lang][6]]
    headers = [cell.value for cell in sheet[1]]
    first = next(sheet.iter_rows(min_row=2, values_only=True))
    assert isinstance(first[headers.index({"zh": "得分", "en": "score"}[lang])], float)
    reasons = first[headers.index({"zh": "理由", "en": "reasons"}[lang])]
    assert ":" not in reasons and "_" not in reasons
