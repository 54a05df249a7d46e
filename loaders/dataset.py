"""Load a dataset folder: validate every file, then map it to quads in its named graph.

Validation reads everything first and reports all problems at once; mapping re-reads the
two enterprise tables as a stream, so a million-row candidate pool never sits in memory as
row objects.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO

import pyoxigraph as ox
import yaml

from chaingap.ontology.terms import graph_iri

from .chains import ChainFile, read_chains
from .checks import check_districts, check_enterprises, check_projects, check_small_tables
from .dates import parse_date
from .encoding import decode_text
from .entities import Assignment, DistrictRecord, ProjectRecord
from .errors import DataError, Problem
from .money import MoneyParser, parse_decimal
from .names import normalise_name
from .records import Cells, EnterpriseRecord, LinkMatcher, parse_enterprise
from .schemas import TABLES
from .tables import Table, find_table_file, find_workbook_sheets, open_table

__all__ = ["LoadedDataset", "Assignment", "load_dataset", "validate_dataset", "read_dataset"]


@dataclass
class LoadedDataset:
    """A validated dataset folder. ``quads()`` maps it to RDF in the dataset's named graph."""

    path: Path
    id: str
    name: str
    region: str | None
    as_of: dt.date | None
    currency_rates: dict[str, Decimal]
    encoding: str | None
    chains: ChainFile
    illustrative: bool = False
    source: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    districts: dict[str, DistrictRecord] = field(default_factory=dict)
    projects: dict[str, ProjectRecord] = field(default_factory=dict)
    products: list[dict] = field(default_factory=list)
    supply: list[tuple[str, str, str | None]] = field(default_factory=list)
    bases: list[dict] = field(default_factory=list)
    benchmarks: list[dict] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    enterprise_ids: set[str] = field(default_factory=set)
    credit_index: dict[str, str] = field(default_factory=dict)
    name_index: dict[str, list[str]] = field(default_factory=dict)
    stamps: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def money_parser(self) -> MoneyParser:
        parser = self.__dict__.get("_money_parser")
        if parser is None:
            parser = self.__dict__["_money_parser"] = MoneyParser(self.currency_rates)
        return parser

    @property
    def graph_iri(self) -> str:
        return graph_iri(self.id)

    @property
    def assignment_counts(self) -> Counter:
        """Number of enterprise rows per assignment method (None = no link found)."""
        return Counter(assignment.method for assignment in self.assignments)

    def district_lookup(self) -> dict[str, str]:
        """District ids and normalised district names -> district id."""
        lookup = {normalise_name(d.name): d.id for d in self.districts.values()}
        lookup.update({d.id: d.id for d in self.districts.values()})
        return lookup

    def resolve_enterprise(self, text: str) -> list[str]:
        """Enterprise ids that ``text`` (an id, credit code or name) refers to."""
        if text in self.enterprise_ids:
            return [text]
        from .creditcode import normalise_credit_code

        code = self.credit_index.get(normalise_credit_code(text))
        if code:
            return [code]
        return list(self.name_index.get(normalise_name(text), []))

    def enterprise_records(self) -> Iterator[EnterpriseRecord]:
        """The enterprise and pool rows again, parsed (the files were validated on load)."""
        matcher = LinkMatcher(self.chains)
        lookup = self.district_lookup()
        money = MoneyParser(self.currency_rates)
        for table_name, is_local in (("enterprises", True), ("pool", False)):
            table = self.tables.get(table_name)
            if table is None:
                continue
            if _stamp(table.path) != self.stamps.get(table_name):
                raise DataError([Problem(table.file, None, None, "the file changed after it was validated",
                                         "load the dataset again")])
            scratch: list[Problem] = []
            for row in table:
                cells = Cells(row, table.file, scratch, table.units, money)
                record = parse_enterprise(cells, is_local, matcher, lookup)
                scratch.clear()
                if record is not None and record.links:
                    record.file = table.file
                    yield record

    def quads(self) -> Iterator[ox.Quad]:
        """Every quad of the dataset, in its named graph, in a stable order (see :mod:`.rdf`)."""
        from .rdf import dataset_quads

        return dataset_quads(self)

    def write_nquads(self, stream: IO[bytes]) -> int:
        """Write the same quads as N-Quads (for pyoxigraph's bulk loader); returns the count."""
        from .rdf import write_nquads

        return write_nquads(self, stream)

    def nquads_bytes(self) -> bytes:
        """All N-Quads in memory: convenient for small datasets and tests (prefer ``write_nquads``)."""
        import io

        buffer = io.BytesIO()
        self.write_nquads(buffer)
        return buffer.getvalue()


def _stamp(path: Path) -> tuple[int, int]:
    """Size and modification time: the enterprise tables are re-read for mapping, so a file
    edited between validation and mapping must not slip in unvalidated."""
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def _read_settings(folder: Path, problems: list[Problem]) -> dict:
    path = folder / "dataset.yaml"
    if not path.is_file():
        problems.append(Problem("dataset.yaml", None, None, "missing file", "dataset.yaml with id, name, region"))
        return {}
    try:
        settings = yaml.safe_load(decode_text(path.read_bytes()))
    except (yaml.YAMLError, UnicodeDecodeError, ValueError) as exc:
        problems.append(Problem("dataset.yaml", None, None, f"cannot read: {exc}", "YAML in UTF-8 (or GBK)"))
        return {}
    if not isinstance(settings, dict) or not settings:
        problems.append(Problem("dataset.yaml", None, None, "empty file", "id:, name:, region:, as_of:, currency:"))
        return {}
    return settings


def read_dataset(path: str | Path, encoding: str | None = None) -> tuple[LoadedDataset | None, list[Problem]]:
    """Read and check a dataset folder; returns the dataset (None if unusable) and every problem."""
    folder = Path(path)
    problems: list[Problem] = []
    if not folder.is_dir():
        return None, [Problem(str(folder), None, None, "not a folder", "a dataset folder holding dataset.yaml")]
    settings = _read_settings(folder, problems)
    dataset_id = str(settings.get("id") or "").strip()
    if isinstance(settings.get("id"), (dict, list)):
        problems.append(Problem("dataset.yaml", None, "id", "the dataset id must be a plain value", "id: zhenjiang"))
        dataset_id = ""
    elif settings and not dataset_id:
        problems.append(Problem("dataset.yaml", None, "id", "missing dataset id", "id: a short name such as zhenjiang"))
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
    chains_path = folder / "chains.yaml"
    if not chains_path.is_file():
        problems.append(Problem("chains.yaml", None, None, "missing file", "chains.yaml with clusters, chains and links"))
        chains = ChainFile()
    else:
        chains = read_chains(chains_path)
        problems.extend(chains.problems)
    from .booleans import parse_bool

    try:
        illustrative = parse_bool(settings.get("illustrative"))
    except ValueError:
        illustrative = False
    dataset = LoadedDataset(folder, dataset_id, str(settings.get("name") or dataset_id),
                            str(settings.get("region") or "").strip() or None, as_of, rates, encoding, chains,
                            illustrative, str(settings.get("source") or ""))
    sheets = find_workbook_sheets(folder, list(TABLES))
    for name, spec in TABLES.items():
        table_path, sheet = find_table_file(folder, name), None
        if table_path is None and name in sheets:
            table_path, sheet = sheets[name]
        if table_path is not None:
            dataset.stamps[name] = _stamp(table_path)
            table = open_table(table_path, spec, encoding, sheet)
            problems.extend(table.problems)
            dataset.tables[name] = table
    check_districts(dataset, problems)
    check_enterprises(dataset, problems)
    check_projects(dataset, problems)
    check_small_tables(dataset, problems)
    return dataset, problems


def validate_dataset(path: str | Path, encoding: str | None = None) -> list[Problem]:
    """Every problem in the dataset folder (empty list = it loads)."""
    return read_dataset(path, encoding)[1]


def load_dataset(path: str | Path, encoding: str | None = None) -> LoadedDataset:
    """The validated dataset; raises :class:`DataError` listing every problem when invalid."""
    dataset, problems = read_dataset(path, encoding)
    if problems or dataset is None:
        raise DataError(problems)
    return dataset
