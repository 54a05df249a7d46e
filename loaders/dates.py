"""Dates as Chinese ledgers write them, read into :class:`datetime.date`.

Accepted: ``2024-03-30``, ``2024/3/30``, ``2024.3.30``, ``2024年3月30日``, ``20240330``,
Excel date cells (``datetime``) and Excel serial numbers.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

__all__ = ["parse_date"]

_SEPARATED = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


def parse_date(value: object) -> dt.date:
    """The date in a cell; raises ValueError saying which forms are accepted."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return _EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"not a date: {value!r}")
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if " " in text and ":" in text:  # "2024-03-30 00:00:00" from an export
        text = text.split(" ", 1)[0]
    match = _SEPARATED.match(text) or _COMPACT.match(text)
    if not match:
        raise ValueError(f"not a date: {value!r}")
    year, month, day = (int(part) for part in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"not a date: {value!r} ({exc})") from None
