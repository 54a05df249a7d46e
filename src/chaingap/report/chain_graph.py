"""The chain diagram (产业链条图): an interactive pyvis/vis-network page and a static image.

Links run left to right from upstream to downstream (by their depth in the feeds-into graph),
coloured by status, sized by local weight; optional key-enterprise and project nodes hang off
their links. pyvis assembles the nodes and edges; our own template renders them, because
pyvis's template loads Bootstrap from a CDN and the map must work offline.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path

import networkx as nx
from pyvis.network import Network

from chaingap.ontology import terms

from .assets import environment
from .map_labels import STATUS_COLOURS, label
from .model import STATUSES, ChainView, CityView, LinkView

__all__ = [
    "link_levels",
    "build_network",
    "graph_payload",
    "chain_graph_html",
    "write_chain_graph",
    "draw_chain_graph",
    "ENTERPRISES_PER_LINK",
]

#: Key enterprises drawn per link; more would bury the chain under names.
ENTERPRISES_PER_LINK = 3
#: The numbers a link's tooltip shows, in this order (the engine may compute more).
TOOLTIP_METRICS = (
    "local_enterprises", "local_revenue", "local_key_enterprises", "lq", "lq_basis",
    "top_share", "hhi", "projects", "downstream_count", "criticality", "supply_gap",
)
_SEGMENT_ORDER = {"upstream": 0, "midstream": 1, "downstream": 2}


def link_levels(chain: ChainView) -> dict[str, int]:
    """Column of each link: its longest feeds-into distance from a source link.

    Links outside the feeds-into graph (or in a cycle) fall back to their segment, so
    upstream stays left and downstream right whatever the data says.
    """
    graph = nx.DiGraph()
    known = {item.id for item in chain.links}
    graph.add_nodes_from(known)
    graph.add_edges_from((item.id, target) for item in chain.links for target in item.feeds if target in known)
    levels: dict[str, int] = {}
    if nx.is_directed_acyclic_graph(graph):
        for node in nx.topological_sort(graph):
            levels[node] = max((levels[p] + 1 for p in graph.predecessors(node)), default=0)
    depth = max(levels.values(), default=0)
    for item in chain.links:
        isolated = graph.degree(item.id) == 0
        if item.id not in levels or isolated:
            segment = _SEGMENT_ORDER.get(item.segment, 1)
            levels[item.id] = round(segment * max(depth, 2) / 2)
    # A sub-link with no edges of its own sits beside its parent.
    for item in chain.links:
        if item.parent in levels and graph.degree(item.id) == 0:
            levels[item.id] = levels[item.parent]
    return levels


def _weight(link: LinkView) -> float:
    revenue = link.metrics.get("local_revenue") or link.metrics.get("revenue")
    if revenue:
        return math.log10(1 + float(revenue))
    return float(link.local_enterprises)


def _fmt(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def _link_tooltip(link: LinkView, lang: str) -> str:
    lines = [link.label(lang), f"{label('status', lang)}: {label(link.status, lang)}"]
    if link.extension:
        lines.append(label("extension", lang))
    if link.segment:
        lines.append(f"{label('segment', lang)}: {label(link.segment, lang)}")
    lines += [f"{label(key, lang)}: {_fmt(link.metrics[key])}" for key in TOOLTIP_METRICS if link.metrics.get(key) is not None]
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


def build_network(
    chains: Sequence[ChainView],
    city: CityView | None = None,
    lang: str = "zh",
    show_enterprises: bool = True,
    show_projects: bool = True,
) -> Network:
    """A pyvis Network of the chains' links (and key enterprises and projects).

    Every node carries a ``cg`` dict (kind, status, chains, districts, links) that the page's
    filter controls read.
    """
    city = city or CityView()
    net = Network(directed=True)
    for chain in chains:
        levels = link_levels(chain)
        districts = _link_districts(chain, city)
        for link in chain.links:
            colour = STATUS_COLOURS.get(link.status, STATUS_COLOURS["normal"])
            net.add_node(
                link.iri,
                label=link.label(lang),
                title=_link_tooltip(link, lang),
                shape="dot",
                value=_weight(link),
                level=levels[link.id] * 3,
                color={"background": colour, "border": "#333333" if link.extension else colour},
                borderWidth=3 if link.extension else 1,
                shapeProperties={"borderDashes": [4, 3] if link.status in ("missing", "being_filled") else False},
                cg={
                    "kind": "link",
                    "status": link.status,
                    "chains": [chain.id],
                    "districts": sorted(districts.get(link.id, ())),
                    "links": [link.iri],
                },
            )
        for link in chain.links:
            for target in link.feeds:
                if chain.link(target):
                    net.add_edge(link.iri, terms.iri("link", target), arrows="to", color="#888888", width=2)
        if show_enterprises:
            _add_enterprises(net, chain, city, levels, lang)
        if show_projects:
            _add_projects(net, chain, city, levels, lang)
    return net


def _add_enterprises(net: Network, chain: ChainView, city: CityView, levels: dict[str, int], lang: str) -> None:
    per_link: dict[str, list] = {}
    for enterprise in chain.enterprises:
        if not enterprise.is_key:
            continue
        for link_id in enterprise.links:
            if link_id in levels:
                per_link.setdefault(link_id, []).append(enterprise)
    for link_id, members in sorted(per_link.items()):
        members.sort(key=lambda e: (-(e.revenue or 0), e.id))
        for enterprise in members[:ENTERPRISES_PER_LINK]:
            node_id = terms.iri("enterprise", enterprise.id)
            if node_id not in net.get_nodes():
                flags = "、".join(label(flag, lang) for flag in enterprise.flags)
                revenue = f"\n{label('revenue', lang)}: {_fmt(enterprise.revenue)}" if enterprise.revenue else ""
                net.add_node(
                    node_id,
                    label=enterprise.name,
                    title=f"{enterprise.name}\n{city.district_name(enterprise.district)}\n{flags}{revenue}",
                    shape="square",
                    size=8,
                    level=levels[link_id] * 3 + 1,
                    color="#9467bd",
                    font={"size": 11, "color": "#555555"},
                    cg={"kind": "enterprise", "district": enterprise.district, "districts": city.within(enterprise.district),
                        "links": [], "chains": [chain.id]},
                )
            node = next(n for n in net.nodes if n["id"] == node_id)
            node["cg"]["links"].append(terms.iri("link", link_id))
            net.add_edge(node_id, terms.iri("link", link_id), color="#c5b0d5", dashes=True, width=1)


def _add_projects(net: Network, chain: ChainView, city: CityView, levels: dict[str, int], lang: str) -> None:
    for project in chain.projects:
        targets = [link_id for link_id in project.links if link_id in levels]
        if not targets:
            continue
        node_id = terms.iri("project", project.id)
        if node_id in net.get_nodes():
            continue
        investment = f"\n{label('investment', lang)}: {_fmt(project.investment)}" if project.investment else ""
        net.add_node(
            node_id,
            label=project.name,
            title=f"{project.name}\n{city.district_name(project.district)}\n{label('stage', lang)}: "
            f"{label(project.stage, lang)}{investment}",
            shape="diamond",
            size=10,
            level=min(levels[t] for t in targets) * 3 + 2,
            color="#17becf",
            font={"size": 11, "color": "#555555"},
            cg={
                "kind": "project",
                "district": project.district,
                "districts": city.within(project.district),
                "links": [terms.iri("link", t) for t in targets],
                "chains": [chain.id],
            },
        )
        for link_id in targets:
            net.add_edge(node_id, terms.iri("link", link_id), color="#9edae5", dashes=True, width=1, arrows="to")


def _options() -> dict:
    return {
        "layout": {"hierarchical": {"enabled": True, "direction": "LR", "levelSeparation": 110, "nodeSpacing": 110, "sortMethod": "directed"}},
        "physics": {"enabled": False},
        "nodes": {"scaling": {"min": 10, "max": 40}, "font": {"size": 18, "face": "sans-serif"}},
        "edges": {"smooth": {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal", "roundness": 0.4}},
        "interaction": {"hover": True, "tooltipDelay": 120, "navigationButtons": False},
    }


def graph_payload(
    chains: Sequence[ChainView],
    city: CityView | None = None,
    lang: str = "zh",
    show_enterprises: bool = True,
    show_projects: bool = True,
) -> dict:
    """Everything the page script needs, as plain JSON-able data."""
    city = city or CityView()
    net = build_network(chains, city, lang, show_enterprises, show_projects)
    used_districts = sorted({d for c in chains for e in c.enterprises if e.district for d in city.within(e.district)})
    return {
        "nodes": net.nodes,
        "edges": net.edges,
        "options": _options(),
        "statuses": [
            {"id": status, "label": label(status, lang), "colour": STATUS_COLOURS[status]} for status in STATUSES
        ],
        "chains": [{"id": c.id, "label": c.label(lang)} for c in chains],
        "districts": [{"id": d, "label": city.district_name(d)} for d in used_districts],
        # A city of many chains opens on its first chain, links only: all of them at once are
        # too small to read. The chain selector and one tick show the rest.
        "initial": {
            "showEnterprises": show_enterprises and len(chains) <= 2,
            "chain": chains[0].id if len(chains) > 2 else "",
        },
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
    payload = graph_payload(chains, city, lang, show_enterprises, show_projects)
    page_title = title or (chains[0].label(lang) if len(chains) == 1 else label("report_title", lang))
    return environment().get_template("graph_page.html").render(
        lang=lang, title=page_title, graph=payload, words=_graph_words(lang)
    )


def _graph_words(lang: str) -> dict[str, str]:
    keys = ("legend", "filter_status", "filter_chain", "filter_district", "all", "shown", "show_enterprises", "extension")
    return {key: label(key, lang) for key in keys}


def write_chain_graph(path: str | Path, chains: Sequence[ChainView], city: CityView | None = None, lang: str = "zh", **options) -> Path:
    """Write :func:`chain_graph_html` to ``path`` (UTF-8); returns the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(chain_graph_html(chains, city, lang, **options), encoding="utf-8")
    return target


def draw_chain_graph(chain: ChainView, lang: str = "zh"):
    """The chain diagram as a matplotlib Figure (for PNG/SVG slides), drawn with networkx."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from .fonts import use_cjk_font

    use_cjk_font()
    levels = link_levels(chain)
    graph = nx.DiGraph()
    for link in chain.links:
        graph.add_node(link.id)
    graph.add_edges_from((link.id, t) for link in chain.links for t in link.feeds if chain.link(t))
    columns: dict[int, list[str]] = {}
    for link in chain.links:
        columns.setdefault(levels[link.id], []).append(link.id)
    positions = {}
    for column, members in columns.items():
        for row, link_id in enumerate(members):
            positions[link_id] = (column, -(row - (len(members) - 1) / 2))
    tallest = max((len(m) for m in columns.values()), default=1)
    figure, axes = plt.subplots(figsize=(max(8, 2.6 * (len(columns) or 1)), max(4.5, 0.9 * tallest + 1.5)), layout="constrained")
    weights = [_weight(link) for link in chain.links]
    top = max(weights, default=1) or 1
    sizes = [600 + 1800 * (w / top) for w in weights]
    colours = [STATUS_COLOURS.get(link.status, STATUS_COLOURS["normal"]) for link in chain.links]
    nx.draw_networkx_edges(graph, positions, ax=axes, arrows=True, arrowsize=14, edge_color="#999999",
                           node_size=sizes, connectionstyle="arc3,rad=0.05")
    nx.draw_networkx_nodes(graph, positions, ax=axes, nodelist=[l.id for l in chain.links], node_color=colours,
                           node_size=sizes, edgecolors=["#222222" if l.extension else "#ffffff" for l in chain.links])
    for link, size in zip(chain.links, sizes):
        x, y = positions[link.id]
        below = math.sqrt(size) / 2 + 3  # marker size is an area in points²: label under the circle
        axes.annotate(link.label(lang), (x, y), xytext=(0, -below), textcoords="offset points", ha="center", va="top", fontsize=9)
    axes.legend(
        handles=[Patch(color=STATUS_COLOURS[s], label=label(s, lang)) for s in STATUSES],
        loc="upper center", bbox_to_anchor=(0.5, -0.02), ncol=len(STATUSES), frameon=False,
    )
    axes.set_title(f"{chain.label(lang)} · {label('chain_map', lang)}")
    axes.margins(0.12, 0.18)
    axes.axis("off")
    return figure
