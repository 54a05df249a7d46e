"""Small hand-built cities in the tables of record, for tests of the gap engine.

The loaders fill far richer tables; this writes only the rows the gap engine reads, in the
layout of ``loaders/sql/tables.sql``, so a test can state a situation in a few lines and
check what every engine concludes. :meth:`ToyCity.tables` is a DuckDB connection holding the
tables (what the SQL engine and the Python oracle read); :meth:`ToyCity.graph` is the RDF
graph built from those tables by ``chaingap.graph.build`` (what the SPARQL engine reads).

A link given without a share is an operation with a NULL share (not stated), which counts 1.
Giving a link again adds what the new call says (benchmarks, a parent) and keeps the rest,
as saying a fact twice in RDF would.

>>> toy = ToyCity(region_province="江苏省")
>>> toy.chain("C1").link("L1", "C1").link("L2", "C1").feeds("L1", "L2")  # doctest: +ELLIPSIS
<...ToyCity object at ...>
>>> toy.enterprise("E1", ["L1"], local=True, revenue=500).enterprise("P1", {"L2": 0.5}, province="浙江省")  # doctest: +ELLIPSIS
<...ToyCity object at ...>
>>> toy.tables().execute("SELECT count(*) FROM operations").fetchone()[0]
2
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import duckdb
import pyoxigraph as ox

from chaingap.graph.build import bulk_load
from chaingap.loaders.tables_of_record import SCHEMA, TABLES, create_tables
from chaingap.ontology import terms

__all__ = ["ToyCity"]


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class ToyCity:
    """Chainable builder of one dataset's tables of record (and of the graph built from them)."""

    def __init__(self, dataset: str = "toy", region: str = "R", region_province: str | None = None,
                 as_of: str | None = None) -> None:
        self.dataset_id = dataset
        self.as_of = dt.date.fromisoformat(as_of) if as_of else None
        self.rows: dict[str, list[dict[str, Any]]] = {table: [] for table in TABLES}
        self._add("dataset", version=0, name=dataset, region=region, as_of=self.as_of, illustrative=False,
                  schema=SCHEMA)
        self._add("districts", id=region, name=region, kind="city", province=region_province, illustrative=False)
        self._links: dict[str, dict[str, Any]] = {}
        self._benchmarks: dict[str, dict[str, Any]] = {}

    def _add(self, table: str, **row: Any) -> dict[str, Any]:
        row = {"dataset": self.dataset_id, **row}
        self.rows[table].append(row)
        return row

    def chain(self, chain_id: str, name: str | None = None) -> ToyCity:
        self._add("chains", id=chain_id, name=name or chain_id, acyclic=False)
        return self

    def link(self, link_id: str, chain_id: str, name: str | None = None, segment: str | None = None,
             parent: str | None = None, benchmark_enterprises: int | None = None,
             benchmark_revenue: float | Decimal | None = None) -> ToyCity:
        row = self._links.get(link_id)
        if row is None:
            row = self._links[link_id] = self._add("links", id=link_id, chain=chain_id, name=name or link_id)
        for column, value in (("segment", segment), ("parent", parent), ("name", name)):
            if value is not None:
                row[column] = value
        if benchmark_enterprises is not None or benchmark_revenue is not None:
            bench = self._benchmarks.get(link_id)
            if bench is None:
                bench = self._benchmarks[link_id] = self._add("benchmarks", link=link_id)
            if benchmark_enterprises is not None:
                bench["enterprises"] = int(benchmark_enterprises)
            if benchmark_revenue is not None:
                bench["revenue"] = _decimal(benchmark_revenue)
        return self

    def feeds(self, upstream: str, downstream: str, weight: float | Decimal | None = None,
              evidence: str | None = None, confidence: float | Decimal | None = None) -> ToyCity:
        chain = self._links[upstream]["chain"] if upstream in self._links else ""
        self._add("feeds", chain=chain, source=upstream, target=downstream, weight=_decimal(weight),
                  evidence=evidence, confidence=_decimal(confidence))
        return self

    def enterprise(self, enterprise_id: str, links: Iterable[str] | Mapping[str, Any], local: bool = False,
                   revenue: float | Decimal | None = None, name: str | None = None, province: str | None = None,
                   listed: bool = False, specialised: bool = False, high_tech: bool = False,
                   chain_leader: bool = False, parent_group: str | None = None, signal: str | None = None,
                   district: str | None = None, registered_capital: float | Decimal | None = None,
                   employees: int | None = None) -> ToyCity:
        """An enterprise working in ``links`` (a list, or a mapping link -> share or None)."""
        self._add("enterprises", id=enterprise_id, name=name or enterprise_id, is_local=bool(local),
                  district=district, province=province, revenue=_decimal(revenue), listed=bool(listed),
                  specialised=bool(specialised), high_tech=bool(high_tech), above_scale=False,
                  chain_leader=bool(chain_leader), parent_group=parent_group, expansion_signal=signal,
                  illustrative=False, registered_capital=_decimal(registered_capital), employees=employees)
        shares = dict(links) if isinstance(links, Mapping) else {link: None for link in links}
        for link_id, share in shares.items():
            self._add("operations", enterprise=enterprise_id, link=link_id, share=_decimal(share), assigned_by="table")
        return self

    def supplies(self, supplier: str, customer: str, product: str | None = None) -> ToyCity:
        self._add("supply", supplier=supplier, customer=customer, product=product)
        return self

    def product(self, product_id: str, enterprise: str, link: str, name: str | None = None) -> ToyCity:
        self._add("products", id=product_id, name=name or product_id, enterprise=enterprise, link=link,
                  illustrative=False)
        return self

    def project(self, project_id: str, links: Iterable[str], stage: str, investment: float | Decimal = 50_000,
                agreement: str | None = "formal", origin: str = "domestic",
                investment_usd: float | Decimal | None = None, investor: str | None = None) -> ToyCity:
        """A project (by default a formal 5亿元 domestic one, which counts: docs/pipeline.md)."""
        self._add("projects", id=project_id, name=project_id, stage=stage, investment=_decimal(investment),
                  agreement=agreement, investor_id=investor, illustrative=False)
        self._add("project_terms", project=project_id, origin=origin, currency="CNY" if origin == "domestic" else "USD",
                  manufacturing=True, key_chain=True, investment_usd=_decimal(investment_usd))
        for link_id in links:
            self._add("project_links", project=project_id, link=link_id)
        return self

    def dated(self, as_of: str) -> ToyCity:
        """The dataset describes the day ``as_of`` (the end of an outreach hold-back period)."""
        self.as_of = dt.date.fromisoformat(as_of)
        self.rows["dataset"][0]["as_of"] = self.as_of
        return self

    def outreach(self, enterprise: str, on_date: str, kind: str, note: str | None = None) -> ToyCity:
        """A contact with ``enterprise`` (kind: visit, talk, declined or signed; docs/pipeline.md)."""
        self._add("outreach", enterprise=enterprise, on_date=dt.date.fromisoformat(on_date), kind=kind, note=note,
                  illustrative=False, _row=len(self.rows["outreach"]) + 2)
        return self

    def district(self, district_id: str, parent: str | None = None, kind: str = "district") -> ToyCity:
        self._add("districts", id=district_id, name=district_id, kind=kind, parent=parent, illustrative=False)
        return self

    def tables(self) -> duckdb.DuckDBPyConnection:
        """A fresh in-memory DuckDB connection holding the tables of record."""
        con = duckdb.connect()
        create_tables(con)
        for table, rows in self.rows.items():
            if rows:
                columns = TABLES[table]
                names = ", ".join(f'"{column}"' for column in columns)
                marks = ", ".join("?" for _ in columns)
                con.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                                [[row.get(column) for column in columns] for row in rows])
        return con

    def dataset(self) -> SimpleNamespace:
        """The toy as a validated dataset whose tables are already in DuckDB (what ChainStore.load takes)."""
        return SimpleNamespace(id=self.dataset_id, as_of=self.as_of, con=self.tables(), warnings=[], assignment_counts={})

    def graph(self) -> ox.Store:
        """A fresh in-memory pyoxigraph Store holding the graph built from the tables."""
        store = ox.Store()
        con = self.tables()
        try:
            bulk_load(store, con, "main", terms.graph_iri(self.dataset_id))
        finally:
            con.close()
        return store
