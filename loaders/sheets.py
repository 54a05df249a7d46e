"""``dataset.yaml`` and ``chains.yaml`` as sheets of a workbook, so a user never writes YAML.

A filled-in ``chaingap template`` holds, beside the tables, four sheets:

- ``dataset`` (数据集): one setting a row, its key in column A (``id``/编号, ``name``/名称,
  ``region``/区域, ``as_of``/数据截至, ``source``/来源, ``illustrative``/示例数据, and a currency
  rate as ``rate USD``/``汇率 USD``) and its value in column B;
- ``chains`` (产业链): 产业集群编号, 产业集群名称, 产业集群英文名称, 产业链编号, 产业链名称, 英文名称;
- ``links`` (环节): 产业链编号, 环节编号, 环节名称, 英文名称, 位置 (上游/中游/下游), 上级环节,
  行业代码, 关键词 (lists separated by ``;`` or ``、``);
- ``feeds`` (上下游): 产业链编号, 上游环节, 下游环节, and optionally 权重, 来源, 置信度 (the weight,
  source and confidence a ``chains.yaml`` feeds entry may carry).

They are turned into the documents the YAML readers take (:func:`.chains.chains_from_document`),
so a sheet is checked exactly as the YAML file is, and a problem names the workbook, the sheet
and the row. The YAML files win when both are present.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from chaingap.ontology.vocab import normalise_header

from .reading import cell_text

__all__ = ["SHEETS", "COLUMNS", "SETTING_KEYS", "find_sheets", "settings_from_sheet", "chains_document", "located"]

#: Sheet -> its Chinese name (either is accepted).
SHEETS = {"dataset": "数据集", "chains": "产业链", "links": "环节", "feeds": "上下游"}
#: Sheet -> (column, Chinese header, other accepted headers) in the template's order.
COLUMNS: dict[str, tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    "chains": (("cluster", "产业集群编号", ()), ("cluster_name", "产业集群名称", ()),
               ("cluster_name_en", "产业集群英文名称", ()),
               ("id", "产业链编号", ("chain",)), ("name", "产业链名称", ()), ("name_en", "英文名称", ())),
    "links": (("chain", "产业链编号", ()), ("id", "环节编号", ("link",)), ("name", "环节名称", ()),
              ("name_en", "英文名称", ()), ("segment", "位置", ("上中下游",)), ("parent", "上级环节", ()),
              ("codes", "行业代码", ()), ("keywords", "关键词", ())),
    "feeds": (("chain", "产业链编号", ()), ("from", "上游环节", ()), ("to", "下游环节", ("target",)),
              ("weight", "权重", ()), ("source", "来源", ("evidence", "依据")), ("confidence", "置信度", ())),
}
#: Keys of the dataset sheet: key -> Chinese word.
SETTING_KEYS = {"id": "编号", "name": "名称", "name_en": "英文名称", "region": "区域", "as_of": "数据截至",
                "source": "来源", "illustrative": "示例数据"}
_LINE = "__line__"
_SPLIT = re.compile(r"[;；、,，]")


def find_sheets(folder: Path) -> dict[str, tuple[Path, str]]:
    """``{sheet kind: (workbook, sheet name)}`` of the first workbook in ``folder`` holding each."""
    import openpyxl

    wanted = {normalise_header(name): kind for kind, zh in SHEETS.items() for name in (kind, zh)}
    found: dict[str, tuple[Path, str]] = {}
    for path in sorted(Path(folder).glob("*.xlsx")):
        if path.name.startswith("~$"):
            continue
        try:
            workbook = openpyxl.load_workbook(path, read_only=True)
        except Exception:  # a broken stray workbook holds no settings; the YAML path still works
            continue
        try:
            for sheet in workbook.sheetnames:
                kind = wanted.get(normalise_header(sheet))
                if kind and kind not in found:
                    found[kind] = (path, sheet)
        finally:
            workbook.close()
    return found


def _rows(path: Path, sheet: str) -> list[tuple[int, list[Any]]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        rows = [(number, list(values)) for number, values in enumerate(workbook[sheet].iter_rows(values_only=True), 1)]
    finally:
        workbook.close()
    return [(number, values) for number, values in rows if any(cell_text(v) for v in values)]


def settings_from_sheet(path: Path, sheet: str) -> dict[str, Any]:
    """The dataset sheet as the mapping ``dataset.yaml`` would give (a header row is skipped)."""
    keys = {normalise_header(word): key for key, zh in SETTING_KEYS.items() for word in (key, zh)}
    settings: dict[str, Any] = {}
    for _, values in _rows(path, sheet):
        key, value = cell_text(values[0] if values else ""), values[1] if len(values) > 1 else None
        words = key.replace("：", " ").replace(":", " ").split()
        if len(words) == 2 and normalise_header(words[0]) in ("rate", "汇率"):
            settings.setdefault("currency", {"unit": "万元", "rates": {}})["rates"][words[1].upper()] = value
        elif normalise_header(key) in keys:
            settings[keys[normalise_header(key)]] = value.isoformat()[:10] if hasattr(value, "isoformat") else value
    return settings


def _records(path: Path, sheet: str, kind: str) -> list[dict[str, Any]]:
    """Rows of a sheet keyed by column (the header row matched in Chinese or English), with their row number."""
    rows = _rows(path, sheet)
    if not rows:
        return []
    index = {normalise_header(word): column for column, zh, others in COLUMNS[kind] for word in (column, zh, *others)}
    _, header = rows[0]
    columns = [index.get(normalise_header(cell_text(h))) for h in header]
    records = []
    for number, values in rows[1:]:
        record: dict[str, Any] = {_LINE: number}
        for column, value in zip(columns, values):
            text = cell_text(value)
            if column and text:
                record[column] = text
        records.append(record)
    return records


def _list(text: str | None) -> list[str]:
    return [part.strip() for part in _SPLIT.split(text or "") if part.strip()]


def chains_document(sheets: dict[str, tuple[Path, str]]) -> dict[str, Any]:
    """The chains, links and feeds sheets as the document ``chains.yaml`` would give."""
    chains_path, chains_sheet = sheets["chains"]
    clusters: dict[str, dict[str, Any]] = {}
    loose: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for record in _records(chains_path, chains_sheet, "chains"):
        chain = {_LINE: record[_LINE], "id": record.get("id"), "name": record.get("name"),
                 "name_en": record.get("name_en"), "links": [], "feeds": []}
        cluster_id = record.get("cluster")
        if cluster_id:
            cluster = clusters.setdefault(cluster_id, {_LINE: record[_LINE], "id": cluster_id,
                                                       "name": record.get("cluster_name") or cluster_id,
                                                       "name_en": record.get("cluster_name_en"), "chains": []})
            cluster["chains"].append(chain)
        else:
            loose.append(chain)
        if chain["id"]:
            by_id.setdefault(chain["id"], chain)
    for kind, key in (("links", "links"), ("feeds", "feeds")):
        if kind not in sheets:
            continue
        for record in _records(*sheets[kind], kind):
            chain = by_id.get(record.get("chain", ""))
            if chain is None:  # a row naming no known chain: a chain of its own, which the reader reports
                chain = by_id[record.get("chain", "")] = {_LINE: record[_LINE], "id": record.get("chain"),
                                                          "links": [], "feeds": []}
                loose.append(chain)
            if kind == "links":
                chain["links"].append({_LINE: record[_LINE], "id": record.get("id"), "name": record.get("name"),
                                       "name_en": record.get("name_en"), "segment": record.get("segment"),
                                       "parent": record.get("parent"), "codes": _list(record.get("codes")),
                                       "keywords": _list(record.get("keywords"))})
            elif any(record.get(key) for key in ("weight", "source", "confidence")):
                chain["feeds"].append({key: record.get(key) for key in ("from", "to", "weight", "source", "confidence")})
            else:
                chain["feeds"].append([record.get("from"), record.get("to")])
    return {"clusters": list(clusters.values()), "chains": loose}


def located(problems: list, sheets: dict[str, tuple[Path, str]]) -> list:
    """The chains reader's problems, each naming the workbook and the sheet its row is on.

    The reader knows a row and a column, not a sheet: a ``feeds`` problem is on the feeds
    sheet, one about a link (its segment, parent, codes, keywords, or a link id) on the links
    sheet, any other on the chains sheet.
    """
    from dataclasses import replace

    def sheet_of(problem) -> str:
        if problem.column in ("feeds", "weight", "confidence"):
            return "feeds"
        if problem.column in ("segment", "parent", "codes", "keywords") or "link" in problem.message:
            return "links"
        return "chains"

    result = []
    for problem in problems:
        path, sheet = sheets.get(sheet_of(problem), sheets["chains"])
        result.append(replace(problem, file=f"{path.name}:{sheet}"))
    return result
