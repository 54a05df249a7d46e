"""Read a CSV or ``.xlsx`` table as rows of text cells, once, in columns.

CSV goes through pyarrow's reader (every column as text, blank lines kept, so row numbers
stay those Excel shows: header = row 1). A file pyarrow cannot read exactly (a row with
another number of cells than the header, bytes that do not decode) is read again with
Python's ``csv`` module, which numbers rows the same way and locates a decoding error to
its row. ``.xlsx`` is read row by row with openpyxl (ledgers are small).

The result is a :class:`RawRows`: the header as written and one list of cells per row,
each cell stripped of surrounding whitespace (as ``str.strip`` does) and ``None`` when
empty. Excel cells holding a number, date or boolean are kept as Python values in
``typed``, because a money, date or yes/no column reads them differently from text.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from .encoding import detect_encoding

__all__ = ["WHITESPACE", "RawRows", "ReadError", "read_csv", "read_xlsx", "csv_encoding", "cell_text"]

#: The characters ``str.strip`` removes (Unicode whitespace as Python defines it).
WHITESPACE = "".join(char for char in map(chr, range(0x110000)) if char.isspace())

_CHUNK = 1 << 20
_FIELD_LIMIT = (1 << 31) - 1


class ReadError(Exception):
    """The file cannot be read from ``row`` on (None: not at all); ``str(self)`` says why."""

    def __init__(self, message: str, row: int | None = None):
        super().__init__(message)
        self.row = row


@dataclass
class RawRows:
    """The header and the selected columns of a table, one list per column, aligned with ``rows``."""

    header: list[object]
    rows: pa.Array | None = None                      # int32 Excel row numbers
    columns: dict[int, pa.Array | pa.ChunkedArray] = field(default_factory=dict)  # header index -> text cells
    typed: dict[tuple[int, int], object] = field(default_factory=dict)  # (index, row) -> Excel value

    def __len__(self) -> int:
        return 0 if self.rows is None else len(self.rows)


def cell_text(value: object) -> str:
    """A cell as text: ``None`` -> '', whole floats without ``.0``, dates as ISO."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


# --- encodings ---------------------------------------------------------------------------

def _utf8(data: bytes) -> bool:
    try:
        pa.array([data], pa.binary()).cast(pa.string())
    except pa.ArrowInvalid:
        return False
    return True


def _valid_utf8(path: Path) -> bool:
    """Whether the whole file is UTF-8, checked in C by pyarrow chunk by chunk (cut at newlines,
    which never fall inside a multibyte character)."""
    with path.open("rb") as handle:
        rest = b""
        while chunk := handle.read(64 * _CHUNK):
            data = rest + chunk
            cut = data.rfind(b"\n") + 1
            if not _utf8(data[:cut]):
                return False
            rest = data[cut:]
        return _utf8(rest)


def csv_encoding(path: Path, encoding: str | None = None) -> str:
    """The codec a CSV is read with: ``encoding`` if given (UTF-8 always dropping a BOM), else
    UTF-8 with BOM, UTF-8, GB18030, then charset-normalizer's guess."""
    if encoding:
        name = codecs.lookup(encoding).name
        return "utf-8-sig" if name == "utf-8" else name
    with path.open("rb") as handle:
        head = handle.read(3)
    if head.startswith(codecs.BOM_UTF8) or _valid_utf8(path):
        return "utf-8-sig"
    decoder = codecs.getincrementaldecoder("gb18030")()
    with path.open("rb") as handle:
        try:
            while chunk := handle.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            return "gb18030"
        except UnicodeDecodeError:
            pass
        handle.seek(0)
        try:
            name = codecs.lookup(detect_encoding(handle.read())).name
        except ValueError:  # the detector has no guess either
            name = "unknown"
    if not name.startswith(_DETECTED_OK):
        # neither UTF-8 nor GB18030 throughout: a file of mixed encodings (or a binary file),
        # not Latin-1 or Cyrillic text; say where UTF-8 reading fails instead of guessing
        found = _first_bad_byte(path, "utf-8")
        if found is not None:
            offset, message = found
            raise ReadError(f"neither UTF-8 nor GBK/GB18030 throughout ({message})",
                            _row_at(path, "utf-8", offset))
    return "utf-8-sig" if name == "utf-8" else name


#: Encodings a detector may choose for a table that is neither UTF-8 nor GB18030: UTF-16/32
#: (Excel's "Unicode text") and the Traditional Chinese, Japanese and Korean codecs.
_DETECTED_OK = ("utf-8", "utf_8", "utf-16", "utf_16", "utf-32", "utf_32", "big5", "cp950", "shift_jis", "cp932",
                "euc_jp", "euc_kr", "cp949")


# --- CSV ---------------------------------------------------------------------------------

def _decode_message(exc: UnicodeDecodeError, position: int) -> str:
    """``str(exc)`` with the position counted from the start of the file."""
    bad = exc.object[exc.start:exc.end]
    if len(bad) == 1:
        return f"'{exc.encoding}' codec can't decode byte 0x{bad[0]:02x} in position {position}: {exc.reason}"
    return f"'{exc.encoding}' codec can't decode bytes in position {position}-{position + len(bad) - 1}: {exc.reason}"


def _first_bad_byte(path: Path, encoding: str) -> tuple[int, str] | None:
    """File offset of the first byte that does not decode, and the message saying so."""
    decoder = codecs.getincrementaldecoder(encoding)()
    offset = 0
    with path.open("rb") as handle:
        while True:
            chunk = handle.read(_CHUNK)
            try:
                pending = len(decoder.getstate()[0])
            except (AttributeError, TypeError):
                pending = 0
            try:
                decoder.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                position = max(offset - pending + exc.start, 0)
                return position, _decode_message(exc, position)
            if not chunk:
                return None
            offset += len(chunk)


class _Prefix(io.RawIOBase):
    """The first ``limit`` bytes of a binary file."""

    def __init__(self, handle, limit: int):
        self.handle, self.left = handle, limit

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left <= 0:
            return 0
        data = self.handle.read(min(len(buffer), self.left))
        buffer[: len(data)] = data
        self.left -= len(data)
        return len(data)


def _with_sentinel(lines: Iterator[str]) -> Iterator[str]:
    """The lines, then one character standing for the byte that does not decode: it goes on
    with a partial last record, or starts a record (or continues a quoted cell)."""
    last = None
    for line in lines:
        if last is not None:
            yield last
        last = line
    if last is not None and not last.endswith(("\n", "\r")):
        yield last + "x"
        return
    if last is not None:
        yield last
    yield "x"


def _row_at(path: Path, encoding: str, offset: int) -> int:
    """The Excel row of the record holding byte ``offset`` (records as ``csv`` reads them)."""
    with path.open("rb") as handle:
        text = io.TextIOWrapper(io.BufferedReader(_Prefix(handle, offset)), encoding=encoding,
                                errors="replace", newline="")
        count = 0
        try:
            for count, _ in enumerate(csv.reader(_with_sentinel(text)), start=1):  # noqa: B007
                pass
        except csv.Error:
            count += 1
    return max(count, 1)


def _python_records(path: Path, encoding: str) -> Iterator[list[str]]:
    """Records of the file by Python's ``csv``; a decoding error raises :class:`ReadError` with its row.

    ``csv``'s own field limit (128 KiB, a bare ``csv.Error``) is lifted: a long cell is one
    problem with its row and column (:mod:`.cellscan`), not a parser error.
    """
    if csv.field_size_limit() < _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)
    try:
        with path.open("r", encoding=encoding, errors="strict", newline="") as handle:
            number = 0
            for number, record in enumerate(csv.reader(handle), start=1):  # noqa: B007
                yield record
    except UnicodeDecodeError as exc:
        found = _first_bad_byte(path, encoding)
        if found is None:
            raise ReadError(str(exc)) from None
        offset, message = found
        raise ReadError(message, _row_at(path, encoding, offset)) from None
    except csv.Error as exc:
        raise ReadError(str(exc), number + 1) from None


def _header(path: Path, encoding: str) -> list[str]:
    """The first record (row 1), decoded and parsed as the rest of the file will be."""
    records = _python_records(path, encoding)
    try:
        return next(records, [])
    finally:
        records.close()


def _byte_table(values: bytes):
    import numpy as np

    table = np.zeros(256, bool)
    table[list(values)] = True
    return table


# First and last bytes of the UTF-8 forms of the characters str.strip removes (a superset test).
_SPACE_FIRST = _byte_table({char.encode("utf-8")[0] for char in WHITESPACE})
_SPACE_LAST = _byte_table({char.encode("utf-8")[-1] for char in WHITESPACE})


def _may_need_strip(chunk: pa.Array) -> bool:
    """Whether any cell of a string chunk may start or end with whitespace (checked on raw bytes)."""
    import numpy as np

    if len(chunk) == 0 or chunk.buffers()[2] is None:
        return False
    offsets = np.frombuffer(chunk.buffers()[1], np.int32, count=len(chunk) + 1, offset=chunk.offset * 4)
    data = np.frombuffer(chunk.buffers()[2], np.uint8)
    starts, ends = offsets[:-1], offsets[1:]
    filled = ends > starts
    return bool(_SPACE_FIRST[data[starts[filled]]].any() or _SPACE_LAST[data[ends[filled] - 1]].any())


def _nulls_for_empty(chunk: pa.Array) -> pa.Array:
    """The chunk with its empty cells made null, sharing the text buffers."""
    keep = pc.not_equal(chunk, "")
    if chunk.null_count:
        keep = pc.and_kleene(keep, pc.is_valid(chunk))
    if len(chunk) == 0 or pc.all(keep).as_py():
        return chunk
    if chunk.offset or keep.offset:
        return pc.if_else(keep, chunk, pa.scalar(None, pa.string()))
    buffers = chunk.buffers()
    return pa.Array.from_buffers(pa.string(), len(chunk), [keep.buffers()[1], buffers[1], buffers[2]])


def _strip_column(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """Cells stripped as ``str.strip`` strips (Arrow's whitespace is Python's), '' -> None."""
    chunks = []
    for chunk in values.chunks:
        if _may_need_strip(chunk):
            chunk = pc.utf8_trim_whitespace(chunk)
        chunks.append(_nulls_for_empty(chunk))
    return pa.chunked_array(chunks, pa.string())


def _pyarrow_rows(path: Path, encoding: str, width: int, wanted: list[int]) -> RawRows | None:
    """The columns ``wanted`` by pyarrow; None when pyarrow cannot read this file exactly.

    Every column is converted (and so checked as UTF-8) when the encoding was not verified
    beforehand, so a file that is not UTF-8 throughout is never taken for UTF-8.
    """
    names = [f"c{index}" for index in range(width)]
    read = pacsv.ReadOptions(column_names=names, block_size=8 * _CHUNK,
                             encoding="utf8" if encoding == "utf-8-sig" else encoding)
    parse = pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False)
    convert = pacsv.ConvertOptions(column_types={name: pa.string() for name in names},
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    try:
        table = pacsv.read_csv(path, read_options=read, parse_options=parse, convert_options=convert)
    except (pa.ArrowInvalid, UnicodeError, LookupError, ValueError):
        return None
    import numpy as np

    table = table.slice(1)  # row 1 is the header
    raw = RawRows([], pa.array(np.arange(2, table.num_rows + 2, dtype=np.int32)))
    for index in wanted:
        raw.columns[index] = _strip_column(table.column(f"c{index}"))
    return raw


def _python_rows(path: Path, encoding: str, wanted: list[int]) -> RawRows:
    records = _python_records(path, encoding)
    next(records, None)
    numbers: list[int] = []
    cells: dict[int, list[str | None]] = {index: [] for index in wanted}
    for number, record in enumerate(records, start=2):
        numbers.append(number)
        width = len(record)
        for index, column in cells.items():
            value = record[index].strip() if index < width else ""
            column.append(value or None)
    raw = RawRows([], pa.array(numbers, pa.int32()))
    raw.columns = {index: pa.array(values, pa.string()) for index, values in cells.items()}
    return raw


def read_csv(path: Path, encoding: str | None, select) -> tuple[RawRows, str]:
    """Read a CSV whose header ``select(header) -> [column indexes]`` picks the columns to keep.

    ``encoding`` None detects it (:func:`csv_encoding`); UTF-8 is checked by pyarrow's own
    reading, and only a file that fails it is decoded again to find its encoding. Returns the
    rows and the encoding used; raises :class:`ReadError` when the file cannot be decoded or parsed.
    """
    name = None
    if encoding is None:
        with path.open("rb") as handle:
            head = handle.read(_CHUNK)
        try:
            head.decode("utf-8") if len(head) < _CHUNK else codecs.getincrementaldecoder("utf-8")().decode(head)
        except UnicodeDecodeError:
            name = csv_encoding(path)
        else:
            name = "utf-8-sig"
        verified = name != "utf-8-sig"
    else:
        name, verified = csv_encoding(path, encoding), True
    header = _header(path, name)
    wanted = select(header)
    raw = None
    plain = name == "utf-8-sig" or not (header and header[0].startswith("\ufeff"))
    if header and plain:
        raw = _pyarrow_rows(path, name, len(header), wanted)
        if raw is None and not verified:
            detected = csv_encoding(path)
            if detected != name:
                return read_csv(path, detected, select)
    if raw is None:
        raw = _python_rows(path, name, wanted)
    raw.header = list(header)
    return raw, name


# --- xlsx --------------------------------------------------------------------------------

_NOT_TABLE_SHEETS = ("readme", "说明", "lists")


def pick_sheet(names: list[str], sheet: str | None, table: str | None, title_zh: str | None) -> str:
    """The named sheet; else one named after the table (English or Chinese); else the first data sheet."""
    if sheet:
        return sheet
    for candidate in (table, title_zh):
        if candidate and candidate in names:
            return candidate
    return next((name for name in names if name.lower() not in _NOT_TABLE_SHEETS), names[0])


def xlsx_records(path: Path, sheet: str | None = None, table: str | None = None,
                 title_zh: str | None = None) -> Iterator[list[object]]:
    """Rows of a workbook sheet as lists of cell values (row 1 first)."""
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        worksheet = workbook[pick_sheet(workbook.sheetnames, sheet, table, title_zh)]
        for values in worksheet.iter_rows(values_only=True):
            yield list(values)
    finally:
        workbook.close()


def read_xlsx(path: Path, select, sheet: str | None = None, table: str | None = None,
              title_zh: str | None = None) -> RawRows:
    """Read a sheet; cells holding numbers, dates or booleans are also kept in ``typed``."""
    records = xlsx_records(path, sheet, table, title_zh)
    header = next(records, None) or []
    wanted = select(header)
    numbers: list[int] = []
    cells: dict[int, list[str | None]] = {index: [] for index in wanted}
    typed: dict[tuple[int, int], object] = {}
    for number, record in enumerate(records, start=2):
        numbers.append(number)
        width = len(record)
        for index, column in cells.items():
            value = record[index] if index < width else None
            if value is None:
                column.append(None)
            elif value.__class__ is str:
                column.append(value.strip() or None)
            else:
                text = cell_text(value)
                column.append(text or None)
                typed[(index, number)] = value
    raw = RawRows(list(header), pa.array(numbers, pa.int32()), typed=typed)
    raw.columns = {index: pa.array(values, pa.string()) for index, values in cells.items()}
    return raw
