"""Read ``chains.yaml``: clusters -> chains -> links, with the feeds-into edges.

Problems are located by the YAML line number (reported as the row) and the key, so a user
can jump to the line in an editor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import networkx as nx
import yaml

from chaingap.ontology.vocab import SEGMENTS

from .encoding import decode_text
from .errors import Problem
from .reading import cell_text
from .yamlfile import DuplicateKeyError, load_yaml

__all__ = ["LinkDef", "ChainDef", "ClusterDef", "ChainFile", "read_chains", "chains_from_document"]

_SEGMENT_ALIASES = {"上游": "upstream", "中游": "midstream", "下游": "downstream"}
_LINE = "__line__"


@dataclass
class LinkDef:
    id: str
    name: str
    chain: str
    segment: str | None
    name_en: str | None = None
    parent: str | None = None
    codes: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    line: int | None = None


@dataclass
class ChainDef:
    id: str
    name: str
    cluster: str | None
    name_en: str | None = None
    acyclic: bool = True
    links: list[str] = field(default_factory=list)
    feeds: list[tuple[str, str]] = field(default_factory=list)
    #: (from, to) -> {"weight", "evidence", "confidence"} of the feeds entries that give them
    feed_facts: dict[tuple[str, str], dict[str, object]] = field(default_factory=dict)
    #: feeds entries left out because their weight is below the chain's ``min_weight``
    dropped_feeds: int = 0


@dataclass
class ClusterDef:
    id: str
    name: str
    name_en: str | None = None
    chains: list[str] = field(default_factory=list)


@dataclass
class ChainFile:
    """Everything in a chains file; ``links`` is keyed by id, unique across the file."""

    clusters: dict[str, ClusterDef] = field(default_factory=dict)
    chains: dict[str, ChainDef] = field(default_factory=dict)
    links: dict[str, LinkDef] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: ``min_weight:`` at the top of the file: the default of every chain's
    min_weight: object = None

    def code_index(self) -> dict[str, list[str]]:
        """Industry-code prefix -> link ids carrying it (for longest-prefix assignment)."""
        index: dict[str, list[str]] = {}
        for link in self.links.values():
            for code in link.codes:
                index.setdefault(code, []).append(link.id)
        return index


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records each mapping's line number under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _text_list(value: object) -> tuple[str, ...]:
    if value is None or isinstance(value, dict):
        return ()
    if isinstance(value, (list, tuple)):
        return tuple(_id(item) for item in value if _id(item))
    return tuple(item.strip() for item in str(value).replace("；", ";").replace("、", ";").split(";") if item.strip())


def _id(value: object) -> str:
    """An id must be a scalar; a list or mapping counts as no id at all."""
    return "" if isinstance(value, (dict, list)) else cell_text(value)


def _sequence(value: object, line: int | None, key: str, problem) -> list:
    if value is None:
        return []
    if isinstance(value, list):
        return value
    problem(line, key, f"{key} must be a list, not {value!r}", f"{key}: followed by '- ' items")
    return []


def _as_bool(value: object) -> bool:
    from .booleans import parse_bool

    return parse_bool(value)


def read_chains(path: Path) -> ChainFile:
    """Parse and check a chains file; every problem found is in ``ChainFile.problems``."""
    path = Path(path)
    result = ChainFile()
    file = path.name

    def problem(line: int | None, key: str | None, message: str, expected: str | None = None) -> None:
        result.problems.append(Problem(file, line, key, message, expected))

    try:
        document = load_yaml(decode_text(path.read_bytes()), _LineLoader)
    except DuplicateKeyError as exc:
        problem(exc.again, exc.path, f"key {exc.path!r} written twice (first at line {exc.line})",
                "each key once (the last would silently win)")
        return result
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        problem(None, None, f"cannot read the chains file: {exc}", "YAML in UTF-8 (or GBK)")
        return result
    return chains_from_document(document, file, result)


def chains_from_document(document: object, file: str, result: ChainFile | None = None) -> ChainFile:
    """Check a chains document (what ``chains.yaml`` parses to, or :mod:`.sheets` builds from a
    workbook); each mapping carries its line (row) as ``__line__``; problems name ``file``."""
    result = result if result is not None else ChainFile()

    def problem(line: int | None, key: str | None, message: str, expected: str | None = None) -> None:
        result.problems.append(Problem(file, line, key, message, expected))

    if not document:
        problem(None, None, "empty file", "clusters: with chains: and links:")
        return result
    if not isinstance(document, dict):
        problem(1, None, "the chains file must be a mapping", "clusters: or chains: at the top")
        return result
    clusters = document.get("clusters") or []
    loose_chains = document.get("chains") or []
    if not clusters and not loose_chains:
        problem(1, "clusters", "no clusters or chains", "clusters: - id: … chains: - id: … links: …")
    if not isinstance(clusters, list) or not isinstance(loose_chains, list):
        problem(1, "clusters", "clusters and chains must be lists", None)
        return result
    result.min_weight = document.get("min_weight")
    chain_entries: list[tuple[dict, str | None]] = [(chain, None) for chain in loose_chains]
    for cluster in clusters:
        if not isinstance(cluster, dict) or not _id(cluster.get("id")):
            line = cluster.get(_LINE) if isinstance(cluster, dict) else None
            problem(line, "id", "a cluster without an id", "id: and name:")
            continue
        cluster_id = _id(cluster["id"])
        if cluster_id in result.clusters:
            problem(cluster[_LINE], "id", f"duplicate cluster id {cluster_id!r}", "unique cluster ids")
            continue
        result.clusters[cluster_id] = ClusterDef(cluster_id, cell_text(cluster.get("name")) or cluster_id,
                                                 cell_text(cluster.get("name_en")) or None)
        for chain in _sequence(cluster.get("chains"), cluster[_LINE], "chains", problem):
            chain_entries.append((chain, cluster_id))
    for chain, cluster_id in chain_entries:
        _read_chain(chain, cluster_id, result, problem)
    _check_links(result, problem)
    return result


def _read_chain(chain: object, cluster_id: str | None, result: ChainFile, problem) -> None:
    if not isinstance(chain, dict) or not _id(chain.get("id")):
        problem(chain.get(_LINE) if isinstance(chain, dict) else None, "id", "a chain without an id", "id: and name:")
        return
    chain_id = _id(chain["id"])
    line = chain[_LINE]
    if chain_id in result.chains:
        problem(line, "id", f"duplicate chain id {chain_id!r}", "unique chain ids")
        return
    try:
        acyclic = _as_bool(chain.get("acyclic", True))
    except ValueError:
        problem(line, "acyclic", f"not a yes/no value: {chain.get('acyclic')!r}", "true or false")
        acyclic = True
    definition = ChainDef(chain_id, cell_text(chain.get("name")) or chain_id, cluster_id,
                          cell_text(chain.get("name_en")) or None, acyclic)
    result.chains[chain_id] = definition
    if cluster_id:
        result.clusters[cluster_id].chains.append(chain_id)
    for link in _sequence(chain.get("links"), line, "links", problem):
        if not isinstance(link, dict) or not _id(link.get("id")):
            problem(link.get(_LINE) if isinstance(link, dict) else line, "id", "a link without an id", "id: and name:")
            continue
        link_id = _id(link["id"])
        if link_id in result.links:
            problem(link[_LINE], "id", f"duplicate link id {link_id!r}", "link ids unique across the whole file")
            continue
        segment = _id(link.get("segment")) or None
        segment = _SEGMENT_ALIASES.get(segment, segment) if segment else None
        if segment is not None and segment not in SEGMENTS.codes:
            problem(link[_LINE], "segment", f"unknown segment {segment!r}", "upstream, midstream or downstream")
        result.links[link_id] = LinkDef(
            link_id, cell_text(link.get("name")) or link_id, chain_id, segment,
            cell_text(link.get("name_en")) or None, _id(link.get("parent")) or None,
            _text_list(link.get("codes")), _text_list(link.get("keywords")), link[_LINE],
        )
        definition.links.append(link_id)
    min_weight = _number(chain.get("min_weight", result.min_weight), line, "min_weight", problem)
    for edge in _sequence(chain.get("feeds"), line, "feeds", problem):
        facts: dict[str, object] = {}
        if isinstance(edge, dict):
            facts = {"weight": edge.get("weight"), "evidence": cell_text(edge.get("source")) or None,
                     "confidence": edge.get("confidence")}
            edge = [edge.get("from"), edge.get("to")]
        elif isinstance(edge, (list, tuple)) and len(edge) == 3:
            facts, edge = {"weight": edge[2]}, list(edge[:2])
        if not isinstance(edge, (list, tuple)) or len(edge) != 2:
            problem(line, "feeds", f"bad feeds entry {edge!r}", "[from_link, to_link]")
            continue
        facts["weight"] = _number(facts.get("weight"), line, "weight", problem)
        confidence = facts["confidence"] = _number(facts.get("confidence"), line, "confidence", problem)
        if confidence is not None and not 0 <= confidence <= 1:
            problem(line, "confidence", f"confidence {confidence} of a feeds entry is not in 0..1", "a number from 0 to 1")
        weight = facts["weight"]
        if min_weight is not None and weight is not None and weight < min_weight:
            definition.dropped_feeds += 1
            continue
        pair = (_id(edge[0]), _id(edge[1]))
        definition.feeds.append(pair)
        given = {key: value for key, value in facts.items() if value is not None}
        if given:
            definition.feed_facts[pair] = given


def _number(value: object, line: int | None, key: str, problem) -> Decimal | None:
    """A weight, confidence or minimum: a plain non-negative number (None when absent)."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except ArithmeticError:
        number = Decimal(-1)
    if not number.is_finite() or number < 0:
        problem(line, key, f"not a non-negative number: {value!r}", "a number such as 3 or 0.8")
        return None
    return number


def _check_links(result: ChainFile, problem) -> None:
    for link in result.links.values():
        seen, parent_id = {link.id}, link.parent
        while parent_id is not None and parent_id in result.links:
            if parent_id in seen:
                problem(link.line, "parent", f"link {link.id!r} is its own ancestor through parent links",
                        "parents that end at a top-level link")
                link.parent = None
                break
            seen.add(parent_id)
            parent_id = result.links[parent_id].parent
    for link in result.links.values():
        if link.parent is not None:
            parent = result.links.get(link.parent)
            if parent is None:
                problem(link.line, "parent", f"unknown link id {link.parent!r}", "a link id defined in this file")
            elif link.segment is None:
                link.segment = parent.segment
        # a link without a segment (a classification has none) keeps it unknown: never guessed
    for chain in result.chains.values():
        graph = nx.DiGraph()
        for source, target in chain.feeds:
            for end in (source, target):
                if end not in result.links:
                    problem(None, "feeds", f"chain {chain.id}: unknown link id {end!r} in feeds",
                            "a link id defined in this file")
            graph.add_edge(source, target)
        if chain.acyclic and graph.number_of_edges():
            try:
                cycle = nx.find_cycle(graph)
            except nx.NetworkXNoCycle:
                continue
            path = " -> ".join([edge[0] for edge in cycle] + [cycle[0][0]])
            problem(None, "feeds", f"chain {chain.id}: feeds-into cycle {path}",
                    "no cycles (or set acyclic: false on the chain)")
