"""Problems found in a dataset, and the error that carries all of them at once.

Users fix their spreadsheets in Excel, so every problem names the file, the row as Excel
shows it (header = row 1) and the column header, and says what was expected.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Problem", "DataError"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the input allows."""

    file: str
    row: int | None
    column: str | None
    message: str
    expected: str | None = None

    def __str__(self) -> str:
        parts = [self.file]
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        text = ", ".join(parts) + f": {self.message}"
        if self.expected:
            text += f" ({self.expected})"
        return text


class DataError(Exception):
    """The dataset cannot be loaded; ``problems`` lists every reason, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the dataset:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))
