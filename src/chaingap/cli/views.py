"""View commands: ``chaingap map`` (the interactive chain graph) and ``chaingap html``
(the full HTML industry map). The work is in :mod:`chaingap.report`; this is the click layer.
"""

from __future__ import annotations

from pathlib import Path

import click

from . import analysis as analysis_cli
from .errors import CommandError
from .output import echo_wrote

__all__ = ["register", "map_command", "html_command"]


def _analysed_city(home, use_sample, profile_path, refresh, engine, lang):
    """Open the store (or the sample, as the analysis commands do), run the gap engine, and
    shape the result for the views."""
    from chaingap.report.store_view import city_view

    analysis, store = analysis_cli._analyse(home, use_sample, profile_path, refresh, engine, lang)
    return city_view(analysis, store, lang), analysis, store


def _only_district(city, district: str):
    """Keep the enterprises, projects and bases in one district or any part of it (links stay:
    the chain's shape)."""
    if district not in city.districts:
        known = ", ".join(f"{key} ({name})" for key, name in sorted(city.districts.items())) or "none loaded"
        raise click.BadParameter(f"unknown district {district!r}; known: {known}", param_hint="--district")
    for chain in city.chains:
        chain.enterprises = [e for e in chain.enterprises if district in city.within(e.district)]
        chain.projects = [p for p in chain.projects if district in city.within(p.district)]
        chain.bases = [b for b in chain.bases if district in city.within(b.district)]
    return city


@click.command("map")
@click.option("--chain", "chain_ids", multiple=True, help="Only this chain id (repeatable); default: every chain.")
@click.option("--district", default=None, help="Only enterprises and projects of this district id.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("chain-map.html"),
              show_default=True, help="The HTML file to write (self-contained, works offline).")
@click.option("--png", is_flag=True, help="Also write each chain's static diagram as PNG and SVG beside --out.")
@click.option("--no-enterprises", is_flag=True, help="Draw links and projects only.")
@analysis_cli.analysis_options
def map_command(chain_ids, district, out, png, no_enterprises, home, use_sample, profile_path, refresh, engine, lang):
    """Write the interactive chain graph (产业链条图) of the loaded data as one HTML file.

    Links run upstream to downstream, coloured by status (missing, being filled, weak,
    normal, strong); the page has status, chain and district filters and needs no network.

    \b
    Example:
        chaingap map --sample --chain nev --out nev.html --png
        chaingap load ./zhenjiang && chaingap map --district danyang --out danyang.html
    """
    from chaingap.report.chain_graph import draw_chain_graph, write_chain_graph
    from chaingap.report.charts import save_figure

    city, _, _ = _analysed_city(home, use_sample, profile_path, refresh, engine, lang)
    chains = city.chains
    if chain_ids:
        known = {chain.id for chain in chains}
        unknown = [c for c in chain_ids if c not in known]
        if unknown:
            raise click.BadParameter(f"unknown chain {', '.join(unknown)}; known: {', '.join(sorted(known)) or 'none loaded'}",
                                     param_hint="--chain")
        chains = [chain for chain in chains if chain.id in chain_ids]
    if not chains:
        raise CommandError("no chains in the store: load a dataset first (chaingap load DIR)")
    if district:
        _only_district(city, district)
    path = write_chain_graph(out, chains, city, lang, show_enterprises=not no_enterprises)
    echo_wrote(path, lang)
    if png:
        for chain in chains:
            for written in save_figure(draw_chain_graph(chain, lang), path.with_name(f"{path.stem}-{chain.id}")):
                echo_wrote(written, lang)


@click.command("html")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("report-html"))
@analysis_cli.analysis_options
def html_command(out_dir, home, use_sample, profile_path, refresh, engine, lang):
    """Write the HTML industry map (产业图谱): overview, one page per chain, lists as CSV/xlsx.

    Open OUT_DIR/index.html from disk; everything works offline.

    \b
    Example:
        chaingap html --sample ./report-html
        chaingap load ./zhenjiang && chaingap html ./report-html --lang en
    """
    from chaingap.report.html import write_html

    city, _, _ = _analysed_city(home, use_sample, profile_path, refresh, engine, lang)
    if not city.chains:
        raise CommandError("no chains in the store: load a dataset first (chaingap load DIR)")
    index = write_html(city, out_dir, lang=lang)
    echo_wrote(index, lang)


def register(group: click.Group) -> None:
    """Add this module's commands to the main group."""
    group.add_command(map_command)
    group.add_command(html_command)
