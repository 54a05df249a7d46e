"""The record shapes ``loaders/rdf.py`` reads (it renders a dataset as N-Quads from them).

The checks and the tables of record no longer need row objects; these stay for the RDF
writer until the graph is built from the tables (then this module goes with it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from .money import Money

__all__ = ["FLAG_COLUMNS", "EnterpriseRecord", "fill_shares"]

#: Yes/no columns of the enterprise tables -> the ontology property each is written as.
FLAG_COLUMNS = {
    "listed": "isListed",
    "specialised": "isSpecialised",
    "high_tech": "isHighTech",
    "above_scale": "isAboveScale",
    "chain_leader": "isChainLeader",
}


@dataclass(slots=True)
class EnterpriseRecord:
    id: str
    name: str
    row: int
    is_local: bool
    credit_code: str | None = None
    district: str | None = None
    province: str = ""
    city: str = ""
    county: str = ""
    links: list[tuple[str, Decimal | None]] = field(default_factory=list)
    method: str | None = None
    industry_code: str = ""
    revenue: Money | None = None
    registered_capital: Money | None = None
    founded: dt.date | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    parent_group: str = ""
    business_scope: str = ""
    address: str = ""
    expansion_signal: str = ""
    illustrative: bool = False
    source: str = ""
    file: str = ""


def fill_shares(links: list[tuple[str, Decimal | None]]) -> list[tuple[str, Decimal]]:
    """Every link with a share: missing shares split what the given ones leave (at least 0).

    The SHACL shapes want one ``cg:share`` on every operation; a single link without a
    share gets 1, two links without shares get 0.5 each.
    """
    missing = [link for link, share in links if share is None]
    if not missing:
        return [(link, share) for link, share in links if share is not None]
    given = sum((share for _, share in links if share is not None), Decimal(0))
    rest = max(Decimal(1) - given, Decimal(0)) / len(missing)
    rest = rest.quantize(Decimal("0.0001")) if rest.as_tuple().exponent < -4 else rest
    return [(link, rest if share is None else share) for link, share in links]
