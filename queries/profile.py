"""Gap-engine profiles: the thresholds and weights a bureau may change, read from YAML.

A profile is data, not code, so a user copies ``profiles/default.yaml``, edits numbers and
passes ``--profile FILE``; any key left out keeps its default. Numbers are kept as
:class:`~decimal.Decimal` so that the SPARQL engine (xsd:decimal) and the Python engine
compare against exactly the same thresholds.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import Decimal
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from chaingap.ontology.vocab import PROXIMITY, SCORE_PARTS, STAGES, STATUSES

__all__ = ["Profile", "load_profile", "profile_with", "default_profile_text", "FILLING_STAGES"]

#: Stages a profile may name as ``being_filled_stage``: from signing on (a project still in
#: pre-evaluation, order 0, would make every missing link "being filled").
FILLING_STAGES = tuple(term.code for term in STAGES if term.order >= 1)


def default_profile_text() -> str:
    """The bundled default profile, verbatim (comments included), for users to copy."""
    return files("chaingap.queries").joinpath("profiles/default.yaml").read_text(encoding="utf-8")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _dec(value: Any) -> Decimal:
    return Decimal(str(value))


def _weight(value: Any) -> Decimal | None:
    """``min_feed_weight``: None when empty; a non-number is refused by :meth:`Profile._check`."""
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return Decimal("NaN")


@dataclass(frozen=True)
class Profile:
    """Validated profile values (see docs/gap-rules.md for what each one does)."""

    name: str
    benchmark: str
    lq_basis: str
    key_revenue_min: Decimal
    strong_lq_min: Decimal
    strong_count_min: int
    weak_lq_below: Decimal
    weak_count_below: int
    being_filled_stage: str
    top_share_above: Decimal
    hhi_above: Decimal
    target_statuses: tuple[str, ...]
    top_n: int
    shortlist_size: int
    weights: dict[str, Decimal]
    proximity: dict[str, Decimal]
    expand_statuses: tuple[str, ...]
    expand_top_n: int
    region_province: str | None
    raw: dict[str, Any]
    evidence_local_min: int = 1
    evidence_benchmark_min: int = 1
    domestic_min: Decimal = Decimal(10000)
    foreign_min_usd: Decimal = Decimal(1000)
    framework_counts: bool = False
    #: feeds-into edges lighter than this are ignored by every engine (None: every edge)
    min_feed_weight: Decimal | None = None
    declined_hold_days: int = 365

    @property
    def being_filled_order(self) -> int:
        """``cg:stageOrder`` of the being-filled stage (started: 3)."""
        return STAGES.order(self.being_filled_stage)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Profile":
        status, targets, expand = data["status"], data["targets"], data["expand_locally"]
        profile = cls(
            name=str(data.get("name", "custom")),
            benchmark=str(data["benchmark"]),
            lq_basis=str(data["lq_basis"]),
            key_revenue_min=_dec(data["key_enterprise"]["revenue_min"]),
            strong_lq_min=_dec(status["strong"]["lq_min"]),
            strong_count_min=int(status["strong"]["count_min"]),
            weak_lq_below=_dec(status["weak"]["lq_below"]),
            weak_count_below=int(status["weak"]["count_below"]),
            being_filled_stage=str(status["being_filled_stage"]),
            top_share_above=_dec(data["fragility"]["top_share_above"]),
            hhi_above=_dec(data["fragility"]["hhi_above"]),
            target_statuses=tuple(targets["statuses"]),
            top_n=int(targets["top_n"]),
            shortlist_size=int(targets["shortlist_size"]),
            weights={name: _dec(targets["weights"][name]) for name in SCORE_PARTS.codes},
            proximity={name: _dec(targets["proximity"][name]) for name in PROXIMITY.codes},
            expand_statuses=tuple(expand["statuses"]),
            expand_top_n=int(expand["top_n"]),
            region_province=(str(data["region_province"]) if data.get("region_province") else None),
            raw=data,
            evidence_local_min=int(status.get("evidence", {}).get("local_min", 1)),
            evidence_benchmark_min=int(status.get("evidence", {}).get("benchmark_min", 1)),
            domestic_min=_dec(data["pipeline"]["domestic_min"]),
            foreign_min_usd=_dec(data["pipeline"]["foreign_min_usd"]),
            framework_counts=bool(data["pipeline"]["framework_counts"]),
            min_feed_weight=_weight(data.get("min_feed_weight")),
            declined_hold_days=int(targets.get("declined_hold_days", 365)),
        )
        profile._check()
        return profile

    def _check(self) -> None:
        problems = []
        if self.benchmark not in {"graph", "dataset"}:
            problems.append(f"benchmark must be graph or dataset, not {self.benchmark!r}")
        if self.lq_basis not in {"auto", "revenue", "count"}:
            problems.append(f"lq_basis must be auto, revenue or count, not {self.lq_basis!r}")
        if self.being_filled_stage not in FILLING_STAGES:
            problems.append(f"being_filled_stage must be one of {sorted(FILLING_STAGES)}")
        for status in self.target_statuses + self.expand_statuses:
            if status not in STATUSES:
                problems.append(f"unknown status {status!r}")
        if self.evidence_local_min < 1 or self.evidence_benchmark_min < 1:
            problems.append("evidence local_min and benchmark_min must be >= 1")
        if self.declined_hold_days < 0:
            problems.append("targets declined_hold_days must be >= 0")
        if self.top_n < 1 or self.shortlist_size < 0 or self.expand_top_n < 0:
            problems.append("top_n must be >= 1, shortlist_size and expand top_n >= 0")
        if self.min_feed_weight is not None and not (self.min_feed_weight.is_finite() and self.min_feed_weight >= 0):
            problems.append("min_feed_weight must be a number >= 0 (or empty: every feeds-into edge counts)")
        if problems:
            raise ValueError("invalid profile: " + "; ".join(problems))

    def summary(self) -> dict[str, Any]:
        """The values that shaped a result, for reports (thresholds and weights)."""
        return {
            "name": self.name, "benchmark": self.benchmark, "lq_basis": self.lq_basis,
            "key_revenue_min": self.key_revenue_min,
            "strong": {"lq_min": self.strong_lq_min, "count_min": self.strong_count_min},
            "weak": {"lq_below": self.weak_lq_below, "count_below": self.weak_count_below},
            "being_filled_stage": self.being_filled_stage,
            "evidence": {"local_min": self.evidence_local_min, "benchmark_min": self.evidence_benchmark_min},
            "fragility": {"top_share_above": self.top_share_above, "hhi_above": self.hhi_above},
            "top_n": self.top_n, "weights": dict(self.weights),
            # in the profile's own shape, so load_profile(summary) holds declines back the same way
            "targets": {"statuses": list(self.target_statuses), "declined_hold_days": self.declined_hold_days},
            "pipeline": {"domestic_min": self.domestic_min, "foreign_min_usd": self.foreign_min_usd,
                         "framework_counts": self.framework_counts},
            "min_feed_weight": self.min_feed_weight,
        }


def profile_with(source: str | Path | dict[str, Any] | Profile | None, **overrides: Any) -> Profile:
    """``source`` (as :func:`load_profile` takes it) with top-level keys overridden, e.g. a
    command line's ``--min-weight`` over the profile file's ``min_feed_weight``."""
    return Profile.from_dict(_merge(load_profile(source).raw, overrides))


def load_profile(source: str | Path | dict[str, Any] | Profile | None = None) -> Profile:
    """The default profile overlaid with ``source`` (a YAML path, a dict, or None)."""
    if isinstance(source, Profile):
        return source
    base = yaml.safe_load(default_profile_text())
    if source is None:
        return Profile.from_dict(base)
    if isinstance(source, dict):
        override = source
    else:
        override = yaml.safe_load(Path(source).read_text(encoding="utf-8")) or {}
        if not isinstance(override, dict):
            raise ValueError(f"{source}: a profile is a YAML mapping")
    return Profile.from_dict(_merge(base, override))
