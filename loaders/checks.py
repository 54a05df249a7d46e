"""The checks of each table of a dataset folder, run once before anything is mapped.

Each function reads its tables, records every problem it finds, and fills the dataset's
indexes (districts, enterprise ids, credit codes, names, projects …) that later checks and
the mapping to RDF rely on. Order matters: districts, enterprises, projects, the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .creditcode import organisation_code_error
from .entities import Assignment, DistrictRecord, ProjectRecord
from .errors import Problem
from .names import normalise_name
from .records import Cells, LinkMatcher, parse_enterprise, parse_links
from .tables import Table
from .vocab import DISTRICT_KINDS, STAGES, district_kind, stage_key

if TYPE_CHECKING:
    from .dataset import LoadedDataset

__all__ = ["check_districts", "check_enterprises", "check_projects", "check_small_tables"]


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


def check_districts(dataset: LoadedDataset, problems: list[Problem]) -> None:
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
                                                            bool(cells.flag("illustrative")), cells.text("source"),
                                                            table.file, row.number)
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


def check_enterprises(dataset: LoadedDataset, problems: list[Problem]) -> None:
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


def check_projects(dataset: LoadedDataset, problems: list[Problem]) -> None:
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
                                   stage, cells.date("signed_on"), agreement, bool(cells.flag("illustrative")), cells.text("source"),
                                   file=table.file, row=row.number)
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
                project.event_rows.append((stages.file, row.number))
                count += 1
        dataset.counts["project_stages"] = count
    order = list(STAGES)
    for project in dataset.projects.values():
        if project.signed_on and not any(stage == "signed" for stage, _ in project.events):
            project.events.insert(0, ("signed", project.signed_on))
            project.event_rows.insert(0, (None, None))
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


def check_small_tables(dataset: LoadedDataset, problems: list[Problem]) -> None:
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
                                         "source": cells.text("source"), "file": table.file, "row": row.number})
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
                dataset.supply.append((supplier, customer, product, table.file, row.number))
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
                                      "illustrative": bool(cells.flag("illustrative")), "source": cells.text("source"),
                                      "file": table.file, "row": row.number})
        dataset.counts["bases"] = len(dataset.bases)
    table = _usable(dataset, "benchmarks")
    if table is not None:
        for row in _rows(table, problems):
            cells = _cells(table, row, problems, dataset)
            link = cells.required("link")
            if link and link not in links:
                cells.problem("link", f"unknown link id {link!r}", "a link id from chains.yaml")
                continue
            entry = {"link": link, "enterprises": cells.integer("enterprises"), "revenue": cells.money("revenue"),
                     "file": table.file, "row": row.number}
            if link:
                dataset.benchmarks.append(entry)
        dataset.counts["benchmarks"] = len(dataset.benchmarks)
