"""What-if: the chains with one more project, without changing the store.

The hypothetical project is added to an in-memory copy of the projects tables on a
connection of its own (:meth:`chaingap.graph.store.ChainStore.open_tables`): the version
files stay attached read-only and the manifest is not touched. The SQL gap engine then
answers on that connection exactly as it would if the project were in the data, so the
thresholds (docs/pipeline.md) apply: a framework agreement or a project below the
threshold changes nothing, and the what-if says so.

A project already in the data is imagined as a formal agreement that has reached at least
the stage given (by default the profile's ``being_filled_stage``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb

from chaingap.loaders.money import parse_money
from chaingap.ontology.vocab import STAGES

from .gaps import analyse
from .profile import load_profile
from .results import Analysis
from .rollups import completeness, leaf_links

__all__ = ["Hypothesis", "WHATIF_ID", "whatif", "with_project"]

#: The id the hypothetical project gets when it is not in the data.
WHATIF_ID = "whatif"
_PROJECT_TABLES = ("projects", "project_links", "project_terms", "stage_events")


@dataclass(frozen=True)
class Hypothesis:
    """One project imagined: an existing one (``project``) or a new one (links, investment, district)."""

    project: str | None = None
    links: tuple[str, ...] = ()
    investment: str | None = None
    district: str | None = None
    stage: str | None = None


def _copy_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Replace the project views by in-memory tables holding the same rows (so rows can be added)."""
    for table in _PROJECT_TABLES:
        con.execute(f"CREATE TEMP TABLE _whatif_{table} AS SELECT * FROM {table}")
        con.execute(f"DROP VIEW {table}")
        con.execute(f"CREATE TEMP VIEW {table} AS SELECT * FROM _whatif_{table}")


def _money(con: duckdb.DuckDBPyConnection, text: str) -> tuple[Decimal, str, Decimal | None]:
    """``(万元, origin, 万美元 or None)`` of an amount as a user writes it (3亿元, 2000万美元)."""
    rates = {currency: cny for currency, cny in con.execute("SELECT currency, max(cny_per_unit) FROM rates GROUP BY 1").fetchall()}
    money = parse_money(text, rates)
    usd = rates.get("USD")
    foreign = "美元" in text or "USD" in text.upper() or "$" in text
    return money.wan_yuan, "foreign" if foreign else "domestic", (money.wan_yuan / Decimal(usd) if usd else None)


def with_project(con: duckdb.DuckDBPyConnection, hypothesis: Hypothesis, stage: str) -> str:
    """Add the hypothetical project to ``con``'s (copied) project tables; returns its id."""
    _copy_tables(con)
    today = dt.date.today()
    if hypothesis.project:
        found = con.execute("SELECT stage FROM projects WHERE id = ?", [hypothesis.project]).fetchall()
        if not found:
            raise ValueError(f"no project {hypothesis.project!r} in the store")
        current = found[0][0]
        reached = stage if current not in STAGES or STAGES.order(current) < STAGES.order(stage) else current
        con.execute("UPDATE _whatif_projects SET agreement = 'formal', stage = ?, signed_on = coalesce(signed_on, ?) "
                    "WHERE id = ?", [reached, today, hypothesis.project])
        return hypothesis.project
    if not hypothesis.links or not hypothesis.investment:
        raise ValueError("a new project needs its link and its investment")
    known = {row[0] for row in con.execute("SELECT DISTINCT id FROM links").fetchall()}
    unknown = [link for link in hypothesis.links if link not in known]
    if unknown:
        raise ValueError(f"no link {unknown[0]!r} in the store")
    wan, origin, usd = _money(con, hypothesis.investment)
    dataset = con.execute("SELECT min(dataset) FROM links WHERE id = ?", [hypothesis.links[0]]).fetchone()[0]
    con.execute("INSERT INTO _whatif_projects (dataset, id, name, district, investment, investment_original, stage, "
                "signed_on, agreement, illustrative) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'formal', true)",
                [dataset, WHATIF_ID, WHATIF_ID, hypothesis.district, wan, hypothesis.investment, stage, today])
    for link in hypothesis.links:
        con.execute("INSERT INTO _whatif_project_links (dataset, project, link) VALUES (?, ?, ?)", [dataset, WHATIF_ID, link])
    con.execute("INSERT INTO _whatif_project_terms (dataset, project, currency, origin, manufacturing, key_chain, "
                "investment_usd) VALUES (?, ?, ?, ?, false, true, ?)",
                [dataset, WHATIF_ID, "USD" if origin == "foreign" else "CNY", origin, usd])
    return WHATIF_ID


def _chains(analysis: Analysis) -> dict[str, list[Any]]:
    """Each chain's leaf links (rollups count through their leaves)."""
    found: dict[str, list[Any]] = {}
    for link in leaf_links(analysis.links):
        found.setdefault(link.chain, []).append(link)
    return found


def whatif(store: Any, hypothesis: Hypothesis, profile: Any = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``(link rows, chain rows)``: links the project would turn being filled or strengthen; completeness before/after."""
    profile = load_profile(profile)
    stage = STAGES.parse(hypothesis.stage) if hypothesis.stage else profile.being_filled_stage
    before_con, after_con = store.open_tables(), store.open_tables()
    try:
        before = analyse(before_con, profile=profile, engine="sql")
        with_project(after_con, hypothesis, stage)
        after = analyse(after_con, profile=profile, engine="sql")
    finally:
        before_con.close()
        after_con.close()
    old = {link.id: link for link in before.links}
    links = []
    for link in leaf_links(after.links):
        previous = old[link.id]
        more = (link.metrics.get("projects") or 0) > (previous.metrics.get("projects") or 0)
        if previous.status == link.status and not more:
            continue
        effect = "turns_filling" if link.status == "being_filled" and previous.status != link.status else "strengthens"
        links.append({"chain": link.chain, "link": link.id, "name": link.name, "status_before": previous.status,
                      "status": link.status, "effect": effect,
                      "projects": link.metrics.get("projects"), "stage": stage})
    # the one completeness (leaf links with a local firm), once the project has landed: the
    # links it counts for gain its investor as a local firm; a project that does not count
    # (framework, below the threshold) changes no link, so no completeness either
    reached = {row["link"] for row in links}
    chains_after = _chains(after)
    chains = [{"chain": chain, "links": len(leaves), "completeness_before": completeness(leaves),
               "completeness_after": completeness(chains_after.get(chain, []), landed=reached)}
              for chain, leaves in sorted(_chains(before).items())]
    return links, chains
