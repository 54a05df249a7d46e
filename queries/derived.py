"""The derived graph: facts the gap engine computes once and every engine then reads.

``prepare(store, profile)`` writes into one named graph (:data:`DERIVED_GRAPH`), replacing it:

- per-link aggregates from ``link_aggregates.rq`` and ``link_pipeline.rq`` (``cgd:localCount``,
  ``cgd:localRevenue``, ``cgd:localMax``, ``cgd:localSumSq``, ``cgd:localKeyCount``,
  ``cgd:allCount``, ``cgd:allRevenue``, ``cgd:projects``, ``cgd:maxStageOrder``), zero for
  links without enterprises or projects, and the totals of ``totals.rq`` on ``cgd:totals``;
- ``cg:downstreamCount`` and ``cg:criticality`` from networkx (:mod:`.criticality`);
- ``cgd:proximityClass`` of pool enterprises that are not "other" (:mod:`.proximity`; Python
  classifies the distinct provinces, one SPARQL update applies them to the pool);
- the ranked candidate lists of every link (``candidates.rq``, ``expand_candidates.rq``, one
  query per link: scores, order and LIMIT top_n in SPARQL), as nodes with
  ``cgd:forLink``, ``cgd:kind``, ``cgd:rank``, ``cgd:candidate``, ``cgd:score`` and
  ``cgd:detail`` (a JSON literal: the weighted parts and the facts behind the reasons; one
  literal instead of a dozen facts, because reading stored lists is what `targets` costs);
- ``cgd:preparedWith``: the profile values the aggregates depend on, so a later call knows
  whether they are still valid.

The aggregates are computed *in SPARQL*; Python only writes the rows back, and never holds a
row per enterprise or per membership (at a million enterprises that alone took 7.6 GiB). This is what makes
``gaps`` and ``targets`` fast on large stores: they read a few facts per link instead of
re-aggregating every enterprise. Loading new data must drop this graph (``invalidate``).
"""

from __future__ import annotations

import json
from collections import Counter
from decimal import Decimal
from typing import Any

from chaingap.ontology.namespace import CG_NS

from . import load_query
from .backend import PREFIXES, append_to_graph, oxigraph_of, replace_graph, select
from chaingap.graph.measures import criticality, link_graph
from .params import render
from .profile import Profile
from .proximity import classifier_for

__all__ = ["CGD", "DERIVED_GRAPH", "TOTALS", "prepare", "invalidate", "is_prepared", "region_province"]

CGD = PREFIXES["cgd"]
DERIVED_GRAPH = "https://w3id.org/chaingap/graph/_derived/gaps"
TOTALS = CGD + "totals"
_LINK_FACTS = ("localCount", "localRevenue", "localMax", "localSumSq", "localKeyCount", "allCount", "allRevenue")
_ZERO = {"localCount": 0, "localRevenue": Decimal(0), "localMax": Decimal(0), "localSumSq": Decimal(0),
         "localKeyCount": 0, "allCount": 0, "allRevenue": Decimal(0), "projects": 0, "maxStageOrder": 0}


#: Version of the derived graph's layout: a store prepared by an older chaingap is re-prepared.
_FORMAT = 2


def _stamp(profile: Profile) -> str:
    return json.dumps({"format": _FORMAT, "keyRevenueMin": str(profile.key_revenue_min),
                       "regionProvince": profile.region_province or "",
                       "weights": {k: str(v) for k, v in profile.weights.items()},
                       "proximity": {k: str(v) for k, v in profile.proximity.items()},
                       "topN": profile.top_n, "expandTopN": profile.expand_top_n}, sort_keys=True)


_RANKED_FIELDS = {
    "external": ("fitPart", "sizePart", "qualityPart", "tiesPart", "groupPart", "proximityPart", "expansionPart",
                 "localCustomers", "localSuppliers", "localBranches", "proximityClass", "signal",
                 "name", "province", "revenue"),
    "local": ("fitPart", "sizePart", "qualityPart", "expansionPart", "signal", "name", "revenue"),
}


def _ranked_triples(store: Any, profile: Profile, links: list[str]) -> list[tuple[Any, Any, Any]]:
    """Top candidates of every link, scored in SPARQL (candidates.rq, expand_candidates.rq).

    One query per link and kind, the link set through the marked VALUES row, ORDER BY score
    desc then IRI and LIMIT top_n in the query itself: the engine ranks one link's members at
    a time and Python only ever holds top_n rows. (Asking for every link at once made Python
    hold every scored membership: 7.6 GiB at a million enterprises.)
    """
    from .sparql_engine import expand_params, target_params

    triples: list[tuple[Any, Any, Any]] = []
    jobs = (("external", "candidates", target_params, profile.top_n),
            ("local", "expand_candidates", expand_params, profile.expand_top_n))
    number = 0
    for kind, name, params_for, top in jobs:
        if not top:
            continue
        text = load_query(name)
        for link in sorted(links):  # IRI order, as the all-links query numbered its nodes
            query = f"{render(text, params_for(profile, link)).rstrip()}\nLIMIT {int(top)}\n"
            for rank, row in enumerate(select(store, query)[:top], start=1):
                number += 1
                node = f"{CGD}ranked-{number}"
                detail = {field: (str(row[field]) if isinstance(row.get(field), Decimal) else row.get(field))
                          for field in _RANKED_FIELDS[kind] if row.get(field) is not None}
                triples += [(node, CGD + "forLink", link), (node, CGD + "kind", _literal(kind)),
                            (node, CGD + "rank", rank), (node, CGD + "candidate", row["e"]),
                            (node, CGD + "score", row["score"]),
                            (node, CGD + "detail", _literal(json.dumps(detail, ensure_ascii=False, sort_keys=True)))]
    return triples


def is_prepared(store: Any, profile: Profile) -> bool:
    """True when the derived graph exists and was made with the same relevant profile values."""
    rows = select(store, "SELECT ?s WHERE { GRAPH ?g { cgd:totals cgd:preparedWith ?s } }")
    return any(row["s"] == _stamp(profile) for row in rows)


def invalidate(store: Any) -> None:
    """Drop the derived graph (call after loading or changing data)."""
    replace_graph(store, DERIVED_GRAPH, [])


def region_province(store: Any, profile: Profile) -> str | None:
    """The region's province: profile, else the region district's data, else local enterprises."""
    if profile.region_province:
        return profile.region_province
    rows = select(store, """SELECT ?code ?province WHERE { ?dataset cg:region ?district .
        OPTIONAL { ?district cg:adminCode ?code } OPTIONAL { ?district cg:province ?province } }""")
    for row in rows:
        if row.get("province"):
            return str(row["province"])
        if row.get("code"):
            try:
                from chaingap.loaders import divisions  # type: ignore[attr-defined]

                found = divisions.province_of(str(row["code"]))
                if found:
                    return str(getattr(found, "name", found))
            except (ImportError, AttributeError, KeyError, ValueError, LookupError):
                pass
    # counted in SPARQL: one row per province, not one per local enterprise
    rows = select(store, "SELECT ?p (COUNT(*) AS ?n) WHERE { ?e cg:isLocal true ; cg:province ?p } GROUP BY ?p")
    counts: Counter[str] = Counter()
    for row in rows:
        if row["p"]:
            counts[str(row["p"])] += row["n"]
    if not counts:
        return None
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[0][0]


def prepare(store: Any, profile: Profile) -> dict[str, int]:
    """(Re)write the derived graph; returns how many facts of each kind were written."""
    links = [row["link"] for row in select(store, load_query("links"))]
    facts: dict[str, dict[str, Any]] = {link: dict(_ZERO) for link in links}
    aggregates = select(store, render(load_query("link_aggregates"), {"keyRevenueMin": profile.key_revenue_min}))
    for row in aggregates:
        if row["link"] in facts:
            facts[row["link"]].update({name: row[name] for name in _LINK_FACTS if row[name] is not None})
    for row in select(store, load_query("link_pipeline")):
        if row["link"] in facts:
            facts[row["link"]].update(projects=row["projects"], maxStageOrder=row["maxStageOrder"] or 0)
    triples: list[tuple[Any, Any, Any]] = []
    for link, values in facts.items():
        triples.extend((link, CGD + name, value) for name, value in values.items())

    feeds = [(row["a"], row["b"]) for row in select(store, "SELECT ?a ?b WHERE { ?a cg:feedsInto ?b }")]
    for link, (count, value) in criticality(link_graph(links, feeds)).items():
        if link in facts:
            triples.append((link, CG_NS + "downstreamCount", count))
            triples.append((link, CG_NS + "criticality", value))

    totals = select(store, load_query("totals"))[0]
    for name in ("localCount", "localRevenue", "allCount", "allRevenue"):
        triples.append((TOTALS, CGD + name, totals[name] if totals[name] is not None else _ZERO[name]))
    for name in ("benchCount", "benchRevenue"):
        if totals.get(name) is not None:
            triples.append((TOTALS, CGD + name, totals[name]))

    _drop_proximity(store)
    replace_graph(store, DERIVED_GRAPH, triples)
    near = _write_proximity(store, classifier_for(region_province(store, profile)))
    # the rankings read the proximity facts just written
    ranked = _ranked_triples(store, profile, links)
    ranked.append((TOTALS, CGD + "preparedWith", _stamp(profile)))  # last: marks a complete graph
    append_to_graph(store, DERIVED_GRAPH, ranked)
    return {"links": len(links), "facts": len(triples) + near + len(ranked), "near_candidates": near}


#: Pool members with a province (as text): the enterprises a proximity class may go on.
_POOL_PROVINCES = """?e cg:province ?p0 .
    FILTER NOT EXISTS { ?e cg:isLocal true } FILTER EXISTS { ?e cg:operatesIn ?l }
    BIND (STR(?p0) AS ?p)"""
#: The same for an update, whose default graph is not the union of the named graphs: each
#: fact may sit in the default graph (a bare pyoxigraph Store) or in any named graph.
_POOL_PROVINCES_UPDATE = """{ { ?e cg:province ?p0 } UNION { GRAPH ?g0 { ?e cg:province ?p0 } } }
    FILTER NOT EXISTS { { ?e cg:isLocal true } UNION { GRAPH ?g1 { ?e cg:isLocal true } } }
    FILTER EXISTS { { ?e cg:operatesIn ?l } UNION { GRAPH ?g2 { ?e cg:operatesIn ?l } } }
    BIND (STR(?p0) AS ?p)"""
#: The province -> class table, written as facts for the update to join (never pasted into text).
#: (STR on both sides: rdflib tells a plain literal from an xsd:string one.)
_RULES = "{ GRAPH <" + DERIVED_GRAPH + "> { ?rule cgd:proximityProvince ?pr ; cgd:proximityLabel ?label } BIND (STR(?pr) AS ?p) }"


def _write_proximity(store: Any, classify: Any) -> int:
    """Write ``cgd:proximityClass`` of near pool firms; returns the (firm, province) rows classed.

    The pool is a million firms but has only a few dozen provinces: Python classifies the
    distinct provinces, writes that small table into the derived graph, and SPARQL updates (one
    per province, so that no transaction holds the whole pool) join it to the pool inside the
    store: no per-firm row ever becomes a Python object. The table is dropped afterwards.
    """
    provinces = select(store, f"SELECT DISTINCT ?p WHERE {{ {_POOL_PROVINCES} }}")
    table = [(str(row["p"]), classify(str(row["p"]))) for row in provinces if row["p"] is not None]
    table = [(province, label) for province, label in table if label != "other"]
    if not table:
        return 0
    rules: list[tuple[Any, Any, Any]] = []
    for number, (province, label) in enumerate(table):
        node = f"{CGD}proximity-rule-{number}"
        rules += [(node, CGD + "proximityProvince", _literal(province)), (node, CGD + "proximityLabel", _literal(label))]
    append_to_graph(store, DERIVED_GRAPH, rules)
    near = select(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ {_POOL_PROVINCES} {_RULES} }}")[0]["n"]
    for number in range(len(table)):  # one update per province: each transaction stays small
        rule = _RULES.replace("?rule", f"<{CGD}proximity-rule-{number}>")
        _update(store, f"INSERT {{ GRAPH <{DERIVED_GRAPH}> {{ ?e cgd:proximityClass ?label }} }} "
                       f"WHERE {{ {_POOL_PROVINCES_UPDATE} {rule} }}")
    _update(store, f"DELETE WHERE {{ GRAPH <{DERIVED_GRAPH}> {{ ?rule cgd:proximityProvince ?pr ; cgd:proximityLabel ?label }} }}")
    return int(near)


def _drop_proximity(store: Any) -> None:
    """Delete the previous proximity facts one class at a time, before the derived graph is replaced.

    They are most of that graph (~0.8M facts at a million firms); removing them in the one
    transaction of ``replace_graph`` cost the store over 1 GiB of memory at once.
    """
    for label in ("same_province", "neighbouring", "same_region", "other"):
        _update(store, f"DELETE {{ GRAPH <{DERIVED_GRAPH}> {{ ?e cgd:proximityClass ?c }} }} "
                       f"WHERE {{ VALUES ?c {{ \"{label}\" }} GRAPH <{DERIVED_GRAPH}> {{ ?e cgd:proximityClass ?c }} }}")


def _update(store: Any, text: str) -> None:
    """A SPARQL update of fixed text (no data in it) on pyoxigraph or on the rdflib baseline."""
    if type(store).__module__.startswith("rdflib"):
        store.update(text, initNs=PREFIXES)
    else:
        oxigraph_of(store).update(text, prefixes=PREFIXES)


def _literal(text: str) -> Any:
    import pyoxigraph as ox

    return ox.Literal(text)


