"""The HTML industry map: a city overview and one page per chain, opened from disk, offline.

``write_html`` writes ``index.html`` (every chain, completeness, counts of missing, weak and
strong links, the city-wide shortlist with its rank, also as CSV and .xlsx), ``map.html``
(the whole city's interactive chain graph) and per chain a page with a section menu, the five
maps and seven lists (:data:`~chaingap.report.lists.LIST_NAMES`); each list also as CSV and
.xlsx, each map also as PNG and SVG. Links are listed as the chain runs, upstream first. All
text from data goes through Jinja's autoescape or :func:`~chaingap.report.assets.script_json`.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import Any

from chaingap.ontology import terms
from chaingap.queries.rollups import LEAF_STATUSES

from .assets import environment
from .chain_graph import _graph_words, graph_payload
from .charts import chain_charts, district_link_matrix
from .layout import ordered_links
from .lists import chain_tables, shortlist_table, write_csv, write_xlsx
from .map_labels import STATUS_COLOURS, header, label
from .model import ChainView, CityView, pick
from .store_view import city_view

__all__ = ["write_html", "chain_slug", "analysis_node_attributes", "TOP_TARGETS", "MAPS"]

#: Targets shown on the overview page.
TOP_TARGETS = 15
MAPS = ("chain_map", "region_map", "project_map", "enterprise_map", "product_map")
#: Maps whose static image is the only view of them, so it is shown on the page; the chain
#: diagram (interactive above it) and the regional matrix (a table above it) fold theirs.
INLINE_MAPS = ("project_map", "enterprise_map", "product_map")
#: Lists shown unfolded whatever their length: what a bureau opens the page for (with each
#: weak link's first three targets; the whole ranked list is one click away).
OPEN_LISTS = ("list_weaknesses",)
#: Other lists are folded when longer than this.
OPEN_ROWS = 12


def chain_slug(chain_id: str) -> str:
    """A file name for a chain id: readable when it can be, unique always (a hash when changed)."""
    safe = re.sub(r"[^A-Za-z0-9_-]", "_", chain_id)[:40] or "chain"
    if safe != chain_id:
        safe += "-" + hashlib.sha1(chain_id.encode("utf-8")).hexdigest()[:8]
    return safe


def _as_city(analysis: Any, store: Any, lang: str = "zh") -> CityView:
    city = analysis if isinstance(analysis, CityView) else city_view(analysis, store, lang)
    for chain in city.chains:
        chain.links = ordered_links(chain)
    return city


def _words(lang: str) -> dict[str, str]:
    keys = (
        "report_title overview chain_map city_map region_map project_map enterprise_map product_map shortlist "
        "chain cluster completeness link_count as_of back download static_image name link score place reasons "
        "district no_rows district_by_link extension contents rows"
    ).split()
    return {key: header(key, lang) for key in keys}


def _statuses(lang: str, chain: ChainView | None = None) -> list[dict[str, Any]]:
    return [{"id": s, "label": label(s, lang), "header": header(s, lang), "colour": STATUS_COLOURS[s],
             "count": chain.count(s) if chain is not None else 0} for s in LEAF_STATUSES]


def _held_table(analysis: Any, held: Sequence[Any], lang: str) -> dict[str, Any] | None:
    """The held-back candidates as headers and rows (escaped by Jinja), or None when there are none."""
    if not held:
        return None
    from .held import HELD_COLUMNS, held_headers, held_rows, held_title

    return {"title": held_title(lang), "headers": held_headers(lang),
            "rows": [[row[c] for c in HELD_COLUMNS] for row in held_rows(held, analysis, lang)]}


def _overview_targets(city: CityView, lang: str) -> list[dict[str, Any]]:
    """The city-wide shortlist: each enterprise once (its best-scored link), best first."""
    best: dict[str, dict[str, Any]] = {}
    for chain in city.chains:
        for target in chain.targets:
            link = chain.link(target.link)
            row = {"name": target.name, "score": target.score, "place": target.place, "reasons": target.reasons,
                   "link": link.label(lang) if link else target.link, "chain": chain.label(lang),
                   "enterprise": target.enterprise}
            known = best.get(target.enterprise)
            if known is None or row["score"] > known["score"]:
                best[target.enterprise] = row
    rows = sorted(best.values(), key=lambda r: (-r["score"], r["enterprise"]))
    return rows[:TOP_TARGETS]


def _write_chain(city: CityView, chain: ChainView, out_dir: Path, lang: str) -> str:
    slug = chain_slug(chain.id)
    folder = out_dir / slug
    images = chain_charts(chain, folder, city, lang)
    tables = chain_tables(chain, city, lang)
    downloads = {}
    for table in tables:
        csv_path = write_csv(table, folder / f"{table.name}.csv")
        xlsx_path = write_xlsx(table, folder / f"{table.name}.xlsx")
        downloads[table.name] = {"csv": f"{slug}/{csv_path.name}", "xlsx": f"{slug}/{xlsx_path.name}"}
    districts, link_ids, matrix = district_link_matrix(chain)
    maps = [{"key": key, "title": label(key, lang), "png": f"{slug}/{images[key][0].name}",
             "svg": f"{slug}/{images[key][1].name}", "inline": key in INLINE_MAPS} for key in MAPS]
    sections = [{"id": m["key"], "title": m["title"]} for m in maps] + [{"id": t.name, "title": t.title} for t in tables]
    page = environment().get_template("chain.html").render(
        lang=lang,
        city=city,
        chain=chain,
        words=_words(lang),
        graph_words=_graph_words(lang),
        graph=graph_payload([chain], city, lang),
        maps=maps,
        sections=sections,
        tables=tables,
        downloads=downloads,
        open_lists=OPEN_LISTS,
        open_rows=OPEN_ROWS,
        matrix={"districts": [city.district_name(d) for d in districts],
                "links": [chain.link(l).label(lang) for l in link_ids], "rows": matrix},
        statuses=_statuses(lang, chain),
    )
    name = f"{slug}.html"
    (out_dir / name).write_text(page, encoding="utf-8")
    return name


def write_html(analysis: Any, out_dir: str | Path, lang: str = "zh", store: Any = None,
               progress: Callable[[str], None] | None = None, workers: int | None = None,
               held: Sequence[Any] = ()) -> Path:
    """Write the HTML industry map into ``out_dir``; returns the path of ``index.html``.

    ``analysis`` is the gap engine's Analysis (or a ready :class:`CityView`); ``store`` the
    ChainStore it ran on, which supplies the feeds-into edges, enterprises, projects,
    products and bases. ``lang`` is ``zh`` (default) or ``en``. Chain pages are written in
    parallel (``workers`` processes, default one per CPU; see :mod:`.pages`), and
    ``progress(page name)`` is called as each is done. ``held`` (:func:`.held.held_items`) are
    listed under the shortlist with why they are not ranked.
    """
    from .pages import write_pages

    if lang not in ("zh", "en"):
        raise ValueError("lang must be 'zh' or 'en'")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    city = _as_city(analysis, store, lang)
    env = environment()
    pages = write_pages(_write_chain, city, out, lang, progress=progress, workers=workers)
    (out / "map.html").write_text(
        env.get_template("graph_page.html").render(
            lang=lang, title=f"{city.name} {label('city_map', lang)}".strip(), back=label("back", lang),
            graph=graph_payload(city.chains, city, lang), words=_graph_words(lang)),
        encoding="utf-8",
    )
    cards = [
        {"chain": chain, "page": pages[chain.id], "completeness": round(100 * chain.completeness),
         "counts": {s: chain.count(s) for s in LEAF_STATUSES}}
        for chain in city.chains
    ]
    shortlist = shortlist_table(_overview_targets(city, lang), lang)
    # ``city-`` keeps them apart from the text report's shortlist.csv when both share a folder.
    downloads = {"csv": write_csv(shortlist, out / "city-shortlist.csv").name,
                 "xlsx": write_xlsx(shortlist, out / "city-shortlist.xlsx").name}
    index = env.get_template("index.html").render(
        lang=lang, city=city, cards=cards, shortlist={"table": shortlist, **downloads}, words=_words(lang),
        statuses=_statuses(lang), held=_held_table(analysis, held, lang),
    )
    path = out / "index.html"
    path.write_text(index, encoding="utf-8")
    return path


def analysis_node_attributes(analysis: Any) -> dict[str, dict[str, Any]]:
    """Per link IRI, the analysis as flat GraphML-friendly attributes (for Gephi to colour by).

    ``status``, ``extension`` and every numeric or text metric prefixed ``m_``; values are
    str, int, float or bool only, since GraphML keys are typed.
    """
    attributes: dict[str, dict[str, Any]] = {}
    links = analysis.chains if isinstance(analysis, CityView) else None
    results = [l for c in links for l in c.links] if links is not None else list(pick(analysis, "links", default=[]))
    for result in results:
        link_id = str(pick(result, "id", "link", default=""))
        iri = link_id if link_id.startswith("http") else terms.iri("link", link_id)
        row: dict[str, Any] = {
            "status": str(pick(result, "status", default="")),
            "extension": bool(pick(result, "extension", default=False)),
        }
        for key, value in (pick(result, "metrics", default={}) or {}).items():
            if value is None:
                continue
            if isinstance(value, bool):
                row[f"m_{key}"] = value
            elif isinstance(value, int):
                row[f"m_{key}"] = value
            elif isinstance(value, (float,)) or type(value).__name__ == "Decimal":
                row[f"m_{key}"] = float(value)
            else:
                row[f"m_{key}"] = str(value)
        attributes[iri] = row
    return attributes
