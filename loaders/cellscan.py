"""Checks of every cell of a table file as read, before any check of what the cells mean.

A cell too long or holding a control or bidi-override character (:mod:`.limits`) is one
problem with its file, row and column. The scan runs in Arrow's compute kernels over the
columns, so a clean file costs one pass per column and no Python per cell.
"""

from __future__ import annotations

from typing import Protocol

import pyarrow as pa
import pyarrow.compute as pc

from .errors import Problem
from .limits import MAX_CELL_CHARS, char_name, control_char


class TableFile(Protocol):
    """What the scan reads of a :class:`.tables.TableFile` (named here: tables imports this module)."""

    file: str
    data: pa.Table | None
    columns: dict[int, str]
    labels: dict[str, str]

__all__ = ["scan_cells", "CONTROL_RE2"]

#: :data:`.limits.CONTROL_PATTERN` in RE2 syntax (Arrow's regex engine).
CONTROL_RE2 = (r"[\x{0}-\x{8}\x{b}\x{c}\x{e}-\x{1f}\x{7f}-\x{9f}\x{61c}\x{200e}\x{200f}"
               r"\x{202a}-\x{202e}\x{2066}-\x{2069}]")
_PER_COLUMN = 20  # problems of one kind in one column before the rest are only counted


def _rows_where(mask: pa.ChunkedArray | pa.Array, rows: pa.Array) -> list[int]:
    mask = pc.fill_null(mask, False)
    if not pc.any(mask).as_py():
        return []
    return pc.filter(rows, mask).to_pylist()


def scan_cells(table: TableFile) -> list[Problem]:
    """Problems of cells too long or holding refused characters, in row order per column."""
    data = table.data
    if data is None or data.num_rows == 0:
        return []
    rows = data.column("_row")
    found: list[Problem] = []
    for column in dict.fromkeys(table.columns.values()):
        values = data.column(column)
        label = table.labels.get(column, column)
        long_rows = _rows_where(pc.greater(pc.utf8_length(values), MAX_CELL_CHARS), rows)
        for row in long_rows[:_PER_COLUMN]:
            length = len(_cell(values, rows, row))
            found.append(Problem(table.file, row, label, f"cell too long: {length:,} characters",
                                 f"at most {MAX_CELL_CHARS:,} characters (128 KiB) per cell"))
        _more(found, table.file, label, long_rows, "cells too long")
        bad_rows = _rows_where(pc.match_substring_regex(values, CONTROL_RE2), rows)
        for row in bad_rows[:_PER_COLUMN]:
            char = control_char(_cell(values, rows, row)) or "?"
            found.append(Problem(table.file, row, label, f"control character {char_name(char)} in the cell",
                                 "text without control or bidi-override characters (they are refused, not removed)"))
        _more(found, table.file, label, bad_rows, "cells with control characters")
    return found


def _more(found: list[Problem], file: str, label: str, rows: list[int], what: str) -> None:
    """One problem for the rest (at the first row of the rest: a row problem, not a file's)."""
    if len(rows) > _PER_COLUMN:
        found.append(Problem(file, rows[_PER_COLUMN], label,
                             f"{len(rows) - _PER_COLUMN:,} more {what} in this column from this row on", None))


def _cell(values: pa.ChunkedArray, rows: pa.Array, row: int) -> str:
    index = pc.index(rows, row).as_py()
    return values[index].as_py() or ""
