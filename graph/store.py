"""The one store facade: the tables of record (DuckDB) and the RDF graph built from them (Oxigraph).

Every command reads and writes through :class:`ChainStore`; nothing else opens DuckDB or
pyoxigraph on the store's files.

Layout of a store folder (``~/.chaingap/store`` unless told otherwise)::

    manifest.json              current version of each dataset, and the versions kept
    tables/<dataset>/<n>.duckdb  the tables of record of version n (written once, never changed)
    graph/                     Oxigraph: one named graph per current dataset version
    write.lock, graph.lock     held while a process writes the tables / uses the graph

Why one database file per dataset version
-----------------------------------------
A load writes a *new* file holding only that dataset's tables (``loaders/sql/tables.sql``),
then replaces ``manifest.json`` in one rename: the load is atomic, it copies no other dataset
(a bureau's 400-row ledger loads in a second next to a national pool of a million firms), a
load killed at any point leaves the previous state answering as before (the next open
removes the orphan file), and a reader that opened the previous version keeps reading it
undisturbed. Older versions with another ``as_of`` stay for history; a version with the same
``as_of`` (or none) is replaced. Queries see the current versions of all datasets as one set
of views (``UNION ALL BY NAME``), so a file written by an older layout reads with NULL in
the columns it lacks.

Why the graph is built on first use
-----------------------------------
Oxigraph's bulk loader costs far more than reading and checking the tables (at a million
firms, minutes against seconds). The gap engine and the reports read the tables, so they
never wait for the graph. SPARQL (``chaingap query``, exports, endpoint pushes) asks
:meth:`ChainStore.graph`, which first builds the graph of every current version that has
none yet (:mod:`chaingap.graph.build`, with a progress callback), drops the graphs of
versions no longer current, and only then answers; no query ever sees a half-built graph,
because queries name the current version graphs as their default graph, and a version's
graph counts as built only once its build finished (recorded in the ``_meta`` graph).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import duckdb
import pyoxigraph as ox
from filelock import FileLock, Timeout

from chaingap.loaders.tables_of_record import TABLES, create_tables
from chaingap.ontology.namespace import CG_NS, CGD_NS, GRAPH_BASE, PREFIXES
from chaingap.ontology.terms import graph_iri

from . import build
from .errors import StoreError, UnknownDatasetError
from .values import to_python, to_term

if TYPE_CHECKING:
    import rdflib

__all__ = ["ChainStore", "DatasetInfo", "LoadStats", "StoreBusyError", "META_GRAPH", "DERIVED_GRAPH"]

#: Graph recording which version graphs are completely built.
META_GRAPH = GRAPH_BASE + "_meta"
#: Graph of the link measures (criticality, downstream count) over the current versions.
DERIVED_GRAPH = GRAPH_BASE + "_derived/links"
_BUILT = ox.NamedNode(CGD_NS + "builtVersion")
_QUADS = ox.NamedNode(CGD_NS + "quads")
_GENERATION = ox.NamedNode(CGD_NS + "generation")
#: Graphs up to this many quads are removed at once when their version is replaced (< 1 s).
_SMALL_GRAPH = 20_000
_FORMAT = 1


class StoreBusyError(StoreError):
    """Another process holds the store's lock for longer than we were willing to wait."""


@dataclass(frozen=True)
class DatasetInfo:
    """One loaded dataset: its current version and what that version holds."""

    id: str
    version: int
    as_of: dt.date | None
    loaded_at: str
    rows: dict[str, int]

    @property
    def graph_iri(self) -> str:
        return graph_iri(self.id, self.version)


@dataclass(frozen=True)
class LoadStats:
    """What a load did: the dataset's new version and its rows per table."""

    dataset_id: str
    version: int
    rows: dict[str, int]
    replaced: bool
    seconds: float = field(compare=False)
    #: the loader's warnings and how many enterprise links each assignment method made
    warnings: tuple[str, ...] = field(default=(), compare=False)
    assignment_counts: dict[str, int] = field(default_factory=dict, compare=False)

    @property
    def enterprises(self) -> int:
        return self.rows.get("enterprises", 0)


def _atomic_write(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


class _Manifest:
    """``manifest.json``: which versions exist and which one of each dataset is current."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        self.data = data or {"format": _FORMAT, "generation": 0, "next_version": 1, "datasets": {}}

    @classmethod
    def read(cls, path: Path) -> _Manifest:
        if not path.exists():
            return cls()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise StoreError(f"cannot read {path}: {exc}") from exc
        if data.get("format") != _FORMAT:
            raise StoreError(f"{path} was written by another chaingap version (format {data.get('format')})")
        return cls(data)

    def write(self, path: Path) -> None:
        _atomic_write(path, json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True))

    @property
    def generation(self) -> int:
        return int(self.data["generation"])

    @property
    def datasets(self) -> dict[str, dict[str, Any]]:
        return self.data["datasets"]

    def current(self) -> list[dict[str, Any]]:
        """The current version entry of every dataset, by dataset id."""
        found = []
        for dataset_id in sorted(self.datasets):
            entry = self.datasets[dataset_id]
            version = next(v for v in entry["versions"] if v["version"] == entry["current"])
            found.append({"dataset": dataset_id, **version})
        return found

    def files(self) -> set[str]:
        return {version["file"] for entry in self.datasets.values() for version in entry["versions"]}


class ChainStore:
    """chaingap's embedded store: tables of record in DuckDB, the graph built from them in Oxigraph.

    ``path`` is the store folder (created on first use); ``None`` gives a throw-away store
    in a temporary folder with the graph in memory (tests, the bundled sample).

    Examples
    --------
    >>> with ChainStore() as store:
    ...     store.datasets()
    []
    """

    def __init__(self, path: str | os.PathLike[str] | None = None, *, lock_timeout: float | None = None) -> None:
        self._temporary: tempfile.TemporaryDirectory[str] | None = None
        if path is None:
            self._temporary = tempfile.TemporaryDirectory(prefix="chaingap-store-")
            path = self._temporary.name
        self._path = Path(path).expanduser().resolve()
        self._lock_timeout = float(os.environ.get("CHAINGAP_LOCK_TIMEOUT", 600)) if lock_timeout is None else lock_timeout
        self._check_layout()
        (self._path / "tables").mkdir(parents=True, exist_ok=True)
        self._write_lock = FileLock(str(self._path / "write.lock"))
        self._graph_lock = FileLock(str(self._path / "graph.lock"))
        self._manifest = _Manifest.read(self._manifest_path)
        self._con: duckdb.DuckDBPyConnection | None = None
        self._con_generation = -1
        self._oxigraph: ox.Store | None = None
        self._memory_cache: dict[tuple[int, str], bytes] = {}
        self._closed = False
        self._remove_orphans()

    # --- life cycle -----------------------------------------------------------------------

    @property
    def path(self) -> Path:
        """The store folder."""
        return self._path

    @property
    def in_memory(self) -> bool:
        """True for a throw-away store (``ChainStore()``)."""
        return self._temporary is not None

    @property
    def generation(self) -> int:
        """Changes whenever a load or a removal changes what the store holds (for caches)."""
        return self._manifest.generation

    def close(self) -> None:
        """Release the files (and the graph's lock), so another process may use them."""
        if self._con is not None:
            self._con.close()
            self._con = None
        if self._oxigraph is not None:
            if not self.in_memory:
                self._oxigraph.flush()
            self._oxigraph = None
            if self._graph_lock.is_locked:
                self._graph_lock.release()
        self._closed = True
        if self._temporary is not None:
            self._temporary.cleanup()
            self._temporary = None

    def __enter__(self) -> ChainStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"ChainStore({'memory' if self.in_memory else str(self._path)!r})"

    @property
    def _manifest_path(self) -> Path:
        return self._path / "manifest.json"

    def _check_layout(self) -> None:
        if (self._path / "CURRENT").exists() and not (self._path / "manifest.json").exists():
            raise StoreError(f"{self._path} holds a store written by an earlier chaingap (graph only); "
                             "move it away and load your datasets again")

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError("the store is closed")

    def _remove_orphans(self) -> None:
        """Delete version files no manifest names and half-written manifests (left by a killed load)."""
        known = {str(self._path / name) for name in self._manifest.files()}
        candidates = [path for path in (self._path / "tables").glob("*/*")
                      if path.name.endswith((".duckdb", ".partial", ".wal"))
                      and str(path) not in known and str(path).removesuffix(".wal") not in known]
        candidates += list(self._path.glob(".manifest.json.*.tmp"))
        if not candidates:
            return
        try:
            self._write_lock.acquire(timeout=0)
        except Timeout:  # a load is running: its file is not an orphan
            return
        try:
            for path in candidates:
                path.unlink(missing_ok=True)
        finally:
            self._write_lock.release()

    # --- writing ----------------------------------------------------------------------------

    def _locked(self, lock: FileLock, what: str):
        try:
            return lock.acquire(timeout=self._lock_timeout)
        except Timeout:
            raise StoreBusyError(f"another chaingap command is using the store at {self._path} ({what}); "
                                 f"waited {self._lock_timeout:.0f} s") from None

    def load(self, source: Any, *, encoding: str | None = None) -> LoadStats:
        """Store a dataset as a new version and make it current; returns what was stored.

        ``source`` is a dataset folder, read and checked straight into the new version's file
        (raises ``chaingap.loaders.DataError`` listing every problem), or a dataset already
        read (``chaingap.loaders.load_dataset``), whose tables are copied. Nothing of other
        datasets is copied; a failure at any point leaves the store exactly as it was.
        """
        self._check_open()
        started = time.perf_counter()
        if not isinstance(source, (str, os.PathLike)):
            _refuse_reserved(source.id)
        with self._locked(self._write_lock, "loading"):
            self._manifest = _Manifest.read(self._manifest_path)
            manifest = self._manifest
            version = int(manifest.data["next_version"])
            incoming = self._path / "tables" / "_incoming" / f"{version}.partial"
            incoming.parent.mkdir(parents=True, exist_ok=True)
            _unlink_database(incoming)
            try:
                if isinstance(source, (str, os.PathLike)):
                    dataset, rows = _read_version(Path(source), encoding, incoming, version)
                else:
                    dataset, rows = source, _write_version(source, incoming, version)
                relative = f"tables/{quote(str(dataset.id), safe='')}/{version}.duckdb"
                final = self._path / relative
                final.parent.mkdir(parents=True, exist_ok=True)
                os.replace(incoming, final)
            except BaseException:
                _unlink_database(incoming)
                raise
            entry = manifest.datasets.get(dataset.id)
            replaced = entry is not None
            as_of = dataset.as_of.isoformat() if dataset.as_of else None
            kept, dropped = [], []
            for old in (entry or {}).get("versions", []):
                (dropped if old.get("as_of") == as_of or as_of is None or old.get("as_of") is None else kept).append(old)
            record = {"version": version, "as_of": as_of, "file": relative, "rows": rows,
                      "loaded_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
            kept.append(record)
            kept.sort(key=lambda v: (v.get("as_of") or "", v["version"]))
            current = max(kept, key=lambda v: (v.get("as_of") or "", v["version"]))["version"]
            manifest.datasets[dataset.id] = {"current": current, "versions": kept}
            manifest.data["next_version"] = version + 1
            manifest.data["generation"] = manifest.generation + 1
            manifest.write(self._manifest_path)
            for old in dropped:
                self._delete_file(old["file"])
        return LoadStats(str(dataset.id), version, rows, replaced, time.perf_counter() - started,
                         tuple(getattr(dataset, "warnings", ())), dict(getattr(dataset, "assignment_counts", None) or {}))

    def _delete_file(self, relative: str) -> None:
        path = self._path / relative
        if self._con is not None:  # our own connection may have it attached
            self._con.close()
            self._con, self._con_generation = None, -1
        path.unlink(missing_ok=True)
        Path(str(path) + ".wal").unlink(missing_ok=True)

    def remove(self, dataset_id: str) -> int:
        """Forget a dataset (every version); returns the enterprises its current version held."""
        self._check_open()
        with self._locked(self._write_lock, "removing a dataset"):
            self._manifest = _Manifest.read(self._manifest_path)
            entry = self._manifest.datasets.get(dataset_id)
            if entry is None:
                raise UnknownDatasetError(f"no dataset {dataset_id!r} is loaded")
            current = next(v for v in entry["versions"] if v["version"] == entry["current"])
            del self._manifest.datasets[dataset_id]
            self._manifest.data["generation"] = self._manifest.generation + 1
            self._manifest.write(self._manifest_path)
            for version in entry["versions"]:
                self._delete_file(version["file"])
        return int(current.get("rows", {}).get("enterprises", 0))

    # --- the tables ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the manifest again (another process may have loaded a dataset meanwhile)."""
        self._manifest = _Manifest.read(self._manifest_path)

    @property
    def tables(self) -> duckdb.DuckDBPyConnection:
        """A DuckDB connection whose views (``enterprises``, ``links`` …) hold the current versions.

        Read-only: the version files are attached ``READ_ONLY``. Valid until the next load or
        removal through this store (ask the property again after one).
        """
        self._check_open()
        if self._con is None or self._con_generation != self._manifest.generation:
            for attempt in range(20):
                try:
                    self._con = self._connect(self._manifest.current())
                    break
                except duckdb.IOException:
                    # Another process replaced a version after we read the manifest and deleted the
                    # old file; it deletes only files the manifest no longer names, so read it again.
                    if attempt == 19:
                        raise
                    time.sleep(0.01 * attempt)
                    self.refresh()
            self._con_generation = self._manifest.generation
        return self._con

    def open_tables(self) -> duckdb.DuckDBPyConnection:
        """A new DuckDB connection over the current versions, the caller's own (and to close).

        Its views may be replaced by temporary ones (``chaingap whatif`` adds a project there);
        the version files stay attached read-only, so nothing reaches the store.
        """
        self._check_open()
        return self._open_views(self._manifest.current())

    def tables_as_of(self, date: dt.date | str) -> duckdb.DuckDBPyConnection:
        """A new DuckDB connection like :attr:`tables`, over each dataset's version of ``date``.

        For each dataset, the kept version whose ``as_of`` is the latest on or before ``date``;
        a dataset whose only version has no ``as_of`` (timeless, e.g. a pool) is included; a
        dataset with no version that early is left out. The caller closes the connection;
        :attr:`tables` is not disturbed (``chaingap gaps --as-of``, ``chaingap history``).
        """
        self._check_open()
        day = dt.date.fromisoformat(date) if isinstance(date, str) else date
        chosen = []
        for dataset_id in sorted(self._manifest.datasets):
            entry = self._manifest.datasets[dataset_id]
            fitting = [v for v in entry["versions"] if v.get("as_of") is None or v["as_of"] <= day.isoformat()]
            if fitting:
                chosen.append({"dataset": dataset_id,
                               **max(fitting, key=lambda v: (v.get("as_of") or "", v["version"]))})
        return self._open_views(chosen)

    def _connect(self, versions: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
        if self._con is not None:
            self._con.close()
            self._con = None
        return self._open_views(versions)

    def _open_views(self, versions: list[dict[str, Any]]) -> duckdb.DuckDBPyConnection:
        con = duckdb.connect()
        con.execute("ATTACH ':memory:' AS empty")
        con.execute("USE empty")
        create_tables(con)
        con.execute("USE memory")
        names = ["empty"]
        try:
            for item in versions:
                alias = f"v{int(item['version'])}"
                con.execute(f"ATTACH {_sql_path(self._path / item['file'])} AS {alias} (READ_ONLY)")
                names.append(alias)
        except BaseException:
            con.close()
            raise
        # a version written before a table existed (e.g. outreach) lacks it: it holds no rows of it,
        # and missing columns read as NULL through BY NAME, so older stores keep working
        present = set(con.execute("SELECT database_name, table_name FROM duckdb_tables()").fetchall())
        for table in TABLES:
            union = " UNION ALL BY NAME ".join(f"SELECT * FROM {name}.main.{table}" for name in names
                                               if (name, table) in present)
            con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS {union}")
        return con

    def sql(self, text: str, params: Mapping[str, Any] | list[Any] | None = None) -> list[dict[str, Any]]:
        """Rows of a SQL query over the current tables, as dicts (DuckDB's Python values)."""
        cursor = self.tables.execute(text, params) if params is not None else self.tables.execute(text)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def datasets(self) -> list[DatasetInfo]:
        """The loaded datasets (their current versions), sorted by id."""
        infos = []
        for item in self._manifest.current():
            as_of = dt.date.fromisoformat(item["as_of"]) if item.get("as_of") else None
            infos.append(DatasetInfo(item["dataset"], int(item["version"]), as_of, item.get("loaded_at", ""),
                                     dict(item.get("rows", {}))))
        return infos

    def versions(self, dataset_id: str) -> list[DatasetInfo]:
        """Every kept version of one dataset, oldest ``as_of`` first."""
        entry = self._manifest.datasets.get(dataset_id)
        if entry is None:
            raise UnknownDatasetError(f"no dataset {dataset_id!r} is loaded")
        return [DatasetInfo(dataset_id, int(v["version"]), dt.date.fromisoformat(v["as_of"]) if v.get("as_of") else None,
                            v.get("loaded_at", ""), dict(v.get("rows", {}))) for v in entry["versions"]]

    def stats(self) -> dict[str, Any]:
        """Counts over the current versions, and each dataset's version, as_of and rows."""
        counts = self.sql(_STATS_SQL)[0]
        figures: dict[str, Any] = {key: int(counts[key] or 0) for key in _STATS_KEYS}
        figures["enterprises"] = figures["enterprises_local"] + figures["enterprises_pool"]
        figures["datasets"] = {info.id: {"version": info.version, "as_of": info.as_of.isoformat() if info.as_of else None,
                                         "enterprises": info.rows.get("enterprises", 0)}
                               for info in self.datasets()}
        return figures

    # --- answers kept between commands ----------------------------------------------------------

    def cached(self, key: str) -> bytes | None:
        """Bytes kept by :meth:`keep` under ``key`` for the data as it is now, else None.

        Each command is a new process; the gap engine keeps its answer here so that
        ``gaps`` then ``targets`` on a million firms computes once. A load or a removal
        (a new :attr:`generation`) makes every kept answer unreachable.
        """
        if self.in_memory:
            return self._memory_cache.get((self.generation, key))
        path = self._path / "cache" / f"{self.generation}-{key}"
        try:
            return path.read_bytes()
        except OSError:
            return None

    def keep(self, key: str, value: bytes) -> None:
        """Keep ``value`` under ``key`` for the current generation (older generations' are deleted)."""
        if self.in_memory:
            self._memory_cache = {k: v for k, v in self._memory_cache.items() if k[0] == self.generation}
            self._memory_cache[(self.generation, key)] = value
            return
        folder = self._path / "cache"
        folder.mkdir(exist_ok=True)
        for old in folder.iterdir():
            if not old.name.startswith(f"{self.generation}-"):
                old.unlink(missing_ok=True)
        temporary = folder / f".{self.generation}-{key}.{os.getpid()}"
        temporary.write_bytes(value)
        os.replace(temporary, folder / f"{self.generation}-{key}")

    # --- the graph ------------------------------------------------------------------------------

    def graph_iris(self) -> list[str]:
        """The named graphs SPARQL reads: each current version's graph and the derived one."""
        return [info.graph_iri for info in self.datasets()] + [DERIVED_GRAPH]

    def graph(self, progress: Callable[[str, int, int], None] | None = None) -> ox.Store:
        """The pyoxigraph store, with the graph of every current version built (see the module docstring).

        ``progress(dataset_id, lines_done, lines_expected)`` is called while a graph is built.
        Graphs of versions no longer current are not removed one by one (Oxigraph needs about
        25 µs and 1.5 KiB of memory per quad to remove one: minutes and gigabytes for a pool):
        they stay on disk, invisible to queries, until they outweigh the graphs still current;
        then the store is rebuilt from the tables into a fresh folder and swapped in.
        """
        self._check_open()
        store = self._open_graph()
        meta = _read_meta(store)
        wanted = {info.graph_iri: info for info in self.datasets()}
        missing = [info for iri, info in wanted.items() if iri not in meta]
        stale = {iri: quads for iri, (_, quads) in meta.items() if iri not in wanted}
        unfinished = [g for g in store.named_graphs() if isinstance(g, ox.NamedNode)
                      and g.value not in meta and g.value not in (META_GRAPH, DERIVED_GRAPH)]
        kept = sum(quads for iri, (_, quads) in meta.items() if iri in wanted)
        if unfinished or sum(stale.values()) > max(kept, _SMALL_GRAPH):
            del store  # RocksDB keeps a folder locked while any reference to its store lives
            store = self._rebuild(list(wanted.values()), progress)
        else:
            for iri, quads in stale.items():
                if quads <= _SMALL_GRAPH:  # cheap to remove at once
                    store.remove_graph(ox.NamedNode(iri))
                    _forget_built(store, iri)
            for info in missing:
                self._build_version(store, info, progress)
        if _meta_generation(store) != self.generation:
            self._write_derived(store)
        return store

    def _graph_dir(self, suffix: str = "") -> Path:
        return self._path / f"graph{suffix}"

    def _open_graph(self) -> ox.Store:
        if self._oxigraph is None:
            if self.in_memory:
                self._oxigraph = ox.Store()
            else:
                self._locked(self._graph_lock, "using the graph")
                try:
                    self._recover_graph_swap()
                    self._oxigraph = ox.Store(str(self._graph_dir()))
                except OSError as exc:
                    self._graph_lock.release()
                    raise StoreError(f"cannot open the graph at {self._graph_dir()}: {exc}") from exc
        return self._oxigraph

    def _recover_graph_swap(self) -> None:
        """Finish or undo a rebuild that a crash interrupted (the graph lock is held)."""
        live, fresh, old = self._graph_dir(), self._graph_dir(".next"), self._graph_dir(".old")
        if fresh.exists() and not live.exists() and old.exists():
            os.replace(fresh, live)  # the fresh store was complete: it is only renamed after its flush
        if fresh.exists():
            shutil.rmtree(fresh)
        if old.exists():
            shutil.rmtree(old)

    def _rebuild(self, versions: list[DatasetInfo], progress: Callable | None) -> ox.Store:
        """Build every current version's graph into a fresh store and swap it in."""
        if self.in_memory:
            self._oxigraph = store = ox.Store()
            for info in versions:
                self._build_version(store, info, progress)
            return store
        fresh = self._graph_dir(".next")
        if fresh.exists():
            shutil.rmtree(fresh)
        store = ox.Store(str(fresh))
        for info in versions:
            self._build_version(store, info, progress)
        self._write_derived(store)
        store.flush()
        del store
        self._oxigraph.flush()
        self._oxigraph = None
        os.replace(self._graph_dir(), self._graph_dir(".old"))
        os.replace(fresh, self._graph_dir())
        shutil.rmtree(self._graph_dir(".old"), ignore_errors=True)
        self._oxigraph = ox.Store(str(self._graph_dir()))
        return self._oxigraph

    def _build_version(self, store: ox.Store, info: DatasetInfo, progress: Callable | None) -> None:
        graph = ox.NamedNode(info.graph_iri)
        expected = _expected_lines(info)
        done = 0

        def tick(lines: int) -> None:
            nonlocal done
            done += lines
            if progress is not None:
                progress(info.id, done, expected)

        con = duckdb.connect()
        try:
            item = next(v for v in self._manifest.datasets[info.id]["versions"] if v["version"] == info.version)
            con.execute(f"ATTACH {_sql_path(self._path / item['file'])} AS version (READ_ONLY)")
            quads = build.bulk_load(store, con, "version.main", info.graph_iri, tick)
        finally:
            con.close()
        meta = ox.NamedNode(META_GRAPH)
        store.extend([ox.Quad(graph, _BUILT, to_term(info.version), meta),
                      ox.Quad(graph, _QUADS, to_term(quads), meta)])
        if not self.in_memory:
            store.flush()

    def _write_derived(self, store: ox.Store) -> None:
        """The link measures over the current versions (criticality, downstream count)."""
        from .measures import link_measures

        graph = ox.NamedNode(DERIVED_GRAPH)
        links = [row["id"] for row in self.sql("SELECT DISTINCT id FROM links ORDER BY id")]
        feeds = [(row["source"], row["target"], row["weight"]) for row in self.sql("SELECT source, target, weight FROM feeds")]
        quads = []
        from chaingap.ontology.terms import iri

        for link, (count, value) in link_measures(links, feeds).items():
            node = ox.NamedNode(iri("link", link))
            quads.append(ox.Quad(node, ox.NamedNode(CG_NS + "downstreamCount"), to_term(count), graph))
            quads.append(ox.Quad(node, ox.NamedNode(CG_NS + "criticality"), to_term(value), graph))
        if graph in set(store.named_graphs()):
            store.remove_graph(graph)  # a few hundred quads
        store.extend(quads)
        meta = ox.NamedNode(META_GRAPH)
        for quad in list(store.quads_for_pattern(graph, _GENERATION, None, meta)):
            store.remove(quad)
        store.add(ox.Quad(graph, _GENERATION, to_term(self.generation), meta))

    def query_terms(self, sparql: str, bindings: Mapping[str, Any] | None = None, dataset_id: str | None = None):
        """The raw pyoxigraph answer (terms, streamed) over the current graphs, or one dataset's graph.

        For exports and other bulk readers; everything else uses :meth:`query`.
        """
        store = self.graph()
        if dataset_id is None:
            iris = self.graph_iris()
        else:
            iris = [info.graph_iri for info in self.datasets() if info.id == dataset_id]
            if not iris:
                raise UnknownDatasetError(f"no dataset {dataset_id!r} is loaded")
        substitutions = {ox.Variable(name): to_term(value) for name, value in (bindings or {}).items()}
        graphs = [ox.NamedNode(iri) for iri in iris]
        try:
            return store.query(sparql, prefixes=PREFIXES, default_graph=graphs, named_graphs=graphs,
                               substitutions=substitutions or None)
        except RuntimeError as error:
            if "SELECT projection" in str(error):
                raise StoreError(f"{error}: a bound variable must be in the SELECT clause") from error
            raise

    def query(self, sparql: str, bindings: Mapping[str, Any] | None = None, **more: Any) -> Any:
        """Run SPARQL over the current graphs (their union is the default graph).

        SELECT -> ``list[dict[variable, Python value]]`` (every variable present, ``None`` when
        unbound; values by :func:`chaingap.graph.values.to_python`); ASK -> ``bool``;
        CONSTRUCT/DESCRIBE -> ``list[pyoxigraph.Triple]``. ``bindings`` (and keyword
        arguments) pre-bind variables by name; the query text is never touched. pyoxigraph
        substitutes only variables that a SELECT projects.
        """
        result = self.query_terms(sparql, dict(bindings or {}, **more))
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            return list(result)
        names = [variable.value for variable in result.variables]
        return [{name: to_python(solution[name]) for name in names} for solution in result]

    def quads(self, dataset_id: str | None = None) -> Iterable[ox.Quad]:
        """Every quad of the current graphs (or of one dataset's), graphs built first."""
        store = self.graph()
        iris = [info.graph_iri for info in self.datasets() if dataset_id in (None, info.id)]
        if dataset_id is not None and not iris:
            raise UnknownDatasetError(f"no dataset {dataset_id!r} is loaded")
        if dataset_id is None:
            iris.append(DERIVED_GRAPH)
        for iri in iris:
            yield from store.quads_for_pattern(None, None, None, ox.NamedNode(iri))

    def rdflib(self) -> rdflib.Dataset:
        """An rdflib ``Dataset`` over the built graph (oxrdflib), the current graphs as its default union."""
        import rdflib
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self.graph()), default_union=True)


def _read_meta(store: ox.Store) -> dict[str, tuple[int, int]]:
    """``{graph IRI: (version, quads)}`` of the version graphs whose build finished."""
    meta = ox.NamedNode(META_GRAPH)
    found: dict[str, list[int]] = {}
    for quad in store.quads_for_pattern(None, None, None, meta):
        if quad.predicate == _BUILT:
            found.setdefault(quad.subject.value, [0, 0])[0] = int(quad.object.value)
        elif quad.predicate == _QUADS:
            found.setdefault(quad.subject.value, [0, 0])[1] = int(quad.object.value)
    return {iri: (version, quads) for iri, (version, quads) in found.items()}


def _forget_built(store: ox.Store, iri: str) -> None:
    for quad in list(store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.NamedNode(META_GRAPH))):
        store.remove(quad)


def _meta_generation(store: ox.Store) -> int | None:
    return next((int(q.object.value) for q in store.quads_for_pattern(
        ox.NamedNode(DERIVED_GRAPH), _GENERATION, None, ox.NamedNode(META_GRAPH))), None)


def _sql_path(path: Path) -> str:
    """A file path as a SQL string literal (ATTACH takes no parameters)."""
    return "'" + str(path).replace("'", "''") + "'"


def _refuse_reserved(dataset_id: str) -> None:
    if str(dataset_id).startswith("_"):
        raise StoreError(f"dataset id {dataset_id!r} starts with '_', which is reserved for chaingap's own graphs")


def _unlink_database(path: Path) -> None:
    path.unlink(missing_ok=True)
    Path(str(path) + ".wal").unlink(missing_ok=True)


def _read_version(folder: Path, encoding: str | None, path: Path, version: int) -> tuple[Any, dict[str, int]]:
    """Read and check a dataset folder straight into a new version file; returns it and rows per table."""
    from chaingap.loaders import DataError, read_dataset

    con = duckdb.connect(str(path))
    try:
        dataset, problems = read_dataset(folder, con, encoding, version=version)
        if problems or dataset is None:
            raise DataError(problems)
        _refuse_reserved(dataset.id)
        con.execute("UPDATE dataset SET loaded_at = ?", [dt.datetime.now()])
        rows = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
        con.execute("CHECKPOINT")
        return dataset, rows
    finally:
        con.close()


def _write_version(dataset: Any, path: Path, version: int) -> dict[str, int]:
    """Write the dataset's tables of record into a new DuckDB file; returns rows per table."""
    con = duckdb.connect(str(path))
    try:
        source = getattr(dataset, "con", None)
        if source is not None:  # a dataset whose tables are already in DuckDB
            con.close()
            source.execute(f"ATTACH {_sql_path(path)} AS target")
            try:
                source.execute("USE target")
                create_tables(source)
                source.execute("USE memory")
                for table in TABLES:
                    source.execute(f"INSERT INTO target.main.{table} SELECT * FROM main.{table}")
                source.execute("UPDATE target.main.dataset SET version = ?, loaded_at = now()", [version])
                rows = {table: source.execute(f"SELECT count(*) FROM target.main.{table}").fetchone()[0] for table in TABLES}
                source.execute("CHECKPOINT target")
            finally:
                source.execute("USE memory")
                source.execute("DETACH target")
            return rows
        from chaingap.loaders.tables_of_record import write_tables

        write_tables(dataset, con, version=version, loaded_at=dt.datetime.now())
        rows = {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}
        con.execute("CHECKPOINT")
        return rows
    finally:
        con.close()


def _expected_lines(info: DatasetInfo) -> int:
    """A rough number of N-Quads lines of a version, for the progress bar (≈ 22 per enterprise)."""
    rows = info.rows
    return 22 * rows.get("enterprises", 0) + 6 * rows.get("operations", 0) + 12 * rows.get("projects", 0) + 100


#: ``links`` counts leaf links (the ones with statuses); ``link_rollups`` the parents (shown as rollups).
_STATS_KEYS = ("clusters", "chains", "links", "link_rollups", "enterprises_local", "enterprises_pool", "projects",
               "districts", "products", "bases")

_STATS_SQL = """
SELECT
  (SELECT count(DISTINCT id) FROM clusters) AS clusters,
  (SELECT count(DISTINCT id) FROM chains) AS chains,
  (SELECT count(DISTINCT id) FROM links WHERE id NOT IN (SELECT parent FROM links WHERE parent IS NOT NULL)) AS links,
  (SELECT count(DISTINCT parent) FROM links WHERE parent IN (SELECT id FROM links)) AS link_rollups,
  (SELECT count(DISTINCT id) FROM enterprises WHERE is_local) AS enterprises_local,
  (SELECT count(DISTINCT id) FROM enterprises WHERE NOT is_local) AS enterprises_pool,
  (SELECT count(DISTINCT id) FROM projects) AS projects,
  (SELECT count(DISTINCT id) FROM districts) AS districts,
  (SELECT count(DISTINCT id) FROM products) AS products,
  (SELECT count(DISTINCT id) FROM bases) AS bases
"""
