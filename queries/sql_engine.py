"""The gap engine in SQL on the tables of record (the default engine).

Two queries do the work: ``sql/link_status.sql`` (aggregates, totals, LQs, statuses and the
neighbour facts of every link) and ``sql/rankings.sql`` (every ranked list of the analysis,
one window per link). Python passes the profile's values as prepared-statement parameters
and three small tables it registers for the run: the link measures (networkx, from the links
and feeds tables), the order of each stage (the vocabulary) and the class of each province
text near the region (the division table). It never holds a row per firm: DuckDB scans the
million-firm pool in columns, and Python reads one row per link and top_n rows per list.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa

from chaingap.graph.measures import link_measures
from chaingap.ontology.vocab import STAGES

from . import load_query
from .common import LOCAL_PART_NAMES, METRICS, PART_NAMES, LinkInfo, Row
from .profile import Profile
from .proximity import choose_region_province, province_classes
from .region import region_name, region_place
from .sources import Tables

__all__ = ["SqlEngine", "status_parameters", "ranking_parameters", "threshold_parameters"]

#: link_status.sql column -> metrics key, in the order of :data:`~.common.METRICS`.
_COLUMNS = ("n", "e_r", "n_key", "n_all", "e_n", "bn", "be", "lq_count", "lq_revenue", "lq", "lq_basis",
            "top_share", "hhi", "projects", "max_stage_order", "downstream_count", "criticality",
            "strong_neighbours", "feeds_strong", "supply_gap", "top_firm", "single_firm")


def status_parameters(profile: Profile, district: str | None = None, region: str | None = None) -> dict[str, Any]:
    """The named parameters of ``link_status.sql``."""
    return {"key_revenue_min": profile.key_revenue_min, "benchmark": profile.benchmark, "lq_basis": profile.lq_basis,
            "strong_lq_min": profile.strong_lq_min, "strong_count_min": profile.strong_count_min,
            "weak_lq_below": profile.weak_lq_below, "weak_count_below": profile.weak_count_below,
            "filled_stage_order": profile.being_filled_order, "district": district, "region": region,
            "local_min": profile.evidence_local_min, "benchmark_min": profile.evidence_benchmark_min,
            "top_share_above": profile.top_share_above, "hhi_above": profile.hhi_above,
            "min_feed_weight": profile.min_feed_weight or Decimal(0), **threshold_parameters(profile)}


def threshold_parameters(profile: Profile) -> dict[str, Any]:
    """Which projects count (docs/pipeline.md), as SQL parameters."""
    return {"domestic_min": profile.domestic_min, "foreign_min_usd": profile.foreign_min_usd,
            "framework_counts": profile.framework_counts}


def ranking_parameters(profile: Profile, target_links: Sequence[str], expand_links: Sequence[str],
                       district: str | None = None, region: str | None = None) -> dict[str, Any]:
    """The named parameters of ``rankings.sql``."""
    w, p = profile.weights, profile.proximity
    return {"target_links": list(target_links), "expand_links": list(expand_links),
            "top_n": profile.top_n, "expand_top_n": profile.expand_top_n,
            **{f"w_{name}": w[name] for name in PART_NAMES},
            "p_same": p["same_province"], "p_neighbouring": p["neighbouring"], "p_region": p["same_region"],
            "p_other": p["other"], "district": district, "region": region, **threshold_parameters(profile),
            "declined_hold_days": profile.declined_hold_days}


#: Ratios DuckDB computes as DOUBLE; reported as the Decimal of their shortest repr (1.8, not
#: 1.8000000000000000444), so every engine's metrics have the same types.
_RATIOS = frozenset(("lq_count", "lq_revenue", "lq", "top_share", "hhi"))


def _metric(column: str, value: Any) -> Any:
    return Decimal(repr(value)) if column in _RATIOS and isinstance(value, float) else value


def _rows(con: duckdb.DuckDBPyConnection, text: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(text, dict(params)) if params else con.execute(text)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


@contextmanager
def _registered(con: duckdb.DuckDBPyConnection, tables: Mapping[str, pa.Table]) -> Iterator[None]:
    """Small Arrow tables visible to the queries under their names for the duration of a run."""
    for name, table in tables.items():
        con.register(name, table)
    try:
        yield
    finally:
        for name in tables:
            con.unregister(name)


class SqlEngine:
    """One analysis in SQL over ``tables`` with ``profile`` (see :class:`chaingap.queries.gaps.GapEngine`)."""

    name = "sql"

    def __init__(self, tables: Tables, profile: Profile) -> None:
        self.tables = tables
        self.profile = profile
        self.con = tables.con

    def parents(self) -> dict[str, set[str]]:
        """``{link id: ids of its parent links}`` (every link; sub-link ties of the links table)."""
        found: dict[str, set[str]] = {}
        for link, parent in self.con.execute("SELECT DISTINCT id, parent FROM links").fetchall():
            found.setdefault(link, set()).update([parent] if parent else [])
        return found

    def links(self) -> LinkInfo:
        """``{link id: {id, name, name_en, chain, chain_name, segment}}``."""
        return {row["link"]: {"id": row["link"], "name": row["name"] or row["link"], "name_en": row["name_en"],
                              "chain": row["chain"] or "", "chain_name": row["chain_name"], "segment": row["segment"]}
                for row in _rows(self.con, load_query("links", "sql"))}

    def names(self, enterprises: Sequence[str]) -> dict[str, str]:
        """``{enterprise id: its smallest name}`` of ``enterprises``."""
        rows = self.con.execute("SELECT id, min(name) FROM enterprises WHERE id IN (SELECT unnest(CAST($ids AS VARCHAR[]))) "
                                "GROUP BY id", {"ids": list(enterprises)}).fetchall()
        return dict(rows)

    def region(self) -> str:
        """Name of the region the datasets describe (the first by IRI), or its id."""
        if self.tables.region:
            return region_name(self.con, self.tables.region)
        rows = _rows(self.con, load_query("regions", "sql"))
        return str(rows[0]["name"] or rows[0]["region"]) if rows else ""

    def region_province(self) -> str | None:
        """The region's province (docs/gap-rules.md): profile, region district, admin code, local firms."""
        if self.profile.region_province:
            return self.profile.region_province
        regions = ([region_place(self.con, self.tables.region)] if self.tables.region else
                   [(row["province"], row["admin_code"]) for row in _rows(self.con, load_query("regions", "sql"))])
        local = {row["province"]: row["firms"] for row in
                 _rows(self.con, load_query("local_provinces", "sql"),
                       {"district": self.tables.district, "region": self.tables.region})}
        return choose_region_province(None, regions, local)

    def _measures(self) -> pa.Table:
        links = [row[0] for row in self.con.execute("SELECT DISTINCT id FROM links").fetchall()]
        feeds = self.con.execute("SELECT source, target, weight FROM feeds").fetchall()
        found = link_measures(links, feeds, self.profile.min_feed_weight)
        names = sorted(found)
        return pa.table({"link": pa.array(names, pa.string()),
                         "downstream_count": pa.array([found[n][0] for n in names], pa.int64()),
                         "criticality": pa.array([found[n][1] for n in names], pa.decimal128(18, 6))})

    def statuses(self) -> dict[str, tuple[str, bool, dict[str, Any]]]:
        """``{link id: (status, extension, metrics)}`` from ``link_status.sql``."""
        stages = pa.table({"stage": [term.code for term in STAGES], "stage_order": [term.order for term in STAGES]})
        with _registered(self.con, {"gap_link_measures": self._measures(), "gap_stage_orders": stages}):
            rows = _rows(self.con, load_query("link_status", "sql"), status_parameters(self.profile, self.tables.district,
                                                                                   self.tables.region))
        return {row["link"]: (row["status"], bool(row["extension"]),
                              {key: _metric(column, row[column]) for key, column in zip(METRICS, _COLUMNS)})
                for row in rows}

    def rankings(self, target_links: Sequence[str], expand_links: Sequence[str]) -> tuple[dict[str, list[Row]], dict[str, list[Row]]]:
        """Ranked candidates of ``target_links`` and local firms able to expand in ``expand_links``."""
        if not target_links and not (expand_links and self.profile.expand_top_n):
            return {}, {}
        provinces = [row[0] for row in self.con.execute(load_query("provinces", "sql")).fetchall()]
        near = province_classes(self.region_province(), provinces)
        table = pa.table({"province": pa.array(list(near), pa.string()), "class": pa.array(list(near.values()), pa.string())})
        params = ranking_parameters(self.profile, target_links, expand_links, self.tables.district, self.tables.region)
        with _registered(self.con, {"gap_provinces": table}):
            rows = _rows(self.con, load_query("rankings", "sql"), params)
        external: dict[str, list[Row]] = {}
        local: dict[str, list[Row]] = {}
        for row in rows:
            outside = row["kind"] == "external"
            parts = {name: row[f"{name}_part"] for name in (PART_NAMES if outside else LOCAL_PART_NAMES)}
            details = {"local_customers": row["local_customers"], "local_suppliers": row["local_suppliers"],
                       "local_branches": row["local_branches"], "proximity_class": row["proximity_class"] or "other",
                       "signal": row["signal"], "province": row["province"] if outside else None,
                       "revenue": row["revenue"], "size_basis": row["size_basis"]}
            found = external if outside else local
            found.setdefault(row["link"], []).append((row["enterprise"], row["name"], row["score"], parts, details))
        return external, local
