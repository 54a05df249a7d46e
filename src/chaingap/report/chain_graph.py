"""The chain diagram (产业链条图): an interactive vis-network page and a static image.

Links run left to right, upstream -> midstream -> downstream (:mod:`.layout`), coloured by
status; missing and weak links are drawn largest, with a thick dark outline (dashed while no
local firm is there), because they are what a bureau looks for. Projects and bases are shown;
key enterprises are stacked under their links only when asked for (a toggle), since dozens of
company names bury the chain. Every node has a fixed position computed here, so the page
opens fitted and nothing overlaps; pyvis collects the nodes and edges and our own template
renders them, because pyvis's template loads Bootstrap from a CDN and the map works offline.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pyvis.network import Network

from chaingap.ontology import terms
from chaingap.ontology.vocab import LQ_BASES, STATUSES

from .assets import environment
from .layout import COLUMN_WIDTH, ITEM_LINE, ITEM_STEP, LINK_DOWN, LINK_UP, ChainLayout, layout_chain, link_levels, ordered_links
from .map_labels import KIND_COLOURS, STATUS_BORDERS, STATUS_COLOURS, header, joined, label
from .model import ChainView, CityView, EnterpriseRow, LinkView

__all__ = [
    "link_levels",
    "build_network",
    "graph_payload",
    "chain_graph_html",
    "write_chain_graph",
    "draw_chain_graph",
    "ENTERPRISES_PER_LINK",
    "LINK_RADIUS",
    "ITEM_WIDTH",
]

#: Key enterprises drawn per link; the key enterprise list holds the rest.
ENTERPRISES_PER_LINK = 3
#: Radius of a link's circle by status: what needs action is drawn largest.
LINK_RADIUS = {"missing": 17, "being_filled": 15, "weak": 15, "strong": 13, "normal": 10,
               "insufficient_evidence": 10, "no_data": 8, "rollup": 12}
#: Outline width by status.
LINK_BORDER = {"missing": 4, "being_filled": 3, "weak": 4, "strong": 2, "normal": 1,
               "insufficient_evidence": 1, "no_data": 1, "rollup": 2}
#: Widest box under a link: a longer name wraps onto a second line (room is kept for it).
ITEM_WIDTH = COLUMN_WIDTH - 26
LINK_FONT = 16
ITEM_FONT = 12
#: The numbers a link's tooltip shows, in this order (the engine may compute more).
TOOLTIP_METRICS = (
    "local_enterprises", "local_revenue", "local_key_enterprises", "lq", "lq_basis",
    "top_share", "hhi", "projects", "downstream_count", "criticality", "supply_gap",
)
#: Vertical room above a chain's links for its title and segment headers (city map).
HEADER_ROOM = 70
CHAIN_GAP = 90


def _fmt(value: object, lang: str = "zh") -> str:
    if isinstance(value, bool):
        return label("yes", lang) if value else label("no", lang)
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _text_width(text: str, size: float) -> float:
    """Estimated width in pixels: CJK and full-width characters one em, others about half."""
    return size * sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.56 for ch in text)


def _fit(text: str, size: float, width: float) -> str:
    """``text`` cut with "…" to at most ``width`` pixels at ``size`` (the tooltip keeps it whole)."""
    if _text_width(text, size) <= width:
        return text
    while text and _text_width(text + "…", size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _lines(text: str) -> int:
    """Lines a box of :data:`ITEM_WIDTH` needs for ``text`` (at most three; vis-network wraps at spaces
    or, for CJK, anywhere)."""
    return min(3, max(1, math.ceil(_text_width(text, ITEM_FONT) / (ITEM_WIDTH - 16))))


def _link_label(link: LinkView, lang: str) -> str:
    second = f"{label('local_enterprises', lang)} {link.local_enterprises}"
    if link.extension:
        second += f" · {label('extension', lang)}"
    return f"{_fit(link.label(lang), LINK_FONT, COLUMN_WIDTH - 24)}\n{second}"


def _link_tooltip(link: LinkView, lang: str) -> str:
    lines = [link.label(lang), f"{label('status', lang)}: {label(link.status, lang)}"]
    if link.extension:
        lines.append(label("extension", lang))
    lines.append(f"{label('segment', lang)}: {label(link.segment or 'unknown_segment', lang)}")
    for key in TOOLTIP_METRICS:
        value = link.metrics.get(key)
        if value is None:
            continue
        shown = LQ_BASES.label(str(value), lang) if key == "lq_basis" else _fmt(value, lang)
        lines.append(f"{label(key, lang)}: {shown}")
    if link.reason:
        lines.append(link.reason)
    return "\n".join(lines)  # plain text: vis-network shows a string title with innerText


def _link_districts(chain: ChainView, city: CityView) -> dict[str, set[str]]:
    """Per link, the districts (and the districts those lie in) with a local enterprise in it."""
    found: dict[str, set[str]] = {}
    for enterprise in chain.enterprises:
        for link_id in enterprise.links:
            found.setdefault(link_id, set()).update(city.within(enterprise.district))
    return found


def _key_enterprises(chain: ChainView) -> dict[str, list[EnterpriseRow]]:
    """Per link id, the key enterprises drawn under it (largest first), each drawn once per chain."""
    known = {link.id for link in chain.links}
    per_link: dict[str, list[EnterpriseRow]] = {}
    for enterprise in chain.enterprises:
        if enterprise.is_key:
            for link_id in enterprise.links:
                if link_id in known:
                    per_link.setdefault(link_id, []).append(enterprise)
    drawn: set[str] = set()
    result: dict[str, list[EnterpriseRow]] = {}
    for link in ordered_links(chain):
        members = sorted(per_link.get(link.id, []), key=lambda e: (-(e.revenue or 0), e.id))
        chosen = [e for e in members if e.id not in drawn][:ENTERPRISES_PER_LINK]
        drawn.update(e.id for e in chosen)
        if chosen:
            result[link.id] = chosen
    return result


def _projects_by_link(chain: ChainView) -> dict[str, list]:
    """Per link id, the projects drawn under it: each project once, under its first link."""
    known = {link.id for link in chain.links}
    order = {link.id: index for index, link in enumerate(ordered_links(chain))}
    result: dict[str, list] = {}
    for project in sorted(chain.projects, key=lambda p: (-(p.investment or 0), p.id)):
        targets = sorted((t for t in project.links if t in known), key=order.get)
        if targets:
            result.setdefault(targets[0], []).append(project)
    return result


def _item_id(kind: str, item_id: str, chain: ChainView) -> str:
    """Node id of a project, enterprise or base: drawn once per chain it belongs to."""
    return f"{terms.iri(kind, item_id)}|{chain.id}"


class _Builder:
    """Adds one chain after another to a pyvis Network, each below the one before."""

    def __init__(self, city: CityView, lang: str, show_projects: bool, headers: bool) -> None:
        self.net = Network(directed=True)
        self.city = city
        self.lang = lang
        self.show_projects = show_projects
        self.headers = headers
        self.top = 0.0
        self.nodes: dict[str, dict] = {}
        #: Background band of each segment of each chain (drawn behind the graph by the page).
        self.bands: list[dict[str, Any]] = []

    def add_chain(self, chain: ChainView) -> None:
        projects = _projects_by_link(chain) if self.show_projects else {}
        enterprises = _key_enterprises(chain)
        top = self.top + (HEADER_ROOM if self.headers else 40)
        project_items = {k: [(f"p:{p.id}", _lines(p.name)) for p in v] for k, v in projects.items()}
        full_items = {k: project_items.get(k, []) + [(f"e:{e.id}", _lines(e.name)) for e in enterprises.get(k, [])]
                      for k in {*project_items, *enterprises}}
        base = layout_chain(chain, project_items, top)
        full = layout_chain(chain, full_items, top, columns=base.columns)
        self._headers(chain, base, full)
        band_top = self.top + (HEADER_ROOM - 40 if self.headers else 0)
        for segment, left, right in base.segment_spans():
            self.bands.append({"chain": chain.id, "segment": segment, "left": left - COLUMN_WIDTH / 2 + 8,
                               "right": right + COLUMN_WIDTH / 2 - 8, "top": band_top,
                               "bottom": base.bottom + 8, "fullBottom": full.bottom + 8})
        districts = _link_districts(chain, self.city)
        for link in chain.links:
            self._link(chain, link, base, full, districts)
        for link in chain.links:
            for target in link.feeds:
                if chain.link(target) and target != link.id:
                    self.net.add_edge(link.iri, terms.iri("link", target), arrows="to", width=2,
                                      color={"color": KIND_COLOURS["feeds"]["edge"], "highlight": "#444444"},
                                      cg={"kind": "feeds"})
            parent = chain.link(link.parent or "")
            if parent is not None and parent.id != link.id:
                self.net.add_edge(parent.iri, link.iri, width=1, dashes=[2, 4], color={"color": "#b0b0b0"},
                                  smooth=False, cg={"kind": "part_of"})
        for link_id, members in projects.items():
            for project in members:
                self._project(chain, project, link_id, base, full)
        for link_id, members in enterprises.items():
            for enterprise in members:
                self._enterprise(chain, enterprise, link_id, full)
        bottom = self._bases(chain, base.bottom + 40, full.bottom + 40, max(1, round(base.width / COLUMN_WIDTH)))
        self.top = bottom + CHAIN_GAP

    def _node(self, node_id: str, **fields: Any) -> None:
        self.net.add_node(node_id, **fields)
        self.nodes[node_id] = self.net.nodes[-1]

    def _headers(self, chain: ChainView, base: ChainLayout, full: ChainLayout) -> None:
        y = self.top + (HEADER_ROOM - 22 if self.headers else 18)
        for segment, left, right in base.segment_spans():
            self._text(f"{chain.id}#segment:{segment}", label(segment, self.lang), (left + right) / 2, y, chain, 15)
        if self.headers:
            self._text(f"{chain.id}#title", chain.label(self.lang), -COLUMN_WIDTH / 2 + 10, self.top + 10, chain, 20,
                       align="left")

    def _text(self, node_id: str, text: str, x: float, y: float, chain: ChainView, size: int, align: str = "center") -> None:
        width = (len(text) + 1) * size
        left = x if align == "left" else x - width / 2
        self._node(node_id, label=text, shape="text", x=left + width / 2, y=y, fixed=True, physics=False,
                   font={"size": size, "color": "#555555", "face": "sans-serif"},
                   chosen=False,
                   cg={"kind": "header", "chains": [chain.id], "districts": [], "links": [],
                       "base": [left + width / 2, y], "full": [left + width / 2, y],
                       "box": [width / 2, size, size]})

    def _link(self, chain: ChainView, link: LinkView, base: ChainLayout, full: ChainLayout,
              districts: dict[str, set[str]]) -> None:
        status = link.status if link.status in STATUS_COLOURS else "normal"
        fill, border = STATUS_COLOURS[status], STATUS_BORDERS[status]
        x, y = base.positions[link.id]
        fx, fy = full.positions[link.id]
        radius = LINK_RADIUS[status]
        self._node(
            link.iri,
            label=_link_label(link, self.lang),
            title=_link_tooltip(link, self.lang),
            shape="dot",
            size=radius,
            x=x, y=y, fixed=True, physics=False,
            color={"background": fill, "border": border,
                   "highlight": {"background": fill, "border": "#111111"},
                   "hover": {"background": fill, "border": "#111111"}},
            borderWidth=LINK_BORDER[status],
            borderWidthSelected=LINK_BORDER[status] + 1,
            shapeProperties={"borderDashes": [5, 3] if status in ("missing", "being_filled") else False},
            shadow={"enabled": True, "color": "rgba(20,20,20,0.75)", "size": 14, "x": 0, "y": 0} if link.extension
            else {"enabled": False},
            font={"size": LINK_FONT, "color": border if status in ("missing", "weak", "being_filled") else "#222222",
                  "strokeWidth": 4, "strokeColor": "#ffffff", "face": "sans-serif"},
            cg={
                "kind": "link",
                "status": status,
                "chains": [chain.id],
                "districts": sorted(districts.get(link.id, ())),
                "links": [link.iri],
                "base": [x, y],
                "full": [fx, fy],
                "font": LINK_FONT,
                "box": [COLUMN_WIDTH / 2 - 12, LINK_UP, LINK_DOWN - 4],
            },
        )

    def _item(self, node_id: str, text: str, title: str, kind: str, shape: str, position: tuple[float, float],
              full_position: tuple[float, float], chain: ChainView, district: str, links: list[str]) -> None:
        colours = KIND_COLOURS[kind]
        lines = _lines(text)
        self._node(
            node_id,
            label=_short(text, 48),
            title=title,
            shape=shape,
            x=position[0], y=position[1], fixed=True, physics=False,
            margin={"top": 3, "bottom": 3, "left": 6, "right": 6},
            color={"background": colours["background"], "border": colours["border"],
                   "highlight": {"background": colours["background"], "border": "#111111"},
                   "hover": {"background": colours["background"], "border": "#111111"}},
            borderWidth=1.5,
            shapeProperties={"borderRadius": 0 if kind == "base" else 4},
            font={"size": ITEM_FONT, "color": "#333333", "face": "sans-serif"},
            widthConstraint={"maximum": ITEM_WIDTH},
            scaling={"label": {"drawThreshold": 7, "maxVisible": 26}},
            cg={"kind": kind, "district": district, "districts": self.city.within(district) if district else [],
                "links": links, "chains": [chain.id], "base": list(position), "full": list(full_position),
                "box": [min(ITEM_WIDTH, _text_width(text, ITEM_FONT) + 16) / 2, 11 + 7.5 * (lines - 1),
                        11 + 7.5 * (lines - 1)]},
        )

    def _project(self, chain: ChainView, project, link_id: str, base: ChainLayout, full: ChainLayout) -> None:
        node_id = _item_id("project", project.id, chain)
        if node_id in self.nodes:
            return
        key = f"p:{project.id}"
        position = dict(base.items[link_id])[key]
        full_position = dict(full.items[link_id])[key]
        targets = [t for t in project.links if chain.link(t)]
        investment = (f"{label('investment', self.lang)}: {_fmt(project.investment)}" if project.investment is not None
                      else f"{label('investment', self.lang)}: {label('amount_unknown', self.lang)}")
        title = "\n".join(filter(None, [
            f"{label('project', self.lang)}: {project.name}", self.city.district_name(project.district),
            f"{label('stage', self.lang)}: {label(project.stage, self.lang)}" if project.stage else "",
            investment, project.investor]))
        self._item(node_id, project.name, title, "project", "ellipse", position, full_position, chain,
                   project.district, [terms.iri("link", t) for t in targets])
        for target in targets:
            if target != link_id:
                self.net.add_edge(node_id, terms.iri("link", target), arrows="to", width=1, dashes=True,
                                  color={"color": KIND_COLOURS["project"]["edge"]}, cg={"kind": "invests_in"})

    def _enterprise(self, chain: ChainView, enterprise: EnterpriseRow, link_id: str, full: ChainLayout) -> None:
        node_id = _item_id("enterprise", enterprise.id, chain)
        position = dict(full.items[link_id])[f"e:{enterprise.id}"]
        flags = joined((label(flag, self.lang) for flag in enterprise.flags), self.lang)
        revenue = f"{label('revenue', self.lang)}: {_fmt(enterprise.revenue)}" if enterprise.revenue is not None else ""
        title = "\n".join(filter(None, [f"{label('enterprise', self.lang)}: {enterprise.name}",
                                        self.city.district_name(enterprise.district), flags, revenue]))
        links = [terms.iri("link", t) for t in enterprise.links if chain.link(t)]
        self._item(node_id, enterprise.name, title, "enterprise", "box", position, position, chain,
                   enterprise.district, links)
        for other in enterprise.links:
            if other != link_id and chain.link(other):
                self.net.add_edge(node_id, terms.iri("link", other), width=1, dashes=True,
                                  color={"color": KIND_COLOURS["enterprise"]["edge"]}, cg={"kind": "works_in"})

    def _bases(self, chain: ChainView, y: float, full_y: float, per_row: int) -> float:
        """A row of the chain's bases under its links (lower when enterprises are shown); the lowest y used."""
        if not chain.bases:
            return full_y - 40
        step = max(ITEM_STEP + ITEM_LINE * (_lines(b.name) - 1) for b in chain.bases) + 10
        for index, item in enumerate(sorted(chain.bases, key=lambda b: b.id)):
            x, down = COLUMN_WIDTH * (index % per_row), step * (index // per_row)
            title = f"{label('base', self.lang)}: {item.name}\n{self.city.district_name(item.district)}"
            self._item(_item_id("base", item.id, chain), item.name, title, "base", "box", (x, y + down),
                       (x, full_y + down), chain, item.district, [])
        return full_y + step * math.ceil(len(chain.bases) / per_row)


def build_network(
    chains: Sequence[ChainView],
    city: CityView | None = None,
    lang: str = "zh",
    show_enterprises: bool = True,
    show_projects: bool = True,
) -> Network:
    """A pyvis Network of the chains' links, projects, bases and (when ``show_enterprises``) key enterprises.

    Every node has fixed ``x``/``y`` and a ``cg`` dict (kind, status, chains, districts,
    links; ``base``/``full`` positions without and with enterprises) that the page reads.
    """
    builder = _Builder(city or CityView(), lang, show_projects, headers=len(chains) > 1)
    for chain in chains:
        builder.add_chain(chain)
    builder.net.cg_bands = builder.bands
    if not show_enterprises:
        builder.net.nodes = [n for n in builder.net.nodes if n["cg"]["kind"] != "enterprise"]
        kept = {n["id"] for n in builder.net.nodes}
        builder.net.edges = [e for e in builder.net.edges if e["from"] in kept and e["to"] in kept]
    return builder.net


def _options() -> dict:
    return {
        "layout": {"hierarchical": {"enabled": False}, "improvedLayout": False},
        "physics": {"enabled": False},
        "nodes": {"scaling": {"label": {"drawThreshold": 8, "maxVisible": 30}}},
        "edges": {"smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.45},
                  "arrows": {"to": {"scaleFactor": 0.7}}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False, "dragNodes": False,
                        "zoomSpeed": 0.6},
    }


def _legend(lang: str) -> list[dict[str, str]]:
    """The legend's entries after the statuses: shapes of the node kinds and kinds of edge.

    Each entry carries the CSS of its swatch, made from the same colours as the graph.
    """
    open_, close = ("（", "）") if lang == "zh" else (" (", ")")
    kinds = KIND_COLOURS

    def box(kind: str) -> str:
        return f"border-color: {kinds[kind]['border']}; background: {kinds[kind]['background']}"

    def line(colour: str, style: str) -> str:
        return f"border-top: 2px {style} {colour}"

    return [
        {"swatch": "link", "style": f"background: {STATUS_COLOURS['normal']}; border-color: {STATUS_BORDERS['normal']}",
         "label": f"{label('link', lang)}{open_}{label('larger_attention', lang)}{close}"},
        {"swatch": "dashed", "style": f"border-color: {STATUS_BORDERS['missing']}", "label": label("dashed_outline", lang)},
        {"swatch": "extension", "style": "", "label": label("extension", lang)},
        {"swatch": "enterprise", "style": box("enterprise"), "label": label("enterprise", lang)},
        {"swatch": "project", "style": box("project"), "label": label("project", lang)},
        {"swatch": "base", "style": box("base"), "label": label("base", lang)},
        {"swatch": "edge", "style": line(kinds["feeds"]["edge"], "solid"), "label": label("edge_feeds", lang), "arrow": "1"},
        {"swatch": "edge", "style": line("#b0b0b0", "dotted"), "label": label("edge_part_of", lang)},
        {"swatch": "edge", "style": line(kinds["enterprise"]["edge"], "dashed"), "label": label("edge_works_in", lang)},
        {"swatch": "edge", "style": line(kinds["project"]["edge"], "dashed"), "label": label("edge_invests_in", lang), "arrow": "1"},
    ]


def graph_payload(
    chains: Sequence[ChainView],
    city: CityView | None = None,
    lang: str = "zh",
    show_enterprises: bool = True,
    show_projects: bool = True,
) -> dict:
    """Everything the page script needs, as plain JSON-able data.

    Enterprises are in the data (unless ``show_enterprises`` is false) but hidden until the
    reader ticks "show key enterprises".
    """
    city = city or CityView()
    net = build_network(chains, city, lang, show_enterprises, show_projects)
    used_districts = sorted({d for c in chains for e in c.enterprises if e.district for d in city.within(e.district)}
                            | {d for c in chains for p in c.projects if p.district for d in city.within(p.district)})
    return {
        "nodes": net.nodes,
        "bands": net.cg_bands,
        "edges": net.edges,
        "options": _options(),
        "statuses": [
            {"id": status, "label": label(status, lang), "colour": STATUS_COLOURS[status],
             "border": STATUS_BORDERS[status]} for status in STATUSES.codes
        ],
        "legend": _legend(lang),
        "colours": KIND_COLOURS,
        "chains": [{"id": c.id, "label": c.label(lang)} for c in chains],
        "districts": [{"id": d, "label": city.district_name(d)} for d in used_districts],
        "hasEnterprises": any(n["cg"]["kind"] == "enterprise" for n in net.nodes),
        # A city of many chains opens on its first chain: all of them at once are too small
        # to read. The chain selector shows the rest.
        "initial": {
            "showEnterprises": False,
            "chain": chains[0].id if len(chains) > 2 else "",
        },
        "fonts": {"link": LINK_FONT, "item": ITEM_FONT, "minScreen": 12},
    }


def chain_graph_html(
    chains: Sequence[ChainView],
    city: CityView | None = None,
    lang: str = "zh",
    title: str | None = None,
    show_enterprises: bool = True,
    show_projects: bool = True,
) -> str:
    """A complete, self-contained HTML page with the interactive chain graph and its filters."""
    for chain in chains:
        chain.links = ordered_links(chain)
    payload = graph_payload(chains, city, lang, show_enterprises, show_projects)
    page_title = title or (chains[0].label(lang) if len(chains) == 1 else label("report_title", lang))
    return environment().get_template("graph_page.html").render(
        lang=lang, title=page_title, graph=payload, words=_graph_words(lang), back=""
    )


def _graph_words(lang: str) -> dict[str, str]:
    keys = ("legend", "filter_status", "chain", "district", "all", "shown", "show_enterprises", "fit_view")
    return {key: header(key, lang) for key in keys}


def write_chain_graph(path: str | Path, chains: Sequence[ChainView], city: CityView | None = None, lang: str = "zh", **options) -> Path:
    """Write :func:`chain_graph_html` to ``path`` (UTF-8); returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(chain_graph_html(chains, city, lang, **options), encoding="utf-8")
    return target


#: The static diagram: inches per 100 layout pixels, and the label size in points.
_INCH_PER_PX = 0.0105
_STATIC_FONT = 9.5
#: Fills of the segment bands, alternating (the page's are in chain_graph.js).
_BAND_FILLS = ("#f4f7fb", "#faf7f0")


def draw_chain_graph(chain: ChainView, lang: str = "zh"):
    """The chain diagram as a matplotlib Figure (for PNG/SVG slides), on the page's layout.

    Circles are sized in layout pixels, on the same scale as the positions, and each label
    sits in the block reserved under its circle (wrapped to the column width), so circles
    and labels cannot overlap; ``tests/test_charts.py`` measures it.
    """
    import textwrap

    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, FancyArrowPatch, Patch, Rectangle

    from .fonts import use_cjk_font

    use_cjk_font()
    chain.links = ordered_links(chain)
    layout = layout_chain(chain)
    xs = [x for x, _ in layout.positions.values()] or [0.0]
    ys = [y for _, y in layout.positions.values()] or [0.0]
    left, right = min(xs) - COLUMN_WIDTH / 2, max(xs) + COLUMN_WIDTH / 2
    top, bottom = min(ys) - LINK_UP - 30, max(ys) + LINK_DOWN
    width_px, height_px = right - left, bottom - top
    below, above = 0.55, 0.5  # inches for the legend and the title
    tall = height_px * _INCH_PER_PX
    fig_height = max(3.0, tall + below + above)
    figure = plt.figure(figsize=(max(6.0, width_px * _INCH_PER_PX), fig_height))
    axes = figure.add_axes((0, (fig_height - above - tall) / fig_height, 1, tall / fig_height))
    axes.set_xlim(left, right)
    axes.set_ylim(bottom, top)  # y grows down, as on the page
    axes.set_aspect("equal", adjustable="datalim")
    axes.axis("off")
    for link in chain.links:
        for target in link.feeds:
            if chain.link(target) and target != link.id:
                start, end = layout.positions[link.id], layout.positions[target]
                axes.add_patch(FancyArrowPatch(
                    start, end, arrowstyle="-|>", mutation_scale=12, color="#8c8c8c", lw=1.2,
                    shrinkA=LINK_RADIUS.get(link.status, 10) * 72 * _INCH_PER_PX + 2,
                    shrinkB=LINK_RADIUS.get(chain.link(target).status, 10) * 72 * _INCH_PER_PX + 2,
                    connectionstyle="arc3,rad=0.0", zorder=1))
    for link in chain.links:
        status = link.status if link.status in STATUS_COLOURS else "normal"
        x, y = layout.positions[link.id]
        radius = LINK_RADIUS[status]
        if link.extension:
            axes.add_patch(Circle((x, y), radius + 5, facecolor="none", edgecolor="#222222", lw=2.2, zorder=2))
        axes.add_patch(Circle((x, y), radius, facecolor=STATUS_COLOURS[status], edgecolor=STATUS_BORDERS[status],
                              lw=LINK_BORDER[status] * 0.8, linestyle="--" if status in ("missing", "being_filled") else "-",
                              zorder=3))
        lines = textwrap.wrap(link.label(lang), 9 if lang == "zh" else 18)
        text = "\n".join(lines[:2]) + ("…" if len(lines) > 2 else "")
        axes.text(x, y + radius + 8, text, ha="center", va="top", fontsize=_STATIC_FONT, zorder=4,
                  color="#222222", gid=f"label:{link.id}",
                  bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1.0})
    for index, (segment, seg_left, seg_right) in enumerate(layout.segment_spans()):
        axes.add_patch(Rectangle((seg_left - COLUMN_WIDTH / 2 + 8, top + 2), seg_right - seg_left + COLUMN_WIDTH - 16,
                                 bottom - top - 4, facecolor=_BAND_FILLS[index % 2], edgecolor="none", zorder=0))
        axes.text((seg_left + seg_right) / 2, top + 12, label(segment, lang), ha="center", va="top",
                  fontsize=_STATIC_FONT + 1, color="#555555")
    handles = [Patch(facecolor=STATUS_COLOURS[s], edgecolor=STATUS_BORDERS[s], label=label(s, lang)) for s in STATUSES.codes]
    handles.append(Line2D([], [], marker="o", markersize=9, markerfacecolor="none", markeredgecolor="#222222",
                          linestyle="none", label=label("extension", lang)))
    handles.append(Line2D([], [], color="#8c8c8c", marker=">", markersize=5, label=label("edge_feeds", lang)))
    figure.legend(handles=handles, loc="lower center", ncol=len(handles), frameon=False, fontsize=8.5,
                  bbox_to_anchor=(0.5, 0.0))
    figure.suptitle(f"{chain.label(lang)} · {label('chain_map', lang)}", y=0.995, va="top", fontsize=12)
    return figure
