"""The gap engine on SPARQL: statuses and rankings computed by the bundled ``.rq`` files.

Python passes only the profile's values (as the marked VALUES rows) and a link IRI per
ranking query; aggregates, ratios, statuses and scores are all computed by the queries.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from . import load_query
from .backend import select
from .common import LinkInfo, PART_NAMES
from .params import render
from .profile import Profile

__all__ = ["status_params", "target_params", "link_rows", "target_rows", "expand_rows", "METRIC_NAMES"]

#: SPARQL variable -> metrics key of :class:`~chaingap.queries.results.LinkResult`.
METRIC_NAMES = {
    "n": "local_enterprises", "eR": "local_revenue", "nKey": "local_key_enterprises",
    "nN": "benchmark_enterprises", "eN": "benchmark_revenue",
    "bn": "dataset_benchmark_enterprises", "be": "dataset_benchmark_revenue",
    "lqCount": "lq_count", "lqRevenue": "lq_revenue", "lq": "lq", "lqBasisUsed": "lq_basis",
    "topShare": "top_share", "hhi": "hhi", "projects": "projects", "maxStageOrder": "max_stage_order",
    "downstreamCount": "downstream_count", "criticality": "criticality",
    "strongNeighbours": "strong_neighbours", "feedsStrong": "feeds_strong", "supplyGap": "supply_gap",
}


def status_params(profile: Profile) -> dict[str, Any]:
    """Values of link_status.rq's marked rows (the neighbour subquery repeats them as ?nb_...)."""
    values = {
        "benchmark": profile.benchmark, "lqBasis": profile.lq_basis,
        "strongLqMin": profile.strong_lq_min, "strongCountMin": profile.strong_count_min,
        "weakLqBelow": profile.weak_lq_below, "weakCountBelow": profile.weak_count_below,
        "filledStageOrder": profile.being_filled_order,
    }
    values.update({f"nb_{name}": value for name, value in list(values.items())})
    return values


def target_params(profile: Profile, link_iri: str) -> dict[str, Any]:
    weights = profile.weights
    return {
        "link": link_iri,
        "wFit": weights["fit"], "wSize": weights["size"], "wQuality": weights["quality"],
        "wTies": weights["ties"], "wGroup": weights["group"], "wProximity": weights["proximity"],
        "wExpansion": weights["expansion"],
        "pSame": profile.proximity["same_province"], "pNeighbouring": profile.proximity["neighbouring"],
        "pRegion": profile.proximity["same_region"], "pOther": profile.proximity["other"],
    }


def link_rows(store: Any, profile: Profile) -> dict[str, tuple[str, bool, dict[str, Any]]]:
    """``{link IRI: (status, extension, metrics)}`` from ``link_status.rq``."""
    result = {}
    for row in select(store, render(load_query("link_status"), status_params(profile))):
        metrics = {key: row.get(var) for var, key in METRIC_NAMES.items()}
        metrics["strong_neighbours"] = metrics["strong_neighbours"] or 0
        result[row["link"]] = (row["status"], bool(row["extension"]), metrics)
    return result


def _limited(text: str, top: int) -> str:
    return f"{text.rstrip()}\nLIMIT {int(top)}\n"


def target_rows(store: Any, profile: Profile, link_iri: str, top: int) -> list[tuple[str, str, Decimal, dict[str, Decimal], dict[str, Any]]]:
    """Ranked ``(iri, name, score, parts, details)`` for one link from ``targets.rq``."""
    text = _limited(render(load_query("targets"), target_params(profile, link_iri)), top)
    rows = []
    for row in select(store, text):
        parts = {name: row[f"{name}Part"] for name in PART_NAMES}
        details = {"local_customers": row["localCustomers"], "local_suppliers": row["localSuppliers"],
                   "local_branches": row["localBranches"],
                   "proximity_class": row["proximityClass"] or "other", "signal": row["signal"],
                   "province": row["province"], "revenue": row["revenue"]}
        rows.append((row["e"], row["name"], row["score"], parts, details))
    return rows


def expand_rows(store: Any, profile: Profile, link_iri: str, top: int) -> list[tuple[str, str, Decimal, dict[str, Decimal], dict[str, Any]]]:
    """Ranked local firms able to expand in one link, from ``expand_locally.rq``."""
    weights = profile.weights
    values = {"link": link_iri, "wFit": weights["fit"], "wSize": weights["size"],
              "wQuality": weights["quality"], "wExpansion": weights["expansion"]}
    rows = []
    for row in select(store, _limited(render(load_query("expand_locally"), values), top)):
        parts = {name: row[f"{name}Part"] for name in ("fit", "size", "quality", "expansion")}
        details = {"signal": row["signal"], "revenue": row["revenue"]}
        rows.append((row["e"], row["name"], row["score"], parts, details))
    return rows
