"""The gap engine's public API: ``analyse(store) -> Analysis``.

Usage (the HTML/map and Neo4j layers code against exactly this)::

    from chaingap.queries.gaps import analyse
    analysis = analyse(store)                 # ChainStore or pyoxigraph.Store, default profile
    analysis = analyse(store, profile="my.yaml", engine="python")
    for link in analysis.links:               # LinkResult: id, name, chain, segment, status,
        print(link.id, link.status, link.extension, link.metrics["lq"], link.rule)
    analysis.targets["L07"]                   # list[Target]: enterprise, name, link, score, rank, parts, reasons
    analysis.shortlist                        # city-wide list, each enterprise once
    analysis.expand_locally                   # local firms in weak links able to expand (增资扩产)
    analysis.to_dict()                        # JSON-ready (Decimals -> floats rounded to 6 places)

Statuses: ``missing``, ``being_filled``, ``weak``, ``normal``, ``strong``; ``extension`` is the
延链 flag. Metrics keys are listed on :class:`~chaingap.queries.results.LinkResult`; exact
formulas and tie-breaks in docs/gap-rules.md.

``engine="sparql"`` (default) runs the bundled ``.rq`` files; ``engine="python"`` recomputes
everything from plain facts with networkx and Python arithmetic. Both first make sure the
derived graph (criticality, proximity, per-link aggregates) is prepared; ``refresh=True``
rebuilds it (do so after loading new data, unless the loader already invalidated it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from chaingap.report.i18n import rule_sentence

from . import python_engine, sparql_engine
from .common import build_link, link_info, make_shortlist, ordered_targets, safe_local_id
from .derived import is_prepared, prepare
from .profile import Profile, load_profile
from .results import Analysis, LinkResult, STATUSES, Target

__all__ = ["analyse", "Analysis", "LinkResult", "Target", "STATUSES", "ENGINES", "thresholds_of"]

ENGINES = ("sparql", "python")


def thresholds_of(profile: Profile) -> dict[str, Any]:
    """Threshold values quoted by rule sentences."""
    return {"strong_count_min": profile.strong_count_min, "strong_lq_min": profile.strong_lq_min,
            "weak_lq_below": profile.weak_lq_below, "weak_count_below": profile.weak_count_below,
            "being_filled_stage": profile.being_filled_stage}


def analyse(store: Any, profile: Profile | str | Path | dict | None = None, engine: str = "sparql",
            refresh: bool = False, lang: str = "zh") -> Analysis:
    """Classify every link, rank candidates for the links that need them, in one call."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
    profile = load_profile(profile)
    if refresh or not is_prepared(store, profile):
        prepare(store, profile)
    info = link_info(store)
    module = sparql_engine if engine == "sparql" else python_engine
    python_engine.forget()
    sparql_engine.forget()
    rows = module.link_rows(store, profile)
    thresholds = thresholds_of(profile)
    links = []
    for iri in info:
        status, extension, metrics = rows[iri]
        name = info[iri]["name_en"] if lang == "en" and info[iri]["name_en"] else info[iri]["name"]
        rule = rule_sentence(name, status, metrics, thresholds, lang)
        links.append(build_link(iri, info, status, extension, metrics, rule))
    links.sort(key=lambda link: (link.chain, link.id))
    iri_of = {info[iri]["id"]: iri for iri in info}
    targets: dict[str, list[Target]] = {}
    expand: list[Target] = []
    for link in links:
        if link.status in profile.target_statuses:
            found = module.target_rows(store, profile, iri_of[link.id], profile.top_n)
            targets[link.id] = ordered_targets(link.id, found)
        if link.status in profile.expand_statuses and profile.expand_top_n:
            found = module.expand_rows(store, profile, iri_of[link.id], profile.expand_top_n)
            expand.extend(ordered_targets(link.id, found))
    return Analysis(links=links, targets=targets, shortlist=make_shortlist(targets, profile.shortlist_size),
                    expand_locally=expand, profile=profile.summary(), engine=engine,
                    region=_region(store))


def _region(store: Any) -> str:
    from .backend import select

    rows = select(store, "SELECT ?d ?name WHERE { ?dataset cg:region ?d OPTIONAL { ?d cg:name ?name } } "
                         "ORDER BY ?d LIMIT 1")
    if not rows:
        return ""
    return str(rows[0].get("name") or safe_local_id(rows[0]["d"]))
