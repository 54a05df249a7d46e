"""One output decorator for every listing command: ``--format table|json|jsonl|csv|md``.

Commands build a list of row dicts and hand it to :func:`emit`; the format is the user's
choice, the same for all commands (``jsonl``: one JSON object per line, for pipes). Tables
measure East Asian wide characters as two columns so Chinese names line up in a terminal.
Values are written through :mod:`chaingap.graph.values` (JSON) and
:mod:`chaingap.report.cells` (CSV and Markdown cells from data are made safe).
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

import click

from chaingap.graph.values import to_json
from chaingap.report.cells import markdown_text, spreadsheet_text

__all__ = ["FORMATS", "output_options", "emit", "render_rows", "display_width", "graph_progress"]

FORMATS = ("table", "json", "jsonl", "csv", "md")


def output_options(func: Callable[..., Any] | None = None, *, default: str = "table"):
    """Add ``--format`` to a command (the value arrives as ``fmt``); ``@output_options`` or
    ``@output_options(default="jsonl")`` for commands whose rows usually go down a pipe."""

    def decorate(command: Callable[..., Any]) -> Callable[..., Any]:
        return click.option("--format", "fmt", type=click.Choice(FORMATS), default=default, show_default=True,
                            help="Output format.")(command)

    return decorate(func) if func is not None else decorate


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(round(value, 6).normalize(), "f")
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(item) for item in value)
    return str(value)


def display_width(text: str) -> int:
    """Terminal columns taken by ``text`` (wide and full-width characters count 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def render_rows(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> str:
    """``rows`` as text in ``fmt``; ``columns`` fixes which keys and in what order."""
    columns = list(columns or (rows[0].keys() if rows else []))
    if fmt == "json":
        return json.dumps([{c: to_json(row.get(c)) for c in columns} for row in rows],
                          ensure_ascii=False, indent=2) + "\n"
    if fmt == "jsonl":
        return "".join(json.dumps({c: to_json(row.get(c)) for c in columns}, ensure_ascii=False) + "\n"
                       for row in rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([spreadsheet_text(c) for c in columns])  # a query's own column names, too
        writer.writerows([[spreadsheet_text(_cell(row.get(c))) for c in columns] for row in rows])
        return buffer.getvalue()
    cells = [[_cell(row.get(c)) for c in columns] for row in rows]
    if fmt == "md":
        lines = ["| " + " | ".join(markdown_text(c) for c in columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(markdown_text(c) for c in line) + " |" for line in cells]
        return "\n".join(lines) + "\n"
    widths = [max([display_width(c)] + [display_width(line[i]) for line in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(_pad(c, w) for c, w in zip(line, widths)).rstrip() for line in cells]
    return "\n".join(lines) + "\n"


def emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None,
         lang: str | None = None) -> None:
    """Print ``rows`` in ``fmt`` to stdout.

    With ``lang``, every format but JSON shows headers and coded values in that language
    (:func:`chaingap.report.display.display_rows`); JSON keeps English keys and codes.
    """
    if lang is not None and fmt not in ("json", "jsonl"):
        from chaingap.report.display import display_rows

        columns = list(columns or (rows[0].keys() if rows else []))
        columns, rows = display_rows(rows, columns, lang)
    click.echo(render_rows(rows, fmt, columns), nl=False)


def echo_wrote(path: Any, lang: str = "zh", word: str = "wrote", detail: str = "") -> None:
    """Say which file was written, in the vocabulary's words (已写入 … by default)."""
    from chaingap.ontology.vocab import WORDS

    click.echo(f"{WORDS.label(word, lang)} {path}{detail}")


def lang_option(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--lang zh|en`` for a command that only says what it wrote."""
    return click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                        help="Language of the messages.")(func)


def graph_progress():
    """A progress callback for ``ChainStore.graph()``: one bar per dataset whose graph is built.

    The graph is built from the tables on first use (and after a load); a pool of a million
    firms takes minutes, so the bar says what is happening. Shown only on a terminal.
    """
    from tqdm import tqdm

    bars: dict[str, Any] = {}

    def tick(dataset_id: str, done: int, expected: int) -> None:
        bar = bars.get(dataset_id)
        if bar is None:
            bar = bars[dataset_id] = tqdm(total=expected, desc=f"building the graph of {dataset_id}",
                                          unit=" quads", unit_scale=True, leave=False, disable=None)
        bar.total = max(bar.total or 0, done)
        bar.update(done - bar.n)

    return tick
