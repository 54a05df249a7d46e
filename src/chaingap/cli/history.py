"""``chaingap history`` and ``chaingap whatif``: the chains over the kept versions, and a project imagined.

Both only read the store (:mod:`chaingap.queries.history`, :mod:`chaingap.queries.whatif`);
this layer resolves ids and shows the rows in the user's language.
"""

from __future__ import annotations

import json
from typing import Any

import click

from chaingap.graph.values import to_json
from chaingap.ontology.vocab import WORDS

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
        if fmt in ("table", "md"):
            click.echo(("\n" if number else "") + ("## " if fmt == "md" else "") + WORDS.label(name, lang))
        emit(rows, fmt, columns, lang=lang)


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
        chaingap history --chain NEV --format md
    """
    from chaingap.queries.history import history as chain_history

    store = open_analysis_store(home, use_sample)
    chains, changes = chain_history(store, _chain_id(store, chain), profile_path, lang)
    if not chains:
        click.echo("(no dataset version has an as_of date: history needs dated versions)", err=True)
    _sections([("chains", "completeness", chains, _CHAIN_COLUMNS), ("changes", "status_changes", changes, _CHANGE_COLUMNS)],
              fmt, lang)


def register(group: click.Group) -> None:
    """Add ``history`` to the main group."""
    group.add_command(history)
