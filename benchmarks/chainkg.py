"""Turn the public ChainKnowledgeGraph data (``../shared/data/chainkg/``) into a chaingap dataset folder.

The data: A-share listed companies, the Shenwan 2021 industry classification (three levels)
and upstream relations between level-3 industries extracted from text, with counts. Nothing
is invented: a value the data does not give is left empty (no segment, no revenue, no address).
How each file is mapped (docs/real-data.md says why):

| chainkg | chaingap |
| --- | --- |
| level-1 industry (``xx0000``) | a cluster |
| level-2 industry (``xxyy00``) | a chain of that cluster |
| level-3 industry | a link of that chain (id = the 6-digit code); no segment |
| ``industry_up.json``: X has upstream Y with count w | feeds Y -> X with ``weight: w``, ``source``; across chains allowed |
| ``company.json`` + ``company_industry.json`` | one firm per 6-digit code, in the link of its level-3 industry, ``listed`` |
| the province a full name begins with (江苏…, 镇江…) | the firm's province and district (a province row); else none |
| firms of the region's province | ``enterprises.csv`` (local); every other firm ``pool.csv`` |

With ``--nested`` each level-2 industry is also a link of its chain, the parent of its level-3
links (a rollup of them). Usage: ``python benchmarks/chainkg.py OUT [--province 江苏省] [--min-weight 2] [--nested]``, or from Python
``write_dataset(source, dest, province="江苏省")`` (returns the folder and what was left out).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from chaingap.loaders import divisions

__all__ = ["SOURCE", "Mapped", "find_source", "province_of_name", "write_dataset"]

def find_source() -> Path | None:
    """The data folder: ``$CHAINGAP_CHAINKG``, else ``shared/data/chainkg`` beside the repository or
    any folder above it (``../shared/data/chainkg`` from a clone; CI runs on a clone on this machine)."""
    given = os.environ.get("CHAINGAP_CHAINKG")
    if given:
        return Path(given)
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "data" / "chainkg"
        if (candidate / "industry.json").is_file():
            return candidate
    return None


#: Where the data lives on this machine, or None.
SOURCE = find_source()
_SOURCE_NOTE = "chainkg (liuhuanyong/ChainKnowledgeGraph, commit 08b56a8, data/)"


@dataclass
class Mapped:
    """The folder written and the counts of what the data gave and what could not be mapped."""

    folder: Path
    counts: Counter = field(default_factory=Counter)


def _rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _level(code: str) -> int:
    return 1 if code.endswith("0000") else 2 if code.endswith("00") else 3


def province_of_name(full_name: str) -> str | None:
    """The province a company's full name begins with: a province (江苏…) or prefecture-level city (镇江…).

    Only province and prefecture-level names count: a county name at the start of a firm
    name is too often a word (东方电气 is not in 东方市). None when no prefix names one.
    """
    for length in (4, 3, 2):
        prefix = full_name[:length]
        found = [d for d in divisions.candidates(prefix) if d.level in ("province", "city")]
        provinces = {d.province for d in found}
        if len(provinces) == 1:
            return provinces.pop()
    return None


def _write_csv(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def write_dataset(source: Path, dest: Path, province: str = "江苏省", min_weight: int | None = None,
                  nested: bool = False) -> Mapped:
    """Write the dataset folder ``dest`` whose region is ``province``; see the module docstring.

    ``nested``: each chain also holds its level-2 industry as a link, the parent of its level-3
    links (shown as a rollup of them; ``gaps --level 1`` judges the level-2 industries).
    """
    source, dest = Path(source), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    mapped = Mapped(dest)
    counts = mapped.counts
    industries = {row["code"]: row["name"] for row in _rows(source / "industry.json")}
    parents = {row["from_code"]: row["to_code"] for row in _rows(source / "industry_industry.json")}
    by_name = {name: code for code, name in industries.items() if _level(code) == 3}

    feeds: dict[str, list[dict]] = {}
    for row in _rows(source / "industry_up.json"):
        target = by_name.get(row["industry"])
        if target is None:
            counts["upstream rows naming an unknown industry"] += 1
            continue
        for name, weight in row["ups"].items():
            upstream = by_name.get(name)
            if upstream is None:
                counts["upstream names unknown"] += 1
            elif upstream == target:
                counts["upstream self-relations left out"] += 1
            else:
                feeds.setdefault(parents.get(target, target[:4] + "00"), []).append(
                    {"from": upstream, "to": target, "weight": int(weight), "source": "industry_up.json"})
                counts["feeds"] += 1

    clusters = []
    for code1 in sorted(c for c in industries if _level(c) == 1):
        chains = []
        for code2 in sorted(c for c in industries if _level(c) == 2 and parents.get(c, c[:2] + "0000") == code1):
            links = [{"id": c, "name": industries[c]} for c in sorted(industries)
                     if _level(c) == 3 and parents.get(c, c[:4] + "00") == code2]
            if not links:
                continue
            if nested:
                links = [{"id": code2, "name": industries[code2]}] + [{**link, "parent": code2} for link in links]
            chain = {"id": code2, "name": industries[code2], "links": links}
            if code2 in feeds:
                chain["acyclic"] = False  # extracted relations run both ways
                chain["feeds"] = feeds[code2]
            chains.append(chain)
        if chains:
            clusters.append({"id": code1, "name": industries[code1], "chains": chains})
    document: dict = {"clusters": clusters}
    if min_weight is not None:
        document = {"min_weight": min_weight, **document}
    (dest / "chains.yaml").write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), encoding="utf-8")

    industry_of = {}
    for row in _rows(source / "company_industry.json"):
        if _level(row["industry_code"]) == 3 and row["industry_code"] in industries:
            industry_of[row["company_code"][:6]] = row["industry_code"]
        else:
            counts["company industries not in industry.json"] += 1
    province_ids = {name: _province_code(name) for name in divisions.provinces()}
    local, pool, seen = [], [], set()
    for row in _rows(source / "company.json"):
        code = row["code"][:6]
        if code in seen:
            counts["companies listed twice"] += 1
            continue
        seen.add(code)
        link = industry_of.get(code)
        if link is None:
            counts["companies without an industry"] += 1
            continue
        place = province_of_name(row["fullname"])
        counts["companies with a province" if place else "companies without a province"] += 1
        cells = [code, row["fullname"], place or "", province_ids.get(place, "") if place else "", link, "是",
                 _SOURCE_NOTE + " company.json"]
        (local if place == province else pool).append(cells)
    header = ["id", "name", "province", "district", "links", "listed", "source"]
    _write_csv(dest / "enterprises.csv", header, local)
    _write_csv(dest / "pool.csv", header, pool)
    counts["local"], counts["pool"] = len(local), len(pool)
    _write_csv(dest / "districts.csv", ["id", "name", "kind", "admin_code", "source"],
               [[code, name, "province", code, "GB/T 2260 (chaingap.loaders.divisions)"]
                for name, code in province_ids.items() if code])
    (dest / "dataset.yaml").write_text(yaml.safe_dump({
        "id": "chainkg", "name": f"A股上市公司 × 申万行业 ({province})", "region": province_ids[province],
        "source": _SOURCE_NOTE,
        "note": "Mapped by benchmarks/chainkg.py (docs/real-data.md); firms placed by the province their full name begins with.",
    }, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return mapped


def _province_code(name: str) -> str:
    division = divisions.lookup(name)
    return division.code if division is not None and division.code else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--province", default="江苏省")
    parser.add_argument("--min-weight", type=int, default=None)
    parser.add_argument("--nested", action="store_true", help="level-2 industries as parent links too")
    args = parser.parse_args()
    mapped = write_dataset(args.source, args.out, args.province, args.min_weight, args.nested)
    print(mapped.folder)
    for key, value in sorted(mapped.counts.items()):
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
