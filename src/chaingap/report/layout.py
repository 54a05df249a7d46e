"""Where each link of a chain goes: columns upstream -> midstream -> downstream, rows without overlaps.

Both chain diagrams use this one layout, the interactive page (vis-network with fixed
positions, no physics) and the static image (matplotlib): a chain reads left to right from
materials to end products, segment by segment, and inside a segment by its feeds-into depth.
Rows are ordered by the rows of a link's suppliers (barycentres), so edges run mostly
straight; every link gets a block tall enough for its circle, its label and whatever hangs
below it (projects, key enterprises), so nothing overlaps whatever the data holds.

Coordinates are in screen pixels at zoom 1 (vis-network's unit): x grows right, y down.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import networkx as nx

from chaingap.ontology.vocab import SEGMENTS

from .model import ChainView, LinkView

__all__ = [
    "COLUMN_WIDTH",
    "LINK_UP",
    "LINK_DOWN",
    "LINK_BLOCK",
    "ITEM_STEP",
    "ChainLayout",
    "link_levels",
    "segment_rank",
    "ordered_links",
    "link_columns",
    "layout_chain",
]

#: Horizontal distance between two columns of links.
COLUMN_WIDTH = 250
#: Room a link needs above its centre (its circle, up to 17 px radius, and a halo) and below
#: it (the circle and a two-line label of 16 px type).
LINK_UP = 26
LINK_DOWN = 68
LINK_BLOCK = LINK_UP + LINK_DOWN
#: Height of one item (project, enterprise) stacked under a link, and of each further line
#: of an item whose name wraps.
ITEM_STEP = 26
ITEM_LINE = 15
#: Gap between two link blocks in one column.
ROW_GAP = 18


def segment_rank(segment: str) -> int:
    """0 upstream, 1 midstream, 2 downstream; a link without a known segment counts as midstream."""
    return SEGMENTS.order(segment) if segment in SEGMENTS else SEGMENTS.order("midstream")


def link_levels(chain: ChainView) -> dict[str, int]:
    """Column of each link by its longest feeds-into distance from a source link.

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
            levels[item.id] = round(segment_rank(item.segment) * max(depth, 2) / 2)
    # A sub-link with no edges of its own sits beside its parent.
    for item in chain.links:
        if item.parent in levels and graph.degree(item.id) == 0:
            levels[item.id] = levels[item.parent]
    return levels


def link_columns(chain: ChainView) -> dict[str, int]:
    """Column of each link: segments left to right, and inside a segment the feeds-into depth.

    The depth counts only feeds-into edges inside the segment, so every upstream link is left
    of every midstream one and every midstream link left of every downstream one; a sub-link
    without edges of its own takes its parent's column.
    """
    known = {item.id: item for item in chain.links}
    inner: dict[str, int] = {}
    for rank in range(len(SEGMENTS)):
        members = [item for item in chain.links if segment_rank(item.segment) == rank]
        graph = nx.DiGraph()
        graph.add_nodes_from(item.id for item in members)
        ids = {item.id for item in members}
        graph.add_edges_from((item.id, t) for item in members for t in item.feeds if t in ids and t != item.id)
        if nx.is_directed_acyclic_graph(graph):
            for node in nx.topological_sort(graph):
                inner[node] = max((inner[p] + 1 for p in graph.predecessors(node)), default=0)
        else:  # a cycle cannot be layered: fall back to the depth in the whole chain
            levels = link_levels(chain)
            low = min((levels[i] for i in ids), default=0)
            inner.update({i: levels[i] - low for i in ids})
    for item in chain.links:
        parent = known.get(item.parent or "")
        edges = any(t in known for t in item.feeds) or any(item.id in other.feeds for other in chain.links)
        if parent is not None and not edges and segment_rank(parent.segment) == segment_rank(item.segment):
            inner[item.id] = inner[parent.id]
    widths = [1 + max((inner[i.id] for i in chain.links if segment_rank(i.segment) == rank), default=-1)
              for rank in range(len(SEGMENTS))]
    offsets = [sum(widths[:rank]) for rank in range(len(SEGMENTS))]
    return {item.id: offsets[segment_rank(item.segment)] + inner[item.id] for item in chain.links}


def ordered_links(chain: ChainView) -> list[LinkView]:
    """The chain's links as it runs: upstream, midstream, downstream; then column, then row."""
    return list(layout_chain(chain).order)


@dataclass
class ChainLayout:
    """Positions of one chain's links (centres) and of the items stacked under each link."""

    columns: dict[str, int]
    positions: dict[str, tuple[float, float]]
    items: dict[str, list[tuple[str, tuple[float, float]]]] = field(default_factory=dict)
    order: list[LinkView] = field(default_factory=list)
    #: Per link, the lowest y its block uses (its label, or its last item).
    lows: dict[str, float] = field(default_factory=dict)

    @property
    def width(self) -> float:
        return COLUMN_WIDTH * (max(self.columns.values(), default=0) + 1)

    @property
    def bottom(self) -> float:
        """The lowest y used by a link block (items included)."""
        return max(self.lows.values(), default=0.0)

    def segment_spans(self) -> list[tuple[str, float, float]]:
        """(segment, left x, right x) of each segment present, for the column headers."""
        spans = []
        for segment in SEGMENTS.codes:
            xs = [self.positions[i.id][0] for i in self.order if segment_rank(i.segment) == SEGMENTS.order(segment)]
            if xs:
                spans.append((segment, min(xs), max(xs)))
        return spans


#: The tallest a laid-out chain may be for its width before tall columns are split in two:
#: about the shape of a page's canvas, so the chain fills it instead of a thin strip.
MAX_ASPECT = 0.62
#: A split column keeps at least this many links.
MIN_ROWS = 3


def layout_chain(
    chain: ChainView,
    items: Mapping[str, list[tuple[str, int]]] | None = None,
    top: float = 0.0,
    columns: Mapping[str, int] | None = None,
) -> ChainLayout:
    """Lay ``chain`` out from ``top`` down; ``items`` names, per link id, what is stacked under it
    (``(key, lines)``: an item whose name wraps takes more room).

    Each column is ordered by barycentres (the mean height of a link's suppliers, or of its
    customers for a source link), stacked without gaps and centred on the chain's middle. A
    chain much taller than wide (many links in few columns) has its tall columns split into
    side-by-side columns until it is about the canvas's shape. ``columns`` (from another
    layout of the same chain) fixes the columns, so showing enterprises does not move links
    sideways.
    """
    items = items or {}
    if columns is not None:
        return _layout(chain, dict(columns), items, top)
    columns = link_columns(chain)
    layout = _layout(chain, columns, items, top)
    tallest = max(Counter(columns.values()).values(), default=0)
    for rows in range(tallest - 1, MIN_ROWS - 1, -1):
        if layout.bottom - top <= MAX_ASPECT * layout.width:
            break
        columns = _split_columns(layout, rows)
        layout = _layout(chain, columns, items, top)
    return layout


def _split_columns(layout: ChainLayout, rows: int) -> dict[str, int]:
    """Columns with more than ``rows`` links cut into side-by-side columns of ``rows``, top rows first."""
    by_column: dict[int, list[str]] = {}
    for link_id, column in layout.columns.items():
        by_column.setdefault(column, []).append(link_id)
    result: dict[str, int] = {}
    offset = 0
    for column in sorted(by_column):
        members = sorted(by_column[column], key=lambda i: layout.positions[i][1])
        parts = -(-len(members) // rows)
        for index, link_id in enumerate(members):
            result[link_id] = offset + index // rows
        offset += parts
    return result


def _item_height(lines: int) -> float:
    return ITEM_STEP + ITEM_LINE * (max(lines, 1) - 1)


def _layout(chain: ChainView, columns: dict[str, int], items: Mapping[str, list[tuple[str, int]]], top: float) -> ChainLayout:
    by_column: dict[int, list[LinkView]] = {}
    for link in chain.links:
        by_column.setdefault(columns[link.id], []).append(link)
    suppliers: dict[str, list[str]] = {link.id: [] for link in chain.links}
    for link in chain.links:
        for target in link.feeds:
            if target in suppliers and target != link.id:
                suppliers[target].append(link.id)
    customers = {link.id: [t for t in link.feeds if t in suppliers and t != link.id] for link in chain.links}
    height = {link.id: LINK_BLOCK + sum(_item_height(n) for _, n in items.get(link.id, ())) for link in chain.links}
    y: dict[str, float] = {}

    def mean(values: list[float]) -> float | None:
        return sum(values) / len(values) if values else None

    def stack(members: list[LinkView], wanted: Callable[[LinkView], float | None]) -> None:
        """Order ``members`` by what they want, stack them and centre the stack on 0."""
        fallback = {link.id: index for index, link in enumerate(members)}
        desire = {link.id: wanted(link) for link in members}
        known = [d for d in desire.values() if d is not None]
        middle = sum(known) / len(known) if known else 0.0
        ordered = sorted(members, key=lambda l: (desire[l.id] if desire[l.id] is not None else middle,
                                                 fallback[l.id]))
        ordered = _parents_first(ordered)
        total = sum(height[l.id] for l in ordered) + ROW_GAP * (len(ordered) - 1)
        cursor = -total / 2
        for link in ordered:
            y[link.id] = cursor + LINK_UP
            cursor += height[link.id] + ROW_GAP

    for column in sorted(by_column):
        members = sorted(by_column[column], key=lambda l: (segment_rank(l.segment), l.id))
        stack(members, lambda l: mean([y[s] for s in suppliers[l.id] if s in y]))
    # Columns of sources (no supplier) are re-ordered by their customers, placed above.
    for column in sorted(by_column):
        members = by_column[column]
        if all(not suppliers[l.id] for l in members):
            stack(sorted(members, key=lambda l: (y[l.id], l.id)), lambda l: mean([y[c] for c in customers[l.id] if c in y]))
    lowest = min((y[l.id] - LINK_UP for l in chain.links), default=0.0)
    positions = {link.id: (COLUMN_WIDTH * columns[link.id], y[link.id] - lowest + top) for link in chain.links}
    stacked: dict[str, list[tuple[str, tuple[float, float]]]] = {}
    lows: dict[str, float] = {}
    for link in chain.links:
        x, centre = positions[link.id]
        cursor = centre + LINK_DOWN - 6
        stacked[link.id] = []
        for key, lines in items.get(link.id, ()):
            step = _item_height(lines)
            stacked[link.id].append((key, (x, cursor + step / 2)))
            cursor += step
        lows[link.id] = cursor + 6
    order = sorted(chain.links, key=lambda l: (segment_rank(l.segment), columns[l.id], positions[l.id][1], l.id))
    return ChainLayout(columns=columns, positions=positions, items=stacked, order=order, lows=lows)


def _parents_first(links: list[LinkView]) -> list[LinkView]:
    """``links`` with each sub-link moved right after its parent (when both are in the list)."""
    ids = {link.id for link in links}
    children: dict[str, list[LinkView]] = {}
    for link in links:
        if link.parent in ids and link.parent != link.id:
            children.setdefault(link.parent, []).append(link)
    result: list[LinkView] = []
    seen: set[str] = set()

    def add(link: LinkView) -> None:
        if link.id in seen:
            return
        seen.add(link.id)
        result.append(link)
        for child in children.get(link.id, ()):
            add(child)

    for link in links:
        if not (link.parent in ids and link.parent != link.id):
            add(link)
    for link in links:  # parents in a cycle: keep them anyway
        add(link)
    return result
