"""Store comparison: rdflib's memory store vs rdflib over oxrdflib vs pyoxigraph (memory, disk).

For each engine and size a *separate subprocess* generates synthetic enterprise quads as an
N-Quads file, ingests it, runs the typical aggregate query (enterprises per link with the sum
of their revenue, over the union of named graphs) and reports its own peak RSS, so figures
of one engine never leak into another's. The parent prints a table with ratios against
rdflib-memory measured in the same run.

Usage::

    python benchmarks/store_compare.py                       # 10k and 100k, every engine
    python benchmarks/store_compare.py --sizes 10000 --big 0 # quick
    python benchmarks/store_compare.py --big 1000000         # + pyoxigraph/ChainStore at 1M
    python benchmarks/store_compare.py --json results.json

Engines:

- ``rdflib-memory``: ``rdflib.Dataset()`` (its Memory store), ``parse(format="nquads")``.
- ``rdflib-oxrdflib``: ``rdflib.Dataset(store="Oxigraph")`` in memory, parsed with oxrdflib's
  ``ox-nquads`` parser (bulk), queried through rdflib's API.
- ``oxigraph-memory`` / ``oxigraph-disk``: pyoxigraph ``Store`` with ``bulk_load``.
- ``oxigraph-disk-extend`` / ``oxigraph-disk-bulk_extend``: the same file parsed into Python
  ``Quad``s, then ``Store.extend`` (one transaction) or ``Store.bulk_extend``.
- ``chainstore-disk``: a full atomic :meth:`ChainStore.load` (staging store + swap) of the
  file as a dataset, into a store already holding a small city dataset.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

__all__ = ["ENGINES", "generate_nquads", "main"]

ENGINES = ("rdflib-memory", "rdflib-oxrdflib", "oxigraph-memory", "oxigraph-disk",
           "oxigraph-disk-extend", "oxigraph-disk-bulk_extend", "chainstore-disk")
#: Engines that are run at the ``--big`` size too (the others need too much memory or time).
BIG_ENGINES = ("oxigraph-disk", "chainstore-disk")
#: Engines that are only run at the smaller sizes to compare ingest methods.
METHOD_ENGINES = ("oxigraph-disk-extend", "oxigraph-disk-bulk_extend")

CG = "https://w3id.org/chaingap/ontology#"
ID = "https://w3id.org/chaingap/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
GRAPH = "https://w3id.org/chaingap/graph/bench-pool"
LINKS = 200
QUADS_PER_ENTERPRISE = 15

AGGREGATE = f"""
SELECT ?link (COUNT(?e) AS ?enterprises) (SUM(?revenue) AS ?total) WHERE {{
  ?e a <{CG}Enterprise> ; <{CG}operatesIn> ?link ; <{CG}revenue> ?revenue .
}} GROUP BY ?link"""


def generate_nquads(path: Path, enterprises: int, seed: int = 7) -> int:
    """Write ``enterprises`` synthetic pool enterprises (15 quads each, shaped as the loaders
    write them) into ``path`` as N-Quads; returns the number of quads."""
    rng = random.Random(seed)
    graph = f"<{GRAPH}>"
    count = 0
    with open(path, "w", encoding="utf-8") as out:
        lines: list[str] = []
        for number in range(enterprises):
            firm = f"<{ID}enterprise/E{number:08d}>"
            name = f'"合成企业{number}号有限公司"'
            link = f"<{ID}link/L{rng.randrange(LINKS):03d}>"
            revenue = round(rng.lognormvariate(7, 1.5), 2)
            flags = [rng.random() < share for share in (0.05, 0.1, 0.2, 0.3)]
            year = 1990 + rng.randrange(35)
            lines += [
                f"{firm} <{RDF_TYPE}> <{CG}Enterprise> {graph} .",
                f"{firm} <{CG}name> {name} {graph} .",
                f"{firm} <{RDFS_LABEL}> {name}@zh {graph} .",
                f'{firm} <{CG}isLocal> "false"^^<{XSD}boolean> {graph} .',
                f'{firm} <{CG}creditCode> "91{number:016d}" {graph} .',
                f'{firm} <{CG}province> "江苏省" {graph} .',
                f'{firm} <{CG}city> "城市{number % 300}" {graph} .',
                f'{firm} <{CG}revenue> "{revenue}"^^<{XSD}decimal> {graph} .',
                f'{firm} <{CG}revenueOriginal> "{revenue}万元" {graph} .',
                f'{firm} <{CG}foundedOn> "{year}-0{1 + number % 9}-1{number % 10}"^^<{XSD}date> {graph} .',
                f'{firm} <{CG}isListed> "{str(flags[0]).lower()}"^^<{XSD}boolean> {graph} .',
                f'{firm} <{CG}isSpecialised> "{str(flags[1]).lower()}"^^<{XSD}boolean> {graph} .',
                f'{firm} <{CG}isHighTech> "{str(flags[2]).lower()}"^^<{XSD}boolean> {graph} .',
                f'{firm} <{CG}isAboveScale> "{str(flags[3]).lower()}"^^<{XSD}boolean> {graph} .',
                f"{firm} <{CG}operatesIn> {link} {graph} .",
            ]
            count += QUADS_PER_ENTERPRISE
            if len(lines) >= 15_000:
                out.write("\n".join(lines) + "\n")
                lines = []
        out.write("\n".join(lines) + "\n")
    return count


def _peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB."""
    try:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux
    except ImportError:  # Windows
        import psutil

        return psutil.Process().memory_info().peak_wset / 2**20


def _worker(engine: str, source: Path, quads: int, workdir: Path) -> dict:
    """Run one engine on one generated file in this (fresh) process and return its figures."""
    enterprises = quads // QUADS_PER_ENTERPRISE
    baseline = _peak_rss_mib()
    started = time.perf_counter()
    run_query = _ingest(engine, source, workdir, quads)
    ingest_s = time.perf_counter() - started
    started = time.perf_counter()
    rows = run_query()
    query_s = time.perf_counter() - started
    return {"engine": engine, "enterprises": enterprises, "quads": quads, "ingest_s": round(ingest_s, 2),
            "query_s": round(query_s, 3), "rows": rows, "peak_rss_mib": round(_peak_rss_mib()),
            "baseline_rss_mib": round(baseline), "quads_per_s": round(quads / ingest_s)}


def _ingest(engine: str, source: Path, workdir: Path, count: int):
    """Ingest ``source`` with ``engine``; return a callable running the aggregate query."""
    if engine == "rdflib-memory" or engine == "rdflib-oxrdflib":
        import rdflib

        if engine == "rdflib-memory":
            dataset = rdflib.Dataset(default_union=True)
            dataset.parse(source, format="nquads")
        else:
            dataset = rdflib.Dataset(store="Oxigraph", default_union=True)
            dataset.parse(source, format="ox-nquads", transactional=False)
        return lambda: len(list(dataset.query(AGGREGATE)))
    import pyoxigraph as ox

    if engine == "chainstore-disk":
        from chaingap.graph.store import ChainStore

        store = ChainStore(workdir / "chainstore")
        store.load(_FileDataset("bench-city", None))  # an existing small dataset to keep
        store.load(_FileDataset("bench-pool", source, count))
        return lambda: len(store.query(AGGREGATE))
    oxi = ox.Store(str(workdir / "oxigraph")) if "disk" in engine else ox.Store()
    if engine.endswith("-extend"):
        oxi.extend(ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS))
    elif engine.endswith("-bulk_extend"):
        oxi.bulk_extend(ox.parse(path=str(source), format=ox.RdfFormat.N_QUADS))
    else:
        oxi.bulk_load(path=str(source), format=ox.RdfFormat.N_QUADS)
    if "disk" in engine:
        oxi.flush()
    return lambda: len(list(oxi.query(AGGREGATE, use_default_graph_as_union=True)))


class _FileDataset:
    """A dataset whose N-Quads text is a file (or a tiny city when ``path`` is None)."""

    def __init__(self, dataset_id: str, path: Path | None, count: int = 2) -> None:
        self.id = dataset_id
        self.path = path
        self.count = count
        self.graph_iri = f"https://w3id.org/chaingap/graph/{dataset_id}"

    def quads(self):
        import pyoxigraph as ox

        return iter(ox.parse(self.nquads(), format=ox.RdfFormat.N_QUADS))

    def nquads(self) -> bytes:
        if self.path is not None:
            return self.path.read_bytes()
        return (f'<{ID}enterprise/C1> <{RDF_TYPE}> <{CG}Enterprise> <{self.graph_iri}> .\n'
                f'<{ID}enterprise/C1> <{CG}isLocal> "true"^^<{XSD}boolean> <{self.graph_iri}> .\n').encode()

    def write_nquads(self, stream) -> int:
        if self.path is None:
            stream.write(self.nquads())
            return 2
        with open(self.path, "rb") as source:
            shutil.copyfileobj(source, stream, 1 << 20)
        return self.count


def _run_isolated(engine: str, source: Path, quads: int, timeout: float) -> dict:
    enterprises = quads // QUADS_PER_ENTERPRISE
    workdir = Path(tempfile.mkdtemp(prefix=f"chaingap-bench-{engine}-"))
    try:
        done = subprocess.run([sys.executable, __file__, "--worker", engine, str(source), str(quads), str(workdir)],
                              capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            return {"engine": engine, "enterprises": enterprises, "error": done.stderr.strip()[-400:]}
        return json.loads(done.stdout.strip().splitlines()[-1])
    except subprocess.TimeoutExpired:
        return {"engine": engine, "enterprises": enterprises, "error": f"timed out after {timeout:.0f} s"}
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _table(results: list[dict]) -> str:
    reference = {r["enterprises"]: r for r in results if r["engine"] == "rdflib-memory" and "error" not in r}
    header = ("| engine | enterprises | quads | ingest s | quads/s | query s | peak RSS MiB "
              "| ingest × | query × | memory × |")
    lines = [header, "|" + " --- |" * 10]
    for r in results:
        if "error" in r:
            lines.append(f"| {r['engine']} | {r['enterprises']:,} | | failed: {r['error'][:80]} | | | | | | |")
            continue
        ref = reference.get(r["enterprises"])

        def ratio(key: str) -> str:
            return f"{r[key] / ref[key]:.2f}" if ref and ref[key] else "–"

        lines.append(f"| {r['engine']} | {r['enterprises']:,} | {r['quads']:,} | {r['ingest_s']} | {r['quads_per_s']:,} "
                     f"| {r['query_s']} | {r['peak_rss_mib']:,} | {ratio('ingest_s')} | {ratio('query_s')} "
                     f"| {ratio('peak_rss_mib')} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", nargs=4, metavar=("ENGINE", "SOURCE", "QUADS", "WORKDIR"), help=argparse.SUPPRESS)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--big", type=int, default=1_000_000, help="size for pyoxigraph/ChainStore only (0 = skip)")
    parser.add_argument("--engines", nargs="+", default=list(ENGINES), choices=ENGINES)
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per engine and size")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args(argv)
    if args.worker:
        engine, source, quads, workdir = args.worker
        print(json.dumps(_worker(engine, Path(source), int(quads), Path(workdir))))
        return 0
    plan = [(engine, size) for size in args.sizes for engine in args.engines
            if not (engine in METHOD_ENGINES and size > max(args.sizes[:1] + [100_000]))]
    if args.big:
        plan += [(engine, args.big) for engine in BIG_ENGINES if engine in args.engines]
    results = []
    sources = Path(tempfile.mkdtemp(prefix="chaingap-bench-data-"))
    try:
        generated: dict[int, tuple[Path, int]] = {}
        for engine, size in plan:
            if size not in generated:  # generated here, so no worker's peak memory includes it
                path = sources / f"pool-{size}.nq"
                generated[size] = (path, generate_nquads(path, size))
            print(f"running {engine} at {size:,} enterprises …", file=sys.stderr, flush=True)
            results.append(_run_isolated(engine, *generated[size], args.timeout))
            print(json.dumps(results[-1]), file=sys.stderr, flush=True)
            if args.json:
                args.json.write_text(json.dumps(results, indent=1))
    finally:
        shutil.rmtree(sources, ignore_errors=True)
    print(f"# {os.cpu_count()} CPUs, Python {sys.version.split()[0]}")
    print(_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
