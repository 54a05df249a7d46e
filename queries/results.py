"""The gap engine's answer as plain dataclasses: what reports, maps and servers consume.

Both engines (SPARQL and Python) fill exactly these classes, so the agreement tests compare
them field by field and downstream code never sees SPARQL rows.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

__all__ = ["STATUSES", "LinkResult", "Target", "Analysis", "plain"]

#: The five link statuses, worst first (the order reports list them in).
STATUSES = ("missing", "being_filled", "weak", "normal", "strong")


def plain(value: Any) -> Any:
    """JSON-friendly copy: Decimals become floats rounded to 6 places, containers recurse."""
    if isinstance(value, Decimal):
        return float(round(value, 6))
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value


@dataclass
class LinkResult:
    """One link's status, the numbers behind it and the rule that fired.

    ``metrics`` keys (see docs/gap-rules.md for the exact formulas): ``local_enterprises``,
    ``local_revenue``, ``local_key_enterprises``, ``benchmark_enterprises``,
    ``benchmark_revenue``, ``pool_enterprises``, ``lq_count``, ``lq_revenue``, ``lq``,
    ``lq_basis``, ``top_share``, ``hhi``, ``projects``, ``max_stage_order``,
    ``downstream_count``, ``criticality``, ``feeds_strong``, ``supply_gap``.
    """

    id: str
    name: str
    chain: str
    segment: str
    status: str
    extension: bool
    metrics: dict[str, Any] = field(default_factory=dict)
    rule: str = ""
    name_en: str = ""
    chain_name: str = ""

    def to_dict(self) -> dict[str, Any]:
        return plain(asdict(self))


@dataclass
class Target:
    """A recruitment candidate (or, in ``expand_locally``, a local firm able to expand).

    ``parts`` holds each score component already weighted (their sum is ``score``);
    ``reasons`` are short machine-readable tags such as ``supplies_local`` or ``group_of_local``.
    """

    enterprise: str
    name: str
    link: str
    score: Decimal
    rank: int
    parts: dict[str, Decimal] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    province: str = ""
    revenue: Decimal | None = None

    def to_dict(self) -> dict[str, Any]:
        return plain(asdict(self))


@dataclass
class Analysis:
    """Everything one run of the gap engine found, in deterministic order.

    ``links`` sorted by chain id then link id; ``targets`` maps a link id to its ranked
    candidates (score desc, enterprise id asc); ``shortlist`` is the city-wide list (each
    enterprise once, at its best link); ``expand_locally`` lists local firms in weak links.
    """

    links: list[LinkResult]
    targets: dict[str, list[Target]]
    shortlist: list[Target]
    expand_locally: list[Target]
    profile: dict[str, Any] = field(default_factory=dict)
    engine: str = "sparql"
    region: str = ""

    def link(self, link_id: str) -> LinkResult:
        for result in self.links:
            if result.id == link_id:
                return result
        raise KeyError(link_id)

    def by_status(self, status: str) -> list[LinkResult]:
        return [result for result in self.links if result.status == status]

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "region": self.region,
            "profile": plain(self.profile),
            "links": [result.to_dict() for result in self.links],
            "targets": {link: [t.to_dict() for t in items] for link, items in self.targets.items()},
            "shortlist": [t.to_dict() for t in self.shortlist],
            "expand_locally": [t.to_dict() for t in self.expand_locally],
        }
