"""The gap engine on SPARQL: statuses and rankings computed by the bundled ``.rq`` files.

Python passes only the profile's values (as the marked VALUES rows) and a link IRI per
ranking query; aggregates, ratios, statuses and scores are all computed by the queries.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from . import load_query
from .backend import select
from .common import LinkInfo, PART_NAMES
from .params import render
from .profile import Profile

__all__ = ["status_params", "target_params", "expand_params", "link_rows", "target_rows", "expand_rows",
           "target_rows_live", "forget", "METRIC_NAMES"]

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


def expand_params(profile: Profile, link_iri: str | None) -> dict[str, Any]:
    """Values of expand_locally.rq (one link) or expand_candidates.rq (``link_iri`` None)."""
    weights = profile.weights
    values = {"wFit": weights["fit"], "wSize": weights["size"], "wQuality": weights["quality"],
              "wExpansion": weights["expansion"]}
    return {**values, "link": link_iri} if link_iri else values


def target_params(profile: Profile, link_iri: str | None) -> dict[str, Any]:
    """Values of targets.rq (one link) or candidates.rq (``link_iri`` None)."""
    weights = profile.weights
    values = {
        "wFit": weights["fit"], "wSize": weights["size"], "wQuality": weights["quality"],
        "wTies": weights["ties"], "wGroup": weights["group"], "wProximity": weights["proximity"],
        "wExpansion": weights["expansion"],
        "pSame": profile.proximity["same_province"], "pNeighbouring": profile.proximity["neighbouring"],
        "pRegion": profile.proximity["same_region"], "pOther": profile.proximity["other"],
    }
    return {**values, "link": link_iri} if link_iri else values


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


_RANKED: dict[int, dict[tuple[str, str], list[dict[str, Any]]]] = {}


def forget() -> None:
    """Drop the ranked lists read for the previous analysis."""
    _RANKED.clear()


def _ranked(store: Any) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The stored ranked lists (``ranked_targets.rq``), read once per analysis."""
    key = id(store)
    if key not in _RANKED:
        _RANKED.clear()
        lists: dict[tuple[str, str], list[dict[str, Any]]] = {}
        for row in select(store, load_query("ranked_targets")):
            detail = json.loads(row.pop("detail"))
            for field, value in detail.items():
                row[field] = Decimal(value) if field.endswith("Part") or field == "revenue" else value
            lists.setdefault((row["kind"], row["link"]), []).append(row)
        _RANKED[key] = lists
    return _RANKED[key]


def _rows(store: Any, kind: str, link_iri: str, top: int, names: tuple[str, ...]):
    rows = []
    for row in _ranked(store).get((kind, link_iri), [])[:top]:
        parts = {name: row.get(f"{name}Part", Decimal(0)) for name in names}
        details = {"local_customers": row.get("localCustomers"), "local_suppliers": row.get("localSuppliers"),
                   "local_branches": row.get("localBranches"),
                   "proximity_class": row.get("proximityClass") or "other",
                   "signal": row.get("signal"), "province": row.get("province"), "revenue": row.get("revenue")}
        rows.append((row["e"], row.get("name"), row["score"], parts, details))
    return rows


def target_rows(store: Any, profile: Profile, link_iri: str, top: int) -> list[tuple[str, str, Decimal, dict[str, Decimal], dict[str, Any]]]:
    """Ranked ``(iri, name, score, parts, details)`` for one link, as prepare() stored them."""
    return _rows(store, "external", link_iri, top, PART_NAMES)


def expand_rows(store: Any, profile: Profile, link_iri: str, top: int) -> list[tuple[str, str, Decimal, dict[str, Decimal], dict[str, Any]]]:
    """Ranked local firms able to expand in one link, as prepare() stored them."""
    return _rows(store, "local", link_iri, top, ("fit", "size", "quality", "expansion"))


def target_rows_live(store: Any, profile: Profile, link_iri: str, top: int) -> list[tuple[str, str, Decimal, dict[str, Decimal], dict[str, Any]]]:
    """The same list computed now by ``targets.rq`` for one link (no stored lists needed)."""
    text = _limited(render(load_query("targets"), target_params(profile, link_iri)), top)
    rows = []
    for row in select(store, text):
        parts = {name: row[f"{name}Part"] for name in PART_NAMES}
        details = {"local_customers": row["localCustomers"], "local_suppliers": row["localSuppliers"],
                   "local_branches": row["localBranches"], "proximity_class": row["proximityClass"] or "other",
                   "signal": row["signal"], "province": row["province"], "revenue": row["revenue"]}
        rows.append((row["e"], row["name"], row["score"], parts, details))
    return rows
