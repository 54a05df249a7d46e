"""``chaingap compare``: two or more regions of the data side by side, link by link."""

from __future__ import annotations

import click

from .analysis import analysis_options, open_analysis_store
from .ids import resolve_id
from .output import emit, output_options

__all__ = ["register", "compare"]


@click.command()
@analysis_options
@click.option("--region", "regions", multiple=True, required=True,
              help="A district id or name of any level (give two or more); the first is 'here'.")
@click.option("--chain", help="Only links of this chain id.")
@output_options
def compare(home, use_sample, profile_path, refresh, engine, lang, regions, chain, fmt):
    """Per-link counts, LQ and status of two or more regions; flags links strong in a peer and missing here.

    \b
    Example:
        chaingap compare --region 320000 --region 330000
        chaingap compare --region 江苏省 --region 浙江省 --region 广东省 --format csv
    """
    from chaingap.queries.compare import COMPARE_COLUMNS
    from chaingap.queries.compare import compare as run

    store = open_analysis_store(home, use_sample)
    known = {row["id"]: row["name"] for row in store.sql("SELECT DISTINCT id, name FROM districts")}
    ids = [resolve_id("district", region, known, "see the districts table") for region in regions]
    if len(set(ids)) < 2:
        raise click.UsageError("give two or more different regions (--region A --region B)")
    rows = run(store, ids, profile=profile_path, engine=engine).rows()
    if chain:
        rows = [row for row in rows if row["chain"] == chain]
    emit(rows, fmt, COMPARE_COLUMNS)


def register(group: click.Group) -> None:
    """Add ``compare`` to the main group."""
    group.add_command(compare)
