"""The cells only the pipeline tables read: the currency of an investment, its origin, land area.

The threshold a project must pass depends on where its money comes from (1亿元 domestic,
1000万美元 foreign), so the loader keeps the currency an amount was written in, which the
normalised 万元 figure no longer shows.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from chaingap.ontology.vocab import COMMITMENT_KINDS, COMMITMENT_RECORDS, ORIGINS, OUTREACH_KINDS

from .cells import CellParsers
from .money import CURRENCY_NAMES, parse_decimal

__all__ = ["currency_of", "pipeline_map_functions"]

_SCALE_WORDS = ("百万", "千万", "千", "万", "亿")
_PREFIXES = {"US$": "USD", "$": "USD", "€": "EUR", "¥": "CNY", "RMB": "CNY", "USD": "USD", "EUR": "EUR", "CNY": "CNY"}


def _unit_currency(unit: str) -> str:
    key = unicodedata.normalize("NFKC", unit).strip().casefold()
    for word in _SCALE_WORDS:
        if key.startswith(word):
            key = key[len(word):]
            break
    return CURRENCY_NAMES.get(key, key.upper())


def currency_of(value: object, default_unit: str = "万元") -> str:
    """ISO code of the currency a money cell is written in, as :func:`.money.parse_money` reads
    the cell (its own unit, a currency prefix, else ``default_unit``)."""
    if not isinstance(value, str):
        return _unit_currency(default_unit)
    text = unicodedata.normalize("NFKC", value).strip().replace(",", "").replace(" ", "")
    for prefix, code in _PREFIXES.items():
        if text.upper().startswith(prefix.upper()) and len(text) > len(prefix):
            return code
    rest = text.lstrip("+-0123456789.")
    for word in _SCALE_WORDS:
        if rest.startswith(word):
            rest = rest[len(word):]
            break
    return _unit_currency(rest) if rest else _unit_currency(default_unit)


def pipeline_map_functions(parsers: CellParsers) -> dict[str, Callable[[str, str], dict]]:
    """The ``_l_map`` kinds of ``sql/checks/pipeline.sql`` and ``commitments.sql``: currency, origin,
    decimal, commitment_kind, commitment_record (and ``outreach.sql``'s outreach_kind)."""

    def currency(text: str, unit: str) -> dict:
        return {"v_text": currency_of(parsers.value(text), unit or "万元")}

    def decimal(text: str, unit: str = "") -> dict:
        try:
            number = parse_decimal(parsers.value(text))
        except ValueError as exc:
            return {"pkind": "decimal", "msg": str(exc)}
        if number < 0:
            return {"pkind": "decimal", "msg": f"negative number {text!r}"}
        return {"v_dec": number}

    return {"currency": currency, "origin": CellParsers.lookup(ORIGINS.parse), "decimal": decimal,
            "commitment_kind": CellParsers.lookup(COMMITMENT_KINDS.parse),
            "commitment_record": CellParsers.lookup(COMMITMENT_RECORDS.parse),
            "outreach_kind": CellParsers.lookup(OUTREACH_KINDS.parse)}
