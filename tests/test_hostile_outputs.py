"""Outputs cannot attack their reader: names from the data are hostile on purpose here.

A dataset whose link and enterprise names start formulas (``=``, ``+``, ``-``, ``@``) or hold
HTML and ``|`` is loaded and written out through every CSV, xlsx and Markdown output of the
CLI: every CSV cell (OWASP rule), every xlsx text cell typed as text, Markdown escaped.
The writers themselves are held to one place by a source check: every module of
``chaingap.report`` and ``chaingap.cli`` that writes CSV uses ``report/cells.py``.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from chaingap.cli import cli
from chaingap.report.cells import FORMULA_START

from .bad_inputs.cases import BASE

ROOT = Path(__file__).resolve().parents[1]
HOSTILE_LINK = "=HYPERLINK(\"http://x\",\"y\")|<img src=x onerror=alert(1)>"
HOSTILE_FIRMS = ["+1 <script>alert(1)</script> 有限公司", "-2+3|x 公司", "@SUM(A1) 公司", "=cmd|' /C calc'!A0 公司"]


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    folder = base / "data"
    shutil.copytree(BASE, folder)
    chains = folder / "chains.yaml"
    chains.write_text(chains.read_text(encoding="utf-8").replace("name: 电池包", f"name: '{HOSTILE_LINK}'"),
                      encoding="utf-8")
    pool = folder / "pool.csv"
    rows = "".join(f'Q{n},"{name}",浙江省,pack,{100 + n}\n' for n, name in enumerate(HOSTILE_FIRMS))
    pool.write_text(pool.read_text(encoding="utf-8") + rows, encoding="utf-8")
    result = CliRunner().invoke(cli, ["load", str(folder), "--home", str(base / "home")])
    assert result.exit_code == 0, result.output
    return base / "home"


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def _safe_csv(cells: list[str]) -> None:
    starting = [cell for cell in cells if cell.startswith(FORMULA_START)]
    assert starting == []


def _safe_markdown(text: str) -> None:
    """No raw HTML tag, and every row of a table has as many cells as its header."""
    assert "<img" not in text and "<script" not in text
    tables: list[list[str]] = []
    previous = False
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous:
                tables.append([])
            tables[-1].append(line)
        previous = line.startswith("|")
    for table in tables:
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in table}
        assert len(widths) == 1, table


@pytest.mark.parametrize("command", [["gaps"], ["targets"], ["explain", "pack"], ["stats"]])
def test_csv_and_markdown_listings_are_neutralised(home, command):
    for fmt, check in (("csv", lambda text: _safe_csv(_csv_cells(text))), ("md", _safe_markdown)):
        result = CliRunner().invoke(cli, [*command, "--home", str(home), "--format", fmt])
        assert result.exit_code == 0, result.output
        check(result.output)


def test_the_report_folder_is_neutralised(home, tmp_path):
    out = tmp_path / "report"
    result = CliRunner().invoke(cli, ["report", "--home", str(home), "--out", str(out)])
    assert result.exit_code == 0, result.output
    csv_files = list(out.rglob("*.csv"))
    assert csv_files
    assert any("HYPERLINK" in path.read_text(encoding="utf-8-sig") for path in csv_files), "the names are there"
    for path in csv_files:
        _safe_csv(_csv_cells(path.read_text(encoding="utf-8-sig")))
    for path in out.rglob("*.md"):
        _safe_markdown(path.read_text(encoding="utf-8"))
    for path in out.rglob("*.xlsx"):
        for sheet in load_workbook(path).worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                        assert cell.data_type == "s", (path.name, cell.coordinate)


def test_the_template_stores_hostile_ids_as_text(tmp_path):
    folder = tmp_path / "data"
    shutil.copytree(BASE, folder)
    chains = folder / "chains.yaml"
    chains.write_text(chains.read_text(encoding="utf-8").replace("id: pack", "id: '=1+1'").replace("[cell, pack]", "[cell, '=1+1']"),
                      encoding="utf-8")
    result = CliRunner().invoke(cli, ["template", str(tmp_path / "t.xlsx"), "--dataset", str(folder)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(tmp_path / "t.xlsx")
    cells = [cell for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.value == "=1+1"]
    assert cells and all(cell.data_type == "s" for cell in cells)


def test_every_csv_writer_goes_through_the_cells_module():
    writers = [path for folder in ("src/chaingap/report", "src/chaingap/cli")
               for path in (ROOT / folder).rglob("*.py") if "csv.writer(" in path.read_text(encoding="utf-8")]
    assert writers
    for path in writers:
        text = path.read_text(encoding="utf-8")
        assert "spreadsheet_text" in text, path
        for line in text.splitlines():
            if ".writerow(" in line or ".writerows(" in line:
                assert "spreadsheet_text" in line, (path.name, line)
