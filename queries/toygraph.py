"""Small hand-built graphs in chaingap's vocabulary, for tests, doctests and examples.

The real loaders build far richer graphs; this writes only the facts the gap engine reads,
with the contract's IRIs (``terms.iri``) and terms (``CG``), so a test can state a situation
in a few lines and check what the engine concludes.

>>> toy = ToyGraph(region_province="江苏省")
>>> toy.chain("C1").link("L1", "C1").link("L2", "C1").feeds("L1", "L2")  # doctest: +ELLIPSIS
<...ToyGraph object at ...>
>>> toy.enterprise("E1", ["L1"], local=True, revenue=500).enterprise("P1", {"L2": 0.5}, province="浙江省")  # doctest: +ELLIPSIS
<...ToyGraph object at ...>
>>> len(toy.store()) > 10
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from chaingap.ontology import terms
from chaingap.ontology.namespace import CG_NS

from .backend import XSD

__all__ = ["ToyGraph"]

_STAGES = {"signed": "signed", "landed": "landed", "started": "started", "in_database": "inDatabase",
           "in_statistics": "inStatistics", "producing": "producing", "reached_output": "reachedOutput"}
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _cg(name: str) -> ox.NamedNode:
    return ox.NamedNode(CG_NS + name)


def _node(kind: str, id_: str) -> ox.NamedNode:
    return ox.NamedNode(terms.iri(kind, id_))


def _literal(value: Any) -> ox.Literal:
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, (float, Decimal)):
        text = format(Decimal(str(value)), "f")
        return ox.Literal(text if "." in text else text + ".0", datatype=ox.NamedNode(XSD + "decimal"))
    return ox.Literal(str(value))


class ToyGraph:
    """Chainable builder of a one-dataset graph; :meth:`store` returns a pyoxigraph Store."""

    def __init__(self, dataset: str = "toy", region: str = "R", region_province: str | None = None) -> None:
        self.graph = ox.NamedNode(terms.graph_iri(dataset))
        self.quads: list[ox.Quad] = []
        self._add(_node("dataset", dataset), _cg("region"), _node("district", region))
        self._add(_node("district", region), _RDF_TYPE, _cg("District"))
        if region_province:
            self._add(_node("district", region), _cg("province"), _literal(region_province))
        self._operations = 0

    def _add(self, s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        self.quads.append(ox.Quad(s, p, o, self.graph))

    def chain(self, chain_id: str, name: str | None = None) -> "ToyGraph":
        node = _node("chain", chain_id)
        self._add(node, _RDF_TYPE, _cg("IndustryChain"))
        self._add(node, _cg("name"), _literal(name or chain_id))
        return self

    def link(self, link_id: str, chain_id: str, name: str | None = None, segment: str | None = None,
             parent: str | None = None, benchmark_enterprises: int | None = None,
             benchmark_revenue: float | Decimal | None = None) -> "ToyGraph":
        node = _node("link", link_id)
        self._add(node, _RDF_TYPE, _cg("Link"))
        self._add(_node("chain", chain_id), _cg("hasLink"), node)
        self._add(node, _cg("name"), _literal(name or link_id))
        if segment:
            self._add(node, _cg("inSegment"), _cg(segment))
        if parent:
            self._add(node, _cg("subLinkOf"), _node("link", parent))
        if benchmark_enterprises is not None:
            self._add(node, _cg("benchmarkEnterprises"), _literal(int(benchmark_enterprises)))
        if benchmark_revenue is not None:
            self._add(node, _cg("benchmarkRevenue"), _literal(Decimal(str(benchmark_revenue))))
        return self

    def feeds(self, upstream: str, downstream: str) -> "ToyGraph":
        self._add(_node("link", upstream), _cg("feedsInto"), _node("link", downstream))
        return self

    def enterprise(self, enterprise_id: str, links: Iterable[str] | Mapping[str, Any], local: bool = False,
                   revenue: float | Decimal | None = None, name: str | None = None, province: str | None = None,
                   listed: bool = False, specialised: bool = False, high_tech: bool = False,
                   chain_leader: bool = False, parent_group: str | None = None,
                   signal: str | None = None) -> "ToyGraph":
        """An enterprise working in ``links`` (a list, or a mapping link -> share or None)."""
        node = _node("enterprise", enterprise_id)
        self._add(node, _RDF_TYPE, _cg("Enterprise"))
        self._add(node, _cg("name"), _literal(name or enterprise_id))
        self._add(node, _cg("isLocal"), _literal(bool(local)))
        shares = dict(links) if isinstance(links, Mapping) else {link: None for link in links}
        for link_id, share in shares.items():
            self._add(node, _cg("operatesIn"), _node("link", link_id))
            if share is not None:
                self._operations += 1
                op = _node("operation", f"{enterprise_id}-{self._operations}")
                self._add(node, _cg("hasOperation"), op)
                self._add(op, _cg("operationLink"), _node("link", link_id))
                self._add(op, _cg("share"), _literal(Decimal(str(share))))
        if revenue is not None:
            self._add(node, _cg("revenue"), _literal(Decimal(str(revenue))))
        if province:
            self._add(node, _cg("province"), _literal(province))
        for flag, term in ((listed, "isListed"), (specialised, "isSpecialised"),
                           (high_tech, "isHighTech"), (chain_leader, "isChainLeader")):
            self._add(node, _cg(term), _literal(bool(flag)))
        if parent_group:
            self._add(node, _cg("parentGroup"), _node("enterprise", parent_group))
        if signal:
            self._add(node, _cg("expansionSignal"), _literal(signal))
        return self

    def supplies(self, supplier: str, customer: str) -> "ToyGraph":
        self._add(_node("enterprise", supplier), _cg("suppliesTo"), _node("enterprise", customer))
        return self

    def project(self, project_id: str, links: Iterable[str], stage: str) -> "ToyGraph":
        node = _node("project", project_id)
        self._add(node, _RDF_TYPE, _cg("Project"))
        for link_id in links:
            self._add(node, _cg("targetsLink"), _node("link", link_id))
        self._add(node, _cg("currentStage"), _cg(_STAGES[stage]))
        return self

    def store(self) -> ox.Store:
        """A fresh in-memory pyoxigraph Store holding the graph."""
        store = ox.Store()
        store.extend(self.quads)
        return store
