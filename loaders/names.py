"""Normalise enterprise and place names so that spelling variants match.

Registry exports and hand-typed ledgers differ in full-/half-width characters, bracket
styles, spaces and letter case; ``镇江 ＡＢＣ（集团）有限公司`` and ``镇江abc(集团)有限公司`` are one firm.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalise_name", "normalise_header"]

_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]", "〔": "(", "〕": ")", "［": "[", "］": "]"})
_SPACES = re.compile(r"\s+")


def normalise_name(text: str) -> str:
    """Matching key of a name: NFKC, ASCII brackets, no whitespace, case-folded."""
    value = unicodedata.normalize("NFKC", str(text)).translate(_BRACKETS)
    return unicodedata.normalize("NFKC", _SPACES.sub("", value).casefold())


def normalise_header(text: str) -> str:
    """Matching key of a column header (same rules as names, plus ``-`` and ``_`` ignored)."""
    return normalise_name(text).replace("_", "").replace("-", "")
