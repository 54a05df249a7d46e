"""Scale benchmark of issue 8: every step of chaingap at 10k, 100k and 1M enterprises, in one run.

For each size, generated data (``chaingap.sample.synthetic.generate``, cached under ``--data``
and reused) goes through these steps, each in its own subprocess, so the CPU seconds
(user + sys, from ``os.wait4``) and the peak RSS (``ru_maxrss``) are that step's alone:

1. floor: pyarrow parses ``enterprises.csv`` + ``pool.csv`` (every column as text);
2. floor: DuckDB reads them and computes every per-link aggregate chaingap stores
   (docs/gap-rules.md, Step 1: local/all counts and revenue with shares and the sub-link
   roll-up, local max, sum of squares, key firms, projects, totals); the parent then checks
   these equal the numbers ``chaingap gaps --format json`` prints (step 6);
3. ``chaingap load DIR --home HOME`` into a fresh home;
4. the graph build from the tables (:func:`build_graph`, the one place to change when the
   store facade's API settles; "n/a" with the reason while there is none);
5. floor: a bare pyoxigraph ``Store.bulk_load`` on disk of the same N-Quads (dumped once by
   ``chaingap export --format nq``, shown as a preparation row);
6. the first ``chaingap gaps`` after the load;
7. warm ``gaps`` + ``targets`` in one process (the public CLI called in-process, the second
   pair timed after a first one);
8. ``chaingap load`` of the bundled sample into the home that holds the pool;
9. ``chaingap neo4j push`` into a real Neo4j 5.26 (the test launcher, started as
   tests/servers/conftest.py does), at ``--neo4j-sizes`` only (default 100k).

The run prints one Markdown table (and ``--json FILE``) with CPU s, wall s, peak RSS, the
1-minute load average at the start and end of each step, the ratios to the floors of the same
run and the goals of issue 8 (judged on CPU seconds: the machine is shared). Nothing here is
asserted; a step the code cannot do yet says "n/a" and why; a step over ``--timeout`` is
killed and reported as such. Steps call the public CLI (or :func:`build_graph`) only.

    python benchmarks/scale.py                                    # 10k, 100k, 1M; every step
    python benchmarks/scale.py --quick --steps floors load        # 10k only
    python benchmarks/scale.py --sizes 1000000 --steps floors load --json /tmp/scale-1m.json
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import io
import json
import os
import platform
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

from bench_servers import NEO4J_PASSWORD, Unavailable, neo4j_server, process_cpu

__all__ = ["STEPS", "GROUPS", "Row", "build_graph", "floor_aggregates", "compare_with_gaps", "main"]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_ROOT = Path(os.environ.get("TMPDIR", "/tmp")) / "chaingap-scale"

#: Steps in the order they run (the sample load comes last: it changes the home).
STEPS = ("parse", "duckdb", "load", "graph", "bulkload", "gaps", "warm", "neo4j", "sample")
GROUPS = {"floors": ("parse", "duckdb", "bulkload"), "all": STEPS}
TITLES = {
    "parse": "1 floor: pyarrow parse",
    "duckdb": "2 floor: DuckDB read + aggregates",
    "load": "3 `chaingap load`",
    "graph": "4 graph build",
    "export": "(prep) `chaingap export --format nq`",
    "bulkload": "5 floor: Oxigraph bulk_load",
    "gaps": "6 first `chaingap gaps`",
    "warm": "7 warm gaps + targets",
    "sample": "8 sample next to the pool",
    "neo4j": "9 `chaingap neo4j push`",
}
PRINT_ORDER = ("parse", "duckdb", "load", "graph", "export", "bulkload", "gaps", "warm", "sample", "neo4j")
#: Goals of issue 8 (set for 1M): a ratio to a floor of the same run, or CPU seconds.
GOALS: dict[str, tuple[str, Any, float]] = {
    "load": ("ratio", "parse", 3.0), "graph": ("ratio", "bulkload", 1.3),
    "gaps": ("seconds", None, 10.0), "warm": ("seconds", None, 0.5), "sample": ("seconds", None, 3.0),
}
RSS_GOAL_MIB = 2048
CHAINGAP_STEPS = ("load", "graph", "gaps", "warm", "sample", "neo4j")


@dataclass
class Row:
    """One measured step at one size; figures stay None unless measured."""

    size: int
    step: str
    status: str = "ok"  # ok | n/a | failed | timeout
    cpu_s: float | None = None
    user_s: float | None = None
    sys_s: float | None = None
    wall_s: float | None = None
    peak_mib: float | None = None
    load_start: tuple[float, float, float] | None = None
    load_end: tuple[float, float, float] | None = None
    notes: str = ""
    inner: dict[str, Any] = field(default_factory=dict)


# --- the graph build (step 4): the one function to change when the facade lands ------------

def build_graph(home: Path) -> str | None:
    """Build the RDF graph of the tables held in ``home`` (the CLI's ``--home``); None when built.

    The store builds the graph on first use (``ChainStore.graph()``); this step asks for it.
    """
    from chaingap.graph.store import ChainStore

    with ChainStore(home / "store") as store:
        store.graph()
    return None


# --- floor 2: DuckDB aggregates --------------------------------------------------------------

_TRUE = ("1", "true", "t", "yes", "y", "是", "✓", "✔", "√", "有", "对")
_SCALES = {"": 1, "千": 1_000, "万": 10_000, "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000}
_CURRENCIES = {"": "CNY", "元": "CNY", "人民币": "CNY", "元人民币": "CNY", "人民币元": "CNY", "rmb": "CNY",
               "cny": "CNY", "¥": "CNY", "￥": "CNY", "美元": "USD", "美金": "USD", "usd": "USD", "$": "USD",
               "欧元": "EUR", "eur": "EUR", "€": "EUR", "港元": "HKD", "港币": "HKD", "hkd": "HKD"}
_STAGE_ORDER = {"signed": 1, "签约": 1, "landed": 2, "落地": 2, "started": 3, "开工": 3, "in_database": 4,
                "入库": 4, "in_statistics": 5, "列统": 5, "producing": 6, "投产": 6, "reached_output": 7, "达效": 7}
_MONEY = r"^([-+]?[0-9]+(?:\.[0-9]*)?|[-+]?\.[0-9]+)\s*(百万|千万|千|万|亿)?\s*(.*)$"


def _money_factor(scale: str, unit: str, default_unit: str, rates: dict[str, Any]) -> Decimal | None:
    """万元 per one (scale, unit) of a money cell, or None for a unit this floor does not know."""
    if not scale and not unit:
        for prefix in ("百万", "千万", "千", "万", "亿"):
            if default_unit.startswith(prefix):
                scale, unit = prefix, default_unit[len(prefix):]
                break
        else:
            unit = default_unit
    code = _CURRENCIES.get(unit.strip().casefold())
    if code is None:
        return None
    rate = Decimal(1) if code == "CNY" else Decimal(str({k.upper(): v for k, v in rates.items()}.get(code, "nan")))
    if not rate.is_finite():
        return None
    return Decimal(_SCALES[scale]) * rate / Decimal(10_000)


def _chain_links(chains: dict) -> list[dict]:
    found = []
    for cluster in chains.get("clusters") or []:
        for chain in cluster.get("chains") or []:
            found += chain.get("links") or []
    for chain in chains.get("chains") or []:
        found += chain.get("links") or []
    return found


def _code_key(code: str) -> str:
    return "".join(ch for ch in str(code) if ch.isascii() and ch.isalnum()).upper()


def floor_aggregates(folder: Path) -> dict[str, Any]:
    """Every per-link aggregate of docs/gap-rules.md Step 1, computed by DuckDB from the files.

    Reads the generator's canonical English headers (no header mapping, no checks, no keyword
    assignment: a floor, not a loader). Decimals come back as strings, sums of squares as floats.
    """
    import duckdb
    import yaml

    chains = yaml.safe_load((folder / "chains.yaml").read_text(encoding="utf-8"))
    settings = yaml.safe_load((folder / "dataset.yaml").read_text(encoding="utf-8")) or {}
    currency = settings.get("currency") or {}
    default_unit, rates = str(currency.get("unit") or "万元"), dict(currency.get("rates") or {})
    profile = REPO / "queries" / "profiles" / "default.yaml"
    key_min = Decimal(str(((yaml.safe_load(profile.read_text(encoding="utf-8")) or {}).get("key_enterprise") or {})
                          .get("revenue_min", 100_000))) if profile.is_file() else Decimal(100_000)
    links = _chain_links(chains)
    parents = {str(link["id"]): (str(link["parent"]) if link.get("parent") else None) for link in links}
    closure = []
    for link in parents:
        seen, current = set(), link
        while current is not None and current in parents and current not in seen:
            seen.add(current)
            closure.append((link, current))
            current = parents[current]
    con = duckdb.connect()
    con.execute("CREATE TABLE closure(sub VARCHAR, link VARCHAR)")
    con.executemany("INSERT INTO closure VALUES (?, ?)", closure)
    con.execute("CREATE TABLE link_codes(key VARCHAR, link VARCHAR)")
    con.executemany("INSERT INTO link_codes VALUES (?, ?)",
                    [(_code_key(code), str(link["id"])) for link in links for code in link.get("codes") or []])
    truthy = "(" + ", ".join(f"'{value}'" for value in _TRUE) + ")"
    con.execute(f"""
        CREATE TABLE firms AS
        SELECT id, is_local, links, industry_code,
               replace(trim(revenue), ',', '') AS revenue_text,
               lower(trim(coalesce(listed, ''))) IN {truthy}
                 OR lower(trim(coalesce(specialised, ''))) IN {truthy}
                 OR lower(trim(coalesce(chain_leader, ''))) IN {truthy} AS flagged
        FROM (SELECT *, true AS is_local FROM read_csv(?, all_varchar = true, header = true)
              UNION ALL BY NAME
              SELECT *, false AS is_local FROM read_csv(?, all_varchar = true, header = true))
    """, [str(folder / "enterprises.csv"), str(folder / "pool.csv")])
    con.execute(f"""
        CREATE TABLE money AS
        SELECT id, regexp_extract(revenue_text, '{_MONEY}', ['number', 'scale', 'unit']) AS m
        FROM firms WHERE coalesce(revenue_text, '') <> ''
    """)
    units = con.execute("SELECT DISTINCT coalesce(m.scale, ''), trim(coalesce(m.unit, '')) FROM money").fetchall()
    con.execute("CREATE TABLE factors(scale VARCHAR, unit VARCHAR, factor DECIMAL(38, 10))")
    con.executemany("INSERT INTO factors VALUES (?, ?, ?)",
                    [(s, u, f) for s, u in units if (f := _money_factor(s, u, default_unit, rates)) is not None])
    con.execute("""
        CREATE TABLE revenue AS
        SELECT id, CAST(CAST(m.number AS DECIMAL(38, 10)) * f.factor AS DECIMAL(38, 10)) AS wan
        FROM money JOIN factors f ON f.scale = coalesce(m.scale, '') AND f.unit = trim(coalesce(m.unit, ''))
        WHERE m.number <> ''
    """)
    con.execute("""
        CREATE TABLE items AS
        WITH cells AS (
            SELECT id, trim(replace(unnest(regexp_split_to_array(links, '[;；、]')), '：', ':')) AS item
            FROM firms WHERE coalesce(trim(links), '') <> ''),
        parsed AS (
            SELECT id, trim(split_part(item, ':', 1)) AS link, nullif(trim(split_part(item, ':', 2)), '') AS share_text
            FROM cells WHERE item <> '')
        SELECT id, link, CASE WHEN share_text LIKE '%\\%%' ESCAPE '\\'
                              THEN CAST(rtrim(share_text, '%') AS DECIMAL(38, 10)) / 100
                              ELSE CAST(share_text AS DECIMAL(38, 10)) END AS share
        FROM parsed
        UNION ALL
        SELECT id, link, NULL FROM (
            WITH keys AS (
                SELECT id, upper(regexp_replace(industry_code, '[^0-9A-Za-z]', '', 'g')) AS key FROM firms
                WHERE coalesce(trim(links), '') = '' AND coalesce(trim(industry_code), '') <> ''),
            candidates AS (
                SELECT id, 0 AS pref, key FROM keys
                UNION ALL SELECT id, 1, substr(key, 2) FROM keys WHERE regexp_matches(key, '^[A-Z][0-9]'))
            SELECT c.id, k.link FROM candidates c JOIN link_codes k ON starts_with(c.key, k.key)
            QUALIFY rank() OVER (PARTITION BY c.id ORDER BY c.pref, length(k.key) DESC) = 1)
    """)
    con.execute("""
        CREATE TABLE ops AS
        WITH known AS (SELECT * FROM items WHERE link IN (SELECT sub FROM closure)),
        filled AS (
            SELECT id, greatest(1 - coalesce(sum(share), 0), 0) / nullif(count(*) FILTER (WHERE share IS NULL), 0) AS rest
            FROM known GROUP BY id)
        SELECT k.id, k.link, coalesce(k.share, CAST(round(f.rest, 4) AS DECIMAL(38, 10))) AS share
        FROM known k JOIN filled f USING (id)
    """)
    con.execute("""
        CREATE TABLE members AS
        SELECT o.id, c.link, max(o.share) AS share FROM ops o JOIN closure c ON c.sub = o.link GROUP BY ALL
    """)
    rows = con.execute("""
        WITH x AS (
            SELECT m.link, f.is_local, f.flagged OR coalesce(r.wan, 0) >= ? AS is_key,
                   CAST(coalesce(r.wan, 0) * m.share AS DECIMAL(38, 10)) AS x
            FROM members m JOIN firms f USING (id) LEFT JOIN revenue r USING (id))
        SELECT link, count(*) FILTER (WHERE is_local), coalesce(sum(x) FILTER (WHERE is_local), 0),
               coalesce(max(x) FILTER (WHERE is_local), 0), coalesce(sum(CAST(x AS DOUBLE) ^ 2) FILTER (WHERE is_local), 0),
               count(*) FILTER (WHERE is_local AND is_key), count(*), coalesce(sum(x), 0)
        FROM x GROUP BY link
    """, [key_min]).fetchall()
    names = ("local_count", "local_revenue", "local_max", "local_sumsq", "local_key_count", "all_count", "all_revenue")
    per_link = {str(link["id"]): dict.fromkeys(names, 0) | {"projects": 0, "max_stage_order": 0} for link in links}
    for link, *values in rows:
        per_link[link].update(zip(names, values))
    totals = con.execute("""
        SELECT count(*) FILTER (WHERE is_local), coalesce(sum(r.wan) FILTER (WHERE is_local), 0),
               count(*), coalesce(sum(r.wan), 0)
        FROM firms f LEFT JOIN revenue r USING (id) WHERE f.id IN (SELECT id FROM ops)
    """).fetchone()
    for link, projects, top in _project_aggregates(con, folder):
        per_link[link].update(projects=projects, max_stage_order=top)
    unassigned = con.execute("SELECT count(*) FROM firms WHERE id NOT IN (SELECT id FROM ops)").fetchone()[0]
    unparsed = con.execute("SELECT count(*) FROM money WHERE id NOT IN (SELECT id FROM revenue)").fetchone()[0]
    firms = con.execute("SELECT count(*) FROM firms").fetchone()[0]
    con.close()
    plain = {name: (str(value) if isinstance(value, Decimal) else value) for name, value in
             zip(("local_count", "local_revenue", "all_count", "all_revenue"), totals)}
    return {"links": {link: {k: (str(v) if isinstance(v, Decimal) else v) for k, v in values.items()}
                      for link, values in per_link.items()},
            "totals": plain, "firms": firms, "unassigned": unassigned, "unparsed_revenue": unparsed}


def _project_aggregates(con, folder: Path) -> list[tuple[str, int, int]]:
    """(link, distinct projects with a current stage, largest stage order), rolled up to parents."""
    projects, stages = folder / "projects.csv", folder / "project_stages.csv"
    if not projects.is_file():
        return []
    con.execute("CREATE TABLE stage_order(stage VARCHAR, ord INTEGER)")
    con.executemany("INSERT INTO stage_order VALUES (?, ?)", list(_STAGE_ORDER.items()))
    events = ("SELECT project AS id, max(o.ord) AS ord FROM read_csv(?, all_varchar = true, header = true) e "
              "JOIN stage_order o ON o.stage = lower(trim(e.stage)) GROUP BY project") if stages.is_file() else \
             "SELECT NULL::VARCHAR AS id, NULL::INTEGER AS ord WHERE false"
    parameters = [str(projects)] + ([str(stages)] if stages.is_file() else [])
    return con.execute(f"""
        WITH p AS (SELECT * FROM read_csv(?, all_varchar = true, header = true)),
        ev AS ({events}),
        current AS (
            SELECT p.id, p.links, coalesce(o.ord, ev.ord, CASE WHEN coalesce(trim(p.signed_on), '') <> '' THEN 1 END) AS ord
            FROM p LEFT JOIN stage_order o ON o.stage = lower(trim(p.stage)) LEFT JOIN ev ON ev.id = p.id),
        targets AS (
            SELECT id, ord, trim(unnest(regexp_split_to_array(links, '[;；、]'))) AS link
            FROM current WHERE ord IS NOT NULL AND coalesce(trim(links), '') <> '')
        SELECT c.link, count(DISTINCT t.id), max(t.ord) FROM targets t JOIN closure c ON c.sub = t.link GROUP BY c.link
    """, parameters).fetchall()


def _round6(value: Decimal | None) -> float | None:
    return None if value is None else float(round(value, 6))


def _divide(a: Decimal, b: Decimal) -> Decimal | None:
    return None if b == 0 else a / b


def compare_with_gaps(floor: dict[str, Any], gaps_rows: list[dict[str, Any]]) -> tuple[bool, str]:
    """Whether the floor's aggregates give the numbers ``chaingap gaps --format json`` printed.

    Compared per link: local firms, local revenue, local key firms, projects, top share and HHI
    (from the local max and sum of squares) and the LQ under the default profile (benchmark
    graph, basis auto; it needs the all-firm count and revenue and the four totals).
    """
    with localcontext() as ctx:
        ctx.prec = 50
        t = {k: Decimal(str(v)) for k, v in floor["totals"].items()}
        expected: dict[str, dict[str, Any]] = {}
        for link, a in floor["links"].items():
            n, e_r = Decimal(a["local_count"]), Decimal(a["local_revenue"])
            n_n, e_n = Decimal(a["all_count"]), Decimal(a["all_revenue"])
            lq_count = _divide(n * t["all_count"], t["local_count"] * n_n)
            if e_r == 0 and t["local_revenue"] > 0 and e_n > 0:
                lq_revenue: Decimal | None = Decimal(0)
            else:
                lq_revenue = _divide((e_r / 10_000) * (t["all_revenue"] / 10_000),
                                     (t["local_revenue"] / 10_000) * (e_n / 10_000))
            lq = lq_count if e_r == 0 or lq_revenue is None else lq_revenue
            top = _divide(Decimal(a["local_max"]), e_r) if e_r > 0 else _divide(Decimal(1), n)
            hhi = _divide(Decimal(repr(a["local_sumsq"])), e_r * e_r) if e_r > 0 else _divide(Decimal(1), n)
            expected[link] = {"local_enterprises": int(n), "local_revenue": _round6(e_r),
                              "local_key_enterprises": a["local_key_count"], "projects": a["projects"],
                              "top_share": _round6(top), "hhi": _round6(hhi), "lq": _round6(lq)}
    got = {row["link"]: row for row in gaps_rows}
    differences = []
    for link, want in expected.items():
        row = got.get(link)
        if row is None:
            differences.append(f"{link}: not in the gaps output")
            continue
        for key, value in want.items():
            have = row.get(key)
            if value is None or have is None:
                same = value is None and have is None
            elif isinstance(value, int) and not isinstance(value, bool):
                same = have == value
            else:  # hhi comes from a float sum of squares here: a relative tolerance
                same = abs(float(have) - value) <= (1e-6 + 1e-9 * abs(value)) * (1000 if key == "hhi" else 1)
            if not same:
                differences.append(f"{link} {key}: chaingap {have}, DuckDB {value}")
    extra = sorted(set(got) - set(expected))
    if extra:
        differences.append(f"links only in chaingap: {', '.join(extra[:5])}")
    if differences:
        return False, f"DIFFER from `chaingap gaps` on {len(differences)} value(s), e.g. " + "; ".join(differences[:3])
    return True, (f"same answers as `chaingap gaps` on all {len(expected)} links "
                  "(n, eR, key firms, projects, top share, HHI, LQ)")


# --- children: one measurement each, in a fresh process --------------------------------------

def _child_generate(args) -> dict:
    from chaingap.sample.synthetic import generate

    partial = args.folder.with_name(args.folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    generate(partial, enterprises=args.size, chains=8, seed=args.seed)
    partial.rename(args.folder)
    return {}


def _child_parse(args) -> dict:
    import csv

    import pyarrow as pa
    import pyarrow.csv as pc

    rows = 0
    for name in ("enterprises.csv", "pool.csv"):
        path = args.folder / name
        with open(path, encoding="utf-8", newline="") as stream:
            header = next(csv.reader(stream))
        table = pc.read_csv(path, convert_options=pc.ConvertOptions(
            column_types={column: pa.string() for column in header}, strings_can_be_null=False))
        rows += table.num_rows
    mib = sum((args.folder / name).stat().st_size for name in ("enterprises.csv", "pool.csv")) / 2**20
    return {"notes": f"{rows:,} rows, {mib:,.1f} MiB"}


def _child_duckdb(args) -> dict:
    result = floor_aggregates(args.folder)
    args.extra.write_text(json.dumps(result), encoding="utf-8")
    notes = f"{len(result['links'])} links, {result['firms']:,} firms"
    if result["unassigned"] or result["unparsed_revenue"]:
        notes += f" ({result['unassigned']} without a link, {result['unparsed_revenue']} revenues not parsed)"
    return {"notes": notes}


def _child_graph(args) -> dict:
    reason = build_graph(args.home)
    return {"na": reason} if reason else {}


def _child_bulkload(args) -> dict:
    import pyoxigraph as ox

    store = ox.Store(str(args.extra))
    store.bulk_load(path=str(args.folder), format=ox.RdfFormat.N_QUADS)
    store.flush()
    del store
    return {}


def _cli_call(arguments: list[str], sink: io.StringIO) -> tuple[float, float]:
    """Run one ``chaingap`` command in this process; its (CPU s, wall s)."""
    from chaingap.cli import cli

    usage, started = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    with contextlib.redirect_stdout(sink):
        cli.main(args=arguments, prog_name="chaingap", standalone_mode=False)
    after = resource.getrusage(resource.RUSAGE_SELF)
    return (after.ru_utime + after.ru_stime - usage.ru_utime - usage.ru_stime, time.perf_counter() - started)


def _child_warm(args) -> dict:
    home = ["--home", str(args.home), "--format", "json"]
    pairs = []
    for _ in range(2):
        sink = io.StringIO()
        gaps = _cli_call(["gaps", *home], sink)
        targets = _cli_call(["targets", *home], sink)
        pairs.append({"gaps": gaps, "targets": targets, "cpu_s": gaps[0] + targets[0], "wall_s": gaps[1] + targets[1],
                      "rows": sum(len(part) for part in _json_documents(sink.getvalue()))})
    return {"inner": {"first": pairs[0], "second": pairs[1]}}


def _json_documents(text: str) -> list[Any]:
    decoder, found, at = json.JSONDecoder(), [], 0
    while at < len(text):
        while at < len(text) and text[at].isspace():
            at += 1
        if at < len(text):
            value, at = decoder.raw_decode(text, at)
            found.append(value)
    return found


CHILDREN = {"generate": _child_generate, "parse": _child_parse, "duckdb": _child_duckdb, "graph": _child_graph,
            "bulkload": _child_bulkload, "warm": _child_warm}


# --- the parent: run, measure, tabulate ------------------------------------------------------

def _chaingap() -> list[str]:
    script = Path(sys.executable).with_name("chaingap")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from chaingap.cli import main; main()"]


def _child_command(step: str, **options: Any) -> list[str]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", step]
    for name, value in options.items():
        command += [f"--{name}", str(value)]
    return command


def measure(command: list[str], *, timeout: float, logs: Path, name: str, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> tuple[Row, int]:
    """Run ``command`` in its own session; its figures (rusage of the child) and exit code.

    stdout/stderr go to ``logs/name.out|.err``. Past ``timeout`` the whole session is killed.
    """
    row = Row(size=0, step=name, load_start=os.getloadavg())
    logs.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with open(logs / f"{name}.out", "wb") as out, open(logs / f"{name}.err", "wb") as err:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env, cwd=cwd,
                                   start_new_session=True)
    waited: dict[str, Any] = {}
    reaper = threading.Thread(target=lambda: waited.update(result=os.wait4(process.pid, 0)), daemon=True)
    reaper.start()
    try:
        reaper.join(timeout)
    except KeyboardInterrupt:  # the child has its own session: stop it too
        os.killpg(process.pid, signal.SIGKILL)
        raise
    if reaper.is_alive():
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        reaper.join()
        row.status, row.notes = "timeout", f"killed at the time limit ({timeout:g} s)"
    row.wall_s = time.perf_counter() - started
    row.load_end = os.getloadavg()
    _, status, usage = waited["result"]
    process.returncode = code = os.waitstatus_to_exitcode(status)
    row.user_s, row.sys_s = usage.ru_utime, usage.ru_stime
    row.cpu_s = usage.ru_utime + usage.ru_stime
    row.peak_mib = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)
    if row.status == "ok" and code != 0:
        lines = (logs / f"{name}.err").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        row.status, row.notes = "failed", f"exit {code}: {lines[-1][:200] if lines else 'no message'}"
    return row, code


class SizeRun:
    """The state of one size's run: folders, which steps succeeded, where their outputs are."""

    def __init__(self, size: int, folder: Path, args: argparse.Namespace) -> None:
        self.size, self.folder, self.args = size, folder, args
        self.work = args.work / f"n{size}"
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True)
        self.logs, self.home = self.work / "logs", self.work / "home"
        self.loaded: str | None = None  # None: not yet; "": loaded; text: why it could not be
        self.rows: list[Row] = []
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
        self.env.update(CHAINGAP_HOME=str(self.home), PYTHONUNBUFFERED="1")

    def run(self, step: str, command: list[str], timeout: float | None = None, env: dict | None = None) -> tuple[Row, int]:
        row, code = measure(command, timeout=timeout or self.args.timeout, logs=self.logs, name=step,
                            env=env or self.env, cwd=self.work)
        row.size = self.size
        result = self.logs / f"{step}.json"
        if row.status == "ok" and result.is_file():
            found = json.loads(result.read_text(encoding="utf-8"))
            row.notes = found.get("notes", row.notes)
            row.inner = found.get("inner", {})
            if found.get("na"):
                row = Row(size=self.size, step=step, status="n/a", notes=found["na"],
                          load_start=row.load_start, load_end=row.load_end)
        return row, code

    def python_step(self, step: str, **options: Any) -> Row:
        return self.run(step, _child_command(step, out=self.logs / f"{step}.json", **options))[0]

    def ensure_home(self) -> str:
        """'' when the home holds the pool (loaded by step 3, else here, untimed); else why not."""
        if self.loaded is None:
            print(f"  (prep) loading {self.size:,} into {self.home} for the later steps", file=sys.stderr, flush=True)
            row, _ = measure(_chaingap() + ["load", str(self.folder), "--home", str(self.home), "--quiet"],
                             timeout=self.args.timeout, logs=self.logs, name="prep-load", env=self.env, cwd=self.work)
            self.loaded = "" if row.status == "ok" else f"no loaded home (prep load {row.status}: {row.notes})"
        return self.loaded

    def not_available(self, step: str, reason: str) -> Row:
        return Row(size=self.size, step=step, status="n/a", notes=reason)


def step_parse(run: SizeRun) -> list[Row]:
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        return [run.not_available("parse", "pyarrow is not installed")]
    return [run.python_step("parse", folder=run.folder)]


def step_duckdb(run: SizeRun) -> list[Row]:
    row = run.python_step("duckdb", folder=run.folder, extra=run.work / "floor-aggregates.json")
    if row.status == "ok":
        row.notes += "; not checked (step 6 not run)"
    return [row]


def step_load(run: SizeRun) -> list[Row]:
    row, _ = run.run("load", _chaingap() + ["load", str(run.folder), "--home", str(run.home)])
    run.loaded = "" if row.status == "ok" else f"step 3 {row.status}: {row.notes}"
    if row.status == "ok":
        first = (run.logs / "load.out").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        row.notes = first[0].split(" into ")[0] if first else ""
    return [row]


def step_graph(run: SizeRun) -> list[Row]:
    reason = run.ensure_home()
    return [run.not_available("graph", reason)] if reason else [run.python_step("graph", home=run.home)]


def step_bulkload(run: SizeRun) -> list[Row]:
    reason = run.ensure_home()
    if reason:
        return [run.not_available("bulkload", reason)]
    nquads = run.work / "graph.nq"
    export, _ = run.run("export", _chaingap() + ["export", "--format", "nq", "-o", str(nquads), "--home", str(run.home)])
    if export.status != "ok":
        return [export, run.not_available("bulkload", f"no N-Quads: the export {export.status}")]
    quads = 0
    with open(nquads, "rb") as stream:
        while chunk := stream.read(1 << 24):
            quads += chunk.count(b"\n")
    export.notes = f"{quads:,} quads, {nquads.stat().st_size / 2**20:,.1f} MiB"
    row = run.python_step("bulkload", folder=nquads, extra=run.work / "bulk-store")
    if row.status == "ok":
        row.notes = f"{quads:,} quads, one bulk_load call on disk"
    shutil.rmtree(run.work / "bulk-store", ignore_errors=True)
    nquads.unlink(missing_ok=True)
    return [export, row]


def step_gaps(run: SizeRun) -> list[Row]:
    reason = run.ensure_home()
    if reason:
        return [run.not_available("gaps", reason)]
    row, _ = run.run("gaps", _chaingap() + ["gaps", "--home", str(run.home), "--format", "json"])
    floor = run.work / "floor-aggregates.json"
    duckdb_row = next((r for r in run.rows if r.step == "duckdb" and r.status == "ok"), None)
    if row.status == "ok":
        links = json.loads((run.logs / "gaps.out").read_text(encoding="utf-8"))
        row.notes = f"{len(links)} links"
        if duckdb_row is not None and floor.is_file():
            same, text = compare_with_gaps(json.loads(floor.read_text(encoding="utf-8")), links)
            duckdb_row.notes = duckdb_row.notes.replace("not checked (step 6 not run)", text)
            duckdb_row.inner["same_as_chaingap"] = same
    elif duckdb_row is not None:
        duckdb_row.notes = duckdb_row.notes.replace("step 6 not run", f"step 6 {row.status}")
    return [row]


def step_warm(run: SizeRun) -> list[Row]:
    reason = run.ensure_home()
    if reason:
        return [run.not_available("warm", reason)]
    row = run.python_step("warm", home=run.home)
    if row.status == "ok":
        first, second = row.inner["first"], row.inner["second"]
        whole = row.cpu_s
        row.cpu_s, row.wall_s, row.user_s, row.sys_s = second["cpu_s"], second["wall_s"], None, None
        row.notes = (f"second pair (gaps {second['gaps'][0]:.2f} + targets {second['targets'][0]:.2f} CPU s); "
                     f"first pair {first['cpu_s']:.2f} CPU s; whole process {whole:.1f} CPU s; RSS of the process")
    return [row]


def step_sample(run: SizeRun) -> list[Row]:
    reason = run.ensure_home()
    if reason:
        return [run.not_available("sample", reason)]
    sample = run.work / "sample"
    done = subprocess.run(_chaingap() + ["sample", str(sample)], capture_output=True, text=True, env=run.env)
    if done.returncode != 0:
        return [run.not_available("sample", f"`chaingap sample` failed: {done.stderr.strip()[-200:]}")]
    row, _ = run.run("sample", _chaingap() + ["load", str(sample), "--home", str(run.home)])
    if row.status == "ok":
        out = (run.logs / "sample.out").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        row.notes = (out[0].split(" into ")[0] if out else "") + f"; the home held {run.size:,} enterprises"
    return [row]


def step_neo4j(run: SizeRun) -> list[Row]:
    if run.size not in run.args.neo4j_sizes:
        return []
    reason = run.ensure_home()
    if reason:
        return [run.not_available("neo4j", reason)]
    try:
        with neo4j_server(run.work / "neo4j") as (uri, server_pid):
            env = dict(run.env, NEO4J_URI=uri, NEO4J_USERNAME="neo4j", NEO4J_PASSWORD=NEO4J_PASSWORD,
                       NEO4J_DATABASE="neo4j")
            server_before = process_cpu(server_pid)
            row, _ = run.run("neo4j", _chaingap() + ["neo4j", "push", "--home", str(run.home), "--no-progress"], env=env)
            server_cpu = process_cpu(server_pid) - server_before
    except Unavailable as exc:
        return [run.not_available("neo4j", str(exc))]
    if row.status == "ok":
        out = (run.logs / "neo4j.out").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        row.notes = (out[-1].split(" to bolt")[0] if out else "") + f"; the Neo4j server used {server_cpu:.0f} CPU s more"
    return [row]


STEP_FUNCTIONS = {"parse": step_parse, "duckdb": step_duckdb, "load": step_load, "graph": step_graph,
                  "bulkload": step_bulkload, "gaps": step_gaps, "warm": step_warm, "neo4j": step_neo4j,
                  "sample": step_sample}


def ensure_data(data: Path, size: int, seed: int, timeout: float) -> Path:
    """The generated folder for ``size`` (made once, in a child process, then reused)."""
    folder = data / f"synthetic-{size}-seed{seed}"
    if not (folder / "dataset.yaml").is_file():
        data.mkdir(parents=True, exist_ok=True)
        print(f"generating {size:,} enterprises into {folder} …", file=sys.stderr, flush=True)
        row, code = measure(_child_command("generate", folder=folder, size=size, seed=seed,
                                           out=data / f"generate-{size}.json"),
                            timeout=timeout, logs=data / "logs", name=f"generate-{size}")
        if code != 0:
            raise SystemExit(f"generating {size} enterprises failed: {row.notes}")
        print(f"  generated in {row.wall_s:.0f} s", file=sys.stderr, flush=True)
    return folder


# --- the table -------------------------------------------------------------------------------

def _seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def _by(rows: list[Row], size: int, step: str) -> Row | None:
    return next((r for r in rows if r.size == size and r.step == step and r.status == "ok"), None)


def _ratio(row: Row, floor: Row | None) -> float | None:
    if floor is None or row.status != "ok" or not floor.cpu_s:
        return None
    return row.cpu_s / floor.cpu_s  # type: ignore[operator]


def ratios(row: Row, rows: list[Row]) -> str:
    """The step's CPU seconds over the floors' of the same size and run."""
    floors = {"load": ("parse", "duckdb", "bulkload"), "graph": ("bulkload",), "gaps": ("duckdb",),
              "sample": ("parse",)}.get(row.step, ())
    parts = [f"{value:.1f}× {name}" for name in floors
             if (value := _ratio(row, _by(rows, row.size, name))) is not None]
    return ", ".join(parts)


def verdict(row: Row, rows: list[Row]) -> str:
    """Goal of issue 8 for this step (set for 1M), judged on CPU seconds, and the RSS goal."""
    if row.status == "n/a":
        return ""
    if row.status == "timeout":
        return "NOT met (killed at the time limit)" if row.step in GOALS else ""
    parts = []
    goal = GOALS.get(row.step)
    if goal and row.status == "ok":
        kind, floor_step, limit = goal
        if kind == "ratio":
            value = _ratio(row, _by(rows, row.size, floor_step))
            parts.append(f"≤ {limit}× {floor_step}: " + ("no floor" if value is None else
                                                        "met" if value <= limit else f"NOT met ({value:.1f}×)"))
        else:
            met = row.cpu_s is not None and row.cpu_s < limit
            parts.append(f"< {limit} s: " + ("met" if met else f"NOT met ({_seconds(row.cpu_s)} s)"))
    if row.step in CHAINGAP_STEPS and row.peak_mib is not None and row.status == "ok":
        parts.append("RSS < 2 GiB: " + ("met" if row.peak_mib < RSS_GOAL_MIB else "NOT met"))
    return "; ".join(parts)


def table(rows: list[Row]) -> str:
    lines = ["| N | step | CPU s | wall s | peak RSS MiB | load avg start → end | CPU vs floors | goal (issue 8, at 1M) | notes |",
             "|" + " --- |" * 9]
    order = {step: k for k, step in enumerate(PRINT_ORDER)}
    for row in sorted(rows, key=lambda r: (r.size, order.get(r.step, 99))):
        cpu, wall = _seconds(row.cpu_s), _seconds(row.wall_s)
        if row.status == "timeout":
            cpu, wall = f"≥ {cpu}", f"> {wall} (killed)"
        peak = "n/a" if row.peak_mib is None else f"{row.peak_mib:,.0f}"
        load = "" if row.load_start is None else f"{row.load_start[0]:.2f} → {row.load_end[0]:.2f}"  # type: ignore[index]
        notes = row.notes if row.status in ("ok", "timeout") else f"**{row.status}**: {row.notes}"
        cells = [f"{row.size:,}", TITLES.get(row.step, row.step), cpu, wall, peak, load, ratios(row, rows),
                 verdict(row, rows), notes.replace("|", "\\|")]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> dict[str, Any]:
    versions = {}
    for name in ("pyoxigraph", "duckdb", "pyarrow", "neo4j"):
        with contextlib.suppress(Exception):
            from importlib.metadata import version

            versions[name] = version(name)
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True)
    return {"date": dt.datetime.now().isoformat(timespec="minutes"), "cpus": os.cpu_count(),
            "python": platform.python_version(), "platform": platform.platform(), "versions": versions,
            "commit": commit.stdout.strip() + (" (modified)" if dirty.stdout.strip() else ""),
            "load_start": os.getloadavg()}


def header(meta: dict[str, Any]) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in meta["versions"].items())
    start, end = meta["load_start"], meta.get("load_end") or meta["load_start"]
    return (f"chaingap {meta['commit']}, {meta['date']}, {meta['cpus']} CPUs, Python {meta['python']}, {versions}; "
            f"load average (1, 5, 15 min) at start {start[0]:.2f} {start[1]:.2f} {start[2]:.2f}, "
            f"at end {end[0]:.2f} {end[1]:.2f} {end[2]:.2f}")


def _steps(names: list[str]) -> tuple[str, ...]:
    chosen: set[str] = set()
    for name in names:
        if name in GROUPS:
            chosen.update(GROUPS[name])
        elif name in STEPS:
            chosen.add(name)
        else:
            raise SystemExit(f"unknown step {name!r}; choose from {', '.join(STEPS + tuple(GROUPS))}")
    return tuple(step for step in STEPS if step in chosen)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--quick", action="store_true", help="only the smallest size (10k by default)")
    parser.add_argument("--steps", nargs="+", default=["all"], help=f"steps or groups: {', '.join(STEPS)}; floors; all")
    parser.add_argument("--data", type=Path, default=DEFAULT_ROOT / "data", help="cache of generated folders")
    parser.add_argument("--work", type=Path, default=DEFAULT_ROOT / "work", help="homes and logs (emptied per size)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per step before it is killed")
    parser.add_argument("--neo4j-sizes", type=int, nargs="*", default=[100_000])
    parser.add_argument("--json", type=Path, help="also write every figure here")
    parser.add_argument("--keep", action="store_true", help="keep the homes and logs of each size")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    for name in ("folder", "home", "extra", "out"):
        parser.add_argument(f"--{name}", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        result = CHILDREN[args.child](args)
        if args.out:
            args.out.write_text(json.dumps(result), encoding="utf-8")
        return 0
    steps = _steps(args.steps)
    sizes = sorted(set(args.sizes))[:1] if args.quick else sorted(set(args.sizes))
    args.data, args.work = args.data.resolve(), args.work.resolve()
    meta = machine()
    rows: list[Row] = []

    def save() -> None:
        if args.json:
            args.json.write_text(json.dumps({"machine": meta, "steps": list(steps), "rows": [asdict(r) for r in rows]},
                                            indent=1, ensure_ascii=False), encoding="utf-8")

    for size in sizes:
        run = SizeRun(size, ensure_data(args.data, size, args.seed, args.timeout), args)
        for step in steps:
            print(f"{size:,}: {step} …", file=sys.stderr, flush=True)
            for row in STEP_FUNCTIONS[step](run):
                run.rows.append(row)
                rows.append(row)
                print(f"  {row.step}: {row.status} cpu {_seconds(row.cpu_s)} s, wall {_seconds(row.wall_s)} s, "
                      f"peak {row.peak_mib or 0:,.0f} MiB {row.notes}", file=sys.stderr, flush=True)
            save()
        if not args.keep:
            shutil.rmtree(run.work, ignore_errors=True)
    meta["load_end"] = os.getloadavg()
    save()
    print(header(meta) + "\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
