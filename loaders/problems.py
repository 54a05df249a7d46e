"""The words of every problem a row can have, by kind.

The checks (``sql/checks/*.sql``) find problems as rows of ``_l_problems``: file, row,
column, a ``kind`` and the raw value (plus a detail such as a parser's message). Only those
rows are turned into text, here, with the wording users and the docs know. New checks add a
kind here and a row in their SQL.
"""

from __future__ import annotations

from collections.abc import Callable

from chaingap.ontology.namespace import CG
from chaingap.ontology.vocab import DISTRICT_KINDS, STAGES

__all__ = ["MESSAGES", "message", "PROJECT_STAGES", "STAGE_EXPECTED"]

_MONEY = "a number with an optional unit, e.g. 3亿元, 500万美元, 12.5 USD"
_DATE = "a date such as 2024-03-30, 2024/3/30 or 2024年3月30日"
_DISTRICT = "a district id from districts"

#: The stages a project can be in: those of the vocabulary the ontology has an individual for
#: (pre-evaluation joins when the ontology models it).
PROJECT_STAGES = tuple(term.code for term in STAGES if term.iri_name and hasattr(CG, term.iri_name))
#: What a stage cell may hold.
STAGE_EXPECTED = (", ".join(PROJECT_STAGES) + " (or " + ", ".join(STAGES[code].zh for code in PROJECT_STAGES) + ")")


#: kind -> (value, detail) -> (message, expected)
MESSAGES: dict[str, Callable[[str | None, str | None], tuple[str, str | None]]] = {
    "required": lambda v, d: ("empty required cell", "a value"),
    "date_required": lambda v, d: ("empty required cell", "a date"),
    "credit_code": lambda v, d: (f"invalid credit code {v!r}", d),
    "no_id": lambda v, d: ("no id and no credit code", "an id or a 统一社会信用代码"),
    "unknown_district": lambda v, d: (f"unknown district id {v!r}", _DISTRICT),
    "no_district": lambda v, d: ("no district and the county matches no district name", _DISTRICT),
    "bad_share": lambda v, d: (f"bad share {v!r} for link {d!r}", "a number from 0 to 1, e.g. L01:0.6"),
    "unknown_link": lambda v, d: (f"unknown link id {v!r}", "a link id from chains.yaml"),
    "money": lambda v, d: (d or "", _MONEY),
    "negative": lambda v, d: (f"negative amount {v!r}", "an amount >= 0"),
    "date": lambda v, d: (d or "", _DATE),
    "flag": lambda v, d: (f"not a yes/no value: {v!r}", "是/否, 1/0, true/false, Y/N"),
    "integer": lambda v, d: (d or "", "a whole number"),
    "not_whole": lambda v, d: (f"not a whole number: {v!r}", "a whole number"),
    "headcount": lambda v, d: (d or "", "a whole number of people >= 0, e.g. 1200, 1,200 or 1200人"),
    "no_link": lambda v, d: (f"enterprise {v!r} matches no link",
                             "link ids in the links column, or an industry code or keyword from chains.yaml"),
    "duplicate_enterprise": lambda v, d: (f"duplicate enterprise id {v!r} (first at {d})",
                                          "each enterprise once across enterprises and pool"),
    "district_kind": lambda v, d: (f"unknown district kind {v!r}", ", ".join(DISTRICT_KINDS.codes)),
    "duplicate_district": lambda v, d: (f"duplicate district id {v!r}", "unique district ids"),
    "admin_code": lambda v, d: (f"not a 6-digit administrative division code: {v!r}",
                                "6 digits per GB/T 2260, e.g. 321100"),
    "unknown_parent_district": lambda v, d: (f"unknown district id {v!r}", "a district id from this table"),
    "region": lambda v, d: (f"unknown district id {v!r}", _DISTRICT),
    "unknown_chain": lambda v, d: (f"unknown chain id {v!r}", "a chain id from chains.yaml"),
    "stage": lambda v, d: (d or "", STAGE_EXPECTED),
    "agreement": lambda v, d: (f"unknown agreement type {v!r}", "formal (正式) or framework (框架)"),
    "duplicate_project": lambda v, d: (f"duplicate project id {v!r}", "unique project ids"),
    "unknown_project": lambda v, d: (f"unknown project id {v!r}", "a project id from projects"),
    "commitment_kind": lambda v, d: (f"unknown commitment {v!r}", "investment (投资进度), output_per_mu (亩均产出) or tax (年税收)"),
    "commitment_record": lambda v, d: (f"unknown commitment record {v!r}", "committed (约定) or actual (实际)"),
    "outreach_kind": lambda v, d: (f"unknown outreach kind {v!r}",
                                   "visit (拜访), talk (洽谈), declined (婉拒) or signed (签约)"),
    "outreach_after_as_of": lambda v, d: (f"outreach date {v} is after the dataset's as_of {d}",
                                          "a date on or before as_of in dataset.yaml"),
    "outreach_needs_as_of": lambda v, d: ("an outreach log needs the dataset's as_of (a decline holds a firm "
                                          "back for a period that ends there)", "as_of: 'YYYY-MM-DD' in dataset.yaml"),
    "origin": lambda v, d: (f"unknown investment origin {v!r}", "domestic (内资) or foreign (外资)"),
    "decimal": lambda v, d: (d or "", "a number, e.g. 120 or 85.5"),
    "credit_share": lambda v, d: (f"bad credit share {v!r}", "a number from 0 to 1 (or 0% to 100%), e.g. 0.4"),
    "credit_total": lambda v, d: (f"the transfers of project {v!r} give away {d} of its credit",
                                  "credit shares that add up to at most 1"),
    "unknown_enterprise": lambda v, d: (f"unknown enterprise {v!r}",
                                        "an enterprise id, credit code or name from enterprises/pool"),
    "ambiguous_enterprise": lambda v, d: (f"ambiguous enterprise {v!r} ({d})", "an enterprise id or credit code"),
    "duplicate_product": lambda v, d: (f"duplicate product id {v!r}", "unique product ids"),
    "unknown_product": lambda v, d: (f"unknown product id {v!r}", "a product id from products"),
    "duplicate_credit_code": lambda v, d: (f"credit code {v!r} is already enterprise {d}",
                                           "one enterprise id per credit code"),
    "shares_over_one": lambda v, d: (f"the link shares of enterprise {v!r} add up to {d}",
                                     "shares that add up to at most 1, e.g. L01:0.6;L02:0.4"),
    "self_supply": lambda v, d: (f"enterprise {v!r} supplies itself", "a supplier other than the customer"),
    "founded_after_as_of": lambda v, d: (f"founding date {v} is after the dataset's as_of {d}",
                                         "a date on or before as_of in dataset.yaml"),
    "district_cycle": lambda v, d: (f"district {v!r} is its own parent through {d}",
                                    "parents that end at the region"),
    "similar_id": lambda v, d: (f"id {v!r} equals {d} once full-width and zero-width characters are set aside",
                                "distinct ids in plain characters"),
}


def message(kind: str, value: str | None, detail: str | None) -> tuple[str, str | None]:
    """The message and the expected-value text of a problem of ``kind``."""
    return MESSAGES[kind](value, detail)
