"""The gap engine's public API: ``analyse(source) -> Analysis``.

Usage (reports, the CLI, the HTML map and the servers code against exactly this)::

    from chaingap.queries.gaps import analyse
    analysis = analyse(store)                       # the ChainStore (its tables), default profile, SQL
    analysis = analyse(con, profile="my.yaml")      # a DuckDB connection holding the tables of record
    analysis = analyse(store, engine="sparql")      # the same answer from the graph built from them
    for link in analysis.links:                     # LinkResult: id, name, chain, segment, status,
        print(link.id, link.status, link.extension, link.metrics["lq"], link.rule)
    analysis.targets["L07"]                         # list[Target]: enterprise, name, link, score, rank, parts, reasons
    analysis.shortlist                              # city-wide list, each enterprise once
    analysis.expand_locally                         # local firms in weak links able to expand (增资扩产)
    analysis.to_dict()                              # JSON-ready (Decimals -> floats rounded to 6 places)

Statuses are the codes of :data:`chaingap.ontology.vocab.STATUSES`; a parent link is shown as a
rollup (``rollup``, its leaves' statuses counted in ``link.rollup``; its own evaluation in
``analysis.as_links``: :mod:`chaingap.queries.rollups`); ``extension`` is the 延链
flag; ``link.rule`` is a :class:`~chaingap.queries.results.Rule` (which rule fired, the
thresholds it quotes), turned into a sentence by ``chaingap.report.i18n.rule_sentence``.
Exact formulas and tie-breaks: docs/gap-rules.md.

Engines: ``sql`` (default) runs ``queries/sql/*.sql`` on the tables of record; ``python`` is
the independent oracle (plain Python over the same tables); ``sparql`` runs
``queries/sparql/*.rq`` on the graph. All three give the same statuses, metrics and targets.
Nothing is written anywhere: an analysis only reads. A :class:`GapEngine` keeps its answer,
so asking again (``gaps`` then ``targets`` in one process) costs nothing.
"""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path
from typing import Any

from chaingap import __version__

from .common import build_link, make_shortlist, ordered_targets
from .profile import Profile, load_profile
from .results import Analysis, LinkResult, Rule, Target
from .rollups import roll_up
from .sources import sparql_of, tables_of

__all__ = ["analyse", "GapEngine", "Analysis", "LinkResult", "Rule", "Target", "ENGINES"]

ENGINES = ("sql", "sparql", "python")
#: Bump when Analysis changes shape, so answers kept by an earlier version are not read.
_CACHE_FORMAT = 2


def _runner(source: Any, engine: str, profile: Profile) -> Any:
    """The engine object for ``source``: the one place that picks tables or graph.

    Engines are imported here, not at the top: a kept answer (``explain`` after ``gaps``)
    needs none of them, and they bring numpy, pyarrow and networkx (half a second).
    """
    from .python_engine import PythonEngine
    from .sparql_engine import SparqlEngine
    from .sql_engine import SqlEngine

    if engine == "sql":
        return SqlEngine(tables_of(source), profile)
    if engine == "python":
        return PythonEngine(tables_of(source), profile)
    if engine == "sparql":
        return SparqlEngine(sparql_of(source), profile)
    raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")


def _generation(source: Any) -> Any:
    """What changes when the source's data changes (the store's generation; None when unknown)."""
    inner = getattr(source, "source", source)
    return getattr(inner, "generation", None)


class GapEngine:
    """One source analysed with one profile by one engine; the answer is kept until the data changes.

    ``source`` is the store facade, a DuckDB connection holding the tables of record, a
    pyoxigraph Store (``engine="sparql"``) or a district view of one of them
    (:func:`chaingap.queries.district.district_view`). With a store, a load or a removal
    (a new ``store.generation``) makes the next :meth:`analyse` compute again; with a bare
    connection, make a new GapEngine after changing its tables.
    """

    def __init__(self, source: Any, profile: Profile | str | Path | dict | None = None, engine: str = "sql") -> None:
        if engine not in ENGINES:
            raise ValueError(f"engine must be one of {ENGINES}, not {engine!r}")
        self.source = source
        self.profile = load_profile(profile)
        self.engine = engine
        self._analysis: Analysis | None = None
        self._generation: Any = None

    def analyse(self, refresh: bool = False) -> Analysis:
        """Classify every link and rank candidates for the links that need them (kept for the next call).

        With the store as source the answer is also kept in the store (:meth:`ChainStore.keep`),
        so the next command on the same data reads it instead of computing it again;
        ``refresh=True`` computes anew.
        """
        generation = _generation(self.source)
        if refresh or self._analysis is None or generation != self._generation:
            self._analysis = None if refresh else self._kept()
            if self._analysis is None:
                self._analysis = self._compute()
                self._keep(self._analysis)
            self._generation = generation
        return self._analysis

    def _cache_key(self) -> str:
        district = getattr(self.source, "district", None)
        region = getattr(self.source, "region", None)
        text = json.dumps([_CACHE_FORMAT, __version__, self.engine, district, self.profile.raw] + ([region] if region else []),
                          sort_keys=True, default=str)
        return "analysis-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]

    def _store(self) -> Any:
        inner = getattr(self.source, "source", self.source)
        return inner if callable(getattr(inner, "cached", None)) else None

    def _kept(self) -> Analysis | None:
        store = self._store()
        data = store.cached(self._cache_key()) if store is not None else None
        if data is None:
            return None
        try:
            found = pickle.loads(data)  # written by _keep into the user's own store folder
        except Exception:  # a kept answer of another chaingap version: compute anew
            return None
        return found if isinstance(found, Analysis) else None

    def _keep(self, analysis: Analysis) -> None:
        store = self._store()
        if store is not None:
            store.keep(self._cache_key(), pickle.dumps(analysis, protocol=pickle.HIGHEST_PROTOCOL))

    def _compute(self) -> Analysis:
        profile = self.profile
        runner = _runner(self.source, self.engine, profile)
        info = runner.links()
        rows = runner.statuses()
        evaluated = [build_link(info[link], *rows[link], profile) for link in info]
        evaluated.sort(key=lambda link: (link.chain, link.id))
        tops = sorted({link.metrics["top_firm"] for link in evaluated if link.metrics.get("top_firm")})
        names = runner.names(tops) if tops else {}
        for link in evaluated:
            link.top_firm_name = names.get(link.metrics.get("top_firm"), "") or ""
        links, as_links = roll_up(evaluated, runner.parents())
        wanted = [link.id for link in links if link.status in profile.target_statuses]
        able = [link.id for link in links if link.status in profile.expand_statuses]
        external, local = runner.rankings(wanted, able if profile.expand_top_n else [])
        targets = {link: ordered_targets(link, external.get(link, [])) for link in wanted}
        expand = [target for link in able for target in ordered_targets(link, local.get(link, []))]
        return Analysis(links=links, targets=targets, shortlist=make_shortlist(targets, profile.shortlist_size),
                        expand_locally=expand, profile=profile.summary(), engine=self.engine, region=runner.region(),
                        as_links=as_links)


def analyse(source: Any, profile: Profile | str | Path | dict | None = None, engine: str = "sql",
            lang: str = "zh", refresh: bool = False) -> Analysis:
    """Classify every link of ``source`` and rank whom to recruit, in one call (see :class:`GapEngine`).

    ``refresh=True`` computes anew instead of reading the answer the store kept for the same
    data and profile. ``lang`` is accepted for callers of the earlier API and changes nothing:
    the answer holds no words (the report layer writes them in any language).
    """
    return GapEngine(source, profile, engine).analyse(refresh=refresh)
