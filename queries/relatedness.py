"""Relatedness (延链 beyond the chain file): which links the region could grow into, from the pool.

The pool says which links go together across the country: treat the region's local firms as
one region and every pool firm's province as another, count firms per (region, link), and
(Hidalgo, Klinger, Barabási & Hausmann 2007, "The product space"):

- **specialises** M[r, l] = 1 when the location quotient (r's share of firms in l over the
  country's share) is >= 1, computed exactly (fractions), so 1 is 1;
- **proximity** phi[l, k] = |regions specialising in both| / max(ubiquity l, ubiquity k),
  where ubiquity = number of regions specialising in the link (min of the two conditional
  probabilities); phi[l, l] = 1 for a link some region specialises in;
- **density** of link l in region r = sum_k M[r, k] phi[l, k] / sum_k phi[l, k]: how much of
  what goes with l the region already does.

A link with no local firm and a high local density is a feasible extension even where no
feeds-into edge reaches it. Regions and links that specialise in nothing (ubiquity or
diversity 0) are left out, as ``ecomplexity`` does; a link left out has density None.
Figures are exact ``Fraction`` s; ``tests/test_relatedness.py`` checks them against the
``ecomplexity`` package on generated data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .sources import tables_of

__all__ = ["LOCAL", "Relatedness", "relatedness", "from_counts"]

#: The name of the region formed by the local firms.
LOCAL = "(local)"

_COUNTS = """
WITH firms AS (
    SELECT id, bool_or(is_local) AS is_local, min(province) AS province FROM enterprises GROUP BY id
)
SELECT CASE WHEN f.is_local THEN $local ELSE f.province END AS region, o.link, count(DISTINCT o.enterprise) AS n
FROM operations o JOIN firms f ON f.id = o.enterprise
WHERE f.is_local OR (f.province IS NOT NULL AND f.province <> '')
GROUP BY ALL
"""


@dataclass
class Relatedness:
    """M, proximity and density over the regions and links that specialise in anything."""

    regions: list[str]
    links: list[str]
    counts: dict[tuple[str, str], int]
    specialised: dict[tuple[str, str], bool]
    proximity: dict[tuple[str, str], Fraction]
    density: dict[tuple[str, str], Fraction]

    def extensions(self, region: str = LOCAL, min_density: Fraction | float = Fraction(1, 2)) -> list[dict[str, Any]]:
        """Links where ``region`` has no firm but a density >= ``min_density``, densest first (then id)."""
        rows = [{"link": link, "density": self.density[(region, link)], "local_enterprises": 0}
                for link in self.links
                if self.counts.get((region, link), 0) == 0 and (region, link) in self.density
                and self.density[(region, link)] >= Fraction(min_density)]
        return sorted(rows, key=lambda row: (-row["density"], row["link"]))


def from_counts(counts: Mapping[tuple[str, str], int]) -> Relatedness:
    """The measures from firm counts per (region, link)."""
    counts = {key: int(value) for key, value in counts.items() if value}
    total = sum(counts.values())
    by_region: dict[str, int] = defaultdict(int)
    by_link: dict[str, int] = defaultdict(int)
    for (region, link), n in counts.items():
        by_region[region] += n
        by_link[link] += n
    specialised = {(r, l): Fraction(n * total, by_region[r] * by_link[l]) >= 1 for (r, l), n in counts.items()}
    ubiquity: dict[str, int] = defaultdict(int)
    diversity: dict[str, int] = defaultdict(int)
    for (r, l), yes in specialised.items():
        if yes:
            ubiquity[l] += 1
            diversity[r] += 1
    regions = sorted(r for r in by_region if diversity[r])
    links = sorted(l for l in by_link if ubiquity[l])
    members: dict[str, set[str]] = {l: {r for r in regions if specialised.get((r, l))} for l in links}
    proximity = {(a, b): Fraction(len(members[a] & members[b]), max(ubiquity[a], ubiquity[b]))
                 for a in links for b in links}
    density: dict[tuple[str, str], Fraction] = {}
    for link in links:
        weight = sum(proximity[(link, k)] for k in links)
        for region in regions:
            have = sum(proximity[(link, k)] for k in links if specialised.get((region, k)))
            density[(region, link)] = have / weight
    return Relatedness(regions, links, counts, {k: v for k, v in specialised.items() if v}, proximity, density)


def relatedness(source: Any) -> Relatedness:
    """The measures for the tables of record behind ``source`` (local firms as one region, the pool by province)."""
    con = tables_of(source).con
    rows = con.execute(_COUNTS, {"local": LOCAL}).fetchall()
    return from_counts({(str(region), str(link)): int(n) for region, link, n in rows})
