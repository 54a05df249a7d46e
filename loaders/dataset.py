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

import yaml

from chaingap.ontology.terms import graph_iri

from .chains import ChainFile, read_chains
from .creditcode import organisation_code_error
from .dates import parse_date
from .encoding import decode_text
from .errors import DataError, Problem
from .money import Money, MoneyParser, parse_decimal
from .names import normalise_name
from .records import Cells, EnterpriseRecord, LinkMatcher, parse_enterprise, parse_links
from .schemas import TABLES
from .tables import Table, find_table_file, find_workbook_sheets, open_table
from .vocab import DISTRICT_KINDS, STAGES, district_kind, stage_key

__all__ = ["LoadedDataset", "Assignment", "load_dataset", "validate_dataset", "read_dataset"]


@dataclass(frozen=True, slots=True)
class Assignment:
    """How one enterprise row got its links: ``table``, ``industry-code``, ``keyword`` or None."""

    file: str
    row: int
    enterprise: str
    method: str | None
    links: tuple[str, ...]

    @property
    def assigned_by(self) -> str:
        """The method as written in ``cg:assignedBy``, or ``none`` for a row that matched no link."""
        return self.method or "none"


@dataclass
class DistrictRecord:
    id: str
    name: str
    kind: str
    parent: str | None
    admin_code: str
    illustrative: bool
    source: str


@dataclass
class ProjectRecord:
    id: str
    name: str
    district: str | None
    links: list[str]
    chain: str | None
    investor: str
    investor_credit_code: str | None
    investor_id: str | None
    investment: Money | None
    stage: str | None
    signed_on: dt.date | None
    agreement: str | None
    illustrative: bool
    source: str
    events: list[tuple[str, dt.date]] = field(default_factory=list)


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
                    yield record

    def quads(self):
        """Every quad of the dataset, in its named graph, in a stable order (see :mod:`.rdf`)."""
        from .rdf import dataset_quads

        return dataset_quads(self)

    def write_nquads(self, stream: IO[bytes]) -> int:
        """Write the same quads as N-Quads (for pyoxigraph's bulk loader); returns the count."""
        from .rdf import write_nquads

        return write_nquads(self, stream)

    def nquads_bytes(self) -> bytes:
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
    _check_districts(dataset, problems)
    _check_enterprises(dataset, problems)
    _check_projects(dataset, problems)
    _check_small_tables(dataset, problems)
    return dataset, problems


def _usable(dataset: LoadedDataset, name: str) -> Table | None:
    """The table when it exists and its header is complete (else its rows cannot be checked)."""
    table = dataset.tables.get(name)
    if table is None or any(problem.row in (None, 1) for problem in table.problems):
        return None
    return table


def _rows(table: Table, problems: list[Problem]):
    """Rows of ``table``, turning a decoding failure mid-file into a Problem."""
    try:
        yield from table
    except (UnicodeDecodeError, ValueError) as exc:
        problems.append(Problem(table.file, None, None, f"cannot read the file: {exc}", "one encoding throughout"))


def _cells(table: Table, row, problems: list[Problem], dataset: LoadedDataset) -> Cells:
    return Cells(row, table.file, problems, table.units, dataset.money_parser, table.labels)


def _check_districts(dataset: LoadedDataset, problems: list[Problem]) -> None:
    table = _usable(dataset, "districts")
    parents: list[tuple[Cells, str]] = []
    if table is not None:
        for row in _rows(table, problems):
            cells = _cells(table, row, problems, dataset)
            district_id, name, kind_text = cells.required("id"), cells.required("name"), cells.required("kind")
            try:
                kind = district_kind(kind_text) if kind_text else None
            except ValueError:
                cells.problem("kind", f"unknown district kind {kind_text!r}", ", ".join(DISTRICT_KINDS))
                kind = None
            if not district_id or not name or kind is None:
                continue
            if district_id in dataset.districts:
                cells.problem("id", f"duplicate district id {district_id!r}", "unique district ids")
                continue
            parent = cells.text("parent") or None
            admin_code = cells.text("admin_code")
            if admin_code and not (len(admin_code) == 6 and admin_code.isdigit()):
                cells.problem("admin_code", f"not a 6-digit administrative division code: {admin_code!r}",
                              "6 digits per GB/T 2260, e.g. 321100")
                admin_code = ""
            dataset.districts[district_id] = DistrictRecord(district_id, name, kind, parent, admin_code,
                                                            bool(cells.flag("illustrative")), cells.text("source"))
            if parent:
                parents.append((cells, parent))
        dataset.counts["districts"] = len(dataset.districts)
    for cells, parent in parents:
        if parent not in dataset.districts:
            cells.problem("parent", f"unknown district id {parent!r}", "a district id from this table")
    if dataset.region and dataset.districts and dataset.region not in dataset.districts:
        problems.append(Problem("dataset.yaml", None, "region", f"unknown district id {dataset.region!r}",
                                "a district id from districts"))
    if dataset.region and not dataset.districts:
        dataset.warnings.append(f"dataset.yaml: region {dataset.region!r} is not described (no districts table)")


def _check_enterprises(dataset: LoadedDataset, problems: list[Problem]) -> None:
    matcher = LinkMatcher(dataset.chains)
    lookup = dataset.district_lookup()
    seen_rows: dict[str, str] = {}
    unassigned: dict[str, list[str]] = {}
    odd_codes: dict[str, list[str]] = {}
    groups: list[tuple[str, int, str]] = []
    for table_name, is_local in (("enterprises", True), ("pool", False)):
        table = _usable(dataset, table_name)
        if table is None:
            continue
        count = 0
        for row in _rows(table, problems):
            cells = _cells(table, row, problems, dataset)
            record = parse_enterprise(cells, is_local, matcher, lookup)
            if record is None:
                continue
            if not record.links and not cells.text("links"):
                if is_local:
                    cells.problem("links", f"enterprise {record.name!r} matches no link",
                                  "link ids in the links column, or an industry code or keyword from chains.yaml")
                else:
                    unassigned.setdefault(table.file, []).append(str(row.number))
                    dataset.assignments.append(Assignment(table.file, row.number, record.id, None, ()))
                continue
            where = f"{table.file} row {row.number}"
            if record.id in seen_rows:
                cells.problem("id", f"duplicate enterprise id {record.id!r} (first at {seen_rows[record.id]})",
                              "each enterprise once across enterprises and pool")
                continue
            seen_rows[record.id] = where
            if record.parent_group:
                groups.append((table.file, row.number, record.parent_group))
            if record.credit_code and organisation_code_error(record.credit_code):
                odd_codes.setdefault(table.file, []).append(str(row.number))
            count += 1
            dataset.enterprise_ids.add(record.id)
            if record.credit_code:
                dataset.credit_index.setdefault(record.credit_code, record.id)
            dataset.name_index.setdefault(normalise_name(record.name), []).append(record.id)
            links = tuple(link for link, _ in record.links)
            dataset.assignments.append(Assignment(table.file, row.number, record.id, record.method, links))
        dataset.counts[table_name] = count
    for file, rows in unassigned.items():
        dataset.warnings.append(f"{file}: {len(rows)} enterprise row(s) match no link (rows {_first(rows)}); "
                                "they are skipped")
    unmatched = [f"{file} row {row} ({text})" for file, row, text in groups
                 if len(dataset.resolve_enterprise(text)) != 1]
    if unmatched:
        dataset.warnings.append(f"{len(unmatched)} parent group(s) match no single enterprise and are not linked: "
                                + _first(unmatched, 5))
    for file, rows in odd_codes.items():
        dataset.warnings.append(f"{file}: {len(rows)} credit code(s) whose embedded organisation code "
                                f"(characters 9-17, GB 11714) fails its own check (rows {_first(rows)}); "
                                "loaded as given")


def _first(rows: list[str], limit: int = 10) -> str:
    return ", ".join(rows[:limit]) + (" …" if len(rows) > limit else "")


def _check_projects(dataset: LoadedDataset, problems: list[Problem]) -> None:
    table = _usable(dataset, "projects")
    lookup = dataset.district_lookup()
    if table is not None:
        for row in _rows(table, problems):
            cells = _cells(table, row, problems, dataset)
            project_id, name, district_text = cells.required("id"), cells.required("name"), cells.required("district")
            district = lookup.get(district_text) or lookup.get(normalise_name(district_text))
            if district_text and district is None:
                cells.problem("district", f"unknown district id {district_text!r}", "a district id from districts")
            links = [link for link, _ in parse_links(cells, "links", dataset.chains.links)]
            chain = cells.text("chain") or None
            if chain and chain not in dataset.chains.chains:
                cells.problem("chain", f"unknown chain id {chain!r}", "a chain id from chains.yaml")
                chain = None
            stage = None
            if cells.text("stage"):
                try:
                    stage = stage_key(cells.text("stage"))
                except ValueError as exc:
                    cells.problem("stage", str(exc), ", ".join(STAGES) + " (or 签约, 落地, 开工, 入库, 列统, 投产, 达效)")
            agreement = None
            if cells.text("agreement"):
                agreement = _AGREEMENTS.get(normalise_name(cells.text("agreement")))
                if agreement is None:
                    cells.problem("agreement", f"unknown agreement type {cells.text('agreement')!r}",
                                  "formal (正式) or framework (框架)")
            record = ProjectRecord(project_id, name, district, links, chain, cells.text("investor"),
                                   cells.credit_code("investor_credit_code"), None, cells.money("investment"),
                                   stage, cells.date("signed_on"), agreement, bool(cells.flag("illustrative")), cells.text("source"))
            if not project_id or not name:
                continue
            if project_id in dataset.projects:
                cells.problem("id", f"duplicate project id {project_id!r}", "unique project ids")
                continue
            _match_investor(dataset, record, table.file, row.number)
            dataset.projects[project_id] = record
        dataset.counts["projects"] = len(dataset.projects)
    stages = _usable(dataset, "project_stages")
    if stages is not None:
        count = 0
        for row in _rows(stages, problems):
            cells = _cells(stages, row, problems, dataset)
            project_id, stage_text = cells.required("project"), cells.required("stage")
            date = cells.date("date")
            if cells.text("date") == "":
                cells.problem("date", "empty required cell", "a date")
            stage = None
            if stage_text:
                try:
                    stage = stage_key(stage_text)
                except ValueError as exc:
                    cells.problem("stage", str(exc), ", ".join(STAGES) + " (or 签约, 落地, 开工, 入库, 列统, 投产, 达效)")
            project = dataset.projects.get(project_id)
            if project_id and project is None:
                cells.problem("project", f"unknown project id {project_id!r}", "a project id from projects")
            if project and stage and date:
                project.events.append((stage, date))
                count += 1
        dataset.counts["project_stages"] = count
    order = list(STAGES)
    for project in dataset.projects.values():
        if project.signed_on and not any(stage == "signed" for stage, _ in project.events):
            project.events.insert(0, ("signed", project.signed_on))
        if project.stage is None and project.events:
            project.stage = max(project.events, key=lambda event: (order.index(event[0]), event[1]))[0]


_AGREEMENTS = {"formal": "formal", "正式": "formal", "正式协议": "formal", "正式合同": "formal",
               "framework": "framework", "框架": "framework", "框架协议": "framework"}


def _match_investor(dataset: LoadedDataset, project: ProjectRecord, file: str, row: int) -> None:
    """Investor -> enterprise by credit code first, then by normalised name; ambiguity is a warning."""
    if project.investor_credit_code and project.investor_credit_code in dataset.credit_index:
        project.investor_id = dataset.credit_index[project.investor_credit_code]
        return
    if not project.investor:
        return
    candidates = dataset.name_index.get(normalise_name(project.investor), [])
    if len(candidates) == 1:
        project.investor_id = candidates[0]
    elif len(candidates) > 1:
        dataset.warnings.append(f"{file} row {row}: investor {project.investor!r} matches several enterprises "
                                f"({', '.join(candidates)}); none linked")


def _resolve_one(dataset: LoadedDataset, cells: Cells, column: str) -> str | None:
    text = cells.required(column)
    if not text:
        return None
    found = dataset.resolve_enterprise(text)
    if len(found) == 1:
        return found[0]
    if not found:
        cells.problem(column, f"unknown enterprise {text!r}", "an enterprise id, credit code or name from enterprises/pool")
    else:
        cells.problem(column, f"ambiguous enterprise {text!r} ({', '.join(found)})", "an enterprise id or credit code")
    return None


def _check_small_tables(dataset: LoadedDataset, problems: list[Problem]) -> None:
    links, chains = dataset.chains.links, dataset.chains.chains
    lookup = dataset.district_lookup()
    table = _usable(dataset, "products")
    if table is not None:
        seen: set[str] = set()
        for row in _rows(table, problems):
            cells = _cells(table, row, problems, dataset)
            product_id, name = cells.required("id"), cells.required("name")
            enterprise = _resolve_one(dataset, cells, "enterprise")
            link = cells.required("link")
            if link and link not in links:
                cells.problem("link", f"unknown link id {link!r}", "a link id from chains.yaml")
                link = ""
            if product_id in seen:
                cells.problem("id", f"duplicate product id {product_id!r}", "unique product ids")
                continue
            if product_id and name and enterprise and link:
                seen.add(product_id)
                dataset.products.append({"id": product_id, "name": name, "enterprise": enterprise, "link": link,
                                         "brand": cells.text("brand"), "illustrative": bool(cells.flag("illustrative")),
                                         "source": cells.text("source")})
        dataset.counts["products"] = len(dataset.products)
    product_ids = {product["id"] for product in dataset.products}
    table = _usable(dataset, "supply")
    if table is not None:
        for row in _rows(table, problems):
            cells = _cells(table, row, problems, dataset)
            supplier, customer = _resolve_one(dataset, cells, "supplier"), _resolve_one(dataset, cells, "customer")
            product = cells.text("product") or None
            if product and product not in product_ids:
                cells.problem("product", f"unknown product id {product!r}", "a product id from products")
                continue
            if supplier and customer:
                dataset.supply.append((supplier, customer, product))
        dataset.counts["supply"] = len(dataset.supply)
    table = _usable(dataset, "bases")
    if table is not None:
        for row in _rows(table, problems):
            cells = _cells(table, row, problems, dataset)
            base_id, name, district_text, chain = (cells.required(column) for column in ("id", "name", "district", "chain"))
            district = lookup.get(district_text) or lookup.get(normalise_name(district_text))
            if district_text and district is None:
                cells.problem("district", f"unknown district id {district_text!r}", "a district id from districts")
            if chain and chain not in chains:
                cells.problem("chain", f"unknown chain id {chain!r}", "a chain id from chains.yaml")
                chain = ""
            if base_id and name and district and chain:
                dataset.bases.append({"id": base_id, "name": name, "district": district, "chain": chain,
                                      "illustrative": bool(cells.flag("illustrative")), "source": cells.text("source")})
        dataset.counts["bases"] = len(dataset.bases)
    table = _usable(dataset, "benchmarks")
    if table is not None:
        for row in _rows(table, problems):
            cells = _cells(table, row, problems, dataset)
            link = cells.required("link")
            if link and link not in links:
                cells.problem("link", f"unknown link id {link!r}", "a link id from chains.yaml")
                continue
            entry = {"link": link, "enterprises": cells.integer("enterprises"), "revenue": cells.money("revenue")}
            if link:
                dataset.benchmarks.append(entry)
        dataset.counts["benchmarks"] = len(dataset.benchmarks)


def validate_dataset(path: str | Path, encoding: str | None = None) -> list[Problem]:
    """Every problem in the dataset folder (empty list = it loads)."""
    return read_dataset(path, encoding)[1]


def load_dataset(path: str | Path, encoding: str | None = None) -> LoadedDataset:
    """The validated dataset; raises :class:`DataError` listing every problem when invalid."""
    dataset, problems = read_dataset(path, encoding)
    if problems or dataset is None:
        raise DataError(problems)
    return dataset
