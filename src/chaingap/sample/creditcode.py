"""Minting valid 统一社会信用代码 (GB 32100-2015) for invented enterprises.

The sample and the synthetic generator need thousands of credit codes that pass the loader's
check; they are minted here from a counter (a bijection, so they never collide and no set of
used codes is needed at a million rows). Both check characters are real: the organisation
code's (GB 11714, position 17) and the whole code's (position 18).
"""

from __future__ import annotations

from operator import mul

__all__ = ["CODE_CHARS", "check_character", "is_valid", "mint"]

#: The 31 characters of a credit code (no I, O, S, V, Z), in value order.
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {ch: i for i, ch in enumerate(CODE_CHARS)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]  # 1, 3, 9, 27, 19, 26, ...

_ORG_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_STRIDE = 2_654_435_761  # coprime to 10**8, so index -> body is a bijection


def check_character(first17: str) -> str:
    """The 18th character of a credit code whose first 17 characters are ``first17``."""
    if len(first17) != 17:
        raise ValueError(f"need the first 17 characters, got {len(first17)}")
    total = sum(map(mul, map(_VALUE.__getitem__, first17), _WEIGHTS))
    return CODE_CHARS[(31 - total % 31) % 31]


def is_valid(code: str) -> bool:
    """True when ``code`` has 18 code characters and a correct last check character."""
    if len(code) != 18 or any(ch not in _VALUE for ch in code):
        return False
    return check_character(code[:17]) == code[17]


def _org_check(body: str) -> str:
    total = sum(map(mul, map(_ORG_CHARS.index, body), _ORG_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def mint(index: int, admin_code: str, *, salt: int = 0) -> str:
    """A valid credit code for the ``index``-th enterprise, registered in ``admin_code``.

    Distinct indexes below 10**8 give distinct codes (for one ``salt``). Position 1 is ``9``
    (market regulator), position 2 ``1`` (enterprise); the organisation code body is digits
    only, so it never holds a letter a credit code forbids.
    """
    if len(admin_code) != 6 or not admin_code.isdigit():
        raise ValueError(f"admin code must be 6 digits, got {admin_code!r}")
    number = (index * _ORG_STRIDE + salt * 7_919 + 12_345_678) % 10**8
    body = f"{number:08d}"
    first17 = f"91{admin_code}{body}{_org_check(body)}"
    return first17 + check_character(first17)
