"""The six lists of a chain page (key enterprises, projects, products, bases, strengths,
weaknesses) as tables, and their CSV (UTF-8 with BOM, so Chinese Excel opens it) and .xlsx files.

A cell that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``, ``@``)
is written as text, so a name in the data cannot become a formula in a user's Excel.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from .cells import spreadsheet_text
from .map_labels import label
from .model import ChainView, CityView

__all__ = ["Table", "LIST_NAMES", "chain_tables", "write_csv", "write_xlsx"]

LIST_NAMES = (
    "list_enterprises",
    "list_projects",
    "list_products",
    "list_bases",
    "list_strengths",
    "list_weaknesses",
)
_METRICS = ("local_enterprises", "local_revenue", "lq", "top_share", "hhi", "projects", "criticality")


@dataclass
class Table:
    """A list with its column headers, ready for HTML, CSV or xlsx."""

    name: str
    title: str
    headers: list[str]
    rows: list[list[Any]]


def _round(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 4)
    return value if value is not None else ""


def _link_names(chain: ChainView, link_ids: list[str], lang: str) -> str:
    return "、".join(chain.link(i).label(lang) if chain.link(i) else i for i in link_ids)


def _link_rows(chain: ChainView, links, lang: str, with_targets: bool) -> tuple[list[str], list[list[Any]]]:
    headers = [label("link", lang), label("segment", lang), label("status", lang)]
    headers += [label(key, lang) for key in _METRICS]
    headers.append(label("reasons", lang))
    if with_targets:
        headers.append(label("top_targets", lang))
    rows = []
    for link in links:
        status = label(link.status, lang) + (f" / {label('extension', lang)}" if link.extension else "")
        row = [link.label(lang), label(link.segment, lang) if link.segment else "", status]
        row += [_round(link.metrics.get(key)) for key in _METRICS]
        row.append(link.reason)
        if with_targets:
            row.append("、".join([t.name for t in chain.targets if t.link == link.id][:3]))
        rows.append(row)
    return headers, rows


def chain_tables(chain: ChainView, city: CityView | None = None, lang: str = "zh") -> list[Table]:
    """The six lists of one chain, in the order the page shows them."""
    city = city or CityView()
    key_enterprises = sorted((e for e in chain.enterprises if e.is_key), key=lambda e: (-(e.revenue or 0), e.id))
    tables = [
        Table("list_enterprises", label("list_enterprises", lang),
              [label(k, lang) for k in ("name", "district", "link", "revenue", "flags")],
              [[e.name, city.district_name(e.district), _link_names(chain, e.links, lang), _round(e.revenue),
                "、".join(label(f, lang) for f in e.flags)] for e in key_enterprises]),
        Table("list_projects", label("list_projects", lang),
              [label(k, lang) for k in ("name", "district", "link", "investment", "stage", "investor")],
              [[p.name, city.district_name(p.district), _link_names(chain, p.links, lang), _round(p.investment),
                label(p.stage, lang) if p.stage else "", p.investor] for p in chain.projects]),
        Table("list_products", label("list_products", lang),
              [label(k, lang) for k in ("name", "enterprise", "link", "brand")],
              [[p.name, p.enterprise, _link_names(chain, [p.link], lang), p.brand] for p in chain.products]),
        Table("list_bases", label("list_bases", lang),
              [label(k, lang) for k in ("name", "district")],
              [[b.name, city.district_name(b.district)] for b in chain.bases]),
    ]
    headers, rows = _link_rows(chain, chain.strengths, lang, with_targets=False)
    tables.append(Table("list_strengths", label("list_strengths", lang), headers, rows))
    headers, rows = _link_rows(chain, chain.weaknesses, lang, with_targets=True)
    tables.append(Table("list_weaknesses", label("list_weaknesses", lang), headers, rows))
    return tables


def write_csv(table: Table, path: str | Path) -> Path:
    """UTF-8 with BOM and CRLF line ends: what Excel on a Chinese Windows expects."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([spreadsheet_text(h) for h in table.headers])
        writer.writerows([[spreadsheet_text(v) for v in row] for row in table.rows])
    return path


def write_xlsx(table: Table, path: str | Path) -> Path:
    """One sheet, bold header, strings always stored as strings (never formulas)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.name[:31]
    sheet.append(table.headers)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row_number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value  # typed as a string below: never a formula, and the text stays exact
            if isinstance(value, str):
                cell.data_type = "s"  # openpyxl would otherwise treat "=..." as a formula
    for column_cells in sheet.columns:
        width = max((len(str(c.value or "")) for c in column_cells), default=8)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(60, max(8, width * 1.6))
    workbook.save(path)
    return path
