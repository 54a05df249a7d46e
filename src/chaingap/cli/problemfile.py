"""Every problem of a failed load or validation, in a file a user opens in Excel.

The terminal shows the first :data:`~chaingap.cli.errors.PROBLEM_LIMIT` problems and counts
the rest (200,000 garbage rows would print millions of lines); ``--problems FILE`` writes
all of them here: a CSV (UTF-8 with BOM, as Chinese Excel expects) of file, row, column,
message and expected value, each cell neutralised like every other CSV chaingap writes.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from pathlib import Path

import click

from chaingap.report.cells import spreadsheet_text

__all__ = ["PROBLEMS_OPTION", "write_problems"]

_COLUMNS = ("file", "row", "column", "message", "expected")

#: ``--problems FILE`` on load and validate.
PROBLEMS_OPTION = click.option(
    "--problems", "problems_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="Also write every problem (not only the first 200) to this CSV file.")


def write_problems(path: Path, problems: Iterable) -> int:
    """Write ``problems`` to ``path`` (CSV); returns how many were written."""
    count = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([spreadsheet_text(name) for name in _COLUMNS])
        for problem in problems:
            writer.writerow([spreadsheet_text("" if value is None else value)
                             for value in (problem.file, problem.row, problem.column, problem.message,
                                           problem.expected)])
            count += 1
    return count
