"""Read a dataset folder into its tables of record: every file once, every check, all problems.

``read_dataset`` reads ``dataset.yaml`` and ``chains.yaml``, reads each table file once in
columns (:mod:`.tables`), runs the checks in DuckDB (:mod:`.checks`) and fills the tables of
``sql/tables.sql`` in the connection it is given. ``load_dataset`` does the same in an
in-memory DuckDB held by the returned :class:`Dataset`, and raises :class:`DataError` listing
every problem; ``validate_dataset`` returns the problems.
"""

from __future__ import annotations

import codecs
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import yaml

from .booleans import parse_bool
from .chains import ChainFile, chains_from_document, read_chains
from .checks import Checks
from .dates import parse_date
from .encoding import decode_text
from .errors import DataError, Problem
from .files import encoding_mismatch, folder_problems
from .integrity import integrity_problems
from .limits import DATASET_ID_RE
from .money import parse_decimal
from .schemas import TABLES as SPECS
from .sheets import chains_document, find_sheets, located, settings_from_sheet
from .tables import TableFile, find_table_file, find_workbook_sheets, read_table
from .tables_of_record import TABLES, create_tables, write_header_tables
from .yamlfile import DuplicateKeyError, load_yaml

__all__ = ["Dataset", "LoadedDataset", "load_dataset", "validate_dataset", "read_dataset"]


@dataclass(eq=False)
class Dataset:
    """A dataset folder as read: its settings, chain file, and its tables of record in ``con``."""

    path: Path
    id: str
    name: str
    region: str | None
    as_of: dt.date | None
    currency_rates: dict[str, Decimal]
    encoding: str | None
    chains: ChainFile
    con: duckdb.DuckDBPyConnection
    illustrative: bool = False
    source: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    assignment_counts: Counter = field(default_factory=Counter)

    def table(self, name: str) -> list[dict[str, Any]]:
        """The rows of one table of record, in order, as dicts (for tests and small tables)."""
        if name not in TABLES:
            raise KeyError(f"no table of record {name!r} (known: {', '.join(TABLES)})")
        cursor = self.con.execute(f'SELECT * FROM "{name}" WHERE dataset = ? ORDER BY rowid', [self.id])
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]


#: The name other layers know the validated dataset by.
LoadedDataset = Dataset


def _read_settings(folder: Path, problems: list[Problem]) -> dict:
    path = folder / "dataset.yaml"
    if not path.is_file():
        found = find_sheets(folder).get("dataset")
        if found is not None:  # a filled-in template's 数据集 sheet instead of the YAML file
            return settings_from_sheet(*found)
        problems.append(Problem("dataset.yaml", None, None, "missing file",
                                "dataset.yaml with id, name, region (or a 数据集 sheet in a workbook)"))
        return {}
    try:
        settings = load_yaml(decode_text(path.read_bytes()))
    except DuplicateKeyError as exc:
        problems.append(Problem("dataset.yaml", exc.again, exc.path, f"key {exc.path!r} written twice "
                                f"(first at line {exc.line})", "each key once (the last would silently win)"))
        return {}
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        problems.append(Problem("dataset.yaml", None, None, f"cannot read: {exc}", "YAML in UTF-8 (or GBK)"))
        return {}
    if settings and not isinstance(settings, dict):
        problems.append(Problem("dataset.yaml", 1, None, f"the settings must be a mapping, not a {_kind(settings)}",
                                "id:, name:, region:, as_of:, currency: at the top"))
        return {}
    if not isinstance(settings, dict) or not settings:
        problems.append(Problem("dataset.yaml", None, None, "empty file", "id:, name:, region:, as_of:, currency:"))
        return {}
    return settings


def _settings(folder: Path, problems: list[Problem]) -> dict[str, Any]:
    """The checked values of ``dataset.yaml`` (problems appended as found)."""
    settings = _read_settings(folder, problems)
    dataset_id = str(settings.get("id") or "").strip()
    if isinstance(settings.get("id"), (dict, list)):
        problems.append(Problem("dataset.yaml", None, "id", "the dataset id must be a plain value", "id: zhenjiang"))
        dataset_id = ""
    elif settings and not dataset_id:
        problems.append(Problem("dataset.yaml", None, "id", "missing dataset id", "id: a short name such as zhenjiang"))
    elif dataset_id.startswith("_"):
        problems.append(Problem("dataset.yaml", None, "id", f"dataset id {dataset_id!r} starts with '_', which is "
                                "reserved for chaingap's own data", _ID_EXPECTED))
        dataset_id = ""
    elif dataset_id and not DATASET_ID_RE.match(dataset_id):
        problems.append(Problem("dataset.yaml", None, "id", f"dataset id {dataset_id!r} is not a plain short name",
                                _ID_EXPECTED))
        dataset_id = ""
    as_of = None
    if settings.get("as_of") not in (None, ""):
        try:
            as_of = parse_date(settings["as_of"])
        except ValueError as exc:
            problems.append(Problem("dataset.yaml", None, "as_of", str(exc), "a date such as 2024-06-30"))
    currency = settings.get("currency") or {}
    rates: dict[str, Decimal] = {}
    if not isinstance(currency, dict):
        problems.append(Problem("dataset.yaml", None, "currency", "currency must be a mapping", "unit: 万元, rates: {USD: 7.1}"))
        currency = {}
    if str(currency.get("unit") or "万元").strip() != "万元":
        problems.append(Problem("dataset.yaml", None, "currency.unit", f"unsupported unit {currency.get('unit')!r}", "万元"))
    rate_table = currency.get("rates") or {}
    if not isinstance(rate_table, dict):
        problems.append(Problem("dataset.yaml", None, "currency.rates", "rates must be a mapping", "rates: {USD: 7.1, EUR: 7.8}"))
        rate_table = {}
    for code, rate in rate_table.items():
        try:
            rates[str(code).upper()] = parse_decimal(rate)
        except ValueError:
            problems.append(Problem("dataset.yaml", None, f"currency.rates.{code}", f"not a number: {rate!r}", "CNY per unit, e.g. 7.1"))
            continue
        if not _MIN_RATE <= rates[str(code).upper()] <= _MAX_RATE:
            del rates[str(code).upper()]
            problems.append(Problem("dataset.yaml", None, f"currency.rates.{code}", f"not a usable rate: {rate!r}",
                                    "CNY per unit, a number from 0.000001 to 1000000, e.g. 7.1"))
    try:
        illustrative = parse_bool(settings.get("illustrative"))
    except ValueError:
        illustrative = False
    return {"id": dataset_id, "name": str(settings.get("name") or dataset_id),
            "region": str(settings.get("region") or "").strip() or None, "as_of": as_of, "currency_rates": rates,
            "illustrative": illustrative, "source": str(settings.get("source") or "")}


def _table_files(folder: Path, encoding: str | None) -> dict[str, TableFile]:
    """Every table present in the folder (a file of its own, else a sheet of a combined workbook), read."""
    sheets = find_workbook_sheets(folder, list(SPECS))
    tables: dict[str, TableFile] = {}
    for name, spec in SPECS.items():
        path, sheet = find_table_file(folder, name), None
        if path is None and name in sheets:
            path, sheet = sheets[name]
        if path is not None:
            tables[name] = read_table(path, spec, encoding, sheet)
    return tables


def read_dataset(path: str | Path, con: duckdb.DuckDBPyConnection, encoding: str | None = None,
                 version: int = 0) -> tuple[Dataset | None, list[Problem]]:
    """Read and check a dataset folder into the tables of record in ``con``'s current database.

    Returns the dataset (None when the folder is unusable) and every problem. The tables are
    created with :func:`~chaingap.loaders.tables_of_record.create_tables`; when there are
    problems their content means nothing (the caller discards the database).
    """
    folder = Path(path)
    if not folder.is_dir():
        return None, [Problem(str(folder), None, None, "not a folder", "a dataset folder holding dataset.yaml")]
    early = folder_problems(folder, list(SPECS)) + _encoding_problems(encoding)
    if early:  # root causes: nothing else of the folder is read
        return None, early
    problems: list[Problem] = []
    values = _settings(folder, problems)
    chains_path = folder / "chains.yaml"
    sheets = find_sheets(folder) if not chains_path.is_file() else {}
    if not chains_path.is_file() and "chains" in sheets:  # a filled-in template's 产业链/环节/上下游 sheets
        path, sheet = sheets["chains"]
        chains = chains_from_document(chains_document(sheets), f"{path.name}:{sheet}")
        chains.problems = located(chains.problems, sheets)
        problems.extend(chains.problems)
    elif not chains_path.is_file():
        problems.append(Problem("chains.yaml", None, None, "missing file",
                                "chains.yaml with clusters, chains and links (or 产业链, 环节 and 上下游 sheets)"))
        chains = ChainFile()
    else:
        chains = read_chains(chains_path)
        problems.extend(chains.problems)
    dataset = Dataset(folder, encoding=encoding, chains=chains, con=con, **values)
    tables = _table_files(folder, encoding)
    for table in tables.values():
        problems.extend(encoding_mismatch(table, encoding) or table.problems)
    create_tables(con)
    unreadable = {table.file for table in tables.values() if table.data is None}
    if not chains.links:
        unreadable.add("chains.yaml")
    roots = [problem for problem in problems if _root_cause(problem) or problem.file in unreadable]
    if roots:
        # a file-level problem (settings, chains, an unreadable table or header): the row checks
        # would only repeat it thousands of times (every link, rate or district unknown)
        write_header_tables(dataset, con, version)
        return dataset, roots
    checks = Checks(con, dataset.id, chains, dataset.currency_rates, tables, dataset.region)
    try:
        checks.check()
    finally:
        checks.close()
    problems.extend(checks.problems)
    labels = {table.file: table.labels for table in tables.values()}
    problems.extend(integrity_problems(con, dataset.id, dataset.as_of, labels))
    dataset.warnings, dataset.counts = checks.warnings, checks.counts
    dataset.assignment_counts = checks.assignment_counts
    write_header_tables(dataset, con, version)
    return dataset, problems


def _root_cause(problem: Problem) -> bool:
    """Whether a problem is about a whole file: settings, chains, or a table's file or header."""
    if problem.file == "dataset.yaml":  # unreadable, or the id or a rate every amount depends on
        return problem.column is None or problem.column.startswith(("id", "currency"))
    if problem.file == "chains.yaml":  # only when it defines no link at all (see read_dataset)
        return False
    return problem.row in (None, 1)


def _encoding_problems(encoding: str | None) -> list[Problem]:
    if not encoding:
        return []
    try:
        codecs.lookup(encoding)
    except LookupError:
        return [Problem("--encoding", None, None, f"unknown encoding {encoding!r}", "e.g. utf-8, gbk, gb18030, big5")]
    return []


def _kind(value: object) -> str:
    return {list: "list", str: "text"}.get(type(value), type(value).__name__)


#: The rates a currency may have (CNY per unit): above 0, and within what the tables hold exactly.
_MIN_RATE, _MAX_RATE = Decimal("0.000001"), Decimal(1_000_000)
_ID_EXPECTED = "lower-case letters, digits, '-' and '_', starting with a letter or digit, e.g. zhenjiang"


def validate_dataset(path: str | Path, encoding: str | None = None) -> list[Problem]:
    """Every problem in the dataset folder (empty list = it loads)."""
    con = duckdb.connect()
    try:
        return read_dataset(path, con, encoding)[1]
    finally:
        con.close()


def load_dataset(path: str | Path, encoding: str | None = None) -> Dataset:
    """The validated dataset, its tables in an in-memory DuckDB (``dataset.con``).

    Raises :class:`DataError` listing every problem when the folder is invalid.
    """
    con = duckdb.connect()
    dataset, problems = read_dataset(path, con, encoding)
    if problems or dataset is None:
        con.close()
        raise DataError(problems)
    return dataset
