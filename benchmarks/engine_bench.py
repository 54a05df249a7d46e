"""Gap-engine benchmark (issue 8): the SQL engine on the tables of record of generated pools.

For each size, generated data (``chaingap.sample.synthetic.generate``, 8 chains, seed 1) is
validated and written once by ``write_tables`` into a DuckDB file under ``--data`` and loaded
once into a store (``ChainStore.load`` of those tables); both are reused by later runs. Then,
each step in its own subprocess (CPU = user + sys from ``os.wait4``, peak RSS = ``ru_maxrss``,
so the figures are that step's alone):

1. ``floor``: DuckDB alone reads the columns the engine reads and computes the per-link
   member count and revenue (operations joined to enterprises, grouped by link) - the least
   work any engine on these tables must do;
2. ``first``: a fresh process opens the store and runs the first ``analyse`` (statuses,
   metrics, every ranked list: what ``chaingap gaps`` and ``chaingap targets`` print);
3. ``warm``: in one process, after a first analysis: the same :class:`GapEngine` asked again
   (``gaps`` then ``targets`` in process), a new GapEngine on the same open store (DuckDB's
   buffers warm), and the public CLI ``gaps`` + ``targets`` called in process (each call opens
   the store again, as ``benchmarks/scale.py`` measures it);
4. ``oracle`` (only with ``--oracle``): the Python oracle on the same tables.

Nothing is asserted; figures are printed as one Markdown table (and ``--json FILE``), with the
1-minute load average at the start and end of each step and the ratio of each step's CPU
seconds to the floor of the same run.

    python benchmarks/engine_bench.py                          # 100k and 1M
    python benchmarks/engine_bench.py --sizes 100000 --oracle
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

__all__ = ["main", "prepare", "STEPS"]

STEPS = ("floor", "first", "warm", "oracle")
DEFAULT_DATA = Path(os.environ.get("TMPDIR", "/tmp")) / "chaingap-engine-bench"

FLOOR_SQL = """
SELECT o.link, count(*) AS members, sum(coalesce(e.revenue, 0) * coalesce(o.share, 1)) AS revenue
FROM operations o JOIN enterprises e ON e.id = o.enterprise
GROUP BY o.link
"""


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _timed(function) -> tuple[Any, float, float]:
    cpu, wall = _cpu(), time.perf_counter()
    value = function()
    return value, _cpu() - cpu, time.perf_counter() - wall


def prepare(data: Path, size: int) -> tuple[Path, Path]:
    """The DuckDB file of the tables of ``size`` generated enterprises and a store holding them (made once)."""
    import duckdb

    folder, tables, home = data / f"gen-{size}", data / f"tables-{size}.duckdb", data / f"home-{size}"
    if not tables.exists():
        from chaingap.loaders import load_dataset
        from chaingap.loaders.tables_of_record import write_tables
        from chaingap.sample.synthetic import generate

        if not (folder / "dataset.yaml").exists():
            generate(folder, enterprises=size, chains=8, seed=1)
        partial = tables.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        con = duckdb.connect(str(partial))
        write_tables(load_dataset(folder), con)
        con.execute("CHECKPOINT")
        con.close()
        partial.rename(tables)
    if not (home / "store" / "manifest.json").exists():
        from chaingap.graph.store import ChainStore
        from chaingap.loaders.tables_of_record import TABLES

        con = duckdb.connect()  # the store copies tables from an in-memory database's main schema
        con.execute(f"ATTACH '{tables}' AS source (READ_ONLY)")
        for table in TABLES:
            con.execute(f"CREATE VIEW main.{table} AS SELECT * FROM source.main.{table}")
        dataset_id = con.execute("SELECT dataset FROM dataset").fetchone()[0]
        with ChainStore(home / "store") as store:
            store.load(SimpleNamespace(id=dataset_id, as_of=None, con=con))
        con.close()
    return tables, home


# --- children: one step each ---------------------------------------------------------------

def _child_floor(args) -> dict[str, Any]:
    from chaingap.graph.store import ChainStore

    with ChainStore(args.home / "store") as store:
        rows, cpu, wall = _timed(lambda: store.tables.execute(FLOOR_SQL).fetchall())
    return {"inner": {"links": len(rows), "cpu_s": cpu, "wall_s": wall}}


def _child_first(args) -> dict[str, Any]:
    from chaingap.graph.store import ChainStore
    from chaingap.queries.gaps import GapEngine

    with ChainStore(args.home / "store") as store:
        analysis, cpu, wall = _timed(lambda: GapEngine(store).analyse())
    statuses: dict[str, int] = {}
    for link in analysis.links:
        statuses[link.status] = statuses.get(link.status, 0) + 1
    return {"inner": {"cpu_s": cpu, "wall_s": wall, "links": len(analysis.links), "statuses": statuses,
                      "lists": len(analysis.targets), "targets": sum(len(v) for v in analysis.targets.values())}}


def _cli(arguments: list[str]) -> tuple[float, float]:
    from chaingap.cli import cli

    sink = io.StringIO()
    with contextlib.redirect_stdout(sink), contextlib.redirect_stderr(io.StringIO()):
        _, cpu, wall = _timed(lambda: cli.main(args=arguments, prog_name="chaingap", standalone_mode=False))
    return cpu, wall


def _child_warm(args) -> dict[str, Any]:
    from chaingap.graph.store import ChainStore
    from chaingap.queries.gaps import GapEngine
    from chaingap.report.text import gap_rows, target_rows

    found: dict[str, Any] = {}
    with ChainStore(args.home / "store") as store:
        engine = GapEngine(store)
        engine.analyse()

        def gaps_and_targets() -> int:
            analysis = engine.analyse()
            rows = gap_rows(analysis)
            return len(rows) + len(target_rows([t for items in analysis.targets.values() for t in items]))

        _, cpu, wall = _timed(gaps_and_targets)
        found["gaps + targets, same GapEngine"] = {"cpu_s": cpu, "wall_s": wall}
        _, cpu, wall = _timed(lambda: GapEngine(store).analyse())
        found["analyse, new GapEngine on the open store"] = {"cpu_s": cpu, "wall_s": wall}
    home = ["--home", str(args.home), "--format", "json"]
    _cli(["gaps", *home])
    _cli(["targets", *home])  # a first pair, not timed
    gaps, targets = _cli(["gaps", *home]), _cli(["targets", *home])
    found["CLI gaps + targets in process (store opened per call)"] = {"cpu_s": gaps[0] + targets[0],
                                                                      "wall_s": gaps[1] + targets[1]}
    return {"inner": found}


def _child_oracle(args) -> dict[str, Any]:
    from chaingap.graph.store import ChainStore
    from chaingap.queries.gaps import GapEngine

    with ChainStore(args.home / "store") as store:
        _, cpu, wall = _timed(lambda: GapEngine(store, engine="python").analyse())
    return {"inner": {"cpu_s": cpu, "wall_s": wall}}


CHILDREN = {"floor": _child_floor, "first": _child_first, "warm": _child_warm, "oracle": _child_oracle}


# --- the parent ----------------------------------------------------------------------------

def _run_child(step: str, home: Path) -> dict[str, Any]:
    out = home / f"{step}.json"
    out.unlink(missing_ok=True)
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--child", step, "--home", str(home), "--out", str(out)])
    _, status, usage = os.wait4(process.pid, 0)
    row = {"step": step, "status": "ok" if status == 0 else f"exit {status >> 8}",
           "cpu_s": usage.ru_utime + usage.ru_stime, "wall_s": time.perf_counter() - started,
           "peak_mib": usage.ru_maxrss / 1024, "load": (load_before, os.getloadavg()[0])}
    if out.exists():
        row.update(json.loads(out.read_text(encoding="utf-8")))
    return row


def _parts(row: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The timed parts of a step (warm has several): (name, {cpu_s, wall_s, ...})."""
    inner = row.get("inner", {})
    if row["step"] == "warm":
        return list(inner.items())
    return [(row["step"], inner)] if inner else []


def _table(results: list[dict[str, Any]]) -> str:
    lines = ["| enterprises | step | process CPU s | process wall s | peak RSS MiB | timed part | CPU s | wall s | "
             "× floor (CPU) | load avg start → end | notes |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for result in results:
        floor_row = next((row for row in result["rows"] if row["step"] == "floor"), None)
        floor = floor_row.get("inner", {}).get("cpu_s") if floor_row else None
        for row in result["rows"]:
            inner = row.get("inner", {})
            notes = row["status"] if row["status"] != "ok" else ""
            if row["step"] == "first" and inner:
                notes += (f"{inner.get('links')} links {inner.get('statuses')}; {inner.get('targets')} targets "
                          f"in {inner.get('lists')} lists")
            head = (f"| {result['size']:,} | {row['step']} | {row['cpu_s']:.2f} | {row['wall_s']:.2f} | "
                    f"{row['peak_mib']:,.0f} |")
            load = f"{row['load'][0]:.2f} → {row['load'][1]:.2f}"
            for number, (name, part) in enumerate(_parts(row) or [("-", {})]):
                cpu, wall = part.get("cpu_s"), part.get("wall_s")
                ratio = f"{cpu / floor:.1f}" if floor and cpu is not None and row["step"] != "floor" else "-"
                prefix = head if number == 0 else "| | | | | |"
                lines.append(f"{prefix} {name} | {'-' if cpu is None else f'{cpu:.3f}'} | "
                             f"{'-' if wall is None else f'{wall:.3f}'} | {ratio} | {load if number == 0 else ''} | "
                             f"{notes if number == 0 else ''} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="where generated data, tables and stores are kept")
    parser.add_argument("--oracle", action="store_true", help="also time the Python oracle (slow on big pools)")
    parser.add_argument("--json", type=Path, help="write the raw figures here")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    parser.add_argument("--home", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        args.out.write_text(json.dumps(CHILDREN[args.child](args)), encoding="utf-8")
        return 0
    args.data.mkdir(parents=True, exist_ok=True)
    results = []
    for size in args.sizes:
        started = time.perf_counter()
        _, home = prepare(args.data, size)
        print(f"{size:,} enterprises: tables and store ready ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        steps = [step for step in STEPS if step != "oracle" or args.oracle]
        results.append({"size": size, "rows": [_run_child(step, home) for step in steps]})
    print(_table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
