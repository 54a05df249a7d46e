"""Candidates held back from the ranked lists, as a person reads them (docs/pipeline.md).

The engines leave out of a link's targets the investor of a project that already counts there
and a firm that declined lately (the outreach log); :func:`chaingap.queries.held_back.held_back`
says who and why. Here they become rows for the report (Markdown, JSON, workbook, HTML) and for
``chaingap targets --held-back``: one row per link and candidate, links as each chain runs, the
reason in the vocabulary's words (Chinese by default). Cells are neutralised by the writers
(:mod:`.cells`); names reach HTML only through Jinja's autoescape.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from chaingap.ontology.vocab import PIPELINE_WORDS
from chaingap.queries.held_back import HeldBack, held_back
from chaingap.queries.profile import load_profile
from chaingap.queries.results import Analysis

from .display import chain_order, header

__all__ = ["HELD_COLUMNS", "held_items", "held_rows", "held_headers", "held_title"]

#: Columns of a held-back row: the link (its name), the firm's id and name, and why.
HELD_COLUMNS = ("link", "enterprise", "name", "held_reason")


def held_items(source: Any, analysis: Analysis, link_id: str | None = None) -> list[HeldBack]:
    """The held-back candidates of the links that get targets (the profile's target statuses),
    links as each chain runs; ``source`` is what the analysis ran on (a store or its tables)."""
    profile = load_profile(analysis.profile)
    found = held_back(source, profile)
    items = []
    for link in chain_order(analysis.links):
        wanted = link.id in analysis.targets or link.status in profile.target_statuses
        if link.id in found and wanted and link_id in (None, link.id):
            items += found[link.id]
    return items


def held_title(lang: str = "zh") -> str:
    """The heading of the held-back list."""
    return PIPELINE_WORDS.label("held_back", lang)


def held_headers(lang: str = "zh") -> list[str]:
    """The headers of :data:`HELD_COLUMNS` in ``lang``."""
    return [PIPELINE_WORDS.label(c, lang) if c == "held_reason" else header(c, lang) for c in HELD_COLUMNS]


def held_rows(items: Sequence[HeldBack], analysis: Analysis, lang: str = "zh") -> list[dict[str, Any]]:
    """One row per item, keyed by :data:`HELD_COLUMNS`: the link's name, the firm and the reason's words."""
    rows = []
    for item in items:
        link = analysis.link(item.link)
        name = (link.name_en if lang == "en" and link.name_en else link.name) if link else item.link
        rows.append({"link": name, "enterprise": item.enterprise, "name": item.enterprise_name or "",
                     "held_reason": item.note(lang)})
    return rows
