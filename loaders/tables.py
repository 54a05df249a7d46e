"""Read one table (CSV in any common encoding, or .xlsx) as rows of canonical columns.

Rows are streamed, not held: a national candidate pool may have a million rows.
Row numbers are those a user sees in Excel (header = row 1).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .encoding import detect_encoding
from .errors import Problem
from .names import normalise_header
from .schemas import TableSpec

__all__ = ["Row", "Table", "open_table", "find_table_file", "find_workbook_sheets", "cell_text", "split_list", "TABLE_SUFFIXES"]

TABLE_SUFFIXES = (".csv", ".xlsx")
_UNIT_SUFFIX = re.compile(r"^(.*?)\s*[(（\[【]\s*([^)）\]】]*)\s*[)）\]】]\s*$")
_LIST_SEPARATORS = re.compile(r"[;；、]")


@dataclass(frozen=True)
class Row:
    """One data row: its Excel row number and its cells keyed by canonical column."""

    number: int
    cells: dict[str, object]

    def text(self, column: str) -> str:
        """The cell as stripped text ('' when absent)."""
        value = self.cells.get(column, "")
        return value if value.__class__ is str else cell_text(value)


@dataclass
class Table:
    """A table opened for reading; iterate it for rows (it can be iterated again)."""

    path: Path
    spec: TableSpec
    encoding: str | None
    sheet: str | None = None
    columns: dict[int, str] = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def file(self) -> str:
        """How problems name the table: the file, plus the sheet when a workbook holds several."""
        return f"{self.path.name} [{self.sheet}]" if self.sheet else self.path.name

    def __iter__(self) -> Iterator[Row]:
        if self.problems and any(p.row is None for p in self.problems):
            return
        raw_rows = _raw_rows(self.path, self.encoding, self.sheet, self.spec)
        next(raw_rows, None)
        columns = list(self.columns.items())
        full_width = max(self.columns, default=-1) + 1
        clean = _clean if self.path.suffix.lower() == ".xlsx" else str.strip  # CSV cells are str
        for number, values in enumerate(raw_rows, start=2):
            if len(values) >= full_width:
                cells = {name: clean(values[index]) for index, name in columns}
            else:
                cells = {name: clean(values[index]) for index, name in columns if index < len(values)}
            if any(value != "" for value in cells.values()):
                yield Row(number, cells)


def _clean(value: object) -> object:
    """Strings stripped, empty cells '', other cell values (numbers, dates) kept as they are."""
    if value.__class__ is str:
        return value.strip()
    if value is None:
        return ""
    return value


def cell_text(value: object) -> str:
    """A cell as text: ``None`` -> '', whole floats without ``.0``, dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def split_list(value: object) -> list[str]:
    """Items of a list cell separated by ``;``, ``；`` or ``、`` (empty items dropped)."""
    return [item.strip() for item in _LIST_SEPARATORS.split(cell_text(value)) if item.strip()]


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


def _stream_encoding(path: Path) -> str:
    """Detect a CSV's encoding by decoding it incrementally (no whole-file copy in memory)."""
    with path.open("rb") as handle:
        head = handle.read(1 << 16)
        if head.startswith(codecs.BOM_UTF8):
            return "utf-8-sig"
        for name in ("utf-8", "gb18030"):
            handle.seek(0)
            decoder = codecs.getincrementaldecoder(name)()
            try:
                while chunk := handle.read(1 << 20):
                    decoder.decode(chunk)
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                continue
            return name
        handle.seek(0)
        return detect_encoding(handle.read())


def _raw_rows(path: Path, encoding: str | None, sheet: str | None = None,
              spec: TableSpec | None = None) -> Iterator[list[object]]:
    if path.suffix.lower() == ".xlsx":
        yield from _xlsx_rows(path, sheet, spec)
        return
    name = encoding or _stream_encoding(path)
    if codecs.lookup(name).name == "utf-8":
        name = "utf-8-sig"
    with path.open("r", encoding=name, errors="strict", newline="") as handle:
        yield from csv.reader(handle)


_NOT_TABLE_SHEETS = ("readme", "说明", "lists")


def _pick_sheet(names: list[str], sheet: str | None, spec: TableSpec | None) -> str:
    """The named sheet; else one named after the table (English or Chinese); else the first data sheet."""
    if sheet:
        return sheet
    if spec is not None:
        for candidate in (spec.name, spec.title_zh):
            if candidate in names:
                return candidate
    return next((name for name in names if name.lower() not in _NOT_TABLE_SHEETS), names[0])


def _xlsx_rows(path: Path, sheet_name: str | None = None, spec: TableSpec | None = None) -> Iterator[list[object]]:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook[_pick_sheet(workbook.sheetnames, sheet_name, spec)]
        for values in sheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def split_unit(header: str) -> tuple[str, str | None]:
    """``营业收入(万元)`` -> (``营业收入``, ``万元``); headers without a unit give None."""
    match = _UNIT_SUFFIX.match(header.strip())
    if match and match.group(1):
        return match.group(1), match.group(2).strip() or None
    return header.strip(), None


def _alias_index(spec: TableSpec) -> dict[str, str]:
    index: dict[str, str] = {}
    for column, aliases in spec.columns.items():
        for alias in (*aliases, column):
            index.setdefault(normalise_header(alias), column)
    return index


def open_table(path: Path, spec: TableSpec, encoding: str | None = None, sheet: str | None = None) -> Table:
    """Open ``path`` and map its header to ``spec``'s columns, recording header problems.

    Unknown headers are ignored (registry exports carry many); a missing required column
    or an empty file is a :class:`Problem` with row None.
    """
    table = Table(Path(path), spec, encoding, sheet)
    try:
        header = next(_raw_rows(table.path, encoding, sheet, spec), None)
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        table.problems.append(Problem(table.file, None, None, f"cannot read the file: {exc}",
                                      "a UTF-8, GBK/GB18030 CSV or an .xlsx workbook; or pass --encoding"))
        return table
    except Exception as exc:  # openpyxl raises many kinds for a corrupt workbook
        table.problems.append(Problem(table.file, None, None, f"cannot read the file: {exc}", "a valid .xlsx"))
        return table
    if not header or all(cell_text(value) == "" for value in header):
        table.problems.append(Problem(table.file, None, None, "empty file",
                                      "a header row naming the columns, then data rows"))
        return table
    aliases = _alias_index(spec)
    for index, value in enumerate(header):
        label, unit = split_unit(cell_text(value).strip("*＊ "))
        column = aliases.get(normalise_header(label))
        if column is None or column in table.columns.values():
            continue
        table.columns[index] = column
        table.labels[column] = cell_text(value)
        if unit:
            table.units[column] = unit
    present = set(table.columns.values())
    for column in spec.columns:
        if column in spec.required and column not in present:
            aliases_text = " / ".join((column, *spec.columns[column]))
            table.problems.append(Problem(table.file, 1, column, "missing required column",
                                          f"a header named {aliases_text}"))
    return table
