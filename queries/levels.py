"""Levels of nested links: a classification's links nest (大类 > 中类 > 小类); users look at one level.

Level 1 is a link without a parent, level 2 its sub-links, and so on; a leaf is a link
without sub-links (where firms are classified, and the level whose statuses do not double
count: a parent counts its sub-links' firms). ``chaingap gaps --level N`` and ``--leaves``
filter on these.
"""

from __future__ import annotations

from typing import Any

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
    with_children = {parent for found in parents.values() for parent in found}
    levels: dict[str, int] = {}

    def level(link: str, seen: frozenset[str] = frozenset()) -> int:
        if link not in levels:
            known = [p for p in parents.get(link, ()) if p in parents and p not in seen]
            levels[link] = 1 + min((level(p, seen | {link}) for p in known), default=0)
        return levels[link]

    return {link: (level(link), link not in with_children) for link in parents}
