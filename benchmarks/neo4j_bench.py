"""Neo4j from the tables of record: the Bolt push and the neo4j-csv export + offline import.

For one generated (or any) dataset folder, in one run:

1. floor: ``load_dataset`` + ``write_tables`` into a DuckDB file (what a load costs anyway);
2. ``chaingap.graph.neo4j.push`` of those tables into a fresh real Neo4j (the test launcher);
3. ``chaingap.graph.neo4j_csv.write_neo4j_csv`` of the same tables;
4. ``neo4j-admin database import full`` of those files (the importer's command class from the
   launcher's jars) into a fresh Neo4j home, then a server on it and link_status.cypher on
   both databases (statuses must agree).

Each step runs in its own subprocess, so its CPU seconds and peak RSS are its own; the Neo4j
server's CPU is read from /proc. Prints one JSON object per step and the ratios to the floor.

    python benchmarks/generate.py /tmp/gen100k --enterprises 100000 --seed 1
    python benchmarks/neo4j_bench.py /tmp/gen100k

Servers bind 127.0.0.1 only and are stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_servers import NEO4J_PASSWORD, neo4j_classpath, neo4j_server, process_cpu

REPO = Path(__file__).resolve().parents[1]


def own() -> dict:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "peak_rss_mib": round(usage.ru_maxrss / 1024)}


def child(argv: list[str]) -> dict:
    """Run one step in a fresh interpreter; its JSON answer."""
    result = subprocess.run([sys.executable, __file__, "--child", *argv], capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def step_tables(folder: str, db: str) -> dict:
    import duckdb

    from chaingap.loaders import load_dataset
    from chaingap.loaders.tables_of_record import write_tables

    started = time.perf_counter()
    con = duckdb.connect(db)
    counts = write_tables(load_dataset(folder), con)
    con.close()
    return {"wall_s": round(time.perf_counter() - started, 2), "enterprises": counts["enterprises"], **own()}


def step_push(db: str, uri: str, batch_size: int) -> dict:
    import duckdb

    from chaingap.graph.neo4j import Neo4jSettings, push

    con = duckdb.connect(db, read_only=True)
    started = time.perf_counter()
    stats = push(con, Neo4jSettings(uri=uri, password=NEO4J_PASSWORD), batch_size=batch_size, progress=False)
    return {"wall_s": round(time.perf_counter() - started, 2), "nodes": stats.nodes,
            "relationships": stats.relationships, "batches": stats.batches, **own()}


def step_export(db: str, out: str) -> dict:
    import duckdb

    from chaingap.graph.neo4j_csv import write_neo4j_csv

    con = duckdb.connect(db, read_only=True)
    started = time.perf_counter()
    export = write_neo4j_csv(con, out)
    size = sum(path.stat().st_size for path in Path(out).iterdir())
    return {"wall_s": round(time.perf_counter() - started, 2), "files": len(export.files),
            "nodes": sum(export.nodes.values()), "relationships": sum(export.relationships.values()),
            "mib": round(size / 2**20, 1), **own()}


def step_import(out: str, home: str) -> dict:
    Path(home).mkdir(parents=True)
    started = time.perf_counter()
    result = subprocess.run(["java", "-Xmx2g", "-cp", neo4j_classpath(), "org.neo4j.cli.AdminTool", "database", "import",
                             "full", "neo4j", "@import.args"], cwd=out, env={**os.environ, "NEO4J_HOME": home},
                            capture_output=True, text=True)
    wall = time.perf_counter() - started
    if result.returncode != 0 or "IMPORT DONE" not in result.stdout:
        raise RuntimeError((result.stdout + result.stderr)[-3000:])
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {"wall_s": round(wall, 2), "importer_cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "importer_peak_rss_mib": round(usage.ru_maxrss / 1024), **own()}


def statuses(uri: str) -> dict[str, str]:
    from chaingap.cli.servers import link_status_parameters
    from chaingap.graph.neo4j import Neo4jSettings, run_cypher_file

    rows = run_cypher_file("link_status", Neo4jSettings(uri=uri, password=NEO4J_PASSWORD), **link_status_parameters())
    return {row["link"]: row["status"] for row in rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dataset", nargs="?")
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        name, *rest = args.child
        steps = {"tables": step_tables, "push": step_push, "export": step_export, "import": step_import}
        if name == "push":
            rest[2] = int(rest[2])
        print(json.dumps(steps[name](*rest)))
        return
    with tempfile.TemporaryDirectory(prefix="chaingap-neo4j-bench-") as work:
        work_dir = Path(work)
        db = str(work_dir / "tables.duckdb")
        report: dict = {"load_before": os.getloadavg()}
        report["floor_tables"] = child(["tables", args.dataset, db])
        print("tables:", json.dumps(report["floor_tables"]), file=sys.stderr, flush=True)
        with neo4j_server(work_dir / "pushed", heap="4g") as (uri, pid):
            before = process_cpu(pid)
            report["push"] = child(["push", db, uri, str(args.batch_size)])
            report["push"]["server_cpu_s"] = round(process_cpu(pid) - before, 1)
            report["push"]["load_after"] = os.getloadavg()
            print("push:", json.dumps(report["push"]), file=sys.stderr, flush=True)
            pushed = statuses(uri)
        out = str(work_dir / "csv")
        report["export"] = child(["export", db, out])
        print("export:", json.dumps(report["export"]), file=sys.stderr, flush=True)
        report["import"] = child(["import", out, str(work_dir / "imported")])
        report["import"]["load_after"] = os.getloadavg()
        print("import:", json.dumps(report["import"]), file=sys.stderr, flush=True)
        with neo4j_server(work_dir / "imported-server", heap="4g", db=work_dir / "imported") as (uri, _):
            report["same_statuses"] = statuses(uri) == pushed
        floor = report["floor_tables"]["cpu_s"]
        report["ratios_to_floor_cpu"] = {
            "push_python": round(report["push"]["cpu_s"] / floor, 2),
            "push_server": round(report["push"]["server_cpu_s"] / floor, 2),
            "export": round(report["export"]["cpu_s"] / floor, 2),
            "import": round(report["import"]["importer_cpu_s"] / floor, 2),
        }
        print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
