"""Find a dataset's table files and read each one, once, into columns of canonical names.

Headers are mapped once per file: aliases (English, Chinese, registry exports), case,
width and spaces ignored, a unit in brackets kept for the column (``营业收入(万元)``).
Unknown headers are ignored (registry exports carry many). Row numbers are those a user
sees in Excel (header = row 1); rows whose every known cell is empty are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from chaingap.ontology.vocab import normalise_header

from .cellscan import scan_cells
from .errors import Problem
from .limits import file_size_problem, max_file_bytes
from .reading import RawRows, ReadError, cell_text, read_csv, read_xlsx
from .schemas import TableSpec

__all__ = ["Row", "Table", "TableFile", "open_table", "read_table", "find_table_file", "find_workbook_sheets",
           "cell_text", "split_list", "split_unit", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = (".csv", ".xlsx")
_UNIT_SUFFIX = re.compile(r"^(.*?)\s*[(（\[【]\s*([^)）\]】]*)\s*[)）\]】]\s*$")
_LIST_SEPARATORS = re.compile(r"[;；、]")


def split_list(value: object) -> list[str]:
    """Items of a list cell separated by ``;``, ``；`` or ``、`` (empty items dropped)."""
    return [item.strip() for item in _LIST_SEPARATORS.split(cell_text(value)) if item.strip()]


def split_unit(header: str) -> tuple[str, str | None]:
    """``营业收入(万元)`` -> (``营业收入``, ``万元``); headers without a unit give None."""
    match = _UNIT_SUFFIX.match(header.strip())
    if match and match.group(1):
        return match.group(1), match.group(2).strip() or None
    return header.strip(), None


def find_table_file(folder: Path, name: str) -> Path | None:
    """``folder/name.csv`` or ``folder/name.xlsx``; None when the optional table is absent."""
    for suffix in TABLE_SUFFIXES:
        candidate = folder / f"{name}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def find_workbook_sheets(folder: Path, names: list[str]) -> dict[str, tuple[Path, str]]:
    """Tables held as sheets of a combined workbook (e.g. a filled-in ``chaingap template``).

    Any ``.xlsx`` in ``folder`` not named after a table is looked at, in name order; a sheet
    named after a table (``enterprises``) provides that table unless an earlier one did.
    """
    import openpyxl

    found: dict[str, tuple[Path, str]] = {}
    for path in sorted(folder.glob("*.xlsx")):
        if path.stem in names or path.name.startswith("~$"):
            continue
        try:
            workbook = openpyxl.load_workbook(path, read_only=True)
        except Exception:  # a broken stray workbook is not a table; per-table files still load
            continue
        try:
            for sheet in workbook.sheetnames:
                if sheet in names and sheet not in found:
                    found[sheet] = (path, sheet)
        finally:
            workbook.close()
    return found


def _alias_index(spec: TableSpec) -> dict[str, str]:
    index: dict[str, str] = {}
    for column, aliases in spec.columns.items():
        for alias in (*aliases, column):
            index.setdefault(normalise_header(alias), column)
    return index


@dataclass
class TableFile:
    """One table file, read: its header mapping, header problems and its rows in columns.

    ``data`` holds ``_row`` (int32) and every column of the spec (text, None when empty or
    absent from the file); ``typed`` the Excel cells that are numbers, dates or booleans,
    keyed by (column, row).
    """

    path: Path
    spec: TableSpec
    encoding: str | None
    sheet: str | None = None
    columns: dict[int, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    data: pa.Table | None = None
    typed: dict[tuple[str, int], object] = field(default_factory=dict)

    @property
    def file(self) -> str:
        """How problems name the table: the file, plus the sheet when a workbook holds several."""
        return f"{self.path.name} [{self.sheet}]" if self.sheet else self.path.name

    @property
    def usable(self) -> bool:
        """Whether its rows can be checked (the file was read and its header is complete)."""
        return self.data is not None and not any(problem.row in (None, 1) for problem in self.problems)

    @property
    def is_xlsx(self) -> bool:
        return self.path.suffix.lower() == ".xlsx"

    def _map_header(self, header: list[object]) -> list[int]:
        aliases = _alias_index(self.spec)
        for index, value in enumerate(header):
            label, unit = split_unit(cell_text(value).strip("*＊ "))
            column = aliases.get(normalise_header(label))
            if column is None:
                continue
            if column in self.columns.values():
                self._same_meaning(column, cell_text(value), index)
                continue
            self.columns[index] = column
            self.labels[column] = cell_text(value)
            if unit:
                self.units[column] = unit
        return list(self.columns)

    def _same_meaning(self, column: str, label: str, index: int) -> None:
        """Two headers meaning one column: which one is meant cannot be guessed (row 1 problem)."""
        first = next(position for position, name in self.columns.items() if name == column)
        self.problems.append(Problem(
            self.file, 1, label, f"two columns mean {column}: {self.labels[column]!r} (column {_letters(first)}) "
            f"and {label!r} (column {_letters(index)})", "one column per meaning: delete or rename one"))

    def _problem(self, row: int | None, message: str, expected: str) -> None:
        self.problems.append(Problem(self.file, row, None, message, expected))

    def read(self) -> TableFile:
        too_large = file_size_problem(self.path.stat().st_size, max_file_bytes())
        if too_large:
            self._problem(None, *too_large)
            return self
        try:
            if self.is_xlsx:
                raw = read_xlsx(self.path, self._map_header, self.sheet, self.spec.name, self.spec.title_zh)
            else:
                raw, _ = read_csv(self.path, self.encoding, self._map_header)
        except ReadError as exc:
            self.columns.clear()
            if exc.row in (None, 1):
                self._problem(exc.row, f"cannot read the file: {exc}",
                              "a UTF-8, GBK/GB18030 CSV or an .xlsx workbook; or pass --encoding")
            else:
                self._problem(exc.row, f"cannot read the file: {exc}", "one encoding throughout")
            return self
        except (UnicodeDecodeError, LookupError, ValueError) as exc:
            self.columns.clear()
            self._problem(None, f"cannot read the file: {exc}",
                          "a UTF-8, GBK/GB18030 CSV or an .xlsx workbook; or pass --encoding")
            return self
        except Exception as exc:  # openpyxl raises many kinds for a corrupt workbook
            self.columns.clear()
            self._problem(None, f"cannot read the file: {exc}", "a valid .xlsx")
            return self
        if not raw.header or all(cell_text(value) == "" for value in raw.header):
            self._problem(None, "empty file", "a header row naming the columns, then data rows")
            return self
        present = set(self.columns.values())
        for column in self.spec.columns:
            if column in self.spec.required and column not in present:
                aliases_text = " / ".join((column, *self.spec.columns[column]))
                self.problems.append(Problem(self.file, 1, column, "missing required column",
                                             f"a header named {aliases_text}"))
        self.data = self._columns(raw)
        self.problems.extend(scan_cells(self))
        if self.is_xlsx:
            from .xlsxcheck import formula_problems

            self.problems.extend(formula_problems(self))
        return self

    def _columns(self, raw: RawRows) -> pa.Table:
        """The rows with at least one non-empty known cell, every spec column present."""
        by_name = {name: raw.columns[index] for index, name in self.columns.items()}
        self.typed = {(self.columns[index], row): value for (index, row), value in raw.typed.items()
                      if index in self.columns}
        rows = raw.rows if raw.rows is not None else pa.array([], pa.int32())
        table = pa.table({"_row": rows, **{name: by_name.get(name, pa.nulls(len(rows), pa.string()))
                                           for name in self.spec.columns}})
        if by_name and len(rows):
            empty = None
            for values in by_name.values():
                test = pc.is_null(values)
                empty = test if empty is None else pc.and_(empty, test)
            if pc.any(empty).as_py():
                table = table.filter(pc.invert(empty))
        elif not by_name:
            table = table.slice(0, 0)
        return table


def _letters(index: int) -> str:
    """The Excel column letters of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def read_table(path: Path, spec: TableSpec, encoding: str | None = None, sheet: str | None = None) -> TableFile:
    """Read ``path`` (CSV or a workbook sheet) once: header mapping, header problems, columns.

    A missing required column or an empty or unreadable file is a :class:`Problem` with row
    None or 1; such a table's rows are not checked.
    """
    return TableFile(Path(path), spec, encoding, sheet).read()


@dataclass(frozen=True)
class Row:
    """One data row: its Excel row number and its cells keyed by canonical column."""

    number: int
    cells: dict[str, object]

    def text(self, column: str) -> str:
        """The cell as stripped text ('' when absent)."""
        value = self.cells.get(column, "")
        return value if value.__class__ is str else cell_text(value)


class Table(TableFile):
    """A :class:`TableFile` that can be iterated for :class:`Row` objects (small tables, tests)."""

    def __iter__(self) -> Iterator[Row]:
        if self.data is None:
            return
        names = list(dict.fromkeys(self.columns.values()))
        columns = {name: self.data.column(name).to_pylist() for name in names}
        for position, number in enumerate(self.data.column("_row").to_pylist()):
            cells = {name: self.typed.get((name, number), columns[name][position] or "") for name in names}
            yield Row(number, cells)


def open_table(path: Path, spec: TableSpec, encoding: str | None = None, sheet: str | None = None) -> Table:
    """Read ``path`` and map its header to ``spec``'s columns (see :func:`read_table`); iterate it for rows."""
    table = Table(Path(path), spec, encoding, sheet)
    table.read()
    return table
