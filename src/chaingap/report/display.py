"""Rows as a person reads them: headers and coded values in the user's language.

The engines and the CLI build rows keyed by codes (``status``, ``segment``, ``reasons`` …)
whose values are codes (``weak``, ``midstream``, ``supplies_local:2``). JSON keeps both as
they are; every other output (terminal table, CSV, Markdown, xlsx) passes the rows through
:func:`display_rows`, which takes each header and each coded value from the one vocabulary
(:mod:`chaingap.ontology.vocab`), so a status reads 弱链 in the terminal, the CSV and the
workbook alike, and ``--lang en`` gives English everywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from chaingap.ontology.vocab import (
    ASSIGNMENT_METHODS,
    DISTRICT_KINDS,
    LQ_BASES,
    MAP_WORDS,
    PROXIMITY,
    SCORE_PARTS,
    SEGMENTS,
    SIZE_BASES,
    STAGES,
    STATUSES,
    WORDS,
    Vocabulary,
)

from .i18n import reason_sentence

__all__ = ["header", "display_value", "display_rows", "dotted_label", "segment_order", "chain_order"]

#: Where a header is looked up, in this order (the vocabularies' codes do not collide).
_HEADER_WORDS: tuple[Vocabulary, ...] = (WORDS, SCORE_PARTS, MAP_WORDS)
#: Columns whose values are codes of one vocabulary.
_CODED: dict[str, Vocabulary] = {
    "status": STATUSES,
    "segment": SEGMENTS,
    "lq_basis": LQ_BASES,
    "stage": STAGES,
    "kind": DISTRICT_KINDS,
    "method": ASSIGNMENT_METHODS,
    "proximity_class": PROXIMITY,
    "size_basis": SIZE_BASES,
}


def header(column: str, lang: str = "zh") -> str:
    """The word heading ``column``; a column no vocabulary knows keeps its name."""
    for vocabulary in _HEADER_WORDS:
        if column in vocabulary:
            return vocabulary.label(column, lang)
    return column


def dotted_label(key: str, lang: str = "zh") -> str:
    """``datasets.zhenjiang.version`` as ``数据集「zhenjiang」版本`` (``datasets 'zhenjiang' version``):
    known words translated, ids from the data kept and set off in quotes, so a key reads as a phrase."""
    parts = []
    for part in key.split("."):
        word = header(part, lang)
        known = word != part or any(part in vocabulary for vocabulary in _HEADER_WORDS)
        parts.append(word if known else (f"「{part}」" if lang == "zh" else f"'{part}'"))
    return ("" if lang == "zh" else " ").join(parts)


def _yes_no(value: bool, lang: str) -> str:
    return WORDS.label("yes" if value else "no", lang)


def display_value(column: str, value: Any, lang: str = "zh") -> Any:
    """``value`` of ``column`` as a person reads it: codes as words, booleans as 是/否, reason tags as a sentence."""
    if column == "segment" and value in (None, ""):  # a link without a segment reads 未知, not an empty cell
        return WORDS.label("unknown_segment", lang)
    if value is None:
        return None
    if isinstance(value, bool):
        return _yes_no(value, lang)
    if column == "reasons":
        return reason_sentence(value, lang)
    vocabulary = _CODED.get(column)
    if vocabulary is not None and isinstance(value, str):
        return vocabulary.label(value, lang)
    return value


def display_rows(rows: Sequence[dict[str, Any]], columns: Sequence[str], lang: str = "zh",
                 label_column: Callable[[str, str], str] = header) -> tuple[list[str], list[dict[str, Any]]]:
    """``(headers, rows keyed by those headers)`` in ``lang``: what every non-JSON output writes."""
    headers = [label_column(column, lang) for column in columns]
    shown = [{h: display_value(c, row.get(c), lang) for h, c in zip(headers, columns)} for row in rows]
    return headers, shown


def segment_order(segment: str | None) -> int:
    """Place of a segment as the chain runs (upstream first; an unknown one last)."""
    return SEGMENTS.order(segment) if segment in SEGMENTS else len(SEGMENTS)


def chain_order(links):
    """Links as each chain runs: by chain, then upstream -> midstream -> downstream, then id."""
    return sorted(links, key=lambda link: (link.chain, segment_order(link.segment), link.id))
