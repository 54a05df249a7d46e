"""Write an empty ``.xlsx`` workbook of every dataset table, for users starting from nothing.

One sheet per table (sheet named by the table, so the filled workbook loads as is), Chinese
headers with the English name and meaning in each header's comment, a 说明 (README) sheet,
and drop-down lists of valid link ids, district ids, chains, stages, kinds and yes/no values.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from chaingap.ontology.vocab import AGREEMENTS, DISTRICT_KINDS, OUTREACH_KINDS, SEGMENTS, STAGES, WORDS

from .problems import PROJECT_STAGES
from .schemas import TABLES
from .sheets import COLUMNS, SETTING_KEYS, SHEETS

__all__ = ["write_template", "template_choices", "LIST_SHEET", "README_SHEET", "SETTING_SHEETS"]

LIST_SHEET = "lists"
README_SHEET = "说明"
_ROWS = 2000  # rows that carry the drop-downs
_YES_NO = ["是", "否"]
_REQUIRED_FILL = PatternFill("solid", fgColor="FFF2CC")

#: column -> (list name, strict): strict lists reject other values; link lists allow "B01:0.6;B02".
_CHOICE_COLUMNS: dict[tuple[str, str], tuple[str, bool]] = {
    **{(table, "links"): ("links", False) for table in ("enterprises", "pool", "projects")},
    **{(table, "link"): ("links", True) for table in ("products", "benchmarks")},
    **{(table, "district"): ("districts", True) for table in ("enterprises", "projects", "bases")},
    ("districts", "parent"): ("districts", False),
    ("districts", "kind"): ("kinds", True),
    ("projects", "stage"): ("stages", True),
    ("project_stages", "stage"): ("stages", True),
    ("projects", "chain"): ("chains", True),
    ("bases", "chain"): ("chains", True),
    ("projects", "agreement"): ("agreements", True),
    ("outreach", "kind"): ("outreach_kinds", True),
    **{(table, flag): ("yes_no", True) for table in ("enterprises", "pool")
       for flag in ("listed", "specialised", "high_tech", "above_scale", "chain_leader", "illustrative")},
}

_NOTES = {
    "id": "编号 id (enterprises: defaults to the credit code)",
    "links": "环节编号, 多个用 ; 分隔, 可带份额 B01:0.6 — link ids from chains.yaml, ';'-separated, optional share",
    "revenue": "万元 unless a unit is given: 3亿元, 500万美元, 12.5 USD",
    "registered_capital": "万元 unless a unit is given",
    "employees": "人数, a whole number: 1200, 1,200 or 1200人",
    "investment": "万元 unless a unit is given",
    "founded": "2024-03-30, 2024/3/30 or 2024年3月30日",
    "date": "2024-03-30, 2024/3/30 or 2024年3月30日",
    "signed_on": "2024-03-30, 2024/3/30 or 2024年3月30日",
    "credit_code": "18 位统一社会信用代码 (GB 32100-2015), check character verified",
    "district": "板块编号 (district id from districts)",
    "industry_code": "GB/T 4754-2017 code, e.g. C3841; links are assigned from chains.yaml codes",
}


def template_choices(dataset_path: str | Path | None = None) -> dict[str, list[str]]:
    """Values of each drop-down list: links, districts and chains from ``dataset_path``'s
    chains.yaml and districts table, else empty (a blank template never offers another
    city's ids); district kinds, agreement types and outreach kinds in the vocabulary's Chinese words."""
    choices = {
        "links": [], "districts": [], "chains": [],
        "kinds": [term.zh for term in DISTRICT_KINDS],
        # pre-evaluation (a lead, no agreement yet) last: a ledger's rows are mostly signed projects
        "stages": [STAGES[code].zh for code in sorted(PROJECT_STAGES, key=_listed_order)]
                  + sorted(PROJECT_STAGES, key=_listed_order),
        "agreements": [term.zh for term in AGREEMENTS],
        "yes_no": _YES_NO,
        "outreach_kinds": [term.zh for term in OUTREACH_KINDS],
    }
    if dataset_path:  # without a dataset the lists stay empty, to be filled by the user
        choices.update(_dataset_choices(Path(dataset_path)))
    return choices


#: Headers of the lists sheet, in the vocabulary's words.
_LIST_WORDS = {"links": "link", "districts": "district", "chains": "chain", "kinds": "kind", "stages": "stage",
               "agreements": "agreement", "yes_no": "yes_no"}


def _dataset_choices(folder: Path) -> dict[str, list[str]]:
    from .chains import read_chains
    from .tables import find_table_file, open_table

    found: dict[str, list[str]] = {}
    if (folder / "chains.yaml").is_file():
        chains = read_chains(folder / "chains.yaml")
        found["links"] = list(chains.links)
        found["chains"] = list(chains.chains)
    districts = find_table_file(folder, "districts")
    if districts is not None:
        table = open_table(districts, TABLES["districts"])
        found["districts"] = [row.text("id") for row in table if row.text("id")]
    return found


def _write_lists(workbook: Workbook, choices: dict[str, list[str]]) -> dict[str, str]:
    """A hidden sheet with one column per list; returns list name -> range formula."""
    sheet = workbook.create_sheet(LIST_SHEET)
    formulas: dict[str, str] = {}
    for index, (name, values) in enumerate(choices.items(), start=1):
        letter = get_column_letter(index)
        sheet.cell(1, index, WORDS.label(_LIST_WORDS.get(name, name)) if _LIST_WORDS.get(name, name) in WORDS else name)
        for row, value in enumerate(values, start=2):
            # ids come from the user's files: stored as text, never as a formula ("=…")
            sheet.cell(row, index, value).data_type = "s"
        last = max(len(values) + 1, 2)
        formulas[name] = f"{quote_sheetname(LIST_SHEET)}!${letter}$2:${letter}${last}"
    sheet.sheet_state = "hidden"
    return formulas


def _write_readme(workbook: Workbook) -> None:
    sheet = workbook.active
    sheet.title = README_SHEET
    sheet.append(["chaingap 数据模板 / data template"])
    sheet.append(["每个表一个工作表; 黄色表头为必填; 表头批注给出英文列名. One sheet per table; yellow headers "
                  "are required; each header's comment gives the English column name. See docs/data-format.md."])
    sheet.append([])
    sheet.append(["table 表", "column 列", "中文表头", "required 必填", "note 说明"])
    for spec in TABLES.values():
        for column in spec.columns:
            sheet.append([f"{spec.name} ({spec.title_zh})", column, spec.header_zh(column),
                          "是" if column in spec.required else "", _NOTES.get(column, "")])
    sheet["A1"].font = Font(bold=True, size=14)
    for letter, width in zip("ABCDE", (26, 22, 22, 10, 70)):
        sheet.column_dimensions[letter].width = width


def write_template(path: str | Path, dataset_path: str | Path | None = None) -> Path:
    """Write the template workbook to ``path`` (``.xlsx``) and return the path."""
    path = Path(path)
    workbook = Workbook()
    _write_readme(workbook)
    _write_setting_sheets(workbook, dataset_path)
    sheets = {name: workbook.create_sheet(name) for name in TABLES}
    choices = template_choices(dataset_path)
    formulas = _write_lists(workbook, choices)
    for name, spec in TABLES.items():
        sheet = sheets[name]
        for index, column in enumerate(spec.columns, start=1):
            cell = sheet.cell(1, index, spec.header_zh(column))
            cell.font = Font(bold=True)
            note = f"{column}" + (" (required 必填)" if column in spec.required else "")
            if column in _NOTES:
                note += f"\n{_NOTES[column]}"
            cell.comment = Comment(note, "chaingap")
            if column in spec.required:
                cell.fill = _REQUIRED_FILL
            sheet.column_dimensions[get_column_letter(index)].width = max(12, 2 * len(spec.header_zh(column)) + 4)
            choice = _CHOICE_COLUMNS.get((name, column))
            if choice and choices[choice[0]]:  # an empty strict list would block every entry
                _add_validation(sheet, index, formulas[choice[0]], strict=choice[1], list_name=choice[0])
        sheet.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path


#: The sheets that stand for dataset.yaml and chains.yaml (:mod:`.sheets`), in the template's order.
SETTING_SHEETS = tuple(SHEETS.values())


def _write_setting_sheets(workbook: Workbook, dataset_path: str | Path | None) -> None:
    """数据集, 产业链, 环节 and 上下游 sheets: empty (Chinese headers only), or holding ``dataset_path``'s
    dataset.yaml and chains.yaml, so the filled-in workbook loads with no YAML file."""
    from .chains import read_chains

    folder = Path(dataset_path) if dataset_path else None
    settings: dict = {}
    if folder is not None and (folder / "dataset.yaml").is_file():
        import yaml

        settings = yaml.safe_load((folder / "dataset.yaml").read_text(encoding="utf-8")) or {}
    chains = read_chains(folder / "chains.yaml") if folder is not None and (folder / "chains.yaml").is_file() else None
    sheet = workbook.create_sheet(SHEETS["dataset"])
    sheet.append(["项目 (key)", "值 (value)"])
    rates = ((settings.get("currency") or {}).get("rates") or {}) if isinstance(settings, dict) else {}
    for key, word in SETTING_KEYS.items():
        value = settings.get(key) if isinstance(settings, dict) else None
        _append_as_text(sheet, [word, str(value) if isinstance(value, (dt.date, bool)) else value])
    for code, rate in (rates or {"USD": None}).items():
        sheet.append([f"汇率 {code}", rate])
    rows: dict[str, list[list]] = {"chains": [], "links": [], "feeds": []}
    if chains is not None:
        for chain in chains.chains.values():
            cluster = chains.clusters.get(chain.cluster) if chain.cluster else None
            rows["chains"].append([chain.cluster, cluster.name if cluster else None, cluster.name_en if cluster else None,
                                   chain.id, chain.name, chain.name_en])
            for link_id in chain.links:
                link = chains.links[link_id]
                segment = SEGMENTS.label(link.segment) if link.segment and not link.parent else None
                rows["links"].append([chain.id, link.id, link.name, link.name_en, segment, link.parent,
                                      "; ".join(link.codes) or None, "; ".join(link.keywords) or None])
            for pair in chain.feeds:
                facts = chain.feed_facts.get(pair, {})
                rows["feeds"].append([chain.id, *pair, facts.get("weight"), facts.get("evidence"),
                                      facts.get("confidence")])
    for kind in ("chains", "links", "feeds"):
        sheet = workbook.create_sheet(SHEETS[kind])
        sheet.append([zh for _, zh, _ in COLUMNS[kind]])
        for cell, (column, _, _) in zip(sheet[1], COLUMNS[kind]):
            cell.font = Font(bold=True)
            cell.comment = Comment(column, "chaingap")
        for row in rows[kind]:
            _append_as_text(sheet, row)
        sheet.freeze_panes = "A2"
        for index, (_, zh, _) in enumerate(COLUMNS[kind], start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(14, 2 * len(zh) + 4)


def _append_as_text(sheet, row: list) -> None:
    """Append a row whose strings stay text: an id such as ``=1+1`` is never stored as a formula."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


def _add_validation(sheet, column_index: int, formula: str, *, strict: bool, list_name: str) -> None:
    letter = get_column_letter(column_index)
    validation = DataValidation(type="list", formula1=formula, allow_blank=True,
                                showErrorMessage=True, errorStyle="stop" if strict else "information",
                                errorTitle="chaingap", error=f"not in the {list_name} list",
                                promptTitle=list_name, prompt=f"choose from {list_name}", showInputMessage=False)
    validation.add(f"{letter}2:{letter}{_ROWS}")
    sheet.add_data_validation(validation)


def _listed_order(code: str) -> tuple[bool, int]:
    return STAGES.order(code) == 0, STAGES.order(code)
