"""``chaingap leads``: whom to approach through the firms the city already has (以商招商 and more).

A thin layer: the leads come from :func:`chaingap.queries.leads.leads` (SQL, SPARQL or the
Python oracle, with the statuses of the same analysis), the sentences from
:mod:`chaingap.report.leads`.
"""

from __future__ import annotations

import click

from .analysis import _analyse, _link_id, analysis_options
from .output import emit, output_options

__all__ = ["register"]

_TABLE_COLUMNS = {
    "suppliers": ("link", "link_status", "enterprise", "name", "province", "anchor_name", "product_name", "why"),
    "customers": ("link", "link_status", "enterprise", "name", "province", "anchor_name", "product_name", "why"),
    "groups": ("link", "link_status", "enterprise", "name", "province", "branch_names", "why"),
    "expansion": ("link", "link_status", "enterprise", "name", "score", "signal", "as_of", "why"),
}


@click.command()
@analysis_options
@click.argument("kind", type=click.Choice(list(_TABLE_COLUMNS)))
@click.option("--link", "link_id", help="Only leads for this link id (or name).")
@click.option("--status", type=click.Choice(["missing", "being_filled", "weak", "normal", "strong"]),
              help="Only leads in links of this status.")
@output_options
def leads(home, use_sample, profile_path, refresh, engine, lang, kind, link_id, status, fmt):
    """Leads for recruitment, each with the reason it is listed.

    \b
    KIND is one of:
      suppliers  non-local suppliers of the city's anchor firms (链主/龙头), by link
      customers  non-local customers of the anchor firms, by link
      groups     groups of local branches that work in links the city lacks or is weak in
      expansion  local firms able to expand (增资扩产), with their signal and its date

    \b
    Example:
        chaingap leads suppliers --format json
        chaingap leads groups --status missing --lang en
    """
    from chaingap.queries.leads import leads as find_leads
    from chaingap.queries.profile import load_profile
    from chaingap.report.leads import LEAD_COLUMNS, lead_rows

    analysis, store = _analyse(home, use_sample, profile_path, refresh, engine, lang)
    found = find_leads(store, analysis, kind, engine, statuses=load_profile(profile_path).target_statuses)
    if link_id:
        wanted = _link_id(analysis, link_id)
        found = [lead for lead in found if lead.link == wanted]
    if status:
        found = [lead for lead in found if lead.link_status == status]
    emit(lead_rows(found, lang), fmt, LEAD_COLUMNS if fmt != "table" else _TABLE_COLUMNS[kind])


def register(group: click.Group) -> None:
    """Add ``leads`` to the main group."""
    group.add_command(leads)
