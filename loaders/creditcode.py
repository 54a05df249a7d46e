"""The unified social credit code (统一社会信用代码, GB 32100-2015).

18 characters from a 31-character alphabet (digits and capitals without I O Z S V):
registration authority (1), organisation type (1), division code (6), subject
identifier (9: the GB 11714 organisation code, with its own check character) and a check
character over the first 17 with weights 3^i mod 31. A typo in a ledger is caught here
before it splits one firm into two nodes.
"""

from __future__ import annotations

import unicodedata
from operator import mul

__all__ = [
    "CHARSET",
    "check_character",
    "check_codes",
    "credit_code_error",
    "is_valid_credit_code",
    "make_credit_code",
    "normalise_credit_code",
    "organisation_code_error",
    "organisation_code_failures",
    "valid_codes",
    "with_check_character",
]

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {char: index for index, char in enumerate(CHARSET)}
_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def normalise_credit_code(text: str) -> str:
    """Upper case, surrounding and inner spaces removed, full-width letters made ASCII."""
    if text.__class__ is str and len(text) == 18 and text.isascii() and text.isalnum() and text.isupper():
        return text  # the usual case, a million times in a national pool
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).upper()


def check_character(first17: str) -> str:
    """The 18th character for the 17 characters given (all must be in :data:`CHARSET`)."""
    bad = sorted(set(first17) - set(CHARSET))
    if bad or len(first17) != 17:
        raise ValueError(f"need 17 characters from {CHARSET}, got {first17!r}")
    total = sum(map(mul, map(_VALUE.__getitem__, first17), _WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def with_check_character(first17: str) -> str:
    """A complete code from its first 17 characters; used to build fixtures and benchmarks."""
    return first17 + check_character(first17)


def make_credit_code(prefix: str, division: str, body: str) -> str:
    """A valid code from type prefix (``91``), division (``321100``) and an 8-character body.

    Both check characters are computed, so fixtures and benchmarks pass every check.
    """
    if len(body) != len(_ORG_WEIGHTS):
        raise ValueError(f"the organisation code body has 8 characters, got {body!r}")
    return with_check_character(f"{prefix}{division}{body}{_org_check_character(body)}")


def _org_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def _org_check_character(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code body."""
    total = sum(_org_value(char) * weight for char, weight in zip(body, _ORG_WEIGHTS))
    value = 11 - total % 11
    return {10: "X", 11: "0"}.get(value, str(value))


def organisation_code_error(code: str) -> str | None:
    """Why characters 9-17 are not a valid GB 11714 organisation code, or None."""
    body, check = code[8:16], code[16]
    expected = _org_check_character(body)
    if check != expected:
        return f"embedded organisation code {code[8:17]} has check character {check}, expected {expected}"
    return None


def credit_code_error(code: str) -> str | None:
    """Why ``code`` (already normalised) is not a valid credit code, or None when it is."""
    if len(code) != 18:
        return f"has {len(code)} characters, expected 18"
    bad = sorted({char for char in code if char not in _VALUE})
    if bad:
        return f"contains {''.join(bad)}, not allowed (I O Z S V and lower case are never used)"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"check character should be {expected}"
    return None


def is_valid_credit_code(text: str) -> bool:
    """True when ``text`` normalises to a code that passes :func:`credit_code_error`."""
    return credit_code_error(normalise_credit_code(text)) is None


# --- the same checks over a whole column (numpy), for the vectorised checks of a load -----------

def _column(values):
    """``values`` (a pyarrow string array) as an (n, 18) uint8 matrix of its 18-byte codes, and where they are."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    mask = pc.fill_null(pc.equal(pc.binary_length(values), 18), False)
    where = np.flatnonzero(np.asarray(mask))
    if not len(where):
        return np.zeros((0, 18), np.uint8), where, len(values)
    fixed = pc.filter(values, mask).cast(pa.binary()).cast(pa.binary(18))
    chars = np.frombuffer(fixed.buffers()[1], np.uint8, count=len(fixed) * 18, offset=fixed.offset * 18)
    return chars.reshape(-1, 18), where, len(values)


def check_codes(values):
    """Both checks of every cell of a string column, vectorised: (is it a valid credit code as
    written — ``credit_code_error(text) is None`` for text already normalised — and does its
    embedded organisation code fail — ``organisation_code_error(text) is not None``).

    Cells that are not 18 characters long are (False, False); they are left to the scalar
    functions. Returns two pyarrow boolean arrays.
    """
    import numpy as np
    import pyarrow as pa

    chars, where, size = _column(values)
    valid, failing = np.zeros(size, bool), np.zeros(size, bool)
    if len(where):
        table = np.full(256, 99, np.uint8)
        table[np.frombuffer(CHARSET.encode("ascii"), np.uint8)] = np.arange(31, dtype=np.uint8)
        digits = table[chars]
        total = (digits[:, :17].astype(np.float32) @ np.array(_WEIGHTS, np.float32)).astype(np.int64)
        alphabet = np.frombuffer(CHARSET.encode("ascii"), np.uint8)
        valid[where] = (digits.max(axis=1) < 31) & (alphabet[(31 - total % 31) % 31] == chars[:, 17])
        org_table = np.zeros(256, np.uint8)
        org_table[48:58] = np.arange(10, dtype=np.uint8)
        org_table[65:91] = np.arange(10, 36, dtype=np.uint8)
        org = (org_table[chars[:, 8:16]].astype(np.float32) @ np.array(_ORG_WEIGHTS, np.float32)).astype(np.int64)
        value = 11 - org % 11
        expected = np.where(value == 10, ord("X"), np.where(value == 11, ord("0"), value + ord("0")))
        failing[where] = chars[:, 16] != expected
    return pa.array(valid), pa.array(failing)


def valid_codes(values):
    """For each cell of a string column: is it, exactly as written, a valid credit code?"""
    return check_codes(values)[0]


def organisation_code_failures(values):
    """For each cell of a string column: does its embedded organisation code fail (GB 11714)?"""
    return check_codes(values)[1]
