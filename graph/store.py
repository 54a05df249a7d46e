"""The embedded graph store: one pyoxigraph ``Store`` on disk (or in memory), no server.

Every command reads and writes through :class:`ChainStore`. Each dataset lives in its own
named graph (``terms.graph_iri(dataset.id)``); queries see the union of all named graphs.

Why loads rebuild into a staging store and swap
------------------------------------------------
Loading a dataset must *replace* its named graph atomically: a load that fails halfway (a
loader raising, a disk error) has to leave the store exactly as it was. pyoxigraph 0.5 offers
no Python-level transaction spanning "drop graph + insert"; only single calls are atomic
(``extend``, ``load``, one SPARQL update), and the bulk loaders are not atomic at all.
A SPARQL ``MOVE``/``DROP`` + ``INSERT`` done in one update *is* atomic, but measured here
(on disk, 2 CPUs) it is far too costly for the sizes the pool reaches:

====================  ===========  ===========
one-update swap       200k quads   2M quads
====================  ===========  ===========
``MOVE`` staging->g   19 s         465 s
peak RSS              0.7 GiB      6.4 GiB
====================  ===========  ===========

So a load builds the new state beside the live one, with the bulk loader, and then swaps:

1. open a fresh staging store (``.{name}.staging`` next to the store dir, or in memory);
2. bulk-insert the dataset into it (from its N-Quads text when it offers
   ``write_nquads``, else from ``quads()``) and check that nothing landed outside the
   dataset's graph;
3. copy every other graph of the live store into it (``dump`` + ``bulk_load`` in N-Triples,
   all in Rust; a graph holding blank nodes is copied quad by quad so their ids survive);
4. only then swap: rename live -> ``.{name}.previous``, staging -> live, reopen, delete
   the previous copy. A crash between the two renames is repaired on the next open.

Any failure before step 4 deletes the staging store and re-raises: the live store was never
touched. The cost of a load is proportional to the whole store, not only to the dataset,
and the disk needs room for a second copy during the load. Blank nodes of the *loaded*
dataset get fresh ids on each load (the parser renames them); chaingap's loaders mint IRIs
only, so their graphs reload identically.

Measured (``benchmarks/store_compare.py``, on disk, 2 shared CPUs, 15 quads per enterprise):

=========================  ==============  ==============  ===============
ingest                     100k firms      100k peak RSS   1M firms (15M)
=========================  ==============  ==============  ===============
``Store.extend`` (atomic)  136 s           2.2 GiB         --
``Store.bulk_extend``      34 s            1.3 GiB         --
``Store.bulk_load`` (nq)   34 s            1.3 GiB         372 s, 1.7 GiB
``ChainStore.load``        27 s            0.39 GiB        280 s, 0.45 GiB
=========================  ==============  ==============  ===============

(``ChainStore.load`` feeds the loader 250k quads per call; in one call it peaked at
1.3 GiB / 1.8 GiB like ``bulk_load``.)

Queries
-------
:meth:`ChainStore.query` runs SELECT/ASK/CONSTRUCT over the union of the named graphs.
Values from users travel as SPARQL substitutions (SEP-0007), never pasted into query text.
Literals come back as Python values, always the same way (:func:`to_python`).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

import pyoxigraph as ox

from chaingap.ontology.namespace import CG_NS, GRAPH_BASE
from chaingap.ontology.terms import dataset_of_graph, graph_iri as dataset_graph_iri

from .errors import ForeignQuadError, StoreError, UnknownDatasetError

if TYPE_CHECKING:
    import rdflib

__all__ = [
    "ChainStore",
    "DatasetLike",
    "DatasetInfo",
    "LoadStats",
    "PREFIXES",
    "to_python",
    "to_term",
]

XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: Prefixes every query given to :meth:`ChainStore.query` may use without declaring them.
PREFIXES = {
    "cg": CG_NS,
    "xsd": XSD,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
}

_INTEGER_TYPES = frozenset(
    XSD + name
    for name in (
        "integer int long short byte nonNegativeInteger positiveInteger nonPositiveInteger "
        "negativeInteger unsignedLong unsignedInt unsignedShort unsignedByte"
    ).split()
)
_FLOAT_TYPES = frozenset((XSD + "double", XSD + "float"))


class DatasetLike(Protocol):
    """What :meth:`ChainStore.load` needs of a dataset (``chaingap.loaders.LoadedDataset``)."""

    id: str

    @property
    def graph_iri(self) -> str: ...

    def quads(self) -> Iterable[ox.Quad]: ...


@dataclass(frozen=True)
class LoadStats:
    """What a load did: the dataset's graph now holds ``triples`` triples."""

    dataset_id: str
    graph_iri: str
    triples: int
    replaced: bool
    store_triples: int
    seconds: float = field(compare=False)


@dataclass(frozen=True)
class DatasetInfo:
    """One loaded dataset as the store sees it."""

    id: str
    graph_iri: str
    triples: int
    as_of: dt.date | None


def to_python(term: Any) -> Any:
    """An RDF term as a Python value, the same way everywhere.

    IRIs -> ``str``; xsd:decimal -> ``Decimal``; integer types -> ``int``; double/float ->
    ``float``; boolean -> ``bool``; date -> ``datetime.date``; dateTime -> ``datetime``;
    any other literal (strings, language-tagged text) -> its lexical ``str``; blank nodes ->
    ``"_:id"``; unbound -> ``None``. A malformed typed literal falls back to its text rather
    than failing a whole query.
    """
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if not isinstance(term, ox.Literal):
        return str(term)
    text = term.value
    datatype = term.datatype.value
    try:
        if datatype == XSD + "decimal":
            return Decimal(text)
        if datatype in _INTEGER_TYPES:
            return int(text)
        if datatype in _FLOAT_TYPES:
            return float(text)
        if datatype == XSD + "boolean":
            return text.strip() in ("true", "1")
        if datatype == XSD + "date":
            return dt.date.fromisoformat(text[:10])
        if datatype == XSD + "dateTime":
            return dt.datetime.fromisoformat(text)
    except (ValueError, InvalidOperation):
        return text
    return text


def to_term(value: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A Python value as an RDF term for a query substitution.

    pyoxigraph terms pass through; rdflib ``URIRef``/``BNode``/``Literal`` are converted; a
    plain ``str`` is a *string literal* (wrap IRIs in ``pyoxigraph.NamedNode`` or
    ``rdflib.URIRef``, so text typed by a user can never turn into an IRI); numbers, booleans
    and dates become typed literals.
    """
    if isinstance(value, (ox.NamedNode, ox.BlankNode, ox.Literal)):
        return value
    kind = type(value).__name__
    if kind == "URIRef":
        return ox.NamedNode(str(value))
    if kind == "BNode":
        return ox.BlankNode(str(value))
    if kind == "Literal" and hasattr(value, "datatype"):
        if value.language:
            return ox.Literal(str(value), language=value.language)
        return ox.Literal(str(value), datatype=ox.NamedNode(str(value.datatype or XSD + "string")))
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))
    if isinstance(value, Decimal):
        return ox.Literal(format(value, "f"), datatype=ox.NamedNode(XSD + "decimal"))
    if isinstance(value, float):
        return ox.Literal(repr(value), datatype=ox.NamedNode(XSD + "double"))
    if isinstance(value, dt.datetime):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "dateTime"))
    if isinstance(value, dt.date):
        return ox.Literal(value.isoformat(), datatype=ox.NamedNode(XSD + "date"))
    if isinstance(value, str):
        return ox.Literal(value)
    raise TypeError(f"cannot turn a {kind} into an RDF term")


def _is_derived(graph: ox.NamedNode) -> bool:
    return graph.value.startswith(GRAPH_BASE + "_")


def _node(graph: str | ox.NamedNode) -> ox.NamedNode:
    return graph if isinstance(graph, ox.NamedNode) else ox.NamedNode(str(graph))


class _Counted:
    """Passes quads through, checking their graph and counting them (for the bulk loader)."""

    def __init__(self, quads: Iterable[Any], graph: ox.NamedNode, retarget: bool = False) -> None:
        self._quads = quads
        self._graph = graph
        self._retarget = retarget
        self.count = 0

    def __iter__(self) -> Iterator[ox.Quad]:
        graph = self._graph
        for item in self._quads:
            if isinstance(item, ox.Quad):
                if item.graph_name != graph:
                    if not self._retarget:
                        raise ForeignQuadError(
                            f"quad {self.count + 1} is in graph {item.graph_name}, not in the "
                            f"dataset's graph <{graph.value}>: {item}"
                        )
                    item = ox.Quad(item.subject, item.predicate, item.object, graph)
            elif isinstance(item, ox.Triple):
                item = ox.Quad(item.subject, item.predicate, item.object, graph)
            else:
                subject, predicate, obj = item[:3]
                item = ox.Quad(to_term(subject), _node(predicate) if isinstance(predicate, str)
                               else to_term(predicate), to_term(obj), graph)
            self.count += 1
            yield item


class ChainStore:
    """chaingap's embedded knowledge-graph store (pyoxigraph), on disk at ``path`` or in memory.

    Examples
    --------
    >>> with ChainStore() as store:
    ...     store.stats()["triples"]
    0
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self._path = Path(path).expanduser().resolve() if path is not None else None
        if self._path is not None:
            self._recover()
            self._path.mkdir(parents=True, exist_ok=True)
            self._store: ox.Store | None = ox.Store(str(self._path))
        else:
            self._store = ox.Store()

    # --- life cycle -----------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The store's directory, or ``None`` when in memory."""
        return self._path

    @property
    def oxigraph(self) -> ox.Store:
        """The live pyoxigraph ``Store``. A load swaps it for a new one: do not keep it across
        loads (ask this property again)."""
        if self._store is None:
            raise StoreError("the store is closed")
        return self._store

    def close(self) -> None:
        """Flush and release the store (on disk: its lock, so another process may open it)."""
        if self._store is not None and self._path is not None:
            self._store.flush()
        self._store = None

    def __enter__(self) -> ChainStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        where = str(self._path) if self._path else "memory"
        return f"ChainStore({where!r})"

    def __len__(self) -> int:
        return len(self.oxigraph)

    # --- writing ----------------------------------------------------------------------------

    def load(self, dataset: DatasetLike) -> LoadStats:
        """Replace ``dataset``'s named graph with ``dataset.quads()``, atomically.

        Loading the same dataset twice gives the same graph. If ``quads()`` raises, or yields
        a quad outside the dataset's graph, the exception propagates and the store holds
        exactly what it held before. A dataset that can write itself as N-Quads
        (``write_nquads(stream) -> int``, as ``LoadedDataset`` does) is bulk-loaded from that
        text instead: pyoxigraph parses it far faster than Python builds ``Quad`` objects.
        """
        started = time.perf_counter()
        graph = _node(dataset.graph_iri)
        replaced = graph in self._named_graphs()
        writer = getattr(dataset, "write_nquads", None)
        source: _NewData = writer if callable(writer) else _Counted(dataset.quads(), graph)
        triples, total = self._rebuild(drop=graph, add=source)
        return LoadStats(str(dataset.id), graph.value, triples, replaced, total,
                         time.perf_counter() - started)

    def remove(self, dataset_id: str) -> int:
        """Drop a dataset's named graph (atomically, like :meth:`load`); returns triples removed."""
        graph = ox.NamedNode(dataset_graph_iri(dataset_id))
        if graph not in self._named_graphs():
            raise UnknownDatasetError(f"no dataset {dataset_id!r} is loaded")
        removed = self._count(graph)
        self._rebuild(drop=graph, add=None)
        return removed

    def add_facts(self, graph_iri: str, quads: Iterable[Any], replace: bool = False) -> int:
        """Write derived facts (e.g. the gap engine's criticality) into named graph ``graph_iri``.

        ``quads`` may be pyoxigraph ``Quad``s or ``Triple``s or ``(s, p, o)`` tuples; whatever
        graph they name, they are written into ``graph_iri``. Appends in one transaction; with
        ``replace=True`` the graph's previous content is dropped in the same transaction.
        Meant for the small graphs the analysis writes, not for datasets (use :meth:`load`).
        """
        graph = _node(graph_iri)
        batch = list(_Counted(quads, graph, retarget=True))
        if not replace:
            self.oxigraph.extend(batch)
            return len(batch)
        text = "\n".join(f"{quad.subject} {quad.predicate} {quad.object} ." for quad in batch)
        self.oxigraph.update(f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{text}\n}} }}")
        return len(batch)

    def update(self, sparql: str, bindings: Mapping[str, Any] | None = None) -> None:
        """Run a SPARQL 1.1 update over the store's own graphs (one transaction).

        pyoxigraph takes no substitutions for updates, so no ``bindings``: to write values
        that came from users, build quads and use :meth:`add_facts` instead of pasting them
        into update text.
        """
        if bindings:
            raise StoreError("SPARQL updates take no bindings; use add_facts() to write values")
        self.oxigraph.update(sparql, prefixes=PREFIXES)

    # --- reading ----------------------------------------------------------------------------

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, **more: Any) -> Any:
        """Run a SPARQL query over the union of all named graphs.

        SELECT -> ``list[dict[variable, Python value]]`` (every variable present, ``None`` when
        unbound; values by :func:`to_python`); ASK -> ``bool``; CONSTRUCT/DESCRIBE ->
        ``list[pyoxigraph.Triple]``. ``bindings`` (and keyword arguments) pre-bind variables
        by name, converted with :func:`to_term`; the text of the query is never touched.
        pyoxigraph substitutes only variables that a SELECT projects: list them in the
        SELECT clause (``SELECT ?link ?name``) or use ``SELECT *``.
        """
        values = dict(bindings or {}, **more)
        substitutions = {ox.Variable(name): to_term(value) for name, value in values.items()}
        try:
            result = self.oxigraph.query(
                sparql, prefixes=PREFIXES, use_default_graph_as_union=True,
                substitutions=substitutions or None,
            )
        except RuntimeError as error:
            if "SELECT projection" in str(error):
                raise StoreError(f"{error}: a bound variable must be in the SELECT clause") from error
            raise
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            return list(result)
        names = [variable.value for variable in result.variables]
        return [{name: to_python(solution[name]) for name in names} for solution in result]

    def datasets(self) -> list[DatasetInfo]:
        """The loaded datasets, sorted by id: the named graphs ``terms.graph_iri(id)``.

        Graphs whose id starts with ``_`` (``…/graph/_derived/gaps``) hold derived facts (dropped by every load or removal, since they describe the old data), not
        datasets, and are listed by :meth:`derived_graphs` instead.
        """
        infos = []
        for graph in self._named_graphs():
            if not graph.value.startswith(GRAPH_BASE) or _is_derived(graph):
                continue
            rows = self.oxigraph.query(
                "SELECT ?g ?asOf WHERE { GRAPH ?g { ?d a cg:Dataset ; cg:asOf ?asOf } } LIMIT 1",
                prefixes=PREFIXES, substitutions={ox.Variable("g"): graph},
            )
            as_of = next((to_python(row["asOf"]) for row in rows), None)
            infos.append(DatasetInfo(dataset_of_graph(graph.value), graph.value, self._count(graph),
                                     as_of if isinstance(as_of, dt.date) else None))
        return sorted(infos, key=lambda info: info.id)

    def derived_graphs(self) -> dict[str, int]:
        """Named graphs that are not datasets (derived facts, other tools' graphs): IRI -> triples."""
        return {graph.value: self._count(graph) for graph in sorted(self._named_graphs(), key=lambda g: g.value)
                if not graph.value.startswith(GRAPH_BASE) or _is_derived(graph)}

    def stats(self) -> dict[str, Any]:
        """Counts over the union (chains, links, enterprises local/pool, projects, districts,
        triples), the triples of each dataset and of each derived graph."""
        counts = self.query(_STATS_QUERY)[0]
        figures: dict[str, Any] = {key: int(counts[key] or 0) for key in _STATS_KEYS}
        figures["enterprises"] = figures["enterprises_local"] + figures["enterprises_pool"]
        figures["triples"] = len(self.oxigraph)
        figures["datasets"] = {
            info.id: {"triples": info.triples, "as_of": info.as_of.isoformat() if info.as_of else None}
            for info in self.datasets()
        }
        figures["derived_graphs"] = self.derived_graphs()
        return figures

    def export(self, fmt: str, out: Any, dataset_id: str | None = None, **options: Any) -> Any:
        """Shortcut for :func:`chaingap.graph.export.export` on this store."""
        from .export import export

        return export(self, fmt, out, dataset_id=dataset_id, **options)

    def rdflib(self) -> rdflib.Dataset:
        """An rdflib ``Dataset`` over this very store (oxrdflib), union as its default graph.

        It follows the store across loads (each access asks :attr:`oxigraph` again), so it
        stays valid after a :meth:`load` swapped the underlying pyoxigraph store. oxrdflib
        0.5 wraps an existing pyoxigraph store (``OxigraphStore(store=...)``); this view
        subclasses it to read the live one. Mind one oxrdflib habit: plain string literals
        come back as ``Literal("x", datatype=XSD.string)``, which rdflib does not count
        equal to ``Literal("x")``; compare ``str(value)`` or ``value.toPython()``.
        Writes through the view go straight to the live store (not through :meth:`load`).
        """
        import rdflib

        return rdflib.Dataset(store=_follow(self), default_union=True)

    # --- internals ------------------------------------------------------------------------

    def _named_graphs(self) -> set[ox.NamedNode]:
        return {g for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode)}

    def _count(self, graph: ox.NamedNode) -> int:
        rows = self.oxigraph.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                                   substitutions={ox.Variable("g"): graph})
        return next((int(row["n"].value) for row in rows), 0)

    def _staging_paths(self) -> tuple[Path, Path]:
        assert self._path is not None
        parent, name = self._path.parent, self._path.name
        return parent / f".{name}.staging", parent / f".{name}.previous"

    def _recover(self) -> None:
        """Finish or undo a swap that a crash interrupted (see the module docstring)."""
        staging, previous = self._staging_paths()
        assert self._path is not None
        if previous.exists():
            live_missing = not self._path.exists() or not any(self._path.iterdir())
            if live_missing:
                if self._path.exists():
                    self._path.rmdir()
                os.replace(previous, self._path)
            else:
                shutil.rmtree(previous)
        if staging.exists():
            shutil.rmtree(staging)

    def _rebuild(self, drop: ox.NamedNode, add: _NewData | None) -> tuple[int, int]:
        """Build the new state in a staging store, then swap it in (see the module docstring).

        Returns (triples added to ``drop``'s graph, triples in the whole new store).
        """
        live = self.oxigraph
        scratch = Path(tempfile.mkdtemp(prefix=".chaingap-", dir=self._path.parent if self._path else None))
        staging_dir, previous_dir = self._staging_paths() if self._path else (None, None)
        staging: ox.Store | None = None
        try:
            if staging_dir is not None and staging_dir.exists():
                shutil.rmtree(staging_dir)
            staging = ox.Store(str(staging_dir)) if staging_dir is not None else ox.Store()
            added = _insert_new(staging, drop, add, scratch)
            _copy_graphs(live, staging, drop, scratch)
            staging.flush()
            total = len(staging)
        except BaseException:
            staging = None  # closes it before its directory goes
            if staging_dir is not None:
                shutil.rmtree(staging_dir, ignore_errors=True)
            raise
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        if self._path is None:
            self._store = staging
            return added, total
        del staging  # RocksDB releases the directory before the rename
        live.flush()
        self._store = None
        del live
        os.replace(self._path, previous_dir)
        os.replace(staging_dir, self._path)
        self._store = ox.Store(str(self._path))
        shutil.rmtree(previous_dir, ignore_errors=True)
        return added, total


#: Quads (lines) per bulk-loader call: bounds the loader's memory (see _bulk_load_lines).
CHUNK_QUADS = 250_000

#: New content of a graph: quads to check and count, or a writer of N-Quads text.
_NewData = Any


def _insert_new(staging: ox.Store, graph: ox.NamedNode, add: _NewData | None, scratch: Path) -> int:
    """Put the new dataset into the (still empty) staging store and check it stayed in its graph."""
    if add is None:
        return 0
    if isinstance(add, _Counted):
        for batch in _batches(add, CHUNK_QUADS):
            staging.bulk_extend(batch)
        return add.count
    text = scratch / "dataset.nq"
    with open(text, "wb") as stream:
        add(stream)
    _bulk_load_lines(staging, text, ox.RdfFormat.N_QUADS)
    foreign = [g for g in staging.named_graphs() if g != graph]
    if foreign or next(iter(staging.quads_for_pattern(None, None, None, ox.DefaultGraph())), None):
        where = foreign[0] if foreign else "the default graph"
        raise ForeignQuadError(f"the dataset wrote quads into {where}, not into its graph <{graph.value}>")
    return len(staging)


def _copy_graphs(live: ox.Store, staging: ox.Store, drop: ox.NamedNode, scratch: Path) -> None:
    """Copy every graph of ``live`` but ``drop`` into ``staging``, as fast as pyoxigraph can.

    A graph without blank nodes goes through an N-Triples file (dump and bulk load, all in
    Rust); one with blank nodes is copied quad by quad so their ids survive unchanged.
    """
    graphs: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] = [ox.DefaultGraph()]
    # Derived graphs (the gap engine's aggregates) describe the data being replaced: a load
    # or a removal leaves them behind, so no stale fact outlives the data it came from.
    graphs += [g for g in live.named_graphs() if g != drop and not (isinstance(g, ox.NamedNode) and _is_derived(g))]
    for graph in graphs:
        if _has_blank_nodes(live, graph):
            staging.bulk_extend(live.quads_for_pattern(None, None, None, graph))  # ids must stay
            continue
        if next(iter(live.quads_for_pattern(None, None, None, graph)), None) is None:
            continue
        text = scratch / "graph.nt"
        live.dump(str(text), ox.RdfFormat.N_TRIPLES, from_graph=graph)
        _bulk_load_lines(staging, text, ox.RdfFormat.N_TRIPLES, to_graph=graph)
        text.unlink()


def _batches(items: Iterable[ox.Quad], size: int) -> Iterator[list[ox.Quad]]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _bulk_load_lines(store: ox.Store, path: Path, fmt: ox.RdfFormat,
                     to_graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None) -> None:
    """Bulk-load a line-based file (N-Quads/N-Triples) in slices of :data:`CHUNK_QUADS` lines.

    pyoxigraph's bulk loader holds about one call's input in memory (measured: 1.3 GiB peak
    for 1.5M quads in one call, 0.36 GiB in slices of 250k, at the same speed). Blank node
    labels are scoped to one call, so a file that may hold any is loaded in one piece.
    """
    options = {"to_graph": to_graph} if to_graph is not None else {}
    with open(path, "rb") as stream:
        if _may_hold_blank_nodes(stream):
            store.bulk_load(path=str(path), format=fmt, **options)
            return
        while lines := list(itertools.islice(stream, CHUNK_QUADS)):
            store.bulk_load(b"".join(lines), format=fmt, **options)


def _may_hold_blank_nodes(stream: IO[bytes]) -> bool:
    """True if ``_:`` occurs anywhere (also inside literals: then we merely lose chunking)."""
    tail = b""
    while block := stream.read(1 << 24):
        if b"_:" in tail + block[:1] or b"_:" in block:
            stream.seek(0)
            return True
        tail = block[-1:]
    stream.seek(0)
    return False


def _has_blank_nodes(store: ox.Store, graph: ox.NamedNode | ox.BlankNode | ox.DefaultGraph) -> bool:
    pattern = "?s ?p ?o FILTER(isBlank(?s) || isBlank(?o))"
    if isinstance(graph, ox.DefaultGraph):
        return bool(store.query(f"ASK {{ {pattern} }}"))
    return bool(store.query(f"ASK {{ {pattern} }}", default_graph=graph))


_STATS_KEYS = ("clusters", "chains", "links", "enterprises_local", "enterprises_pool", "projects",
               "districts", "products", "bases")

_STATS_QUERY = """
SELECT
  (COUNT(DISTINCT ?cluster) AS ?clusters) (COUNT(DISTINCT ?chain) AS ?chains)
  (COUNT(DISTINCT ?link) AS ?links) (COUNT(DISTINCT ?local) AS ?enterprises_local)
  (COUNT(DISTINCT ?pool) AS ?enterprises_pool) (COUNT(DISTINCT ?project) AS ?projects)
  (COUNT(DISTINCT ?district) AS ?districts) (COUNT(DISTINCT ?product) AS ?products)
  (COUNT(DISTINCT ?base) AS ?bases)
WHERE {
  { ?cluster a cg:IndustryCluster }
  UNION { ?chain a cg:IndustryChain }
  UNION { ?link a cg:Link }
  UNION { ?local a cg:Enterprise ; cg:isLocal true }
  UNION { ?pool a cg:Enterprise FILTER NOT EXISTS { ?pool cg:isLocal true } }
  UNION { ?project a cg:Project }
  UNION { ?district a ?districtClass
          VALUES ?districtClass { cg:District cg:AdministrativeDistrict cg:City cg:CountyLevelCity
            cg:UrbanDistrict cg:County cg:FunctionalZone cg:DevelopmentZone cg:HighTechZone cg:Park } }
  UNION { ?product a cg:Product }
  UNION { ?base a cg:Base }
}"""


def _follow(chain_store: ChainStore):
    """An oxrdflib store whose pyoxigraph store is always ``chain_store``'s live one."""
    from oxrdflib import OxigraphStore

    class _FollowingStore(OxigraphStore):
        @property
        def _inner(self) -> ox.Store:  # oxrdflib reads the pyoxigraph store only through this
            return chain_store.oxigraph

    return _FollowingStore()
