"""How much the loader costs next to parsing the same CSV files: CPU, wall time and peak RSS.

Every step runs in its own subprocess, so its peak RSS (``resource.getrusage``) is its own:

- ``floor``: pyarrow's CSV reader on every table file of the folder, default options (types
  inferred) — the parse floor the loader's cost is compared with;
- ``floor-text``: the same files read with every column as text, as the loader reads them;
- ``read_dataset``: ``chaingap.loaders.read_dataset`` into a DuckDB file (every check, the
  tables of record written and checkpointed);
- ``load_dataset``: the same into an in-memory DuckDB.

Generate the data outside the repository first, e.g.::

    python benchmarks/generate.py /tmp/gen100k --enterprises 100000 --seed 1
    python benchmarks/load_bench.py /tmp/gen100k [/tmp/gen1m ...] [--repeat 3]

The ratio is CPU seconds over the floor's CPU seconds in the same run; the load average is
printed because the machine may be shared (figures from one run compare with each other only).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

STEPS = ("floor", "floor-text", "read_dataset", "load_dataset")


def _measure(step: str, folder: str) -> dict:
    import resource
    import time

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    import duckdb  # noqa: F401  (imported before timing, as a running program has it)
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from chaingap.loaders import load_dataset, read_dataset

    tables = sorted(Path(folder).glob("*.csv"))
    started_cpu, started = cpu(), time.perf_counter()
    rows = 0
    if step == "floor":
        for path in tables:
            rows += pacsv.read_csv(path).num_rows
    elif step == "floor-text":
        import csv

        for path in tables:
            with path.open(encoding="utf-8-sig", newline="") as handle:
                header = next(csv.reader(handle))
            names = [f"c{i}" for i in range(len(header))]
            convert = pacsv.ConvertOptions(column_types={name: pa.string() for name in names})
            rows += pacsv.read_csv(path, read_options=pacsv.ReadOptions(column_names=names),
                                   convert_options=convert).num_rows - 1
    elif step == "read_dataset":
        with tempfile.TemporaryDirectory() as scratch:
            con = duckdb.connect(str(Path(scratch) / "tables.duckdb"))
            dataset, problems = read_dataset(folder, con)
            con.execute("CHECKPOINT")
            rows = con.execute("SELECT count(*) FROM enterprises").fetchone()[0]
            con.close()
            if problems:
                raise SystemExit(f"{len(problems)} problems, e.g. {problems[0]}")
    else:
        dataset = load_dataset(folder)
        rows = dataset.counts.get("enterprises", 0) + dataset.counts.get("pool", 0)
    return {"step": step, "cpu": cpu() - started_cpu, "wall": time.perf_counter() - started,
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "rows": rows}


def _run(step: str, folder: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--step", step, folder], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folders", nargs="+", help="generated dataset folders (benchmarks/generate.py)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per step (the fastest counts)")
    parser.add_argument("--step", choices=STEPS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_measure(args.step, args.folders[0])))
        return
    print(f"{'folder':28s} {'step':13s} {'rows':>9s} {'CPU s':>7s} {'wall s':>7s} {'peak RSS MiB':>12s} "
          f"{'x floor':>7s}  load average")
    for folder in args.folders:
        floor = None
        for step in STEPS:
            best = min((_run(step, folder) for _ in range(args.repeat)), key=lambda r: r["cpu"])
            floor = best["cpu"] if step == "floor" else floor
            load = " ".join(f"{value:.2f}" for value in os.getloadavg())
            print(f"{folder:28s} {step:13s} {best['rows']:9,d} {best['cpu']:7.2f} {best['wall']:7.2f} "
                  f"{best['peak_rss_mib']:12,.0f} {best['cpu'] / floor:7.2f}  {load}", flush=True)


if __name__ == "__main__":
    main()
