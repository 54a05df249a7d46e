"""The Neo4j graph as CSV files for ``neo4j-admin database import full``: first loads of big pools.

A Bolt push (:func:`chaingap.graph.neo4j.push`) MERGEs node by node, which costs the server an
index look-up per row; the offline importer writes the store files directly and takes a
national pool in minutes. This writes what the push would write (same labels, types,
properties and values, from :mod:`chaingap.graph.pgtables`) as one CSV file per label and per
relationship type, each rendered and written by DuckDB ``COPY ... TO`` from the tables of
record: no Python per row.

Files (headers inline, in the importer's header syntax):

* ``nodes-<Class>.csv``: ``iri:ID`` (stored as property ``iri``), ``id``, the properties with
  their types (``revenue:double``, ``foundedOn:date``, ``industryCode:string[]`` ...),
  ``:LABEL`` (the rule's labels, ``Resource`` included);
* ``relationships-<TYPE>.csv``: ``:START_ID``, ``:END_ID``, ``:TYPE`` and the properties;
* ``import.args``: the importer's options and files, one per line (``@import.args``, run
  from inside the folder); ``schema.cypher``: the constraint and indexes the push creates,
  to run once on the imported database.

Lists are joined with U+001F (``--array-delimiter=U+001F``, in ``import.args``), which data
does not contain; text with newlines is quoted (``--multiline-fields=true``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from . import pgtables
from .errors import ExportError, UnknownDatasetError
from .neo4j import ontology_rows, prepared_tables, schema_statements, tables_of
from .pgschema import PropertyGraphSchema, property_graph_schema, relationship_type
from .values import to_property

__all__ = ["ARRAY_DELIMITER", "CsvExport", "Neo4jCsvError", "write_neo4j_csv", "import_arguments"]

ARRAY_DELIMITER = "\x1f"
"""Between the values of a list property and between labels (the importer's array delimiter)."""

_ONTOLOGY_TABLE = "chaingap_ontology_nodes"
_NEO4J_TYPES = {"decimal": "double", "double": "double", "float": "double", "integer": "long", "int": "long",
                "long": "long", "nonNegativeInteger": "long", "positiveInteger": "long", "boolean": "boolean",
                "date": "date"}


class Neo4jCsvError(ExportError):
    """The export cannot be written where it was asked to."""


@dataclass
class CsvExport:
    """What was written: rows per file, and the folder."""

    folder: Path
    nodes: dict[str, int] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)

    @property
    def files(self) -> list[str]:
        return [*self.nodes, *self.relationships]


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _is_list(name: str, schema: PropertyGraphSchema) -> bool:
    return name in schema.list_properties or name in schema.relationship_types


def _header(name: str, schema: PropertyGraphSchema) -> str:
    """``name``, ``name:double``, ``name:string[]`` ...: the importer's typed column header."""
    if _is_list(name, schema):
        return f"{name}:string[]"
    kind = _NEO4J_TYPES.get(schema.datatype_properties.get(name, "string"))
    return f"{name}:{kind}" if kind else name


def _render(name: str, schema: PropertyGraphSchema) -> str:
    """SQL turning the column ``name`` into the text the importer parses for its type."""
    column = f'"{name}"'
    if _is_list(name, schema):
        return f"array_to_string({column}, chr(31))"
    kind = _NEO4J_TYPES.get(schema.datatype_properties.get(name, "string"))
    if kind == "date":
        return f"strftime({column}, '%Y-%m-%d')"
    if kind == "boolean":
        return f"CASE WHEN {column} THEN 'true' WHEN NOT {column} THEN 'false' END"
    if kind in ("double", "long"):
        return f"CAST({column} AS VARCHAR)"  # the exact decimal text: Java parses it as Python's float() does
    return column


def write_neo4j_csv(source, out: str | os.PathLike[str], datasets: list[str] | None = None,
                    include_ontology: bool = True) -> CsvExport:
    """Write the import files of ``source`` (anything :func:`~chaingap.graph.neo4j.tables_of` reads)
    into the folder ``out`` (created; it must not hold files already).

    ``datasets``: only these dataset ids (default: every dataset of the tables).
    """
    folder = Path(out)
    with tables_of(source) as con:
        known = {row[0] for row in con.execute("SELECT DISTINCT dataset FROM dataset").fetchall()}
        for dataset_id in datasets or ():
            if dataset_id not in known:
                raise UnknownDatasetError(f"no dataset {dataset_id!r} is loaded")
        return _write_all(con, folder, datasets, include_ontology)


def _write_all(con, folder: Path, datasets: list[str] | None, include_ontology: bool) -> CsvExport:
    """Every file of the export, then the importer's options and the schema statements."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise Neo4jCsvError(f"{folder} exists and is not an empty folder; choose a new one")
    folder.mkdir(parents=True, exist_ok=True)
    schema = property_graph_schema()
    pgtables.check(schema)
    export = CsvExport(folder)
    with prepared_tables(con, datasets):
        if include_ontology:
            _write_ontology(con, folder, schema, export)
        _write_nodes(con, folder, schema, export, scoped=datasets is not None)
        _write_relationships(con, folder, schema, export, scoped=datasets is not None)
    (folder / "import.args").write_text("\n".join(import_arguments(export)) + "\n", encoding="utf-8")
    (folder / "schema.cypher").write_text(";\n".join(schema_statements()) + ";\n", encoding="utf-8")
    return export


def _write_nodes(con, folder: Path, schema: PropertyGraphSchema, export: CsvExport, scoped: bool) -> None:
    """``nodes-<Class>.csv`` per class (the node maps of one class, e.g. both kinds of Base, in one file)."""
    groups: dict[str, list[pgtables.NodeMap]] = {}
    for node in pgtables.NODES:
        groups.setdefault(node.cls, []).append(node)
    for cls, maps in sorted(groups.items()):
        labels = pgtables.labels_of(maps[0], schema)
        names = sorted({prop.name for node in maps for prop in node.props})
        union = " UNION ALL BY NAME ".join(f"({pgtables.node_sql(node, scoped, schema)})" for node in maps)
        columns = ", ".join(f'{_render(name, schema)} AS "{_header(name, schema)}"' for name in names)
        select = (f'SELECT iri AS "iri:ID", id, {columns}, {_sql_text(ARRAY_DELIMITER.join(labels))} AS ":LABEL" '
                  f"FROM ({union}) ORDER BY iri")
        export.nodes[f"nodes-{cls}.csv"] = _write(con, select, folder / f"nodes-{cls}.csv")


def _write_relationships(con, folder: Path, schema: PropertyGraphSchema, export: CsvExport, scoped: bool) -> None:
    """``relationships-<TYPE>.csv`` per type (e.g. LOCATED_IN of enterprises, projects and bases in one)."""
    by_type: dict[str, list[pgtables.RelationshipMap]] = {}
    for rel in pgtables.RELATIONSHIPS:
        by_type.setdefault(relationship_type(rel.prop), []).append(rel)
    for rel_type, maps in sorted(by_type.items()):
        names = sorted({prop.name for rel in maps for prop in rel.props})
        union = " UNION ALL BY NAME ".join(f"({pgtables.relationship_sql(rel, scoped, schema)})" for rel in maps)
        columns = "".join(f', {_render(name, schema)} AS "{_header(name, schema)}"' for name in names)
        select = (f'SELECT source AS ":START_ID", target AS ":END_ID", {_sql_text(rel_type)} AS ":TYPE"{columns} '
                  f"FROM ({union}) ORDER BY source, target")
        export.relationships[f"relationships-{rel_type}.csv"] = _write(con, select, folder / f"relationships-{rel_type}.csv")


def _write(con, select: str, path: Path) -> int:
    """``COPY`` the rows of ``select`` to ``path``; returns how many."""
    return int(con.execute(f"COPY ({select}) TO {_sql_text(str(path))} (FORMAT csv, HEADER true)").fetchall()[0][0])


def _write_ontology(con, folder: Path, schema: PropertyGraphSchema, export: CsvExport) -> None:
    """The ontology's individuals (a few dozen rows, from Python) through the same COPY."""
    by_labels: dict[tuple[str, ...], list] = {}
    for node in ontology_rows():
        by_labels.setdefault(node.labels, []).append(node)
    for labels, nodes in sorted(by_labels.items()):
        names = sorted({name for node in nodes for name in node.props})
        table = pa.Table.from_pylist([{"iri": node.iri, "id": node.id,
                                       **{name: to_property(node.props.get(name)) for name in names}}
                                      for node in nodes])
        con.register(_ONTOLOGY_TABLE, table)
        try:
            columns = "".join(f', {_render(name, schema)} AS "{_header(name, schema)}"' for name in names)
            select = (f'SELECT iri AS "iri:ID", id{columns}, {_sql_text(ARRAY_DELIMITER.join(labels))} AS ":LABEL" '
                      f"FROM {_ONTOLOGY_TABLE} ORDER BY iri")
            name = "nodes-" + ("-".join(label for label in labels if label != "Resource") or "Resource") + ".csv"
            export.nodes[name] = _write(con, select, folder / name)
        finally:
            con.unregister(_ONTOLOGY_TABLE)


def import_arguments(export: CsvExport) -> list[str]:
    """The options of ``neo4j-admin database import full`` for these files (paths relative to the folder)."""
    return [
        "--id-type=string",
        "--array-delimiter=U+001F",
        "--multiline-fields=true",
        *(f"--nodes={name}" for name in export.nodes),
        *(f"--relationships={name}" for name in export.relationships),
    ]
