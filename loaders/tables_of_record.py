"""The tables of record: the validated content of one dataset version, in DuckDB.

``sql/tables.sql`` defines them. :func:`~chaingap.loaders.dataset.read_dataset` fills them
(the checks write the data tables, :func:`write_header_tables` the settings, warnings and
the chain file); :func:`write_tables` copies a loaded dataset's tables into another
connection. Everything after a load (the gap engine, the RDF graph built from the tables,
Neo4j, reports) reads only these tables, so the loader's rules are applied once, at load,
and never again downstream.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    import duckdb

__all__ = ["SCHEMA", "TABLES", "ddl", "create_tables", "write_tables", "write_header_tables", "columns_of"]

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


def write_header_tables(dataset: Any, con: duckdb.DuckDBPyConnection, version: int = 0,
                        loaded_at: dt.datetime | None = None) -> dict[str, int]:
    """Fill the tables that come from the YAML files and the load itself (dataset, rates,
    warnings, the chain file's clusters, chains, links, codes, keywords and feeds)."""
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
    counts["feeds"] = _insert(con, "feeds", [{"dataset": did, "chain": c.id, "source": a, "target": b,
                                              **c.feed_facts.get((a, b), {})}
                                             for c in chains.chains.values() for a, b in c.feeds])
    return counts


def write_tables(dataset: Any, con: duckdb.DuckDBPyConnection, version: int = 0,
                 loaded_at: dt.datetime | None = None) -> dict[str, int]:
    """Create the tables of record in ``con`` and copy ``dataset``'s into them; returns rows per table.

    ``version`` and ``loaded_at`` are written in the ``dataset`` row.
    """
    counts: dict[str, int] = {}
    if con is not dataset.con:
        create_tables(con)
    for table in TABLES:
        if con is not dataset.con:
            arrow = dataset.con.sql(f'SELECT * FROM "{table}" WHERE dataset = ? ORDER BY rowid',
                                    params=[dataset.id]).to_arrow_table()
            con.register("_incoming", arrow)
            try:
                con.execute(f'INSERT INTO "{table}" SELECT * FROM _incoming')
            finally:
                con.unregister("_incoming")
        [(counts[table],)] = con.execute(f'SELECT count(*) FROM "{table}" WHERE dataset = ?', [dataset.id]).fetchall()
    con.execute("UPDATE dataset SET version = ?, loaded_at = ? WHERE dataset = ?", [version, loaded_at, dataset.id])
    return counts
