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
from .output import echo_wrote, emit, lang_option, output_options
from .problemfile import PROBLEMS_OPTION, write_problems

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
@PROBLEMS_OPTION
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True, help="Language of the summary.")
def load(dataset: Path, encoding: str | None, home: Path | None, quiet: bool, problems_file: Path | None,
         lang: str) -> None:
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
            if problems_file is not None:
                write_problems(problems_file, exc.problems)
            raise _invalid(dataset, exc) from exc
    if quiet:
        return
    click.echo(_load_summary(result, home or default_home(), lang))
    for note in result.warnings:
        click.echo(f"{'warning' if lang == 'en' else '提示'}: {note}", err=True)


def _load_summary(result, home: Path, lang: str) -> str:
    """What a load stored, in the user's language; the assignment methods in the vocabulary's words."""
    from chaingap.ontology.vocab import ASSIGNMENT_METHODS

    counts = sorted(result.assignment_counts.items(), key=lambda kv: str(kv[0]))
    methods = ", ".join(f"{ASSIGNMENT_METHODS.label(m, lang) if m in ASSIGNMENT_METHODS else (m or '-')} {n}"
                        for m, n in counts)
    projects = result.rows.get("projects", 0)
    if lang == "en":
        text = (f"loaded {result.dataset_id} as version {result.version} ({result.enterprises} enterprises, "
                f"{projects} projects) into {home}")
        return text + (f"\nenterprise links assigned by: {methods}" if methods else "")
    text = f"已载入 {result.dataset_id} 第 {result.version} 版（企业 {result.enterprises} 家，项目 {projects} 个），存于 {home}"
    return text + (f"\n企业所属环节的匹配方式：{methods}" if methods else "")


@click.command()
@click.argument("dataset", type=click.Path(exists=True, file_okay=False, path_type=Path))
@ENCODING
@click.option("--shacl/--no-shacl", default=False, show_default=True,
              help="Also check the SHACL shapes on the dataset's graph (slower: a minute on the sample).")
@PROBLEMS_OPTION
def validate(dataset: Path, encoding: str | None, shacl: bool, problems_file: Path | None) -> None:
    """Check DATASET and report every problem (not just the first). Exit 1 when invalid.

    By default the loader's own integrity checks run (every file, row and column; the
    references between tables), which is what `load` checks, in seconds; --shacl also
    builds the graph and checks it against the SHACL shapes. Warnings are printed as `load`
    prints them.

    \b
    Example:
        chaingap validate ./zhenjiang
        chaingap validate ./zhenjiang --shacl
    """
    from tqdm import tqdm

    steps = ["checking the tables"] + (["building the graph", "checking the SHACL shapes"] if shacl else [])
    with tqdm(total=len(steps), desc=steps[0], unit=" step", leave=False, disable=None) as bar:
        loaded = _checked(dataset, encoding, problems_file)
        bar.update(1)
        if shacl:
            from rdflib import Graph

            from chaingap.ontology.shacl import validate as shacl_validate

            bar.set_description(steps[1])
            graph = Graph()
            graph.parse(data=_ntriples(loaded), format="nt")
            bar.update(1)
            bar.set_description(steps[2])
            result = shacl_validate(graph)
            bar.update(1)
    for note in loaded.warnings:
        click.echo(f"warning: {note}", err=True)
    if shacl and not result.conforms:
        raise InvalidData(f"{dataset}: does not conform to the SHACL shapes:\n" + problems_text(result.problems))
    click.echo(f"{dataset}: valid" + (" (tables and SHACL shapes)" if shacl else " (tables; add --shacl for the SHACL shapes)"))


def _checked(dataset: Path, encoding: str | None, problems_file: Path | None = None):
    """The dataset as `load` reads it; its problems (all of them) as InvalidData."""
    from chaingap.loaders import load_dataset
    from chaingap.loaders.errors import DataError

    try:
        return load_dataset(dataset, encoding=encoding)
    except DataError as exc:
        if problems_file is not None:
            write_problems(problems_file, exc.problems)
        raise InvalidData(f"{dataset}: {len(exc.problems)} problem(s):\n" + problems_text(exc.problems)) from exc


def _ntriples(loaded) -> str:
    """The dataset's graph as N-Triples (its one named graph, as triples), built from its tables in a throw-away store."""
    import pyoxigraph

    from chaingap.graph.store import ChainStore

    with ChainStore() as store:
        store.load(loaded)
        triples = (quad.triple for quad in store.quads(loaded.id))
        return pyoxigraph.serialize(triples, format=pyoxigraph.RdfFormat.N_TRIPLES).decode("utf-8")


@click.command()
@home_option
@click.option("--json", "as_json", is_flag=True, hidden=True, help="Same as --format json.")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the words (JSON keeps its English keys).")
@output_options
def stats(home: Path | None, as_json: bool, lang: str, fmt: str) -> None:
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
    from chaingap.report.display import dotted_label

    rows = [{"what": dotted_label(row["what"], lang), "value": row["value"]} for row in _flat(figures)]
    emit([{**row, "value": dotted_label(row["value"], lang) if row["value"] == "none" else row["value"]}
          for row in rows], fmt, ("what", "value"), lang=lang)


def _flat(figures: dict, prefix: str = ""):
    """Nested figures as (dotted key, value) rows: ``datasets.zhenjiang.version``."""
    for key, value in figures.items():
        if isinstance(value, dict):
            if not value:
                yield {"what": f"{prefix}{key}", "value": "none"}
            yield from _flat(value, f"{prefix}{key}.")
        else:
            yield {"what": f"{prefix}{key}", "value": value}


EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "graphml", "gephi", "gexf", "neo4j-csv")


@click.command()
@click.option("--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="ttl", show_default=True)
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--dataset", "dataset_id", default=None, help="Export one dataset only.")
@home_option
@lang_option
def export(fmt: str, out: Path, dataset_id: str | None, home: Path | None, lang: str) -> None:
    """Export the knowledge graph as Turtle, N-Triples, N-Quads, TriG, JSON-LD or GraphML, or for Gephi.

    `gephi` (GraphML) and `gexf` are for Gephi: chains, links, enterprises and projects with
    direct edges (enterprise -> link with share and amount, supplier -> customer, link ->
    link), link nodes carrying the gap analysis once per measure. `graphml` is the RDF graph
    as a property graph (every resource a node), its link nodes with `status` and metrics.

    \b
    Example:
        chaingap export --format gephi -o chains.graphml
        chaingap export --format graphml -o rdf.graphml
    """
    from chaingap.graph.export import export as do_export

    from .output import graph_progress

    with open_store(home) as store:
        if fmt == "neo4j-csv":  # a folder of CSV files for neo4j-admin database import full
            from chaingap.graph.neo4j_csv import write_neo4j_csv

            write_neo4j_csv(store, out, [dataset_id] if dataset_id else None)
            echo_wrote(out, lang)
            return
        if fmt in ("gephi", "gexf"):
            from chaingap.graph.gephi import gephi_graph, write_gephi

            view = gephi_graph(store, dataset_id, link_attributes=_link_analysis(store))
            write_gephi(view, out, "gexf" if fmt == "gexf" else "graphml")
            from chaingap.ontology.vocab import WORDS

            counts = WORDS.label("nodes_edges", lang).format(nodes=view.number_of_nodes(), edges=view.number_of_edges())
            echo_wrote(out, lang, detail=f"（{counts}）" if lang == "zh" else f" ({counts})")
            return
        store.graph(progress=graph_progress())
        attributes = None
        if fmt == "graphml" and store.datasets():
            # Gephi colours by attributes: give link nodes their status and metrics.
            from chaingap.queries.gaps import analyse
            from chaingap.report.html import analysis_node_attributes

            attributes = analysis_node_attributes(analyse(store))
        do_export(store, fmt, out, dataset_id=dataset_id, node_attributes=attributes)
    echo_wrote(out, lang)


def _link_analysis(store) -> dict[str, dict]:
    """Per link id its status, extension and metrics, under the metric codes (one name per measure)."""
    if not store.datasets():
        return {}
    from chaingap.queries.gaps import analyse
    from chaingap.queries.results import plain

    return {link.id: {"status": link.status, "extension": link.extension, **plain(link.metrics)}
            for link in analyse(store).links}


@click.command()
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
@lang_option
def sample(dest: Path, lang: str) -> None:
    """Write the bundled sample dataset (a city modelled on Zhenjiang) to DEST.

    \b
    Example:
        chaingap sample ./zhenjiang && chaingap load ./zhenjiang
    """
    from chaingap.sample import write_sample

    if dest.exists() and any(dest.iterdir()):
        raise click.UsageError(f"{dest} exists and is not empty; choose a new folder")
    path = write_sample(dest)
    echo_wrote(path, lang, "wrote_sample")


@click.command()
@click.argument("dest", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--dataset",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Take the drop-down lists of link and district ids from this dataset.",
)
@lang_option
def template(dest: Path, dataset: Path | None, lang: str) -> None:
    """Write an empty Excel workbook of every table, with headers and drop-down lists.

    \b
    Example:
        chaingap template 我的产业链.xlsx
    """
    from chaingap.loaders.template import write_template

    if dest.suffix.lower() != ".xlsx":
        raise click.BadParameter("the template is an .xlsx workbook", param_hint="DEST")
    write_template(dest, dataset_path=dataset)
    echo_wrote(dest, lang)


def register(group: click.Group) -> None:
    for command in (load, validate, stats, export, sample, template):
        group.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(0)
