"""``chaingap compare`` (two or more regions side by side, link by link) and ``chaingap related`` (延链 by relatedness)."""

from __future__ import annotations

import click

from .analysis import analysis_options, open_analysis_store
from .ids import resolve_id
from .output import emit, output_options

__all__ = ["register", "compare", "related"]


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


@click.command()
@analysis_options
@click.option("--min-density", type=float, default=0.5, show_default=True,
              help="Smallest local density (0..1) of a link to list.")
@output_options
def related(home, use_sample, profile_path, refresh, engine, lang, min_density, fmt):
    """Links with no local firm that go with what the region does (density from the pool, Hidalgo-Hausmann).

    
    Example:
        chaingap related --min-density 0.6
    """
    from chaingap.queries.relatedness import relatedness

    store = open_analysis_store(home, use_sample)
    names = {row["id"]: row["name"] for row in store.sql("SELECT DISTINCT id, name FROM links")}
    rows = [{**row, "name": names.get(row["link"], row["link"]), "density": float(row["density"])}
            for row in relatedness(store).extensions(min_density=min_density)]
    emit(rows, fmt, ("link", "name", "density", "local_enterprises"))


def register(group: click.Group) -> None:
    """Add ``compare`` and ``related`` to the main group."""
    group.add_command(compare)
    group.add_command(related)
