"""Yes/no cells as ledgers write them: 1/0, true/false, yes/no, 是/否, Y/N, ✓; empty is no."""

from __future__ import annotations

from .names import normalise_name

__all__ = ["parse_bool"]

_TRUE = {"1", "true", "t", "yes", "y", "是", "✓", "✔", "√", "有", "对"}
_FALSE = {"", "0", "false", "f", "no", "n", "否", "无", "×", "✗", "-", "不是"}

_FAST = {**{value: True for value in _TRUE}, **{value: False for value in _FALSE}}


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
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(f"not a yes/no value: {text!r}")
