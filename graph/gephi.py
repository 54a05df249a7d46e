"""The chains as Gephi wants them: enterprises, links and chains as nodes, direct edges between them.

The RDF-shaped GraphML (:func:`chaingap.graph.export.property_graph`) keeps every resource of
the ontology as a node, so an operation, a supply relation or a stage event sits between an
enterprise and its link and Gephi's layouts pull the wrong things together. This view is built
straight from the tables of record (:mod:`chaingap.loaders.sql`):

=====================  ===================  =========================================================
edge ``label``         from -> to           attributes
=====================  ===================  =========================================================
``has_link``           chain -> link
``feeds``              link -> link         (upstream feeds downstream)
``works_in``           enterprise -> link   ``share`` (0..1, 1 when not stated), ``amount`` (万元:
                                            the enterprise's revenue × share; absent when unknown)
``supplies``           enterprise -> enterprise  ``product`` when the table names one
``invests_in``         project -> link      ``amount`` (万元: the investment; absent when unknown)
=====================  ===================  =========================================================

Nodes carry ``label`` (the name), ``type`` (``Chain``, ``Link``, ``Enterprise``, ``Project``)
and a few plain attributes; link nodes also carry the gap analysis under one name per measure
(``status``, ``extension``, ``local_enterprises``, ``lq`` …: the metric codes of
:class:`chaingap.queries.results.LinkResult`), nothing else, so Gephi never shows one measure
under two names. Every edge has ``weight`` (the share for ``works_in``, else 1) for layouts.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx

from .store import ChainStore
from .values import to_graphml

__all__ = ["gephi_graph", "write_gephi", "GEPHI_FORMATS"]

#: File formats of :func:`write_gephi`: GraphML, and GEXF (Gephi's own, which keeps the edge labels as kinds).
GEPHI_FORMATS = ("graphml", "gexf")


def _node(kind: str, identifier: str) -> str:
    return f"{kind}/{identifier}"


def _number(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _where(dataset_id: str | None, alias: str = "") -> tuple[str, list[Any]]:
    prefix = f"{alias}." if alias else ""
    return (f" WHERE {prefix}dataset = ?", [dataset_id]) if dataset_id else ("", [])


def gephi_graph(store: ChainStore, dataset_id: str | None = None,
                link_attributes: Mapping[str, Mapping[str, Any]] | None = None) -> nx.MultiDiGraph:
    """The direct graph of the module docstring; ``link_attributes`` maps a link id to its analysis."""
    view = nx.MultiDiGraph()
    where, params = _where(dataset_id)
    for row in store.sql(f"SELECT id, name, name_en, cluster FROM chains{where}", params):
        view.add_node(_node("chain", row["id"]), label=row["name"], type="Chain", id=row["id"],
                      name_en=row["name_en"] or "", cluster=row["cluster"] or "")
    for row in store.sql(f"SELECT id, name, name_en, chain, segment, parent FROM links{where}", params):
        node = _node("link", row["id"])
        view.add_node(node, label=row["name"], type="Link", id=row["id"], name_en=row["name_en"] or "",
                      chain=row["chain"], segment=row["segment"] or "")
        view.add_edge(_node("chain", row["chain"]), node, key="has_link", label="has_link", weight=1.0)
        for key, value in (link_attributes or {}).get(row["id"], {}).items():
            if value is not None:
                view.nodes[node][key] = to_graphml(_number(value))
    for row in store.sql(f"SELECT DISTINCT source, target FROM feeds{where}", params):
        view.add_edge(_node("link", row["source"]), _node("link", row["target"]), key="feeds", label="feeds",
                      weight=1.0)
    enterprises = store.sql(
        "SELECT e.id, e.name, e.is_local, e.district, e.province, e.revenue, e.listed, e.specialised, e.high_tech, "
        "e.above_scale, e.chain_leader FROM enterprises e WHERE EXISTS (SELECT 1 FROM operations o "
        "WHERE o.enterprise = e.id AND o.dataset = e.dataset)" + (" AND e.dataset = ?" if dataset_id else ""), params)
    for row in enterprises:
        attributes = {key: value for key, value in row.items() if key not in ("id", "name") and value is not None}
        view.add_node(_node("enterprise", row["id"]), label=row["name"], type="Enterprise", id=row["id"],
                      **{key: to_graphml(_number(value)) for key, value in attributes.items()})
    where_o, params_o = _where(dataset_id, "o")
    for row in store.sql(
            "SELECT o.enterprise, o.link, o.share, e.revenue FROM operations o JOIN enterprises e "
            f"ON e.id = o.enterprise AND e.dataset = o.dataset{where_o}", params_o):
        share = float(row["share"]) if row["share"] is not None else 1.0
        edge = {"label": "works_in", "share": share, "weight": share}
        if row["revenue"] is not None:
            edge["amount"] = round(float(row["revenue"]) * share, 4)
        view.add_edge(_node("enterprise", row["enterprise"]), _node("link", row["link"]), key="works_in", **edge)
    for row in store.sql(f"SELECT supplier, customer, product FROM supply{where}", params):
        source, target = _node("enterprise", row["supplier"]), _node("enterprise", row["customer"])
        if source in view and target in view:
            edge = {"label": "supplies", "weight": 1.0}
            if row["product"]:
                edge["product"] = row["product"]
            view.add_edge(source, target, key=f"supplies/{row['product'] or ''}", **edge)
    projects = {row["id"]: row for row in store.sql(
        f"SELECT id, name, district, stage, investment, investor FROM projects{where}", params)}
    for project_id, row in projects.items():
        attributes = {key: to_graphml(_number(value)) for key, value in row.items()
                      if key not in ("id", "name", "investment") and value is not None}
        view.add_node(_node("project", project_id), label=row["name"], type="Project", id=project_id, **attributes)
    for row in store.sql(f"SELECT project, link FROM project_links{where}", params):
        edge = {"label": "invests_in", "weight": 1.0}
        investment = projects.get(row["project"], {}).get("investment")
        if investment is not None:
            edge["amount"] = float(investment)
        view.add_edge(_node("project", row["project"]), _node("link", row["link"]), key="invests_in", **edge)
    for node in [n for n, data in view.nodes(data=True) if "type" not in data]:
        view.remove_node(node)  # an edge to a row of another dataset, when one dataset is exported
    _one_type_per_key(view)
    return view


def _one_type_per_key(view: nx.MultiDiGraph) -> None:
    """GraphML declares one type per attribute key: a key holding numbers and text becomes text."""
    for items in (list(view.nodes(data=True)), list(view.edges(data=True))):
        kinds: dict[str, set[type]] = {}
        for *_, data in items:
            for key, value in data.items():
                kinds.setdefault(key, set()).add(type(value))
        for *_, data in items:
            for key in list(data):
                found = kinds[key]
                if found == {int, float}:
                    data[key] = float(data[key])
                elif len(found) > 1:
                    data[key] = str(data[key])


def write_gephi(view: nx.MultiDiGraph, out: str | os.PathLike[str], fmt: str = "graphml") -> Path:
    """Write ``view`` as GraphML or GEXF (:data:`GEPHI_FORMATS`)."""
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gexf":
        nx.write_gexf(view, path, encoding="utf-8")
    else:
        nx.write_graphml(view, path, encoding="utf-8")
    return path
