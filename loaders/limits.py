"""How large an input may be, and the characters a cell may not hold.

A cell over :data:`MAX_CELL_CHARS` or a file over :func:`max_file_bytes` is one problem
naming where it is, not a parser's traceback (Python's ``csv`` stops at 128 KiB per field
with no row or column). Control and bidi-override characters are refused, not stripped:
they make a name look like another one on screen (U+202E turns ``gnp.exe`` around) and a
user should see and fix the cell. Tab, line feed and carriage return are allowed (addresses
and business scopes hold line breaks). Zero-width characters are not refused here; ids are
compared without them (:func:`id_key`).
"""

from __future__ import annotations

import os
import re
import unicodedata

__all__ = ["MAX_CELL_CHARS", "MAX_YAML_BYTES", "FILE_LIMIT_ENV", "max_file_bytes", "CONTROL_PATTERN",
           "control_char", "char_name", "ZERO_WIDTH", "id_key", "DATASET_ID_PATTERN", "DATASET_ID_RE",
           "file_size_problem"]

#: Characters in one cell (128 KiB): far above any name, address or business scope.
MAX_CELL_CHARS = 128 * 1024
#: Bytes of dataset.yaml or chains.yaml.
MAX_YAML_BYTES = 16 * 1024 * 1024
#: Environment variable setting the largest table file, in MiB (default 2048).
FILE_LIMIT_ENV = "CHAINGAP_MAX_FILE_MB"

#: C0 and C1 controls other than tab, LF and CR; DEL; the bidi marks, embeddings, overrides
#: and isolates (U+061C, U+200E/F, U+202A-E, U+2066-9).
CONTROL_PATTERN = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
_CONTROL = re.compile(CONTROL_PATTERN)

#: Zero-width characters an id is compared without (ZWSP, ZWNJ, ZWJ, word joiner, BOM, soft hyphen).
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")

#: A dataset id: lower-case letters, digits, '-' and '_', starting with a letter or digit, at
#: most 64 characters. It names a folder and a graph, so it stays plain ASCII; '_' first is
#: reserved for chaingap's own (derived) data.
DATASET_ID_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,63}$"
DATASET_ID_RE = re.compile(DATASET_ID_PATTERN)


def max_file_bytes() -> int:
    """The largest table file a load reads ($CHAINGAP_MAX_FILE_MB, default 2048 MiB)."""
    try:
        megabytes = float(os.environ.get(FILE_LIMIT_ENV, "2048"))
    except ValueError:
        megabytes = 2048.0
    return int(megabytes * 1024 * 1024)


def file_size_problem(size: int, limit: int) -> tuple[str, str] | None:
    """(message, expected) when a file of ``size`` bytes is over ``limit``, else None."""
    if size <= limit:
        return None
    return (f"file too large: {size:,} bytes", f"at most {limit:,} bytes (set {FILE_LIMIT_ENV} to allow more)")


def char_name(char: str) -> str:
    """``U+202E (RIGHT-TO-LEFT OVERRIDE)``."""
    name = unicodedata.name(char, "") or {"\x7f": "DELETE"}.get(char, "control character")
    return f"U+{ord(char):04X} ({name})"


def control_char(text: str) -> str | None:
    """The first refused character of ``text``, or None."""
    match = _CONTROL.search(text)
    return match.group() if match else None


def id_key(text: str) -> str:
    """What two ids are compared by: NFKC (full-width -> ASCII), zero-width characters removed,
    surrounding whitespace stripped. Case is kept (ids are case-sensitive)."""
    return unicodedata.normalize("NFKC", _ZERO_WIDTH.sub("", text)).strip()
