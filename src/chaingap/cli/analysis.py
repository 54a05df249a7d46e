"""Analysis commands: gaps, targets, explain, query, report (a thin layer over chaingap.queries).

Every command reads the embedded store (``--home`` / ``CHAINGAP_HOME``); with ``--sample``,
or when the store holds no chain yet, it analyses the bundled sample in memory instead, so
``chaingap report --sample`` works straight after ``pip install``.
"""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import click

from chaingap.ontology.vocab import STATUSES

from .core import home_option, open_store
from .errors import UnknownId
from .ids import resolve_id
from .output import emit, graph_progress, output_options
from .types import QUERY_PARAM

__all__ = ["register", "analysis_options", "open_analysis_store", "sample_store"]


@functools.lru_cache(maxsize=1)
def sample_store() -> tuple[Any, str]:
    """An in-memory store holding the bundled sample (or, if absent, a small synthetic city).

    Built once per process: loading the sample takes seconds, and commands only add the
    derived graph to it, which every analysis rebuilds when its profile asks for it.
    """
    from chaingap.graph.store import ChainStore
    from chaingap.sample import sample_path, write_sample

    store = ChainStore(None)
    with tempfile.TemporaryDirectory() as tmp:
        if sample_path().joinpath("dataset.yaml").is_file():
            folder, what = write_sample(Path(tmp) / "zhenjiang"), "bundled sample (zhenjiang)"
        else:
            from chaingap.sample.synthetic import generate

            folder = generate(Path(tmp) / "synthetic", enterprises=600, chains=2, seed=1)
            what = "synthetic sample city (the bundled sample is not installed)"
        store.load(folder)
    return store, what


def _has_chains(store: Any) -> bool:
    return bool(store.sql("SELECT 1 FROM links LIMIT 1"))


def open_analysis_store(home: Path | None, use_sample: bool) -> Any:
    """The store to analyse: the sample when asked for or when the home store is empty."""
    if not use_sample:
        store = open_store(home)
        if _has_chains(store):
            return store
        click.echo("(the store is empty: analysing the bundled sample; load your data with `chaingap load`)", err=True)
        store.close()
    store, what = sample_store()
    click.echo(f"(analysing the {what})", err=True)
    return store


def _with_min_weight(func):
    """Fold ``--min-weight`` into the profile the command receives (as ``min_feed_weight``)."""

    @functools.wraps(func)
    def command(*args, min_weight=None, profile_path=None, **kwargs):
        if min_weight is not None:
            from chaingap.queries.profile import profile_with

            from decimal import Decimal

            exact = format(Decimal(str(min_weight)).normalize(), "f")  # 2.0 -> "2", 0.25 -> "0.25"
            profile_path = profile_with(profile_path, min_feed_weight=exact)
        return func(*args, profile_path=profile_path, **kwargs)

    return command


def analysis_options(func):
    """Options shared by the analysis commands: store, sample, profile, minimum feed weight, engine, language."""
    func = _with_min_weight(func)
    func = click.option("--min-weight", "min_weight", type=click.FloatRange(min=0),
                        help="Ignore feeds-into edges lighter than this (noisy extracted relations); "
                             "unweighted edges always count [default: the profile's min_feed_weight].")(func)
    func = click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
                        help="Language of names and explanations.")(func)
    func = click.option("--engine", type=click.Choice(["sql", "sparql", "python"]), default="sql", show_default=True,
                        help="Run the SQL queries on the tables, the SPARQL queries on the graph, "
                             "or the independent Python implementation.")(func)
    func = click.option("--refresh", is_flag=True, help="Recompute the derived facts (after loading new data).")(func)
    func = click.option("--profile", "profile_path", type=click.Path(exists=True, dir_okay=False, path_type=Path),
                        help="Profile YAML with thresholds and weights (copy queries/profiles/default.yaml).")(func)
    func = click.option("--sample", "use_sample", is_flag=True, help="Analyse the bundled sample in memory.")(func)
    return home_option(func)


def _analyse(home, use_sample, profile_path, refresh, engine, lang, district: str | None = None,
             region: str | None = None, as_of=None):
    from chaingap.queries.gaps import analyse

    store = open_analysis_store(home, use_sample)
    if as_of:
        from chaingap.queries.history import as_of_view

        if engine == "sparql":
            raise click.UsageError("--as-of reads the kept versions' tables: use --engine sql or python")
        try:
            store = as_of_view(store, as_of.date())
        except ValueError as error:
            raise click.UsageError(str(error)) from None
    if district:
        from chaingap.queries.district import district_view

        known = {row["id"]: row["name"] for row in store.sql("SELECT DISTINCT id, name FROM districts")}
        store = district_view(store, resolve_id("district", district, known, "see the districts table"))
    if region:
        from chaingap.queries.region import region_view

        known = {row["id"]: row["name"] for row in store.sql("SELECT DISTINCT id, name FROM districts")}
        store = region_view(store, resolve_id("district", region, known, "see the districts table"))
    return analyse(store, profile=profile_path, engine=engine, refresh=refresh, lang=lang), store


def _link_id(analysis, text: str) -> str:
    """The link a user means: its id (any case) or its name."""
    known = {link.id: link.name for link in analysis.links}
    return resolve_id("link", text, known, "see `chaingap gaps` for link ids")


@click.command()
@analysis_options
@click.option("--chain", help="Only links of this chain id.")
@click.option("--district", help="Treat only local enterprises of this district (and its parts) as local.")
@click.option("--region", help="Analyse another region the data covers (a district of any level, e.g. a province "
                               "of a national pool): every firm located in it, local or pool, is local.")
@click.option("--level", type=click.IntRange(min=1),
              help="Only links at this level of nesting (1 = top-level links), each judged as a link with its own "
                   "status (a parent counts its sub-links' firms). Default: leaf links judged, parents shown as rollups (汇总).")
@click.option("--leaves", is_flag=True, help="Only links without sub-links (no rollups).")
@click.option("--status", type=click.Choice([*STATUSES.codes, "extension"]),
              help="Only links of this status (or extension opportunities).")
@click.option("--as-of", "as_of", type=click.DateTime(["%Y-%m-%d"]),
              help="Answer from each dataset's version of this date (the latest as_of on or before it).")
@output_options
def gaps(home, use_sample, profile_path, refresh, engine, lang, chain, district, region, level, leaves, status, fmt,
         as_of=None):
    """Status of every link: missing, being filled, weak, normal, strong, and 延链 flags.

    Statuses are on leaf links; a parent link is a rollup (汇总) that counts its leaf links
    by status; ``--level N`` judges the links of one level instead.

    \b
    Example:
        chaingap gaps --status missing --format md
        chaingap gaps --chain NEV --profile my-profile.yaml
    """
    from chaingap.report.text import GAP_COLUMNS, gap_rows

    if district and region:
        raise click.UsageError("give --district or --region, not both")
    analysis, store = _analyse(home, use_sample, profile_path, refresh, engine, lang, district, region,
                               as_of)
    from chaingap.queries.rollups import at_level

    links = at_level(analysis, level) if level else analysis.links
    rows = gap_rows(analysis, lang, [link for link in links if link.leaf or not leaves])
    if chain:
        chains = {link.chain: link.chain_name for link in analysis.links}
        chain = resolve_id("chain", chain, chains, "see `chaingap gaps` for chain ids")
        rows = [row for row in rows if row["chain"] == chain]
    if status == "extension":
        rows = [row for row in rows if row["extension"]]
    elif status:
        rows = [row for row in rows if row["status"] == status]
    table = ("chain", "link", "name", "level", "segment", "status", "extension", "local_enterprises",
             "benchmark_enterprises", "lq", "lq_basis", "hhi", "single_firm", "criticality")
    columns = {"json": (*GAP_COLUMNS, "rollup"), "jsonl": (*GAP_COLUMNS, "rollup"), "table": table}.get(fmt, GAP_COLUMNS)
    emit(rows, fmt, columns, lang=lang)


@click.command()
@analysis_options
@click.option("--link", "link_id", help="Only candidates for this link id.")
@click.option("--top", type=click.IntRange(1), help="Candidates per link (default: the profile's top_n).")
@click.option("--shortlist", is_flag=True, help="The city-wide shortlist instead of per-link lists.")
@click.option("--local", "expand", is_flag=True, help="Local firms in weak links able to expand (增资扩产).")
@click.option("--held-back", "held", is_flag=True,
              help="The candidates held back from the ranked lists instead, and why: they already invest in "
                   "the link, or declined lately (the outreach log).")
@output_options
def targets(home, use_sample, profile_path, refresh, engine, lang, link_id, top, shortlist, expand, fmt, held=False):
    """Ranked recruitment candidates for missing and weak links, with their score parts.

    \b
    Example:
        chaingap targets --link aero-chips --top 5
        chaingap targets --shortlist --format csv > shortlist.csv
        chaingap targets --held-back --format json
    """
    from chaingap.report.text import TARGET_COLUMNS, target_rows

    analysis, store = _analyse(home, use_sample, profile_path, refresh, engine, lang)
    if link_id:
        link_id = _link_id(analysis, link_id)
    if held:
        _held_back_list(store, analysis, link_id, lang, fmt)
        return
    if shortlist:
        items = analysis.shortlist
    elif expand:
        items = analysis.expand_locally
    else:
        from chaingap.report.text import chain_order

        items = [t for link in chain_order(analysis.links) for t in analysis.targets.get(link.id, [])[: top or None]]
    if link_id:
        items = [t for t in items if t.link == link_id]
        if not shortlist and not expand and link_id not in analysis.targets:
            status = analysis.link(link_id).status
            click.echo(f"(link {link_id} is {status}: candidates are listed for missing and weak links)", err=True)
    if not shortlist and not expand:
        for link, found in sorted(analysis.targets.items()):
            if (not link_id or link == link_id) and len(found) > 1 and len({t.score for t in found}) == 1:
                click.echo(f"(link {link}: all {len(found)} candidates score {found[0].score}: the data gives no "
                           "basis to rank them; they are listed by id)", err=True)
    columns = TARGET_COLUMNS if fmt != "table" else ("link", "rank", "enterprise", "name", "score", "size_basis", "province", "reasons")
    emit(target_rows(items), fmt, columns, lang=lang)
    if not shortlist and not expand:
        _held_back_notes(store, analysis, link_id, lang)


def _held_back_notes(store, analysis, link_id, lang) -> None:
    """Candidates not ranked because they already invest in the link or declined lately
    (queries/held_back.py), as notes on stderr: the ranked lists on stdout stay those of every
    engine (``--held-back`` lists them on stdout)."""
    from chaingap.ontology.vocab import PIPELINE_WORDS
    from chaingap.report.held import held_items

    for item in held_items(store, analysis, link_id):
        click.echo(f"(link {item.link}: {item.enterprise} {item.enterprise_name or ''} {item.note(lang)}, "
                   f"{PIPELINE_WORDS.label('not_ranked', lang)})", err=True)


def _held_back_list(store, analysis, link_id, lang, fmt) -> None:
    """``targets --held-back``: one row per link and held-back candidate. JSON keeps codes and ISO
    dates (link, enterprise, name, reason, project, stage, declined_on, held_until); the other
    formats show the link's name and the reason in the vocabulary's words."""
    from chaingap.report.held import HELD_COLUMNS, held_headers, held_items, held_rows

    items = held_items(store, analysis, link_id)
    if fmt in ("json", "jsonl"):
        emit([item.as_dict() for item in items], fmt, ("link", "enterprise", "name", "reason", "project", "stage",
                                                       "declined_on", "held_until"))
        return
    headers = held_headers(lang)
    rows = [dict(zip(headers, (row[c] for c in HELD_COLUMNS))) for row in held_rows(items, analysis, lang)]
    emit(rows, fmt, headers)


@click.command()
@analysis_options
@click.argument("link_id")
@click.option("--json", "as_json", is_flag=True, hidden=True, help="Same as --format json.")
@click.option("--evidence", "with_evidence", is_flag=True,
              help="Also the facts behind the numbers: each counted firm, project and feeds edge, "
                   "with its dataset, source file, row and as-of date.")
@output_options
def explain(home, use_sample, profile_path, refresh, engine, lang, link_id, as_json, fmt, with_evidence=False):
    """Every number behind one link's status, and the rule that fired.

    LINK_ID is the link's id (in any case) or its name.

    \b
    Example:
        chaingap explain aero-prepreg --lang en
        chaingap explain aero-prepreg --evidence --format json
    """
    from chaingap.queries.explain import pipeline_by_stage
    from chaingap.report.i18n import rule_sentence

    analysis, store = _analyse(home, use_sample, profile_path, refresh, engine, lang)
    link = analysis.link(_link_id(analysis, link_id))
    pipeline = pipeline_by_stage(store, link.id)
    facts = None
    if with_evidence:
        from chaingap.queries.evidence import evidence

        facts = evidence(store, link.id)
    if as_json or fmt in ("json", "jsonl"):
        document = {"link": link.to_dict(), "rule": rule_sentence(link, lang), "pipeline": pipeline,
                    "profile": _plain(analysis.profile),
                    "targets": [t.to_dict() for t in analysis.targets.get(link.id, [])]}
        if facts is not None:
            document["evidence"] = _plain(facts)
        click.echo(json.dumps(document, ensure_ascii=False, indent=None if fmt == "jsonl" else 2))
        return
    if fmt in ("csv", "md") and facts is not None:
        emit([{"kind": "firm", **item} for item in facts["firms"]]
             + [{"kind": "project", **item} for item in facts["projects"]], fmt,
             ("kind", "enterprise", "project", "name", "share", "revenue", "stage", "stage_date",
              "dataset", "file", "row", "as_of"), lang=lang)
        return
    from chaingap.report.explain_text import explain_lines, metric_rows

    if fmt in ("csv", "md"):
        emit(metric_rows(link, lang), fmt, ("what", "value"), lang=lang)
        return
    for line in explain_lines(link, pipeline, analysis.profile, lang):
        click.echo(line)
    if facts is not None:
        _print_evidence(facts, lang)


def _print_evidence(facts: dict, lang: str) -> None:
    """One line per fact: what it is, then dataset, file and row (or line) and the as-of date."""
    from chaingap.ontology.vocab import MAP_WORDS
    from chaingap.report.i18n import label

    def where(item: dict, place: str = "row") -> str:
        spot = f"{item.get('file') or '-'}:{item.get(place) if item.get(place) is not None else '-'}"
        return f"[{label('dataset', lang)} {item['dataset']}, {spot}, {MAP_WORDS.label('as_of', lang)} {item.get('as_of') or '-'}]"

    click.echo(f"{label('enterprise', lang)}:")
    for firm in facts["firms"]:
        click.echo(f"  {firm['enterprise']} {firm['name']} ({firm['role']}) share {_show(firm['share'])} "
                   f"{label('revenue', lang)} {_show(firm['revenue'])} {where(firm)}")
    if facts["projects"]:
        click.echo(f"{label('project', lang)}:")
        for project in facts["projects"]:
            click.echo(f"  {project['project']} {project['name']} {project['stage']} {_show(project['stage_date'])} "
                       f"{where(project)}")
    if facts["products"]:
        click.echo(f"{label('product', lang)}:")
        for product in facts["products"]:
            click.echo(f"  {product['product']} {product['name']} {product['brand'] or ''} {product['enterprise']} "
                       f"{where(product)}")
    if facts["feeds"]:
        click.echo(f"{label('link', lang)}:")
        for edge in facts["feeds"]:
            weight = f" {label('feed_weight', lang)} {_show(edge['weight'])}" if edge.get("weight") is not None else ""
            click.echo(f"  {edge['source']} -> {edge['target']}{weight} {where(edge, 'line')}")


def _show(value: Any) -> str:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return format(round(value, 6).normalize(), "f")
    return "-" if value is None else str(value)


def _plain(value: Any) -> Any:
    from chaingap.queries.results import plain

    return plain(value)


@click.command()
@click.argument("source", required=False)
@click.option("--text", help="SPARQL text to run instead of a file or bundled query name.")
@click.option("--param", "params", multiple=True, type=QUERY_PARAM,
              help="NAME=VALUE for a #@params VALUES variable (SPARQL) or a $parameter (Cypher); "
                   "VALUE is JSON, <iri> or text (repeatable).")
@click.option("--cypher", is_flag=True, help="Run Cypher on a configured Neo4j server.")
@click.option("--endpoint", help="Run on a SPARQL endpoint URL instead of the embedded store.")
@click.option("--sample", "use_sample", is_flag=True, help="Query the bundled sample in memory.")
@home_option
@output_options
def query(source, text, params, cypher, endpoint, use_sample, home, fmt):
    """Run SPARQL on the embedded store: a .rq file, a bundled query name, or --text.

    With --endpoint URL the same SPARQL runs on a SPARQL 1.1 server over the union of its
    graphs; with --cypher, SOURCE is a .cypher file or bundled name run read-only on the
    Neo4j server named by NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE
    (link_status takes its thresholds from the gap profile unless --param overrides them).

    \b
    Example:
        chaingap query links --sample --format csv
        chaingap query --sample --text 'SELECT ?l ?n WHERE { ?l a cg:Link ; cg:name ?n }'
        chaingap query my.rq --param link='<https://w3id.org/chaingap/id/link/aero-chips>'
        chaingap query link_status --endpoint http://127.0.0.1:7878
        chaingap query --cypher link_status
    """
    from chaingap.queries import load_query, query_names
    from chaingap.queries.params import render

    values = dict(params)
    if cypher:
        emit(_run_cypher(source, text, values), fmt)
        return
    if bool(text) == bool(source):
        raise click.UsageError("give a .rq file, a bundled query name, or --text (exactly one)")
    if text is None:
        path = Path(source)
        if path.is_file():
            text = path.read_text(encoding="utf-8")
        elif source in query_names():
            text = load_query(source)
        else:
            raise UnknownId(f"{source!r} is neither a file nor a bundled query ({', '.join(query_names())})")
    try:
        text = render(text, values) if values else text
    except KeyError as exc:
        raise click.UsageError(f"the query needs more parameters: {exc}") from exc
    if endpoint:
        from chaingap.graph.endpoint import query as endpoint_query

        emit(endpoint_query(endpoint, text), fmt)
        return
    store = open_analysis_store(home, use_sample)
    store.graph(progress=graph_progress())
    try:
        rows = store.query(text)
    except SyntaxError as exc:
        raise click.UsageError(f"query failed: {exc}") from exc
    emit(rows, fmt)


def _run_cypher(source: str | None, text: str | None, values: dict) -> list[dict]:
    """Rows of a .cypher file or bundled Cypher query on the configured Neo4j server."""
    from chaingap.cli.servers import link_status_parameters, neo4j_settings
    from chaingap.graph.neo4j import run_cypher_file

    if text or not source:
        raise click.UsageError("with --cypher give a .cypher file or a bundled Cypher query name")
    settings = neo4j_settings()
    parameters = link_status_parameters(None, settings) if Path(source).stem == "link_status" else {}
    parameters.update(values)
    return run_cypher_file(source, settings, **parameters)


@click.command()
@analysis_options
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("chaingap-report"),
              show_default=True, help="Folder to write the report into.")
@click.option("--html/--no-html", "with_html", default=True, show_default=True,
              help="Also write the HTML industry map (when chaingap.report.html is installed).")
def report(home, use_sample, profile_path, refresh, engine, lang, out_dir, with_html):
    """Write the report folder: Markdown, JSON, CSV (UTF-8 with BOM) and one workbook of gaps and targets.

    With HTML (the default) also the industry map: an overview, the city map and one page per
    chain, written in parallel with a progress bar; every file written is listed at the end.

    \b
    Example:
        chaingap report --sample
        chaingap report --out ./report --lang en --profile my-profile.yaml
    """
    from tqdm import tqdm

    from chaingap.report.text import write_report

    analysis, store = _analyse(home, use_sample, profile_path, refresh, engine, lang)
    from chaingap.report.held import held_items
    from chaingap.report.workbook import write_workbook

    held = held_items(store, analysis)
    paths = write_report(analysis, out_dir, lang, held)
    paths.append(write_workbook(analysis, Path(out_dir) / "report.xlsx", lang, held))
    if with_html:
        from chaingap.report.html import write_html

        chains = len({link.chain for link in analysis.links})
        with tqdm(total=chains, desc="writing the chain pages", unit=" page", leave=False, disable=None) as bar:
            try:
                html = write_html(analysis, out_dir, lang, store=store, progress=lambda page: bar.update(1), held=held)
            except Exception as exc:  # the text report stands on its own; say what failed
                click.echo(f"warning: the HTML part of the report failed ({type(exc).__name__}: {exc}); "
                           "the Markdown, JSON and CSV files are complete", err=True)
                html = None
        if html:
            paths.extend(html if isinstance(html, list) else [html])
            paths += sorted(set(Path(out_dir).glob("*.html")) - {Path(html)})
    from chaingap.ontology.vocab import STATUSES
    from chaingap.queries.rollups import LEAF_STATUSES

    click.echo("  ".join(f"{STATUSES.label(s, lang)} {len(analysis.by_status(s))}" for s in LEAF_STATUSES
                             if s in ("missing", "being_filled", "weak", "normal", "strong") or analysis.by_status(s)))
    for path in paths:
        click.echo(str(path))


def register(group: click.Group) -> None:
    """Add the analysis commands to the main group."""
    for command in (gaps, targets, explain, query, report):
        group.add_command(command)
