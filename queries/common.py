"""Pieces both engines share so that their outputs are built the same way.

Only presentation is shared here (link names, turning rows into dataclasses, the shortlist
merge); every number is computed separately by each engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from chaingap.ontology import terms

from . import load_query
from .backend import select
from .profile import Profile
from .results import LinkResult, Target

__all__ = ["LinkInfo", "link_info", "ordered_targets", "make_shortlist", "target_reasons", "PART_NAMES", "safe_local_id"]

PART_NAMES = ("fit", "size", "quality", "ties", "group", "proximity", "expansion")
LinkInfo = dict[str, dict[str, str]]


def safe_local_id(resource: str) -> str:
    """Data id of a chaingap IRI, or the IRI itself for a foreign one."""
    try:
        return terms.local_id(resource)
    except ValueError:
        return str(resource)


def link_info(store: Any) -> LinkInfo:
    """``{link IRI: {id, name, name_en, chain, chain_name, segment}}`` for every link."""
    chains = {row["chain"]: row for row in select(store, load_query("chains"))}
    info: LinkInfo = {}
    for row in select(store, load_query("links")):
        chain = row["chain"] or ""
        info[row["link"]] = {
            "id": safe_local_id(row["link"]),
            "name": row["name"] or safe_local_id(row["link"]),
            "name_en": row["nameEn"] or "",
            "chain": safe_local_id(chain) if chain else "",
            "chain_name": (chains.get(chain) or {}).get("name") or "",
            "segment": str(row["segment"]).rsplit("#", 1)[-1] if row["segment"] else "",
        }
    return info


def target_reasons(details: dict[str, Any]) -> list[str]:
    """Tags explaining a candidate (order fixed, so both engines give the same list)."""
    reasons = []
    if details.get("local_customers"):
        reasons.append(f"supplies_local:{details['local_customers']}")
    if details.get("local_suppliers"):
        reasons.append(f"buys_from_local:{details['local_suppliers']}")
    if details.get("local_branches"):
        reasons.append(f"group_of_local:{details['local_branches']}")
    if details.get("proximity_class") and details["proximity_class"] != "other":
        reasons.append(f"proximity:{details['proximity_class']}")
    if details.get("signal"):
        reasons.append("expansion_signal")
    return reasons


def ordered_targets(link_id: str, rows: Iterable[tuple[str, str, Decimal, dict[str, Decimal], dict[str, Any]]]) -> list[Target]:
    """Targets from ``(iri, name, score, parts, details)`` already in final order, ranked 1..n."""
    result = []
    for rank, (iri, name, score, parts, details) in enumerate(rows, start=1):
        result.append(Target(
            enterprise=safe_local_id(iri), name=name or safe_local_id(iri), link=link_id,
            score=score, rank=rank, parts=parts, reasons=target_reasons(details),
            province=str(details.get("province") or ""), revenue=details.get("revenue"),
        ))
    return result


def make_shortlist(targets: dict[str, list[Target]], size: int) -> list[Target]:
    """City-wide list: each enterprise once at its best link (score desc, link id asc), top ``size``."""
    best: dict[str, Target] = {}
    for link_id in sorted(targets):
        for target in targets[link_id]:
            held = best.get(target.enterprise)
            if held is None or target.score > held.score:
                best[target.enterprise] = target
    ordered = sorted(best.values(), key=lambda t: (-t.score, terms.iri("enterprise", t.enterprise)))[:size]
    return [Target(**{**t.__dict__, "rank": rank}) for rank, t in enumerate(ordered, start=1)]


def build_link(iri: str, info: LinkInfo, status: str, extension: bool, metrics: dict[str, Any], rule: str) -> LinkResult:
    item = info[iri]
    return LinkResult(id=item["id"], name=item["name"], chain=item["chain"], segment=item["segment"],
                      status=status, extension=extension, metrics=metrics, rule=rule,
                      name_en=item["name_en"], chain_name=item["chain_name"])
