"""Synthetic dataset folders of any size, for benchmarks and property tests.

``generate`` writes a complete dataset folder (the format of docs/architecture.md) from a
seed: chains of a chosen graph shape, districts of an invented city, local enterprises and an
external pool with skewed (lognormal) sizes and Chinese names, supply ties along feeds-into
edges, projects with dated stages, products, bases and benchmark totals. Rows are streamed, so
a million enterprises need no more memory than the per-link id lists. ``generate_in_memory``
returns the same tables as lists for hypothesis strategies (50 enterprises take milliseconds).

Each link is given a local presence on purpose (``plan``): missing (no local firm), weak,
normal or strong, so an analysis run on generated data has every status to find.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from chaingap.ontology.vocab import STAGES

from .creditcode import mint
from .names import POOL_PLACE_WEIGHTS, POOL_PLACES, company_name
from .tables import FileSink, MemorySink, write_yaml

__all__ = ["SHAPES", "SIGNED_STAGES", "SyntheticData", "generate", "generate_in_memory", "chain_edges"]

#: Shapes of a chain's feeds-into graph.
SHAPES = ("layered", "chain", "tree", "dense")
#: Project stages in order (the data-format spellings).
SIGNED_STAGES = tuple(code for code in STAGES.codes if code != "pre_evaluation")  # the stages a signed project goes through

#: Relative local presence per planned status; pools are sampled with factor 1 everywhere.
_PRESENCE = {"missing": 0.0, "weak": 0.15, "normal": 1.0, "strong": 3.5}
_PLAN_WEIGHTS = {"missing": 0.15, "weak": 0.15, "normal": 0.5, "strong": 0.2}

_THEMES = [
    ("航空航天", "Aerospace"), ("船舶海工", "Ship and offshore"), ("智能电气", "Smart electrical"),
    ("新能源", "New energy"), ("新材料", "New materials"), ("集成电路", "Semiconductors"),
    ("生物医药", "Biomedicine"), ("新能源汽车", "New-energy vehicles"),
]
_SEGMENT_WORDS = {
    "upstream": ["原材料", "基础材料", "关键元器件", "专用设备", "核心零部件", "辅料", "芯片", "精密铸件"],
    "midstream": ["部件", "模组", "子系统", "总成", "组件", "控制系统", "结构件", "电源"],
    "downstream": ["整机", "系统集成", "终端产品", "应用服务", "运维服务", "检测认证", "回收利用", "软件平台"],
}
_DISTRICTS = [
    ("city", "临江市", "city", "", "329900"),
    ("d1", "江北区", "district", "city", "329901"),
    ("d2", "江南区", "district", "city", "329902"),
    ("d3", "东城区", "district", "city", "329903"),
    ("c1", "临川市", "county_city", "city", "329981"),
    ("c2", "长洲市", "county_city", "city", "329982"),
    ("z1", "临江经济技术开发区", "dev_zone", "city", ""),
    ("z2", "临江高新技术产业开发区", "hightech_zone", "city", ""),
    ("p1", "临江新材料产业园", "park", "z1", ""),
]
_FIRM_DISTRICTS = [d for d in _DISTRICTS if d[0] != "city"]
_AS_OF = date(2025, 6, 30)
_SOURCE = "synthetic (chaingap.sample.synthetic)"


@dataclass
class SyntheticData:
    """A generated dataset held in memory: settings, chain file and tables (strings)."""

    dataset: dict
    chains: dict
    tables: dict[str, list[list[str]]]
    plan: dict[str, str] = field(default_factory=dict)
    sink: MemorySink | None = None

    def records(self, table: str) -> list[dict[str, str]]:
        """Rows of ``table`` as dicts keyed by the canonical header."""
        return self.sink.records(table) if self.sink else []

    def write(self, dest: Path) -> Path:
        """Write this dataset as a folder (same files as :func:`generate`)."""
        dest = Path(dest)
        files = FileSink(dest)
        for table, rows in self.tables.items():
            files.rows(table, rows)
        files.close()
        write_yaml(dest / "dataset.yaml", self.dataset)
        write_yaml(dest / "chains.yaml", self.chains)
        return dest


def chain_edges(n_links: int, shape: str, rng: random.Random) -> list[tuple[int, int]]:
    """Feeds-into edges (i -> j, always i < j, so acyclic) between ``n_links`` links."""
    if shape not in SHAPES:
        raise ValueError(f"unknown shape {shape!r}; choose one of {', '.join(SHAPES)}")
    if n_links < 2:
        return []
    if shape == "chain":
        return [(i, i + 1) for i in range(n_links - 1)]
    if shape == "tree":  # every link but the last feeds exactly one later link
        return [(i, rng.randint(i + 1, min(n_links - 1, i + 3))) for i in range(n_links - 1)]
    if shape == "dense":
        edges = [(i, j) for i in range(n_links) for j in range(i + 1, n_links) if rng.random() < 0.5]
        edges += [(i, i + 1) for i in range(n_links - 1) if (i, i + 1) not in edges]
        return sorted(edges)
    layers = _layers(n_links)
    edges: set[tuple[int, int]] = set()
    for upper, lower in zip(layers, layers[1:]):
        for i in upper:  # each link feeds one or two links of the next layer
            for j in rng.sample(lower, min(len(lower), rng.choice((1, 1, 2)))):
                edges.add((i, j))
        for j in lower:  # and each link of the next layer has an input
            if not any((i, j) in edges for i in upper):
                edges.add((rng.choice(upper), j))
    return sorted(edges)


def _layers(n_links: int) -> list[list[int]]:
    depth = max(2, min(5, round(math.sqrt(n_links))))
    bounds = [round(k * n_links / depth) for k in range(depth + 1)]
    return [list(range(bounds[k], bounds[k + 1])) for k in range(depth) if bounds[k] < bounds[k + 1]]


def _segment(index: int, n_links: int) -> str:
    third = index * 3 // max(n_links, 1)
    return ("upstream", "midstream", "downstream")[min(third, 2)]


def _build_chains(rng: random.Random, chains: int, links_per_chain: tuple[int, int], shape: str):
    """Chain file, the flat link list and the planned status of each link."""
    low, high = links_per_chain
    if not 1 <= low <= high:
        raise ValueError(f"links_per_chain must be 1 <= low <= high, got {links_per_chain}")
    clusters: list[dict] = []
    links: list[dict] = []
    plan: dict[str, str] = {}
    statuses = list(_PLAN_WEIGHTS)
    for c in range(chains):
        theme, theme_en = _THEMES[c % len(_THEMES)]
        if c >= len(_THEMES):
            theme, theme_en = f"{theme}{c // len(_THEMES) + 1}", f"{theme_en} {c // len(_THEMES) + 1}"
        chain_id = f"C{c + 1:02d}"
        n_links = rng.randint(low, high)
        chain_links = []
        for i in range(n_links):
            segment = _segment(i, n_links)
            word = rng.choice(_SEGMENT_WORDS[segment])
            link_id = f"{chain_id}L{i + 1:02d}"
            link = {
                "id": link_id,
                "name": f"{theme}{word}{i + 1:02d}",
                "name_en": f"{theme_en} {segment} link {i + 1}",
                "segment": segment,
                # four digits, unique per link: shaped like GB/T 4754 codes, not real ones
                "codes": [f"{(c % 60) + 40:02d}{i + 1:02d}"] if c < 60 else [],
                "keywords": [f"{theme}{word}"],
            }
            chain_links.append(link)
            plan[link_id] = rng.choices(statuses, weights=list(_PLAN_WEIGHTS.values()))[0]
        edges = chain_edges(n_links, shape, rng)
        chain = {
            "id": chain_id,
            "name": f"{theme}产业链",
            "name_en": f"{theme_en} chain",
            "acyclic": True,
            "links": chain_links,
            "feeds": [[chain_links[i]["id"], chain_links[j]["id"]] for i, j in edges],
        }
        links.extend(chain_links)
        cluster_index = c // 2
        if cluster_index >= len(clusters):
            clusters.append({
                "id": f"K{cluster_index + 1}",
                "name": f"产业集群{cluster_index + 1}",
                "name_en": f"Cluster {cluster_index + 1}",
                "chains": [],
            })
        clusters[cluster_index]["chains"].append(chain)
    return {"clusters": clusters}, links, plan


def _money(rng: random.Random, wan: float) -> str:
    """A revenue cell in mixed units: mostly 万元 numbers, some ``亿元`` texts."""
    if wan >= 10_000 and rng.random() < 0.3:
        return f"{wan / 10_000:.2f}亿元"
    return f"{wan:.1f}"


def _accumulate(weights):
    total = 0.0
    for weight in weights:
        total += weight
        yield total


def _flag(value: bool) -> str:
    return "1" if value else ""


class _Generator:
    """One generation run: a seeded RNG, the chain plan and the rows it streams to a sink."""

    def __init__(self, sink, *, enterprises: int, chains: int, links_per_chain: tuple[int, int],
                 local_share: float, projects: int | None, seed: int, shape: str) -> None:
        if enterprises < 0:
            raise ValueError("enterprises must be >= 0")
        if not 0.0 <= local_share <= 1.0:
            raise ValueError("local_share must be between 0 and 1")
        if chains < 1:
            raise ValueError("chains must be >= 1")
        self.sink = sink
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_firms = enterprises
        self.n_local = min(enterprises, round(enterprises * local_share))
        self.n_projects = max(3, min(5_000, enterprises // 100)) if projects is None else projects
        self.chain_file, self.links, self.plan = _build_chains(self.rng, chains, links_per_chain, shape)
        self.feeds = [tuple(e) for k in self.chain_file["clusters"] for ch in k["chains"] for e in ch["feeds"]]
        self.local_by_link: dict[str, list[str]] = {link["id"]: [] for link in self.links}
        self.pool_by_link: dict[str, list[str]] = {link["id"]: [] for link in self.links}
        self.revenue_by_link: dict[str, float] = {link["id"]: 0.0 for link in self.links}
        self.investors: dict[str, list[tuple[str, str, str]]] = {link["id"]: [] for link in self.links}
        self.siblings: dict[str, tuple[list[dict], list[dict]]] = {}
        for link in self.links:  # other links of its chain: (any, normal-or-strong)
            same = [x for x in self.links if x["id"][:3] == link["id"][:3] and x is not link]
            self.siblings[link["id"]] = (same, [x for x in same if self.plan[x["id"]] in ("normal", "strong")])

    # --- enterprises -------------------------------------------------------------------
    def _cum_weights(self, local: bool) -> list[float]:
        total, cum = 0.0, []
        for link in self.links:
            total += _PRESENCE[self.plan[link["id"]]] if local else 1.0
            cum.append(total)
        return cum

    def _firm(self, index: int, link: dict, place: str, admin_code: str, local: bool) -> list:
        rng = self.rng
        firm_id = f"E{index + 1:07d}"
        status = self.plan[link["id"]]
        boost = 2.5 if local and status == "strong" else 0.25 if local and status == "weak" else 1.0
        revenue = rng.lognormvariate(8.0, 1.4) * boost  # median ~3000万元
        listed = revenue > 200_000 and rng.random() < 0.5
        industry = link["keywords"][0][-4:] if link["keywords"] else "科技"
        second = None
        if rng.random() < 0.08:  # a second link of the same chain, with shares
            candidates = self.siblings[link["id"]][1 if local else 0]
            second = rng.choice(candidates) if candidates else None
        if second is not None:
            links_cell = f"{link['id']}:0.7;{second['id']}:0.3"
        elif link["codes"] and rng.random() < 0.03:
            links_cell = ""  # the loader assigns it by industry code
        else:
            links_cell = link["id"]
        by_link = self.local_by_link if local else self.pool_by_link
        by_link[link["id"]].append(firm_id)
        self.revenue_by_link[link["id"]] += revenue if second is None else revenue * 0.7
        if second is not None:
            by_link[second["id"]].append(firm_id)
            self.revenue_by_link[second["id"]] += revenue * 0.3
        founded = _AS_OF - timedelta(days=rng.randint(200, 30 * 365))
        name = company_name(rng, place, industry, joint_stock=listed)
        code = mint(index, admin_code, salt=self.seed)
        if not local and len(self.investors[link["id"]]) < 4:
            self.investors[link["id"]].append((firm_id, name, code))
        return [
            firm_id,
            name,
            code,
            links_cell,
            link["codes"][0] if link["codes"] and not links_cell else "",
            _money(rng, revenue),
            f"{max(10.0, revenue * rng.uniform(0.05, 0.4)):.0f}",
            founded.isoformat(),
            _flag(listed),
            _flag(rng.random() < 0.06),
            _flag(rng.random() < 0.25),
            _flag(revenue >= 2_000),
            _flag(revenue > 500_000 and rng.random() < 0.3),
            "",
            f"{link['name']}的研发、生产和销售",
            "",
            "",
            "1",
            _SOURCE,
        ]

    def enterprises(self) -> None:
        rng = self.rng
        local_cum, pool_cum = self._cum_weights(True), self._cum_weights(False)
        if self.n_local and local_cum[-1] == 0:  # every link planned missing: allow normal ones
            local_cum = pool_cum
        place_cum = list(_accumulate(POOL_PLACE_WEIGHTS))
        for index in range(self.n_local, self.n_firms):  # the pool first: parents for branches
            link = rng.choices(self.links, cum_weights=pool_cum)[0]
            place = rng.choices(POOL_PLACES, cum_weights=place_cum)[0]
            row = self._firm(index, link, place.city, place.admin_code, False)
            if rng.random() < 0.05:
                row[-3] = rng.choice(("2025年增资扩产", "新设子公司", "拟IPO募投扩产", "新增产线招聘"))
            self.sink.row("pool", row[:3] + [place.province, place.city, place.county] + row[3:])
        for index in range(self.n_local):
            link = rng.choices(self.links, cum_weights=local_cum)[0]
            district = rng.choice(_FIRM_DISTRICTS)
            row = self._firm(index, link, _DISTRICTS[0][1], district[4] or _DISTRICTS[0][4], True)
            parents = self.investors[link["id"]]
            if parents and rng.random() < 0.05:  # a local branch of a group in the pool
                row[-6] = parents[0][0]
            self.sink.row("enterprises", row[:3] + [district[0]] + row[3:])

    # --- the other tables --------------------------------------------------------------
    def supply(self) -> None:
        rng = self.rng
        if not self.feeds or not self.n_firms:
            return
        ties = min(self.n_firms // 5, 200_000)
        seen: set[tuple[str, str]] = set()
        for _ in range(ties):
            up, down = rng.choice(self.feeds)
            if rng.random() < 0.5:  # pool supplier, local customer (以商招商) or the reverse
                suppliers, customers = self.pool_by_link[up], self.local_by_link[down]
            else:
                suppliers, customers = self.local_by_link[up], self.pool_by_link[down]
            if not suppliers or not customers:
                suppliers, customers = self.pool_by_link[up], self.pool_by_link[down]
            if not suppliers or not customers:
                continue
            pair = (rng.choice(suppliers), rng.choice(customers))
            if pair[0] != pair[1] and pair not in seen:
                seen.add(pair)
                self.sink.row("supply", [pair[0], pair[1], "", "1"])

    def projects(self) -> None:
        rng = self.rng
        missing = [link for link in self.links if self.plan[link["id"]] == "missing"]
        zones = [d for d in _FIRM_DISTRICTS if d[2] != "park"]
        for p in range(self.n_projects):
            link = missing[0] if p == 0 and missing else rng.choice(self.links)
            reached = 2 if p == 0 and missing else rng.randint(0, len(SIGNED_STAGES) - 1)
            project_id = f"P{p + 1:05d}"
            known = self.investors[link["id"]]
            investor = rng.choice(known) if known and rng.random() < 0.6 else None
            investment = rng.lognormvariate(11.0, 1.0)  # median ~6亿元
            amount = f"{investment / 10_000:.1f}亿元" if rng.random() < 0.7 else f"{investment / 7.1 / 10_000:.2f}亿美元"
            day = _AS_OF - timedelta(days=rng.randint(60, 900))
            self.sink.row("projects", [
                project_id, f"{link['name']}项目{p + 1}", rng.choice(zones)[0], link["id"], "",
                investor[1] if investor else f"{rng.choice(POOL_PLACES).city}{p + 1}号投资集团有限公司",
                investor[2] if investor and rng.random() < 0.5 else "", amount, SIGNED_STAGES[reached], day.isoformat(), "formal", "1", _SOURCE, "", "",
            ])
            for stage in SIGNED_STAGES[: reached + 1]:
                self.sink.row("project_stages", [project_id, stage, day.isoformat()])
                day += timedelta(days=rng.randint(15, 120))

    def products_bases_benchmarks(self) -> None:
        rng = self.rng
        for n, link in enumerate(self.links):
            firms = self.local_by_link[link["id"]] or self.pool_by_link[link["id"]]
            if firms and n % 3 == 0:
                brand = f"{link['name'][:2]}牌" if rng.random() < 0.5 else ""
                self.sink.row("products", [f"PR{n + 1:05d}", f"{link['name']}产品", firms[0], link["id"], brand, "1"])
        zones = [d for d in _FIRM_DISTRICTS if d[2] in ("dev_zone", "hightech_zone", "park")]
        for k, cluster in enumerate(self.chain_file["clusters"]):
            for chain in cluster["chains"]:
                zone = zones[(k + len(chain["id"])) % len(zones)]
                self.sink.row("bases", [f"B{chain['id']}", f"{chain['name']}基地", zone[0], chain["id"], "1", _SOURCE])
        scale = 20
        for link in self.links:
            count = len(self.pool_by_link[link["id"]]) + len(self.local_by_link[link["id"]])
            self.sink.row("benchmarks", [
                link["id"], count * scale, f"{self.revenue_by_link[link['id']] * scale:.1f}", "1", _SOURCE,
            ])

    def dataset(self) -> dict:
        return {
            "id": f"synthetic-{self.seed}",
            "name": f"合成数据集 (seed {self.seed}, {self.n_firms} enterprises)",
            "region": "city",
            "as_of": _AS_OF.isoformat(),
            "currency": {"unit": "万元", "rates": {"USD": 7.10, "EUR": 7.70}},
            "illustrative": True,
            "source": _SOURCE,
            "note": "Generated by chaingap.sample.synthetic: every row is invented.",
            "sources": [{"name": "chaingap.sample.synthetic", "kind": "illustrative"}],
        }

    def run(self) -> None:
        self.sink.rows("districts", [list(d) + ["1", _SOURCE] for d in _DISTRICTS])
        self.enterprises()
        self.supply()
        self.projects()
        self.products_bases_benchmarks()


def generate(dest: Path, *, enterprises: int, chains: int = 8, links_per_chain: tuple[int, int] = (10, 25),
             local_share: float = 0.05, projects: int | None = None, seed: int = 0,
             shape: str = "layered") -> Path:
    """Write a synthetic dataset folder to ``dest`` and return it.

    ``enterprises`` counts local firms and the pool together (``local_share`` of them local).
    ``projects`` defaults to one per hundred enterprises (at least 3). The same arguments
    always give byte-identical files. Rows are streamed: a million enterprises take seconds
    and little memory.
    """
    dest = Path(dest)
    sink = FileSink(dest)
    run = _Generator(sink, enterprises=enterprises, chains=chains, links_per_chain=links_per_chain,
                     local_share=local_share, projects=projects, seed=seed, shape=shape)
    try:
        run.run()
    finally:
        sink.close()
    write_yaml(dest / "dataset.yaml", run.dataset())
    write_yaml(dest / "chains.yaml", run.chain_file)
    return dest


def generate_in_memory(*, enterprises: int, chains: int = 3, links_per_chain: tuple[int, int] = (3, 8),
                       local_share: float = 0.2, projects: int | None = None, seed: int = 0,
                       shape: str = "layered") -> SyntheticData:
    """The same generator into lists, for hypothesis strategies and quick fixtures."""
    sink = MemorySink()
    run = _Generator(sink, enterprises=enterprises, chains=chains, links_per_chain=links_per_chain,
                     local_share=local_share, projects=projects, seed=seed, shape=shape)
    run.run()
    return SyntheticData(run.dataset(), run.chain_file, sink.tables, dict(run.plan), sink)
