"""Core commands: load, validate, stats, export, sample, template.

Exit codes (documented in the README): 0 success; 1 the data is invalid (a load or
validation found problems); 2 a usage or runtime error (bad option, store unreadable).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..config import HOME_ENV, default_home
from .errors import InvalidData, problems_text
from .output import emit, output_options

__all__ = ["register", "home_option", "open_store"]


def home_option(func):
    """``--home DIR``: where the embedded store lives (default ``$CHAINGAP_HOME`` or ``~/.chaingap``)."""
    return click.option(
        "--home",
        type=click.Path(file_okay=False, path_type=Path),
        envvar=HOME_ENV,
        default=None,
        help=f"Folder of the embedded store [env {HOME_ENV}; default ~/.chaingap].",
    )(func)


def open_store(home: Path | None):
    """Open the embedded store under ``home`` (created on first use); errors exit with code 2."""
    from chaingap.graph.store import ChainStore

    base = Path(home) if home else default_home()
    return ChainStore(base / "store")


def _invalid(path: Path, exc) -> InvalidData:
    return InvalidData(f"{path} was not loaded ({len(exc.problems)} problem(s)); the store is unchanged:\n"
                       + problems_text(exc.problems))


ENCODING = click.option(
    "--encoding",
    default=None,
    help="Force the CSV encoding (e.g. gbk, gb18030, utf-8-sig); default: detect.",
)


@click.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@ENCODING
@home_option
@click.option("--quiet", "-q", is_flag=True, help="Print nothing but errors.")
def load(dataset: Path, encoding: str | None, home: Path | None, quiet: bool) -> None:
    """Validate DATASET (a folder) and load it into the embedded store.

    Loading a dataset again replaces its named graph; a load that fails leaves the store
    exactly as it was.

    \b
    Example:
        chaingap sample ./zhenjiang
        chaingap load ./zhenjiang
    """
    from chaingap.loaders.errors import DataError

    with open_store(home) as store:
        try:
            result = store.load(dataset, encoding=encoding)
        except DataError as exc:
            raise _invalid(dataset, exc) from exc
    if quiet:
        return
    click.echo(f"loaded {result.dataset_id} as version {result.version} ({result.enterprises} enterprises, "
               f"{result.rows.get('projects', 0)} projects) into {home or default_home()}")
    for note in result.warnings:
        click.echo(f"warning: {note}", err=True)
    counts = result.assignment_counts
    if counts:
        click.echo("enterprise links assigned by: " + ", ".join(
            f"{method or 'none'} {n}" for method, n in sorted(counts.items(), key=lambda kv: str(kv[0]))))


@click.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@ENCODING
@click.option("--shacl/--no-shacl", default=True, help="Also check the SHACL shapes.")
def validate(dataset: Path, encoding: str | None, shacl: bool) -> None:
    """Check DATASET and report every problem (not just the first). Exit 1 when invalid.

    \b
    Example:
        chaingap validate ./zhenjiang
    """
    from chaingap.loaders import load_dataset, validate_dataset

    problems = validate_dataset(dataset, encoding=encoding)
    if problems:
        raise InvalidData(f"{dataset}: {len(problems)} problem(s):\n" + problems_text(problems))
    if shacl:
        from rdflib import Dataset as RdfDataset

        from chaingap.ontology.shacl import validate as shacl_validate

        loaded = load_dataset(dataset, encoding=encoding)
        graph = RdfDataset()
        graph.parse(data=_nquads(loaded), format="nquads")
        result = shacl_validate(graph)
        if not result.conforms:
            raise InvalidData(
                f"{dataset}: does not conform to the SHACL shapes:\n"
                + problems_text(result.problems)
            )
    click.echo(f"{dataset}: valid")


def _nquads(loaded) -> str:
    """The dataset's graph as N-Quads, built from its tables in a throw-away store."""
    import pyoxigraph

    from chaingap.graph.store import ChainStore

    with ChainStore() as store:
        store.load(loaded)
        return pyoxigraph.serialize(store.quads(loaded.id), format=pyoxigraph.RdfFormat.N_QUADS).decode("utf-8")


@click.command()
@home_option
@click.option("--json", "as_json", is_flag=True, hidden=True, help="Same as --format json.")
@output_options
def stats(home: Path | None, as_json: bool, fmt: str) -> None:
    """Print what the embedded store holds: datasets, chains, links, enterprises, projects.

    \b
    Example:
        chaingap stats --format json
    """
    with open_store(home) as store:
        figures = store.stats()
    if as_json or fmt == "json":
        click.echo(json.dumps(figures, ensure_ascii=False, indent=2, default=str))
        return
    emit(list(_flat(figures)), fmt, ("what", "value"))


def _flat(figures: dict, prefix: str = ""):
    """Nested figures as (dotted key, value) rows: ``datasets.zhenjiang.version``."""
    for key, value in figures.items():
        if isinstance(value, dict):
            if not value:
                yield {"what": f"{prefix}{key}", "value": "none"}
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield {"what": f"{prefix}{key}", "value": value}


EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "neo4j-csv")


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True)
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--dataset", "dataset_id", default=None, help="Export one dataset only.")
@home_option
def export(fmt: str, out: Path, dataset_id: str | None, home: Path | None) -> None:
    """Export the knowledge graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or GraphML (Gephi).

    GraphML carries the gap analysis: link nodes have `status`, `extension` and metrics.

    \b
    Example:
        chaingap export --format graphml -o chains.graphml
    """
    from chaingap.graph.export import export as do_export

    from .output import graph_progress

    with open_store(home) as store:
        if fmt == "neo4j-csv":  # a folder of CSV files for neo4j-admin database import full
            from chaingap.graph.neo4j_csv import write_neo4j_csv

            write_neo4j_csv(store, out, [dataset_id] if dataset_id else None)
            click.echo(f"wrote {out}")
            return
        store.graph(progress=graph_progress())
        attributes = None
        if fmt == "graphml" and store.datasets():
            # Gephi colours by attributes: give link nodes their status and metrics.
            from chaingap.queries.gaps import analyse
            from chaingap.report.html import analysis_node_attributes

            attributes = analysis_node_attributes(analyse(store))
        do_export(store, fmt, out, dataset_id=dataset_id, node_attributes=attributes)
    click.echo(f"wrote {out}")


@click.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
def sample(dest: Path) -> None:
    """Write the bundled sample dataset (a city modelled on Zhenjiang) to DEST.

    \b
    Example:
        chaingap sample ./zhenjiang && chaingap load ./zhenjiang
    """
    from chaingap.sample import write_sample

    if dest.exists() and any(dest.iterdir()):
        raise click.UsageError(f"{dest} exists and is not empty; choose a new folder")
    path = write_sample(dest)
    click.echo(f"wrote the sample dataset to {path}")


@click.command()
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--dataset",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Take the drop-down lists of link and district ids from this dataset.",
)
def template(dest: Path, dataset: Path | None) -> None:
    """Write an empty Excel workbook of every table, with headers and drop-down lists.

    \b
    Example:
        chaingap template 我的产业链.xlsx
    """
    from chaingap.loaders.template import write_template

    if dest.suffix.lower() != ".xlsx":
        raise click.BadParameter("the template is an .xlsx workbook", param_hint="DEST")
    write_template(dest, dataset_path=dataset)
    click.echo(f"wrote {dest}")


def register(group: click.Group) -> None:
    for command in (load, validate, stats, export, sample, template):
        group.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(0)
