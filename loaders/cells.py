"""What one cell means when the SQL fast path cannot say: the Python parsers, value by value.

The checks in ``sql/checks/*.sql`` decide the usual spellings in DuckDB (``413.1``, ``3亿元``,
``2024-03-30``, ``1``, a valid credit code). Anything else — full-width digits, unusual
spellings, Excel number and date cells, and every bad value — is sent here, once per
distinct text, so results and messages are exactly those of :mod:`.money`, :mod:`.dates`,
:mod:`.booleans` and :mod:`.creditcode`. Each function returns the map row for its value.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from decimal import Decimal

from chaingap.ontology.vocab import normalise_name

from .booleans import parse_bool
from .creditcode import credit_code_error, normalise_credit_code, organisation_code_error
from .dates import parse_date
from .money import MoneyParser, parse_decimal
from .reading import cell_text

__all__ = ["TOKEN", "CellParsers"]

#: Prefix of the stand-in text of an Excel cell that holds a number, date or boolean.
TOKEN = "\x00\x01cell:"

_MAX_FACTOR_SCALE = 8      # the product of the fast path has the tables' scale, 8
#: Amounts must fit the tables' DECIMAL(38, 8) in 万元 (a 5000-digit amount is a typo, not money).
_MAX_AMOUNT = Decimal(10) ** 29
#: Counts must fit a BIGINT.
_MAX_COUNT = Decimal(2) ** 63


def _short(text: str, limit: int = 40) -> str:
    """A long value cut for a message (the cell itself is named by row and column)."""
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


class CellParsers:
    """The parsers of one load: its currency rates, and the Excel values behind tokens."""

    def __init__(self, rates: dict[str, Decimal]):
        self.money_parser = MoneyParser(rates)
        self.excel_values: list[object] = []

    def token(self, value: object) -> str:
        """Stand-in text for an Excel cell value (numbers and dates parse differently from text)."""
        self.excel_values.append(value)
        return f"{TOKEN}{len(self.excel_values) - 1}"

    def value(self, text: str) -> object:
        if text.startswith(TOKEN):
            return self.excel_values[int(text[len(TOKEN):])]
        return text

    # --- one function per kind of cell: text (and unit) -> map row ---------------------------

    def money(self, text: str, unit: str) -> dict:
        value = self.value(text)
        try:
            money = self.money_parser.parse(value, unit)
        except ValueError as exc:
            return {"pkind": "money", "msg": str(exc)}
        if money.wan_yuan < 0:
            return {"pkind": "negative", "original": money.original}
        if abs(money.wan_yuan) >= _MAX_AMOUNT:
            return {"pkind": "money", "msg": f"amount too large: {_short(money.original)!r} (at most 29 digits in 万元)"}
        return {"v_dec": money.wan_yuan, "original": money.original}

    def money_factor(self, full_unit: str, rest: str) -> dict:
        """A unit's factor (万元 per one) for the fast path: its text and its decimals, or nothing
        when the SQL must not decide (an unusual spelling, a factor it cannot multiply exactly)."""
        if rest and (unicodedata.normalize("NFKC", rest) != rest or rest[0] in ".+-" or rest[0].isdecimal()
                     or any(char.isspace() or char == "," for char in rest)):
            return {}
        try:
            factor = self.money_parser.factor(full_unit)
        except ValueError:
            return {}
        sign, digits, exponent = factor.as_tuple()
        if sign or not isinstance(exponent, int):
            return {}
        scale = max(-exponent, 0)
        whole = max(factor.adjusted() + 1, 0)
        # the number has at most 10 + 4 digits: the product stays within 28 digits (exact, as in
        # Python) and within DECIMAL(18, s) x DECIMAL(18, 8 - s)
        if scale > _MAX_FACTOR_SCALE or len(digits) > 14 or whole > 18 - scale:
            return {}
        return {"v_text": format(factor, "f"), "v_int": scale}

    def date(self, text: str, unit: str = "") -> dict:
        try:
            return {"v_date": parse_date(self.value(text))}
        except ValueError as exc:
            return {"pkind": "date", "msg": str(exc)}

    def flag(self, text: str, unit: str = "") -> dict:
        value = self.value(text)
        try:
            return {"v_bool": parse_bool(value)}
        except ValueError:
            return {"pkind": "flag", "original": cell_text(value)}

    def integer(self, text: str, unit: str = "") -> dict:
        value = self.value(text)
        try:
            number = parse_decimal(value)
        except ValueError as exc:
            return {"pkind": "integer", "msg": str(exc)}
        if abs(number) >= _MAX_COUNT:
            return {"pkind": "integer", "msg": f"number too large: {_short(cell_text(value))!r}"}
        if number != number.to_integral_value() or number < 0:
            return {"pkind": "not_whole", "original": cell_text(value)}
        return {"v_int": int(number)}

    def headcount(self, text: str, unit: str = "") -> dict:
        """A number of people (员工人数, 参保人数): ``1200``, ``1,200``, ``1200人``, an Excel number."""
        value = self.value(text)
        shown = cell_text(value)
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value).strip().removesuffix("人").rstrip()
        try:
            number = parse_decimal(value)
        except ValueError:
            return {"pkind": "headcount", "msg": f"not a number of people: {_short(shown)!r}"}
        if number < 0:
            return {"pkind": "headcount", "msg": f"negative number of people: {_short(shown)!r}"}
        if number != number.to_integral_value():
            return {"pkind": "headcount", "msg": f"not a whole number of people: {_short(shown)!r}"}
        if number >= _MAX_COUNT:
            return {"pkind": "headcount", "msg": f"number too large: {_short(shown)!r}"}
        return {"v_int": int(number)}

    def credit(self, text: str, unit: str = "") -> dict:
        code = normalise_credit_code(text)
        error = credit_code_error(code)
        if error:
            return {"msg": error}
        return {"v_text": code, "v_bool": organisation_code_error(code) is not None}

    def credit_key(self, text: str, unit: str = "") -> dict:
        return {"v_text": normalise_credit_code(text)}

    def name_key(self, text: str, unit: str = "") -> dict:
        return {"v_text": normalise_name(text)}

    def share(self, text: str, unit: str = "") -> dict:
        share = parse_share(text)
        if share is None:
            return {"pkind": "bad_share"}
        return {"v_dec": share, "v_text": str(share)}

    def admin_code(self, text: str, unit: str = "") -> dict:
        return {"v_bool": len(text) == 6 and text.isdigit()}

    @staticmethod
    def lookup(function: Callable[[str], str | None]) -> Callable[[str, str], dict]:
        """A map function from a plain lookup (None = not found) whose ValueError is a problem."""
        def parse(text: str, unit: str = "") -> dict:
            try:
                found = function(text)
            except ValueError as exc:
                return {"pkind": "unknown", "msg": str(exc)}
            return {"v_text": found} if found is not None else {"pkind": "unknown"}
        return parse


def parse_share(text: str) -> Decimal | None:
    """A link's share as written after ``L01:`` (``0.6``, ``60%``); None when not in 0..1."""
    try:
        share = parse_decimal(text.rstrip("%"))
        if text.endswith("%"):
            share /= 100
    except ValueError:
        return None
    return share if Decimal(0) <= share <= Decimal(1) else None
