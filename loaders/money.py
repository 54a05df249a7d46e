"""Money cells with their units, normalised to 万元 at the dataset's stated rates.

Ledgers mix ``60亿元``, ``3亿美元``, ``500万美元`` and ``12.5 USD``; analysis needs one unit.
The original text is kept alongside (``*Original`` properties) so nothing is lost.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

__all__ = ["Money", "MoneyParser", "parse_money", "parse_decimal", "CURRENCY_NAMES"]

#: Chinese and symbolic currency names -> ISO code. CNY needs no rate.
CURRENCY_NAMES = {
    "": "CNY", "元": "CNY", "元人民币": "CNY", "人民币": "CNY", "人民币元": "CNY", "rmb": "CNY", "cny": "CNY", "¥": "CNY", "￥": "CNY",
    "美元": "USD", "美金": "USD", "usd": "USD", "us$": "USD", "$": "USD",
    "欧元": "EUR", "eur": "EUR", "€": "EUR",
    "港元": "HKD", "港币": "HKD", "hkd": "HKD",
    "日元": "JPY", "jpy": "JPY",
    "英镑": "GBP", "gbp": "GBP",
}
_SCALES = {"": Decimal(1), "千": Decimal(1000), "万": Decimal(10_000), "百万": Decimal(1_000_000),
           "千万": Decimal(10_000_000), "亿": Decimal(100_000_000)}
_CELL = re.compile(r"^([-+]?\d+(?:\.\d*)?|[-+]?\.\d+)\s*(百万|千万|千|万|亿)?\s*(.*)$")
_TEN_THOUSAND = Decimal(10_000)


@dataclass(frozen=True)
class Money:
    """An amount in 万元 and the text it was read from."""

    wan_yuan: Decimal
    original: str


def parse_decimal(value: object) -> Decimal:
    """A plain number cell (``1,234.5``, ``1234``, an Excel number); ValueError otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(f"not a number: {value!r}")
        return Decimal(repr(value))
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if not number.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return number


_UNIT_BRACKETS = re.compile(r"[()（）\[\]【】\s]")


def _unit_factor(unit: str, rates: Mapping[str, object]) -> Decimal:
    """CNY-万元 per one of ``unit`` (e.g. ``亿美元`` -> 1e4 * USD rate)."""
    shown = unit.strip()
    key = _UNIT_BRACKETS.sub("", shown).casefold()  # registry exports write 万(元), 万（人民币）
    scale = Decimal(1)
    for prefix in ("百万", "千万", "千", "万", "亿"):
        if key.startswith(prefix) and key != prefix:
            scale, key, shown = _SCALES[prefix], key[len(prefix):], shown[len(prefix):]
            break
    else:
        if key in ("万", "亿", "千", "百万", "千万"):
            scale, key = _SCALES[key], ""
    code = CURRENCY_NAMES.get(key, key.upper())
    if code == "CNY":
        rate = Decimal(1)
    else:
        upper_rates = {str(name).upper(): value for name, value in rates.items()}
        if code not in upper_rates:
            known = ", ".join(sorted(upper_rates)) or "none"
            raise ValueError(f"unknown currency {shown!r} (rates given in dataset.yaml: {known})")
        rate = parse_decimal(upper_rates[code])
    return scale * rate / _TEN_THOUSAND


_PLAIN_NUMBER = re.compile(r"\d{1,15}(?:\.\d{1,10})?")


class MoneyParser:
    """Parses money cells at fixed rates, remembering each unit's factor (a pool has millions)."""

    def __init__(self, rates: Mapping[str, object] | None = None):
        self.rates = dict(rates or {})
        self._factors: dict[str, Decimal] = {}

    def factor(self, unit: str) -> Decimal:
        """万元 per one ``unit``; ValueError for an unknown currency."""
        found = self._factors.get(unit)
        if found is None:
            found = self._factors[unit] = _unit_factor(unit, self.rates)
        return found

    def parse(self, value: object, default_unit: str = "万元") -> Money:
        """See :func:`parse_money`."""
        if value.__class__ is str and _PLAIN_NUMBER.fullmatch(value):
            return Money(Decimal(value) * self.factor(default_unit), value)
        return parse_money(value, self.rates, default_unit, self)


def parse_money(value: object, rates: Mapping[str, object] | None = None,
                default_unit: str = "万元", parser: MoneyParser | None = None) -> Money:
    """Read ``value`` into 万元.

    The cell's own unit wins, else ``default_unit`` (the header's bracketed unit or the
    ``*_unit`` column). ``rates`` maps currency codes to CNY per unit. Raises ValueError
    for unparseable numbers and unknown currencies.
    """
    rates = rates or {}
    factor = parser.factor if parser is not None else (lambda unit: _unit_factor(unit, rates))
    original = str(value).strip() if not isinstance(value, float) else repr(value)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Money(parse_decimal(value) * factor(default_unit), original)
    text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
    prefix_currency = ""
    for symbol in ("US$", "$", "€", "¥", "RMB", "USD", "EUR", "CNY"):
        if text.upper().startswith(symbol.upper()) and len(text) > len(symbol):
            prefix_currency, text = symbol, text[len(symbol):]
            break
    match = _CELL.match(text)
    if not match:
        raise ValueError(f"not an amount of money: {original!r}")
    number_text, scale, unit = match.groups()
    number = Decimal(number_text)
    scale = scale or ""
    unit = unit.strip()
    if unit and prefix_currency:
        raise ValueError(f"not an amount of money: {original!r} (two units)")
    unit = unit or prefix_currency
    if not scale and not unit:
        full_unit = default_unit
    elif not unit:
        full_unit = scale + "元"
    else:
        full_unit = scale + unit
    return Money(number * factor(full_unit), original)
