"""Pieces every engine shares so that their outputs are built the same way.

Only presentation is shared here (metric names, the rule each status quotes, turning rows into
dataclasses, the shortlist merge); every number is computed separately by each engine.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from chaingap.ontology import terms
from chaingap.ontology.vocab import SCORE_PARTS

from .profile import Profile
from .results import LinkResult, Rule, Target

__all__ = ["METRICS", "PART_NAMES", "LOCAL_PART_NAMES", "Row", "LinkInfo", "ordered_targets", "make_shortlist",
           "target_reasons", "safe_local_id", "rule_of", "build_link"]

#: Keys of ``LinkResult.metrics``, in the order every engine reports them.
METRICS = ("local_enterprises", "local_revenue", "local_key_enterprises", "benchmark_enterprises",
           "benchmark_revenue", "dataset_benchmark_enterprises", "dataset_benchmark_revenue",
           "lq_count", "lq_revenue", "lq", "lq_basis", "top_share", "hhi", "projects", "max_stage_order",
           "downstream_count", "criticality", "strong_neighbours", "feeds_strong", "supply_gap",
           "top_firm", "single_firm")
#: Score parts of a recruitment target, and of a local firm able to expand.
PART_NAMES = SCORE_PARTS.codes
LOCAL_PART_NAMES = ("fit", "size", "quality", "expansion")

#: One ranked row: (enterprise id, name, score, weighted parts, details behind the reasons).
Row = tuple[str, str | None, Decimal, dict[str, Decimal], dict[str, Any]]
#: ``{link id: {id, name, name_en, chain, chain_name, segment}}``.
LinkInfo = dict[str, dict[str, str]]


def safe_local_id(resource: str) -> str:
    """Data id of a chaingap IRI, or the IRI itself for a foreign one."""
    try:
        return terms.local_id(resource)
    except ValueError:
        return str(resource)


def rule_of(status: str, profile: Profile) -> Rule:
    """The step-3 rule that sets ``status``, with the profile thresholds it quotes."""
    stage = {"being_filled_stage": profile.being_filled_stage}
    strong = {"strong_count_min": profile.strong_count_min, "strong_lq_min": profile.strong_lq_min}
    weak = {"weak_lq_below": profile.weak_lq_below, "weak_count_below": profile.weak_count_below}
    evidence = {"local_min": profile.evidence_local_min, "benchmark_min": profile.evidence_benchmark_min}
    quoted = {"missing": stage, "being_filled": stage, "strong": strong, "weak": weak, "normal": {**weak, **strong},
              "insufficient_evidence": evidence, "no_data": {}, "rollup": {}}
    return Rule(status=status, thresholds=dict(quoted[status]))


def target_reasons(details: dict[str, Any]) -> list[str]:
    """Tags explaining a candidate (order fixed, so every engine gives the same list)."""
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


def ordered_targets(link_id: str, rows: Iterable[Row]) -> list[Target]:
    """Targets from ``(enterprise id, name, score, parts, details)`` already in final order, ranked 1..n."""
    result = []
    for rank, (enterprise, name, score, parts, details) in enumerate(rows, start=1):
        result.append(Target(
            enterprise=enterprise, name=name or enterprise, link=link_id,
            score=score, rank=rank, parts=parts, reasons=target_reasons(details),
            province=str(details.get("province") or ""), revenue=details.get("revenue"),
            size_basis=details.get("size_basis") or "none",
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


def build_link(item: dict[str, str], status: str, extension: bool, metrics: dict[str, Any],
               profile: Profile) -> LinkResult:
    """The LinkResult of one link from its info row and an engine's status row."""
    return LinkResult(id=item["id"], name=item["name"], chain=item["chain"], segment=item["segment"],
                      status=status, extension=extension, metrics=metrics, rule=rule_of(status, profile),
                      name_en=item["name_en"], chain_name=item["chain_name"])
