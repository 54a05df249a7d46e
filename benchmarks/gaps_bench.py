"""Benchmark of the gap engine: ingest, prepare, and gaps + targets, against naive rdflib.

Each measurement runs in its own process (so peak memory is that measurement's alone):

    python benchmarks/gaps_bench.py                       # 100k and 1M; rdflib at 10k and 100k
    python benchmarks/gaps_bench.py --sizes 10000 --rdflib-sizes 10000 --work /tmp/cgb

Datasets come from ``chaingap.sample.synthetic.generate`` (seed 2024) and are kept under
``--work`` between runs. chaingap: ``load_dataset`` + ``ChainStore(path).load`` (on disk),
then ``prepare`` (the derived graph: per-link aggregates in SPARQL, criticality, proximity),
then ``analyse`` (``gaps`` + ``targets`` for all chains), timed cold (first) and warm. rdflib:
the same dataset parsed as N-Quads into an in-memory ``rdflib.Dataset(default_union=True)``
and the very same ``.rq`` text run through ``analyse`` on it. Figures are printed, never
asserted; a child that exceeds ``--timeout`` is reported as a lower bound.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_WORK = Path(os.environ.get("TMPDIR", "/tmp")) / "chaingap-bench"


def dataset_folder(work: Path, size: int) -> Path:
    folder = work / f"synthetic-{size}"
    if not (folder / "dataset.yaml").is_file():
        from chaingap.sample.synthetic import generate

        generate(folder, enterprises=size, seed=2024)
    return folder


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_chaingap(work: Path, size: int) -> dict:
    from chaingap.graph.store import ChainStore
    from chaingap.loaders import load_dataset
    from chaingap.queries.derived import prepare
    from chaingap.queries.gaps import analyse
    from chaingap.queries.profile import load_profile

    folder = dataset_folder(work, size)
    store_dir = work / f"store-{size}"
    shutil.rmtree(store_dir, ignore_errors=True)
    started = time.perf_counter()
    store = ChainStore(store_dir)
    store.load(load_dataset(folder))
    ingest = time.perf_counter() - started
    started = time.perf_counter()
    prepare(store, load_profile())
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    first = analyse(store)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    analyse(store)
    warm = time.perf_counter() - started
    store.close()
    return {"engine": "chaingap", "size": size, "quads": None, "ingest_s": ingest, "prepare_s": prepared,
            "analyse_cold_s": cold, "analyse_warm_s": warm, "links": len(first.links),
            "targets": sum(len(v) for v in first.targets.values()), "peak_mib": _peak_mib()}


def child_rdflib(work: Path, size: int) -> dict:
    import io

    import rdflib

    from chaingap.loaders import load_dataset
    from chaingap.loaders.rdf import write_nquads
    from chaingap.queries.derived import prepare
    from chaingap.queries.gaps import analyse
    from chaingap.queries.profile import load_profile

    folder = dataset_folder(work, size)
    started = time.perf_counter()
    buffer = io.BytesIO()
    write_nquads(load_dataset(folder), buffer)
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(data=buffer.getvalue(), format="nquads")
    ingest = time.perf_counter() - started
    started = time.perf_counter()
    prepare(dataset, load_profile())
    prepared = time.perf_counter() - started
    started = time.perf_counter()
    first = analyse(dataset)
    cold = time.perf_counter() - started
    return {"engine": "rdflib", "size": size, "quads": len(dataset), "ingest_s": ingest, "prepare_s": prepared,
            "analyse_cold_s": cold, "analyse_warm_s": None, "links": len(first.links),
            "targets": sum(len(v) for v in first.targets.values()), "peak_mib": _peak_mib()}


def run_child(engine: str, work: Path, size: int, timeout: float) -> dict:
    command = [sys.executable, __file__, "--child", engine, "--work", str(work), "--sizes", str(size)]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"engine": engine, "size": size, "timeout_s": timeout}
    if done.returncode != 0:
        return {"engine": engine, "size": size, "error": done.stderr.strip().splitlines()[-1:],
                "wall_s": time.perf_counter() - started}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--rdflib-sizes", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--timeout", type=float, default=1800)
    parser.add_argument("--child", choices=["chaingap", "rdflib"])
    parser.add_argument("--json", type=Path, help="Also write the results as JSON here.")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    if args.child:
        result = (child_chaingap if args.child == "chaingap" else child_rdflib)(args.work, args.sizes[0])
        print(json.dumps(result))
        return 0
    results = []
    for size in sorted(set(args.sizes) | set(args.rdflib_sizes)):
        dataset_folder(args.work, size)
        results.append(run_child("chaingap", args.work, size, args.timeout))
        print(json.dumps(results[-1]), flush=True)
        if size in args.rdflib_sizes:
            results.append(run_child("rdflib", args.work, size, args.timeout))
            print(json.dumps(results[-1]), flush=True)
    columns = ["engine", "size", "ingest_s", "prepare_s", "analyse_cold_s", "analyse_warm_s", "peak_mib", "links", "targets"]
    print("\n| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for row in results:
        note = f" (timed out after {row['timeout_s']:.0f} s)" if "timeout_s" in row else (f" (error {row['error']})" if "error" in row else "")
        print("| " + " | ".join(_fmt(row.get(c)) for c in columns) + " |" + note)
    by = {(r["engine"], r["size"]): r for r in results}
    for size in args.rdflib_sizes:
        ours, theirs = by.get(("chaingap", size), {}), by.get(("rdflib", size), {})
        for step in ("ingest_s", "prepare_s", "analyse_cold_s"):
            if ours.get(step) and theirs.get(step):
                print(f"{size}: rdflib / chaingap {step} = {theirs[step] / ours[step]:.1f}x")
            elif ours.get(step) and "timeout_s" in theirs:
                print(f"{size}: rdflib / chaingap {step} > {theirs['timeout_s'] / ours[step]:.1f}x (rdflib timed out)")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
