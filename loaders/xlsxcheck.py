"""Formulas Excel never computed: a workbook written by a program (not saved in Excel) holds
formulas without a saved value, and reading values gives an empty cell where the user sees
an amount. Each such cell of a known column is a problem naming its row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from .errors import Problem
from .reading import pick_sheet


class TableFile(Protocol):
    """What the check reads of a :class:`.tables.TableFile` (named here: tables imports this module)."""

    path: Path
    file: str
    sheet: str | None
    spec: Any
    data: Any
    columns: dict[int, str]
    labels: dict[str, str]

__all__ = ["formula_problems"]


def _has_formulas(workbook, worksheet) -> bool:
    """Whether the sheet's XML holds any formula (a quick look before reading it again)."""
    marks = (b"<f>", b"<f ", b":f>", b":f ")
    try:
        with workbook._archive.open(worksheet._worksheet_path) as member:
            tail = b""
            while chunk := member.read(1 << 20):
                data = tail + chunk
                if any(mark in data for mark in marks):
                    return True
                tail = data[-3:]
    except (AttributeError, KeyError, OSError):
        return True
    return False


def formula_problems(table: TableFile) -> list[Problem]:
    """Cells of ``table``'s known columns holding a formula without a saved value."""
    import openpyxl

    if not table.columns or table.data is None:
        return []
    values = openpyxl.load_workbook(table.path, read_only=True, data_only=True)
    try:
        name = pick_sheet(values.sheetnames, table.sheet, table.spec.name, table.spec.title_zh)
        if not _has_formulas(values, values[name]):
            return []
        computed = list(values[name].iter_rows(values_only=True))
    finally:
        values.close()
    formulas = openpyxl.load_workbook(table.path, read_only=True, data_only=False)
    problems = []
    try:
        for number, record in enumerate(formulas[name].iter_rows(values_only=True), start=1):
            if number == 1:
                continue
            saved = computed[number - 1] if number - 1 < len(computed) else ()
            for index, column in table.columns.items():
                cell = record[index] if index < len(record) else None
                if isinstance(cell, str) and cell.startswith("=") and (index >= len(saved) or saved[index] is None):
                    problems.append(Problem(table.file, number, table.labels.get(column, column),
                                            f"formula {cell[:60]!r} has no saved value",
                                            "open and save the workbook in Excel (or WPS), or type the value"))
    finally:
        formulas.close()
    return problems
