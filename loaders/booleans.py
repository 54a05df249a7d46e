"""Yes/no cells as ledgers write them: 1/0, true/false, yes/no, 是/否, Y/N, ✓; empty is no."""

from __future__ import annotations

from chaingap.ontology.vocab import normalise_name

__all__ = ["parse_bool", "TRUE_WORDS", "FALSE_WORDS"]

#: Spellings of yes and of no (after ``normalise_name``; a cell spelled exactly so needs no normalising).
TRUE_WORDS = frozenset({"1", "true", "t", "yes", "y", "是", "✓", "✔", "√", "有", "对"})
FALSE_WORDS = frozenset({"", "0", "false", "f", "no", "n", "否", "无", "×", "✗", "-", "不是"})

_FAST = {**{value: True for value in TRUE_WORDS}, **{value: False for value in FALSE_WORDS}}


def parse_bool(text: object) -> bool:
    """Truth of a cell; raises ValueError for anything that is neither yes nor no."""
    fast = _FAST.get(text) if text.__class__ is str else None
    if fast is not None:
        return fast
    if isinstance(text, bool):
        return text
    if text is None:
        return False
    if isinstance(text, (int, float)) and text in (0, 1):
        return bool(text)
    key = normalise_name(str(text))
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    raise ValueError(f"not a yes/no value: {text!r}")
