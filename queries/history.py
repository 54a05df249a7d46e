"""History of the chains: each kept dataset version (by ``as_of``) analysed, and what changed between them.

The store keeps every version of a dataset with its own ``as_of`` date
(:meth:`chaingap.graph.store.ChainStore.versions`). A *point* of history is one of those
dates; the store as of a point is, per dataset, the latest version on or before it
(:meth:`~chaingap.graph.store.ChainStore.tables_as_of`). Each point is analysed by the SQL
gap engine exactly as ``chaingap gaps`` would have answered on that day, so the history never
disagrees with what the bureau saw then.

Completeness here is the share of a chain's links that are not missing (a link being filled
by a project counts as present, so a what-if or a signing shows as progress).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb

from chaingap.ontology.vocab import STAGES

from .gaps import analyse
from .results import Analysis
from .rollups import LEAF_STATUSES, completeness, leaf_links

__all__ = ["AsOfView", "Snapshot", "as_of_view", "history_points", "snapshot", "chain_rows", "change_rows",
           "history"]


@dataclass
class AsOfView:
    """The store as it was on ``as_of``: ``.tables`` over the versions of that day.

    It has no answer cache on purpose (the store's cache is keyed to its current versions).
    """

    tables: duckdb.DuckDBPyConnection
    as_of: dt.date

    def sql(self, text: str, params: Any = None) -> list[dict[str, Any]]:
        cursor = self.tables.execute(text, params) if params is not None else self.tables.execute(text)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def close(self) -> None:
        self.tables.close()


def as_of_view(store: Any, date: dt.date | str) -> AsOfView:
    """The store as of ``date`` (ValueError when no dataset has a version that early)."""
    day = dt.date.fromisoformat(date) if isinstance(date, str) else date
    view = AsOfView(store.tables_as_of(day), day)
    if not view.sql("SELECT 1 FROM links LIMIT 1"):
        view.close()
        raise ValueError(f"no version of any dataset with chains is as of {day.isoformat()} or earlier")
    return view


def history_points(store: Any) -> list[dt.date]:
    """Every ``as_of`` date of a kept version of any dataset, oldest first."""
    return sorted({info.as_of for dataset in store.datasets() for info in store.versions(dataset.id)
                   if info.as_of is not None})


@dataclass
class Snapshot:
    """One point of history: the analysis, and per link its local firms and projects (id -> stage)."""

    as_of: dt.date
    analysis: Analysis
    firms: dict[str, set[str]] = field(default_factory=dict)
    projects: dict[str, dict[str, str | None]] = field(default_factory=dict)


_FIRMS_SQL = """
SELECT DISTINCT o.link, o.enterprise FROM operations o
JOIN enterprises e ON e.id = o.enterprise AND e.is_local
"""
_PROJECTS_SQL = """
SELECT DISTINCT l.link, p.id, p.stage FROM project_links l JOIN projects p ON p.id = l.project
"""


def snapshot(source: Any, as_of: dt.date, profile: Any = None) -> Snapshot:
    """Analyse ``source`` (a store view or a tables connection) and gather the facts history compares."""
    con = source.tables if hasattr(source, "tables") else source
    found = Snapshot(as_of, analyse(source, profile=profile, engine="sql"))
    for link, firm in con.execute(_FIRMS_SQL).fetchall():
        found.firms.setdefault(link, set()).add(firm)
    for link, project, stage in con.execute(_PROJECTS_SQL).fetchall():
        found.projects.setdefault(link, {})[project] = stage
    return found


def chain_rows(point: Snapshot, chain: str | None = None) -> list[dict[str, Any]]:
    """Per chain: completeness and how many leaf links have each status, at one point (rollups count
    through their leaves)."""
    by_chain: dict[str, list[Any]] = {}
    for link in leaf_links(point.analysis.links):
        if chain is None or link.chain == chain:
            by_chain.setdefault(link.chain, []).append(link)
    rows = []
    for chain_id, links in sorted(by_chain.items()):
        statuses = [link.status for link in links]
        row: dict[str, Any] = {"as_of": point.as_of.isoformat(), "chain": chain_id,
                               "links": len(links), "completeness": completeness(links)}
        row.update({code: statuses.count(code) for code in LEAF_STATUSES})
        rows.append(row)
    return rows


def _stage_text(stage: str | None, lang: str) -> str:
    return STAGES.label(stage, lang) if stage in STAGES else (stage or "-")


def _project_changes(before: dict[str, str | None], after: dict[str, str | None], lang: str) -> list[str]:
    changes = []
    for project in sorted(set(before) | set(after)):
        old, new = before.get(project, "∅"), after.get(project, "∅")
        if project not in before:
            changes.append(f"+{project} ({_stage_text(new, lang)})")
        elif project not in after:
            changes.append(f"-{project} ({_stage_text(old, lang)})")
        elif old != new:
            changes.append(f"{project}: {_stage_text(old, lang)}→{_stage_text(new, lang)}")
    return changes


def change_rows(before: Snapshot, after: Snapshot, chain: str | None = None, lang: str = "zh") -> list[dict[str, Any]]:
    """Every link whose status differs between two points, with the facts that changed."""
    old = {link.id: link for link in before.analysis.links}
    rows = []
    for link in after.analysis.links:
        previous = old.get(link.id)
        if (chain is not None and link.chain != chain) or (previous is not None and previous.status == link.status):
            continue
        firms_before, firms_after = before.firms.get(link.id, set()), after.firms.get(link.id, set())
        rows.append({
            "from": before.as_of.isoformat(), "to": after.as_of.isoformat(), "chain": link.chain, "link": link.id,
            "name": link.name_en if lang == "en" and getattr(link, "name_en", "") else link.name,
            "status_before": previous.status if previous else None, "status": link.status,
            "firms_added": sorted(firms_after - firms_before), "firms_removed": sorted(firms_before - firms_after),
            "revenue_before": previous.metrics.get("local_revenue") if previous else None,
            "revenue_after": link.metrics.get("local_revenue"),
            "project_changes": _project_changes(before.projects.get(link.id, {}), after.projects.get(link.id, {}), lang),
        })
    return rows


def history(store: Any, chain: str | None = None, profile: Any = None,
            lang: str = "zh") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(chain rows per point, change rows between consecutive points)`` over every kept version."""
    points = []
    for day in history_points(store):
        view = store.tables_as_of(day)
        try:
            points.append(snapshot(view, day, profile))
        finally:
            view.close()
    chains = [row for point in points for row in chain_rows(point, chain)]
    changes = [row for before, after in zip(points, points[1:]) for row in change_rows(before, after, chain, lang)]
    return chains, changes
