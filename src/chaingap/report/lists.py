"""The lists of a chain page (weaknesses, recruitment targets, strengths, key enterprises,
projects, products, bases) and the city-wide shortlist as tables, and their CSV (UTF-8 with
BOM, so Chinese Excel opens it) and .xlsx files.

Links are listed as the chain runs (upstream -> midstream -> downstream), targets by link and
rank. A cell that a spreadsheet would run as a formula (text starting with ``=``, ``+``,
``-``, ``@``) is written as text, so a name in the data cannot become a formula in a user's Excel.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from .cells import spreadsheet_text
from .layout import ordered_links
from .map_labels import header, joined, label
from .model import ChainView, CityView, TargetRow

__all__ = ["Table", "LIST_NAMES", "chain_tables", "target_rows", "shortlist_table", "write_csv", "write_xlsx"]

#: The lists of a chain page, in the order the page shows them.
LIST_NAMES = (
    "list_weaknesses",
    "list_targets",
    "list_strengths",
    "list_enterprises",
    "list_projects",
    "list_products",
    "list_bases",
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
    return joined((chain.link(i).label(lang) if chain.link(i) else i for i in link_ids), lang)


def _link_rows(chain: ChainView, links, lang: str, with_targets: bool) -> tuple[list[str], list[list[Any]]]:
    headers = [header("link", lang), header("segment", lang), header("status", lang)]
    headers += [header(key, lang) for key in _METRICS]
    headers.append(header("rule", lang))
    if with_targets:
        headers.append(header("top_targets", lang))
    rows = []
    for link in links:
        status = label(link.status, lang) + (f" / {label('extension', lang)}" if link.extension else "")
        row = [link.label(lang), label(link.segment, lang) if link.segment else "", status]
        row += [_round(link.metrics.get(key)) for key in _METRICS]
        row.append(link.reason)
        if with_targets:
            row.append(joined([t.name for _, t in target_rows(chain) if t.link == link.id][:3], lang))
        rows.append(row)
    return headers, rows


def target_rows(chain: ChainView) -> list[tuple[int, TargetRow]]:
    """``(rank, target)`` of a chain: links as the chain runs, each link's candidates best first.

    The rank is the engine's when it gave one, else the place among the link's candidates by
    score (ties by enterprise id, as the engine breaks them).
    """
    by_link: dict[str, list[TargetRow]] = {}
    for target in chain.targets:
        by_link.setdefault(target.link, []).append(target)
    rows: list[tuple[int, TargetRow]] = []
    order = [link.id for link in ordered_links(chain)]
    order += sorted(set(by_link) - set(order))
    for link_id in order:
        found = sorted(by_link.get(link_id, []), key=lambda t: (t.rank or 0, -t.score, t.enterprise))
        rows += [(target.rank or place, target) for place, target in enumerate(found, start=1)]
    return rows


def _targets_table(chain: ChainView, lang: str) -> Table:
    headers = [header(k, lang) for k in ("link", "rank", "name", "score", "place", "reasons")]
    rows = [[_link_names(chain, [t.link], lang), rank, t.name, round(t.score, 3), t.place, t.reasons]
            for rank, t in target_rows(chain)]
    return Table("list_targets", label("list_targets", lang), headers, rows)


def chain_tables(chain: ChainView, city: CityView | None = None, lang: str = "zh") -> list[Table]:
    """The lists of one chain, in the order the page shows them (:data:`LIST_NAMES`)."""
    city = city or CityView()
    links = ordered_links(chain)
    place = {link.id: index for index, link in enumerate(links)}

    def first_link(ids: list[str]) -> int:
        return min((place[i] for i in ids if i in place), default=len(place))

    key_enterprises = sorted((e for e in chain.enterprises if e.is_key),
                             key=lambda e: (first_link(e.links), -(e.revenue or 0), e.id))
    projects = sorted(chain.projects, key=lambda p: (first_link(p.links), -(p.investment or 0), p.id))
    products = sorted(chain.products, key=lambda p: (first_link([p.link]), p.id))

    def in_order(ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda i: place.get(i, len(place)))

    tables = {
        "list_enterprises": Table(
            "list_enterprises", label("list_enterprises", lang),
            [header(k, lang) for k in ("name", "district", "link", "revenue", "flags")],
            [[e.name, city.district_name(e.district), _link_names(chain, in_order(e.links), lang), _round(e.revenue),
              joined((label(f, lang) for f in e.flags), lang)] for e in key_enterprises]),
        "list_projects": Table(
            "list_projects", label("list_projects", lang),
            [header(k, lang) for k in ("name", "district", "link", "investment", "stage", "investor")],
            [[p.name, city.district_name(p.district), _link_names(chain, in_order(p.links), lang),
              _round(p.investment) if p.investment is not None else label("amount_unknown", lang),
              label(p.stage, lang) if p.stage else "", p.investor] for p in projects]),
        "list_products": Table(
            "list_products", label("list_products", lang),
            [header(k, lang) for k in ("product", "enterprise", "link", "brand")],
            [[p.name, p.enterprise, _link_names(chain, [p.link], lang), p.brand] for p in products]),
        "list_bases": Table(
            "list_bases", label("list_bases", lang),
            [header(k, lang) for k in ("name", "district")],
            [[b.name, city.district_name(b.district)] for b in chain.bases]),
        "list_targets": _targets_table(chain, lang),
    }
    headers, rows = _link_rows(chain, [l for l in links if l.status == "strong"], lang, with_targets=False)
    tables["list_strengths"] = Table("list_strengths", label("list_strengths", lang), headers, rows)
    weak = [l for l in links if l.status in ("missing", "being_filled", "weak")]
    headers, rows = _link_rows(chain, weak, lang, with_targets=True)
    tables["list_weaknesses"] = Table("list_weaknesses", label("list_weaknesses", lang), headers, rows)
    return [tables[name] for name in LIST_NAMES]


def shortlist_table(rows: list[dict[str, Any]], lang: str = "zh") -> Table:
    """The city-wide shortlist (each enterprise once, best first) with its rank."""
    headers = [header(k, lang) for k in ("rank", "name", "chain", "link", "score", "place", "reasons")]
    body = [[rank, r["name"], r["chain"], r["link"], round(r["score"], 3), r["place"], r["reasons"]]
            for rank, r in enumerate(rows, start=1)]
    return Table("shortlist", label("shortlist", lang), headers, body)


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
        if isinstance(cell.value, str):
            cell.data_type = "s"  # a header is text too, never a formula
    sheet.freeze_panes = "A2"
    if table.rows:
        sheet.auto_filter.ref = sheet.dimensions
    for row_number, row in enumerate(table.rows, start=2):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value  # typed as a string below: never a formula, and the text stays exact
            if isinstance(value, str):
                # Stored as a string, never a formula; Excel keeps "=…" as text when the
                # cell is quote-prefixed (what typing an apostrophe first does).
                cell.data_type = "s"
                cell.quotePrefix = value != spreadsheet_text(value)
    for column_cells in sheet.columns:
        width = max((len(str(c.value or "")) for c in column_cells), default=8)
        sheet.column_dimensions[column_cells[0].column_letter].width = min(60, max(8, width * 1.6))
    workbook.save(path)
    return path
