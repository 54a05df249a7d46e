"""The tables of record: the validated content of one dataset version, in DuckDB.

``sql/tables.sql`` defines them; this module creates them in a DuckDB connection and fills
them from a validated :class:`~chaingap.loaders.dataset.LoadedDataset`. Everything after a
load (the gap engine, the RDF graph built from the tables, Neo4j, reports) reads only these
tables, so the loader's rules are applied once, here, and never again downstream.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from .records import FLAG_COLUMNS, fill_shares

if TYPE_CHECKING:
    import duckdb

    from .dataset import LoadedDataset

__all__ = ["SCHEMA", "TABLES", "ddl", "create_tables", "write_tables", "columns_of"]

#: Layout version of the tables (bump when a column changes meaning; new columns read as NULL).
SCHEMA = 1

_BATCH = 100_000


def ddl() -> str:
    """The ``CREATE TABLE`` statements of ``sql/tables.sql``."""
    return files(__package__).joinpath("sql", "tables.sql").read_text(encoding="utf-8")


def _parse_ddl(text: str) -> dict[str, tuple[str, ...]]:
    tables: dict[str, tuple[str, ...]] = {}
    for match in re.finditer(r"CREATE TABLE (\w+) \((.*?)\n\);", text, re.S):
        lines = (line.split("--", 1)[0].strip() for line in match.group(2).splitlines())
        tables[match.group(1)] = tuple(line.split()[0] for line in lines if line)
    return tables


#: Table name -> its columns, in the order of ``sql/tables.sql``.
TABLES: dict[str, tuple[str, ...]] = _parse_ddl(ddl())


def columns_of(table: str) -> tuple[str, ...]:
    return TABLES[table]


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table of record (empty) in ``con``'s current database."""
    con.execute(ddl())


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Iterable[dict[str, Any]]) -> int:
    """Append ``rows`` (dicts keyed by column; missing keys are NULL) in Arrow batches."""
    columns = TABLES[table]
    count = 0
    iterator = iter(rows)
    while True:
        batch = [row for _, row in zip(range(_BATCH), iterator)]
        if not batch:
            return count
        arrow = pa.table({column: [row.get(column) for row in batch] for column in columns})
        con.register("_incoming", arrow)
        try:
            names = ", ".join(f'"{column}"' for column in columns)
            con.execute(f'INSERT INTO "{table}" ({names}) SELECT {names} FROM _incoming')
        finally:
            con.unregister("_incoming")
        count += len(batch)


def _money(value: Any) -> tuple[Decimal | None, str | None]:
    return (value.wan_yuan, value.original) if value is not None else (None, None)


def _enterprise_rows(dataset: LoadedDataset) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    resolve = dataset.resolve_enterprise
    for record in dataset.enterprise_records():
        revenue, revenue_original = _money(record.revenue)
        capital, capital_original = _money(record.registered_capital)
        group = None
        if record.parent_group:
            found = resolve(record.parent_group)
            if len(found) == 1 and found[0] != record.id:
                group = found[0]
        row = {
            "dataset": dataset.id, "id": record.id, "name": record.name, "is_local": record.is_local,
            "credit_code": record.credit_code, "district": record.district,
            "province": record.province or None, "city": record.city or None, "county": record.county or None,
            "address": record.address or None, "business_scope": record.business_scope or None,
            "industry_code": record.industry_code or None, "revenue": revenue, "revenue_original": revenue_original,
            "registered_capital": capital, "registered_capital_original": capital_original,
            "founded": record.founded, "parent_group": group, "parent_group_text": record.parent_group or None,
            "expansion_signal": record.expansion_signal or None, "illustrative": record.illustrative,
            "source": record.source or None, "_file": record.file, "_row": record.row,
        }
        for column in FLAG_COLUMNS:
            row[column] = bool(record.flags.get(column))
        method = record.method or "table"
        operations = [{"dataset": dataset.id, "enterprise": record.id, "link": link, "share": share,
                       "assigned_by": method} for link, share in fill_shares(record.links)]
        yield row, operations


def write_tables(dataset: LoadedDataset, con: duckdb.DuckDBPyConnection, version: int = 0,
                 loaded_at: dt.datetime | None = None) -> dict[str, int]:
    """Create and fill the tables of record of ``dataset`` in ``con``; returns rows per table."""
    create_tables(con)
    did = dataset.id
    counts: dict[str, int] = {}
    counts["dataset"] = _insert(con, "dataset", [{
        "dataset": did, "version": version, "name": dataset.name, "region": dataset.region, "as_of": dataset.as_of,
        "source": dataset.source or None, "illustrative": dataset.illustrative, "folder": str(dataset.path),
        "loaded_at": loaded_at, "schema": SCHEMA}])
    counts["rates"] = _insert(con, "rates", [{"dataset": did, "currency": code, "cny_per_unit": rate}
                                             for code, rate in sorted(dataset.currency_rates.items())])
    counts["warnings"] = _insert(con, "warnings", [{"dataset": did, "seq": seq, "message": message}
                                                   for seq, message in enumerate(dataset.warnings)])
    chains = dataset.chains
    counts["clusters"] = _insert(con, "clusters", [{"dataset": did, "id": c.id, "name": c.name, "name_en": c.name_en}
                                                   for c in chains.clusters.values()])
    counts["chains"] = _insert(con, "chains", [{"dataset": did, "id": c.id, "cluster": c.cluster, "name": c.name,
                                                "name_en": c.name_en, "acyclic": c.acyclic}
                                               for c in chains.chains.values()])
    counts["links"] = _insert(con, "links", [{"dataset": did, "id": l.id, "chain": l.chain, "name": l.name,
                                              "name_en": l.name_en, "segment": l.segment, "parent": l.parent,
                                              "_line": l.line} for l in chains.links.values()])
    counts["link_codes"] = _insert(con, "link_codes", [{"dataset": did, "link": l.id, "code": code}
                                                       for l in chains.links.values() for code in l.codes])
    counts["link_keywords"] = _insert(con, "link_keywords", [{"dataset": did, "link": l.id, "keyword": k}
                                                             for l in chains.links.values() for k in l.keywords])
    counts["feeds"] = _insert(con, "feeds", [{"dataset": did, "chain": c.id, "source": a, "target": b}
                                             for c in chains.chains.values() for a, b in c.feeds])
    counts["districts"] = _insert(con, "districts", [{
        "dataset": did, "id": d.id, "name": d.name, "kind": d.kind, "parent": d.parent,
        "admin_code": d.admin_code or None, "illustrative": d.illustrative, "source": d.source or None,
        "_file": d.file, "_row": d.row} for d in dataset.districts.values()])
    operations: list[dict[str, Any]] = []

    def enterprise_stream() -> Iterator[dict[str, Any]]:
        for row, ops in _enterprise_rows(dataset):
            operations.extend(ops)
            yield row
            if len(operations) >= _BATCH:
                counts["operations"] = counts.get("operations", 0) + _insert(con, "operations", operations)
                operations.clear()

    counts["enterprises"] = _insert(con, "enterprises", enterprise_stream())
    counts["operations"] = counts.get("operations", 0) + _insert(con, "operations", operations)
    projects = list(dataset.projects.values())
    counts["projects"] = _insert(con, "projects", [{
        "dataset": did, "id": p.id, "name": p.name, "district": p.district, "chain": p.chain,
        "investor": p.investor or None, "investor_credit_code": p.investor_credit_code, "investor_id": p.investor_id,
        "investment": _money(p.investment)[0], "investment_original": _money(p.investment)[1], "stage": p.stage,
        "signed_on": p.signed_on, "agreement": p.agreement, "illustrative": p.illustrative,
        "source": p.source or None, "_file": p.file, "_row": p.row} for p in projects])
    counts["project_links"] = _insert(con, "project_links", [{"dataset": did, "project": p.id, "link": link}
                                                             for p in projects for link in p.links])
    counts["stage_events"] = _insert(con, "stage_events", [{
        "dataset": did, "project": p.id, "stage": stage, "on_date": date,
        "_file": (p.event_rows[i][0] if i < len(p.event_rows) else None),
        "_row": (p.event_rows[i][1] if i < len(p.event_rows) else None)}
        for p in projects for i, (stage, date) in enumerate(p.events)])
    counts["products"] = _insert(con, "products", [{
        "dataset": did, "id": p["id"], "name": p["name"], "enterprise": p["enterprise"], "link": p["link"],
        "brand": p["brand"] or None, "illustrative": p["illustrative"], "source": p["source"] or None,
        "_file": p.get("file"), "_row": p.get("row")} for p in dataset.products])
    counts["supply"] = _insert(con, "supply", [{
        "dataset": did, "supplier": s[0], "customer": s[1], "product": s[2],
        "_file": s[3] if len(s) > 3 else None, "_row": s[4] if len(s) > 4 else None} for s in dataset.supply])
    counts["bases"] = _insert(con, "bases", [{
        "dataset": did, "id": b["id"], "name": b["name"], "district": b["district"], "chain": b["chain"],
        "illustrative": b["illustrative"], "source": b["source"] or None, "_file": b.get("file"),
        "_row": b.get("row")} for b in dataset.bases])
    counts["benchmarks"] = _insert(con, "benchmarks", [{
        "dataset": did, "link": b["link"], "enterprises": b["enterprises"],
        "revenue": b["revenue"].wan_yuan if b["revenue"] is not None else None,
        "_file": b.get("file"), "_row": b.get("row")} for b in dataset.benchmarks])
    return counts
