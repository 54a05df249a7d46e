"""Turn table rows into typed records, reporting each bad cell as a :class:`Problem`.

The same functions serve validation (first pass, problems kept) and mapping to RDF
(second pass over already validated files, problems discarded), so both agree.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .booleans import parse_bool
from .chains import ChainFile
from .creditcode import credit_code_error, normalise_credit_code
from .dates import parse_date
from .errors import Problem
from .money import Money, MoneyParser, parse_decimal
from .names import normalise_name
from .tables import Row, cell_text, split_list

__all__ = ["Cells", "EnterpriseRecord", "LinkMatcher", "FLAG_COLUMNS", "fill_shares", "parse_enterprise", "parse_links"]

FLAG_COLUMNS = {
    "listed": "isListed",
    "specialised": "isSpecialised",
    "high_tech": "isHighTech",
    "above_scale": "isAboveScale",
    "chain_leader": "isChainLeader",
}


class Cells:
    """Typed access to one row's cells that records a Problem instead of raising."""

    __slots__ = ("row", "file", "problems", "units", "money_parser", "headers")

    def __init__(self, row: Row, file: str, problems: list[Problem], units: Mapping[str, str],
                 money_parser: MoneyParser, headers: Mapping[str, str] | None = None):
        self.row, self.file, self.problems, self.units = row, file, problems, units
        self.money_parser = money_parser
        self.headers = headers or {}

    def problem(self, column: str | None, message: str, expected: str | None = None) -> None:
        self.problems.append(Problem(self.file, self.row.number, self.headers.get(column, column) if column else None,
                                     message, expected))

    def text(self, column: str) -> str:
        value = self.row.cells.get(column, "")
        return value if value.__class__ is str else cell_text(value)

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.problem(column, "empty required cell", "a value")
        return value

    def flag(self, column: str) -> bool | None:
        value = self.row.cells.get(column)
        if column not in self.row.cells:
            return None
        try:
            return parse_bool(value)
        except ValueError:
            self.problem(column, f"not a yes/no value: {cell_text(value)!r}", "是/否, 1/0, true/false, Y/N")
            return None

    def money(self, column: str) -> Money | None:
        value = self.row.cells.get(column)
        if cell_text(value) == "":
            return None
        unit = self.text(f"{column}_unit") or self.units.get(column) or "万元"
        try:
            money = self.money_parser.parse(value, unit)
        except ValueError as exc:
            self.problem(column, str(exc), "a number with an optional unit, e.g. 3亿元, 500万美元, 12.5 USD")
            return None
        if money.wan_yuan < 0:
            self.problem(column, f"negative amount {money.original!r}", "an amount >= 0")
            return None
        return money

    def date(self, column: str) -> dt.date | None:
        value = self.row.cells.get(column)
        if cell_text(value) == "":
            return None
        try:
            return parse_date(value)
        except ValueError as exc:
            self.problem(column, str(exc), "a date such as 2024-03-30, 2024/3/30 or 2024年3月30日")
            return None

    def integer(self, column: str) -> int | None:
        value = self.row.cells.get(column)
        if cell_text(value) == "":
            return None
        try:
            number = parse_decimal(value)
        except ValueError as exc:
            self.problem(column, str(exc), "a whole number")
            return None
        if number != number.to_integral_value() or number < 0:
            self.problem(column, f"not a whole number: {cell_text(value)!r}", "a whole number")
            return None
        return int(number)

    def credit_code(self, column: str = "credit_code") -> str | None:
        raw = self.text(column)
        if not raw:
            return None
        code = normalise_credit_code(raw)
        error = credit_code_error(code)
        if error:
            self.problem(column, f"invalid credit code {raw!r}", error)
            return None
        return code


class LinkMatcher:
    """Assigns enterprises to links: explicit list, else industry code, else keywords."""

    def __init__(self, chains: ChainFile):
        self.chains = chains
        self.codes = {_code_key(code): links for code, links in chains.code_index().items()}
        self.longest_code = max((len(code) for code in self.codes), default=0)
        keyword_links: dict[str, list[str]] = {}
        for link in chains.links.values():
            for keyword in link.keywords:
                keyword_links.setdefault(normalise_name(keyword), []).append(link.id)
        self.keyword_links = {keyword: links for keyword, links in keyword_links.items() if keyword}
        ordered = sorted(self.keyword_links, key=len, reverse=True)
        self.keyword_pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def by_code(self, industry_code: str) -> list[str]:
        """Links whose code is the longest prefix of ``industry_code`` (also without its section letter)."""
        key = _code_key(industry_code)
        candidates = [key]
        if key[:1].isalpha() and key[1:2].isdigit():
            candidates.append(key[1:])
        for candidate in candidates:
            for length in range(min(len(candidate), self.longest_code), 0, -1):
                links = self.codes.get(candidate[:length])
                if links:
                    return list(links)
        return []

    def by_keyword(self, *texts: str) -> list[str]:
        if self.keyword_pattern is None:
            return []
        found: list[str] = []
        for text in texts:
            for keyword in self.keyword_pattern.findall(normalise_name(text)):
                for link in self.keyword_links[keyword]:
                    if link not in found:
                        found.append(link)
        return found


def _code_key(code: str) -> str:
    return re.sub(r"[^0-9A-Za-z]", "", str(code)).upper()


@dataclass(slots=True)
class EnterpriseRecord:
    id: str
    name: str
    row: int
    is_local: bool
    credit_code: str | None = None
    district: str | None = None
    province: str = ""
    city: str = ""
    county: str = ""
    links: list[tuple[str, Decimal | None]] = field(default_factory=list)
    method: str | None = None
    industry_code: str = ""
    revenue: Money | None = None
    registered_capital: Money | None = None
    founded: dt.date | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    parent_group: str = ""
    business_scope: str = ""
    address: str = ""
    expansion_signal: str = ""
    illustrative: bool = False
    source: str = ""
    file: str = ""


def parse_links(cells: Cells, column: str, known: Mapping[str, object]) -> list[tuple[str, Decimal | None]]:
    """``L01:0.6;L02`` -> [(L01, 0.6), (L02, None)], reporting unknown ids and bad shares."""
    result: list[tuple[str, Decimal | None]] = []
    for item in split_list(cells.row.cells.get(column)):
        link, _, share_text = item.replace("：", ":").partition(":")
        link = link.strip()
        share: Decimal | None = None
        if share_text.strip():
            try:
                share = parse_decimal(share_text.strip().rstrip("%"))
                if share_text.strip().endswith("%"):
                    share /= 100
            except ValueError:
                share = Decimal(-1)
            if not Decimal(0) <= share <= Decimal(1):
                cells.problem(column, f"bad share {share_text.strip()!r} for link {link!r}", "a number from 0 to 1, e.g. L01:0.6")
                share = None
        if link not in known:
            cells.problem(column, f"unknown link id {link!r}", "a link id from chains.yaml")
            continue
        result.append((link, share))
    return result


def fill_shares(links: list[tuple[str, Decimal | None]]) -> list[tuple[str, Decimal]]:
    """Every link with a share: missing shares split what the given ones leave (at least 0).

    The SHACL shapes want one ``cg:share`` on every operation; a single link without a
    share gets 1, two links without shares get 0.5 each.
    """
    missing = [link for link, share in links if share is None]
    if not missing:
        return [(link, share) for link, share in links if share is not None]
    given = sum((share for _, share in links if share is not None), Decimal(0))
    rest = max(Decimal(1) - given, Decimal(0)) / len(missing)
    rest = rest.quantize(Decimal("0.0001")) if rest.as_tuple().exponent < -4 else rest
    return [(link, rest if share is None else share) for link, share in links]


def parse_enterprise(cells: Cells, is_local: bool, matcher: LinkMatcher,
                     districts: Mapping[str, str]) -> EnterpriseRecord | None:
    """One enterprise row; ``districts`` maps district ids and normalised names to ids."""
    name = cells.required("name")
    credit_code = cells.credit_code()
    enterprise_id = cells.text("id") or credit_code or ""
    if not enterprise_id:
        if not cells.text("credit_code"):
            cells.problem("id", "no id and no credit code", "an id or a 统一社会信用代码")
        return None
    record = EnterpriseRecord(enterprise_id, name, cells.row.number, is_local, credit_code)
    record.province, record.city, record.county = cells.text("province"), cells.text("city"), cells.text("county")
    district_text = cells.text("district")
    if district_text:
        record.district = districts.get(district_text) or districts.get(normalise_name(district_text))
        if record.district is None:
            cells.problem("district", f"unknown district id {district_text!r}", "a district id from districts")
    elif is_local and record.county and districts.get(normalise_name(record.county)):
        record.district = districts[normalise_name(record.county)]
    elif is_local:
        cells.problem("district", "no district and the county matches no district name",
                      "a district id from districts")
    record.links = parse_links(cells, "links", matcher.chains.links)
    record.industry_code = cells.text("industry_code")
    record.business_scope = cells.text("business_scope")
    if record.links:
        record.method = "table"
    elif not cells.text("links"):
        if record.industry_code:
            record.links = [(link, None) for link in matcher.by_code(record.industry_code)]
            record.method = "industry-code" if record.links else None
        if not record.links:
            record.links = [(link, None) for link in matcher.by_keyword(name, record.business_scope)]
            record.method = "keyword" if record.links else None
    record.revenue = cells.money("revenue")
    record.registered_capital = cells.money("registered_capital")
    record.founded = cells.date("founded")
    for column in FLAG_COLUMNS:
        record.flags[column] = bool(cells.flag(column))
    record.parent_group = cells.text("parent_group")
    record.address = cells.text("address")
    record.expansion_signal = cells.text("expansion_signal")
    record.illustrative = bool(cells.flag("illustrative"))
    record.source = cells.text("source")
    return record
