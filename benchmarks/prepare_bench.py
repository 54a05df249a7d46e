"""Time and peak memory of the gap engine's ``prepare()`` and ``analyse()`` on an existing store.

Ingest is slow at a million enterprises (about 14 minutes) and is not what this measures, so
the store is loaded once beforehand (``ChainStore(path).load(load_dataset(folder))``) and each
run of this script, a fresh process, only opens it::

    python benchmarks/prepare_bench.py /tmp/store-1m --json /tmp/prepare-1m.json

Peak RSS is the process's own (``resource.getrusage``), so it covers opening the store,
``prepare()`` and two ``analyse()`` calls (cold, warm). ``--rankings FILE`` also writes every
stored ranking and the analysis, to compare two versions of the engine row for row.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rankings(store) -> list[list[str]]:
    """Every stored ranking, as text rows sorted by kind, link and rank (node names left out)."""
    from chaingap.queries.backend import select

    rows = select(store, """SELECT ?kind ?link ?rank ?e ?score ?detail WHERE { GRAPH ?g {
        ?n cgd:forLink ?link ; cgd:kind ?kind ; cgd:rank ?rank ; cgd:candidate ?e ; cgd:score ?score ; cgd:detail ?detail } }
        ORDER BY ?kind ?link ?rank""")
    return [[str(row[k]) for k in ("kind", "link", "rank", "e", "score", "detail")] for row in rows]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path, help="Folder of a loaded on-disk ChainStore.")
    parser.add_argument("--json", type=Path, help="Also write the figures as JSON here.")
    parser.add_argument("--rankings", type=Path, help="Write the stored rankings and the analysis here.")
    args = parser.parse_args(argv)

    from chaingap.graph.store import ChainStore
    from chaingap.queries.derived import prepare
    from chaingap.queries.gaps import analyse
    from chaingap.queries.profile import load_profile

    store = ChainStore(args.store)
    started = time.perf_counter()
    counts = prepare(store, load_profile())
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    first = analyse(store)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    analyse(store)
    warm = time.perf_counter() - started
    result = {"store": str(args.store), "prepare_s": round(prepared, 1), "analyse_cold_s": round(cold, 3),
              "analyse_warm_s": round(warm, 3), "peak_mib": round(_peak_mib()), **counts,
              "targets": sum(len(v) for v in first.targets.values())}
    if args.rankings:
        args.rankings.write_text(json.dumps({"rankings": rankings(store), "analysis": first.to_dict()},
                                            ensure_ascii=False, sort_keys=True, default=str), encoding="utf-8")
    store.close()
    print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(result) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
