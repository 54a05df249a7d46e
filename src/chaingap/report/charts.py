"""The report's static charts (matplotlib), with Chinese labels in a real CJK font.

One function per map, each taking a :class:`ChainView` and returning a Figure;
:func:`save_figure` writes it as PNG and SVG for slides. The regional distribution is a
district-by-link matrix, not a geographic map: no boundary data offline, and published maps
of China need approval.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; never needs a display

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from .fonts import use_cjk_font  # noqa: E402
from .map_labels import STATUS_COLOURS, label  # noqa: E402
from .model import STAGES, ChainView, CityView  # noqa: E402

__all__ = [
    "district_link_matrix",
    "region_heatmap",
    "key_enterprise_chart",
    "project_pipeline_chart",
    "product_brand_chart",
    "save_figure",
    "chain_charts",
]

_STAGE_COLOURS = dict(zip(STAGES, ("#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b")))


def _short(text: str, limit: int = 14) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def district_link_matrix(chain: ChainView) -> tuple[list[str], list[str], list[list[int]]]:
    """(district ids, link ids, counts[d][l]): local enterprises per district and link."""
    counts = Counter((e.district, link) for e in chain.enterprises for link in e.links)
    districts = sorted({e.district for e in chain.enterprises if e.district})
    links = [item.id for item in chain.links]
    return districts, links, [[counts.get((d, l), 0) for l in links] for d in districts]


def _empty(axes, lang: str) -> None:
    axes.text(0.5, 0.5, label("no_rows", lang), ha="center", va="center", transform=axes.transAxes, color="#888888")
    axes.set_xticks([])
    axes.set_yticks([])


def region_heatmap(chain: ChainView, city: CityView | None = None, lang: str = "zh") -> Figure:
    """区域分布图: enterprises per district (rows) and link (columns), the number in each cell."""
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


def key_enterprise_chart(chain: ChainView, lang: str = "zh", per_link: int = 3) -> Figure:
    """重点企业图: local revenue per link, coloured by status, with its key enterprises named."""
    use_cjk_font()
    figure, axes = plt.subplots(figsize=(10, max(3.5, 0.5 * len(chain.links) + 1.5)), layout="constrained")
    names = [item.label(lang) for item in chain.links]
    revenue = [
        sum(e.revenue or 0 for e in chain.enterprises if item.id in e.links) for item in chain.links
    ]
    colours = [STATUS_COLOURS.get(item.status, STATUS_COLOURS["normal"]) for item in chain.links]
    rows = range(len(names))
    axes.barh(rows, revenue, color=colours)
    axes.set_yticks(list(rows))
    axes.set_yticklabels(names)
    axes.invert_yaxis()
    for row, item in enumerate(chain.links):
        keys = sorted((e for e in chain.enterprises if item.id in e.links and e.is_key), key=lambda e: (-(e.revenue or 0), e.id))
        text = "、".join(_short(e.name, 16) for e in keys[:per_link]) or "—"
        axes.annotate(text, (revenue[row], row), xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    axes.set_xlabel(label("local_revenue", lang))
    axes.set_xlim(0, (max(revenue, default=0) or 1) * 1.6)
    axes.set_title(f"{chain.label(lang)} · {label('enterprise_map', lang)}")
    return figure


def project_pipeline_chart(chain: ChainView, lang: str = "zh") -> Figure:
    """重大项目图: projects by stage (count and investment), the pipeline a bureau tracks."""
    use_cjk_font()
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2), gridspec_kw={"width_ratios": [1, 1.6]}, layout="constrained")
    stage_counts = Counter(p.stage for p in chain.projects)
    stages = list(STAGES)
    left.bar(range(len(stages)), [stage_counts.get(s, 0) for s in stages], color=[_STAGE_COLOURS[s] for s in stages])
    left.set_xticks(range(len(stages)))
    left.set_xticklabels([label(s, lang) for s in stages], rotation=30, ha="right")
    left.set_ylabel(label("count", lang))
    left.yaxis.get_major_locator().set_params(integer=True)
    left.set_title(label("pipeline_by_stage", lang))
    projects = sorted(chain.projects, key=lambda p: (-(p.investment or 0), p.id))[:12]
    if projects:
        rows = range(len(projects))
        right.barh(rows, [p.investment or 0 for p in projects], color=[_STAGE_COLOURS.get(p.stage, "#999999") for p in projects])
        right.set_yticks(list(rows))
        right.set_yticklabels([_short(p.name, 18) for p in projects], fontsize=8)
        right.invert_yaxis()
        right.set_xlabel(label("investment", lang))
    else:
        _empty(right, lang)
    right.set_title(label("project_map", lang))
    figure.suptitle(f"{chain.label(lang)} · {label('project_map', lang)}")
    return figure


def product_brand_chart(chain: ChainView, lang: str = "zh") -> Figure:
    """产品品牌图: products and distinct brands per link, brand names written beside."""
    use_cjk_font()
    figure, axes = plt.subplots(figsize=(10, max(3.5, 0.5 * len(chain.links) + 1.5)), layout="constrained")
    products = Counter(p.link for p in chain.products)
    brands: dict[str, set[str]] = {}
    for product in chain.products:
        if product.brand:
            brands.setdefault(product.link, set()).add(product.brand)
    rows = list(range(len(chain.links)))
    height = 0.38
    axes.barh([r - height / 2 for r in rows], [products.get(l.id, 0) for l in chain.links], height, label=label("products", lang), color="#4c78a8")
    axes.barh([r + height / 2 for r in rows], [len(brands.get(l.id, ())) for l in chain.links], height, label=label("brands", lang), color="#f58518")
    for row, item in enumerate(chain.links):
        names = "、".join(sorted(brands.get(item.id, ())))
        if names:
            axes.annotate(_short(names, 30), (max(products.get(item.id, 0), len(brands.get(item.id, ()))), row),
                          xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    axes.set_yticks(rows)
    axes.set_yticklabels([l.label(lang) for l in chain.links])
    axes.invert_yaxis()
    axes.set_xlim(0, max([*products.values(), 1]) * 1.6)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.legend(loc="lower right")
    axes.set_title(f"{chain.label(lang)} · {label('product_map', lang)}")
    return figure


def save_figure(figure: Figure, base: str | Path) -> list[Path]:
    """Write ``base.png`` (150 dpi) and ``base.svg``; close the figure; the two paths."""
    base = Path(base)
    base.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, options in ((".png", {"dpi": 150}), (".svg", {})):
        path = base.with_suffix(suffix)
        figure.savefig(path, bbox_inches="tight", metadata={"Date": None} if suffix == ".svg" else None, **options)
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
