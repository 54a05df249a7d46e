"""The report as one Excel workbook: 概览, 环节诊断, 缺链, 补链中, 弱链, 长板, 招商目标, 全市重点招商名单, 本地增资扩产建议,
暂不参与排名的候选企业 (the candidates held back from the targets, and why).

A bureau forwards one file, not a folder of CSVs: each sheet has the vocabulary's headers in
the report's language, a bold frozen header row and a filter on every column, numbers stored as
numbers, and links listed as each chain runs (upstream first). Text from the data is stored as
text, never as a formula (a name starting with ``=`` stays a name), as in :mod:`.lists`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from chaingap.ontology.vocab import STATUSES, WORDS
from chaingap.queries.rollups import LEAF_STATUSES, leaf_links
from chaingap.queries.results import Analysis

from .cells import spreadsheet_text
from .display import display_rows, header
from .held import HELD_COLUMNS, held_headers, held_rows, held_title
from .text import GAP_COLUMNS, TARGET_COLUMNS, chain_order, gap_rows, target_rows

__all__ = ["write_workbook", "SHEETS"]

#: Sheets in order: (vocabulary code of the sheet's title, what it holds).
SHEETS = ("summary", "gaps", "missing", "being_filled", "weak", "strong", "targets", "shortlist", "expand_locally",
          "held_back")
_SUMMARY_COLUMNS = ("chain", "name", "link_count", *LEAF_STATUSES, "extension")


def _title(code: str, lang: str) -> str:
    if code == "held_back":
        return held_title(lang)[:31]
    word = STATUSES.label(code, lang) if code in STATUSES else WORDS.label(code, lang)
    return word[:31]


def _column(code: str, lang: str) -> str:
    """A header; the summary's status columns are headed by the status's word."""
    return STATUSES.label(code, lang) if code in STATUSES else header(code, lang)


def _value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (list, tuple)):
        return "; ".join(map(str, value))
    return value


def _fill(sheet: Worksheet, headers: Sequence[str], rows: Sequence[dict[str, Any]]) -> None:
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(rows, start=2):
        for column, key in enumerate(headers, start=1):
            value = _value(row.get(key))
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula
                cell.quotePrefix = value != spreadsheet_text(value)
    sheet.freeze_panes = "C2" if len(headers) > 3 else "A2"
    sheet.auto_filter.ref = sheet.dimensions
    for column_cells in sheet.columns:
        width = max((len(str(c.value or "")) for c in column_cells[:200]), default=8)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(60, max(8, width * 1.6))


def _summary_rows(analysis: Analysis, lang: str) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for link in chain_order(leaf_links(analysis.links)):  # rollups count through their leaves
        row = rows.setdefault(link.chain, {"chain": link.chain, "name": link.chain_name or link.chain, "link_count": 0,
                                           **{status: 0 for status in LEAF_STATUSES}, "extension": 0})
        row["link_count"] += 1
        row[link.status] += 1
        row["extension"] += bool(link.extension)
    return list(rows.values())


def write_workbook(analysis: Analysis, path: str | Path, lang: str = "zh", held: Sequence[Any] = ()) -> Path:
    """Write the workbook of :data:`SHEETS` to ``path``; returns it (``held``: :func:`.held.held_items`)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = Workbook()
    book.remove(book.active)
    links = gap_rows(analysis, lang)

    def sheet(code: str, rows: list[dict[str, Any]], columns: Sequence[str]) -> None:
        headers, shown = display_rows(rows, columns, lang, label_column=_column)
        _fill(book.create_sheet(_title(code, lang)), headers, shown)

    sheet("summary", _summary_rows(analysis, lang), _SUMMARY_COLUMNS)
    sheet("gaps", links, GAP_COLUMNS)
    for status in ("missing", "being_filled", "weak", "strong"):
        sheet(status, [row for row in links if row["status"] == status], GAP_COLUMNS)
    targets = [t for link in chain_order(analysis.links) for t in analysis.targets.get(link.id, [])]
    sheet("targets", target_rows(targets), TARGET_COLUMNS)
    sheet("shortlist", target_rows(analysis.shortlist), TARGET_COLUMNS)
    sheet("expand_locally", target_rows(analysis.expand_locally), TARGET_COLUMNS)
    _fill(book.create_sheet(_title("held_back", lang)), held_headers(lang),
          [dict(zip(held_headers(lang), (row[c] for c in HELD_COLUMNS))) for row in held_rows(held, analysis, lang)])
    book.save(path)
    return path
