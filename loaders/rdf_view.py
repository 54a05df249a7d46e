"""What ``loaders/rdf.py`` reads of a dataset, rebuilt from its tables of record.

The RDF writer renders N-Quads from record objects (districts, enterprise records, projects
with their stage events, products …). Until the graph is built from the tables directly,
:class:`RdfView` gives a :class:`~chaingap.loaders.dataset.Dataset` those attributes, read
from ``dataset.con``, so ``quads()``, ``write_nquads()`` and ``nquads_bytes()`` keep working.
Everything here goes when the RDF writer does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import IO, TYPE_CHECKING

from chaingap.ontology.terms import graph_iri

from .money import Money
from .records import FLAG_COLUMNS, EnterpriseRecord

if TYPE_CHECKING:
    import duckdb
    import pyoxigraph as ox

__all__ = ["RdfView", "DistrictRecord", "ProjectRecord"]


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


def _money(value, original) -> Money | None:
    return Money(value, original) if value is not None else None


class RdfView:
    """Mixin: the record attributes of ``rdf.py``, from ``self.con``'s tables of ``self.id``."""

    id: str
    con: duckdb.DuckDBPyConnection

    def _rows(self, sql: str) -> list[tuple]:
        return self.con.execute(sql, [self.id]).fetchall()

    @property
    def graph_iri(self) -> str:
        return graph_iri(self.id)

    @cached_property
    def districts(self) -> dict[str, DistrictRecord]:
        rows = self._rows("SELECT id, name, kind, parent, admin_code, illustrative, source FROM districts "
                          "WHERE dataset = ? ORDER BY rowid")
        return {row[0]: DistrictRecord(row[0], row[1], row[2], row[3], row[4] or "", row[5], row[6] or "")
                for row in rows}

    @cached_property
    def projects(self) -> dict[str, ProjectRecord]:
        links: dict[str, list[str]] = {}
        for project, link in self._rows("SELECT project, link FROM project_links WHERE dataset = ? ORDER BY rowid"):
            links.setdefault(project, []).append(link)
        events: dict[str, list[tuple[str, dt.date]]] = {}
        for project, stage, on_date in self._rows("SELECT project, stage, on_date FROM stage_events "
                                                  "WHERE dataset = ? ORDER BY rowid"):
            events.setdefault(project, []).append((stage, on_date))
        rows = self._rows("SELECT id, name, district, chain, investor, investor_credit_code, investor_id, investment, "
                          "investment_original, stage, signed_on, agreement, illustrative, source FROM projects "
                          "WHERE dataset = ? ORDER BY rowid")
        return {row[0]: ProjectRecord(row[0], row[1], row[2], links.get(row[0], []), row[3], row[4] or "", row[5],
                                      row[6], _money(row[7], row[8]), row[9], row[10], row[11], row[12], row[13] or "",
                                      events.get(row[0], []))
                for row in rows}

    @cached_property
    def products(self) -> list[dict]:
        rows = self._rows("SELECT id, name, enterprise, link, brand, illustrative, source FROM products "
                          "WHERE dataset = ? ORDER BY rowid")
        return [{"id": r[0], "name": r[1], "enterprise": r[2], "link": r[3], "brand": r[4] or "",
                 "illustrative": r[5], "source": r[6] or ""} for r in rows]

    @cached_property
    def supply(self) -> list[tuple]:
        return self._rows("SELECT supplier, customer, product, _file, _row FROM supply WHERE dataset = ? ORDER BY rowid")

    @cached_property
    def bases(self) -> list[dict]:
        rows = self._rows("SELECT id, name, district, chain, illustrative, source FROM bases "
                          "WHERE dataset = ? ORDER BY rowid")
        return [{"id": r[0], "name": r[1], "district": r[2], "chain": r[3], "illustrative": r[4],
                 "source": r[5] or ""} for r in rows]

    @cached_property
    def benchmarks(self) -> list[dict]:
        rows = self._rows("SELECT link, enterprises, revenue FROM benchmarks WHERE dataset = ? ORDER BY rowid")
        return [{"link": r[0], "enterprises": r[1], "revenue": _money(r[2], "")} for r in rows]

    @cached_property
    def _groups(self) -> dict[str, str]:
        return dict(self._rows("SELECT DISTINCT parent_group_text, parent_group FROM enterprises "
                               "WHERE dataset = ? AND parent_group IS NOT NULL"))

    def resolve_enterprise(self, text: str) -> list[str]:
        """The group a parent-group text was resolved to by the load (for ``rdf.py``)."""
        found = self._groups.get(text)
        return [found] if found is not None else []

    def enterprise_records(self) -> Iterator[EnterpriseRecord]:
        """The enterprises with their links, in table order, as ``rdf.py`` reads them."""
        flags = ", ".join(f"e.{column}" for column in FLAG_COLUMNS)
        cursor = self.con.cursor()
        cursor.execute(
            f"SELECT e.id, e.name, e._row, e.is_local, e.credit_code, e.district, e.province, e.city, e.county, "
            f"e.industry_code, e.revenue, e.revenue_original, e.registered_capital, e.registered_capital_original, "
            f"e.founded, e.parent_group_text, e.business_scope, e.address, e.expansion_signal, e.illustrative, "
            f"e.source, e._file, o.links, {flags} FROM enterprises e LEFT JOIN ("
            f"SELECT enterprise, list([link, share::VARCHAR, assigned_by] ORDER BY rowid) AS links FROM operations "
            f"WHERE dataset = $1 GROUP BY enterprise) o ON o.enterprise = e.id "
            f"WHERE e.dataset = $1 ORDER BY e.rowid", [self.id])
        from decimal import Decimal

        while batch := cursor.fetchmany(10_000):
            for row in batch:
                links = row[22] or []
                record = EnterpriseRecord(
                    row[0], row[1], row[2], row[3], row[4], row[5], row[6] or "", row[7] or "", row[8] or "",
                    [(link, Decimal(share)) for link, share, _ in links], links[0][2] if links else None,
                    row[9] or "", _money(row[10], row[11]), _money(row[12], row[13]), row[14],
                    dict(zip(FLAG_COLUMNS, row[23:])), row[15] or "", row[16] or "", row[17] or "", row[18] or "",
                    row[19], row[20] or "", row[21])
                yield record
        cursor.close()

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
