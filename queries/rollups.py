"""Parents as rollups: the one place that turns an engine's per-link rows into what users read.

A classification nests its links (大类 > 中类 > 小类) and firms are classified on the leaves.
Every engine evaluates every link as a link (a parent counts its sub-links' firms: those are
its own measures, compared across engines row by row). Shown with its own status, a parent
would be counted twice — once as itself, once through its leaves — so by default a parent is
a **rollup** (status ``rollup``, 汇总): it keeps its own counts (local, benchmark, LQ), carries
the number of its leaf descendants in each status, gets no targets and no flags, and counts
in no total. Its own evaluation is kept in :attr:`Analysis.as_links` for ``gaps --level N``.

This module reads only the engines' rows (``LinkResult``s and each engine's ``parents()``
map), so the rolled-up answer is the same whatever the engine. docs/gap-rules.md, "Levels
and rollups", is the specification; :func:`completeness` is the one completeness of the
product (map, reports, history, what-if).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from chaingap.ontology.vocab import STATUSES

from .results import LinkResult, Rule

__all__ = ["ROLLUP", "LEAF_STATUSES", "levels_of", "leaf_descendants", "roll_up", "at_level", "completeness", "leaf_links"]

#: The status code of a parent shown as a rollup (vocab: 汇总).
ROLLUP = "rollup"
#: The statuses a leaf link can have: what status counts and totals count (every status but rollup).
LEAF_STATUSES = tuple(code for code in STATUSES.codes if code != ROLLUP)
#: Flags that judge a link by its own status: a rollup has none of them.
_JUDGEMENTS = ("supply_gap", "single_firm")


def levels_of(parents: Mapping[str, Iterable[str]]) -> dict[str, tuple[int, bool]]:
    """``{link: (level, is_leaf)}``: level 1 has no parent, a leaf no sub-link; several parents:
    the shallowest level; a parent cycle is cut where it closes (``parents`` maps every link)."""
    known = {link: {p for p in found if p} for link, found in parents.items()}
    with_children = {parent for found in known.values() for parent in found}
    levels: dict[str, int] = {}

    def level(link: str, seen: frozenset[str] = frozenset()) -> int:
        if link not in levels:
            above = [p for p in known.get(link, ()) if p in known and p not in seen]
            levels[link] = 1 + min((level(p, seen | {link}) for p in above), default=0)
        return levels[link]

    return {link: (level(link), link not in with_children) for link in sorted(known)}


def leaf_descendants(parents: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
    """``{parent: its leaf links at any depth}`` (a leaf under two parents counts under both)."""
    levels = levels_of(parents)
    found: dict[str, set[str]] = {}
    for leaf, (_, is_leaf) in levels.items():
        if not is_leaf:
            continue
        todo, seen = list(parents.get(leaf, ())), set()
        while todo:
            parent = todo.pop()
            if parent and parent not in seen and parent in levels:
                seen.add(parent)
                found.setdefault(parent, set()).add(leaf)
                todo.extend(parents.get(parent, ()))
    return found


def _rollup_of(link: LinkResult, leaves: Iterable[LinkResult], level: int) -> LinkResult:
    counts = {code: 0 for code in LEAF_STATUSES}
    for leaf in leaves:
        counts[leaf.status] += 1
    metrics = {**link.metrics, **{flag: False for flag in _JUDGEMENTS if flag in link.metrics}}
    return dataclasses.replace(link, status=ROLLUP, extension=False, metrics=metrics, rule=Rule(status=ROLLUP),
                               rollup={code: n for code, n in counts.items() if n}, level=level, leaf=False)


def roll_up(links: list[LinkResult], parents: Mapping[str, Iterable[str]]) -> tuple[list[LinkResult], dict[str, LinkResult]]:
    """``(links as shown, {parent: its own evaluation})``: leaves as evaluated, parents as rollups.

    ``links`` are an engine's rows (every link evaluated as a link); ``parents`` the engine's
    ``{link: its parents}``. Order is kept.
    """
    levels = levels_of({link.id: parents.get(link.id, ()) for link in links})
    below = leaf_descendants({link.id: parents.get(link.id, ()) for link in links})
    by_id = {link.id: link for link in links}
    shown, own = [], {}
    for link in links:
        level, is_leaf = levels[link.id]
        evaluated = dataclasses.replace(link, level=level, leaf=is_leaf)
        if is_leaf:
            shown.append(evaluated)
        else:
            own[link.id] = evaluated
            shown.append(_rollup_of(link, (by_id[leaf] for leaf in sorted(below.get(link.id, ()))), level))
    return shown, own


def at_level(analysis: Any, level: int) -> list[LinkResult]:
    """The links at ``level`` evaluated as links (their own statuses), in the analysis' order."""
    return [analysis.as_links.get(link.id, link) for link in analysis.links if link.level == level]


def leaf_links(links: Iterable[Any]) -> list[Any]:
    """The links that count in totals: every link but rollups."""
    return [link for link in links if link.status != ROLLUP]


def completeness(links: Iterable[Any], landed: Iterable[str] = ()) -> Decimal:
    """Share of a chain's leaf links with at least one local enterprise (0 without leaves).

    A link being filled (补链中) has a project but no firm yet, so it is not complete; a link
    without data has no firm either. Rollups are left out (their leaves are counted).
    ``links`` are ``LinkResult``s or the map's ``LinkView``s (anything with ``status`` and
    ``metrics``). ``landed``: ids of links counted as having a firm (a what-if's project, once it
    lands, brings one: :mod:`chaingap.queries.whatif`).
    """
    leaves = leaf_links(links)
    if not leaves:
        return Decimal(0)
    landed = set(landed)
    present = sum(1 for link in leaves
                  if int(link.metrics.get("local_enterprises") or 0) > 0 or getattr(link, "id", None) in landed)
    return Decimal(present) / Decimal(len(leaves))
