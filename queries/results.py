"""The gap engine's answer as plain dataclasses: what reports, maps and servers consume.

Every engine (SQL, SPARQL and the Python oracle) fills exactly these classes, so the
agreement tests compare them field by field and downstream code never sees engine rows.
Statuses are the codes of :data:`chaingap.ontology.vocab.STATUSES`; the words a user reads
(the rule sentence included) are written by the report layer (``chaingap.report.i18n``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from chaingap.graph.values import to_json

__all__ = ["Rule", "LinkResult", "Target", "Analysis", "plain"]

#: JSON-friendly copy: Decimals become floats rounded to 6 places, containers recurse.
plain = to_json


@dataclass(frozen=True)
class Rule:
    """The step-3 rule that set a link's status (docs/gap-rules.md) and the thresholds it quotes.

    ``status`` names the rule (each of the five rules sets one status); ``thresholds`` holds
    the profile values that rule compared the link's numbers with (e.g. ``weak_lq_below`` and
    ``weak_count_below`` for a weak link). The numbers themselves are the link's metrics.
    ``chaingap.report.i18n.rule_sentence`` turns both into the sentence a user reads.
    """

    status: str
    thresholds: dict[str, Any] = field(default_factory=dict)


@dataclass
class LinkResult:
    """One link's status, the numbers behind it and the rule that fired (:class:`Rule`).

    ``metrics`` keys (see docs/gap-rules.md for the exact formulas): ``local_enterprises``,
    ``local_revenue``, ``local_key_enterprises``, ``benchmark_enterprises``,
    ``benchmark_revenue``, ``dataset_benchmark_enterprises``, ``dataset_benchmark_revenue``,
    ``lq_count``, ``lq_revenue``, ``lq``,
    ``lq_basis``, ``top_share``, ``hhi``, ``projects``, ``max_stage_order``,
    ``downstream_count``, ``criticality``, ``strong_neighbours``, ``feeds_strong``,
    ``supply_gap``, ``top_firm`` (id of the local member with the largest revenue x share),
    ``single_firm`` (单一企业依赖: a strong or normal link whose top share or HHI is above the
    profile's fragility thresholds; ``top_firm_name`` names that firm for the sentences).
    Counts are ``int``, revenues and scores exact ``Decimal``; ratios (LQs,
    top share, HHI) are ``Decimal`` or ``float`` depending on the engine.
    """

    id: str
    name: str
    chain: str
    segment: str
    status: str
    extension: bool
    metrics: dict[str, Any] = field(default_factory=dict)
    rule: Rule | None = None
    name_en: str = ""
    chain_name: str = ""
    top_firm_name: str = ""
    #: nesting level (1 = a link without parent) and whether it has no sub-link (queries/rollups.py)
    level: int = 1
    leaf: bool = True
    #: a rollup (status ``rollup``): how many of its leaf links at any depth have each status
    rollup: dict[str, int] = field(default_factory=dict)

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
    #: what the size part was measured on (vocab.SIZE_BASES): revenue, registered_capital, employees,
    #: listed or none
    size_basis: str = "none"

    def to_dict(self) -> dict[str, Any]:
        return plain(asdict(self))


@dataclass
class Analysis:
    """Everything one run of the gap engine found, in deterministic order.

    ``links`` sorted by chain id then link id, leaves with their statuses and parents as
    rollups (``as_links`` holds the parents' own evaluations, for ``gaps --level``); ``targets`` maps a link id to its ranked
    candidates (score desc, enterprise id asc); ``shortlist`` is the city-wide list (each
    enterprise once, at its best link); ``expand_locally`` lists local firms in weak links.
    """

    links: list[LinkResult]
    targets: dict[str, list[Target]]
    shortlist: list[Target]
    expand_locally: list[Target]
    profile: dict[str, Any] = field(default_factory=dict)
    engine: str = "sql"
    region: str = ""
    #: each parent link evaluated as a link (its own status; ``links`` shows it as a rollup)
    as_links: dict[str, LinkResult] = field(default_factory=dict)

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
            "as_links": {link: result.to_dict() for link, result in self.as_links.items()},
            "targets": {link: [t.to_dict() for t in items] for link, items in self.targets.items()},
            "shortlist": [t.to_dict() for t in self.shortlist],
            "expand_locally": [t.to_dict() for t in self.expand_locally],
        }
