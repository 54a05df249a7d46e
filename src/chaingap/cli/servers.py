"""Scale-out commands: ``chaingap neo4j push|query`` and ``chaingap sparql push|query``.

Thin click wrappers over :mod:`chaingap.graph.neo4j` and :mod:`chaingap.graph.endpoint`;
their errors (server unreachable, credentials refused) become exit code 2 in
:mod:`chaingap.cli.errors`. ``chaingap query --cypher`` uses :func:`neo4j_settings` and
:func:`link_status_parameters` from here.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path

import click

from .core import home_option, open_store
from .errors import CommandError, UnknownId
from .output import emit, output_options
from .types import QUERY_PARAM

__all__ = ["register", "neo4j_settings", "link_status_parameters"]


def link_status_parameters(profile=None, settings=None) -> dict:
    """The parameters of ``link_status.cypher`` from a gap profile (default: the bundled one).

    With a minimum feed weight and the server's ``settings``, ``measures`` holds the link
    measures over the relationships that count (read from that server); else {} (the Link
    nodes' own)."""
    from chaingap.graph.neo4j import cypher_measures
    from chaingap.queries.profile import load_profile
    from chaingap.queries.sparql_engine import status_params

    loaded = load_profile(profile)
    params = {key: float(value) if isinstance(value, Decimal) else value for key, value in status_params(loaded).items()}
    params["keyRevenueMin"] = float(loaded.key_revenue_min)
    params["measures"] = cypher_measures(settings, loaded.min_feed_weight) if settings is not None else {}
    return params


def neo4j_settings(uri: str | None = None, user: str | None = None, database: str | None = None,
                   prompt: bool = True):
    """Settings from the environment and options; the password from ``NEO4J_PASSWORD`` or a hidden prompt."""
    from chaingap.graph.neo4j import Neo4jSettings

    settings = Neo4jSettings.from_env(uri=uri, username=user, database=database)
    if settings.password is None:
        if not (prompt and sys.stdin.isatty()):
            raise CommandError("no Neo4j password: set NEO4J_PASSWORD (it is never taken as an option)")
        password = click.prompt(f"Neo4j password for {settings.username}", hide_input=True)
        settings = Neo4jSettings(settings.uri, settings.username, password, settings.database)
    return settings


def _source(dataset: Path | None, home: Path | None):
    """The store, or a dataset folder validated now (invalid data exits 1, nothing is pushed)."""
    if dataset is None:
        return open_store(home)
    from chaingap.loaders import load_dataset

    return load_dataset(dataset)


DATASET_ARG = click.argument("dataset", required=False,
                             type=click.Path(exists=True, file_okay=False, path_type=Path))


@click.group("neo4j")
def neo4j_group() -> None:
    """Push the graph to a Neo4j server and query it with Cypher.

    Connection: NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE (or the options;
    the password only from the environment or a prompt). For the first load of a big pool
    into a new database, `chaingap export --format neo4j-csv` writes files for
    `neo4j-admin database import full` instead (the same graph).

    \b
    Example:
        NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=... chaingap neo4j push
    """


@neo4j_group.command("push")
@DATASET_ARG
@click.option("--uri", help="Bolt URI [env NEO4J_URI; default bolt://localhost:7687].")
@click.option("--user", help="User name [env NEO4J_USERNAME; default neo4j].")
@click.option("--database", help="Database [env NEO4J_DATABASE; default neo4j].")
@click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(1), help="Rows per transaction.")
@click.option("--progress/--no-progress", default=True, help="Show a progress bar.")
@home_option
def neo4j_push(dataset, uri, user, database, batch_size, progress, home) -> None:
    """Write the embedded store's tables of record (or the DATASET folder's) into Neo4j.

    Idempotent (MERGE on each node's IRI) and resumable: each batch commits on its own, so
    after a failure, running the same push again completes it. Links carry their
    downstreamCount and criticality, so the bundled Cypher queries run on the result as is.

    \b
    Example:
        export NEO4J_URI=bolt://127.0.0.1:7687 NEO4J_PASSWORD=...
        chaingap neo4j push                 # the embedded store
        chaingap neo4j push ./zhenjiang --batch-size 10000
    """
    from chaingap.graph.neo4j import push

    settings = neo4j_settings(uri, user, database)
    source = _source(dataset, home)
    stats = push(source, settings, batch_size=batch_size, progress=progress)
    click.echo(f"pushed {stats.nodes} nodes and {stats.relationships} relationships to {settings.uri} "
               f"({stats.nodes_created} nodes and {stats.relationships_created} relationships new) "
               f"in {stats.batches} batches, {stats.seconds:.1f} s")


@neo4j_group.command("query")
@click.argument("file_or_name")
@click.option("--param", "params", multiple=True, type=QUERY_PARAM,
              help="NAME=VALUE for a $parameter; VALUE is JSON, <iri> or text (repeatable).")
@click.option("--uri", help="Bolt URI [env NEO4J_URI].")
@click.option("--user", help="User name [env NEO4J_USERNAME].")
@click.option("--database", help="Database [env NEO4J_DATABASE].")
@click.option("--profile", "profile_path", type=click.Path(exists=True, dir_okay=False),
              help="Gap profile whose thresholds fill link_status's parameters [default: bundled].")
@output_options(default="jsonl")
def neo4j_query(file_or_name, params, uri, user, database, profile_path, fmt) -> None:
    """Run a .cypher file (or a bundled one by name) read-only; rows as JSON lines by default.

    For the bundled link_status query, parameters not given come from the gap profile.

    \b
    Example:
        chaingap neo4j query link_status
        chaingap neo4j query link_status --param strongLqMin=1.5 --format table
        chaingap neo4j query ./my.cypher --param id='"aero-chips"'
    """
    from chaingap.graph.neo4j import run_cypher_file

    values, settings = dict(params), neo4j_settings(uri, user, database)
    if Path(file_or_name).stem == "link_status" and not Path(file_or_name).is_file():
        values = {**link_status_parameters(profile_path, settings), **values}
    emit(run_cypher_file(file_or_name, settings, **values), fmt)


@click.group("sparql")
def sparql_group() -> None:
    """Push the graph to a SPARQL 1.1 server (Graph Store Protocol) and query it.

    \b
    Example:
        chaingap sparql push --endpoint http://127.0.0.1:7878
        chaingap sparql query link_status --endpoint http://127.0.0.1:7878
    """


ENDPOINT_OPTIONS = [
    click.option("--endpoint", required=True, metavar="URL", help="Base URL of the server, e.g. http://127.0.0.1:7878"),
    click.option("--query-path", default="query", show_default=True, help="Query service path (Fuseki: sparql)."),
    click.option("--store-path", default="store", show_default=True, help="Graph store path (Fuseki: data)."),
]


def _endpoint_options(func):
    for option in reversed(ENDPOINT_OPTIONS):
        func = option(func)
    return func


@sparql_group.command("push")
@DATASET_ARG
@_endpoint_options
@click.option("--batch-size", default=50_000, show_default=True, type=click.IntRange(1), help="Triples per request.")
@home_option
def sparql_push(dataset, endpoint, query_path, store_path, batch_size, home) -> None:
    """Write each dataset of the embedded store (or the DATASET folder) into its named graph.

    Pushing again replaces each graph (first batch PUT, the rest POST), so it is idempotent.

    \b
    Example:
        oxigraph serve --location ./oxi --bind 127.0.0.1:7878 &
        chaingap sparql push --endpoint http://127.0.0.1:7878
        chaingap sparql push ./zhenjiang --endpoint http://127.0.0.1:3030/ds --query-path sparql --store-path data
    """
    from chaingap.graph.endpoint import SparqlEndpoint, push

    target = SparqlEndpoint.from_url(endpoint, query_path=query_path, store_path=store_path)
    stats = push(_source(dataset, home), target, batch_triples=batch_size, progress=True)
    click.echo(f"pushed {stats.triples} triples in {stats.graphs} graph(s) to {target.store_url} "
               f"in {stats.requests} requests, {stats.seconds:.1f} s")


@sparql_group.command("query")
@click.argument("file_or_name")
@_endpoint_options
@click.option("--param", "params", multiple=True, type=QUERY_PARAM,
              help="NAME=VALUE for a #@params VALUES variable; VALUE is JSON, <iri> or text (repeatable).")
@output_options(default="jsonl")
def sparql_query(file_or_name, endpoint, query_path, store_path, params, fmt) -> None:
    """Run a .rq file (or a bundled one by name) over the union of the server's graphs.

    \b
    Example:
        chaingap sparql query totals --endpoint http://127.0.0.1:7878
    """
    from chaingap.graph.endpoint import SparqlEndpoint, query
    from chaingap.queries import load_query, query_names
    from chaingap.queries.params import render

    path = Path(file_or_name)
    if path.is_file():
        text = path.read_text(encoding="utf-8")
    elif file_or_name in query_names():
        text = load_query(file_or_name)
    else:
        raise UnknownId(f"{file_or_name!r} is neither a file nor a bundled query ({', '.join(query_names())})")
    target = SparqlEndpoint.from_url(endpoint, query_path=query_path, store_path=store_path)
    emit(query(target, render(text, dict(params)) if params else text), fmt)


def register(group: click.Group) -> None:
    """Add this module's commands to the main group."""
    group.add_command(neo4j_group)
    group.add_command(sparql_group)
