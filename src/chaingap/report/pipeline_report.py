"""The monthly district report (招商项目月度通报): per district and for the city, the month's
new signings, stage changes and transfers, the year to date against the annual target, this
year's cohort on landing and last year's on starting, and a ranking of the districts; and, for
the city, how many projects signed in the month and the year to date do not count and why
(framework agreements, below the threshold, no amount: kept and listed, counted nowhere).

Districts are reported on the 5th for the month before, on one system; :func:`report_model`
builds the numbers once (from :mod:`chaingap.queries.pipeline`, the SQL engine) and every
writer shows the same model: Markdown, HTML (the industry map's look, Chinese first), one
.xlsx workbook, JSON. Text from data is escaped by Jinja (HTML), :func:`.cells.markdown_text`
(Markdown) and :func:`.cells.spreadsheet_text` (xlsx).
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from chaingap.graph.values import to_json
from chaingap.ontology.vocab import COMMITMENT_KINDS, DISTRICT_KINDS, PIPELINE_WORDS, STAGES, WORDS
from chaingap.queries.laggards import laggards
from chaingap.queries.pipeline import credited, excluded, month_facts, rates, signed
from chaingap.queries.profile import Profile, load_profile
from chaingap.queries.sources import tables_of

from .assets import environment
from .cells import markdown_text, spreadsheet_text

__all__ = ["report_model", "write_report", "REPORTED_KINDS"]

#: District kinds assessed in the report (板块: districts, county-level cities, zones).
REPORTED_KINDS = ("district", "county", "county_city", "dev_zone", "hightech_zone")
_TENTH = Decimal("0.1")
#: Why a project does not count (pipeline_excluded.sql), in the order the report lists them.
EXCLUSION_REASONS = ("framework", "below_threshold", "no_amount")


def _pct(value: Decimal | None, signed_: bool = False) -> str:
    if value is None:
        return "—"
    shown = (Decimal(value) * 100).quantize(_TENTH, ROUND_HALF_UP)
    return f"{'+' if signed_ and shown > 0 else ''}{shown}%"


def _yi(wan: Decimal | None) -> str:
    return "—" if wan is None else str((Decimal(wan) / 10_000).quantize(Decimal("0.01"), ROUND_HALF_UP))


def _n(value: Decimal | int | None) -> str:
    if value is None:
        return "—"
    value = Decimal(value)
    return str(int(value)) if value == value.to_integral_value() else str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def _month(text: str) -> tuple[dt.date, dt.date]:
    year, month = (int(part) for part in text.split("-"))
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _signed_block(figures: Any) -> dict[str, Any]:
    return {"projects": figures.projects, "investment": figures.investment, "projects_before": figures.projects_before,
            "investment_before": figures.investment_before, "projects_growth": figures.projects_growth,
            "investment_growth": figures.investment_growth, "target_projects": figures.target_projects,
            "projects_of_target": figures.projects_of_target, "target_investment": figures.target_investment,
            "investment_of_target": figures.investment_of_target, "manufacturing_share": figures.manufacturing_share,
            "key_chain_share": figures.key_chain_share, "project_ids": list(figures.project_ids)}


def _rates_block(found: list[Any]) -> dict[str, Any]:
    return {rate.rate: {"numerator": rate.numerator, "denominator": rate.denominator, "value": rate.value,
                        "reached": list(rate.reached), "cohort": list(rate.cohort)} for rate in found}


def report_model(source: Any, month: str, profile: Profile | None = None) -> dict[str, Any]:
    """Every number of the report of ``month`` (``YYYY-MM``), for the city and each district."""
    profile = load_profile(profile)
    con = tables_of(source).con
    first, last = _month(month)
    year_start = dt.date(first.year, 1, 1)
    [(region, region_name, as_of, illustrative)] = con.execute(
        "SELECT d.region, r.name, d.as_of, d.illustrative FROM dataset d LEFT JOIN districts r ON r.id = d.region "
        "ORDER BY d.dataset LIMIT 1").fetchall()
    names = dict(con.execute("SELECT DISTINCT id, name FROM districts").fetchall())
    kinds = [code for code in REPORTED_KINDS if code in DISTRICT_KINDS]
    reported = [row[0] for row in con.execute(
        "SELECT DISTINCT id FROM districts WHERE kind IN (SELECT unnest(?)) AND (parent = ? OR ? IS NULL) ORDER BY id",
        [kinds, region, region]).fetchall()]
    facts = month_facts(source, first, last, profile)
    orders = {term.code: term.order for term in STAGES}

    def unit(district: str | None) -> dict[str, Any]:
        weights = credited(source, last, district, profile)
        mine = [dict(fact, weight=weights[fact["project"]]) for fact in facts if fact["project"] in weights]
        transfers = [fact for fact in facts if fact["kind"] == "transfer"]
        return {
            "id": district, "name": names.get(district, district) if district else region_name,
            "month": _signed_block(signed(source, first, last, district, profile)),
            "year_to_date": _signed_block(signed(source, year_start, last, district, profile)),
            "this_year": _rates_block(rates(source, first.year, last, district, profile)),
            "last_year": _rates_block(rates(source, first.year - 1, last, district, profile)),
            "new_signings": [fact for fact in mine if fact["kind"] == "signed"],
            "stage_changes": sorted((fact for fact in mine if fact["kind"] == "stage"),
                                    key=lambda f: (f["on_date"], -orders[f["stage"]], f["project"])),
            "transfers_in": [fact for fact in transfers if district and fact["to_district"] == district],
            "transfers_out": [fact for fact in transfers if district and fact["from_district"] == district],
            "laggards": [dict(vars(found), district_name=names.get(found.district, found.district))
                         for found in laggards(source, last, district, profile)],
        }

    def left_out(period_from: dt.date) -> list[dict[str, Any]]:
        return [dict(row, district_name=names.get(row["district"], row["district"]))
                for row in excluded(source, period_from, last, profile)]

    month_out, year_out = left_out(first), left_out(year_start)
    left = {"month": month_out, "year_to_date": year_out,
            "counts": {reason: {"month": sum(r["reason"] == reason for r in month_out),
                                "year_to_date": sum(r["reason"] == reason for r in year_out)}
                       for reason in EXCLUSION_REASONS}}
    districts = [unit(district) for district in reported]
    ranking = sorted(districts, key=lambda d: (-(d["year_to_date"]["projects_of_target"] or Decimal(-1)),
                                               -d["year_to_date"]["projects"], d["id"]))
    return {"month": month, "period": [first, last], "as_of": as_of, "dataset_illustrative": bool(illustrative),
            "profile": profile.summary()["pipeline"], "city": unit(None), "districts": districts,
            "excluded": left,
            "ranking": [{"rank": rank, "id": d["id"], "name": d["name"],
                         "projects": d["year_to_date"]["projects"], "investment": d["year_to_date"]["investment"],
                         "projects_of_target": d["year_to_date"]["projects_of_target"],
                         "landing": d["this_year"]["landing"]["value"], "start": d["last_year"]["start"]["value"]}
                        for rank, d in enumerate(ranking, 1)]}


# --- the same numbers as tables, for every writer ---------------------------------------------------

def _w(code: str, lang: str) -> str:
    return getattr(PIPELINE_WORDS[code], lang)


def _stage(code: str | None, lang: str) -> str:
    return getattr(STAGES[code], lang) if code else ""


def tables(model: dict[str, Any], lang: str = "zh") -> list[dict[str, Any]]:
    """Sections of the report as titled tables (headers, rows of display text), city first."""
    w = lambda code: _w(code, lang)  # noqa: E731
    sections = []
    ranking = [[str(r["rank"]), r["name"], _n(r["projects"]), _yi(r["investment"]), _pct(r["projects_of_target"]),
                _pct(r["landing"]), _pct(r["start"])] for r in model["ranking"]]
    sections.append({"id": "ranking", "title": w("ranking"),
                     "headers": ["#", getattr(WORDS["district"], lang),
                                 w("signed_projects"), w("signed_investment"), w("of_target"),
                                 f'{first_year(model)}{w("landing_rate")}', f'{first_year(model) - 1}{w("start_rate")}'],
                     "rows": ranking})
    for unit in [model["city"], *model["districts"]]:
        prefix = unit["name"]
        m, y = unit["month"], unit["year_to_date"]
        sections.append({"id": f"{unit['id'] or 'city'}-figures", "title": f"{prefix} · {w('signed_projects')}",
                         "headers": [w("figure"), model["month"], w("year_to_date"), w("same_period"), w("growth"),
                                     w("annual_target"), w("of_target")],
                         "rows": [[w("signed_projects"), _n(m["projects"]), _n(y["projects"]), _n(y["projects_before"]),
                                   _pct(y["projects_growth"], True), _n(y["target_projects"]), _pct(y["projects_of_target"])],
                                  [w("signed_investment"), _yi(m["investment"]), _yi(y["investment"]),
                                   _yi(y["investment_before"]), _pct(y["investment_growth"], True),
                                   _yi(y["target_investment"]), _pct(y["investment_of_target"])],
                                  [w("manufacturing_share"), _pct(m["manufacturing_share"]), _pct(y["manufacturing_share"]),
                                   "", "", "", ""],
                                  [w("key_chain_share"), _pct(m["key_chain_share"]), _pct(y["key_chain_share"]),
                                   "", "", "", ""]]})
        if not unit["id"]:
            sections += _excluded_sections(model, lang)
        year = first_year(model)
        sections.append({"id": f"{unit['id'] or 'city'}-rates", "title": f"{prefix} · {w('rates_of')}",
                         "headers": [w("cohort"), w("figure"), w("value"), w("numerator"), w("denominator")],
                         "rows": [[str(cohort), w(f"{rate}_rate"), _pct(block[rate]["value"]),
                                   _n(block[rate]["numerator"]), _n(block[rate]["denominator"])]
                                  for cohort, block in ((year, unit["this_year"]), (year - 1, unit["last_year"]))
                                  for rate in ("landing", "start", "statistics")]})
        sections.append({"id": f"{unit['id'] or 'city'}-signings", "title": f"{prefix} · {w('new_signings')}",
                         "headers": [w("date"), getattr(WORDS["project"], lang), getattr(WORDS["name"], lang), w("signed_investment"), w("credit")],
                         "rows": [[str(f["on_date"]), f["project"], f["name"], _yi(f["investment"]), _n(f["weight"])]
                                  for f in unit["new_signings"]]})
        sections.append({"id": f"{unit['id'] or 'city'}-stages", "title": f"{prefix} · {w('stage_changes')}",
                         "headers": [w("date"), getattr(WORDS["project"], lang), getattr(WORDS["name"], lang), getattr(WORDS["stage"], lang)],
                         "rows": [[str(f["on_date"]), f["project"], f["name"], _stage(f["stage"], lang)]
                                  for f in unit["stage_changes"]]})
        if unit["id"]:
            for kind in ("transfers_in", "transfers_out"):
                sections.append({"id": f"{unit['id']}-{kind}", "title": f"{prefix} · {w(kind)}",
                                 "headers": [w("date"), getattr(WORDS["project"], lang), getattr(WORDS["name"], lang), w("from_district"),
                                             w("to_district"), w("credit")],
                                 "rows": [[str(f["on_date"]), f["project"], f["name"], f["from_district"],
                                           f["to_district"], _n(f["credit"])] for f in unit[kind]]})
        sections.append(_laggard_section(unit, lang))
    return sections


def _excluded_sections(model: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """How many projects signed in the month and the year to date do not count, why, and which."""
    w = lambda code: _w(code, lang)  # noqa: E731
    left, limits = model["excluded"], model["profile"]
    rules = {"framework": w("rule_framework"), "no_amount": w("rule_no_amount"),
             "below_threshold": w("rule_below_threshold").format(domestic=_n(Decimal(limits["domestic_min"]) / 10_000),
                                                                 foreign=_n(limits["foreign_min_usd"]))}
    counts = left["counts"]
    summary = [[w(f"excluded_{reason}"), _n(counts[reason]["month"]), _n(counts[reason]["year_to_date"]), rules[reason]]
               for reason in EXCLUSION_REASONS]
    summary.append([w("total"), _n(len(left["month"])), _n(len(left["year_to_date"])), w("excluded_note")])
    city = model["city"]["name"]
    return [{"id": "excluded", "title": f"{city} · {w('excluded')}",
             "headers": [w("reason"), model["month"], w("year_to_date"), w("rule")], "rows": summary},
            {"id": "excluded-list", "title": f"{city} · {w('excluded_list')}",
             "headers": [w("date"), getattr(WORDS["project"], lang), getattr(WORDS["name"], lang),
                         getattr(WORDS["district"], lang), getattr(WORDS["investment"], lang), w("reason")],
             "rows": [[str(r["signed_on"]), r["project"], r["name"], r["district_name"] or "",
                       _n(r["investment"]),
                       w(f"excluded_{r['reason']}")] for r in left["year_to_date"]]}]


def _laggard_section(unit: dict[str, Any], lang: str) -> dict[str, Any]:
    """Commitments due by the month end and not met (queries/laggards.py); amounts in 万元."""
    w = lambda code: _w(code, lang)  # noqa: E731
    return {"id": f"{unit['id'] or 'city'}-laggards", "title": f"{unit['name']} · {w('laggards')}",
            "headers": [getattr(WORDS["district"], lang), getattr(WORDS["project"], lang), getattr(WORDS["name"], lang),
                        w("commitment"), w("due"), f"{w('committed')}(万元)", f"{w('actual')}(万元)", f"{w('gap')}(万元)"],
            "rows": [[f["district_name"], f["project"], f["name"], getattr(COMMITMENT_KINDS[f["kind"]], lang), str(f["due_on"]),
                      _n(f["committed"]), _n(f["actual"]), _n(f["gap"])] for f in unit["laggards"]]}


def first_year(model: dict[str, Any]) -> int:
    return model["period"][0].year


def _markdown(model: dict[str, Any], sections: list[dict[str, Any]], lang: str) -> str:
    title = f"{model['city']['name']} {_w('report_title', lang)} {model['month']}"
    lines = [f"# {markdown_text(title)}", ""]
    if model["dataset_illustrative"]:
        lines += [f"> {_w('illustrative_note', lang)}", ""]
    for section in sections:
        lines += [f"## {markdown_text(section['title'])}", ""]
        if not section["rows"]:
            lines += [_w("none", lang), ""]
            continue
        lines.append("| " + " | ".join(markdown_text(h) for h in section["headers"]) + " |")
        lines.append("|" + "---|" * len(section["headers"]))
        lines += ["| " + " | ".join(markdown_text(c) for c in row) + " |" for row in section["rows"]]
        lines.append("")
    return "\n".join(lines)


def _xlsx(sections: list[dict[str, Any]], path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)
    for index, section in enumerate(sections, 1):
        sheet = workbook.create_sheet(f"{index:02d} {section['title']}"[:31].replace("/", "-").replace(":", "-"))
        sheet.append([section["title"]])
        sheet["A1"].font = Font(bold=True)
        sheet.append(section["headers"])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in section["rows"]:
            sheet.append([None] * len(row))
            for cell, value in zip(sheet[sheet.max_row], row):
                cell.value = value      # stored as a string, never a formula (as lists.write_xlsx)
                cell.data_type = "s"
                cell.quotePrefix = value != spreadsheet_text(value)
        for cells in sheet.columns:
            width = max((len(str(c.value or "")) for c in cells), default=8)
            sheet.column_dimensions[cells[0].column_letter].width = min(50, max(8, width * 1.6))
    workbook.save(path)


def write_report(source: Any, month: str, out_dir: str | Path, profile: Profile | None = None,
                 lang: str = "zh") -> dict[str, Path]:
    """Write ``report-<month>.md|.html|.xlsx|.json`` into ``out_dir``; returns their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = report_model(source, month, profile)
    sections = tables(model, lang)
    stem = f"report-{month}"
    paths = {kind: out / f"{stem}.{kind}" for kind in ("md", "html", "xlsx", "json")}
    paths["md"].write_text(_markdown(model, sections, lang), encoding="utf-8")
    page = environment().get_template("pipeline_report.html").render(
        lang=lang, title=f"{model['city']['name']} {_w('report_title', lang)} {month}", model=model,
        sections=sections, empty_text=_w("none", lang),
        note=_w("illustrative_note", lang) if model["dataset_illustrative"] else "")
    paths["html"].write_text(page, encoding="utf-8")
    _xlsx(sections, paths["xlsx"])
    paths["json"].write_text(json.dumps(to_json(model), ensure_ascii=False, indent=2), encoding="utf-8")
    return paths
