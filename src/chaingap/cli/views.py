"""View commands: ``chaingap map`` (the interactive chain graph) and ``chaingap html``
(the full HTML industry map). The work is in :mod:`chaingap.report`; this is the click layer.
"""

from __future__ import annotations

from pathlib import Path

import click

from .core import home_option, open_store

__all__ = ["register", "map_command", "html_command"]

LANG = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                    help="Language of the page: Chinese or English.")
PROFILE = click.option("--profile", default=None, help="Gap-rule profile (a name or a YAML file); default: the bundled one.")


def _analysed_city(home: Path | None, profile: str | None):
    """Open the store, run the gap engine, and shape the result for the views."""
    from chaingap.queries.gaps import analyse
    from chaingap.report.store_view import city_view

    store = open_store(home)
    try:
        analysis = analyse(store, profile=profile)
    except FileNotFoundError as exc:
        raise click.ClickException(f"{exc}; check --profile") from exc
    return city_view(analysis, store), analysis, store


def _only_district(city, district: str):
    """Keep the enterprises, projects and bases of one district (links stay: the chain's shape)."""
    if district not in city.districts:
        known = ", ".join(f"{key} ({name})" for key, name in sorted(city.districts.items())) or "none loaded"
        raise click.BadParameter(f"unknown district {district!r}; known: {known}", param_hint="--district")
    for chain in city.chains:
        chain.enterprises = [e for e in chain.enterprises if e.district == district]
        chain.projects = [p for p in chain.projects if p.district == district]
        chain.bases = [b for b in chain.bases if b.district == district]
    return city


@click.command("map")
@click.option("--chain", "chain_ids", multiple=True, help="Only this chain id (repeatable); default: every chain.")
@click.option("--district", default=None, help="Only enterprises and projects of this district id.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("chain-map.html"),
              show_default=True, help="The HTML file to write (self-contained, works offline).")
@click.option("--png", is_flag=True, help="Also write each chain's static diagram as PNG and SVG beside --out.")
@click.option("--no-enterprises", is_flag=True, help="Draw links and projects only.")
@LANG
@PROFILE
@home_option
def map_command(chain_ids, district, out, png, no_enterprises, lang, profile, home):
    """Write the interactive chain graph (产业链条图) of the loaded data as one HTML file.

    Links run upstream to downstream, coloured by status (missing, being filled, weak,
    normal, strong); the page has status, chain and district filters and needs no network.

    \b
    Example:
        chaingap load ./zhenjiang && chaingap map --chain nev --out nev.html --png
    """
    from chaingap.report.chain_graph import draw_chain_graph, write_chain_graph
    from chaingap.report.charts import save_figure

    city, _, _ = _analysed_city(home, profile)
    chains = city.chains
    if chain_ids:
        known = {chain.id for chain in chains}
        unknown = [c for c in chain_ids if c not in known]
        if unknown:
            raise click.BadParameter(f"unknown chain {', '.join(unknown)}; known: {', '.join(sorted(known)) or 'none loaded'}",
                                     param_hint="--chain")
        chains = [chain for chain in chains if chain.id in chain_ids]
    if not chains:
        raise click.ClickException("no chains in the store: load a dataset first (chaingap load DIR)")
    if district:
        _only_district(city, district)
    path = write_chain_graph(out, chains, city, lang, show_enterprises=not no_enterprises)
    click.echo(f"wrote {path}")
    if png:
        for chain in chains:
            for written in save_figure(draw_chain_graph(chain, lang), path.with_name(f"{path.stem}-{chain.id}")):
                click.echo(f"wrote {written}")


@click.command("html")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("report-html"))
@LANG
@PROFILE
@home_option
def html_command(out_dir, lang, profile, home):
    """Write the HTML industry map (产业图谱): overview, one page per chain, lists as CSV/xlsx.

    Open OUT_DIR/index.html from disk; everything works offline.

    \b
    Example:
        chaingap load ./zhenjiang && chaingap html ./report-html --lang zh
    """
    from chaingap.report.html import write_html

    city, _, _ = _analysed_city(home, profile)
    if not city.chains:
        raise click.ClickException("no chains in the store: load a dataset first (chaingap load DIR)")
    index = write_html(city, out_dir, lang=lang)
    click.echo(f"wrote {index}")


def register(group: click.Group) -> None:
    """Add this module's commands to the main group."""
    group.add_command(map_command)
    group.add_command(html_command)
