"""Minting valid 统一社会信用代码 (GB 32100-2015) for invented enterprises.

The sample and the synthetic generator need thousands of credit codes that pass the loader's
check; they are minted here from a counter (a bijection, so they never collide and no set of
used codes is needed at a million rows). The check characters come from the loader's own
:mod:`chaingap.loaders.creditcode`, so generator and validator cannot disagree.
"""

from __future__ import annotations

from chaingap.loaders.creditcode import CHARSET as CODE_CHARS
from chaingap.loaders.creditcode import check_character, is_valid_credit_code, make_credit_code

__all__ = ["CODE_CHARS", "check_character", "is_valid", "mint"]

_ORG_STRIDE = 2_654_435_761  # coprime to 10**8, so index -> body is a bijection


def is_valid(code: str) -> bool:
    """True when ``code`` has 18 code characters and a correct last check character."""
    return is_valid_credit_code(code) and code == code.strip().upper()


def mint(index: int, admin_code: str, *, salt: int = 0) -> str:
    """A valid credit code for the ``index``-th enterprise, registered in ``admin_code``.

    Distinct indexes below 10**8 give distinct codes (for one ``salt``). Position 1 is ``9``
    (market regulator), position 2 ``1`` (enterprise); the organisation code body is digits
    only, so it never holds a letter a credit code forbids.
    """
    if len(admin_code) != 6 or not admin_code.isdigit():
        raise ValueError(f"admin code must be 6 digits, got {admin_code!r}")
    number = (index * _ORG_STRIDE + salt * 7_919 + 12_345_678) % 10**8
    return make_credit_code("91", admin_code, f"{number:08d}")
