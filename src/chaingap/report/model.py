"""What the industry map draws: plain dataclasses, filled from an analysis and the store.

The views (chain graph, charts, HTML pages, lists) read only these classes, never the gap
engine's objects or SPARQL results directly. So a change of shape upstream is absorbed in
:func:`city_view` alone, and tests build a :class:`CityView` by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from chaingap.ontology import terms
from chaingap.ontology.vocab import FLAGS
from chaingap.queries.rollups import completeness, leaf_links

__all__ = [
    "LinkView",
    "EnterpriseRow",
    "ProjectRow",
    "ProductRow",
    "BaseRow",
    "TargetRow",
    "ChainView",
    "CityView",
]

#: Statuses, segments and stages are the vocabulary's (``chaingap.ontology.vocab``): codes here,
#: words and order there.

Number = float | int


@dataclass
class LinkView:
    """One link of a chain as the map shows it: where it sits, its status and its numbers."""

    id: str
    name: str
    name_en: str = ""
    segment: str = ""
    parent: str | None = None
    status: str = "normal"
    extension: bool = False
    feeds: list[str] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    reason: str = ""

    @property
    def iri(self) -> str:
        return terms.iri("link", self.id)

    def label(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    @property
    def local_enterprises(self) -> int:
        value = self.metrics.get("local_enterprises", self.metrics.get("enterprises", 0))
        return int(value or 0)


@dataclass
class EnterpriseRow:
    """A local enterprise and the links it works in."""

    id: str
    name: str
    district: str = ""
    links: list[str] = field(default_factory=list)
    revenue: float | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def is_key(self) -> bool:
        """Key enterprise (重点企业): any quality flag, since flags are what bureaus track."""
        return bool(set(self.flags) & set(FLAGS.codes))


@dataclass
class ProjectRow:
    id: str
    name: str
    district: str = ""
    links: list[str] = field(default_factory=list)
    investment: float | None = None
    stage: str = ""
    investor: str = ""


@dataclass
class ProductRow:
    id: str
    name: str
    enterprise: str = ""
    link: str = ""
    brand: str = ""


@dataclass
class BaseRow:
    id: str
    name: str
    district: str = ""


@dataclass
class TargetRow:
    """A recruitment candidate for one link, with its score and the reasons behind it."""

    link: str
    enterprise: str
    name: str
    score: float = 0.0
    place: str = ""
    reasons: str = ""
    #: Rank among the link's candidates (1 = first); 0 when the engine gave none.
    rank: int = 0


@dataclass
class ChainView:
    """One chain page: its links and everything placed on them."""

    id: str
    name: str
    name_en: str = ""
    cluster: str = ""
    links: list[LinkView] = field(default_factory=list)
    enterprises: list[EnterpriseRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    products: list[ProductRow] = field(default_factory=list)
    bases: list[BaseRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)

    def label(self, lang: str = "zh") -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def link(self, link_id: str) -> LinkView | None:
        return next((item for item in self.links if item.id == link_id), None)

    def count(self, status: str) -> int:
        return sum(1 for item in self.links if item.status == status)

    @property
    def leaves(self) -> list[LinkView]:
        """The links that count in totals: all but rollups (parents, counted through their leaves)."""
        return leaf_links(self.links)

    @property
    def completeness(self) -> float:
        """Share of leaf links with at least one local enterprise (:func:`chaingap.queries.rollups.completeness`)."""
        return float(completeness(self.links))

    @property
    def strengths(self) -> list[LinkView]:
        return [item for item in self.links if item.status == "strong"]

    @property
    def weaknesses(self) -> list[LinkView]:
        return [item for item in self.links if item.status in ("missing", "being_filled", "weak")]


@dataclass
class CityView:
    """The whole report: the city and each of its chains."""

    name: str = ""
    as_of: str = ""
    chains: list[ChainView] = field(default_factory=list)
    districts: dict[str, str] = field(default_factory=dict)
    #: district id -> the district it is part of (a park in a county, a county in the city)
    parents: dict[str, str] = field(default_factory=dict)

    def district_name(self, district_id: str) -> str:
        return self.districts.get(district_id, district_id)

    def within(self, district_id: str) -> list[str]:
        """The district and every district it lies in, innermost first (cycles cut)."""
        chain: list[str] = []
        current: str | None = district_id
        while current and current not in chain:
            chain.append(current)
            current = self.parents.get(current)
        return chain


def pick(obj: Any, *names: str, default: Any = None) -> Any:
    """First present attribute or key of ``obj`` among ``names``: tolerant of both shapes."""
    for name in names:
        if isinstance(obj, Mapping):
            if name in obj and obj[name] is not None:
                return obj[name]
        elif getattr(obj, name, None) is not None:
            return getattr(obj, name)
    return default


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Mapping):
        return list(value.values())
    if isinstance(value, Iterable):
        return list(value)
    return [value]
