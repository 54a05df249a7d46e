"""Levels of nested links: a classification's links nest (大类 > 中类 > 小类); users look at one level.

Level 1 is a link without a parent, level 2 its sub-links, and so on; a leaf is a link
without sub-links (where firms are classified, and the level whose statuses do not double
count: a parent counts its sub-links' firms). ``chaingap gaps --level N`` and ``--leaves``
filter on these; the rule itself is :func:`chaingap.queries.rollups.levels_of`.
"""

from __future__ import annotations

from typing import Any

from .rollups import levels_of
from .sources import tables_of

__all__ = ["link_levels"]


def link_levels(source: Any) -> dict[str, tuple[int, bool]]:
    """``{link id: (level, is_leaf)}`` from the links table (several parents: the shallowest level)."""
    rows = tables_of(source).con.execute("SELECT DISTINCT id, parent FROM links").fetchall()
    parents: dict[str, set[str]] = {}
    for link, parent in rows:
        parents.setdefault(link, set())
        if parent:
            parents[link].add(parent)
    return levels_of(parents)
