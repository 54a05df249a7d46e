"""``chaingap history`` and ``chaingap whatif``: the chains over the kept versions, and a project imagined.

Both only read the store (:mod:`chaingap.queries.history`, :mod:`chaingap.queries.whatif`);
this layer resolves ids and shows the rows in the user's language.
"""

from __future__ import annotations

import json
from typing import Any

import click

from chaingap.graph.values import to_json
from chaingap.ontology.vocab import STATUSES, WORDS

from .analysis import open_analysis_store
from .core import home_option
from .ids import resolve_id
from .output import emit, output_options

__all__ = ["register"]

_CHAIN_COLUMNS = ("as_of", "chain", "links", "completeness", "missing", "being_filled", "weak", "normal", "strong")
_CHANGE_COLUMNS = ("from", "to", "chain", "link", "name", "status_before", "status", "firms_added", "firms_removed",
                   "revenue_before", "revenue_after", "project_changes")


def _chain_id(store: Any, chain: str | None) -> str | None:
    if not chain:
        return None
    names = {row["id"]: row["name"] for row in store.sql("SELECT DISTINCT id, name FROM chains")}
    return resolve_id("chain", chain, names, "see `chaingap gaps` for chain ids")


def _sections(sections: list[tuple[str, str, list[dict[str, Any]], tuple[str, ...]]], fmt: str, lang: str) -> None:
    """``(key, title word, rows, columns)``: JSON one object of lists by key; other formats each list under its title."""
    if fmt in ("json", "jsonl"):
        data = {key: [{c: to_json(row.get(c)) for c in columns} for row in rows] for key, _, rows, columns in sections}
        click.echo(json.dumps(data, ensure_ascii=False, indent=None if fmt == "jsonl" else 2))
        return
    for number, (_, name, rows, columns) in enumerate(sections):
        rows, columns = _readable(rows, columns, lang)
        if fmt in ("table", "md"):
            click.echo(("\n" if number else "") + ("## " if fmt == "md" else "") + WORDS.label(name, lang))
        elif number:  # csv: the second table after an empty line
            click.echo("")
        emit(rows, fmt, columns, lang=lang)


def _readable(rows: list[dict[str, Any]], columns: tuple[str, ...], lang: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Status counts headed by the status word, earlier statuses as words, shares as percentages."""
    named = {code: STATUSES.label(code, lang) for code in STATUSES.codes}
    shown = []
    for row in rows:
        row = dict(row)
        for code, word in named.items():
            if code in row:
                row[word] = row.pop(code)
        for key in ("status_before", "effect"):
            if row.get(key) in STATUSES:
                row[key] = STATUSES.label(row[key], lang)
            elif row.get(key) in WORDS:
                row[key] = WORDS.label(row[key], lang)
        for key in ("completeness", "completeness_before", "completeness_after"):
            if row.get(key) is not None:
                row[key] = f"{float(row[key]) * 100:.1f}%"
        shown.append(row)
    return shown, [named.get(column, column) for column in columns]


@click.command()
@home_option
@click.option("--sample", "use_sample", is_flag=True, help="The bundled sample in memory.")
@click.option("--chain", help="Only this chain id.")
@click.option("--profile", "profile_path", type=click.Path(exists=True, dir_okay=False),
              help="Profile YAML with thresholds and weights.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@output_options
def history(home, use_sample, chain, profile_path, lang, fmt):
    """Per chain and kept version (as_of): completeness and status counts; and every link whose status changed.

    \b
    Example:
        chaingap history --chain nev --format md
    """
    from chaingap.queries.history import history as chain_history

    store = open_analysis_store(home, use_sample)
    chains, changes = chain_history(store, _chain_id(store, chain), profile_path, lang)
    if not chains:
        click.echo("(no dataset version has an as_of date: history needs dated versions)", err=True)
    _sections([("chains", "completeness", chains, _CHAIN_COLUMNS), ("changes", "status_changes", changes, _CHANGE_COLUMNS)],
              fmt, lang)


_WHATIF_COLUMNS = ("chain", "link", "name", "status_before", "status", "effect", "projects", "stage")
_WHATIF_CHAIN_COLUMNS = ("chain", "links", "completeness_before", "completeness_after")


@click.command()
@home_option
@click.option("--sample", "use_sample", is_flag=True, help="The bundled sample in memory.")
@click.option("--project", "project_id", help="A project in the data, imagined as a formal agreement at --stage.")
@click.option("--link", "link_ids", multiple=True, help="A link the new project targets (repeat for several).")
@click.option("--investment", help="The new project's investment as written (3亿元, 2000万美元).")
@click.option("--district", help="The new project's district id.")
@click.option("--stage", help="The stage imagined reached (default: the profile's being_filled_stage).")
@click.option("--profile", "profile_path", type=click.Path(exists=True, dir_okay=False),
              help="Profile YAML with thresholds and weights.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@output_options
def whatif(home, use_sample, project_id, link_ids, investment, district, stage, profile_path, lang, fmt):
    """Which links one more project would turn being filled or strengthen, and each chain's completeness
    before and after; the store is not changed.

    \b
    Example:
        chaingap whatif --project ZJP-I001
        chaingap whatif --link aero-chips --investment 3亿元 --district jingkou
    """
    from chaingap.queries.whatif import Hypothesis, whatif as imagine

    if bool(project_id) == bool(link_ids or investment):
        raise click.UsageError("give --project ID, or --link L --investment AMOUNT [--district D] for a new project")
    store = open_analysis_store(home, use_sample)
    try:
        links, chains = imagine(store, Hypothesis(project_id, tuple(link_ids), investment, district, stage), profile_path)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    if not links:
        click.echo("(the project changes no link: it does not count (framework agreement or below the threshold), "
                   "or its links are already served)", err=True)
    _sections([("links", "status", links, _WHATIF_COLUMNS), ("chains", "completeness", chains, _WHATIF_CHAIN_COLUMNS)],
              fmt, lang)


def register(group: click.Group) -> None:
    """Add ``history`` and ``whatif`` to the main group."""
    group.add_command(history)
    group.add_command(whatif)
