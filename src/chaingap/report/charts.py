"""The report's static charts (matplotlib), with Chinese labels in a real CJK font.

One function per map, each taking a :class:`ChainView` and returning a Figure;
:func:`save_figure` writes it as PNG and SVG for slides. Links are rows from upstream (top)
to downstream, as the chain runs. Names beside bars go in a column of their own, cut to its
width, so nothing spills out of the frame; a value the data does not give is said
(营收未知, 金额未知), never drawn as an empty bar. The regional distribution is a
district-by-link matrix, not a geographic map: no boundary data offline, and published
maps of China need approval.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never needs a display

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Patch  # noqa: E402

from chaingap.ontology.vocab import STAGES, STATUSES  # noqa: E402

from .fonts import use_cjk_font  # noqa: E402
from .layout import ordered_links  # noqa: E402
from .map_labels import STAGE_COLOURS, STATUS_BORDERS, STATUS_COLOURS, joined, label  # noqa: E402
from .model import ChainView, CityView  # noqa: E402

__all__ = [
    "district_link_matrix",
    "region_heatmap",
    "key_enterprise_chart",
    "project_pipeline_chart",
    "product_brand_chart",
    "save_figure",
    "chain_charts",
    "PROJECTS_SHOWN",
]

#: Projects drawn on the right of 重大项目图 (the largest by investment).
PROJECTS_SHOWN = 12
_MUTED = "#777777"


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _money(value: float) -> str:
    return f"{value:,.0f}"


def district_link_matrix(chain: ChainView) -> tuple[list[str], list[str], list[list[int]]]:
    """(district ids, link ids as the chain runs, counts[d][l]): local enterprises per district and link."""
    counts = Counter((e.district, link) for e in chain.enterprises for link in e.links)
    districts = sorted({e.district for e in chain.enterprises if e.district})
    links = [item.id for item in ordered_links(chain)]
    return districts, links, [[counts.get((d, l), 0) for l in links] for d in districts]


def _empty(axes: Axes, lang: str, word: str = "no_rows") -> None:
    axes.text(0.5, 0.5, label(word, lang), ha="center", va="center", transform=axes.transAxes, color="#888888")
    axes.set_xticks([])
    axes.set_yticks([])


def _fit_width(figure: Figure, text, width: float) -> None:
    """Shorten ``text`` (a Text artist) with "…" until it is at most ``width`` display pixels wide."""
    renderer = figure.canvas.get_renderer()
    content = text.get_text()
    while content and text.get_window_extent(renderer).width > width:
        content = content[:-2] + "…" if len(content) > 2 else ""
        text.set_text(content)


def _names_column(figure: Figure, axes: Axes, rows: list[str], header: str) -> None:
    """Write ``rows[i]`` on row ``i`` of ``axes`` (an empty axes beside the bars), cut to fit it."""
    axes.set_axis_off()
    axes.set_xlim(0, 1)
    axes.set_title(header, fontsize=9, loc="left", color=_MUTED)
    figure.canvas.draw()  # the final layout, so widths are measured as saved
    width = axes.get_window_extent().width - 4
    for row, text in enumerate(rows):
        artist = axes.text(0.0, row, text or "—", ha="left", va="center", fontsize=8.5,
                           color="#333333" if text else "#999999", clip_on=True)
        _fit_width(figure, artist, width)


def _ink_on(colour: str) -> str:
    """White on a dark fill, near-black on a light one."""
    red, green, blue = matplotlib.colors.to_rgb(colour)
    return "white" if 0.299 * red + 0.587 * green + 0.114 * blue < 0.55 else "#222222"


def _value_labels(axes: Axes, values: list[float | None], texts: list[str], limit: float, fills: list[str]) -> None:
    """A value at the end of each bar: inside a long bar, after a short one, never past the frame."""
    for row, (value, text) in enumerate(zip(values, texts)):
        if value and value > 0.62 * limit:
            axes.text(value, row, text + " ", ha="right", va="center", fontsize=8, color=_ink_on(fills[row]))
        else:
            axes.text(value or 0, row, " " + text, ha="left", va="center", fontsize=8,
                      color="#333333" if value else _MUTED)


def region_heatmap(chain: ChainView, city: CityView | None = None, lang: str = "zh") -> Figure:
    """区域分布图: enterprises per district (rows) and link (columns, as the chain runs), the number in each cell."""
    use_cjk_font()
    city = city or CityView()
    districts, links, matrix = district_link_matrix(chain)
    figure, axes = plt.subplots(figsize=(max(7, 0.75 * len(links) + 2.5), max(3.2, 0.55 * len(districts) + 2.2)), layout="constrained")
    if not districts:
        _empty(axes, lang)
    else:
        image = axes.imshow(matrix, cmap="Blues", aspect="auto", vmin=0)
        axes.set_xticks(range(len(links)))
        axes.set_xticklabels([_short(chain.link(l).label(lang)) for l in links], rotation=45, ha="right")
        axes.set_yticks(range(len(districts)))
        axes.set_yticklabels([city.district_name(d) for d in districts])
        top = max((max(row) for row in matrix), default=0)
        for row, values in enumerate(matrix):
            for column, value in enumerate(values):
                if value:
                    axes.text(column, row, str(value), ha="center", va="center",
                              color="white" if value > top / 2 else "#08306b", fontsize=9)
        figure.colorbar(image, ax=axes, label=label("count", lang), fraction=0.03)
    axes.set_title(f"{chain.label(lang)} · {label('region_map', lang)} ({label('district_by_link', lang)})")
    return figure


def _status_legend(figure: Figure, lang: str) -> None:
    handles = [Patch(facecolor=STATUS_COLOURS[s], edgecolor=STATUS_BORDERS[s], label=label(s, lang)) for s in STATUSES.codes]
    figure.legend(handles=handles, loc="outside lower center", ncol=len(handles), frameon=False, fontsize=8.5)


def key_enterprise_chart(chain: ChainView, lang: str = "zh", per_link: int = 3) -> Figure:
    """重点企业图: local revenue per link (coloured by status) and, beside it, its largest key enterprises.

    A link whose firms give no revenue says 营收未知; a link with no local firm says so.
    """
    use_cjk_font()
    links = ordered_links(chain)
    figure = plt.figure(figsize=(11, max(3.5, 0.42 * len(links) + 1.8)), layout="constrained")
    grid = figure.add_gridspec(1, 2, width_ratios=[1.25, 1])
    bars = figure.add_subplot(grid[0])
    names = figure.add_subplot(grid[1], sharey=bars)
    rows = list(range(len(links)))
    revenue: list[float | None] = []
    texts = []
    for item in links:
        members = [e for e in chain.enterprises if item.id in e.links]
        known = [e.revenue for e in members if e.revenue is not None]
        if not members:
            revenue.append(None)
            texts.append(label("no_local_firm", lang))
        elif not known:
            revenue.append(None)
            texts.append(label("revenue_unknown", lang))
        else:
            revenue.append(float(sum(known)))
            texts.append(_money(sum(known)))
    limit = (max((v for v in revenue if v), default=0) or 1) * 1.35
    fills = [STATUS_COLOURS.get(i.status, STATUS_COLOURS["normal"]) for i in links]
    bars.barh(rows, [v or 0 for v in revenue], color=fills,
              edgecolor=[STATUS_BORDERS.get(i.status, STATUS_BORDERS["normal"]) for i in links])
    bars.set_yticks(rows)
    bars.set_yticklabels([_short(i.label(lang), 12) for i in links])
    bars.set_ylim(len(links) - 0.5, -0.5)  # upstream at the top
    bars.set_xlim(0, limit)
    bars.set_xlabel(label("local_revenue", lang))
    _value_labels(bars, revenue, texts, limit, fills)
    keys = []
    for item in links:
        found = sorted((e for e in chain.enterprises if item.id in e.links and e.is_key),
                       key=lambda e: (-(e.revenue or 0), e.id))
        keys.append(joined((e.name for e in found[:per_link]), lang))
    _status_legend(figure, lang)
    figure.suptitle(f"{chain.label(lang)} · {label('enterprise_map', lang)}")
    _names_column(figure, names, keys, label("list_enterprises", lang))
    return figure


def project_pipeline_chart(chain: ChainView, lang: str = "zh") -> Figure:
    """重大项目图: projects per stage, and the largest projects by investment coloured by stage (with a legend).

    Projects without an amount are not drawn as empty rows: they are counted in a note.
    """
    use_cjk_font()
    with_amount = sorted((p for p in chain.projects if p.investment is not None), key=lambda p: (-p.investment, p.id))
    without = len(chain.projects) - len(with_amount)
    projects = with_amount[:PROJECTS_SHOWN]
    figure, (left, right) = plt.subplots(1, 2, figsize=(11.5, max(4.4, 0.36 * len(projects) + 2.6)),
                                         gridspec_kw={"width_ratios": [1, 1.7]}, layout="constrained")
    stage_counts = Counter(p.stage for p in chain.projects)
    stages = list(STAGES.codes)
    left.bar(range(len(stages)), [stage_counts.get(s, 0) for s in stages], color=[STAGE_COLOURS[s] for s in stages],
             edgecolor="#4a6fa5", linewidth=0.6)
    left.set_xticks(range(len(stages)))
    left.set_xticklabels([label(s, lang) for s in stages], rotation=35, ha="right")
    left.set_ylabel(label("count", lang))
    left.yaxis.get_major_locator().set_params(integer=True)
    left.set_ylim(0, max([*stage_counts.values(), 1]) * 1.15)
    left.set_title(label("pipeline_by_stage", lang))
    title = label("largest_projects", lang)
    if without:
        title += f"\n{label('projects_without_amount', lang)}: {without}"
    if projects:
        rows = list(range(len(projects)))
        values = [float(p.investment) for p in projects]
        limit = max(values) * 1.3 or 1
        fills = [STAGE_COLOURS.get(p.stage, "#999999") for p in projects]
        right.barh(rows, values, color=fills, edgecolor="#4a6fa5", linewidth=0.6)
        right.set_yticks(rows)
        right.set_yticklabels([_short(p.name, 16) for p in projects], fontsize=8)
        right.set_ylim(len(projects) - 0.5, -0.5)
        right.set_xlim(0, limit)
        right.set_xlabel(label("investment", lang))
        _value_labels(right, values, [_money(v) for v in values], limit, fills)
        used = [s for s in stages if any(p.stage == s for p in projects)]
        right.legend(handles=[Patch(facecolor=STAGE_COLOURS[s], edgecolor="#4a6fa5", label=label(s, lang)) for s in used],
                     title=label("stage", lang), loc="lower right", fontsize=8, title_fontsize=8, framealpha=0.9)
    else:
        _empty(right, lang, "amount_unknown" if chain.projects else "no_rows")
    right.set_title(title, fontsize=10)
    figure.suptitle(f"{chain.label(lang)} · {label('project_map', lang)}")
    return figure


def product_brand_chart(chain: ChainView, lang: str = "zh") -> Figure:
    """产品品牌图: products and distinct brands per link, and the brand names in a column beside."""
    use_cjk_font()
    links = ordered_links(chain)
    figure = plt.figure(figsize=(11, max(3.5, 0.42 * len(links) + 1.8)), layout="constrained")
    grid = figure.add_gridspec(1, 2, width_ratios=[1.25, 1])
    axes = figure.add_subplot(grid[0])
    names = figure.add_subplot(grid[1], sharey=axes)
    products = Counter(p.link for p in chain.products)
    brands: dict[str, set[str]] = {}
    for product in chain.products:
        if product.brand:
            brands.setdefault(product.link, set()).add(product.brand)
    rows = list(range(len(links)))
    height = 0.38
    axes.barh([r - height / 2 for r in rows], [products.get(l.id, 0) for l in links], height,
              label=label("product_count", lang), color="#4c78a8")
    axes.barh([r + height / 2 for r in rows], [len(brands.get(l.id, ())) for l in links], height,
              label=label("brand_count", lang), color="#f58518")
    axes.set_yticks(rows)
    axes.set_yticklabels([_short(l.label(lang), 12) for l in links])
    axes.set_ylim(len(links) - 0.5, -0.5)
    axes.set_xlim(0, max([*products.values(), 1]) * 1.2)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlabel(label("count", lang))
    figure.legend(loc="outside lower center", ncol=2, frameon=False, fontsize=8.5)
    figure.suptitle(f"{chain.label(lang)} · {label('product_map', lang)}")
    _names_column(figure, names, [joined(sorted(brands.get(l.id, ())), lang) for l in links], label("brand", lang))
    return figure


def save_figure(figure: Figure, base: str | Path) -> list[Path]:
    """Write ``base.png`` (150 dpi) and ``base.svg``; close the figure; the two paths.

    The layout and the tight frame are computed once, then both files are written with
    them: ``bbox_inches="tight"`` would draw the figure (and run the constrained layout)
    twice per file, which made the static maps most of the report's time.
    """
    base = Path(base)
    base.parent.mkdir(parents=True, exist_ok=True)
    figure.canvas.draw()  # the constrained layout, once
    frame = figure.get_tightbbox(figure.canvas.get_renderer()).padded(plt.rcParams["savefig.pad_inches"])
    figure.set_layout_engine("none")  # keep the positions just computed
    written = []
    for suffix, options in ((".png", {"dpi": 150}), (".svg", {})):
        path = base.with_suffix(suffix)
        figure.savefig(path, bbox_inches=frame, metadata={"Date": None} if suffix == ".svg" else None, **options)
        written.append(path)
    plt.close(figure)
    return written


def chain_charts(chain: ChainView, out_dir: str | Path, city: CityView | None = None, lang: str = "zh") -> dict[str, list[Path]]:
    """All five maps of one chain as PNG+SVG under ``out_dir``, keyed by map name."""
    from .chain_graph import draw_chain_graph

    out_dir = Path(out_dir)
    figures = {
        "chain_map": draw_chain_graph(chain, lang),
        "region_map": region_heatmap(chain, city, lang),
        "project_map": project_pipeline_chart(chain, lang),
        "enterprise_map": key_enterprise_chart(chain, lang),
        "product_map": product_brand_chart(chain, lang),
    }
    return {name: save_figure(figure, out_dir / name) for name, figure in figures.items()}
