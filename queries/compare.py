"""Peer regions side by side: per link, the counts, LQ and status of two or more regions.

``chaingap compare --region JS --region ZJ`` asks each region's question of the same data
(:func:`.region.region_view`: every firm located in the region is local) and lists each link
once per region, in the order the regions were given. The first region is *here*: a link
strong in a peer and missing here is flagged ``peer_strong`` (a peer shows the link can be
built; its firms are the first to approach). Counts and statuses are exactly those of
``gaps --region`` for each region.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .gaps import analyse
from .region import region_view
from .results import Analysis

__all__ = ["Comparison", "compare", "COMPARE_COLUMNS"]

#: Columns of one comparison row, in the order outputs show them.
COMPARE_COLUMNS = ("chain", "link", "name", "region", "region_name", "status", "local_enterprises",
                   "benchmark_enterprises", "lq", "lq_basis", "peer_strong")


@dataclass
class Comparison:
    """The analysis of each region (in the order given) and the rows side by side."""

    regions: list[str]
    analyses: dict[str, Analysis]

    def rows(self) -> list[dict[str, Any]]:
        """Each link once per region; ``peer_strong`` on the first region's missing links strong in a peer."""
        here = self.regions[0]
        strong_elsewhere = {link.id for region in self.regions[1:]
                            for link in self.analyses[region].links if link.status == "strong"}
        rows = []
        for link in self.analyses[here].links:
            for region in self.regions:
                found = self.analyses[region].link(link.id)
                m = found.metrics
                rows.append({
                    "chain": found.chain, "link": found.id, "name": found.name, "region": region,
                    "region_name": self.analyses[region].region, "status": found.status,
                    "local_enterprises": m["local_enterprises"], "benchmark_enterprises": m["benchmark_enterprises"],
                    "lq": m["lq"], "lq_basis": m["lq_basis"],
                    "peer_strong": region == here and found.status == "missing" and link.id in strong_elsewhere,
                })
        return rows


def compare(source: Any, regions: Sequence[str], profile: Any = None, engine: str = "sql") -> Comparison:
    """Analyse ``source`` from each of ``regions`` (district ids, two or more, no repeats)."""
    ordered = list(dict.fromkeys(regions))
    if len(ordered) < 2:
        raise ValueError("compare needs two or more different regions")
    analyses = {region: analyse(region_view(source, region), profile=profile, engine=engine) for region in ordered}
    return Comparison(ordered, analyses)
